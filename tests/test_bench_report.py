#!/usr/bin/python3
"""Tests of scripts/bench-report.py, which computes BENCHMARKS.md's medians and ratios and
compares a new report with the one it replaces."""
import importlib.util
import os
import re
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    "bench_report", os.path.join(HERE, "..", "scripts", "bench-report.py"))
bench_report = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench_report)


class BenchReport(unittest.TestCase):
    def setUp(self):
        self.data = bench_report.load(os.path.join(HERE, "fixtures", "bench-results.txt"))
        self.micro = bench_report.load_micro(os.path.join(HERE, "fixtures", "bench-micro.txt"))
        self.text = bench_report.report(self.data, 2, "test machine", self.micro)

    def section(self, heading):
        """The lines of the report from a heading to the next heading."""
        lines = self.text.splitlines()
        start = lines.index(heading)
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("#")),
                   len(lines))
        return lines[start:end]

    def test_median_and_spread(self):
        self.assertEqual(bench_report.stat([200.0, 220.0]), (210.0, 20.0 / 210.0))
        self.assertEqual(bench_report.stat({1: 200.0, 2: 220.0}), (210.0, 20.0 / 210.0))

    def test_ratio_of_medians_and_range_of_runs(self):
        med, lo, hi = bench_report.ratio({1: 200.0, 2: 220.0}, {1: 400.0, 2: 380.0})
        self.assertAlmostEqual(med, 210.0 / 390.0)
        self.assertEqual((lo, hi), (0.5, 220.0 / 380.0))
        # Only runs that both sides have are paired.
        self.assertEqual(bench_report.ratio({1: 2.0, 3: 9.0}, {1: 1.0, 2: 5.0})[1:], (2.0, 2.0))

    def test_flush_row_has_medians_ratio_and_maps(self):
        self.assertIn("| 640x480 (1.2 MiB) | 210 (10%) | 390 (5%) | 0.54 (0.50-0.58) "
                      "| 0.000 | 1.000 |", self.text)

    def test_damage_worker_duration_row(self):
        # Medians 22 and 78 us; per run 20/80 and 24/76.
        self.assertIn("| 640x480 (1.2 MiB) | 22.0 (18%) | 78.0 (5%) | 0.28 (0.25-0.32) |",
                      self.section("## The damage worker's own duration"))
        cells = bench_report.tables(self.text)
        self.assertIn(("The damage worker's own duration", "640x480 (1.2 MiB)", "lazy/eager"),
                      cells)

    def test_no_worker_table_without_its_measurements(self):
        data = {k: v for k, v in self.data.items() if k[2] != "flush_kernel_us"}
        self.assertNotIn("damage worker's own duration", bench_report.report(data, 2, "m"))

    def test_debug_options_of_a_kernel_config(self):
        path = os.path.join(self.tmp(), "config")
        with open(path, "w", encoding="utf-8") as f:
            f.write("CONFIG_DEBUG_KERNEL=y\n# CONFIG_PROVE_LOCKING is not set\n"
                    "CONFIG_KPROBE_EVENTS=y\n")
        self.assertEqual(bench_report.debug_options(path), "none")
        with open(path, "a", encoding="utf-8") as f:
            f.write("CONFIG_PROVE_LOCKING=y\nCONFIG_DEBUG_ATOMIC_SLEEP=y\nCONFIG_LOCKDEP=y\n")
        self.assertEqual(bench_report.debug_options(path),
                         "PROVE_LOCKING, DEBUG_ATOMIC_SLEEP, LOCKDEP")

    def test_a_changed_kernel_configuration_is_a_new_baseline(self):
        debug = bench_report.report(self.data, 2, "m", self.micro, options="PROVE_LOCKING")
        self.assertIn("Guest kernel debug options: PROVE_LOCKING.", debug)
        self.assertIn("The guest kernel has PROVE_LOCKING: lock debugging", debug)
        text = bench_report.report(self.data, 2, "m", self.micro, debug, options="none")
        self.assertIn("The guest kernel is production-like", text)
        summary = [line for line in text.splitlines() if line.startswith("Reproduction:")][0]
        # The judgement stays; the summary says why a mismatch would be expected.
        self.assertIn("(baseline changed: the previous report's guest kernel debug options: "
                      "PROVE_LOCKING; this run's: none); reproduced", summary)
        self.assertIn("This report is the baseline for the next run.", text)
        # A previous report that states no options (older ones) changes the baseline too.
        text = bench_report.report(self.data, 2, "m", self.micro, self.text, options="none")
        self.assertIn("options: not stated; this run's: none)", text)
        # The same options: no note.
        again = bench_report.report(self.data, 2, "m", self.micro, text, options="none")
        self.assertNotIn("baseline changed", again)

    def test_earlier_figures_beside_this_run(self):
        earlier = self.text.replace("| 1.25 (1.25-1.25) |", "| 1.17 (1.08-1.19) |")
        text = bench_report.report(self.data, 2, "m", self.micro, options="none",
                                   earlier=earlier)
        section = self.section_of(text, "## Earlier figures: another guest kernel configuration")
        self.assertIn("| By number of buffer objects (64 KiB each) | vram, 1 x 64 KiB | lazy/floor "
                      "| 1.17 (1.08-1.19) | 1.25 (1.25-1.25) |", section)
        self.assertIn("| fbdev damage flushes | 640x480 (1.2 MiB) | real maps per flush, eager "
                      "| 1.000 | 1.000 |", section)
        # A row of both scaling tables is shown once.
        self.assertEqual(sum("vram, 1 x 64 KiB | lazy/floor" in line for line in section), 1)
        # The section is no input to the reproduction check.
        self.assertEqual(bench_report.tables(text), bench_report.tables(
            bench_report.report(self.data, 2, "m", self.micro, options="none")))

    def section_of(self, text, heading):
        lines = text.splitlines()
        start = lines.index(heading)
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("#")),
                   len(lines))
        return lines[start:end]

    def test_flip_and_idle_rows(self):
        self.assertIn("| 640x480 | 95 (11%) | 105 (10%) | 0.90 (0.90-0.91) |", self.text)
        self.assertIn("| 640x480 | 1232896 | 0 |", self.text)

    def test_micro_lines_are_parsed(self):
        # Times: the fastest repetition of a boot.
        self.assertEqual(self.micro[("lazy", "vram", 65536, 1, "pair")], {1: 1200.0, 2: 1300.0})
        self.assertEqual(self.micro[("eager", "system", 8388608, 1, "held")], {1: 0.0, 2: 0.0})
        # pair/floor: the median of each pair repetition over the floor repetition before it.
        self.assertEqual(self.micro[("lazy", "vram", 65536, 1, "pair/floor")], {1: 1.25, 2: 1.25})
        self.assertEqual(self.micro[("eager", "vram", 65536, 1, "pair/floor")], {1: 3.0, 2: 3.44})
        self.assertEqual(len(self.micro), 24)  # the line that is no measurement is skipped

    def test_micro_lines_without_repetitions(self):
        path = os.path.join(self.tmp(), "micro.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write("lazy 1 mem=vram size=65536 bos=1 op=floor ns_per=1100.0 min=1000.0\n"
                    "lazy 1 mem=vram size=65536 bos=1 op=pair ns_per=1300.0 min=1200.0\n"
                    "lazy 1 mem=vram size=65536 bos=1 op=pair min=oops\n")
        micro = bench_report.load_micro(path)
        self.assertEqual(dict(micro), {("lazy", "vram", 65536, 1, "floor"): {1: 1000.0},
                                       ("lazy", "vram", 65536, 1, "pair"): {1: 1200.0}})

    def tmp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        return tmp.name

    def test_pair_row_has_ratios_to_eager_and_floor(self):
        # bench-micro.txt is a log without control lines: lazy/control is n/a.
        row = ("| vram, 1 x 64 KiB | 1250 (8%) | 3220 (14%) | 1020 (4%) | 0.39 (0.36-0.42) "
               "| 1.25 (1.25-1.25) | n/a | 3.22 (3.00-3.44) |")
        self.assertIn(row, self.section("### By number of buffer objects (64 KiB each)"))
        self.assertIn(row, self.section("### By buffer size (one buffer object)"))

    def test_scaling_tables_hold_their_rows(self):
        by_count = "\n".join(self.section("### By number of buffer objects (64 KiB each)"))
        by_size = "\n".join(self.section("### By buffer size (one buffer object)"))
        self.assertIn("| vram, 16 x 64 KiB | 1100 (0%) | 5000 (0%) | 1000 (0%) | 0.22 (0.22-0.22) "
                      "| 1.10 (1.10-1.10) | n/a | 5.00 (5.00-5.00) |", by_count)
        self.assertNotIn("8 MiB", by_count)
        self.assertIn("| system, 1 x 8 MiB | 1000 (0%) | 90000 (0%) | 900 (0%) |", by_size)
        self.assertNotIn("16 x", by_size)
        # VRAM rows come before system memory rows.
        self.assertLess(by_size.index("vram, 1 x 64 KiB"), by_size.index("system, 1 x 8 MiB"))

    def test_floor_control_and_address_space(self):
        self.assertIn("| vram, 1 x 64 KiB | 1020 (4%) | 1050 (10%) | 0.97 (0.91-1.04) |",
                      self.section("### The floor on both kernels (control)"))
        held = self.section("### Address space held by idle mappings (microbenchmark)")
        self.assertIn("| vram, 16 x 64 KiB | 1114112 | 69632 | 0 |", held)
        self.assertIn("| system, 1 x 8 MiB | 8392704 | 8392704 | 0 |", held)

    def control_report(self, **kwargs):
        micro = bench_report.load_micro(os.path.join(HERE, "fixtures", "bench-micro-control.txt"))
        return micro, bench_report.report(self.data, 2, "test machine", micro, **kwargs)

    def test_control_lines_are_parsed(self):
        micro, _ = self.control_report()
        # Like the floor: the fastest repetition of a boot.
        self.assertEqual(micro[("lazy", "vram", 65536, 1, "control")], {1: 1000.0, 2: 1250.0})
        # pair/control: the median of each pair repetition over the control repetition of the
        # same repetition (1200/1000, 1500/1250, 1300/1040 in run 1; 1300/1250 in run 2).
        self.assertEqual(micro[("lazy", "vram", 65536, 1, "pair/control")], {1: 1.2, 2: 1.04})
        # The floor ratios do not change.
        self.assertEqual(micro[("lazy", "vram", 65536, 1, "pair/floor")], {1: 1.25, 2: 1.25})
        self.assertEqual(micro[("eager", "vram", 65536, 1, "pair/floor")], {1: 3.0, 2: 3.44})
        # floor, control, pair, held and the two ratios, of 3 configurations and 2 kernels
        self.assertEqual(len(micro), 36)

    def test_pair_row_has_ratio_to_control(self):
        _, text = self.control_report()
        # lazy/control: the median of the runs' 1.2 and 1.04, and their range.
        row = ("| vram, 1 x 64 KiB | 1250 (8%) | 3220 (14%) | 1020 (4%) | 0.39 (0.36-0.42) "
               "| 1.25 (1.25-1.25) | 1.12 (1.04-1.20) | 3.22 (3.00-3.44) |")
        self.assertIn(row, self.section_of(text, "### By number of buffer objects (64 KiB each)"))
        self.assertIn(row, self.section_of(text, "### By buffer size (one buffer object)"))
        # 1100/1050 and 1000/950.
        self.assertIn("| 1.10 (1.10-1.10) | 1.05 (1.05-1.05) | 5.00 (5.00-5.00) |", text)
        self.assertIn("| system, 1 x 8 MiB | 1000 (0%) | 90000 (0%) | 900 (0%) "
                      "| 0.011 (0.011-0.011) | 1.11 (1.11-1.11) | 1.05 (1.05-1.05) |", text)
        cells = bench_report.tables(text)
        self.assertEqual(cells[("By buffer size (one buffer object)", "vram, 1 x 64 KiB",
                                "lazy/control")], "1.12 (1.04-1.20)")
        self.assertIn("The control loop is the floor plus calls of two empty functions", text)
        self.assertIn("lazy/control near 1.00 means", text)
        self.assertNotIn("n/a", text)

    def test_a_log_without_control_lines_still_reports(self):
        self.assertNotIn(("lazy", "vram", 65536, 1, "control"), self.micro)
        self.assertNotIn(("lazy", "vram", 65536, 1, "pair/control"), self.micro)
        cells = bench_report.tables(self.text)
        self.assertEqual(cells[("By number of buffer objects (64 KiB each)", "vram, 16 x 64 KiB",
                                "lazy/control")], "n/a")
        self.assertIn("lazy/control is n/a where the boots' logs have no control loop", self.text)
        # Writing the report adds no entry to the results.
        self.assertEqual(len(self.micro), 24)
        # Against a report with control ratios, the n/a cells are no ratios to compare.
        _, with_control = self.control_report()
        rows, summary = bench_report.compare(with_control, self.text)
        self.assertNotIn("lazy/control", [r[2] for r in rows])
        self.assertIn("18 of 18 ratios within", summary)

    def test_control_ratios_are_compared(self):
        _, text = self.control_report()
        rows, summary = bench_report.compare(text, text)
        # The 18 ratios of a log without control and the 4 lazy/control cells.
        self.assertIn("22 of 22 ratios within", summary)
        previous = text.replace("| 1.12 (1.04-1.20) |", "| 1.50 (1.40-1.60) |")
        rows, summary = bench_report.compare(previous, text)
        self.assertEqual({r[1:5] for r in rows if not r[5]},
                         {("vram, 1 x 64 KiB", "lazy/control", "1.50 (1.40-1.60)", "1.12")})
        self.assertIn("20 of 22 ratios within", summary)
        # An earlier report's lazy/control is among the headline figures; one without
        # control lines (n/a on both sides) shows none.
        _, text = self.control_report(earlier=previous)
        section = self.section_of(text, "## Earlier figures: another guest kernel configuration")
        self.assertIn("| By number of buffer objects (64 KiB each) | vram, 1 x 64 KiB "
                      "| lazy/control | 1.50 (1.40-1.60) | 1.12 (1.04-1.20) |", section)
        text = bench_report.report(self.data, 2, "m", self.micro, earlier=self.text)
        section = self.section_of(text, "## Earlier figures: another guest kernel configuration")
        self.assertFalse([line for line in section if "lazy/control" in line])

    def test_no_micro_section_without_micro_results(self):
        text = bench_report.report(self.data, 2, "test machine")
        self.assertNotIn("microbenchmark", text)
        self.assertIn("## fbdev damage flushes", text)

    def test_tables_key_cells_by_heading_row_and_column(self):
        cells = bench_report.tables(self.text)
        self.assertEqual(cells[("fbdev damage flushes", "640x480 (1.2 MiB)", "lazy/eager")],
                         "0.54 (0.50-0.58)")
        self.assertEqual(cells[("By buffer size (one buffer object)", "system, 1 x 8 MiB",
                                "eager/floor")], "100.00 (100.00-100.00)")

    def test_a_report_reproduces_itself(self):
        text = bench_report.report(self.data, 2, "test machine", self.micro, self.text)
        self.assertIn("## Reproduction", text)
        summary = [line for line in text.splitlines() if line.startswith("Reproduction:")]
        self.assertEqual(len(summary), 1)
        self.assertTrue(summary[0].endswith("; reproduced"), summary[0])
        self.assertIn("| fbdev damage flushes | 640x480 (1.2 MiB) | lazy/eager | 0.54 (0.50-0.58) "
                      "| 0.54 | yes |", text)
        # The reproduction section of the previous report is no input to the next one.
        again = bench_report.report(self.data, 2, "test machine", self.micro, text)
        self.assertEqual(again, text)

    def test_a_ratio_outside_the_stated_range_is_named(self):
        previous = self.text.replace("| 0.39 (0.36-0.42) |", "| 0.50 (0.45-0.55) |")
        rows, summary = bench_report.compare(previous, self.text)
        bad = [r for r in rows if not r[5]]
        self.assertEqual(len(bad), 2)  # the row is in both scaling tables
        self.assertEqual(bad[0][1:5], ("vram, 1 x 64 KiB", "lazy/eager", "0.50 (0.45-0.55)",
                                       "0.39"))
        # 18 ratios, each within the range of 2 runs with a chance of 1/3: 6 expected.
        self.assertIn("16 of 18 ratios within the previous report's range (at least 6 "
                      "expected of an unchanged kernel)", summary)
        self.assertTrue(summary.endswith("; reproduced"), summary)
        text = bench_report.report(self.data, 2, "test machine", self.micro, previous)
        self.assertIn("| By number of buffer objects (64 KiB each) | vram, 1 x 64 KiB | lazy/eager "
                      "| 0.50 (0.45-0.55) | 0.39 | NO |", text)

    def test_too_few_ratios_within_range_is_no_reproduction(self):
        previous = re.sub(r"\d+\.\d+ \(\d+\.\d+-\d+\.\d+\)", "9.00 (8.00-9.50)", self.text)
        rows, summary = bench_report.compare(previous, self.text)
        self.assertIn("0 of 18 ratios within", summary)
        self.assertTrue(summary.endswith("; not reproduced"), summary)

    def test_runs_behind_a_report(self):
        self.assertEqual(bench_report.runs_of(self.text), (2, 2))
        text = bench_report.report(self.data, 3, "m", self.micro, micro_runs=7)
        self.assertIn("`BENCH_RUNS=3 BENCH_MICRO_RUNS=7 make bench`", text)
        self.assertEqual(bench_report.runs_of(text), (3, 7))
        self.assertEqual(bench_report.runs_of("Reproduce with `BENCH_RUNS=7 make bench`"), (7, 7))

    def test_small_ratios_keep_two_significant_digits(self):
        self.assertEqual(bench_report.ratio_text(0.39, 0.361, 0.42), "0.39 (0.36-0.42)")
        self.assertEqual(bench_report.ratio_text(0.0612, 0.05, 0.071), "0.061 (0.050-0.071)")
        self.assertEqual(bench_report.ratio_text(0.00118, 0.0011, 0.0013),
                         "0.0012 (0.0011-0.0013)")
        self.assertEqual(bench_report.ratio_text(899.7, 868.15, 932.3),
                         "899.70 (868.15-932.30)")
        self.assertIn("| system, 1 x 8 MiB | 1000 (0%) | 90000 (0%) | 900 (0%) "
                      "| 0.011 (0.011-0.011) |", self.text)

    def test_values_are_compared_to_the_stated_precision(self):
        old = self.text.replace("| 0.011 (0.011-0.011) |", "| 0.01 (0.01-0.01) |")
        rows, _ = bench_report.compare(old, self.text)
        row = [r for r in rows if r[3] == "0.01 (0.01-0.01)"][0]
        self.assertEqual(row[4:], ("0.011", True))
        old = self.text.replace("| 0.011 (0.011-0.011) |", "| 0.012 (0.012-0.013) |")
        rows, _ = bench_report.compare(old, self.text)
        self.assertFalse([r for r in rows if r[3] == "0.012 (0.012-0.013)"][0][5])

    def test_range_bounds_count_as_inside(self):
        previous = self.text.replace("| 0.39 (0.36-0.42) |", "| 0.39 (0.39-0.40) |")
        rows, _ = bench_report.compare(previous, self.text)
        self.assertTrue(all(r[5] for r in rows))

    def test_address_space_must_be_equal(self):
        previous = self.text.replace("| vram, 16 x 64 KiB | 1114112 |", "| vram, 16 x 64 KiB | 1 |")
        rows, summary = bench_report.compare(previous, self.text)
        self.assertEqual([r[1:5] for r in rows if not r[5]],
                         [("vram, 16 x 64 KiB", "lazy bytes", "1", "1114112")])
        self.assertTrue(summary.endswith("; not reproduced"), summary)

    def test_previous_report_without_ranges(self):
        old = ("# Benchmarks\n\n## fbdev damage flushes\n\n| fbdev buffer | lazy/eager |\n"
               "| --- | --- |\n| 640x480 (1.2 MiB) | 0.81 |\n")
        rows, summary = bench_report.compare(old, self.text)
        self.assertEqual(rows, [])
        self.assertIn("no ratio compared", summary)
        self.assertNotIn("reproduced", summary)
        # Address space is still compared, and judged.
        old += ("\n## Address space held by idle mappings\n\n| fbdev buffer | lazy | eager |\n"
                "| --- | --- | --- |\n| 640x480 | 1232896 | 0 |\n")
        rows, summary = bench_report.compare(old, self.text)
        self.assertEqual(len(rows), 2)
        self.assertTrue(summary.endswith("2 of 2 address-space values equal"), summary)
        rows, summary = bench_report.compare(old.replace("1232896", "4096"), self.text)
        self.assertTrue(summary.endswith("; not reproduced"), summary)


if __name__ == "__main__":
    unittest.main()
