#!/usr/bin/env bash
# make run: the demo on QEMU's bochs-display. Builds the patched guest kernel and initramfs
# where missing, boots the guest, runs kms-test and the outside clients, and reports the
# subtests, the helper's mapping counters and where the screenshot (PNG) is.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

"$ROOT/scripts/install-deps.sh"
"$ROOT/scripts/prepare-base.sh"
"$ROOT/scripts/apply-series.sh"
"$ROOT/scripts/check-qemu.sh"
! grep -q '^FAIL' "$RESULTS/qemu.txt"
