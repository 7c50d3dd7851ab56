#!/bin/sh
# Zones benchmark: 20,000 priority zones on a generated registry — river
# corridors of 1,000 m built by outfall.build_corridor and large polygons of
# 2,000 to 5,000 vertices — loaded through outfall.import_zones, then the
# full CALL outfall.refresh_zones() against the queries an analyst would
# write without the extension (ST_DWithin on geography against the river
# lines, ST_Intersects with an ST_Buffer computed per row, ST_Intersects
# against the unsplit polygons), timed on a sample of outfalls; the
# single-outfall queries (zones_at, in_key_area, required_action); the
# spatial rules over the registry; and what zones add to a registration.
#
#   test/bench/zones.sh -d DBNAME [options]
#
# DBNAME is a database with a generated registry (test/generate) and the
# extension at 0.4 or later.  THE BENCHMARK REPLACES ITS ZONES (it refuses
# to run where there are zones it did not load): run it on a copy,
#   createdb -T gen1m gen1m_zones
# and give --upgrade to update the copy's extension first, timed.
#
# Options:
#   --zones N          zones in all (default 20000)
#   --polygons N       how many of them are large polygons (default a tenth);
#                      the rest are river corridors, as many as there are
#                      water bodies with a geometry
#   --seed S           any text; the same seed gives the same zones and
#                      samples (default bench)
#   --sample N         outfalls the baselines are timed on (default 2000)
#   --buffer-sample N  of those, the first N for the ST_Buffer-per-row
#                      baseline, which takes seconds an outfall (default 20)
#   --points N         outfalls of the sample for the point queries (default 2000)
#   --batch N          refresh_zones(batch_size) (default 50000, its default)
#   --upgrade          ALTER EXTENSION outfall UPDATE first, timed
#   --no-register      leave out the registrations with and without zones
#
# Environment: PG* (the cluster and user), BENCH_RUNS (runs of every
# repeated figure, median reported; default 3), ACTION_SECONDS (time given
# to required_action per run, default 20), REG_BATCH (registrations per
# batch, default 400).  Progress goes to standard error, the report to
# standard output.  About 21 minutes on 2 cores for the default sizes on a
# 1,000,000-outfall registry.  See test/bench/README.md, "Zones benchmark".
set -eu
here=$(cd "$(dirname "$0")" && pwd)
runs=${BENCH_RUNS:-3}
action_seconds=${ACTION_SECONDS:-20}
reg_batch=${REG_BATCH:-400}
db= zones=20000 polygons= seed=bench sample=2000 buffer_sample=20 points=2000 batch=50000
upgrade=off register=on
die() { echo "zones.sh: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
    case $1 in
        -d) [ $# -ge 2 ] || die "$1 needs a value"; db=$2; shift 2 ;;
        --zones|--polygons|--seed|--sample|--buffer-sample|--points|--batch)
            [ $# -ge 2 ] || die "$1 needs a value"
            case $1 in
                --zones) zones=$2 ;; --polygons) polygons=$2 ;; --seed) seed=$2 ;;
                --sample) sample=$2 ;; --buffer-sample) buffer_sample=$2 ;;
                --points) points=$2 ;; --batch) batch=$2 ;;
            esac
            shift 2 ;;
        --upgrade) upgrade=on; shift ;;
        --no-register) register=off; shift ;;
        *) die "unknown argument '$1'" ;;
    esac
done
[ -n "$db" ] || die "give the database with -d"
[ -n "$polygons" ] || polygons=$((zones / 10))
for v in "$runs" "$action_seconds" "$reg_batch" "$zones" "$sample" "$buffer_sample" "$points" "$batch"; do
    case $v in ''|*[!0-9]*|0) die "BENCH_RUNS, ACTION_SECONDS, REG_BATCH and the sizes must be positive numbers" ;; esac
done
case $polygons in ''|*[!0-9]*) die "--polygons must be a number" ;; esac
[ "$polygons" -le "$zones" ] || die "--polygons is more than --zones"
[ "$buffer_sample" -le "$sample" ] || die "--buffer-sample is more than --sample"
[ "$points" -le "$sample" ] || die "--points is more than --sample"
[ -n "$seed" ] || die "--seed must not be empty"

