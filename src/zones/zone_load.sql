-- Loading zones: every boundary is checked before it is stored.  A wrong
-- SRID, an empty or non-polygonal geometry, coordinates outside China or
-- with latitude and longitude swapped are refused with the value and what
-- was expected; an invalid polygon (self-intersecting, say) is repaired
-- with ST_MakeValid and a notice says so.  A sheet of zones loads whole or
-- not at all.

CREATE FUNCTION @extschema@.zone_geometry(g geometry, label text DEFAULT 'zone')
    RETURNS geometry
    LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT
AS $$
DECLARE
    kind text;
    reason text;
    repaired geometry;
BEGIN
    IF g IS NULL THEN
        RAISE EXCEPTION '%: no boundary geometry', label
            USING ERRCODE = 'not_null_violation', HINT = 'A zone needs a polygon or multipolygon in EPSG 4490.';
    END IF;
    IF ST_SRID(g) <> 4490 THEN
        RAISE EXCEPTION '%: geometry has SRID %, expected 4490 (CGCS2000 longitude/latitude)', label, ST_SRID(g)
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = CASE WHEN ST_SRID(g) IN (0, 4326)
                         THEN 'If the coordinates are CGCS2000 longitude/latitude already (WGS 84 readings differ by centimetres), use ST_SetSRID(geom, 4490).'
                         ELSE 'Transform it first: ST_Transform(geom, 4490).' END;
    END IF;
    IF ST_IsEmpty(g) THEN
        RAISE EXCEPTION '%: geometry is empty, expected a polygon or multipolygon', label
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    kind := GeometryType(g);
    IF kind = 'GEOMETRYCOLLECTION' AND NOT ST_IsEmpty(ST_CollectionExtract(g, 3))
       AND ST_NumGeometries(ST_CollectionExtract(g, 3)) = ST_NumGeometries(g) THEN
        g := ST_CollectionExtract(g, 3);
        kind := GeometryType(g);
    END IF;
    IF kind LIKE '%LINESTRING' THEN
        RAISE EXCEPTION '%: geometry is a %, expected a polygon or multipolygon', label, kind
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'For a river''s corridor use outfall.build_corridor(water_body, width_m).';
    END IF;
    IF kind NOT IN ('POLYGON', 'MULTIPOLYGON') THEN
        RAISE EXCEPTION '%: geometry is a %, expected a polygon or multipolygon', label, kind
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT (ST_XMin(g) >= 73 AND ST_XMax(g) <= 136 AND ST_YMin(g) >= 3 AND ST_YMax(g) <= 54) THEN
        IF ST_XMin(g) >= 3 AND ST_XMax(g) <= 54 AND ST_YMin(g) >= 73 AND ST_YMax(g) <= 136 THEN
            RAISE EXCEPTION '%: x runs % to % and y % to %: latitude and longitude are swapped', label,
                    round(ST_XMin(g)::numeric, 4), round(ST_XMax(g)::numeric, 4),
                    round(ST_YMin(g)::numeric, 4), round(ST_YMax(g)::numeric, 4)
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'x is longitude (73 to 136), y latitude (3 to 54); ST_FlipCoordinates(geom) swaps them.';
        END IF;
        RAISE EXCEPTION '%: longitude % to %, latitude % to % is outside China (expected longitude 73 to 136, latitude 3 to 54)', label,
                round(ST_XMin(g)::numeric, 4), round(ST_XMax(g)::numeric, 4),
                round(ST_YMin(g)::numeric, 4), round(ST_YMax(g)::numeric, 4)
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Projected coordinates (metres) must be transformed to EPSG 4490 first.';
    END IF;
    g := ST_Force2D(g);
    -- (ST_IsValid would add a notice of its own with the same reason)
    IF NOT (ST_IsValidDetail(g)).valid THEN
        reason := ST_IsValidReason(g);
        repaired := ST_CollectionExtract(ST_MakeValid(g, 'method=structure'), 3);
        IF ST_IsEmpty(repaired) OR ST_Area(repaired) = 0 THEN
            RAISE EXCEPTION '%: geometry is invalid (%) and no area is left after repair', label, reason
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        RAISE NOTICE '%: geometry was invalid (%); repaired with ST_MakeValid: % km² before, % km² after', label, reason,
            round((ST_Area(g::geography) / 1e6)::numeric, 3), round((ST_Area(repaired::geography) / 1e6)::numeric, 3);
        g := repaired;
    END IF;
    RETURN ST_Multi(g);
END;
$$;
COMMENT ON FUNCTION @extschema@.zone_geometry(geometry, text) IS
    'a zone boundary checked and made a MultiPolygon in EPSG 4490: wrong SRID, empty, not polygonal, outside China or lat/lon swapped are refused; invalid polygons are repaired with a notice';

