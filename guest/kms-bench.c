// SPDX-License-Identifier: GPL-2.0
/*
 * kms-bench: what lazy unmapping buys on bochs, measured in the QEMU guest.
 *
 * Prints one line per measurement, "bench NAME VALUE UNIT":
 *  - flush_us, flush_kernel_us: wall time per fbdev damage flush, and the damage
 *    worker's own duration (the mean of the fastest 95 % of the flushes; the median
 *    too, as flush_kernel_median_us). Each iteration writes to /dev/fb0 and waits until
 *    the worker returned (kprobe events, kms-trace.h), so every iteration is one flush;
 *    the worker's entry and return are traced and their timestamps (in microseconds)
 *    give its duration.
 *  - flush_maps: real maps (ttm_bo_vmap) per flush, counted in a second, untimed loop.
 *  - flip_us: wall time per legacy page flip with event (the control: bochs
 *    scans out of pinned VRAM and maps nothing for a flip).
 *  - fb_bytes: the size of the fbdev buffer, which a real map maps whole.
 *  - idle_vmap_bytes: kernel address space held by mappings of the helper
 *    (ttm_bo_vmap callers in /proc/vmallocinfo) once the workload is idle.
 *
 * Usage: kms-bench [FLUSHES] [FLIPS]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <linux/fb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <drm_fourcc.h>
#include <xf86drm.h>
#include <xf86drmMode.h>

#include "kms-common.h"
#include "kms-trace.h"

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/*
 * Writes to /dev/fb0 and waits until the damage worker returned (the hits of its return
 * probe), n times; returns the flushes that ran, or -1.
 */
static long long flush_loop(int fd, int n)
{
	long long first = vram_trace_hits("damage_done"), hits = first, before;
	char line[256];
	double spin;
	int i;

	memset(line, 0x5a, sizeof(line));
	for (i = 0; i < n && hits >= 0; i++) {
		before = hits;
		if (pwrite(fd, line, sizeof(line), (i % 64) * 4096) != sizeof(line))
			return -1;
		spin = now_us();
		do {
			sched_yield(); /* let the damage worker run */
			hits = vram_trace_hits("damage_done");
		} while (hits == before && now_us() - spin < 1e6);
	}
	return hits < 0 ? -1 : hits - first;
}

static int bench_flushes(int n)
{
	static struct vram_trace t;
	struct fb_fix_screeninfo fix;
	long long flushes, maps;
	double start, wall;
	int fd;

	fd = open("/dev/fb0", O_WRONLY);
	if (fd < 0 || vram_trace_start(false, stderr)) {
		fprintf(stderr, "kms-bench: /dev/fb0 or tracefs: %s\n", strerror(errno));
		return -1;
	}
	if (!ioctl(fd, FBIOGET_FSCREENINFO, &fix))
		printf("bench fb_bytes %u bytes\n", fix.smem_len);

	/* Timed: only the damage worker's entry and return are traced. */
	if (vram_trace_clear() || vram_trace_enable("damage", true) ||
	    vram_trace_enable("damage_done", true)) {
		fprintf(stderr, "kms-bench: cannot trace drm_fb_helper_damage_work\n");
		return -1;
	}
	start = now_us();
	flushes = flush_loop(fd, n);
	wall = now_us() - start;
	vram_trace_enable("damage", false);
	if (flushes <= 0 || vram_trace_read(&t) || t.lost || !t.c.flushes) {
		fprintf(stderr, "kms-bench: no flush traced (%lld, %llu lost)\n", flushes, t.lost);
		return -1;
	}
	printf("bench flush_us %.1f us\n", wall / n);
	printf("bench flush_kernel_us %.2f us\n", t.flush_us_mean95);
	printf("bench flush_kernel_median_us %.1f us\n", t.flush_us_median);
	printf("bench flushes %lld flushes\n", flushes);

	/* Counted apart, so that the probe on ttm_bo_vmap costs the timed flushes nothing. */
	if (vram_trace_enable("map", true))
		return -1;
	maps = vram_trace_hits("map");
	flushes = flush_loop(fd, n / 2);
	maps = vram_trace_hits("map") - maps;
	vram_trace_enable("map", false);
	vram_trace_enable("damage_done", false);
	if (flushes <= 0)
		return -1;
	printf("bench flush_maps %.3f maps\n", (double)maps / flushes);
	close(fd);
	return 0;
}

