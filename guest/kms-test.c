// SPDX-License-Identifier: GPL-2.0
/*
 * kms-test: KMS and fbdev tests for the bochs driver and the GEM VRAM helper.
 *
 * Runs in the QEMU guest against bochs-display. Each subtest prints one KTAP
 * result line; diagnostics are KTAP comments. The exit status is 0 when every
 * subtest passed or was skipped, 1 otherwise.
 *
 * Usage: kms-test [DEVICE]   (default /dev/dri/card0)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/fb.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <drm_fourcc.h>
#include <xf86drm.h>
#include <xf86drmMode.h>

#include "kms-client.h"
#include "kms-common.h"
#include "kms-trace.h"

#define NUM_FLIPS	60
#define NUM_DIRTY	20
#define NUM_EVICT_BOS	8	/* 8 framebuffers of the mode: more than bochs' 16 MiB */

/*
 * fbdev: the fbdev emulation's /dev/fb0 reports a 32-bit mode, and bytes
 * written with write() read back with read() and through mmap(); panning to
 * the origin works.
 */
static int test_fbdev(void)
{
	struct fb_fix_screeninfo fix;
	struct fb_var_screeninfo var;
	uint32_t out[256], in[256];
	unsigned int i;
	uint8_t *map;
	int fd, ret = PASS;

	fd = open("/dev/fb0", O_RDWR);
	CHECK(fd >= 0, "open /dev/fb0: %s", strerror(errno));
	if (ioctl(fd, FBIOGET_FSCREENINFO, &fix) || ioctl(fd, FBIOGET_VSCREENINFO, &var)) {
		diag("FBIOGET_*SCREENINFO: %s", strerror(errno));
		close(fd);
		return FAIL;
	}
	diag("fb0: %s %ux%u %u bpp, line %u, %u bytes", fix.id, var.xres, var.yres,
	     var.bits_per_pixel, fix.line_length, fix.smem_len);
	if (var.bits_per_pixel != 32 || fix.smem_len < fix.line_length * var.yres) {
		diag("unexpected fbdev geometry");
		ret = FAIL;
	}

	for (i = 0; i < 256; i++)
		out[i] = pattern(7, i);
	if (pwrite(fd, out, sizeof(out), 4096) != sizeof(out) ||
	    pread(fd, in, sizeof(in), 4096) != sizeof(in) || memcmp(in, out, sizeof(in))) {
		diag("write/read through /dev/fb0 differ: %s", strerror(errno));
		ret = FAIL;
	}

	map = mmap(NULL, fix.smem_len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED) {
		diag("mmap /dev/fb0: %s", strerror(errno));
		ret = FAIL;
	} else {
		if (memcmp(map + 4096, out, sizeof(out))) {
			diag("bytes written with write() differ in the mmap");
			ret = FAIL;
		}
		munmap(map, fix.smem_len);
	}

	var.xoffset = 0;
	var.yoffset = 0;
	if (ioctl(fd, FBIOPAN_DISPLAY, &var)) {
		diag("FBIOPAN_DISPLAY: %s", strerror(errno));
		ret = FAIL;
	}
	close(fd);
	return ret;
}

/*
 * fbcon_damage: console output goes through the fbdev emulation's damage
 * worker, which maps and unmaps the VRAM buffer for every flush. With lazy
 * unmapping, the kernel's trace (kprobe events, kms-trace.h) shows many
 * reuses of the kept mapping (vmaps of the helper that found no use and a
 * kept mapping, and made no real map) and only a few real maps (ttm_bo_vmap).
 */
