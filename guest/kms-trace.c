// SPDX-License-Identifier: GPL-2.0
/*
 * kms-trace: the GEM VRAM helper's mappings, counted with kprobe events (kms-trace.h), for
 * guest/init.
 *
 *   kms-trace start   add and enable the events (once per boot; later calls do nothing)
 *   kms-trace show    print the counts since the start, one "name: value" a line, and the
 *                     first inconsistency; exits 1 if the counts do not add up
 */
#include "kms-trace.h"

int main(int argc, char **argv)
{
	static struct vram_trace t;
	int i;

	if (argc == 2 && !strcmp(argv[1], "start"))
		return vram_trace_start(true, stderr) ? 1 : 0;
	if (argc != 2 || strcmp(argv[1], "show")) {
		fprintf(stderr, "usage: kms-trace start|show\n");
		return 2;
	}
	if (vram_trace_start(true, stderr) || vram_trace_read(&t)) {
		fprintf(stderr, "kms-trace: cannot read the trace\n");
		return 1;
	}
	printf("vmaps: %llu\n", t.c.vmaps);
	printf("vunmaps: %llu\n", t.c.vunmaps);
	printf("maps: %llu\n", t.c.maps);
	printf("reuses: %llu\n", t.c.reuses);
	for (i = 0; i < VT_NUM_CAUSES; i++)
		printf("unmaps-%s: %llu\n", vt_cause_name(i), t.c.unmaps_by[i]);
	printf("bos-created: %llu\n", t.c.creates);
	printf("bos-destroyed: %llu\n", t.c.destroys);
	printf("bos-in-use: %u\n", t.in_use);
	printf("mappings-kept: %u (%u before the trace started)\n", t.kept, t.kept_before);
	printf("damage-flushes: %llu\n", t.c.flushes);
	printf("lost-events: %llu\n", t.lost);
	if (t.problems || t.problem[0])
		printf("problem: %s (%u in all)\n", t.problem, t.problems);
	return vram_trace_consistent(&t) ? 0 : 1;
}
