#!/bin/sh
# Random strings through the SQL text input of the three code types: the
# casts text::outfall_code, text::division_code and text::uscc, and the text
# parts (water body code, type letters) of the constructor
# outfall_code(water, division, type, seq).  Proves that the server never
# crashes on them, that every refusal has the documented SQLSTATE (22P02 for
# the casts, 22023 for the constructor, doc/outfall.md) and that every
# accepted value round-trips: value::text::type = value, the text canonical,
# plain ASCII input read as itself without separators in capitals, and the
# constructor equal to the cast of the whole code.
#
# The strings (sql_bytes.sql, generated in SQL from setseed, so a run can be
# repeated): 30% random UTF-8 characters of 1 to 4 bytes (0-40 characters,
# now and then up to 5,000), 5% valid codes, 65% valid codes with one to
# three edits: characters replaced, inserted, deleted or swapped, full-width
# or lower case, runs of separators, prefixes and remarks, Chinese, long
# repeats (to 20,000 characters), truncations, doubled codes.
#
# Out of scope: bytes that are not valid UTF-8 (and NUL).  PostgreSQL refuses
# them with SQLSTATE 22021 when the text arrives, before any type input
# function runs; test/fuzz/parsers.sh feeds such bytes to the raw parsers.
#
# Crashes are looked for three ways: the session that ran everything is the
# one that answers at the end; pg_stat_bgwriter.stats_reset is unchanged (the
# recovery after a crash discards the statistics; pg_postmaster_start_time()
# would not do: it survives a crash restart); and the server log has no
# "terminated by signal".
#
# Runs inside a cluster as a superuser (PG* set, e.g. by pg_virtualenv), in
# its own database fuzz_sql, dropped at the end.
#
#   pg_virtualenv test/fuzz/sql_bytes.sh                         # 20,000 strings a type
#   FUZZ_SQL_COUNT=200000 pg_virtualenv test/fuzz/sql_bytes.sh   # longer
#   FUZZ_SQL_SEED=0.77 ...                                       # other strings (-1 to 1)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
db=fuzz_sql
count=${FUZZ_SQL_COUNT:-20000}
seed=${FUZZ_SQL_SEED:-0.42}
out=$(mktemp)
cleanup() {
    rm -f "$out"
    dropdb --if-exists "$db" 2>/dev/null || true
}
trap cleanup EXIT

dropdb --if-exists "$db" 2>/dev/null || true
# UTF8 whatever the cluster's default: only then is input text validated
createdb -T template0 -E UTF8 --locale=C "$db"

port=${PGPORT:-5432}
logfile=$(pg_lsclusters -h 2>/dev/null | awk -v p="$port" '$3 == p { print $7; exit }')
if [ -n "$logfile" ] && [ -r "$logfile" ]; then
    log_from=$(($(wc -c < "$logfile") + 1))
else
    echo "note: no readable server log for port $port; crashes are seen by the session and restarts"
    logfile=
fi
stats_query="SELECT coalesce(stats_reset::text, 'never') FROM pg_stat_bgwriter"
stats_before=$(psql -X -At -d "$db" -c "$stats_query")

status=0
psql -X -q -d "$db" -v count="$count" -v seed="$seed" -f "$here/sql_bytes.sql" > "$out" 2>&1 || status=$?

# --- crashes
crashes=0
if [ "$status" -ne 0 ] &&
   grep -qE 'server closed the connection unexpectedly|connection to server was lost|terminated abnormally' "$out"; then
    crashes=1
    echo "the session was lost:"
    grep -E 'server closed|connection to server|terminated abnormally' "$out" | head -n 5
fi
# A crash ends every session, ours too, so only a failed run needs a close
# look.  Give the postmaster time to reap the crashed process first (a new
# connection may otherwise still be served from before the crash), then
# wait up to a minute for the recovery.
[ "$status" -eq 0 ] || sleep 3
tries=0
until stats_after=$(psql -X -At -d "$db" -c "$stats_query" 2>/dev/null); do
    stats_after=unreachable
    tries=$((tries + 1))
    [ "$tries" -lt 60 ] || break
    sleep 1
done
if [ "$stats_after" != "$stats_before" ]; then
    [ "$crashes" -gt 0 ] || crashes=1
    echo "the statistics were discarded (reset $stats_before, now $stats_after): the server crashed"
fi
if [ -n "$logfile" ]; then
    in_log=$(tail -c +"$log_from" "$logfile" | grep -cE 'terminated by (signal|exception)' || true)
    if [ "$in_log" -gt 0 ]; then
        tail -c +"$log_from" "$logfile" | grep -E -A2 'terminated by (signal|exception)' | head -n 20
        [ "$in_log" -le "$crashes" ] || crashes=$in_log
    fi
fi

# --- results: "result <path> tried accepted rejected other roundtrip"
[ "$status" -eq 0 ] || { echo "psql failed (exit $status):"; tail -n 30 "$out"; }
awk '$1 == "result" { printf "%-14s %7d tried %7d accepted %7d rejected %3d other errors %3d round-trip failures\n", $2, $3, $4, $5, $6, $7 }' "$out"
grep '^failure ' "$out" | sed 's/^failure /FAILED: /' || true
totals=$(awk '$1 == "result" { t += $3; a += $4; r += $5; o += $6; f += $7; n++ }
              END { print n + 0, t + 0, a + 0, r + 0, o + 0, f + 0 }' "$out")
set -- $totals
paths=$1 tried=$2 accepted=$3 rejected=$4 other=$5 roundtrip=$6
session=$(awk '$1 == "session" { print $2 }' "$out")
if [ "$status" -eq 0 ] && [ "$session" != t ]; then
    echo "the session at the end is not the one that started"
    [ "$crashes" -gt 0 ] || crashes=1
fi

commas() { printf '%s' "$1" | sed ':a;s/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/;ta'; }
echo "sql_bytes: tried $(commas "$tried"), accepted $(commas "$accepted"), rejected $(commas "$rejected") (22P02; 22023 from the constructor), other errors $other, round-trip failures $roundtrip, crashes $crashes"
[ "$status" -eq 0 ] && [ "$paths" -eq 5 ] && [ "$other" -eq 0 ] && [ "$roundtrip" -eq 0 ] && [ "$crashes" -eq 0 ]
