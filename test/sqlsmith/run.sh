#!/bin/sh
# Random SQL against the extension: SQLsmith sends SMITH_QUERIES (10,000)
# generated statements at a generated registry of 10,000 outfalls with a few
# zones, and the server must not crash once.  Errors are expected (SQLsmith
# writes plenty of nonsense that PostgreSQL and the extension rightly
# refuse); a backend that dies of a signal, an abort or a PANIC, which makes
# the postmaster restart every session, is a bug in C code.
#
#   What SQLsmith is pointed at, so that its statements go through outfall:
#   - --exclude-catalog: only tables and views outside pg_catalog and
#     information_schema, i.e. the outfall schema's (and PostGIS's three);
#   - the routines it may call: SQLsmith reads its function list from an
#     unqualified "pg_proc", so the connection's search_path puts a view
#     smith_routines.pg_proc before pg_catalog: the outfall schema's
#     functions and pg_catalog's aggregates, the set-returning functions
#     (findings(), zones_at(), the reports, ...) shown as plain ones, which
#     SQLsmith would skip and PostgreSQL runs in a select list.  Without the
#     view, 95% of the calls went to the ~3,700 functions of pg_catalog and
#     PostGIS (among them pg_terminate_backend(), no way to treat a shared
#     cluster), and PostGIS's aggregates fed the zone functions geometries
#     that keep GEOS busy for minutes (see uncancelled statements below).
#     SMITH_ROUTINES=all drops the view (throwaway clusters only);
#   - the types: SQLsmith writes NULLs of the polymorphic pseudo-types
#     (cast(null as anymultirange)), which PostgreSQL refuses before running
#     anything: 40% of the statements.  smith_types.pg_type, also read
#     unqualified, names those types after a concrete one (int8range,
#     int8multirange, outfall.state for anyenum): three statements in four
#     now run without an error;
#   - outfall is on the search_path, because SQLsmith writes operators
#     unqualified (division_code @>, uscc =, ...);
#   - every statement runs in a transaction that SQLsmith rolls back, with
#     statement_timeout 1s (SQLsmith sets both, overriding any default).  A
#     watchdog session cancels a statement sooner, after SMITH_STATEMENT_MS:
#     the registry's report views take seconds over 10,000 outfalls, and the
#     statements that ran into the 1s were a third of the run.  JIT is off:
#     compiling the plans of SQLsmith's large statements took longer than
#     running them, and JIT is not the extension's code.
#
#   Crashes are counted from the server log after the run's start ("server
#   process (PID n) was terminated by signal ..."); a changed
#   pg_postmaster_start_time() (a crash restart resets it) counts as one if
#   the log has none or cannot be read.  For each, the script prints the log
#   lines, the whole statement (from SQLsmith's dump, by the position of
#   its lost connection; the log has only its first 1 kB) and, when
#   the cluster left a core file (pg_virtualenv enables them) and gdb is
#   installed, the backtrace.  Errors are counted by SQLSTATE class from
#   SQLsmith's --log-to tables (database smith_log); internal errors (XX)
#   are listed.  An uncancelled statement, still running 10 s after its
#   cancel (the code it is in does not check for interrupts), is reported,
#   whole, but does not fail the test.
#
#   Fails when: a crash; SQLsmith stopped early (fewer than 90% of the
#   statements run) or exited non-zero; fewer than half the statements name
#   an outfall object; the server does not answer SELECT 1 afterwards.
#
#   The seed fixes SQLsmith's choices, but it steers later statements by
#   which earlier ones failed, and cancels depend on the machine's speed:
#   two runs are alike, not identical.
#
# Runs inside a cluster (PG* variables set; test/run_all.sh runs it in
# pg_virtualenv) as a superuser, after `make install`; by hand:
#     test/sqlsmith/run.sh                      # the PG* / default cluster
#     SMITH_QUERIES=100000 SMITH_TIMEOUT=7200 test/sqlsmith/run.sh
# The last line is "sqlsmith: N queries, E errors, C server crashes (seed S)".
#
# Environment:
#   SMITH_QUERIES   statements to run (default 10000)
#   SMITH_SEED      SQLsmith's seed (default 1515)
#   SMITH_SCALE     outfalls generated (default 10000)
#   SMITH_ROUTINES  outfall (default) or all: every function in the catalogs
#   SMITH_STATEMENT_MS  cancel a statement after this many ms (default
#                   300; 1000 or more leaves SQLsmith's 1s alone)
#   SMITH_TIMEOUT   seconds SQLsmith may run before it counts as hung
#                   (default 900)
#   SMITH_KEEP      1: keep the databases and the work directory
#   SMITH_TEST_CRASH  1: kill -SEGV SQLsmith's backend a few seconds into the
#                   run, to see the test fail (pg_virtualenv -t clusters only)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
db=smith_registry
logdb=smith_log
queries=${SMITH_QUERIES:-10000}
seed=${SMITH_SEED:-1515}
scale=${SMITH_SCALE:-10000}
routines=${SMITH_ROUTINES:-outfall}
limit=${SMITH_TIMEOUT:-900}
statement_ms=${SMITH_STATEMENT_MS:-300}
watchdog_app=smith_watchdog_$$
export PGCLIENTENCODING=UTF8

