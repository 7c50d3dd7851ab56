#!/bin/sh
# A cancelled outfall.refresh_zones keeps every batch it finished, exactly,
# and nothing of the batch it was in; a second CALL finishes the rest.
#
#   A database of a few thousand generated outfalls (sparse ids: every 7th
#   deleted) and a few dozen zones (circles, squares, a ragged polygon cut
#   into pieces, a river corridor); the memberships are emptied and some
#   wrong ones written, the right ones recomputed independently from the
#   zones' boundaries (not from outfall.zone_part).  A second session holds
#   one outfall row locked FOR UPDATE, so the batch that writes a membership
#   of that outfall waits; the CALL runs with statement_timeout and is
#   cancelled there.  Then: the memberships of every batch its notices
#   report finished are exactly the recomputed ones, those of later outfalls
#   are untouched (the wrong ones still there, nothing else), the batches
#   were of REFRESH_BATCH outfalls each; and after a second CALL, without
#   the lock, every membership is exactly right.
#
#   Runs inside a cluster (PG* variables set; test/run_all.sh does that), as
#   a superuser, after `make install`.  Prints PASS ... or FAILED ... last;
#   exits 1 on failure.
#
# Environment: REFRESH_DB (database to create and drop, default
# outfall_refresh_cancel), REFRESH_OUTFALLS (default 6000), REFRESH_BATCH
# (default 200), REFRESH_TIMEOUT (statement_timeout of the cancelled CALL,
# default 3s), REFRESH_TEST_SKEW (SQL run once the extension is created, to
# see the test fail, e.g. a zone_membership_batch that keeps old rows).
set -eu
db=${REFRESH_DB:-outfall_refresh_cancel}
outfalls=${REFRESH_OUTFALLS:-6000}
batch=${REFRESH_BATCH:-200}
timeout=${REFRESH_TIMEOUT:-3s}
app=outfall_refresh_cancel_lock

