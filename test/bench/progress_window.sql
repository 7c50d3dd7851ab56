-- Progress benchmark (test/bench/progress.sh): the moving-window form of
-- outfall.progress, by the month the outfalls were found, serial, timed
-- for information.  The cumulative windows must end at the progress of the
-- whole registry; the 12-month moving window must end at the progress of
-- the outfalls found in the last 12 months.  psql variable: runs.
\set ON_ERROR_STOP on
SET client_min_messages = notice;
CALL pb.run_section('window', :runs);
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;

CREATE TEMP TABLE wans AS
SELECT step, min(answer) AS answer, count(DISTINCT answer) AS answers, count(*) AS runs
  FROM pb.result WHERE step IN (SELECT step FROM pb.query WHERE section = 'window') GROUP BY step;
INSERT INTO pb.agreement
SELECT 'every run of ' || step || ' gave the same answer', answers = 1,
       CASE WHEN answers <> 1 THEN answers || ' different answers in ' || runs || ' runs' END
  FROM wans;
-- the whole registry, computed again here (not one of the timed answers)
CREATE TEMP TABLE whole AS
SELECT outfall.progress(o.status, p.action)::text AS answer
  FROM outfall.outfall o LEFT JOIN outfall.plan p ON p.outfall_id = o.id;
INSERT INTO pb.agreement
SELECT w.step || ': its last row = progress of the whole registry', w.answer = whole.answer,
       CASE WHEN w.answer IS DISTINCT FROM whole.answer THEN 'window: ' || w.answer || E'\n    whole: ' || whole.answer END
  FROM wans w, whole
 WHERE w.step IN ('window: cumulative by month (RANGE)', 'window: running total by row (ROWS)');
-- the outfalls found in the last 12 months of the registry, by the plain SQL
CREATE TEMP TABLE last12 AS
SELECT outfall.progress(o.status, p.action)::text AS answer
  FROM outfall.outfall o LEFT JOIN outfall.plan p ON p.outfall_id = o.id
 WHERE date_trunc('month', o.found_on)::date
       >= (SELECT max(date_trunc('month', found_on))::date - interval '11 months' FROM outfall.outfall);
CREATE TEMP TABLE last12_plain AS
SELECT s::text AS answer
  FROM (SELECT count(*) AS total, NULL::bigint AS surveyed,
               count(*) FILTER (WHERE o.status = 'found') AS found,
               count(*) FILTER (WHERE o.status = 'monitored') AS monitored,
               count(*) FILTER (WHERE o.status = 'traced') AS traced,
               count(*) FILTER (WHERE o.status = 'planned') AS planned,
               count(*) FILTER (WHERE o.status = 'rectifying') AS rectifying,
               count(*) FILTER (WHERE o.status = 'rectified') AS rectified,
               count(*) FILTER (WHERE o.status = 'closed') AS closed,
               count(*) FILTER (WHERE o.status = 'retained') AS retained
          FROM outfall.outfall o
         WHERE date_trunc('month', o.found_on)::date
               >= (SELECT max(date_trunc('month', found_on))::date - interval '11 months' FROM outfall.outfall)) s;
INSERT INTO pb.agreement
SELECT 'window: moving 12 months (RANGE, inverse): its last row = progress of the outfalls found in the last 12 months',
       ok, CASE WHEN NOT ok THEN 'window: ' || w.answer || E'\n    direct: ' || l.answer || E'\n    plain states: ' || lp.answer END
  FROM wans w, last12 l, last12_plain lp,
       LATERAL (SELECT (w.answer::outfall.progress).*) p,
       LATERAL (SELECT w.answer = l.answer
                   AND row(p.total, p.surveyed, p.found, p.monitored, p.traced, p.planned, p.rectifying, p.rectified,
                           p.closed, p.retained)::text = lp.answer AS ok) k
 WHERE w.step = 'window: moving 12 months (RANGE, inverse)';
-- how many months and rows the windows went over
INSERT INTO pb.result
SELECT 'window: months', 1, 0, count(DISTINCT date_trunc('month', found_on))::text FROM outfall.outfall;