fail() { echo "sqlsmith: FAILED: $*"; exit 1; }
for v in "$queries" "$seed" "$scale" "$limit" "$statement_ms"; do
    case $v in ''|*[!0-9]*) fail "SMITH_QUERIES, SMITH_SEED, SMITH_SCALE, SMITH_STATEMENT_MS and SMITH_TIMEOUT must be numbers" ;; esac
done
case $routines in outfall|all) ;; *) fail "SMITH_ROUTINES must be outfall or all" ;; esac
command -v sqlsmith >/dev/null || fail "sqlsmith is not installed (apt-get install sqlsmith)"
if [ "${SMITH_TEST_CRASH:-0}" = 1 ] && [ -z "${PG_CLUSTER_CONF_ROOT:-}" ]; then
    fail "SMITH_TEST_CRASH crashes the server: only inside pg_virtualenv -t"
fi

work=$(mktemp -d)
killer=
watchdog=
stop_watchdog() {
    [ -n "$watchdog" ] || return 0
    command psql -X -q -d "$db" -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                                     WHERE application_name = '$watchdog_app'" >/dev/null 2>&1 || true
    wait "$watchdog" 2>/dev/null || true
    watchdog=
}
cleanup() {
    [ -z "$killer" ] || kill "$killer" 2>/dev/null || true
    stop_watchdog
    if [ "${SMITH_KEEP:-0}" = 1 ]; then
        echo "kept: databases $db, $logdb; $work" >&2
    else
        dropdb --if-exists --force "$db" 2>/dev/null || true
        dropdb --if-exists --force "$logdb" 2>/dev/null || true
        rm -rf "$work"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }
now() { date +%s; }
t_start=$(now)

# --- the registry
dropdb --if-exists --force "$db" 2>/dev/null || true
dropdb --if-exists --force "$logdb" 2>/dev/null || true
createdb -T template0 -E UTF8 --locale=C "$db"
psql -d "$db" -c "SET client_min_messages = warning" -c "CREATE EXTENSION outfall CASCADE"
"$root/test/generate/generate.sh" --scale "$scale" --seed sqlsmith --quiet -d "$db" > "$work/generate.out"
t_generated=$(now)

# A few zones, so that the spatial code has memberships to work with: a
# corridor along every key river, and zones of each effect around outfalls
# spread over the registry (every 2,000th), a level-1 water source inside a
# level-2 one, designated in mid-2022 so that older outfalls are historical.
psql -d "$db" -o /dev/null <<'SQL'
SET client_min_messages = warning;
SELECT outfall.add_key_area(code, 1000, due_on => '2023-12-31')
  FROM outfall.water_body WHERE is_key_river ORDER BY code;
WITH centre AS (
    SELECT row_number() OVER (ORDER BY id) AS n, id, geom
      FROM outfall.outfall
     WHERE geom IS NOT NULL AND id % (SELECT greatest(count(*) / 5, 1) FROM outfall.outfall) = 1
), plan (n, kind, radius) AS (VALUES
    (1, 'water_source_2', 2500), (1, 'water_source_1', 800),
    (2, 'red_line', 1500), (3, 'industrial_park', 2000),
    (4, 'sewer_coverage', 3000), (5, 'nature_core', 1200))
SELECT outfall.add_zone(p.kind, format('sqlsmith %s %s', p.kind, c.id),
                        outfall.buffer_metres(c.geom, p.radius),
                        level => 'county', valid_from => '2022-06-01')
  FROM plan p JOIN centre c USING (n)
 ORDER BY p.n, p.radius DESC;
