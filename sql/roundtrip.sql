-- Randomized round trips: generated valid values survive text -> type -> text
-- and send -> recv unchanged; generated garbage never crashes the server and
-- is always refused with 22P02.  The generators here are written in SQL,
-- independently of the C parsers they check.
SET search_path = outfall, public;
SELECT setseed(0.2260);

CREATE FUNCTION pick(chars text) RETURNS text LANGUAGE sql VOLATILE
RETURN substr(chars, 1 + floor(random() * length(chars))::int, 1);

CREATE FUNCTION rand_str(chars text, n int) RETURNS text LANGUAGE sql VOLATILE
RETURN (SELECT coalesce(string_agg(pick(chars), ''), '') FROM generate_series(1, n));

-- messy(): what staff type for a canonical code: lower case, spaces,
-- dashes and full-width forms here and there
CREATE FUNCTION messy(canonical text) RETURNS text LANGUAGE sql VOLATILE
RETURN (SELECT string_agg(
            CASE floor(random() * 6)::int
                WHEN 0 THEN lower(ch)
                WHEN 1 THEN chr(ascii(ch) + 65248)           -- full-width form
                WHEN 2 THEN ch || pick(' -　－')
                ELSE ch END, '' ORDER BY i)
          FROM (SELECT i, substr(canonical, i, 1) AS ch
                  FROM generate_series(1, length(canonical)) i) s);

-- USCC check character, as GB 32100 defines it
CREATE FUNCTION uscc_check(body text) RETURNS text LANGUAGE sql IMMUTABLE
RETURN (WITH a(alphabet) AS (SELECT '0123456789ABCDEFGHJKLMNPQRTUWXY')
        SELECT substr(alphabet, 1 + (31 - sum((strpos(alphabet, substr(body, i, 1)) - 1)
                                          * (ARRAY[1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28])[i])::int % 31) % 31, 1)
          FROM a, generate_series(1, 17) i GROUP BY alphabet);

SELECT uscc_check('91130200699229617') AS x, uscc_check('91130230780837126') AS eight;

