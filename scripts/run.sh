#!/usr/bin/env bash
# make run: the demo on QEMU's bochs-display, on the 6.12 testbed (Linux 6.12, the last
# kernel whose bochs uses the helper, with the series' stable fixes and the test-only
# patches: prepare-stable.sh). Builds the guest kernel and initramfs where missing, boots
# the guest, runs kms-test and the outside clients, and reports the subtests, the helper's
# mapping counters and where the screenshot (PNG) is.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

"$ROOT/scripts/install-deps.sh"
"$ROOT/scripts/prepare-stable.sh" 6.12
testbed_env
"$ROOT/scripts/check-qemu.sh"
! grep -q '^FAIL' "$RESULTS/qemu.txt"
