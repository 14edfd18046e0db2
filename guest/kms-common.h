/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What kms-test and kms-bench share: a page-flip event handler. (The GEM VRAM helper's
 * mappings are counted with the kernel's tracing: kms-trace.h.)
 */
#ifndef KMS_COMMON_H
#define KMS_COMMON_H

#include <stdio.h>

static int flip_events;

/* drmEventContext.page_flip_handler: counts the page-flip events. */
static inline void flip_handler(int fd, unsigned int seq, unsigned int sec,
				unsigned int usec, void *data)
{
	(void)fd;
	(void)seq;
	(void)sec;
	(void)usec;
	(void)data;
	flip_events++;
}

#endif
