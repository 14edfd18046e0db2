#!/usr/bin/python3
"""Check a stable backport against the 7.3 series patch it backports.

'backport.py check SERIES_PATCH BACKPORT BASE' prints nothing and exits 0 when BACKPORT
(a git format-patch file in patches/stable-BASE/) is what stable expects of a backport made
before the fix has an upstream commit id: a first line that names the series patch it
backports by subject ('Backport of "SUBJECT" from the 7.3 series.'), then the series
patch's message verbatim (every line from the first of its body to its last trailer), then a
'[ Backport to BASE: ... ]' note of what changed and why, before the backporter's
Signed-off-by. Otherwise it prints one problem a line and exits 1.
"""
import re
import sys


def message(path):
    """The subject and the body of a patch file, up to the '---' line."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    head, _, rest = text.partition("\n\n")
    unfolded = re.sub(r"\n[ \t]+", " ", head)
    m = re.search(r"^Subject: (?:\[[^]]*\] )?(.*)$", unfolded, re.M)
    subject = m.group(1).strip() if m else ""
    body = rest.split("\n---\n", 1)[0]
    return subject, body.strip("\n").split("\n")


def problems(series_patch, backport, base):
    subject, body = message(series_patch)
    b_subject, b_body = message(backport)
    out = []
    if b_subject != subject:
        out.append(f"the subject is not the series patch's: {b_subject!r}")
    first = f'Backport of "{subject}" from the 7.3 series.'
    if not b_body or b_body[0] != first:
        out.append(f"the first line does not name the series patch: want {first!r}")
    rest = b_body[2:] if len(b_body) > 1 and b_body[1] == "" else b_body[1:]
    if rest[:len(body)] != body:
        out.append("the series patch's message is not there verbatim after the first line")
    after = rest[len(body):]
    note = [i for i, line in enumerate(after) if line.startswith(f"[ Backport to {base}: ")]
    if not note:
        out.append(f"no '[ Backport to {base}: ... ]' note after the message")
    elif not any(line.startswith("Signed-off-by: ") for line in after[note[0]:]):
        out.append("no Signed-off-by: after the backport note")
    return out


def main(argv):
    if len(argv) != 5 or argv[1] != "check":
        sys.exit("usage: backport.py check SERIES_PATCH BACKPORT BASE")
    found = problems(argv[2], argv[3], argv[4])
    for p in found:
        print(p)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
