-- zones: the priority zones and their geometry.  River corridors measured
-- in metres (checked against points placed independently with
-- ST_Project on the ellipsoid, perpendicular to the bank), the checks a
-- boundary passes before it is stored, sheets of zones loaded whole or not
-- at all, the zones at a point, and the memberships the triggers keep
-- current as outfalls move and zones change.  (What the zones require of an
-- outfall, and the spatial rules: zones_actions.)
SET search_path = outfall, public;
SET datestyle = 'ISO, YMD';
SET timezone = 'Asia/Shanghai';
\set SHOW_CONTEXT never

------------------------------------------------------------------------------
-- 1. river corridors
------------------------------------------------------------------------------
-- the CGCS2000 3-degree Gauss–Krüger strip of a longitude, and its central
-- meridian as PROJ knows it
SELECT lon, gauss_kruger_srid(lon) AS srid,
       (SELECT substring(s.proj4text FROM '\+lon_0=([0-9]+)') FROM spatial_ref_sys s
         WHERE s.srid = gauss_kruger_srid(lon)) AS central_meridian
  FROM unnest(ARRAY[73, 87.3, 88.49, 88.51, 109.2, 113, 135.9]::float8[]) lon
 ORDER BY lon;

-- The rivers of this file (codes ZT..): at 44° north in 昌吉 a centre line
-- (ZT01) and a water surface about 200 m wide (ZT02); at 24° north in 柳城
-- a centre line running north-east (ZT03) and a water surface (ZT04); a
-- centre line across the strip boundary at 88.5°E, in one straight edge
-- 0.4° long (ZT05), and a water surface across it (ZT07); and a river
-- without geometry (ZT06).
INSERT INTO water_body (code, name, kind, geom) VALUES
    ('ZT01', '头屯试验河', 'river', 'SRID=4490;MULTILINESTRING((87.3 43.95, 87.3 44.05))'),
    ('ZT02', '三屯试验河', 'river',
     'SRID=4490;MULTIPOLYGON(((87.4 43.95, 87.4025 43.95, 87.4025 44.05, 87.4 44.05, 87.4 43.95)))'),
    ('ZT03', '柳江试验河', 'river', 'SRID=4490;MULTILINESTRING((109.15 24.25, 109.25 24.33))'),
    ('ZT04', '融江试验河', 'river',
     'SRID=4490;MULTIPOLYGON(((109.3 24.2, 109.302 24.2, 109.302 24.4, 109.3 24.4, 109.3 24.2)))'),
    ('ZT05', '跨带试验河', 'river', 'SRID=4490;MULTILINESTRING((88.3 44.2, 88.7 44.2))'),
    ('ZT06', '无图试验河', 'river', NULL),
    ('ZT07', '跨带宽试验河', 'river',
     'SRID=4490;MULTIPOLYGON(((88.3 44.4, 88.7 44.4, 88.7 44.4025, 88.3 44.4025, 88.3 44.4)))');

-- A point d metres from a bank, perpendicular to it: from the point at
-- fraction f along the bank, on its left (side -1) or right (side 1),
-- computed on the ellipsoid, independently of the extension.
CREATE FUNCTION pg_temp.off(bank geometry, f float8, d float8, side integer) RETURNS geometry
    LANGUAGE sql IMMUTABLE AS $$
    SELECT ST_Project(ST_LineInterpolatePoint(bank, f)::geography, d,
                      ST_Azimuth(ST_LineInterpolatePoint(bank, f)::geography,
                                 ST_LineInterpolatePoint(bank, f + 0.001)::geography) + side * pi() / 2)::geometry
$$;

-- the corridors, 1,000 m wide; for the centre lines also with the river
-- 200 m wide (the band starts 100 m from the centre line)
CREATE TEMP TABLE zt_corridor AS
SELECT c.corridor, c.river, c.river_width, build_corridor(c.river, 1000, c.river_width) AS band
  FROM (VALUES ('ZT01 centre line', 'ZT01', 0),
               ('ZT01 centre line, river 200 m', 'ZT01', 200),
               ('ZT02 water surface', 'ZT02', 0),
               ('ZT03 centre line', 'ZT03', 0),
               ('ZT03 centre line, river 200 m', 'ZT03', 200),
               ('ZT04 water surface', 'ZT04', 0),
               ('ZT05 centre line across 88.5E', 'ZT05', 0),
               ('ZT07 water surface across 88.5E', 'ZT07', 0)) c(corridor, river, river_width);

-- Each corridor is one valid polygon in EPSG 4490, with a hole where the
-- water is; its area is that of the band drawn by hand: twice the width
-- along the river plus the round ends (centre lines), the width around the
-- perimeter plus a circle (a convex water surface).
SELECT c.corridor, GeometryType(c.band) AS type, ST_SRID(c.band) AS srid, ST_IsValid(c.band) AS valid,
       ST_NumGeometries(c.band) AS polygons, ST_NumInteriorRings(ST_GeometryN(c.band, 1)) AS holes,
       round((ST_Area(c.band::geography)
              / CASE WHEN GeometryType(w.geom) = 'MULTIPOLYGON'
                     THEN ST_Perimeter(w.geom::geography) * 1000 + pi() * 1000 ^ 2
                     ELSE 2 * 1000 * ST_Length(w.geom::geography)
                          + pi() * ((c.river_width / 2 + 1000) ^ 2 - (c.river_width / 2) ^ 2) END)::numeric, 3)
           AS area_ratio
  FROM zt_corridor c JOIN water_body w ON w.code = c.river
 ORDER BY c.corridor;

