-- Generates the benchmark data: 1,000,000 distinct values of each type, in
-- random order, written as one-column text files under :datadir, plus a
-- second file per type holding the same values in another random order
-- (the other side of the joins).  Uses the real divisions of
-- outfall.division.  Seeded with setseed(), so every run sees the same data.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
SET work_mem = '1GB';
SELECT setseed(0.20240601) \gset

-- real counties (level 3) and townships (level 4)
CREATE TEMP TABLE county AS
    SELECT row_number() OVER (ORDER BY code) AS n, code::text AS code
      FROM outfall.division WHERE outfall.level(code) = 3;
CREATE TEMP TABLE township AS
    SELECT row_number() OVER (ORDER BY code) AS n, code::text AS code
      FROM outfall.division WHERE outfall.level(code) = 4;
ANALYZE county, township;
SELECT count(*) AS n_county FROM county \gset
SELECT count(*) AS n_township FROM township \gset

-- outfall_code --------------------------------------------------------------
-- 30,000 water bodies (HJ 932 style: 1-2 basin letters and digits, 4-10
-- characters), each outfall in a random real county, one of a few type
-- letter pairs, sequence 1-9999.
CREATE TEMP TABLE water AS
    SELECT row_number() OVER () AS n, w
      FROM (SELECT DISTINCT w FROM (
              SELECT chr(65 + (random() * 10)::int)
                     || CASE WHEN random() < 0.5 THEN chr(65 + (random() * 25)::int) ELSE '' END
                     || lpad((random() * 1e9)::bigint::text, 9, '0') AS w9,
                     4 + (random() * 6)::int AS len
                FROM generate_series(1, 31000)) s,
              LATERAL (SELECT left(w9, len) AS w) l) d
     LIMIT 30000;
SELECT count(*) AS n_water FROM water \gset

CREATE TEMP TABLE gen_outfall AS
SELECT v FROM (
    SELECT DISTINCT w.w || c.code
           || (ARRAY['GY','WS','NY','YZ','SH','GK','QT','HL'])[1 + (random() * 7)::int]
           || lpad((1 + (random() * 9998)::int)::text, 4, '0') AS v
      FROM (SELECT 1 + (random() * (:n_water - 1))::int AS wi,
                   1 + (random() * (:n_county - 1))::int AS ci
              FROM generate_series(1, 1010000)) r
      JOIN water w ON w.n = r.wi
      JOIN county c ON c.n = r.ci) d
 ORDER BY random()
 LIMIT 1000000;

-- division_code -------------------------------------------------------------
-- every real county and township, and villages (12 digits: 001-0xx
-- neighbourhood committees, 2xx villages) below real townships to make up
-- 1,000,000 distinct codes.
CREATE TEMP TABLE gen_division AS
SELECT v FROM (
    SELECT code AS v FROM county
    UNION ALL
    SELECT code FROM township
    UNION ALL
    (SELECT t.code || lpad((CASE WHEN k <= 8 THEN k ELSE 192 + k END)::text, 3, '0')
       FROM township t, generate_series(1, 40) k
      ORDER BY random()
      LIMIT 1000000 - :n_county - :n_township)) d
 ORDER BY random();

-- uscc ----------------------------------------------------------------------
-- authority/kind (mostly 91 enterprises, some 92, 93, 12, 52, ...), a real
-- county as registration division, 9 random characters of the alphabet, and
-- the check character.
CREATE TEMP TABLE gen_uscc AS
SELECT v FROM (
    SELECT DISTINCT v17 || bench.uscc_check_char(v17) AS v
      FROM (SELECT (ARRAY['91','91','91','91','91','91','92','92','93','12','52','11','31','N2','Y1'])[1 + (random() * 14)::int]
                   || c.code
                   || (SELECT string_agg(substr('0123456789ABCDEFGHJKLMNPQRTUWXY', 1 + (random() * 30)::int, 1), '')
                         FROM generate_series(1, 9) WHERE g > 0) AS v17
              FROM (SELECT g, 1 + (random() * (:n_county - 1))::int AS ci
                      FROM generate_series(1, 1010000) g) r
              JOIN county c ON c.n = r.ci) s) d
 ORDER BY random()
 LIMIT 1000000;

-- sanity: 1,000,000 distinct values each, every one valid for its type
-- (printed by the report)
CREATE TABLE bench.data AS
SELECT 'outfall_code' AS type, count(*) AS n, count(DISTINCT v) AS n_distinct,
       count(v::outfall.outfall_code) AS n_valid,
       min(length(v)) AS min_len, max(length(v)) AS max_len, round(avg(length(v)), 1) AS avg_len
  FROM gen_outfall
UNION ALL
SELECT 'division_code', count(*), count(DISTINCT v), count(v::outfall.division_code),
       min(length(v)), max(length(v)), round(avg(length(v)), 1)
  FROM gen_division
UNION ALL
SELECT 'uscc', count(*), count(DISTINCT v), count(v::outfall.uscc),
       min(length(v)), max(length(v)), round(avg(length(v)), 1)
  FROM gen_uscc;

\set f_outfall :datadir '/outfall_code.txt'
\set f_outfall2 :datadir '/outfall_code.shuffled.txt'
\set f_division :datadir '/division_code.txt'
\set f_division2 :datadir '/division_code.shuffled.txt'
\set f_uscc :datadir '/uscc.txt'
\set f_uscc2 :datadir '/uscc.shuffled.txt'
COPY gen_outfall TO :'f_outfall';
COPY (SELECT v FROM gen_outfall ORDER BY random()) TO :'f_outfall2';
COPY gen_division TO :'f_division';
COPY (SELECT v FROM gen_division ORDER BY random()) TO :'f_division2';
COPY gen_uscc TO :'f_uscc';
COPY (SELECT v FROM gen_uscc ORDER BY random()) TO :'f_uscc2';
