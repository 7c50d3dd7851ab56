#!/bin/sh
# Progress benchmark: the outfall.progress aggregate of 0.5 (doc/progress.md)
# over a generated registry, against what the same rows cost to count and
# against the plain SQL an analyst would write for the same figures
# (count(*) FILTER per state and measure, CASE for the percentages); the
# aggregate with 2 parallel workers against serial; outfall.progress_as_of
# (the registry on a past date, from the ledger) against a reconstruction
# with row_number() over the ledger; and the moving-window form.  Every
# answer is checked against the baseline's.
#
#   test/bench/progress.sh -d DBNAME [options]
#
# DBNAME is a database with a generated registry (test/generate) and the
# extension at 0.5, or at an earlier version with --upgrade.  The benchmark
# reads the registry and changes nothing in it; its own tables go to schema
# pb of the database (dropped and made again on every run).  To measure a
# pristine copy of a registry, give --from: the database is dropped and
# copied again from the template first (nobody may be connected to the
# template), e.g.
#   test/bench/progress.sh -d gen1m_prog --from gen1m --upgrade
# which is also how to measure the extension again after its SQL changed
# (ALTER EXTENSION UPDATE cannot reinstall the same version).
#
# Options:
#   --from TEMPLATE   drop DBNAME and copy it again from TEMPLATE first (timed)
#   --upgrade         ALTER EXTENSION outfall UPDATE first, timed, when the
#                     extension is older than the installed default version
#   --as-of DATES     comma-separated past dates for progress_as_of
#                     (default 2023-12-31,2024-12-31)
#   --no-as-of        leave out progress_as_of
#   --no-window       leave out the moving-window forms
#
# Environment: PG* (the cluster and user), BENCH_RUNS (timed runs of every
# figure after one warm-up run, median reported; default 3), BENCH_TZ (the
# sessions' time zone, which sets where a day ends for progress_as_of;
# default Asia/Shanghai).  The cluster's settings are used as they are
# (work_mem, jit ...) and printed; max_parallel_workers_per_gather is set
# for each query (0 serial, 2 parallel).  Progress goes to standard error,
# the report to standard output.  The exit status is 3 when an answer
# disagrees with its baseline.  See test/bench/README.md, "Progress
# benchmark".
set -eu
here=$(cd "$(dirname "$0")" && pwd)
runs=${BENCH_RUNS:-3}
tz=${BENCH_TZ:-Asia/Shanghai}
db= from= upgrade=off as_of=2023-12-31,2024-12-31 window=on
die() { echo "progress.sh: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
    case $1 in
        -d|--from|--as-of)
            [ $# -ge 2 ] || die "$1 needs a value"
            case $1 in -d) db=$2 ;; --from) from=$2 ;; --as-of) as_of=$2 ;; esac
            shift 2 ;;
        --upgrade) upgrade=on; shift ;;
        --no-as-of) as_of=; shift ;;
        --no-window) window=off; shift ;;
        *) die "unknown argument '$1'" ;;
    esac
done
[ -n "$db" ] || die "give the database with -d"
case $runs in ''|*[!0-9]*|0) die "BENCH_RUNS must be a positive number" ;; esac
[ "$from" != "$db" ] || die "--from names the database itself: give the template to copy it from"
for d in $(echo "$as_of" | tr ',' ' '); do
    case $d in [12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]) ;; *) die "--as-of: '$d' is not a date YYYY-MM-DD" ;; esac
done

export PGDATABASE="$db" PGCLIENTENCODING=UTF8 PGTZ="$tz"
psql="psql -X -q -v ON_ERROR_STOP=1"
start=$(date +%s)
elapsed() { echo "[$(( $(date +%s) - start ))s] progress: $*" >&2; }
now() { date +%s.%N; }
since() { awk -v a="$(now)" -v b="$1" 'BEGIN { printf "%.3f", a - b }'; }

# --- the database, the extension ------------------------------------------------------
copy_s=
if [ -n "$from" ]; then
    elapsed "dropping $db and copying it again from $from"
    t0=$(now)
    dropdb --if-exists "$db"
    createdb -T "$from" "$db"
    copy_s=$(since "$t0")
fi
installed=$($psql -At -c "SELECT extversion FROM pg_extension WHERE extname = 'outfall'")
[ -n "$installed" ] || die "database $db has no outfall extension"
default=$($psql -At -c "SELECT default_version FROM pg_available_extensions WHERE name = 'outfall'")
upgrade_s=
if [ "$installed" != "$default" ]; then
    [ "$upgrade" = on ] || die "the extension is at $installed, not $default: give --upgrade to update it (timed)"
    elapsed "ALTER EXTENSION outfall UPDATE ($installed to $default)"
    t0=$(now)
    $psql -c "ALTER EXTENSION outfall UPDATE"
    upgrade_s=$(since "$t0")
fi
$psql -At -c "SELECT 1 FROM pg_proc WHERE proname = 'progress' AND pronamespace = 'outfall'::regnamespace" |
    grep -q 1 || die "the extension in $db has no outfall.progress (0.5 is needed)"
