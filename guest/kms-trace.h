/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The GEM VRAM helper's kernel mappings and buffer objects (BOs), counted with the
 * kernel's own tracing: kprobe events in tracefs (CONFIG_KPROBE_EVENTS), on functions the
 * kernel exports or whose address it takes. Nothing of this is the helper's ABI.
 *
 *   vmap     drm_gem_vram_vmap() returned (gbo, ret): one use of a mapping
 *   vunmap   drm_gem_vram_vunmap() was called (gbo): a use ends
 *   map      ttm_bo_vmap() returned (bo, ret): a real map; bo is the gbo (its first member)
 *   unmap    ttm_bo_vunmap() with a set mapping (bo): a real unmap (it returns early for a
 *            null one, which the event's filter drops)
 *   create   drm_gem_vram_create() was called; created: it returned (gbo or an error)
 *   destroy  ttm_buffer_object_destroy(), the helper's TTM destroy callback (bo)
 *   move, swap_notify, delete_notify: the helper's TTM callbacks bo_driver_move (bo, evict),
 *            bo_driver_swap_notify and bo_driver_delete_mem_notify, the causes of unmaps
 *            (optional: a kernel without the swapout fix has no swap_notify)
 *   damage, damage_done: drm_fb_helper_damage_work() entered and returned, the fbdev
 *            damage worker (its duration, for kms-bench)
 *
 * The events are named vt_NAME in group kmsvram (kprobe_profile shows names without
 * their group). vram_trace_start() adds them once per boot (idempotent: the first
 * program that calls it starts the trace, later ones share it), vram_trace_read()
 * replays the trace buffer into counts and per-BO state, and vram_trace_hits() reads an
 * event's hit count from kprobe_profile, cheap enough to poll. Shared by kms-test,
 * kms-fuzz, kms-bench and kms-trace (the command guest/init uses).
 */
#ifndef KMS_TRACE_H
#define KMS_TRACE_H

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#define VT_GROUP	"kmsvram"
#define VT_BUFFER_KB	"8192"
#define VT_MAX_BOS	512
#define VT_MAX_PIDS	64
#define ERR_PTR_MIN	0xfffffffffffff001ull

enum vt_cause { VT_MOVE, VT_EVICT, VT_SWAPOUT, VT_RELEASE, VT_OTHER, VT_NUM_CAUSES };

static inline const char *vt_cause_name(int cause)
{
	static const char * const names[VT_NUM_CAUSES] = {
		"move", "evict", "swapout", "release", "other",
	};

	return names[cause];
}

static const struct {
	const char *name, *def, *filter;
	bool optional;
} vt_events[] = {
	{ .name = "vmap",
	  .def = "r:" VT_GROUP "/vt_vmap drm_gem_vram_vmap gbo=$arg1:x64 ret=$retval:s32" },
	{ .name = "vunmap", .def = "p:" VT_GROUP "/vt_vunmap drm_gem_vram_vunmap gbo=%di:x64" },
	{ .name = "map", .def = "r:" VT_GROUP "/vt_map ttm_bo_vmap bo=$arg1:x64 ret=$retval:s32" },
	{ .name = "unmap",
	  .def = "p:" VT_GROUP "/vt_unmap ttm_bo_vunmap bo=%di:x64 vaddr=+0(%si):x64",
	  .filter = "vaddr != 0" },
	{ .name = "create", .def = "p:" VT_GROUP "/vt_create drm_gem_vram_create" },
	{ .name = "created", .def = "r:" VT_GROUP "/vt_created drm_gem_vram_create gbo=$retval:x64" },
	{ .name = "destroy",
	  .def = "p:" VT_GROUP "/vt_destroy ttm_buffer_object_destroy bo=%di:x64" },
	{ .name = "move", .def = "p:" VT_GROUP "/vt_move bo_driver_move bo=%di:x64 evict=%si:u8",
	  .optional = true },
	{ .name = "swap_notify",
	  .def = "p:" VT_GROUP "/vt_swap_notify bo_driver_swap_notify bo=%di:x64",
	  .optional = true },
	{ .name = "delete_notify",
	  .def = "p:" VT_GROUP "/vt_delete_notify bo_driver_delete_mem_notify bo=%di:x64",
	  .optional = true },
	{ .name = "damage", .def = "p:" VT_GROUP "/vt_damage drm_fb_helper_damage_work",
	  .optional = true },
	{ .name = "damage_done", .def = "r:" VT_GROUP "/vt_damage_done drm_fb_helper_damage_work",
	  .optional = true },
};

/* What happened since the trace started; counts only grow, subtract two readings. */
struct vt_counts {
	unsigned long long vmaps;	/* successful drm_gem_vram_vmap() */
	unsigned long long reuses;	/* of them, with no use and a kept mapping, reused */
	unsigned long long vmap_errors;
	unsigned long long vunmaps;
	unsigned long long maps;	/* real maps: successful ttm_bo_vmap() */
	unsigned long long unmaps;	/* real unmaps, of all causes */
	unsigned long long unmaps_by[VT_NUM_CAUSES];
	unsigned long long creates;	/* BOs created (drm_gem_vram_create() succeeded) */
	unsigned long long destroys;	/* BOs destroyed, other than by a failed create */
	unsigned long long flushes;	/* damage worker runs that returned */
	unsigned long long flush_us;	/* their summed duration */
};

/* One BO seen in the trace. */
struct vt_bo {
	unsigned long long ptr;
	bool created;		/* created while tracing (else it existed before) */
	bool destroyed;
	int use;		/* vmaps - vunmaps, never below 0 (the trace may start mid-use) */
	int mapped;		/* -1 unknown (nothing seen yet), 0 no, 1 yes */
	bool just_mapped;	/* a real map since its last vmap or vunmap */
};

struct vram_trace {
	struct vt_counts c;
	struct vt_bo bo[VT_MAX_BOS];
	unsigned int nbos;
	unsigned int live;	/* BOs created while tracing and not destroyed */
	unsigned int in_use;	/* live or older BOs whose vmaps outnumber their vunmaps */
	unsigned int kept;	/* BOs whose last real map was not unmapped */
	unsigned int kept_before; /* BOs whose first real event was an unmap */
	unsigned long long lost;	/* events the trace buffer dropped, probes missed */
	unsigned int problems;	/* inconsistent sequences; the first is in problem */
	char problem[256];
	double flush_us_median;	/* the damage worker's median duration, 0 if none */
	/*
	 * The mean of its fastest 95 %: timestamps have microseconds, so a median of short
	 * flushes is a whole number; a mean is not, and dropping the slowest 5 % leaves out
	 * the flushes an interrupt or the host delayed.
	 */
	double flush_us_mean95;
};

static const char *vt_dir = "/sys/kernel/tracing";

static inline int vt_write(const char *file, const char *text, int flags)
{
	char path[256];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", vt_dir, file);
	fd = open(path, O_WRONLY | flags);
	if (fd < 0)
		return -errno;
	n = write(fd, text, strlen(text));
	if (n < 0)
		n = -errno;
	close(fd);
	return n < 0 ? (int)n : 0;
}

static inline bool vt_exists(const char *file)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", vt_dir, file);
	return !access(path, F_OK);
}

