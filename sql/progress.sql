-- progress: the progress aggregate (outfall.progress) on a hand-made
-- registry with known answers, its functions (measures, ->, percentage,
-- shortfall, jsonb), its parallel and moving-window forms, and the registry
-- rebuilt from the ledger on past dates (outfalls_as_of, progress_as_of).
-- It counts every outfall of the registry, so it runs in a database of its
-- own, with nothing but its own outfalls.
\set regress_db :DBNAME
SET client_min_messages = warning;
DROP DATABASE IF EXISTS outfall_progress_test;
CREATE DATABASE outfall_progress_test;
\c outfall_progress_test
SET client_min_messages = warning;
CREATE EXTENSION outfall CASCADE;
RESET client_min_messages;
SET search_path = outfall, public;
SET datestyle = 'ISO, YMD';
SET timezone = 'Asia/Shanghai';
\set SHOW_CONTEXT never

-- Eight outfalls on one river in two townships of 黔江区, found on
-- 2023-01-05 (PG-7 on 2024-03-01), walked through their lifecycle on the
-- dates below (outfall.event_time dates each event):
--   PG-1  monitored 03-01, traced 05-01, plan ban 06-01, rectifying 07-01,
--         rectified 2023-09-01, closed 2024-03-01
--   PG-2  monitored 03-01, traced 05-01, plan standardize 06-01,
--         rectifying 07-01, rectified 2024-02-01
--   PG-3  monitored 03-01, traced 05-01, plan ban 06-01; the plan changed to
--         standardize 2024-01-05, rectifying 2024-01-10
--   PG-4  monitored 03-01, traced 2024-02-01
--   PG-5  monitored 2024-02-01
--   PG-6  found only; surveyed at level 1, level 2 from 2024-05-01
--   PG-7  found 2024-03-01
--   PG-8  found, removed from the registry 2024-01-15
INSERT INTO water_body (code, name, kind) VALUES ('PGA01', '进度河', 'river');
CREATE FUNCTION pg_temp.at(t text) RETURNS void LANGUAGE sql
    AS $$ SELECT set_config('outfall.event_time', t || ' 10:00+08', false) $$;
SELECT pg_temp.at('2023-01-05');
SELECT survey_id, register(jsonb_build_object(
           'survey_id', survey_id, 'survey_name', survey_id || '排口', 'category', 'other.town_domestic',
           'division', division, 'water_body', 'PGA01', 'found_on', '2023-01-05',
           'survey_level', level)) AS code
  FROM (VALUES ('PG-1', '500114001', 2), ('PG-2', '500114001', 2), ('PG-3', '500114001', 3),
               ('PG-4', '500114002', 2), ('PG-5', '500114002', 2), ('PG-6', '500114002', 1),
               ('PG-8', '500114002', 2)) v(survey_id, division, level)
 ORDER BY survey_id;

CREATE FUNCTION pg_temp.c(sid text) RETURNS outfall_code LANGUAGE sql
    AS $$ SELECT code FROM outfall.outfall WHERE survey_id = sid $$;
CREATE FUNCTION pg_temp.monitor(sid text, t text) RETURNS state LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_temp.at(t);
    PERFORM outfall.record_sample(pg_temp.c(sid), jsonb_build_object('sampled_at', t || ' 09:00+08',
        'weather', 'dry', 'flow_m3d', 20));
    RETURN outfall.advance(pg_temp.c(sid), 'monitored');
END $$;
CREATE FUNCTION pg_temp.trace(sid text, t text) RETURNS state LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_temp.at(t);
    PERFORM outfall.record_tracing(pg_temp.c(sid), jsonb_build_object('method', 'field', 'traced_on', t,
        'user', jsonb_build_object('name', sid || '某小区物业', 'kind', 'other')));
    RETURN outfall.advance(pg_temp.c(sid), 'traced');
END $$;
CREATE FUNCTION pg_temp.plan(sid text, action text, t text) RETURNS outfall_code LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_temp.at(t);
    RETURN outfall.set_plan(pg_temp.c(sid), jsonb_build_object('action', action, 'measures', '截污纳管',
        'responsible_unit', '城西街道', 'responsible_person', '王某', 'deadline', '2025-12-31'));
END $$;
CREATE FUNCTION pg_temp.step(sid text, s state, t text) RETURNS state LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_temp.at(t);
    RETURN outfall.advance(pg_temp.c(sid), s);
END $$;

SELECT pg_temp.monitor(sid, '2023-03-01'), pg_temp.trace(sid, '2023-05-01')
  FROM unnest(ARRAY['PG-1', 'PG-2', 'PG-3', 'PG-4']) sid WHERE sid <> 'PG-4' ORDER BY sid;
