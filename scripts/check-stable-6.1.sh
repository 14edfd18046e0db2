#!/usr/bin/env bash
# The 6.1 LTS backport, patches/stable-6.1/ (its own series file), on Debian's
# linux-source-6.1, extracted into build/linux-6.1 beside the 6.12 tree (tag 'base',
# branch 'stable-6.1'). Counted under the check stable-6.1:
# - apply: each patch applies with git am, in order, and carries a backport note
#   ("[ Backport to 6.1: ... ]"); a patch with Cc: stable keeps its Fixes: tag;
# - checkpatch: scripts/check-checkpatch.sh on the 6.1 tree and folder;
# - build: after each patch the helper, ast, bochs, hibmc (COMPILE_TEST), vboxvideo and the
#   helper's test build for x86_64 with W=1 and no warning that the 6.1 base lacks
#   (build/x86-6.1: tinyconfig + x86-users.config + x86-users-6.1.config);
# - kunit: every case of the suite drm_gem_vram_helper on UML, in a KUnit kernel with only
#   configs/kunit-6.1.config (build/kunit-6.1), plus kunit.py's exit status; then once
#   more with the swapout fix reverted in the working copy, where
#   drm_gem_vram_test_swapout_lazy must fail (one check);
# - qemu: scripts/check-qemu.sh with the 6.1 guest (build/guest-6.1, guest-6.1.config,
#   run in build/guest-6.1-run). That guest has no kprobe events (guest-6.1.config), so
#   the subtests that count the helper's mappings through them skip.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

check=stable-6.1
branch=stable-6.1
TREE=$BUILD/linux-6.1
PATCHES=$ROOT/patches/stable-6.1
# For the shared scripts run below (lib.sh reads these).
export TREE_DIR=$TREE PATCHES_DIR=$PATCHES
start_results "$check"

# fold CHECK PART: move what a shared script recorded as CHECK into this check's results,
# each name prefixed with PART.
fold() {
	local file=$RESULTS/$1.txt status name
	[ -f "$file" ] || return 0
	while IFS=$'\t' read -r status name; do
		printf '%s\t%s: %s\n' "$status" "$2" "$name" >>"$RESULTS/$check.txt"
	done <"$file"
	rm -f "$file"
}

# The base tree.
BASE_PACKAGE=linux-source-6.1 "$ROOT/scripts/prepare-base.sh"
series_patches >/dev/null # dies, naming it, if a patch in the series is missing
mapfile -t patches < <(series_patches)

# apply
if [ -d "$TREE/.git/rebase-apply" ]; then
	tgit am --abort >/dev/null 2>&1 || rm -rf "$TREE/.git/rebase-apply"
fi
if [ -n "$(tgit status --porcelain --untracked-files=no)" ]; then
	tgit status --short --untracked-files=no | head -20 >&2
	die "$TREE has uncommitted changes: keep them in patches/stable-6.1 or discard them (git -C $TREE checkout -f)"
fi
tgit config user.name "$(git -C "$ROOT" config user.name || echo "GEM VRAM workspace")"
tgit config user.email "$(git -C "$ROOT" config user.email || echo "workspace@localhost")"
tgit checkout -q -B "$branch" "$BASE_TAG"
for p in "${patches[@]}"; do
	log=$LOGS/$check-apply.log
	if ! tgit am -q --committer-date-is-author-date "$PATCHES/$p" >"$log" 2>&1; then
		tgit am --abort >/dev/null 2>&1 || true
		result FAIL "$check" "apply: $p applies with git am"
		indent <"$log"
		die "$check: $p does not apply on top of the ones before it"
	fi
	result PASS "$check" "apply: $p applies with git am"
	name="apply: $p carries a backport note"
	if grep -q '^Cc: stable@vger.kernel.org' "$PATCHES/$p" &&
		! grep -Eq '^Fixes: [0-9a-f]{12,} \(".+"\)$' "$PATCHES/$p"; then
		result FAIL "$check" "$name and its Fixes: tag"
	elif grep -q '^\[ Backport to 6.1: ' "$PATCHES/$p"; then
		result PASS "$check" "$name"
	else
		result FAIL "$check" "$name"
	fi
done
note "$check: ${#patches[@]} patches on $BASE_TAG ($(tgit describe --tags --exclude "$BASE_TAG" "$BASE_TAG")) -> branch $branch"

restore() {
	tgit checkout -q -f "$branch"
}
trap restore EXIT

# checkpatch
CHECKPATCH_CHECK=$check-checkpatch "$ROOT/scripts/check-checkpatch.sh" || true
fold "$check-checkpatch" checkpatch

