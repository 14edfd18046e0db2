// SPDX-License-Identifier: GPL-2.0
/*
 * kms-fuzz: a bounded, model-based randomized test of bochs-drm's dumb-buffer,
 * framebuffer, mmap and mode-setting ioctls, with valid and invalid arguments and
 * concurrent clients killed at random points. Prints the seed; any failure replays
 * with kmstest.seed=N (and kmstest.ops=N) on the kernel command line.
 *
 * Runs in the QEMU guest after kms-test, as the only client, so that its first fd
 * is the DRM master. KTAP output; the exit status is 0 when the subtest passed.
 *
 * Usage: kms-fuzz [DEVICE]   (default /dev/dri/card0)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kms-common.h"
#include "kms-client.h"
#include "kms-trace.h"

/*
 * fuzz: a model-based randomized test of the dumb-buffer, framebuffer, mmap
 * and mode-setting ioctls, valid and invalid, with concurrent clients that
 * are killed at random points. A model of the client's handles, buffer
 * objects, framebuffers and mappings gives each call's expected result: 0 or
 * the exact errno, as the 6.12 kernel function named next to it returns it.
 * Each op draws its random values before its call, so that the sequence of
 * calls depends only on the seed (kmstest.seed=N, kmstest.ops=N on the kernel
 * command line) and any failure replays; what the kernel picks (framebuffer
 * ids, fake offsets) only shows in arguments and predicted results. At the
 * end, with every fd of the fuzz closed, the kernel's trace of the GEM VRAM
 * helper (kprobe events, kms-trace.h) shows as many buffer objects destroyed
 * as created, none with a kernel mapping in use, and real maps and unmaps
 * that add up: per buffer object they alternate, and every mapping made is
 * unmapped once or still kept.
 */
#define FUZZ_SEED	20241212
#define FUZZ_OPS	3000
#define FZ_BOS		40		/* buffer-object records, live or referenced */
#define FZ_HANDLES	16		/* live handles at most */
#define FZ_FBS		24		/* live framebuffers at most */
#define FZ_DEAD		16		/* destroyed handles, fb ids, offsets remembered */
#define FZ_MAPS		4		/* kept mappings at most */
#define FZ_CHILDREN	2		/* concurrent clients at once */
#define FZ_REPORTS	30		/* unexpected results printed */
#define FZ_TOUCH_ALL	(64u << 10)	/* buffers written word by word */
#define FZ_TOUCH_MAX	(1u << 20)	/* larger ones are never touched */
#define FZ_SCANOUT_MAX	(5u << 20)	/* fits VRAM beside one pinned buffer */
#define FZ_BIG_MIN	(20u << 20)	/* never fits bochs' 16 MiB of VRAM */
#define FZ_GIANT_MIN	(256u << 20)
#define MiB		(1u << 20)
#define VRAM_MM		"/sys/kernel/debug/dri/0/vram-mm"
#define CURSOR_BLINK	"/sys/class/graphics/fbcon/cursor_blink"

struct fz_bo {
	bool used;		/* the buffer object is alive */
	uint32_t handle;	/* its handle, 0 once destroyed */
	uint32_t pitch;
	uint64_t size;
	uint64_t offset;	/* fake mmap offset */
	unsigned int fbs;	/* framebuffers on it */
	uint32_t *map;		/* kept mapping, or NULL */
	uint32_t seed;		/* pattern of the touched words, 0: zeros */
};

struct fz_fb {
	uint32_t id;		/* 0: a free slot */
	int bo;
	uint32_t width, height;
};

static struct {
	int fd;
	bool master;
	uint32_t connectors;	/* the device's */
	uint64_t rng;
	uint64_t vram_size;
	uint32_t fbdev_fb;	/* fbdev's framebuffer on the CRTC, covering the mode */
	struct fz_bo bo[FZ_BOS];
	struct fz_fb fb[FZ_FBS];
	uint32_t dead_handle[FZ_DEAD], dead_fb[FZ_DEAD];
	uint64_t dead_off[FZ_DEAD][2];	/* offset and size of freed buffer objects */
	unsigned int n_dead_handle, n_dead_fb, n_dead_off;
	uint32_t max_handle;
	struct {
		pid_t pid;
		unsigned int kill_at;
	} child[FZ_CHILDREN];
	unsigned int op, valid, invalid, children, unexpected;
	char what[160];
} fz;

