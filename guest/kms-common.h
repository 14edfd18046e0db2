/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What kms-test and kms-bench share: the GEM VRAM helper's debugfs counters and a
 * page-flip event handler.
 */
#ifndef KMS_COMMON_H
#define KMS_COMMON_H

#include <stdio.h>

#define COUNTERS	"/sys/kernel/debug/dri/0/vram-mappings"

/* Reads the helper's debugfs counters; returns -1 if the file is missing. */
static inline int read_counters(unsigned long long *maps, unsigned long long *reuses)
{
	FILE *f = fopen(COUNTERS, "r");
	char line[128];

	if (!f)
		return -1;
	*maps = *reuses = 0;
	while (fgets(line, sizeof(line), f)) {
		sscanf(line, "maps: %llu", maps);
		sscanf(line, "reuses: %llu", reuses);
	}
	fclose(f);
	return 0;
}

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
