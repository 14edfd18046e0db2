#!/usr/bin/python3
"""Tests of scripts/doc-sections.py, which checks where the Lazy Unmapping section ends."""
import importlib.util
import os
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    "doc_sections", os.path.join(HERE, "..", "scripts", "doc-sections.py"))
doc_sections = importlib.util.module_from_spec(spec)
spec.loader.exec_module(doc_sections)

REFERENCE = ('<dl class="c function"><dt class="sig" id="c.drm_gem_vram_vmap">'
             '<span>int drm_gem_vram_vmap()</span></dt><dd><p>Maps<br/>it</p></dd></dl>')


def page(body):
    return ('<html><body><section id="gem-vram-helper-functions-reference">'
            f'<h2>GEM VRAM</h2>{body}</section></body></html>')


class DocSections(unittest.TestCase):
    def check(self, body):
        return doc_sections.check(page(body), "lazy-unmapping", "c.drm_gem_vram_")

    def test_section_after_the_reference_passes(self):
        ok, _ = self.check(REFERENCE + '<section id="lazy-unmapping"><p>text</p></section>')
        self.assertTrue(ok)

    def test_section_that_ends_before_the_reference_passes(self):
        ok, _ = self.check('<section id="lazy-unmapping"><p>text</p></section>' + REFERENCE)
        self.assertTrue(ok)

    def test_section_that_swallows_the_reference_fails(self):
        ok, message = self.check('<section id="lazy-unmapping"><p>text</p>' + REFERENCE +
                                 '</section>')
        self.assertFalse(ok)
        self.assertIn("c.drm_gem_vram_vmap", message)

    def test_missing_section_fails(self):
        ok, message = self.check(REFERENCE)
        self.assertFalse(ok)
        self.assertIn("no section", message)


if __name__ == "__main__":
    unittest.main()
