#!/usr/bin/env bash
# fetch-package.sh PACKAGE SUITE: download Debian's PACKAGE from SUITE (for example
# linux-source-7.3 from trixie-backports) into build/debs/ and print the .deb's path, using
# apt lists of its own under build/apt/SUITE: the machine's sources.list, its package
# lists and what it installs from stay as they are. Reused while the suite still serves
# that version; a suite or package the registry does not have is an error that names it.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

[ $# -eq 2 ] || die "usage: fetch-package.sh PACKAGE SUITE"
pkg=$1 suite=$2
mirror=${DEBIAN_MIRROR:-$(sed -n 's/^URIs: *\(http[^ ]*\/debian\)\/*$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)}
mirror=${mirror:-http://deb.debian.org/debian}
state=$BUILD/apt/$suite
debs=$BUILD/debs
mkdir -p "$state/lists/partial" "$state/cache/archives/partial" "$debs" "$LOGS"
echo "deb $mirror $suite main" >"$state/sources.list"
apt_opts=(-o "Dir::Etc::SourceList=$state/sources.list" -o Dir::Etc::SourceParts=/dev/null
	-o "Dir::State::Lists=$state/lists" -o "Dir::Cache=$state/cache"
	-o Dir::State::status=/var/lib/dpkg/status -o APT::Get::List-Cleanup=0)
log=$LOGS/fetch-$pkg.log
# A day-old list is good enough; otherwise ask the registry what the suite serves now.
if [ -z "$(find "$state/lists" -name '*_Packages*' -mmin -1440 2>/dev/null | head -1)" ]; then
	note "fetch: apt-get update for $suite ($mirror), lists in $state" >&2
	apt-get "${apt_opts[@]}" update >"$log" 2>&1 ||
		die "fetch: apt-get update of the Debian suite '$suite' at $mirror failed (see $log)"
	ls "$state/lists/"*_Packages* >/dev/null 2>&1 ||
		die "fetch: the Debian suite '$suite' at $mirror has no package list (see $log)"
fi
version=$(apt-cache "${apt_opts[@]}" show --no-all-versions "$pkg" 2>/dev/null |
	sed -n 's/^Version: //p' | head -1)
[ -n "$version" ] || die "fetch: the Debian suite '$suite' serves no package '$pkg'"
file=$debs/${pkg}_${version//:/%3a}_all.deb
if [ ! -s "$file" ]; then
	note "fetch: downloading $pkg $version from $suite" >&2
	(cd "$debs" && apt-get "${apt_opts[@]}" download "$pkg=$version") >>"$log" 2>&1 ||
		die "fetch: downloading $pkg $version from '$suite' failed (see $log)"
fi
[ -s "$file" ] || die "fetch: $pkg $version was downloaded but $file is missing (see $log)"
echo "$file"
