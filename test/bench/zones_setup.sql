-- Zones benchmark (test/bench/zones.sh): the zones to load and the sample
-- of outfalls, in schema zb.  Nothing here is timed but the corridors
-- (outfall.build_corridor) and, for information, the polygons.
-- psql variables: seed, zones (how many in all), polygons (how many of them
-- are large polygons; the rest are river corridors), sample.
\set ON_ERROR_STOP on
SET client_min_messages = warning;

-- The benchmark replaces the database's zones: it refuses to run where
-- there are zones it did not load itself.
DO $$
DECLARE
    n bigint;
BEGIN
    SELECT count(*) INTO n FROM outfall.zone WHERE source IS NULL OR source NOT LIKE 'zones benchmark%';
    IF n > 0 THEN
        RAISE EXCEPTION 'zones benchmark: the database has % zones the benchmark did not load; run it on a copy without zones', n;
    END IF;
END $$;
TRUNCATE outfall.zone, outfall.zone_part, outfall.outfall_zone RESTART IDENTITY;

DROP TABLE IF EXISTS zb.result, zb.point_time, zb.sheet, zb.corridor_src, zb.polygon_plan, zb.sample,
                     zb.poly, zb.base_a, zb.base_b, zb.base_c, zb.base_poly, zb.ext_corridor, zb.ext_poly,
                     zb.ext_zones_at, zb.checksum, zb.finding_count;
-- every timed step: what, run (0: warm-up, not reported), seconds, rows,
-- and the session's CPU seconds where measured
CREATE TABLE zb.result (step text, run integer, seconds float8, n bigint, cpu_seconds float8);
-- every timed call of the point queries, in microseconds
CREATE TABLE zb.point_time (what text, run integer, i integer, us float8);
CREATE TABLE zb.sheet (LIKE outfall.zone_sheet INCLUDING ALL);

-- The rivers that get a corridor: the key rivers first, then the other
-- rivers and canals, then the reservoirs and lakes, each group in an order
-- the seed sets; as many as the zones that are not polygons.
CREATE TABLE zb.corridor_src AS
SELECT ord, code, name, is_key_river, GeometryType(geom) AS gtype
  FROM (SELECT w.*, row_number() OVER (ORDER BY NOT w.is_key_river, GeometryType(w.geom) = 'MULTIPOLYGON',
                                                zb.rnd(:'seed' || ':river:' || w.code), w.code) AS ord
          FROM outfall.water_body w
         WHERE w.geom IS NOT NULL) w
 WHERE ord <= greatest(:zones - :polygons, 0);
ALTER TABLE zb.corridor_src ADD PRIMARY KEY (code);

-- Corridors of 1,000 m along both banks, through the extension's own
-- outfall.build_corridor (what add_key_area adds), into the sheet.  Survey
-- dates from 2024 to 2027: some have passed.
SELECT clock_timestamp() AS t0 \gset
INSERT INTO zb.sheet (kind, name, source, due_on, water_body, geom)
SELECT 'key_area', c.name || '岸线1千米重点区域',
       format('zones benchmark: outfall.build_corridor(%s, 1000)', c.code),
       date '2024-01-01' + floor(1461 * zb.rnd(:'seed' || ':due:' || c.code))::integer,
       c.code, outfall.build_corridor(c.code, 1000)
  FROM zb.corridor_src c
 ORDER BY c.ord;
INSERT INTO zb.result SELECT 'corridor build', 1, extract(epoch FROM clock_timestamp() - :'t0'::timestamptz), count(*)
  FROM zb.sheet;

