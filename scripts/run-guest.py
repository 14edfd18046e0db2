#!/usr/bin/python3
"""Boot the test guest under QEMU with bochs-display and collect what it produces.

The guest's console goes to OUT/console.log and its KTAP results to OUT/ktap.log (second
serial port). When the console says "kms-test: screenshot ready WxH", a screendump is taken
through QEMU's monitor into OUT/screenshot.ppm and its size is written to
OUT/screenshot.size. Exits 0 when the guest powered off by itself, 1 when it hung (killed
after --timeout seconds) or QEMU failed; the last console lines are printed then.
"""
import argparse
import os
import socket
import subprocess
import sys
import time

READY = "kms-test: screenshot ready "


def monitor(path, command):
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(10)
        s.connect(path)
        s.recv(4096)  # the banner and prompt
        s.sendall(command.encode() + b"\n")
        time.sleep(0.5)
        s.recv(4096)


def tail(path, n=30):
    try:
        with open(path, errors="replace") as f:
            return "".join(f.readlines()[-n:])
    except OSError:
        return "(no console log)\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--initrd", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--timeout", type=int, default=300)
    ap.add_argument("--append", default="", help="more kernel command-line arguments")
    ap.add_argument("--vgamem", help="video memory of the bochs-display (QEMU's size, e.g. 64M; "
                    "default: QEMU's 16 MiB)")
    args = ap.parse_args()

    os.makedirs(args.out, exist_ok=True)
    console = os.path.join(args.out, "console.log")
    ktap = os.path.join(args.out, "ktap.log")
    sock = os.path.join(args.out, "monitor.sock")
    ppm = os.path.join(args.out, "screenshot.ppm")
    for f in (console, ktap, sock, ppm, ppm[:-4] + ".size"):
        if os.path.exists(f):
            os.unlink(f)

    cmd = [
        "qemu-system-x86_64", "-M", "pc", "-m", "512", "-smp", "1", "-nodefaults",
        "-display", "none",
        "-device", "bochs-display" + (",vgamem=" + args.vgamem if args.vgamem else ""),
        "-kernel", args.kernel, "-initrd", args.initrd,
        "-append", ("console=ttyS0 panic=-1 oops=panic " + args.append).strip(),
        "-serial", "file:" + console, "-serial", "file:" + ktap,
        "-monitor", "unix:%s,server,nowait" % sock, "-no-reboot",
    ]
    start = time.monotonic()
    qemu = subprocess.Popen(cmd, stdin=subprocess.DEVNULL)
    shot = False
    while qemu.poll() is None:
        if time.monotonic() - start > args.timeout:
            qemu.kill()
            qemu.wait()
            print(f"error: the guest did not finish within {args.timeout} s; "
                  f"last console lines ({console}):", file=sys.stderr)
            sys.stderr.write(tail(console))
            return 1
        if not shot:
            try:
                with open(console, errors="replace") as f:
                    text = f.read()
            except FileNotFoundError:
                text = ""
            at = text.find(READY)
            if at >= 0:
                size = text[at + len(READY):].split()[0]
                monitor(sock, "screendump " + ppm)
                with open(ppm[:-4] + ".size", "w") as f:
                    f.write(size + "\n")
                shot = True
        time.sleep(0.2)
    elapsed = time.monotonic() - start
    if qemu.returncode != 0:
        print(f"error: qemu exited with {qemu.returncode}; last console lines:", file=sys.stderr)
        sys.stderr.write(tail(console))
        return 1
    print(f"guest ran for {elapsed:.1f} s; console {console}, KTAP {ktap}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
