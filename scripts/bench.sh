#!/usr/bin/env bash
# make bench: lazy against eager unmapping on QEMU's bochs-display. Builds the benchmark
# guest twice in its own clone of the 6.12 testbed (build/bench/linux, refreshed to branch
# 'testbed' of build/linux-6.12, which it never changes): the testbed plus the in-kernel
# microbenchmark bench/vram-bench.patch (lazy), and that plus bench/eager-unmap.patch
# (eager). Boots the two alternately: BENCH_MICRO_RUNS times each (default 7) with the
# microbenchmark (KUnit suite drm_gem_vram_bench: one vmap/vunmap pair against the
# reservation lock alone, by number and size of buffer objects, and the address space idle
# mappings hold), and BENCH_RUNS times each (default 3) with kms-bench for every fbdev mode
# in BENCH_MODES. The guests are production-like: configs/bench.config turns off
# guest.config's PROVE_LOCKING and DEBUG_ATOMIC_SLEEP. Writes the medians, spreads and
# ratios to BENCHMARKS.md, with a comparison against the BENCHMARKS.md it replaces.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

modes=${BENCH_MODES:-640x480 1024x768 1280x800}
runs=${BENCH_RUNS:-3}
micro_runs=${BENCH_MICRO_RUNS:-7}
out=$BUILD/bench
wt=$out/linux
guest=$out/bench-guest
# The microbenchmark's 256 buffer objects of 64 KiB do not fit in the default 16 MiB of VRAM.
micro_vgamem=64M
micro_append="kunit.enable=1 kunit.filter_glob=drm_gem_vram_bench kunit_shutdown=poweroff"
for n in "$runs" "$micro_runs"; do
	case $n in '' | *[!0-9]* | 0) die "bench: BENCH_RUNS and BENCH_MICRO_RUNS must be positive numbers" ;; esac
done

"$ROOT/scripts/install-deps.sh"
# The 6.12 testbed (the stable fixes and the test-only patches on Linux 6.12, where bochs
# uses the helper): made only when missing; an existing one is read.
testbed_env
mkdir -p "$out"

# The benchmark's own tree: a local clone (objects hard-linked), reset to the series head.
wgit() { git -C "$wt" "$@"; }
if [ ! -d "$wt/.git" ]; then
	note "bench: cloning $TREE into $wt"
	rm -rf "$wt"
	git clone -q --local --no-checkout "$TREE" "$wt"
fi
wgit fetch -q --no-tags "$TREE" "+refs/heads/$SERIES_BRANCH:refs/remotes/origin/$SERIES_BRANCH"
wgit checkout -q -f --detach "origin/$SERIES_BRANCH"
wgit clean -q -f -d
note "bench: series at $(wgit log -1 --format='%h %s')"
wgit apply "$ROOT/bench/vram-bench.patch" ||
	die "bench: bench/vram-bench.patch does not apply on top of the series"

build() {
	TREE_DIR=$wt GUEST_OUT=$guest GUEST_CONFIGS=configs/bench.config "$ROOT/scripts/build-guest.sh"
	cp "$guest/arch/x86/boot/bzImage" "$out/bzImage-$1"
}
build lazy
wgit apply "$ROOT/bench/eager-unmap.patch" ||
	die "bench: bench/eager-unmap.patch does not apply on top of the series"
build eager
initrd=$guest/initramfs.cpio.gz

# The serial log of a boot must show no warning (the helper warns about leaked mappings).

# boot KERNEL WHAT RUN RUNS ARGS...: one boot of bzImage-KERNEL, run-guest.py's ARGS added.
boot() {
	local kernel=$1 what=$2
	note "bench: $kernel, $what, run $3 of $4"
	shift 4
	$PY "$ROOT/scripts/run-guest.py" --kernel "$out/bzImage-$kernel" --initrd "$initrd" \
		--out "$out/run" --timeout 300 "$@" >/dev/null ||
		die "bench: the $kernel guest failed in $what (see $out/run/console.log)"
	if grep -Eq "$KERNEL_REPORTS" "$out/run/console.log"; then
		grep -E -m5 "$KERNEL_REPORTS" "$out/run/console.log" >&2
		die "bench: the $kernel guest warned in $what (see $out/run/console.log)"
	fi
}

micro=$out/micro.txt
results=$out/results.txt
: >"$micro"
: >"$results"
for run in $(seq "$((runs > micro_runs ? runs : micro_runs))"); do
	for kernel in lazy eager; do
		[ "$run" -le "$micro_runs" ] || break
		boot "$kernel" microbenchmark "$run" "$micro_runs" \
			--vgamem "$micro_vgamem" --append "$micro_append"
		log=$out/run/console.log
		grep -Eq '^(\[[ 0-9.]*\] )?ok [0-9]+ drm_gem_vram_bench' "$log" ||
			die "bench: the microbenchmark did not pass in the $kernel guest (see $log)"
		! grep -q 'drm_gem_vram_bench.*# SKIP\|^\[[ 0-9.]*\] *ok [0-9]* .*# SKIP' "$log" ||
			die "bench: the microbenchmark skipped cases in the $kernel guest (see $log)"
		tr -d '\r' <"$log" | grep -o ': bench mem=.*' |
			sed "s/^: bench /$kernel $run /" >>"$micro"
	done
	for mode in $modes; do
		for kernel in lazy eager; do
			[ "$run" -le "$runs" ] || break 2
			boot "$kernel" "fbdev $mode" "$run" "$runs" \
				--append "kunit.enable=0 kmsbench video=Virtual-1:$mode"
			grep -q '^bench flush_us' "$out/run/ktap.log" ||
				die "bench: no measurements from the $kernel guest (see $out/run/ktap.log)"
			grep '^bench ' "$out/run/ktap.log" | tr -d '\r' |
				sed "s/^bench /$kernel $mode $run /" >>"$results"
		done
	done
done

# Compare with the BENCHMARKS.md this run replaces, then replace it.
previous=$out/BENCHMARKS.previous.md
if [ -f "$ROOT/BENCHMARKS.md" ]; then cp "$ROOT/BENCHMARKS.md" "$previous"; else : >"$previous"; fi
# bench/BENCHMARKS-debug-kernel.md: the last report from guests with lock debugging.
$PY "$ROOT/scripts/bench-report.py" "$results" "$runs" --micro "$micro" \
	--kernel-config "$guest/.config" --earlier "$ROOT/bench/BENCHMARKS-debug-kernel.md" \
	--micro-runs "$micro_runs" --previous "$previous" >"$out/BENCHMARKS.md"
cp "$out/BENCHMARKS.md" "$ROOT/BENCHMARKS.md"
cat "$ROOT/BENCHMARKS.md"
note "bench: $(grep -m1 '^Reproduction:' "$ROOT/BENCHMARKS.md")"