-- The polygons: one group of zones around each of :polygons outfalls the
-- seed picks, until there are :polygons zones.  A group is a drinking-water
-- source (levels 1, 2 and the quasi-protection zone, nested) or a nature
-- reserve (core, buffer, experimental zone, nested), or one town sewer
-- coverage, industrial park, red line or specially protected area.  Each
-- zone is a noisy star-shaped ring of 2,000 to 5,000 vertices (zb.star).
-- Radii (of the innermost zone of a family): water source 300-800 m (the
-- quasi zone 4.84 times as wide), nature reserve 400-1,200 m, town sewer
-- coverage and red line 2-6 km, park and special area 1-3 km.
CREATE TABLE zb.polygon_plan AS
WITH centre AS (
    SELECT row_number() OVER (ORDER BY zb.rnd(:'seed' || ':centre:' || o.id), o.id) AS g,
           ST_X(o.geom) AS lon, ST_Y(o.geom) AS lat
      FROM outfall.outfall o
     WHERE o.geom IS NOT NULL
     ORDER BY zb.rnd(:'seed' || ':centre:' || o.id), o.id
     LIMIT :polygons
), grp AS (
    SELECT c.*, CASE WHEN u < 0.15 THEN 'water_source' WHEN u < 0.25 THEN 'nature'
                     WHEN u < 0.50 THEN 'sewer_coverage' WHEN u < 0.75 THEN 'industrial_park'
                     WHEN u < 0.90 THEN 'red_line' ELSE 'special_protected' END AS family
      FROM centre c, LATERAL (SELECT zb.rnd(:'seed' || ':family:' || c.g) AS u) x
), member AS (
    SELECT g.g, g.lon, g.lat, m.kind, m.nest,
           m.factor * (f.lo + (f.hi - f.lo) * zb.rnd(:'seed' || ':radius:' || g.g)) AS radius_m,
           2000 + floor(3001 * zb.rnd(:'seed' || ':vertices:' || g.g || ':' || m.nest))::integer AS vertices
      FROM grp g
      JOIN (VALUES ('water_source', 300, 800), ('nature', 400, 1200), ('sewer_coverage', 2000, 6000),
                   ('industrial_park', 1000, 3000), ('red_line', 2000, 6000), ('special_protected', 1000, 3000))
           AS f (family, lo, hi) ON f.family = g.family
      JOIN (VALUES ('water_source', 'water_source_1', 1, 1.0), ('water_source', 'water_source_2', 2, 2.2),
                   ('water_source', 'water_source_quasi', 3, 4.84),
                   ('nature', 'nature_core', 1, 1.0), ('nature', 'nature_buffer', 2, 2.2),
                   ('nature', 'nature_experimental', 3, 4.84),
                   ('sewer_coverage', 'sewer_coverage', 1, 1.0), ('industrial_park', 'industrial_park', 1, 1.0),
                   ('red_line', 'red_line', 1, 1.0), ('special_protected', 'special_protected', 1, 1.0))
           AS m (family, kind, nest, factor) ON m.family = g.family
)
SELECT row_number() OVER (ORDER BY g, nest) AS zone_no, *
  FROM member
 ORDER BY g, nest
 LIMIT :polygons;

SELECT clock_timestamp() AS t0 \gset
INSERT INTO zb.sheet (kind, name, level, source, valid_from, geom)
SELECT p.kind, '基准' || p.g || '号' || k.name_zh,
       (ARRAY['national', 'provincial', 'city', 'county'])[1 + floor(4 * zb.rnd(:'seed' || ':level:' || p.zone_no))::integer],
       'zones benchmark: seed ' || :'seed',
       date '2019-01-01' + floor(2373 * zb.rnd(:'seed' || ':valid:' || p.zone_no))::integer,
       zb.star(p.lon, p.lat, p.radius_m, p.vertices, :'seed' || ':shape:' || p.g, :'seed' || ':noise:' || p.zone_no)
  FROM zb.polygon_plan p
  JOIN outfall.zone_kind k ON k.kind = p.kind
 ORDER BY p.zone_no;
INSERT INTO zb.result SELECT 'polygon generation', 1, extract(epoch FROM clock_timestamp() - :'t0'::timestamptz), count(*)
  FROM zb.sheet WHERE kind <> 'key_area';

-- The sample for the baselines and the point queries: outfalls the seed
-- picks, in a table without a spatial index, as an analyst would sample.
CREATE TABLE zb.sample AS
SELECT row_number() OVER (ORDER BY zb.rnd(:'seed' || ':sample:' || o.id), o.id)::integer AS n, o.id, o.geom
  FROM outfall.outfall o
 WHERE o.geom IS NOT NULL
 ORDER BY zb.rnd(:'seed' || ':sample:' || o.id), o.id
 LIMIT :sample;
ALTER TABLE zb.sample ADD PRIMARY KEY (n);
CREATE UNIQUE INDEX ON zb.sample (id);
ANALYZE zb.sheet, zb.corridor_src, zb.sample;
