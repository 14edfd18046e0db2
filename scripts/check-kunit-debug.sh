#!/usr/bin/env bash
# The GEM VRAM helper's KUnit suites (mappings, misuse and fault injection) again, in a UML
# kernel with KASAN (with KASAN_VMALLOC) and lockdep (PROVE_LOCKING). Every case counts,
# and so does a scan of the kernel log for KASAN and lockdep reports. This is the only run
# of drm_gem_vram_misuse (CONFIG_DRM_GEM_VRAM_KUNIT_MISUSE_TEST, off by default): its cases
# misuse the helper on purpose, and the helper's warnings about them are expected here.
# (DEBUG_ATOMIC_SLEEP needs preemption, which UML lacks.)
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

check=kunit-debug
build_dir=$BUILD/kunit-debug
KUNIT_CHECK=$check KUNIT_BUILD_DIR=$build_dir "$ROOT/scripts/check-kunit.sh" \
	--kconfig_add CONFIG_KASAN=y --kconfig_add CONFIG_KASAN_VMALLOC=y \
	--kconfig_add CONFIG_DEBUG_KERNEL=y --kconfig_add CONFIG_PROVE_LOCKING=y \
	--kconfig_add CONFIG_DRM_GEM_VRAM_KUNIT_MISUSE_TEST=y 'drm_gem_vram*'

log=$build_dir/test.log
name="no KASAN or lockdep report in the kernel log"
for opt in CONFIG_KASAN=y CONFIG_KASAN_VMALLOC=y CONFIG_PROVE_LOCKING=y; do
	grep -qx "$opt" "$build_dir/.config" || {
		result FAIL "$check" "$opt is set in $build_dir/.config"
		exit 0
	}
done
pattern="BUG: KASAN|$LOCKDEP_REPORTS"
if [ ! -s "$log" ]; then
	result FAIL "$check" "$name (no log at $log)"
elif grep -En "$pattern" "$log" >"$LOGS/$check.reports"; then
	result FAIL "$check" "$name"
	head -20 "$LOGS/$check.reports" | sed 's/^/    /'
else
	result PASS "$check" "$name"
fi
