-- zones_gis: the GIS layers.  outfall.outfall_map and outfall.zone_map as a
-- GIS sees them (geometry_columns), their rows for a small registry of this
-- file's own (survey ids GIS-..., water bodies GIS01-GIS04, zones named
-- 测绘…), agreement with the functions they stand for, the indexes a
-- filtered layer reads, and outfall.geojson(): its structure, its filters,
-- its cut at max_features, and its refusals.  Other tests' rows share the
-- database, so every query here is limited to this file's rows.
SET search_path = outfall, public;
SET datestyle = 'ISO, YMD';
SET timezone = 'Asia/Shanghai';
\set SHOW_CONTEXT never

-- Both views appear in geometry_columns with their geometry type and SRID,
-- as a GIS needs them to open the view as a layer.
SELECT f_table_name, f_geometry_column, coord_dimension, srid, type
  FROM geometry_columns
 WHERE f_table_schema = 'outfall' AND f_table_name IN ('outfall_map', 'zone_map')
 ORDER BY f_table_name;

-- The place: 阜康市 (652302) and 吉木萨尔县 (652327) of 昌吉州, 乌鲁木齐市天山区
-- (650102), and 黔江区 (500114) in another province.  No zone of another
-- test may lie where this file's outfalls will be (nor a key area along
-- water there), or their zones would differ.
SELECT code, name FROM division
 WHERE code IN ('65', '6523', '652302', '652302100', '652302101', '652327', '652327100',
                '6501', '650102', '650102002', '500114', '500114003')
 ORDER BY code;
SELECT count(*) AS foreign_zones_here
  FROM (VALUES (87.93, 44.205), (88.03, 44.22), (88.035, 44.225), (88.22, 44.31), (89.18, 44.0),
               (87.60, 43.80), (108.70, 29.40)) v(lon, lat)
 CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_MakePoint(v.lon, v.lat), 4490) AS p) p
  JOIN zone z ON ST_Intersects(z.geom, p.p)
              OR (z.kind = 'key_area' AND EXISTS (SELECT FROM water_body w
                                                   WHERE w.code = z.water_body AND ST_Intersects(w.geom, p.p)));

-- Water bodies: a river with its centre line, a lake with its surface, a
-- canal and a river elsewhere.
INSERT INTO water_body (code, name, kind, geom) VALUES
    ('GIS01', '测绘试验河', 'river', ST_GeomFromText('MULTILINESTRING((87.90 44.20, 88.10 44.20))', 4490)),
    ('GIS02', '测绘试验湖', 'lake',
     ST_GeomFromText('MULTIPOLYGON(((88.20 44.30, 88.24 44.30, 88.24 44.32, 88.20 44.32, 88.20 44.30)))', 4490)),
    ('GIS03', '测绘试验溪', 'river', NULL),
    ('GIS04', '测绘试验渠', 'canal', NULL);

-- Zones: the key areas along the river (1 km) and the lake (500 m), a
-- drinking-water source protection zone designated on 2020-01-01, the
-- town's sewer coverage, an industrial park.
SELECT add_key_area('GIS01', 1000, due_on => '2025-06-30') > 0 AS river_key_area,
       add_key_area('GIS02', 500) > 0 AS lake_key_area,
       add_zone('water_source_1', '测绘水源一级保护区', ST_MakeEnvelope(88.02, 44.21, 88.04, 44.23, 4490),
                code => 'GIS-WS-1', level => 'county', valid_from => '2020-01-01') > 0 AS water_source,
       add_zone('sewer_coverage', '测绘城区管网', ST_MakeEnvelope(87.90, 44.19, 87.96, 44.215, 4490)) > 0 AS sewer,
       add_zone('industrial_park', '测绘工业园', ST_MakeEnvelope(87.58, 43.78, 87.62, 43.82, 4490),
                level => 'provincial') > 0 AS park;

