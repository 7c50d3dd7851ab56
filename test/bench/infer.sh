#!/bin/sh
# infer_category benchmark: names per second of outfall.infer_category() over
# 1,000,000 generated survey names, against the CASE WHEN name LIKE ... that
# an analyst would write instead (the baseline) and against reading the names
# alone (the floor); then what each makes of the corpus of the regression
# test.
#
#   test/bench/infer.sh [-d DBNAME]
#
# Runs in an existing database (-d, or PGDATABASE; PGHOST, PGPORT and PGUSER
# as for psql) that has the extension (CREATE EXTENSION outfall CASCADE), in
# a schema infer_bench of its own, which it drops at the end.
#
# Environment:
#   INFER_NAMES   names to generate (default 1000000); the same names on
#                 every run: they are drawn from md5 of their number
#   BENCH_RUNS    timed runs of each variant (default 3); the median is
#                 reported, the order of the variants rotates from run to run
#   INFER_KEEP    1: keep schema infer_bench (names, results) afterwards
#
# Every query runs in one session with parallel workers and JIT off, so the
# figures are per core.  Progress goes to standard error, the report to
# standard output.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
names=${INFER_NAMES:-1000000}
runs=${BENCH_RUNS:-3}
db=
while getopts d: opt; do
    case $opt in
        d) db=$OPTARG ;;
        *) echo "usage: $0 [-d DBNAME]" >&2; exit 2 ;;
    esac
done
for v in "$names" "$runs"; do
    case $v in
        ''|*[!0-9]*|0)
            echo "infer.sh: INFER_NAMES and BENCH_RUNS must be positive numbers" >&2
            exit 1 ;;
    esac
done
if [ -n "$db" ]; then
    export PGDATABASE="$db"
fi

psql="psql -X -q -v ON_ERROR_STOP=1"
start=$(date +%s)
elapsed() { echo "[$(( $(date +%s) - start ))s] infer: $*" >&2; }

if [ "$($psql -At -c "SELECT count(*) FROM pg_extension WHERE extname = 'outfall'")" != 1 ]; then
    echo "infer.sh: the database has no outfall extension (CREATE EXTENSION outfall CASCADE)" >&2
    exit 1
fi
cleanup() {
    if [ "${INFER_KEEP:-}" != 1 ]; then
        $psql -c "SET client_min_messages = warning" -c "DROP SCHEMA IF EXISTS infer_bench CASCADE" || true
    fi
}
trap cleanup EXIT

elapsed "generating $names names"
$psql -v names="$names" -f "$here/infer_setup.sql"
$psql -c "\\copy infer_bench.corpus (name, expected, kind) FROM '$top/test/data/infer_corpus.tsv' (FORMAT csv, DELIMITER E'\\t', HEADER)"

elapsed "timing $runs runs of each variant"
# its notices (one per timed query) are the progress
$psql -c "SET max_parallel_workers_per_gather = 0" -c "SET jit = off" \
      -c "CALL infer_bench.time_variants($runs)"

elapsed "done"
echo
echo "infer_category benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
$psql -At <<'SQL'
SELECT 'server:     ' || version();
SELECT 'outfall:    ' || extversion || ', ' || (SELECT count(*) FROM outfall.category_keyword) || ' keywords'
  FROM pg_extension WHERE extname = 'outfall';
SELECT 'database:   ' || current_database() || ', encoding ' || pg_encoding_to_char(encoding) || ', collation ' || datcollate
  FROM pg_database WHERE datname = current_database();
SQL
echo
$psql -f "$here/infer_report.sql"
