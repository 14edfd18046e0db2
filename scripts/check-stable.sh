#!/usr/bin/env bash
# Every patch of the 7.3 series that asks for a stable backport (Cc: stable@vger.kernel.org)
# must stand alone: it applies with git am onto the base without the rest of the series,
# carries a Fixes: tag, and the GEM VRAM helper, its in-tree users and the test then build
# for x86_64 with W=1, built-in and as modules through modpost (users_build), with no
# warning the base does not have. The stable trees themselves: check-stable-tree.sh.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

check=stable
start_results "$check"
require_tree

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

note "$check: building the base"
users_build 7.3 stable-base
[ "$builtin_rc" -eq 0 ] || die "$check: the base does not build: see $builtin_log"
[ "$modules_rc" -eq 0 ] || die "$check: the base does not build as modules: see $modules_log"
# shellcheck disable=SC2034 # read by users_results
base_builtin=$(build_warnings "$builtin_log") base_modules=$(build_warnings "$modules_log")

for p in "${patches[@]}"; do
	log=$LOGS/stable-${p%.patch}.log
	tgit checkout -q -f --detach "$BASE_TAG"
	if ! tgit am -q "$PATCHES/$p" >"$log" 2>&1; then
		tgit am --abort >/dev/null 2>&1 || true
		result FAIL "$check" "$p applies onto the base alone"
		indent <"$log"
		continue
	fi
	result PASS "$check" "$p applies onto the base alone"
	if grep -Eq '^Fixes: [0-9a-f]{12,} \(".+"\)$' "$PATCHES/$p"; then
		result PASS "$check" "$p has a Fixes: <12-character sha> (\"subject\") tag"
	else
		result FAIL "$check" "$p has a Fixes: <12-character sha> (\"subject\") tag"
	fi
	note "$check: $p"
	users_build 7.3 "stable-${p%%-*}"
	users_results "$check" "with only $p on the base"
done
