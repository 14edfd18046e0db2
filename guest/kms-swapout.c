// SPDX-License-Identifier: GPL-2.0
/*
 * kms-swapout: a userspace reproducer of the GEM VRAM helper's swapout hole.
 *
 * After the last vunmap the helper keeps a buffer object's kernel mapping for the next
 * vmap. Without a swap_notify callback, a TTM swapout of a system-memory BO leaves that
 * mapping pointing at TT pages that went back to the page allocator, and the next vmap
 * returns it. This program drives the sequence on bochs-drm, in a guest booted with a
 * small ttm.pages_limit:
 *
 *   1. as DRM master, show framebuffers until the fbdev emulation's BO (unpinned once
 *      another framebuffer is shown) is evicted from VRAM to system memory (vram-mm);
 *   2. write console lines: the fbdev damage worker vmaps that BO in system memory and
 *      keeps the mapping;
 *   3. populate dumb buffers (mmap and fill) until TTM's page limit makes it swap the
 *      fbdev BO out;
 *   4. write console lines again: the damage worker's next vmap must swap the BO back in,
 *      and none of our buffers may change.
 *
 * The evidence comes from kprobe events (tracefs) on ttm_tt_swapout, ttm_tt_swapin and
 * drm_gem_vmap: each swap event carries the TT's page count, which tells the fbdev BO
 * apart from ours. A kernel without the fix fails fbdev_swapped_in (and may fail
 * buffers_intact or oops) and prints "# hole detected: ..." lines.
 *
 * Usage: kms-swapout [DEVICE]   (default /dev/dri/card0); KTAP on standard output.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <inttypes.h>
#include <linux/fb.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kms-client.h"
#include "kms-common.h"

#define MAX_FBS		8	/* framebuffers shown in turn to evict the fbdev BO */
#define FB_EXTRA_LINES	64	/* our framebuffers are taller than the mode: other size */
#define MAX_BUFS	64	/* dumb buffers populated to reach TTM's page limit */
#define BUF_SIDE	512	/* 512x512x4: 256 pages each */
#define CONSOLE_LINES	40
#define VRAM_MM		"/sys/kernel/debug/dri/0/vram-mm"
#define GROUP		"kmsswap"

static const char *tracefs;
static unsigned int fbdev_pages;
static unsigned long pages_limit;
static bool have_swapin, have_vmap, have_notify;
static struct buffer fbs[MAX_FBS], bufs[MAX_BUFS];
static unsigned int nfbs, nbufs;
/* What the earlier steps established; later steps skip without it. */
static bool evicted, mapped, swapped;

/*
 * Event counts from the trace buffer. In trace order, after a swapout of the fbdev BO the
 * damage worker's next vmap (drm_gem_vmap) must swap it in (ttm_tt_swapin): a vmap that
 * follows another vmap with no swapin between them, or that none follows, used a mapping
 * of the swapped-out pages (stale_vmaps).
 */
struct counts {
	unsigned int swapouts, fbdev_swapouts;
	unsigned int swapins, fbdev_swapins, fbdev_swapbacks;
	unsigned int worker_vmaps, stale_vmaps, notifies;
};

static int write_file(const char *path, const char *text, int flags)
{
	int fd = open(path, O_WRONLY | flags);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, text, strlen(text));
	if (n < 0)
		n = -errno;
	close(fd);
	return n < 0 ? (int)n : 0;
}

static int tracefs_write(const char *file, const char *text, int flags)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", tracefs, file);
	return write_file(path, text, flags);
}

/* Adds one kprobe event; returns 0 or a negative errno. */
static int add_probe(const char *def)
{
	int ret = tracefs_write("kprobe_events", def, O_APPEND);

	diag("kprobe \"%s\": %s", def, ret ? strerror(-ret) : "added");
	return ret;
}

static unsigned int field(const char *line, const char *name)
{
	const char *p = strstr(line, name);

	return p ? strtoul(p + strlen(name), NULL, 0) : 0;
}

