#!/usr/bin/env bash
# KUnit on UML: the DRM and TTM suites (the GEM VRAM helper's suite is part of the DRM one)
# on the patched tree. Every test case counts. Extra kunit.py arguments may follow.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

check=${KUNIT_CHECK:-kunit}
build_dir=${KUNIT_BUILD_DIR:-$BUILD/kunit}
start_results "$check"
require_tree
json=$LOGS/$check.json
log=$LOGS/$check.log
rm -f "$json"
note "$check: kunit.py run (build folder $build_dir, log $log)"
kunit_run "$build_dir" --json="$json" "$@" >"$log" 2>&1 && rc=0 || rc=$?
grep -E '^\[[0-9:]+\] (Testing complete|Elapsed time|.*(FAILED|ERROR))' "$log" | tail -20 || true
if [ -s "$json" ]; then
	while IFS=$'\t' read -r status name; do
		result "$status" "$check" "$name" >/dev/null
	done < <($PY "$ROOT/scripts/results.py" kunit "$json")
	grep -v '^PASS' "$RESULTS/$check.txt" | sed 's/^/    /' || true
	# The fault-injection suite drives one error path per case.
	faults=$(grep -c $'\tdrm_gem_vram_helper_faults\.' "$RESULTS/$check.txt" || true)
	faults_ok=$(grep -c $'^PASS\tdrm_gem_vram_helper_faults\.' "$RESULTS/$check.txt" || true)
	echo "    fault injection: $faults error paths driven (drm_gem_vram_helper_faults), $faults_ok with nothing left behind"
fi
if [ "$rc" -ne 0 ]; then
	result FAIL "$check" "kunit.py run exits 0 (it exited $rc; see $log)"
	grep -E 'error:|Error|ERROR|FAILED|crashed' "$log" | head -20 | sed 's/^/    /' || true
	tail -15 "$log" | sed 's/^/    /'
fi