-- 1. valid values: messy text in, canonical text out, parts agree
CREATE TABLE rt_outfall AS
SELECT canonical, messy(canonical) AS input
  FROM (SELECT rand_str('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', 1 + floor(random() * 12)::int)
               || lpad((10000 + floor(random() * 990000))::int::text, 6, '0')
               || rand_str('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 2)
               || lpad((1 + floor(random() * 9999))::int::text, 4, '0') AS canonical
          FROM generate_series(1, 5000)) s;
SELECT count(*) AS values,
       count(*) FILTER (WHERE input::outfall_code::text <> canonical) AS changed,
       count(*) FILTER (WHERE water_code(input::outfall_code) || division(input::outfall_code)::text
                              || type_code(input::outfall_code) || lpad(seq(input::outfall_code)::text, 4, '0')
                              <> canonical
                          AND level(division(input::outfall_code)) = 3) AS parts_disagree,
       count(*) FILTER (WHERE input <> canonical) AS messy_inputs
  FROM rt_outfall;

CREATE TABLE rt_uscc AS
SELECT body || uscc_check(body) AS canonical
  FROM (SELECT rand_str('0123456789ABCDEFGHJKLMNPQRTUWXY', 2)
               || rand_str('0123456789', 6)
               || rand_str('0123456789ABCDEFGHJKLMNPQRTUWXY', 9) AS body
          FROM generate_series(1, 5000)) s;
ALTER TABLE rt_uscc ADD input text;
UPDATE rt_uscc SET input = messy(canonical);
SELECT count(*) AS values,
       count(*) FILTER (WHERE input::uscc::text <> canonical) AS changed,
       count(*) FILTER (WHERE input <> canonical) AS messy_inputs
  FROM rt_uscc;

-- division codes of every length; the canonical form drops zero groups
CREATE TABLE rt_division AS
SELECT raw, CASE WHEN substr(raw, 10) ~ '^0*$' THEN
                 CASE WHEN substr(raw, 7) ~ '^0*$' THEN
                      CASE WHEN substr(raw, 5) ~ '^0*$' THEN
                           CASE WHEN substr(raw, 3) ~ '^0*$' THEN left(raw, 2)
                                ELSE left(raw, 4) END
                           ELSE left(raw, 6) END
                      ELSE left(raw, 9) END
                 ELSE raw END AS canonical
  FROM (SELECT lpad((1 + floor(random() * 99))::int::text, 2, '0')
               || left(CASE floor(random() * 3)::int WHEN 0 THEN '0000000000'
                       ELSE rand_str('0000123456789', 10) END,
                       (ARRAY[0, 2, 4, 7, 10])[1 + floor(random() * 5)::int]) AS raw
          FROM generate_series(1, 5000)) s;
SELECT count(*) AS values,
       count(*) FILTER (WHERE raw::division_code::text <> canonical) AS changed,
       count(*) FILTER (WHERE messy(raw)::division_code::text <> canonical) AS changed_messy,
       count(DISTINCT length(canonical)) AS lengths_seen
  FROM rt_division;

-- 2. send -> recv: COPY BINARY out and back in, nothing changes
CREATE TABLE rt_binary AS
SELECT o.canonical::outfall_code AS o, u.canonical::uscc AS u, d.raw::division_code AS d
  FROM (SELECT canonical, row_number() OVER () n FROM rt_outfall) o
  JOIN (SELECT canonical, row_number() OVER () n FROM rt_uscc) u USING (n)
  JOIN (SELECT raw, row_number() OVER () n FROM rt_division) d USING (n);
\copy rt_binary TO 'build/regress/roundtrip.bin' (FORMAT binary)
CREATE TABLE rt_binary_back (LIKE rt_binary);
\copy rt_binary_back FROM 'build/regress/roundtrip.bin' (FORMAT binary)
SELECT (SELECT count(*) FROM rt_binary_back) AS rows_back,
       (SELECT count(*) FROM (SELECT * FROM rt_binary EXCEPT SELECT * FROM rt_binary_back) x) AS lost,
       (SELECT count(*) FROM (SELECT * FROM rt_binary_back EXCEPT SELECT * FROM rt_binary) x) AS invented;
-- the binary form of each type, for integrators
SELECT outfall_code_send('AP0100500114GY0001'), division_code_send('500114'),
       uscc_send('91130200699229617X');
-- a binary value that is no code is refused
CREATE TABLE rt_bad_binary (d division_code);
CREATE TABLE rt_int8 (d int8);
INSERT INTO rt_int8 VALUES (42);
\copy rt_int8 TO 'build/regress/roundtrip_int8.bin' (FORMAT binary)
\copy rt_bad_binary FROM 'build/regress/roundtrip_int8.bin' (FORMAT binary)
SELECT count(*) FROM rt_bad_binary;

-- 3. garbage: random strings and mutated codes; none may crash the server,
-- every refusal must be 22P02, and whatever is accepted must be canonical
-- when printed
CREATE FUNCTION try_cast(input text, typ text, OUT accepted boolean, OUT state text, OUT output text)
LANGUAGE plpgsql AS $$
BEGIN
    CASE typ
        WHEN 'outfall_code' THEN output := input::outfall_code::text;
        WHEN 'uscc' THEN output := input::uscc::text;
        ELSE output := input::division_code::text;
    END CASE;
    accepted := true;
EXCEPTION WHEN OTHERS THEN
    accepted := false;
    state := SQLSTATE;
END $$;

CREATE TABLE garbage AS
SELECT typ, CASE WHEN random() < 0.5
            THEN rand_str('0123456789ABCXYZaxz -_#@.,;/\()中文排污口ＡＢ１２　－😀' || chr(9) || chr(160),
                          floor(random() * 30)::int)
            ELSE overlay(sample PLACING pick('0A9Zz -#中１') FROM 1 + floor(random() * length(sample))::int
                         FOR floor(random() * 2)::int) END AS input
  FROM (SELECT 'outfall_code' AS typ, canonical AS sample FROM rt_outfall
        UNION ALL SELECT 'uscc', canonical FROM rt_uscc
        UNION ALL SELECT 'division_code', raw FROM rt_division) s;
CREATE TABLE garbage_result AS
SELECT g.typ, g.input, r.* FROM garbage g, LATERAL try_cast(g.input, g.typ) r;
SELECT typ,
       count(*) > 4000 AS enough_tried,
       count(*) FILTER (WHERE NOT accepted) > 1000 AS many_refused,
       count(*) FILTER (WHERE NOT accepted AND state <> '22P02') AS refused_not_22p02,
       count(*) FILTER (WHERE accepted AND (try_cast(output, typ)).output IS DISTINCT FROM output)
           AS accepted_not_canonical
  FROM garbage_result GROUP BY typ ORDER BY typ;