-- Points at known distances from the bank, perpendicular to it.  From a
-- centre line the distance is from the centre; from a water surface, from
-- the bank (0 m: on the bank itself).
CREATE TEMP TABLE zt_probe (corridor text, place text, bank geometry, f float8, side integer, distances float8[]);
INSERT INTO zt_probe VALUES
    ('ZT01 centre line', 'west, 44.0N', 'SRID=4490;LINESTRING(87.3 43.95, 87.3 44.05)', 0.5, -1, '{999, 1001}'),
    ('ZT01 centre line', 'east, 44.0N', 'SRID=4490;LINESTRING(87.3 43.95, 87.3 44.05)', 0.5, 1, '{999, 1001}'),
    ('ZT01 centre line', 'east, 43.98N', 'SRID=4490;LINESTRING(87.3 43.95, 87.3 44.05)', 0.3, 1, '{999, 1001}'),
    ('ZT01 centre line, river 200 m', 'west, 44.0N', 'SRID=4490;LINESTRING(87.3 43.95, 87.3 44.05)', 0.5, -1,
     '{0, 99, 101, 1099, 1101}'),
    ('ZT01 centre line, river 200 m', 'east, 44.0N', 'SRID=4490;LINESTRING(87.3 43.95, 87.3 44.05)', 0.5, 1,
     '{0, 99, 101, 1099, 1101}'),
    ('ZT02 water surface', 'west bank', 'SRID=4490;LINESTRING(87.4 43.95, 87.4 44.05)', 0.5, -1, '{0, 1, 999, 1001}'),
    ('ZT02 water surface', 'east bank', 'SRID=4490;LINESTRING(87.4025 43.95, 87.4025 44.05)', 0.5, 1, '{0, 1, 999, 1001}'),
    ('ZT02 water surface', 'on the water', 'SRID=4490;LINESTRING(87.4 43.95, 87.4 44.05)', 0.5, 1, '{1, 100, 199}'),
    ('ZT03 centre line', 'north-west', 'SRID=4490;LINESTRING(109.15 24.25, 109.25 24.33)', 0.5, -1, '{999, 1001}'),
    ('ZT03 centre line', 'south-east', 'SRID=4490;LINESTRING(109.15 24.25, 109.25 24.33)', 0.5, 1, '{999, 1001}'),
    ('ZT03 centre line', 'south-east, near the start', 'SRID=4490;LINESTRING(109.15 24.25, 109.25 24.33)', 0.2, 1,
     '{999, 1001}'),
    ('ZT03 centre line, river 200 m', 'north-west', 'SRID=4490;LINESTRING(109.15 24.25, 109.25 24.33)', 0.5, -1,
     '{0, 99, 101, 1099, 1101}'),
    ('ZT03 centre line, river 200 m', 'south-east', 'SRID=4490;LINESTRING(109.15 24.25, 109.25 24.33)', 0.5, 1,
     '{0, 99, 101, 1099, 1101}'),
    ('ZT04 water surface', 'west bank', 'SRID=4490;LINESTRING(109.3 24.2, 109.3 24.4)', 0.5, -1, '{0, 999, 1001}'),
    ('ZT04 water surface', 'east bank', 'SRID=4490;LINESTRING(109.302 24.2, 109.302 24.4)', 0.5, 1, '{0, 999, 1001}'),
    ('ZT04 water surface', 'on the water', 'SRID=4490;LINESTRING(109.3 24.2, 109.3 24.4)', 0.5, 1, '{100}'),
    ('ZT05 centre line across 88.5E', 'north, 88.4E (strip of 87E)', 'SRID=4490;LINESTRING(88.3 44.2, 88.7 44.2)', 0.25, -1,
     '{999, 1001}'),
    ('ZT05 centre line across 88.5E', 'south, 88.4E (strip of 87E)', 'SRID=4490;LINESTRING(88.3 44.2, 88.7 44.2)', 0.25, 1,
     '{999, 1001}'),
    ('ZT05 centre line across 88.5E', 'north, 88.5E (the boundary)', 'SRID=4490;LINESTRING(88.3 44.2, 88.7 44.2)', 0.5, -1,
     '{999, 1001}'),
    ('ZT05 centre line across 88.5E', 'south, 88.5E (the boundary)', 'SRID=4490;LINESTRING(88.3 44.2, 88.7 44.2)', 0.5, 1,
     '{999, 1001}'),
    ('ZT05 centre line across 88.5E', 'north, 88.6E (strip of 90E)', 'SRID=4490;LINESTRING(88.3 44.2, 88.7 44.2)', 0.75, -1,
     '{999, 1001}'),
    ('ZT05 centre line across 88.5E', 'south, 88.6E (strip of 90E)', 'SRID=4490;LINESTRING(88.3 44.2, 88.7 44.2)', 0.75, 1,
     '{999, 1001}'),
    ('ZT07 water surface across 88.5E', 'north bank, 88.4E', 'SRID=4490;LINESTRING(88.3 44.4025, 88.7 44.4025)', 0.25, -1,
     '{0, 999, 1001}'),
    ('ZT07 water surface across 88.5E', 'north bank, 88.5E', 'SRID=4490;LINESTRING(88.3 44.4025, 88.7 44.4025)', 0.5, -1,
     '{0, 999, 1001}'),
    ('ZT07 water surface across 88.5E', 'north bank, 88.6E', 'SRID=4490;LINESTRING(88.3 44.4025, 88.7 44.4025)', 0.75, -1,
     '{0, 999, 1001}'),
    ('ZT07 water surface across 88.5E', 'south bank, 88.4E', 'SRID=4490;LINESTRING(88.3 44.4, 88.7 44.4)', 0.25, 1,
     '{0, 999, 1001}'),
    ('ZT07 water surface across 88.5E', 'south bank, 88.6E', 'SRID=4490;LINESTRING(88.3 44.4, 88.7 44.4)', 0.75, 1,
     '{0, 999, 1001}'),
    ('ZT07 water surface across 88.5E', 'on the water, 88.5E', 'SRID=4490;LINESTRING(88.3 44.4, 88.7 44.4)', 0.5, -1,
     '{1, 100, 270}');