/* Counts the events in the trace buffer; prints the fbdev BO's if verbose. */
static int read_trace(struct counts *c, bool verbose)
{
	char path[256], line[512];
	unsigned int out_vmaps = 0;
	bool out = false;
	FILE *f;

	memset(c, 0, sizeof(*c));
	snprintf(path, sizeof(path), "%s/trace", tracefs);
	f = fopen(path, "r");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		const char *ev;
		bool fbdev;

		if (line[0] == '#')
			continue;
		line[strcspn(line, "\n")] = 0;
		fbdev = field(line, " pages=") == fbdev_pages;
		if ((ev = strstr(line, " swapout: ("))) {
			c->swapouts++;
			c->fbdev_swapouts += fbdev;
			if (fbdev) {
				out = true;
				out_vmaps = 0;
			}
		} else if ((ev = strstr(line, " swapin: ("))) {
			c->swapins++;
			c->fbdev_swapins += fbdev;
			if (fbdev && out) {
				c->fbdev_swapbacks++;
				out = false;
			}
		} else if ((ev = strstr(line, " vmap: ("))) {
			/* Only the fbdev client maps BOs in the kernel here. */
			if (memmem(line, ev - line, "kworker", 7)) {
				c->worker_vmaps++;
				if (out && out_vmaps++)
					c->stale_vmaps++;
			}
			fbdev = false;
		} else if ((ev = strstr(line, " swap_notify: ("))) {
			c->notifies++;
			fbdev = false;
		} else {
			continue;
		}
		if (verbose && fbdev)
			diag("trace: %s", line + strspn(line, " "));
	}
	fclose(f);
	/* The last vmap came 500 ms or more ago: it did not swap the BO in. */
	if (out && out_vmaps)
		c->stale_vmaps++;
	return 0;
}

/* Counts the used VRAM ranges (drm_mm nodes, in pages) of the given size. */
static int vram_nodes(unsigned int pages, bool verbose)
{
	unsigned long long start, end, size;
	char line[256];
	int n = 0;
	FILE *f = fopen(VRAM_MM, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx-%llx: %llu: used", &start, &end, &size) != 3 ||
		    !strstr(line, "used"))
			continue;
		n += size == pages;
		if (verbose)
			diag("vram-mm: %llu pages used at %#llx", size, start);
	}
	fclose(f);
	return n;
}

/* Writes lines to the console and gives the fbdev damage worker time to flush them. */
static int console_lines(const char *what)
{
	FILE *tty = fopen("/dev/tty1", "w");
	int i;

	if (!tty)
		return -errno;
	for (i = 0; i < CONSOLE_LINES; i++) {
		fprintf(tty, "kms-swapout: %s, line %d: the quick brown fox\n", what, i);
		fflush(tty);
		usleep(20000);
	}
	fclose(tty);
	usleep(500000);
	return 0;
}

/*
 * setup: the device, the fbdev BO's size (from /dev/fb0), TTM's page limit and the
 * kprobe events.
 */
static int test_setup(void)
{
	char line[64] = "";
	struct fb_fix_screeninfo fix;
	FILE *f;
	int fd;

	CHECK(kms.fd >= 0, "open %s: %s", kms.path, strerror(errno));
	CHECK(!find_pipe(), "no connected connector, CRTC or plane");
	diag("mode %ux%u", kms.mode.hdisplay, kms.mode.vdisplay);

	fd = open("/dev/fb0", O_RDWR);
	CHECK(fd >= 0, "open /dev/fb0: %s", strerror(errno));
	if (ioctl(fd, FBIOGET_FSCREENINFO, &fix)) {
		diag("FBIOGET_FSCREENINFO: %s", strerror(errno));
		close(fd);
		return FAIL;
	}
	close(fd);
	fbdev_pages = (fix.smem_len + 4095) / 4096;
	diag("fbdev BO: %u bytes, %u pages", fix.smem_len, fbdev_pages);
	CHECK(fbdev_pages != BUF_SIDE * BUF_SIDE * 4 / 4096,
	      "the fbdev BO has the size of our buffers: cannot tell them apart");

	f = fopen("/sys/module/ttm/parameters/pages_limit", "r");
	CHECK(f && fgets(line, sizeof(line), f), "TTM's pages_limit: %s", strerror(errno));
	fclose(f);
	pages_limit = strtoul(line, NULL, 0);
	diag("ttm.pages_limit %lu (%lu MiB)", pages_limit, pages_limit / 256);
	CHECK(pages_limit < MAX_BUFS * (BUF_SIDE * BUF_SIDE * 4 / 4096) / 2,
	      "TTM's page limit is too large to reach: boot with ttm.pages_limit=4096");

	tracefs = "/sys/kernel/tracing";
	if (access("/sys/kernel/tracing/kprobe_events", F_OK))
		mount("tracefs", tracefs, "tracefs", 0, NULL);
	if (access("/sys/kernel/tracing/kprobe_events", F_OK))
		tracefs = "/sys/kernel/debug/tracing";
	CHECK(!access("/sys/kernel/tracing/kprobe_events", F_OK) ||
	      !access("/sys/kernel/debug/tracing/kprobe_events", F_OK),
	      "no tracefs with kprobe_events (CONFIG_KPROBE_EVENTS)");
	CHECK(!add_probe("p:" GROUP "/swapout ttm_tt_swapout pages=+12(%si):u32"),
	      "cannot probe ttm_tt_swapout");
	have_swapin = !add_probe("p:" GROUP "/swapin ttm_tt_swapin pages=+12(%di):u32");
	have_vmap = !add_probe("p:" GROUP "/vmap drm_gem_vmap");
	/* The series' callback: present with the fix only. */
	have_notify = !add_probe("p:" GROUP "/swap_notify bo_driver_swap_notify");
	CHECK(!tracefs_write("trace", "", O_TRUNC), "cannot clear the trace buffer");
	CHECK(!tracefs_write("events/" GROUP "/enable", "1", 0), "cannot enable the events");
	return PASS;
}

