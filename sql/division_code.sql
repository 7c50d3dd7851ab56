-- division_code: 行政区划代码 (GB/T 2260, GB/T 10114)
SET search_path = outfall, public;

-- sqlstate_of(expr): the SQLSTATE an expression raises, or NULL; the later
-- test files use it too
CREATE FUNCTION public.sqlstate_of(expr text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE 'SELECT ' || expr;
    RETURN NULL;
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE;
END $$;

-- ordinary use: each level, and its parts
SELECT d, level(d), level_name(d), parent(d), province(d), city(d), county(d), township(d)
  FROM (VALUES ('50'::division_code), ('5001'), ('500114'), ('500114001'),
               ('500114001001')) AS v(d);

-- zero-padded forms normalize to their level
SELECT input, input::division_code AS code, level(input::division_code)
  FROM (VALUES ('500000'), ('500100'), ('500114000'), ('500114001000'),
               ('500000000000'), ('1100'), ('110101')) AS v(input);

-- forgiving about form: spaces, separators, full-width digits
SELECT ' 5001 14 '::division_code, '50-01-14'::division_code, '５００１１４'::division_code;

-- a city without counties: 东莞市 townships sit directly below the city
SELECT d, parent(d), county(d), city(d) FROM (VALUES ('441900003'::division_code)) v(d);

-- containment: a code contains itself and everything below it
SELECT '5001'::division_code @> '500114001' AS city_has_township,
       '500114001'::division_code <@ '50' AS township_in_province,
       '500114'::division_code @> '500114' AS contains_itself,
       '5001'::division_code @> '5002' AS sibling;
SELECT '500114001'::division_code @> '5001' AS child_contains_parent;

-- ordering: a division sorts directly before its descendants
SELECT d FROM (VALUES ('5002'::division_code), ('500114001'), ('50'), ('5001'),
                      ('500114'), ('51'), ('500101'), ('500114001001')) v(d)
 ORDER BY d;

-- casts to and from text
SELECT '500114'::text::division_code::text AS round_trip,
       pg_typeof('500114'::division_code::text);

-- refusals: every one is 22P02 with what is wrong and what was expected
SELECT ''::division_code;
SELECT '   '::division_code;
SELECT '5001a4'::division_code;
SELECT '50011４x'::division_code;
SELECT '500'::division_code;
SELECT '5001141'::division_code;
SELECT '5001140010011'::division_code;
SELECT '000000'::division_code;
SELECT '00'::division_code;
-- every refusal above is SQLSTATE 22P02 (invalid_text_representation)
SELECT input, sqlstate_of(format('%L::outfall.division_code', input)) AS sqlstate
  FROM (VALUES (''),
               ('   '),
               ('5001a4'),
               ('50011４x'),
               ('500'),
               ('5001141'),
               ('5001140010011'),
               ('000000'),
               ('00')) v(input);

SELECT division_code_ancestor('500114', 6);

-- indexes: equality and containment become b-tree scans
CREATE TABLE div_t (d division_code);
INSERT INTO div_t SELECT code FROM division;
CREATE INDEX div_t_d ON div_t (d);
VACUUM ANALYZE div_t;
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT * FROM div_t WHERE d = '500114';
EXPLAIN (COSTS OFF) SELECT * FROM div_t WHERE d <@ '5001';
EXPLAIN (COSTS OFF) SELECT * FROM div_t WHERE '5001' @> d;
EXPLAIN (COSTS OFF) SELECT * FROM div_t WHERE d @> '500114001';
RESET enable_seqscan;
RESET enable_bitmapscan;
-- the range scan answers exactly what the operator means
SELECT count(*) FROM div_t WHERE d <@ '5001';
SELECT count(*) FROM div_t WHERE d::text LIKE '5001%';
SELECT d FROM div_t WHERE d @> '500114001' ORDER BY d;
-- the estimate for a range comes from the statistics, not a constant
CREATE FUNCTION pg_temp.plan_rows(query text) RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE
    plan json;
BEGIN
    EXECUTE 'EXPLAIN (FORMAT JSON) ' || query INTO plan;
    RETURN (plan -> 0 -> 'Plan' ->> 'Plan Rows')::float8;
END $$;
SELECT p AS division, count(*) AS actual,
       pg_temp.plan_rows(format('SELECT * FROM div_t WHERE d <@ %L', p))
           BETWEEN count(*) / 2.0 AND count(*) * 2.0 AS estimate_within_2x
  FROM (VALUES ('44'::division_code), ('5001'), ('65')) v(p), div_t
 WHERE d <@ p GROUP BY p ORDER BY p;
-- hash and merge joins, GROUP BY and DISTINCT
SET enable_mergejoin = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM div_t a JOIN division b ON a.d = b.code;
RESET enable_mergejoin;
SET enable_hashjoin = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM div_t a JOIN division b ON a.d = b.code;
RESET enable_hashjoin;
SELECT count(*) FROM div_t a JOIN division b ON a.d = b.code;
SELECT province(d), count(*) FROM div_t WHERE d <@ '6523' GROUP BY 1;
SELECT count(DISTINCT province(d)), min(d), max(d) FROM div_t;
DROP TABLE div_t;
