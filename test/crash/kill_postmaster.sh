#!/bin/sh
# Crash recovery: the registry survives the server being killed (SIGKILL of
# the postmaster and all its processes) in the middle of a survey import
# with a set-based writer beside it, and in the middle of
# outfall.refresh_zones, with nothing half done: no outfall half imported,
# no change missing from the ledger, no membership wrong, no index broken.
#
#   Starts a throwaway cluster of its own (initdb into a temporary
#   directory; as root the server runs as the OS user postgres), generates
#   a registry (test/generate/generate.sh, CRASH_SCALE outfalls in 黔江区),
#   then repeats CRASH_CYCLES cycles on the same database:
#   (a) a survey sheet of CRASH_SHEET_ROWS rows (sheet.sql) is imported by
#       outfall.import_survey() in chunks of CRASH_CHUNK rows, one
#       transaction each, its report written in the same transaction; beside
#       it a second session runs rounds of set-based writes (a sixth of the
#       generated outfalls moved, the imported ones sampled and advanced to
#       monitored; crash.write_round in setup.sql).  After a chunk picked at
#       random has committed, and a random fraction of a second more, the
#       postmaster and every process it started are killed with SIGKILL and
#       the cluster is started again: crash recovery.  Checked (crash.verify
#       in setup.sql), then the whole sheet imported again, to completion.
#   (b) zones added (zones.sql), CALL outfall.refresh_zones(CRASH_REFRESH_BATCH)
#       killed the same way once a random share of its batches has
#       committed; restarted, checked; refresh_zones run again to the end
#       and everything checked once more.
#   Each check (crash.verify): every row of every ledgered table equals the
#   fold of its ledger events (in the order written), with exactly one
#   insert event; outfalls_as_of and state_as_of agree with the registry;
#   each import chunk either committed whole (its report, every loaded row's
#   outfall, no refused row's) or left nothing, every imported outfall has
#   its report row, and the second import finds the first one's outfalls
#   unchanged; no code counter or identity sequence behind a value in use;
#   every zone has its pieces and outfall.outfall_zone equals the
#   memberships computed from the zones' boundaries; verify_heapam on every
#   table; amcheck's bt_index_parent_check (heapallindexed) on every btree
#   index; every GiST and GIN index read whole returns exactly the table's
#   rows (amcheck has no check for them in PostgreSQL 15).
#   Killing every process leaves the operating system's page cache intact:
#   this tests the server's recovery and what the extension keeps in
#   transactions, not the disk's flushes.
#
#   Needs no running server (test/run_all.sh runs it among the "tests
#   without a server"), only the extension installed (tools/build_install.sh).
#   Exits 1 when a check fails; the last line is the summary
#     crash: K cycles (K imports, K zone refreshes killed), 0 integrity failures, N indexes checked
#   where N counts the index checks of all the checks (one before the first
#   crash, three per cycle).  A kill that came after the import or refresh
#   had finished is said so and not counted as killed.
#
# Environment:
#   CRASH_CYCLES         cycles (default 4; 10 to 20 s each, more as the registry grows)
#   CRASH_SCALE          outfalls of the generated registry (default 1500)
#   CRASH_SHEET_ROWS     rows of each cycle's survey sheet (default 2000)
#   CRASH_CHUNK          rows imported per transaction (default 200)
#   CRASH_REFRESH_BATCH  batch size of the refresh that is killed (default 5)
#   CRASH_SEED           seed of the random kill points (default: the time)
#   CRASH_PORT           the cluster's port (default 5460; it listens on a
#                        unix socket in its own directory only)
#   CRASH_PGBIN          PostgreSQL's programs (default /usr/lib/postgresql/15/bin)
#   CRASH_KEEP=1         keep the cluster's directory when a check fails
#   CRASH_SELFTEST=1     instead of the cycles, break the registry in each
#                        way the checks look for and show that each is found
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cycles=${CRASH_CYCLES:-4}
scale=${CRASH_SCALE:-1500}
rows=${CRASH_SHEET_ROWS:-2000}
chunk=${CRASH_CHUNK:-200}
batch=${CRASH_REFRESH_BATCH:-5}
seed=${CRASH_SEED:-$(date +%s)}
port=${CRASH_PORT:-5460}
bin=${CRASH_PGBIN:-/usr/lib/postgresql/15/bin}
keep=${CRASH_KEEP:-0}
selftest=${CRASH_SELFTEST:-0}
for v in "$cycles" "$scale" "$rows" "$chunk" "$batch" "$seed" "$port"; do
    case $v in ''|*[!0-9]*) echo "crash: CRASH_* settings must be numbers" >&2; exit 2 ;; esac
