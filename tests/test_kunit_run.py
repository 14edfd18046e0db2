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

# Stands in for tools/testing/kunit/kunit.py: records its arguments ('parse' also what the
# file holds), fails 'build' when told to.
KUNIT_PY = """import json, os, sys
args = sys.argv[1:]
if args[0] == "parse":
    with open(args[-1], encoding="utf-8") as log:
        args.append(log.read())
with open(CALLS, "a", encoding="utf-8") as f:
    f.write(json.dumps(args) + "\\n")
sys.exit(1 if args[0] == "build" and os.environ.get("FAIL_BUILD") else 0)
"""

# Stands in for the UML kernel, and writes as UML's console does: stdout made non-blocking,
# and whatever a write cannot place is dropped. First line: what it was booted with.
LINUX = """#!/usr/bin/python3
import json, os, sys, time
os.set_blocking(1, False)
def put(text):
    try:
        os.write(1, text.encode())
    except BlockingIOError:
        pass
put(json.dumps(sys.argv[1:]) + "\\n")
for i in range(20000):
    put(f"    ok {i + 1} case_{i}\\n")
time.sleep(float(os.environ.get("HANG", "0")))
"""

UML_ARGS = ["kunit.enable=1", "mem=1G", "console=tty", "kunit_shutdown=halt"]
CONFIGS = ["--kunitconfig=drivers/gpu/drm/tests/.kunitconfig",
           "--kunitconfig=drivers/gpu/drm/ttm/tests/.kunitconfig"]


