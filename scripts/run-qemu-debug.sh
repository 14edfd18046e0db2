#!/usr/bin/env bash
# make qemu-debug: the check qemu-debug (check-qemu-debug.sh) on the 6.12 testbed, alone
# (make check runs it in its stable trees' pipeline).
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

"$ROOT/scripts/install-deps.sh"
"$ROOT/scripts/prepare-stable.sh" 6.12
testbed_env
"$ROOT/scripts/check-qemu-debug.sh"
only=$(mktemp -d)
trap 'rm -rf "$only"' EXIT
cp "$RESULTS/qemu-debug.txt" "$only/"
"$PY" "$ROOT/scripts/results.py" summary "$only"
