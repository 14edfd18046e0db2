#!/usr/bin/python3
"""Compare a QEMU screendump (binary PPM) with kms-test's known image and save it as PNG.

'screenshot.py PPM WxH PNG' prints the number of pixels that differ and exits 1 if any
does or if the sizes differ. The image is the one kms-test draws (screenshot_pixel() in
guest/kms-test.c): red grows with x, green with y, blue alternates 64-pixel squares.
"""
import struct
import sys
import zlib


def expected(x, y, w, h):
    blue = 0xFF if ((x // 64) ^ (y // 64)) & 1 else 0x20
    return (x * 255 // (w - 1), y * 255 // (h - 1), blue)


def read_ppm(path):
    with open(path, "rb") as f:
        data = f.read()
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    if fields[0] != b"P6" or int(fields[3]) != 255:
        raise ValueError(f"{path}: not a binary PPM with 8-bit samples")
    w, h = int(fields[1]), int(fields[2])
    return w, h, data[pos + 1:pos + 1 + w * h * 3]


def mismatches(w, h, pixels):
    bad = 0
    for y in range(h):
        row = pixels[y * w * 3:(y + 1) * w * 3]
        want = bytes(c for x in range(w) for c in expected(x, y, w, h))
        if row != want:
            bad += sum(1 for x in range(w) if row[x * 3:x * 3 + 3] != want[x * 3:x * 3 + 3])
    return bad


def write_png(path, w, h, pixels):
    raw = b"".join(b"\0" + pixels[y * w * 3:(y + 1) * w * 3] for y in range(h))

    def chunk(kind, body):
        return (struct.pack(">I", len(body)) + kind + body +
                struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(raw, 6)))
        f.write(chunk(b"IEND", b""))


def main(argv):
    if len(argv) != 4:
        print("usage: screenshot.py PPM WxH PNG", file=sys.stderr)
        return 2
    w, h, pixels = read_ppm(argv[1])
    write_png(argv[3], w, h, pixels)
    want_w, want_h = (int(v) for v in argv[2].split("x"))
    if (w, h) != (want_w, want_h):
        print(f"size {w}x{h}, kms-test drew {want_w}x{want_h}")
        return 1
    bad = mismatches(w, h, pixels)
    print(f"{bad} of {w * h} pixels differ")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
