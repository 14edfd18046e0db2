#!/usr/bin/env bash
# apply-tests.sh: the 7.3 series plus its test-only kernel patches (test-patches/7.3/series,
# never posted), as branch 'testing' of build/linux, checked out in the worktree
# build/linux-testing, where make check builds its KUnit kernel with KASAN and lockdep.
# Remade from branch 'series' on every run.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

require_tree
tests=$ROOT/test-patches/7.3
wt=$BUILD/linux-testing
tgit rev-parse -q --verify "refs/heads/$SERIES_BRANCH" >/dev/null ||
	die "no branch $SERIES_BRANCH in $TREE: run 'make tree' first"
if [ ! -d "$wt/.git" ] && [ ! -f "$wt/.git" ]; then
	rm -rf "$wt"
	tgit worktree prune
	tgit worktree add -q --detach "$wt" "$SERIES_BRANCH"
fi
wgit() { git -C "$wt" "$@"; }
if [ -d "$(wgit rev-parse --git-dir)/rebase-apply" ]; then
	wgit am --abort >/dev/null 2>&1 || true
fi
wgit checkout -q -f -B testing "$SERIES_BRANCH"
n=0
while read -r p; do
	case $p in '' | '#'*) continue ;; esac
	[ -f "$tests/$p" ] || die "test-patches/7.3/series names $p, which does not exist"
	if ! wgit am -q -3 --committer-date-is-author-date "$tests/$p" >"$LOGS/apply-tests.log" 2>&1; then
		indent <"$LOGS/apply-tests.log" >&2
		wgit am --abort >/dev/null 2>&1 || true
		die "the test-only patch test-patches/7.3/$p does not apply on top of the series"
	fi
	n=$((n + 1))
done <"$tests/series"
note "apply-tests: $n test-only patches on the series -> branch testing in $wt"