SELECT p.corridor, p.place,
       string_agg(format('%s m %s', d, CASE WHEN ST_Intersects(c.band, pg_temp.off(p.bank, p.f, d, p.side))
                                            THEN 'in' ELSE 'out' END), ', ' ORDER BY d) AS in_corridor
  FROM zt_probe p JOIN zt_corridor c ON c.corridor = p.corridor, unnest(p.distances) d
 GROUP BY p.corridor, p.place
 ORDER BY p.corridor, p.place;

-- refused: an unknown water body, one without geometry, widths out of range
SELECT build_corridor('ZT99');
SELECT :'SQLSTATE' AS sqlstate;
SELECT build_corridor(NULL);
SELECT :'SQLSTATE' AS sqlstate;
SELECT build_corridor('ZT06');
SELECT :'SQLSTATE' AS sqlstate;
SELECT build_corridor('ZT01', 0);
SELECT :'SQLSTATE' AS sqlstate;
SELECT build_corridor('ZT01', -1000);
SELECT :'SQLSTATE' AS sqlstate;
SELECT build_corridor('ZT01', NULL);
SELECT :'SQLSTATE' AS sqlstate;
SELECT build_corridor('ZT01', 50001);
SELECT :'SQLSTATE' AS sqlstate;
SELECT build_corridor('ZT01', 1000, -200);
SELECT :'SQLSTATE' AS sqlstate;
SELECT build_corridor('ZT01', 1000, NULL);
SELECT :'SQLSTATE' AS sqlstate;
-- and add_key_area refuses what build_corridor refuses, adding nothing
SELECT add_key_area('ZT06', 1000, '2025-08-31');
SELECT :'SQLSTATE' AS sqlstate, count(*) AS key_areas FROM zone WHERE water_body LIKE 'ZT%';

------------------------------------------------------------------------------
-- 2. key areas (重点区域) and the outfalls in them
------------------------------------------------------------------------------
SELECT count(*) AS added
  FROM (VALUES ('ZT01', 1000, '2025-08-31', 0), ('ZT02', 1000, '2025-08-31', 0), ('ZT03', 1000, '2025-12-31', 200),
               ('ZT04', 1000, '2025-12-31', 0), ('ZT05', 500, '2025-08-31', 0)) k(river, width, due, river_width),
       add_key_area(k.river, k.width, k.due::date, k.river_width) id
 WHERE id IS NOT NULL;
SELECT kind, name, source, due_on, water_body, level, valid_from FROM zone WHERE water_body LIKE 'ZT%' ORDER BY water_body;
-- the key area is the corridor build_corridor gives
SELECT z.water_body, ST_Equals(z.geom, build_corridor(z.water_body, CASE z.water_body WHEN 'ZT05' THEN 500 ELSE 1000 END,
                                                      CASE z.water_body WHEN 'ZT03' THEN 200 ELSE 0 END)) AS same
  FROM zone z WHERE z.water_body LIKE 'ZT%' ORDER BY 1;

-- Outfalls registered at probe points (survey ids ZT-..): inside a key
-- area or not; on the water of a river given as a surface an outfall is in
-- no zone, but in the key survey area all the same.
SELECT register(jsonb_build_object('survey_id', n, 'survey_name', n || '号试验排口',
                                   'division', CASE WHEN ST_X(p) < 100 THEN '652301101' ELSE '450222100' END,
                                   'found_on', '2024-04-01', 'lon', ST_X(p), 'lat', ST_Y(p))) IS NULL AS no_code
  FROM (VALUES ('ZT-01', pg_temp.off('SRID=4490;LINESTRING(87.3 43.95, 87.3 44.05)', 0.5, 999, 1)),
               ('ZT-02', pg_temp.off('SRID=4490;LINESTRING(87.3 43.95, 87.3 44.05)', 0.5, 1001, 1)),
               ('ZT-03', pg_temp.off('SRID=4490;LINESTRING(87.4 43.95, 87.4 44.05)', 0.5, 100, 1)),
               ('ZT-04', pg_temp.off('SRID=4490;LINESTRING(87.4025 43.95, 87.4025 44.05)', 0.5, 0, 1)),
               ('ZT-05', pg_temp.off('SRID=4490;LINESTRING(87.4 43.95, 87.4 44.05)', 0.5, 999, -1)),
               ('ZT-06', pg_temp.off('SRID=4490;LINESTRING(87.4 43.95, 87.4 44.05)', 0.5, 1001, -1)),
               ('ZT-07', pg_temp.off('SRID=4490;LINESTRING(109.15 24.25, 109.25 24.33)', 0.5, 1099, -1)),
               ('ZT-08', pg_temp.off('SRID=4490;LINESTRING(109.15 24.25, 109.25 24.33)', 0.5, 1101, -1)),
               ('ZT-09', pg_temp.off('SRID=4490;LINESTRING(109.3 24.2, 109.3 24.4)', 0.5, 100, 1)),
               ('ZT-10', pg_temp.off('SRID=4490;LINESTRING(109.302 24.2, 109.302 24.4)', 0.5, 1001, 1)),
               ('ZT-11', pg_temp.off('SRID=4490;LINESTRING(88.3 44.2, 88.7 44.2)', 0.5, 499, -1)),
               ('ZT-12', pg_temp.off('SRID=4490;LINESTRING(88.3 44.2, 88.7 44.2)', 0.75, 501, 1))) v(n, p)
 ORDER BY n;
CREATE TEMP VIEW zt_zones_of AS
SELECT o.survey_id, in_key_area(o.id) AS in_key_area,
       coalesce((SELECT string_agg(z.name, ', ' ORDER BY z.name) FROM outfall_zone m JOIN zone z ON z.id = m.zone_id
                  WHERE m.outfall_id = o.id), '-') AS zones
  FROM outfall o WHERE o.survey_id LIKE 'ZT-%';
