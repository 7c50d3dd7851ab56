-- Progress benchmark (test/bench/progress.sh): the report, from the tables
-- of schema pb.  Medians are over the runs 1 .. :runs (run 0 is a
-- warm-up).  psql variables: runs, cpus.
\set ON_ERROR_STOP on
\pset footer off
SET client_min_messages = warning;

CREATE TEMP VIEW med AS
SELECT step, count(*) AS runs, percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) AS seconds,
       string_agg(to_char(1e3 * seconds, 'FM9999990'), ', ' ORDER BY run) AS each_ms,
       (SELECT to_char(1e3 * w.seconds, 'FM9999990') FROM pb.result w WHERE w.step = r.step AND w.run = 0) AS warmup_ms
  FROM pb.result r WHERE run >= 1 GROUP BY step;
-- a figure and its baseline: the ratio baseline / figure and the target on it
CREATE TEMP TABLE target (k integer, figure text, step text, base text, op text, goal numeric, note text);
INSERT INTO target VALUES
  (1, 'progress / count(p.action), the join, serial', 'now: count(p.action)', 'now: progress(status, action)', '<=', 1.5,
   'progress takes at most 1.5 times count on the same join'),
  (2, 'plain SQL / progress, the join, serial', 'now: progress(status, action)', 'now: plain SQL', '>=', 2,
   'progress at least 2 times faster than count(*) FILTER per measure'),
  (3, 'serial / 2 workers, progress over the join', 'now: progress(status, action), 2 workers', 'now: progress(status, action)', '>=', 1.6,
   '2 workers at least 1.6 times faster');
CREATE TEMP VIEW ratio AS
SELECT t.k, t.figure, t.op, t.goal, t.note,
       f.seconds AS f_s, b.seconds AS b_s,
       CASE WHEN t.op = '<=' THEN f.seconds / b.seconds ELSE b.seconds / f.seconds END AS r
  FROM target t JOIN med f ON f.step = CASE WHEN t.op = '<=' THEN t.base ELSE t.step END
                JOIN med b ON b.step = CASE WHEN t.op = '<=' THEN t.step ELSE t.base END;

\pset tuples_only on
\pset format unaligned
SELECT 'server:     ' || version();
SELECT 'machine:    ' || :'cpus' || ' CPUs, load average ' || :'load_start' || ' at the start, ' || :'load_end' || ' at the end (shared)';
SELECT 'extension:  outfall ' || extversion FROM pg_extension WHERE extname = 'outfall';
SELECT 'settings:   ' || string_agg(name || '=' || current_setting(name), ', ' ORDER BY name)
  FROM pg_settings
 WHERE name IN ('shared_buffers', 'work_mem', 'jit', 'max_parallel_workers', 'max_worker_processes',
                'parallel_setup_cost', 'parallel_tuple_cost', 'fsync', 'TimeZone');
SELECT format('registry:   %s outfalls, %s plans, %s ledger events (%s of outfalls, %s of plans), found %s to %s',
              (SELECT count(*) FROM outfall.outfall), (SELECT count(*) FROM outfall.plan),
              count(*), count(*) FILTER (WHERE entity = 'outfall'), count(*) FILTER (WHERE entity = 'plan'),
              (SELECT min(found_on) FROM outfall.outfall), (SELECT max(found_on) FROM outfall.outfall))
  FROM outfall.ledger;
SELECT 'prepared:   ' || string_agg(format('%s %s s', step, round(seconds::numeric, 1)), '; ' ORDER BY step)
  FROM pb.result WHERE step LIKE 'copy of %' OR step LIKE 'upgrade %' HAVING count(*) > 0;
\echo 'times: the median of the timed runs in ms, then each run, then the warm-up run 0; planning included'

\echo
\echo '--- 1-3. the registry now: outfall LEFT JOIN plan, all outfalls -----------------------'
SELECT rpad(m.step, 46) || lpad(to_char(1e3 * m.seconds, 'FM9999990'), 8) || ' ms   runs ' || m.each_ms
       || '; warm-up ' || coalesce(m.warmup_ms, '-')
  FROM med m JOIN pb.query q ON q.step = m.step
 WHERE q.section = 'now'
 ORDER BY q.step LIKE 'table:%', q.workers, q.step LIKE '%count%', q.step;
