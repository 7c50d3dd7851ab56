-- The report: medians of the timed runs (run 0 excluded), ratios against
-- the baselines, and the targets of the issue with PASS or MISS.
\set ON_ERROR_STOP on
\pset footer off
SET client_min_messages = warning;

CREATE VIEW bench.med AS
SELECT r.step, r.type, r.variant, v.ord, v.role, v.label,
       count(*) AS runs,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY r.ms) AS median,
       min(r.ms) AS min, max(r.ms) AS max
  FROM bench.result r
  JOIN bench.variant v USING (type, variant)
 WHERE r.run >= 1
 GROUP BY r.step, r.type, r.variant, v.ord, v.role, v.label;

-- median of step/type/variant, in ms
CREATE FUNCTION bench.m(p_step text, p_type text, p_variant text) RETURNS float8
    LANGUAGE sql STABLE
    RETURN (SELECT median FROM bench.med WHERE step = p_step AND type = p_type AND variant = p_variant);

CREATE FUNCTION bench.isize(p_how text, p_type text, p_variant text) RETURNS float8
    LANGUAGE sql STABLE
    RETURN (SELECT bytes FROM bench.index_size WHERE how = p_how AND type = p_type AND variant = p_variant);

SELECT collname AS default_collation FROM pg_database, LATERAL (SELECT datcollate AS collname) c
 WHERE datname = current_database() \gset

\echo
\echo '================================================================================'
\echo ' 0. Data: generated values (random order; real county and township codes)'
\echo '================================================================================'
SELECT type, n AS "values", n_distinct AS "distinct", n_valid AS "valid for the type",
       min_len AS "min length", max_len AS "max length", avg_len AS "avg length"
  FROM bench.data;

\echo
\echo '================================================================================'
\echo ' 1. Bulk load: COPY 1,000,000 values into a table with a unique b-tree index'
\echo '    (server-side COPY FROM file; median, min and max of the timed runs, seconds;'
\echo '     "/ typed" = this column''s time divided by the typed column''s time:'
\echo '     above 1 the typed column is faster)'
\echo '================================================================================'
SELECT type, label AS "column", runs,
       to_char(median / 1000, 'FM990.00') AS median_s,
       to_char(min / 1000, 'FM990.00') AS min_s,
       to_char(max / 1000, 'FM990.00') AS max_s,
       to_char(median / bench.m('load', type, 'typed'), 'FM990.00') AS "/ typed"
  FROM bench.med
 WHERE step = 'load'
 ORDER BY type, ord;

\echo
\echo '================================================================================'
\echo ' 2. B-tree index size, 1,000,000 distinct values'
\echo '    built: CREATE UNIQUE INDEX after the load (sorted build, fillfactor 90)'
\echo '    grown: the index existed during the COPY (1,000,000 inserts, random order)'
\echo '    text = unchecked text column (the checked text columns have identical indexes)'
\echo '================================================================================'
SELECT i.type, i.how AS "index",
       to_char(i.bytes / 1048576.0, 'FM9990.0') AS "typed MB",
       to_char(t.bytes / 1048576.0, 'FM9990.0') AS "text MB",
       to_char(i.bytes::float8 / t.bytes, 'FM0.000') AS "typed / text",
       to_char(i.bytes::float8 / i.entries, 'FM990.0') AS "typed B/entry",
       to_char(t.bytes::float8 / t.entries, 'FM990.0') AS "text B/entry"
  FROM bench.index_size i
  JOIN bench.index_size t ON t.how = i.how AND t.type = i.type AND t.variant = 'text'
 WHERE i.variant = 'typed' AND i.how IN ('built', 'grown', 'heap')
 ORDER BY i.type, array_position('{built,grown,heap}', i.how);
\echo '  (heap = the table itself after the load, for information)'
\echo
\echo '  Information: division_code next to bigint holding the same numbers, inserted'
\echo '  in the same order.  The size of an index grown by random inserts swings with'
\echo '  the number of rows (leaf pages fill and split in waves), so "grown" ratios'
\echo '  are a snapshot at 1,000,000 rows:'
SELECT i.how AS "index",
       to_char(i.bytes / 1048576.0, 'FM9990.0') AS "division_code MB",
       to_char(b.bytes / 1048576.0, 'FM9990.0') AS "bigint MB",
       to_char(t.bytes / 1048576.0, 'FM9990.0') AS "text MB",
       to_char(i.bytes::float8 / b.bytes, 'FM0.000') AS "division_code / bigint",
       to_char(b.bytes::float8 / t.bytes, 'FM0.000') AS "bigint / text"
  FROM bench.index_size i
  JOIN bench.index_size b ON b.how = i.how AND b.type = i.type AND b.variant = 'int8'
  JOIN bench.index_size t ON t.how = i.how AND t.type = i.type AND t.variant = 'text'
 WHERE i.type = 'division_code' AND i.variant = 'typed'
 ORDER BY i.how;