SELECT * FROM zt_zones_of ORDER BY survey_id;
-- in_key_area of no outfall, and of NULL
SELECT in_key_area(-1) AS no_such_outfall, in_key_area(NULL) AS null_outfall;

------------------------------------------------------------------------------
-- 3. every boundary is checked before it is stored
------------------------------------------------------------------------------
-- refused: a wrong SRID (WGS 84, none, a projected CGCS2000 one)
SELECT add_zone('water_source_1', '坐标系错误甲', 'SRID=4326;POLYGON((87 44, 87.1 44, 87.1 44.1, 87 44))');
SELECT :'SQLSTATE' AS sqlstate;
SELECT add_zone('water_source_1', '坐标系错误乙', 'POLYGON((87 44, 87.1 44, 87.1 44.1, 87 44))');
SELECT :'SQLSTATE' AS sqlstate;
SELECT add_zone('water_source_1', '坐标系错误丙',
                ST_Transform('SRID=4490;POLYGON((113 23, 113.1 23, 113.1 23.1, 113 23))'::geometry, 4547));
SELECT :'SQLSTATE' AS sqlstate;
-- refused: empty, no geometry, not polygonal (a river's line, a point, a
-- collection with a point in it)
SELECT add_zone('water_source_1', '空的', 'SRID=4490;POLYGON EMPTY');
SELECT :'SQLSTATE' AS sqlstate;
SELECT add_zone('water_source_1', '无边界', NULL);
SELECT :'SQLSTATE' AS sqlstate;
SELECT add_zone('key_area', '河道中心线', 'SRID=4490;LINESTRING(87.3 43.95, 87.3 44.05)');
SELECT :'SQLSTATE' AS sqlstate;
SELECT add_zone('key_area', '河道中心线', 'SRID=4490;MULTILINESTRING((87.3 43.95, 87.3 44.05))');
SELECT :'SQLSTATE' AS sqlstate;
SELECT add_zone('water_source_1', '取水口', 'SRID=4490;POINT(87.3 44)');
SELECT :'SQLSTATE' AS sqlstate;
SELECT add_zone('water_source_1', '混合', 'SRID=4490;GEOMETRYCOLLECTION(POLYGON((87 44, 87.1 44, 87.1 44.1, 87 44)), POINT(87.3 44))');
SELECT :'SQLSTATE' AS sqlstate;
-- refused: outside China (Europe; projected metres in a 4490 geometry), and
-- latitude and longitude swapped
SELECT add_zone('water_source_1', '境外', 'SRID=4490;POLYGON((10 50, 10.1 50, 10.1 50.1, 10 50))');
SELECT :'SQLSTATE' AS sqlstate;
SELECT add_zone('water_source_1', '米制坐标', 'SRID=4490;POLYGON((500000 4870000, 501000 4870000, 501000 4871000, 500000 4870000))');
SELECT :'SQLSTATE' AS sqlstate;
SELECT add_zone('water_source_1', '经纬颠倒', 'SRID=4490;POLYGON((44 87, 44.1 87, 44.1 87.1, 44 87))');
SELECT :'SQLSTATE' AS sqlstate;
-- refused: a kind outfall.zone_kind does not list
SELECT add_zone('water_source_4', '四级保护区', 'SRID=4490;POLYGON((87 44, 87.1 44, 87.1 44.1, 87 44))');
SELECT :'SQLSTATE' AS sqlstate;
SELECT add_zone(NULL, '无类型', 'SRID=4490;POLYGON((87 44, 87.1 44, 87.1 44.1, 87 44))');
SELECT :'SQLSTATE' AS sqlstate;
-- refused: an invalid polygon with no area left after repair
SELECT add_zone('water_source_1', '线状多边形', 'SRID=4490;POLYGON((87 44, 87.1 44, 87.2 44, 87 44))');
SELECT :'SQLSTATE' AS sqlstate;
-- nothing of the above was added
SELECT count(*) AS added FROM zone WHERE name IN ('坐标系错误甲', '坐标系错误乙', '坐标系错误丙', '空的', '无边界', '河道中心线',
                                                  '取水口', '混合', '境外', '米制坐标', '经纬颠倒', '四级保护区', '无类型', '线状多边形');

-- Accepted: a bow-tie (self-intersecting) polygon is repaired, with a
-- notice giving the reason and the areas (the bow-tie's two lobes cancel:
-- 0 km² before); its two triangles are stored.  A collection of polygons
-- and a 3D polygon are stored as a 2D multipolygon.
SELECT add_zone('special_protected', 'ZT蝴蝶结湿地', 'SRID=4490;POLYGON((87.5 44.6, 87.6 44.7, 87.6 44.6, 87.5 44.7, 87.5 44.6))') IS NOT NULL AS added;
SELECT add_zone('special_protected', 'ZT两块湿地',
                'SRID=4490;GEOMETRYCOLLECTION(POLYGON((87.7 44.6, 87.71 44.6, 87.71 44.61, 87.7 44.6)), POLYGON((87.72 44.6, 87.73 44.6, 87.73 44.61, 87.72 44.6)))') IS NOT NULL AS added;
SELECT add_zone('special_protected', 'ZT三维湿地', 'SRID=4490;POLYGON Z((87.8 44.6 500, 87.81 44.6 500, 87.81 44.61 510, 87.8 44.6 500))') IS NOT NULL AS added;
SELECT name, ST_AsText(geom, 6) AS geom, round((ST_Area(geom::geography) / 1e6)::numeric, 3) AS km2
  FROM zone WHERE name IN ('ZT蝴蝶结湿地', 'ZT两块湿地', 'ZT三维湿地') ORDER BY name;

