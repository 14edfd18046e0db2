#!/usr/bin/env bash
# The workspace's own tests: the result counter and cover-letter parser (tests/), and
# a shellcheck run on every script.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

check=selftest
start_results "$check"
while IFS=$'\t' read -r status name; do
	result "$status" "$check" "$name"
done < <($PY "$ROOT/tests/run.py")
for s in "$ROOT"/scripts/*.sh "$ROOT"/.ci/run "$ROOT"/guest/init; do
	name="shellcheck ${s#"$ROOT"/}"
	if (cd "$ROOT" && shellcheck -x "$s") >"$LOGS/shellcheck.log" 2>&1; then
		result PASS "$check" "$name"
	else
		result FAIL "$check" "$name"
		sed 's/^/    /' "$LOGS/shellcheck.log"
	fi
done