# build
out=$BUILD/x86-6.1
helper=drivers/gpu/drm/drm_gem_vram_helper
test_c=drivers/gpu/drm/tests/drm_gem_vram_helper_test.c
kmake() { make -C "$TREE" O="$out" ARCH=x86_64 -j"$(nproc)" "$@"; }
build() {
	local objs=("$helper.o" "${HELPER_USERS[@]}" drivers/gpu/drm/ast/)
	[ -f "$TREE/$test_c" ] && objs+=("${test_c%.c}.o")
	kmake W=1 "${objs[@]}" >"$build_log" 2>&1
}
tgit checkout -q --detach "$BASE_TAG"
x86_config "$out" "$check-x86" "$ROOT/configs/x86-users.config" "$ROOT/configs/x86-users-6.1.config"
note "$check: building the helper and its users on the 6.1 base"
build_log=$LOGS/$check-base.build.log
build || die "$check: the 6.1 base does not build: see $build_log"
base_warnings=$(build_warnings "$build_log")
n=0
while read -r commit subject; do
	n=$((n + 1))
	name="build: W=1 build of the helper, ast, bochs, hibmc, vboxvideo and the test after patch $n $subject"
	build_log=$LOGS/$check-$n.build.log
	tgit checkout -q --detach "$commit"
	note "$check: building after patch $n"
	if ! build; then
		result FAIL "$check" "$name"
		tail -20 "$build_log" | indent
		continue
	fi
	result_new_warnings "$check" "$name" "$base_warnings" "$build_log"
done < <(tgit log --reverse --format='%h %s' "$BASE_TAG..$branch")
tgit checkout -q "$branch"

# kunit: kunit_run KIND [FILTER]: the helper's suite on UML; records its cases as KIND.
kunit_dir=$BUILD/kunit-6.1
kunit_run61() {
	local kind=$1 filter=${2:-drm_gem_vram_helper}
	json=$LOGS/$check-$kind.json
	log=$LOGS/$check-$kind.log
	rm -f "$json"
	note "$check: kunit.py run $filter (build folder $kunit_dir, log $log)"
	(cd "$TREE" && $PY tools/testing/kunit/kunit.py run \
		--kunitconfig="$ROOT/configs/kunit-6.1.config" --build_dir="$kunit_dir" \
		--jobs="$(nproc)" --json="$json" "$filter") >"$log" 2>&1
}
if kunit_run61 kunit; then rc=0; else rc=$?; fi
grep -E '^\[[0-9:]+\] (Testing complete|Elapsed time)' "$log" || true
if [ -s "$json" ]; then
	while IFS=$'\t' read -r status name; do
		result "$status" "$check" "kunit: $name" >/dev/null
	done < <($PY "$ROOT/scripts/results.py" kunit "$json")
	grep $'\tkunit: ' "$RESULTS/$check.txt" | grep -v '^PASS' | indent || true
	echo "    kunit: $(grep -c $'^PASS\tkunit: ' "$RESULTS/$check.txt" || true) cases passed"
fi
if [ "$rc" -eq 0 ]; then
	result PASS "$check" "kunit: kunit.py run exits 0"
else
	result FAIL "$check" "kunit: kunit.py run exits 0 (it exited $rc; see $log)"
	tail -15 "$log" | indent
fi

# The swapout fix reverted in the working copy: its case must fail.
fix=$(tgit log --format=%H -G'\.swap_notify = ' "$BASE_TAG..$branch" -- "$helper.c" | tail -1)
name="kunit: drm_gem_vram_test_swapout_lazy fails with the swapout fix reverted"
if [ -z "$fix" ]; then
	result FAIL "$check" "$name (no patch adds .swap_notify)"
else
	trap 'tgit checkout -q -f "$branch"' EXIT
	tgit show "$fix" -- "$helper.c" | tgit apply -R
	kunit_run61 kunit-reverted 'drm_gem_vram_helper.drm_gem_vram_test_swapout_lazy' || true
	tgit checkout -q -f -- "$helper.c"
	if [ -s "$json" ] && $PY "$ROOT/scripts/results.py" kunit "$json" |
		grep -qx $'FAIL\tdrm_gem_vram_helper.drm_gem_vram_test_swapout_lazy'; then
		result PASS "$check" "$name"
		grep -E '# drm_gem_vram_test_swapout_lazy: (EXPECTATION|ASSERTION) FAILED|Expected' "$log" |
			head -4 | indent
	else
		result FAIL "$check" "$name (see $log)"
	fi
fi

# qemu: the 6.1 bochs guest. Its KTAP is parsed by the 6.12 tree's kunit.py, the parser of
# every other check (6.1's rejects the unindented diagnostics of a guest without kprobes).
parser=$BUILD/linux
[ -f "$parser/tools/testing/kunit/kunit.py" ] || parser=$TREE
KTAP_PARSER_TREE=$parser GUEST_OUT=$BUILD/guest-6.1 GUEST_CONFIGS=$ROOT/configs/guest-6.1.config \
	QEMU_OUT=$BUILD/guest-6.1-run QEMU_CHECK=$check-qemu \
	"$ROOT/scripts/check-qemu.sh" || true
fold "$check-qemu" qemu
if [ ! -f "$RESULTS/$check.txt" ] || grep -q '^FAIL' "$RESULTS/$check.txt"; then
	exit 1
fi
