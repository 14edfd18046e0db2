#!/usr/bin/env bash
# Install the Debian packages the workspace needs, skipping those already installed.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

packages=(
	linux-source-6.12 linux-source-6.1 build-essential bc bison flex libelf-dev libssl-dev xz-utils cpio kmod
	rsync git python3 python3-ply python3-git python3-sphinx python3-sphinx-rtd-theme sparse shellcheck
	qemu-system-x86 busybox-static libdrm-dev libdrm-tests drm-info pkg-config gcc-aarch64-linux-gnu gdb
)
missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	note "deps: all ${#packages[@]} packages installed"
	exit 0
fi
[ "$(id -u)" -eq 0 ] || die "deps: missing packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})"
note "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
mkdir -p "$BUILD"
apt-get update -q >"$BUILD/apt-update.log" 2>&1 || die "deps: apt-get update failed (see $BUILD/apt-update.log)"
apt-get install -y -q --no-install-recommends "${missing[@]}" ||
	die "deps: apt-get install failed for: ${missing[*]}"
