#!/usr/bin/python3
"""Turn the series in patches/ into the mails a person sends; send nothing.

The patches are authored and signed off by the workspace's placeholder identity, the
From: of the cover letter, which cannot sign the Developer's Certificate of Origin. For
the cover letter and each patch named in the series file, this writes a copy to --out in
which the placeholder's From: header, its Signed-off-by: lines and the cover letter's
shortlog heading name the person (--name/--email, else GIT_AUTHOR_NAME/GIT_AUTHOR_EMAIL,
else git config user.name/user.email). Every other byte stays as it is, except that To:
and Cc: headers from get_maintainer.pl follow From: (maintainers, reviewers and bare names
To, mailing lists and other roles Cc; the cover letter gets the union of all), and mails
whose text becomes non-ASCII get the MIME headers git format-patch would write.
Cc: stable tags stay in the text, where git send-email finds them. The person reviews
the mails and sends them with 'git send-email DIR/*.patch'.
"""
import argparse
import email.utils
import os
import re
import shlex
import subprocess
import sys

TO_ROLES = ("maintainer", "reviewer", "supporter", "odd fixer", "chief penguin")
MIME = ("MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
        "Content-Transfer-Encoding: 8bit\n")


def die(msg):
    raise SystemExit(f"prepare-mails: {msg}")


def git_config(key):
    env = {k: v for k, v in os.environ.items() if k != "GIT_DIR"}
    try:
        r = subprocess.run(["git", "config", key], capture_output=True, text=True, env=env)
    except FileNotFoundError:
        return ""
    return r.stdout.strip()


def identity(args, placeholder):
    name = args.name or os.environ.get("GIT_AUTHOR_NAME") or git_config("user.name")
    addr = args.email or os.environ.get("GIT_AUTHOR_EMAIL") or git_config("user.email")
    missing = [k for k, v in (("user.name", name), ("user.email", addr)) if not v]
    if missing:
        die(f"no {' and '.join(missing)}: set your git identity: git config --global "
            "user.name 'Your Name'; git config --global user.email you@example.org "
            "(or use --name/--email, or GIT_AUTHOR_NAME/GIT_AUTHOR_EMAIL)")
    if name == placeholder[0] or addr.lower() == placeholder[1].lower():
        die(f"'{name} <{addr}>' is the series' placeholder identity, which cannot sign "
            "the DCO: set your git identity: git config --global user.name 'Your Name'; "
            "git config --global user.email you@example.org (or use --name/--email, or "
            "GIT_AUTHOR_NAME/GIT_AUTHOR_EMAIL)")
    return name, addr


def split(text, path):
    """The mbox 'From ' line and header fields (each a list of lines), and the body."""
    lines = text.splitlines(keepends=True)
    if not lines or not lines[0].startswith("From ") or "\n" not in lines:
        die(f"{path}: not a patch in mbox format")
    end = lines.index("\n")
    fields = []
    for line in lines[1:end]:
        if line[:1] in " \t" and fields:
            fields[-1].append(line)
        else:
            fields.append([line])
    return lines[0], fields, lines[end:]


def field(fields, name):
    for f in fields:
        if f[0].lower().startswith(name.lower() + ":"):
            return " ".join(x.strip() for x in f).split(":", 1)[1].strip()
    return None


def get_maintainer(path, tree):
    cmd = os.environ.get("GET_MAINTAINER")
    cmd = shlex.split(cmd) if cmd else ["perl", "scripts/get_maintainer.pl", "--no-git",
                                        "--no-git-fallback", "--no-tree"]
    try:
        r = subprocess.run(cmd + [os.path.abspath(path)], cwd=tree, capture_output=True,
                           text=True)
    except OSError as e:
        die(f"get_maintainer failed for {path}: {e}")
    if r.returncode != 0:
        die(f"get_maintainer failed for {path} (exit {r.returncode}):\n{r.stderr.strip()}")
    to, cc = [], []
    for line in r.stdout.splitlines():
        m = re.match(r"\s*(.*?<[^<>]*@[^<>]*>|[^\s<>()]+@[^\s<>()]+)\s*(?:\((.*)\))?\s*$", line)
        if not m:
            continue
        addr = email.utils.parseaddr(m.group(1))
        role = m.group(2)
        domain = addr[1].rpartition("@")[2].lower()
        is_list = (role and "list" in role) or domain.startswith(("lists.", "vger."))
        person_to = role is None or any(r.strip().startswith(TO_ROLES) for r in role.split(","))
        (cc if is_list or not person_to else to).append(addr)
    return to, cc


def merge(*groups, drop=()):
    """Addresses in order, each once (by address, case-insensitively), less those in drop."""
    seen, out = {a.lower() for a in drop}, []
    for group in groups:
        for name, addr in group:
            if addr and addr.lower() not in seen:
                seen.add(addr.lower())
                out.append((name, addr))
    return out


def header(name, addrs):
    return f"{name}: " + ",\n ".join(email.utils.formataddr(a) for a in addrs) + "\n"