-- A direct INSERT or UPDATE of outfall.zone is checked the same way.
INSERT INTO zone (kind, name, geom) VALUES ('red_line', 'ZT直接写入颠倒', 'SRID=4490;MULTIPOLYGON(((44 87, 44.1 87, 44.1 87.1, 44 87)))');
SELECT :'SQLSTATE' AS sqlstate;
INSERT INTO zone (kind, name, geom) VALUES ('red_line', 'ZT直接写入境外', 'SRID=4490;MULTIPOLYGON(((10 50, 10.1 50, 10.1 50.1, 10 50)))');
SELECT :'SQLSTATE' AS sqlstate;
-- (the column's type refuses another SRID or a polygon before the check runs)
INSERT INTO zone (kind, name, geom) VALUES ('red_line', 'ZT直接写入坐标系', 'SRID=4326;MULTIPOLYGON(((87 44, 87.1 44, 87.1 44.1, 87 44)))');
SELECT :'SQLSTATE' AS sqlstate;
INSERT INTO zone (kind, name, geom) VALUES ('red_line', 'ZT直接写入多边形', 'SRID=4490;POLYGON((87 44, 87.1 44, 87.1 44.1, 87 44))');
SELECT :'SQLSTATE' AS sqlstate;
INSERT INTO zone (kind, name, geom) VALUES ('red_line_x', 'ZT直接写入类型', 'SRID=4490;MULTIPOLYGON(((87 44, 87.1 44, 87.1 44.1, 87 44)))');
SELECT :'SQLSTATE' AS sqlstate;
INSERT INTO zone (kind, name, geom) VALUES ('red_line', 'ZT直接写入蝴蝶结', 'SRID=4490;MULTIPOLYGON(((87.5 44.8, 87.6 44.9, 87.6 44.8, 87.5 44.9, 87.5 44.8)))');
UPDATE zone SET geom = 'SRID=4490;MULTIPOLYGON(((44 87, 44.1 87, 44.1 87.1, 44 87)))' WHERE name = 'ZT直接写入蝴蝶结';
SELECT :'SQLSTATE' AS sqlstate;
SELECT name, ST_AsText(geom, 6) AS geom FROM zone WHERE name LIKE 'ZT直接写入%' ORDER BY name;
DELETE FROM zone WHERE name IN ('ZT直接写入蝴蝶结', 'ZT三维湿地', 'ZT两块湿地', 'ZT蝴蝶结湿地');

------------------------------------------------------------------------------
-- 4. sheets of zones: loaded whole or not at all
------------------------------------------------------------------------------
-- A good sheet: a drinking-water source's three nested zones (level 1
-- inside level 2 inside the quasi-protection zone) and a bow-tie wetland,
-- repaired.  import_zones answers which zone each line became.
CREATE TEMP TABLE zt_sheet (LIKE outfall.zone_sheet INCLUDING ALL);
INSERT INTO zt_sheet (kind, name, code, level, source, valid_from, geom) VALUES
    ('water_source_1', 'ZT试验水源一级保护区', 'ZT-WS1', 'county', '昌吉市人民政府文件', '2020-01-01',
     'SRID=4490;POLYGON((87.2 44.3, 87.22 44.3, 87.22 44.32, 87.2 44.32, 87.2 44.3))'),
    ('water_source_2', 'ZT试验水源二级保护区', 'ZT-WS2', 'county', '昌吉市人民政府文件', '2020-01-01',
     'SRID=4490;POLYGON((87.18 44.28, 87.24 44.28, 87.24 44.34, 87.18 44.34, 87.18 44.28))'),
    ('water_source_quasi', 'ZT试验水源准保护区', 'ZT-WSQ', 'county', '昌吉市人民政府文件', '2020-01-01',
     'SRID=4490;POLYGON((87.15 44.25, 87.27 44.25, 87.27 44.37, 87.15 44.37, 87.15 44.25))'),
    ('special_protected', 'ZT试验湿地', NULL, NULL, NULL, NULL,
     'SRID=4490;POLYGON((87.5 44.6, 87.6 44.7, 87.6 44.6, 87.5 44.7, 87.5 44.6))');
SELECT count(*) AS zones_before FROM zone \gset
CREATE TEMP TABLE zt_loaded AS SELECT * FROM import_zones('zt_sheet');
SELECT count(*) - :zones_before AS zones_added FROM zone;
-- each line became the zone of that line: kind, name, code, designation, boundary
SELECT l.line, l.name, l.repaired, z.kind,
       (z.name, z.code, z.level, z.source, z.valid_from) IS NOT DISTINCT FROM (s.name, s.code, s.level, s.source, s.valid_from)
       AND z.kind = s.kind AS as_on_sheet,
       CASE WHEN l.repaired THEN ST_AsText(z.geom, 6) ELSE ST_Equals(z.geom, s.geom)::text END AS boundary
  FROM zt_loaded l JOIN zone z ON z.id = l.zone_id JOIN zt_sheet s ON s.line = l.line
 ORDER BY l.line;
SELECT count(DISTINCT zone_id) AS distinct_zones FROM zt_loaded;

