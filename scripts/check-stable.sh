#!/usr/bin/env bash
# Every patch of the series that asks for a stable backport (Cc: stable@vger.kernel.org)
# must stand alone: it applies with git am onto the base without the rest of the series,
# carries a Fixes: tag, and the GEM VRAM helper and its in-tree users then build for x86_64
# with W=1 and no warning the base does not have. One counted check per such patch.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

check=stable
start_results "$check"
require_tree
out=$BUILD/x86
targets=(drivers/gpu/drm/drm_gem_vram_helper.o "${HELPER_USERS[@]}")
kmake() { make -C "$TREE" O="$out" ARCH=x86_64 -j"$(nproc)" "$@"; }

mapfile -t patches < <(series_patches | while read -r p; do
	grep -q '^Cc: stable@vger.kernel.org' "$PATCHES/$p" && echo "$p"
done)
if [ ${#patches[@]} -eq 0 ]; then
	note "$check: no patch of the series carries Cc: stable"
	exit 0
fi

orig=$(tgit symbolic-ref -q --short HEAD || tgit rev-parse HEAD)
restore() {
	[ -d "$TREE/.git/rebase-apply" ] && tgit am --abort >/dev/null 2>&1
	tgit checkout -q -f "$orig"
}
trap restore EXIT
tgit checkout -q --detach "$BASE_TAG"
x86_config "$out" "$check" "$ROOT/configs/x86-users.config"

note "$check: building the helper and its users on the base"
base_log=$LOGS/stable-base.build.log
kmake W=1 "${targets[@]}" >"$base_log" 2>&1 || die "$check: the base does not build: see $base_log"
base_warnings=$(build_warnings "$base_log")

for p in "${patches[@]}"; do
	name="$p applies onto the base alone and builds the helper and its users with W=1"
	log=$LOGS/stable-${p%.patch}.log
	tgit checkout -q -f --detach "$BASE_TAG"
	if ! tgit am -q "$PATCHES/$p" >"$log" 2>&1; then
		tgit am --abort >/dev/null 2>&1 || true
		result FAIL "$check" "$name"
		echo "    git am onto $BASE_TAG failed:"
		indent <"$log"
		continue
	fi
	if ! grep -Eq '^Fixes: [0-9a-f]{12,} \(".+"\)$' "$PATCHES/$p"; then
		result FAIL "$check" "$name"
		echo "    no Fixes: <12-character sha> (\"subject\") tag"
		continue
	fi
	note "$check: $p"
	if ! kmake W=1 "${targets[@]}" >>"$log" 2>&1; then
		result FAIL "$check" "$name"
		tail -20 "$log" | indent
		continue
	fi
	result_new_warnings "$check" "$name" "$base_warnings" "$log"
done
