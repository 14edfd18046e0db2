#!/usr/bin/env bash
# check-stable-tree.sh BASE (6.12 or 6.1): the stable tree BASE as prepare-stable.sh makes it
# (branch 'stable': the fixes as stable takes them; branch 'testbed': plus the test-only
# patches of test-patches/BASE). Counted under the check stable-BASE:
# - apply: how each fix in range was taken: the 7.3 patch as it is (git am -3, no backport
#   file), or a backport in patches/stable-BASE/ whose message backport.py verifies against
#   the 7.3 patch's;
# - build: the base, then each patch of the testbed, for x86_64 with W=1, built-in and as
#   modules through modpost (users_build), with no warning the base does not have;
# - kunit: the test-only suite on UML (configs/kunit-vram.config, build/kunit-BASE), every
#   case, and kunit_run's exit status; then the breaks of configs/kunit-breaks-BASE.txt (the
#   swapout fix reverted: its case must fail).
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

[ $# -eq 1 ] || die "usage: check-stable-tree.sh BASE (one of: ${STABLE_BASES[*]})"
base=$1
check=stable-$base
start_results "$check"
if ! "$ROOT/scripts/prepare-stable.sh" "$base"; then
	result FAIL "$check" "apply: the fixes and the test-only patches apply to $base"
	exit 1
fi
TREE=$BUILD/linux-$base
export TREE_DIR=$TREE
trap 'tgit checkout -q -f testbed' EXIT

# apply
while IFS=$'\t' read -r how p; do
	case $how in
	as-is) result PASS "$check" "apply: $p applies to $base as it is (git am -3): no backport" ;;
	backport)
		name="apply: patches/stable-$base/$p carries the 7.3 message verbatim and a backport note"
		if problems=$($PY "$ROOT/scripts/backport.py" check "$PATCHES/$p" "$ROOT/patches/stable-$base/$p" "$base"); then
			result PASS "$check" "$name"
		else
			result FAIL "$check" "$name"
			indent <<<"$problems"
		fi
		;;
	*) note "$check: $p is not for $base: its Cc: stable range starts later" ;;
	esac
done <"$BUILD/stable-$base.txt"

# build
tgit checkout -q -f --detach "$BASE_TAG"
note "$check: building the $base base"
users_build "$base" base
[ "$builtin_rc" -eq 0 ] || die "$check: the $base base does not build: see $builtin_log"
[ "$modules_rc" -eq 0 ] || die "$check: the $base base does not build as modules: see $modules_log"
# shellcheck disable=SC2034 # read by users_results
base_builtin=$(build_warnings "$builtin_log") base_modules=$(build_warnings "$modules_log")
n=0
while read -r commit subject; do
	n=$((n + 1))
	tgit checkout -q -f --detach "$commit"
	note "$check: building after patch $n $subject"
	users_build "$base" "$n"
	users_results "$check" "after patch $n $subject"
done < <(tgit log --reverse --format='%h %s' "$BASE_TAG..testbed")
tgit checkout -q -f testbed

# kunit
json=$LOGS/$check-kunit.json
log=$LOGS/$check-kunit.log
rm -f "$json"
note "$check: kunit_run 'drm_gem_vram*' (build folder $BUILD/kunit-$base, log $log)"
export KUNIT_CONFIGS=$ROOT/configs/kunit-vram.config
kunit_run "$BUILD/kunit-$base" --json="$json" 'drm_gem_vram*' >"$log" 2>&1 && rc=0 || rc=$?
cp "$BUILD/kunit-$base/test.log" "$LOGS/$check-kunit.kernel.log" 2>/dev/null || true
grep -E '^\[[0-9:]+\] (Testing complete|Elapsed time)' "$log" || true
if [ -s "$json" ]; then
	while IFS=$'\t' read -r status name; do
		result "$status" "$check" "kunit: $name" >/dev/null
	done < <($PY "$ROOT/scripts/results.py" kunit "$json")
	grep $'\tkunit: ' "$RESULTS/$check.txt" | grep -v '^PASS' | indent || true
	echo "    kunit: $(grep -c $'^PASS\tkunit: ' "$RESULTS/$check.txt" || true) cases passed"
fi
if [ "$rc" -eq 0 ]; then
	result PASS "$check" "kunit: kunit_run exits 0 (kunit.py build and parse)"
else
	result FAIL "$check" "kunit: kunit_run exits 0 (kunit.py build and parse; it exited $rc; see $log)"
	tail -15 "$log" | indent
fi
kunit_breaks "$check" "$BUILD/kunit-$base" "$ROOT/configs/kunit-breaks-$base.txt"
if grep -q '^FAIL' "$RESULTS/$check.txt"; then
	exit 1
fi
