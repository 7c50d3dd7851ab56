-- Progress benchmark (test/bench/progress.sh): the registry now.  The
-- aggregate over the outfalls left-joined to their plans, against the same
-- join counted (the floor), against the analyst's plain SQL, serial and
-- with 2 workers; the aggregate over the outfall table alone.  Then the
-- answers are compared.  psql variable: runs.
\set ON_ERROR_STOP on
SET client_min_messages = notice;

-- the plans of the parallel queries, before the timed runs
CALL pb.check_plan('now: progress(status, action), 2 workers', 'before');
CALL pb.check_plan('now: plain SQL, 2 workers', 'before');
CALL pb.check_plan('now: progress(status, action)', 'serial');
CALL pb.check_plan('now: count(p.action)', 'serial');
CALL pb.check_plan('now: plain SQL', 'serial');
CALL pb.check_plan('table: progress(status, NULL)', 'serial');
CALL pb.check_plan('table: count(*)', 'serial');

CALL pb.run_section('now', :runs);

CALL pb.check_plan('now: progress(status, action), 2 workers', 'after');
CALL pb.check_plan('now: plain SQL, 2 workers', 'after');
SET client_min_messages = warning;

-- The answers: every run of a query gave the same answer; the aggregate
-- (serial and parallel) and the plain SQL (serial and parallel) agree
-- column by column, percentages to the last bit; the three-argument form
-- agrees except for the survey, which is counted apart; the table alone
-- has the same states, and all its done outfalls unplanned.
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE ans AS
SELECT step, min(answer) AS answer, count(DISTINCT answer) AS answers, count(*) AS runs
  FROM pb.result WHERE step IN (SELECT step FROM pb.query WHERE section = 'now') GROUP BY step;
INSERT INTO pb.agreement
SELECT 'every run of ' || step || ' gave the same answer', answers = 1,
       CASE WHEN answers <> 1 THEN answers || ' different answers in ' || runs || ' runs' END
  FROM ans;
INSERT INTO pb.agreement
SELECT b.step || ' = now: progress(status, action)', a.answer = b.answer,
       CASE WHEN a.answer IS DISTINCT FROM b.answer
            THEN E'progress(status, action): ' || a.answer || E'\n    ' || b.step || ': ' || b.answer END
  FROM ans a, ans b
 WHERE a.step = 'now: progress(status, action)'
   AND b.step IN ('now: plain SQL', 'now: progress(status, action), 2 workers', 'now: plain SQL, 2 workers');
-- progress(status, action, surveyed): the same but for the survey, and the
-- survey as outfall.survey_complete counts it
INSERT INTO pb.agreement
SELECT 'now: progress(status, action, surveyed) = progress(status, action), and surveyed = count(*) FILTER (WHERE survey_complete(o))',
       ok, CASE WHEN NOT ok THEN format('three-argument: %s, two-argument: %s, survey_complete: %s', s, a, n) END
  FROM (SELECT s.answer AS s, a.answer AS a, c.n,
               (row(s3.total, NULL::bigint, s3.found, s3.monitored, s3.traced, s3.planned, s3.rectifying, s3.rectified,
                    s3.closed, s3.retained, s3.reached_monitored, s3.reached_traced, s3.reached_planned, s3.done,
                    s3.done_ban, s3.done_merge, s3.done_standardize, s3.done_retain, s3.done_unplanned, s3.closed_out,
                    NULL::float8, s3.pct_monitored, s3.pct_traced, s3.pct_planned, s3.pct_done,
                    s3.pct_closed_out)::outfall.progress)::text = a.answer
               AND s3.surveyed = c.n
               AND s3.pct_surveyed = 100 * c.n::float8 / s3.total AS ok
          FROM ans s, ans a,
               LATERAL (SELECT (s.answer::outfall.progress).*) s3,
               LATERAL (SELECT count(*) FILTER (WHERE outfall.survey_complete(o)) AS n FROM outfall.outfall o) c
         WHERE s.step = 'now: progress(status, action, surveyed)' AND a.step = 'now: progress(status, action)') x;
-- the table alone: the same states and reached measures; without plans,
-- every done outfall is unplanned
INSERT INTO pb.agreement
SELECT 'now: progress(status, NULL) over the table = the join''s states, every done outfall unplanned; total = count(*)',
       ok, CASE WHEN NOT ok THEN format('table: %s, join: %s, count(*): %s', t.answer, j.answer, c.answer) END
  FROM ans t, ans j, ans c,
       LATERAL (SELECT (t.answer::outfall.progress).*) tp,
       LATERAL (SELECT (j.answer::outfall.progress).*) jp,
       LATERAL (SELECT (tp.total, tp.found, tp.monitored, tp.traced, tp.planned, tp.rectifying, tp.rectified, tp.closed,
                        tp.retained, tp.reached_monitored, tp.reached_traced, tp.reached_planned, tp.done, tp.closed_out,
                        tp.pct_monitored, tp.pct_traced, tp.pct_planned, tp.pct_done, tp.pct_closed_out)
                     = (jp.total, jp.found, jp.monitored, jp.traced, jp.planned, jp.rectifying, jp.rectified, jp.closed,
                        jp.retained, jp.reached_monitored, jp.reached_traced, jp.reached_planned, jp.done, jp.closed_out,
                        jp.pct_monitored, jp.pct_traced, jp.pct_planned, jp.pct_done, jp.pct_closed_out)
                   AND tp.done_unplanned = tp.done AND tp.done_ban + tp.done_merge + tp.done_standardize + tp.done_retain = 0
                   AND format('(%s)', tp.total) = c.answer AS ok) k
 WHERE t.step = 'table: progress(status, NULL)' AND j.step = 'now: progress(status, action)' AND c.step = 'table: count(*)';
-- the plain SQL is not the aggregate's own arithmetic: its counts add up
-- as they must (states to the total, done by action to done)
INSERT INTO pb.agreement
SELECT 'now: the counts add up (states = total, done by action = done, reached and done from the states)', ok,
       CASE WHEN NOT ok THEN answer END
  FROM ans a, LATERAL (SELECT (a.answer::outfall.progress).*) p,
       LATERAL (SELECT p.found + p.monitored + p.traced + p.planned + p.rectifying + p.rectified + p.closed + p.retained = p.total
                   AND p.done_ban + p.done_merge + p.done_standardize + p.done_retain + p.done_unplanned = p.done
                   AND p.rectified + p.closed + p.retained = p.done
                   AND p.total - p.found = p.reached_monitored
                   AND p.closed + p.retained = p.closed_out
                   AND p.total = (SELECT count(*) FROM outfall.outfall) AS ok) k
 WHERE a.step = 'now: plain SQL';
