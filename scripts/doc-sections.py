#!/usr/bin/python3
"""Check the structure of a rendered Sphinx page.

'doc-sections.py HTML SECTION PREFIX' exits 0 when the page has a section with the id
SECTION and no element whose id starts with PREFIX (the kernel-doc reference entries, such
as "c.drm_gem_vram_") lies inside that section, and 1 otherwise, saying why: it catches a
DOC section whose heading swallows the reference documentation that follows it.
"""
import sys
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}


class Sections(HTMLParser):
    def __init__(self, section, prefix):
        super().__init__()
        self.section, self.prefix = section, prefix
        self.stack = []
        self.found = False
        self.inside = []

    def handle_starttag(self, tag, attrs):
        ident = dict(attrs).get("id") or ""
        if tag in VOID:
            if ident.startswith(self.prefix) and self.section in self.stack:
                self.inside.append(ident)
            return
        if ident == self.section:
            self.found = True
        if ident.startswith(self.prefix) and self.section in self.stack:
            self.inside.append(ident)
        self.stack.append(ident if tag == "section" else None)

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()


def check(text, section, prefix):
    """Return (ok, message) for the HTML text."""
    parser = Sections(section, prefix)
    parser.feed(text)
    if not parser.found:
        return False, f"no section with id {section}"
    if parser.inside:
        return False, (f"section {section} contains {len(parser.inside)} reference entries, "
                       f"such as {parser.inside[0]}")
    return True, f"section {section} holds no {prefix}* reference entry"


def main(argv):
    if len(argv) != 4:
        print("usage: doc-sections.py HTML SECTION PREFIX", file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        ok, message = check(f.read(), argv[2], argv[3])
    print(message)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
