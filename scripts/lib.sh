# shellcheck shell=bash
# Common paths and helpers for the workspace scripts. Sourced, never run.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD_DIR:-$ROOT/build}
# TREE_DIR: another checkout of the patched tree (make bench builds from its own worktree).
TREE=${TREE_DIR:-$BUILD/linux}
RESULTS=$BUILD/results
LOGS=$BUILD/logs
PATCHES=${PATCHES_DIR:-$ROOT/patches}
BASE_TAG=base
SERIES_BRANCH=${SERIES_BRANCH:-series}
# The subject prefix of the exported patches: [PATCH v3 n/m].
SUBJECT_PREFIX=${SUBJECT_PREFIX:-PATCH v3}
# The stable trees the fixes are carried to, and their Debian packages (installed from the
# machine's own suites): build/linux-6.12 and build/linux-6.1.
# shellcheck disable=SC2034 # used by the scripts that source this file
STABLE_BASES=(6.12 6.1)
# Debian's python3: the one that can import python3-sphinx and friends.
PY=/usr/bin/python3
export ROOT BUILD TREE RESULTS LOGS PATCHES BASE_TAG SERIES_BRANCH SUBJECT_PREFIX PY KERNEL_REPORTS LOCKDEP_REPORTS

# What the log scans look for. KERNEL_REPORTS: any warning, oops, sanitizer or lockdep
# report in a serial log. LOCKDEP_REPORTS: lockdep's and the atomic-sleep checks' reports.
KERNEL_REPORTS='WARNING:|BUG:|Oops|general protection|KASAN|suspected memory leak|possible circular|possible recursive|inconsistent lock|Call Trace|Kernel panic'
LOCKDEP_REPORTS='WARNING: possible|WARNING: suspicious RCU|possible recursive locking|inconsistent lock state|BUG: sleeping function|BUG: scheduling while atomic|INFO: trying to register non-static key'

die() {
	echo "error: $*" >&2
	exit 1
}

note() {
	echo "==> $*"
}

# result STATUS CHECK NAME: record one counted check (STATUS is PASS, FAIL or SKIP)
# in $RESULTS/CHECK.txt and print it as a KTAP-like line.
result() {
	local status=$1 check=$2 name=$3
	mkdir -p "$RESULTS"
	printf '%s\t%s\n' "$status" "$name" >>"$RESULTS/$check.txt"
	case $status in
	PASS) echo "ok - $check: $name" ;;
	SKIP) echo "ok - $check: $name # SKIP" ;;
	*) echo "not ok - $check: $name" ;;
	esac
}

# start_results CHECK: forget the results of an earlier run of CHECK.
start_results() {
	mkdir -p "$RESULTS" "$LOGS"
	: >"$RESULTS/$1.txt"
}

# series_patches: the patch files named by patches/series, in order, one per line.
series_patches() {
	[ -f "$PATCHES/series" ] || die "patches/series is missing"
	local p
	while read -r p; do
		case $p in '' | '#'*) continue ;; esac
		[ -f "$PATCHES/$p" ] || die "patches/series names $p, which does not exist in patches/"
		echo "$p"
	done <"$PATCHES/series"
}

require_tree() {
	[ -e "$TREE/.git" ] || die "no base tree in $TREE: run 'make base' (or 'make check') first"
}

# in_tree CMD...: run a git command in the kernel tree.
tgit() {
	git -C "$TREE" "$@"
}

# indent: copy standard input to standard output, four spaces in.
indent() {
	sed 's/^/    /'
}

# build_warnings LOG: the compiler's and sparse's warnings and errors in LOG, without line
# and column numbers, one per line, sorted: what two builds of different trees compare.
build_warnings() {
	grep -E '(warning|error):' "$1" | sed -E 's/:[0-9]+(:[0-9]+)?:/:/' | sort -u || true
}

