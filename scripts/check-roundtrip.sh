#!/usr/bin/env bash
# Exporting the series right after applying it must reproduce patches/ byte for byte (the
# backports in patches/stable-*/ have checks of their own).
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

check=roundtrip
start_results "$check"
out=$(mktemp -d "$BUILD/roundtrip.XXXXXX")
trap 'rm -rf "$out"' EXIT
"$ROOT/scripts/export-series.sh" "$out" >/dev/null
if diff -r -x .gitattributes -x 'stable-*' "$PATCHES" "$out" >"$LOGS/roundtrip.diff"; then
	result PASS "$check" "make export after make tree leaves patches/ unchanged"
else
	result FAIL "$check" "make export after make tree leaves patches/ unchanged"
	head -40 "$LOGS/roundtrip.diff" | sed 's/^/    /'
fi