/* Turns one event on or off; returns 0 or a negative errno. */
static inline int vram_trace_enable(const char *name, bool on)
{
	char file[128];

	snprintf(file, sizeof(file), "events/" VT_GROUP "/vt_%s/enable", name);
	return vt_write(file, on ? "1" : "0", O_TRUNC);
}

/*
 * Mounts tracefs and adds the events, unless an earlier program did. With enable, turns
 * them all on (the first time). Prints why it fails to err; returns 0 or a negative errno.
 */
static inline int vram_trace_start(bool enable, FILE *err)
{
	char file[128];
	unsigned int i;
	int ret;

	if (access("/sys/kernel/tracing/kprobe_events", F_OK))
		mount("tracefs", "/sys/kernel/tracing", "tracefs", 0, NULL);
	if (access("/sys/kernel/tracing/kprobe_events", F_OK))
		vt_dir = "/sys/kernel/debug/tracing";
	if (!vt_exists("kprobe_events")) {
		fprintf(err, "no tracefs with kprobe_events (CONFIG_KPROBE_EVENTS)\n");
		return -ENOENT;
	}
	if (vt_exists("events/" VT_GROUP "/vt_vmap"))
		return 0;
	ret = vt_write("buffer_size_kb", VT_BUFFER_KB, O_TRUNC);
	if (ret)
		fprintf(err, "buffer_size_kb: %s\n", strerror(-ret));
	for (i = 0; i < sizeof(vt_events) / sizeof(vt_events[0]); i++) {
		ret = vt_write("kprobe_events", vt_events[i].def, O_APPEND);
		if (ret && !vt_events[i].optional) {
			fprintf(err, "kprobe \"%s\": %s\n", vt_events[i].def, strerror(-ret));
			return ret;
		}
		if (ret)
			continue;
		if (vt_events[i].filter) {
			snprintf(file, sizeof(file), "events/" VT_GROUP "/vt_%s/filter",
				 vt_events[i].name);
			ret = vt_write(file, vt_events[i].filter, O_TRUNC);
			if (ret) {
				fprintf(err, "filter of %s: %s\n", vt_events[i].name,
					strerror(-ret));
				return ret;
			}
		}
	}
	/* Reading the trace must not pause it: events of that moment would be missing. */
	vt_write("options/pause-on-trace", "0", O_TRUNC);
	ret = vt_write("trace", "", O_TRUNC);
	if (!ret)
		ret = vt_write("tracing_on", "1", O_TRUNC);
	if (!ret && enable)
		ret = vt_write("events/" VT_GROUP "/enable", "1", O_TRUNC);
	if (ret)
		fprintf(err, "cannot clear or enable the trace: %s\n", strerror(-ret));
	return ret;
}