# result_new_warnings CHECK NAME BASE_WARNINGS LOG: one counted check that LOG's build
# warnings (build_warnings) are all among BASE_WARNINGS; the new ones are printed.
result_new_warnings() {
	local check=$1 name=$2 base=$3 log=$4 new
	new=$(comm -13 <(echo "$base") <(build_warnings "$log"))
	if [ -n "$new" ]; then
		result FAIL "$check" "$name"
		indent <<<"$new"
	else
		result PASS "$check" "$name"
	fi
}

# ktap_results CHECK KTAP PREFIX: parse the KTAP log KTAP with kunit.py (of the tree in
# $KTAP_PARSER_TREE, else $TREE) and count one check per test case, named PREFIX + its name;
# returns 1, counting nothing, when the log holds no result.
ktap_results() {
	local check=$1 ktap=$2 prefix=$3 json=${2%.*}.json status name
	rm -f "$json"
	(cd "${KTAP_PARSER_TREE:-$TREE}" && $PY tools/testing/kunit/kunit.py parse --json="$json" "$ktap") \
		>"${ktap%.*}-parse.log" 2>&1 || true
	[ -s "$json" ] && [ "$($PY "$ROOT/scripts/results.py" kunit "$json" | wc -l)" -gt 0 ] || return 1
	while IFS=$'\t' read -r status name; do
		result "$status" "$check" "$prefix$name"
	done < <($PY "$ROOT/scripts/results.py" kunit "$json")
}

# helper_users [ARCH]: the GEM VRAM helper's in-tree users in $TREE as make targets, one a
# line: the folders (or, for drivers/gpu/drm/tiny, objects) whose Kconfig selects
# DRM_VRAM_HELPER; vboxvideo is left out on arm64 (x86 only). 7.3: vboxvideo; 6.12: bochs,
# hibmc, vboxvideo; 6.1: ast too.
helper_users() {
	local kconfig dir sym
	grep -l 'select DRM_VRAM_HELPER' -r "$TREE/drivers/gpu/drm" --include=Kconfig | sort |
		while read -r kconfig; do
			dir=${kconfig#"$TREE"/}
			dir=${dir%/Kconfig}
			# DRM's own Kconfig: the KUnit tests select the helper there, no driver.
			[ "$dir" != drivers/gpu/drm ] || continue
			[ "${1:-}" != arm64 ] || [ "$dir" != drivers/gpu/drm/vboxvideo ] || continue
			if [ "$dir" = drivers/gpu/drm/tiny ]; then
				# One object per driver there: the symbols that select the helper.
				awk '/^config /{sym=$2} /select DRM_VRAM_HELPER/{print sym}' "$kconfig" |
					while read -r sym; do
						grep -E "^obj-[$][(]CONFIG_${sym}[)]" "$TREE/$dir/Makefile" |
							sed -E "s#.*[+]=[[:space:]]*#$dir/#"
					done
			else
				echo "$dir/"
			fi
		done
}

# modules_fragment FRAGMENT...: a config fragment for the modular build of the same drivers:
# MODULES=y and every DRM and KUnit option that the FRAGMENTs set to y set to m instead, as
# distributions build them: DRM, TTM, the helper, its users and the KUnit tests (the GEM
# VRAM suite among DRM's) as modules, on every base.
modules_fragment() {
	echo "CONFIG_MODULES=y"
	cat "$@" | sed -n 's/^\(CONFIG_\(DRM\|KUNIT\)[A-Z0-9_]*\)=y$/\1=m/p'
}

# arch_args ARCH: make's arguments that select ARCH (x86_64 and i386 with the host's gcc,
# arm64 with Debian's cross compiler gcc-aarch64-linux-gnu), one a line.
arch_args() {
	echo "ARCH=$1"
	case $1 in
	arm64) echo "CROSS_COMPILE=aarch64-linux-gnu-" ;;
	esac
}