done
chunks=$(( (rows + chunk - 1) / chunk ))
[ "$chunks" -ge 3 ] || { echo "crash: CRASH_SHEET_ROWS must make at least 3 chunks of CRASH_CHUNK" >&2; exit 2; }

started=$(date +%s)
work=$(mktemp -d "${TMPDIR:-/tmp}/outfall_crash.XXXXXX")
data=$work/data
cd "$work"
bg_jobs=
server=
said=
failed=0
cleanup() {
    rc=$?
    [ -n "$said" ] || echo "crash: FAILED: a command failed (exit status $rc)"
    for j in $bg_jobs; do kill "$j" 2>/dev/null || true; done
    if [ -f "$data/postmaster.pid" ]; then
        as_server "$bin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    [ -z "$server" ] || wait "$server" 2>/dev/null || true
    if [ "$keep" = 1 ] && [ "$rc" != 0 ]; then
        echo "crash: the cluster's directory is kept: $work (start it with pg_ctl -D $data)" >&2
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# initdb and postgres refuse to run as root: as root the cluster belongs to
# the OS user postgres, as pg_virtualenv does it.  setpriv execs the
# program (runuser and su stay in between, and stop with the postmaster).
if [ "$(id -u)" = 0 ]; then
    chown postgres:postgres "$work"
    as_server() { setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"; }
else
    as_server() { "$@"; }
fi

unset PGSERVICE PGHOSTADDR PGOPTIONS PGDATABASE
export PGHOST="$work" PGPORT="$port" PGUSER=postgres PGCLIENTENCODING=UTF8
db=crash_registry
q() { psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"; }
say() { echo "crash: [$(( $(date +%s) - started )) s] $*"; }
die() { said=1; echo "crash: FAILED: $*"; exit 1; }

# A small random number generator, so that CRASH_SEED replays the kill
# points (the timing around them varies all the same): sets r to 0..$1-1.
rand() {
    rand_state=$(( (rand_state * 1103515245 + 12345) % 2147483648 ))
    r=$(( (rand_state / 65536) % $1 ))
}
# small seeds spread over the state, the first outputs dropped
rand_state=$(( (seed * 2654435761) % 2147483648 ))
rand 2; rand 2; rand 2

# Processes are read from /proc (procps may be missing on a bare machine).
alive() {  # alive <pid>: it exists and is not a zombie
    read -r s 2>/dev/null < "/proc/$1/stat" || return 1
    case ${s##*) } in Z*) return 1 ;; esac
}

children() {  # children <pid>: the pids of its children
    for f in /proc/[0-9]*/stat; do
        read -r s 2>/dev/null < "$f" || continue
        s=${s##*) }     # after the command name: state, parent, ...
        s=${s#* }
        [ "${s%% *}" = "$1" ] || continue
        f=${f#/proc/}
        echo "${f%/stat}"
    done
}

# The postmaster runs as a child of this script, not detached by pg_ctl:
# once killed it is reaped here at once, and its pid in postmaster.pid no
# longer looks alive to the next start.
server_start() {
    as_server "$bin/postgres" -D "$data" >> "$work/log" 2>&1 &
    server=$!
    n=0
    until "$bin/pg_isready" -q; do
        alive "$server" || die "the cluster did not start: $(tail -n 20 "$work/log")"
        n=$((n + 1))
        [ "$n" -le 3000 ] || die "the cluster did not accept connections in 5 minutes: $(tail -n 20 "$work/log")"
        sleep 0.1
    done
}

# SIGKILL to the postmaster and every process it started, at once; then
# wait until they are all gone.  The postmaster is stopped first, so that it
# starts no process between the listing of its children and the kill.
crash_server() {
    pm=$(head -n 1 "$data/postmaster.pid")
    kill -STOP "$pm"
    kids=$(children "$pm" | tr '\n' ' ')
    # shellcheck disable=SC2086
    kill -KILL "$pm" $kids
    wait "$server" 2>/dev/null || true
    server=
    for p in $pm $kids; do
        n=0
        while alive "$p"; do
            n=$((n + 1))
            [ "$n" -le 600 ] || die "process $p of the killed cluster does not go away"
            sleep 0.05
        done
    done
}

# Start after a crash: the log must show crash recovery.
recovered=0
server_recover() {
    before=$(grep -c 'automatic recovery in progress' "$work/log" || true)
    t0=$(date +%s.%N)
    server_start
    t1=$(date +%s.%N)
    after=$(grep -c 'automatic recovery in progress' "$work/log" || true)
    [ "$after" -gt "$before" ] || die "the cluster started without crash recovery: $(tail -n 20 "$work/log")"
    recovered=$((recovered + 1))
    redo=$(grep 'redo done at' "$work/log" | tail -n 1 | sed -n 's/.*elapsed: \([0-9.]* s\).*/\1/p')
    restart_s=$(echo "$t0 $t1" | awk '{ printf "%.1f", $2 - $1 }')
}

# crash.verify, its failures counted and shown; sets checks_ok.
index_checks=0
verify() {  # verify <when>
    out=$(q -At -F '|' -c "SELECT property, failures, coalesce(detail, '') FROM crash.verify()") ||
        die "$1: the checks could not run"
    bad=0
    summary=
    while IFS='|' read -r prop n detail; do
        case $prop in
            btree|gist_gin) index_checks=$((index_checks + ${detail%% checked*})) ;;
        esac
        if [ "$n" != 0 ]; then
            bad=$((bad + n))
            echo "crash: $1: $prop: $n failures: $detail" | cut -c 1-2000
            summary="$summary $prop"
        fi
    done <<EOF
$out
EOF
    failed=$((failed + bad))
    checks_ok=$([ "$bad" = 0 ] && echo 1 || echo 0)
}

as_server "$bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 -N >"$work/initdb.log" 2>&1 ||
    die "initdb failed: $(cat "$work/initdb.log")"
# Shared buffers the database outgrows, so that pages are written out between
# checkpoints, and a checkpoint every 30 s, so that recovery starts from
# varied places.
cat >> "$data/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$work'
port = $port
fsync = on
synchronous_commit = on
full_page_writes = on
shared_buffers = 64MB
max_wal_size = 1GB
checkpoint_timeout = 30s
log_checkpoints = on
recovery_init_sync_method = syncfs
EOF
server_start
createdb "$db"
q -c "SET client_min_messages = warning" -c "CREATE EXTENSION outfall CASCADE"
"$root/test/generate/generate.sh" --scale "$scale" --county 500114 --seed crash --quiet -d "$db" > "$work/generate.out" ||
    die "generate.sh failed: $(cat "$work/generate.out")"
q -f "$here/setup.sql"
say "seed $seed; $(tail -n 1 "$work/generate.out")"
verify "before any crash"
[ "$checks_ok" = 1 ] || die "the generated registry fails the checks before any crash"

import_sql() {  # import_sql <cycle> <pass>: every chunk of the sheet, one transaction each
    k=1
    while [ "$k" -le "$chunks" ]; do
        printf 'BEGIN;\nSET LOCAL crash.cycle = %s;\nSET LOCAL crash.chunk = %s;\n' "$1" "$k"
        printf "INSERT INTO crash.report SELECT %s, %s, %s, r.* FROM outfall.import_survey('crash.current_chunk') r;\nCOMMIT;\n" "$1" "$k" "$2"
        k=$((k + 1))
    done
}

if [ "$selftest" = 1 ]; then
    # One chunk imported and the zones of a cycle added, all checks passing;
    # then each fault, in a transaction rolled back after the checks.
    q -f "$here/sheet.sql" -v cycle=1 -v rows="$rows" -v chunk_size="$chunk"
    import_sql 1 1 | head -n 5 | q
    q -v cycle=1 -f "$here/zones.sql" >/dev/null
    verify "self-test, intact"
    [ "$checks_ok" = 1 ] || die "self-test: the intact registry fails the checks"
    faults=0
    while IFS='|' read -r expect fault; do
        out=$(q -At -c "BEGIN" -c "SET client_min_messages = warning" -c "$fault" \
                -c "SELECT 'failed: ' || property FROM crash.verify() WHERE failures > 0" -c "ROLLBACK")
        found=$(echo "$out" | sed -n 's/^failed: //p' | tr '\n' ' ')
        case " $found" in
            *" $expect "*) say "self-test: $expect found ($found): $fault" ;;
            *) die "self-test: expected $expect to fail, failed: ${found:-nothing}: $fault" ;;
        esac
        faults=$((faults + 1))
    done <<'EOF'
ledger|ALTER TABLE outfall.outfall DISABLE TRIGGER outfall_ledger; INSERT INTO outfall.outfall (survey_id, survey_name, division, found_on) VALUES ('SELFTEST-1', '自检排口', '500114002', '2024-05-01')
ledger|ALTER TABLE outfall.plan DISABLE TRIGGER plan_ledger; UPDATE outfall.plan SET deadline = deadline + 1 WHERE id = (SELECT min(id) FROM outfall.plan)
outfalls_as_of|ALTER TABLE outfall.outfall DISABLE TRIGGER outfall_ledger; UPDATE outfall.outfall SET water_body = (SELECT max(code) FROM outfall.water_body) WHERE id = (SELECT min(id) FROM outfall.outfall WHERE water_body <> (SELECT max(code) FROM outfall.water_body))
state_as_of|ALTER TABLE outfall.outfall DISABLE TRIGGER outfall_ledger; UPDATE outfall.outfall SET status = 'monitored' WHERE id = (SELECT min(id) FROM outfall.outfall WHERE status = 'found' AND EXISTS (SELECT FROM outfall.sample s WHERE s.outfall_id = outfall.id))
import|DELETE FROM crash.report WHERE chunk = 1
import|DELETE FROM outfall.outfall WHERE id = (SELECT max(outfall_id) FROM crash.report)
counters|UPDATE outfall.code_counter SET last_seq = 1 WHERE last_seq > 1 AND ctid = (SELECT min(ctid) FROM outfall.code_counter WHERE last_seq > 1)
counters|ALTER SEQUENCE outfall.outfall_id_seq RESTART WITH 10
zones|INSERT INTO outfall.outfall_zone SELECT o.id, z.id FROM outfall.outfall o, outfall.zone z WHERE o.geom IS NOT NULL AND NOT ST_Intersects(o.geom, z.geom) LIMIT 1
zones|DELETE FROM outfall.outfall_zone WHERE ctid = (SELECT min(ctid) FROM outfall.outfall_zone)
EOF
    # An index broken on disk: the items of a block of the divisions'
    # primary key (which the other checks do not read) overwritten, its
    # page header and special space kept, while the server is down.
    file=$(q -At -c "SELECT current_setting('data_directory') || '/' || pg_relation_filepath('outfall.division_pkey')")
    as_server "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
    wait "$server" 2>/dev/null || true
    as_server dd if=/dev/urandom of="$file" bs=1 seek=$((8192 + 24)) count=$((8192 - 24 - 16)) conv=notrunc status=none
    server_start
    verify "self-test, an index block overwritten"
    case $summary in
        *btree*) say "self-test: btree found (a block of outfall.division_pkey overwritten)" ;;
        *) die "self-test: an overwritten index block was not found" ;;
    esac
    said=1
    say "self-test: $((faults + 1)) faults, each found ($(( $(date +%s) - started )) s)"
    exit 0
fi

imports_killed=0
refreshes_killed=0
cycle=1
while [ "$cycle" -le "$cycles" ]; do
    # (a) the import and the set-based writer, killed after a chunk
    q -f "$here/sheet.sql" -v cycle="$cycle" -v rows="$rows" -v chunk_size="$chunk"
    import_sql "$cycle" 1 > "$work/import.sql"
    # after any chunk but the last two: the kill comes while one is in flight
    rand $((chunks - 2)); target=$((r + 1))
    rand 300; delay=$(printf '0.%03d' "$r")
    psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f "$work/import.sql" > "$work/import.out" 2>&1 &
    importer=$!
    printf '%s\n' "SELECT format('SELECT crash.write_round($cycle, %s)', r) FROM generate_series(1, 100000) r \\gexec" |
        psql -X -q -v ON_ERROR_STOP=1 -d "$db" > "$work/writer.out" 2>&1 &
    writer=$!
    bg_jobs="$importer $writer"
    n=0
    while :; do
        done_chunks=$(q -At -c "SELECT count(DISTINCT chunk) FROM crash.report WHERE cycle = $cycle AND pass = 1")
        [ "$done_chunks" -lt "$target" ] || break
        alive "$importer" || die "cycle $cycle: the import stopped after $done_chunks chunks: $(cat "$work/import.out")"
        alive "$writer" || die "cycle $cycle: the writer stopped: $(cat "$work/writer.out")"
        n=$((n + 1))
        [ "$n" -le 6000 ] || die "cycle $cycle: chunk $target of the import was not committed in 10 minutes"
        sleep 0.1
    done
    sleep "$delay"
    running=0
    alive "$importer" && alive "$writer" && running=1
    crash_server
    wait "$importer" 2>/dev/null || true
    wait "$writer" 2>/dev/null || true
    bg_jobs=
    [ "$running" = 1 ] && imports_killed=$((imports_killed + 1))
    server_recover
    read -r committed rounds <<EOF
$(q -At -F ' ' -c "SELECT (SELECT count(DISTINCT chunk) FROM crash.report WHERE cycle = $cycle AND pass = 1),
                          (SELECT count(*) FROM crash.round WHERE cycle = $cycle)")
EOF
    verify "cycle $cycle, after the import was killed"
    say "cycle $cycle: import killed $delay s after chunk $target of $chunks$([ "$running" = 1 ] || echo ' (it had finished)'): $committed chunks and $rounds writer rounds committed; restart $restart_s s (redo ${redo:-?})"
    [ "$checks_ok" = 1 ] || break
    # the whole sheet again, as a DBA would after the crash
    import_sql "$cycle" 2 | q

    # (b) zones added, refresh_zones killed after a share of its batches
    q -v cycle="$cycle" -f "$here/zones.sql" >/dev/null
    rand 60; share=$((r + 10))
    : > "$work/refresh.out"
    psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "CALL outfall.refresh_zones($batch)" > "$work/refresh.out" 2>&1 &
    refresher=$!
    bg_jobs=$refresher
    n=0
    while :; do
        last=$(grep 'refresh_zones: [0-9]* of [0-9]* outfalls' "$work/refresh.out" | tail -n 1 |
               sed 's/.*refresh_zones: \([0-9]*\) of \([0-9]*\) outfalls.*/\1 of \2/')
        if [ -n "$last" ]; then
            [ $(( ${last%% of *} * 100 )) -lt $(( ${last##* of } * share )) ] || break
        fi
        alive "$refresher" || break
        n=$((n + 1))
        [ "$n" -le 30000 ] || die "cycle $cycle: refresh_zones made no progress in 10 minutes"
        sleep 0.02
    done
    running=0
    alive "$refresher" && running=1
    crash_server
    wait "$refresher" 2>/dev/null || true
    bg_jobs=
    [ "$running" = 1 ] && refreshes_killed=$((refreshes_killed + 1))
    batches=$(grep -c 'refresh_zones: [0-9]* of [0-9]* outfalls' "$work/refresh.out" || true)
    server_recover
    verify "cycle $cycle, after refresh_zones was killed"
    say "cycle $cycle: refresh_zones($batch) killed at ${last:-no batch} outfalls (aimed at $share%), $batches batches reported$([ "$running" = 1 ] || echo ' (it had finished)'); restart $restart_s s (redo ${redo:-?})"
    [ "$checks_ok" = 1 ] || break
    q -c "SET client_min_messages = warning" -c "CALL outfall.refresh_zones()"
    verify "cycle $cycle, after the refresh and the import were run again"
    [ "$checks_ok" = 1 ] || break
    cycle=$((cycle + 1))
done

read -r n_outfalls n_ledger n_zones n_members <<EOF
$(q -At -F ' ' -c "SELECT (SELECT count(*) FROM outfall.outfall), (SELECT count(*) FROM outfall.ledger),
                          (SELECT count(*) FROM outfall.zone), (SELECT count(*) FROM outfall.outfall_zone)")
EOF
say "at the end: $n_outfalls outfalls, $n_ledger ledger events, $n_zones zones, $n_members memberships; $recovered crash recoveries; $(( $(date +%s) - started )) s"
said=1
done_cycles=$((cycle - 1))
if [ "$failed" != 0 ] || [ "$done_cycles" != "$cycles" ]; then
    echo "crash: FAILED: $done_cycles of $cycles cycles ($imports_killed imports, $refreshes_killed zone refreshes killed), $failed integrity failures, $index_checks indexes checked"
    exit 1
fi
echo "crash: $cycles cycles ($imports_killed imports, $refreshes_killed zone refreshes killed), 0 integrity failures, $index_checks indexes checked"
