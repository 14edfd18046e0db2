#!/usr/bin/python3
"""Tests of scripts/backport.py, which checks a stable backport's message."""
import importlib.util
import os
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    "backport", os.path.join(HERE, "..", "scripts", "backport.py"))
backport = importlib.util.module_from_spec(spec)
spec.loader.exec_module(backport)

SERIES = """From 0 Mon Sep 17 00:00:00 2001
From: A <a@example.org>
Subject: [PATCH v3 1/9] drm/gem-vram: Fix a thing
 that is folded

Why it matters.

How it is fixed.

Fixes: 0123456789ab ("drm: Something")
Cc: stable@vger.kernel.org # v5.5+
Signed-off-by: A <a@example.org>
---
 a | 1 +
"""

GOOD = """From 0 Mon Sep 17 00:00:00 2001
From: A <a@example.org>
Subject: [PATCH 6.1] drm/gem-vram: Fix a thing that is folded

Backport of "drm/gem-vram: Fix a thing that is folded" from the 7.3 series.

Why it matters.

How it is fixed.

Fixes: 0123456789ab ("drm: Something")
Cc: stable@vger.kernel.org # v5.5+
Signed-off-by: A <a@example.org>
[ Backport to 6.1: the callback has another name there. ]
Signed-off-by: B <b@example.org>
---
 a | 1 +
"""


class Backport(unittest.TestCase):
    def write(self, name, text):
        path = os.path.join(self.tmp.name, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.series = self.write("series.patch", SERIES)

    def check(self, text, base="6.1"):
        return backport.problems(self.series, self.write("b.patch", text), base)

    def test_a_good_backport_passes(self):
        self.assertEqual(self.check(GOOD), [])

    def test_an_edited_message_is_found(self):
        found = self.check(GOOD.replace("Why it matters.", "Why it mattered."))
        self.assertIn("the series patch's message is not there verbatim after the first line", found)

    def test_a_dropped_paragraph_is_found(self):
        self.assertTrue(self.check(GOOD.replace("How it is fixed.\n\n", "")))

    def test_the_note_must_name_the_base(self):
        self.assertEqual(self.check(GOOD, base="6.12"),
                         ["no '[ Backport to 6.12: ... ]' note after the message"])

    def test_the_first_line_must_name_the_patch(self):
        found = self.check(GOOD.replace("Backport of ", "Port of "))
        self.assertTrue(any("does not name the series patch" in p for p in found))

    def test_the_backporter_signs_after_the_note(self):
        found = self.check(GOOD.replace("Signed-off-by: B <b@example.org>\n", ""))
        self.assertEqual(found, ["no Signed-off-by: after the backport note"])


if __name__ == "__main__":
    unittest.main()