# x86_config OUT NAME FRAGMENT...: make the x86_64 build folder OUT's .config from tinyconfig
# and the FRAGMENTs, later ones winning (remade only when one of them changes), and check
# that every option they set stuck. NAME prefixes messages and names the log.
x86_config() {
	arch_config x86_64 "$@"
}

# arch_config ARCH OUT NAME FRAGMENT...: x86_config for another ARCH (see arch_args).
arch_config() {
	local arch=$1 out=$2 name=$3 log=$LOGS/$3-config.log want line args
	shift 3
	mapfile -t args < <(arch_args "$arch")
	local kmake=(make -C "$TREE" O="$out" "${args[@]}")
	mkdir -p "$out" "$LOGS"
	cat "$@" >"$out/.fragment.new"
	want=$(cat "$out/.fragment.new" "$TREE/Makefile" | sha256sum)
	if [ "$(cat "$out/.fragment.sha" 2>/dev/null)" != "$want" ] || [ ! -f "$out/.config" ]; then
		note "$name: configuring $out (tinyconfig + ${*#"$ROOT"/})"
		"${kmake[@]}" tinyconfig >"$log" 2>&1
		"$TREE/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "$out/.fragment.new" >>"$log" 2>&1
		"${kmake[@]}" olddefconfig >>"$log" 2>&1
		echo "$want" >"$out/.fragment.sha"
	fi
	# The last setting of each option is the one that counts; "# CONFIG_X is not set"
	# sets X to n, which holds when .config does not set X.
	tac "$out/.fragment.new" |
		sed -n 's/^# \(CONFIG_[A-Za-z0-9_]*\) is not set$/\1=n/p; /^CONFIG_/p' |
		awk -F= '!seen[$1]++' | while read -r line; do
		case $line in
		*=n) ! grep -q "^${line%=n}=" "$out/.config" ;;
		*) grep -qx "$line" "$out/.config" ;;
		esac || die "$name: $line did not stick in $out/.config (see $log)"
	done
}