-- A sheet with one good line and every other line wrong is refused, every
-- wrong line listed, and nothing loaded — not even the good line.
CREATE TABLE zt_sheet_plain (LIKE outfall.zone_sheet INCLUDING ALL);
INSERT INTO zt_sheet_plain (line, kind, name, code, level, water_body, geom) VALUES
    (1, 'red_line', 'ZT好的一行', 'ZT-OK', NULL, NULL, 'SRID=4490;POLYGON((87.9 44.9, 87.91 44.9, 87.91 44.91, 87.9 44.9))'),
    (2, 'water_source_4', 'ZT未知类型', NULL, NULL, NULL, 'SRID=4490;POLYGON((87.9 44.9, 87.91 44.9, 87.91 44.91, 87.9 44.9))'),
    (3, 'key_area', 'ZT中心线', NULL, NULL, NULL, 'SRID=4490;LINESTRING(87.9 44.9, 87.91 44.9)'),
    (4, 'red_line', 'ZT颠倒', NULL, NULL, NULL, 'SRID=4490;POLYGON((44.9 87.9, 44.91 87.9, 44.91 87.91, 44.9 87.9))'),
    (5, 'red_line', NULL, NULL, NULL, NULL, 'SRID=4490;POLYGON((87.9 44.9, 87.91 44.9, 87.91 44.91, 87.9 44.9))'),
    (6, 'red_line', 'ZT乡级', NULL, 'township', NULL, 'SRID=4490;POLYGON((87.9 44.9, 87.91 44.9, 87.91 44.91, 87.9 44.9))'),
    (7, 'key_area', 'ZT未知水体', NULL, NULL, 'ZT99', 'SRID=4490;POLYGON((87.9 44.9, 87.91 44.9, 87.91 44.91, 87.9 44.9))'),
    (8, 'red_line', 'ZT重复编码', 'ZT-WS1', NULL, NULL, 'SRID=4490;POLYGON((87.9 44.9, 87.91 44.9, 87.91 44.91, 87.9 44.9))'),
    (9, 'red_line', 'ZT境外', NULL, NULL, NULL, 'SRID=4490;POLYGON((10 50, 10.1 50, 10.1 50.1, 10 50))'),
    (10, 'red_line', 'ZT空的', NULL, NULL, NULL, 'SRID=4490;POLYGON EMPTY'),
    (11, 'red_line', 'ZT无边界', NULL, NULL, NULL, NULL),
    (12, 'red_line', 'ZT表内重复编码', 'ZT-OK', NULL, NULL, 'SRID=4490;POLYGON((87.9 44.9, 87.91 44.9, 87.91 44.91, 87.9 44.9))'),
    (13, 'red_line', 'ZT点', NULL, NULL, NULL, 'SRID=4490;POINT(87.9 44.9)'),
    (14, 'red_line', 'ZT空编码', ' ', NULL, NULL, 'SRID=4490;POLYGON((87.9 44.9, 87.91 44.9, 87.91 44.91, 87.9 44.9))'),
    (15, 'red_line', 'ZT线状', NULL, NULL, NULL, 'SRID=4490;POLYGON((87 44, 87.1 44, 87.2 44, 87 44))'),
    (16, 'red_line', 'ZT行号重复甲', NULL, NULL, NULL, 'SRID=4490;POLYGON((87.9 44.9, 87.91 44.9, 87.91 44.91, 87.9 44.9))'),
    (16, 'red_line', 'ZT行号重复乙', NULL, NULL, NULL, 'SRID=4490;POLYGON((87.9 44.9, 87.91 44.9, 87.91 44.91, 87.9 44.9))');
SELECT count(*) AS zones_before FROM zone \gset
SELECT * FROM import_zones('zt_sheet_plain');
SELECT :'SQLSTATE' AS sqlstate;
SELECT count(*) - :zones_before AS zones_added FROM zone;
SELECT count(*) AS good_line_loaded FROM zone WHERE code = 'ZT-OK';
-- put right, the same sheet loads
DELETE FROM zt_sheet_plain WHERE line > 1;
SELECT line, name, repaired FROM import_zones('zt_sheet_plain') ORDER BY line;
DROP TABLE zt_sheet_plain;

-- A sheet mixing SRIDs is refused before any line is read; a sheet all in
-- WGS 84 is refused line by line; an empty sheet is refused.
CREATE TEMP TABLE zt_sheet_mixed (LIKE outfall.zone_sheet INCLUDING ALL);
INSERT INTO zt_sheet_mixed (kind, name, geom) VALUES
    ('red_line', 'ZT甲', 'SRID=4490;POLYGON((87.9 44.8, 87.91 44.8, 87.91 44.81, 87.9 44.8))'),
    ('red_line', 'ZT乙', 'SRID=4490;POLYGON((87.9 44.8, 87.91 44.8, 87.91 44.81, 87.9 44.8))'),
    ('red_line', 'ZT丙', 'SRID=4326;POLYGON((87.9 44.8, 87.91 44.8, 87.91 44.81, 87.9 44.8))');
SELECT * FROM import_zones('zt_sheet_mixed');
SELECT :'SQLSTATE' AS sqlstate;
UPDATE zt_sheet_mixed SET geom = ST_SetSRID(geom, 4326);
SELECT * FROM import_zones('zt_sheet_mixed');
SELECT :'SQLSTATE' AS sqlstate;
CREATE TEMP TABLE zt_sheet_empty (LIKE outfall.zone_sheet INCLUDING ALL);
SELECT * FROM import_zones('zt_sheet_empty');
SELECT :'SQLSTATE' AS sqlstate;
SELECT count(*) AS loaded FROM zone WHERE name IN ('ZT甲', 'ZT乙', 'ZT丙');

------------------------------------------------------------------------------
-- 5. the zones at a point
------------------------------------------------------------------------------
-- inside level 1: all three zones of the source, strictest first; on a
-- boundary (an edge, a corner) counts as inside; between the boundaries of
-- level 2 and the quasi zone only the quasi zone; outside none
SELECT p.place, string_agg(z.kind || ' ' || z.name, ', ' ORDER BY n) AS zones
  FROM (VALUES ('inside level 1', 'SRID=4490;POINT(87.21 44.31)'::geometry),
               ('on the edge of level 1', 'SRID=4490;POINT(87.21 44.3)'),
               ('on the corner of level 1', 'SRID=4490;POINT(87.22 44.32)'),
               ('inside level 2', 'SRID=4490;POINT(87.19 44.29)'),
               ('on the edge of level 2', 'SRID=4490;POINT(87.24 44.33)'),
               ('inside the quasi zone', 'SRID=4490;POINT(87.16 44.36)'),
               ('on the corner of the quasi zone', 'SRID=4490;POINT(87.15 44.25)'),
               ('outside', 'SRID=4490;POINT(87.1 44.31)')) p(place, geom)
  LEFT JOIN LATERAL zones_at(p.geom) WITH ORDINALITY z(zone_id, kind, name, effect, code, level, valid_from, due_on, water_body, n) ON true
 GROUP BY p.place
 ORDER BY p.place;
