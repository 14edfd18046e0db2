#!/usr/bin/env bash
# export-tests.sh BASE: write the test-only kernel patches of BASE back to test-patches/BASE/
# (git format-patch files and a series file): for 7.3 the commits series..testing of
# build/linux, for a stable base (6.12, 6.1) the commits stable..testbed of
# build/linux-BASE. These patches are never posted: only make check applies them
# (apply-tests.sh for 7.3, prepare-stable.sh for the stable bases).
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

[ $# -eq 1 ] || die "usage: export-tests.sh BASE (7.3 or one of: ${STABLE_BASES[*]})"
base=$1
if [ "$base" = 7.3 ]; then
	from=$SERIES_BRANCH to=testing
else
	TREE=$BUILD/linux-$base from=stable to=testbed
fi
require_tree
out=$ROOT/test-patches/$base
count=$(tgit rev-list --count "$from..$to")
[ "$count" -gt 0 ] || die "no test-only commits on $to of $TREE"
tmp=$(mktemp -d "$BUILD/export-tests.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
tgit format-patch -q --zero-commit --no-signature --subject-prefix="TEST ONLY, NOT FOR POSTING" \
	-o "$tmp" "$from..$to"
{
	echo "# Test-only kernel patches for Linux $base: applied by make check only, never posted."
	find "$tmp" -name '[0-9][0-9][0-9][0-9]-*.patch' -printf '%f\n' | sort
} >"$tmp/series"
mkdir -p "$out"
rm -f "$out"/[0-9][0-9][0-9][0-9]-*.patch "$out/series"
cp "$tmp"/* "$out/"
note "export-tests: $count test-only patches written to $out"
