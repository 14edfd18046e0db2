#!/usr/bin/env bash
# Bisectability and static checks: on the base and after each patch of the series, build
# the GEM VRAM helper, its in-tree users and its test for x86_64 with W=1, built-in and as
# modules through modpost (users_build in lib.sh), run sparse (C=2) and kernel-doc -Wall on
# the helper's files and the other files the series touches (the vboxvideo fix, the GEM TTM
# helper). A warning that the base does not have fails.
# The same W=1 build for i386 (32-bit types) and arm64 (hibmc's own architecture, with
# Debian's cross compiler) runs on the base and after the final patch.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

check=bisect
start_results "$check"
require_tree
base_name=${BISECT_BASE:-7.3}
out=$BUILD/x86-$base_name
kmake() { make -C "$TREE" O="$out" ARCH=x86_64 -j"$(nproc)" "$@"; }

helper=drivers/gpu/drm/drm_gem_vram_helper
header=include/drm/drm_gem_vram_helper.h
test_c=drivers/gpu/drm/tests/drm_gem_vram_test.c

# The other C files and headers the series touches (a driver's fix, TTM's stub hooks): sparse
# and kernel-doc cover them too, wherever they exist in the tree as checked out.
mapfile -t touched < <(tgit diff --name-only "$BASE_TAG" "$SERIES_BRANCH" -- '*.c' '*.h' |
	grep -vxF -e "$helper.c" -e "$header" -e "$test_c")

orig=$(tgit symbolic-ref -q --short HEAD || tgit rev-parse HEAD)
restore() { tgit checkout -q "$orig"; }
trap restore EXIT
tgit checkout -q --detach "$BASE_TAG"

# Debian's sparse is 0.6.4 (bookworm to sid), older than what 7.3 relies on when sparse runs:
# __typeof_unqual__, without which 7.3's Makefile turns C=2 off with only a make warning, and
# __builtin_strlen() in MODULE_INFO()'s static_assert, an error after which sparse drops its
# warnings. configs/sparse-0.6.4.h stands in for both, the same on the base and after each
# patch.
SPARSE_CF="-include $ROOT/configs/sparse-0.6.4.h"

# step NAME: build and check the tree as checked out (users_build), sets $sparse_log, $doc_log.
step() {
	local name=$1 files=("$helper.c" "$header") objs=("$helper.o")
	sparse_log=$LOGS/bisect-$name.sparse.log
	doc_log=$LOGS/bisect-$name.kernel-doc.log
	local f sparse_objs
	if [ -f "$TREE/$test_c" ]; then
		files+=("$test_c")
		objs+=("${test_c%.c}.o")
	fi
	sparse_objs=("${objs[@]}")
	for f in "${touched[@]}"; do
		[ -f "$TREE/$f" ] || continue
		files+=("$f")
		[[ $f != *.c ]] || sparse_objs+=("${f%.c}.o")
	done
	users_build "$base_name" "$name"
	# The objects first (users_build may have taken an earlier build's results and left
	# them out of date), so that the sparse log holds sparse's output only.
	kmake W=1 "${sparse_objs[@]}" </dev/null >/dev/null 2>&1 || true
	MAKEFLAGS='' kmake V=0 W=1 C=2 CF="$SPARSE_CF" "${sparse_objs[@]}" </dev/null >"$sparse_log" 2>&1 &&
		sparse_rc=0 || sparse_rc=$?
	# Kbuild prints "CHECK <file>" for each file sparse checks (V=0, and no -s from the
	# caller's make); a C=2 that Kbuild turned off checks none, and reports nothing.
	sparse_missing=()
	for f in "${sparse_objs[@]}"; do
		grep -qE "^  CHECK +${f%.o}\.c\$" "$sparse_log" || sparse_missing+=("${f%.o}.c")
	done
	(cd "$TREE" && scripts/kernel-doc -none -Wall "${files[@]}") >"$doc_log" 2>&1 && doc_rc=0 || doc_rc=$?
}

