#!/usr/bin/env bash
# The series' KUnit suite drm_gem_vram again, booted with panic_on_warn=1 as CI systems run
# KUnit, in the same UML kernel as the kunit check: the kernel that check kept before its
# breaks rebuilt the folder (kept_kernel), when it is from the tree's current commit;
# otherwise the folder is built again. A warning panics the kernel, and every case from
# there on fails. The test-only suite drm_gem_vram_misuse
# (check-kunit-debug.sh) is not in this tree: it breaks the mapping contract on purpose.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

require_tree
KUNIT_KERNEL=$(kept_kernel "$BUILD/kunit")
export KUNIT_KERNEL
KUNIT_CHECK=kunit-warn KUNIT_BREAKS='' exec "$ROOT/scripts/check-kunit.sh" --kernel_args panic_on_warn=1 \
	'drm_gem_vram*'
