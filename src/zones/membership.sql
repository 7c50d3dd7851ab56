-- Zone membership: which zones each outfall lies in, kept current as
-- outfalls move and zones change, and the point tests built on it.

-- Zones changed in one statement: their pieces are cut again and their
-- members found again, in one pass for the whole statement.
CREATE FUNCTION @extschema@.zone_changed() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT
AS $$
DECLARE
    changed bigint[];
BEGIN
    IF TG_OP = 'UPDATE' THEN
        changed := ARRAY(SELECT n.id FROM new_zones n JOIN old_zones o ON o.id = n.id
                          WHERE NOT (n.geom ~= o.geom AND ST_Equals(n.geom, o.geom))
                         UNION
                         SELECT n.id FROM new_zones n WHERE NOT EXISTS (SELECT FROM old_zones o WHERE o.id = n.id));
        IF cardinality(changed) = 0 THEN
            RETURN NULL;
        END IF;
        DELETE FROM zone_part WHERE zone_id = ANY (changed);
        DELETE FROM outfall_zone WHERE zone_id = ANY (changed);
    ELSE
        changed := ARRAY(SELECT id FROM new_zones);
    END IF;
    INSERT INTO zone_part (zone_id, geom)
    SELECT z.id, ST_Subdivide(z.geom, zone_part_vertices()) FROM new_zones z WHERE z.id = ANY (changed);
    INSERT INTO outfall_zone (outfall_id, zone_id)
    SELECT DISTINCT o.id, p.zone_id
      FROM zone_part p
      JOIN outfall o ON ST_Intersects(o.geom, p.geom)
     WHERE p.zone_id = ANY (changed)
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;
COMMENT ON FUNCTION @extschema@.zone_changed() IS
    'trigger: cuts new or changed zones into pieces (outfall.zone_part) and finds the outfalls inside them';
CREATE TRIGGER zone_inserted AFTER INSERT ON @extschema@.zone
    REFERENCING NEW TABLE AS new_zones
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.zone_changed();
CREATE TRIGGER zone_updated AFTER UPDATE ON @extschema@.zone
    REFERENCING OLD TABLE AS old_zones NEW TABLE AS new_zones
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.zone_changed();

-- An outfall placed or moved: its zones are found again.
CREATE FUNCTION @extschema@.outfall_moved() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT
AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        DELETE FROM outfall_zone WHERE outfall_id = NEW.id;
    END IF;
    INSERT INTO outfall_zone (outfall_id, zone_id)
    SELECT DISTINCT NEW.id, p.zone_id FROM zone_part p WHERE ST_Intersects(p.geom, NEW.geom)
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;
COMMENT ON FUNCTION @extschema@.outfall_moved() IS 'trigger: finds again the zones of an outfall that was placed or moved';
CREATE TRIGGER outfall_placed AFTER INSERT ON @extschema@.outfall
    FOR EACH ROW WHEN (NEW.geom IS NOT NULL) EXECUTE FUNCTION @extschema@.outfall_moved();
CREATE TRIGGER outfall_moved AFTER UPDATE OF geom ON @extschema@.outfall
    FOR EACH ROW WHEN (OLD.geom IS DISTINCT FROM NEW.geom) EXECUTE FUNCTION @extschema@.outfall_moved();

-- Everything recomputed: the zones' pieces, then the memberships of the
-- outfalls in batches of consecutive ids.  Each batch commits, so a run that
-- is cancelled keeps every batch it finished; run it again to finish.
CREATE FUNCTION @extschema@.zone_parts_rebuild(OUT zones bigint, OUT parts bigint)
    LANGUAGE plpgsql SET search_path FROM CURRENT
AS $$
BEGIN
    DELETE FROM zone_part;
    INSERT INTO zone_part (zone_id, geom)
    SELECT z.id, ST_Subdivide(z.geom, zone_part_vertices()) FROM zone z;
    GET DIAGNOSTICS parts = ROW_COUNT;
    SELECT count(*) INTO zones FROM zone;
    ANALYZE zone_part;
END;
$$;
COMMENT ON FUNCTION @extschema@.zone_parts_rebuild() IS 'cuts every zone into pieces again (outfall.zone_part); part of outfall.refresh_zones';

CREATE FUNCTION @extschema@.zone_membership_batch(lo bigint, batch_size integer,
                                                  OUT hi bigint, OUT outfalls bigint, OUT members bigint)
    LANGUAGE plpgsql SET search_path FROM CURRENT
AS $$
BEGIN
    -- the next batch_size outfalls from id lo, however sparse the ids are
    SELECT max(id), count(*) INTO hi, outfalls
      FROM (SELECT id FROM outfall WHERE id >= lo ORDER BY id LIMIT batch_size) b;
    IF hi IS NULL THEN
        RETURN;
    END IF;
    DELETE FROM outfall_zone WHERE outfall_id BETWEEN lo AND hi;
    INSERT INTO outfall_zone (outfall_id, zone_id)
    SELECT DISTINCT o.id, p.zone_id
      FROM outfall o
      JOIN zone_part p ON ST_Intersects(p.geom, o.geom)
     WHERE o.id BETWEEN lo AND hi
    ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS members = ROW_COUNT;
