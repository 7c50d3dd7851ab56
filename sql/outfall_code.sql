-- outfall_code: 排污口编码 (HJ 1235-2021)
SET search_path = outfall, public;

-- ordinary use: a code and its four parts
SELECT c, water_code(c), division(c), division_name(division(c)), type_code(c), seq(c)
  FROM (VALUES ('AP0100500114GY0001'::outfall_code)) v(c);

-- water body codes of 1 to 12 characters: whatever precedes the last 12
SELECT c, water_code(c), length(water_code(c))
  FROM (VALUES ('A500114GY0001'::outfall_code), ('CJ10500114GY0001'),
               ('ABCDEFGHIJ12500114GY9999')) v(c);

-- forgiving about form: spaces, '-' separators, lower case, full-width characters
SELECT input, input::outfall_code AS code
  FROM (VALUES ('  ap0100-500114-gy-0001  '), ('AP01 00 500114 GY 0001'),
               ('ＡＰ０１００５００１１４ＧＹ０００１'), ('ａｐ0100　500114－gy0001'),
               ('AP0100–500114—GY−0001')) v(input);
-- a no-break space and the byte order mark a spreadsheet export puts first
SELECT (U&'\FEFFAP0100\00A0500114GY0001')::outfall_code,
       (U&'\FEFF91130200699229617X')::uscc, (U&'500114\00A0')::division_code;

-- constructor from the four parts
SELECT outfall_code('AP0100', '500114', 'gy', 1);
SELECT outfall_code('AP0100', '50', 'GY', 12);
SELECT outfall_code('ap 01 00', '5001', 'GY', 9999) = 'AP0100500100GY9999' AS same;

-- a zero-padded division segment gives the division at its own level
SELECT division('LJ01450200GY0001'), level(division('LJ01450200GY0001'));

-- casts to and from text
SELECT 'AP0100500114GY0001'::text::outfall_code::text;
CREATE TABLE oc_text (t text);
INSERT INTO oc_text SELECT 'AP0100500114GY0001'::outfall_code;
SELECT t FROM oc_text;
DROP TABLE oc_text;

-- ordering: by water body, then division, type and sequence
SELECT c FROM (VALUES ('B500114GY0001'::outfall_code), ('AB500114GY0002'), ('A500114GY0001'),
                      ('AB500114GY0001'), ('AB500101GY0003'), ('AB500114AA0009'),
                      ('AB9500114GY0001'), ('A1500114GY0001')) v(c)
 ORDER BY c;
SELECT 'A500114GY0001'::outfall_code < 'AB500114GY0001' AS shorter_water_first,
       'AB500114GY0001'::outfall_code = 'ab-500114-gy-0001' AS eq,
       'AB500114GY0001'::outfall_code <> 'AB500114GY0002' AS ne;

-- refusals: 22P02, naming the segment and the position, hinting the layout
SELECT 'AP0100500114GY0000'::outfall_code;
SELECT 'AP01005001X4GY0001'::outfall_code;
SELECT '500114GY0001'::outfall_code;
SELECT 'ABCDEFGHIJKLM500114GY0001'::outfall_code;
SELECT 'AP0100500114G10001'::outfall_code;
SELECT 'AP0100500114GY00O1'::outfall_code;
SELECT 'AP01_00500114GY0001'::outfall_code;
SELECT 'AP0100500114GY000１中'::outfall_code;
SELECT 'AP0100500114GY0001 备注'::outfall_code;
SELECT 'AP01中00500114GY0001'::outfall_code;
SELECT 'AP0100 0000114GY0001'::outfall_code;
SELECT 'AP0100500114GY'::outfall_code;
SELECT ''::outfall_code;
SELECT ' - - '::outfall_code;
-- every refusal above is SQLSTATE 22P02 (invalid_text_representation)
SELECT input, sqlstate_of(format('%L::outfall.outfall_code', input)) AS sqlstate
  FROM (VALUES ('AP0100500114GY0000'),
               ('AP01005001X4GY0001'),
               ('500114GY0001'),
               ('ABCDEFGHIJKLM500114GY0001'),
               ('AP0100500114G10001'),
               ('AP0100500114GY00O1'),
               ('AP01_00500114GY0001'),
               ('AP0100500114GY000１中'),
               ('AP0100500114GY0001 备注'),
               ('AP01中00500114GY0001'),
               ('AP0100 0000114GY0001'),
               ('AP0100500114GY'),
               (''),
               (' - - ')) v(input);

-- the constructor refuses bad parts too
SELECT outfall_code('', '500114', 'GY', 1);
SELECT outfall_code('ABCDEFGHIJKLM', '500114', 'GY', 1);
SELECT outfall_code('AP0100', '500114001', 'GY', 1);
SELECT outfall_code('AP0100', '500114', 'G1', 1);
SELECT outfall_code('AP0100', '500114', 'GY', 0);
SELECT outfall_code('AP0100', '500114', 'GY', 10000);

-- a primary key; equality by index; merge and hash joins; GROUP BY; DISTINCT
CREATE TABLE oc_t (c outfall_code PRIMARY KEY, n int);
INSERT INTO oc_t
SELECT outfall_code(w, '500114', t, s), s
  FROM unnest(ARRAY['AP0100', 'AP0200', 'WJ01']) w,
       unnest(ARRAY['GY', 'CZ', 'YS']) t,
       generate_series(1, 300) s;
INSERT INTO oc_t VALUES ('ap0100-500114-gy-0001', 0);
ANALYZE oc_t;
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT * FROM oc_t WHERE c = 'AP0100500114GY0007';
SELECT n FROM oc_t WHERE c = 'ap0100 500114 gy 0007';
RESET enable_seqscan;
CREATE TABLE oc_u AS SELECT c FROM oc_t WHERE n % 3 = 0;
ANALYZE oc_u;
SET enable_hashjoin = off;
SET enable_nestloop = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM oc_t JOIN oc_u USING (c);
SELECT count(*) FROM oc_t JOIN oc_u USING (c);
RESET enable_hashjoin;
SET enable_mergejoin = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM oc_t JOIN oc_u USING (c);
SELECT count(*) FROM oc_t JOIN oc_u USING (c);
RESET enable_mergejoin;
RESET enable_nestloop;
SELECT water_code(c), type_code(c), count(*) FROM oc_t GROUP BY 1, 2 ORDER BY 1, 2;
SELECT count(DISTINCT c), count(DISTINCT division(c)) FROM oc_t;
SELECT min(c), max(c) FROM oc_t;
CREATE INDEX oc_t_hash ON oc_t USING hash (c);
DROP TABLE oc_t, oc_u;