SELECT pg_temp.monitor('PG-4', '2023-03-01');
SELECT pg_temp.plan('PG-1', 'ban', '2023-06-01'), pg_temp.step('PG-1', 'planned', '2023-06-01'),
       pg_temp.step('PG-1', 'rectifying', '2023-07-01'), pg_temp.step('PG-1', 'rectified', '2023-09-01');
SELECT pg_temp.plan('PG-2', 'standardize', '2023-06-01'), pg_temp.step('PG-2', 'planned', '2023-06-01'),
       pg_temp.step('PG-2', 'rectifying', '2023-07-01');
SELECT pg_temp.plan('PG-3', 'ban', '2023-06-01'), pg_temp.step('PG-3', 'planned', '2023-06-01');
-- 2024
SELECT pg_temp.plan('PG-3', 'standardize', '2024-01-05'), pg_temp.step('PG-3', 'rectifying', '2024-01-10');
SELECT pg_temp.at('2024-01-15');
DELETE FROM outfall WHERE survey_id = 'PG-8';
SELECT pg_temp.step('PG-2', 'rectified', '2024-02-01'), pg_temp.trace('PG-4', '2024-02-01'),
       pg_temp.monitor('PG-5', '2024-02-01');
SELECT pg_temp.at('2024-03-01');
SELECT retire(pg_temp.c('PG-1'), '封堵后现场照片');
SELECT register('{"survey_id": "PG-7", "survey_name": "PG-7排口", "category": "other.town_domestic",
                  "division": "500114001", "water_body": "PGA01", "found_on": "2024-03-01", "survey_level": 2}') AS code;
SELECT pg_temp.at('2024-05-01');
UPDATE outfall SET survey_level = 2 WHERE survey_id = 'PG-6';
RESET outfall.event_time;

SELECT o.survey_id, o.division, o.status, p.action, survey_complete(o) AS surveyed
  FROM outfall o LEFT JOIN plan p ON p.outfall_id = o.id ORDER BY o.survey_id;

------------------------------------------------------------------------------
-- the aggregate now: 7 outfalls; found PG-6, PG-7; monitored PG-5; traced
-- PG-4; rectifying PG-3; rectified PG-2; closed PG-1.  Reached monitoring
-- 5, tracing 4, a plan 3; done 2 (ban, standardize); closed out 1;
-- surveyed all 7 (PG-6 since 2024-05-01).
------------------------------------------------------------------------------
CREATE TEMP VIEW now_progress AS
SELECT progress(o.status, p.action, survey_complete(o)) AS p
  FROM outfall o LEFT JOIN plan p ON p.outfall_id = o.id;
\x on
SELECT (p).* FROM now_progress;
\x off
-- by township: 500114001 has PG-1, PG-2, PG-3, PG-7; 500114002 PG-4, PG-5, PG-6
SELECT o.division, (progress(o.status, p.action)).*
  FROM outfall o LEFT JOIN plan p ON p.outfall_id = o.id GROUP BY o.division ORDER BY o.division;
-- no rows: zero counts, no percentages
SELECT (progress(o.status, NULL)).total, (progress(o.status, NULL)).pct_traced IS NULL AS no_pct
  FROM outfall o WHERE false;
-- the two-argument form knows nothing of surveys
SELECT (progress(o.status, NULL)).surveyed IS NULL AS surveyed_unknown FROM outfall o;

-- functions on the value
SELECT m.measure, p -> m.measure AS count, round(percentage(p, m.measure)::numeric, 2) AS pct,
       shortfall(p, m.measure, 80) AS short_of_80, shortfall(p, m.measure, 30) AS short_of_30
  FROM now_progress, measure m ORDER BY m.ordinal;
SELECT p -> 'total' AS total, jsonb_pretty(p::jsonb) FROM now_progress;

-- refusals
SELECT p -> 'rectify' FROM now_progress;
SELECT :'SQLSTATE' AS sqlstate;
SELECT shortfall(p, 'traced', 101) FROM now_progress;
SELECT :'SQLSTATE' AS sqlstate;
SELECT shortfall(p, 'traced', NULL) FROM now_progress;
SELECT :'SQLSTATE' AS sqlstate;
SELECT progress('found', 'seal');
SELECT :'SQLSTATE' AS sqlstate;

------------------------------------------------------------------------------
-- parallel: the same answer from two workers as from one process, over a
-- table of 60,000 outfalls with every state and action
------------------------------------------------------------------------------
CREATE TABLE progress_sample AS
SELECT (enum_range(NULL::state))[1 + i % 8] AS status,
       (ARRAY[NULL, 'ban', 'merge', 'standardize', 'retain'])[1 + (i / 8) % 5] AS action,
       CASE i % 3 WHEN 0 THEN NULL ELSE i % 7 > 2 END AS surveyed
  FROM generate_series(1, 60000) i;
