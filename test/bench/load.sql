-- Bulk load: COPY the 1,000,000 values of each type from the server-side
-- data file into a table that already has its unique b-tree index, for every
-- variant of bench.variant.  Each run truncates the table and checkpoints
-- first, so every COPY starts from the same state; the variants are
-- interleaved (their order rotating from run to run) so that drift on a
-- noisy machine falls on all of them alike.  After the last run the tables
-- stay loaded: the index sizes and the queries use them.
--
-- psql variables: datadir, runs.
\set ON_ERROR_STOP on
SET client_min_messages = notice;

SELECT format('CREATE TABLE bench.%I (v %s%s)', 'load_' || type || '_' || variant, coltype,
              ' CHECK (' || check_expr || ')'),
       format('CREATE UNIQUE INDEX %I ON bench.%I (v)',
              'load_' || type || '_' || variant || '_v', 'load_' || type || '_' || variant)
  FROM bench.variant
 ORDER BY type, ord
\gexec

SELECT format('TRUNCATE bench.%I', t.tbl),
       'CHECKPOINT',
       format('CALL bench.time_stmt(%L, %L, %L, %s, %L)', 'load', v.type, v.variant, r.run,
              format('COPY bench.%I FROM %L', t.tbl, :'datadir' || '/' || v.type || '.txt'))
  FROM bench.variant v
 CROSS JOIN generate_series(1, :runs) AS r(run)
 CROSS JOIN LATERAL (SELECT 'load_' || v.type || '_' || v.variant AS tbl) t
 ORDER BY r.run, v.type,
          (v.ord + r.run) % (SELECT count(*) FROM bench.variant w WHERE w.type = v.type)
\gexec
