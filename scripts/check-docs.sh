#!/usr/bin/env bash
# make htmldocs SPHINXDIRS=gpu with Debian's sphinx: the series adds no warning to those of
# the base, and the GEM VRAM helper's "Lazy Unmapping" section renders without swallowing
# the helper's reference documentation (scripts/doc-sections.py). The base's warnings
# are collected once per base version; the series' build is incremental on top of it.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

check=docs
start_results "$check"
require_tree
name="make htmldocs SPHINXDIRS=gpu adds no warning to the base's"
if ! /usr/bin/sphinx-build --version >/dev/null 2>&1; then
	result SKIP "$check" "$name: Debian's sphinx is missing (apt-get install python3-sphinx python3-sphinx-rtd-theme)"
	exit 0
fi
out=$BUILD/docs
mkdir -p "$out"
# Debian's python3 and sphinx-build first on PATH: the machine's default python3 may not be it.
docs() { PATH=/usr/bin:$PATH make -C "$TREE" O="$out" SPHINXDIRS=gpu htmldocs >"$1" 2>&1; }
# warnings LOG: the warnings in LOG without line numbers and tree paths, sorted.
warnings() {
	grep -Ei 'warning|error' "$1" | sed -E "s#$TREE/##g; s#^\./##; s/:[0-9]+:/:/g" | sort -u || true
}

orig=$(tgit symbolic-ref -q --short HEAD || tgit rev-parse HEAD)
base_warnings=$out/base.warnings
version=$(cat "$BUILD/base.version")
if [ "$(cat "$out/base.version" 2>/dev/null)" != "$version" ] || [ ! -f "$base_warnings" ]; then
	note "$check: building the base's documentation (once per base version)"
	trap 'tgit checkout -q "$orig"' EXIT
	tgit checkout -q --detach "$BASE_TAG"
	docs "$LOGS/docs-base.log" || die "$check: make htmldocs fails on the base: see $LOGS/docs-base.log"
	warnings "$LOGS/docs-base.log" >"$base_warnings"
	echo "$version" >"$out/base.version"
	tgit checkout -q "$orig"
	trap - EXIT
fi

note "$check: building the documentation of the series"
if ! docs "$LOGS/docs.log"; then
	result FAIL "$check" "$name (make htmldocs failed; see $LOGS/docs.log)"
	tail -20 "$LOGS/docs.log" | sed 's/^/    /'
	exit 0
fi
new=$(comm -13 "$base_warnings" <(warnings "$LOGS/docs.log"))
if [ -n "$new" ]; then
	result FAIL "$check" "$name"
	indent <<<"$new"
else
	result PASS "$check" "$name ($(wc -l <"$base_warnings") in the base)"
fi

html=$out/Documentation/output/gpu/drm-mm.html
if grep -q ':doc: lazy unmapping' "$TREE/Documentation/gpu/drm-mm.rst"; then
	# The section must not swallow the helper's function and struct reference.
	name="the Lazy Unmapping section renders in $html and holds none of the helper's reference entries"
	if verdict=$($PY "$ROOT/scripts/doc-sections.py" "$html" lazy-unmapping c.drm_gem_vram_ 2>&1); then
		result PASS "$check" "$name ($verdict)"
	else
		result FAIL "$check" "$name ($verdict)"
	fi
fi