class KunitRun(unittest.TestCase):
    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.tree = os.path.join(tmp.name, "linux")
        self.build_dir = os.path.join(tmp.name, "kunit")
        self.calls = os.path.join(tmp.name, "calls")
        self.kunit = os.path.join(self.tree, "tools", "testing", "kunit")
        os.makedirs(os.path.join(self.kunit, "configs"))
        os.makedirs(self.build_dir)
        with open(os.path.join(self.kunit, "kunit.py"), "w", encoding="utf-8") as f:
            f.write(KUNIT_PY.replace("CALLS", repr(self.calls)))
        linux = os.path.join(self.build_dir, "linux")
        with open(linux, "w", encoding="utf-8") as f:
            f.write(LINUX)
        os.chmod(linux, os.stat(linux).st_mode | stat.S_IXUSR)
        self.env = {k: v for k, v in os.environ.items()
                    if k not in ("KUNIT_CONFIGS", "KUNIT_TIMEOUT", "KUNIT_KERNEL", "FAIL_BUILD",
                                 "HANG")}
        self.env.update(TREE_DIR=self.tree, BUILD_DIR=os.path.join(tmp.name, "b"))

    def kunit_run(self, *args):
        script = '. "$0"/scripts/lib.sh; kunit_run "$@"'
        return subprocess.run(["bash", "-c", script, ROOT, self.build_dir, *args],
                              env=self.env, capture_output=True, text=True)

    def calls_made(self):
        if not os.path.exists(self.calls):
            return []
        with open(self.calls, encoding="utf-8") as f:
            return [json.loads(line) for line in f]

    def build_args(self, *extra):
        return ["build", *extra, *CONFIGS, f"--build_dir={self.build_dir}",
                f"--jobs={os.cpu_count()}"]

    def test_console_goes_to_a_file_and_every_line_reaches_the_parser(self):
        # Succeeds if the kernel, writing as UML does, loses no line: the parser gets all.
        run = self.kunit_run("--json=/tmp/x.json", "--kconfig_add", "CONFIG_KASAN=y",
                             "--kernel_args", "panic_on_warn=1", "drm_gem_vram*")
        self.assertEqual(run.returncode, 0, run.stderr)
        build, parse = self.calls_made()
        self.assertEqual(build, self.build_args("--kconfig_add", "CONFIG_KASAN=y"))
        self.assertEqual(parse[:3], ["parse", "--json=/tmp/x.json",
                                     os.path.join(self.build_dir, "test.log")])
        lines = parse[3].splitlines()
        self.assertEqual(json.loads(lines[0]),
                         ["panic_on_warn=1", "kunit.filter_glob=drm_gem_vram*", *UML_ARGS])
        self.assertEqual(len(lines), 20001)
        self.assertEqual(lines[-1], "    ok 20000 case_19999")

    def test_equals_forms_and_the_pci_device_id(self):
        # Succeeds if --opt=value works as kunit.py takes it, and a tree with UML PCI over
        # virtio (6.12) gets a device ID.
        with open(os.path.join(self.kunit, "configs", "arch_uml.config"), "w",
                  encoding="utf-8") as f:
            f.write("CONFIG_UML_PCI_OVER_VIRTIO=y\n")
        run = self.kunit_run("--kconfig_add=CONFIG_X=y", "--kernel_args=a=b")
        self.assertEqual(run.returncode, 0, run.stderr)
        build, parse = self.calls_made()
        self.assertEqual(build, self.build_args(
            "--kconfig_add=CONFIG_X=y", "--kconfig_add",
            "CONFIG_UML_PCI_OVER_VIRTIO_DEVICE_ID=1234"))
        self.assertEqual(json.loads(parse[-1].splitlines()[0]), ["a=b", *UML_ARGS])

    def test_kunitconfigs_from_the_environment(self):
        # Succeeds if KUNIT_CONFIGS replaces DRM's and TTM's kunitconfigs.
        self.env["KUNIT_CONFIGS"] = "/w/configs/kunit-vram.config"
        run = self.kunit_run()
        self.assertEqual(run.returncode, 0, run.stderr)
        build, _ = self.calls_made()
        self.assertEqual([a for a in build if a.startswith("--kunitconfig")],
                         ["--kunitconfig=/w/configs/kunit-vram.config"])

    def test_failed_build_boots_nothing_and_leaves_no_old_log(self):
        # Succeeds if a failed build fails the run and no earlier test.log survives it.
        old = os.path.join(self.build_dir, "test.log")
        with open(old, "w", encoding="utf-8") as f:
            f.write("ok 1 from an earlier run\n")
        self.env["FAIL_BUILD"] = "1"
        run = self.kunit_run("drm_gem_vram*")
        self.assertNotEqual(run.returncode, 0)
        self.assertEqual([c[0] for c in self.calls_made()], ["build"])
        self.assertFalse(os.path.exists(old))

    def test_a_kernel_that_does_not_halt_is_killed_and_named(self):
        # Succeeds if the timeout ends the boot, says so, and parsing still happens.
        self.env.update(KUNIT_TIMEOUT="1", HANG="30")
        run = self.kunit_run()
        self.assertIn("the kernel did not halt within 1 s; killed", run.stdout)
        self.assertEqual([c[0] for c in self.calls_made()], ["build", "parse"])

    def test_a_kept_kernel_is_booted_without_a_build(self):
        # Succeeds if KUNIT_KERNEL is booted as it is, and nothing is built.
        kept = os.path.join(self.build_dir, "linux.kept")
        os.rename(os.path.join(self.build_dir, "linux"), kept)
        self.env["KUNIT_KERNEL"] = kept
        run = self.kunit_run("drm_gem_vram*")
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertEqual([c[0] for c in self.calls_made()], ["parse"])
        self.assertIn(f"Running tests with: {kept} ", run.stdout)

    def kept_kernel(self, *args):
        script = '. "$0"/scripts/lib.sh; kept_kernel "$@"'
        return subprocess.run(["bash", "-c", script, ROOT, self.build_dir, *args],
                              env=self.env, capture_output=True, text=True, check=True).stdout

    def test_kept_kernel_only_for_the_commit_it_was_built_from(self):
        # Succeeds if the kept kernel is offered for its own commit and clean tree only.
        ident = dict(self.env, GIT_AUTHOR_NAME="T", GIT_AUTHOR_EMAIL="t@example.org",
                     GIT_COMMITTER_NAME="T", GIT_COMMITTER_EMAIL="t@example.org")

        def git(*args):
            subprocess.run(["git", "-C", self.tree, *args], env=ident, check=True,
                           capture_output=True)
        git("init", "-q")
        git("add", "-A")
        git("commit", "-q", "-m", "one")
        kept = os.path.join(self.build_dir, "linux.kept")
        self.kept_kernel("save")
        self.assertTrue(os.path.exists(kept))
        self.assertEqual(self.kept_kernel(), kept + "\n")
        with open(os.path.join(self.kunit, "kunit.py"), "a", encoding="utf-8") as f:
            f.write("# changed\n")
        self.assertEqual(self.kept_kernel(), "", "a dirty working copy")
        git("commit", "-q", "-a", "-m", "two")
        self.assertEqual(self.kept_kernel(), "", "another commit")
        self.kept_kernel("save")
        self.assertEqual(self.kept_kernel(), kept + "\n")

    def test_unknown_option_is_named(self):
        # Succeeds if an option kunit_run does not know fails before anything runs.
        run = self.kunit_run("--raw_output")
        self.assertEqual(run.returncode, 2)
        self.assertIn("unknown option --raw_output", run.stderr)
        self.assertEqual(self.calls_made(), [])


if __name__ == "__main__":
    unittest.main()