SELECT kind, name, effect, code, level, valid_from FROM zones_at('SRID=4490;POINT(87.21 44.31)');
-- a key area before a sewer coverage: ban, key area, park, sewer
SELECT add_zone('sewer_coverage', 'ZT试验管网覆盖区', 'SRID=4490;POLYGON((87.29 43.99, 87.32 43.99, 87.32 44.01, 87.29 44.01, 87.29 43.99))') IS NOT NULL AS added;
SELECT kind, name, effect, due_on, water_body FROM zones_at(pg_temp.off('SRID=4490;LINESTRING(87.3 43.95, 87.3 44.05)', 0.5, 500, 1));
-- every vertex of a ragged zone of 2,000 vertices, cut into pieces, is in it
SELECT add_zone('red_line', 'ZT锯齿红线', ST_MakePolygon(ST_MakeLine(array_agg(ST_SetSRID(ST_MakePoint(
           100 + (0.5 + 0.05 * sin(i * 7.0) + 0.03 * cos(i * 13.0)) * cos(2 * pi() * i / 2000),
           30 + (0.5 + 0.05 * sin(i * 7.0) + 0.03 * cos(i * 13.0)) * sin(2 * pi() * i / 2000)), 4490) ORDER BY n)))) IS NOT NULL AS added
  FROM (SELECT n, n % 2000 AS i FROM generate_series(0, 2000) n) s;
SELECT count(*) > 10 AS cut_into_pieces FROM zone_part p JOIN zone z ON z.id = p.zone_id WHERE z.name = 'ZT锯齿红线';
SELECT count(*) AS vertices, count(*) FILTER (WHERE EXISTS (SELECT FROM zones_at(v.geom) a WHERE a.name = 'ZT锯齿红线')) AS found
  FROM zone z, ST_DumpPoints(z.geom) v WHERE z.name = 'ZT锯齿红线';
DELETE FROM zone WHERE name = 'ZT锯齿红线';
-- refused: a point in another SRID; NULL is no point
SELECT * FROM zones_at('SRID=4326;POINT(87.21 44.31)');
SELECT :'SQLSTATE' AS sqlstate;
SELECT count(*) AS zones FROM zones_at(NULL);

------------------------------------------------------------------------------
-- 6. memberships kept current
------------------------------------------------------------------------------
-- Every membership is what the zones' own boundaries say, and nothing else:
-- the rows missing from outfall_zone, and the rows it has too many.
CREATE TEMP VIEW zt_membership_wrong AS
(SELECT o.id AS outfall_id, z.id AS zone_id, 'missing' AS wrong FROM outfall o JOIN zone z ON ST_Intersects(z.geom, o.geom)
 EXCEPT SELECT outfall_id, zone_id, 'missing' FROM outfall_zone)
UNION ALL
(SELECT outfall_id, zone_id, 'too many' FROM outfall_zone
 EXCEPT SELECT o.id, z.id, 'too many' FROM outfall o JOIN zone z ON ST_Intersects(z.geom, o.geom));
SELECT * FROM zt_membership_wrong;

-- a sewer coverage; an outfall registered inside it is a member at once
SELECT add_zone('sewer_coverage', 'ZT管网甲', 'SRID=4490;POLYGON((87.6 44.5, 87.62 44.5, 87.62 44.52, 87.6 44.52, 87.6 44.5))') IS NOT NULL AS added;
SELECT register('{"survey_id": "ZT-M1", "survey_name": "管网甲内排口", "division": "652301101",
                  "found_on": "2024-04-01", "lon": 87.61, "lat": 44.51}') IS NULL AS no_code;
-- on the boundary is inside; without a location in nothing
SELECT register('{"survey_id": "ZT-M2", "survey_name": "管网甲边上排口", "division": "652301101",
                  "found_on": "2024-04-01", "lon": 87.62, "lat": 44.505}') IS NULL AS no_code;
SELECT register('{"survey_id": "ZT-M3", "survey_name": "未定位排口", "division": "652301101",
                  "found_on": "2024-04-01"}') IS NULL AS no_code;
SELECT * FROM zt_zones_of WHERE survey_id LIKE 'ZT-M%' ORDER BY survey_id;
-- moved out, moved in, located
UPDATE outfall SET geom = 'SRID=4490;POINT(87.65 44.51)' WHERE survey_id = 'ZT-M1';
UPDATE outfall SET geom = 'SRID=4490;POINT(87.601 44.501)' WHERE survey_id = 'ZT-M3';
SELECT * FROM zt_zones_of WHERE survey_id LIKE 'ZT-M%' ORDER BY survey_id;
-- and back to nowhere
UPDATE outfall SET geom = NULL WHERE survey_id = 'ZT-M3';
SELECT * FROM zt_zones_of WHERE survey_id = 'ZT-M3';
UPDATE outfall SET geom = 'SRID=4490;POINT(87.601 44.501)' WHERE survey_id = 'ZT-M3';
-- the zone grows east to take in ZT-M1, and shrinks away from ZT-M2
UPDATE zone SET geom = 'SRID=4490;MULTIPOLYGON(((87.6 44.5, 87.66 44.5, 87.66 44.52, 87.6 44.52, 87.6 44.5)))' WHERE name = 'ZT管网甲';
SELECT * FROM zt_zones_of WHERE survey_id LIKE 'ZT-M%' ORDER BY survey_id;
UPDATE zone SET geom = 'SRID=4490;MULTIPOLYGON(((87.64 44.5, 87.66 44.5, 87.66 44.52, 87.64 44.52, 87.64 44.5)),
                                                ((87.6 44.5, 87.605 44.5, 87.605 44.502, 87.6 44.502, 87.6 44.5)))'
 WHERE name = 'ZT管网甲';