/*
 * fbdev_evicted: framebuffers of ours, shown in turn (each pinned in VRAM while shown),
 * push the fbdev emulation's BO out of VRAM into system memory.
 */
static int test_fbdev_evicted(void)
{
	uint32_t w = kms.mode.hdisplay, h = kms.mode.vdisplay + FB_EXTRA_LINES;
	int n;

	if (!fbdev_pages)
		return SKIP;
	n = vram_nodes(fbdev_pages, true);
	CHECK(n >= 0, "%s: %s", VRAM_MM, strerror(errno));
	diag("before: %d VRAM range(s) of the fbdev BO's %u pages", n, fbdev_pages);
	CHECK(n == 1, "the fbdev BO is not in VRAM to begin with");
	while (nfbs < MAX_FBS && vram_nodes(fbdev_pages, false) > 0) {
		struct buffer *b = &fbs[nfbs];
		int ret = buffer_create(b, w, h);

		if (!ret)
			ret = buffer_add_fb(b, w, h);
		CHECK(!ret, "framebuffer %u: %s", nfbs, strerror(-ret));
		nfbs++;
		CHECK(!drmModeSetCrtc(kms.fd, kms.crtc, b->fb, 0, 0, &kms.conn, 1, &kms.mode),
		      "SETCRTC with framebuffer %u: %s", nfbs - 1, strerror(errno));
	}
	n = vram_nodes(fbdev_pages, true);
	diag("after showing %u framebuffers of %ux%u: %d VRAM range(s) of %u pages", nfbs,
	     w, h, n, fbdev_pages);
	CHECK(n == 0, "the fbdev BO stayed in VRAM");
	evicted = true;
	return PASS;
}

/*
 * fbdev_mapped: console output makes the fbdev damage worker vmap the BO, now in system
 * memory; after its vunmap the helper keeps the mapping.
 */
static int test_fbdev_mapped(void)
{
	struct counts c0, c1;

	if (!evicted)
		return SKIP;
	CHECK(!read_trace(&c0, false), "trace: %s", strerror(errno));
	CHECK(!console_lines("map the fbdev BO in system memory"), "/dev/tty1: %s",
	      strerror(errno));
	CHECK(!read_trace(&c1, false), "trace: %s", strerror(errno));
	diag("the damage worker mapped a BO %u times; TTM swapped out %u TTs (%u of the fbdev BO)",
	     c1.worker_vmaps - c0.worker_vmaps, c1.swapouts, c1.fbdev_swapouts);
	if (have_vmap)
		CHECK(c1.worker_vmaps > c0.worker_vmaps, "no damage flush mapped the fbdev BO");
	mapped = true;
	return PASS;
}

/*
 * fbdev_swapped_out: populating dumb buffers (mmap and fill) passes TTM's page limit,
 * and TTM swaps the fbdev BO out, under its kept mapping.
 */
