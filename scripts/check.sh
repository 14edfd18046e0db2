#!/usr/bin/env bash
# make check: every check of the series in order, then one closing line that sums them.
# A check that cannot complete counts as failed; later checks still run where they can.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

rm -rf "$RESULTS"
mkdir -p "$RESULTS" "$LOGS"
start=$(date +%s)

# step CHECK SCRIPT [ARGS...]: run one check script; record a failure if it dies.
step() {
	local check=$1 script=$2
	shift 2
	echo
	note "check: $check"
	local t0=$SECONDS rc=0
	"$ROOT/scripts/$script" "$@" || rc=$?
	echo "$check	$((SECONDS - t0))" >>"$RESULTS/.times"
	note "check: $check took $((SECONDS - t0)) s"
	if [ "$rc" -ne 0 ]; then
		# A failure the script recorded itself is counted already.
		if ! grep -qs '^FAIL' "$RESULTS/$check.txt"; then
			printf 'FAIL\t%s did not complete (see the error above)\n' "$script" >>"$RESULTS/$check-incomplete.txt"
			echo "not ok - $check: $script did not complete"
		fi
		return 1
	fi
}

finish() {
	echo
	note "check: done in $(($(date +%s) - start)) s; logs in $LOGS"
	exec "$PY" "$ROOT/scripts/results.py" summary "$RESULTS"
}

"$ROOT/scripts/install-deps.sh"
step selftest check-selftest.sh || true
# Linux 7.3: the series as posted, and its test-only patches.
step base prepare-base.sh || finish
step apply check-apply.sh || finish
step roundtrip check-roundtrip.sh || true
step checkpatch check-checkpatch.sh || true
step stable check-stable.sh || true
step bisect check-bisect.sh || true
step kunit check-kunit.sh || true
step kunit-warn check-kunit-warn.sh || true
step kunit-debug check-kunit-debug.sh || true
step docs check-docs.sh || true
# Linux 6.12 and 6.1: what stable takes, the test-only patches, and the QEMU testbed on
# 6.12 (bochs-display) with both.
step stable-6.12 check-stable-tree.sh 6.12 || true
(
	testbed_env
	step qemu check-qemu.sh || true
	step qemu-swapout check-qemu-swapout.sh || true
)
step stable-6.1 check-stable-tree.sh 6.1 || true
finish