export PGDATABASE="$db" PGCLIENTENCODING=UTF8
psql="psql -X -q -v ON_ERROR_STOP=1"
start=$(date +%s)
elapsed() { echo "[$(( $(date +%s) - start ))s] zones: $*" >&2; }
now() { date +%s.%N; }
work=$(mktemp -d -t outfall-zones.XXXXXX)
reg_tpl="${db}_zreg_tpl" reg_none="${db}_zreg_none" reg_zones="${db}_zreg_zones"
cleanup() {
    rm -rf "$work"
    if [ "$register" = on ]; then
        for d in "$reg_none" "$reg_zones" "$reg_tpl"; do dropdb --if-exists "$d" 2>/dev/null || true; done
    fi
}
trap cleanup EXIT

# --- the extension -----------------------------------------------------------------
installed=$($psql -At -c "SELECT extversion FROM pg_extension WHERE extname = 'outfall'")
[ -n "$installed" ] || die "database $db has no outfall extension"
default=$($psql -At -c "SELECT default_version FROM pg_available_extensions WHERE name = 'outfall'")
upgrade_s=
if [ "$installed" != "$default" ]; then
    [ "$upgrade" = on ] || die "the extension is at $installed, not $default: give --upgrade to update it (timed)"
    elapsed "ALTER EXTENSION outfall UPDATE ($installed to $default)"
    t0=$(now)
    $psql -c "ALTER EXTENSION outfall UPDATE"
    upgrade_s=$(awk -v a="$(now)" -v b="$t0" 'BEGIN { printf "%.3f", a - b }')
fi
$psql -At -c "SELECT 1 FROM pg_proc WHERE proname = 'refresh_zones' AND pronamespace = 'outfall'::regnamespace" |
    grep -q 1 || die "the extension in $db has no zones (0.4 or later is needed)"

# --- the zones, the sample ---------------------------------------------------------------
elapsed "corridors and polygons ($zones zones, $polygons polygons, seed $seed), sample of $sample outfalls"
$psql -f "$here/zones_gen.sql"
$psql -v seed="$seed" -v zones="$zones" -v polygons="$polygons" -v sample="$sample" -f "$here/zones_setup.sql"
got=$($psql -At -c "SELECT count(*) FROM zb.sheet")
[ "$got" -eq "$zones" ] ||
    echo "zones.sh: only $got zones: the registry has fewer water bodies with a geometry than the $((zones - polygons)) corridors asked for" >&2
if [ -n "$upgrade_s" ]; then
    $psql -c "INSERT INTO zb.result VALUES ('upgrade $installed to $default', 1, $upgrade_s, NULL)"
fi

# --- the load, the refreshes ---------------------------------------------------------------
elapsed "load: outfall.import_zones of the sheet"
$psql -f "$here/zones_load.sql"
run=1
while [ "$run" -le "$runs" ]; do
    elapsed "full refresh $run/$runs: CALL outfall.refresh_zones($batch)"
    $psql -c "VACUUM ANALYZE outfall.outfall_zone, outfall.zone_part"
    $psql -v batch="$batch" -v run="$run" -f "$here/zones_refresh.sql" 2> "$work/refresh.err" || {
        cat "$work/refresh.err" >&2; exit 1; }
    sed 's/^/    /' "$work/refresh.err" >&2
    # NOTICE:  refresh_zones: 20000 zones cut into 210687 pieces (88.7 s)
    pieces=$(sed -n 's/.*refresh_zones: [0-9]* zones cut into [0-9]* pieces (\([0-9.]*\) s).*/\1/p' "$work/refresh.err")
    [ -n "$pieces" ] && $psql -c "INSERT INTO zb.result VALUES ('refresh: pieces', $run, $pieces, NULL)"
    run=$((run + 1))
done