\echo 'count(*) alone lets the planner drop the LEFT JOIN (plan.outfall_id is unique): count(p.action) keeps it, the floor'
SELECT format('%s: %s (target %s %s: %s)', figure, round(r::numeric, 2), op, goal,
              CASE WHEN (op = '<=' AND r <= goal) OR (op = '>=' AND r >= goal) THEN 'PASS' ELSE 'FAIL' END)
  FROM ratio ORDER BY k;
SELECT format('the machine: two sessions at once do %s times the work of one (2 would be two free cores); '
              'figure 3 reached %s of that ceiling',
              round((2 * o.seconds / t.seconds)::numeric, 2),
              to_char(100 * (s.seconds / w.seconds) / (2 * o.seconds / t.seconds), 'FM990') || '%')
  FROM med o, med t, med s, med w
 WHERE o.step = 'machine: one session' AND t.step = 'machine: two sessions at once'
   AND s.step = 'now: progress(status, action)' AND w.step = 'now: progress(status, action), 2 workers';
SELECT format('for information: progress(status, NULL) / count(*) over the outfall table alone: %s; / count(status): %s',
              round((p.seconds / c.seconds)::numeric, 2), round((p.seconds / s.seconds)::numeric, 2))
  FROM med p, med c, med s
 WHERE p.step = 'table: progress(status, NULL)' AND c.step = 'table: count(*)' AND s.step = 'table: count(status)';
SELECT format('for information: plain SQL serial / 2 workers: %s; count(p.action) serial / 2 workers: %s; '
              'progress with the survey (3 arguments) / progress: %s',
              round((a.seconds / b.seconds)::numeric, 2), round((c.seconds / d.seconds)::numeric, 2),
              round((e.seconds / f.seconds)::numeric, 2))
  FROM med a, med b, med c, med d, med e, med f
 WHERE a.step = 'now: plain SQL' AND b.step = 'now: plain SQL, 2 workers'
   AND c.step = 'now: count(p.action)' AND d.step = 'now: count(p.action), 2 workers'
   AND e.step = 'now: progress(status, action, surveyed)' AND f.step = 'now: progress(status, action)';
SELECT format('progress (serial):   %s', answer) FROM pb.result WHERE step = 'now: progress(status, action)' AND run = 1;
SELECT format('plain SQL (serial):  %s', answer) FROM pb.result WHERE step = 'now: plain SQL' AND run = 1;

\echo
\echo '--- 4. the registry on past dates: progress_as_of against row_number() over the ledger ---'
SELECT rpad(m.step, 62) || lpad(to_char(1e3 * m.seconds, 'FM9999990'), 8) || ' ms   runs ' || m.each_ms
       || '; warm-up ' || coalesce(m.warmup_ms, '-')
  FROM med m JOIN pb.query q ON q.step = m.step
 WHERE q.section = 'as_of'
 ORDER BY q.step;
SELECT format('%s: plain SQL / progress_as_of, serial: %s; with 2 workers: %s; plain SQL with 2 workers / progress() FROM outfalls_as_of() with 2 workers: %s',
              d, round((b.seconds / a.seconds)::numeric, 2), round((b2.seconds / a2.seconds)::numeric, 2),
              round((b2.seconds / t2.seconds)::numeric, 2))
  FROM (SELECT DISTINCT split_part(substr(step, 7), ': ', 1) AS d FROM pb.query WHERE section = 'as_of') dd
       JOIN med a ON a.step = 'as_of ' || d || ': progress_as_of'
       JOIN med a2 ON a2.step = 'as_of ' || d || ': progress_as_of, 2 workers'
       JOIN med b ON b.step = 'as_of ' || d || ': row_number() plain SQL'
       JOIN med b2 ON b2.step = 'as_of ' || d || ': row_number() plain SQL, 2 workers'
       JOIN med t2 ON t2.step = 'as_of ' || d || ': progress() FROM outfalls_as_of(), 2 workers'
 ORDER BY d;
