-- ledger: the dynamic ledger (动态管理台账), an append-only history of every
-- change to the registry.  Row triggers on the registry tables write it; it
-- cannot be updated, deleted or truncated (the refusing triggers below hold
-- for its owner too; only disabling them, which is itself logged by
-- PostgreSQL's DDL, gets round them).
--
-- happened_at is when the change took effect in the world: now(), or the
-- time an API call or a bulk import of past events sets in outfall.event_time.
-- recorded_at is always the transaction's time.  A past state is rebuilt from
-- happened_at (outfall_as_of, state_as_of).

CREATE TABLE @extschema@.ledger (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    happened_at timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    actor       name NOT NULL DEFAULT current_user,
    entity      text NOT NULL,
    entity_id   bigint NOT NULL,
    outfall_id  bigint,
    op          text NOT NULL CHECK (op IN ('insert', 'update', 'delete', 'reopen')),
    old         jsonb,
    new         jsonb,
    note        text
);
CREATE INDEX ledger_outfall_idx ON @extschema@.ledger (outfall_id, happened_at)
    WHERE outfall_id IS NOT NULL;
CREATE INDEX ledger_entity_idx ON @extschema@.ledger (entity_id, entity);
COMMENT ON TABLE @extschema@.ledger IS
    'dynamic ledger (动态管理台账): every change to outfalls, plans, parties and their records; append-only';
COMMENT ON COLUMN @extschema@.ledger.happened_at IS
    'when the change took effect (outfall.event_time if set, else the transaction time)';
COMMENT ON COLUMN @extschema@.ledger.recorded_at IS 'when the change was written (transaction time)';
COMMENT ON COLUMN @extschema@.ledger.actor IS 'the database role that made the change';
COMMENT ON COLUMN @extschema@.ledger.entity IS 'the table changed: outfall, plan, party, tracing, source, approval, signboard, verification, sample';
COMMENT ON COLUMN @extschema@.ledger.outfall_id IS 'the outfall the change belongs to (NULL for parties)';
COMMENT ON COLUMN @extschema@.ledger.old IS 'the values before: the whole row for delete, the changed columns for update';
COMMENT ON COLUMN @extschema@.ledger.new IS 'the values after: the whole row for insert, the changed columns for update';
COMMENT ON COLUMN @extschema@.ledger.note IS 'the reason given for a reopen';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.ledger', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('@extschema@.ledger', 'id'), '');

CREATE FUNCTION @extschema@.event_time() RETURNS timestamptz
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT coalesce(nullif(pg_catalog.current_setting('outfall.event_time', true), '')::timestamptz,
                    pg_catalog.now());
END;
COMMENT ON FUNCTION @extschema@.event_time() IS
    'the time changes take effect: the setting outfall.event_time if set (for past events), else now()';

CREATE FUNCTION @extschema@.ledger_refuse() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT
AS $$
BEGIN
    RAISE EXCEPTION 'the ledger (动态管理台账) is append-only: % is not allowed', lower(TG_OP)
        USING ERRCODE = 'object_not_in_prerequisite_state',
              DETAIL = 'Ledger rows record what happened; they are never changed or removed.',
              HINT = 'Correct the registry instead; the correction is recorded as a new event.';
END;
$$;
CREATE TRIGGER ledger_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON @extschema@.ledger
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.ledger_refuse();

-- A row as the ledger writes it: to_jsonb() of the row.  outfall.sql gives
-- outfalls an overload of their own (see there).
CREATE FUNCTION @extschema@.ledger_row(r anyelement) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE
    AS 'SELECT pg_catalog.to_jsonb(r)';
COMMENT ON FUNCTION @extschema@.ledger_row(anyelement) IS
    'a registry row as the ledger writes it (jsonb)';

-- The row trigger of every registry table.  TG_ARGV[0] names the column that
-- holds the outfall's id ('' for tables not tied to one outfall).  Updates
-- keep only the columns that changed; an update that changes nothing is not
-- an event.
CREATE FUNCTION @extschema@.ledger_record() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT
AS $$
DECLARE
    o jsonb;
    n jsonb;
    changed_old jsonb;
    changed_new jsonb;
    id_col text := TG_ARGV[0];
BEGIN
    IF TG_OP = 'INSERT' THEN
        n := ledger_row(NEW);
        INSERT INTO ledger (happened_at, entity, entity_id, outfall_id, op, new)
        VALUES (event_time(), TG_TABLE_NAME, (n->>'id')::bigint,
                CASE WHEN id_col <> '' THEN (n->>id_col)::bigint END, 'insert', n);
        RETURN NEW;
    ELSIF TG_OP = 'DELETE' THEN
        o := ledger_row(OLD);
        INSERT INTO ledger (happened_at, entity, entity_id, outfall_id, op, old)
        VALUES (event_time(), TG_TABLE_NAME, (o->>'id')::bigint,
                CASE WHEN id_col <> '' THEN (o->>id_col)::bigint END, 'delete', o);
        RETURN OLD;
    END IF;
    o := ledger_row(OLD);
    n := ledger_row(NEW);
    SELECT jsonb_object_agg(e.key, o -> e.key), jsonb_object_agg(e.key, e.value)
      INTO changed_old, changed_new
      FROM jsonb_each(n) e
     WHERE (o -> e.key) IS DISTINCT FROM e.value;
    IF changed_new IS NOT NULL THEN
        INSERT INTO ledger (happened_at, entity, entity_id, outfall_id, op, old, new, note)
        VALUES (event_time(), TG_TABLE_NAME, (n->>'id')::bigint,
                CASE WHEN id_col <> '' THEN (n->>id_col)::bigint END,
                CASE WHEN TG_TABLE_NAME = 'outfall'
                          AND nullif(current_setting('outfall.reopen_reason', true), '') IS NOT NULL
                          AND changed_new ? 'status'
                     THEN 'reopen' ELSE 'update' END,
                changed_old, changed_new,
                CASE WHEN TG_TABLE_NAME = 'outfall' AND changed_new ? 'status'
                     THEN nullif(current_setting('outfall.reopen_reason', true), '') END);
    END IF;
    RETURN NEW;
END;
$$;
COMMENT ON FUNCTION @extschema@.ledger_record() IS
    'row trigger writing each change of a registry table to outfall.ledger';

-- The state of one row on a past date, rebuilt from its ledger events: the
-- inserted row with each later update applied; NULL if it did not exist then.
CREATE FUNCTION @extschema@.row_as_of(entity text, entity_id bigint, at timestamptz)
    RETURNS jsonb
    LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path FROM CURRENT
AS $$
DECLARE
    e record;
    r jsonb;
BEGIN
    FOR e IN
        SELECT l.op, l.new FROM ledger l
         WHERE l.entity = row_as_of.entity AND l.entity_id = row_as_of.entity_id
           AND l.happened_at <= row_as_of.at
         ORDER BY l.happened_at, l.id
    LOOP
        r := CASE e.op WHEN 'insert' THEN e.new
                       WHEN 'delete' THEN NULL
                       ELSE r || e.new END;
    END LOOP;
    RETURN r;
END;
$$;
COMMENT ON FUNCTION @extschema@.row_as_of(text, bigint, timestamptz) IS
    'a registry row as it was at a past time, rebuilt from the ledger (jsonb; NULL if it did not exist then)';

CREATE FUNCTION @extschema@.state_as_of(outfall_id bigint, at timestamptz)
    RETURNS @extschema@.state
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT CASE WHEN l.op <> 'delete' THEN (l.new ->> 'status')::@extschema@.state END
      FROM @extschema@.ledger l
     WHERE l.outfall_id = state_as_of.outfall_id AND l.entity = 'outfall'
       AND l.happened_at <= state_as_of.at AND (l.new ? 'status' OR l.op = 'delete')
     ORDER BY l.happened_at DESC, l.id DESC
     LIMIT 1;
END;
COMMENT ON FUNCTION @extschema@.state_as_of(bigint, timestamptz) IS
    'the lifecycle state an outfall was in at a past time, from the ledger; NULL if it was not yet registered, or deleted';