-- The outfalls: a domestic outlet in the sewer coverage and the river's key
-- area; a factory in the water source zone, found after it was designated,
-- and one found before; an outlet on the lake's water; one without category
-- or location; a town plant in another county; a factory in the park; a
-- town stormwater outfall in another province.
SELECT register(format('{"survey_id": "%s", "survey_name": "%s", "category": %s, "division": "%s",
                         "water_body": "%s", "found_on": "%s"%s}',
                       survey_id, survey_name, coalesce(to_json(category)::text, 'null'), division,
                       water_body, found_on,
                       CASE WHEN lon IS NOT NULL THEN format(', "lon": %s, "lat": %s', lon, lat) ELSE '' END)::jsonb) AS code
  FROM (VALUES ('GIS-1', '测绘小区排口', 'other.town_domestic', '652302101', 'GIS01', '2024-03-01', 87.93, 44.205),
               ('GIS-2', '测绘化工厂排口', 'industrial.enterprise.factory', '652302101', 'GIS01', '2024-03-01', 88.03, 44.22),
               ('GIS-3', '测绘老厂排口', 'industrial.enterprise.factory', '652302100', 'GIS01', '2019-05-01', 88.035, 44.225),
               ('GIS-4', '测绘湖面排口', 'other.misc', '652302100', 'GIS02', '2024-03-01', 88.22, 44.31),
               ('GIS-5', '测绘无类别排口', NULL, '652327100', 'GIS01', '2024-03-01', NULL, NULL),
               ('GIS-6', '测绘污水厂排口', 'town_plant.plant', '652327100', 'GIS01', '2024-03-01', 89.18, 44.0),
               ('GIS-7', '测绘园区企业排口', 'industrial.enterprise.factory', '650102002', 'GIS04', '2024-03-01', 87.60, 43.80),
               ('GIS-8', '测绘雨水排口', 'other.town_storm', '500114003', 'GIS03', '2024-03-01', 108.70, 29.40))
       AS v(survey_id, survey_name, category, division, water_body, found_on, lon, lat)
 ORDER BY survey_id;
-- the town plant is sampled and moves on to monitored
SELECT record_sample(code, '{"sampled_at": "2024-03-02 10:00+08", "weather": "dry", "flow_m3d": 5000}') AS sampled,
       advance(code, 'monitored') AS status
  FROM outfall WHERE survey_id = 'GIS-6';

-- The zones as the zone layer shows them.  The areas: a 0.02° square at
-- 44.2° N is 2.224 km × 1.596 km (3.55 km²); the key area along 0.2° of
-- river (15.96 km) is a 2 km band with round ends (35 km²).
SELECT kind, kind_zh, effect, name, code, level, valid_from, due_on, water_body, water_body_name, outfalls
  FROM zone_map WHERE name LIKE '测绘%' ORDER BY name COLLATE "C";
SELECT name, area_km2 FROM zone_map
 WHERE name LIKE '测绘%' AND kind <> 'key_area' ORDER BY name COLLATE "C";
SELECT name, area_km2 BETWEEN 34.5 AND 36 AS about_35_km2 FROM zone_map WHERE water_body = 'GIS01';
-- one row per zone, and the member counts are the memberships
SELECT count(*) = count(DISTINCT id) AS one_row_per_zone,
       count(*) = (SELECT count(*) FROM zone) AS every_zone,
       bool_and(outfalls = (SELECT count(*) FROM outfall_zone m WHERE m.zone_id = zone_map.id)) AS counts_agree
  FROM zone_map;

-- The outfalls as the outfall layer shows them: names, state, place.
SELECT survey_id, code, name, category, category_zh, status, status_zh,
       division, division_name, county, county_name, water_body, water_body_name
  FROM outfall_map WHERE survey_id LIKE 'GIS-%' ORDER BY survey_id;
-- what they must become, and where they are
SELECT survey_id, required_action, action_zone, action_reason, in_key_area, zone_names, zone_kinds, zones,
       ST_AsText(geom) AS geom
  FROM outfall_map WHERE survey_id LIKE 'GIS-%' ORDER BY survey_id;

-- The layer agrees with the functions it stands for, for every outfall of
-- the database (this file's and the other tests'): one row per outfall,
-- the required action of outfall.required_action, the key area of
-- outfall.in_key_area, the zones of outfall.zones_at.
SELECT count(*) = (SELECT count(*) FROM outfall) AS every_outfall,
       count(*) = count(DISTINCT m.id) AS one_row_per_outfall,
       count(*) FILTER (WHERE (m.required_action, m.action_zone)
                              IS DISTINCT FROM (SELECT (a.action, a.zone_name) FROM required_action(m.id) a)) AS action_differs,
       count(*) FILTER (WHERE m.in_key_area IS DISTINCT FROM in_key_area(m.id)) AS key_area_differs,
       count(*) FILTER (WHERE m.zone_names IS DISTINCT FROM
                              coalesce((SELECT array_agg(z.name ORDER BY z.effect, k.strictness, z.zone_id)
                                          FROM zones_at(o.geom) z JOIN zone_kind k ON k.kind = z.kind), '{}')) AS zones_differ
  FROM outfall_map m JOIN outfall o ON o.id = m.id;

-- A layer filtered by township, by code prefix or by county reads an index
-- (the planner is kept off sequential scans to see that it can), and a
-- layer asked only for its count or extent does not compute the zones of
-- every outfall.
CREATE FUNCTION pg_temp.plan_mentions(query text, word text) RETURNS boolean
    LANGUAGE plpgsql AS $$
DECLARE
    line text;
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
        IF line LIKE '%' || word || '%' THEN
            RETURN true;
        END IF;
    END LOOP;
    RETURN false;