SELECT * FROM zt_zones_of WHERE survey_id LIKE 'ZT-M%' ORDER BY survey_id;
-- renamed, the memberships stay; its pieces follow its boundary
UPDATE zone SET name = 'ZT管网甲（调整后）' WHERE name = 'ZT管网甲';
SELECT * FROM zt_zones_of WHERE survey_id LIKE 'ZT-M%' ORDER BY survey_id;
SELECT count(*) AS pieces, ST_Equals(ST_Union(p.geom), (SELECT geom FROM zone WHERE name = 'ZT管网甲（调整后）')) AS pieces_cover_it
  FROM zone z JOIN zone_part p ON p.zone_id = z.id WHERE z.name = 'ZT管网甲（调整后）';
-- three zones in one statement, overlapping: each finds its members
INSERT INTO zone (kind, name, geom) VALUES
    ('industrial_park', 'ZT园区乙', 'SRID=4490;MULTIPOLYGON(((87.6 44.5, 87.7 44.5, 87.7 44.52, 87.6 44.52, 87.6 44.5)))'),
    ('red_line', 'ZT红线丙', 'SRID=4490;MULTIPOLYGON(((87.61 44.49, 87.63 44.49, 87.63 44.51, 87.61 44.51, 87.61 44.49)))'),
    ('nature_core', 'ZT保护地丁', 'SRID=4490;MULTIPOLYGON(((87.64 44.5, 87.65 44.5, 87.65 44.51, 87.64 44.51, 87.64 44.5)))');
SELECT * FROM zt_zones_of WHERE survey_id LIKE 'ZT-M%' ORDER BY survey_id;
-- a zone deleted takes its memberships and pieces with it
SELECT count(*) AS pieces FROM zone_part p JOIN zone z ON z.id = p.zone_id WHERE z.name = 'ZT园区乙';
CREATE TEMP TABLE zt_deleted AS SELECT id FROM zone WHERE name = 'ZT园区乙';
DELETE FROM zone WHERE name = 'ZT园区乙';
SELECT (SELECT count(*) FROM outfall_zone WHERE zone_id IN (SELECT id FROM zt_deleted)) AS memberships,
       (SELECT count(*) FROM zone_part WHERE zone_id IN (SELECT id FROM zt_deleted)) AS pieces;
SELECT * FROM zt_zones_of WHERE survey_id LIKE 'ZT-M%' ORDER BY survey_id;
-- two zones moved 0.02° west in one statement
UPDATE zone SET geom = ST_Translate(geom, -0.02, 0) WHERE name IN ('ZT红线丙', 'ZT保护地丁');
SELECT * FROM zt_zones_of WHERE survey_id LIKE 'ZT-M%' ORDER BY survey_id;
SELECT * FROM zt_membership_wrong;

-- refresh_zones recomputes everything: with every membership and piece
-- deleted (and a wrong membership added), it restores exactly the rows
-- the triggers kept, in batches of two outfalls.
CREATE TEMP TABLE zt_saved_membership AS SELECT outfall_id, zone_id FROM outfall_zone;
CREATE TEMP TABLE zt_saved_part AS SELECT zone_id, md5(ST_AsEWKB(geom)::text) AS piece FROM zone_part;
SELECT count(*) > 0 AS some_memberships, count(DISTINCT outfall_id) > 2 AS more_outfalls_than_a_batch
  FROM zt_saved_membership;
DELETE FROM outfall_zone;
DELETE FROM zone_part;
INSERT INTO outfall_zone SELECT o.id, z.id FROM outfall o, zone z WHERE o.survey_id = 'ZT-02' AND z.name = 'ZT试验水源一级保护区';
SELECT (SELECT count(*) FROM outfall_zone) AS memberships, (SELECT count(*) FROM zone_part) AS pieces;
SET client_min_messages = warning;   -- its progress notices tell the time taken
CALL outfall.refresh_zones(2);
RESET client_min_messages;
SELECT (SELECT count(*) FROM (SELECT * FROM outfall_zone EXCEPT ALL SELECT * FROM zt_saved_membership) x) AS memberships_too_many,
       (SELECT count(*) FROM (SELECT * FROM zt_saved_membership EXCEPT ALL SELECT * FROM outfall_zone) x) AS memberships_missing,
       (SELECT count(*) FROM (SELECT zone_id, md5(ST_AsEWKB(geom)::text) FROM zone_part
                              EXCEPT ALL SELECT * FROM zt_saved_part) x) AS pieces_too_many,
       (SELECT count(*) FROM (SELECT * FROM zt_saved_part
                              EXCEPT ALL SELECT zone_id, md5(ST_AsEWKB(geom)::text) FROM zone_part) x) AS pieces_missing;
SELECT * FROM zt_membership_wrong;
-- refused: a batch size that is not a positive number; a transaction block
CALL outfall.refresh_zones(0);
SELECT :'SQLSTATE' AS sqlstate;
CALL outfall.refresh_zones(-5);
SELECT :'SQLSTATE' AS sqlstate;
CALL outfall.refresh_zones(NULL);
SELECT :'SQLSTATE' AS sqlstate;
BEGIN;
CALL outfall.refresh_zones(2);
\set refused :SQLSTATE
ROLLBACK;
SELECT :'refused' AS sqlstate, (SELECT count(*) FROM outfall_zone) = (SELECT count(*) FROM zt_saved_membership) AS kept,
       (SELECT count(*) FROM zone_part) = (SELECT count(*) FROM zt_saved_part) AS pieces_kept;
-- an outfall deleted takes its memberships with it
DELETE FROM outfall WHERE survey_id = 'ZT-M1';
SELECT * FROM zt_membership_wrong;
