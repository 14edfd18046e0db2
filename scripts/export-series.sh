#!/usr/bin/env bash
# Write the commits base..series of the kernel tree back to patches/ (or to the folder
# given as $1): git format-patch files, the cover letter and the series file. A commit's
# git note (its changelog) goes below the patch's '---' line; apply-series.sh reads it
# back.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

require_tree
out=${1:-$PATCHES}
[ ! -d "$TREE/.git/rebase-apply" ] || die "a git am is in progress in $TREE: finish or abort it first"
description=$(tgit config "branch.$SERIES_BRANCH.description" || true)
[ -n "$description" ] ||
	die "branch $SERIES_BRANCH has no description to make the cover letter from: git -C $TREE branch --edit-description $SERIES_BRANCH"
count=$(tgit rev-list --count "$BASE_TAG..$SERIES_BRANCH")
[ "$count" -gt 0 ] || die "branch $SERIES_BRANCH has no commits on top of $BASE_TAG"

tmp=$(mktemp -d "$BUILD/export.XXXXXX")
# The cover letter ends with the base the checks ran on, generated here and dropped again
# when the cover letter is read back (cover-letter.py): the kernel version from the base's
# Makefile and the Debian package it came from.
stamp=$BUILD/base.version
[ "$TREE" = "$BUILD/linux" ] || stamp=$TREE.version
version=$(tgit show "$BASE_TAG:Makefile" 2>/dev/null | awk '/^(VERSION|PATCHLEVEL|SUBLEVEL) =/ {printf "%s%s", sep, $3; sep="."}' || true)
pkg=$(tgit log -1 --format=%an "$BASE_TAG")
if [ -n "$version" ] && [ -f "$stamp" ]; then
	tgit config "branch.$SERIES_BRANCH.description" "$description

Base: Linux $version, from ${pkg#Debian } $(cat "$stamp")."
fi
trap 'rm -rf "$tmp"; tgit config "branch.$SERIES_BRANCH.description" "$description"' EXIT
# Each commit's git note, its changelog, goes below the '---' line of its patch.
tgit format-patch -q --zero-commit --no-signature --cover-letter --notes \
	--subject-prefix="$SUBJECT_PREFIX" --cover-from-description=subject \
	-o "$tmp" "$BASE_TAG..$SERIES_BRANCH"
# git dates the cover letter with the current time; give it the last patch's date.
$PY "$ROOT/scripts/cover-letter.py" set-date "$tmp/0000-cover-letter.patch" \
	"$(tgit log -1 --format=%aD "$SERIES_BRANCH")"
# The cover letter's To: and Cc:, the union of get_maintainer.pl's answers for the patches
# (the same as make mails gives, scripts/prepare-mails.py); applying ignores them.
if [ -f "$TREE/scripts/get_maintainer.pl" ]; then
	find "$tmp" -name '[0-9][0-9][0-9][0-9]-*.patch' ! -name '0000-*' -printf '%f\n' | sort >"$tmp/series"
	"$PY" "$ROOT/scripts/prepare-mails.py" --cover-headers --patches "$tmp" --tree "$TREE" >"$tmp/recipients" ||
		die "export: get_maintainer.pl failed on the series"
	awk -v r="$tmp/recipients" 'done || !/^Subject: / { print; next }
		{ print; while ((getline l) > 0 && l ~ /^[ \t]/) print l
		  while ((getline x < r) > 0) print x; print l; done = 1 }' \
		"$tmp/0000-cover-letter.patch" >"$tmp/cover" && mv "$tmp/cover" "$tmp/0000-cover-letter.patch"
	rm -f "$tmp/recipients"
fi
{
	echo "# Applied in this order onto the base by 'make tree' and 'make check'."
	find "$tmp" -name '[0-9][0-9][0-9][0-9]-*.patch' ! -name '0000-*' -printf '%f\n' | sort
} >"$tmp/series"

mkdir -p "$out"
rm -f "$out"/[0-9][0-9][0-9][0-9]-*.patch "$out/series"
cp "$tmp"/* "$out/"
note "export: $count patches and the cover letter written to $out"
