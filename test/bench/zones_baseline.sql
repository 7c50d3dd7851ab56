-- Zones benchmark (test/bench/zones.sh): the queries an analyst would
-- write without the extension, to find which outfalls lie within 1 km of
-- the rivers and inside the polygons, timed on the sample (they are far too
-- slow for the whole registry), and the extension's answers on the same
-- sample, to compare.  psql variables: runs, buffer_sample.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
-- serial, as the refresh is (its INSERT ... SELECT cannot use parallel workers)
SET max_parallel_workers_per_gather = 0;
DROP TABLE IF EXISTS zb.poly, zb.base_a, zb.base_b, zb.base_c, zb.base_poly, zb.ext_corridor, zb.ext_poly, zb.ext_zones_at;

-- The analyst's rivers are outfall.water_body (GiST-indexed on geom, but
-- not on geom::geography), the polygons a table of their own with a GiST
-- index on geom, as shp2pgsql -I makes it; the sample has no spatial index.
CREATE TABLE zb.poly AS SELECT id, kind, geom FROM outfall.zone WHERE kind <> 'key_area';
CREATE INDEX ON zb.poly USING gist (geom);
ANALYZE zb.poly;

-- (a) within 1,000 m of the river line, measured on the spheroid
SELECT clock_timestamp() AS t0 \gset
CREATE TABLE zb.base_a AS
SELECT s.id, w.code
  FROM zb.sample s
  JOIN outfall.water_body w ON ST_DWithin(s.geom::geography, w.geom::geography, 1000)
 WHERE w.code IN (SELECT code FROM zb.corridor_src);
INSERT INTO zb.result SELECT 'baseline a: ST_DWithin geography', 1,
       extract(epoch FROM clock_timestamp() - :'t0'::timestamptz), (SELECT count(*) FROM zb.sample);

-- (b) inside the river's 1,000 m buffer, computed in the query for every
-- row.  ST_Buffer on geography answers in SRID 4326 whatever the input's
-- was, so the analyst must set 4490 back for ST_Intersects to accept it.
SELECT clock_timestamp() AS t0 \gset
CREATE TABLE zb.base_b AS
SELECT s.id, w.code
  FROM zb.sample s
  JOIN outfall.water_body w ON ST_Intersects(s.geom, ST_SetSRID(ST_Buffer(w.geom::geography, 1000)::geometry, 4490))
 WHERE w.code IN (SELECT code FROM zb.corridor_src) AND s.n <= :buffer_sample;
INSERT INTO zb.result SELECT 'baseline b: ST_Buffer per row', 1,
       extract(epoch FROM clock_timestamp() - :'t0'::timestamptz), (SELECT count(*) FROM zb.sample WHERE n <= :buffer_sample);

-- The polygons, unsplit; and, for information (no target), an analyst who
-- also filters by the index first: a box test in degrees that holds every
-- point within 1,000 m up to latitude 54 (0.02 degrees), then the distance
-- on the spheroid.  Short: run 0 warms up, then :runs timed runs.
SET zb.runs = :runs;
DO $$
DECLARE
    runs integer := current_setting('zb.runs')::integer;
    t0 timestamptz;
    n bigint;
BEGIN
    FOR run IN 0 .. runs LOOP
        t0 := clock_timestamp();
        SELECT count(*) INTO n
          FROM zb.sample s JOIN zb.poly p ON ST_Intersects(s.geom, p.geom);
        INSERT INTO zb.result VALUES ('baseline polygons: ST_Intersects unsplit', run,
                                      extract(epoch FROM clock_timestamp() - t0), (SELECT count(*) FROM zb.sample));
        t0 := clock_timestamp();
        SELECT count(*) INTO n
          FROM zb.sample s
          JOIN outfall.water_body w ON ST_DWithin(s.geom, w.geom, 0.02)
                                   AND ST_DWithin(s.geom::geography, w.geom::geography, 1000)
         WHERE w.code IN (SELECT code FROM zb.corridor_src);
        INSERT INTO zb.result VALUES ('baseline c: indexed ST_DWithin geography', run,
                                      extract(epoch FROM clock_timestamp() - t0), (SELECT count(*) FROM zb.sample));
    END LOOP;
END $$;
CREATE TABLE zb.base_poly AS
SELECT s.id, p.id AS zone_id FROM zb.sample s JOIN zb.poly p ON ST_Intersects(s.geom, p.geom);
CREATE TABLE zb.base_c AS
SELECT s.id, w.code
  FROM zb.sample s
  JOIN outfall.water_body w ON ST_DWithin(s.geom, w.geom, 0.02) AND ST_DWithin(s.geom::geography, w.geom::geography, 1000)
 WHERE w.code IN (SELECT code FROM zb.corridor_src);

-- The extension's answers for the sample.  Within 1 km of a river: in its
-- corridor, or on its water (a reservoir's corridor is the band around the
-- water, and outfall.in_key_area counts the water too).
CREATE TABLE zb.ext_corridor AS
SELECT s.id, z.water_body AS code
  FROM zb.sample s
  JOIN outfall.outfall_zone m ON m.outfall_id = s.id
  JOIN outfall.zone z ON z.id = m.zone_id
 WHERE z.kind = 'key_area'
UNION
SELECT s.id, w.code
  FROM zb.sample s
  JOIN outfall.water_body w ON ST_Intersects(w.geom, s.geom)
 WHERE GeometryType(w.geom) = 'MULTIPOLYGON' AND w.code IN (SELECT code FROM zb.corridor_src);
CREATE TABLE zb.ext_poly AS
SELECT s.id, m.zone_id
  FROM zb.sample s
  JOIN outfall.outfall_zone m ON m.outfall_id = s.id
  JOIN outfall.zone z ON z.id = m.zone_id
 WHERE z.kind <> 'key_area';
CREATE TABLE zb.ext_zones_at AS
SELECT s.id, a.zone_id FROM zb.sample s, outfall.zones_at(s.geom) a;
