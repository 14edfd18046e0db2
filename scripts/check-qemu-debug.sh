#!/usr/bin/env bash
# The end-to-end tests again, in the debug guest (configs/guest-debug.config: KASAN,
# kmemleak, lockdep), booted with "kmsdebug": besides kms-test and the clients, kms-unplug
# unbinds bochs-drm while it holds buffers and binds it again, and guest/init checks a
# kmemleak scan. Counts every check-qemu result, and one check that the guest reported
# zero KASAN, lockdep and kmemleak findings, with the three counts.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

check=qemu-debug
guest=$BUILD/guest-debug
out=$BUILD/guest-debug-run
QEMU_CHECK=$check GUEST_OUT=$guest GUEST_CONFIGS=configs/guest-debug.config QEMU_OUT=$out \
	QEMU_APPEND=kmsdebug QEMU_TIMEOUT=900 "$ROOT/scripts/check-qemu.sh"

console=$out/console.log
name="zero KASAN, lockdep and kmemleak reports"
for opt in CONFIG_KASAN=y CONFIG_KASAN_VMALLOC=y CONFIG_DEBUG_KMEMLEAK=y CONFIG_PROVE_LOCKING=y; do
	grep -qx "$opt" "$guest/.config" 2>/dev/null || {
		result FAIL "$check" "$name ($opt is not set in $guest/.config)"
		exit 0
	}
done
if [ ! -s "$console" ] || ! grep -q '^# kmemleak: [0-9]* unreferenced objects' "$out/ktap.log" 2>/dev/null; then
	result FAIL "$check" "$name (the guest did not get to its kmemleak scan; see $console)"
	exit 0
fi
kasan=$(grep -c 'BUG: KASAN' "$console" || true)
lockdep=$(grep -cE "$LOCKDEP_REPORTS" "$console" || true)
kmemleak=$(sed -n 's/^# kmemleak: \([0-9]*\) unreferenced objects.*/\1/p' "$out/ktap.log" | tr -d '\r' | head -1)
counts="$kasan KASAN, $lockdep lockdep, $kmemleak kmemleak"
if [ "$kasan" -eq 0 ] && [ "$lockdep" -eq 0 ] && [ "$kmemleak" -eq 0 ]; then
	result PASS "$check" "$name ($counts)"
else
	result FAIL "$check" "$name ($counts)"
	grep -E 'BUG: KASAN|WARNING: possible|inconsistent lock|unreferenced object' "$console" "$out/ktap.log" |
		head -20 | indent
fi