END;
$$;
SET enable_seqscan = off;
SELECT pg_temp.plan_mentions($$SELECT * FROM outfall_map WHERE division = '652302101'$$, 'outfall_division_text_idx') AS township,
       pg_temp.plan_mentions($$SELECT * FROM outfall_map WHERE division LIKE '6523%'$$, 'outfall_division_text_idx') AS city_prefix,
       pg_temp.plan_mentions($$SELECT * FROM outfall_map WHERE county = '652302'$$, 'outfall_county_text_idx') AS county,
       pg_temp.plan_mentions($$SELECT * FROM outfall_map WHERE geom && ST_MakeEnvelope(87.9, 44.1, 88.1, 44.3, 4490)$$,
                             'outfall_geom_idx') AS bbox;
RESET enable_seqscan;
SELECT pg_temp.plan_mentions('SELECT count(*) FROM outfall_map', 'outfall_zone') AS count_reads_zones,
       pg_temp.plan_mentions('SELECT ST_Extent(geom) FROM outfall_map', 'outfall_zone') AS extent_reads_zones,
       pg_temp.plan_mentions('SELECT id, status FROM outfall_map', 'outfall_zone') AS drawing_by_state_reads_zones,
       pg_temp.plan_mentions('SELECT id, required_action FROM outfall_map', 'outfall_zone') AS drawing_by_action_reads_zones;
-- and the layer's filters give this file's outfalls
SELECT division LIKE '6523%' AS in_6523, county, string_agg(survey_id, ' ' ORDER BY survey_id) AS outfalls
  FROM outfall_map WHERE survey_id LIKE 'GIS-%' AND (division LIKE '6523%' OR county = '650102')
 GROUP BY 1, 2 ORDER BY 1, 2;

-- geojson(): a FeatureCollection, its CRS named, counted, its features
-- in id order.  On the river GIS01 in province 65:
CREATE TEMP TABLE gj AS SELECT geojson('65', 'GIS01') AS doc;
SELECT doc ->> 'type' AS type, doc -> 'crs' AS crs, doc -> 'numberMatched' AS matched,
       doc -> 'numberReturned' AS returned, jsonb_array_length(doc -> 'features') AS features
  FROM gj;
SELECT array_agg(k ORDER BY k) AS collection_keys FROM gj, jsonb_object_keys(doc) k;
-- every feature: type Feature, its id the outfall's (also in properties),
-- a point or, not located, null; in id order
SELECT f.n, f.feature ->> 'type' AS type, o.survey_id,
       (f.feature -> 'id')::bigint = o.id AS id_is_outfall,
       f.feature -> 'geometry' ->> 'type' AS geometry,
       f.feature -> 'geometry' -> 'coordinates' AS coordinates,
       jsonb_typeof(f.feature -> 'geometry') AS geometry_json,
       row_number() OVER (ORDER BY o.id) = f.n AS id_order
  FROM gj, jsonb_array_elements(doc -> 'features') WITH ORDINALITY f(feature, n)
  JOIN outfall o ON o.id = (f.feature -> 'properties' ->> 'id')::bigint
 ORDER BY f.n;