static int test_fbcon_damage(void)
{
	static struct vram_trace t0, t1;
	unsigned long long vmaps, reuses, maps, unmaps;
	FILE *tty;
	int i, ret;

	ret = vram_trace_start(true, stderr);
	if (ret == -ENOENT) {
		diag("no kprobe events in tracefs: the kernel cannot count the helper's maps");
		return SKIP;
	}
	CHECK(!ret && !vram_trace_read(&t0), "no trace of the helper's mappings: %s",
	      strerror(-ret));
	tty = fopen("/dev/tty1", "w");
	CHECK(tty, "open /dev/tty1: %s", strerror(errno));
	for (i = 0; i < 200; i++) {
		fprintf(tty, "kms-test: console line %d: the quick brown fox\n", i);
		fflush(tty);
		usleep(20000);
	}
	fclose(tty);
	usleep(500000);
	CHECK(!vram_trace_read(&t1), "the trace vanished");
	vmaps = t1.c.vmaps - t0.c.vmaps;
	reuses = t1.c.reuses - t0.c.reuses;
	maps = t1.c.maps - t0.c.maps;
	unmaps = t1.c.unmaps - t0.c.unmaps;
	diag("damage flushes: %llu vmaps, %llu reused the kept mapping, %llu real maps, %llu real unmaps",
	     vmaps, reuses, maps, unmaps);
	CHECK(!t1.lost, "the trace buffer lost %llu events", t1.lost);
	CHECK(reuses >= 10, "too few flushes reused the mapping");
	CHECK(maps <= 2, "flushes mapped the buffer anew");
	return PASS;
}


/*
 * device: the device is bochs-drm, supports dumb buffers with 32-bit depth,
 * and has a connected connector with a mode, a CRTC and a plane.
 */
static int test_device(void)
{
	drmVersionPtr v = drmGetVersion(kms.fd);
	uint64_t cap = 0;

	CHECK(v, "drmGetVersion: %s", strerror(errno));
	diag("driver %s %d.%d.%d", v->name, v->version_major, v->version_minor,
	     v->version_patchlevel);
	CHECK(!strcmp(v->name, "bochs-drm"), "driver is %s", v->name);
	drmFreeVersion(v);
	CHECK(!drmGetCap(kms.fd, DRM_CAP_DUMB_BUFFER, &cap) && cap == 1, "no dumb buffers");
	CHECK(!drmGetCap(kms.fd, DRM_CAP_DUMB_PREFERRED_DEPTH, &cap), "no preferred depth");
	diag("preferred depth %" PRIu64, cap);
	CHECK(!find_pipe(), "no connected connector, CRTC or plane");
	diag("connector %u crtc %u plane %u mode %s %ux%u", kms.conn, kms.crtc, kms.plane,
	     kms.mode.name, kms.mode.hdisplay, kms.mode.vdisplay);
	return PASS;
}

/* dumb_rw: a dumb buffer's bytes written through mmap() read back. */
static int test_dumb_rw(void)
{
	struct buffer b;
	uint64_t bad;
	int ret = buffer_create(&b, 640, 480);

	CHECK(!ret, "create dumb: %s", strerror(-ret));
	CHECK(b.pitch >= 640 * 4 && b.size >= (uint64_t)b.pitch * 480,
	      "pitch %u size %" PRIu64, b.pitch, b.size);
	fill(&b, 1);
	bad = mismatches(&b, 1);
	buffer_destroy(&b);
	CHECK(!bad, "%" PRIu64 " words differ", bad);
	return PASS;
}

/* Waits up to 2 s for the event of the page flip just queued. */
static int wait_flip(void)
{
	drmEventContext ev = {
		.version = 2,
		.page_flip_handler = flip_handler,
	};
	struct pollfd pfd = { .fd = kms.fd, .events = POLLIN };
	int want = flip_events + 1;

	while (flip_events < want) {
		if (poll(&pfd, 1, 2000) != 1)
			return -ETIMEDOUT;
		if (drmHandleEvent(kms.fd, &ev))
			return -EIO;
	}
	return 0;
}

/*
 * modeset_flip: two framebuffers are shown with a legacy mode set, an atomic
 * commit and page flips with events; DIRTYFB answers ENOSYS (bochs creates
 * framebuffers without a dirty callback in 6.12); each framebuffer's bytes
 * survive.
 */
