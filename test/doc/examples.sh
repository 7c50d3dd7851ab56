#!/bin/sh
# Runs, for each reference page doc/*.md in a database of its own, every
# ```sql block in order (each must succeed) and every ```sql-refused block
# (each must fail with the SQLSTATE on its first line).
# Runs inside a cluster (PGHOST etc. set, e.g. by pg_virtualenv).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"; dropdb --if-exists outfall_doc 2>/dev/null || true' EXIT

total=0
pages=0
for doc in "$here"/../../doc/*.md; do
    page=doc/$(basename "$doc")
    dropdb --if-exists outfall_doc 2>/dev/null || true
    createdb outfall_doc
    psql -X -q -d outfall_doc -c "SET client_min_messages = warning" -c "CREATE EXTENSION outfall CASCADE"
    rm -rf "$work/blocks"; mkdir "$work/blocks"

    # split the page into numbered block files: NNN.sql and NNN.sql-refused
    awk -v dir="$work/blocks" '
        /^```sql(-refused)?$/ { n++; kind = substr($0, 4); file = sprintf("%s/%03d.%s", dir, n, kind); next }
        /^```/ { file = ""; next }
        file != "" { print > file }
    ' "$doc"

    ran=0
    for block in "$work"/blocks/*; do
        [ -e "$block" ] || continue
        ran=$((ran + 1))
        case "$block" in
            *.sql-refused)
                want=$(sed -n '1s/^-- *\([0-9A-Z]\{5\}\).*/\1/p' "$block")
                if [ -z "$want" ]; then
                    echo "$page block $(basename "$block"): no SQLSTATE on its first line" >&2; exit 1
                fi
                if { echo "SET search_path = outfall, public;"; echo '\set VERBOSITY sqlstate'; cat "$block"; } |
                        psql -X -q -v ON_ERROR_STOP=1 -d outfall_doc > "$work/out" 2>&1; then
                    echo "$page block $(basename "$block") should be refused but ran:" >&2; cat "$block" >&2; exit 1
                fi
                if ! grep -q "ERROR:  $want" "$work/out"; then
                    echo "$page block $(basename "$block") refused with something else than $want:" >&2
                    cat "$work/out" >&2; exit 1
                fi ;;
            *)
                if ! { echo "SET search_path = outfall, public;"; cat "$block"; } |
                        psql -X -q -v ON_ERROR_STOP=1 -d outfall_doc > "$work/out" 2>&1; then
                    echo "$page block $(basename "$block") fails:" >&2; cat "$block" "$work/out" >&2; exit 1
                fi ;;
        esac
    done
    echo "$page: $ran example blocks behave as documented"
    total=$((total + ran))
    pages=$((pages + 1))
done
echo "$pages reference pages: $total example blocks behave as documented"
