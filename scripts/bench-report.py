#!/usr/bin/python3
"""Turn make bench's measurements into BENCHMARKS.md.

Input lines: "KERNEL MODE RUN NAME VALUE UNIT" (KERNEL is lazy or eager). For each fbdev
mode the report gives medians over the runs, the spread ((max - min) / median), and the
lazy/eager ratios.
"""
import platform
import statistics
import subprocess
import sys
from collections import defaultdict


def load(path):
    data = defaultdict(list)
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) != 6:
                continue
            kernel, mode, _run, name, value, _unit = parts
            data[(kernel, mode, name)].append(float(value))
    return data


def stat(values):
    med = statistics.median(values)
    spread = (max(values) - min(values)) / med if med else 0.0
    return med, spread


def modes_of(data):
    seen = []
    for _kernel, mode, _name in data:
        if mode not in seen:
            seen.append(mode)
    return sorted(seen, key=lambda m: [int(v) for v in m.split("x")])


def report(data, runs, machine):
    lines = [
        "# Benchmarks: lazy against eager unmapping",
        "",
        "Reproduce with `BENCH_RUNS=%d make bench` (BENCH_MODES sets the fbdev modes)." % runs,
        "The eager kernel is the series plus `bench/eager-unmap.patch`, which unmaps in",
        "drm_gem_vram_vunmap() when the use count drops to zero. Both guests boot the same",
        "initramfs; runs alternate lazy and eager. Medians over %d runs; spread is" % runs,
        "(max - min) / median. The guest runs under QEMU's software emulation (no KVM), so",
        "absolute times are not hardware numbers: compare the ratios.",
        "",
        "Machine: " + machine,
        "",
        "## fbdev damage flushes",
        "",
        "One flush per iteration: a 256-byte write to /dev/fb0, then a wait until the",
        "helper's debugfs counters show the damage worker's vmap.",
        "",
        "| fbdev buffer | lazy us/flush (spread) | eager us/flush (spread) | lazy/eager |"
        " real maps per flush, lazy | eager |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for mode in modes_of(data):
        lz, ls = stat(data[("lazy", mode, "flush_us")])
        ez, es = stat(data[("eager", mode, "flush_us")])
        lm, _ = stat(data[("lazy", mode, "flush_maps")])
        em, _ = stat(data[("eager", mode, "flush_maps")])
        fb, _ = stat(data[("lazy", mode, "fb_bytes")])
        lines.append(f"| {mode} ({fb / 1048576:.1f} MiB) | {lz:.0f} ({ls:.0%}) | {ez:.0f} ({es:.0%}) "
                     f"| {lz / ez:.2f} | {lm:.3f} | {em:.3f} |")
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
        lz, ls = stat(data[("lazy", mode, "flip_us")])
        ez, es = stat(data[("eager", mode, "flip_us")])
        lines.append(f"| {mode} | {lz:.0f} ({ls:.0%}) | {ez:.0f} ({es:.0%}) | {lz / ez:.2f} |")
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
    return "\n".join(lines) + "\n"


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
    qemu = subprocess.run(["qemu-system-x86_64", "--version"], capture_output=True,
                          text=True).stdout.splitlines()
    cores = len(__import__("os").sched_getaffinity(0))
    return f"{cpu}, {cores} cores, {platform.system()} {platform.release()}; " + \
        (qemu[0] if qemu else "QEMU")


def main(argv):
    if len(argv) != 3:
        print("usage: bench-report.py RESULTS RUNS", file=sys.stderr)
        return 2
    sys.stdout.write(report(load(argv[1]), int(argv[2]), machine()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
