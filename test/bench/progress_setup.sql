-- Progress benchmark (test/bench/progress.sh): the result tables, the timer
-- and the queries compared, in schema pb of the benchmark's database.
-- Every timed query is a row of pb.query; the answers each run gave are
-- kept, to compare.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS pb CASCADE;
CREATE SCHEMA pb;

-- one row for each timed run of a query: run 0 is the warm-up
CREATE TABLE pb.result (
    step    text NOT NULL,
    run     integer NOT NULL,
    seconds float8 NOT NULL,
    answer  text,
    PRIMARY KEY (step, run)
);
-- the agreement checks: what was compared, and whether it was identical
CREATE TABLE pb.agreement (
    what     text PRIMARY KEY,
    ok       boolean NOT NULL,
    detail   text
);
-- the plans the parallel queries got (EXPLAIN ANALYZE, before and after the timed runs)
CREATE TABLE pb.plan_check (
    step     text NOT NULL,
    stage    text NOT NULL,
    workers_planned integer,
    workers_launched integer,
    partial_aggregate boolean,
    plan     text,
    PRIMARY KEY (step, stage)
);

-- The queries.  workers: max_parallel_workers_per_gather for the query.
-- Each returns one row; its text is the answer kept in pb.result.
CREATE TABLE pb.query (
    step    text PRIMARY KEY,
    section text NOT NULL,
    workers integer NOT NULL,
    sql     text NOT NULL
);

