#!/usr/bin/python3
"""Count the checks of a 'make check' run.

Every check writes lines 'STATUS<TAB>NAME' (STATUS is PASS, FAIL or SKIP) to a file in the
results folder. 'kunit JSON FILE' turns kunit.py's JSON report into such lines, one per test
case (a parameterized case counts once per parameter). 'summary DIR' prints the failed and
skipped checks and one closing line 'N passed, N failed[, N skipped]', and exits 1 on any
failure or when nothing was counted.
"""
import glob
import json
import os
import sys

STATUS = {"PASS": "PASS", "SKIP": "SKIP", "FAIL": "FAIL", "ERROR": "FAIL"}


def kunit_cases(group, path=()):
    """Yield (status, name) for every test case of a kunit.py JSON group."""
    name = group.get("name", "")
    here = path if name == "KUnit Test Group" else path + (name,)
    for case in group.get("test_cases", []):
        yield STATUS.get(case.get("status"), "FAIL"), ".".join(here + (case["name"],))
    for sub in group.get("sub_groups", []):
        yield from kunit_cases(sub, here)


def read_results(folder):
    """Return [(status, check, name)] from every *.txt file in folder."""
    rows = []
    for path in sorted(glob.glob(os.path.join(folder, "*.txt"))):
        check = os.path.basename(path)[:-4]
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if not line:
                    continue
                status, _, name = line.partition("\t")
                rows.append((STATUS.get(status, "FAIL"), check, name or status))
    return rows


def summary(rows):
    """Return (text, ok) for the rows."""
    counts = {s: sum(1 for r in rows if r[0] == s) for s in ("PASS", "FAIL", "SKIP")}
    out = []
    for status, check, name in rows:
        if status != "PASS":
            out.append(f"{'FAILED' if status == 'FAIL' else 'skipped'}: {check}: {name}")
    line = f"{counts['PASS']} passed, {counts['FAIL']} failed"
    if counts["SKIP"]:
        line += f", {counts['SKIP']} skipped"
    out.append(line)
    return "\n".join(out), counts["FAIL"] == 0 and len(rows) > 0


def main(argv):
    if len(argv) == 3 and argv[1] == "kunit":
        with open(argv[2], encoding="utf-8") as f:
            report = json.load(f)
        for status, name in kunit_cases(report):
            print(f"{status}\t{name}")
        return 0
    if len(argv) == 3 and argv[1] == "summary":
        rows = read_results(argv[2])
        text, ok = summary(rows)
        if not rows:
            print("no checks were counted", file=sys.stderr)
        print(text)
        return 0 if ok else 1
    print("usage: results.py kunit JSON | summary DIR", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
