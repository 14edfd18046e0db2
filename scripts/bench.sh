#!/usr/bin/env bash
# make bench: lazy against eager unmapping on QEMU's bochs-display. Builds the guest twice,
# with the series (lazy) and with bench/eager-unmap.patch on top (eager), boots each with
# kms-bench for every fbdev mode in BENCH_MODES, BENCH_RUNS times, alternating, and writes
# the medians, spreads and ratios to BENCHMARKS.md.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

modes=${BENCH_MODES:-640x480 1024x768 1280x800}
runs=${BENCH_RUNS:-3}
out=$BUILD/bench
helper=drivers/gpu/drm/drm_gem_vram_helper.c

"$ROOT/scripts/install-deps.sh"
"$ROOT/scripts/prepare-base.sh"
"$ROOT/scripts/apply-series.sh"
mkdir -p "$out"
"$ROOT/scripts/build-guest.sh"
cp "$BUILD/guest/arch/x86/boot/bzImage" "$out/bzImage-lazy"

restore() { tgit checkout -q -- "$helper"; }
trap restore EXIT
tgit apply "$ROOT/bench/eager-unmap.patch" ||
	die "bench: bench/eager-unmap.patch does not apply on top of the series"
"$ROOT/scripts/build-guest.sh"
cp "$BUILD/guest/arch/x86/boot/bzImage" "$out/bzImage-eager"
restore
trap - EXIT
"$ROOT/scripts/build-guest.sh" >/dev/null

results=$out/results.txt
: >"$results"
for mode in $modes; do
	for run in $(seq "$runs"); do
		for kernel in lazy eager; do
			note "bench: $kernel, fbdev $mode, run $run of $runs"
			$PY "$ROOT/scripts/run-guest.py" --kernel "$out/bzImage-$kernel" \
				--initrd "$BUILD/guest/initramfs.cpio.gz" --out "$out/run" --timeout 300 \
				--append "kmsbench video=Virtual-1:$mode" >/dev/null ||
				die "bench: the $kernel guest failed (see $out/run/console.log)"
			grep -q '^bench flush_us' "$out/run/ktap.log" ||
				die "bench: no measurements from the $kernel guest (see $out/run/ktap.log)"
			grep '^bench ' "$out/run/ktap.log" | tr -d '\r' |
				sed "s/^bench /$kernel $mode $run /" >>"$results"
		done
	done
done
$PY "$ROOT/scripts/bench-report.py" "$results" "$runs" >"$ROOT/BENCHMARKS.md"
cat "$ROOT/BENCHMARKS.md"
