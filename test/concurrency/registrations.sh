#!/bin/sh
# Concurrent registrations: many sessions call outfall.register() at once
# under a few code prefixes, so they collide on the same counter rows all
# the time, and groups of them register the same survey ids at the same
# instant.  Afterwards the registry must hold every outfall once, with a
# code of its own, the counters must stand at the last number used, the
# ledger must hold one insert event per outfall, and no session may have
# seen an error (a deadlock or a serialization failure counts).
#
# Runs inside a cluster (PGHOST etc. set, e.g. by pg_virtualenv), as a
# superuser, with the extension installed.  Exits 1 with the failed checks
# on standard error; the last line is the summary.
#
# The workload (pgbench, one script run = one transaction of pgbench):
#   - CONC_CLIENTS sessions (default 16), each running CONC_PER_CLIENT
#     registrations' worth of steps (default 5,000), all under one county
#     (500114 黔江区, five of its townships), three water bodies and four
#     categories: 12 prefixes.  HJ 1235 gives a prefix 9,999 numbers, so
#     80,000 outfalls need at least 9 prefixes; 12 keep them below 7,000.
#     A session rotates through all 12 prefixes every 12 steps.
#   - Most steps register a survey id of the session's own (F-<client>-<m>).
#   - Idempotency collisions: the sessions are in groups of CONC_GROUP (4).
#     At CONC_ROUNDS steps (default 40), evenly spread, the sessions of a
#     group meet at a barrier (conc.arrival / conc.await) and then all
#     register the same new survey id (R-<group>-<round>) at the same
#     moment.  One of them must create the outfall; the others must get the
#     same code back and create nothing.  A session that loses the race
#     after taking a number from the counter leaves a gap in the sequence
#     (register() says so); the gaps are counted to show the races were real.
#     The last round comes at least 13 steps before a session's end, and a
#     session uses every prefix once in 12 steps with ids no one else
#     registers, so a number is used above every gap: each counter must
#     equal the highest number used under its prefix.
#   - Every call's answer is written to conc.returned in the same statement,
#     so each answer can be compared with the registry afterwards.
#   To keep the number of outfalls at CONC_CLIENTS * CONC_PER_CLIENT, each
#   session registers CONC_ROUNDS / CONC_GROUP fewer own ids:
#     own ids per session F = CONC_PER_CLIENT - CONC_ROUNDS / CONC_GROUP
#     steps per session   T = F + CONC_ROUNDS
#     outfalls            = CONC_CLIENTS * F + (CONC_CLIENTS / CONC_GROUP) * CONC_ROUNDS
#   Each registration names an owner (from 10 parties known by name and 6
#   by credit code) and a user taken from the same owners, so sessions name
#   the same parties in opposite roles at once: outfall.parties_from_docs
#   must create each party once and must not deadlock (it locks the parties
#   it creates in key order).  CONC_CROSS_PARTIES=0 keeps users and owners
#   apart instead (every fourth registration names a user from 5 others).
#
# Environment (the defaults are the test):
#   CONC_CLIENTS, CONC_PER_CLIENT, CONC_GROUP, CONC_ROUNDS  as above
#   CONC_DB        database to create and drop (default outfall_concurrency)
#   CONC_TIMEOUT   seconds pgbench may take before it is stopped (default 1200)
#   CONC_CROSS_PARTIES  1: users are owners too (default); 0: separate pools
set -eu

clients=${CONC_CLIENTS:-16}
per_client=${CONC_PER_CLIENT:-5000}
group=${CONC_GROUP:-4}
rounds=${CONC_ROUNDS:-40}
db=${CONC_DB:-outfall_concurrency}
limit=${CONC_TIMEOUT:-1200}
cross=${CONC_CROSS_PARTIES:-1}

fail() { echo "registrations.sh: $*" >&2; exit 1; }
case $cross in 0|1) ;; *) fail "CONC_CROSS_PARTIES must be 0 or 1" ;; esac
for v in "$clients" "$per_client" "$group" "$rounds" "$limit"; do
    case $v in ''|*[!0-9]*|0) fail "CONC_* settings must be positive numbers" ;; esac