has_as_of=$($psql -At -c "SELECT count(*) FROM pg_proc WHERE proname = 'progress_as_of' AND pronamespace = 'outfall'::regnamespace")
if [ -n "$as_of" ] && [ "$has_as_of" = 0 ]; then
    echo "progress.sh: the extension in $db has no outfall.progress_as_of: its part is left out" >&2
    as_of=
fi
if [ -n "$copy_s$upgrade_s" ]; then
    elapsed "VACUUM ANALYZE"
    $psql -c "VACUUM ANALYZE"
fi

load_start=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')

# --- setup ------------------------------------------------------------------------------
elapsed "setup (schema pb)"
$psql -f "$here/progress_setup.sql"
[ -n "$copy_s" ] && $psql -c "INSERT INTO pb.result VALUES ('copy of $from', 1, $copy_s, NULL)"
[ -n "$upgrade_s" ] && $psql -c "INSERT INTO pb.result VALUES ('upgrade $installed to $default', 1, $upgrade_s, NULL)"

# --- the machine's own parallelism -----------------------------------------------------
# What two processes at once get done on this machine, whatever the query:
# the same CPU-bound statement (no I/O) in one session, then in two at once.
# Two workers cannot beat this ceiling, so figure 3 is printed against it.
elapsed "the machine: one CPU-bound session, then two at once (1 warm-up + $runs runs)"
burn="SELECT sum(i * i % 7) FROM generate_series(1::bigint, 15000000) i"
run=0
while [ $run -le "$runs" ]; do
    t0=$(now); $psql -o /dev/null -c "$burn"; one=$(since "$t0")
    t0=$(now); $psql -o /dev/null -c "$burn" & $psql -o /dev/null -c "$burn"; wait; two=$(since "$t0")
    $psql -c "INSERT INTO pb.result VALUES ('machine: one session', $run, $one, NULL),
                                           ('machine: two sessions at once', $run, $two, NULL)"
    run=$((run + 1))
done

# --- 1-3: the registry now -------------------------------------------------------------
elapsed "the registry now: aggregate, floors, plain SQL, 2 workers (1 warm-up + $runs runs)"
$psql -v runs="$runs" -f "$here/progress_now.sql"

# --- 4: progress_as_of ----------------------------------------------------------------
if [ -n "$as_of" ]; then
    elapsed "progress_as_of($as_of): the queries and their plans"
    $psql -v part=setup -v runs="$runs" -v dates="$as_of" -f "$here/progress_as_of.sql"
    # progress_as_of plans its query inside the function, where EXPLAIN
    # does not look: auto_explain shows it, as notices on standard error
    step="as_of ${as_of%%,*}: progress_as_of, 2 workers"
    sql=$($psql -At -c "SELECT sql FROM pb.query WHERE step = '$step'")
    plan=$($psql -c "LOAD 'auto_explain'" -c "SET auto_explain.log_min_duration = 0" \
                 -c "SET auto_explain.log_analyze = on" -c "SET auto_explain.log_timing = off" \
                 -c "SET auto_explain.log_nested_statements = on" -c "SET auto_explain.log_level = notice" \
                 -c "SET max_parallel_workers_per_gather = 2" -c "$sql" 2>&1 >/dev/null)
    $psql -v step="$step" -v plan="$plan" <<'SQL'
INSERT INTO pb.plan_check
VALUES (:'step', 'before (auto_explain)',
        (SELECT max(m[1]::integer) FROM regexp_matches(:'plan', 'Workers Planned: (\d+)', 'g') m),
        (SELECT max(m[1]::integer) FROM regexp_matches(:'plan', 'Workers Launched: (\d+)', 'g') m),
        :'plan' ~ 'Gather' AND :'plan' ~ 'Partial', :'plan');
SQL
    elapsed "progress_as_of($as_of) against row_number() over the ledger (1 warm-up + $runs runs)"
    $psql -v part=run -v runs="$runs" -v dates="$as_of" -f "$here/progress_as_of.sql"
fi

# --- 5: the moving-window form ---------------------------------------------------------
if [ "$window" = on ]; then
    elapsed "the moving-window form by month found (1 warm-up + $runs runs)"
    $psql -v runs="$runs" -f "$here/progress_window.sql"
fi
elapsed "done"

# --- report -------------------------------------------------------------------------------
echo "outfall progress benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), database $db, $runs runs per figure after a warm-up (median)"
$psql -v runs="$runs" -v cpus="$(nproc 2>/dev/null || echo '?')" -v load_start="$load_start" \
      -v load_end="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')" -f "$here/progress_report.sql"
bad=$($psql -At -c "SELECT count(*) FROM pb.agreement WHERE NOT ok")
if [ "$bad" != 0 ]; then
    echo "progress.sh: $bad ANSWERS DISAGREE WITH THEIR BASELINE: see 'the answers agree' in the report" >&2
    exit 3
fi
