#!/usr/bin/env bash
# Build the QEMU guest: an x86_64 kernel of the patched tree from tinyconfig plus
# configs/guest.config (build/guest/arch/x86/boot/bzImage), and an initramfs with busybox,
# kms-test, modetest and drm_info (build/guest/initramfs.cpio.gz). Incremental.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

require_tree
out=$BUILD/guest
fragment=$ROOT/configs/guest.config
mkdir -p "$out" "$LOGS"
kmake() { make -C "$TREE" O="$out" ARCH=x86_64 -j"$(nproc)" "$@"; }

stamp=$out/.fragment.sha
want=$(cat "$fragment" "$TREE/Makefile" | sha256sum)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ] || [ ! -f "$out/.config" ]; then
	note "guest: configuring $out (tinyconfig + configs/guest.config)"
	kmake tinyconfig >"$LOGS/guest-config.log" 2>&1
	"$TREE/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "$fragment" >>"$LOGS/guest-config.log" 2>&1
	kmake olddefconfig >>"$LOGS/guest-config.log" 2>&1
	echo "$want" >"$stamp"
fi
while read -r line; do
	case $line in CONFIG_*) grep -qx "$line" "$out/.config" ||
		die "guest: $line did not stick in $out/.config (see $LOGS/guest-config.log)" ;; esac
done <"$fragment"

note "guest: building the kernel (log $LOGS/guest-build.log)"
kmake bzImage >"$LOGS/guest-build.log" 2>&1 || {
	tail -20 "$LOGS/guest-build.log" >&2
	die "guest: the kernel does not build (see $LOGS/guest-build.log)"
}

note "guest: building kms-test and the initramfs"
root=$out/initramfs
rm -rf "$root"
mkdir -p "$root"/{bin,dev,proc,sys,tmp,lib64,lib/x86_64-linux-gnu}
# shellcheck disable=SC2046 # pkg-config prints several words on purpose
gcc -Wall -Wextra -Werror -O2 -static -o "$root/bin/kms-test" "$ROOT/guest/kms-test.c" \
	$(pkg-config --cflags libdrm) -ldrm ||
	die "guest: kms-test does not build"
cp /bin/busybox "$root/bin/busybox"
for applet in $("$root/bin/busybox" --list); do
	[ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
done
for tool in /usr/bin/modetest /usr/bin/drm_info; do
	cp "$tool" "$root/bin/"
	ldd "$tool" | awk '/=> \// { print $3 } /^\t\/lib64/ { print $1 }' | while read -r lib; do
		cp -L "$lib" "$root$lib"
	done
done
cp "$ROOT/guest/init" "$root/init"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | gzip -9) >"$out/initramfs.cpio.gz"
note "guest: $out/arch/x86/boot/bzImage and $out/initramfs.cpio.gz ready"
