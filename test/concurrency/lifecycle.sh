#!/bin/sh
# Concurrent lifecycle: many sessions at once advance, re-plan, sample,
# trace, close out (销号) and reopen the SAME few outfalls through the API
# (advance, set_plan, retire, reopen, record_sample, record_tracing).
# Afterwards:
#   - no lost update: every call that the API answered with success for a
#     state change is exactly one status event of the ledger (same outfall,
#     same transaction, the state asked for), and every status event of the
#     run is one such call; every successful set_plan is exactly one plan
#     event and every plan event of the run one such call;
#   - each outfall's status is its last status event and state_as_of(now());
#     its status events chain (each event's old status is the previous
#     event's new status, each step a row of outfall.transition), in the
#     ledger's order (happened_at, id) as in the order of writing (id);
#   - each plan's events chain likewise (each update's old values are the
#     values before it), in both orders, and fold to the plan as it stands,
#     as row_as_of(now()) must rebuild it;
#   - no session saw a deadlock (SQLSTATE 40P01): the API locks the outfalls
#     a call involves in the order of their ids (src/registry/locking.sql),
#     so a deadlock never reaches a caller.  The deadlocks the server
#     detected (pg_stat_database) are reported too: any the API caught and
#     retried would be counted there without reaching a session.
# Refusals of the lifecycle (SQLSTATE 23514: the outfall moved meanwhile, a
# requirement is missing, a merge target is not active) are expected when
# sessions race; they are counted, and some must have happened.  The
# summary's transitions are the state changes and plan changes that
# succeeded; close-outs are the successful retire() calls.
#
# Runs inside a cluster (PGHOST etc. set, e.g. by pg_virtualenv), as a
# superuser, with the extension installed.  Exits 1 with the failed checks
# on standard error; the last line is the summary.
#
# The workload (pgbench, one transaction = one API call):
#   LIFECYCLE_OUTFALLS (20) outfalls, seeded through the API in every state
#   of the lifecycle, with samples, tracings, plans and signboards, so that
#   no blocking finding stops a close-out.  Each transaction picks one of
#   them at random, reads its status and plan without a lock (as a client
#   would) and makes one call:
#     6%  record_sample, 6% record_tracing (user, owner and a source from
#         8 parties, 4 of them new: created once under the sessions' race),
#     28% set_plan: a quarter keep the action and only change the measures;
#         the others ban, merge (half of them), standardize or retain; three
#         merges in four go into the outfall's partner (k xor 1), which
#         re-plans to merge into it as often, so that two sessions lock the
#         same two outfalls from both ends.  The measures carry a token of
#         the call, so each successful set_plan is one plan event.
#     60% the next step of the status read: advance, retire (rectified →
#         closed), reopen (closed or retained → found or rectifying), or
#         advance closed → retained.
#   Each success is written, in the same transaction, to lc.done; each
#   refusal (23514) to lc.refused.  Any other error ends the session
#   (pgbench), and fails the test.
#
# Environment (the defaults are the test):
#   LIFECYCLE_SECONDS   how long pgbench runs (default 60)
#   LIFECYCLE_CLIENTS   sessions (default 16)
#   LIFECYCLE_OUTFALLS  outfalls (default 20, even, at most 200)
#   LIFECYCLE_DB        database to create and drop (default outfall_lifecycle)
#   LIFECYCLE_SQL       SQL files (separated by spaces) run in order in the
#                       database after CREATE EXTENSION, @extschema@ read as
#                       outfall: to try a change of the API before it is
#                       built in, or to see the checks fail:
#                       test/concurrency/lifecycle_unlocked.sql replaces
#                       advance() by a read-then-update without a lock, and
#                       the test must then report lost updates
set -eu

seconds=${LIFECYCLE_SECONDS:-60}
clients=${LIFECYCLE_CLIENTS:-16}
outfalls=${LIFECYCLE_OUTFALLS:-20}
db=${LIFECYCLE_DB:-outfall_lifecycle}
extra=${LIFECYCLE_SQL:-}