ANALYZE progress_sample;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial AS SELECT progress(status, action, surveyed) AS p FROM progress_sample;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
EXPLAIN (costs off) SELECT progress(status, action, surveyed) FROM progress_sample;
SELECT (SELECT p FROM serial) = progress(status, action, surveyed) AS parallel_equals_serial,
       (SELECT p FROM serial)::jsonb = (progress(status, action, surveyed))::jsonb AS same_json
  FROM progress_sample;
-- and both equal plain counting
SELECT count(*) FILTER (WHERE status >= 'traced') = ((SELECT p FROM serial)).reached_traced AS traced,
       count(*) FILTER (WHERE status >= 'rectified' AND action = 'merge') = ((SELECT p FROM serial)).done_merge AS merged,
       count(*) FILTER (WHERE surveyed) = ((SELECT p FROM serial)).surveyed AS surveyed
  FROM progress_sample;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;

-- the moving-window form: each row with the two before it, equal to the
-- aggregate recomputed over the same three rows
CREATE TEMP TABLE ordered AS
SELECT row_number() OVER () AS n, status, action FROM progress_sample LIMIT 200;
SELECT count(*) AS rows,
       count(*) FILTER (WHERE w.p = (SELECT progress(o2.status, o2.action) FROM ordered o2
                                      WHERE o2.n BETWEEN w.n - 2 AND w.n)) AS equal
  FROM (SELECT n, progress(status, action) OVER (ORDER BY n ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS p
          FROM ordered) w;
DROP TABLE progress_sample;

------------------------------------------------------------------------------
-- the past, from the ledger
------------------------------------------------------------------------------
-- end of 2023: PG-7 not yet found, PG-8 not yet removed.  found PG-5, PG-6,
-- PG-8; monitored PG-4; planned PG-3 (plan: ban); rectifying PG-2;
-- rectified PG-1.  Surveyed 6 of 7 (PG-6 at level 1).
SELECT a.outfall_id = o.id AS same_id, o.survey_id, a.status, a.plan_action, a.surveyed, a.division, a.water_body, a.category
  FROM outfalls_as_of('2023-12-31 23:59:59+08') a
  LEFT JOIN (SELECT id, survey_id FROM outfall
             UNION ALL SELECT (l.old->>'id')::bigint, l.old->>'survey_id' FROM ledger l
              WHERE l.entity = 'outfall' AND l.op = 'delete') o ON o.id = a.outfall_id
 ORDER BY o.survey_id;
\x on
SELECT (p).* FROM progress_as_of('2023-12-31') p;
\x off
-- the measures on a few dates
SELECT d, (p).total, p -> 'surveyed' AS surveyed, p -> 'monitored' AS monitored, p -> 'traced' AS traced,
       p -> 'planned' AS planned, p -> 'rectified' AS rectified, (p).done_ban, (p).done_standardize,
       p -> 'closed' AS closed
  FROM (VALUES (date '2022-12-31'), ('2023-01-05'), ('2023-05-31'), ('2023-09-01'), ('2023-12-31'),
               ('2024-01-10'), ('2024-02-29'), ('2024-12-31')) v(d),
       progress_as_of(d) p
 ORDER BY d;
-- today's reconstruction equals the live registry, outfall by outfall
SELECT count(*) AS differences
  FROM (SELECT o.id, o.status, p.action, survey_complete(o) AS surveyed, o.division, o.water_body, o.category
          FROM outfall o LEFT JOIN plan p ON p.outfall_id = o.id) live
  FULL JOIN outfalls_as_of(now()) a ON a.outfall_id = live.id
 WHERE (live.status, live.action, live.surveyed, live.division, live.water_body, live.category)
       IS DISTINCT FROM (a.status, a.plan_action, a.surveyed, a.division, a.water_body, a.category);
SELECT progress_as_of(current_date) = (SELECT p FROM now_progress) AS as_of_today_equals_now;
-- The fold in parallel: partial folds combined in any order give the same
-- outfalls as one process and as plain SQL (the latest event naming each
-- column).  A synthetic ledger of 40,000 outfalls, each inserted, then
-- moved through up to five states at shuffled times, some given a plan that
-- may change or be withdrawn, some deleted, some with two events at the
-- same instant (the ledger id decides).
CREATE TABLE fold_sample AS
SELECT * FROM (
    SELECT timestamptz '2023-01-01' + (i % 97) * interval '1 day' AS happened_at, i::bigint AS id,
           'outfall'::text AS entity, 'insert'::text AS op, i::bigint AS outfall_id,
           jsonb_build_object('id', i, 'status', 'found', 'division', '500114001',
                              'code', CASE WHEN i % 5 > 0 THEN 'X' || i END,
                              'category', 'other.town_domestic', 'water_body', 'PGA01',
                              'survey_level', 1 + i % 3) AS new
      FROM generate_series(1, 40000) i
    UNION ALL
    SELECT timestamptz '2023-06-01' + ((i * 7919 + k * 104729) % 500) * interval '1 day', 100000 * k + i,
           'outfall', 'update', i, jsonb_build_object('status', (enum_range(NULL::state))[1 + k])
      FROM generate_series(1, 40000) i, generate_series(1, 5) k WHERE k <= i % 6
    UNION ALL
    SELECT timestamptz '2023-03-01' + (i % 300) * interval '1 day', 1000000 + i, 'plan', 'insert', i,
           jsonb_build_object('action', (ARRAY['ban', 'merge', 'standardize', 'retain'])[1 + i % 4])
      FROM generate_series(1, 40000, 3) i
    UNION ALL
    SELECT timestamptz '2024-03-01' + (i % 200) * interval '1 day', 2000000 + i, 'plan',
           CASE WHEN i % 2 = 0 THEN 'delete' ELSE 'update' END, i,
           CASE WHEN i % 2 = 1 THEN jsonb_build_object('action', 'standardize') END
      FROM generate_series(1, 40000, 9) i
    UNION ALL
    SELECT timestamptz '2024-06-01', 3000000 + i, 'outfall', 'delete', i, NULL
      FROM generate_series(1, 40000, 11) i
    UNION ALL  -- at the same instant as the insert: the later id wins
    SELECT timestamptz '2023-01-01' + (i % 97) * interval '1 day', 4000000 + i, 'outfall', 'update', i,
           jsonb_build_object('survey_level', 3, 'water_body', NULL)
      FROM generate_series(1, 40000, 13) i) e;
ANALYZE fold_sample;
CREATE TEMP VIEW fold_plain AS   -- the latest event naming each column, in plain SQL
SELECT st.outfall_id, st.status, pl.action AS plan_action, wb.water_body
  FROM (SELECT DISTINCT ON (outfall_id) outfall_id, new->>'status' AS status
          FROM fold_sample WHERE entity = 'outfall' AND new ? 'status' AND happened_at <= '2024-12-31'
         ORDER BY outfall_id, happened_at DESC, id DESC) st
  LEFT JOIN (SELECT DISTINCT ON (outfall_id) outfall_id, new->>'action' AS action
               FROM fold_sample WHERE entity = 'plan' AND happened_at <= '2024-12-31'
              ORDER BY outfall_id, happened_at DESC, id DESC) pl USING (outfall_id)
  JOIN (SELECT DISTINCT ON (outfall_id) outfall_id, new->>'water_body' AS water_body
          FROM fold_sample WHERE entity = 'outfall' AND new ? 'water_body' AND happened_at <= '2024-12-31'
         ORDER BY outfall_id, happened_at DESC, id DESC) wb USING (outfall_id)
 WHERE NOT EXISTS (SELECT FROM fold_sample f WHERE f.outfall_id = st.outfall_id AND f.op = 'delete'
                      AND f.entity = 'outfall' AND f.happened_at <= '2024-12-31');
CREATE TEMP VIEW fold_c AS
SELECT s.outfall_id, (s.o).status::text AS status, (s.o).plan_action, (s.o).water_body
  FROM (SELECT f.outfall_id, ledger_fold(f.happened_at, f.id, f.entity, f.op, f.new) AS o
          FROM fold_sample f WHERE f.happened_at <= '2024-12-31' GROUP BY f.outfall_id) s
 WHERE (s.o).status IS NOT NULL;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE fold_serial AS SELECT * FROM fold_c;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET enable_hashagg = off;
EXPLAIN (costs off) SELECT * FROM fold_c;
SELECT (SELECT count(*) FROM fold_serial) AS outfalls,
       (SELECT count(*) FROM (TABLE fold_c EXCEPT ALL TABLE fold_serial) d) AS parallel_not_serial,
       (SELECT count(*) FROM (TABLE fold_serial EXCEPT ALL TABLE fold_c) d) AS serial_not_parallel,
       (SELECT count(*) FROM (TABLE fold_plain EXCEPT ALL TABLE fold_serial) d) AS plain_not_fold,
       (SELECT count(*) FROM (TABLE fold_serial EXCEPT ALL TABLE fold_plain) d) AS fold_not_plain;
RESET enable_hashagg;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
DROP TABLE fold_sample CASCADE;

\c :regress_db
DROP DATABASE outfall_progress_test;