\echo
\echo '  Information, no target: an index with duplicates, 1,000,000 rows over the'
\echo '  ~44,000 real county and township codes (CREATE INDEX, not unique), where'
\echo '  b-tree deduplication can merge equal keys:'
SELECT i.type, to_char(i.bytes / 1048576.0, 'FM9990.0') AS "typed MB",
       to_char(t.bytes / 1048576.0, 'FM9990.0') AS "text MB",
       to_char(i.bytes::float8 / t.bytes, 'FM990.000') AS "typed / text",
       (SELECT CASE WHEN EXISTS (
                   SELECT FROM pg_amproc p JOIN pg_opclass c ON c.opcfamily = p.amprocfamily
                    WHERE c.opcname = 'division_code_ops' AND c.opcmethod = 403 AND p.amprocnum = 4)
               THEN 'yes' ELSE 'no: btree support function 4 (equalimage) is missing' END)
       AS "typed opclass allows deduplication"
  FROM bench.index_size i
  JOIN bench.index_size t ON t.how = i.how AND t.type = i.type AND t.variant = 'text'
 WHERE i.how = 'dup' AND i.variant = 'typed';

\echo
\echo '================================================================================'
\echo ' 3. ORDER BY and equality join of 1,000,000 rows (EXPLAIN ANALYZE execution'
\echo '    time, median ms; all sorts and hashes in memory).  "text / typed" above 1:'
\echo '    the typed column is faster.'
\echo '    text = unchecked text under the database''s default collation:' :default_collation
\echo '    text "C" = text COLLATE "C", for information'
\echo '================================================================================'
SELECT q.type, q.step AS query,
       to_char(bench.m(q.step, q.type, 'typed'), 'FM99990') AS "typed ms",
       to_char(bench.m(q.step, q.type, 'text'), 'FM99990') AS "text ms",
       to_char(bench.m(q.step, q.type, 'text') / bench.m(q.step, q.type, 'typed'), 'FM990.00') AS "text / typed",
       to_char(bench.m(q.step, q.type, 'text_c'), 'FM99990') AS "text ""C"" ms",
       to_char(bench.m(q.step, q.type, 'text_c') / bench.m(q.step, q.type, 'typed'), 'FM990.00') AS "text ""C"" / typed"
  FROM (SELECT DISTINCT type, step FROM bench.result
         WHERE step IN ('order_by', 'hash_join', 'merge_join')) q
 ORDER BY q.type, array_position('{order_by,hash_join,merge_join}', q.step);

\echo
\echo '  CREATE UNIQUE INDEX after the load (information, median ms):'
SELECT type,
       to_char(bench.m('create_index', type, 'typed'), 'FM99990') AS "typed ms",
       to_char(bench.m('create_index', type, 'text'), 'FM99990') AS "text ms",
       to_char(bench.m('create_index', type, 'text') / bench.m('create_index', type, 'typed'), 'FM990.00') AS "text / typed",
       to_char(bench.m('create_index', type, 'text_c'), 'FM99990') AS "text ""C"" ms",
       to_char(bench.m('create_index', type, 'text_c') / bench.m('create_index', type, 'typed'), 'FM990.00') AS "text ""C"" / typed"
  FROM (SELECT DISTINCT type FROM bench.result WHERE step = 'create_index') t
 ORDER BY type;

\echo
\echo '  Plans used (every run of every variant; check that they are the intended ones):'
SELECT step, string_agg(DISTINCT type, ', ') AS types, plan
  FROM bench.result
 WHERE step IN ('order_by', 'hash_join', 'merge_join')
 GROUP BY step, plan
 ORDER BY array_position('{order_by,hash_join,merge_join}', step), plan;