SQL
zones=$(psql -d "$db" -At -c "SELECT count(*) || ' zones, ' || (SELECT count(*) FROM outfall.outfall_zone) || ' memberships' FROM outfall.zone")
t_zoned=$(now)

# What SQLsmith reads of the catalogs (see the header).
psql -d "$db" <<'SQL'
CREATE SCHEMA smith_routines;
CREATE VIEW smith_routines.pg_proc AS
    SELECT oid, proname, pronamespace, prorettype, false AS proretset, prokind, proargtypes
      FROM pg_catalog.pg_proc
     WHERE pronamespace = 'outfall'::regnamespace
        OR (prokind = 'a' AND pronamespace = 'pg_catalog'::regnamespace);
CREATE SCHEMA smith_types;
CREATE VIEW smith_types.pg_type AS
    SELECT t.oid, coalesce(s.typname, t.typname) AS typname,
           coalesce(s.typnamespace, t.typnamespace) AS typnamespace,
           t.typdelim, t.typrelid, t.typelem, t.typarray, t.typtype
      FROM pg_catalog.pg_type t
      LEFT JOIN (VALUES ('anyrange'::regtype, 'int8range'::name, 'pg_catalog'::regnamespace),
                        ('anycompatiblerange', 'int8range', 'pg_catalog'),
                        ('anymultirange', 'int8multirange', 'pg_catalog'),
                        ('anycompatiblemultirange', 'int8multirange', 'pg_catalog'),
                        ('anyenum', 'state', 'outfall'))
             AS s (oid, typname, typnamespace) ON s.oid = t.oid;
SQL
if [ "$routines" = outfall ]; then
    path=smith_routines,smith_types,pg_catalog,outfall,public
else
    path=smith_types,pg_catalog,outfall,public
fi
target="dbname=$db options='-c search_path=$path -c jit=off'"

# SQLsmith's --log-to tables: one row per error with its SQLSTATE
createdb -T template0 -E UTF8 --locale=C "$logdb"
psql -d "$logdb" <<'SQL'
CREATE TABLE instance (id bigserial PRIMARY KEY, rev text, target text, hostname text,
                       version text, seed text, t timestamptz DEFAULT now());
CREATE TABLE error (id bigint, msg text, query text, sqlstate text, t timestamptz DEFAULT now());
CREATE TABLE stat (id bigint, generated bigint, level real, nodes real, updated timestamptz,
                   retries real, impedance text);
SQL

# --- before: where the server log is, how long it is, when the server started
port=${PGPORT:-5432}
logfile=$(pg_lsclusters -h 2>/dev/null | awk -v p="$port" '$3 == p { print $7; exit }')
if [ -n "$logfile" ] && [ -r "$logfile" ]; then
    log_from=$(($(wc -c < "$logfile") + 1))
else
    echo "note: no readable server log for port $port; counting restarts only" >&2
    logfile=
fi
started=$(psql -d "$db" -At -c "SELECT pg_postmaster_start_time()")
datadir=$(psql -d "$db" -At -c "SHOW data_directory")
ls "$datadir" | grep '^core' > "$work/cores.before" || true