/* splitmix64: the same sequence for a seed everywhere. */
static uint64_t fz_rand(void)
{
	uint64_t z = (fz.rng += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint32_t fz_below(uint32_t n)
{
	return n ? fz_rand() % n : 0;
}

static bool fz_chance(unsigned int percent)
{
	return fz_below(100) < percent;
}

static const char *errname(int err)
{
	static char buf[2][24];
	static int i;
	const char *name;

	if (!err)
		return "0";
	name = strerrorname_np(-err);
	if (name)
		return name;
	i ^= 1;
	snprintf(buf[i], sizeof(buf[i]), "errno %d", -err);
	return buf[i];
}

#define FZ_CALL(...)	snprintf(fz.what, sizeof(fz.what), __VA_ARGS__)

/* Counts and prints a result the model did not expect. */
static void fz_report(const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	fz.unexpected++;
	if (fz.unexpected > FZ_REPORTS)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag("fuzz: op %u: %s: %s", fz.op, fz.what, msg);
}

/* Counts the op as valid or invalid; true if it returned what the model expects. */
static bool fz_expect(int got, int want)
{
	if (want)
		fz.invalid++;
	else
		fz.valid++;
	if (got == want)
		return true;
	fz_report("got %s, expected %s", errname(got), errname(want));
	return false;
}

static int fz_ioctl(int fd, unsigned long request, void *arg)
{
	return drmIoctl(fd, request, arg) ? -errno : 0;
}

static void fz_remember(uint32_t *ring, unsigned int *n, uint32_t v)
{
	ring[(*n)++ % FZ_DEAD] = v;
}

static uint32_t fz_recall(const uint32_t *ring, unsigned int n)
{
	return ring[fz_below(n < FZ_DEAD ? n : FZ_DEAD)];
}

/* The record of the buffer object with this handle, or -1. */
static int fz_handle_bo(uint32_t handle)
{
	int i;

	for (i = 0; handle && i < FZ_BOS; i++)
		if (fz.bo[i].used && fz.bo[i].handle == handle)
			return i;
	return -1;
}

/* The slot of a live framebuffer, or with id 0 a free slot; -1 if none. */
static int fz_fb_slot(uint32_t id)
{
	int i;

	for (i = 0; i < FZ_FBS; i++)
		if (fz.fb[i].id == id)
			return i;
	return -1;
}

static int fz_fb_live(uint32_t id)
{
	return id ? fz_fb_slot(id) : -1;
}

enum fz_pick {
	LIVE, TOUCHABLE, HANDLELESS, MAPPED, SCANOUT_BO, BIG_BO,	/* buffer objects */
	ANY_FB, SCANOUT_FB, BIG_FB, SMALL_FB,				/* framebuffers */
};

/* A framebuffer of the mode's size fits on the buffer object. */
static bool fz_mode_bo(const struct fz_bo *b)
{
	return b->handle && b->pitch >= kms.mode.hdisplay * 4u &&
	       b->size >= (uint64_t)b->pitch * kms.mode.vdisplay;
}

static bool fz_covers(const struct fz_fb *fb)
{
	return fb->width >= kms.mode.hdisplay && fb->height >= kms.mode.vdisplay;
}

static bool fz_match(enum fz_pick what, int i)
{
	const struct fz_bo *b = what < ANY_FB ? &fz.bo[i] : NULL;
	const struct fz_fb *fb = what >= ANY_FB ? &fz.fb[i] : NULL;

	switch (what) {
	case LIVE:
		return b->used && b->handle;
	case TOUCHABLE:
		return b->used && b->handle && b->size <= FZ_TOUCH_MAX;
	case HANDLELESS:
		return b->used && !b->handle;
	case MAPPED:
		return b->used && b->map;
	case SCANOUT_BO:
		return b->used && fz_mode_bo(b) && b->size <= FZ_SCANOUT_MAX;
	case BIG_BO:
		return b->used && fz_mode_bo(b) && b->size > fz.vram_size;
	case ANY_FB:
		return fb->id;
	case SCANOUT_FB:
		return fb->id && fz_covers(fb) && fz.bo[fb->bo].size <= FZ_SCANOUT_MAX;
	case BIG_FB:
		return fb->id && fz_covers(fb) && fz.bo[fb->bo].size > fz.vram_size;
	case SMALL_FB:
		return fb->id && !fz_covers(fb);
	}
	return false;
}

/* A random record that matches, or -1. */
static int fz_pick(enum fz_pick what)
{
	int i, n = 0, max = what >= ANY_FB ? FZ_FBS : FZ_BOS;

	for (i = 0; i < max; i++)
		n += fz_match(what, i);
	if (!n)
		return -1;
	n = fz_below(n);
	for (i = 0; i < max; i++)
		if (fz_match(what, i) && !n--)
			return i;
	return -1;
}

static int fz_count(enum fz_pick what)
{
	int i, n = 0;

	for (i = 0; i < FZ_BOS; i++)
		n += fz_match(what, i);
	return n;
}

/* Live buffer objects of at least min bytes. */
static int fz_count_size(uint64_t min)
{
	int i, n = 0;

	for (i = 0; i < FZ_BOS; i++)
		n += fz.bo[i].used && fz.bo[i].size >= min;
	return n;
}

static int fz_live_children(void)
{
	int i, n = 0;

	for (i = 0; i < FZ_CHILDREN; i++)
		n += fz.child[i].pid > 0;
	return n;
}

/* A handle that is not live, or was once: 0, destroyed, never allocated. */
static uint32_t fz_bad_handle(void)
{
	switch (fz_below(4)) {
	case 0:
		return 0;
	case 1:
		if (fz.n_dead_handle)
			return fz_recall(fz.dead_handle, fz.n_dead_handle);
		/* fall through */
	case 2:
		return fz.max_handle + 1 + fz_below(64);
	default:
		return UINT32_MAX;
	}
}

/* Forgets a buffer object that nothing holds any more: it is freed. */
static void fz_bo_put(int i)
{
	struct fz_bo *b = &fz.bo[i];
	unsigned int n;

	if (b->handle || b->fbs || b->map)
		return;
	n = fz.n_dead_off++ % FZ_DEAD;
	fz.dead_off[n][0] = b->offset;
	fz.dead_off[n][1] = b->size;
	memset(b, 0, sizeof(*b));
}

/* The words of a buffer that the fuzz writes and checks; returns mismatches. */
static uint64_t fz_touch(uint32_t *map, uint64_t size, uint32_t seed, bool write)
{
	uint64_t i, bad = 0, step = size <= FZ_TOUCH_ALL ? 1 : 509;

	for (i = 0; i < size / 4; i += step) {
		uint32_t want = seed ? pattern(seed, i) : 0;

		if (write)
			map[i] = want;
		else
			bad += map[i] != want;
	}
	return bad;
}

/* drm_mode_create_dumb() and drm_gem_vram_fill_create_dumb(): 0 or the errno. */
static int expect_create(uint32_t w, uint32_t h, uint32_t bpp, uint32_t *pitch,
			 uint64_t *size)
{
	uint32_t cpp, stride, bytes;

	if (!w || !h || !bpp)
		return -EINVAL;
	if (bpp > UINT32_MAX - 8)
		return -EINVAL;
	cpp = (bpp + 7) / 8;			/* any bpp: 7, 12, 0xfffffff7 */
	if (cpp > UINT32_MAX / w)
		return -EINVAL;
	stride = cpp * w;
	if (h > UINT32_MAX / stride)
		return -EINVAL;
	bytes = h * stride;
	if (((bytes + 4095) & ~4095u) == 0)	/* PAGE_ALIGN() of the u32 wraps */
		return -EINVAL;
	*pitch = stride;			/* no pitch alignment for bochs */
	*size = ((uint64_t)bytes + 4095) & ~4095ull;
	return 0;
}

/* drm_gem_handle_create_tail(): idr_alloc() hands out the lowest free handle. */
static uint32_t fz_next_handle(void)
{
	uint32_t h = 1;

	while (fz_handle_bo(h) >= 0)
		h++;
	return h;
}

static void fz_destroy(void);
static void fz_rmfb(void);

/* CREATE_DUMB kinds, by percentiles of a random number below 100 */
enum { FZ_SMALL = 0, FZ_SCANOUT = 60, FZ_BIG = 80, FZ_GIANT = 88, FZ_BAD = 91 };

/* CREATE_DUMB: small, mode-sized, too large for VRAM, gigabytes, invalid. */
static void fz_create_kind(unsigned int kind)
{
	static const uint32_t bpps[] = { 32, 32, 32, 8, 16, 24, 1, 7, 12, 64 };
	uint32_t hd = kms.mode.hdisplay, vd = kms.mode.vdisplay, w, h, hmax, bpp = 32, pitch = 0;
	struct drm_mode_create_dumb c = { 0 };
	struct drm_mode_map_dumb m = { 0 };
	unsigned int tries;
	uint64_t size = 0;
	int i, ret, want;

	for (i = 0; i < FZ_BOS && fz.bo[i].used; i++)
		;
	if (i == FZ_BOS || fz_count(LIVE) >= FZ_HANDLES) {
		fz_destroy();
		return;
	}
	if (kind >= FZ_SCANOUT && kind < FZ_BIG && (!hd || hd * vd * 4 > FZ_SCANOUT_MAX))
		kind = FZ_SMALL;
	if (kind >= FZ_BIG && kind < FZ_BAD && fz_count_size(FZ_BIG_MIN) >= 6)
		kind = FZ_SMALL;
	if (kind >= FZ_GIANT && kind < FZ_BAD && fz_count_size(FZ_GIANT_MIN) >= 2)
		kind = FZ_SMALL;

	if (kind < FZ_SCANOUT) {	/* small, any bpp */
		w = 1 + fz_below(600);
		h = 1 + fz_below(600);
		bpp = bpps[fz_below(ARRAY_SIZE(bpps))];
	} else if (kind < FZ_BIG) {	/* a scanout buffer for the mode, up to 5 MiB */
		w = hd + 16 * fz_below(4);
		hmax = FZ_SCANOUT_MAX / (w * 4);
		if (hmax < vd) {
			w = hd;
			hmax = FZ_SCANOUT_MAX / (w * 4);
		}
		h = vd + fz_below(hmax - vd + 1);
	} else if (kind < FZ_GIANT) {	/* 20 to 64 MiB: fits system memory, not VRAM */
		w = hd ? hd : 1024;
		h = (fz.vram_size + (4 + fz_below(45)) * MiB) / (w * 4) + 1;
	} else if (kind < FZ_BAD) {	/* 0.25 to 4 GiB, never touched */
		switch (fz_below(3)) {
		case 0:
			w = 65536;
			h = 1024 + fz_below(15360);
			break;
		case 1:
			w = 1 + fz_below(7);
			h = 1;
			bpp = UINT32_MAX - 8;	/* the largest bpp accepted */
			break;
		default:
			w = 0x40000000;
			h = 1 + fz_below(3);
			bpp = 8;
			break;
		}
	} else {			/* invalid */
		w = 1 + fz_below(4096);
		h = 1 + fz_below(4096);
		switch (fz_below(8)) {
		case 0:
			w = 0;
			break;
		case 1:
			h = 0;
			break;
		case 2:
			bpp = 0;
			break;
		case 3:
			bpp = UINT32_MAX - 7 + fz_below(8);
			break;
		case 4:				/* width * cpp overflows */
			w = 0x40000000 + fz_below(0x40000000);
			break;
		case 5:				/* height * stride overflows */
			w = 65536;
			h = 16384 + fz_below(1 << 20);
			break;
		case 6:				/* PAGE_ALIGN(size) wraps to 0 */
			w = 1;
			bpp = 8;
			h = 0xfffff001 + fz_below(0xfff);
			break;
		default:			/* random, as long as it is refused */
			for (tries = 0; tries < 100; tries++) {
				w = fz_rand();
				h = fz_rand() >> (fz_below(32) + 32);
				bpp = fz_rand() >> (fz_below(32) + 32);
				if (expect_create(w, h, bpp, &pitch, &size))
					break;
			}
			if (tries == 100)
				w = 0;
			break;
		}
	}

	want = expect_create(w, h, bpp, &pitch, &size);
	c.width = w;
	c.height = h;
	c.bpp = bpp;
	FZ_CALL("CREATE_DUMB(%ux%u, bpp %u)", w, h, bpp);
	ret = fz_ioctl(fz.fd, DRM_IOCTL_MODE_CREATE_DUMB, &c);
	if (!fz_expect(ret, want) && !ret) {
		struct drm_mode_destroy_dumb d = { .handle = c.handle };

		fz_ioctl(fz.fd, DRM_IOCTL_MODE_DESTROY_DUMB, &d);
		return;
	}
	if (ret)
		return;
	if (c.handle != fz_next_handle() || c.pitch != pitch || c.size != size)
		fz_report("handle %u pitch %u size %llu, expected %u, %u, %llu", c.handle,
			  c.pitch, (unsigned long long)c.size, fz_next_handle(), pitch,
			  (unsigned long long)size);
	if (fz_handle_bo(c.handle) >= 0) {	/* a live handle again: keep the model sane */
		struct drm_mode_destroy_dumb d = { .handle = c.handle };

		fz_ioctl(fz.fd, DRM_IOCTL_MODE_DESTROY_DUMB, &d);
		return;
	}
	/* The fake offset, for the mmap()s of the model: a bookkeeping call. */
	m.handle = c.handle;
	ret = fz_ioctl(fz.fd, DRM_IOCTL_MODE_MAP_DUMB, &m);
	if (ret)
		fz_report("MAP_DUMB of the new handle: %s", errname(ret));
	fz.bo[i] = (struct fz_bo){ .used = true, .handle = c.handle, .pitch = c.pitch,
				   .size = c.size, .offset = m.offset };
	if (c.handle > fz.max_handle)
		fz.max_handle = c.handle;
}

static void fz_create(void)
{
	fz_create_kind(fz_below(100));
}

/* DESTROY_DUMB of a live handle, or of 0, a destroyed or a never allocated one. */
static void fz_destroy_handle(uint32_t handle)
{
	struct drm_mode_destroy_dumb d = { .handle = handle };
	int i = fz_handle_bo(handle), ret;

	FZ_CALL("DESTROY_DUMB(handle %u)", handle);
	ret = fz_ioctl(fz.fd, DRM_IOCTL_MODE_DESTROY_DUMB, &d);
	/* drm_gem_handle_delete(): -EINVAL for a handle not in the file's idr */
	if (!fz_expect(ret, i >= 0 ? 0 : -EINVAL) || ret)
		return;
	fz_remember(fz.dead_handle, &fz.n_dead_handle, handle);
	fz.bo[i].handle = 0;
	fz_bo_put(i);
}

static void fz_destroy(void)
{
	int i = fz_pick(LIVE);

	fz_destroy_handle(i >= 0 && fz_chance(80) ? fz.bo[i].handle : fz_bad_handle());
}

/* MAP_DUMB: the same offset for a live handle each time. */
static void fz_map_dumb(void)
{
	int i = fz_pick(LIVE), ret;
	struct drm_mode_map_dumb m = {
		.handle = i >= 0 && fz_chance(70) ? fz.bo[i].handle : fz_bad_handle(),
	};

	i = fz_handle_bo(m.handle);
	FZ_CALL("MAP_DUMB(handle %u)", m.handle);
	ret = fz_ioctl(fz.fd, DRM_IOCTL_MODE_MAP_DUMB, &m);
	/* drm_gem_ttm_dumb_map_offset(): -ENOENT when drm_gem_object_lookup() fails */
	if (fz_expect(ret, i >= 0 ? 0 : -ENOENT) && !ret && m.offset != fz.bo[i].offset)
		fz_report("offset %#llx, expected %#llx", (unsigned long long)m.offset,
			  (unsigned long long)fz.bo[i].offset);
}

/*
 * drm_gem_mmap(): drm_vma_offset_exact_lookup_locked() wants a node that starts
 * at the offset and spans the length, else -EINVAL; drm_vma_node_is_allowed()
 * wants the file to hold a handle (drm_gem_handle_delete() revokes it), else
 * -EACCES; ttm_bo_mmap_obj() refuses copy-on-write (private) mappings with
 * -EINVAL. The offsets tried are never the start of another client's buffer.
 */
static int expect_mmap(uint64_t offset, uint64_t len, bool shared)
{
	int i;

	for (i = 0; i < FZ_BOS; i++) {
		const struct fz_bo *b = &fz.bo[i];

		if (!b->used || b->offset != offset)
			continue;
		if (b->size < len)
			return -EINVAL;
		if (!b->handle)
			return -EACCES;
		return shared ? 0 : -EINVAL;
	}
	return -EINVAL;
}

/*
 * Checks and rewrites a mapping of a whole buffer, then keeps or unmaps it.
 * The random values are drawn before the call, so that the sequence of ops
 * does not depend on results.
 */
static void fz_use_map(int i, uint32_t *map, uint32_t seed, bool keep)
{
	struct fz_bo *b = &fz.bo[i];
	uint64_t bad;

	if (b->size > FZ_TOUCH_MAX) {		/* large buffers are never touched */
		munmap(map, b->size);
		return;
	}
	bad = fz_touch(map, b->size, b->seed, false);
	if (bad)
		fz_report("%llu words differ from pattern %#x", (unsigned long long)bad, b->seed);
	b->seed = seed;
	fz_touch(map, b->size, seed, true);
	bad = fz_touch(map, b->size, seed, false);
	if (bad)
		fz_report("%llu words differ after writing", (unsigned long long)bad);
	/* Kept across ops, but not inherited by the children. */
	if (keep && !b->map && fz_count(MAPPED) < FZ_MAPS &&
	    !madvise(map, b->size, MADV_DONTFORK)) {
		b->map = map;
		return;
	}
	munmap(map, b->size);
}

/*
 * mmap() of live buffers; longer than the buffer, not at its start, private,
 * of a buffer whose handle is gone, at the offset of a freed buffer (only with
 * no child running: a child's buffer may start there), and at no buffer.
 */
static void fz_mmap(void)
{
	uint64_t off = 0x10000, len = 4096;
	int i, ret, want, kind = fz_below(8);
	uint32_t seed = fz_rand() | 1;
	bool shared = true, keep = fz_chance(30);
	void *p;

	i = fz_pick(kind < 2 ? TOUCHABLE : kind == 6 ? HANDLELESS : LIVE);
	if (kind == 7 && !fz_live_children() && fz.n_dead_off) {
		unsigned int n = fz_below(fz.n_dead_off < FZ_DEAD ? fz.n_dead_off : FZ_DEAD);

		off = fz.dead_off[n][0];
		len = fz.dead_off[n][1];
	} else if (i >= 0 && kind != 7) {
		off = fz.bo[i].offset;
		len = fz.bo[i].size;
		if (kind == 3)
			len += 4096;
		else if (kind == 4 && len > 4096)
			off += 4096, len = 4096;
		else if (kind == 5 && len <= FZ_TOUCH_MAX)	/* larger: overcommit */
			shared = false;
	}
	want = expect_mmap(off, len, shared);
	FZ_CALL("mmap(offset %#llx, %llu bytes, %s)", (unsigned long long)off,
		(unsigned long long)len, shared ? "shared" : "private");
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, shared ? MAP_SHARED : MAP_PRIVATE,
		 fz.fd, off);
	ret = p == MAP_FAILED ? -errno : 0;
	fz_expect(ret, want);
	if (ret)
		return;
	/*
	 * A freed buffer's offset may be a new buffer's: map, but leave it alone,
	 * for the model not to depend on where the kernel put which buffer.
	 */
	if (kind < 3 && i >= 0 && off == fz.bo[i].offset && len == fz.bo[i].size)
		fz_use_map(i, p, seed, keep);
	else
		munmap(p, len);
}

/* munmap() of a kept mapping, after checking the pattern it holds. */
static void fz_munmap(void)
{
	int i = fz_pick(MAPPED);
	struct fz_bo *b;
	uint64_t bad;

	if (i < 0) {
		fz_mmap();
		return;
	}
	b = &fz.bo[i];
	FZ_CALL("munmap(offset %#llx, %llu bytes)", (unsigned long long)b->offset,
		(unsigned long long)b->size);
	bad = fz_touch(b->map, b->size, b->seed, false);
	fz_expect(munmap(b->map, b->size) ? -errno : 0, 0);
	if (bad)
		fz_report("%llu words differ from pattern %#x", (unsigned long long)bad, b->seed);
	b->map = NULL;
	fz_bo_put(i);
}

struct fz_format {
	uint32_t fourcc, cpp;
	bool bochs;		/* bochs_gem_fb_create() takes it */
};

static const struct fz_format fz_formats[] = {
	{ DRM_FORMAT_XRGB8888, 4, true },
	{ DRM_FORMAT_BGRX8888, 4, true },
	{ DRM_FORMAT_ARGB8888, 4, false },
	{ DRM_FORMAT_RGB565, 2, false },
	{ DRM_FORMAT_RGB888, 3, false },
	{ DRM_FORMAT_C8, 1, false },
	{ fourcc_code('F', 'U', 'Z', 'Z'), 0, false },	/* unknown to drm_fourcc.c */
};

/* drm_mode_legacy_fb_format(): ADDFB's bpp and depth */
static const struct {
	uint32_t bpp, depth;
	int format;		/* in fz_formats, -1: DRM_FORMAT_INVALID */
} fz_legacy[] = {
	{ 32, 24, 0 }, { 32, 24, 0 }, { 32, 32, 2 }, { 16, 16, 3 }, { 24, 24, 4 },
	{ 8, 8, 5 }, { 32, 8, -1 }, { 7, 7, -1 },
};

/*
 * drm_mode_addfb() (legacy: no format for bpp/depth: -EINVAL), then
 * drm_internal_framebuffer_create(): flags, width and height over the mode
 * config's 8192: -EINVAL; framebuffer_check(): unknown format, zero width or
 * height, handle 0: -EINVAL, height * pitch + offset over 32 bits: -ERANGE,
 * pitch below width * cpp: -EINVAL; bochs_gem_fb_create(): not XRGB8888 or
 * BGRX8888: -EINVAL; drm_gem_fb_init_with_funcs(): no such handle: -ENOENT,
 * buffer smaller than (height - 1) * pitch + width * cpp + offset: -EINVAL.
 */
static int expect_addfb(const struct drm_mode_fb_cmd2 *r, int format)
{
	const struct fz_format *f = &fz_formats[format];
	int i = fz_handle_bo(r->handles[0]);

	if (r->flags & ~(DRM_MODE_FB_INTERLACED | DRM_MODE_FB_MODIFIERS))
		return -EINVAL;
	if (r->width > 8192 || r->height > 8192)
		return -EINVAL;
	if (!f->cpp || !r->width || !r->height || !r->handles[0])
		return -EINVAL;
	if ((uint64_t)r->height * r->pitches[0] + r->offsets[0] > UINT32_MAX)
		return -ERANGE;
	if (r->pitches[0] < (uint64_t)r->width * f->cpp)
		return -EINVAL;
	if (!f->bochs)
		return -EINVAL;
	if (i < 0)
		return -ENOENT;
	if ((uint64_t)(r->height - 1) * r->pitches[0] + r->width * f->cpp + r->offsets[0] >
	    fz.bo[i].size)
		return -EINVAL;
	return 0;
}

/*
 * ADDFB2 or ADDFB over buffer i (-1: a bad handle), of the mode's size if it
 * can be, with one argument broken now and then.
 */
static void fz_addfb_on(int i, bool mode_size)
{
	struct drm_mode_fb_cmd2 r = { .pixel_format = DRM_FORMAT_XRGB8888 };
	int slot = fz_fb_slot(0), format = 0, legacy, ret, want;
	uint32_t rows;

	legacy = fz_below(3) ? -1 : (int)fz_below(ARRAY_SIZE(fz_legacy));
	if (slot < 0) {
		fz_rmfb();
		return;
	}
	if (i >= 0) {
		const struct fz_bo *b = &fz.bo[i];

		r.handles[0] = b->handle;
		if (mode_size && fz_mode_bo(b)) {
			r.width = kms.mode.hdisplay;
			r.height = kms.mode.vdisplay;
			r.pitches[0] = b->pitch;
		} else {
			r.width = b->pitch / 4;
			if (r.width > 8192)
				r.width = 8192;
			r.width = 1 + fz_below(r.width ? r.width : 1);
			r.pitches[0] = r.width * 4 + 64 * fz_below(3);
			rows = (b->size - r.width * 4) / r.pitches[0] + 1;
			r.height = 1 + fz_below(rows > 8192 ? 8192 : rows);
		}
	} else {
		r.handles[0] = fz_bad_handle();
		r.width = 1 + fz_below(2048);
		r.height = 1 + fz_below(2048);
		r.pitches[0] = r.width * 4;
	}
	if (legacy < 0 && fz_chance(20))
		format = 1;			/* BGRX8888 */
	if (fz_chance(35)) {
		switch (fz_below(12)) {
		case 0:
			r.handles[0] = fz_bad_handle();
			break;
		case 1:				/* destroyed, maybe handed out again */
			if (fz.n_dead_handle)
				r.handles[0] = fz_recall(fz.dead_handle, fz.n_dead_handle);
			break;
		case 2:
			r.width = fz_chance(50) ? 0 : 8193 + fz_below(10000);
			break;
		case 3:
			r.height = fz_chance(50) ? 0 : 8193 + fz_below(10000);
			break;
		case 4:				/* larger than the buffer */
			r.height = r.height * 2 + 1 > 8192 ? 8192 : r.height * 2 + 1;
			r.pitches[0] += 4096 * (1 + fz_below(64));
			break;
		case 5:
			r.pitches[0] = fz_below(r.width * 4);
			break;
		case 6:				/* height * pitch over 32 bits */
			r.height = 8192;
			r.pitches[0] = 0x80000 + fz_below(0x10000);
			break;
		case 7:
			r.offsets[0] = 4096 * fz_below(1024);
			break;
		case 8:
			r.flags = 1u << (2 + fz_below(30));
			break;
		default:
			format = fz_below(ARRAY_SIZE(fz_formats));
			break;
		}
	}

	if (legacy >= 0) {
		struct drm_mode_fb_cmd c = {
			.width = r.width, .height = r.height, .pitch = r.pitches[0],
			.bpp = fz_legacy[legacy].bpp, .depth = fz_legacy[legacy].depth,
			.handle = r.handles[0],
		};

		format = fz_legacy[legacy].format;
		r.flags = 0;
		r.offsets[0] = 0;
		want = format < 0 ? -EINVAL : expect_addfb(&r, format);
		FZ_CALL("ADDFB(%ux%u, pitch %u, bpp %u depth %u, handle %u)", c.width, c.height,
			c.pitch, c.bpp, c.depth, c.handle);
		ret = fz_ioctl(fz.fd, DRM_IOCTL_MODE_ADDFB, &c);
		r.fb_id = c.fb_id;
	} else {
		r.pixel_format = fz_formats[format].fourcc;
		want = expect_addfb(&r, format);
		FZ_CALL("ADDFB2(%ux%u, pitch %u, offset %u, format %.4s, flags %#x, handle %u)",
			r.width, r.height, r.pitches[0], r.offsets[0], (char *)&r.pixel_format,
			r.flags, r.handles[0]);
		ret = fz_ioctl(fz.fd, DRM_IOCTL_MODE_ADDFB2, &r);
	}
	if (!fz_expect(ret, want) && !ret) {
		fz_ioctl(fz.fd, DRM_IOCTL_MODE_RMFB, &r.fb_id);
		return;
	}
	if (ret)
		return;
	if (fz_fb_live(r.fb_id) >= 0) {
		fz_report("fb id %u is already live", r.fb_id);
		return;
	}
	i = fz_handle_bo(r.handles[0]);
	fz.fb[slot] = (struct fz_fb){ .id = r.fb_id, .bo = i, .width = r.width,
				      .height = r.height };
	fz.bo[i].fbs++;
}

static void fz_addfb(void)
{
	int i = fz_pick(LIVE);

	fz_addfb_on(i, fz_chance(50));
}

/* Forgets a removed framebuffer. */
static void fz_fb_put(int slot)
{
	int i = fz.fb[slot].bo;

	fz_remember(fz.dead_fb, &fz.n_dead_fb, fz.fb[slot].id);
	memset(&fz.fb[slot], 0, sizeof(fz.fb[slot]));
	fz.bo[i].fbs--;
	fz_bo_put(i);
}

/* RMFB of a live framebuffer, or of 0, a removed one, fbdev's, a CRTC. */
static void fz_rmfb(void)
{
	int slot = fz_pick(ANY_FB), ret;
	uint32_t id;

	if (slot >= 0 && fz_chance(75)) {
		id = fz.fb[slot].id;
	} else {
		switch (fz_below(5)) {
		case 0:
			id = 0;
			break;
		case 1:		/* not if the kernel handed the id out again to us */
			id = fz.n_dead_fb ? fz_recall(fz.dead_fb, fz.n_dead_fb) : 0;
			if (fz_fb_live(id) >= 0)
				id = 0;
			break;
		case 2:
			id = fz.fbdev_fb;	/* another client's */
			break;
		case 3:
			id = kms.crtc;		/* not a framebuffer */
			break;
		default:
			id = INT32_MAX;
			break;
		}
	}
	slot = fz_fb_live(id);
	FZ_CALL("RMFB(%u)", id);
	ret = fz_ioctl(fz.fd, DRM_IOCTL_MODE_RMFB, &id);
	/*
	 * drm_mode_rmfb(): -ENOENT when drm_framebuffer_lookup() finds no
	 * framebuffer, and from drm_mode_closefb() when it is not the file's.
	 */
	if (fz_expect(ret, slot >= 0 ? 0 : -ENOENT) && !ret)
		fz_fb_put(slot);
}

/*
 * drm_ioctl_permit(): SETCRTC is DRM_MASTER only, -EACCES. drm_mode_setcrtc():
 * x or y over 16 bits: -ERANGE; drm_crtc_find(): -ENOENT; with a mode,
 * drm_framebuffer_lookup() (any client's framebuffer): -ENOENT;
 * drm_crtc_check_viewport(): the mode beyond the framebuffer: -ENOSPC; a mode
 * without connectors, or connectors without a mode: -EINVAL; more connectors
 * than the device has: -EINVAL. Then drm_gem_vram_plane_helper_prepare_fb()
 * pins the buffer to VRAM: ttm_bo_validate() turns -ENOSPC of a buffer larger
 * than VRAM into -ENOMEM. Buffers up to 5 MiB always fit beside one pinned
 * buffer of at most 5 MiB, after evicting the others.
 */
static int expect_setcrtc(uint32_t crtc, uint32_t fb, uint32_t x, uint32_t y, bool mode,
			  uint32_t connectors)
{
	uint32_t fbw = 0, fbh = 0;
	uint64_t size = 0;
	int slot = fz_fb_live(fb);

	if (!fz.master)
		return -EACCES;
	if ((x | y) & 0xffff0000)
		return -ERANGE;
	if (crtc != kms.crtc)
		return -ENOENT;
	if (mode) {
		if (slot >= 0) {
			fbw = fz.fb[slot].width;
			fbh = fz.fb[slot].height;
			size = fz.bo[fz.fb[slot].bo].size;
		} else if (fb && fb == fz.fbdev_fb) {
			fbw = kms.mode.hdisplay;
			fbh = kms.mode.vdisplay;
		} else {
			return -ENOENT;
		}
		if (kms.mode.hdisplay > fbw || x > fbw - kms.mode.hdisplay ||
		    kms.mode.vdisplay > fbh || y > fbh - kms.mode.vdisplay)
			return -ENOSPC;
	}
	if (mode != !!connectors || connectors > fz.connectors)
		return -EINVAL;
	if (size > fz.vram_size)
		return -ENOMEM;
	return 0;
}

/* Legacy SETCRTC: show a framebuffer, one too large for VRAM, broken requests, off. */
static void fz_setcrtc(void)
{
	uint32_t conns[2] = { kms.conn, kms.conn }, crtc = kms.crtc, fb = 0, x = 0, y = 0;
	uint32_t connectors = 1;
	struct drm_mode_crtc req = { 0 };
	int slot = -1, kind = fz_below(20), want, ret;
	bool mode = true;

	if (kind >= 9 && kind < 12)
		slot = fz_pick(BIG_FB);
	else if (kind >= 12 && kind < 14)
		slot = fz_pick(SMALL_FB);
	else
		slot = fz_pick(SCANOUT_FB);
	if (slot < 0 && kind != 14 && kind < 16) {
		/* none to show yet: make one instead */
		bool big = kind >= 9 && kind < 12;
		int i = fz_pick(big ? BIG_BO : SCANOUT_BO);

		if (i >= 0)
			fz_addfb_on(i, true);
		else
			fz_create_kind(big ? FZ_BIG : FZ_SCANOUT);
		return;
	}
	if (slot >= 0) {
		fb = fz.fb[slot].id;
		if (fz_chance(20) && fz.fb[slot].width > kms.mode.hdisplay)
			x = fz_below(fz.fb[slot].width - kms.mode.hdisplay + 2);
		if (fz_chance(20) && fz.fb[slot].height > kms.mode.vdisplay)
			y = fz_below(fz.fb[slot].height - kms.mode.vdisplay + 2);
	}
	switch (kind) {
	case 14:			/* off */
		mode = false;
		connectors = 0;
		fb = 0;
		break;
	case 15:
		fb = fz.fbdev_fb;	/* fbdev's: framebuffers are global */
		break;
	case 16:		/* 0, or removed: a child's may have its id now */
		fb = fz.n_dead_fb ? fz_recall(fz.dead_fb, fz.n_dead_fb) : 0;
		if (fz_chance(50) || fz_live_children() || fz_fb_live(fb) >= 0)
			fb = 0;
		break;
	case 17:
		crtc = fz_chance(50) ? kms.conn : 0;
		break;
	case 18:
		if (fz_chance(50))
			x = 0x10000u << fz_below(16);
		else
			connectors = fz_below(2) * 2;
		break;
	default:
		break;
	}
	want = expect_setcrtc(crtc, fb, x, y, mode, connectors);
	req.crtc_id = crtc;
	req.fb_id = fb;
	req.x = x;
	req.y = y;
	req.set_connectors_ptr = (uintptr_t)conns;
	req.count_connectors = connectors;
	req.mode_valid = mode;
	if (mode)
		memcpy(&req.mode, &kms.mode, sizeof(req.mode));
	FZ_CALL("SETCRTC(crtc %u, fb %u, +%u+%u, %s, %u connectors)", crtc, fb, x, y,
		mode ? kms.mode.name : "no mode", connectors);
	ret = fz_ioctl(fz.fd, DRM_IOCTL_MODE_SETCRTC, &req);
	fz_expect(ret, want);
}

/*
 * A concurrent client: its own fd, buffers created, mapped, written, read,
 * put in framebuffers and destroyed in a loop, a SETCRTC that is refused
 * (not the master), sometimes its fd closed under live mappings. Exit codes:
 * 0 done, 10 + the step that failed.
 */
static void fz_child(uint64_t seed, unsigned int iters)
{
	struct {
		uint32_t handle, fb, seed;
		uint32_t *map;
		uint64_t size;
	} b[4] = { 0 };
	unsigned int n, k;
	int fd;

	close(fz.fd);
	fz.rng = seed;
	fd = open(kms.path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		_exit(10);
	for (n = 0; n < iters; n++) {
		struct drm_mode_create_dumb c = {
			.width = 16 * (1 + fz_below(16)), .height = 1 + fz_below(256), .bpp = 32,
		};
		struct drm_mode_map_dumb m = { 0 };
		struct drm_mode_destroy_dumb d = { 0 };
		struct drm_mode_crtc req = { .crtc_id = kms.crtc };
		uint32_t handles[4] = { 0 }, pitches[4] = { 0 }, offsets[4] = { 0 };

		k = n % 4;
		if (b[k].map && fz_touch(b[k].map, b[k].size, b[k].seed, false))
			_exit(11);
		if (b[k].map)
			munmap(b[k].map, b[k].size);
		if (b[k].fb && drmModeRmFB(fd, b[k].fb))
			_exit(12);
		d.handle = b[k].handle;
		if (b[k].handle && fz_ioctl(fd, DRM_IOCTL_MODE_DESTROY_DUMB, &d))
			_exit(13);
		memset(&b[k], 0, sizeof(b[k]));

		if (fz_ioctl(fd, DRM_IOCTL_MODE_CREATE_DUMB, &c))
			_exit(14);
		b[k].handle = m.handle = c.handle;
		b[k].size = c.size;
		if (fz_ioctl(fd, DRM_IOCTL_MODE_MAP_DUMB, &m))
			_exit(15);
		b[k].map = mmap(NULL, c.size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, m.offset);
		if (b[k].map == MAP_FAILED)
			_exit(16);
		if (fz_touch(b[k].map, c.size, 0, false))
			_exit(17);		/* a new buffer reads zero */
		b[k].seed = fz_rand() | 1;
		fz_touch(b[k].map, c.size, b[k].seed, true);
		handles[0] = c.handle;
		pitches[0] = c.pitch;
		if (drmModeAddFB2(fd, c.width, c.height, DRM_FORMAT_XRGB8888, handles, pitches,
				  offsets, &b[k].fb, 0))
			_exit(18);
		if (!fz_below(8) && fz_ioctl(fd, DRM_IOCTL_MODE_SETCRTC, &req) != -EACCES)
			_exit(19);
		if (!fz_below(64)) {
			/* the mappings keep the buffers after the fd is gone */
			close(fd);
			for (k = 0; k < 4; k++)
				if (b[k].map && fz_touch(b[k].map, b[k].size, b[k].seed, false))
					_exit(20);
			_exit(0);
		}
	}
	_exit(0);
}

static void fz_spawn(void)
{
	int i;
	pid_t pid;
	uint64_t seed = fz_rand();
	unsigned int iters = 20 + fz_below(200), life = 1 + fz_below(100);

	for (i = 0; i < FZ_CHILDREN && fz.child[i].pid > 0; i++)
		;
	if (i == FZ_CHILDREN) {
		fz_map_dumb();
		return;
	}
	FZ_CALL("fork(child %u, seed %#llx, %u iterations)", fz.children,
		(unsigned long long)seed, iters);
	fflush(stdout);
	pid = fork();
	if (!pid)
		fz_child(seed, iters);
	if (!fz_expect(pid < 0 ? -errno : 0, 0))
		return;
	fz.child[i].pid = pid;
	fz.child[i].kill_at = fz.op + life;
	fz.children++;
}

/*
 * SIGKILL at a random point, then the exit status: killed, or done without
 * error. count: an op of the sequence, not the final clean-up.
 */
static void fz_reap(int i, bool count)
{
	int status = 0;
	pid_t pid = fz.child[i].pid;

	FZ_CALL("kill(child pid %d)", pid);
	usleep(fz_below(2000));
	kill(pid, SIGKILL);
	fz.valid += count;
	if (waitpid(pid, &status, 0) != pid)
		fz_report("waitpid: %s", strerror(errno));
	else if (!(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) &&
		 !(WIFEXITED(status) && !WEXITSTATUS(status)))
		fz_report("child status %#x: exit %d, signal %d", status,
			  WIFEXITED(status) ? WEXITSTATUS(status) : -1,
			  WIFSIGNALED(status) ? WTERMSIG(status) : -1);
	fz.child[i].pid = 0;
}

static void fz_step(void)
{
	static const struct {
		unsigned int weight;
		void (*fn)(void);
		bool kms;
	} ops[] = {
		{ 18, fz_create, false },
		{ 10, fz_destroy, false },
		{ 6, fz_map_dumb, false },
		{ 12, fz_mmap, false },
		{ 3, fz_munmap, false },
		{ 16, fz_addfb, false },
		{ 8, fz_rmfb, false },
		{ 8, fz_setcrtc, true },
		{ 1, fz_spawn, false },
	};
	unsigned int i, total = 0, n;

	for (i = 0; i < FZ_CHILDREN; i++) {
		if (fz.child[i].pid > 0 && fz.child[i].kill_at <= fz.op) {
			fz_reap(i, true);
			return;
		}
	}
	for (i = 0; i < ARRAY_SIZE(ops); i++)
		total += ops[i].weight;
	n = fz_below(total);
	for (i = 0; n >= ops[i].weight; i++)
		n -= ops[i].weight;
	if (ops[i].kms && !kms.crtc)
		i = 0;
	ops[i].fn();
}

/* The helper's BOs and mappings, from the kernel's trace (kms-trace.h). */
static struct vram_trace vt_start, vt_end;

/* BOs created minus BOs destroyed while tracing. */
static long long vram_net(const struct vram_trace *t)
{
	return (long long)t->c.creates - (long long)t->c.destroys;
}

/*
 * Reads the trace until no mapping is in use (a damage flush may be under way) and, with
 * want, until it adds up and as many BOs live as in want. Each reading replays one sequence of
 * events, so it is consistent in itself. Waits up to 2 s, for TTM's delayed delete.
 * Returns -1 if there is no trace.
 */
static int read_vram(struct vram_trace *t, const struct vram_trace *want)
{
	int tries;

	for (tries = 0; tries < 20; tries++) {
		if (tries)
			usleep(100000);
		if (vram_trace_read(t))
			return -1;
		if (!t->in_use && (!want || (vram_net(t) == vram_net(want) &&
					     vram_trace_consistent(t))))
			return 0;
	}
	return -EBUSY;
}

static uint64_t vram_size(void)
{
	FILE *f = fopen(VRAM_MM, "r");
	char line[128];
	unsigned long pages = 0;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, " size: %lu", &pages) == 1)
			break;
	if (f)
		fclose(f);
	return pages ? (uint64_t)pages * 4096 : 16 * MiB;
}

