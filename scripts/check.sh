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

# The checks of Linux 7.3: the series as posted, and its test-only patches. A failure to
# make the base or to apply the series ends this pipeline (the rest needs them).
mainline_checks() {
	step base prepare-base.sh || return 0
	step apply check-apply.sh || return 0
	step roundtrip check-roundtrip.sh || true
	step checkpatch check-checkpatch.sh || true
	step stable check-stable.sh || true
	step bisect check-bisect.sh || true
	step kunit check-kunit.sh || true
	step kunit-warn check-kunit-warn.sh || true
	step kunit-debug check-kunit-debug.sh || true
	step docs check-docs.sh || true
}

# The checks of Linux 6.12 and 6.1: what stable takes, the test-only patches, and the QEMU
# testbed on 6.12 (bochs-display) with both. The end-to-end checks run in the debug guest
# (configs/guest-debug.config: KASAN, kmemleak, lockdep): qemu-debug is the qemu check's
# tests plus kms-unplug and a kmemleak scan, and qemu-swapout reuses that guest.
stable_checks() {
	step stable-6.12 check-stable-tree.sh 6.12 || true
	(
		testbed_env
		export GUEST_OUT=$BUILD/guest-debug GUEST_CONFIGS=configs/guest-debug.config
		step qemu-debug check-qemu-debug.sh || true
		step qemu-swapout check-qemu-swapout.sh || true
	)
	step stable-6.1 check-stable-tree.sh 6.1 || true
}

"$ROOT/scripts/install-deps.sh"
step selftest check-selftest.sh || true
# The two pipelines share no tree, build folder or result file, so they run side by side:
# on two cores each fills the other's single-threaded stretches (checkpatch, git am,
# kunit.py and QEMU runs, links, Sphinx). The stable pipeline's output is kept in a log and
# printed when both are done; each check's time is then wall time beside the other.
stable_log=$LOGS/check-stable-trees.log
note "check: the stable trees' checks run beside the 7.3 ones; their output: $stable_log"
stable_checks >"$stable_log" 2>&1 &
stable_pid=$!
# Ctrl-C stops both: the background pipeline ignores SIGINT (bash's rule for asynchronous
# commands), so the whole process group gets SIGTERM; each script's traps restore its tree.
trap 'trap - INT TERM; kill -TERM 0' INT TERM
mainline_checks
note "check: the 7.3 checks are done after $(($(date +%s) - start)) s; waiting for the stable trees' checks"
wait "$stable_pid" || true
echo
note "check: the stable trees' checks (from $stable_log)"
cat "$stable_log"
finish