-- one feature whole (but its id, which varies from run to run): a
-- domestic outlet in the sewer coverage and the key area
SELECT jsonb_pretty(e - 'id' #- '{properties,id}') AS feature
  FROM gj, jsonb_array_elements(doc -> 'features') e
 WHERE e -> 'properties' ->> 'survey_id' = 'GIS-1';
-- a feature is the layer's row: its properties the columns but the
-- geometry, its geometry the point (JSON null if not located)
SELECT count(*) AS features,
       bool_and(e -> 'properties' = to_jsonb(m) - 'geom') AS properties_are_the_row,
       bool_and(e -> 'geometry' = CASE WHEN m.geom IS NULL THEN 'null'
                                       ELSE jsonb_build_object('type', 'Point', 'coordinates',
                                                               jsonb_build_array(ST_X(m.geom), ST_Y(m.geom))) END)
           AS geometry_is_the_point
  FROM gj, jsonb_array_elements(doc -> 'features') e
  JOIN outfall_map m ON m.id = (e ->> 'id')::bigint;

-- The filters: a division and everything below it (province, city,
-- county, township), the water body (code in any case), the state.
SELECT label, doc -> 'numberMatched' AS matched, doc -> 'numberReturned' AS returned,
       (SELECT string_agg(e -> 'properties' ->> 'name', ' ' ORDER BY (e ->> 'id')::bigint)
          FROM jsonb_array_elements(doc -> 'features') e) AS names
  FROM (VALUES ('65 GIS01', geojson('65', 'GIS01')),
               ('6523 GIS01', geojson('6523', 'GIS01')),
               ('652302 GIS01', geojson('652302', 'GIS01')),
               ('652302101 GIS01', geojson(division => '652302101', water_body => 'GIS01')),
               ('652327 GIS01', geojson('652327', 'GIS01')),
               ('652327 GIS01 monitored', geojson('652327', 'GIS01', 'monitored')),
               ('GIS01 found', geojson(water_body => 'GIS01', status => 'found')),
               ('gis02', geojson(water_body => 'gis02')),
               ('6501 GIS04', geojson('6501', 'GIS04')),
               ('65 GIS03', geojson('65', 'GIS03')),
               ('50 GIS03', geojson('50', 'GIS03')),
               ('500114003 GIS03', geojson('500114003', 'GIS03'))) v(label, doc)
 ORDER BY label COLLATE "C";
-- at most max_features, the first by id; numberMatched tells it was cut
SELECT doc -> 'numberMatched' AS matched, doc -> 'numberReturned' AS returned,
       (SELECT string_agg(e -> 'properties' ->> 'name', ' ' ORDER BY (e ->> 'id')::bigint)
          FROM jsonb_array_elements(doc -> 'features') e) AS names
  FROM (SELECT geojson(water_body => 'GIS01', max_features => 2) AS doc) g;
-- nothing matched: an empty collection
SELECT geojson('65', 'GIS03') - 'crs' AS empty;

-- Refusals: a division or a water body that is not in the registry, a
-- malformed division code, no room for a feature.
SELECT geojson('652399', 'GIS01');
SELECT :'SQLSTATE' AS sqlstate;
SELECT geojson('659999999');
SELECT :'SQLSTATE' AS sqlstate;
SELECT geojson('65239');
SELECT :'SQLSTATE' AS sqlstate;
SELECT geojson(water_body => 'GIS99');
SELECT :'SQLSTATE' AS sqlstate;
SELECT geojson(water_body => '测绘试验河');
SELECT :'SQLSTATE' AS sqlstate;
SELECT geojson(water_body => 'GIS01', max_features => 0);
SELECT :'SQLSTATE' AS sqlstate;
SELECT geojson(water_body => 'GIS01', max_features => NULL);
SELECT :'SQLSTATE' AS sqlstate;

-- A role set up as doc/gis.md says reads both layers, every column, and
-- calls geojson() for the outfalls of its province (7 of the 8 are in
-- 新疆); a role mapped to 重庆 sees the one there, and no 新疆 feature.
CREATE ROLE outfall_test_gis IN ROLE outfall_reader;
CREATE ROLE outfall_test_gis_elsewhere IN ROLE outfall_reader;
INSERT INTO jurisdiction (member, division) VALUES ('outfall_test_gis', '65'), ('outfall_test_gis_elsewhere', '50');
SET ROLE outfall_test_gis;
SELECT count(*) AS outfalls, count(required_action) AS actions, count(*) FILTER (WHERE in_key_area) AS in_key_area,
       count(zones) AS in_zones, count(geom) AS located
  FROM outfall_map WHERE survey_id LIKE 'GIS-%';
SELECT count(*) AS zones, sum(outfalls) AS members, sum(area_km2) > 0 AS area FROM zone_map WHERE name LIKE '测绘%';
SELECT geojson('65', 'GIS01') -> 'numberReturned' AS features;
SET ROLE outfall_test_gis_elsewhere;
SELECT count(*) AS outfalls FROM outfall_map WHERE survey_id LIKE 'GIS-%';
SELECT count(*) AS zones, sum(outfalls) AS members FROM zone_map WHERE name LIKE '测绘%';
SELECT geojson('65', 'GIS01') -> 'numberReturned' AS features;
RESET ROLE;
DELETE FROM jurisdiction WHERE member IN ('outfall_test_gis', 'outfall_test_gis_elsewhere');
DROP ROLE outfall_test_gis, outfall_test_gis_elsewhere;

-- What the function and the views promise about themselves.
SELECT p.oid::regprocedure AS function, p.provolatile AS volatility, p.proparallel AS parallel,
       'jit=off' = ANY (p.proconfig) AS without_jit,
       EXISTS (SELECT FROM unnest(p.proconfig) c WHERE c LIKE 'search_path=%') AS pins_search_path,
       obj_description(p.oid, 'pg_proc') IS NOT NULL AS commented
  FROM pg_proc p WHERE p.oid = 'geojson(division_code, text, state, integer)'::regprocedure;
SELECT c.relname AS view, obj_description(c.oid, 'pg_class') IS NOT NULL AS commented,
       count(*) AS columns, count(col_description(c.oid, a.attnum)) AS columns_commented
  FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
 WHERE c.oid IN ('outfall_map'::regclass, 'zone_map'::regclass)
 GROUP BY c.oid, c.relname ORDER BY c.relname;
