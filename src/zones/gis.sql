-- GIS layers: the registry and the zones as views a desktop GIS (QGIS,
-- ogr2ogr) opens as layers, and the outfalls as a GeoJSON FeatureCollection
-- for a web map.  The geometry columns are the tables' own, so the views
-- keep their type and SRID in geometry_columns (POINT and MULTIPOLYGON,
-- 4490).  Codes are text: QGIS leaves out columns of types it does not know.
--
-- What a layer computes for an outfall — its required action, its zones,
-- whether it is in the key survey area — is computed in the same query for
-- the rows asked for, through joins the planner drops when the column is
-- not asked for: counting the features, their extent, or drawing them by
-- state costs a scan of the registry, not the zone analysis of every
-- outfall.
--
-- outfall.required_actions runs with the rights of whoever reads the view,
-- and geojson() reads the tables itself: a role that reads the layers needs
-- SELECT on the views and on outfall, category, outfall_zone, zone,
-- zone_kind and water_body (doc/gis.md).

-- A layer filtered by township or county, or by a code prefix (everything
-- below a province, city or county: division LIKE '652301%'), reads these
-- indexes; the view's code columns are these expressions.
CREATE INDEX outfall_division_text_idx ON @extschema@.outfall ((division::text) text_pattern_ops);
CREATE INDEX outfall_county_text_idx ON @extschema@.outfall ((@extschema@.code_division(division)::text));

CREATE VIEW @extschema@.outfall_map AS
SELECT o.id,
       o.code::text AS code,
       coalesce(o.name, o.survey_name) AS name,
       o.survey_id,
       o.category,
       c.name_zh AS category_zh,
       o.status,
       sl.name_zh AS status_zh,
       o.division::text AS division,
       d.name AS division_name,
       @extschema@.code_division(o.division)::text AS county,
       cd.name AS county_name,
       o.water_body,
       w.name AS water_body_name,
       r.action AS required_action,
       r.zone_name AS action_zone,
       r.reason_zh AS action_reason,
       coalesce(zs.in_key_zone, false)
           OR (o.geom IS NOT NULL
               AND EXISTS (SELECT FROM @extschema@.zone kz
                             JOIN @extschema@.water_body kw ON kw.code = kz.water_body
                            WHERE kz.kind = 'key_area' AND GeometryType(kw.geom) = 'MULTIPOLYGON'
                              AND ST_Intersects(kw.geom, o.geom))) AS in_key_area,
       coalesce(zs.names, '{}') AS zone_names,
       coalesce(zs.kinds, '{}') AS zone_kinds,
       zs.label AS zones,
       o.geom
  FROM @extschema@.outfall o
  LEFT JOIN LATERAL (
        SELECT DISTINCT ON (a.outfall_id) a.outfall_id, a.action, a.zone_name, a.reason_zh
          FROM @extschema@.required_actions(NULL::bigint[]) a
         WHERE a.outfall_id = o.id) r ON r.outfall_id = o.id
  LEFT JOIN @extschema@.category c ON c.id = o.category
  LEFT JOIN @extschema@.state_label sl ON sl.state = o.status
  LEFT JOIN @extschema@.division d ON d.code = o.division
  LEFT JOIN @extschema@.division cd ON cd.code = @extschema@.code_division(o.division)
  LEFT JOIN @extschema@.water_body w ON w.code = o.water_body
  LEFT JOIN LATERAL (
        SELECT array_agg(z.name ORDER BY k.effect, k.strictness, z.id) AS names,
               array_agg(z.kind ORDER BY k.effect, k.strictness, z.id) AS kinds,
               string_agg(z.name || '（' || k.name_zh || '）', '、' ORDER BY k.effect, k.strictness, z.id) AS label,
               bool_or(z.kind = 'key_area') AS in_key_zone
          FROM @extschema@.outfall_zone m
          JOIN @extschema@.zone z ON z.id = m.zone_id
          JOIN @extschema@.zone_kind k ON k.kind = z.kind
         WHERE m.outfall_id = o.id) zs ON true;
COMMENT ON VIEW @extschema@.outfall_map IS
    'GIS layer of the registry: one row per outfall (key: id), point geometry(Point, 4490), with names, state, place, required action and zones';
