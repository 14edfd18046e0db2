#!/usr/bin/env bash
# make kunit: build the patched tree and run the GEM VRAM helper's KUnit suite under UML,
# with kunit.py's readable report.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

"$ROOT/scripts/install-deps.sh"
"$ROOT/scripts/prepare-base.sh"
"$ROOT/scripts/apply-series.sh"
mkdir -p "$LOGS"
kunit_run "$BUILD/kunit" 'drm_gem_vram*'
