#!/usr/bin/python3
"""Turn make bench's measurements into BENCHMARKS.md, and check it against the last one.

RESULTS (kms-bench): lines "KERNEL MODE RUN NAME VALUE UNIT" (KERNEL is lazy or eager). For
each fbdev mode the report gives medians over the runs, the spread ((max - min) / median),
and the lazy/eager ratios: of the wall time per flush and of the damage worker's own
duration (flush_kernel_us, from tracefs).

--micro MICRO (the in-kernel microbenchmark, KUnit suite drm_gem_vram_bench): lines
"KERNEL RUN mem=M size=BYTES bos=N op=OP KEY=VALUE ...", with op floor, control or pair
(ns_per: the boot's median time per round in ns) or held (bytes: address space the idle
mappings hold). Logs of an older microbenchmark have no control lines; the report shows
"n/a" for what needs them.

A ratio is the ratio of the medians, followed by its range: the smallest and largest ratio
of one run's values (the lazy and eager boots of a run are paired, and a kernel's pair time
with the floor of the same boot). With --previous, the report ends with a comparison: a
ratio of this run reproduces the previous report when it lies within the range stated
there, and address space when it is equal. With --kernel-config the report states the guest
kernel's debug options; when the previous report states other ones (or none), the summary
says that the baseline changed. With --earlier, a report of another configuration, the
report shows that one's headline figures beside its own. The summary line also goes to
standard error.
"""
import argparse
import math
import os
import platform
import re
import statistics
import subprocess
import sys
from collections import defaultdict
from fractions import Fraction

RATIO = re.compile(r"^(\d+\.\d+) \((\d+\.\d+)-(\d+\.\d+)\)$")
SUMMARY = "Reproduction:"


def load(path):
    """kms-bench results: {(kernel, mode, name): {run: value}}."""
    data = defaultdict(dict)
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) != 6:
                continue
            kernel, mode, run, name, value, _unit = parts
            data[(kernel, mode, name)][int(run)] = float(value)
    return data


def load_micro(path):
    """Microbenchmark results: {(kernel, mem, size, bos, op): {run: value}}. For op floor,
    control and pair the value is the fastest repetition of the boot; op pair/floor
    (pair/control) is the median, over the repetitions, of a pair loop's time over that of
    the floor (control) loop of the same repetition."""
    data = defaultdict(dict)
    reps = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 3:
                continue
            fields = dict(p.split("=", 1) for p in parts[2:] if "=" in p)
            try:
                config = (fields["mem"], int(fields["size"]), int(fields["bos"]))
                kernel, run, op = parts[0], int(parts[1]), fields["op"]
                if op == "held":
                    data[(kernel, *config, op)][run] = float(fields["bytes"])
                    continue
                data[(kernel, *config, op)][run] = float(fields["min"])
                if "," in fields.get("reps", ""):
                    reps[(kernel, *config, op, run)] = [float(v) for v in fields["reps"].split(",")]
            except (KeyError, ValueError):
                continue
    for (kernel, mem, size, bos, op, run), pair in reps.items():
        if op != "pair":
            continue
        for base in ("floor", "control"):
            other = reps.get((kernel, mem, size, bos, base, run))
            if other and len(other) == len(pair):
                data[(kernel, mem, size, bos, f"pair/{base}")][run] = statistics.median(
                    p / o for p, o in zip(pair, other))
    return data


def stat(values):
    values = list(values.values()) if isinstance(values, dict) else list(values)
    med = statistics.median(values)
    spread = (max(values) - min(values)) / med if med else 0.0
    return med, spread


def ratio(num, den):
    """The ratio of the medians of two {run: value} and the range of the per-run ratios."""
    per_run = [num[r] / den[r] for r in num if r in den and den[r]]
    med = stat(num)[0] / stat(den)[0]
    return med, min(per_run), max(per_run)


def ratio_text(med, lo, hi):
    """A ratio and its range, with two decimals, or two significant digits below 0.1."""
    places = 2 if med >= 0.1 or med <= 0 else max(2, 1 - math.floor(math.log10(med)))
    return f"{med:.{places}f} ({lo:.{places}f}-{hi:.{places}f})"


