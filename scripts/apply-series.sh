#!/usr/bin/env bash
# Apply patches/ onto a fresh 'series' branch of the base tree with git am, and keep each
# patch's changelog (its "Notes:" below the '---' line) as the commit's git note. The
# branch's old head stays in its reflog (git -C build/linux reflog series).
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

require_tree
mkdir -p "$LOGS"
series_patches >/dev/null # dies, naming it, if a patch in patches/series is missing
mapfile -t patches < <(series_patches)
cover=$PATCHES/0000-cover-letter.patch
[ -f "$cover" ] || die "patches/0000-cover-letter.patch is missing"
description=$($PY "$ROOT/scripts/cover-letter.py" description "$cover")

# A run that was interrupted in the middle of git am leaves it in progress: drop it.
if [ -d "$TREE/.git/rebase-apply" ]; then
	note "apply: aborting a git am left over from an interrupted run"
	tgit am --abort || rm -rf "$TREE/.git/rebase-apply"
fi
if [ -n "$(tgit status --porcelain --untracked-files=no)" ]; then
	tgit status --short --untracked-files=no | head -20 >&2
	die "$TREE has uncommitted changes: commit them and run 'make export', or discard them (git -C $TREE checkout -f)"
fi

# git am needs a committer; it never shows in the exported patches, which keep their authors.
tgit config user.name "$(git -C "$ROOT" config user.name || echo "GEM VRAM workspace")"
tgit config user.email "$(git -C "$ROOT" config user.email || echo "workspace@localhost")"
# Amending and rebasing carry the notes along.
tgit config notes.rewriteRef refs/notes/commits
tgit config notes.rewriteMode overwrite
tgit checkout -q -B "$SERIES_BRANCH" "$BASE_TAG"
tgit config "branch.$SERIES_BRANCH.description" "$description"

n=0
for p in "${patches[@]}"; do
	n=$((n + 1))
	if ! tgit am -q --committer-date-is-author-date "$PATCHES/$p" >"$LOGS/apply.log" 2>&1; then
		cat "$LOGS/apply.log" >&2
		tgit am --abort >/dev/null 2>&1 || true
		die "patch $n/${#patches[@]} $p does not apply on top of the ones before it"
	fi
	# The changelog below the '---' line, which git am drops, becomes the commit's note.
	notes=$(awk '/^---$/ { cut = 1; next } cut && /^Notes:$/ { in_notes = 1; next }
		in_notes && /^    / { print substr($0, 5); next } in_notes || /^diff --git / { exit }' \
		"$PATCHES/$p")
	[ -z "$notes" ] || tgit notes add -f -m "$notes" HEAD 2>/dev/null
done
note "apply: ${#patches[@]} patches on $BASE_TAG ($(tgit describe --tags --exclude "$BASE_TAG" "$BASE_TAG")) -> branch $SERIES_BRANCH at $(tgit rev-parse --short HEAD)"