fail() { echo "lifecycle.sh: $*" >&2; exit 1; }
for v in "$seconds" "$clients" "$outfalls"; do
    case $v in ''|*[!0-9]*|0) fail "LIFECYCLE_* settings must be positive numbers" ;; esac
done
[ $((outfalls % 2)) -eq 0 ] && [ "$outfalls" -le 200 ] || fail "LIFECYCLE_OUTFALLS must be even and at most 200"
for f in $extra; do
    [ -r "$f" ] || fail "LIFECYCLE_SQL: cannot read $f"
done

work=$(mktemp -d)
cleanup() {
    rm -rf "$work"
    dropdb --if-exists "$db" 2>/dev/null || true
}
trap cleanup EXIT
psql() { command psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"; }

t0=$(date +%s)
dropdb --if-exists "$db" 2>/dev/null || true
createdb "$db"
psql -c "SET client_min_messages = warning" -c "CREATE EXTENSION outfall CASCADE"
for f in $extra; do
    sed 's/@extschema@/outfall/g' "$f" > "$work/extra.sql"
    psql -c "SET client_min_messages = warning" -c "SET search_path = outfall, public" -f "$work/extra.sql"
done

# --- the registry: outfalls in every state, through the API -----------------
psql -v outfalls="$outfalls" <<'SQL'
SET client_min_messages = warning;
INSERT INTO outfall.water_body (code, name, kind) VALUES
    ('LCWA', '阿蓬江', 'river'), ('LCWB', '唐岩河', 'river');
CREATE SCHEMA lc;
-- categories neither set by approval, nor stormwater, nor an enterprise's:
-- no blocking rule stands in the way of a close-out
CREATE TABLE lc.category (i int PRIMARY KEY, id text NOT NULL);
INSERT INTO lc.category VALUES
    (0, 'other.town_domestic'), (1, 'other.rural_domestic'), (2, 'other.misc'), (3, 'other.port');
CREATE TABLE lc.township (i int PRIMARY KEY, code text NOT NULL);
INSERT INTO lc.township
SELECT row_number() OVER (ORDER BY code) - 1, code::text
  FROM outfall.division WHERE code::text LIKE '500114___' ORDER BY code LIMIT 4;

-- the parties tracings name: 0-3 exist before the run, 4-7 are created by
-- whichever session names them first
CREATE TABLE lc.party (i int PRIMARY KEY, doc jsonb NOT NULL);
INSERT INTO lc.party SELECT i, jsonb_build_object('name', '生命周期测试单位' || i) FROM generate_series(0, 7) i;

\o /dev/null
SELECT outfall.register(jsonb_build_object(
           'survey_id', 'LC-' || i, 'survey_name', '生命周期排口' || i,
           'division', (SELECT code FROM lc.township WHERE lc.township.i = g.i % 4),
           'found_on', '2023-05-01', 'lon', 108.7 + i / 1000.0, 'lat', 29.5 + i / 1000.0,
           'water_body', CASE WHEN i % 2 = 0 THEN 'LCWA' ELSE 'LCWB' END,
           'category', (SELECT id FROM lc.category c WHERE c.i = (g.i / 2) % 4)))
  FROM generate_series(0, :outfalls - 1) g(i);

-- k: the index pgbench picks; partner: the outfall that merges into it
CREATE TABLE lc.pick (k int PRIMARY KEY, id bigint NOT NULL, code outfall.outfall_code NOT NULL);
INSERT INTO lc.pick SELECT (substr(survey_id, 4))::int, id, code FROM outfall.outfall;

-- complete signboards: standardized and retained outfalls need one
INSERT INTO outfall.signboard (outfall_id, name, code, category, responsible_party, supervising_unit,
                               supervision_phone, installed_on)
SELECT o.id, o.name, o.code::text, o.category, '生命周期测试单位0', '黔江区生态环境局', '023-79222222', '2023-06-01'
  FROM outfall.outfall o;

-- one API document of each kind
CREATE FUNCTION lc.sample_doc() RETURNS jsonb LANGUAGE sql STABLE
RETURN jsonb_build_object('sampled_at', now() - interval '1 hour', 'weather', 'dry', 'flow_m3d', 12.5,
                          'temperature_c', 18, 'ph', 7.2, 'cod_mgl', 35, 'nh3n_mgl', 2.1,
                          'tp_mgl', 0.3, 'tn_mgl', 6, 'sewage_seen', false);
CREATE FUNCTION lc.tracing_doc(q int) RETURNS jsonb LANGUAGE sql STABLE
RETURN jsonb_build_object('method', 'field', 'traced_on', current_date,
                          'user', (SELECT doc FROM lc.party WHERE i = q % 8),
                          'owner', (SELECT doc FROM lc.party WHERE i = (q / 8) % 8),
                          'sources', jsonb_build_array(jsonb_build_object(
                              'name', '生活污水', 'kind', 'domestic', 'responsibility', '全部',
                              'party', (SELECT doc FROM lc.party WHERE i = (q / 64) % 8))));
CREATE FUNCTION lc.plan_doc(action text, measures text, target outfall.outfall_code) RETURNS jsonb
LANGUAGE sql IMMUTABLE
RETURN jsonb_build_object('action', action, 'measures', measures, 'responsible_unit', '黔江区生态环境局',
                          'responsible_person', '王某', 'deadline', '2030-12-31')
    || CASE WHEN target IS NOT NULL THEN jsonb_build_object('merge_target', target::text) ELSE '{}' END;

-- the seed: sampled, traced and planned (standardize), then moved on by
-- k % 8 steps, each in a transaction of its own (\gexec)
SELECT outfall.record_sample(code, lc.sample_doc()) FROM lc.pick;
SELECT outfall.record_tracing(code, lc.tracing_doc(k % 4)) FROM lc.pick;
SELECT outfall.set_plan(code, lc.plan_doc('standardize', '设置标志牌，规范排口', NULL)) FROM lc.pick;
SELECT format('SELECT outfall.%s', s.call)
  FROM lc.pick p,
       LATERAL (VALUES (1, format('advance(%L, ''monitored'')', p.code)),
                       (2, format('advance(%L, ''traced'')', p.code)),
                       (3, format('advance(%L, ''planned'')', p.code)),
                       (4, format('advance(%L, ''rectifying'')', p.code)),
                       (5, format('advance(%L, ''rectified'')', p.code)),
                       (6, format('retire(%L, ''验收意见书'')', p.code)),
                       (7, format('advance(%L, ''retained'')', p.code))) s(n, call)
 WHERE s.n <= p.k % 8
 ORDER BY p.k, s.n \gexec
\o

-- the harness
CREATE SEQUENCE lc.token;
CREATE UNLOGGED TABLE lc.done (
    client int NOT NULL, outfall_id bigint NOT NULL, op text NOT NULL,
    goal outfall.state, at timestamptz NOT NULL, token text);
CREATE UNLOGGED TABLE lc.refused (
    client int NOT NULL, outfall_id bigint NOT NULL, op text NOT NULL,
    constraint_name text, message text NOT NULL);
-- what was written before the run
CREATE TABLE lc.mark AS
SELECT (SELECT max(id) FROM outfall.ledger) AS ledger_id,
       (SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()) AS deadlocks;

-- one step of a session: outfall k, operation r (0-99), q a random number
-- for the choices within the operation
CREATE FUNCTION lc.step(client int, k int, r int, q int) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    n int := (SELECT count(*) FROM lc.pick);
    o outfall.outfall;
    p outfall.plan;
    op text;
    goal outfall.state;
    token text;
    action text;
    target outfall.outfall_code;
    cons text;
    msg text;
BEGIN
    -- read as a client reads: no lock, so the status may be stale by the
    -- time the call runs
    SELECT x.* INTO o FROM outfall.outfall x WHERE x.id = (SELECT id FROM lc.pick WHERE lc.pick.k = step.k);
    SELECT x.* INTO p FROM outfall.plan x WHERE x.outfall_id = o.id;
    IF r < 6 THEN
        op := 'sample';
    ELSIF r < 12 THEN
        op := 'tracing';
    ELSIF r < 40 THEN
        op := 'plan';
        token := 'lc-' || nextval('lc.token');
        IF (q / 64) % 4 = 0 AND p.id IS NOT NULL THEN
            -- the same plan, other measures: allowed in every state
            action := p.action;
            target := (SELECT x.code FROM outfall.outfall x WHERE x.id = p.merge_target_id);
        ELSE
            action := (ARRAY['merge', 'merge', 'merge', 'ban', 'standardize', 'retain'])[q % 6 + 1];
            IF action = 'merge' THEN
                -- mostly into the partner, which merges into this one as
                -- often: the two calls lock the same two outfalls
                target := (SELECT code FROM lc.pick
                            WHERE lc.pick.k = CASE WHEN (q / 8) % 4 <> 0 OR (q / 32) % n = step.k
                                                   THEN step.k # 1 ELSE (q / 32) % n END);
            END IF;
        END IF;
    ELSE
        CASE o.status
            WHEN 'found' THEN op := 'advance'; goal := 'monitored';
            WHEN 'monitored' THEN op := 'advance'; goal := 'traced';
            WHEN 'traced' THEN op := 'advance'; goal := 'planned';
            WHEN 'planned' THEN
                op := 'advance';
                goal := CASE WHEN p.action = 'retain' THEN 'retained' ELSE 'rectifying' END;
            WHEN 'rectifying' THEN op := 'advance'; goal := 'rectified';
            WHEN 'rectified' THEN op := 'retire'; goal := 'closed';
            WHEN 'closed' THEN
                CASE r % 3
                    WHEN 0 THEN op := 'reopen'; goal := 'found';
                    WHEN 1 THEN op := 'reopen'; goal := 'rectifying';
                    ELSE op := 'advance'; goal := 'retained';
                END CASE;
            WHEN 'retained' THEN
                op := 'reopen';
                goal := CASE WHEN r % 2 = 0 THEN 'found' ELSE 'rectifying' END;
        END CASE;
    END IF;
    BEGIN
        CASE op
            WHEN 'sample' THEN PERFORM outfall.record_sample(o.code, lc.sample_doc());
            WHEN 'tracing' THEN PERFORM outfall.record_tracing(o.code, lc.tracing_doc(q));
            WHEN 'plan' THEN PERFORM outfall.set_plan(o.code, lc.plan_doc(action, token, target));
            WHEN 'advance' THEN
                PERFORM outfall.advance(o.code, goal,
                    CASE WHEN goal = 'retained' THEN jsonb_build_object('verification', '保留验收 ' || q)
                         ELSE '{}' END);
            WHEN 'retire' THEN PERFORM outfall.retire(o.code, '销号验收意见书 ' || q);
            WHEN 'reopen' THEN PERFORM outfall.reopen(o.code, goal, '复查发现问题 ' || q);
        END CASE;
        INSERT INTO lc.done VALUES (client, o.id, op, goal, now(), token);
    EXCEPTION WHEN check_violation THEN
        GET STACKED DIAGNOSTICS cons = CONSTRAINT_NAME, msg = MESSAGE_TEXT;
        INSERT INTO lc.refused VALUES (client, o.id, op, nullif(cons, ''), msg);
    END;
END;
$$;
SQL

cat > "$work/step.sql" <<'EOF'
\set k random(0, :outfalls - 1)
\set r random(0, 99)
\set q random(0, 1000000)
SELECT lc.step(:client_id, :k, :r, :q);
EOF

# --- the run ----------------------------------------------------------------
started=$(date +%s)
set +e
pgbench -n -c "$clients" -j 2 -T "$seconds" --max-tries=1 --failures-detailed --verbose-errors \
    -D outfalls="$outfalls" -f "$work/step.sql" "$db" > "$work/pgbench.out" 2> "$work/pgbench.err"
status=$?
set -e
ran=$(( $(date +%s) - started ))

problems=""
problem() { problems="$problems
  - $*"; }

[ "$status" -eq 0 ] || problem "pgbench exited with status $status"
processed=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$work/pgbench.out")
failed=$(sed -n 's/^number of failed transactions: \([0-9]*\) .*/\1/p' "$work/pgbench.out")
client_deadlocks=$(sed -n 's/^number of deadlock failures: \([0-9]*\) .*/\1/p' "$work/pgbench.out")
[ -n "$processed" ] && [ "$processed" -gt 0 ] || problem "pgbench processed no transactions"
[ "${client_deadlocks:-0}" = 0 ] || problem "sessions saw ${client_deadlocks} deadlocks (40P01) the API did not retry"
[ "${failed:-0}" = 0 ] || problem "pgbench counted ${failed} failed transactions"
aborted=$(grep -c 'aborted' "$work/pgbench.err" || true)
[ "$aborted" -eq 0 ] || problem "$aborted sessions ended at an error that is not a refusal"

# the server's deadlock count reaches pg_stat_database when the sessions end
sleep 1
t1=$(date +%s)

# --- the checks ---------------------------------------------------------------
psql -At -F ' ' > "$work/checks" <<'SQL'
-- each row: ok|FAIL|info <check> <detail>
SET search_path = public, outfall;
CREATE TEMP TABLE ev AS
SELECT l.*, (l.old ->> 'status')::outfall.state AS from_state, (l.new ->> 'status')::outfall.state AS to_state
  FROM outfall.ledger l
 WHERE l.entity = 'outfall' AND (l.new ? 'status' OR l.op = 'delete');
CREATE TEMP TABLE run_ev AS SELECT * FROM ev WHERE id > (SELECT ledger_id FROM lc.mark);
CREATE TEMP TABLE moves AS SELECT * FROM lc.done WHERE op IN ('advance', 'retire', 'reopen');
CREATE INDEX ON run_ev (outfall_id, recorded_at);
CREATE INDEX ON moves (outfall_id, at);
ANALYZE run_ev, moves;

-- (1) every state change a session was told succeeded is one status event
-- of its own transaction, and the other way round
SELECT CASE WHEN unmatched = 0 THEN 'ok' ELSE 'FAIL' END, 'every-success-is-one-event',
       format('%s state changes answered with success; %s of them are not exactly one status event of their transaction (%s with none)',
              total, unmatched, none)
  FROM (SELECT count(*) AS total, count(*) FILTER (WHERE m <> 1) AS unmatched, count(*) FILTER (WHERE m = 0) AS none
          FROM (SELECT (SELECT count(*) FROM run_ev e
                         WHERE e.outfall_id = d.outfall_id AND e.recorded_at = d.at AND e.to_state = d.goal
                           AND (e.op = 'reopen') = (d.op = 'reopen')) AS m
                  FROM moves d) x) s;
SELECT CASE WHEN unmatched = 0 THEN 'ok' ELSE 'FAIL' END, 'every-event-is-one-success',
       format('%s status events in the run; %s of them are not exactly one success of a session', total, unmatched)
  FROM (SELECT count(*) AS total, count(*) FILTER (WHERE m <> 1) AS unmatched
          FROM (SELECT (SELECT count(*) FROM moves d
                         WHERE e.outfall_id = d.outfall_id AND e.recorded_at = d.at AND e.to_state = d.goal) AS m
                  FROM run_ev e) x) s;

-- (2) the registry agrees with its ledger
SELECT CASE WHEN bad = 0 THEN 'ok' ELSE 'FAIL' END, 'status-is-last-event',
       format('%s outfalls; %s whose status is not their last status event or state_as_of(now()): %s',
              n, bad, coalesce(which, 'none'))
  FROM (SELECT count(*) AS n,
               count(*) FILTER (WHERE o.status IS DISTINCT FROM last.to_state
                                   OR o.status IS DISTINCT FROM outfall.state_as_of(o.id, now())) AS bad,
               string_agg(format('%s is %s, last event %s, state_as_of %s', o.code, o.status, last.to_state,
                                 outfall.state_as_of(o.id, now())), '; ')
                   FILTER (WHERE o.status IS DISTINCT FROM last.to_state
                              OR o.status IS DISTINCT FROM outfall.state_as_of(o.id, now())) AS which
          FROM outfall.outfall o
          LEFT JOIN LATERAL (SELECT e.to_state FROM ev e WHERE e.outfall_id = o.id
                              ORDER BY e.happened_at DESC, e.id DESC LIMIT 1) last ON true) s;

-- (3) the status events of each outfall chain, in the ledger's order and in
-- the order they were written
WITH ordered AS (
    SELECT e.*, lag(e.to_state) OVER w_time AS prev_by_time, row_number() OVER w_time AS n_by_time,
                lag(e.to_state) OVER w_id AS prev_by_id, row_number() OVER w_id AS n_by_id
      FROM ev e
    WINDOW w_time AS (PARTITION BY e.outfall_id ORDER BY e.happened_at, e.id),
           w_id AS (PARTITION BY e.outfall_id ORDER BY e.id))
SELECT CASE WHEN broken_time = 0 AND broken_id = 0 AND not_steps = 0 THEN 'ok' ELSE 'FAIL' END, 'status-events-chain',
       format('%s status events; %s do not follow the one before in the ledger''s order (happened_at), %s in the order written; %s are not a step of outfall.transition',
              n, broken_time, broken_id, not_steps)
  FROM (SELECT count(*) AS n,
               count(*) FILTER (WHERE CASE WHEN n_by_time = 1 THEN op <> 'insert' OR to_state <> 'found'
                                           ELSE from_state IS DISTINCT FROM prev_by_time END) AS broken_time,
               count(*) FILTER (WHERE CASE WHEN n_by_id = 1 THEN op <> 'insert' OR to_state <> 'found'
                                           ELSE from_state IS DISTINCT FROM prev_by_id END) AS broken_id,
               count(*) FILTER (WHERE op <> 'insert'
                                  AND NOT EXISTS (SELECT FROM outfall.transition t
                                                   WHERE (t.from_state, t.to_state) = (ordered.from_state, ordered.to_state))) AS not_steps
          FROM ordered) s;

-- (4) plans: each successful set_plan is one plan event (its measures carry
-- the call's token), each plan event of the run one success; each plan's
-- events chain, and fold to the plan as it stands
CREATE TEMP TABLE plan_ev AS
SELECT l.* FROM outfall.ledger l WHERE l.entity = 'plan';
CREATE INDEX ON plan_ev ((new ->> 'measures'));
CREATE INDEX ON plan_ev (entity_id);
CREATE TEMP TABLE plan_done AS SELECT * FROM lc.done WHERE op = 'plan';
CREATE INDEX ON plan_done (token);
ANALYZE plan_ev, plan_done;
SELECT CASE WHEN unmatched = 0 AND extra = 0 THEN 'ok' ELSE 'FAIL' END, 'every-plan-change-is-one-event',
       format('%s plan changes answered with success; %s of them are not exactly one plan event; %s plan events of the run are no success',
              total, unmatched, extra)
  FROM (SELECT count(*) AS total,
               count(*) FILTER (WHERE (SELECT count(*) FROM plan_ev e
                                        WHERE e.outfall_id = d.outfall_id AND e.new ->> 'measures' = d.token
                                          AND e.recorded_at = d.at) <> 1) AS unmatched,
               (SELECT count(*) FROM plan_ev e
                 WHERE e.id > (SELECT ledger_id FROM lc.mark)
                   AND (SELECT count(*) FROM plan_done d WHERE d.token = e.new ->> 'measures'
                                                         AND d.outfall_id = e.outfall_id) <> 1) AS extra
          FROM lc.done d WHERE d.op = 'plan') s;
CREATE TEMP TABLE plan_fold (plan_id bigint, order_by text, events bigint, broken bigint, folded jsonb);
DO $$
DECLARE
    pid bigint;
    ord text;
    e record;
    r jsonb;
    broken bigint;
    events bigint;
BEGIN
    FOR pid IN SELECT DISTINCT entity_id FROM plan_ev LOOP
        FOREACH ord IN ARRAY ARRAY['time', 'id'] LOOP
            r := NULL; broken := 0; events := 0;
            FOR e IN EXECUTE format('SELECT op, old, new FROM plan_ev WHERE entity_id = $1 ORDER BY %s',
                                    CASE ord WHEN 'time' THEN 'happened_at, id' ELSE 'id' END) USING pid LOOP
                events := events + 1;
                IF e.op = 'insert' THEN
                    IF r IS NOT NULL THEN broken := broken + 1; END IF;
                    r := e.new;
                ELSE
                    -- the values an update replaced are the values before it
                    IF r IS NULL OR EXISTS (SELECT FROM jsonb_each(e.old) x WHERE r -> x.key IS DISTINCT FROM x.value) THEN
                        broken := broken + 1;
                    END IF;
                    r := coalesce(r, '{}') || e.new;
                END IF;
            END LOOP;
            INSERT INTO plan_fold VALUES (pid, ord, events, broken, r);
        END LOOP;
    END LOOP;
END;
$$;
SELECT CASE WHEN sum(f.broken) = 0 AND count(*) FILTER (WHERE f.folded IS DISTINCT FROM to_jsonb(p)) = 0
            THEN 'ok' ELSE 'FAIL' END,
       'plan-events-chain-' || f.order_by,
       format('%s plans, %s plan events in the order of %s; %s events whose old values are not the values before them; %s plans the fold of their events misses',
              count(*), sum(f.events), CASE f.order_by WHEN 'time' THEN 'the ledger (happened_at)' ELSE 'writing (id)' END,
              sum(f.broken), count(*) FILTER (WHERE f.folded IS DISTINCT FROM to_jsonb(p)))
  FROM plan_fold f LEFT JOIN outfall.plan p ON p.id = f.plan_id
 GROUP BY f.order_by ORDER BY f.order_by DESC;
-- what the registry's history functions rebuild from those events
SELECT CASE WHEN count(*) FILTER (WHERE outfall.row_as_of('plan', p.id, now()) IS DISTINCT FROM to_jsonb(p)) = 0
            THEN 'ok' ELSE 'FAIL' END, 'plans-as-of-now',
       format('%s plans; %s of them row_as_of(now()) rebuilds otherwise',
              count(*), count(*) FILTER (WHERE outfall.row_as_of('plan', p.id, now()) IS DISTINCT FROM to_jsonb(p)))
  FROM outfall.plan p;

-- (5) parties named at once by several sessions exist once each
SELECT CASE WHEN count(*) = count(DISTINCT name) THEN 'ok' ELSE 'FAIL' END, 'parties-once',
       format('%s parties named by tracings, %s distinct names', count(*), count(DISTINCT name))
  FROM outfall.party WHERE name LIKE '生命周期测试单位%';

-- (6) the races were real: sessions were refused because another moved the
-- outfall first
SELECT CASE WHEN count(*) > 0 THEN 'ok' ELSE 'FAIL' END, 'races-were-real',
       format('%s calls refused (23514): %s', count(*),
              coalesce((SELECT string_agg(format('%s %s', c, coalesce(cons, '?')), ', ' ORDER BY c DESC)
                          FROM (SELECT constraint_name AS cons, count(*) AS c FROM lc.refused GROUP BY 1) g), 'none'))
  FROM lc.refused;

-- the figures: state changes, plan changes, close-outs, samples and
-- tracings, refusals, deadlocks detected, lost updates (successes that are
-- not one event, and events that are not one success)
SELECT 'info', 'figures',
       format('%s %s %s %s %s %s %s', (SELECT count(*) FROM moves), (SELECT count(*) FROM lc.done WHERE op = 'plan'),
              (SELECT count(*) FROM lc.done WHERE op = 'retire'),
              (SELECT count(*) FROM lc.done WHERE op IN ('sample', 'tracing')),
              (SELECT count(*) FROM lc.refused),
              (SELECT d.deadlocks - m.deadlocks FROM pg_stat_database d, lc.mark m WHERE d.datname = current_database()),
              (SELECT count(*) FROM moves d
                WHERE (SELECT count(*) FROM run_ev e
                        WHERE e.outfall_id = d.outfall_id AND e.recorded_at = d.at AND e.to_state = d.goal
                          AND (e.op = 'reopen') = (d.op = 'reopen')) <> 1)
            + (SELECT count(*) FROM run_ev e
                WHERE (SELECT count(*) FROM moves d
                        WHERE e.outfall_id = d.outfall_id AND e.recorded_at = d.at AND e.to_state = d.goal) <> 1)
            + (SELECT count(*) FROM lc.done d
                WHERE d.op = 'plan'
                  AND (SELECT count(*) FROM plan_ev e
                        WHERE e.outfall_id = d.outfall_id AND e.new ->> 'measures' = d.token AND e.recorded_at = d.at) <> 1)
            + (SELECT count(*) FROM plan_ev e
                WHERE e.id > (SELECT ledger_id FROM lc.mark)
                  AND (SELECT count(*) FROM plan_done d WHERE d.token = e.new ->> 'measures'
                                                        AND d.outfall_id = e.outfall_id) <> 1));
SELECT 'info', 'moves', string_agg(format('%s %s→%s', c, f, t), ', ' ORDER BY c DESC)
  FROM (SELECT from_state AS f, to_state AS t, count(*) AS c FROM run_ev GROUP BY 1, 2) s;
SELECT 'info', 'refusals', string_agg(format('%s %s: %s', c, op, m), '; ' ORDER BY c DESC)
  FROM (SELECT op, regexp_replace(regexp_replace(message, '"[^"]*"', '…', 'g'), ' at .* since .*', ' at … since …') AS m,
               count(*) AS c FROM lc.refused GROUP BY 1, 2) s;
SQL

figures=""
while read -r verdict name detail; do
    case $verdict in
        ok)   echo "ok   $name: $detail" ;;
        info) [ "$name" = figures ] && figures=$detail || echo "     $name: $detail" ;;
        *)    echo "FAIL $name: $detail"; problem "$name: $detail" ;;
    esac
done < "$work/checks"
set -- $figures
moves=${1:-0} plans=${2:-0} closeouts=${3:-?} records=${4:-?} refusals=${5:-?} deadlocks=${6:-?} lost=${7:-?}
transitions=$((moves + plans))

echo "pgbench ($ran s; set-up $((started - t0)) s, checks $(( $(date +%s) - t1 )) s):"
sed -n -e '/^number of/p' -e '/^latency average/p' -e '/^tps/p' "$work/pgbench.out" | sed 's/^/  /'
echo "  $moves state changes, $plans plan changes, $records samples and tracings recorded, $refusals calls refused (23514), $deadlocks deadlocks detected by the server"
if [ -n "$problems" ]; then
    if [ -s "$work/pgbench.err" ]; then
        echo "pgbench errors (first 20 lines):" >&2
        grep -v '^pgbench: client .* ends the failed transaction' "$work/pgbench.err" | head -n 20 >&2
    fi
    echo "lifecycle.sh: concurrent lifecycle FAILED:$problems" >&2
    echo "concurrency: FAILED, $(echo "$problems" | grep -c .) problems: $clients sessions, $transitions transitions ($plans plan changes, $closeouts close-outs), $lost lost updates, ${client_deadlocks:-?} deadlocks seen by sessions, $deadlocks detected"
    exit 1
fi
echo "concurrency: $clients sessions, $transitions transitions ($plans plan changes, $closeouts close-outs), 0 lost updates, $deadlocks deadlocks (outfalls locked in id order; none reached a session)"
