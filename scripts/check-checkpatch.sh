#!/usr/bin/env bash
# checkpatch.pl with DRM's settings on every patch of the series: no error, warning or check,
# except the two warnings that this tree cannot judge and that are verified here instead
# (see explained()). The 6.1 backport runs it on its own tree and folder (TREE_DIR,
# PATCHES_DIR) under another check name (CHECKPATCH_CHECK).
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

check=${CHECKPATCH_CHECK:-checkpatch}
start_results "$check"
require_tree
series_patches >/dev/null # dies, naming it, if a patch in patches/series is missing
mapfile -t patches < <(series_patches)
commits=$ROOT/configs/upstream-commits.txt

# explained PATCH LINE: true if checkpatch's LINE (with --show-types) is a warning that
# this tree cannot judge and that holds: an upstream commit id that the base tree, a
# tarball without history, cannot look up, listed in configs/upstream-commits.txt and
# cited with its exact subject; or a new file that an existing MAINTAINERS entry with a
# mailing list (not "THE REST") already covers.
explained() {
	local patch=$1 line=$2 id subject file
	case $line in
	*WARNING:UNKNOWN_COMMIT_ID:*)
		id=$(sed -n "s/.*Unknown commit id '\([0-9a-f]*\)'.*/\1/p" <<<"$line")
		subject=$(awk -F'\t' -v id="$id" '$1 == id { print $2 }' "$commits")
		# The citation may be wrapped over two lines of the message.
		[ -n "$id" ] && [ -n "$subject" ] &&
			sed -n '/^---$/q; p' "$patch" | tr '\n' ' ' | tr -s ' ' | grep -qF "$id (\"$subject\")"
		;;
	*WARNING:FILE_PATH_CHANGES:*)
		while read -r file; do
			(cd "$TREE" && ./scripts/get_maintainer.pl --no-git --no-git-fallback \
				--no-rolestats --no-m --no-r -f "$file") |
				grep -q 'dri-devel@lists.freedesktop.org' || return 1
		done < <(sed -n 's/^ create mode [0-7]* //p' "$patch")
		;;
	*) return 1 ;;
	esac
}

for p in "${patches[@]}"; do
	log=$LOGS/$check-${p%.patch}.log
	# Debian's python3 first: checkpatch runs spdxcheck.py, which needs python3-ply.
	(cd "$TREE" && PATH=/usr/bin:$PATH ./scripts/checkpatch.pl --strict --max-line-length=100 \
		--ignore=BIT_MACRO,SPLIT_STRING,LONG_LINE_STRING,BOOL_MEMBER \
		--no-color --show-types --showfile "$PATCHES/$p") >"$log" 2>&1 || true
	if ! grep -q '^total: ' "$log"; then
		result FAIL "$check" "$p (checkpatch did not finish; see $log)"
		continue
	fi
	unexplained=() accepted=()
	while read -r line; do
		if explained "$PATCHES/$p" "$line"; then
			accepted+=("$line")
		else
			unexplained+=("$line")
		fi
	done < <(grep -E '(^|: )(ERROR|WARNING|CHECK):' "$log" || true)
	if [ ${#unexplained[@]} -eq 0 ]; then
		result PASS "$check" "$p"
		for line in "${accepted[@]}"; do echo "    accepted: ${line#*: }"; done
	else
		result FAIL "$check" "$p"
		printf '    %s\n' "${unexplained[@]}"
		grep '^total:' "$log" | sed 's/^/    /'
		echo "    log: $log"
	fi
done