/* Empties the trace buffer; returns 0 or a negative errno. */
static inline int vram_trace_clear(void)
{
	return vt_write("trace", "", O_TRUNC);
}

/* The hits of one event (kprobe_profile, counted whether or not it is recorded). */
static inline long long vram_trace_hits(const char *name)
{
	char path[256], line[256], event[128];
	unsigned long long hits;
	long long ret = -1;
	FILE *f;

	snprintf(path, sizeof(path), "%s/kprobe_profile", vt_dir);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%127s %llu", event, &hits) == 2 && !strncmp(event, "vt_", 3) &&
		    !strcmp(event + 3, name)) {
			ret = hits;
			break;
		}
	fclose(f);
	return ret;
}

static inline struct vt_bo *vt_bo(struct vram_trace *t, unsigned long long ptr)
{
	unsigned int i;

	for (i = 0; i < t->nbos; i++)
		if (t->bo[i].ptr == ptr && !t->bo[i].destroyed)
			return &t->bo[i];
	for (i = 0; i < t->nbos; i++)	/* reuse a destroyed BO's slot */
		if (t->bo[i].destroyed)
			break;
	if (i == VT_MAX_BOS)
		return NULL;
	if (i == t->nbos)
		t->nbos++;
	memset(&t->bo[i], 0, sizeof(t->bo[i]));
	t->bo[i].ptr = ptr;
	t->bo[i].mapped = -1;
	return &t->bo[i];
}

static inline void vt_problem(struct vram_trace *t, const char *what, unsigned long long ptr)
{
	if (!t->problems++)
		snprintf(t->problem, sizeof(t->problem), "BO %#llx: %s", ptr, what);
}

static inline unsigned long long vt_field(const char *args, const char *name)
{
	const char *p = strstr(args, name);

	return p ? strtoull(p + strlen(name), NULL, 0) : 0;
}