static int test_modeset_flip(void)
{
	struct buffer b[2];
	uint32_t w = kms.mode.hdisplay, h = kms.mode.vdisplay;
	drmModeCrtcPtr crtc;
	drmModeAtomicReqPtr req;
	drmModeObjectPropertiesPtr props;
	uint32_t fb_id_prop = 0;
	int i, ret, result = PASS;

	for (i = 0; i < 2; i++) {
		ret = buffer_create(&b[i], w, h);
		if (!ret)
			ret = buffer_add_fb(&b[i], w, h);
		CHECK(!ret, "buffer %d: %s", i, strerror(-ret));
		fill(&b[i], 10 + i);
	}

	ret = drmModeSetCrtc(kms.fd, kms.crtc, b[0].fb, 0, 0, &kms.conn, 1, &kms.mode);
	if (ret) {
		diag("legacy SETCRTC: %s", strerror(errno));
		result = FAIL;
	}
	crtc = drmModeGetCrtc(kms.fd, kms.crtc);
	if (!crtc || crtc->buffer_id != b[0].fb) {
		diag("CRTC does not show framebuffer %u", b[0].fb);
		result = FAIL;
	}
	drmModeFreeCrtc(crtc);

	/* Atomic: show the second framebuffer on the primary plane. */
	if (drmSetClientCap(kms.fd, DRM_CLIENT_CAP_ATOMIC, 1)) {
		diag("no atomic: %s", strerror(errno));
		result = FAIL;
	} else {
		props = drmModeObjectGetProperties(kms.fd, kms.plane, DRM_MODE_OBJECT_PLANE);
		for (i = 0; props && i < (int)props->count_props; i++) {
			drmModePropertyPtr p = drmModeGetProperty(kms.fd, props->props[i]);

			if (p && !strcmp(p->name, "FB_ID"))
				fb_id_prop = p->prop_id;
			drmModeFreeProperty(p);
		}
		drmModeFreeObjectProperties(props);
		req = drmModeAtomicAlloc();
		drmModeAtomicAddProperty(req, kms.plane, fb_id_prop, b[1].fb);
		if (!fb_id_prop || drmModeAtomicCommit(kms.fd, req, 0, NULL)) {
			diag("atomic commit: %s", strerror(errno));
			result = FAIL;
		}
		drmModeAtomicFree(req);
		drmSetClientCap(kms.fd, DRM_CLIENT_CAP_ATOMIC, 0);
	}

	for (i = 0; i < NUM_FLIPS; i++) {
		if (drmModePageFlip(kms.fd, kms.crtc, b[i % 2].fb, DRM_MODE_PAGE_FLIP_EVENT,
				    NULL) ||
		    wait_flip()) {
			diag("page flip %d: %s", i, strerror(errno));
			result = FAIL;
			break;
		}
	}
	diag("%d page flips with events", i);

	for (i = 0; i < NUM_DIRTY; i++) {
		drmModeClip clip = { 0, 0, 64, 64 };

		ret = drmModeDirtyFB(kms.fd, b[i % 2].fb, &clip, 1);
		if (ret != -ENOSYS) {
			diag("DIRTYFB %d returned %d, expected -ENOSYS", i, ret);
			result = FAIL;
			break;
		}
	}

	for (i = 0; i < 2; i++) {
		uint64_t bad = mismatches(&b[i], 10 + i);

		if (bad) {
			diag("framebuffer %d: %" PRIu64 " words differ", i, bad);
			result = FAIL;
		}
	}
	for (i = 0; i < 2; i++)
		buffer_destroy(&b[i]);
	return result;
}

/*
 * evict: more framebuffers than fit in VRAM are shown in turn, so that TTM
 * evicts the others to system memory; every buffer keeps its bytes.
 */
