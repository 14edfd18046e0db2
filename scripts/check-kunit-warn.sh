#!/usr/bin/env bash
# The series' quiet KUnit suites again, booted with panic_on_warn=1 as CI systems run KUnit:
# drm_gem_vram_helper and drm_gem_vram_helper_faults, in the same UML kernel as the kunit
# check (no rebuild). A warning panics the kernel, and every case from there on fails.
# drm_gem_vram_misuse is left out: it breaks the mapping contract on purpose, and the
# helper warns about each such caller bug by design.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

KUNIT_CHECK=kunit-warn exec "$ROOT/scripts/check-kunit.sh" --kernel_args panic_on_warn=1 \
	'drm_gem_vram_helper*'
