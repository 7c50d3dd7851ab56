-- River corridors: the landward band along both banks of a river, of a
-- width in metres.  Distances are measured in the CGCS2000 3-degree
-- Gauss–Krüger projection of the river's own longitude (EPSG 4534 to 4554);
-- a river that crosses several 3-degree strips is buffered piece by piece,
-- each piece in its own strip, and the pieces joined, so that a metre is a
-- metre at 44° north as at 23°.  Within a strip the projection's scale error
-- is under 0.03%, 0.3 m in a kilometre.

CREATE FUNCTION @extschema@.gauss_kruger_srid(longitude double precision) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN 4534 + least(20, greatest(0, round((longitude - 75) / 3)::integer));
COMMENT ON FUNCTION @extschema@.gauss_kruger_srid(double precision) IS
    'the CGCS2000 3-degree Gauss–Krüger projection (EPSG 4534 = CM 75E … 4554 = CM 135E) whose strip holds a longitude';

-- A geometry in EPSG 4490 grown by a distance in metres, strip by strip.
-- Its edges are straight in longitude/latitude, as every test of a point
-- against a zone takes them; projected, such an edge is a curve, so each
-- piece is first cut into edges of at most 0.005° (about 500 m), whose
-- chords in the projection stray from it by millimetres, not the metres a
-- long edge would (5 m midway along 0.2° of a parallel at 44° north).
CREATE FUNCTION @extschema@.buffer_metres(g geometry, distance_m double precision)
    RETURNS geometry
    LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path FROM CURRENT
AS $$
DECLARE
    cm integer;
    strip geometry;
    piece geometry;
    srid integer;
    parts geometry[] := '{}';
BEGIN
    FOR cm IN SELECT generate_series(75 + 3 * greatest(0, round((ST_XMin(g) - 75) / 3)::integer),
                                     75 + 3 * least(20, round((ST_XMax(g) - 75) / 3)::integer), 3)
    LOOP
        strip := ST_MakeEnvelope(cm - 1.5, -90, cm + 1.5, 90, 4490);
        IF cm = 75 THEN strip := ST_MakeEnvelope(-180, -90, cm + 1.5, 90, 4490); END IF;
        IF cm = 135 THEN strip := ST_MakeEnvelope(cm - 1.5, -90, 180, 90, 4490); END IF;
        piece := ST_Intersection(g, strip);
        CONTINUE WHEN ST_IsEmpty(piece);
        srid := 4534 + (cm - 75) / 3;
        parts := parts || ST_Transform(
            ST_Segmentize(ST_Buffer(ST_Transform(ST_Segmentize(piece, 0.005), srid), distance_m, 'quad_segs=16'), 500),
            4490);
    END LOOP;
    RETURN ST_UnaryUnion(ST_Collect(parts));
END;
$$;
COMMENT ON FUNCTION @extschema@.buffer_metres(geometry, double precision) IS
    'a geometry in EPSG 4490 grown by a distance in metres, measured in the Gauss–Krüger strip of each piece';

CREATE FUNCTION @extschema@.build_corridor(water_body text, width_m double precision DEFAULT 1000,
                                           river_width_m double precision DEFAULT 0)
    RETURNS geometry
    LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT
AS $$
DECLARE
    w water_body;
    band geometry;
    surface geometry;
BEGIN
    SELECT * INTO w FROM water_body b WHERE b.code = build_corridor.water_body;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'water body % is not in outfall.water_body', coalesce(build_corridor.water_body, 'NULL')
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF w.geom IS NULL THEN
        RAISE EXCEPTION 'water body % (%) has no geometry to build a corridor from', w.code, w.name
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Set outfall.water_body.geom to its centre line (MultiLineString) or water surface (MultiPolygon).';
    END IF;
    IF width_m IS NULL OR NOT (width_m > 0 AND width_m <= 50000) THEN
        RAISE EXCEPTION 'corridor width % m: expected more than 0 and at most 50,000 m', coalesce(width_m::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF river_width_m IS NULL OR NOT (river_width_m >= 0 AND river_width_m <= 50000) THEN
        RAISE EXCEPTION 'river width % m: expected 0 to 50,000 m', coalesce(river_width_m::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF GeometryType(w.geom) = 'MULTIPOLYGON' THEN
        -- the band is the surface grown by the width, less the surface
        surface := w.geom;
        band := buffer_metres(surface, width_m);
    ELSE
        -- a centre line: the banks are half the river's width either side
        IF river_width_m > 0 THEN
            surface := buffer_metres(w.geom, river_width_m / 2);
        END IF;
        band := buffer_metres(w.geom, river_width_m / 2 + width_m);
    END IF;
    IF surface IS NOT NULL THEN
        band := ST_Difference(band, surface);
    END IF;
    RETURN ST_Multi(ST_CollectionExtract(ST_MakeValid(band), 3));
END;
$$;
COMMENT ON FUNCTION @extschema@.build_corridor(text, double precision, double precision) IS
    'the landward band of width_m metres along both banks of a water body: from its surface (less the water) or from its centre line and river_width_m';

CREATE FUNCTION @extschema@.add_key_area(water_body text, width_m double precision DEFAULT 1000,
                                         due_on date DEFAULT NULL, river_width_m double precision DEFAULT 0,
                                         source text DEFAULT NULL)
    RETURNS bigint
    LANGUAGE plpgsql SET search_path FROM CURRENT
AS $$
DECLARE
    band geometry := build_corridor(add_key_area.water_body, width_m, river_width_m);
BEGIN
    RETURN add_zone('key_area',
                    (SELECT w.name FROM water_body w WHERE w.code = add_key_area.water_body)
                        || '岸线' || trim_scale(round((width_m / 1000)::numeric, 3)) || '千米重点区域',
                    band,
                    source => coalesce(add_key_area.source,
                                       format('outfall.build_corridor(%s, %s, %s)', add_key_area.water_body, width_m, river_width_m)),
                    due_on => add_key_area.due_on, water_body => add_key_area.water_body);
END;
$$;
COMMENT ON FUNCTION @extschema@.add_key_area(text, double precision, date, double precision, text) IS
    'adds the key survey area (重点区域) along a river: its corridor of width_m metres, with the date its outfalls are due to be surveyed';
