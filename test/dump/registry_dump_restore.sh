#!/bin/sh
# A generated registry survives pg_dump / pg_restore: 10,000 outfalls with
# their parties, water bodies, tracing, samples, plans, approvals,
# signboards, verifications, code counters, ledger and zones with their
# memberships, plus what a DBA adds
# (a setting, a category, a division and an outfall registered in them),
# dumped in custom format and restored into a fresh database, come back
# identical, table by table (test/generate/fingerprint.sql: row count and
# md5 of every row in key order), with their sequences; and the restored
# registry goes on working: a new registration gets a new id and the next
# code, the ledger records it, the lifecycle is still enforced.
#
# The registry tables have triggers (ledger, lifecycle, code counter) that
# CREATE EXTENSION recreates before the data is loaded, so the restore runs
# with triggers not firing (superuser):
#     PGOPTIONS='-c session_replication_role=replica' pg_restore ...
# Runs inside a cluster (PGHOST etc. set, e.g. by pg_virtualenv).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
src=outfall_registry_src
dst=outfall_registry_dst
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PGCLIENTENCODING=UTF8
psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }
fail() { echo "registry dump/restore FAILED: $*" >&2; exit 1; }

dropdb --if-exists "$src" 2>/dev/null; dropdb --if-exists "$dst" 2>/dev/null
# the registry is written in Chinese, whatever the cluster's default encoding
createdb -T template0 -E UTF8 --locale=C "$src"
psql -d "$src" <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION outfall CASCADE;
-- what a DBA adds to the extension's own tables
INSERT INTO outfall.config VALUES ('untraceable_responsible_level', 'county');
INSERT INTO outfall.category (id, level, parent, name_zh, name_en, type_letters)
VALUES ('other.construction', 2, 'other', '施工工地排口', 'construction site outlet', 'SG');
INSERT INTO outfall.division (code, name) VALUES ('500114901', '测试新区');
SQL
"$root/test/generate/generate.sh" --scale 10000 --seed dump-restore --quiet -d "$src" > "$work/generate.out"
# an outfall registered through the API, in the DBA's division and category
psql -d "$src" -o /dev/null <<'SQL'
SELECT outfall.register(jsonb_build_object(
    'survey_id', 'DBA-500114901-0001', 'survey_name', '测试新区施工工地临时排水口',
    'category', 'other.construction', 'division', '500114901', 'lon', 108.77, 'lat', 29.53,
    'water_body', (SELECT min(code) FROM outfall.water_body), 'found_on', '2025-10-10',
    'at', '2025-10-15 10:00+08',
    'owner', jsonb_build_object('name', '测试建设有限公司', 'uscc', '91500114MA5U0000X5', 'kind', 'enterprise')));
-- the deployment's choices of rules, and a rule of its own
SELECT outfall.set_rule('deadline_passed', false, note => '整治期限另行核定');
SELECT outfall.set_rule('monitoring_incomplete', true, 'blocking');
CREATE FUNCTION public.rule_location_missing(outfalls bigint[])
    RETURNS TABLE (outfall_id bigint, message_zh text, message_en text)
    LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT o.id, '没有排污口坐标', 'no location recorded' FROM outfall.outfall o
     WHERE (outfalls IS NULL OR o.id = ANY (outfalls)) AND o.geom IS NULL;
END;
INSERT INTO outfall.rule (id, title_zh, title_en, description, severity, basis, check_function)
VALUES ('location_missing', '缺少坐标', 'no location', 'Every outfall has its location.', 'notice',
        'HJ 1232-2021', 'public.rule_location_missing(bigint[])');
INSERT INTO outfall.indicator (key, name_zh, name_en) VALUES ('挥发酚', '挥发酚', 'volatile phenols');
INSERT INTO outfall.category_indicator (category, indicator) VALUES ('industrial.enterprise.factory', '挥发酚');
-- zones: the corridor of the river with most outfalls, a protection zone
-- and a sewer coverage around outfalls of it
SELECT outfall.add_key_area(w, 1000, due_on => '2023-12-31')
  FROM (SELECT water_body AS w FROM outfall.outfall WHERE geom IS NOT NULL
         GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1) r;
SELECT outfall.add_zone('water_source_2', '测试水源二级保护区',
                        ST_Buffer(geom, 0.02), valid_from => '2022-06-01')
  FROM outfall.outfall WHERE geom IS NOT NULL ORDER BY id LIMIT 1;
SELECT outfall.add_zone('sewer_coverage', '测试管网覆盖范围', ST_Buffer(geom, 0.05))
  FROM outfall.outfall WHERE geom IS NOT NULL ORDER BY id DESC LIMIT 1;
-- targets, a snapshot for the semi-annual report, and a kind of report of
-- the deployment's own
SELECT outfall.add_target(plan => '测试方案', measure => 'traced', percent => 80,
                          starts_on => '2023-01-01', due_on => '2023-12-31', division => '500114');
SELECT outfall.add_target(plan => '测试方案', measure => 'rectified', percent => 70,
                          starts_on => '2023-01-01', due_on => '2024-12-31', division => '500114',
                          abnormal_only => true);
SELECT outfall.take_snapshot('semiannual', '2024-06-25');
INSERT INTO outfall.snapshot_kind (kind, period_unit, name_zh, description)
VALUES ('monthly', 'month', '月度调度', 'the monthly dispatch, a kind the deployment added');
SQL

