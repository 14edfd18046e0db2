#!/usr/bin/python3
"""Bad input to the workspace: a clear error that names what failed, nothing lost, and a
rerun that recovers without manual cleanup. Runs the real scripts on a tiny git tree."""
import os
import subprocess
import tempfile
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
SCRIPTS = os.path.join(ROOT, "scripts")


IDENTITY = {"GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org",
            "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org"}


def git(cwd, *args):
    return subprocess.run(["git", "-C", cwd, *args], check=True, capture_output=True,
                          text=True, env=dict(os.environ, **IDENTITY)).stdout


class Workspace(unittest.TestCase):
    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.build = os.path.join(tmp.name, "build")
        self.tree = os.path.join(self.build, "linux")
        self.patches = os.path.join(tmp.name, "patches")
        os.makedirs(self.tree)
        os.makedirs(self.patches)
        self.env = dict(os.environ, BUILD_DIR=self.build, PATCHES_DIR=self.patches,
                        **IDENTITY)
        # A tiny base tree and a series of two patches made from it.
        git(self.tree, "init", "-q", "-b", "debian")
        self.write("helper.c", "one\ntwo\nthree\n")
        git(self.tree, "add", "-A")
        git(self.tree, "commit", "-q", "-m", "base")
        git(self.tree, "tag", "base")
        git(self.tree, "checkout", "-q", "-b", "series")
        self.write("helper.c", "one\n2\nthree\n")
        git(self.tree, "commit", "-q", "-a", "-m", "drm/gem-vram: First")
        self.write("helper.c", "one\n2\n3\n")
        git(self.tree, "commit", "-q", "-a", "-m", "drm/gem-vram: Second")
        git(self.tree, "config", "branch.series.description", "Subject line\n\nText.")
        self.run_script("export-series.sh")
        self.names = sorted(n for n in os.listdir(self.patches) if n[:4] != "0000" and
                            n.endswith(".patch"))

    def write(self, name, text, base=None):
        with open(os.path.join(base or self.tree, name), "w", encoding="utf-8") as f:
            f.write(text)

    def run_script(self, name, env=None):
        return subprocess.run([os.path.join(SCRIPTS, name)], env=env or self.env,
                              capture_output=True, text=True)

    def helper(self):
        with open(os.path.join(self.tree, "helper.c"), encoding="utf-8") as f:
            return f.read()

    def test_series_applies(self):
        r = self.run_script("apply-series.sh")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.helper(), "one\n2\n3\n")

    def test_series_naming_a_missing_patch(self):
        self.write("series", "0001-missing.patch\n", base=self.patches)
        r = self.run_script("apply-series.sh")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("patches/series names 0001-missing.patch, which does not exist", r.stderr)

    def test_patch_that_does_not_apply_is_named_and_leaves_no_am_behind(self):
        path = os.path.join(self.patches, self.names[1])
        with open(path, encoding="utf-8") as f:
            text = f.read()
        self.write(self.names[1], text.replace("-three", "-drei"), base=self.patches)
        r = self.run_script("apply-series.sh")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn(f"patch 2/2 {self.names[1]} does not apply", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.tree, ".git", "rebase-apply")))
        self.assertEqual(git(self.tree, "status", "--porcelain", "--untracked-files=no"), "")

    def test_interrupted_am_is_recovered(self):
        git(self.tree, "checkout", "-q", "-B", "series", "base")
        subprocess.run(["git", "-C", self.tree, "am", "-q",
                        os.path.join(self.patches, self.names[1])], capture_output=True,
                       env=self.env)
        self.assertTrue(os.path.exists(os.path.join(self.tree, ".git", "rebase-apply")))
        r = self.run_script("apply-series.sh")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("aborting a git am left over", r.stdout)
        self.assertEqual(self.helper(), "one\n2\n3\n")

    def test_uncommitted_work_is_not_overwritten(self):
        self.write("helper.c", "my work\n")
        r = self.run_script("apply-series.sh")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("has uncommitted changes", r.stderr)
        self.assertEqual(self.helper(), "my work\n")

    def test_old_series_head_stays_in_the_reflog(self):
        git(self.tree, "commit", "-q", "--allow-empty", "-m", "unexported work")
        head = git(self.tree, "rev-parse", "HEAD").strip()
        self.assertEqual(self.run_script("apply-series.sh").returncode, 0)
        self.assertIn(head, git(self.tree, "reflog", "--format=%H", "series"))

    def test_missing_base_package(self):
        r = self.run_script("prepare-base.sh", dict(self.env, BASE_PACKAGE="no-such-package",
                                                     BASE_SUITE=""))
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("no-such-package is not installed", r.stderr)

    def test_unreachable_suite_is_named(self):
        env = dict(self.env, BASE_PACKAGE="linux-source-7.3", BASE_SUITE="no-such-suite",
                   DEBIAN_MIRROR="file:///nonexistent/debian")
        r = self.run_script("prepare-base.sh", env)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("Debian suite 'no-such-suite'", r.stderr)
        self.assertEqual(self.helper(), "one\n2\n3\n")

    def test_corrupt_base_package_keeps_the_old_tree(self):
        with open(os.path.join(self.build, "base.version"), "w", encoding="utf-8") as f:
            f.write("0-old\n")
        bad = os.path.join(self.build, "bad.tar.xz")
        with open(bad, "wb") as f:
            f.write(b"not an xz archive")
        env = dict(self.env, BASE_PACKAGE="linux-source-6.12", BASE_SUITE="", BASE_TARBALL=bad)
        if subprocess.run(["dpkg-query", "-W", "linux-source-6.12"],
                          capture_output=True).returncode:
            self.skipTest("linux-source-6.12 is not installed")
        r = self.run_script("prepare-base.sh", env)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("looks corrupt", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.build, "linux.new")))
        self.assertEqual(self.helper(), "one\n2\n3\n")


if __name__ == "__main__":
    unittest.main()
