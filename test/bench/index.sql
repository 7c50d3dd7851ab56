-- B-tree index size, two ways:
--   grown: the unique index was there during the COPY of load.sql, so it
--          grew by 1,000,000 inserts in random order (page splits);
--   built: CREATE UNIQUE INDEX after the load (sorted build, leaf pages
--          filled to the default fillfactor 90).  Its time is recorded too
--          (step create_index, information only).
-- Then, for information, an index with many duplicates: 1,000,000 rows of
-- the ~44,000 real county and township codes of outfall.division, where
-- b-tree deduplication can apply.
-- Finally the indexes of the typed and text tables are dropped: the queries
-- of query.sql must sort and hash, not scan an index.
--
-- psql variables: runs.
\set ON_ERROR_STOP on
SET client_min_messages = notice;

INSERT INTO bench.index_size
SELECT 'grown', v.type, v.variant,
       pg_relation_size(format('bench.%I', 'load_' || v.type || '_' || v.variant || '_v')::regclass),
       bench.row_count('load_' || v.type || '_' || v.variant)
  FROM bench.variant v;

-- the tables themselves, for information
INSERT INTO bench.index_size
SELECT 'heap', v.type, v.variant,
       pg_relation_size(format('bench.%I', 'load_' || v.type || '_' || v.variant)::regclass),
       bench.row_count('load_' || v.type || '_' || v.variant)
  FROM bench.variant v;

-- Reference for division_code (information): bigint holding the same
-- numbers (the code zero-padded to 12 digits, as the type stores it),
-- inserted in the same order, then indexed by CREATE INDEX.
CREATE TABLE bench.ref_division_int8 (v bigint);
CREATE UNIQUE INDEX ref_division_int8_v ON bench.ref_division_int8 (v);
INSERT INTO bench.ref_division_int8 SELECT rpad(v, 12, '0')::bigint FROM bench.load_division_code_text;
INSERT INTO bench.index_size VALUES
    ('grown', 'division_code', 'int8', pg_relation_size('bench.ref_division_int8_v'),
     bench.row_count('ref_division_int8'));
DROP INDEX bench.ref_division_int8_v;
CREATE UNIQUE INDEX ref_division_int8_v ON bench.ref_division_int8 (v);
INSERT INTO bench.index_size VALUES
    ('built', 'division_code', 'int8', pg_relation_size('bench.ref_division_int8_v'),
     bench.row_count('ref_division_int8'));
DROP TABLE bench.ref_division_int8;

-- CREATE INDEX after the load: typed, floor and text COLLATE "C" (the
-- checked text tables hold the same text and get the same index).
SELECT format('DROP INDEX bench.%I', t.tbl || '_v'),
       'CHECKPOINT',
       format('CALL bench.time_stmt(%L, %L, %L, %s, %L)', 'create_index', v.type, v.variant, r.run,
              format('CREATE UNIQUE INDEX %I ON bench.%I (v)', t.tbl || '_v', t.tbl))
  FROM bench.variant v
 CROSS JOIN generate_series(1, :runs) AS r(run)
 CROSS JOIN LATERAL (SELECT 'load_' || v.type || '_' || v.variant AS tbl) t
 WHERE v.role IN ('typed', 'floor', 'info')
 ORDER BY r.run, v.type, (CASE v.role WHEN 'typed' THEN 0 WHEN 'floor' THEN 1 ELSE 2 END + r.run) % 3
\gexec

INSERT INTO bench.index_size
SELECT 'built', v.type, v.variant,
       pg_relation_size(format('bench.%I', 'load_' || v.type || '_' || v.variant || '_v')::regclass),
       bench.row_count('load_' || v.type || '_' || v.variant)
  FROM bench.variant v
 WHERE v.role IN ('typed', 'floor', 'info');

-- Duplicates (information): division_code column of a registry, many rows
-- per county or township.
SELECT setseed(0.5) \gset
CREATE TABLE bench.dup_division_typed AS
    SELECT code AS v
      FROM outfall.division, generate_series(1, 23)
     WHERE outfall.level(code) IN (3, 4)
     ORDER BY random()
     LIMIT 1000000;
CREATE TABLE bench.dup_division_text AS SELECT v::text AS v FROM bench.dup_division_typed;
CREATE INDEX dup_division_typed_v ON bench.dup_division_typed (v);
CREATE INDEX dup_division_text_v ON bench.dup_division_text (v);
INSERT INTO bench.index_size VALUES
    ('dup', 'division_code', 'typed', pg_relation_size('bench.dup_division_typed_v'),
     bench.row_count('dup_division_typed')),
    ('dup', 'division_code', 'text', pg_relation_size('bench.dup_division_text_v'),
     bench.row_count('dup_division_text'));
DROP TABLE bench.dup_division_typed, bench.dup_division_text;

-- the query tables must not have indexes
SELECT format('DROP INDEX bench.%I', 'load_' || type || '_' || variant || '_v')
  FROM bench.variant
\gexec
