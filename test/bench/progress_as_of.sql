-- Progress benchmark (test/bench/progress.sh): the registry on past dates.
-- outfall.progress_as_of(date) against the reconstruction an analyst would
-- write: the latest ledger event of each outfall that set its state (or
-- deleted it) and the latest of its plan that set the action (or deleted
-- the plan), by row_number() OVER (PARTITION BY outfall_id ORDER BY
-- happened_at DESC, id DESC), then a count(*) FILTER per measure.  Both
-- serial and with 2 workers.  A day ends at midnight in the session's time
-- zone (PGTZ, set by progress.sh), as progress_as_of reads it.
-- psql variables: part (setup: the queries; run: the timed runs and the
-- checks), runs, dates (comma-separated).  Between the two parts
-- progress.sh records the plan progress_as_of runs inside (auto_explain).
\set ON_ERROR_STOP on
SET client_min_messages = warning;
SELECT :'part' = 'setup' AS setup_part \gset
\if :setup_part

-- The analyst's reconstruction for the end of a day.  The survey measure
-- is left out (NULL): rebuilding it needs the latest value of four more
-- columns (code, category, water_body, survey_level), each from its own
-- latest event, which the analyst would not write for a progress report.
CREATE FUNCTION pb.as_of_sql(on_date date) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN pb.plain_sql(format($q$(
    WITH s AS (
        SELECT l.outfall_id, l.op, l.new ->> 'status' AS status,
               row_number() OVER (PARTITION BY l.outfall_id ORDER BY l.happened_at DESC, l.id DESC) AS rn
          FROM outfall.ledger l
         WHERE l.entity = 'outfall' AND l.happened_at < %1$L::date + 1
           AND (l.op = 'delete' OR l.new ? 'status')
    ), a AS (
        SELECT l.outfall_id, l.op, l.new ->> 'action' AS action,
               row_number() OVER (PARTITION BY l.outfall_id ORDER BY l.happened_at DESC, l.id DESC) AS rn
          FROM outfall.ledger l
         WHERE l.entity = 'plan' AND l.happened_at < %1$L::date + 1
           AND (l.op = 'delete' OR l.new ? 'action')
    )
    SELECT s.status::outfall.state AS st, CASE WHEN a.op <> 'delete' THEN a.action END AS act
      FROM s LEFT JOIN a ON a.outfall_id = s.outfall_id AND a.rn = 1
     WHERE s.rn = 1 AND s.op <> 'delete') j$q$, on_date));