done
[ $((clients % group)) -eq 0 ] || fail "CONC_CLIENTS ($clients) must be a multiple of CONC_GROUP ($group)"
[ $((rounds % group)) -eq 0 ] || fail "CONC_ROUNDS ($rounds) must be a multiple of CONC_GROUP ($group)"
own=$((per_client - rounds / group))            # F
steps=$((own + rounds))                         # T
spacing=$((steps / (rounds + 1)))               # a round every <spacing> steps
[ "$spacing" -ge 13 ] || fail "CONC_PER_CLIENT is too small for $rounds rounds"
expected=$((clients * own + clients / group * rounds))
calls=$((clients * steps))

work=$(mktemp -d)
cleanup() {
    rm -rf "$work"
    dropdb --if-exists "$db" 2>/dev/null || true
}
trap cleanup EXIT
psql() { command psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"; }

dropdb --if-exists "$db" 2>/dev/null || true
createdb "$db"
psql -c "SET client_min_messages = warning" -c "CREATE EXTENSION outfall CASCADE"

# --- the registry's reference data and the harness (schema conc) ----------
psql -v cross="$cross" <<'SQL'
SET client_min_messages = warning;
INSERT INTO outfall.water_body (code, name, kind) VALUES
    ('CONCA', '阿蓬江', 'river'), ('CONCB', '唐岩河', 'river'), ('CONCC', '细沙河', 'river');

CREATE SCHEMA conc;
CREATE TABLE conc.water (i int PRIMARY KEY, code text NOT NULL);
INSERT INTO conc.water VALUES (0, 'CONCA'), (1, 'CONCB'), (2, 'CONCC');
CREATE TABLE conc.category (i int PRIMARY KEY, id text NOT NULL);
INSERT INTO conc.category VALUES
    (0, 'other.town_domestic'), (1, 'industrial.enterprise.factory'),
    (2, 'other.rural_domestic'), (3, 'town_plant.plant');
CREATE TABLE conc.township (i int PRIMARY KEY, code text NOT NULL);
INSERT INTO conc.township
SELECT row_number() OVER (ORDER BY code) - 1, code::text
  FROM outfall.division WHERE code::text LIKE '500114___' ORDER BY code LIMIT 5;

-- owners: 0-9 known by name only, 10-15 by credit code (valid check characters)
CREATE TABLE conc.owner (i int PRIMARY KEY, doc jsonb NOT NULL);
INSERT INTO conc.owner
SELECT i, jsonb_build_object('name', '并发测试企业' || i)
  FROM generate_series(0, 9) i;
INSERT INTO conc.owner
SELECT 10 + i, jsonb_build_object('name', '并发测试信用企业' || i, 'uscc', base || substr(alphabet, ((31 - s % 31) % 31 + 1)::int, 1))
  FROM (SELECT i, base, alphabet,
               (SELECT sum((strpos(alphabet, substr(base, p::int, 1)) - 1) * w)
                  FROM unnest('{1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28}'::int[]) WITH ORDINALITY x(w, p)) AS s
          FROM generate_series(0, 5) i,
               LATERAL (SELECT '91500114' || lpad((700000001 + i * 7919)::text, 9, '0') AS base,
                               '0123456789ABCDEFGHJKLMNPQRTUWXY'::text AS alphabet) b) u;
CREATE TABLE conc.usr (i int PRIMARY KEY, doc jsonb NOT NULL);
INSERT INTO conc.usr
SELECT i, jsonb_build_object('name', CASE WHEN :cross = 1 THEN '并发测试企业' ELSE '并发测试使用单位' END || i)
  FROM generate_series(0, 4) i;

-- the registration document for a survey id and a key that picks its
-- prefix, township, owner and user
CREATE FUNCTION conc.doc(sid text, k int) RETURNS jsonb LANGUAGE sql STABLE
RETURN jsonb_build_object(
    'survey_id', sid,
    'survey_name', '并发登记排口' || sid,
    'division', (SELECT code FROM conc.township WHERE i = k % 5),
    'found_on', '2023-05-01',
    'lon', 108.6 + (k % 997) / 10000.0,
    'lat', 29.4 + (k % 991) / 10000.0,
    'water_body', (SELECT code FROM conc.water WHERE i = k % 3),
    'category', (SELECT id FROM conc.category WHERE i = (k / 3) % 4),
    'owner', (SELECT doc FROM conc.owner WHERE i = (k * 7) % 16))
 || CASE WHEN k % 4 = 0 OR :cross = 1
         THEN jsonb_build_object('user', (SELECT doc FROM conc.usr WHERE i = (k / 4) % 5))
         ELSE '{}' END;

-- every answer register() gave
CREATE TABLE conc.returned (survey_id text NOT NULL, client int NOT NULL, code outfall.outfall_code);

-- the barrier of the collision rounds.  A session that has ended (pgbench
-- drops a session at its first error) never arrives: the others stop
-- waiting at once instead of at the time limit.
CREATE TABLE conc.session (client int PRIMARY KEY, pid int NOT NULL);
CREATE TABLE conc.arrival (grp int, round int, client int, PRIMARY KEY (grp, round, client));
CREATE FUNCTION conc.await(g int, r int, n int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz := clock_timestamp();
    i int := 0;
    gone text;
BEGIN
    WHILE (SELECT count(*) FROM conc.arrival a WHERE a.grp = g AND a.round = r) < n LOOP
        i := i + 1;
        IF i % 100 = 0 THEN
            PERFORM pg_stat_clear_snapshot();
            SELECT string_agg(s.client::text, ', ') INTO gone
              FROM conc.session s
             WHERE s.client / n = g
               AND NOT EXISTS (SELECT FROM conc.arrival a WHERE (a.grp, a.round, a.client) = (g, r, s.client))
               AND NOT EXISTS (SELECT FROM pg_stat_activity p WHERE p.pid = s.pid);
            IF gone IS NOT NULL THEN
                RAISE EXCEPTION 'collision round % of group %: session(s) % ended before arriving', r, g, gone;
            END IF;
        END IF;
        IF clock_timestamp() - t0 > interval '300 s' THEN
            RAISE EXCEPTION 'collision round % of group %: the other sessions did not arrive within 300 s', r, g;
        END IF;
        PERFORM pg_sleep(0.0005);
    END LOOP;
END;
$$;
SQL

# the pgbench script: one step of one session
cat > "$work/step.sql" <<'EOF'
\set n :n + 1
\if :n = 1
INSERT INTO conc.session VALUES (:client_id, pg_backend_pid());
\endif
\set r :n / :spacing
\if :n % :spacing = 0 and :r <= :rounds
\set g :client_id / :group
INSERT INTO conc.arrival VALUES (:g, :r, :client_id);
SELECT conc.await(:g, :r, :group);
INSERT INTO conc.returned SELECT 'R-' || :g || '-' || :r, :client_id, outfall.register(conc.doc('R-' || :g || '-' || :r, :g * 1000 + :r));
\else
\set m :n - least(:r, :rounds)
INSERT INTO conc.returned SELECT 'F-' || :client_id || '-' || :m, :client_id, outfall.register(conc.doc('F-' || :client_id || '-' || :m, :client_id + :m));
\endif
EOF

# --- the run ---------------------------------------------------------------
started=$(date +%s)
set +e
timeout "$limit" pgbench -n -c "$clients" -j 2 -t "$steps" --max-tries=1 --failures-detailed --verbose-errors \
    -D n=0 -D spacing="$spacing" -D rounds="$rounds" -D group="$group" \
    -f "$work/step.sql" "$db" > "$work/pgbench.out" 2> "$work/pgbench.err"
status=$?
set -e
seconds=$(( $(date +%s) - started ))

problems=""
problem() { problems="$problems
  - $*"; }

if [ "$status" -eq 124 ]; then
    problem "pgbench did not finish within $limit s (CONC_TIMEOUT) and was stopped"
elif [ "$status" -ne 0 ]; then
    problem "pgbench exited with status $status"
fi
processed=$(sed -n 's/^number of transactions actually processed: \([0-9]*\)\/\([0-9]*\)$/\1/p' "$work/pgbench.out")
failed=$(sed -n 's/^number of failed transactions: \([0-9]*\) .*/\1/p' "$work/pgbench.out")
[ "$processed" = "$calls" ] || problem "pgbench processed ${processed:-?} of $calls transactions"
[ "$failed" = 0 ] || problem "pgbench counted ${failed:-?} failed transactions (deadlocks and serialization failures count)"
errors=$(grep -c -E 'ERROR|aborted|error:' "$work/pgbench.err" || true)
[ "$errors" -eq 0 ] || problem "pgbench reported $errors error lines"

# --- the checks ------------------------------------------------------------
psql -At -F ' ' -v expected="$expected" -v calls="$calls" -v clients="$clients" -v own="$own" -v cross="$cross" \
     -v groups=$((clients / group)) -v rounds="$rounds" -v group="$group" > "$work/checks" <<'SQL'
-- each row: ok|FAIL <check> <detail>
SET search_path = public, outfall;   -- the operators of the code types
CREATE TEMP TABLE want AS
SELECT 'F-' || c || '-' || m AS survey_id FROM generate_series(0, :clients - 1) c, generate_series(1, :own) m
UNION ALL
SELECT 'R-' || g || '-' || r FROM generate_series(0, :groups - 1) g, generate_series(1, :rounds) r;

WITH x AS (SELECT count(*) AS n, count(DISTINCT code) AS d, count(code) AS c FROM outfall.outfall)
SELECT CASE WHEN n = :expected THEN 'ok' ELSE 'FAIL' END, 'outfalls',
       format('%s outfalls, %s expected', n, :expected) FROM x
UNION ALL
SELECT CASE WHEN c = n THEN 'ok' ELSE 'FAIL' END, 'every-registration-has-a-code',
       format('%s of %s outfalls have no code', n - c, n) FROM x
UNION ALL
SELECT CASE WHEN d = c THEN 'ok' ELSE 'FAIL' END, 'no-duplicate-codes',
       format('%s codes, %s distinct', c, d) FROM x;

SELECT CASE WHEN missing = 0 AND extra = 0 THEN 'ok' ELSE 'FAIL' END, 'survey-ids',
       format('%s survey ids missing, %s not expected', missing, extra)
  FROM (SELECT (SELECT count(*) FROM want w WHERE NOT EXISTS (SELECT FROM outfall.outfall o WHERE o.survey_id = w.survey_id)) AS missing,
               (SELECT count(*) FROM outfall.outfall o WHERE NOT EXISTS (SELECT FROM want w WHERE w.survey_id = o.survey_id)) AS extra) s;

-- each code names its own outfall's water body, county and category
SELECT CASE WHEN count(*) = 0 THEN 'ok' ELSE 'FAIL' END, 'codes-match-their-outfall',
       format('%s codes whose prefix is not their outfall''s water body, county and type letters', count(*))
  FROM outfall.outfall o JOIN outfall.category c ON c.id = o.category
 WHERE outfall.water_code(o.code) <> o.water_body
    OR outfall.division(o.code) <> outfall.code_division(o.division)
    OR outfall.type_code(o.code) <> c.type_letters;

-- the counters stand at the last number used under their prefix
WITH used AS (
    SELECT outfall.water_code(code) AS water, outfall.division(code) AS division,
           outfall.type_code(code) AS type_letters, max(outfall.seq(code)) AS max_seq, count(*) AS n
      FROM outfall.outfall GROUP BY 1, 2, 3),
cmp AS (
    SELECT coalesce(u.water, c.water) AS water, u.max_seq, c.last_seq, u.n
      FROM used u FULL JOIN outfall.code_counter c
        ON (c.water, c.division, c.type_letters) = (u.water, u.division, u.type_letters))
SELECT CASE WHEN count(*) FILTER (WHERE last_seq IS DISTINCT FROM max_seq) = 0 THEN 'ok' ELSE 'FAIL' END,
       'counters-at-max-sequence',
       format('%s prefixes (%s to %s outfalls each); %s counters differ from the highest number used: %s',
              count(*), min(n), max(n), count(*) FILTER (WHERE last_seq IS DISTINCT FROM max_seq),
              coalesce(string_agg(format('%s counter %s max %s', water, last_seq, max_seq), ', ')
                       FILTER (WHERE last_seq IS DISTINCT FROM max_seq), 'none'))
  FROM cmp;

-- every answer is the code the registry holds for that survey id
SELECT CASE WHEN total = :calls AND wrong = 0 THEN 'ok' ELSE 'FAIL' END, 'answers-match-registry',
       format('%s answers recorded (%s calls), %s differ from the registry''s code', total, :calls, wrong)
  FROM (SELECT count(*) AS total,
               count(*) FILTER (WHERE o.code IS DISTINCT FROM r.code) AS wrong
          FROM conc.returned r LEFT JOIN outfall.outfall o USING (survey_id)) s;

-- idempotency collisions: each raced id, registered by a whole group at
-- once, is one outfall and gave one code to every session of the group
SELECT CASE WHEN ids = :groups * :rounds AND bad = 0 THEN 'ok' ELSE 'FAIL' END, 'idempotent-under-races',
       format('%s survey ids raced by %s sessions each; %s of them got other than %s answers with one code and one row',
              ids, :group, bad, :group)
  FROM (SELECT count(*) AS ids,
               count(*) FILTER (WHERE answers <> :group OR codes <> 1 OR rows_ <> 1) AS bad
          FROM (SELECT r.survey_id, count(*) AS answers, count(DISTINCT r.code) AS codes,
                       (SELECT count(*) FROM outfall.outfall o WHERE o.survey_id = r.survey_id) AS rows_
                  FROM conc.returned r WHERE r.survey_id LIKE 'R-%' GROUP BY r.survey_id) per_id) s;

-- the races were real: a session that lost one after taking a number left
-- a gap; no number is ever taken twice, so gaps = sum of counters - codes
SELECT CASE WHEN gaps BETWEEN 1 AND losers THEN 'ok' ELSE 'FAIL' END, 'races-were-real',
       format('%s sequence numbers left unused by sessions that lost a race (at most %s possible, at least 1 wanted)',
              gaps, losers)
  FROM (SELECT (SELECT sum(last_seq) FROM outfall.code_counter) - (SELECT count(code) FROM outfall.outfall) AS gaps,
               :groups * :rounds * (:group - 1) AS losers) s;

-- the ledger: one insert event per outfall, nothing else for outfalls
WITH l AS (
    SELECT count(*) FILTER (WHERE op = 'insert') AS inserts,
           count(*) FILTER (WHERE op <> 'insert') AS others,
           count(DISTINCT entity_id) FILTER (WHERE op = 'insert') AS ids,
           count(*) FILTER (WHERE outfall_id IS DISTINCT FROM entity_id) AS wrong_outfall
      FROM outfall.ledger WHERE entity = 'outfall')
SELECT CASE WHEN inserts = :expected AND ids = :expected AND others = 0 AND wrong_outfall = 0
                 AND unmatched = 0 THEN 'ok' ELSE 'FAIL' END,
       'ledger-outfall-events',
       format('%s insert events for %s distinct outfalls (%s expected), %s other events, %s with a wrong outfall_id, %s outfalls without their event',
              inserts, ids, :expected, others, wrong_outfall, unmatched)
  FROM l, (SELECT count(*) AS unmatched FROM outfall.outfall o
            WHERE NOT EXISTS (SELECT FROM outfall.ledger e
                               WHERE e.entity = 'outfall' AND e.op = 'insert' AND e.entity_id = o.id
                                 AND (e.new ->> 'code') = o.code::text)) m;

-- parties: created once each, however many sessions named them at once
SELECT CASE WHEN parties = named AND events = named THEN 'ok' ELSE 'FAIL' END, 'parties-created-once',
       format('%s parties (%s named: 16 owners, %s other users), %s party insert events', parties, named, named - 16, events)
  FROM (SELECT CASE WHEN :cross = 1 THEN 16 ELSE 21 END AS named,
               (SELECT count(*) FROM outfall.party) AS parties,
               (SELECT count(*) FROM outfall.ledger WHERE entity = 'party' AND op = 'insert') AS events) s;
SQL

while read -r verdict name detail; do
    case $verdict in
        ok) echo "ok   $name: $detail" ;;
        *)  echo "FAIL $name: $detail"; problem "$name: $detail" ;;
    esac
done < "$work/checks"

echo "pgbench ($seconds s):"
sed -n -e '/^number of/p' -e '/^latency average/p' -e '/^tps/p' "$work/pgbench.out" | sed 's/^/  /'
if [ -n "$problems" ]; then
    if [ -s "$work/pgbench.err" ]; then
        echo "pgbench errors (first 20 lines):" >&2
        grep -v '^pgbench: client .* ends the failed transaction' "$work/pgbench.err" | head -n 20 >&2
    fi
    echo "registrations.sh: concurrent registration FAILED:$problems" >&2
    echo "concurrency: FAILED, $(echo "$problems" | grep -c .) problems in $calls registration calls by $clients sessions ($seconds s)"
    exit 1
fi
gaps=$(grep '^ok races-were-real' "$work/checks" | sed 's/^ok races-were-real \([0-9]*\) .*/\1/')
echo "concurrency: $expected outfalls registered by $clients sessions in $calls calls ($((clients / group * rounds)) survey ids raced by $group sessions each, $gaps lost races) in $seconds s: codes unique, counters, answers, ledger and parties consistent"
