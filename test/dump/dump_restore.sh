#!/bin/sh
# pg_dump / pg_restore keeps user data in the three types, the divisions a
# DBA added and the extension's grants, and not the divisions the extension
# installs itself.
# Runs inside a cluster (PGHOST etc. set, e.g. by pg_virtualenv).
set -eu
src=outfall_dump_src
dst=outfall_dump_dst
dump=$(mktemp)
trap 'rm -f "$dump"' EXIT
psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }

dropdb --if-exists "$src" 2>/dev/null; dropdb --if-exists "$dst" 2>/dev/null
createdb "$src"
psql -d "$src" <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION outfall CASCADE;
SET search_path = outfall, public;
CREATE TABLE public.registry (
    code outfall_code PRIMARY KEY,
    county division_code NOT NULL,
    owner uscc
);
CREATE INDEX ON public.registry (county);
CREATE INDEX ON public.registry USING hash (owner);
INSERT INTO public.registry
SELECT outfall_code('AP0100', '500114', 'GY', s), '500114', '91130200699229617X'
  FROM generate_series(1, 500) s;
INSERT INTO public.registry VALUES ('CJ01652301CZ0001', '652301001', '911302307808371268');
INSERT INTO outfall.division (code, name) VALUES ('500114901', '测试新区');
SQL

pg_dump -Fc -d "$src" -f "$dump"
createdb "$dst"
pg_restore --exit-on-error -d "$dst" "$dump"

snapshot() {
    psql -d "$1" -At <<'SQL'
SELECT 'registry', count(*), md5(string_agg(code::text || county::text || owner::text, ',' ORDER BY code))
  FROM public.registry;
SELECT 'divisions', count(*), md5(string_agg(code::text || name || source, ',' ORDER BY code))
  FROM outfall.division;
SELECT 'local', string_agg(code::text || ' ' || name, ',') FROM outfall.division WHERE source = 'local';
SELECT 'index', count(*) FROM pg_indexes WHERE tablename = 'registry';
SELECT 'grants', (SELECT nspacl FROM pg_namespace WHERE nspname = 'outfall'),
       (SELECT relacl FROM pg_class WHERE oid = 'outfall.division'::regclass);
SQL
}
a=$(snapshot "$src")
b=$(snapshot "$dst")
if [ "$a" != "$b" ]; then
    echo "dump and restore changed the data:" >&2
    echo "before: $a" >&2
    echo "after:  $b" >&2
    exit 1
fi
# the shipped divisions are not in the dump: the extension script makes them
if pg_restore -a -t division -f - "$dump" 2>/dev/null | grep -q '黔江区'; then
    echo "the dump carries the shipped divisions" >&2
    exit 1
fi
# equality and range scans work in the restored database
psql -d "$dst" -At -c "SET enable_seqscan = off" \
    -c "SELECT count(*) FROM public.registry WHERE county OPERATOR(outfall.<@) '5001'" | grep -qx 500
dropdb "$src"; dropdb "$dst"
echo "dump and restore kept $(echo "$a" | head -1 | cut -d'|' -f2) outfalls and the local division"
