#!/usr/bin/python3
"""Tests of scripts/bench-report.py, which computes BENCHMARKS.md's medians and ratios."""
import importlib.util
import os
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    "bench_report", os.path.join(HERE, "..", "scripts", "bench-report.py"))
bench_report = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench_report)


class BenchReport(unittest.TestCase):
    def setUp(self):
        self.data = bench_report.load(os.path.join(HERE, "fixtures", "bench-results.txt"))
        self.text = bench_report.report(self.data, 2, "test machine")

    def test_median_and_spread(self):
        self.assertEqual(bench_report.stat([200.0, 220.0]), (210.0, 20.0 / 210.0))

    def test_flush_row_has_medians_ratio_and_maps(self):
        self.assertIn("| 640x480 (1.2 MiB) | 210 (10%) | 390 (5%) | 0.54 | 0.000 | 1.000 |",
                      self.text)

    def test_flip_and_idle_rows(self):
        self.assertIn("| 640x480 | 95 (11%) | 105 (10%) | 0.90 |", self.text)
        self.assertIn("| 640x480 | 1232896 | 0 |", self.text)


if __name__ == "__main__":
    unittest.main()