# kunit_run BUILD_DIR [--json=FILE] [--kconfig_add CONFIG_X=y]... [--kernel_args ARG]...
# [FILTER_GLOB]: KUnit on UML in the tree, with the DRM and TTM kunitconfigs (the GEM VRAM
# helper's suite is part of the DRM one), or with the kunitconfigs that KUNIT_CONFIGS names
# (configs/kunit-vram.config: the stable trees and kunit-debug). kunit.py configures and
# builds the kernel and parses its output, as 'kunit.py run' would (one difference: parse
# fails a run whose cases were all skipped); the kernel itself boots here, with kunit.py's
# command line for UML and its default timeout, its console written to BUILD_DIR/test.log,
# a regular file. Bad arguments return 2 with a message on stderr. KUNIT_KERNEL: a UML
# kernel an earlier check built (kept_kernel), booted instead of building BUILD_DIR's.
#
# Not 'kunit.py run', which reads the console through a pipe: UML makes its stdout
# non-blocking, and the console drops what a write cannot place (generic_write() returns 0
# on EAGAIN, or the short count; uml_console_write() ignores it and never retries). When the
# pipe (64 KiB) is full because kunit.py fell behind, as on a machine whose cores are busy
# with builds, whole stretches of the KTAP output are lost and cases go missing. A write to a
# regular file never returns EAGAIN.
kunit_run() {
	local build_dir build=() kargs=() parse=() glob='' rc=0 timeout=${KUNIT_TIMEOUT:-300} linux
	build_dir=$(realpath -m -- "$1")
	linux=${KUNIT_KERNEL:-$build_dir/linux}
	shift
	while [ $# -gt 0 ]; do
		case $1 in
		--json=*) parse+=("$1") ;;
		--kconfig_add=*) build+=("$1") ;;
		--kernel_args=*) kargs+=("${1#*=}") ;;
		--kconfig_add | --kernel_args)
			if [ $# -lt 2 ]; then
				echo "kunit_run: $1 needs a value" >&2
				return 2
			fi
			if [ "$1" = --kconfig_add ]; then build+=("$1" "$2"); else kargs+=("$2"); fi
			shift
			;;
		-*)
			echo "kunit_run: unknown option $1" >&2
			return 2
			;;
		*) glob=$1 ;;
		esac
		shift
	done
	# Where kunit.py's UML config has PCI over virtio (6.12), a virtio device ID: without
	# one, um_pci_init() WARNs at every boot, which panic_on_warn=1 (check-kunit-warn)
	# turns into a panic. 7.3's KUNIT_UML_PCI needs none.
	if grep -qs '^CONFIG_UML_PCI_OVER_VIRTIO=y' "$TREE/tools/testing/kunit/configs/arch_uml.config"; then
		build+=(--kconfig_add CONFIG_UML_PCI_OVER_VIRTIO_DEVICE_ID=1234)
	fi
	local c
	for c in ${KUNIT_CONFIGS:-drivers/gpu/drm/tests/.kunitconfig drivers/gpu/drm/ttm/tests/.kunitconfig}; do
		build+=(--kunitconfig="$c")
	done
	mkdir -p "$build_dir"
	# No earlier run's output may pass for this one's (check-kunit-debug scans it).
	rm -f "$build_dir/test.log"
	if [ -n "${KUNIT_KERNEL:-}" ]; then
		echo "kunit_run: no build; booting $KUNIT_KERNEL, kept by an earlier check"
	else
		(cd "$TREE" && $PY tools/testing/kunit/kunit.py build "${build[@]}" \
			--build_dir="$build_dir" --jobs="$(nproc)") || return
	fi
	[ -z "$glob" ] || kargs+=("kunit.filter_glob=$glob")
	kargs+=(kunit.enable=1 mem=1G console=tty kunit_shutdown=halt)
	echo "Running tests with: $linux ${kargs[*]} >$build_dir/test.log"
	# --foreground: an interrupt of the caller reaches the kernel, as it did through kunit.py.
	(cd "$TREE" && timeout --foreground -k 10 "$timeout" "$linux" "${kargs[@]}" \
		</dev/null >"$build_dir/test.log" 2>&1) || rc=$?
	case $rc in
	0) ;;
	124) echo "kunit_run: the kernel did not halt within $timeout s; killed" ;;
	*)
		echo "kunit_run: the kernel exited $rc; the end of $build_dir/test.log:"
		tail -5 "$build_dir/test.log"
		;;
	esac
	(cd "$TREE" && $PY tools/testing/kunit/kunit.py parse "${parse[@]}" "$build_dir/test.log")
}

# kept_kernel BUILD_DIR [save]: the UML kernel of BUILD_DIR kept as BUILD_DIR/linux.kept,
# with the tree's commit, before kunit_breaks rebuilds the folder with a fix reverted
# ('save'; only from a clean working copy); without 'save', print its path when it was
# built from the commit the tree is at now, with a clean working copy.
kept_kernel() {
	local kept=$1/linux.kept head
	head=$(tgit rev-parse HEAD 2>/dev/null) && [ -z "$(tgit status --porcelain --untracked-files=no)" ] ||
		head=''
	if [ "${2:-}" = save ]; then
		rm -f "$kept" "$kept.commit"
		[ -n "$head" ] && [ -x "$1/linux" ] || return 0
		cp "$1/linux" "$kept" && echo "$head" >"$kept.commit"
	elif [ -n "$head" ] && [ -x "$kept" ] && [ "$(cat "$kept.commit" 2>/dev/null)" = "$head" ]; then
		echo "$kept"
	fi
}

