#!/usr/bin/env bash
# KUnit on UML: the DRM and TTM suites (the GEM VRAM helper's suite drm_gem_vram is part of
# the DRM one) on the patched tree. Every test case counts. Extra kunit_run arguments
# (--kconfig_add, --kernel_args, a filter glob) may follow. Then the breaks (kunit_breaks in
# lib.sh): each fix listed in KUNIT_BREAKS (default configs/kunit-breaks.txt) is reverted in
# the working copy, and its case must fail.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

check=${KUNIT_CHECK:-kunit}
build_dir=${KUNIT_BUILD_DIR:-$BUILD/kunit}
breaks=${KUNIT_BREAKS-$ROOT/configs/kunit-breaks.txt}
start_results "$check"
require_tree
json=$LOGS/$check.json
log=$LOGS/$check.log
rm -f "$json"
note "$check: kunit_run (build folder $build_dir, log $log)"
kunit_run "$build_dir" --json="$json" "$@" >"$log" 2>&1 && rc=0 || rc=$?
# The kernel's own output, kept: the breaks boot the same build folder again. So is the
# kernel, when breaks follow and it ran every case: kunit-warn boots it as it is.
cp "$build_dir/test.log" "$LOGS/$check.kernel.log" 2>/dev/null || true
if [ -n "$breaks" ]; then
	if [ "$rc" -eq 0 ]; then kept_kernel "$build_dir" save; else rm -f "$build_dir/linux.kept"{,.commit}; fi
fi
grep -E '^\[[0-9:]+\] (Testing complete|Elapsed time|.*(FAILED|ERROR))' "$log" | tail -20 || true
if [ -s "$json" ]; then
	while IFS=$'\t' read -r status name; do
		result "$status" "$check" "$name" >/dev/null
	done < <($PY "$ROOT/scripts/results.py" kunit "$json")
	grep -v '^PASS' "$RESULTS/$check.txt" | sed 's/^/    /' || true
	echo "    drm_gem_vram*: $(grep -c $'\tdrm_gem_vram' "$RESULTS/$check.txt" || true) cases, $(grep -c $'^PASS\tdrm_gem_vram' "$RESULTS/$check.txt" || true) passed"
fi
if [ "$rc" -ne 0 ]; then
	result FAIL "$check" "kunit_run exits 0 (kunit.py build and parse; it exited $rc; see $log)"
	grep -E 'error:|Error|ERROR|FAILED|crashed' "$log" | head -20 | sed 's/^/    /' || true
	tail -15 "$log" | sed 's/^/    /'
fi
[ -z "$breaks" ] || kunit_breaks "$check" "$build_dir" "$breaks" "$@"