static int bench_flips(int n)
{
	drmEventContext ev = { .version = 2, .page_flip_handler = flip_handler };
	struct drm_mode_create_dumb create[2] = { 0 };
	uint32_t fb[2], conn = 0, crtc;
	drmModeModeInfo mode;
	drmModeRes *res;
	double start;
	int fd, i;

	fd = open("/dev/dri/card0", O_RDWR | O_CLOEXEC);
	res = fd < 0 ? NULL : drmModeGetResources(fd);
	if (!res || !res->count_crtcs)
		return -1;
	crtc = res->crtcs[0];
	for (i = 0; i < res->count_connectors && !conn; i++) {
		drmModeConnector *c = drmModeGetConnector(fd, res->connectors[i]);

		if (c && c->connection == DRM_MODE_CONNECTED && c->count_modes) {
			conn = c->connector_id;
			mode = c->modes[0];
		}
		drmModeFreeConnector(c);
	}
	drmModeFreeResources(res);
	if (!conn)
		return -1;
	for (i = 0; i < 2; i++) {
		uint32_t handles[4] = { 0 }, pitches[4] = { 0 }, offsets[4] = { 0 };

		create[i].width = mode.hdisplay;
		create[i].height = mode.vdisplay;
		create[i].bpp = 32;
		if (drmIoctl(fd, DRM_IOCTL_MODE_CREATE_DUMB, &create[i]))
			return -1;
		handles[0] = create[i].handle;
		pitches[0] = create[i].pitch;
		if (drmModeAddFB2(fd, mode.hdisplay, mode.vdisplay, DRM_FORMAT_XRGB8888,
				  handles, pitches, offsets, &fb[i], 0))
			return -1;
	}
	if (drmModeSetCrtc(fd, crtc, fb[0], 0, 0, &conn, 1, &mode))
		return -1;
	start = now_us();
	for (i = 0; i < n; i++) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int want = flip_events + 1;

		if (drmModePageFlip(fd, crtc, fb[(i + 1) % 2], DRM_MODE_PAGE_FLIP_EVENT, NULL))
			return -1;
		while (flip_events < want)
			if (poll(&pfd, 1, 2000) != 1 || drmHandleEvent(fd, &ev))
				return -1;
	}
	printf("bench flip_us %.1f us\n", (now_us() - start) / n);
	close(fd); /* fbdev takes the display back */
	return 0;
}

static int bench_vmallocinfo(void)
{
	FILE *f = fopen("/proc/vmallocinfo", "r");
	unsigned long long held = 0, size;
	char line[512];

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (strstr(line, "ttm_bo_vmap") && sscanf(line, "%*s %llu", &size) == 1)
			held += size;
	}
	fclose(f);
	printf("bench idle_vmap_bytes %llu bytes\n", held);
	return 0;
}

int main(int argc, char **argv)
{
	int flushes = argc > 1 ? atoi(argv[1]) : 500;
	int flips = argc > 2 ? atoi(argv[2]) : 200;
	int ret = 0;

	if (bench_flips(flips)) {
		fprintf(stderr, "kms-bench: page flips failed: %s\n", strerror(errno));
		ret = 1;
	}
	usleep(200000);
	if (bench_flushes(flushes)) {
		fprintf(stderr, "kms-bench: flushes failed: %s\n", strerror(errno));
		ret = 1;
	}
	usleep(200000);
	if (bench_vmallocinfo())
		ret = 1;
	return ret;
}
