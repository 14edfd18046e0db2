#!/usr/bin/python3
"""Tests of scripts/results.py, the counter behind make check's closing line."""
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "scripts"))
import results  # noqa: E402

FIXTURES = os.path.join(HERE, "fixtures")


class KunitJson(unittest.TestCase):
    def test_every_leaf_case_counts_with_its_suite_path(self):
        import json
        with open(os.path.join(FIXTURES, "kunit-sample.json"), encoding="utf-8") as f:
            cases = list(results.kunit_cases(json.load(f)))
        self.assertEqual(cases, [
            ("PASS", "drm_gem_vram_helper.drm_gem_vram_test_create"),
            ("SKIP", "drm_gem_vram_helper.drm_gem_vram_test_swapout"),
            ("FAIL", "drm_gem_vram_helper.drm_gem_vram_test_crash"),
            ("PASS", "drm_gem_vram_helper.drm_gem_vram_test_evict.pressure"),
            ("FAIL", "drm_gem_vram_helper.drm_gem_vram_test_evict.evict_all"),
        ])


class Summary(unittest.TestCase):
    def test_counts_and_names_failures(self):
        text, ok = results.summary(results.read_results(os.path.join(FIXTURES, "results-mixed")))
        self.assertFalse(ok)
        self.assertEqual(text.splitlines(), [
            "FAILED: apply: 0002 applies",
            "skipped: kunit: case b",
            "2 passed, 1 failed, 1 skipped",
        ])

    def test_all_passed(self):
        text, ok = results.summary([("PASS", "a", "x"), ("PASS", "b", "y")])
        self.assertTrue(ok)
        self.assertEqual(text, "2 passed, 0 failed")

    def test_nothing_counted_is_a_failure(self):
        text, ok = results.summary(results.read_results(os.path.join(FIXTURES, "results-empty")))
        self.assertFalse(ok)
        self.assertEqual(text, "0 passed, 0 failed")

    def test_unknown_status_counts_as_failure(self):
        rows = results.read_results(os.path.join(FIXTURES, "results-bogus"))
        self.assertEqual(rows, [("FAIL", "x", "something odd")])
        self.assertFalse(results.summary(rows)[1])


if __name__ == "__main__":
    unittest.main()
