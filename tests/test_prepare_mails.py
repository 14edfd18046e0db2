#!/usr/bin/python3
"""Tests of scripts/prepare-mails.py, which turns the series into mails from a person.

Runs the script on the made-up series in tests/fixtures/mails/ with a stub get_maintainer
(GET_MAINTAINER) and made-up identities; nothing is sent and no kernel tree is needed."""
import contextlib
import email
import email.header
import email.utils
import importlib.util
import io
import os
import re
import shutil
import tempfile
import unittest
from unittest import mock

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    "prepare_mails", os.path.join(HERE, "..", "scripts", "prepare-mails.py"))
prepare_mails = importlib.util.module_from_spec(spec)
spec.loader.exec_module(prepare_mails)
FIXTURES = os.path.join(HERE, "fixtures", "mails")
COVER = "0000-cover-letter.patch"
ONE, TWO = "0001-drm-gem-vram-One.patch", "0002-drm-tests-Two.patch"
PLACEHOLDER = ("Seed 68d957da maintainers", "maintainers@users.noreply.r-seed-68d957da.example")
ADA = ("Ada Example", "ada@example.org")
ZOE = ("Zoë Ångström", "zoe@example.org")

# What the stub get_maintainer prints for each patch, as get_maintainer.pl does with role
# stats; 0002 names the sender (dropped), a Fixes: author (Cc), and a person (To) and a
# list (Cc) without a role, as get_maintainer.pl --no-rolestats prints them.
STUB = r'''#!/usr/bin/python3
import os, sys
if os.environ.get("STUB_FAIL"):
    sys.exit("stub: cannot read MAINTAINERS")
with open(os.environ["STUB_LOG"], "a") as f:
    f.write(os.getcwd() + "\n")
print({"0001": """Mae Maintainer <mae@example.org> (maintainer:DRM GEM VRAM)
Roy Reviewer <roy@example.org> (reviewer:DRM GEM VRAM)
dri-devel@lists.example.org (open list:DRM GEM VRAM)
linux-kernel@vger.kernel.org (open list)""",
       "0002": """Mae Maintainer <mae@example.org> (maintainer:DRM GEM VRAM)
Tess Tester <tess@example.org> (maintainer:DRM TESTS,reviewer:KUNIT)
Ada Example <ada@example.org> (reviewer:DRM TESTS)
Bare Name <bare@example.org>
Fixer Person <fixer@example.org> (blamed_fixes:1/1=100%)
kunit-dev@googlegroups.com (moderated list:KUNIT)
dri-devel@lists.example.org (open list:DRM TESTS)
linux-doc@vger.kernel.org"""}[os.path.basename(sys.argv[1])[:4]])
'''
TO = {ONE: ["mae@example.org", "roy@example.org"],
      TWO: ["mae@example.org", "tess@example.org", "bare@example.org"]}
CC = {ONE: ["dri-devel@lists.example.org", "linux-kernel@vger.kernel.org"],
      TWO: ["fixer@example.org", "kunit-dev@googlegroups.com", "dri-devel@lists.example.org",
            "linux-doc@vger.kernel.org"]}


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def without_headers(text, names):
    """The text less the header fields called names, continuation lines included."""
    head, sep, body = text.partition("\n\n")
    fields = re.split(r"\n(?![ \t])", head)
    return "\n".join(f for f in fields if f.split(":", 1)[0] not in names) + sep + body


def sob(who):
    return f"Signed-off-by: {who[0]} <{who[1]}>"