SELECT format('%s: progress_as_of %s', split_part(substr(step, 7), ': ', 1), answer)
  FROM pb.result WHERE step LIKE 'as_of %: progress_as_of' AND run = 1 ORDER BY step;
SELECT format('%s: plain SQL      %s', split_part(substr(step, 7), ': ', 1), answer)
  FROM pb.result WHERE step LIKE 'as_of %: row_number() plain SQL' AND run = 1 ORDER BY step;
SELECT 'not measured: the extension has no outfall.progress_as_of, or --no-as-of'
 WHERE NOT EXISTS (SELECT FROM pb.query WHERE section = 'as_of');
\echo 'the plain SQL does not rebuild the survey (surveyed, pct_surveyed are NULL): progress_as_of does, so it does more work'

\echo
\echo '--- 5. the moving-window form, by the month found (serial, for information) -------------'
SELECT format('%s months of outfalls found', answer) FROM pb.result WHERE step = 'window: months';
SELECT rpad(m.step, 60) || lpad(to_char(1e3 * m.seconds, 'FM9999990'), 8) || ' ms   runs ' || m.each_ms
       || '; warm-up ' || coalesce(m.warmup_ms, '-')
       || format('  (%s x progress over the join, serial)',
                 round((m.seconds / (SELECT seconds FROM med WHERE step = 'now: progress(status, action)'))::numeric, 1))
  FROM med m JOIN pb.query q ON q.step = m.step
 WHERE q.section = 'window'
 ORDER BY q.step;
SELECT 'not measured (--no-window)' WHERE NOT EXISTS (SELECT FROM pb.result WHERE step LIKE 'window:%');

\echo
\echo '--- the parallel plans (EXPLAIN ANALYZE, TIMING OFF; not timed) ---------------------------'
SELECT rpad(step, 62) || rpad(' ' || stage, 24)
       || format('workers planned %s, launched %s, parallel aggregate (Gather + Partial): %s',
                 coalesce(workers_planned::text, '-'), coalesce(workers_launched::text, '-'),
                 CASE WHEN partial_aggregate THEN 'yes' ELSE 'no' END)
  FROM pb.plan_check WHERE workers_planned IS NOT NULL OR step LIKE '%2 workers%'
 ORDER BY step, stage;

\echo
\echo '--- the answers agree ------------------------------------------------------------------'
SELECT CASE WHEN ok THEN 'identical  ' ELSE 'DIFFERENT  ' END || what || coalesce(E'\n    ' || detail, '')
  FROM pb.agreement ORDER BY NOT ok DESC, what;

\echo
\echo '--- summary -------------------------------------------------------------------------------'
\pset tuples_only off
\pset format aligned
SELECT figure AS "figure", to_char(1e3 * f_s, 'FM9999990') AS "ms",
       to_char(1e3 * b_s, 'FM9999990') AS "baseline ms", round(r::numeric, 2) AS "ratio",
       op || ' ' || goal AS "target",
       CASE WHEN (op = '<=' AND r <= goal) OR (op = '>=' AND r >= goal) THEN 'PASS' ELSE 'FAIL' END AS "result"
  FROM (SELECT k, figure, op, goal, r,
               CASE WHEN op = '<=' THEN f_s ELSE f_s END AS f_s, b_s FROM ratio) x
UNION ALL
SELECT format('plain SQL / progress_as_of, %s, serial', d), to_char(1e3 * a.seconds, 'FM9999990'),
       to_char(1e3 * b.seconds, 'FM9999990'), round((b.seconds / a.seconds)::numeric, 2), 'none', 'info'
  FROM (SELECT DISTINCT split_part(substr(step, 7), ': ', 1) AS d FROM pb.query WHERE section = 'as_of') dd
       JOIN med a ON a.step = 'as_of ' || d || ': progress_as_of'
       JOIN med b ON b.step = 'as_of ' || d || ': row_number() plain SQL'
UNION ALL
SELECT 'answers agree with their baselines', NULL, NULL, NULL,
       count(*) || ' checks', CASE WHEN bool_and(ok) THEN 'PASS' ELSE 'FAIL' END
  FROM pb.agreement;
