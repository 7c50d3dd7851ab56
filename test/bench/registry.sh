#!/bin/sh
# outfall registry benchmark: registrations per second through
# outfall.register() with 1 and with 8 clients, and what the ledger (the
# outfall_ledger and party_ledger triggers) adds to a registration, to a
# bare INSERT into outfall.outfall and to a bulk INSERT ... SELECT.
#
#   test/bench/registry.sh               # in its own throwaway cluster (pg_virtualenv)
#   test/bench/registry.sh --in-cluster  # in the cluster of PGHOST etc. (run.sh does this)
#
# Environment:
#   BENCH_RUNS      throughput runs of each client count (default 5); the
#                   ledger figures take 4 * BENCH_RUNS batches of each variant
#   REG_SECONDS     duration of each throughput run (default 10)
#   REG_BATCH       registrations per ledger batch (default 200; bare
#                   INSERTs: 4 * REG_BATCH per batch)
#   REG_BULK        rows per bulk INSERT ... SELECT (default 1000)
#   PG_CONFIG       pg_config of the PostgreSQL to use (default pg_config)
#
# Figures are medians; compare them within one run only (the machine is
# noisy).  Progress goes to standard error, the report to standard output.
# See test/bench/README.md, "Registry benchmark".
set -eu

here=$(cd "$(dirname "$0")" && pwd)
runs=${BENCH_RUNS:-5}
seconds=${REG_SECONDS:-10}
batch=${REG_BATCH:-200}
bulk=${REG_BULK:-1000}
for v in "$runs" "$seconds" "$batch" "$bulk"; do
    case $v in
        ''|*[!0-9]*|0)
            echo "registry.sh: BENCH_RUNS, REG_SECONDS, REG_BATCH and REG_BULK must be positive numbers" >&2
            exit 1 ;;
    esac
done

if [ "${1:-}" != "--in-cluster" ]; then
    PG_CONFIG=${PG_CONFIG:-pg_config}
    if ! command -v pg_virtualenv >/dev/null 2>&1; then
        echo "registry.sh: pg_virtualenv not found (Debian package postgresql-common)" >&2
        exit 1
    fi
    version=$("$PG_CONFIG" --version | sed -n 's/^PostgreSQL \([0-9][0-9]*\).*/\1/p')
    if [ ! -f "$("$PG_CONFIG" --sharedir)/extension/outfall.control" ]; then
        echo "registry.sh: the outfall extension is not installed in PostgreSQL $version; run make install first" >&2
        exit 1
    fi
    # the settings of run.sh's cluster (README.md); pg_virtualenv adds fsync=off
    BENCH_CPUS=$(nproc 2>/dev/null || echo '?')
    export BENCH_RUNS="$runs" BENCH_CPUS REG_STANDALONE=1
    exec pg_virtualenv -t -v "$version" \
        -o shared_buffers=1GB -o work_mem=64MB -o maintenance_work_mem=1GB \
        -o max_wal_size=16GB -o min_wal_size=1GB -o checkpoint_timeout=1h \
        -o synchronous_commit=off -o autovacuum=off -o jit=off \
        -o max_parallel_workers_per_gather=0 -o max_parallel_maintenance_workers=0 \
        "$here/registry.sh" --in-cluster
fi

# --- inside the cluster ----------------------------------------------------------
psql="psql -X -q -v ON_ERROR_STOP=1"
start=$(date +%s)
elapsed() { echo "[$(( $(date +%s) - start ))s] registry: $*" >&2; }
work=$(mktemp -d -t outfall-registry.XXXXXX)
tpl=bench_registry_tpl
res=bench_registry
dbs="bench_registry_run bench_registry_ledger $tpl"
cleanup() {
    rm -rf "$work"
    for d in $dbs; do dropdb --if-exists "$d" 2>/dev/null || true; done
}
trap cleanup EXIT

batches=$((4 * runs))
warm=10
# documents: one for every call of the ledger batches (batch 0 included); the
# throughput runs use them round and round with survey ids of their own
# (a bare INSERT batch is 4 * REG_BATCH calls: each is short)
docs=$(( (batches + 1) * 2 * (4 * batch + warm) ))
[ $(( (batches + 1) * 2 * bulk )) -gt "$docs" ] && docs=$(( (batches + 1) * 2 * bulk ))

elapsed "template database ($docs documents)"
for d in $dbs "$res"; do dropdb --if-exists "$d" 2>/dev/null || true; done
createdb "$tpl"
$psql -d "$tpl" -v docs="$docs" -f "$here/registry_setup.sql"
createdb "$res"
$psql -d "$res" -c "CREATE TABLE result (part text, variant text, run int, clients int, n bigint,
                                         ms float8, tps float8, latency_ms float8, cpu_ms float8)"

# --- (a) registrations per second, 1 and 8 clients -------------------------------
# pgbench for REG_SECONDS on a fresh copy of the template each run, the order
# of 1 and 8 clients alternating.  A new session is slow for its first
# hundred or so calls (plans and caches), so the figure is the mean rate of
# pgbench's progress intervals after the first.  Each client walks the
# documents from an offset of its own, with survey ids of its own.
cat > "$work/register.sql" <<'PGBENCH'
\set n :n + 1
SELECT outfall.register(doc || jsonb_build_object('survey_id', 'T-' || :client_id || '-' || :n))
  FROM rb.doc WHERE i = (:n + :client_id * 1009) % :docs + 1;