note "$check: building the base"
step base
[ "$builtin_rc" -eq 0 ] || die "$check: the base does not build: see $builtin_log"
[ "$modules_rc" -eq 0 ] || die "$check: the base does not build as modules: see $modules_log"
[ "$sparse_rc" -eq 0 ] || die "$check: sparse fails on the base: see $sparse_log"
[ ${#sparse_missing[@]} -eq 0 ] ||
	die "$check: sparse did not check ${sparse_missing[*]} on the base (is it installed and new enough?): see $sparse_log"
# After an error sparse reports no more warnings in that file, so an error is never
# accepted, not even one the base has.
! grep -q ': error: ' "$sparse_log" || die "$check: sparse reports an error on the base: see $sparse_log"
base_builtin=$(build_warnings "$builtin_log")
base_modules=$(build_warnings "$modules_log")
base_sparse=$(build_warnings "$sparse_log")
# kernel-doc's complaints about the base (two stale comments of the helper, which a patch of
# the series corrects) do not count against the fixes that come before that patch.
doc_warnings() { sed -E 's/:[0-9]+([: ])/:\1/' "$1" | grep -v '^ \*' | sort -u; }
base_doc=$(doc_warnings "$doc_log")

# The other architectures, each in its own build folder ($BUILD/ARCH) from tinyconfig and
# configs/ARCH-users.config. Their users: all three on i386, no vboxvideo (x86 only) on arm64.
arches=(i386 arm64)
declare -A arch_base
arch_targets() {
	echo "$helper.o"
	[ ! -f "$TREE/$test_c" ] || echo "${test_c%.c}.o"
	helper_users "$1"
}
# arch_step ARCH NAME: the W=1 build for ARCH of the tree as checked out; sets $build_log
# and $build_rc.
arch_step() {
	local arch=$1 targets
	build_log=$LOGS/bisect-$2-$arch.build.log
	mapfile -t targets < <(arch_targets "$arch")
	arch_make "$arch" "$BUILD/$arch" "$LOGS/bisect-$2-$arch.config.log" "${targets[@]}" \
		>"$build_log" 2>&1 && build_rc=0 || build_rc=$?
}
for arch in "${arches[@]}"; do
	arch_config "$arch" "$BUILD/$arch" "$check-$arch" "$ROOT/configs/$arch-users.config"
	note "$check: building the base for $arch"
	arch_step "$arch" base
	[ "$build_rc" -eq 0 ] || die "$check: the base does not build for $arch: see $build_log"
	arch_base[$arch]=$(build_warnings "$build_log")
done

n=0
while read -r commit subject; do
	n=$((n + 1))
	name=$(printf '%04d' "$n")
	label="$name $subject"
	tgit checkout -q --detach "$commit"
	note "$check: after patch $label"
	step "$name"

	users_results "$check" "after patch $label"
	echo "    logs: $builtin_log, $modules_log"

	new=$(comm -13 <(echo "$base_sparse") <(build_warnings "$sparse_log"))
	errors=$(grep ': error: ' "$sparse_log" || true)
	if [ "$sparse_rc" -ne 0 ] || [ -n "$new" ] || [ -n "$errors" ] || [ ${#sparse_missing[@]} -gt 0 ]; then
		result FAIL "$check" "sparse on the helper and the files the series touches after patch $label"
		indent <<<"$new"
		[ -z "$errors" ] || indent <<<"$errors"
		[ ${#sparse_missing[@]} -eq 0 ] || echo "    sparse did not check: ${sparse_missing[*]}"
		echo "    log: $sparse_log"
	else
		result PASS "$check" "sparse on the helper and the files the series touches after patch $label"
	fi

	new=$(comm -13 <(echo "$base_doc") <(doc_warnings "$doc_log"))
	if [ "$doc_rc" -ne 0 ] || [ -n "$new" ]; then
		result FAIL "$check" "kernel-doc -Wall on the helper and the files the series touches after patch $label"
		indent <<<"$new"
	else
		result PASS "$check" "kernel-doc -Wall on the helper and the files the series touches after patch $label"
	fi
done < <(tgit log --reverse --format='%h %s' "$BASE_TAG..$SERIES_BRANCH")
# Every patch must have had its turn: a step that reads standard input would end the loop.
want=$(tgit rev-list --count "$BASE_TAG..$SERIES_BRANCH")
if [ "$n" -ne "$want" ]; then
	result FAIL "$check" "every patch is checked ($n of $want were)"
fi

# The other architectures, after the final patch.
[ "$n" -gt 0 ] || exit 0
for arch in "${arches[@]}"; do
	note "$check: building patch $label for $arch"
	arch_step "$arch" "$name"
	new=$(comm -13 <(echo "${arch_base[$arch]}") <(build_warnings "$build_log"))
	if [ "$build_rc" -ne 0 ] || [ -n "$new" ]; then
		result FAIL "$check" "$arch W=1 build of the helper, its users and its test after patch $label"
		indent <<<"$new"
		[ "$build_rc" -eq 0 ] || tail -20 "$build_log" | indent
		echo "    log: $build_log"
	else
		result PASS "$check" "$arch W=1 build of the helper, its users and its test after patch $label"
	fi
done
