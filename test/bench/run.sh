#!/bin/sh
# outfall benchmark: the three code types against the text columns a DBA
# would otherwise write, then the registry benchmark (registry.sh:
# registrations per second, the cost of the ledger).  Run by "make bench";
# not part of the test run.
#
#   test/bench/run.sh
#
# Starts its own throwaway cluster with pg_virtualenv (so the outfall
# extension must be installed: make install), generates 1,000,000 values
# of each type, times bulk loads, measures index sizes, times ORDER BY and
# joins, and prints the figures, ratios and the targets with PASS or MISS.
#
# Environment:
#   BENCH_RUNS   timed runs of every step, the median is reported (default 5)
#   PG_CONFIG    pg_config of the PostgreSQL to use (default pg_config)
#
# See test/bench/README.md for what each figure means.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
runs=${BENCH_RUNS:-5}

if [ "${1:-}" = "--in-cluster" ]; then
    # inside pg_virtualenv: PGHOST, PGPORT, PGUSER, PGPASSWORD are set
    datadir=$2
    psql="psql -X -q -v ON_ERROR_STOP=1 -v datadir=$datadir -v runs=$runs"
    elapsed() { echo "[$(( $(date +%s) - start ))s] $*" >&2; }
    start=$(date +%s)

    $psql -c "SET client_min_messages = warning" -c "CREATE EXTENSION outfall CASCADE"
    $psql < "$here/setup.sql"
    elapsed "generating 1,000,000 values of each type"
    $psql < "$here/generate.sql"
    elapsed "bulk loads ($runs runs of each variant)"
    $psql < "$here/load.sql"
    elapsed "index sizes and CREATE INDEX ($runs runs)"
    $psql < "$here/index.sql"
    elapsed "ORDER BY and joins (1 warm-up + $runs runs)"
    $psql < "$here/query.sql"
    elapsed "done"

    echo
    echo "outfall benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $runs timed runs per figure (median)"
    $psql -At -v cpus="${BENCH_CPUS:-?}" <<'SQL'
SELECT 'server:     ' || version();
SELECT 'outfall:    ' || outfall.build_info();
SELECT 'machine:    ' || :'cpus' || ' CPUs';
SELECT 'collation:  database default ' || datcollate || ' (provider ' ||
       CASE datlocprovider WHEN 'c' THEN 'libc' WHEN 'i' THEN 'icu' ELSE datlocprovider::text END || ')'
  FROM pg_database WHERE datname = current_database();
SELECT 'settings:   ' || string_agg(name || '=' || current_setting(name), ', ' ORDER BY name)
  FROM pg_settings
 WHERE name IN ('shared_buffers', 'maintenance_work_mem', 'max_wal_size', 'synchronous_commit',
                'fsync', 'autovacuum', 'jit', 'max_parallel_workers_per_gather',
                'max_parallel_maintenance_workers', 'wal_level');
SQL
    $psql < "$here/report.sql"
    echo
    "$here/registry.sh" --in-cluster
    exit 0
fi

PG_CONFIG=${PG_CONFIG:-pg_config}
if ! command -v pg_virtualenv >/dev/null 2>&1; then
    echo "run.sh: pg_virtualenv not found (Debian package postgresql-common)" >&2
    exit 1
fi
version=$("$PG_CONFIG" --version | sed -n 's/^PostgreSQL \([0-9][0-9]*\).*/\1/p')
sharedir=$("$PG_CONFIG" --sharedir)
if [ ! -f "$sharedir/extension/outfall.control" ]; then
    echo "run.sh: the outfall extension is not installed in PostgreSQL $version; run make install first" >&2
    exit 1
fi
case $runs in
    ''|*[!0-9]*|0) echo "run.sh: BENCH_RUNS must be a positive number" >&2; exit 1 ;;
esac

# The data files are written and read by the server (COPY ... TO/FROM file),
# which runs as postgres when we are root.
datadir=$(mktemp -d -t outfall-bench.XXXXXX)
trap 'rm -rf "$datadir"' EXIT INT TERM
if [ "$(id -u)" = 0 ]; then
    chown postgres "$datadir"
fi

# -t: a temporary cluster directory even as root, so a concurrent test run's
# cluster is not in the way.  Settings: enough memory for every sort, hash
# and the whole data set in shared buffers; no checkpoints, autovacuum or
# JIT in the middle of a timed step; no parallel workers (2-core machines).
BENCH_CPUS=$(nproc 2>/dev/null || echo '?')
export BENCH_RUNS="$runs" BENCH_CPUS
pg_virtualenv -t -v "$version" \
    -o shared_buffers=1GB \
    -o work_mem=64MB \
    -o maintenance_work_mem=1GB \
    -o max_wal_size=16GB \
    -o min_wal_size=1GB \
    -o checkpoint_timeout=1h \
    -o synchronous_commit=off \
    -o autovacuum=off \
    -o jit=off \
    -o max_parallel_workers_per_gather=0 \
    -o max_parallel_maintenance_workers=0 \
    "$here/run.sh" --in-cluster "$datadir"