static inline int vt_cmp(const void *a, const void *b)
{
	unsigned long long x = *(const unsigned long long *)a, y = *(const unsigned long long *)b;

	return x < y ? -1 : x > y;
}

/*
 * Parses "COMM-PID [CPU] FLAGS SECS.USECS: EVENT: (...) ARGS"; returns the event's name
 * (in line) or NULL.
 */
static inline char *vt_parse(char *line, int *pid, unsigned long long *us, char **args)
{
	char *rb = strstr(line, "] "), *p, *name;
	unsigned long s, u;
	int n;

	if (line[0] == '#' || !rb)
		return NULL;
	for (p = rb; p > line && *p != '['; p--)
		;
	while (p > line && p[-1] == ' ')
		p--;
	while (p > line && isdigit((unsigned char)p[-1]))
		p--;
	*pid = atoi(p);
	for (p = rb + 2;;) {
		p += strspn(p, " ");
		n = 0;
		if (sscanf(p, "%lu.%lu:%n", &s, &u, &n) == 2 && n)
			break;
		p += strcspn(p, " ");
		if (!*p)
			return NULL;
	}
	*us = s * 1000000ull + u;
	name = p + n + strspn(p + n, " ");
	p = strstr(name, ": (");
	if (!p)
		return NULL;
	*p = 0;
	*args = p + 1;
	return strncmp(name, "vt_", 3) ? NULL : name + 3;
}