-- The plain SQL an analyst writes for the same figures as outfall.progress:
-- a count(*) FILTER per state and measure, and the percentages with a CASE
-- against division by zero, as double precision like the aggregate's.  The
-- reached measures compare the enum (found < monitored < ... < retained).
-- :src is the FROM clause and the two columns are st (the state) and act
-- (the plan's action); the survey measure is left out (NULL), as the
-- two-argument aggregate leaves it out.
CREATE FUNCTION pb.plain_sql(src text) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN replace($q$SELECT count(*) AS total,
       NULL::bigint AS surveyed,
       count(*) FILTER (WHERE st = 'found') AS found,
       count(*) FILTER (WHERE st = 'monitored') AS monitored,
       count(*) FILTER (WHERE st = 'traced') AS traced,
       count(*) FILTER (WHERE st = 'planned') AS planned,
       count(*) FILTER (WHERE st = 'rectifying') AS rectifying,
       count(*) FILTER (WHERE st = 'rectified') AS rectified,
       count(*) FILTER (WHERE st = 'closed') AS closed,
       count(*) FILTER (WHERE st = 'retained') AS retained,
       count(*) FILTER (WHERE st >= 'monitored') AS reached_monitored,
       count(*) FILTER (WHERE st >= 'traced') AS reached_traced,
       count(*) FILTER (WHERE st >= 'planned') AS reached_planned,
       count(*) FILTER (WHERE st IN ('rectified', 'closed', 'retained')) AS done,
       count(*) FILTER (WHERE st IN ('rectified', 'closed', 'retained') AND act = 'ban') AS done_ban,
       count(*) FILTER (WHERE st IN ('rectified', 'closed', 'retained') AND act = 'merge') AS done_merge,
       count(*) FILTER (WHERE st IN ('rectified', 'closed', 'retained') AND act = 'standardize') AS done_standardize,
       count(*) FILTER (WHERE st IN ('rectified', 'closed', 'retained') AND act = 'retain') AS done_retain,
       count(*) FILTER (WHERE st IN ('rectified', 'closed', 'retained') AND act IS NULL) AS done_unplanned,
       count(*) FILTER (WHERE st IN ('closed', 'retained')) AS closed_out,
       NULL::float8 AS pct_surveyed,
       CASE WHEN count(*) > 0 THEN 100 * count(*) FILTER (WHERE st >= 'monitored')::float8 / count(*) END AS pct_monitored,
       CASE WHEN count(*) > 0 THEN 100 * count(*) FILTER (WHERE st >= 'traced')::float8 / count(*) END AS pct_traced,
       CASE WHEN count(*) > 0 THEN 100 * count(*) FILTER (WHERE st >= 'planned')::float8 / count(*) END AS pct_planned,
       CASE WHEN count(*) > 0 THEN 100 * count(*) FILTER (WHERE st IN ('rectified', 'closed', 'retained'))::float8 / count(*) END AS pct_done,
       CASE WHEN count(*) > 0 THEN 100 * count(*) FILTER (WHERE st IN ('closed', 'retained'))::float8 / count(*) END AS pct_closed_out
  FROM $q$, '$q$', '') || src;

-- The registry now: outfalls left-joined to their plans.
INSERT INTO pb.query VALUES
  ('now: progress(status, action)', 'now', 0,
   'SELECT (x).* FROM (SELECT outfall.progress(o.status, p.action) AS x
      FROM outfall.outfall o LEFT JOIN outfall.plan p ON p.outfall_id = o.id) y'),
  -- count(*) alone lets the planner drop the LEFT JOIN (plan.outfall_id is
  -- unique), so the floor counts a column of the plan to keep the join
  ('now: count(p.action)', 'now', 0,
   'SELECT count(p.action) FROM outfall.outfall o LEFT JOIN outfall.plan p ON p.outfall_id = o.id'),
  ('now: count(*), join removed', 'now', 0,
   'SELECT count(*) FROM outfall.outfall o LEFT JOIN outfall.plan p ON p.outfall_id = o.id'),
  ('now: plain SQL', 'now', 0,
   pb.plain_sql('(SELECT o.status AS st, p.action AS act
                    FROM outfall.outfall o LEFT JOIN outfall.plan p ON p.outfall_id = o.id) j')),
  ('now: progress(status, action, surveyed)', 'now', 0,
   'SELECT (x).* FROM (SELECT outfall.progress(o.status, p.action, outfall.survey_complete(o)) AS x
      FROM outfall.outfall o LEFT JOIN outfall.plan p ON p.outfall_id = o.id) y'),
  ('now: progress(status, action), 2 workers', 'now', 2,
   'SELECT (x).* FROM (SELECT outfall.progress(o.status, p.action) AS x
      FROM outfall.outfall o LEFT JOIN outfall.plan p ON p.outfall_id = o.id) y'),
  ('now: plain SQL, 2 workers', 'now', 2,
   pb.plain_sql('(SELECT o.status AS st, p.action AS act
                    FROM outfall.outfall o LEFT JOIN outfall.plan p ON p.outfall_id = o.id) j')),
  ('now: count(p.action), 2 workers', 'now', 2,
   'SELECT count(p.action) FROM outfall.outfall o LEFT JOIN outfall.plan p ON p.outfall_id = o.id'),
  ('table: progress(status, NULL)', 'now', 0,
   'SELECT (x).* FROM (SELECT outfall.progress(o.status, NULL) AS x FROM outfall.outfall o) y'),
  ('table: count(*)', 'now', 0,
   'SELECT count(*) FROM outfall.outfall o'),
  ('table: count(status)', 'now', 0,
   'SELECT count(o.status) FROM outfall.outfall o');

-- The moving-window form, over the outfalls by the month they were found.
-- Each query returns the window's value on its last row: for the cumulative
-- forms that is the progress of the whole registry (checked against the
-- aggregate); the windows are computed for every row all the same.
INSERT INTO pb.query VALUES
  -- the default frame (RANGE UNBOUNDED PRECEDING): the value changes once a
  -- month, at the end of each month's peers; one row per month kept
  ('window: cumulative by month (RANGE)', 'window', 0,
   'SELECT (c).* FROM (
        SELECT DISTINCT ON (m) m, c
          FROM (SELECT date_trunc(''month'', o.found_on)::date AS m,
                       outfall.progress(o.status, p.action) OVER (ORDER BY date_trunc(''month'', o.found_on)::date) AS c
                  FROM outfall.outfall o LEFT JOIN outfall.plan p ON p.outfall_id = o.id) w
         ORDER BY m) z
      ORDER BY m DESC LIMIT 1'),
  -- ROWS UNBOUNDED PRECEDING: a running value on every outfall
  ('window: running total by row (ROWS)', 'window', 0,
   'SELECT (c).* FROM (
        SELECT o.found_on, o.id,
               outfall.progress(o.status, p.action) OVER (ORDER BY o.found_on, o.id ROWS UNBOUNDED PRECEDING) AS c
          FROM outfall.outfall o LEFT JOIN outfall.plan p ON p.outfall_id = o.id) w
      ORDER BY found_on DESC, id DESC LIMIT 1'),
  -- a moving frame of 12 months: the inverse transition takes the months
  -- that leave the frame out again
  ('window: moving 12 months (RANGE, inverse)', 'window', 0,
   'SELECT (c).* FROM (
        SELECT DISTINCT ON (m) m, c
          FROM (SELECT date_trunc(''month'', o.found_on)::date AS m,
                       outfall.progress(o.status, p.action)
                         OVER (ORDER BY date_trunc(''month'', o.found_on)::date
                               RANGE BETWEEN interval ''11 months'' PRECEDING AND CURRENT ROW) AS c
                  FROM outfall.outfall o LEFT JOIN outfall.plan p ON p.outfall_id = o.id) w
         ORDER BY m) z
      ORDER BY m DESC LIMIT 1'),
  -- the same frames with count(*), which has an inverse too: what the
  -- window machinery costs whatever the aggregate
  ('window: cumulative by month (RANGE), count(p.action)', 'window', 0,
   'SELECT c FROM (
        SELECT DISTINCT ON (m) m, c
          FROM (SELECT date_trunc(''month'', o.found_on)::date AS m,
                       count(p.action) OVER (ORDER BY date_trunc(''month'', o.found_on)::date) AS c
                  FROM outfall.outfall o LEFT JOIN outfall.plan p ON p.outfall_id = o.id) w
         ORDER BY m) z
      ORDER BY m DESC LIMIT 1'),
  ('window: moving 12 months (RANGE, inverse), count(p.action)', 'window', 0,
   'SELECT c FROM (
        SELECT DISTINCT ON (m) m, c
          FROM (SELECT date_trunc(''month'', o.found_on)::date AS m,
                       count(p.action)
                         OVER (ORDER BY date_trunc(''month'', o.found_on)::date
                               RANGE BETWEEN interval ''11 months'' PRECEDING AND CURRENT ROW) AS c
                  FROM outfall.outfall o LEFT JOIN outfall.plan p ON p.outfall_id = o.id) w
         ORDER BY m) z
      ORDER BY m DESC LIMIT 1');

-- Times one query: max_parallel_workers_per_gather set for it, the rest of
-- the session's settings as they are; the clock read just before and after
-- EXECUTE (planning included, as for an analyst's query).  The answer (one
-- row) is kept as text.
CREATE PROCEDURE pb.time_query(p_step text, p_run integer)
    LANGUAGE plpgsql
AS $$
DECLARE
    q pb.query;
    t0 timestamptz;
    t1 timestamptz;
    answer text;
BEGIN
    SELECT * INTO STRICT q FROM pb.query WHERE step = p_step;
    PERFORM set_config('max_parallel_workers_per_gather', q.workers::text, false);
    t0 := clock_timestamp();
    EXECUTE 'SELECT s::text FROM (' || q.sql || ') s' INTO answer;
    t1 := clock_timestamp();
    PERFORM set_config('max_parallel_workers_per_gather', '0', false);
    INSERT INTO pb.result VALUES (p_step, p_run, extract(epoch FROM t1 - t0), answer)
        ON CONFLICT (step, run) DO UPDATE SET seconds = excluded.seconds, answer = excluded.answer;
END;
$$;

-- Runs the queries of a section: run 0 warms up, then :runs timed runs; in
-- each run every query once, the order rotating from run to run, so no
-- query always follows the same one.  A COMMIT after every query keeps
-- each in a transaction of its own.
CREATE PROCEDURE pb.run_section(p_section text, p_runs integer)
    LANGUAGE plpgsql
AS $$
DECLARE
    steps text[];
    n integer;
BEGIN
    SELECT array_agg(step ORDER BY step) INTO steps FROM pb.query WHERE section = p_section;
    n := cardinality(steps);
    FOR run IN 0 .. p_runs LOOP
        FOR i IN 0 .. n - 1 LOOP
            CALL pb.time_query(steps[1 + (i + run) % n], run);
            COMMIT;
        END LOOP;
        RAISE NOTICE 'progress: % run %/% done', p_section, run, p_runs;
    END LOOP;
END;
$$;

-- EXPLAIN (ANALYZE, TIMING OFF) of a query under its settings: the workers
-- planned and launched, and whether it aggregates in parallel (a Partial
-- Aggregate under a Gather).  Not timed.
CREATE PROCEDURE pb.check_plan(p_step text, p_stage text)
    LANGUAGE plpgsql
AS $$
DECLARE
    q pb.query;
    line text;
    lines text[] := '{}';
    plan text;
BEGIN
    SELECT * INTO STRICT q FROM pb.query WHERE step = p_step;
    PERFORM set_config('max_parallel_workers_per_gather', q.workers::text, false);
    FOR line IN EXECUTE 'EXPLAIN (ANALYZE, TIMING OFF, COSTS OFF) ' || q.sql LOOP
        lines := lines || line;
    END LOOP;
    PERFORM set_config('max_parallel_workers_per_gather', '0', false);
    plan := array_to_string(lines, E'\n');
    INSERT INTO pb.plan_check
    VALUES (p_step, p_stage,
            (regexp_match(plan, 'Workers Planned: (\d+)'))[1]::integer,
            (regexp_match(plan, 'Workers Launched: (\d+)'))[1]::integer,
            plan ~ 'Gather' AND plan ~ 'Partial Aggregate',
            plan)
        ON CONFLICT (step, stage) DO UPDATE
           SET workers_planned = excluded.workers_planned, workers_launched = excluded.workers_launched,
               partial_aggregate = excluded.partial_aggregate, plan = excluded.plan;
END;
$$;
