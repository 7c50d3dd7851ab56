-- ORDER BY and equality join of 1,000,000 rows: typed column against
-- unchecked text under the database's default collation (and, for
-- information, text COLLATE "C").
--
-- The "a" side is the loaded table of load.sql (values in the random order
-- of the data file, indexes dropped by index.sql); the "b" side holds the
-- same values in another random order.  Every query runs under EXPLAIN
-- (ANALYZE, TIMING OFF): the server's own execution time, no rows sent to
-- the client.  work_mem is large enough for every sort and hash to stay in
-- memory (the report shows the sort method), index scans are off, and the
-- join method is forced with enable_*.  Run 0 is a warm-up and not reported.
--
-- psql variables: datadir, runs.
\set ON_ERROR_STOP on
SET client_min_messages = notice;

SELECT format('CREATE TABLE bench.%I (v %s)', 'q_' || type || '_' || variant || '_b', coltype),
       format('COPY bench.%I FROM %L', 'q_' || type || '_' || variant || '_b',
              :'datadir' || '/' || type || '.shuffled.txt')
  FROM bench.variant
 WHERE role IN ('typed', 'floor', 'info')
 ORDER BY type, ord
\gexec

SELECT format('VACUUM (FREEZE, ANALYZE) bench.%I', t)
  FROM bench.variant v,
       LATERAL (VALUES ('load_' || type || '_' || variant), ('q_' || type || '_' || variant || '_b')) x(t)
 WHERE role IN ('typed', 'floor', 'info')
\gexec
CHECKPOINT;

-- the operators of the types live in schema outfall
SET search_path = public, outfall;
SET work_mem = '1GB';
SET enable_indexscan = off;
SET enable_indexonlyscan = off;
SET enable_bitmapscan = off;
SET max_parallel_workers_per_gather = 0;

WITH step(step, ord, query, settings) AS (VALUES
    ('order_by', 1, 'SELECT v FROM bench.%1$I ORDER BY v', '{}'::text[]),
    ('hash_join', 2, 'SELECT count(*) FROM bench.%1$I a JOIN bench.%2$I b ON a.v = b.v',
     '{enable_mergejoin,off,enable_nestloop,off}'),
    ('merge_join', 3, 'SELECT count(*) FROM bench.%1$I a JOIN bench.%2$I b ON a.v = b.v',
     '{enable_hashjoin,off,enable_nestloop,off}'))
SELECT format('CALL bench.time_query(%L, %L, %L, %s, %L, %L)', s.step, v.type, v.variant, r.run,
              format(s.query, 'load_' || v.type || '_' || v.variant, 'q_' || v.type || '_' || v.variant || '_b'),
              s.settings)
  FROM bench.variant v
 CROSS JOIN step s
 CROSS JOIN generate_series(0, :runs) AS r(run)
 WHERE v.role IN ('typed', 'floor', 'info')
 ORDER BY r.run, v.type, s.ord, (CASE v.role WHEN 'typed' THEN 0 WHEN 'floor' THEN 1 ELSE 2 END + r.run) % 3
\gexec
