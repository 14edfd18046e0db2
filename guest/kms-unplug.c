// SPDX-License-Identifier: GPL-2.0
/*
 * kms-unplug: unbind the bochs device while a client holds buffers, then bind it again.
 *
 * Runs in the debug guest (KASAN, kmemleak, lockdep). The client keeps dumb buffers
 * mapped into its address space and one of them on the screen, and unbinds the PCI
 * device through sysfs. Afterwards every ioctl on the old device must fail with ENODEV,
 * touching the old mappings must not fault, and closing the last file must free the
 * device and its buffers (KASAN and kmemleak watch that part). Binding the device again
 * must give a working card0 again. KTAP output; exit status 0 if every subtest passed.
 *
 * Usage: kms-unplug
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <unistd.h>

#include "kms-client.h"

#define CARD		"/dev/dri/card0"
#define DRIVER		"/sys/bus/pci/drivers/bochs-drm"
#define NUM_BUFFERS	4

static struct buffer bufs[NUM_BUFFERS];
static char pci_addr[64];

static int write_file(const char *path, const char *value)
{
	int f = open(path, O_WRONLY);
	int ret = 0;

	if (f < 0)
		return -errno;
	if (write(f, value, strlen(value)) < 0)
		ret = -errno;
	close(f);
	return ret;
}

/* Opens card0, finds its pipe and creates a mapped, filled buffer of the mode with a framebuffer. */
static int open_card(void)
{
	memset(&kms, 0, sizeof(kms));
	kms.path = CARD;
	kms.fd = open(CARD, O_RDWR | O_CLOEXEC);
	if (kms.fd < 0)
		return -errno;
	return find_pipe() ? -ENOENT : 0;
}

static int buffer_new(struct buffer *b, unsigned int seed)
{
	int ret = buffer_create(b, kms.mode.hdisplay, kms.mode.vdisplay);

	if (ret)
		return ret;
	fill(b, seed);
	return buffer_add_fb(b, kms.mode.hdisplay, kms.mode.vdisplay);
}

static int show(struct buffer *b)
{
	return drmModeSetCrtc(kms.fd, kms.crtc, b->fb, 0, 0, &kms.conn, 1, &kms.mode) ? -errno : 0;
}

/* The bochs device's PCI address, from card0's sysfs link. */
static int find_device(void)
{
	char link[PATH_MAX];
	ssize_t n = readlink("/sys/class/drm/card0/device", link, sizeof(link) - 1);

	if (n < 0)
		return -errno;
	link[n] = '\0';
	snprintf(pci_addr, sizeof(pci_addr), "%s", basename(link));
	return 0;
}

static int test_hold(void)
{
	int i, ret;

	CHECK(!find_device(), "no PCI device behind card0: %s", strerror(errno));
	diag("bochs-drm device %s", pci_addr);
	ret = open_card();
	CHECK(!ret, "open %s: %s", CARD, strerror(-ret));
	for (i = 0; i < NUM_BUFFERS; i++) {
		ret = buffer_new(&bufs[i], 0x50 + i);
		CHECK(!ret, "buffer %d: %s", i, strerror(-ret));
	}
	ret = show(&bufs[0]);
	CHECK(!ret, "mode set: %s", strerror(-ret));
	diag("%d buffers of %llu bytes mapped, the first on the screen", NUM_BUFFERS,
	     (unsigned long long)bufs[0].size);
	return PASS;
}

static int test_unbind(void)
{
	struct drm_mode_create_dumb create = { .width = 64, .height = 64, .bpp = 32 };
	struct drm_mode_map_dumb map = { .handle = bufs[1].handle };
	volatile uint32_t sum = 0;
	uint64_t j;
	int i, ret;

	CHECK(kms.fd >= 0, "no client");
	ret = write_file(DRIVER "/unbind", pci_addr);
	CHECK(!ret, "unbind %s: %s", pci_addr, strerror(-ret));
	CHECK(access(CARD, F_OK) && errno == ENOENT, "%s still exists after the unbind", CARD);

	/* drm_ioctl() refuses every ioctl of an unplugged device. */
	CHECK(drmIoctl(kms.fd, DRM_IOCTL_MODE_CREATE_DUMB, &create) && errno == ENODEV,
	      "CREATE_DUMB after unbind: %s", strerror(errno));
	CHECK(drmIoctl(kms.fd, DRM_IOCTL_MODE_MAP_DUMB, &map) && errno == ENODEV,
	      "MAP_DUMB after unbind: %s", strerror(errno));
	CHECK(drmModeRmFB(kms.fd, bufs[2].fb) && errno == ENODEV, "RMFB after unbind: %s",
	      strerror(errno));

	/* The old mappings stay valid memory: TTM serves a dummy page once unplugged. */
	for (i = 0; i < NUM_BUFFERS; i++) {
		for (j = 0; j < bufs[i].size / 4; j += 1024)
			sum += bufs[i].map[j];
		bufs[i].map[0] = sum;
	}
	diag("read and wrote %d old mappings after the unbind", NUM_BUFFERS);
	return PASS;
}

static int test_close(void)
{
	int i;

	CHECK(kms.fd >= 0, "no client");
	for (i = 0; i < NUM_BUFFERS; i++)
		CHECK(!munmap(bufs[i].map, bufs[i].size), "munmap: %s", strerror(errno));
	CHECK(!close(kms.fd), "close: %s", strerror(errno));
	kms.fd = -1;
	return PASS;
}

static int test_rebind(void)
{
	struct buffer b;
	uint64_t bad;
	int i, ret;

	ret = write_file(DRIVER "/bind", pci_addr);
	CHECK(!ret, "bind %s: %s", pci_addr, strerror(-ret));
	for (i = 0; i < 100 && access(CARD, F_OK); i++)
		usleep(100000);
	ret = open_card();
	CHECK(!ret, "open %s after the bind: %s", CARD, strerror(-ret));
	ret = buffer_new(&b, 0x3c);
	CHECK(!ret, "buffer on the new device: %s", strerror(-ret));
	ret = show(&b);
	CHECK(!ret, "mode set on the new device: %s", strerror(-ret));
	bad = mismatches(&b, 0x3c);
	CHECK(!bad, "%llu words differ", (unsigned long long)bad);
	diag("the new device shows and reads back a %llu-byte buffer", (unsigned long long)b.size);
	buffer_destroy(&b);
	close(kms.fd);
	return PASS;
}

int main(void)
{
	printf("KTAP version 1\n1..4\n");
	fflush(stdout);
	run("hold_buffers", test_hold);
	run("unbind_while_held", test_unbind);
	run("close_after_unbind", test_close);
	run("rebind", test_rebind);
	return failed ? 1 : 0;
}