COMMENT ON COLUMN @extschema@.outfall_map.id IS 'the outfall''s id: the unique key a GIS needs (QGIS: choose it as the feature id)';
COMMENT ON COLUMN @extschema@.outfall_map.code IS 'outfall code (排污口编码, HJ 1235), NULL until assigned';
COMMENT ON COLUMN @extschema@.outfall_map.name IS 'standard name (规范名称), else the name the survey recorded';
COMMENT ON COLUMN @extschema@.outfall_map.survey_id IS 'the survey''s own id for the outfall';
COMMENT ON COLUMN @extschema@.outfall_map.category IS 'category id (HJ 1312), NULL while unknown';
COMMENT ON COLUMN @extschema@.outfall_map.category_zh IS 'the category''s Chinese name';
COMMENT ON COLUMN @extschema@.outfall_map.status IS 'lifecycle state (outfall.state); sorts in lifecycle order';
COMMENT ON COLUMN @extschema@.outfall_map.status_zh IS 'the state''s Chinese name (排查, 监测, …)';
COMMENT ON COLUMN @extschema@.outfall_map.division IS 'township code (乡镇/街道, 9 digits); filter a province, city or county with LIKE ''652301%'' (indexed)';
COMMENT ON COLUMN @extschema@.outfall_map.division_name IS 'the township''s name';
COMMENT ON COLUMN @extschema@.outfall_map.county IS 'county code (区县, 6 digits), or the city''s for cities without counties (indexed)';
COMMENT ON COLUMN @extschema@.outfall_map.county_name IS 'the county''s name';
COMMENT ON COLUMN @extschema@.outfall_map.water_body IS 'receiving water body code (受纳水体, HJ 932)';
COMMENT ON COLUMN @extschema@.outfall_map.water_body_name IS 'the receiving water body''s name';
COMMENT ON COLUMN @extschema@.outfall_map.required_action IS
    'what the plans require by where the outfall is (outfall.required_actions): ban, plan_instead_of_ban, merge, standardize or undetermined';
COMMENT ON COLUMN @extschema@.outfall_map.action_zone IS 'the zone that decided the required action, if one did';
COMMENT ON COLUMN @extschema@.outfall_map.action_reason IS 'why, in Chinese';
COMMENT ON COLUMN @extschema@.outfall_map.in_key_area IS
    'in the key survey area (重点区域): in a key-area zone, or on the water surface of the river one runs along (as outfall.in_key_area)';
COMMENT ON COLUMN @extschema@.outfall_map.zone_names IS 'the names of the zones the outfall is in, strictest first; empty if none';
COMMENT ON COLUMN @extschema@.outfall_map.zone_kinds IS 'the kinds (outfall.zone_kind) of those zones, in the same order';
COMMENT ON COLUMN @extschema@.outfall_map.zones IS 'the zones as a label: 名称（类型）、…; NULL if none';
COMMENT ON COLUMN @extschema@.outfall_map.geom IS 'location, CGCS2000 longitude/latitude (EPSG 4490); NULL if not located';

CREATE VIEW @extschema@.zone_map AS
SELECT z.id,
       z.kind,
       k.name_zh AS kind_zh,
       k.name_en AS kind_en,
       k.effect,
       z.name,
       z.code,
       z.level,
       z.valid_from,
       z.due_on,
       z.water_body,
       w.name AS water_body_name,
       n.outfalls,
       round((ST_Area(z.geom::geography) / 1e6)::numeric, 3) AS area_km2,
       z.geom
  FROM @extschema@.zone z
  JOIN @extschema@.zone_kind k ON k.kind = z.kind
  LEFT JOIN @extschema@.water_body w ON w.code = z.water_body
  LEFT JOIN LATERAL (SELECT count(*) AS outfalls FROM @extschema@.outfall_zone m WHERE m.zone_id = z.id) n ON true;
COMMENT ON VIEW @extschema@.zone_map IS
    'GIS layer of the priority zones: one row per zone (key: id), geometry(MultiPolygon, 4490), with kind, effect, dates and member count';
COMMENT ON COLUMN @extschema@.zone_map.id IS 'the zone''s id: the unique key a GIS needs';
COMMENT ON COLUMN @extschema@.zone_map.kind IS 'kind of zone (outfall.zone_kind)';
COMMENT ON COLUMN @extschema@.zone_map.kind_zh IS 'the kind''s Chinese name';
COMMENT ON COLUMN @extschema@.zone_map.kind_en IS 'the kind''s English name';
COMMENT ON COLUMN @extschema@.zone_map.effect IS 'what the zone means for an outfall inside: key_area, ban, park or sewer';
COMMENT ON COLUMN @extschema@.zone_map.name IS 'the zone''s name';
COMMENT ON COLUMN @extschema@.zone_map.code IS 'the designation''s own code, if it has one';
COMMENT ON COLUMN @extschema@.zone_map.level IS 'who designated it: national, provincial, city or county';
COMMENT ON COLUMN @extschema@.zone_map.valid_from IS 'when the zone was designated';
COMMENT ON COLUMN @extschema@.zone_map.due_on IS 'for a key area: the date by which its outfalls are to be surveyed';
COMMENT ON COLUMN @extschema@.zone_map.water_body IS 'for a river corridor: the code of the river it runs along';
COMMENT ON COLUMN @extschema@.zone_map.water_body_name IS 'that river''s name';
COMMENT ON COLUMN @extschema@.zone_map.outfalls IS 'how many outfalls lie in the zone (its boundary counts as inside)';
COMMENT ON COLUMN @extschema@.zone_map.area_km2 IS 'area in km² on the ellipsoid, to three decimals';
COMMENT ON COLUMN @extschema@.zone_map.geom IS 'boundary, CGCS2000 longitude/latitude (EPSG 4490)';