class PrepareMails(unittest.TestCase):
    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.tmp = tmp.name
        self.patches = os.path.join(self.tmp, "patches")
        shutil.copytree(FIXTURES, self.patches)
        self.tree = os.path.join(self.tmp, "linux")
        os.mkdir(self.tree)
        self.out = os.path.join(self.tmp, "mails")
        stub = os.path.join(self.tmp, "get_maintainer")
        with open(stub, "w", encoding="utf-8") as f:
            f.write(STUB)
        os.chmod(stub, 0o755)
        self.log = os.path.join(self.tmp, "stub.log")
        # No identity but what a test gives: an empty global git config, no system one.
        self.gitconfig = os.path.join(self.tmp, "gitconfig")
        open(self.gitconfig, "w").close()
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith(("GIT_", "GET_MAINTAINER"))}
        self.env.update(GET_MAINTAINER=stub, STUB_LOG=self.log, GIT_CONFIG_NOSYSTEM="1",
                        GIT_CONFIG_GLOBAL=self.gitconfig, GIT_CEILING_DIRECTORIES=self.tmp)

    def run_script(self, who=ADA, args=(), **env):
        if who:
            env.update(GIT_AUTHOR_NAME=who[0], GIT_AUTHOR_EMAIL=who[1])
        argv = ["--out", self.out, "--patches", self.patches, "--tree", self.tree, *args]
        stdout, cwd = io.StringIO(), os.getcwd()
        os.chdir(self.tmp)   # not in a git repository: git config reads only self.gitconfig
        try:
            with mock.patch.dict(os.environ, dict(self.env, **env), clear=True), \
                    contextlib.redirect_stdout(stdout):
                prepare_mails.main(argv)
        finally:
            os.chdir(cwd)
        return stdout.getvalue()

    def refused(self, *words, **kwargs):
        with self.assertRaises(SystemExit) as cm:
            self.run_script(**kwargs)
        for word in words:
            self.assertIn(word, str(cm.exception.code))
        return str(cm.exception.code)

    def mail(self, name):
        return email.message_from_string(read(os.path.join(self.out, name)))

    def addresses(self, name, field):
        return [a for _, a in email.utils.getaddresses(self.mail(name).get_all(field, []))]

    def test_from_and_signoffs_name_the_person(self):
        self.run_script()
        for name in (COVER, ONE, TWO):
            text = read(os.path.join(self.out, name))
            self.assertEqual(email.utils.parseaddr(self.mail(name)["From"]), ADA)
            message = text.split("\n---\n")[0]
            self.assertNotIn(PLACEHOLDER[1], message)
            self.assertNotIn(PLACEHOLDER[0], message)
            signoffs = re.findall(r"^Signed-off-by:.*$", message, re.M)
            self.assertEqual(signoffs, [] if name == COVER else [sob(ADA)])
        self.assertIn("\nAda Example (2):\n", read(os.path.join(self.out, COVER)))

    def test_to_and_cc_as_get_maintainer_says(self):
        printed = self.run_script()
        for name in (ONE, TWO):
            self.assertEqual(self.addresses(name, "To"), TO[name])
            self.assertEqual(self.addresses(name, "Cc"), CC[name])
        # get_maintainer runs in the tree, once a patch; the cover letter is not asked.
        self.assertEqual(read(self.log).splitlines(), [os.path.realpath(self.tree)] * 2)
        self.assertIn(f"git send-email {self.out}/*.patch", printed.splitlines()[-1])

    def test_to_and_cc_come_right_after_from(self):
        self.run_script()
        head = read(os.path.join(self.out, ONE)).split("\n\n")[0].split("\n")
        self.assertEqual([line.split(":")[0] for line in head if line[:1] not in " \t"],
                         ["From 0000000000000000000000000000000000000000 Mon Sep 17 00",
                          "From", "To", "Cc", "Date", "Subject"])

    def test_cover_letter_gets_the_union(self):
        self.run_script()
        self.assertEqual(self.addresses(COVER, "To"), ["mae@example.org", "roy@example.org",
                                                       "tess@example.org", "bare@example.org"])
        self.assertEqual(self.addresses(COVER, "Cc"), [
            "dri-devel@lists.example.org", "linux-kernel@vger.kernel.org",
            "fixer@example.org", "kunit-dev@googlegroups.com", "linux-doc@vger.kernel.org"])

    def test_stable_stays_in_the_text_and_out_of_the_headers(self):
        self.run_script()
        self.assertIn("\nCc: stable@vger.kernel.org # v5.5+\n",
                      read(os.path.join(self.out, ONE)))
        for name in (COVER, ONE, TWO):
            self.assertNotIn("stable@vger.kernel.org", self.addresses(name, "Cc"))

    def test_every_other_byte_is_unchanged(self):
        self.run_script()
        for name in (COVER, ONE, TWO):
            before, after = read(os.path.join(FIXTURES, name)), read(os.path.join(self.out, name))
            after = after.replace(sob(ADA), sob(PLACEHOLDER))
            after = after.replace("\nAda Example (2):", "\nSeed 68d957da maintainers (2):")
            self.assertEqual(without_headers(after, ("From", "To", "Cc")),
                             without_headers(before, ("From",)))
            if name != COVER:   # notes and diff, byte for byte
                self.assertEqual(after.partition("\n---\n")[2], before.partition("\n---\n")[2])
        self.assertEqual(read(os.path.join(self.out, "series")),
                         read(os.path.join(FIXTURES, "series")))
        self.assertEqual(sorted(os.listdir(self.out)), [COVER, ONE, TWO, "series"])

    def test_non_ascii_name(self):
        self.run_script(who=None, args=["--name", ZOE[0], "--email", ZOE[1]])
        raw = read(os.path.join(self.out, TWO))
        from_line = re.search(r"^From: (.*)$", raw, re.M).group(1)
        self.assertTrue(from_line.isascii(), from_line)   # RFC 2047
        name, addr = email.utils.parseaddr(from_line)
        decoded = str(email.header.make_header(email.header.decode_header(name)))
        self.assertEqual((decoded, addr), ZOE)
        self.assertIn("\n" + sob(ZOE) + "\n", raw)
        self.assertIn("\nContent-Type: text/plain; charset=UTF-8\n", raw.split("\n\n")[0])

    def test_identity_from_git_config_without_git_dir(self):
        with open(self.gitconfig, "w", encoding="utf-8") as f:
            f.write("[user]\n\tname = Ada Example\n\temail = ada@example.org\n")
        self.run_script(who=None, GIT_DIR=os.path.join(self.tmp, "nowhere"))
        self.assertEqual(email.utils.parseaddr(self.mail(ONE)["From"]), ADA)

    def test_signoff_of_the_person_is_not_duplicated(self):
        path = os.path.join(self.patches, TWO)
        text = read(path).replace(sob(PLACEHOLDER), sob(ADA) + "\n" + sob(PLACEHOLDER))
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        self.run_script()
        self.assertEqual(read(os.path.join(self.out, TWO)).count(sob(ADA)), 1)

    def test_missing_identity_is_refused(self):
        self.refused("user.name", "user.email", "git config --global user.name", who=None)
        self.assertFalse(os.path.exists(self.out))
        self.refused("user.email", who=None, GIT_AUTHOR_NAME="Ada Example")
        self.assertFalse(os.path.exists(self.out))

    def test_placeholder_identity_is_refused(self):
        self.refused("placeholder", "git config --global user.name", who=PLACEHOLDER)
        self.refused("placeholder", who=(ADA[0], PLACEHOLDER[1]))
        self.assertFalse(os.path.exists(self.out))
        self.assertFalse(os.path.exists(self.log))

    def test_non_empty_out_dir_is_refused(self):
        os.mkdir(self.out)
        with open(os.path.join(self.out, "mine"), "w", encoding="utf-8") as f:
            f.write("keep\n")
        self.refused(self.out, "not an empty directory")
        self.assertEqual(os.listdir(self.out), ["mine"])

    def test_missing_patch_is_refused(self):
        os.remove(os.path.join(self.patches, TWO))
        self.refused(TWO, "missing")
        self.assertFalse(os.path.exists(self.out))

    def test_get_maintainer_failure_names_the_patch(self):
        self.refused(ONE, "cannot read MAINTAINERS", STUB_FAIL="1")
        self.assertFalse(os.path.exists(self.out))


if __name__ == "__main__":
    unittest.main()