if [ "${SMITH_TEST_CRASH:-0}" = 1 ]; then
    (   sleep 8
        pid=$(psql -d "$db" -At -c "SELECT pid FROM pg_stat_activity
                                     WHERE application_name = 'sqlsmith::dut' LIMIT 1")
        [ -z "$pid" ] || kill -SEGV "$pid"
    ) &
    killer=$!
fi

# The watchdog: one session that cancels SQLsmith's statement once it has
# run SMITH_STATEMENT_MS, and reports (a WARNING) one that is still running
# 10 s later, i.e. that ignores cancels.  It polls every 50 ms until it is
# terminated (or SMITH_TIMEOUT is over).
if [ "$statement_ms" -lt 1000 ]; then
    PGAPPNAME=$watchdog_app command psql -X -q -d "$db" -o /dev/null 2> "$work/watchdog" <<SQL &
DO \$\$
DECLARE
    reported timestamptz;
    r record;
BEGIN
    WHILE clock_timestamp() < now() + interval '$limit s' LOOP
        PERFORM pg_stat_clear_snapshot();
        FOR r IN SELECT pid, query_start, query FROM pg_stat_activity
                  WHERE application_name = 'sqlsmith::dut' AND datname = current_database()
                    AND state = 'active'
                    AND query_start < clock_timestamp() - interval '$statement_ms ms'
        LOOP
            PERFORM pg_cancel_backend(r.pid);
            IF r.query_start < clock_timestamp() - interval '10 s'
               AND r.query_start IS DISTINCT FROM reported THEN
                RAISE WARNING 'uncancelled since % s: %', extract(epoch FROM r.query_start), r.query;
                reported := r.query_start;
            END IF;
        END LOOP;
        PERFORM pg_sleep(0.05);
    END LOOP;
END
\$\$;
SQL
    watchdog=$!
fi

# --- the run
rc=0
timeout --signal=INT --kill-after=30 "$limit" \
    sqlsmith --target="$target" --seed="$seed" --max-queries="$queries" \
             --exclude-catalog --verbose --dump-all-queries --log-to="dbname=$logdb" \
    > "$work/queries.sql" 2> "$work/sqlsmith.err" || rc=$?
t_smithed=$(now)
killer=
stop_watchdog
if [ "$rc" = 124 ]; then
    # a statement that statement_timeout and the watchdog could not stop
    psql -d "$db" -At -F ' | ' -c "SELECT 'still running after SMITH_TIMEOUT: pid ' || pid, now() - query_start, query
                                    FROM pg_stat_activity
                                   WHERE application_name = 'sqlsmith::dut' AND state = 'active'" || true
fi

# --- after
# the server may still be recovering from a crash
up=
for _ in $(seq 60); do
    if [ "$(command psql -X -d "$db" -At -c 'SELECT 1' 2>/dev/null)" = 1 ]; then up=1; break; fi
    sleep 1
done
restarted=0
if [ -n "$up" ]; then
    [ "$(psql -d "$db" -At -c "SELECT pg_postmaster_start_time()")" = "$started" ] || restarted=1
fi
if [ -n "$logfile" ]; then
    tail -c +"$log_from" "$logfile" > "$work/server.log"
else
    : > "$work/server.log"
fi
grep -E 'server process \(PID [0-9]+\) (was terminated|exited with exit code)|PANIC:' \
    "$work/server.log" > "$work/crashes" || true
crashes=$(wc -l < "$work/crashes")
[ "$crashes" -gt 0 ] || crashes=$restarted

# SQLsmith's progress: one character per statement ('.' ran, 'e' error,
# 't' timeout, 's' syntax error, 'c' connection lost), 80 to a line, with
# reports in between.
grep -E '^[.etscETSC]+$' "$work/sqlsmith.err" | tr -d '\n' > "$work/progress" || true
count() { tr -cd "$1" < "$work/progress" | wc -c; }
ran=$(count '.etscETSC')
errors=$(count 'etscETSC')
lost=$(count 'cC')
# statement_timeout and the watchdog both end in 57014
cancelled=$(psql -d "$logdb" -At -c "SELECT count(*) FROM error WHERE sqlstate = '57014'" 2>/dev/null || echo '?')

# the statements as SQLsmith dumped them: one per record, ending ";" + newline
awk 'BEGIN { RS = ";\n" } { n++ } /outfall\./ { o++ } END { print n + 0, o + 0 }' \
    "$work/queries.sql" > "$work/named"
read -r dumped named < "$work/named"
# the outfall routines SQLsmith can call (not triggers, nothing of type
# internal), and those its statements name
psql -d "$db" -At -c "SELECT DISTINCT proname FROM pg_catalog.pg_proc
                       WHERE pronamespace = 'outfall'::regnamespace AND prokind IN ('f', 'a')
                         AND prorettype NOT IN ('trigger'::regtype, 'internal'::regtype)
                         AND NOT 'internal'::regtype = ANY (proargtypes)" | LC_ALL=C sort > "$work/callable"
grep -o 'outfall\.[a-z_0-9]*(' "$work/queries.sql" | sed 's/^outfall\.//; s/($//' | LC_ALL=C sort -u \
    | LC_ALL=C comm -12 - "$work/callable" > "$work/called"
callable=$(wc -l < "$work/callable")
called=$(wc -l < "$work/called")

uncancelled=$(grep -c '^WARNING:  uncancelled since' "$work/watchdog" 2>/dev/null || true)
uncancelled=${uncancelled:-0}

# --- report
failures=
echo "generate: $(tail -n 1 "$work/generate.out")"
echo "zones: $zones"
echo "time: generate $((t_generated - t_start)) s, zones $((t_zoned - t_generated)) s, sqlsmith $((t_smithed - t_zoned)) s, total $((t_smithed - t_start)) s"
echo "sqlsmith exit status $rc; $ran of $queries statements run: $((ran - errors)) ok, $errors errors ($cancelled cancelled, $uncancelled of them 10 s late; $lost lost connections)"
echo "$named of $dumped statements name an outfall object; outfall routines called: $called of the $callable SQLsmith can call"
echo "errors by SQLSTATE class:"
psql -d "$logdb" -At -F ' ' -c "SELECT '  ' || coalesce(left(sqlstate, 2), '??'), count(*) FROM error GROUP BY 1 ORDER BY 2 DESC, 1" \
    2>/dev/null || echo "  (the error log is not readable)"
# internal errors (XX): elog(ERROR) reached, worth a look though not a crash
psql -d "$logdb" -At -c "SELECT '  XX: ' || count(*) || ' x ' || left(split_part(msg, E'\n', 1), 150)
                           FROM error WHERE sqlstate LIKE 'XX%' GROUP BY msg ORDER BY count(*) DESC LIMIT 10" \
    2>/dev/null || true

if [ "$crashes" -gt 0 ]; then
    failures="$failures; $crashes server crashes"
    echo "=== server crashes (server log)"
    grep -E -A1 'server process \(PID [0-9]+\) (was terminated|exited with exit code)|PANIC:' "$work/server.log" | head -n 40
    [ "$restarted" = 0 ] || echo "pg_postmaster_start_time() changed: the server restarted"
fi
if [ "$lost" -gt 0 ]; then
    # the statement that lost its connection first in each run of 'c's; the
    # ones after it are reconnection attempts while the server recovered
    echo "=== statements that lost the connection"
    awk -v p="$(cat "$work/progress")" 'BEGIN { RS = ";\n" }
        { c = substr(p, NR, 1); prev = NR > 1 ? substr(p, NR - 1, 1) : "" }
        (c == "c" || c == "C") && prev != "c" && prev != "C" { printf "-- statement %d\n%s;\n", NR, $0 }' \
        "$work/queries.sql" | head -n 400
fi
if [ "$uncancelled" -gt 0 ]; then
    # not a crash, but statement_timeout cannot stop them: the first three,
    # whole, as SQLsmith logged their cancel when they ended
    echo "=== $uncancelled statements ran on 10 s after they were cancelled"
    for since in $(sed -n 's/^WARNING:  uncancelled since \([0-9.]*\) s: .*/\1/p' "$work/watchdog" | head -n 3); do
        psql -d "$logdb" -At -c "SELECT '-- ran ' || round((extract(epoch FROM t) - $since)::numeric, 1) || ' s' || E'\n' || query || ';'
                                   FROM error WHERE sqlstate = '57014' AND t > to_timestamp($since)
                                  ORDER BY t LIMIT 1" 2>/dev/null || true
    done
fi
if [ "$crashes" -gt 0 ] && command -v gdb >/dev/null; then
    ls "$datadir" 2>/dev/null | grep '^core' | LC_ALL=C sort > "$work/cores.after" || true
    for core in $(LC_ALL=C sort "$work/cores.before" | LC_ALL=C comm -13 - "$work/cores.after"); do
        echo "=== backtrace: $datadir/$core"
        gdb -batch -ex bt "$(pg_config --bindir)/postgres" "$datadir/$core" 2>/dev/null \
            | grep -E '^#' | awk '!seen[$0]++' | head -n 40
    done
fi
[ -n "$up" ] || failures="$failures; the server does not answer SELECT 1"
[ "$rc" = 0 ] || failures="$failures; sqlsmith exited with status $rc"
[ "$rc" != 124 ] || failures="$failures (ran over SMITH_TIMEOUT=${limit}s: a statement ignored statement_timeout?)"
[ $((ran * 10)) -ge $((queries * 9)) ] || failures="$failures; only $ran of $queries statements ran"
[ $((named * 2)) -ge "$dumped" ] || failures="$failures; only $named of $dumped statements name an outfall object"
if [ -n "$failures" ]; then
    if [ "$rc" != 0 ]; then echo "=== sqlsmith's last words"; tail -n 5 "$work/sqlsmith.err"; fi
    echo "FAILED${failures#;}"
    echo "sqlsmith: $ran queries, $errors errors, $crashes server crashes (seed $seed)"
    exit 1
fi
echo "sqlsmith: $ran queries, $errors errors, $crashes server crashes (seed $seed)"
