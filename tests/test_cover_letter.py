#!/usr/bin/python3
"""Tests of scripts/cover-letter.py, which carries the cover letter through apply and export."""
import importlib.util
import os
import shutil
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    "cover_letter", os.path.join(HERE, "..", "scripts", "cover-letter.py"))
cover_letter = importlib.util.module_from_spec(spec)
spec.loader.exec_module(cover_letter)
FIXTURE = os.path.join(HERE, "fixtures", "cover-letter.patch")


class CoverLetter(unittest.TestCase):
    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.path = os.path.join(tmp.name, "c.patch")

    def write(self, text):
        with open(self.path, "w", encoding="utf-8") as f:
            f.write(text)
        return self.path

    def test_description_is_subject_and_text_without_shortlog(self):
        self.assertEqual(cover_letter.description(FIXTURE),
                         "drm/gem-vram: A folded subject that goes on past the first line\n\n"
                         "First paragraph.\n\nSecond paragraph (2):\n  indented.\n")

    def test_ten_or_more_patches(self):
        path = self.write("Subject: [PATCH 00/10] drm/gem-vram: Ten\n\nText.\n\n"
                          "A Person (10):\n  x\n")
        self.assertEqual(cover_letter.description(path), "drm/gem-vram: Ten\n\nText.\n")

    def test_set_date_replaces_only_the_date(self):
        shutil.copy(FIXTURE, self.path)
        cover_letter.set_date(self.path, "Thu, 1 Jan 1970 00:00:00 +0000")
        with open(FIXTURE, encoding="utf-8") as a, open(self.path, encoding="utf-8") as b:
            before, after = a.read().splitlines(), b.read().splitlines()
        changed = [(x, y) for x, y in zip(before, after) if x != y]
        self.assertEqual(changed, [("Date: Wed, 25 Nov 2026 23:47:05 +0000",
                                    "Date: Thu, 1 Jan 1970 00:00:00 +0000")])

    def test_placeholders_are_refused(self):
        path = self.write("Subject: [PATCH 0/1] *** SUBJECT HERE ***\n\n*** BLURB HERE ***\n\n"
                          "A Person (1):\n  x\n")
        with self.assertRaises(SystemExit):
            cover_letter.description(path)


if __name__ == "__main__":
    unittest.main()