-- "date + 1" is a date; compared with happened_at (timestamptz) it is
-- midnight in the session's time zone, as progress_as_of's
-- (on_date + 1)::timestamptz.
INSERT INTO pb.query
SELECT 'as_of ' || d || ': ' || v.label, 'as_of', v.workers, v.sql
  FROM unnest(string_to_array(:'dates', ',')::date[]) d,
       LATERAL (VALUES
         ('progress_as_of', 0, format('SELECT x.* FROM outfall.progress_as_of(%L) x', d)),
         ('progress_as_of, 2 workers', 2, format('SELECT x.* FROM outfall.progress_as_of(%L) x', d)),
         ('row_number() plain SQL', 0, pb.as_of_sql(d)),
         ('row_number() plain SQL, 2 workers', 2, pb.as_of_sql(d)),
         -- the body of progress_as_of written out at the top level, where
         -- the planner inlines outfalls_as_of and the workers can start
         ('progress() FROM outfalls_as_of(), 2 workers', 2,
          format('SELECT (x).* FROM (SELECT outfall.progress(a.status, a.plan_action, a.surveyed) AS x
                    FROM outfall.outfalls_as_of((%L::date + 1)::timestamptz - interval ''1 microsecond'') a) y', d))
       ) v (label, workers, sql);


CALL pb.check_plan(format('as_of %s: row_number() plain SQL', split_part(:'dates', ',', 1)), 'serial');
CALL pb.check_plan(format('as_of %s: row_number() plain SQL, 2 workers', split_part(:'dates', ',', 1)), 'before');
CALL pb.check_plan(format('as_of %s: progress() FROM outfalls_as_of(), 2 workers', split_part(:'dates', ',', 1)), 'before');

\else

SET client_min_messages = notice;
CALL pb.run_section('as_of', :runs);
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;

-- The answers: every run the same; progress_as_of serial, "with 2 workers"
-- and its body written out at the top level agree exactly; the analyst's
-- reconstruction agrees with progress_as_of on every column but the
-- survey's (surveyed, pct_surveyed), which it does not rebuild.
CREATE TEMP TABLE aans AS
SELECT split_part(substr(step, 7), ': ', 1) AS on_date, split_part(step, ': ', 2) AS what,
       min(answer) AS answer, count(DISTINCT answer) AS answers, count(*) AS runs
  FROM pb.result WHERE step IN (SELECT step FROM pb.query WHERE section = 'as_of') GROUP BY step;
INSERT INTO pb.agreement
SELECT format('as_of %s: every run of %s gave the same answer', on_date, what), answers = 1,
       CASE WHEN answers <> 1 THEN answers || ' different answers in ' || runs || ' runs' END
  FROM aans;
INSERT INTO pb.agreement
SELECT format('as_of %s: %s = progress_as_of', a.on_date, b.what), a.answer = b.answer,
       CASE WHEN a.answer IS DISTINCT FROM b.answer THEN 'progress_as_of: ' || a.answer || E'\n    ' || b.what || ': ' || b.answer END
  FROM aans a JOIN aans b ON b.on_date = a.on_date
 WHERE a.what = 'progress_as_of' AND b.what IN ('progress_as_of, 2 workers', 'progress() FROM outfalls_as_of(), 2 workers');
INSERT INTO pb.agreement
SELECT format('as_of %s: row_number() plain SQL, 2 workers = row_number() plain SQL', a.on_date), a.answer = b.answer,
       CASE WHEN a.answer IS DISTINCT FROM b.answer THEN 'serial: ' || a.answer || E'\n    2 workers: ' || b.answer END
  FROM aans a JOIN aans b ON b.on_date = a.on_date
 WHERE a.what = 'row_number() plain SQL' AND b.what = 'row_number() plain SQL, 2 workers';
INSERT INTO pb.agreement
SELECT format('as_of %s: row_number() plain SQL = progress_as_of but for the survey (states, reached, done by plan action, closed out, percentages)', a.on_date),
       ok, CASE WHEN NOT ok THEN 'progress_as_of: ' || a.answer || E'\n    plain SQL:      ' || b.answer END
  FROM aans a JOIN aans b ON b.on_date = a.on_date,
       LATERAL (SELECT (a.answer::outfall.progress).*) p,
       LATERAL (SELECT row(p.total, NULL::bigint, p.found, p.monitored, p.traced, p.planned, p.rectifying, p.rectified,
                           p.closed, p.retained, p.reached_monitored, p.reached_traced, p.reached_planned, p.done,
                           p.done_ban, p.done_merge, p.done_standardize, p.done_retain, p.done_unplanned, p.closed_out,
                           NULL::float8, p.pct_monitored, p.pct_traced, p.pct_planned, p.pct_done,
                           p.pct_closed_out)::outfall.progress::text = b.answer AS ok) k
 WHERE a.what = 'progress_as_of' AND b.what = 'row_number() plain SQL';

-- Not timed: the registry as of today, rebuilt from the ledger, is the
-- registry now (the survey included, against outfall.survey_complete).
INSERT INTO pb.agreement
SELECT 'as_of: progress_as_of(today) = progress(status, action, survey_complete(o)) of the tables', a = b,
       CASE WHEN a IS DISTINCT FROM b THEN 'as of today: ' || a || E'\n    tables:      ' || b END
  FROM (SELECT outfall.progress_as_of(current_date)::text AS a) x,
       (SELECT outfall.progress(o.status, p.action, outfall.survey_complete(o))::text AS b
          FROM outfall.outfall o LEFT JOIN outfall.plan p ON p.outfall_id = o.id) y;

CALL pb.check_plan(format('as_of %s: row_number() plain SQL, 2 workers', split_part(:'dates', ',', 1)), 'after');
CALL pb.check_plan(format('as_of %s: progress() FROM outfalls_as_of(), 2 workers', split_part(:'dates', ',', 1)), 'after');
\endif
