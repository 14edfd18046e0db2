/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What kms-test and kms-fuzz share: KTAP output (diag, CHECK, run), the device and its
 * pipe (struct kms, find_pipe) and mapped dumb buffers with a known pattern.
 */
#ifndef KMS_CLIENT_H
#define KMS_CLIENT_H

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include <drm_fourcc.h>
#include <xf86drm.h>
#include <xf86drmMode.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

struct buffer {
	uint32_t handle;
	uint32_t pitch;
	uint64_t size;
	uint32_t fb;
	uint32_t *map;
};

static struct {
	const char *path;
	int fd;
	uint32_t conn;
	uint32_t crtc;
	uint32_t plane;
	drmModeModeInfo mode;
} kms = { .fd = -1 };

static int test_num;
static int failed;

/* Prints a KTAP diagnostic line. */
static inline void diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

#define CHECK(cond, ...)						\
	do {								\
		if (!(cond)) {						\
			diag("%s:%d: %s", __func__, __LINE__, #cond);	\
			diag(__VA_ARGS__);				\
			return -1;					\
		}							\
	} while (0)

enum { PASS = 0, FAIL = -1, SKIP = 1 };

static inline void run(const char *name, int (*fn)(void))
{
	int ret = fn();

	test_num++;
	if (ret == SKIP) {
		printf("ok %d %s # SKIP\n", test_num, name);
	} else if (ret == PASS) {
		printf("ok %d %s\n", test_num, name);
	} else {
		printf("not ok %d %s\n", test_num, name);
		failed++;
	}
	fflush(stdout);
}

static inline uint32_t pattern(unsigned int seed, unsigned int i)
{
	return (seed * 0x01010101u) ^ (i * 2654435761u);
}

static inline int buffer_create(struct buffer *b, uint32_t width, uint32_t height)
{
	struct drm_mode_create_dumb create = {
		.width = width, .height = height, .bpp = 32,
	};
	struct drm_mode_map_dumb map = { 0 };
	void *p;

	memset(b, 0, sizeof(*b));
	if (drmIoctl(kms.fd, DRM_IOCTL_MODE_CREATE_DUMB, &create))
		return -errno;
	b->handle = create.handle;
	b->pitch = create.pitch;
	b->size = create.size;

	map.handle = b->handle;
	if (drmIoctl(kms.fd, DRM_IOCTL_MODE_MAP_DUMB, &map))
		return -errno;
	p = mmap(NULL, b->size, PROT_READ | PROT_WRITE, MAP_SHARED, kms.fd, map.offset);
	if (p == MAP_FAILED)
		return -errno;
	b->map = p;

	return 0;
}

static inline int buffer_add_fb(struct buffer *b, uint32_t width, uint32_t height)
{
	uint32_t handles[4] = { b->handle }, pitches[4] = { b->pitch }, offsets[4] = { 0 };

	if (drmModeAddFB2(kms.fd, width, height, DRM_FORMAT_XRGB8888, handles,
			  pitches, offsets, &b->fb, 0))
		return -errno;
	return 0;
}

static inline void buffer_destroy(struct buffer *b)
{
	struct drm_mode_destroy_dumb destroy = { .handle = b->handle };

	if (b->fb)
		drmModeRmFB(kms.fd, b->fb);
	if (b->map)
		munmap(b->map, b->size);
	if (b->handle)
		drmIoctl(kms.fd, DRM_IOCTL_MODE_DESTROY_DUMB, &destroy);
	memset(b, 0, sizeof(*b));
}

static inline void fill(struct buffer *b, unsigned int seed)
{
	uint64_t i;

	for (i = 0; i < b->size / 4; i++)
		b->map[i] = pattern(seed, i);
}

static inline uint64_t mismatches(const struct buffer *b, unsigned int seed)
{
	uint64_t i, bad = 0;

	for (i = 0; i < b->size / 4; i++)
		bad += b->map[i] != pattern(seed, i);
	return bad;
}

/*
 * Finds a connected connector with a mode, the first CRTC and the first plane; returns
 * 0 if all three exist.
 */
static inline int find_pipe(void)
{
	drmModeRes *res = drmModeGetResources(kms.fd);
	drmModePlaneRes *planes;
	drmModeConnector *conn = NULL;
	int i;

	if (!res)
		return -1;
	for (i = 0; i < res->count_connectors && !kms.conn; i++) {
		conn = drmModeGetConnector(kms.fd, res->connectors[i]);
		if (conn && conn->connection == DRM_MODE_CONNECTED && conn->count_modes) {
			kms.conn = conn->connector_id;
			kms.mode = conn->modes[0];
		}
		drmModeFreeConnector(conn);
	}
	if (res->count_crtcs)
		kms.crtc = res->crtcs[0];
	drmModeFreeResources(res);

	drmSetClientCap(kms.fd, DRM_CLIENT_CAP_UNIVERSAL_PLANES, 1);
	planes = drmModeGetPlaneResources(kms.fd);
	if (planes && planes->count_planes)
		kms.plane = planes->planes[0];
	drmModeFreePlaneResources(planes);

	return kms.conn && kms.crtc && kms.plane ? 0 : -1;
}

#endif