-- The outfalls as a GeoJSON FeatureCollection for a web map: those of a
-- division and everything below it, on a water body, in a state (NULL: any),
-- in id order, at most max_features of them; numberMatched says how many
-- there were, numberReturned how many came.
CREATE FUNCTION @extschema@.geojson(division @extschema@.division_code DEFAULT NULL,
                                    water_body text DEFAULT NULL,
                                    status @extschema@.state DEFAULT NULL,
                                    max_features integer DEFAULT 10000)
    RETURNS jsonb
    LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT
    -- the plan's cost is thousands of index probes, which JIT compilation
    -- does not speed up but delays by a second or more
    SET jit = off
AS $$
DECLARE
    wb text := upper(btrim(geojson.water_body));
    up division;
    named text;
    filter text := 'true';
    matched bigint;
    returned bigint;
    features jsonb;
BEGIN
    IF geojson.division IS NOT NULL AND NOT division_exists(geojson.division) THEN
        SELECT * INTO up FROM division p WHERE p.code = parent(geojson.division);
        RAISE EXCEPTION 'division % is not in outfall.division', geojson.division
            USING ERRCODE = 'foreign_key_violation',
                  HINT = CASE WHEN up.code IS NOT NULL
                         THEN format('Expected a province, city, county or township code listed there; those under %s (%s): SELECT code, name FROM outfall.division WHERE parent = ''%s''.',
                                     up.code, up.name, up.code)
                         ELSE 'Expected a province, city, county or township code listed there.' END;
    END IF;
    IF geojson.water_body IS NOT NULL AND NOT EXISTS (SELECT FROM water_body w WHERE w.code = wb) THEN
        SELECT string_agg(format('%s (%s)', w.code, w.name), ', ' ORDER BY w.code) INTO named
          FROM water_body w WHERE w.name = btrim(geojson.water_body);
        RAISE EXCEPTION 'water body "%" is not in outfall.water_body', geojson.water_body
            USING ERRCODE = 'foreign_key_violation',
                  HINT = coalesce('Expected its code: ' || named || '.',
                                  'Expected the code (HJ 932) of a water body listed there.');
    END IF;
    IF max_features IS NULL OR max_features < 1 THEN
        RAISE EXCEPTION 'max_features % is not a positive number of features', coalesce(max_features::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- only the filters given, with their values as constants of a one-off
    -- plan ("division <@ a constant" is a range scan of outfall_division_idx)
    IF geojson.division IS NOT NULL THEN
        filter := filter || ' AND o.division <@ $1';
    END IF;
    IF geojson.water_body IS NOT NULL THEN
        filter := filter || ' AND o.water_body = $2';
    END IF;
    IF geojson.status IS NOT NULL THEN
        filter := filter || ' AND o.status = $3';
    END IF;
    EXECUTE 'SELECT count(*) FROM outfall o WHERE ' || filter
        INTO matched
        USING geojson.division, wb, geojson.status;
    EXECUTE format($q$
        SELECT coalesce(jsonb_agg(f.feature ORDER BY f.id), '[]'), count(*)
          FROM (SELECT m.id,
                       jsonb_build_object(
                           'type', 'Feature',
                           'id', m.id,
                           'geometry', ST_AsGeoJSON(m.geom, 7, 0)::jsonb,
                           'properties', jsonb_build_object(
                               'id', m.id, 'code', m.code, 'name', m.name, 'survey_id', m.survey_id,
                               'category', m.category, 'category_zh', m.category_zh,
                               'status', m.status, 'status_zh', m.status_zh,
                               'division', m.division, 'division_name', m.division_name,
                               'county', m.county, 'county_name', m.county_name,
                               'water_body', m.water_body, 'water_body_name', m.water_body_name,
                               'required_action', m.required_action, 'action_zone', m.action_zone,
                               'action_reason', m.action_reason, 'in_key_area', m.in_key_area,
                               'zone_names', m.zone_names, 'zone_kinds', m.zone_kinds, 'zones', m.zones)) AS feature
                  FROM outfall_map m
                 WHERE m.id IN (SELECT o.id FROM outfall o WHERE %s ORDER BY o.id LIMIT $4)) f$q$, filter)
        INTO features, returned
        USING geojson.division, wb, geojson.status, max_features;
    RETURN jsonb_build_object(
        'type', 'FeatureCollection',
        'crs', jsonb_build_object('type', 'name', 'properties', jsonb_build_object('name', 'urn:ogc:def:crs:EPSG::4490')),
        'numberMatched', matched,
        'numberReturned', returned,
        'features', features);
END;
$$;
COMMENT ON FUNCTION @extschema@.geojson(@extschema@.division_code, text, @extschema@.state, integer) IS
    'the outfalls as a GeoJSON FeatureCollection (EPSG 4490) for a web map: of a division and everything below it, on a water body, in a state (NULL: any), at most max_features in id order; numberMatched and numberReturned tell whether it was cut';