static int test_fbdev_swapped_out(void)
{
	struct counts c0, c;
	int ret;

	if (!mapped)
		return SKIP;
	CHECK(!read_trace(&c0, false), "trace: %s", strerror(errno));
	c = c0;
	while (nbufs < MAX_BUFS && c.fbdev_swapouts == c0.fbdev_swapouts) {
		ret = buffer_create(&bufs[nbufs], BUF_SIDE, BUF_SIDE);
		CHECK(!ret, "dumb buffer %u: %s", nbufs, strerror(-ret));
		fill(&bufs[nbufs], 100 + nbufs);
		nbufs++;
		CHECK(!read_trace(&c, false), "trace: %s", strerror(errno));
	}
	/* A few more, so that the freed pages find new owners. */
	for (ret = 0; ret < 4 && nbufs < MAX_BUFS; ret++, nbufs++) {
		CHECK(!buffer_create(&bufs[nbufs], BUF_SIDE, BUF_SIDE), "dumb buffer %u", nbufs);
		fill(&bufs[nbufs], 100 + nbufs);
	}
	CHECK(!read_trace(&c, true), "trace: %s", strerror(errno));
	diag("%u dumb buffers of %u pages populated: TTM swapped out %u TTs, %u of them the fbdev BO's",
	     nbufs, BUF_SIDE * BUF_SIDE * 4 / 4096, c.swapouts - c0.swapouts,
	     c.fbdev_swapouts - c0.fbdev_swapouts);
	if (have_notify)
		diag("the helper's swap_notify ran %u times", c.notifies - c0.notifies);
	CHECK(c.fbdev_swapouts > c0.fbdev_swapouts, "TTM did not swap out the fbdev BO");
	swapped = true;
	return PASS;
}

/*
 * fbdev_swapped_in: after each swapout of the fbdev BO, the damage worker's next vmap
 * (console output here, or the cursor's blink earlier) finds the BO swapped out and swaps
 * it in. With a mapping kept across the swapout, it would return that mapping of freed
 * pages instead.
 */
static int test_fbdev_swapped_in(void)
{
	struct counts c0, c1;

	if (!swapped)
		return SKIP;
	CHECK(have_swapin, "ttm_tt_swapin cannot be probed");
	CHECK(!read_trace(&c0, false), "trace: %s", strerror(errno));
	CHECK(!console_lines("flush to the swapped-out fbdev BO"), "/dev/tty1: %s",
	      strerror(errno));
	CHECK(!read_trace(&c1, false), "trace: %s", strerror(errno));
	diag("damage flushes mapped a BO %u times; TTM swapped in %u TTs, %u of them the fbdev BO's",
	     c1.worker_vmaps - c0.worker_vmaps, c1.swapins - c0.swapins,
	     c1.fbdev_swapins - c0.fbdev_swapins);
	CHECK(have_vmap, "drm_gem_vmap cannot be probed");
	CHECK(c1.worker_vmaps > c0.worker_vmaps, "no damage flush ran");
	diag("in all: %u swapouts of the fbdev BO, %u swapins right after one, %u damage-flush vmaps while it was swapped out",
	     c1.fbdev_swapouts, c1.fbdev_swapbacks, c1.stale_vmaps);
	if (c1.stale_vmaps) {
		diag("hole detected: %u damage flushes mapped the swapped-out fbdev BO without swapping it in",
		     c1.stale_vmaps);
		return FAIL;
	}
	CHECK(c1.fbdev_swapbacks, "no vmap swapped the fbdev BO back in");
	return PASS;
}

/* buffers_intact: every dumb buffer of ours still holds its pattern. */
static int test_buffers_intact(void)
{
	uint64_t bad, total = 0;
	unsigned int i, nbad = 0;

	if (!swapped)
		return SKIP;
	for (i = 0; i < nbufs; i++) {
		bad = mismatches(&bufs[i], 100 + i);
		if (bad && nbad++ < 8)
			diag("buffer %u: %" PRIu64 " of %" PRIu64 " words changed", i, bad,
			     bufs[i].size / 4);
		total += bad;
	}
	diag("%u buffers checked, %u changed (%" PRIu64 " words)", nbufs, nbad, total);
	if (total) {
		diag("hole detected: console output changed %" PRIu64 " words of %u of our buffers",
		     total, nbad);
		return FAIL;
	}
	return PASS;
}

int main(int argc, char **argv)
{
	unsigned int i;

	kms.path = argc > 1 ? argv[1] : "/dev/dri/card0";
	printf("KTAP version 1\n1..6\n");
	fflush(stdout);

	kms.fd = open(kms.path, O_RDWR | O_CLOEXEC);
	run("setup", test_setup);
	run("fbdev_evicted", test_fbdev_evicted);
	run("fbdev_mapped", test_fbdev_mapped);
	run("fbdev_swapped_out", test_fbdev_swapped_out);
	run("fbdev_swapped_in", test_fbdev_swapped_in);
	run("buffers_intact", test_buffers_intact);

	for (i = 0; i < nbufs; i++)
		buffer_destroy(&bufs[i]);
	for (i = 0; i < nfbs; i++)
		buffer_destroy(&fbs[i]);
	if (kms.fd >= 0)
		close(kms.fd);
	return failed ? 1 : 0;
}
