#!/usr/bin/python3
"""Line coverage of one source file, from gcov's JSON output, per test run and their union.

'extract LOG DIR' decodes the gcov data that guest/init sends to the second serial port with
"kmscoverage" (blocks '=== gcov begin PATH', base64, '=== gcov end') into DIR/NAME.gcda and
prints the paths it wrote. 'report SOURCE TREE LABEL=JSON[,JSON...]...' reads the output of
'gcov --json-format --stdout' (one JSON document per line) for each LABEL, sums the counts of
a label's files, and prints covered/total executable lines of SOURCE (a path relative to the
tree, as the build names it) per label and for the union, then the lines no label covers,
grouped by function, with their text from TREE/SOURCE.
"""
import base64
import binascii
import gzip
import json
import os
import sys

BEGIN = "=== gcov begin "
END = "=== gcov end"


def extract(text):
    """Return {path: bytes} for the gcov blocks in a serial log's text."""
    blocks, path, lines = {}, None, []
    for line in text.splitlines():
        line = line.strip("\r")
        if line.startswith(BEGIN):
            path, lines = line[len(BEGIN):].strip(), []
        elif line.startswith(END) and path is not None:
            try:
                blocks[path] = base64.b64decode("".join(lines), validate=True)
            except binascii.Error as e:
                raise ValueError(f"{path}: corrupt base64 on the serial port: {e}") from e
            path = None
        elif path is not None:
            lines.append(line.strip())
    if path is not None:
        raise ValueError(f"{path}: the serial log ends inside its gcov block")
    return blocks


def read_json(path):
    """Yield gcov's JSON documents from a file (plain or gzipped, one or more per file)."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                yield json.loads(line)


def line_counts(docs, source):
    """Return ({line: count}, {line: function}) of SOURCE's executable lines in gcov docs."""
    counts, funcs = {}, {}
    for doc in docs:
        for entry in doc.get("files", []):
            name = os.path.normpath(entry["file"])
            if not (name == source or name.endswith("/" + source)):
                continue
            for ln in entry.get("lines", []):
                n = ln["line_number"]
                counts[n] = counts.get(n, 0) + ln["count"]
                if ln.get("function_name"):
                    funcs.setdefault(n, ln["function_name"])
            for fn in entry.get("functions", []):
                for n in range(fn["start_line"], fn["end_line"] + 1):
                    funcs.setdefault(n, fn.get("demangled_name") or fn["name"])
    return counts, funcs


def ranges(numbers):
    """Group sorted line numbers into (first, last) runs."""
    out = []
    for n in numbers:
        if out and n == out[-1][1] + 1:
            out[-1][1] = n
        else:
            out.append([n, n])
    return out


def report(source, tree, runs):
    """Return the report's text for runs [(label, {line: count})] and {line: function}."""
    out = [f"line coverage of {source} (executable lines run at least once / executable lines):"]
    union_lines, union_hit = set(), set()
    funcs = {}
    width = max(len(label) for label, _, _ in runs + [("union", None, None)])
    for label, counts, f in runs:
        funcs.update({k: v for k, v in f.items() if k not in funcs})
        hit = {n for n, c in counts.items() if c > 0}
        union_lines |= set(counts)
        union_hit |= hit
        out.append(f"  {label:<{width}}  {fraction(len(hit), len(counts))}")
    out.append(f"  {'union':<{width}}  {fraction(len(union_hit), len(union_lines))}")
    missed = sorted(union_lines - union_hit)
    try:
        with open(os.path.join(tree, source), encoding="utf-8", errors="replace") as f:
            text = f.read().splitlines()
    except OSError:
        text = []
    out.append(f"lines no run reaches ({len(missed)}), by function:")
    last = None
    for first, end in ranges(missed):
        func = funcs.get(first, "?")
        if func != last:
            out.append(f"  {func}():")
            last = func
        for n in range(first, end + 1):
            src = text[n - 1].strip() if n - 1 < len(text) else ""
            out.append(f"    {n:5}  {src}")
    return "\n".join(out)


def fraction(hit, total):
    pct = f"{100.0 * hit / total:.1f}%" if total else "n/a"
    return f"{hit}/{total} ({pct})"


def main(argv):
    if len(argv) == 4 and argv[1] == "extract":
        with open(argv[2], encoding="utf-8", errors="replace") as f:
            blocks = extract(f.read())
        os.makedirs(argv[3], exist_ok=True)
        for path, data in blocks.items():
            dest = os.path.join(argv[3], os.path.basename(path))
            with open(dest, "wb") as f:
                f.write(data)
            print(dest)
        return 0 if blocks else 1
    if len(argv) >= 5 and argv[1] == "report":
        source, tree = os.path.normpath(argv[2]), argv[3]
        runs = []
        for arg in argv[4:]:
            label, _, files = arg.partition("=")
            docs = [d for path in files.split(",") if path for d in read_json(path)]
            counts, funcs = line_counts(docs, source)
            runs.append((label, counts, funcs))
        print(report(source, tree, runs))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
