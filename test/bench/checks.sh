#!/bin/sh
# Check engine benchmark: all rules over a registry set-based
# (outfall.findings(): one pass of SQL per rule) against the same rules
# outfall by outfall through outfall.check(), and each rule's time.
#
#   test/bench/checks.sh -d DBNAME                 # a database with a registry
#   test/bench/checks.sh --scale 100000 -d DBNAME  # generate one first (test/generate)
#
# Environment: BENCH_RUNS (timed runs, median reported; default 3),
# CHECK_SAMPLE (outfalls checked one by one; default 10000).  The per-outfall
# time is measured on that many outfalls spread evenly over the registry
# and scaled to its size: checking a million outfalls one by one would
# take hours.  See test/bench/README.md, "Check benchmark".
set -eu
here=$(cd "$(dirname "$0")" && pwd)
runs=${BENCH_RUNS:-3}
sample=${CHECK_SAMPLE:-10000}
scale= db=
while [ $# -gt 0 ]; do
    case $1 in
        --scale) scale=$2; shift 2 ;;
        -d) db=$2; shift 2 ;;
        *) echo "checks.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
for v in "$runs" "$sample"; do
    case $v in ''|*[!0-9]*|0) echo "checks.sh: BENCH_RUNS and CHECK_SAMPLE must be positive numbers" >&2; exit 2 ;; esac
done
[ -n "$db" ] || { echo "checks.sh: give the database with -d" >&2; exit 2; }
export PGDATABASE="$db" PGCLIENTENCODING=UTF8
if [ -n "$scale" ]; then
    createdb "$db"
    "$here/../generate/generate.sh" --scale "$scale" --seed bench --quiet -d "$db" >&2
fi
echo "check engine benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
PGOPTIONS="-c bench.runs=$runs" psql -X -q -v ON_ERROR_STOP=1 -v runs="$runs" -v sample="$sample" -f "$here/checks.sql"