# --- the baselines on the sample -------------------------------------------------------------
elapsed "baselines on the sample ($sample outfalls, ST_Buffer per row on $buffer_sample)"
$psql -v runs="$runs" -v buffer_sample="$buffer_sample" -f "$here/zones_baseline.sql"

# --- the point queries, the rules -------------------------------------------------------------
elapsed "point queries ($points outfalls, 1 warm-up + $runs runs)"
$psql -v runs="$runs" -v points="$points" -v action_seconds="$action_seconds" -f "$here/zones_points.sql"
elapsed "findings() of the four spatial rules (1 warm-up + $runs runs, then each rule once)"
$psql -v runs="$runs" -f "$here/zones_findings.sql"

# --- registrations with and without zones -------------------------------------------------------
# The registry benchmark's template (registry_setup.sql) in a database of
# its own, copied twice: one copy gets the sheet's zones and a few around
# the documents, the other none.  Batches alternate between the copies,
# each batch a new session: 20 untimed registrations, then REG_BATCH
# timed ones, each its own transaction.
if [ "$register" = on ]; then
    batches=$((4 * runs)) warm=20
    docs=$((batches * (warm + reg_batch)))
    elapsed "registrations: template with $docs documents, a copy with the $zones zones and one without"
    for d in "$reg_none" "$reg_zones" "$reg_tpl"; do dropdb --if-exists "$d" 2>/dev/null || true; done
    createdb "$reg_tpl"
    PGDATABASE="$reg_tpl" $psql -v docs="$docs" -f "$here/registry_setup.sql"
    PGDATABASE="$reg_tpl" $psql -f "$here/zones_gen.sql"
    PGDATABASE="$reg_tpl" $psql -f "$here/zones_reg_setup.sql"
    createdb -T "$reg_tpl" "$reg_none"
    createdb -T "$reg_tpl" "$reg_zones"
    $psql -c "COPY (SELECT kind, name, level, source, valid_from, due_on, geom FROM zb.sheet ORDER BY line) TO STDOUT (FORMAT binary)" |
        PGDATABASE="$reg_zones" $psql -c "COPY zb.sheet (kind, name, level, source, valid_from, due_on, geom) FROM STDIN (FORMAT binary)"
    PGDATABASE="$reg_zones" $psql -v seed="$seed" -f "$here/zones_reg_zones.sql"
    b=1
    while [ "$b" -le "$batches" ]; do
        if [ $((b % 2)) -eq 1 ]; then order="$reg_none $reg_zones"; else order="$reg_zones $reg_none"; fi
        elapsed "registrations: batch $b/$batches, $reg_batch registrations in each copy"
        for d in $order; do
            out=$(PGDATABASE="$d" $psql -At -F ' ' -c "CALL rb.zone_batch($(( (b - 1) * (warm + reg_batch) + 1 )), $warm, $reg_batch, NULL, NULL)")
            ms=${out% *} cpu=${out#* }
            case $d in "$reg_zones") v='register: with zones' ;; *) v='register: no zones' ;; esac
            $psql -c "INSERT INTO zb.result VALUES ('$v', $b, $ms / 1000.0, $reg_batch, NULLIF('$cpu', '')::float8 / 1000.0)"
        done
        b=$((b + 1))
    done
    counts=$(PGDATABASE="$reg_zones" $psql -At -F ' ' -c "SELECT (SELECT count(*) FROM outfall.outfall), (SELECT count(*) FROM outfall.outfall_zone), (SELECT count(*) FROM outfall.zone), (SELECT count(*) FROM outfall.outfall WHERE code IS NULL)")
    set -- $counts
    [ "$4" = 0 ] || die "registrations: $4 outfalls registered without a code"
    $psql -c "INSERT INTO zb.result VALUES ('register: outfalls', 1, NULL, $1), ('register: memberships', 1, NULL, $2), ('register: zones', 1, NULL, $3)"
fi
elapsed "done"

# --- report -------------------------------------------------------------------------------
echo "outfall zones benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), database $db, seed $seed, $runs runs per repeated figure (median)"
$psql -v runs="$runs" -v batch="$batch" -f "$here/zones_report.sql"
