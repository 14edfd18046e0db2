#!/usr/bin/env bash
# make coverage (not part of make check): which lines of the GEM VRAM helper the tests run.
# Two sources, each in its own build folder and on its own tree, so each has its own report
# (scripts/coverage.py):
# - kunit: the GEM VRAM suites of the 7.3 series with its test-only patches (branch 'testing'
#   in build/linux-testing, apply-tests.sh) on UML, in $BUILD/coverage-kunit, with kunit.py's
#   tools/testing/kunit/configs/coverage_uml.config (CONFIG_GCOV: the whole kernel built with
#   -fprofile-arcs, linked with the host's libgcov). With Debian's gcc 12 that needs two
#   workarounds, both outside the tree: libgcov.a defines mangle_path() as fs/seq_file.c
#   does, so the link needs --allow-multiple-definition (libgcov never calls its own copy);
#   and gcc puts each object's gcov destructor in .fini_array.00100, which UML's linker
#   script discards (it keeps only .fini_array), so nothing writes .gcda files at exit:
#   the kernel runs under gdb, which calls __gcov_exit() when it exits.
# - guest: the QEMU guest on the 6.12 testbed (configs/guest.config + configs/coverage.config, CONFIG_GCOV_KERNEL,
#   only the helper instrumented, with -g so that gcov's lines are the UML build's), in
#   $BUILD/coverage-guest, booted twice with "kmscoverage": the QEMU tests with kms-unplug
#   ("kmsdebug") and kms-swapout ("kmsswapout"); guest/init sends debugfs's .gcda over the
#   second serial port before poweroff.
# Prints covered/total lines and the lines no test reaches, per source; the reports are kept
# in $BUILD/coverage/report.txt. Fails only when neither source gave data.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

"$ROOT/scripts/apply-tests.sh"
TREE=$BUILD/linux-testing
source=drivers/gpu/drm/drm_gem_vram_helper.c
stem=$(basename "$source" .c)
out=$BUILD/coverage
kunit_dir=$BUILD/coverage-kunit
guest=$BUILD/coverage-guest
mkdir -p "$out" "$LOGS"
rm -f "$out"/*.json "$out/report.txt"
commit=$(tgit log -1 --format='%h %s')
note "coverage: $source at $commit"
runs=()

# gcov_json DIR OUT: gcov's JSON of DIR/$stem.gcda with DIR/$stem.gcno into OUT.
gcov_json() {
	(cd "$1" && gcov --json-format --stdout "$stem.gcda") >"$2" 2>"$2.log"
}

log=$LOGS/coverage-kunit.log
note "coverage: kunit.py build with CONFIG_GCOV (log $log), then the GEM VRAM suites under gdb"
find "$kunit_dir" -name '*.gcda' -delete 2>/dev/null || true
if (cd "$TREE" && $PY tools/testing/kunit/kunit.py build \
	--kunitconfig=drivers/gpu/drm/tests/.kunitconfig \
	--kunitconfig=tools/testing/kunit/configs/coverage_uml.config \
	--build_dir="$kunit_dir" --jobs="$(nproc)" \
	--make_options "LDFLAGS_EXECSTACK=-z noexecstack --no-warn-rwx-segments --allow-multiple-definition") \
	>"$log" 2>&1; then
	# kunit.py's own command line for UML, with the suites' filter.
	timeout 600 gdb -q -batch -nx -ex 'set pagination off' \
		-ex 'handle SIGSEGV SIGUSR1 SIGALRM SIGVTALRM SIGIO SIGWINCH SIGCHLD SIGPROF nostop noprint pass' \
		-ex 'catch syscall exit_group' -ex run -ex 'call (void)__gcov_exit()' -ex continue \
		--args "$kunit_dir/vmlinux" mem=1G console=tty kunit_shutdown=halt \
		'kunit.filter_glob=drm_gem_vram*' kunit.enable=1 >"$LOGS/coverage-kunit-run.log" 2>&1 || true
	(cd "$TREE" && $PY tools/testing/kunit/kunit.py parse "$LOGS/coverage-kunit-run.log") 2>&1 |
		grep -E 'Testing complete|FAILED|CRASHED' | indent || true
else
	echo "    kunit.py build failed (see $log):"
	grep -E 'error:|Error' "$log" | head -10 | indent || true
fi
gcda=$kunit_dir/$(dirname "$source")/$stem.gcda
if [ -f "$gcda" ] && gcov_json "$(dirname "$gcda")" "$out/kunit.json"; then
	echo "7.3 series with the test-only patches, commit $commit, $(date -u +%Y-%m-%d)" | tee "$out/report.txt"
	$PY "$ROOT/scripts/coverage.py" report "$source" "$TREE" "kunit=$out/kunit.json" | tee -a "$out/report.txt"
	runs+=(kunit)
else
	echo "    no KUnit coverage: $(find "$kunit_dir" -name '*.gcda' 2>/dev/null | wc -l) .gcda files in $kunit_dir, none for the helper"
fi

testbed_env
commit=$(tgit log -1 --format='%h %s')
note "coverage: building the guest with gcov in $guest (6.12 testbed at $commit)"
if MAKEFLAGS="${MAKEFLAGS:-} GCOV_PROFILE_$stem.o=y CFLAGS_$stem.o=-g" GUEST_OUT=$guest \
	GUEST_CONFIGS="$ROOT/configs/coverage.config" "$ROOT/scripts/build-guest.sh" >"$LOGS/coverage-guest.log" 2>&1; then
	guest_json=()
	for boot in "tests:kmsdebug" "swapout:kmsswapout ttm.pages_limit=4096"; do
		name=${boot%%:*}
		run=$out/guest-$name
		note "coverage: booting the guest with '${boot#*:} kmscoverage' (console $run/console.log)"
		rm -rf "$run/gcov"
		$PY "$ROOT/scripts/run-guest.py" --kernel "$guest/arch/x86/boot/bzImage" \
			--initrd "$guest/initramfs.cpio.gz" --out "$run" --timeout 600 \
			--append "${boot#*:} kmscoverage" 2>&1 | tail -3 | indent || true
		if $PY "$ROOT/scripts/coverage.py" extract "$run/ktap.log" "$run/gcov" >/dev/null &&
			cp "$guest/$(dirname "$source")/$stem.gcno" "$run/gcov/" &&
			gcov_json "$run/gcov" "$out/guest-$name.json"; then
			guest_json+=("$out/guest-$name.json")
		else
			echo "    no gcov data from this boot (see $run/ktap.log and $run/console.log)"
		fi
	done
	if [ ${#guest_json[@]} -gt 0 ]; then
		echo
		echo "6.12 testbed, commit $commit, $(date -u +%Y-%m-%d)" | tee -a "$out/report.txt"
		$PY "$ROOT/scripts/coverage.py" report "$source" "$TREE" "guest=$(IFS=,; echo "${guest_json[*]}")" |
			tee -a "$out/report.txt"
		runs+=(guest)
	fi
else
	echo "    the coverage guest does not build (see $LOGS/coverage-guest.log)"
	tail -5 "$LOGS/coverage-guest.log" | indent
fi

[ ${#runs[@]} -gt 0 ] || die "coverage: no coverage data from KUnit or the guest"
