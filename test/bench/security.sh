#!/bin/sh
# Security benchmark: what row-level security (0.6, doc/security.md) costs
# the reports and the registrations.  On a generated registry, each report
# is timed as the registry's owner (no policy applies) and as a reader
# mapped to the whole province (the policies apply and admit every row):
# the ratio is the policies' own cost.  A reader mapped to one county is
# timed too, with its answer checked against the owner's for that county.
# Registrations through outfall.register() are timed as a superuser on 0.5
# (the ledger trigger of 0.5), on 0.6, and as a township editor on 0.6.
#
#   test/bench/security.sh [-d DBNAME] [--scale N]
#
# DBNAME (default bench_security) is dropped and made again with a registry
# of N outfalls (default 20000) in the counties of one province.
# Environment: PG* (the cluster, a superuser), BENCH_RUNS (timed runs after
# one warm-up, median reported; default 5).  See test/bench/README.md,
# "Security benchmark".
set -eu
here=$(cd "$(dirname "$0")" && pwd)
db=bench_security scale=20000
runs=${BENCH_RUNS:-5}
while [ $# -gt 0 ]; do
    case $1 in
        -d) db=$2; shift 2 ;;
        --scale) scale=$2; shift 2 ;;
        *) echo "security.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
psql_() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
for d in "$db" "${db}_05"; do dropdb --if-exists "$d" 2>/dev/null; createdb "$d"; done
psql_ -d "$db" -c "SET client_min_messages = warning" -c "CREATE EXTENSION outfall CASCADE"
psql_ -d "${db}_05" -c "SET client_min_messages = warning" -c "CREATE EXTENSION outfall VERSION '0.5' CASCADE"
echo "generating $scale outfalls in province 51 ..." >&2
"$here/../generate/generate.sh" --scale "$scale" --province 51 --quiet -d "$db" >&2

psql_ -d "$db" -v runs="$runs" <<'SQL'
SET client_min_messages = warning;
DROP ROLE IF EXISTS bench_sec_province, bench_sec_county, bench_sec_town;
CREATE ROLE bench_sec_province IN ROLE outfall_reader;
CREATE ROLE bench_sec_county IN ROLE outfall_reader;
CREATE ROLE bench_sec_town IN ROLE outfall_editor;
-- the county with the most outfalls, and its township with the most
SELECT outfall.county(division)::text AS county FROM outfall.outfall
 GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1 \gset
SELECT division::text AS town FROM outfall.outfall WHERE outfall.county(division)::text = :'county'
 GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1 \gset
INSERT INTO outfall.jurisdiction VALUES ('bench_sec_province', '51'), ('bench_sec_county', :'county'),
                                        ('bench_sec_town', :'town');
CREATE TEMP TABLE timing (query text, role text, ms numeric, answer text);
GRANT INSERT ON timing TO PUBLIC;
CREATE FUNCTION pg_temp.measure(label text, q text, who text, runs int) RETURNS void LANGUAGE plpgsql AS $f$
DECLARE
    t0 timestamptz;
    ms numeric[] := '{}';
    answer text;
BEGIN
    FOR i IN 0 .. runs LOOP
        IF who <> 'owner' THEN
            EXECUTE format('SET LOCAL ROLE %I', who);
        END IF;
        t0 := clock_timestamp();
        EXECUTE q INTO answer;
        IF i > 0 THEN
            ms := ms || (extract(epoch FROM clock_timestamp() - t0) * 1000)::numeric;
        END IF;
        RESET ROLE;
    END LOOP;
    INSERT INTO pg_temp.timing
    SELECT label, who, percentile_cont(0.5) WITHIN GROUP (ORDER BY m), answer FROM unnest(ms) m;
END;
$f$;
SET max_parallel_workers_per_gather = 0;
SELECT pg_temp.measure(q.label, q.sql, r.who, :runs)
  FROM (VALUES
        ('progress now', 'SELECT (outfall.progress(o.status, p.action))::text FROM outfall.outfall o LEFT JOIN outfall.plan p ON p.outfall_id = o.id'),
        ('progress_by_division', 'SELECT sum(total)::text FROM outfall.progress_by_division WHERE level = 3'),
        ('progress_as_of', 'SELECT (outfall.progress_as_of(''2024-12-31''))::text'),
        ('outfall_list', 'SELECT count(*)::text FROM outfall.outfall_list')) q(label, sql),
       (VALUES ('owner'), ('bench_sec_province'), ('bench_sec_county')) r(who);
\echo
\echo Reports: owner (no policy), a province reader (every row through the policies), a county reader
SELECT t.query, round(o.ms, 1) AS owner_ms, round(p.ms, 1) AS province_ms,
       round(p.ms / o.ms, 2) AS "province/owner", round(c.ms, 1) AS county_ms,
       o.answer = p.answer AS same_answer
  FROM timing t
  JOIN timing o ON o.query = t.query AND o.role = 'owner'
  JOIN timing p ON p.query = t.query AND p.role = 'bench_sec_province'
  JOIN timing c ON c.query = t.query AND c.role = 'bench_sec_county'
 WHERE t.role = 'owner' ORDER BY t.query;
-- the county reader's total is the owner's count for that county
SELECT (SELECT answer FROM timing WHERE query = 'outfall_list' AND role = 'bench_sec_county')::bigint
       = (SELECT count(*) FROM outfall.outfall WHERE outfall.county(division)::text = :'county') AS county_answer_right \gset
\if :county_answer_right
\else
\echo 'the county reader''s answer is not the owner''s count for its county'
\quit 3
\endif
SQL

# registrations: 0.5 as superuser, 0.6 as superuser, 0.6 as a township editor
town=$(psql_ -d "$db" -At -c "SELECT division FROM outfall.jurisdiction WHERE member = 'bench_sec_town'")
register_ms() {  # register_ms DB ROLE PREFIX: ms for 1000 registrations in one transaction
    psql_ -d "$1" -At <<SQL
SET client_min_messages = warning;
INSERT INTO outfall.water_body (code, name, kind) VALUES ('BSEC1', '基准河', 'river') ON CONFLICT DO NOTHING;
BEGIN;
$( [ "$2" = owner ] || echo "SET LOCAL ROLE $2;" )
CREATE TEMP TABLE t0 AS SELECT clock_timestamp() AS t;
SELECT count(outfall.register(jsonb_build_object(
           'survey_id', '$3-' || n, 'survey_name', '基准排口' || n, 'category', 'other.town_storm',
           'division', '$town', 'water_body', 'BSEC1', 'found_on', '2024-03-01')))
  FROM generate_series(1, 1000) n \\g /dev/null
SELECT round(extract(epoch FROM clock_timestamp() - t) * 1000) FROM t0;
ROLLBACK;
SQL
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
v05=$(for i in 1 2 3; do register_ms "${db}_05" owner R05; done | median)
v06=$(for i in 1 2 3; do register_ms "$db" owner R06; done | median)
ed=$(for i in 1 2 3; do register_ms "$db" bench_sec_town RED; done | median)
echo
echo "Registrations (1000 in one transaction, median of 3): 0.5 superuser ${v05} ms, 0.6 superuser ${v06} ms, 0.6 township editor ${ed} ms"
awk -v a="$v05" -v b="$v06" -v c="$ed" 'BEGIN { printf "ratios: 0.6/0.5 %.2f, editor/superuser %.2f\n", b / a, c / b }'
psql_ -d "$db" -c "DELETE FROM outfall.jurisdiction WHERE member LIKE 'bench\_sec\_%'" \
      -c "DROP ROLE bench_sec_province, bench_sec_county, bench_sec_town"
dropdb "${db}_05"