# refresh_config OUT MAKE_ARGS...: make olddefconfig in the build folder OUT (for MAKE_ARGS,
# e.g. ARCH=x86_64), since a checkout may have changed a Kconfig file (a patch may add a
# symbol), unless nothing it reads changed since its last run there (refresh_key). Each
# olddefconfig costs about 6 s, and make check builds some 50 steps. An empty key (a dirty
# working copy, or any failure to make one) means: run it.
refresh_config() {
	local out=$1 key=''
	shift
	if [ -f "$out/.config" ] && [ -f "$out/.refresh-key" ]; then
		key=$(refresh_key "$out" "$@") || key=''
		[ -z "$key" ] || [ "$key" != "$(cat "$out/.refresh-key")" ] || return 0
	fi
	rm -f "$out/.refresh-key"
	make -C "$TREE" O="$out" "$@" olddefconfig </dev/null || return
	key=$(refresh_key "$out" "$@") || key=''
	[ -z "$key" ] || echo "$key" >"$out/.refresh-key"
}

# refresh_key OUT MAKE_ARGS...: what olddefconfig in OUT reads, as a hash: git's ids of the
# Kconfig files (Kbuild's auto.conf.cmd lists only files named Kconfig*), of scripts/ (the
# kconfig tool, and the scripts that Kconfig.include runs to probe the toolchain), of the top
# and the arch Makefiles; OUT's .config; MAKE_ARGS and MAKEFLAGS; what Kconfig probes that
# .config keeps and Kbuild's own syncconfig does not follow (auto.conf.cmd follows the
# compiler's, rustc's and pahole's versions, not these): the assembler's and the linker's
# versions (CONFIG_AS_VERSION, CONFIG_LD_VERSION), and whether bindgen is there
# (CONFIG_RUST_IS_AVAILABLE); and the compiler's version. Empty when the working copy is not
# clean or git fails.
refresh_key() {
	local out=$1 cross='' a st t
	shift
	st=$(tgit status --porcelain --untracked-files=no 2>/dev/null) && [ -z "$st" ] || return 0
	for a in "$@"; do
		case $a in CROSS_COMPILE=*) cross=${a#CROSS_COMPILE=} ;; esac
	done
	(
		tgit ls-tree -r HEAD 2>/dev/null |
			grep -E $'\t((.*/)?Kconfig[^/]*|scripts/.*|Makefile|arch/[^/]*/Makefile)$'
		cat "$out/.config"
		echo "$* ${MAKEFLAGS:-}"
		for t in "${cross}gcc" "${cross}as" "${cross}ld"; do
			"$t" --version 2>&1 | head -1 || true
		done
		command -v bindgen || echo "bindgen: none"
	) | sha256sum | cut -c1-16
}

# arch_make ARCH OUT CONFIG_LOG TARGET...: refresh_config in the build folder OUT (its output
# in CONFIG_LOG), then make TARGETs there for ARCH (arch_args) with W=1; a failed
# olddefconfig is named.
arch_make() {
	local arch=$1 out=$2 cfg=$3 args
	shift 3
	mapfile -t args < <(arch_args "$arch")
	if refresh_config "$out" "${args[@]}" >"$cfg" 2>&1; then
		make -C "$TREE" O="$out" "${args[@]}" -j"$(nproc)" W=1 "$@" </dev/null
	else
		echo "make olddefconfig failed: see $cfg"
		return 1
	fi
}

# users_fragments BASE: the config fragments of BASE's x86_64 builds of the helper's users.
users_fragments() {
	echo "$ROOT/configs/x86-users.config"
	[ ! -f "$ROOT/configs/x86-users-$1.config" ] || echo "$ROOT/configs/x86-users-$1.config"
}