/* Replays the trace buffer. Returns 0, or a negative errno if it cannot be read. */
static inline int vram_trace_read(struct vram_trace *t)
{
	static unsigned long long durations[65536];
	struct { int pid; bool creating; unsigned long long cause_bo, damage_us; int cause; }
		pids[VT_MAX_PIDS] = { { 0 } };
	char path[256], line[512], *name, *args;
	unsigned long long us, ptr, v, lost;
	unsigned int i, npids = 0, ndur = 0;
	struct vt_bo *b;
	FILE *f;
	int pid;

	memset(t, 0, sizeof(*t));
	snprintf(path, sizeof(path), "%s/trace", vt_dir);
	f = fopen(path, "r");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		name = vt_parse(line, &pid, &us, &args);
		if (!name)
			continue;
		for (i = 0; i < npids && pids[i].pid != pid; i++)
			;
		if (i == npids && npids < VT_MAX_PIDS)
			pids[npids++].pid = pid;
		if (i == VT_MAX_PIDS)
			i = 0;	/* more threads than that never map buffers here */
		ptr = vt_field(args, " gbo=");
		if (!ptr)
			ptr = vt_field(args, " bo=");
		if (!strcmp(name, "create")) {
			pids[i].creating = true;
			continue;
		}
		if (!strcmp(name, "damage")) {
			pids[i].damage_us = us;
			continue;
		}
		if (!strcmp(name, "damage_done")) {
			if (pids[i].damage_us) {
				t->c.flushes++;
				t->c.flush_us += us - pids[i].damage_us;
				if (ndur < sizeof(durations) / sizeof(durations[0]))
					durations[ndur++] = us - pids[i].damage_us;
			}
			pids[i].damage_us = 0;
			continue;
		}
		if (!strcmp(name, "move") || !strcmp(name, "swap_notify") ||
		    !strcmp(name, "delete_notify")) {
			pids[i].cause_bo = ptr;
			pids[i].cause = name[0] == 's' ? VT_SWAPOUT : name[0] == 'd' ? VT_RELEASE :
					vt_field(args, " evict=") ? VT_EVICT : VT_MOVE;
			continue;
		}
		if (!strcmp(name, "created")) {
			pids[i].creating = false;
			if (ptr >= ERR_PTR_MIN || !ptr)
				continue;
			b = vt_bo(t, ptr);
			if (b)
				b->created = true;
			t->c.creates++;
			continue;
		}
		b = ptr ? vt_bo(t, ptr) : NULL;
		if (!b) {
			vt_problem(t, "more BOs than the trace reader keeps", ptr);
			continue;
		}
		if (!strcmp(name, "destroy")) {
			b->destroyed = true;
			if (pids[i].creating)	/* a failed create frees its BO */
				continue;
			t->c.destroys++;
			if (b->use)
				vt_problem(t, "destroyed with a mapping in use", ptr);
			if (b->mapped == 1)
				vt_problem(t, "destroyed with a kernel mapping left", ptr);
		} else if (!strcmp(name, "vmap")) {
			v = vt_field(args, " ret=");
			if (v) {
				t->c.vmap_errors++;
				continue;
			}
			t->c.vmaps++;
			/* The helper's vmap returns after the real map it made, if any. */
			if (!b->use && !b->just_mapped && b->mapped != 0)
				t->c.reuses++;
			b->just_mapped = false;
			b->use++;
		} else if (!strcmp(name, "vunmap")) {
			t->c.vunmaps++;
			b->just_mapped = false;
			if (b->use)
				b->use--;
		} else if (!strcmp(name, "map")) {
			if (vt_field(args, " ret="))
				continue;
			t->c.maps++;
			if (b->mapped == 1)
				vt_problem(t, "mapped again while its mapping was kept (a leak)", ptr);
			b->mapped = 1;
			b->just_mapped = true;
		} else if (!strcmp(name, "unmap")) {
			t->c.unmaps++;
			t->c.unmaps_by[pids[i].cause_bo == ptr ? pids[i].cause : VT_OTHER]++;
			pids[i].cause_bo = 0;
			if (b->mapped == -1)
				t->kept_before++;
			b->mapped = 0;
		}
	}
	fclose(f);

	for (i = 0; i < t->nbos; i++) {
		if (t->bo[i].destroyed)
			continue;
		t->live += t->bo[i].created;
		t->in_use += t->bo[i].use > 0;
		t->kept += t->bo[i].mapped == 1;
	}
	if (t->c.maps + t->kept_before != t->c.unmaps + t->kept && !t->problems)
		snprintf(t->problem, sizeof(t->problem),
			 "maps %llu + %u kept before != unmaps %llu + %u kept now", t->c.maps,
			 t->kept_before, t->c.unmaps, t->kept);
	if (ndur) {
		unsigned int keep = (ndur * 95 + 99) / 100;
		unsigned long long sum = 0;

		qsort(durations, ndur, sizeof(durations[0]), vt_cmp);
		t->flush_us_median = ndur % 2 ? durations[ndur / 2] :
				     (durations[ndur / 2 - 1] + durations[ndur / 2]) / 2.0;
		for (i = 0; i < keep; i++)
			sum += durations[i];
		t->flush_us_mean95 = (double)sum / keep;
	}

	/* Lost events would make every count wrong: missed probes too. */
	snprintf(path, sizeof(path), "%s/kprobe_profile", vt_dir);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f)) {
		char event[128];
		unsigned long long hits;

		if (sscanf(line, "%127s %llu %llu", event, &hits, &lost) == 3 &&
		    !strncmp(event, "vt_", 3))
			t->lost += lost;
	}
	if (f)
		fclose(f);

	snprintf(path, sizeof(path), "%s/per_cpu/cpu0/stats", vt_dir);
	for (i = 0; (f = fopen(path, "r")); ) {
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "overrun: %llu", &lost) == 1 ||
			    sscanf(line, "dropped events: %llu", &lost) == 1)
				t->lost += lost;
		fclose(f);
		snprintf(path, sizeof(path), "%s/per_cpu/cpu%u/stats", vt_dir, ++i);
	}
	return 0;
}

/* Whether the counts add up: no lost event and no inconsistent sequence. */
static inline bool vram_trace_consistent(const struct vram_trace *t)
{
	return !t->lost && !t->problems &&
	       t->c.maps + t->kept_before == t->c.unmaps + t->kept;
}

#endif