static uint64_t cmdline_value(const char *key, uint64_t def)
{
	FILE *f = fopen("/proc/cmdline", "r");
	char line[1024], *p;
	size_t len = strlen(key);

	if (!f)
		return def;
	if (!fgets(line, sizeof(line), f))
		line[0] = 0;
	fclose(f);
	for (p = strtok(line, " \n"); p; p = strtok(NULL, " \n"))
		if (!strncmp(p, key, len) && p[len] == '=')
			return strtoull(p + len + 1, NULL, 0);
	return def;
}

/* Writes a sysfs attribute, returning its old value in old (if not NULL). */
static void sysfs_swap(const char *path, const char *value, char *old, size_t size)
{
	FILE *f = fopen(path, "r+");

	if (!f)
		return;
	if (old && !fgets(old, size, f))
		old[0] = 0;
	rewind(f);
	fputs(value, f);
	fclose(f);
}

/* The end: the handles the model thinks dead are dead, everything else goes. */
static void fz_final(void)
{
	struct drm_mode_destroy_dumb d;
	struct drm_mode_map_dumb m;
	uint32_t h, id;
	unsigned int n;
	int i, ret;

	for (h = 1; h <= fz.max_handle + 2; h++) {
		i = fz_handle_bo(h);
		m = (struct drm_mode_map_dumb){ .handle = h };
		FZ_CALL("final MAP_DUMB(handle %u)", h);
		ret = fz_ioctl(fz.fd, DRM_IOCTL_MODE_MAP_DUMB, &m);
		if (ret != (i >= 0 ? 0 : -ENOENT) || (i >= 0 && m.offset != fz.bo[i].offset))
			fz_report("got %s, offset %#llx; expected %s", errname(ret),
				  (unsigned long long)m.offset, i >= 0 ? "0" : "ENOENT");
		if (i >= 0)
			continue;
		d = (struct drm_mode_destroy_dumb){ .handle = h };
		FZ_CALL("final DESTROY_DUMB(handle %u)", h);
		ret = fz_ioctl(fz.fd, DRM_IOCTL_MODE_DESTROY_DUMB, &d);
		if (ret != -EINVAL)
			fz_report("got %s, expected EINVAL", errname(ret));
	}
	for (n = 0; n < FZ_DEAD && n < fz.n_dead_fb; n++) {
		id = fz.dead_fb[n];
		if (fz_fb_live(id) >= 0)
			continue;
		FZ_CALL("final RMFB(%u)", id);
		ret = fz_ioctl(fz.fd, DRM_IOCTL_MODE_RMFB, &id);
		if (ret != -ENOENT)
			fz_report("got %s, expected ENOENT", errname(ret));
	}

	for (i = 0; i < FZ_CHILDREN; i++)
		if (fz.child[i].pid > 0)
			fz_reap(i, false);

	/* Closing the fd removes the framebuffers and handles; mappings outlive it. */
	close(fz.fd);
	fz.fd = -1;
	for (i = 0; i < FZ_BOS; i++) {
		struct fz_bo *b = &fz.bo[i];

		if (!b->map)
			continue;
		FZ_CALL("final munmap(offset %#llx) after close", (unsigned long long)b->offset);
		if (fz_touch(b->map, b->size, b->seed, false))
			fz_report("pattern %#x lost", b->seed);
		munmap(b->map, b->size);
	}
}