static int test_evict(void)
{
	struct buffer b[NUM_EVICT_BOS];
	uint32_t w = kms.mode.hdisplay, h = kms.mode.vdisplay;
	int i, round, ret, result = PASS;

	for (i = 0; i < NUM_EVICT_BOS; i++) {
		ret = buffer_create(&b[i], w, h);
		if (!ret)
			ret = buffer_add_fb(&b[i], w, h);
		CHECK(!ret, "buffer %d: %s", i, strerror(-ret));
		fill(&b[i], 20 + i);
	}
	for (round = 0; round < 2 && result == PASS; round++) {
		for (i = 0; i < NUM_EVICT_BOS; i++) {
			if (drmModeSetCrtc(kms.fd, kms.crtc, b[i].fb, 0, 0, &kms.conn, 1,
					   &kms.mode)) {
				diag("show buffer %d: %s", i, strerror(errno));
				result = FAIL;
				break;
			}
		}
	}
	for (i = 0; i < NUM_EVICT_BOS; i++) {
		uint64_t bad = mismatches(&b[i], 20 + i);

		if (bad) {
			diag("buffer %d: %" PRIu64 " words differ after eviction", i, bad);
			result = FAIL;
		}
	}
	diag("%d buffers of %" PRIu64 " bytes shown in turn", NUM_EVICT_BOS, b[0].size);
	for (i = 0; i < NUM_EVICT_BOS; i++)
		buffer_destroy(&b[i]);
	return result;
}

/*
 * destroy: a destroyed dumb buffer's handle is gone (MAP_DUMB fails with
 * ENOENT), and so is a removed framebuffer (RMFB fails with ENOENT).
 */
static int test_destroy(void)
{
	struct drm_mode_map_dumb map = { 0 };
	struct buffer b;
	uint32_t handle, fb;
	int ret = buffer_create(&b, 64, 64);

	if (!ret)
		ret = buffer_add_fb(&b, 64, 64);
	CHECK(!ret, "create: %s", strerror(-ret));
	handle = b.handle;
	fb = b.fb;
	buffer_destroy(&b);

	map.handle = handle;
	CHECK(drmIoctl(kms.fd, DRM_IOCTL_MODE_MAP_DUMB, &map) && errno == ENOENT,
	      "MAP_DUMB after destroy: %s", strerror(errno));
	CHECK(drmModeRmFB(kms.fd, fb) && errno == ENOENT, "RMFB after remove: %s",
	      strerror(errno));
	return PASS;
}

/* The known image of the screenshot test; the host computes the same. */
static uint32_t screenshot_pixel(uint32_t x, uint32_t y, uint32_t w, uint32_t h)
{
	uint32_t r = x * 255 / (w - 1), g = y * 255 / (h - 1);
	uint32_t b = ((x / 64) ^ (y / 64)) & 1 ? 0xff : 0x20;

	return r << 16 | g << 8 | b;
}

/*
 * screenshot: a known image is shown for the host to take a screendump of;
 * the host compares the pixels. Here it passes when the image is on screen.
 */
static int test_screenshot(void)
{
	uint32_t w = kms.mode.hdisplay, h = kms.mode.vdisplay, x, y;
	struct buffer b;
	int ret = buffer_create(&b, w, h);

	if (!ret)
		ret = buffer_add_fb(&b, w, h);
	CHECK(!ret, "create: %s", strerror(-ret));
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++)
			b.map[y * (b.pitch / 4) + x] = screenshot_pixel(x, y, w, h);
	ret = drmModeSetCrtc(kms.fd, kms.crtc, b.fb, 0, 0, &kms.conn, 1, &kms.mode);
	if (!ret) {
		FILE *console = fopen("/dev/ttyS0", "w");

		if (console) {
			fprintf(console, "kms-test: screenshot ready %ux%u\n", w, h);
			fclose(console);
		}
		sleep(4);
	}
	buffer_destroy(&b);
	CHECK(!ret, "SETCRTC: %s", strerror(errno));
	return PASS;
}

int main(int argc, char **argv)
{
	kms.path = argc > 1 ? argv[1] : "/dev/dri/card0";

	printf("KTAP version 1\n1..8\n");
	fflush(stdout);

	/* fbdev first: fbcon owns the display until a KMS client sets a mode. */
	run("fbdev", test_fbdev);
	run("fbcon_damage", test_fbcon_damage);

	kms.fd = open(kms.path, O_RDWR | O_CLOEXEC);
	if (kms.fd < 0)
		diag("open %s: %s", kms.path, strerror(errno));
	run("device", test_device);
	run("dumb_rw", test_dumb_rw);
	run("modeset_flip", test_modeset_flip);
	run("evict", test_evict);
	run("destroy", test_destroy);
	run("screenshot", test_screenshot);

	return failed ? 1 : 0;
}
