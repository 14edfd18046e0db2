#!/usr/bin/env bash
# prepare-stable.sh BASE (6.12 or 6.1): what stable would take from the series, on Debian's
# linux-source-BASE in build/linux-BASE (tag 'base'), as stable's tools take it:
# - branch 'stable': each patch of patches/series with "Cc: stable@vger.kernel.org # vX.Y+"
#   whose range includes BASE, in order: its backport patches/stable-BASE/<same name> where
#   one exists, else the 7.3 patch itself with 'git am -3' (a three-way merge: offsets and
#   fuzz, never a hand edit);
# - branch 'testbed': 'stable' plus test-patches/BASE/series, the test-only patches that only
#   make check applies (never posted).
# Writes how each fix was taken to build/stable-BASE.txt ("as-is", "backport" or "not in
# range", a tab, the patch's file name). Exits non-zero, naming the patch, if one does not
# apply: it then needs a backport in patches/stable-BASE/.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

[ $# -eq 1 ] || die "usage: prepare-stable.sh BASE (one of: ${STABLE_BASES[*]})"
base=$1
TREE=$BUILD/linux-$base
export TREE_DIR=$TREE
BASE_PACKAGE=linux-source-$base BASE_SUITE='' "$ROOT/scripts/prepare-base.sh"
backports=$ROOT/patches/stable-$base
tests=$ROOT/test-patches/$base
report=$BUILD/stable-$base.txt

if [ -d "$TREE/.git/rebase-apply" ]; then
	tgit am --abort >/dev/null 2>&1 || rm -rf "$TREE/.git/rebase-apply"
fi
[ -z "$(tgit status --porcelain --untracked-files=no)" ] ||
	die "$TREE has uncommitted changes: discard them (git -C $TREE checkout -f) or keep them in a patch"
tgit config user.name "$(git -C "$ROOT" config user.name || echo "GEM VRAM workspace")"
tgit config user.email "$(git -C "$ROOT" config user.email || echo "workspace@localhost")"

# in_range PATCH: true if PATCH's "Cc: stable ... # vX.Y+" range includes $base.
in_range() {
	local from
	from=$(sed -n 's/^Cc: stable@vger.kernel.org # v\([0-9]*\.[0-9]*\)+$/\1/p' "$1" | head -1)
	[ -n "$from" ] || return 0
	[ "$(printf '%s\n%s\n' "$from" "$base" | sort -V | head -1)" = "$from" ]
}

# am PATCH [OPTIONS...]: git am PATCH onto the branch checked out, or die naming it.
am() {
	local patch=$1 log=$LOGS/prepare-stable-$base.log
	shift
	if ! tgit am -q --committer-date-is-author-date "$@" "$patch" >"$log" 2>&1; then
		indent <"$log" >&2
		tgit am --abort >/dev/null 2>&1 || true
		return 1
	fi
}

mkdir -p "$LOGS"
: >"$report"
tgit checkout -q -f -B stable "$BASE_TAG"
while read -r p; do
	grep -q '^Cc: stable@vger.kernel.org' "$PATCHES/$p" || continue
	if ! in_range "$PATCHES/$p"; then
		printf 'not in range\t%s\n' "$p" >>"$report"
	elif [ -f "$backports/$p" ]; then
		am "$backports/$p" || die "stable-$base: the backport patches/stable-$base/$p does not apply"
		printf 'backport\t%s\n' "$p" >>"$report"
	else
		am "$PATCHES/$p" -3 ||
			die "stable-$base: $p does not apply to $base with git am -3: it needs a backport in patches/stable-$base/$p"
		printf 'as-is\t%s\n' "$p" >>"$report"
	fi
done < <(series_patches)

tgit checkout -q -B testbed stable
if [ -f "$tests/series" ]; then
	while read -r p; do
		case $p in '' | '#'*) continue ;; esac
		[ -f "$tests/$p" ] || die "test-patches/$base/series names $p, which does not exist"
		am "$tests/$p" -3 || die "stable-$base: the test-only patch test-patches/$base/$p does not apply"
	done <"$tests/series"
fi
note "stable-$base: $(grep -c . "$report") fixes ($(cut -f1 "$report" | sort | uniq -c | awk '{printf "%s%s %s", sep, $1, substr($0, index($0, $2)); sep=", "}')) on $BASE_TAG -> branch stable; plus $(tgit rev-list --count stable..testbed) test-only patches -> branch testbed"
