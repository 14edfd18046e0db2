#!/usr/bin/env bash
# The TTM swapout hole, reproduced from userspace (guest/kms-swapout.c) on QEMU's
# bochs-display, in the guest that the qemu check builds just before (build/guest), booted
# with "kmsswapout ttm.pages_limit=4096": the fbdev BO is evicted to system memory, mapped
# by the damage worker, swapped out by TTM's page limit under the kept mapping, and mapped
# again. kprobe events on ttm_tt_swapout and ttm_tt_swapin show that the swapout happened.
# (a) The series' kernel: kms-swapout's KTAP results and a clean log scan count.
# (b) The same kernel with only the swapout fix reverted: the '.swap_notify' hook that the
#     fix (found by its subject on branch series) adds to the helper's ttm_device_funcs is
#     removed from the tree's working copy, the guest is rebuilt (incremental) and booted.
#     One check: the reproducer detects the hole (a kernel report in the console, or
#     kms-swapout's "hole detected" lines). Then the file is restored (also by a trap on any
#     exit). The guest is not rebuilt here: the restored file is newer than its object, so
#     the next build of this guest (build-guest.sh, by any check) compiles it again.
# SWAPOUT_PAGES_LIMIT sets ttm.pages_limit, QEMU_TIMEOUT the hang timeout in seconds of the
# series' boot, QEMU_HOLE_TIMEOUT that of the boot without the fix (default 120 s; the series'
# guest finishes in about 25 s, also with KASAN). Without the fix the guest writes into pages
# TTM has swapped out and may hang after the corruption it reports (seen in the KASAN
# guest: a lockdep WARN on a corrupted mutex, then no progress); by then the report is in
# the console, so waiting longer would find nothing more.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

check=qemu-swapout
start_results "$check"
require_tree
guest=${GUEST_OUT:-$BUILD/guest}
out=$BUILD/guest-swapout-run
append="kmsswapout ttm.pages_limit=${SWAPOUT_PAGES_LIMIT:-4096}"
subject='drm/gem-vram: Drop a lazily kept mapping when TTM swaps out a buffer object'
helper=drivers/gpu/drm/drm_gem_vram_helper.c
hole="without the swapout fix the reproducer detects the hole"
# Kernel reports, plus SLUB's corruption reports ("BUG kmalloc-64 (Not tainted): ...").
reports="$KERNEL_REPORTS|BUG [a-z]|Poison overwritten|Redzone|corrupt"

# build NAME: (re)build the guest; prints the seconds it took.
build() {
	local t0=$SECONDS
	"$ROOT/scripts/build-guest.sh" >"$LOGS/$check-build-$1.log" 2>&1 || {
		tail -5 "$LOGS/$check-build-$1.log" | indent >&2
		return 1
	}
	echo $((SECONDS - t0))
}

# boot DIR TIMEOUT: boot the guest with kms-swapout; run-guest.py's status is ignored (a
# kernel that oopses panics and reboots, which ends QEMU; a hung one is killed at TIMEOUT).
boot() {
	note "$check: booting with '$append' (console $1/console.log)"
	$PY "$ROOT/scripts/run-guest.py" --kernel "$guest/arch/x86/boot/bzImage" \
		--initrd "$guest/initramfs.cpio.gz" --out "$1" --timeout "$2" \
		--append "$append" 2>&1 | tail -3 | indent || true
	tr -d '\r' <"$1/ktap.log" >"$1/ktap.txt" 2>/dev/null || : >"$1/ktap.txt"
}

# (a) The series' kernel.
if ! secs=$(build series); then
	result FAIL "$check" "the series' guest with kms-swapout builds"
	exit 0
fi
note "$check: series' guest ready (build $secs s)"
boot "$out/series" "${QEMU_TIMEOUT:-300}"
console=$out/series/console.log
if grep -q 'kms-swapout: exit' "$console" 2>/dev/null; then
	result PASS "$check" "the series' guest boots and kms-swapout finishes"
else
	result FAIL "$check" "the series' guest boots and kms-swapout finishes"
	tail -15 "$console" 2>/dev/null | indent || true
fi
if ! ktap_results "$check" "$out/series/ktap.txt" kms-swapout.; then
	result FAIL "$check" "KTAP results of kms-swapout (see $out/series/ktap.log)"
fi
grep '^# ' "$out/series/ktap.txt" | grep -v '^# kprobe' | sed 's/^# /    /' | head -30
if [ ! -s "$console" ]; then
	result FAIL "$check" "the serial log has no WARN, BUG, oops, KASAN, kmemleak or lockdep report (no log)"
elif grep -En "$KERNEL_REPORTS" "$console" >"$out/series/log-scan.txt"; then
	result FAIL "$check" "the serial log has no WARN, BUG, oops, KASAN, kmemleak or lockdep report"
	head -20 "$out/series/log-scan.txt" | indent
else
	result PASS "$check" "the serial log has no WARN, BUG, oops, KASAN, kmemleak or lockdep report"
fi

# (b) Only the swapout fix reverted, in the tree's working copy.
fix=$(tgit log --format='%H %s' "$BASE_TAG..$SERIES_BRANCH" | awk -v s="$subject" 'substr($0, 42) == s { print $1 }')
if [ "$(echo "$fix" | grep -c .)" -ne 1 ]; then
	result FAIL "$check" "$hole (no single commit '$subject' on branch $SERIES_BRANCH)"
	exit 0
fi
hook=$(tgit show "$fix" -- "$helper" | sed -n 's/^+\([[:space:]]*\.swap_notify = .*\)$/\1/p')
if [ "$(echo "$hook" | grep -c .)" -ne 1 ] || [ "$(grep -cFx -- "$hook" "$TREE/$helper")" -ne 1 ]; then
	result FAIL "$check" "$hole (the fix's .swap_notify hook is not once in $helper)"
	exit 0
fi
backup=$(mktemp)
cp "$TREE/$helper" "$backup"
restore() {
	if [ -n "${backup:-}" ] && [ -f "$backup" ]; then
		cat "$backup" >"$TREE/$helper"
		rm -f "$backup"
		backup=
	fi
}
trap restore EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP
grep -vFx -- "$hook" "$backup" >"$TREE/$helper"
note "$check: reverted the swapout fix (${fix:0:12}): removed '$(echo "$hook" | tr -d '\t')' from $helper"
if secs=$(build reverted); then
	note "$check: guest without the swapout fix ready (incremental build $secs s)"
	boot "$out/reverted" "${QEMU_HOLE_TIMEOUT:-120}"
	restore
	console=$out/reverted/console.log
	seen=()
	kernel=$(grep -aE "$reports" "$console" 2>/dev/null | grep -v 'Call Trace' | tr -d '\r' |
		sed 's/^\[ *[0-9.]*\] //' | head -2 | paste -sd'|' - || true)
	[ -n "$kernel" ] && seen+=("console: ${kernel:0:200}")
	while read -r line; do
		seen+=("kms-swapout: $line")
	done < <(sed -n 's/^# hole detected: //p' "$out/reverted/ktap.txt")
	grep -E '^(not )?ok |^# ' "$out/reverted/ktap.txt" | grep -v '^# kprobe' | indent | head -30
	if [ ${#seen[@]} -gt 0 ]; then
		result PASS "$check" "$hole ($(printf '%s; ' "${seen[@]}" | sed 's/; $//'))"
	else
		result FAIL "$check" "$hole (nothing detected: no kernel report, no 'hole detected' line)"
		tail -10 "$console" 2>/dev/null | indent || true
	fi
else
	restore
	result FAIL "$check" "$hole (the guest without the fix does not build)"
fi
