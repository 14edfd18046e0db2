#!/usr/bin/env bash
# Build the QEMU guest: an x86_64 kernel of the patched tree from tinyconfig plus
# configs/guest.config (build/guest/arch/x86/boot/bzImage), and an initramfs with busybox,
# kms-test, kms-fuzz, kms-bench, kms-unplug, kms-swapout, kms-trace, modetest and drm_info
# (build/guest/initramfs.cpio.gz).
# Incremental.
# GUEST_OUT names another build folder and GUEST_CONFIGS more fragments on top of
# guest.config (the debug guest and the benchmark guests).
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

require_tree
out=${GUEST_OUT:-$BUILD/guest}
fragments=("$ROOT/configs/guest.config")
for f in ${GUEST_CONFIGS:-}; do
	[ -f "$f" ] || f=$ROOT/$f
	[ -f "$f" ] || die "guest: no config fragment $f"
	fragments+=("$f")
done
name=$(basename "$out")
mkdir -p "$out" "$LOGS"
kmake() { make -C "$TREE" O="$out" ARCH=x86_64 -j"$(nproc)" "$@"; }

x86_config "$out" "$name" "${fragments[@]}"

log=$LOGS/$name-build.log
note "$name: building the kernel (log $log)"
kmake bzImage >"$log" 2>&1 || {
	tail -20 "$log" >&2
	die "$name: the kernel does not build (see $log)"
}

note "guest: building kms-test and the initramfs"
root=$out/initramfs
rm -rf "$root"
mkdir -p "$root"/{bin,dev,proc,sys,tmp,lib64,lib/x86_64-linux-gnu}
for prog in kms-test kms-fuzz kms-bench kms-unplug kms-swapout kms-trace; do
	# shellcheck disable=SC2046 # pkg-config prints several words on purpose
	gcc -Wall -Wextra -Werror -O2 -static -o "$root/bin/$prog" "$ROOT/guest/$prog.c" \
		$(pkg-config --cflags libdrm) -ldrm ||
		die "guest: $prog does not build"
done
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