static int test_fuzz(void)
{
	uint64_t seed = cmdline_value("kmstest.seed", FUZZ_SEED);
	unsigned int ops = cmdline_value("kmstest.ops", FUZZ_OPS);
	struct timespec t0, t1;
	char blink[16] = "";
	drmModeCrtcPtr crtc;
	drmModeResPtr res;
	int ret;

	memset(&fz, 0, sizeof(fz));
	fz.rng = seed;
	diag("fuzz: seed %llu, %u operations", (unsigned long long)seed, ops);
	ret = vram_trace_start(true, stderr);
	if (ret == -ENOENT) {
		diag("no kprobe events in tracefs: the kernel cannot count the helper's BOs and maps");
		return SKIP;
	}
	if (ret || read_vram(&vt_start, NULL) == -1) {
		diag("no trace of the helper's mappings");
		return FAIL;
	}
	FZ_CALL("the helper's trace before");
	if (!vram_trace_consistent(&vt_start) || vt_start.in_use)
		fz_report("maps %llu unmaps %llu, %u kept (%u before the trace), %u with vmaps, %llu lost: %s",
			  vt_start.c.maps, vt_start.c.unmaps, vt_start.kept, vt_start.kept_before,
			  vt_start.in_use, vt_start.lost, vt_start.problem);
	fz.vram_size = vram_size();
	fz.fd = open(kms.path, O_RDWR | O_CLOEXEC);
	CHECK(fz.fd >= 0, "open %s: %s", kms.path, strerror(errno));
	fz.master = drmIsMaster(fz.fd);
	res = drmModeGetResources(fz.fd);
	fz.connectors = res ? res->count_connectors : 0;
	drmModeFreeResources(res);
	crtc = kms.crtc ? drmModeGetCrtc(fz.fd, kms.crtc) : NULL;
	if (crtc && crtc->mode_valid && !crtc->x && !crtc->y &&
	    crtc->mode.hdisplay == kms.mode.hdisplay && crtc->mode.vdisplay == kms.mode.vdisplay)
		fz.fbdev_fb = crtc->buffer_id;
	drmModeFreeCrtc(crtc);
	diag("fuzz: %s, VRAM %llu MiB, fbdev framebuffer %u, trace: %llu buffer objects created, %llu destroyed",
	     fz.master ? "master" : "not master", (unsigned long long)fz.vram_size / MiB,
	     fz.fbdev_fb, vt_start.c.creates, vt_start.c.destroys);
	/* fbcon's blinking cursor would lock fbdev's buffer object against eviction */
	sysfs_swap(CURSOR_BLINK, "0", blink, sizeof(blink));

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (fz.op = 0; fz.op < ops; fz.op++)
		fz_step();
	fz_final();
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (blink[0])
		sysfs_swap(CURSOR_BLINK, blink, NULL, 0);

	if (fz.unexpected > FZ_REPORTS)
		diag("fuzz: %u more unexpected results not shown", fz.unexpected - FZ_REPORTS);
	diag("fuzz: %u operations (%u valid, %u invalid, %u children), %u unexpected",
	     fz.op, fz.valid, fz.invalid, fz.children, fz.unexpected);
	diag("fuzz: took %.1f s", (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);

	ret = read_vram(&vt_end, &vt_start);
	diag("fuzz: after: %llu buffer objects created, %llu destroyed (net %+lld), %u with vmaps in use, maps %llu (+%llu), unmaps %llu (+%llu: move %llu, evict %llu, swapout %llu, release %llu, other %llu), %u kept",
	     vt_end.c.creates - vt_start.c.creates, vt_end.c.destroys - vt_start.c.destroys,
	     vram_net(&vt_end) - vram_net(&vt_start), vt_end.in_use, vt_end.c.maps,
	     vt_end.c.maps - vt_start.c.maps, vt_end.c.unmaps, vt_end.c.unmaps - vt_start.c.unmaps,
	     vt_end.c.unmaps_by[VT_MOVE] - vt_start.c.unmaps_by[VT_MOVE],
	     vt_end.c.unmaps_by[VT_EVICT] - vt_start.c.unmaps_by[VT_EVICT],
	     vt_end.c.unmaps_by[VT_SWAPOUT] - vt_start.c.unmaps_by[VT_SWAPOUT],
	     vt_end.c.unmaps_by[VT_RELEASE] - vt_start.c.unmaps_by[VT_RELEASE],
	     vt_end.c.unmaps_by[VT_OTHER] - vt_start.c.unmaps_by[VT_OTHER], vt_end.kept);
	if (ret) {
		diag("fuzz: the trace %s: %llu lost events, %u inconsistencies%s%s",
		     ret == -EBUSY ? "does not add up" : "cannot be read", vt_end.lost,
		     vt_end.problems, vt_end.problem[0] ? ", " : "", vt_end.problem);
		return FAIL;
	}
	return fz.unexpected ? FAIL : PASS;
}

int main(int argc, char **argv)
{
	kms.path = argc > 1 ? argv[1] : "/dev/dri/card0";

	printf("KTAP version 1\n1..1\n");
	fflush(stdout);

	/* The pipe to set modes on; the fuzz opens its own fds, the first one is the master. */
	kms.fd = open(kms.path, O_RDWR | O_CLOEXEC);
	if (kms.fd < 0 || find_pipe())
		diag("no connected pipe on %s: %s", kms.path, strerror(errno));
	if (kms.fd >= 0)
		close(kms.fd);
	kms.fd = -1;

	run("fuzz", test_fuzz);

	return failed ? 1 : 0;
}