# users_build BASE LABEL: build $TREE as checked out for x86_64 with W=1, twice:
# - built-in: the helper, its users and its KUnit test as objects ($BUILD/x86-BASE, tinyconfig
#   + users_fragments), log in $builtin_log, status in $builtin_rc;
# - modular: vmlinux and all modules through modpost ($BUILD/x86-BASE-modules, the same
#   fragments with modules_fragment), so that a call of an unexported symbol fails; log in
#   $modules_log, status in $modules_rc.
# Each configuration is made once (x86_config) and refreshed with olddefconfig
# (refresh_config), since a patch may add a Kconfig symbol (standard input is /dev/null:
# Kconfig must not ask).
users_build() {
	local base=$1 label=$2 out=$BUILD/x86-$1 fragments objs
	mapfile -t fragments < <(users_fragments "$base")
	mapfile -t objs < <(helper_users x86_64)
	objs+=(drivers/gpu/drm/drm_gem_vram_helper.o)
	[ ! -f "$TREE/drivers/gpu/drm/tests/drm_gem_vram_test.c" ] || objs+=(drivers/gpu/drm/tests/drm_gem_vram_test.o)
	builtin_log=$LOGS/build-$base-$label.builtin.log
	modules_log=$LOGS/build-$base-$label.modules.log
	x86_config "$out" "build-$base" "${fragments[@]}"
	modules_fragment "${fragments[@]}" >"$BUILD/modules-$base.config"
	# What the modular build holds as modules, read from its fragment, for users_results.
	if grep -q '^CONFIG_KUNIT=m$' "$BUILD/modules-$base.config"; then
		modules_what="DRM, TTM, the helper, its users, the test as modules; modpost"
	else
		modules_what="DRM, TTM, the helper and its users as modules, KUnit off; modpost"
	fi
	x86_config "$out-modules" "build-$base-modules" "${fragments[@]}" "$BUILD/modules-$base.config"
	# The same source tree (git's tree id, working copy clean) built successfully with the
	# same configuration, compiler and build commands (this file) since make check began (it
	# clears $RESULTS; the 7.3 base and fix 1 alone: by the stable check, then by bisect):
	# its results and logs are taken, not built again. The build folders stay where they
	# were; make rebuilds what later checkouts change, by their timestamps.
	local memo=$RESULTS/.users-build key=
	if [ -z "$(tgit status --porcelain --untracked-files=no)" ]; then
		key=$( (echo "$base" && tgit rev-parse 'HEAD^{tree}' && gcc --version &&
			cat "${fragments[@]}" "$BUILD/modules-$base.config" "$ROOT/scripts/lib.sh") |
			sha256sum | cut -c1-16)
	fi
	if [ -n "$key" ] && [ -f "$memo/$key.label" ]; then
		builtin_rc=0 modules_rc=0
		cp "$memo/$key.builtin.log" "$builtin_log"
		cp "$memo/$key.modules.log" "$modules_log"
		note "users_build: $base $label: this tree was built with this configuration as $(cat "$memo/$key.label"); its results and logs are taken"
		return 0
	fi
	arch_make x86_64 "$out" "$LOGS/build-$base-$label.builtin-config.log" "${objs[@]}" \
		>"$builtin_log" 2>&1 && builtin_rc=0 || builtin_rc=$?
	arch_make x86_64 "$out-modules" "$LOGS/build-$base-$label.modules-config.log" vmlinux modules \
		>"$modules_log" 2>&1 && modules_rc=0 || modules_rc=$?
	if [ -n "$key" ] && [ "$builtin_rc" -eq 0 ] && [ "$modules_rc" -eq 0 ]; then
		mkdir -p "$memo"
		cp "$builtin_log" "$memo/$key.builtin.log"
		cp "$modules_log" "$memo/$key.modules.log"
		echo "$label" >"$memo/$key.label"
	fi
}

