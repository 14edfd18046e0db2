#!/usr/bin/python3
"""Tests of scripts/screenshot.py, which judges the QEMU screendump."""
import importlib.util
import os
import tempfile
import unittest
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    "screenshot", os.path.join(HERE, "..", "scripts", "screenshot.py"))
screenshot = importlib.util.module_from_spec(spec)
spec.loader.exec_module(screenshot)

W, H = 130, 70


def image(w, h, damage=()):
    pixels = bytearray(c for y in range(h) for x in range(w)
                       for c in screenshot.expected(x, y, w, h))
    for x, y in damage:
        pixels[(y * w + x) * 3] ^= 1
    return bytes(pixels)


class Screenshot(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def ppm(self, w, h, pixels, comment=b""):
        path = os.path.join(self.tmp.name, "s.ppm")
        with open(path, "wb") as f:
            f.write(b"P6\n" + comment + b"%d %d\n255\n" % (w, h) + pixels)
        return path

    def run_main(self, path, size):
        png = os.path.join(self.tmp.name, "s.png")
        return screenshot.main(["screenshot.py", path, size, png]), png

    def test_exact_image_passes_and_png_holds_the_pixels(self):
        rc, png = self.run_main(self.ppm(W, H, image(W, H), b"# qemu\n"), f"{W}x{H}")
        self.assertEqual(rc, 0)
        with open(png, "rb") as f:
            data = f.read()
        self.assertTrue(data.startswith(b"\x89PNG\r\n\x1a\n"))
        idat = data.index(b"IDAT")
        length = int.from_bytes(data[idat - 4:idat], "big")
        raw = zlib.decompress(data[idat + 4:idat + 4 + length])
        self.assertEqual(raw[1:1 + W * 3], image(W, H)[:W * 3])

    def test_one_changed_pixel_fails(self):
        pixels = image(W, H, damage=[(129, 69)])
        self.assertEqual(screenshot.mismatches(W, H, pixels), 1)
        self.assertEqual(self.run_main(self.ppm(W, H, pixels), f"{W}x{H}")[0], 1)

    def test_other_size_fails(self):
        self.assertEqual(self.run_main(self.ppm(W, H, image(W, H)), f"{W}x{H + 1}")[0], 1)

    def test_not_a_ppm_is_an_error(self):
        path = os.path.join(self.tmp.name, "x.ppm")
        with open(path, "wb") as f:
            f.write(b"P3\n1 1\n255\n0 0 0\n")
        with self.assertRaises(ValueError):
            screenshot.read_ppm(path)


if __name__ == "__main__":
    unittest.main()