PGBENCH
interval=$((seconds / 5))
[ "$interval" -ge 1 ] || interval=1
run=1
while [ "$run" -le "$runs" ]; do
    if [ $((run % 2)) -eq 1 ]; then order="1 8"; else order="8 1"; fi
    for c in $order; do
        elapsed "throughput run $run/$runs, $c client(s), $seconds s"
        createdb -T "$tpl" bench_registry_run
        j=$c
        [ "$j" -gt 2 ] && j=2
        if ! pgbench -n -c "$c" -j "$j" -T "$seconds" -P "$interval" -D n=0 -D docs="$docs" \
                -f "$work/register.sql" bench_registry_run > "$work/pgbench.out" 2> "$work/pgbench.err"; then
            cat "$work/pgbench.out" "$work/pgbench.err" >&2
            echo "registry.sh: pgbench failed" >&2
            exit 1
        fi
        processed=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$work/pgbench.out")
        failed=$(sed -n 's/^number of failed transactions: \([0-9]*\) .*/\1/p' "$work/pgbench.out")
        lat=$(sed -n 's/^latency average = \([0-9.]*\) ms$/\1/p' "$work/pgbench.out")
        # progress: 4.0 s, 545.5 tps, lat 1.830 ms stddev 0.321, 0 failed
        tps=$(sed -n 's/^progress: \([0-9.]*\) s, \([0-9.]*\) tps.*/\1 \2/p' "$work/pgbench.err" |
              awk -v first="$interval" '$1 > first { s += $2; k++ } END { if (k) printf "%.1f", s / k }')
        rows=$($psql -At -d bench_registry_run -c "SELECT count(*) FROM outfall.outfall WHERE code IS NOT NULL")
        if [ -z "$processed" ] || [ "$failed" != 0 ] || [ "$rows" != "$processed" ] || [ -z "$tps" ]; then
            cat "$work/pgbench.out" "$work/pgbench.err" >&2
            echo "registry.sh: $c client(s): ${processed:-?} processed, ${failed:-?} failed, $rows outfalls with a code" >&2
            exit 1
        fi
        $psql -d "$res" -c "INSERT INTO result VALUES ('throughput', '${c}_clients', $run, $c, $processed,
                                                       1000 / $tps, $tps, ${lat:-NULL}, NULL)"
        dropdb bench_registry_run
    done
    run=$((run + 1))
done

# --- (b) the ledger: the same kind of calls with and without the ledger --------
# One copy of the template and one session: rb.ledger_ab (registry_setup.sql)
# switches the ledger triggers on and off between batches.
createdb -T "$tpl" bench_registry_ledger
for part in register insert bulk; do
    elapsed "ledger: $part, $batches batches with and $batches without the ledger triggers"
    case $part in bulk) size=$bulk ;; insert) size=$((4 * batch)) ;; *) size=$batch ;; esac
    $psql -d bench_registry_ledger -c "CALL rb.ledger_ab('$part', $batches, $size, $warm)"
done
$psql -d bench_registry_ledger -c "COPY (SELECT part, variant, batch, 1, n, ms, NULL, NULL, cpu_ms FROM rb.ab_result) TO STDOUT" |
    $psql -d "$res" -c "COPY result FROM STDIN"
# the calls did what they should: every registration got a code, the ledger
# holds an insert event for each outfall written while it was on (half of
# them: batch 0 included, each variant wrote as many) and for each party
check=$($psql -At -d bench_registry_ledger <<'SQL'
SELECT format('%s outfalls (%s registered), %s registered without a code, %s outfall insert events, %s parties, %s party events',
              o.n, o.registered, o.no_code, e.outfall_events, p.n, e.party_events)
       || CASE WHEN o.no_code = 0 AND 2 * e.outfall_events = o.n AND e.party_events = p.n THEN '' ELSE ' WRONG' END
  FROM (SELECT count(*) AS n, count(*) FILTER (WHERE survey_id LIKE 'B-%') AS registered,
               count(*) FILTER (WHERE survey_id LIKE 'B-%' AND code IS NULL) AS no_code
          FROM outfall.outfall) o,
       (SELECT count(*) AS n FROM outfall.party) p,
       (SELECT count(*) FILTER (WHERE entity = 'outfall' AND op = 'insert') AS outfall_events,
               count(*) FILTER (WHERE entity = 'party') AS party_events
          FROM outfall.ledger) e;
SQL
)
elapsed "done: $check"
case $check in
    *WRONG) echo "registry.sh: the ledger run did not do what it should: $check" >&2; exit 1 ;;
esac

# --- report ------------------------------------------------------------------------
echo
if [ "${REG_STANDALONE:-}" = 1 ]; then
    echo "outfall registry benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
    $psql -d "$res" -At -v cpus="${BENCH_CPUS:-?}" <<'SQL'
SELECT 'server:     ' || version();
SELECT 'machine:    ' || :'cpus' || ' CPUs';
SELECT 'settings:   ' || string_agg(name || '=' || current_setting(name), ', ' ORDER BY name)
  FROM pg_settings
 WHERE name IN ('shared_buffers', 'synchronous_commit', 'fsync', 'autovacuum', 'jit', 'max_wal_size');
SQL
    echo
fi
$psql -d "$res" -v runs="$runs" -v seconds="$seconds" -v batches="$batches" -v batch="$batch" \
    -v bulk="$bulk" -v warm="$warm" -f "$here/registry_report.sql"
echo "registry: $check in the ledger run"
dropdb "$res"