# users_results CHECK WHAT: after users_build, two counted checks named after WHAT: each
# build succeeded and added no warning to those of the same build of the base
# ($base_builtin and $base_modules, build_warnings of the base's logs, set by the caller).
# shellcheck disable=SC2154 # base_builtin and base_modules are the caller's
users_results() {
	local check=$1 what=$2
	if [ "$builtin_rc" -ne 0 ]; then
		result FAIL "$check" "built-in W=1 build of the helper, its users and its test $what"
		tail -15 "$builtin_log" | indent
	else
		result_new_warnings "$check" "built-in W=1 build of the helper, its users and its test $what" \
			"$base_builtin" "$builtin_log"
	fi
	if [ "$modules_rc" -ne 0 ]; then
		result FAIL "$check" "modular W=1 build ($modules_what) $what"
		if grep -qE 'ERROR: modpost|error:' "$modules_log"; then
			grep -E 'ERROR: modpost|error:' "$modules_log" | head -10 | indent
		else
			tail -15 "$modules_log" | indent
		fi
	else
		result_new_warnings "$check" "modular W=1 build ($modules_what) $what" \
			"$base_modules" "$modules_log"
	fi
}

# kunit_breaks CHECK BUILD_DIR LIST [ARGS...]: for each line "SUBJECT<TAB>SUITE.CASE" of LIST,
# revert the commit with that subject (between $BASE_TAG and HEAD of $TREE) in the working
# copy with 'git revert --no-commit', run kunit_run for that case alone (incremental build
# in BUILD_DIR, ARGS as for kunit_run), and count one check: the case fails. The working
# copy is restored after each, and on any exit.
kunit_breaks() {
	local check=$1 build_dir=$2 list=$3 subject case commit json log name
	shift 3
	[ -f "$list" ] || die "$check: no list of breaks $list"
	trap 'tgit revert --abort >/dev/null 2>&1; tgit reset -q --hard HEAD' EXIT
	while IFS=$'\t' read -r subject case; do
		case $subject in '' | '#'*) continue ;; esac
		name="$case fails with \"$subject\" reverted"
		commit=$(tgit log --format=%H --fixed-strings --grep="$subject" "$BASE_TAG..HEAD" |
			while read -r c; do [ "$(tgit log -1 --format=%s "$c")" = "$subject" ] && echo "$c"; done | head -1)
		if [ -z "$commit" ]; then
			result FAIL "$check" "$name (no such commit on $(tgit rev-parse --abbrev-ref HEAD))"
			continue
		fi
		json=$LOGS/$check-break.json
		log=$LOGS/$check-break-${case##*.}.log
		rm -f "$json"
		if ! tgit revert --no-commit "$commit" >"$log" 2>&1; then
			result FAIL "$check" "$name (the revert does not apply; see $log)"
			tgit revert --abort >/dev/null 2>&1 || true
			tgit reset -q --hard HEAD
			continue
		fi
		note "$check: $case with \"$subject\" reverted (log $log)"
		kunit_run "$build_dir" --json="$json" "$@" "$case" >>"$log" 2>&1 || true
		tgit revert --abort >/dev/null 2>&1 || true
		tgit reset -q --hard HEAD
		if [ -s "$json" ] && $PY "$ROOT/scripts/results.py" kunit "$json" | grep -qx "FAIL	$case"; then
			result PASS "$check" "$name"
			grep -E '(EXPECTATION|ASSERTION) FAILED|Expected' "$log" | head -2 | sed 's/^\[[0-9:]*\] *//' | indent
		else
			result FAIL "$check" "$name (it did not fail; see $log)"
		fi
	done <"$list"
	trap - EXIT
}

# testbed_env: point the QEMU scripts (build-guest.sh, check-qemu*.sh, bench.sh) at the
# 6.12 testbed: build/linux-6.12 on branch 'testbed' (prepare-stable.sh 6.12), the stable
# fixes plus the test-only patches, made here when missing.
testbed_env() {
	TREE=$BUILD/linux-6.12
	export TREE_DIR=$TREE SERIES_BRANCH=testbed
	if ! tgit rev-parse -q --verify refs/heads/testbed >/dev/null 2>&1; then
		"$ROOT/scripts/prepare-stable.sh" 6.12
	fi
	tgit checkout -q testbed
}
