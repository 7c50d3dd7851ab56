#!/bin/sh
# Builds outfall and installs it into the PostgreSQL found by PG_CONFIG
# (default pg_config).  Warnings fail the build.
set -eu
cd "$(dirname "$0")/.."
PG_CONFIG=${PG_CONFIG:-pg_config}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! make -s PG_CONFIG="$PG_CONFIG" >"$log" 2>&1; then
    cat "$log" >&2
    exit 1
fi
if grep -E "warning:" "$log" >&2; then
    echo "the build printed compiler warnings (above); outfall builds without any" >&2
    exit 1
fi
make -s PG_CONFIG="$PG_CONFIG" install >/dev/null
