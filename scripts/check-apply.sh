#!/usr/bin/env bash
# Apply the series onto the base with git am; each patch that applies counts as a check.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

check=apply
start_results "$check"
if "$ROOT/scripts/apply-series.sh"; then
	while read -r p; do result PASS "$check" "$p applies"; done < <(series_patches)
else
	result FAIL "$check" "the series applies onto the base (see the error above)"
	exit 1
fi