work=$(mktemp -d)
locker=
said=
cleanup() {
    rc=$?
    # set -e stopped the script at a command that failed
    [ -n "$said" ] || echo "FAILED refresh_cancel: a command failed (exit status $rc)"
    if [ -n "$locker" ]; then
        psql -X -q -d "$db" -Atc "SELECT pg_cancel_backend(pid) FROM pg_stat_activity
                                   WHERE application_name = '$app' AND datname = '$db'" >/dev/null 2>&1 || true
        wait "$locker" 2>/dev/null || true
    fi
    dropdb --if-exists "$db" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
fail() { said=1; echo "FAILED refresh_cancel: $*"; exit 1; }
q() { psql -X -q -v ON_ERROR_STOP=1 -d "$db" -At "$@"; }

dropdb --if-exists "$db" 2>/dev/null
createdb "$db"
q -c "SET client_min_messages = warning" -c "CREATE EXTENSION outfall CASCADE"
[ -z "${REFRESH_TEST_SKEW:-}" ] || q -c "$REFRESH_TEST_SKEW"

# Outfalls spread over 0.8° by 0.8° of 昌吉 (a low-discrepancy sequence, so
# the same points every run), then every 7th deleted.  Zones: circles and
# squares of every kind, overlapping, a ragged red line of 3,000 vertices
# (cut into many pieces), and the key area along a river crossing the box.
q > /dev/null <<SQL
SET client_min_messages = warning;
SET search_path = outfall, public;
INSERT INTO outfall (survey_id, survey_name, division, found_on, geom)
SELECT 'RC-' || i, '生成排口' || i, '652301101', '2024-03-01',
       ST_SetSRID(ST_MakePoint(87.0 + 0.8 * ((i * 0.6180339887498949) - floor(i * 0.6180339887498949)),
                               43.8 + 0.8 * ((i * 0.7548776662466927) - floor(i * 0.7548776662466927))), 4490)
  FROM generate_series(1, $outfalls) i;
DELETE FROM outfall WHERE id % 7 = 0;
SELECT count(add_zone(k.kind, '生成区域' || g, ST_Buffer(ST_SetSRID(ST_MakePoint(87.05 + 0.7 * (g % 6) / 5.0,
                                                                                43.85 + 0.7 * (g / 6) / 4.0), 4490),
                                                         0.03 + 0.02 * (g % 3), 'quad_segs=8')))
  FROM generate_series(0, 29) g
  JOIN (SELECT row_number() OVER (ORDER BY kind) - 1 AS n, kind FROM zone_kind) k
    ON k.n = g % (SELECT count(*) FROM zone_kind);
SELECT count(add_zone('sewer_coverage', '生成方块' || g,
                      ST_MakeEnvelope(87.1 + 0.1 * g, 43.9 + 0.05 * g, 87.25 + 0.1 * g, 44.1 + 0.05 * g, 4490)))
  FROM generate_series(0, 5) g;
SELECT add_zone('red_line', '生成锯齿红线', ST_MakePolygon(ST_MakeLine(array_agg(ST_SetSRID(ST_MakePoint(
           87.4 + (0.25 + 0.03 * sin(i * 11.0) + 0.02 * cos(i * 17.0)) * cos(2 * pi() * i / 3000),
           44.2 + (0.25 + 0.03 * sin(i * 11.0) + 0.02 * cos(i * 17.0)) * sin(2 * pi() * i / 3000)), 4490) ORDER BY n))))
  FROM (SELECT n, n % 3000 AS i FROM generate_series(0, 3000) n) s;
INSERT INTO water_body (code, name, kind, geom)
VALUES ('RC01', '生成河', 'river', 'SRID=4490;MULTILINESTRING((86.95 43.9, 87.3 44.05, 87.6 44.2, 87.85 44.55))');
SELECT add_key_area('RC01', 1000, '2025-08-31', 60);
SQL

# The right memberships, from the zones' own boundaries.
q <<'SQL'
CREATE TABLE public.rc_expected AS
SELECT o.id AS outfall_id, z.id AS zone_id
  FROM outfall.outfall o JOIN outfall.zone z ON ST_Intersects(z.geom, o.geom);
SQL
read -r n_outfalls n_zones n_expected n_pieces <<EOF
$(q -F ' ' -c "SELECT (SELECT count(*) FROM outfall.outfall), (SELECT count(*) FROM outfall.zone),
                      (SELECT count(*) FROM public.rc_expected), (SELECT count(*) FROM outfall.zone_part)")
EOF
[ "$n_expected" -gt "$n_outfalls" ] || fail "only $n_expected memberships for $n_outfalls outfalls: the data does not test much"
# the triggers kept them so far
wrong=$(q -c "SELECT count(*) FROM ((SELECT * FROM outfall.outfall_zone EXCEPT SELECT * FROM public.rc_expected)
                                    UNION ALL (SELECT * FROM public.rc_expected EXCEPT SELECT * FROM outfall.outfall_zone)) x")
[ "$wrong" = 0 ] || fail "before the test, the triggers' memberships differ from the recomputed ones in $wrong rows"

# The outfall to lock: one with a membership, in the middle of the ids.
# Memberships emptied; wrong ones written for outfalls early and late.
locked=$(q -c "SELECT outfall_id FROM (SELECT DISTINCT outfall_id FROM public.rc_expected) e
                ORDER BY outfall_id OFFSET (SELECT count(DISTINCT outfall_id) / 2 FROM public.rc_expected) LIMIT 1")
q <<SQL
DELETE FROM outfall.outfall_zone;
CREATE TABLE public.rc_stale AS
SELECT o.id AS outfall_id, z.id AS zone_id
  FROM (SELECT id FROM outfall.outfall ORDER BY id LIMIT 20) o CROSS JOIN (SELECT min(id) AS id FROM outfall.zone) z
 WHERE NOT EXISTS (SELECT FROM public.rc_expected e WHERE e.outfall_id = o.id AND e.zone_id = z.id)
UNION ALL
SELECT o.id, z.id
  FROM (SELECT id FROM outfall.outfall WHERE id > $locked + 2 * $batch ORDER BY id LIMIT 20) o
 CROSS JOIN (SELECT min(id) AS id FROM outfall.zone) z
 WHERE NOT EXISTS (SELECT FROM public.rc_expected e WHERE e.outfall_id = o.id AND e.zone_id = z.id);
INSERT INTO outfall.outfall_zone SELECT * FROM public.rc_stale;
SQL

# The second session: holds the outfall row until it is cancelled.
PGAPPNAME=$app psql -X -q -d "$db" -c "BEGIN" \
    -c "SELECT 1 FROM outfall.outfall WHERE id = $locked FOR UPDATE" \
    -c "SELECT pg_sleep(600)" > "$work/locker.out" 2>&1 &
locker=$!
tries=0
until [ "$(q -c "SELECT count(*) FROM pg_stat_activity WHERE application_name = '$app' AND datname = '$db'
                   AND state = 'active' AND query LIKE 'SELECT pg_sleep%'")" = 1 ]; do
    tries=$((tries + 1))
    [ "$tries" -le 300 ] || fail "the locking session did not start: $(cat "$work/locker.out")"
    sleep 0.1
done

# The refresh, cancelled by its statement timeout while it waits.
if PGOPTIONS="-c statement_timeout=$timeout" psql -X -q -d "$db" \
        -c "CALL outfall.refresh_zones($batch)" > "$work/first.out" 2>&1; then
    fail "the first CALL was not cancelled: $(cat "$work/first.out")"
fi
grep -q 'canceling statement due to statement timeout' "$work/first.out" ||
    fail "the first CALL failed otherwise: $(cat "$work/first.out")"
grep -q "refresh_zones: $n_zones zones cut into $n_pieces pieces" "$work/first.out" ||
    fail "no notice of the pieces ($n_zones zones, $n_pieces pieces): $(cat "$work/first.out")"
# the last batch it reports finished
hi=$(sed -n 's/.*refresh_zones: [0-9]* of [0-9]* outfalls (ids up to \([0-9]*\)), [0-9]* memberships.*/\1/p' "$work/first.out" | tail -n 1)
[ -n "$hi" ] || fail "the first CALL finished no batch before it was cancelled: $(cat "$work/first.out")"
done_outfalls=$(sed -n 's/.*refresh_zones: \([0-9]*\) of [0-9]* outfalls (ids up to '"$hi"').*/\1/p' "$work/first.out")
batches=$(grep -c 'refresh_zones: [0-9]* of [0-9]* outfalls' "$work/first.out")

# What it left, against the recomputation.
read -r max_present n_upto wrong_upto missing_upto later later_stale blocked_done in_batches parts_ok <<EOF
$(q -F ' ' <<SQL
SELECT (SELECT coalesce(max(outfall_id), 0) FROM outfall.outfall_zone z
         WHERE NOT EXISTS (SELECT FROM public.rc_stale s WHERE s.outfall_id = z.outfall_id AND s.zone_id = z.zone_id)),
       (SELECT count(*) FROM outfall.outfall_zone WHERE outfall_id <= $hi),
       (SELECT count(*) FROM (SELECT * FROM outfall.outfall_zone WHERE outfall_id <= $hi
                              EXCEPT SELECT * FROM public.rc_expected) x),
       (SELECT count(*) FROM (SELECT * FROM public.rc_expected WHERE outfall_id <= $hi
                              EXCEPT SELECT * FROM outfall.outfall_zone) x),
       (SELECT count(*) FROM outfall.outfall_zone WHERE outfall_id > $hi),
       (SELECT count(*) FROM (SELECT * FROM outfall.outfall_zone WHERE outfall_id > $hi
                              INTERSECT SELECT * FROM public.rc_stale) x),
       $hi >= $locked,
       (SELECT count(*) FROM outfall.outfall WHERE id <= $hi) = $batches * $batch,
       (SELECT count(*) FROM outfall.zone_part) = $n_pieces
          AND NOT EXISTS (SELECT FROM outfall.zone z WHERE NOT EXISTS (SELECT FROM outfall.zone_part p WHERE p.zone_id = z.id));
SQL
)
EOF
[ "$blocked_done" = f ] || fail "the batch with the locked outfall $locked finished (ids up to $hi)"
[ "$in_batches" = t ] || fail "$batches batches did not cover $batches × $batch outfalls up to id $hi"
[ "$parts_ok" = t ] || fail "the zones' pieces were not all rebuilt before the first batch"
[ "$done_outfalls" = $((batches * batch)) ] || fail "the notices count $done_outfalls outfalls in $batches batches"
[ "$max_present" -le "$hi" ] || fail "memberships of outfall $max_present, beyond the last finished batch (ids up to $hi)"
[ "$wrong_upto" = 0 ] || fail "$wrong_upto memberships of the finished batches (ids up to $hi) are wrong"
[ "$missing_upto" = 0 ] || fail "$missing_upto memberships of the finished batches (ids up to $hi) are missing"
[ "$later" = "$later_stale" ] || fail "beyond the finished batches $later memberships, $later_stale of them the old ones"
stale_later=$(q -c "SELECT count(*) FROM public.rc_stale WHERE outfall_id > $hi")
[ "$later_stale" = "$stale_later" ] || fail "the unfinished batches lost old rows: $later_stale of $stale_later left"
[ "$n_upto" -gt 0 ] || fail "the finished batches have no memberships to compare"

# The lock released, a second CALL finishes everything.
q -c "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE application_name = '$app' AND datname = '$db'" >/dev/null
wait "$locker" 2>/dev/null || true
locker=
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "CALL outfall.refresh_zones($batch)" > "$work/second.out" 2>&1 ||
    fail "the second CALL failed: $(cat "$work/second.out")"
grep -q "refresh_zones: $n_outfalls of $n_outfalls outfalls" "$work/second.out" ||
    fail "the second CALL did not report all $n_outfalls outfalls: $(cat "$work/second.out")"
read -r too_many missing total <<EOF
$(q -F ' ' -c "SELECT (SELECT count(*) FROM (SELECT * FROM outfall.outfall_zone EXCEPT SELECT * FROM public.rc_expected) x),
                      (SELECT count(*) FROM (SELECT * FROM public.rc_expected EXCEPT SELECT * FROM outfall.outfall_zone) x),
                      (SELECT count(*) FROM outfall.outfall_zone)")
EOF
[ "$too_many" = 0 ] && [ "$missing" = 0 ] && [ "$total" = "$n_expected" ] ||
    fail "after the second CALL: $too_many memberships too many, $missing missing, $total of $n_expected"

said=1
echo "PASS refresh_zones($batch) cancelled after $batches batches ($done_outfalls of $n_outfalls outfalls, ids up to $hi; outfall $locked locked): their $n_upto memberships exact, later ones untouched; a second CALL made all $n_expected memberships of $n_zones zones exact"
