#!/usr/bin/python3
"""Read and write the series' cover letter.

'description FILE' prints the cover letter's subject and text as git keeps them in a
branch description (the subject, a blank line, the text), for 'git format-patch
--cover-from-description=subject'. 'set-date FILE DATE' replaces the cover letter's Date
header, which git fills with the current time, so that exporting is repeatable.
"""
import re
import sys


def split(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    head, sep, body = text.partition("\n\n")
    if not sep:
        raise SystemExit(f"{path}: no blank line after the mail headers")
    return head, body


def subject(head, path):
    # Headers may be folded over several lines that start with white space.
    unfolded = re.sub(r"\n[ \t]+", " ", head)
    m = re.search(r"^Subject: (?:\[[^]]*\] )?(.*)$", unfolded, re.M)
    if not m:
        raise SystemExit(f"{path}: no Subject header")
    return m.group(1).strip()


def description(path):
    head, body = split(path)
    lines = body.split("\n")
    # The text ends where git's shortlog starts: blocks of "Author Name (N):" and N indented
    # subjects, as many as the series has patches, followed by the diffstat. Walk back from
    # the end, so that text which looks like a shortlog block stays text.
    m = re.search(r"^Subject: \[[^]]*\b0+/(\d+)\]", re.sub(r"\n[ \t]+", " ", head), re.M)
    if not m:
        raise SystemExit(f"{path}: the subject has no [PATCH 0/N] prefix")
    want = int(m.group(1))
    end, total = None, 0
    for i in range(len(lines) - 2, -1, -1):
        a = re.match(r"^\S.* \((\d+)\):$", lines[i])
        if a and lines[i + 1].startswith("  "):
            total += int(a.group(1))
            if total == want:
                end = i
                break
    if end is None:
        raise SystemExit(f"{path}: no shortlog found: is this a cover letter from git format-patch?")
    text = "\n".join(lines[:end]).rstrip("\n")
    # export-series.sh generates the last paragraph, the base the checks ran on.
    text = re.sub(r"\n\nBase: Linux [^\n]*$", "", text)
    if "*** BLURB HERE ***" in text or "*** SUBJECT HERE ***" in head:
        raise SystemExit(f"{path}: the cover letter still has git's placeholders")
    return subject(head, path) + "\n\n" + text + "\n"


def set_date(path, date):
    head, body = split(path)
    head, n = re.subn(r"^Date: .*$", "Date: " + date, head, count=1, flags=re.M)
    if n != 1:
        raise SystemExit(f"{path}: no Date header")
    with open(path, "w", encoding="utf-8") as f:
        f.write(head + "\n\n" + body)


def main(argv):
    if len(argv) == 3 and argv[1] == "description":
        sys.stdout.write(description(argv[2]))
    elif len(argv) == 4 and argv[1] == "set-date":
        set_date(argv[2], argv[3])
    else:
        raise SystemExit("usage: cover-letter.py description FILE | set-date FILE DATE")


if __name__ == "__main__":
    main(sys.argv)
