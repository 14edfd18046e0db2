#!/usr/bin/env bash
# checkpatch.pl with DRM's settings on every patch of the series: no error, warning or check.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

check=checkpatch
start_results "$check"
require_tree
series_patches >/dev/null # dies, naming it, if a patch in patches/series is missing
mapfile -t patches < <(series_patches)
for p in "${patches[@]}"; do
	log=$LOGS/checkpatch-${p%.patch}.log
	# Debian's python3 first: checkpatch runs spdxcheck.py, which needs python3-ply.
	(cd "$TREE" && PATH=/usr/bin:$PATH ./scripts/checkpatch.pl --strict --max-line-length=100 \
		--ignore=BIT_MACRO,SPLIT_STRING,LONG_LINE_STRING,BOOL_MEMBER \
		--no-color --showfile "$PATCHES/$p") >"$log" 2>&1 || true
	if grep -q '^total: 0 errors, 0 warnings, 0 checks' "$log"; then
		result PASS "$check" "$p"
	else
		result FAIL "$check" "$p"
		grep -E '(^|: )(ERROR|WARNING|CHECK):|^total:' "$log" | sed 's/^/    /' || true
		echo "    log: $log"
	fi
done