def ratio_cell(num, den):
    return ratio_text(*ratio(num, den))


def ns(value):
    return f"{value:.0f}" if value >= 100 else f"{value:.1f}"


def time_cell(values, fmt=ns):
    med, spread = stat(values)
    return f"{fmt(med)} ({spread:.0%})"


def us(value):
    return f"{value:.0f}"


def us1(value):
    return f"{value:.0f}" if value >= 100 else f"{value:.1f}"


def modes_of(data):
    seen = []
    for _kernel, mode, _name in data:
        if mode not in seen:
            seen.append(mode)
    return sorted(seen, key=lambda m: [int(v) for v in m.split("x")])


def size_label(size):
    if size % (1 << 20) == 0:
        return f"{size >> 20} MiB"
    return f"{size >> 10} KiB"


def micro_label(mem, size, bos):
    return f"{mem}, {bos} x {size_label(size)}"


def configs_of(micro):
    """The (mem, size, bos) of the microbenchmark, VRAM first, then by size and count."""
    seen = {(mem, size, bos) for _kernel, mem, size, bos, _op in micro}
    return sorted(seen, key=lambda c: (c[0] != "vram", c[0], c[1], c[2]))


def fbdev_section(data, runs):
    lines = [
        "## fbdev damage flushes",
        "",
        f"kms-bench, {runs} runs of each kernel per mode. One flush per iteration: a",
        "256-byte write to /dev/fb0, then a wait until the damage worker returned (the hit",
        "count of a kretprobe event on drm_fb_helper_damage_work, polled). Real maps per",
        "flush are hits of a kretprobe event on ttm_bo_vmap, counted in a second loop of",
        "half as many flushes, so that this probe costs the timed loop nothing.",
        "",
        "| fbdev buffer | lazy us/flush (spread) | eager us/flush (spread) | lazy/eager |"
        " real maps per flush, lazy | eager |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for mode in modes_of(data):
        lazy, eager = data[("lazy", mode, "flush_us")], data[("eager", mode, "flush_us")]
        lm, _ = stat(data[("lazy", mode, "flush_maps")])
        em, _ = stat(data[("eager", mode, "flush_maps")])
        fb, _ = stat(data[("lazy", mode, "fb_bytes")])
        lines.append(f"| {mode} ({fb / 1048576:.1f} MiB) | {time_cell(lazy, us)} "
                     f"| {time_cell(eager, us)} "
                     f"| {ratio_cell(lazy, eager)} | {lm:.3f} | {em:.3f} |")
    kernel_modes = [m for m in modes_of(data) if ("lazy", m, "flush_kernel_us") in data
                    and ("eager", m, "flush_kernel_us") in data]
    if kernel_modes:
        lines += [
            "",
            "## The damage worker's own duration",
            "",
            "The same flushes, timed inside the kernel: a kprobe event on the entry of",
            "drm_fb_helper_damage_work and a kretprobe event on its return, both recorded in",
            "the trace buffer; a flush's duration is the difference of their timestamps, and",
            "a run's value the mean of the fastest 95 % of its flushes (the timestamps have",
            "microseconds, so a median of flushes this short would be a whole number; the",
            "slowest 5 % are those an interrupt or the host delayed). This leaves out the",
            "client's write and its polling, which the wall time above includes; the two",
            "probes cost both kernels the same, and no other probe is enabled meanwhile.",
            "",
            "| fbdev buffer | lazy us/flush (spread) | eager us/flush (spread) | lazy/eager |",
            "| --- | --- | --- | --- |",
        ]
        for mode in kernel_modes:
            lazy = data[("lazy", mode, "flush_kernel_us")]
            eager = data[("eager", mode, "flush_kernel_us")]
            fb, _ = stat(data[("lazy", mode, "fb_bytes")])
            lines.append(f"| {mode} ({fb / 1048576:.1f} MiB) | {time_cell(lazy, us1)} "
                         f"| {time_cell(eager, us1)} | {ratio_cell(lazy, eager)} |")
    lines += [
        "",
        "## Page flips (control)",
        "",
        "bochs scans out of pinned video memory and maps nothing for a flip, so the two",
        "kernels should not differ here: how far a row's ratio is from 1.00 shows the noise",
        "of the emulated guest's timing, against which to read the flush ratio of its mode.",
        "",
        "| mode | lazy us/flip (spread) | eager us/flip (spread) | lazy/eager |",
        "| --- | --- | --- | --- |",
    ]
    for mode in modes_of(data):
        lazy, eager = data[("lazy", mode, "flip_us")], data[("eager", mode, "flip_us")]
        lines.append(f"| {mode} | {time_cell(lazy, us)} | {time_cell(eager, us)} "
                     f"| {ratio_cell(lazy, eager)} |")
    lines += [
        "",
        "## Address space held by idle mappings",
        "",
        "Bytes of ttm_bo_vmap mappings in /proc/vmallocinfo after the workload, when the",
        "fbdev buffer is idle: lazy unmapping keeps the fbdev buffer's ioremap (plus a guard",
        "page), eager unmapping keeps none.",
        "",
        "| fbdev buffer | lazy | eager |",
        "| --- | --- | --- |",
    ]
    for mode in modes_of(data):
        lv, _ = stat(data[("lazy", mode, "idle_vmap_bytes")])
        ev, _ = stat(data[("eager", mode, "idle_vmap_bytes")])
        lines.append(f"| {mode} | {lv:.0f} | {ev:.0f} |")
    return lines


def range_cell(values):
    """The median of {run: value} and their range."""
    return ratio_text(stat(values)[0], min(values.values()), max(values.values()))


NA = "n/a"


def has_control(micro, configs):
    """Whether every row of a microbenchmark table has a lazy/control ratio."""
    return all(micro.get(("lazy", mem, size, bos, "pair/control")) for mem, size, bos in configs)


def pair_table(micro, configs):
    lines = [
        "| buffer objects | lazy ns/pair (spread) | eager ns/pair (spread) | floor ns (spread) "
        "| lazy/eager | lazy/floor | lazy/control | eager/floor |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for mem, size, bos in configs:
        def get(kernel, op, mem=mem, size=size, bos=bos):
            # get, not [], which would add an empty entry to the defaultdict
            return micro.get((kernel, mem, size, bos, op), {})
        control = get('lazy', 'pair/control')
        lines.append(
            f"| {micro_label(mem, size, bos)} | {time_cell(get('lazy', 'pair'))} "
            f"| {time_cell(get('eager', 'pair'))} | {time_cell(get('lazy', 'floor'))} "
            f"| {ratio_cell(get('lazy', 'pair/floor'), get('eager', 'pair/floor'))} "
            f"| {range_cell(get('lazy', 'pair/floor'))} "
            f"| {range_cell(control) if control else NA} "
            f"| {range_cell(get('eager', 'pair/floor'))} |")
    return lines


def lock_paragraph(options):
    """What the guest kernel's debug options do to the floor."""
    if options is None:
        return []
    if options == "none":
        return [
            "The guest kernel is production-like: configs/bench.config turns off",
            "configs/guest.config's PROVE_LOCKING and DEBUG_ATOMIC_SLEEP, and no other lock",
            "debugging is on, so the floor is what the reservation lock costs without it.",
            "",
        ]
    return [
        f"The guest kernel has {options}: lock debugging makes every lock and unlock",
        "cost more than in a production kernel, so the floor is high and lazy/floor is",
        "closer to 1 than it would be there.",
        "",
    ]


def micro_section(micro, runs, options=None):
    configs = configs_of(micro)
    by_count = [c for c in configs if c[1] == 65536]
    by_size = [c for c in configs if c[2] == 1]
    lines = [
        "## One vmap/vunmap pair (in-kernel microbenchmark)",
        "",
        "The KUnit suite `drm_gem_vram_bench` (`bench/vram-bench.patch`, built into both",
        "kernels) runs at boot on the guest's bochs-drm device, with",
        "`-device bochs-display,vgamem=64M` (256 buffer objects of 64 KiB do not fit in the",
        "default 16 MiB). A pair is dma_resv_lock(), drm_gem_vram_vmap(),",
        "drm_gem_vram_vunmap(), dma_resv_unlock(), as the helper requires the reservation",
        "lock; the floor is the same loop with the lock alone. Buffer objects are pinned",
        "where they are placed (video memory or system memory), get one warm-up pair each",
        "(the lazy kernel keeps their mappings from then on), and are cycled round-robin.",
        "A boot first sleeps for a second, so that work the boot queued does not run in the",
        "timed loops, then calibrates each loop to about 20 ms (16 rounds at least) and runs",
        "15 repetitions of floor, control and pair in turn. Work that the eager kernel's",
        "unmaps queue (vmalloc's lazy purge) runs between repetitions or when a map sleeps,",
        "and is timed with the pairs.",
        "",
        "The control loop is the floor plus calls of two empty functions that are not",
        "inlined, in place of drm_gem_vram_vmap() and drm_gem_vram_vunmap() (an empty asm",
        "statement in each keeps the compiler from dropping the calls): what a pair that",
        "finds its mapping kept cannot go below. lazy/control near 1.00 means that the lazy",
        "kernel's kept-mapping pair costs about two function calls; what it costs beyond",
        "them is the helper's own work.",
        "",
        "The times are the fastest repetition of a boot: the emulated machine's speed",
        "changes with the host, which slows a repetition down and never speeds it up.",
        "x/floor (x/control) is the median over the repetitions of a pair loop's time over",
        "that of the floor (control) loop run before it in the same repetition, which",
        "cancels those changes; lazy/eager is lazy/floor over eager/floor of the same run.",
        f"Tables: medians over {runs} boots of each kernel, spread (max - min) / median over",
        "the boots; a ratio is followed by the range of its per-run values. The floor column",
        "is the lazy kernel's.",
        "",
    ]
    if not has_control(micro, configs):
        lines += [
            f"lazy/control is {NA} where the boots' logs have no control loop (they predate",
            "it in bench/vram-bench.patch).",
            "",
        ]
    lines += lock_paragraph(options)
    lines += ["### By number of buffer objects (64 KiB each)", ""]
    lines += pair_table(micro, by_count)
    lines += ["", "### By buffer size (one buffer object)", ""]
    lines += pair_table(micro, by_size)
    lines += [
        "",
        "### The floor on both kernels (control)",
        "",
        "The lock alone does not depend on how the helper unmaps: how far a row's ratio is",
        "from 1.00 is the noise between the boots of the two kernels, which comparing",
        "the fastest times across boots would suffer and x/floor does not.",
        "",
        "| buffer objects | lazy kernel ns (spread) | eager kernel ns (spread) | lazy/eager |",
        "| --- | --- | --- | --- |",
    ]
    for mem, size, bos in configs:
        lazy, eager = micro[("lazy", mem, size, bos, "floor")], micro[("eager", mem, size, bos, "floor")]
        lines.append(f"| {micro_label(mem, size, bos)} | {time_cell(lazy)} | {time_cell(eager)} "
                     f"| {ratio_cell(lazy, eager)} |")
    lines += [
        "",
        "### Address space held by idle mappings (microbenchmark)",
        "",
        "After the timed loops, with no mapping in use: the sum of the sizes of the vmalloc",
        "areas (find_vm_area(), guard page included) that still contain the addresses the",
        "warm-up mapped. Lazy unmapping holds size plus a 4 KiB guard page per buffer",
        "object until TTM moves, evicts, swaps out or frees it; eager unmapping holds none.",
        "Medians over the boots.",
        "",
        "| buffer objects | lazy bytes | lazy bytes per BO | eager bytes |",
        "| --- | --- | --- | --- |",
    ]
    for mem, size, bos in configs:
        lv, _ = stat(micro[("lazy", mem, size, bos, "held")])
        ev, _ = stat(micro[("eager", mem, size, bos, "held")])
        lines.append(f"| {micro_label(mem, size, bos)} | {lv:.0f} | {lv / bos:.0f} | {ev:.0f} |")
    return lines


def tables(text):
    """The cells of the markdown tables in a report: {(heading, row, column): cell}.
    Tables of the reproduction and earlier-figures sections are left out."""
    cells = {}
    heading, header = "", None
    for line in text.splitlines():
        if line.startswith("#"):
            heading, header = line.lstrip("#").strip(), None
            continue
        if not line.startswith("|") or heading.startswith(("Reproduction", "Earlier figures")):
            header = None if not line.startswith("|") else header
            continue
        row = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = row
        elif not all(set(c) <= set("-: ") for c in row):
            for column, cell in zip(header[1:], row[1:]):
                cells[(heading, row[0], column)] = cell
    return cells


FBDEV_TABLES = ("fbdev damage flushes", "The damage worker's own duration",
                "Page flips (control)")


def runs_of(text):
    """The runs behind a report's fbdev tables and behind its microbenchmark tables."""
    fbdev = re.search(r"BENCH_RUNS=(\d+)", text)
    fbdev = int(fbdev.group(1)) if fbdev else 3
    micro = re.search(r"BENCH_MICRO_RUNS=(\d+)", text)
    return fbdev, int(micro.group(1)) if micro else fbdev


# Kernel options that slow locking, allocation or every access down; a report states which
# of them its guest kernel had.
DEBUG_OPTIONS = ("PROVE_LOCKING", "DEBUG_ATOMIC_SLEEP", "LOCKDEP", "DEBUG_LOCK_ALLOC",
                 "DEBUG_SPINLOCK", "DEBUG_MUTEXES", "DEBUG_RWSEMS", "KASAN", "DEBUG_KMEMLEAK",
                 "DEBUG_PAGEALLOC", "DEBUG_VM", "KCSAN", "UBSAN")
OPTIONS_LINE = re.compile(r"^Guest kernel debug options: (.*)\.$", re.M)


def debug_options(config_path):
    """The DEBUG_OPTIONS a kernel .config sets, as text ("none" if it sets none)."""
    with open(config_path, encoding="utf-8") as f:
        config = f.read()
    found = [o for o in DEBUG_OPTIONS if re.search(rf"^CONFIG_{o}=y$", config, re.M)]
    return ", ".join(found) or "none"


def options_of(text):
    """The guest kernel debug options a report states, or None."""
    match = OPTIONS_LINE.search(text)
    return match.group(1) if match else None


def compare(previous, current):
    """Rows (heading, row, column, stated, now, ok) for each ratio and address-space cell of
    the current report that the previous one states, and the summary line.

    A ratio of an unchanged kernel lands within the range of n earlier runs with a
    probability of about (n - 1) / (n + 1) (a single run's would; a median of runs more
    often), so the ratios reproduce when at least that share of them does."""
    old, new = tables(previous), tables(current)
    fbdev_runs, micro_runs = runs_of(previous)
    rows, expect = [], Fraction(0)
    for key, cell in new.items():
        if key not in old:
            continue
        got, want = RATIO.match(cell), RATIO.match(old[key])
        if got and want:
            # This run's value to the precision of the stated range.
            places = len(want.group(2).split(".")[1])
            value = round(float(got.group(1)), places)
            lo, hi = float(want.group(2)), float(want.group(3))
            rows.append((*key, old[key], got.group(1), lo <= value <= hi))
            n = fbdev_runs if key[0] in FBDEV_TABLES else micro_runs
            expect += Fraction(n - 1, n + 1)  # exact: 18 thirds are 6, not 5.99...
        elif key[0].startswith("Address space") and cell.isdigit() and old[key].isdigit():
            rows.append((*key, old[key], cell, cell == old[key]))
    ratios = [r for r in rows if RATIO.match(r[3])]
    spaces = [r for r in rows if not RATIO.match(r[3])]
    within = sum(r[5] for r in ratios)
    if ratios:
        summary = (f"{SUMMARY} {within} of {len(ratios)} ratios within the previous report's "
                   f"range (at least {math.floor(expect)} expected of an unchanged kernel)")
    else:
        summary = f"{SUMMARY} no ratio compared (the previous report states no ranges)"
    summary += f", {sum(r[5] for r in spaces)} of {len(spaces)} address-space values equal"
    old_options, new_options = options_of(previous), options_of(current)
    if new_options is not None and old_options != new_options:
        summary += (f" (baseline changed: the previous report's guest kernel debug options: "
                    f"{old_options or 'not stated'}; this run's: {new_options})")
    if not all(r[5] for r in spaces) or (ratios and within < math.floor(expect)):
        summary += "; not reproduced"
    elif ratios:
        summary += "; reproduced"
    return rows, summary


EARLIER = (
    ("fbdev damage flushes", "lazy/eager", "flush wall time lazy/eager"),
    ("fbdev damage flushes", "real maps per flush, lazy", "real maps per flush, lazy"),
    ("fbdev damage flushes", "eager", "real maps per flush, eager"),
    ("By number of buffer objects (64 KiB each)", "floor ns (spread)", "floor ns"),
    ("By number of buffer objects (64 KiB each)", "lazy/floor", "lazy/floor"),
    ("By number of buffer objects (64 KiB each)", "lazy/control", "lazy/control"),
    ("By number of buffer objects (64 KiB each)", "eager/floor", "eager/floor"),
    ("By number of buffer objects (64 KiB each)", "lazy/eager", "lazy/eager"),
    ("By buffer size (one buffer object)", "floor ns (spread)", "floor ns"),
    ("By buffer size (one buffer object)", "lazy/floor", "lazy/floor"),
    ("By buffer size (one buffer object)", "lazy/control", "lazy/control"),
    ("By buffer size (one buffer object)", "eager/floor", "eager/floor"),
    ("By buffer size (one buffer object)", "lazy/eager", "lazy/eager"),
)


def earlier_section(earlier, current):
    """The headline figures of an earlier report (another guest kernel configuration) beside
    this run's: one line per table row and figure that both state."""
    old, new = tables(earlier), tables(current)
    options = options_of(earlier)
    options = (f"it states the debug options {options}" if options else
               "it predates the line that states debug options")
    lines = [
        "## Earlier figures: another guest kernel configuration",
        "",
        "The headline figures of `bench/BENCHMARKS-debug-kernel.md`, the report of a run on",
        "guests that kept configs/guest.config's PROVE_LOCKING and DEBUG_ATOMIC_SLEEP (its",
        "microbenchmark boots passed lockdep.prove_locking=0, which keeps lockdep's held-lock",
        f"tracking; {options}), beside this run's. Lock debugging raises the floor, the",
        "reservation lock alone, and with it every x/floor ratio's denominator.",
        "",
        "| table | row | figure | earlier | this run |",
        "| --- | --- | --- | --- | --- |",
    ]
    seen = set()
    for heading, column, label in EARLIER:
        rows = [k[1] for k in old if k[0] == heading and k[2] == column]
        for row in rows:
            if (row, label) in seen or (heading, row, column) not in new:
                continue
            if old[(heading, row, column)] == new[(heading, row, column)] == NA:
                continue
            seen.add((row, label))
            lines.append(f"| {heading} | {row} | {label} | {old[(heading, row, column)]} "
                         f"| {new[(heading, row, column)]} |")
    return lines


def compare_section(rows, summary):
    lines = [
        "## Reproduction",
        "",
        "This run against the BENCHMARKS.md it replaced. A ratio lies within the stated",
        "range when this run's value lies within the range of per-run ratios stated there",
        "(inclusive, to the decimals stated). A ratio of an unchanged kernel does so with a",
        "probability of about (n - 1) / (n + 1) or more, n the runs behind the range (n = 3:",
        "1/2, n = 7: 3/4), so the run reproduces the report when at least that share of the",
        "ratios lies within range and every address-space value is equal.",
        "",
    ]
    if "baseline changed" in summary:
        lines += [
            "The previous report's guest kernel had other debug options than this run's, so",
            "its times and ratios are no prediction of this run's: where they differ, the",
            "kernel changed, not the noise. This report is the baseline for the next run.",
            "",
        ]
    if rows:
        lines += ["| table | row | column | stated | this run | reproduced |",
                  "| --- | --- | --- | --- | --- | --- |"]
        for heading, row, column, stated, now, ok in rows:
            lines.append(f"| {heading} | {row} | {column} | {stated} | {now} "
                         f"| {'yes' if ok else 'NO'} |")
        lines.append("")
    lines.append(summary)
    return lines


def report(data, runs, machine, micro=None, previous=None, micro_runs=None, options=None,
           earlier=None):
    micro_runs = micro_runs or runs
    command = f"BENCH_RUNS={runs} BENCH_MICRO_RUNS={micro_runs}" if micro else f"BENCH_RUNS={runs}"
    lines = [
        "# Benchmarks: lazy against eager unmapping",
        "",
        f"Reproduce with `{command} make bench` (BENCH_MODES sets the fbdev modes).",
        "The eager kernel is the series plus `bench/eager-unmap.patch`, which unmaps in",
        "drm_gem_vram_vunmap() when the use count drops to zero. Both guests boot the same",
        "initramfs; runs alternate lazy and eager. Tables give medians over the runs, the",
        "spread (max - min) / median, and each ratio with the range of its per-run values",
        "(the lazy and eager boots of a run paired). The guest runs under QEMU's software",
        "emulation (TCG, no KVM): every instruction, page-table write and TLB flush of the",
        "guest is emulated, so absolute times are not hardware numbers and the two kinds of",
        "cost need not scale alike on hardware: compare the ratios, and read them against",
        "the controls.",
        "",
        "Machine: " + machine,
        "",
    ]
    if options is not None:
        lines += [f"Guest kernel debug options: {options}.", ""]
    lines += fbdev_section(data, runs)
    if micro:
        lines += [""] + micro_section(micro, micro_runs, options)
    text = "\n".join(lines) + "\n"
    if earlier:
        text += "\n" + "\n".join(earlier_section(earlier, text)) + "\n"
    if previous is not None:
        rows, summary = compare(previous, text)
        text += "\n" + "\n".join(compare_section(rows, summary)) + "\n"
    return text


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        qemu = subprocess.run(["qemu-system-x86_64", "--version"], capture_output=True,
                              text=True, check=False).stdout.splitlines()
    except OSError:
        qemu = []
    cores = len(os.sched_getaffinity(0))
    return f"{cpu}, {cores} cores, {platform.system()} {platform.release()}; " + \
        (qemu[0] if qemu else "QEMU")


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("results", help="kms-bench results")
    ap.add_argument("runs", type=int, help="runs of each kernel")
    ap.add_argument("--micro", help="microbenchmark results")
    ap.add_argument("--micro-runs", type=int, help="microbenchmark runs of each kernel "
                    "(default: RUNS)")
    ap.add_argument("--previous", help="the BENCHMARKS.md to compare with")
    ap.add_argument("--kernel-config", help="the guest kernel's .config, whose debug options "
                    "the report states")
    ap.add_argument("--earlier", help="a report of another guest kernel configuration, whose "
                    "headline figures the report shows beside its own")
    args = ap.parse_args(argv[1:])
    options = debug_options(args.kernel_config) if args.kernel_config else None
    micro = load_micro(args.micro) if args.micro else None
    previous = None
    if args.previous:
        with open(args.previous, encoding="utf-8") as f:
            previous = f.read()
    earlier = None
    if args.earlier:
        with open(args.earlier, encoding="utf-8") as f:
            earlier = f.read()
    text = report(load(args.results), args.runs, machine(), micro, previous, args.micro_runs,
                  options, earlier)
    sys.stdout.write(text)
    for line in text.splitlines():
        if line.startswith(SUMMARY):
            print(line, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
