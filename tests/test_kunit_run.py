#!/usr/bin/python3
"""kunit_run (scripts/lib.sh) on a stand-in tree: kunit.py builds, the UML kernel boots with
its console in a regular file (a pipe drops what does not fit), and kunit.py parses that file
with the arguments the caller gave."""
import json
import os
import stat
import subprocess
import tempfile
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))

# Stands in for tools/testing/kunit/kunit.py: records its arguments; 'parse' also records
# the file it was given.
KUNIT_PY = """import json, sys
with open(CALLS, "a", encoding="utf-8") as f:
    args = sys.argv[1:]
    if args[0] == "parse":
        with open(args[-1], encoding="utf-8") as log:
            args.append(log.read())
    f.write(json.dumps(args) + "\\n")
"""

# Stands in for the UML kernel: says whether its stdout is a regular file and what it was
# booted with, then writes more KTAP than a pipe holds.
LINUX = """#!/usr/bin/python3
import json, os, stat, sys
print(json.dumps({"regular": stat.S_ISREG(os.fstat(1).st_mode), "args": sys.argv[1:]}))
for i in range(20000):
    print(f"    ok {i + 1} case_{i}")
"""


class KunitRun(unittest.TestCase):
    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.tree = os.path.join(tmp.name, "linux")
        self.build_dir = os.path.join(tmp.name, "kunit")
        self.calls = os.path.join(tmp.name, "calls")
        kunit = os.path.join(self.tree, "tools", "testing", "kunit")
        os.makedirs(kunit)
        os.makedirs(self.build_dir)
        with open(os.path.join(kunit, "kunit.py"), "w", encoding="utf-8") as f:
            f.write(KUNIT_PY.replace("CALLS", repr(self.calls)))
        linux = os.path.join(self.build_dir, "linux")
        with open(linux, "w", encoding="utf-8") as f:
            f.write(LINUX)
        os.chmod(linux, os.stat(linux).st_mode | stat.S_IXUSR)
        self.env = dict(os.environ, TREE_DIR=self.tree, BUILD_DIR=os.path.join(tmp.name, "b"))

    def kunit_run(self, *args):
        script = '. "$0"/scripts/lib.sh; kunit_run "$@"'
        return subprocess.run(["bash", "-c", script, ROOT, self.build_dir, *args],
                              env=self.env, capture_output=True, text=True)

    def calls_made(self):
        with open(self.calls, encoding="utf-8") as f:
            return [json.loads(line) for line in f]

    def test_console_goes_to_a_file_and_every_line_reaches_the_parser(self):
        run = self.kunit_run("--json=/tmp/x.json", "--kconfig_add", "CONFIG_KASAN=y",
                             "--kernel_args", "panic_on_warn=1", "drm_gem_vram*")
        self.assertEqual(run.returncode, 0, run.stderr)
        build, parse = self.calls_made()
        self.assertEqual(build[0], "build")
        self.assertIn("--kunitconfig=drivers/gpu/drm/tests/.kunitconfig", build)
        self.assertIn("--kunitconfig=drivers/gpu/drm/ttm/tests/.kunitconfig", build)
        self.assertIn(f"--build_dir={self.build_dir}", build)
        i = build.index("--kconfig_add")
        self.assertEqual(build[i + 1], "CONFIG_KASAN=y")
        self.assertNotIn("--json=/tmp/x.json", build)
        self.assertEqual(parse[:3], ["parse", "--json=/tmp/x.json",
                                     os.path.join(self.build_dir, "test.log")])
        lines = parse[3].splitlines()
        boot = json.loads(lines[0])
        self.assertTrue(boot["regular"], "the kernel's console is not a regular file")
        for arg in ("panic_on_warn=1", "kunit.filter_glob=drm_gem_vram*", "kunit.enable=1",
                    "mem=1G", "console=tty", "kunit_shutdown=halt"):
            self.assertIn(arg, boot["args"])
        self.assertEqual(len(lines), 20001)
        self.assertEqual(lines[-1], "    ok 20000 case_19999")

    def test_kunitconfigs_from_the_environment(self):
        self.env["KUNIT_CONFIGS"] = "/w/configs/kunit-vram.config"
        run = self.kunit_run()
        self.assertEqual(run.returncode, 0, run.stderr)
        build, parse = self.calls_made()
        self.assertEqual([a for a in build if a.startswith("--kunitconfig")],
                         ["--kunitconfig=/w/configs/kunit-vram.config"])
        boot = json.loads(parse[-1].splitlines()[0])
        self.assertFalse([a for a in boot["args"] if a.startswith("kunit.filter_glob")])

    def test_unknown_option_is_named(self):
        run = self.kunit_run("--raw_output")
        self.assertNotEqual(run.returncode, 0)
        self.assertIn("unknown option --raw_output", run.stderr)
        self.assertFalse(os.path.exists(self.calls))


if __name__ == "__main__":
    unittest.main()