CREATE FUNCTION @extschema@.zone_check() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT
AS $$
BEGIN
    NEW.geom := zone_geometry(NEW.geom, format('zone "%s"', NEW.name));
    RETURN NEW;
END;
$$;
COMMENT ON FUNCTION @extschema@.zone_check() IS 'trigger: checks (and repairs) a zone''s boundary before it is stored';
CREATE TRIGGER zone_check BEFORE INSERT OR UPDATE OF geom ON @extschema@.zone
    FOR EACH ROW EXECUTE FUNCTION @extschema@.zone_check();

CREATE FUNCTION @extschema@.zone_kind_check(k text, label text) RETURNS void
    LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT
AS $$
BEGIN
    IF k IS NULL OR NOT EXISTS (SELECT FROM zone_kind WHERE kind = k) THEN
        RAISE EXCEPTION '%: zone kind % is not known', label, coalesce(quote_literal(k), 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Expected one of: ' || (SELECT string_agg(kind, ', ' ORDER BY effect, strictness, kind) FROM zone_kind) || '.';
    END IF;
END;
$$;
COMMENT ON FUNCTION @extschema@.zone_kind_check(text, text) IS 'refuses a zone kind that outfall.zone_kind does not list';

CREATE FUNCTION @extschema@.add_zone(kind text, name text, geom geometry,
                                     code text DEFAULT NULL, level text DEFAULT NULL,
                                     source text DEFAULT NULL, valid_from date DEFAULT NULL,
                                     due_on date DEFAULT NULL, water_body text DEFAULT NULL)
    RETURNS bigint
    LANGUAGE plpgsql SET search_path FROM CURRENT
AS $$
DECLARE
    label text := format('zone "%s"', add_zone.name);
    id bigint;
BEGIN
    PERFORM zone_kind_check(add_zone.kind, label);
    INSERT INTO zone AS z (kind, name, code, level, source, valid_from, due_on, water_body, geom)
    VALUES (add_zone.kind, add_zone.name, add_zone.code, add_zone.level, add_zone.source,
            add_zone.valid_from, add_zone.due_on, add_zone.water_body, zone_geometry(add_zone.geom, label))
    RETURNING z.id INTO id;
    RETURN id;
END;
$$;
COMMENT ON FUNCTION @extschema@.add_zone(text, text, geometry, text, text, text, date, date, text) IS
    'adds one zone from any polygonal geometry in EPSG 4490 (checked, repaired if invalid); returns its id';

-- A sheet of zones to load: CREATE TABLE my_zones (LIKE outfall.zone_sheet),
-- fill it (COPY, ogr2ogr, shp2pgsql), then SELECT * FROM outfall.import_zones('my_zones').
CREATE TABLE @extschema@.zone_sheet (
    line       bigint GENERATED BY DEFAULT AS IDENTITY,
    kind       text,
    name       text,
    code       text,
    level      text,
    source     text,
    valid_from date,
    due_on     date,
    water_body text,
    geom       geometry
);
COMMENT ON TABLE @extschema@.zone_sheet IS
    'template of a sheet of zones for outfall.import_zones: CREATE TABLE my_zones (LIKE outfall.zone_sheet INCLUDING ALL)';

CREATE FUNCTION @extschema@.import_zones(sheet regclass)
    RETURNS TABLE (line bigint, zone_id bigint, name text, repaired boolean)
    LANGUAGE plpgsql SET search_path FROM CURRENT
AS $$
DECLARE
    r record;
    srids text;
    problems text[] := '{}';
    total integer := 0;
    g geometry;
    label text;
    lines bigint[] := '{}';
    geoms geometry[] := '{}';
    fixed boolean[] := '{}';
BEGIN
    EXECUTE format('SELECT string_agg(format(''%%s (%%s rows)'', s, n), '', '' ORDER BY n DESC, s)
                      FROM (SELECT ST_SRID(geom) AS s, count(*) AS n FROM %s WHERE geom IS NOT NULL GROUP BY 1) x
                    HAVING count(*) > 1', sheet)
        INTO srids;
    IF srids IS NOT NULL THEN
        RAISE EXCEPTION 'sheet %: mixes SRIDs %; expected every boundary in 4490 (CGCS2000 longitude/latitude)', sheet, srids
            USING ERRCODE = 'invalid_parameter_value', DETAIL = 'Nothing was loaded.';
    END IF;
    -- with how many rows share the line number, and the first line with the code
    FOR r IN EXECUTE format('SELECT line, kind, name, code, level, source, valid_from, due_on, water_body, geom,
                                    count(*) OVER (PARTITION BY line) AS same_line,
                                    min(line) OVER (PARTITION BY code) AS first_with_code
                               FROM %s ORDER BY line, name', sheet)
    LOOP
        total := total + 1;
        label := format('line %s (%s)', coalesce(r.line::text, '?'), coalesce(r.name, 'no name'));
        BEGIN
            IF r.line IS NULL THEN
                RAISE EXCEPTION '%: no line number', label USING ERRCODE = 'not_null_violation';
            END IF;
            IF r.same_line > 1 THEN
                RAISE EXCEPTION '%: % rows of the sheet have line number %', label, r.same_line, r.line
                    USING ERRCODE = 'unique_violation';
            END IF;
            IF r.name IS NULL OR btrim(r.name) = '' THEN
                RAISE EXCEPTION '%: no name', label USING ERRCODE = 'not_null_violation';
            END IF;
            PERFORM zone_kind_check(r.kind, label);
            IF r.level IS NOT NULL AND r.level NOT IN ('national', 'provincial', 'city', 'county') THEN
                RAISE EXCEPTION '%: level "%" is not national, provincial, city or county', label, r.level
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            IF r.water_body IS NOT NULL AND NOT EXISTS (SELECT FROM water_body w WHERE w.code = r.water_body) THEN
                RAISE EXCEPTION '%: water body % is not in outfall.water_body', label, r.water_body
                    USING ERRCODE = 'foreign_key_violation';
            END IF;
            IF r.code IS NOT NULL AND btrim(r.code) = '' THEN
                RAISE EXCEPTION '%: zone code is blank', label USING ERRCODE = 'invalid_parameter_value';
            END IF;
            IF r.code IS NOT NULL AND EXISTS (SELECT FROM zone z WHERE z.code = r.code) THEN
                RAISE EXCEPTION '%: zone code % is already loaded', label, r.code
                    USING ERRCODE = 'unique_violation';
            END IF;
            IF r.code IS NOT NULL AND r.first_with_code < r.line THEN
                RAISE EXCEPTION '%: zone code % is on line % too', label, r.code, r.first_with_code
                    USING ERRCODE = 'unique_violation';
            END IF;
            g := zone_geometry(r.geom, label);
            lines := lines || r.line;
            geoms := geoms || g;
            -- repaired: not as given (compared vertex by vertex: GEOS
            -- cannot compare an invalid polygon)
            fixed := fixed || NOT ST_OrderingEquals(g, ST_Multi(ST_Force2D(
                CASE WHEN GeometryType(r.geom) = 'GEOMETRYCOLLECTION' THEN ST_CollectionExtract(r.geom, 3) ELSE r.geom END)));
        EXCEPTION WHEN invalid_parameter_value OR not_null_violation OR foreign_key_violation OR unique_violation THEN
            problems := problems || SQLERRM;
        END;
    END LOOP;
    IF total = 0 THEN
        RAISE EXCEPTION 'sheet %: has no rows', sheet USING ERRCODE = 'no_data_found';
    END IF;
    IF cardinality(problems) > 0 THEN
        RAISE EXCEPTION 'sheet %: % of % zones refused, nothing loaded; first: %', sheet, cardinality(problems), total, problems[1]
            USING ERRCODE = 'invalid_parameter_value', DETAIL = array_to_string(problems, E'\n');
    END IF;
    RETURN QUERY EXECUTE format(
        'WITH numbered AS MATERIALIZED (
             SELECT c.line, c.geom, c.repaired, nextval(pg_get_serial_sequence(%L, ''id'')) AS id
               FROM unnest($1, $2, $3) AS c(line, geom, repaired) ORDER BY c.line),
              ins AS (INSERT INTO %s.zone (id, kind, name, code, level, source, valid_from, due_on, water_body, geom)
                      SELECT n.id, s.kind, s.name, s.code, s.level, s.source, s.valid_from, s.due_on, s.water_body, n.geom
                        FROM %s s JOIN numbered n ON n.line = s.line
                      RETURNING 1)
         SELECT n.line, n.id, s.name, n.repaired
           FROM numbered n JOIN %s s ON s.line = n.line
          WHERE (SELECT count(*) FROM ins) > 0
          ORDER BY n.line', '@extschema@.zone', '@extschema@', sheet, sheet)
        USING lines, geoms, fixed;
END;
$$;
COMMENT ON FUNCTION @extschema@.import_zones(regclass) IS
    'loads a sheet of zones (LIKE outfall.zone_sheet) whole or not at all: every refused line is listed; invalid polygons are repaired with a notice';
