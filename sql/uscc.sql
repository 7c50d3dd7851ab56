-- uscc: 统一社会信用代码 (GB 32100-2015)
SET search_path = outfall, public;

-- ordinary use: real codes, and their parts; 130230 (唐海县) has since been
-- merged away, so the code keeps a division that the current list lacks
SELECT u, authority_code(u), entity_kind_code(u), registration_division(u),
       division_name(registration_division(u))
  FROM (VALUES ('91130200699229617X'::uscc), ('911302307808371268')) v(u);

-- forgiving about form: case, spaces, separators, full-width characters
SELECT '91130200699229617x'::uscc, ' 9113 0200 6992 2961 7X '::uscc,
       '911302-006992-29617X'::uscc, '９１１３０２００６９９２２９６１７Ｘ'::uscc;

-- ordering is the text order
SELECT u FROM (VALUES ('911302307808371268'::uscc), ('91130200699229617X'),
                      ('12100000400010398P')) v(u) ORDER BY u;
SELECT '91130200699229617X'::uscc < '911302307808371268'::uscc AS lt,
       '91130200699229617X'::uscc = '91130200699229617x'::uscc AS eq;

-- casts
SELECT '91130200699229617X'::text::uscc::text;

-- refusals
SELECT '91130200699229617Y'::uscc;
SELECT '911302307808371260'::uscc;
SELECT '91130200699229617'::uscc;
SELECT '91130200699229617X1'::uscc;
SELECT '9113020069922961OX'::uscc;
SELECT '9113020I699229617X'::uscc;
SELECT '91A30200699229617X'::uscc;
SELECT '91130200699229617#'::uscc;
SELECT '91130200699229617中'::uscc;
SELECT ''::uscc;
-- every refusal above is SQLSTATE 22P02 (invalid_text_representation)
SELECT input, sqlstate_of(format('%L::outfall.uscc', input)) AS sqlstate
  FROM (VALUES ('91130200699229617Y'),
               ('911302307808371260'),
               ('91130200699229617'),
               ('91130200699229617X1'),
               ('9113020069922961OX'),
               ('9113020I699229617X'),
               ('91A30200699229617X'),
               ('91130200699229617#'),
               ('91130200699229617中'),
               ('')) v(input);

-- a primary key refuses the same code typed another way
CREATE TABLE uscc_t (u uscc PRIMARY KEY, name text);
INSERT INTO uscc_t VALUES ('91130200699229617X', 'a'), ('911302307808371268', 'b');
INSERT INTO uscc_t VALUES ('91130200699229617x', 'same code, lower case');
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT * FROM uscc_t WHERE u = '911302307808371268';
RESET enable_seqscan;

-- hash index, hash join, GROUP BY, DISTINCT
CREATE TABLE uscc_h (u uscc);
INSERT INTO uscc_h SELECT u FROM uscc_t, generate_series(1, 3);
CREATE INDEX uscc_h_hash ON uscc_h USING hash (u);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT * FROM uscc_h WHERE u = '911302307808371268';
SELECT count(*) FROM uscc_h WHERE u = '911302307808371268';
RESET enable_seqscan;
SET enable_mergejoin = off;
SET enable_nestloop = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM uscc_h JOIN uscc_t USING (u);
SELECT count(*) FROM uscc_h JOIN uscc_t USING (u);
RESET enable_mergejoin;
RESET enable_nestloop;
SELECT u, count(*) FROM uscc_h GROUP BY u ORDER BY u;
SELECT count(DISTINCT u), min(u), max(u) FROM uscc_h;
DROP TABLE uscc_h, uscc_t;
