#!/usr/bin/env bash
# Obtain the base tree: extract Debian's linux-source-7.3 (suite trixie-backports, fetched
# with apt lists of its own by fetch-package.sh, so the machine's sources stay as they are)
# under build/linux and make it a git repository with the base commit tagged 'base'.
# Reused while the package version is unchanged. BASE_PACKAGE, BASE_SUITE and TREE_DIR
# (lib.sh) make another base: the stable checks extract linux-source-6.12 and -6.1, installed
# from the machine's own suites (BASE_SUITE empty), into build/linux-6.12 and build/linux-6.1.
# Each tree has its own version stamp.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

pkg=${BASE_PACKAGE:-linux-source-7.3}
suite=${BASE_SUITE-trixie-backports}
if [ -n "$suite" ]; then
	deb=$("$ROOT/scripts/fetch-package.sh" "$pkg" "$suite")
	version=$(dpkg-deb -f "$deb" Version) || die "$deb is not a Debian package: remove it and run again"
	tarball="$deb:/usr/src/$pkg.tar.xz"
	# unpack DIR: extract the kernel tarball inside the .deb into DIR.
	unpack() {
		dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/$pkg.tar.xz" | tar -xJ -C "$1" --strip-components=1
	}
else
	tarball=${BASE_TARBALL:-/usr/src/$pkg.tar.xz}
	version=$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null) ||
		die "the Debian package $pkg is not installed: run 'make deps' (as root) first"
	[ -n "$version" ] || die "the Debian package $pkg is not installed: run 'make deps' (as root) first"
	[ -f "$tarball" ] ||
		die "$tarball is missing although $pkg $version is installed: apt-get install --reinstall $pkg"
	unpack() { tar -xJf "$tarball" -C "$1" --strip-components=1; }
fi

if [ "$TREE" = "$BUILD/linux" ]; then stamp=$BUILD/base.version; else stamp=$TREE.version; fi
if [ -d "$TREE/.git" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$version" ] &&
	tgit rev-parse -q --verify "refs/tags/$BASE_TAG" >/dev/null; then
	note "base: Linux $(tgit show "$BASE_TAG:Makefile" | awk '/^(VERSION|PATCHLEVEL|SUBLEVEL) =/ {printf "%s%s", sep, $3; sep="."}') from $pkg $version (reused $TREE)"
	exit 0
fi

if [ -d "$TREE/.git" ]; then
	# A new package version replaces the tree; refuse to drop work that is not in patches/.
	if [ -n "$(tgit status --porcelain --untracked-files=no)" ]; then
		die "$TREE has uncommitted changes and $pkg changed to $version: commit and 'make export' them, or discard them, then run again"
	fi
	note "base: $pkg changed from $(cat "$stamp" 2>/dev/null || echo unknown) to $version; re-extracting"
fi

mkdir -p "$BUILD"
new=$TREE.new
# A run interrupted while extracting leaves linux.new (or TREE.new): start it again.
rm -rf "$new"
mkdir -p "$new"
trap 'rm -rf "$new"' EXIT
note "base: extracting $tarball ($pkg $version)"
unpack "$new" ||
	die "extracting $tarball failed: the $pkg package looks corrupt (apt-get install --reinstall $pkg)"
[ -f "$new/drivers/gpu/drm/drm_gem_vram_helper.c" ] ||
	die "$tarball does not hold a kernel tree with drivers/gpu/drm/drm_gem_vram_helper.c"

# Fixed identity and dates: the same package always gives the same base commits.
export GIT_AUTHOR_NAME="Debian $pkg" GIT_AUTHOR_EMAIL="$pkg@localhost"
export GIT_COMMITTER_NAME=$GIT_AUTHOR_NAME GIT_COMMITTER_EMAIL=$GIT_AUTHOR_EMAIL
export GIT_AUTHOR_DATE="@0 +0000" GIT_COMMITTER_DATE="@0 +0000"
g() { git -C "$new" "$@"; }
g init -q -b debian
g config gc.auto 0
g config core.logAllRefUpdates true
# Debian's tarball ignores everything at the top level ('/*'): add it all by force.
g add -f -A
g commit -q -m "Linux from Debian's $pkg $version"
g tag "debian-$version" 2>/dev/null || g tag "debian-${version//[~:]/_}"
# Drop that rule in a commit of its own, so that files a patch adds are not ignored.
sed -i '/^# Debian packaging: ignore everything/,$d' "$new/.gitignore"
sed -i '${/^#$/d}' "$new/.gitignore"
g commit -q -a -m "Drop Debian packaging's ignore-everything rule"
g tag "$BASE_TAG"

rm -rf "$TREE"
mv "$new" "$TREE"
trap - EXIT
echo "$version" >"$stamp"
note "base: Linux $(awk '/^(VERSION|PATCHLEVEL|SUBLEVEL) =/ {printf "%s%s", sep, $3; sep="."}' "$TREE/Makefile") from $pkg $version ready in $TREE"