# pg_dump warns of the self-referencing keys of division and category; the
# warnings are kept in case the restore fails
pg_dump -Fc -d "$src" -f "$work/registry.dump" 2> "$work/pg_dump.err" || { cat "$work/pg_dump.err" >&2; fail "pg_dump"; }
createdb -T template0 -E UTF8 --locale=C "$dst"
PGOPTIONS='-c session_replication_role=replica' pg_restore --exit-on-error -d "$dst" "$work/registry.dump" \
    || { cat "$work/pg_dump.err" >&2; fail "pg_restore"; }

snapshot() {
    psql -d "$1" -At -f "$root/test/generate/fingerprint.sql"
    psql -d "$1" -At <<'SQL'
SELECT 'sequence ' || sequencename, last_value FROM pg_sequences
 WHERE schemaname = 'outfall' ORDER BY sequencename;
-- the checks find the same, the deployment's own rule included
SELECT 'findings ' || rule || ' ' || severity, count(*) FROM outfall.findings() GROUP BY rule, severity ORDER BY 1;
-- and require the same of each outfall by where it is
SELECT 'required ' || action, count(*) FROM outfall.required_actions(NULL) GROUP BY action ORDER BY 1;
-- the same progress, past and present, and the same standing of each target
SELECT 'progress 2024-12-31 ' || outfall.progress_as_of('2024-12-31')::jsonb::text;
SELECT 'target ' || s.target_id || ' ' || s.actual || '/' || s.total || ' ' || s.status
  FROM outfall.target_status('2024-12-31') s ORDER BY s.target_id;
SQL
}
snapshot "$src" > "$work/src"
snapshot "$dst" > "$work/dst"
if ! diff "$work/src" "$work/dst" > "$work/diff"; then
    echo "tables or sequences differ after the restore (< source, > restored):" >&2
    cat "$work/diff" >&2
    fail "the restored registry is not the dumped one"
fi
grep -q '^outfall|10001|' "$work/src" || fail "expected 10,001 outfalls in the source: $(grep '^outfall|' "$work/src")"
grep -q '^category (added)|1|' "$work/src" || fail "the DBA's category is not in the source"
grep -q '^division (local)|1|' "$work/src" || fail "the DBA's division is not in the source"
grep -q '^config|1|' "$work/src" || fail "the DBA's setting is not in the source"
grep -q '^zone|3|' "$work/src" || fail "expected 3 zones in the source: $(grep '^zone|' "$work/src")"
grep -q '^outfall_zone|0|' "$work/src" && fail "no outfall lies in the zones of the source"
grep -q '^target|2|' "$work/src" || fail "expected 2 targets in the source: $(grep '^target|' "$work/src")"
grep -q '^progress_snapshot|0|' "$work/src" && fail "the snapshot wrote no rows in the source"
grep -q '^snapshot_kind (added)|1|' "$work/src" || fail "the DBA's snapshot kind is not in the source"

# The restored registry keeps working.  A new registration under an
# existing prefix takes the next sequence number after the counter, a new
# row id and a new ledger id; the lifecycle trigger still refuses a jump;
# a new outfall inside a restored zone is found in it.
psql -d "$dst" -At > "$work/after" <<'SQL'
SET search_path = outfall, public;
CREATE TEMP TABLE before AS
SELECT o.water_body, o.division, o.category, k.last_seq,
       (SELECT max(id) FROM outfall) AS max_id, (SELECT max(id) FROM ledger) AS max_ledger
  FROM outfall o
  JOIN code_counter k ON k.water = water_code(o.code) AND k.division = division(o.code)
                     AND k.type_letters = type_code(o.code)
 WHERE o.code IS NOT NULL
 ORDER BY k.last_seq DESC, o.code
 LIMIT 1;
SELECT register(jsonb_build_object(
           'survey_id', 'AFTER-RESTORE-0001', 'survey_name', '恢复后新登记排口',
           'category', b.category, 'division', b.division::text, 'water_body', b.water_body,
           'found_on', '2025-11-01'))::text AS code
  FROM before b \gset
SELECT 'code', seq(:'code'::outfall_code) = b.last_seq + 1,
       water_code(:'code'::outfall_code) = b.water_body
  FROM before b;
SELECT 'id', o.id > b.max_id FROM outfall o, before b WHERE o.code = :'code'::outfall_code;
SELECT 'ledger', count(*) = 1 AND min(l.id) > min(b.max_ledger)
  FROM ledger l, before b
 WHERE l.entity = 'outfall' AND l.op = 'insert' AND l.new ->> 'code' = :'code';
DO $$
BEGIN
    UPDATE outfall.outfall SET status = 'closed' WHERE survey_id = 'AFTER-RESTORE-0001';
    RAISE EXCEPTION 'the lifecycle trigger let found -> closed through after the restore';
EXCEPTION WHEN check_violation THEN
    NULL;
END $$;
SELECT 'lifecycle', true;
SELECT 'zone', count(*) = 1 FROM outfall.zone z
  JOIN outfall.zones_at(ST_PointOnSurface(z.geom)) a ON a.zone_id = z.id
 WHERE z.name = '测试水源二级保护区';
SQL
for check in 'code|t|t' 'id|t' 'ledger|t' 'lifecycle|t' 'zone|t'; do
    grep -qx "$check" "$work/after" || fail "after the restore, expected '$check' in: $(tr '\n' ' ' < "$work/after")"
done

dropdb "$src"; dropdb "$dst"
tables=$(grep -c '|' "$work/src")
echo "registry dump and restore: $tables tables and sequences identical ($(grep '^outfall|' "$work/src" | cut -d'|' -f2) outfalls, $(grep '^ledger|' "$work/src" | cut -d'|' -f2) ledger events); after restore a registration gets a new id and the next code"
