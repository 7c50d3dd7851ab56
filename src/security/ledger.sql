-- The ledger under row-level security.  Each event now carries the division
-- of the outfall it belongs to, so that a role sees the history of its own
-- area, and that history stays visible after an outfall moves or is
-- deleted.  The trigger that writes the ledger runs as the registry's owner
-- (SECURITY DEFINER): no registry role may insert into the ledger itself,
-- so an event cannot be forged, and the actor is the acting role, not
-- whatever CURRENT_USER a caller arranged.

ALTER TABLE @extschema@.ledger ADD COLUMN division @extschema@.division_code;
COMMENT ON COLUMN @extschema@.ledger.division IS
    'the township of the outfall the change belongs to (NULL for parties); row-level security reads it';
COMMENT ON COLUMN @extschema@.ledger.actor IS
    'the role that made the change (outfall.acting_role(): the role set with SET ROLE, else the login role)';
ALTER TABLE @extschema@.ledger ADD COLUMN login name;
COMMENT ON COLUMN @extschema@.ledger.login IS
    'the login role of the session that made the change (SESSION_USER), whatever role it had set; NULL before 0.6';
CREATE INDEX ledger_division_idx ON @extschema@.ledger (division);

-- Events written before the column existed: the outfall's township now,
-- else (a deleted outfall) the one its registration recorded.
ALTER TABLE @extschema@.ledger DISABLE TRIGGER ledger_append_only;
UPDATE @extschema@.ledger l
   SET division = coalesce((SELECT o.division FROM @extschema@.outfall o WHERE o.id = l.outfall_id),
                           (SELECT (i.new ->> 'division')::@extschema@.division_code
                              FROM @extschema@.ledger i
                             WHERE i.entity = 'outfall' AND i.entity_id = l.outfall_id AND i.op = 'insert'
                             ORDER BY i.id DESC LIMIT 1))
 WHERE l.outfall_id IS NOT NULL;
ALTER TABLE @extschema@.ledger ENABLE TRIGGER ledger_append_only;

-- The ledger's trigger runs as the owner, so what it calls is pinned too:
-- an outfall as the ledger writes it, with PostGIS named by its schema
-- (found here, once, from pg_extension) instead of through search_path.
DO $$
BEGIN
    EXECUTE pg_catalog.format($f$
CREATE OR REPLACE FUNCTION @extschema@.ledger_row(r @extschema@.outfall) RETURNS jsonb
    LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
AS $b$
DECLARE
    g %1$I.geometry := r.geom;
BEGIN
    r.geom := NULL;
    RETURN pg_catalog.to_jsonb(r) OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object('geom',
        CASE WHEN g IS NOT NULL THEN
            %1$I.st_asgeojson(g, 15, 0)::pg_catalog.jsonb
            OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object('crs', pg_catalog.jsonb_build_object('type', 'name',
                                    'properties', pg_catalog.jsonb_build_object('name',
                                        'EPSG:' OPERATOR(pg_catalog.||) %1$I.st_srid(g)::pg_catalog.text)))
        END);
END;
$b$
$f$, (SELECT n.nspname FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n
        ON n.oid OPERATOR(pg_catalog.=) e.extnamespace
       WHERE e.extname OPERATOR(pg_catalog.=) 'postgis'::pg_catalog.name));
END;
$$;

CREATE OR REPLACE FUNCTION @extschema@.ledger_record() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    o jsonb;
    n jsonb;
    changed_old jsonb;
    changed_new jsonb;
    id_col text := TG_ARGV[0];
    outfall_id bigint;
    township @extschema@.division_code;
    kind text;
    reason text;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        o := @extschema@.ledger_row(OLD);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        n := @extschema@.ledger_row(NEW);
    END IF;
    IF id_col <> '' THEN
        outfall_id := (coalesce(n, o) ->> id_col)::bigint;
        IF TG_TABLE_NAME = 'outfall' THEN
            township := (coalesce(n, o) ->> 'division')::@extschema@.division_code;
        ELSE
            SELECT f.division INTO township FROM @extschema@.outfall f WHERE f.id = outfall_id;
        END IF;
    END IF;
    IF TG_OP = 'INSERT' THEN
        kind := 'insert';
        changed_new := n;
    ELSIF TG_OP = 'DELETE' THEN
        kind := 'delete';
        changed_old := o;
    ELSE
        -- an update keeps the columns that changed; one that changes nothing is no event
        SELECT pg_catalog.jsonb_object_agg(e.key, o -> e.key), pg_catalog.jsonb_object_agg(e.key, e.value)
          INTO changed_old, changed_new
          FROM pg_catalog.jsonb_each(n) e
         WHERE (o -> e.key) IS DISTINCT FROM e.value;
        IF changed_new IS NULL THEN
            RETURN NEW;
        END IF;
        kind := 'update';
        IF TG_TABLE_NAME = 'outfall' AND changed_new ? 'status' THEN
            reason := nullif(pg_catalog.current_setting('outfall.reopen_reason', true), '');
            IF reason IS NOT NULL THEN
                kind := 'reopen';
            END IF;
        END IF;
    END IF;
    INSERT INTO @extschema@.ledger (happened_at, actor, login, entity, entity_id, outfall_id, division, op, old, new, note)
    VALUES (@extschema@.event_time(), @extschema@.acting_role(), SESSION_USER, TG_TABLE_NAME,
            (coalesce(n, o) ->> 'id')::bigint, outfall_id, township, kind, changed_old, changed_new, reason);
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END;
$$;