-- ---------------------------------------------------------------------------
\echo
\echo '================================================================================'
\echo ' 4. Summary: the targets of the issue'
\echo '================================================================================'
CREATE TEMP VIEW summary(ord, target, figure, limit_text, pass) AS (
    SELECT 1, 'load uscc: PL/pgSQL-checked text time / typed time',
           bench.m('load', 'uscc', 'text_plpgsql') / bench.m('load', 'uscc', 'typed'),
           '>= 2.50', bench.m('load', 'uscc', 'text_plpgsql') / bench.m('load', 'uscc', 'typed') >= 2.5
    UNION ALL
    SELECT 2, 'load outfall_code: regex-checked text time / typed time',
           bench.m('load', 'outfall_code', 'text_regex') / bench.m('load', 'outfall_code', 'typed'),
           '>= 1.20', bench.m('load', 'outfall_code', 'text_regex') / bench.m('load', 'outfall_code', 'typed') >= 1.2
    UNION ALL
    SELECT 3, 'load uscc: typed time / unchecked text time',
           bench.m('load', 'uscc', 'typed') / bench.m('load', 'uscc', 'text'),
           '<= 1.10', bench.m('load', 'uscc', 'typed') / bench.m('load', 'uscc', 'text') <= 1.10
    UNION ALL
    SELECT 4, 'load outfall_code: typed time / unchecked text time',
           bench.m('load', 'outfall_code', 'typed') / bench.m('load', 'outfall_code', 'text'),
           '<= 1.10', bench.m('load', 'outfall_code', 'typed') / bench.m('load', 'outfall_code', 'text') <= 1.10
    UNION ALL
    SELECT 55, 'load uscc: SQL-function-checked text time / typed time',
           bench.m('load', 'uscc', 'text_sql') / bench.m('load', 'uscc', 'typed'), 'reported', NULL
    UNION ALL
    SELECT 56, 'load uscc: SQL-expression-checked text time / typed time',
           bench.m('load', 'uscc', 'text_sql_expr') / bench.m('load', 'uscc', 'typed'), 'reported', NULL
    UNION ALL
    SELECT 57, 'load division_code: regex-checked text time / typed time',
           bench.m('load', 'division_code', 'text_regex') / bench.m('load', 'division_code', 'typed'), 'reported', NULL
    UNION ALL
    SELECT 58, 'load division_code: unchecked text time / typed time',
           bench.m('load', 'division_code', 'text') / bench.m('load', 'division_code', 'typed'), 'reported', NULL
    UNION ALL
    SELECT 59, 'load uscc: typed time / unchecked text COLLATE "C" time',
           bench.m('load', 'uscc', 'typed') / bench.m('load', 'uscc', 'text_c'), 'reported', NULL
    UNION ALL
    SELECT 59, 'load outfall_code: typed time / unchecked text COLLATE "C" time',
           bench.m('load', 'outfall_code', 'typed') / bench.m('load', 'outfall_code', 'text_c'), 'reported', NULL
    UNION ALL
    SELECT 10 + row_number() OVER (ORDER BY array_position('{outfall_code,uscc,division_code}', i.type), i.how),
           format('index size %s %s: typed / text', i.type, i.how),
           i.bytes::float8 / t.bytes, '<= 0.80', i.bytes::float8 / t.bytes <= 0.80
      FROM bench.index_size i
      JOIN bench.index_size t ON t.how = i.how AND t.type = i.type AND t.variant = 'text'
     WHERE i.variant = 'typed' AND i.how IN ('built', 'grown')
    UNION ALL
    SELECT 60 + row_number() OVER (ORDER BY array_position('{outfall_code,uscc,division_code}', q.type),
                                            array_position('{order_by,hash_join,merge_join}', q.step)),
           format('%s %s: text (%s) time / typed time', q.step, q.type, :'default_collation'),
           bench.m(q.step, q.type, 'text') / bench.m(q.step, q.type, 'typed'), 'reported', NULL
      FROM (SELECT DISTINCT type, step FROM bench.result
             WHERE step IN ('order_by', 'hash_join', 'merge_join')) q
);

\echo ' Targets:'
SELECT target, to_char(figure, 'FM990.000') AS figure, limit_text AS "target",
       CASE WHEN pass THEN 'PASS' ELSE 'MISS' END AS result
  FROM summary
 WHERE pass IS NOT NULL
 ORDER BY ord;
SELECT count(*) FILTER (WHERE pass) AS n_pass, count(*) FILTER (WHERE NOT pass) AS n_miss
  FROM summary \gset
\echo ' ' :n_pass 'targets PASS,' :n_miss 'MISS.'
\echo
\echo ' Reported without a target (speed ratios above 1: typed faster, except the'
\echo ' "typed time / ..." rows, where below 1 means typed faster):'
SELECT target, to_char(figure, 'FM990.000') AS figure,
       CASE WHEN speedup > 1.05 THEN 'typed faster'
            WHEN speedup < 1 / 1.05 THEN 'typed slower'
            ELSE 'about equal (within 5%)' END AS result
  FROM summary, LATERAL (SELECT CASE WHEN target LIKE '%: typed time /%' THEN 1 / figure ELSE figure END AS speedup) x
 WHERE pass IS NULL
 ORDER BY ord;

SELECT count(*) FILTER (WHERE NOT ok) AS bad_plans, count(*) FILTER (WHERE NOT ok) > 0 AS any_bad_plan
  FROM (SELECT CASE step
                 WHEN 'order_by' THEN plan LIKE 'Sort > Seq Scan; quicksort Memory%'
                 WHEN 'hash_join' THEN plan LIKE '%Hash Join%' AND plan LIKE '%hash batches 1'
                 WHEN 'merge_join' THEN plan LIKE '%Merge Join%' AND plan LIKE '%; quicksort Memory'
               END AS ok
          FROM bench.result WHERE step IN ('order_by', 'hash_join', 'merge_join')) p \gset
\if :any_bad_plan
\echo 'WARNING:' :bad_plans 'query runs did not use the intended plan (see "Plans used" above);'
\echo 'their figures do not measure what they claim to.'
\else
\echo 'All query runs used the intended plans (in-memory sorts, single-batch hashes).'
\endif
