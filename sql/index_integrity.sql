-- Index integrity: b-tree indexes over 100,000 random valid values of each
-- type, built after the load and grown by inserts, verified by amcheck; and
-- the index order agrees with the order the parts define.
-- Uses the generators of roundtrip.sql, which runs before this file.
SET search_path = outfall, public;
SELECT setseed(0.1235);

CREATE TABLE ii_outfall (c outfall_code);
INSERT INTO ii_outfall
SELECT outfall_code(rand_str('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', 1 + floor(random() * 12)::int),
                    (lpad((10000 + floor(random() * 990000))::int::text, 6, '0'))::division_code,
                    rand_str('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 2), 1 + floor(random() * 9999)::int)
  FROM generate_series(1, 100000);
CREATE TABLE ii_uscc (u uscc);
INSERT INTO ii_uscc
SELECT (body || uscc_check(body))::uscc
  FROM (SELECT rand_str('0123456789ABCDEFGHJKLMNPQRTUWXY', 2) || rand_str('0123456789', 6)
               || rand_str('0123456789ABCDEFGHJKLMNPQRTUWXY', 9) AS body
          FROM generate_series(1, 100000)) s;
CREATE TABLE ii_division (d division_code);
INSERT INTO ii_division
SELECT (lpad((1 + floor(random() * 99))::int::text, 2, '0')
        || left(rand_str('0000123456789', 10), (ARRAY[0, 2, 4, 7, 10])[1 + floor(random() * 5)::int]))::division_code
  FROM generate_series(1, 100000);

-- built after the load
CREATE INDEX ii_outfall_built ON ii_outfall (c);
CREATE INDEX ii_uscc_built ON ii_uscc (u);
CREATE INDEX ii_division_built ON ii_division (d);
-- grown by inserts, in random order
CREATE TABLE ii_outfall_grown (c outfall_code);
CREATE INDEX ii_outfall_grown_idx ON ii_outfall_grown (c);
INSERT INTO ii_outfall_grown SELECT c FROM ii_outfall ORDER BY random();
CREATE TABLE ii_uscc_grown (u uscc);
CREATE INDEX ii_uscc_grown_idx ON ii_uscc_grown (u);
INSERT INTO ii_uscc_grown SELECT u FROM ii_uscc ORDER BY random();
CREATE TABLE ii_division_grown (d division_code);
CREATE INDEX ii_division_grown_idx ON ii_division_grown (d);
INSERT INTO ii_division_grown SELECT d FROM ii_division ORDER BY random();

SELECT (SELECT count(*) FROM ii_outfall) AS outfall_codes,
       (SELECT count(DISTINCT c) > 99000 FROM ii_outfall) AS mostly_distinct,
       (SELECT count(*) FROM ii_uscc) AS credit_codes,
       (SELECT count(*) FROM ii_division) AS division_codes;

-- any inconsistency raises an error here
SELECT count(*) AS indexes_verified
  FROM (SELECT bt_index_check(i, heapallindexed => true),
               bt_index_parent_check(i, heapallindexed => true)
          FROM unnest(ARRAY['ii_outfall_built', 'ii_uscc_built', 'ii_division_built',
                            'ii_outfall_grown_idx', 'ii_uscc_grown_idx',
                            'ii_division_grown_idx']::regclass[]) i) s;

-- the type order is the order of its parts
SELECT count(*) AS outfall_order_mismatches
  FROM (SELECT c, row_number() OVER (ORDER BY c) a,
               row_number() OVER (ORDER BY water_code(c) COLLATE "C", division(c),
                                  type_code(c) COLLATE "C", seq(c), c) b
          FROM ii_outfall) s
 WHERE a <> b;
SELECT count(*) AS uscc_order_mismatches
  FROM (SELECT u, row_number() OVER (ORDER BY u) a,
               row_number() OVER (ORDER BY u::text COLLATE "C") b FROM ii_uscc) s
 WHERE a <> b;
SELECT count(*) AS division_order_mismatches
  FROM (SELECT d, row_number() OVER (ORDER BY d) a,
               row_number() OVER (ORDER BY rpad(d::text, 12, '0') COLLATE "C") b FROM ii_division) s
 WHERE a <> b;

-- one water body only: the abbreviated sort keys all tie, the sort gives
-- them up, and the order is still right
CREATE TABLE ii_one_river AS
SELECT outfall_code('CJ10', county, t, s) AS c
  FROM unnest(ARRAY['420102', '420104', '420105', '420106', '420107', '500114']::division_code[]) county,
       unnest(ARRAY['GY', 'CZ', 'YS', 'QT']) t, generate_series(1, 1000) s
 ORDER BY random();
SELECT count(*) AS codes,
       count(*) FILTER (WHERE a <> b) AS one_river_order_mismatches
  FROM (SELECT row_number() OVER (ORDER BY c) a,
               row_number() OVER (ORDER BY division(c), type_code(c) COLLATE "C", seq(c)) b
          FROM ii_one_river) s;
CREATE INDEX ii_one_river_idx ON ii_one_river (c);
SELECT count(*) AS verified FROM (SELECT bt_index_check('ii_one_river_idx', heapallindexed => true)) s;
DROP TABLE ii_one_river;

-- an index scan returns the rows in the order a sort does
SET enable_seqscan = off;
SET enable_bitmapscan = off;
SELECT count(*) AS index_order_mismatches
  FROM (SELECT c, row_number() OVER () n FROM (SELECT c FROM ii_outfall_grown ORDER BY c) x) i
  FULL JOIN (SELECT c, row_number() OVER (ORDER BY c) n FROM ii_outfall) s USING (n)
 WHERE i.c IS DISTINCT FROM s.c;
RESET enable_seqscan;
RESET enable_bitmapscan;

-- containment answered by the index equals containment by text prefix
SELECT count(*) FILTER (WHERE d <@ '44') AS by_operator,
       count(*) FILTER (WHERE d::text LIKE '44%') AS by_prefix
  FROM ii_division;
SET enable_seqscan = off;
SELECT count(*) AS by_index FROM ii_division_grown WHERE d <@ '44';
RESET enable_seqscan;

-- b-tree deduplication: many rows of a county share one index entry list
CREATE TABLE ii_dup AS
SELECT 'AP0100500114GY0001'::outfall_code AS c, '500114'::division_code AS d,
       '91130200699229617X'::uscc AS u
  FROM generate_series(1, 50000);
CREATE INDEX ii_dup_c ON ii_dup (c);
CREATE INDEX ii_dup_d ON ii_dup (d);
CREATE INDEX ii_dup_u ON ii_dup (u);
-- without deduplication each row takes an entry of 16 to 24 bytes and a line
-- pointer; with it, little more than its 6-byte heap pointer
SELECT i AS index, pg_relation_size(i) < 50000 * 10 AS deduplicated
  FROM unnest(ARRAY['ii_dup_c', 'ii_dup_d', 'ii_dup_u']::regclass[]) i;
SELECT count(*) AS verified
  FROM (SELECT bt_index_check(i, heapallindexed => true)
          FROM unnest(ARRAY['ii_dup_c', 'ii_dup_d', 'ii_dup_u']::regclass[]) i) s;
DROP TABLE ii_dup;

DROP TABLE ii_outfall, ii_uscc, ii_division, ii_outfall_grown, ii_uscc_grown, ii_division_grown;
