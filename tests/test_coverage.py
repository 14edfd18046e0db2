#!/usr/bin/python3
"""Tests of scripts/coverage.py, which reads the guest's gcov data and gcov's JSON (make coverage)."""
import base64
import contextlib
import importlib.util
import io
import json
import os
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    "coverage", os.path.join(HERE, "..", "scripts", "coverage.py"))
coverage = importlib.util.module_from_spec(spec)
spec.loader.exec_module(coverage)

SOURCE = "drivers/gpu/drm/drm_gem_vram_helper.c"


def doc(path, lines, funcs=()):
    """A gcov JSON document with one file: lines {number: count}, funcs (name, first, last)."""
    return {"format_version": "1", "files": [{
        "file": path,
        "functions": [{"name": n, "demangled_name": n, "start_line": a, "end_line": b}
                      for n, a, b in funcs],
        "lines": [{"line_number": n, "count": c, "unexecuted_block": c == 0}
                  for n, c in lines.items()],
    }]}


class Extract(unittest.TestCase):
    def test_blocks(self):
        data = bytes(range(256)) * 3
        b64 = base64.encodebytes(data).decode().replace("\n", "\r\n")
        log = ("KTAP version 1\nok 1 kms-test\n=== gcov begin /sys/kernel/debug/gcov/x/a.gcda\r\n"
               + b64 + "=== gcov end\r\n")
        self.assertEqual(coverage.extract(log), {"/sys/kernel/debug/gcov/x/a.gcda": data})

    def test_truncated(self):
        with self.assertRaises(ValueError):
            coverage.extract("=== gcov begin /a.gcda\nAAAA\n")

    def test_none(self):
        self.assertEqual(coverage.extract("ok 1 kms-test\n"), {})


class Report(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        src = os.path.join(self.tmp.name, SOURCE)
        os.makedirs(os.path.dirname(src))
        with open(src, "w", encoding="utf-8") as f:
            f.write("".join(f"line {n}\n" for n in range(1, 21)))

    def json_file(self, name, *docs):
        path = os.path.join(self.tmp.name, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write("".join(json.dumps(d) + "\n" for d in docs))
        return path

    def test_union_and_missed(self):
        funcs = [("f", 1, 6), ("g", 10, 14)]
        kunit = self.json_file("k.json", doc("/b/linux/" + SOURCE, {2: 3, 3: 0, 4: 0, 11: 0}, funcs),
                               doc("/b/linux/include/x.h", {2: 0}))
        boot1 = self.json_file("g1.json", doc("../linux/" + SOURCE, {2: 1, 3: 0, 4: 0, 11: 0, 12: 0}, funcs))
        boot2 = self.json_file("g2.json", doc("../linux/" + SOURCE, {2: 0, 3: 2, 4: 0, 11: 0, 12: 0}, funcs))
        out = self._main(["report", SOURCE, self.tmp.name, "kunit=" + kunit, f"guest={boot1},{boot2}"])
        self.assertIn("kunit  1/4 (25.0%)", out)
        self.assertIn("guest  2/5 (40.0%)", out)
        self.assertIn("union  2/5 (40.0%)", out)
        self.assertIn("lines no run reaches (3), by function:", out)
        self.assertIn("  f():\n        4  line 4\n  g():\n       11  line 11\n       12  line 12", out)

    def _main(self, args):
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            self.assertEqual(coverage.main(["coverage.py"] + args), 0)
        return buf.getvalue()


if __name__ == "__main__":
    unittest.main()