def rewrite(text, path, placeholder, person, to, cc, cover):
    mbox, fields, body = split(text, path)
    author = email.utils.parseaddr(field(fields, "From") or "")
    mine = author[1].lower() == placeholder[1].lower()
    to = merge(email.utils.getaddresses([field(fields, "To") or ""]), to)
    cc = merge(email.utils.getaddresses([field(fields, "Cc") or ""]), cc, drop=[a for _, a in to])
    if not to:   # git send-email asks for a To: when there is none
        to, cc = cc, []
    sob = f"Signed-off-by: {person[0]} <{person[1]}>"
    message_end = next((i for i, l in enumerate(body) if l.rstrip("\r\n") == "---"), len(body))
    has_mine = any(l.rstrip("\r\n") == sob for l in body[:message_end])
    new_body = []
    for i, line in enumerate(body):
        eol = line[len(line.rstrip("\r\n")):]
        if (i < message_end and line.startswith("Signed-off-by:")
                and any(p.lower() in line.lower() for p in placeholder if p)):
            if not has_mine:
                new_body.append(sob + eol)
                has_mine = True
            continue
        if cover and re.fullmatch(re.escape(placeholder[0]) + r" \(\d+\):", line.rstrip("\r\n")):
            line = person[0] + line[len(placeholder[0]):]
        new_body.append(line)
    out, recipients = [mbox], [header("To", to)] + ([header("Cc", cc)] if cc else [])
    for f in fields:
        key = f[0].split(":", 1)[0].lower()
        if key in ("to", "cc"):
            continue
        if key == "from" and mine:
            f = [f"From: {email.utils.formataddr(person)}\n"]
        out += f + (recipients if key == "from" else [])
    if field(fields, "From") is None:
        out += recipients
    new_body = "".join(new_body)
    if not new_body.isascii() and field(fields, "Content-Type") is None:
        out.append(MIME)
    return "".join(out) + new_body, mine, to, cc


def print_cover_headers(patches, tree):
    """Prints the To: and Cc: headers of the series' union of get_maintainer.pl's answers."""
    with open(os.path.join(patches, "series"), encoding="utf-8") as f:
        names = [l.strip() for l in f if l.strip()[:1] not in ("", "#")]
    all_to, all_cc = [], []
    for name in names:
        to, cc = get_maintainer(os.path.join(patches, name), tree)
        all_to = merge(all_to, to, drop=["stable@vger.kernel.org"])
        all_cc = merge(all_cc, cc, drop=["stable@vger.kernel.org"])
    sys.stdout.write(header("To", all_to) + header("Cc", merge(all_cc, drop=[a for _, a in all_to])))
    return 0


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", help="where to write the mails (new or empty)")
    p.add_argument("--cover-headers", action="store_true",
                   help="only print the To: and Cc: headers that get_maintainer.pl gives for the"
                   " whole series (what make export puts in the cover letter), and write nothing")
    p.add_argument("--patches", default="patches", help="the series (default: patches)")
    p.add_argument("--tree", default="build/linux",
                   help="a Linux tree with scripts/get_maintainer.pl (default: build/linux)")
    p.add_argument("--name", help="your name (default: your git identity)")
    p.add_argument("--email", help="your email address (default: your git identity)")
    args = p.parse_args(argv)
    if args.cover_headers:
        return print_cover_headers(args.patches, args.tree)
    if not args.out:
        p.error("--out is required")
    if os.path.exists(args.out) and (not os.path.isdir(args.out) or os.listdir(args.out)):
        die(f"{args.out} exists and is not an empty directory")
    cover = "0000-cover-letter.patch"
    try:
        with open(os.path.join(args.patches, "series"), encoding="utf-8") as f:
            series_text = f.read()
    except OSError as e:
        die(f"cannot read the series file: {e}")
    names = [l.strip() for l in series_text.splitlines() if l.strip()[:1] not in ("", "#")]
    texts = {}
    for name in [cover] + names:
        try:
            with open(os.path.join(args.patches, name), encoding="utf-8",
                      errors="surrogateescape", newline="") as f:
                texts[name] = f.read()
        except OSError:
            die(f"{os.path.join(args.patches, name)}, named in the series, is missing")
    _, fields, _ = split(texts[cover], cover)
    placeholder = email.utils.parseaddr(field(fields, "From") or "")
    if not placeholder[1]:
        die(f"{cover} has no From: header, which names the series' placeholder identity")
    person = identity(args, placeholder)
    if not os.environ.get("GET_MAINTAINER") and not os.path.isfile(
            os.path.join(args.tree, "scripts", "get_maintainer.pl")):
        die(f"{args.tree} has no scripts/get_maintainer.pl (use --tree DIR)")
    recipients, all_to, all_cc = {}, [], []
    for name in names:
        to, cc = get_maintainer(os.path.join(args.patches, name), args.tree)
        to = merge(to, drop=[person[1], "stable@vger.kernel.org"])
        cc = merge(cc, drop=[person[1], "stable@vger.kernel.org"])
        recipients[name] = to, cc
        all_to, all_cc = merge(all_to, to), merge(all_cc, cc)
    recipients[cover] = all_to, merge(all_cc, drop=[a for _, a in all_to])
    mails = {n: rewrite(texts[n], n, placeholder, person, *recipients[n], cover=n == cover)
             for n in [cover] + names}
    os.makedirs(args.out, exist_ok=True)
    for name, (text, ours, to, cc) in mails.items():
        with open(os.path.join(args.out, name), "w", encoding="utf-8",
                  errors="surrogateescape", newline="") as f:
            f.write(text)
        print(f"{os.path.join(args.out, name)}: To {len(to)}, Cc {len(cc)}"
              + ("" if ours else "; keeps its author's From:, send-email moves it to the text"))
    with open(os.path.join(args.out, "series"), "w", encoding="utf-8") as f:
        f.write(series_text)
    print(f"Nothing was sent. Read the mails, then send them as {person[0]}: "
          f"git send-email {shlex.quote(args.out)}/*.patch")
    return 0


if __name__ == "__main__":
    sys.exit(main())