END;
$$;
COMMENT ON FUNCTION @extschema@.zone_membership_batch(bigint, integer) IS
    'finds again the zones of the next batch_size outfalls from id lo; part of outfall.refresh_zones';

-- A procedure that commits cannot pin its search_path; it only calls the
-- two functions above, which do.  CALL it outside a transaction block.
CREATE PROCEDURE @extschema@.refresh_zones(batch_size integer DEFAULT 50000)
    LANGUAGE plpgsql
AS $$
DECLARE
    lo bigint := 0;
    b record;
    p record;
    total bigint;
    done bigint := 0;
    members bigint := 0;
    started timestamptz := pg_catalog.clock_timestamp();
BEGIN
    IF batch_size IS NULL OR batch_size < 1 THEN
        RAISE EXCEPTION 'batch size % is not a positive number of outfalls', coalesce(batch_size::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT * INTO p FROM @extschema@.zone_parts_rebuild();
    COMMIT;
    RAISE NOTICE 'refresh_zones: % zones cut into % pieces (% s)', p.zones, p.parts,
        pg_catalog.round(pg_catalog.date_part('epoch', pg_catalog.clock_timestamp() - started)::numeric, 1);
    SELECT pg_catalog.count(*) INTO total FROM @extschema@.outfall;
    LOOP
        SELECT * INTO b FROM @extschema@.zone_membership_batch(lo, batch_size);
        EXIT WHEN b.hi IS NULL;
        done := done + b.outfalls;
        members := members + b.members;
        COMMIT;
        RAISE NOTICE 'refresh_zones: % of % outfalls (ids up to %), % memberships (% s)', done, total, b.hi, members,
            pg_catalog.round(pg_catalog.date_part('epoch', pg_catalog.clock_timestamp() - started)::numeric, 1);
        lo := b.hi + 1;
    END LOOP;
END;
$$;
COMMENT ON PROCEDURE @extschema@.refresh_zones(integer) IS
    'recomputes zone pieces and every outfall''s zones in batches, committing each (CALL outside a transaction block); a cancelled run keeps its finished batches';

-- The zones containing a point (on the boundary counts as inside).
CREATE FUNCTION @extschema@.zones_at(point geometry)
    RETURNS TABLE (zone_id bigint, kind text, name text, effect text, code text, level text,
                   valid_from date, due_on date, water_body text)
    LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path FROM CURRENT
    -- the custom plan is no better for any point, and planning it is half the cost
    SET plan_cache_mode = force_generic_plan
    ROWS 2
AS $$
BEGIN
    IF ST_SRID(point) <> 4490 THEN
        RAISE EXCEPTION 'point % has SRID %, expected 4490 (CGCS2000 longitude/latitude)', ST_AsText(point), ST_SRID(point)
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'ST_SetSRID(geom, 4490) if the coordinates are CGCS2000 longitude/latitude already; ST_Transform(geom, 4490) otherwise.';
    END IF;
    RETURN QUERY
    SELECT z.id, z.kind, z.name, k.effect, z.code, z.level, z.valid_from, z.due_on, z.water_body
      FROM zone z JOIN zone_kind k ON k.kind = z.kind
     WHERE z.id IN (SELECT p.zone_id FROM zone_part p WHERE ST_Intersects(p.geom, point))
     ORDER BY k.effect, k.strictness, z.id;
END;
$$;
COMMENT ON FUNCTION @extschema@.zones_at(geometry) IS 'the zones containing a point in EPSG 4490 (its boundary counts as inside), strictest first';

-- In the key survey area: inside a key area's corridor, or on the water of
-- the river the corridor runs along (an outlet seen on the water surface is
-- at the bank).
CREATE FUNCTION @extschema@.in_key_area(outfall bigint) RETURNS boolean
    LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path FROM CURRENT
AS $$
BEGIN
    RETURN EXISTS (SELECT FROM outfall_zone m
                     JOIN zone z ON z.id = m.zone_id
                    WHERE m.outfall_id = in_key_area.outfall AND z.kind = 'key_area')
        OR EXISTS (SELECT FROM outfall o
                     JOIN zone z ON z.kind = 'key_area'
                     JOIN water_body w ON w.code = z.water_body
                    WHERE o.id = in_key_area.outfall
                      AND GeometryType(w.geom) = 'MULTIPOLYGON' AND ST_Intersects(w.geom, o.geom));
END;
$$;
COMMENT ON FUNCTION @extschema@.in_key_area(bigint) IS
    'whether an outfall is in the key survey area (重点区域): in a key-area zone, or on the water surface of the river one runs along';
