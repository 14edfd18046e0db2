#!/usr/bin/env bash
# End to end on QEMU's bochs-display: build the guest, boot it, and count kms-test's and the
# outside clients' KTAP results, the screendump comparison and a scan of the serial log.
# Prints a short report: subtests, the helper's traced mapping counts, the screenshot's path.
# check-qemu-debug.sh runs it for the debug guest: QEMU_CHECK names the check, GUEST_OUT
# and GUEST_CONFIGS the guest (see build-guest.sh), QEMU_OUT the run's folder, QEMU_APPEND
# more kernel arguments and QEMU_TIMEOUT the hang timeout in seconds.
# KTAP_PARSER_TREE: the tree whose kunit.py parses the KTAP (the 6.1 check uses 6.12's).
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

check=${QEMU_CHECK:-qemu}
start_results "$check"
guest=${GUEST_OUT:-$BUILD/guest}
out=${QEMU_OUT:-$BUILD/guest-run}
if ! "$ROOT/scripts/build-guest.sh"; then
	result FAIL "$check" "the guest kernel, kms-test and the initramfs build"
	exit 0
fi

note "$check: booting the guest (console $out/console.log)"
if $PY "$ROOT/scripts/run-guest.py" --kernel "$guest/arch/x86/boot/bzImage" \
	--initrd "$guest/initramfs.cpio.gz" --out "$out" --timeout "${QEMU_TIMEOUT:-400}" \
	--append "${QEMU_APPEND:-}"; then
	rc=0
else
	rc=$?
fi
console=$out/console.log
if [ "$rc" -eq 0 ] && grep -q 'Initialized bochs-drm' "$console" && grep -q 'kms-test: done' "$console"; then
	result PASS "$check" "the guest boots, bochs-drm initializes and the tests finish"
else
	result FAIL "$check" "the guest boots, bochs-drm initializes and the tests finish"
	grep -q 'Initialized bochs-drm' "$console" 2>/dev/null ||
		echo "    bochs-drm did not initialize: no bochs-display device, or the driver failed"
	tail -15 "$console" 2>/dev/null | indent || true
fi

if ktap_results "$check" "$out/ktap.log" ""; then
	grep '^ *# ' "$out/ktap.log" | sed 's/^ *# /    /' | head -60
else
	result FAIL "$check" "KTAP results from the guest (see $out/ktap.log)"
fi

png=$out/screenshot.png
if [ -f "$out/screenshot.ppm" ]; then
	if verdict=$($PY "$ROOT/scripts/screenshot.py" "$out/screenshot.ppm" "$(cat "$out/screenshot.size")" "$png"); then
		result PASS "$check" "the screendump matches kms-test's image pixel for pixel ($verdict)"
	else
		result FAIL "$check" "the screendump matches kms-test's image pixel for pixel ($verdict)"
	fi
else
	result FAIL "$check" "a screendump was taken while kms-test's image was shown"
fi

if grep -En "$KERNEL_REPORTS" "$console" >"$out/log-scan.txt"; then
	result FAIL "$check" "the serial log has no WARN, BUG, oops, KASAN, kmemleak or lockdep report"
	head -30 "$out/log-scan.txt" | indent
else
	result PASS "$check" "the serial log has no WARN, BUG, oops, KASAN, kmemleak or lockdep report"
fi

echo
note "$check: report"
counts=$(cut -f1 "$RESULTS/$check.txt" | sort | uniq -c | awk '{ printf "%s%s %s", sep, $1, tolower($2); sep = ", " }')
echo "    checks: $counts"
seed=$(sed -n 's/.*# fuzz: seed \([0-9]*\),.*/\1/p' "$out/ktap.log" | tr -d '\r' | head -1)
ops=$(sed -n 's/.*# fuzz: \([0-9]* operations (.*\)/\1/p' "$out/ktap.log" | tr -d '\r' | head -1)
echo "    randomized ioctls (kms-fuzz, seed ${seed:-?}): ${ops:-none ran}"
sed -n '/^=== kms-trace show/,/^=== /p' "$console" | grep -v '^===' | tr -d '\r' | indent
[ -f "$png" ] && echo "    screenshot: $png"
