-- Zones benchmark (test/bench/zones.sh), registrations: the zones of the
-- copy "with zones".  zones.sh has copied the benchmark's sheet into
-- zb.sheet (every zone of the big registry, without its water body: the
-- rivers are not here), so the pieces' index is as large as there.  The
-- registrations land in a square at 108.6E 29.4N; it gets a few zones of
-- its own from the same generator, so that they land in zones whatever
-- registry the sheet came from: a town's sewer coverage, an industrial
-- park and a nested drinking-water source.  Loaded with one INSERT ...
-- SELECT through the extension's checks and triggers.  psql variable: seed.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
INSERT INTO zb.sheet (kind, name, source, valid_from, geom)
SELECT z.kind, z.name, 'zones benchmark: registrations', date '2022-01-01',
       zb.star(z.lon, z.lat, z.radius_m, z.vertices, :'seed' || ':reg:shape:' || z.shape, :'seed' || ':reg:noise:' || z.name)
  FROM (VALUES ('sewer_coverage', '基准城区管网覆盖范围', 108.65, 29.45, 2500, 4000, 'town'),
               ('industrial_park', '基准工业园区', 108.62, 29.42, 1000, 3000, 'park'),
               ('water_source_quasi', '基准水源地准保护区', 108.68, 29.48, 1450, 3500, 'source'),
               ('water_source_2', '基准水源地二级保护区', 108.68, 29.48, 660, 2500, 'source'),
               ('water_source_1', '基准水源地一级保护区', 108.68, 29.48, 300, 2000, 'source'))
       AS z (kind, name, lon, lat, radius_m, vertices, shape);
INSERT INTO outfall.zone (kind, name, level, source, valid_from, due_on, water_body, geom)
SELECT kind, name, level, source, valid_from, due_on, water_body, ST_Multi(geom) FROM zb.sheet ORDER BY line;
ANALYZE outfall.zone, outfall.zone_part;
