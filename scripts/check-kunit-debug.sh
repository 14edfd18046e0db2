#!/usr/bin/env bash
# The GEM VRAM helper's KUnit suites with the test-only patches (test-patches/7.3, branch
# 'testing' in build/linux-testing, made by apply-tests.sh): the posted suite drm_gem_vram,
# and drm_gem_vram_misuse and drm_gem_vram_faults, which only make check runs. In a UML
# kernel with generic KASAN (with KASAN_VMALLOC) and lockdep (PROVE_LOCKING); without
# panic_on_warn, since the misuse suite breaks the mapping contract on purpose and the helper
# warns about it by design. The kernel holds only what these suites need
# (configs/kunit-vram.config). It cannot be the kunit check's kernel (all of DRM's and TTM's
# kunitconfigs) with these options: PROVE_LOCKING selects DEBUG_WW_MUTEX_SLOWPATH, whose
# injected -EDEADLK fails DRM's own case drm_test_check_hdmi_color_format_420_only
# ("YUV422 should fail", measured on 7.3.4), and DRM's bridge tests trip
# DEBUG_LOCKS_WARN_ON, which turns lockdep off for the rest of the boot. Every case counts,
# and so does a scan of the kernel log for KASAN and lockdep reports. Then the breaks of
# configs/kunit-breaks-testing.txt: the fixes whose cases are test-only, reverted one at a
# time. (DEBUG_ATOMIC_SLEEP needs preemption, which UML lacks.)
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

check=kunit-debug
build_dir=$BUILD/kunit-debug
"$ROOT/scripts/apply-tests.sh"
export TREE_DIR=$BUILD/linux-testing KUNIT_CONFIGS=$ROOT/configs/kunit-vram.config
# Generic KASAN with outline instrumentation, as in the debug guest: the same checks as
# inline instrumentation, made by calls; the kernel compiles in about 15 % less CPU time
# (measured on the DRM and TTM kunitconfigs: 806 s against 950 s).
debug=(--kconfig_add CONFIG_KASAN=y --kconfig_add CONFIG_KASAN_OUTLINE=y
	--kconfig_add CONFIG_KASAN_VMALLOC=y --kconfig_add CONFIG_DEBUG_KERNEL=y
	--kconfig_add CONFIG_PROVE_LOCKING=y)
KUNIT_CHECK=$check KUNIT_BUILD_DIR=$build_dir KUNIT_BREAKS='' "$ROOT/scripts/check-kunit.sh" \
	"${debug[@]}" 'drm_gem_vram*'

log=$build_dir/test.log
name="no KASAN or lockdep report in the kernel log"
for opt in CONFIG_KASAN=y CONFIG_KASAN_OUTLINE=y CONFIG_KASAN_VMALLOC=y CONFIG_PROVE_LOCKING=y; do
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

# The breaks run in the same KASAN kernel (incremental rebuilds), on branch 'testing'.
TREE=$TREE_DIR
kunit_breaks "$check" "$build_dir" "$ROOT/configs/kunit-breaks-testing.txt" "${debug[@]}"
