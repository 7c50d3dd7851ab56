-- outfall 0.1 -> 0.2: the registry.  Built from the SQL files under src/
-- that 0.2 adds; see the Makefile.

\echo Use "ALTER EXTENSION outfall UPDATE TO '0.2'" to load this file. \quit

-- Comments on the support functions of the three types (0.1 left them
-- bare), so that \df+ describes every function of the extension.  Each says
-- what it supports, read from the catalogs that point at it.

DO $$
DECLARE
    item record;
BEGIN
    FOR item IN
        SELECT t.typinput AS fn, format('input function of type %s', t.typname) AS what
          FROM pg_catalog.pg_type t WHERE t.typnamespace = '@extschema@'::regnamespace AND t.typtype = 'b'
        UNION ALL
        SELECT t.typoutput, format('output function of type %s', t.typname)
          FROM pg_catalog.pg_type t WHERE t.typnamespace = '@extschema@'::regnamespace AND t.typtype = 'b'
        UNION ALL
        SELECT t.typreceive, format('binary input function of type %s', t.typname)
          FROM pg_catalog.pg_type t WHERE t.typnamespace = '@extschema@'::regnamespace AND t.typtype = 'b'
        UNION ALL
        SELECT t.typsend, format('binary output function of type %s', t.typname)
          FROM pg_catalog.pg_type t WHERE t.typnamespace = '@extschema@'::regnamespace AND t.typtype = 'b'
        UNION ALL
        SELECT o.oprcode, format('implements operator %s for %s', o.oprname,
                                 pg_catalog.format_type(o.oprleft, NULL))
          FROM pg_catalog.pg_operator o WHERE o.oprnamespace = '@extschema@'::regnamespace
        UNION ALL
        SELECT DISTINCT ON (p.amproc) p.amproc,
               format('support function %s of the %s operator class for %s',
                      p.amprocnum, am.amname, pg_catalog.format_type(p.amproclefttype, NULL))
          FROM pg_catalog.pg_amproc p
          JOIN pg_catalog.pg_opfamily f ON f.oid = p.amprocfamily
          JOIN pg_catalog.pg_am am ON am.oid = f.opfmethod
         WHERE f.opfnamespace = '@extschema@'::regnamespace
        UNION ALL
        SELECT a.aggtransfn, format('transition function of aggregate %s', a.aggfnoid::regprocedure)
          FROM pg_catalog.pg_aggregate a JOIN pg_catalog.pg_proc ap ON ap.oid = a.aggfnoid
         WHERE ap.pronamespace = '@extschema@'::regnamespace
        UNION ALL
        SELECT o.oprrest, format('selectivity estimator of operator %s for %s', o.oprname,
                                 pg_catalog.format_type(o.oprleft, NULL))
          FROM pg_catalog.pg_operator o
          JOIN pg_catalog.pg_proc rp ON rp.oid = o.oprrest
         WHERE o.oprnamespace = '@extschema@'::regnamespace AND rp.pronamespace = '@extschema@'::regnamespace
        UNION ALL
        SELECT p.prosupport, format('planner support function of %s', p.oid::regprocedure)
          FROM pg_catalog.pg_proc p
         WHERE p.pronamespace = '@extschema@'::regnamespace AND p.prosupport <> 0
    LOOP
        IF item.fn::oid <> 0
           AND pg_catalog.obj_description(item.fn::oid, 'pg_proc') IS NULL THEN
            EXECUTE format('COMMENT ON FUNCTION %s IS %L', item.fn::regprocedure, item.what);
        END IF;
    END LOOP;
END;
$$;
-- config: the deployment's choices, as data the DBA can read and change.
-- config_key ships the known settings and their defaults; config holds what
-- this deployment changed (pg_dump keeps it).

CREATE TABLE @extschema@.config_key (
    key           text PRIMARY KEY,
    default_value text NOT NULL,
    description   text NOT NULL
);
COMMENT ON TABLE @extschema@.config_key IS 'the settings the extension knows, with their defaults';

INSERT INTO @extschema@.config_key VALUES
    ('untraceable_responsible_level', 'township',
     'where no user or owner of an outfall can be traced, the local government of this level '
     'becomes the responsible party: township (黔江, 昌吉), county (武汉, 柳城), city or province');

CREATE TABLE @extschema@.config (
    key   text PRIMARY KEY REFERENCES @extschema@.config_key,
    value text NOT NULL,
    -- refused when set, not months later when an untraceable outfall is traced
    CONSTRAINT config_untraceable_responsible_level
        CHECK (key <> 'untraceable_responsible_level' OR value IN ('township', 'county', 'city', 'province'))
);
COMMENT ON TABLE @extschema@.config IS
    'this deployment''s settings where they differ from outfall.config_key (INSERT or UPDATE a row)';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.config', '');

CREATE FUNCTION @extschema@.config_value(text) RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT coalesce(c.value, k.default_value)
      FROM @extschema@.config_key k LEFT JOIN @extschema@.config c USING (key)
     WHERE k.key = $1;
END;
COMMENT ON FUNCTION @extschema@.config_value(text) IS
    'the effective value of a setting: outfall.config, else its default in outfall.config_key';
-- The lifecycle of an outfall: 查、测、溯、治、管.  The states are an enum in
-- lifecycle order; which moves are allowed, and what each needs, are data
-- (transition, transition_requirement) read by the check in lifecycle.sql.

CREATE TYPE @extschema@.state AS ENUM (
    'found', 'monitored', 'traced', 'planned', 'rectifying', 'rectified', 'closed', 'retained');
COMMENT ON TYPE @extschema@.state IS
    'lifecycle state of an outfall, in order: found (排查) → monitored (监测) → traced (溯源) → planned (方案) → rectifying (整治中) → rectified (整治完成) → closed (销号) → retained (保留)';

CREATE TABLE @extschema@.state_label (
    state   @extschema@.state PRIMARY KEY,
    name_zh text NOT NULL,
    meaning text NOT NULL
);
COMMENT ON TABLE @extschema@.state_label IS 'the Chinese name and meaning of each lifecycle state';
INSERT INTO @extschema@.state_label VALUES
    ('found', '排查', 'found by the survey and entered in the ledger'),
    ('monitored', '监测', 'water quality and quantity sampled'),
    ('traced', '溯源', 'sources traced and the first responsible party determined'),
    ('planned', '方案', 'a rectification plan (一口一策) is on record'),
    ('rectifying', '整治中', 'rectification works under way'),
    ('rectified', '整治完成', 'banned, merged or standardized as planned'),
    ('closed', '销号', 'rectification verified and closed out'),
    ('retained', '保留', 'kept after standardization, on the list of retained outfalls');

CREATE FUNCTION @extschema@.state_name(@extschema@.state) RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT $1::text || ' (' || l.name_zh || ')' FROM @extschema@.state_label l WHERE l.state = $1;
END;
COMMENT ON FUNCTION @extschema@.state_name(@extschema@.state) IS
    'a state with its Chinese name, as messages show it: traced (溯源)';

CREATE TABLE @extschema@.requirement (
    key         text PRIMARY KEY,
    missing     text NOT NULL,
    hint        text NOT NULL
);
COMMENT ON TABLE @extschema@.requirement IS
    'what a state change can require; the check of each key is in outfall.missing_requirement()';
COMMENT ON COLUMN @extschema@.requirement.missing IS 'how the refusal names what is missing';
INSERT INTO @extschema@.requirement VALUES
    ('sample', 'no monitoring sample (监测数据) on record',
     'Record one with outfall.record_sample(code, sample).'),
    ('tracing', 'no tracing result (溯源结果) on record',
     'Record one with outfall.record_tracing(code, tracing).'),
    ('first_responsible_party', 'no first responsible party (第一责任主体)',
     'Record the user or owner with outfall.record_tracing(), or apply outfall.apply_responsible_party(id).'),
    ('plan', 'no rectification plan (一口一策) on record',
     'Record one with outfall.set_plan(code, plan).'),
    ('plan_needs_works', 'the plan does not ban, merge or standardize the outfall',
     'A plan to retain the outfall as it is goes from planned to retained.'),
    ('plan_retains_as_is', 'the plan does not retain the outfall as it is',
     'Outfalls to be banned, merged or standardized go through rectifying and rectified.'),
    ('plan_keeps_outfall', 'the plan bans or merges the outfall, so it is not kept',
     'Only standardized outfalls are retained after close-out.'),
    ('merge_target_active', 'the outfall it merges into is not active (closed, or itself banned or merged)',
     'Choose an active merge target with outfall.set_plan().'),
    ('verification', 'no verification (验收) with evidence, by an existing role, since the outfall reached its current state',
     'Give the evidence with outfall.advance(code, state, ''{"verification": ...}''), outfall.retire(code, evidence) or a row of outfall.verification.'),
    ('reopen_event', 'a closed or retained outfall is reopened only by an explicit reopen event',
     'Use outfall.reopen(code, to_state, reason).');

CREATE TABLE @extschema@.transition (
    from_state  @extschema@.state NOT NULL,
    to_state    @extschema@.state NOT NULL,
    description text NOT NULL,
    PRIMARY KEY (from_state, to_state),
    CHECK (from_state <> to_state)
);
COMMENT ON TABLE @extschema@.transition IS
    'the state changes the lifecycle allows; any other change of outfall.status is refused';

CREATE TABLE @extschema@.transition_requirement (
    from_state  @extschema@.state NOT NULL,
    to_state    @extschema@.state NOT NULL,
    requirement text NOT NULL REFERENCES @extschema@.requirement,
    PRIMARY KEY (from_state, to_state, requirement),
    FOREIGN KEY (from_state, to_state) REFERENCES @extschema@.transition ON DELETE CASCADE
);
COMMENT ON TABLE @extschema@.transition_requirement IS
    'what each allowed state change requires; all must hold';

INSERT INTO @extschema@.transition VALUES
    ('found', 'monitored', 'sampled'),
    ('monitored', 'traced', 'sources traced, first responsible party known'),
    ('traced', 'planned', 'plan on record'),
    ('planned', 'rectifying', 'works started'),
    ('planned', 'retained', 'retained as it is, verified'),
    ('rectifying', 'rectified', 'works finished'),
    ('rectified', 'closed', 'verified and closed out (销号)'),
    ('closed', 'retained', 'standardized outfall kept on the list of retained outfalls'),
    ('closed', 'rectifying', 'reopened: the rectification did not hold'),
    ('closed', 'found', 'reopened: the outfall reappeared'),
    ('retained', 'rectifying', 'reopened: the retained outfall needs rectification again'),
    ('retained', 'found', 'reopened: to be surveyed again');
INSERT INTO @extschema@.transition_requirement VALUES
    ('found', 'monitored', 'sample'),
    ('monitored', 'traced', 'tracing'),
    ('monitored', 'traced', 'first_responsible_party'),
    ('traced', 'planned', 'plan'),
    ('planned', 'rectifying', 'plan'),
    ('planned', 'rectifying', 'plan_needs_works'),
    ('planned', 'rectifying', 'merge_target_active'),
    ('planned', 'retained', 'plan'),
    ('planned', 'retained', 'plan_retains_as_is'),
    ('planned', 'retained', 'verification'),
    ('rectifying', 'rectified', 'plan'),
    ('rectifying', 'rectified', 'merge_target_active'),
    ('rectified', 'closed', 'verification'),
    ('closed', 'retained', 'plan_keeps_outfall'),
    ('closed', 'rectifying', 'reopen_event'),
    ('closed', 'found', 'reopen_event'),
    ('retained', 'rectifying', 'reopen_event'),
    ('retained', 'found', 'reopen_event');
-- category: the outfall classes of HJ 1312-2023 (table 1) and the two type
-- letters each carries in an outfall code (HJ 1235-2021).  The letters are
-- this project's assignment, documented in doc/outfall.md; the DBA may
-- change them.  Shipped rows are not dumped; rows a DBA adds are.

CREATE TABLE @extschema@.category (
    id           text PRIMARY KEY CHECK (id ~ '^[a-z_]+(\.[a-z_]+)*$'),
    level        smallint NOT NULL CHECK (level BETWEEN 1 AND 3),
    parent       text REFERENCES @extschema@.category,
    name_zh      text NOT NULL,
    name_en      text NOT NULL,
    type_letters text UNIQUE CHECK (type_letters ~ '^[A-Z]{2}$'),
    shipped      boolean NOT NULL DEFAULT false,
    CHECK ((level = 1) = (parent IS NULL))
);
COMMENT ON TABLE @extschema@.category IS
    'outfall categories (排污口分类, HJ 1312-2023): three levels; leaves carry the type letters of the outfall code';
COMMENT ON COLUMN @extschema@.category.type_letters IS
    'the two letters of the outfall code''s type segment; NULL for classes that are split further';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.category', 'WHERE NOT shipped');

INSERT INTO @extschema@.category (id, level, parent, name_zh, name_en, type_letters, shipped) VALUES
 ('industrial', 1, NULL, '工业排污口', 'industrial outfall', NULL, true),
 ('industrial.enterprise', 2, 'industrial', '工矿企业排污口', 'industrial or mining enterprise outfall', NULL, true),
 ('industrial.enterprise.factory', 3, 'industrial.enterprise', '工业企业排污口', 'industrial enterprise outfall', 'GY', true),
 ('industrial.enterprise.mine', 3, 'industrial.enterprise', '矿山排污口', 'mine outfall', 'KS', true),
 ('industrial.enterprise.tailings', 3, 'industrial.enterprise', '尾矿库排污口', 'tailings pond outfall', 'WK', true),
 ('industrial.storm', 2, 'industrial', '工矿企业雨洪排口', 'enterprise stormwater outfall', NULL, true),
 ('industrial.storm.factory', 3, 'industrial.storm', '工业企业雨洪排口', 'industrial enterprise stormwater outfall', 'GH', true),
 ('industrial.storm.mine', 3, 'industrial.storm', '矿山雨洪排口', 'mine stormwater outfall', 'KH', true),
 ('industrial.storm.tailings', 3, 'industrial.storm', '尾矿库雨洪排口', 'tailings pond stormwater outfall', 'WH', true),
 ('industrial.park_plant', 2, 'industrial', '工业及其他各类园区污水处理厂排污口', 'park treatment plant outfall', 'YQ', true),
 ('industrial.park_storm', 2, 'industrial', '工业及其他各类园区污水处理厂雨洪排口', 'park stormwater outfall', 'YH', true),
 ('town_plant', 1, NULL, '城镇污水处理厂排污口', 'town treatment plant outfall', NULL, true),
 ('town_plant.plant', 2, 'town_plant', '城镇污水处理厂排污口', 'town treatment plant outfall', 'WS', true),
 ('agricultural', 1, NULL, '农业排口', 'agricultural outfall', NULL, true),
 ('agricultural.livestock', 2, 'agricultural', '规模化畜禽养殖排污口', 'large livestock farm outfall', 'XQ', true),
 ('agricultural.aquaculture', 2, 'agricultural', '规模化水产养殖排污口', 'large aquaculture outfall', 'SC', true),
 ('other', 1, NULL, '其他排口', 'other outfall', NULL, true),
 ('other.irrigation', 2, 'other', '大中型灌区排口', 'irrigation district outlet', 'GQ', true),
 ('other.port', 2, 'other', '港口码头排口', 'port or wharf outlet', 'GK', true),
 ('other.small_livestock', 2, 'other', '规模以下畜禽养殖排污口', 'small livestock farm outfall', 'XX', true),
 ('other.small_aquaculture', 2, 'other', '规模以下水产养殖排污口', 'small aquaculture outfall', 'SX', true),
 ('other.town_domestic', 2, 'other', '城镇生活污水散排口', 'town domestic scattered outlet', 'CS', true),
 ('other.rural_plant', 2, 'other', '农村污水处理设施排污口', 'rural treatment facility outfall', 'NC', true),
 ('other.rural_domestic', 2, 'other', '农村生活污水散排口', 'rural domestic scattered outlet', 'NS', true),
 ('other.town_storm', 2, 'other', '城镇雨洪排口', 'town stormwater outfall', 'YS', true),
 ('other.misc', 2, 'other', '其他排口', 'other outlet (ditch, creek and the like)', 'QT', true);

-- An outfall's category is a leaf: a class that carries type letters.
CREATE FUNCTION @extschema@.category_by_letters(text) RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT c.id FROM @extschema@.category c WHERE c.type_letters = upper($1);
END;
COMMENT ON FUNCTION @extschema@.category_by_letters(text) IS
    'the category whose outfall codes carry these type letters, NULL if none';
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
-- water_body: receiving water bodies (受纳水体), keyed by their HJ 932
-- surface-water body code, the first segment of every outfall code.

CREATE TABLE @extschema@.water_body (
    code         text PRIMARY KEY
                 CONSTRAINT water_body_code_form CHECK (code ~ '^[A-Z0-9]{1,12}$'),
    name         text NOT NULL CHECK (btrim(name) <> ''),
    kind         text NOT NULL CHECK (kind IN ('river', 'lake', 'reservoir', 'canal', 'sea')),
    geom         geometry(Geometry, 4490)
                 CONSTRAINT water_body_geom_kind
                 CHECK (GeometryType(geom) IN ('MULTILINESTRING', 'MULTIPOLYGON')),
    is_key_river boolean NOT NULL DEFAULT false,
    target_class text CHECK (target_class IN ('I', 'II', 'III', 'IV', 'V')),
    meets_target boolean
);
CREATE INDEX water_body_geom_idx ON @extschema@.water_body USING gist (geom);
COMMENT ON TABLE @extschema@.water_body IS 'receiving water bodies (受纳水体)';
COMMENT ON COLUMN @extschema@.water_body.code IS 'surface-water body code (HJ 932): 1-12 characters A-Z, 0-9';
COMMENT ON COLUMN @extschema@.water_body.geom IS 'centre lines (MultiLineString) or water surface (MultiPolygon), CGCS2000';
COMMENT ON COLUMN @extschema@.water_body.is_key_river IS 'a key river of the plans (重点河流), e.g. 头屯河 in 昌吉';
COMMENT ON COLUMN @extschema@.water_body.target_class IS 'water-quality target class (水质目标, GB 3838): I to V';
COMMENT ON COLUMN @extschema@.water_body.meets_target IS 'whether the current water quality meets the target (NULL: not assessed)';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.water_body', '');
-- party: responsible parties (责任主体) — the enterprises, parks, plants and
-- governments behind outfalls, with their unified social credit code.

CREATE TABLE @extschema@.party (
    id       bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    name     text NOT NULL CHECK (btrim(name) <> ''),
    uscc     @extschema@.uscc UNIQUE,
    kind     text NOT NULL
             CHECK (kind IN ('enterprise', 'park', 'treatment_plant', 'government', 'other')),
    division @extschema@.division_code REFERENCES @extschema@.division,
    CONSTRAINT party_government_division CHECK (kind <> 'government' OR division IS NOT NULL)
);
CREATE UNIQUE INDEX party_government_idx ON @extschema@.party (division) WHERE kind = 'government';
CREATE INDEX party_name_idx ON @extschema@.party (name);
COMMENT ON TABLE @extschema@.party IS 'responsible parties (责任主体) of outfalls';
COMMENT ON COLUMN @extschema@.party.uscc IS 'unified social credit code (统一社会信用代码), where the party has one';
COMMENT ON COLUMN @extschema@.party.kind IS 'enterprise, park, treatment_plant, government or other';
COMMENT ON COLUMN @extschema@.party.division IS 'where the party is; for a government, the division it governs (one government each)';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.party', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('@extschema@.party', 'id'), '');

CREATE TRIGGER party_ledger AFTER INSERT OR UPDATE OR DELETE ON @extschema@.party
    FOR EACH ROW EXECUTE FUNCTION @extschema@.ledger_record('');
-- outfall: the registry of outfalls (排污口), one row each from survey to
-- close-out.  Its status moves only as lifecycle.sql allows; every change is
-- written to the ledger.

CREATE TABLE @extschema@.outfall (
    id               bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    code             @extschema@.outfall_code UNIQUE,
    survey_id        text UNIQUE CHECK (btrim(survey_id) <> ''),
    name             text,
    survey_name      text NOT NULL CHECK (btrim(survey_name) <> ''),
    category         text REFERENCES @extschema@.category,
    division         @extschema@.division_code NOT NULL REFERENCES @extschema@.division,
    geom             geometry(Point, 4490),
    water_body       text REFERENCES @extschema@.water_body ON UPDATE CASCADE,
    discharge_mode   text CHECK (discharge_mode IN ('continuous', 'intermittent', 'seasonal', 'none')),
    survey_level     smallint CHECK (survey_level BETWEEN 1 AND 3),
    found_on         date NOT NULL,
    is_legacy        boolean NOT NULL DEFAULT false,
    status           @extschema@.state NOT NULL DEFAULT 'found',
    status_since     timestamptz NOT NULL DEFAULT now(),
    owner_id         bigint REFERENCES @extschema@.party,
    user_id          bigint REFERENCES @extschema@.party,
    responsible_id   bigint REFERENCES @extschema@.party,
    responsible_rule text CHECK (responsible_rule IN ('user', 'owner', 'local_government', 'recorded')),
    CONSTRAINT outfall_division_township CHECK (@extschema@.level(division) = 4),
    CONSTRAINT outfall_location_in_china
        CHECK (ST_X(geom) BETWEEN 73 AND 136 AND ST_Y(geom) BETWEEN 3 AND 54),
    CONSTRAINT outfall_found_on_past CHECK (found_on >= '1949-10-01'),
    CONSTRAINT outfall_responsible_rule CHECK ((responsible_id IS NULL) = (responsible_rule IS NULL))
);
CREATE INDEX outfall_division_idx ON @extschema@.outfall (division);
CREATE INDEX outfall_water_body_idx ON @extschema@.outfall (water_body);
CREATE INDEX outfall_status_idx ON @extschema@.outfall (status);
CREATE INDEX outfall_geom_idx ON @extschema@.outfall USING gist (geom);
CREATE INDEX outfall_owner_idx ON @extschema@.outfall (owner_id);
CREATE INDEX outfall_user_idx ON @extschema@.outfall (user_id);
CREATE INDEX outfall_responsible_idx ON @extschema@.outfall (responsible_id);
COMMENT ON TABLE @extschema@.outfall IS 'the registry of outfalls into rivers (入河排污口)';
COMMENT ON COLUMN @extschema@.outfall.code IS 'outfall code (排污口编码, HJ 1235), unique once assigned (outfall.assign_code)';
COMMENT ON COLUMN @extschema@.outfall.survey_id IS 'the survey''s own id for the outfall; registering it twice returns the same outfall';
COMMENT ON COLUMN @extschema@.outfall.name IS 'standard name (规范名称, HJ 1235), see outfall.standard_name';
COMMENT ON COLUMN @extschema@.outfall.survey_name IS 'the name the survey recorded';
COMMENT ON COLUMN @extschema@.outfall.category IS 'category (HJ 1312), a class of outfall.category with type letters';
COMMENT ON COLUMN @extschema@.outfall.division IS 'the township (乡镇/街道) the outfall is in';
COMMENT ON COLUMN @extschema@.outfall.geom IS 'location of the outlet, CGCS2000 longitude/latitude';
COMMENT ON COLUMN @extschema@.outfall.water_body IS 'receiving water body (受纳水体)';
COMMENT ON COLUMN @extschema@.outfall.discharge_mode IS 'continuous, intermittent, seasonal or none (no discharge seen)';
COMMENT ON COLUMN @extschema@.outfall.survey_level IS 'survey level of HJ 1232-2021: 1 remote sensing, 2 field walk, 3 key-point check';
COMMENT ON COLUMN @extschema@.outfall.is_legacy IS 'predates the protected zone it lies in (historical case: plan instead of ban)';
COMMENT ON COLUMN @extschema@.outfall.status IS 'lifecycle state; changes follow outfall.transition';
COMMENT ON COLUMN @extschema@.outfall.status_since IS 'when the outfall entered its state';
COMMENT ON COLUMN @extschema@.outfall.responsible_id IS 'first responsible party (第一责任主体)';
COMMENT ON COLUMN @extschema@.outfall.responsible_rule IS 'what decided the responsible party: user, owner, local_government, or recorded by hand';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.outfall', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('@extschema@.outfall', 'id'), '');

-- An outfall as the ledger writes it.  to_jsonb() would turn the point into
-- GeoJSON through PostGIS's geometry-to-json cast, which looks the SRID up in
-- spatial_ref_sys afresh for every row — half the ledger's cost of an
-- outfall.  ST_AsGeoJSON keeps that lookup cached and writes the same JSON.
CREATE FUNCTION @extschema@.ledger_row(r @extschema@.outfall) RETURNS jsonb
    LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT
AS $$
DECLARE
    g geometry := r.geom;
BEGIN
    r.geom := NULL;
    RETURN to_jsonb(r) || jsonb_build_object('geom',
        CASE WHEN g IS NOT NULL THEN
            ST_AsGeoJSON(g, 15, 0)::jsonb
            || jsonb_build_object('crs', jsonb_build_object('type', 'name',
                                  'properties', jsonb_build_object('name', 'EPSG:' || ST_SRID(g))))
        END);
END;
$$;
COMMENT ON FUNCTION @extschema@.ledger_row(@extschema@.outfall) IS
    'an outfall as the ledger writes it (jsonb; the point as GeoJSON with its crs)';

CREATE TRIGGER outfall_ledger AFTER INSERT OR UPDATE OR DELETE ON @extschema@.outfall
    FOR EACH ROW EXECUTE FUNCTION @extschema@.ledger_record('id');

-- The six-digit division of an outfall's code: the county, or the city for
-- the townships of cities without counties (东莞 4419, 中山 4420).
CREATE FUNCTION @extschema@.code_division(@extschema@.division_code)
    RETURNS @extschema@.division_code
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN coalesce(@extschema@.county($1), @extschema@.city($1));
COMMENT ON FUNCTION @extschema@.code_division(@extschema@.division_code) IS
    'the county-level division an outfall code carries for a township: its county, or its city where there is no county';
-- tracing (溯源): each investigation of an outfall, and the pollution sources
-- (污染源) it found behind it — one outfall, one or many sources.

CREATE TABLE @extschema@.tracing (
    id         bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    outfall_id bigint NOT NULL REFERENCES @extschema@.outfall ON DELETE CASCADE,
    method     text NOT NULL
               CONSTRAINT tracing_method_document_field_or_technical
               CHECK (method IN ('document', 'field', 'technical')),
    traced_on  date NOT NULL,
    note       text
);
CREATE INDEX tracing_outfall_idx ON @extschema@.tracing (outfall_id);
COMMENT ON TABLE @extschema@.tracing IS 'tracing results (溯源结果) of outfalls';
COMMENT ON COLUMN @extschema@.tracing.method IS 'document (资料溯源), field (现场溯源) or technical (技术溯源: monitoring, dye, CCTV)';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.tracing', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('@extschema@.tracing', 'id'), '');
CREATE TRIGGER tracing_ledger AFTER INSERT OR UPDATE OR DELETE ON @extschema@.tracing
    FOR EACH ROW EXECUTE FUNCTION @extschema@.ledger_record('outfall_id');

CREATE TABLE @extschema@.source (
    id             bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    tracing_id     bigint NOT NULL REFERENCES @extschema@.tracing ON DELETE CASCADE,
    outfall_id     bigint NOT NULL REFERENCES @extschema@.outfall ON DELETE CASCADE,
    name           text NOT NULL CHECK (btrim(name) <> ''),
    kind           text NOT NULL
                   CHECK (kind IN ('industrial', 'domestic', 'agricultural', 'stormwater', 'other')),
    party_id       bigint REFERENCES @extschema@.party,
    responsibility text
);
CREATE INDEX source_outfall_idx ON @extschema@.source (outfall_id);
CREATE INDEX source_tracing_idx ON @extschema@.source (tracing_id);
CREATE INDEX source_party_idx ON @extschema@.source (party_id);
COMMENT ON TABLE @extschema@.source IS 'pollution sources (污染源) found behind outfalls';
COMMENT ON COLUMN @extschema@.source.party_id IS 'the discharging unit, where it is a party';
COMMENT ON COLUMN @extschema@.source.responsibility IS 'the unit''s share of responsibility for a shared outfall, as its permit states it';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.source', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('@extschema@.source', 'id'), '');
CREATE TRIGGER source_ledger AFTER INSERT OR UPDATE OR DELETE ON @extschema@.source
    FOR EACH ROW EXECUTE FUNCTION @extschema@.ledger_record('outfall_id');
-- sample: monitoring of water quality and quantity at an outfall (监测).
-- The indicators every plan asks for are columns; further ones are rows of
-- sample_indicator.  Samples are records in themselves (time, who), so the
-- ledger keeps their corrections and removals, not their insertion.

CREATE TABLE @extschema@.sample (
    id            bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    outfall_id    bigint NOT NULL REFERENCES @extschema@.outfall ON DELETE CASCADE,
    sampled_at    timestamptz NOT NULL,
    weather       text NOT NULL CONSTRAINT sample_weather_dry_or_wet CHECK (weather IN ('dry', 'wet')),
    flow_m3d      numeric CONSTRAINT sample_flow_m3d_not_negative CHECK (flow_m3d >= 0),
    temperature_c numeric CONSTRAINT sample_temperature_c_0_to_100 CHECK (temperature_c >= 0 AND temperature_c < 100),
    ph            numeric CONSTRAINT sample_ph_0_to_14 CHECK (ph BETWEEN 0 AND 14),
    cod_mgl       numeric CONSTRAINT sample_cod_mgl_not_negative CHECK (cod_mgl >= 0),
    nh3n_mgl      numeric CONSTRAINT sample_nh3n_mgl_not_negative CHECK (nh3n_mgl >= 0),
    tp_mgl        numeric CONSTRAINT sample_tp_mgl_not_negative CHECK (tp_mgl >= 0),
    tn_mgl        numeric CONSTRAINT sample_tn_mgl_not_negative CHECK (tn_mgl >= 0),
    sewage_seen   boolean,
    recorded_by   name NOT NULL DEFAULT current_user
);
CREATE INDEX sample_outfall_idx ON @extschema@.sample (outfall_id, sampled_at);
COMMENT ON TABLE @extschema@.sample IS 'monitoring samples (监测) at outfalls';
COMMENT ON COLUMN @extschema@.sample.weather IS 'dry (旱天) or wet (雨天) weather';
COMMENT ON COLUMN @extschema@.sample.flow_m3d IS 'flow (水量), m³/d';
COMMENT ON COLUMN @extschema@.sample.temperature_c IS 'water temperature (水温), °C';
COMMENT ON COLUMN @extschema@.sample.cod_mgl IS 'chemical oxygen demand (化学需氧量), mg/L';
COMMENT ON COLUMN @extschema@.sample.nh3n_mgl IS 'ammonia nitrogen (氨氮), mg/L';
COMMENT ON COLUMN @extschema@.sample.tp_mgl IS 'total phosphorus (总磷), mg/L';
COMMENT ON COLUMN @extschema@.sample.tn_mgl IS 'total nitrogen (总氮), mg/L';
COMMENT ON COLUMN @extschema@.sample.sewage_seen IS 'sewage seen discharging (for stormwater outfalls in dry weather: 旱天污水直排)';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.sample', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('@extschema@.sample', 'id'), '');
CREATE TRIGGER sample_ledger AFTER UPDATE OR DELETE ON @extschema@.sample
    FOR EACH ROW EXECUTE FUNCTION @extschema@.ledger_record('outfall_id');

CREATE TABLE @extschema@.sample_indicator (
    sample_id bigint NOT NULL REFERENCES @extschema@.sample ON DELETE CASCADE,
    name      text NOT NULL CHECK (btrim(name) <> ''),
    value     numeric NOT NULL CONSTRAINT sample_indicator_value_not_negative CHECK (value >= 0),
    unit      text NOT NULL CHECK (btrim(unit) <> ''),
    PRIMARY KEY (sample_id, name)
);
COMMENT ON TABLE @extschema@.sample_indicator IS
    'further indicators of a sample (e.g. 石油类, 粪大肠菌群) as name, value, unit';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.sample_indicator', '');
-- plan: one rectification plan per outfall (一口一策): what will be done
-- (the three batches 三个一批: ban, merge, standardize; or retain as it is),
-- how, by whom and by when.  Re-planning updates the row; the ledger keeps
-- every earlier version.

CREATE TABLE @extschema@.plan (
    id                 bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    outfall_id         bigint NOT NULL UNIQUE REFERENCES @extschema@.outfall ON DELETE CASCADE,
    action             text NOT NULL CHECK (action IN ('ban', 'merge', 'standardize', 'retain')),
    measures           text NOT NULL CHECK (btrim(measures) <> ''),
    responsible_unit   text NOT NULL CHECK (btrim(responsible_unit) <> ''),
    responsible_person text NOT NULL CHECK (btrim(responsible_person) <> ''),
    deadline           date NOT NULL,
    merge_target_id    bigint REFERENCES @extschema@.outfall,
    set_on             date NOT NULL DEFAULT current_date,
    CONSTRAINT plan_merge_target CHECK ((action = 'merge') = (merge_target_id IS NOT NULL)),
    CONSTRAINT plan_merge_not_self CHECK (merge_target_id <> outfall_id),
    CONSTRAINT plan_deadline_after_set CHECK (deadline >= set_on)
);
CREATE INDEX plan_merge_target_idx ON @extschema@.plan (merge_target_id);
CREATE INDEX plan_deadline_idx ON @extschema@.plan (deadline);
COMMENT ON TABLE @extschema@.plan IS 'rectification plans (一口一策), one per outfall';
COMMENT ON COLUMN @extschema@.plan.action IS 'ban (依法取缔), merge (清理合并), standardize (规范整治) or retain (retain as it is)';
COMMENT ON COLUMN @extschema@.plan.merge_target_id IS 'for a merge: the outfall it is merged into';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.plan', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('@extschema@.plan', 'id'), '');
CREATE TRIGGER plan_ledger AFTER INSERT OR UPDATE OR DELETE ON @extschema@.plan
    FOR EACH ROW EXECUTE FUNCTION @extschema@.ledger_record('outfall_id');

CREATE TABLE @extschema@.approval (
    id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    outfall_id  bigint NOT NULL REFERENCES @extschema@.outfall ON DELETE CASCADE,
    kind        text NOT NULL CHECK (kind IN ('approval', 'filing')),
    authority   text NOT NULL CHECK (btrim(authority) <> ''),
    document_no text,
    decided_on  date NOT NULL,
    published   boolean NOT NULL DEFAULT false
);
CREATE INDEX approval_outfall_idx ON @extschema@.approval (outfall_id);
COMMENT ON TABLE @extschema@.approval IS 'approvals (审核) and filings (备案) of outfalls';
COMMENT ON COLUMN @extschema@.approval.published IS 'whether it has been made public (审核、备案信息公开)';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.approval', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('@extschema@.approval', 'id'), '');
CREATE TRIGGER approval_ledger AFTER INSERT OR UPDATE OR DELETE ON @extschema@.approval
    FOR EACH ROW EXECUTE FUNCTION @extschema@.ledger_record('outfall_id');

CREATE TABLE @extschema@.signboard (
    id                bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    outfall_id        bigint NOT NULL UNIQUE REFERENCES @extschema@.outfall ON DELETE CASCADE,
    name              text,
    code              text,
    category          text,
    responsible_party text,
    supervising_unit  text,
    supervision_phone text CHECK (supervision_phone ~ '^[0-9+() -]{5,20}$'),
    installed_on      date
);
COMMENT ON TABLE @extschema@.signboard IS
    'signboards (标志牌): name, code, category, responsible party, supervising unit and supervision phone as shown on site';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.signboard', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('@extschema@.signboard', 'id'), '');
CREATE TRIGGER signboard_ledger AFTER INSERT OR UPDATE OR DELETE ON @extschema@.signboard
    FOR EACH ROW EXECUTE FUNCTION @extschema@.ledger_record('outfall_id');

CREATE TABLE @extschema@.verification (
    id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    outfall_id  bigint NOT NULL REFERENCES @extschema@.outfall ON DELETE CASCADE,
    evidence    text NOT NULL CHECK (btrim(evidence) <> ''),
    verified_by name NOT NULL DEFAULT current_user,
    verified_at timestamptz NOT NULL DEFAULT @extschema@.event_time()
);
CREATE INDEX verification_outfall_idx ON @extschema@.verification (outfall_id, verified_at);
COMMENT ON TABLE @extschema@.verification IS
    'verifications (验收) of rectification, with the evidence and the verifying role; needed for close-out (销号)';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.verification', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('@extschema@.verification', 'id'), '');
CREATE TRIGGER verification_ledger AFTER INSERT OR UPDATE OR DELETE ON @extschema@.verification
    FOR EACH ROW EXECUTE FUNCTION @extschema@.ledger_record('outfall_id');
-- The lifecycle check.  A BEFORE trigger on outfall, so that it holds for
-- direct UPDATEs as much as for the API: a new outfall starts as found; a
-- change of status must be a row of outfall.transition, take effect no
-- earlier than the current state began, and meet each of its
-- requirements; a closed or retained outfall is reopened only by an explicit
-- reopen event (outfall.reopen), which the ledger records with its reason.
-- Refusals are SQLSTATE 23514 with constraint name outfall_lifecycle.

-- How messages name an outfall: its code, else its survey id, else its id.
CREATE FUNCTION @extschema@.outfall_label(code @extschema@.outfall_code, survey_id text, id bigint)
    RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN coalesce('"' || code::text || '"', 'survey id "' || survey_id || '"', 'id ' || id::text);
COMMENT ON FUNCTION @extschema@.outfall_label(@extschema@.outfall_code, text, bigint) IS
    'how messages name an outfall: its code, else its survey id, else its row id';

-- Active: can still receive a merge — not closed, and not already banned or
-- merged away.
CREATE FUNCTION @extschema@.is_active(outfall_id bigint) RETURNS boolean
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT o.status <> 'closed'
           AND NOT (o.status = 'rectified'
                    AND EXISTS (SELECT FROM @extschema@.plan p
                                 WHERE p.outfall_id = o.id AND p.action IN ('ban', 'merge')))
      FROM @extschema@.outfall o WHERE o.id = is_active.outfall_id;
END;
COMMENT ON FUNCTION @extschema@.is_active(bigint) IS
    'whether an outfall is still in use: not closed, and not rectified by a ban or merge';

-- What of one requirement an outfall lacks to leave OLD for NEW: NULL when
-- it is met, else the requirement's description.
CREATE FUNCTION @extschema@.missing_requirement(requirement text, o @extschema@.outfall, n @extschema@.outfall)
    RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT
AS $$
DECLARE
    ok boolean;
    p plan;
BEGIN
    SELECT * INTO p FROM plan WHERE plan.outfall_id = n.id;
    ok := CASE requirement
        WHEN 'sample' THEN EXISTS (SELECT FROM sample s WHERE s.outfall_id = n.id)
        WHEN 'tracing' THEN EXISTS (SELECT FROM tracing t WHERE t.outfall_id = n.id)
        WHEN 'first_responsible_party' THEN n.responsible_id IS NOT NULL
        WHEN 'plan' THEN p.id IS NOT NULL
        WHEN 'plan_needs_works' THEN p.action IN ('ban', 'merge', 'standardize')
        WHEN 'plan_retains_as_is' THEN p.action = 'retain'
        WHEN 'plan_keeps_outfall' THEN p.action IN ('standardize', 'retain')
        WHEN 'merge_target_active' THEN p.action IS DISTINCT FROM 'merge' OR is_active(p.merge_target_id)
        WHEN 'verification' THEN EXISTS (
            SELECT FROM verification v
             WHERE v.outfall_id = n.id AND v.verified_at >= o.status_since
               AND EXISTS (SELECT FROM pg_catalog.pg_roles r WHERE r.rolname = v.verified_by))
        WHEN 'reopen_event' THEN
            nullif(pg_catalog.current_setting('outfall.reopen_reason', true), '') IS NOT NULL
    END;
    IF ok IS NULL THEN
        ok := false;
    END IF;
    IF ok THEN
        RETURN NULL;
    END IF;
    RETURN (SELECT r.missing FROM requirement r WHERE r.key = requirement);
END;
$$;
COMMENT ON FUNCTION @extschema@.missing_requirement(text, @extschema@.outfall, @extschema@.outfall) IS
    'NULL if the outfall meets one requirement of a state change, else what is missing';

CREATE FUNCTION @extschema@.lifecycle_check() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT
AS $$
DECLARE
    req record;
    missing text;
    allowed text;
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.status <> 'found' THEN
            RAISE EXCEPTION 'outfall %: a new outfall starts as found (排查), not %',
                    outfall_label(NEW.code, NEW.survey_id, NEW.id), state_name(NEW.status)
                USING ERRCODE = 'check_violation', CONSTRAINT = 'outfall_lifecycle', TABLE = 'outfall',
                      COLUMN = 'status',
                      HINT = 'Register it, then advance it step by step (outfall.advance) so the ledger holds each step.';
        END IF;
        NEW.status_since := event_time();
        RETURN NEW;
    END IF;

    IF NEW.status IS DISTINCT FROM OLD.status THEN
        IF NOT EXISTS (SELECT FROM transition t
                        WHERE t.from_state = OLD.status AND t.to_state = NEW.status) THEN
            SELECT string_agg(state_name(t.to_state), ', ' ORDER BY t.to_state) INTO allowed
              FROM transition t WHERE t.from_state = OLD.status;
            RAISE EXCEPTION 'outfall %: cannot move from % to %: not a step of the lifecycle',
                    outfall_label(NEW.code, NEW.survey_id, NEW.id),
                    state_name(OLD.status), state_name(NEW.status)
                USING ERRCODE = 'check_violation', CONSTRAINT = 'outfall_lifecycle', TABLE = 'outfall',
                      COLUMN = 'status',
                      DETAIL = format('From %s the lifecycle allows: %s.', state_name(OLD.status),
                                      coalesce(allowed, 'nothing')),
                      HINT = 'The allowed steps and what each needs are in outfall.transition and outfall.transition_requirement.';
        END IF;
        -- the ledger rebuilds past states in the order of event time
        IF event_time() < OLD.status_since THEN
            RAISE EXCEPTION 'outfall %: cannot move from % to % at %: it has been % since %',
                    outfall_label(NEW.code, NEW.survey_id, NEW.id),
                    state_name(OLD.status), state_name(NEW.status), event_time(),
                    state_name(OLD.status), OLD.status_since
                USING ERRCODE = 'check_violation', CONSTRAINT = 'outfall_lifecycle', TABLE = 'outfall',
                      COLUMN = 'status',
                      HINT = 'Record the steps of an outfall in the order they happened (outfall.event_time, or "at").';
        END IF;
        FOR req IN
            SELECT tr.requirement, r.hint
              FROM transition_requirement tr JOIN requirement r ON r.key = tr.requirement
             WHERE tr.from_state = OLD.status AND tr.to_state = NEW.status
             ORDER BY tr.requirement
        LOOP
            missing := missing_requirement(req.requirement, OLD, NEW);
            IF missing IS NOT NULL THEN
                RAISE EXCEPTION 'outfall %: cannot move from % to %: %',
                        outfall_label(NEW.code, NEW.survey_id, NEW.id),
                        state_name(OLD.status), state_name(NEW.status), missing
                    USING ERRCODE = 'check_violation', CONSTRAINT = 'outfall_lifecycle', TABLE = 'outfall',
                          COLUMN = 'status', DETAIL = format('Requirement "%s" is not met.', req.requirement),
                          HINT = req.hint;
            END IF;
        END LOOP;
        NEW.status_since := event_time();
    ELSIF NEW.status_since IS DISTINCT FROM OLD.status_since THEN
        NEW.status_since := OLD.status_since;   -- set only by a change of state
    END IF;

    IF NEW.status >= 'traced' AND NEW.responsible_id IS NULL THEN
        RAISE EXCEPTION 'outfall %: a % outfall must keep its first responsible party (第一责任主体)',
                outfall_label(NEW.code, NEW.survey_id, NEW.id), state_name(NEW.status)
            USING ERRCODE = 'check_violation', CONSTRAINT = 'outfall_lifecycle', TABLE = 'outfall',
                  COLUMN = 'responsible_id',
                  HINT = 'Replace the party instead of removing it.';
    END IF;
    RETURN NEW;
END;
$$;
COMMENT ON FUNCTION @extschema@.lifecycle_check() IS
    'trigger enforcing the lifecycle of outfall.status (outfall.transition) on every INSERT and UPDATE';
CREATE TRIGGER outfall_lifecycle BEFORE INSERT OR UPDATE ON @extschema@.outfall
    FOR EACH ROW EXECUTE FUNCTION @extschema@.lifecycle_check();

-- A plan cannot be removed from an outfall that depends on it, nor changed
-- once the outfall is rectified (the plan is then the record of what was
-- done); a merge target must be active when the plan is written.
CREATE FUNCTION @extschema@.plan_check() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT
AS $$
DECLARE
    o outfall;
BEGIN
    SELECT * INTO o FROM outfall WHERE id = CASE TG_OP WHEN 'DELETE' THEN OLD.outfall_id ELSE NEW.outfall_id END;
    IF TG_OP = 'DELETE' THEN
        IF o.status IN ('planned', 'rectifying', 'rectified', 'closed', 'retained') THEN
            RAISE EXCEPTION 'outfall %: cannot remove the plan of a % outfall',
                    outfall_label(o.code, o.survey_id, o.id), state_name(o.status)
                USING ERRCODE = 'check_violation', CONSTRAINT = 'outfall_lifecycle', TABLE = 'plan',
                      HINT = 'Change the plan with outfall.set_plan(); the ledger keeps the earlier one.';
        END IF;
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' AND o.status IN ('rectified', 'closed', 'retained')
       AND (NEW.action, NEW.merge_target_id) IS DISTINCT FROM (OLD.action, OLD.merge_target_id) THEN
        RAISE EXCEPTION 'outfall %: cannot change the plan''s action of a % outfall',
                outfall_label(o.code, o.survey_id, o.id), state_name(o.status)
            USING ERRCODE = 'check_violation', CONSTRAINT = 'outfall_lifecycle', TABLE = 'plan',
                  HINT = 'Reopen the outfall first (outfall.reopen) if the rectification must change.';
    END IF;
    -- (a merge without a target is refused by the check plan_merge_target)
    IF NEW.action = 'merge' AND NEW.merge_target_id IS NOT NULL
       AND (TG_OP = 'INSERT' OR NEW.merge_target_id IS DISTINCT FROM OLD.merge_target_id)
       AND NOT coalesce(is_active(NEW.merge_target_id), false) THEN
        RAISE EXCEPTION 'outfall %: cannot merge into outfall %: it is not active',
                outfall_label(o.code, o.survey_id, o.id),
                (SELECT outfall_label(t.code, t.survey_id, t.id) FROM outfall t WHERE t.id = NEW.merge_target_id)
            USING ERRCODE = 'check_violation', CONSTRAINT = 'plan_merge_target', TABLE = 'plan',
                  DETAIL = 'A merge target must be an outfall that is neither closed nor banned or merged itself.',
                  HINT = 'Choose an active outfall to merge into.';
    END IF;
    RETURN NEW;
END;
$$;
COMMENT ON FUNCTION @extschema@.plan_check() IS
    'trigger keeping plans consistent with the lifecycle of their outfall';
CREATE TRIGGER plan_lifecycle BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.plan
    FOR EACH ROW EXECUTE FUNCTION @extschema@.plan_check();
-- Code allocation: the next sequence number (顺序号) under a prefix (water
-- body + county + type letters).  One counter row per prefix; taking a
-- number is a single INSERT ... ON CONFLICT DO UPDATE, which locks that row
-- until commit, so concurrent sessions on the same prefix queue behind one
-- another instead of handing out the same number, and sessions on different
-- prefixes do not meet at all.  A code written by hand (an import) raises the
-- counter past it, so allocation never hands it out again.

CREATE TABLE @extschema@.code_counter (
    water        text NOT NULL,
    division     @extschema@.division_code NOT NULL,
    type_letters text NOT NULL,
    last_seq     integer NOT NULL CHECK (last_seq BETWEEN 1 AND 9999),
    PRIMARY KEY (water, division, type_letters)
);
COMMENT ON TABLE @extschema@.code_counter IS
    'the last sequence number handed out under each outfall code prefix (water body, county, type letters)';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.code_counter', '');

CREATE FUNCTION @extschema@.next_code(water text, division @extschema@.division_code, type_letters text)
    RETURNS @extschema@.outfall_code
    LANGUAGE plpgsql VOLATILE STRICT SET search_path FROM CURRENT
AS $$
DECLARE
    prefix outfall_code := outfall_code(water, code_division(division), type_letters, 1);
    seq integer;
BEGIN
    -- the code carries one county: a province or a city (which has many) gives none
    IF level(division) < 3 THEN
        RAISE EXCEPTION 'cannot number outfall codes under % %: it is a %, not a county or a township',
                division, coalesce(division_full_name(division), ''), level_name(division)
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The division segment of an outfall code is the county (6 digits, GB/T 2260) of the outfall''s township.';
    END IF;
    IF NOT EXISTS (SELECT FROM category c WHERE c.type_letters = type_code(prefix)) THEN
        RAISE EXCEPTION 'unknown type letters "%" for an outfall code: no category carries them', type_code(prefix)
            USING ERRCODE = 'foreign_key_violation',
                  HINT = 'The letters are those of outfall.category.type_letters.';
    END IF;
    INSERT INTO code_counter AS c VALUES (water_code(prefix), @extschema@.division(prefix), type_code(prefix), 1)
    ON CONFLICT ON CONSTRAINT code_counter_pkey DO UPDATE SET last_seq = c.last_seq + 1
     WHERE c.last_seq < 9999
    RETURNING c.last_seq INTO seq;
    IF seq IS NULL THEN
        RAISE EXCEPTION 'no outfall code left under prefix %-%-%: all 9999 sequence numbers (顺序号) are used',
                water_code(prefix), @extschema@.division(prefix), type_code(prefix)
            USING ERRCODE = 'sequence_generator_limit_exceeded',
                  HINT = 'HJ 1235 gives a prefix four digits; check outfall.code_counter for a runaway import.';
    END IF;
    RETURN outfall_code(water, code_division(division), type_letters, seq);
END;
$$;
COMMENT ON FUNCTION @extschema@.next_code(text, @extschema@.division_code, text) IS
    'allocate the next outfall code under a prefix (water body code, township or county, type letters); never the same twice';

CREATE FUNCTION @extschema@.code_counter_raise() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT
AS $$
BEGIN
    INSERT INTO code_counter AS c
    VALUES (water_code(NEW.code), @extschema@.division(NEW.code), type_code(NEW.code), seq(NEW.code))
    ON CONFLICT ON CONSTRAINT code_counter_pkey DO UPDATE SET last_seq = excluded.last_seq
     WHERE c.last_seq < excluded.last_seq;
    RETURN NEW;
END;
$$;
COMMENT ON FUNCTION @extschema@.code_counter_raise() IS
    'trigger raising the prefix counter past a code written by hand';
CREATE TRIGGER outfall_code_counter_insert BEFORE INSERT ON @extschema@.outfall
    FOR EACH ROW WHEN (NEW.code IS NOT NULL) EXECUTE FUNCTION @extschema@.code_counter_raise();
CREATE TRIGGER outfall_code_counter_update BEFORE UPDATE OF code ON @extschema@.outfall
    FOR EACH ROW WHEN (NEW.code IS NOT NULL AND NEW.code IS DISTINCT FROM OLD.code)
    EXECUTE FUNCTION @extschema@.code_counter_raise();

CREATE FUNCTION @extschema@.assign_code(outfall_id bigint) RETURNS @extschema@.outfall_code
    LANGUAGE plpgsql VOLATILE STRICT SET search_path FROM CURRENT
AS $$
DECLARE
    o outfall;
    letters text;
    missing text;
BEGIN
    SELECT * INTO o FROM outfall WHERE id = assign_code.outfall_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no outfall with id %', assign_code.outfall_id USING ERRCODE = 'no_data_found';
    END IF;
    IF o.code IS NOT NULL THEN
        RETURN o.code;
    END IF;
    SELECT c.type_letters INTO letters FROM category c WHERE c.id = o.category;
    missing := CASE WHEN o.water_body IS NULL THEN 'no receiving water body (受纳水体)'
                    WHEN o.category IS NULL THEN 'no category (排污口类型)'
                    WHEN letters IS NULL THEN format('category "%s" carries no type letters', o.category) END;
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'cannot assign a code to outfall %: %', outfall_label(o.code, o.survey_id, o.id), missing
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'An outfall code is water body code + county + type letters + sequence (HJ 1235).';
    END IF;
    o.code := next_code(o.water_body, o.division, letters);
    UPDATE outfall SET code = o.code WHERE id = o.id;
    RETURN o.code;
END;
$$;
COMMENT ON FUNCTION @extschema@.assign_code(bigint) IS
    'give an outfall its code from its water body, county and category, if it has none; returns the code';
-- Standard names (规范名称, HJ 1235-2021): receiving water name + division
-- name + the responsible party or a place that locates the outfall + the
-- category name, e.g. 阿蓬江黔江区某某公司工矿企业排污口.  A part the one
-- before it already ends with, or the one after it already starts with, is
-- not repeated; a missing part is left out, and with none there is no name.

-- PL/pgSQL rather than a SQL body: a SQL function with sub-selects cannot be
-- inlined and is planned afresh at every call, which cost a registration a
-- quarter of its time.
CREATE FUNCTION @extschema@.standard_name(water_name text, division @extschema@.division_code,
                                          party_or_place text, category text)
    RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT
AS $$
DECLARE
    w text := coalesce(btrim(water_name), '');
    p text := coalesce(btrim(party_or_place), '');
    d text;
    c text;
BEGIN
    SELECT x.name INTO d FROM division x WHERE x.code = code_division(standard_name.division);
    SELECT x.name_zh INTO c FROM category x WHERE x.id = standard_name.category;
    IF d IS NOT NULL AND NOT starts_with(p, d) THEN
        p := d || p;
    END IF;
    IF c IS NOT NULL AND right(p, length(c)) <> c THEN
        p := p || c;
    END IF;
    RETURN nullif(w || p, '');
END;
$$;
COMMENT ON FUNCTION @extschema@.standard_name(text, @extschema@.division_code, text, text) IS
    'standard outfall name (HJ 1235): water name + county name + responsible party or place + category name';

CREATE FUNCTION @extschema@.standard_name(outfall_id bigint) RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT @extschema@.standard_name(
               w.name, o.division,
               coalesce(rp.name, up.name, op.name, (SELECT d.name FROM @extschema@.division d WHERE d.code = o.division)),
               o.category)
      FROM @extschema@.outfall o
      LEFT JOIN @extschema@.water_body w ON w.code = o.water_body
      LEFT JOIN @extschema@.party rp ON rp.id = o.responsible_id
      LEFT JOIN @extschema@.party up ON up.id = o.user_id
      LEFT JOIN @extschema@.party op ON op.id = o.owner_id
     WHERE o.id = standard_name.outfall_id;
END;
COMMENT ON FUNCTION @extschema@.standard_name(bigint) IS
    'the standard name of a registered outfall: its water body, county, responsible party (else user, owner, township) and category';
-- The responsible-party rule (谁污染、谁治理): the user of an outfall before
-- its owner (武汉: where they differ, the user is the first responsible
-- party and the owner cooperates); where neither can be traced, the local
-- government of the level outfall.config sets (township in 黔江 and 昌吉,
-- district in 武汉, county or city in 柳城).

-- The government party of a division, created on first use.
CREATE FUNCTION @extschema@.local_government(@extschema@.division_code) RETURNS bigint
    LANGUAGE plpgsql VOLATILE STRICT SET search_path FROM CURRENT
AS $$
DECLARE
    gov bigint;
    label text;
BEGIN
    SELECT p.id INTO gov FROM party p WHERE p.kind = 'government' AND p.division = $1;
    IF FOUND THEN
        RETURN gov;
    END IF;
    IF NOT division_exists($1) THEN
        RAISE EXCEPTION 'division % is not in outfall.division', $1 USING ERRCODE = 'foreign_key_violation';
    END IF;
    label := CASE WHEN level($1) = 4
                  THEN coalesce(division_name(code_division($1)), '') || division_name($1)
                  ELSE division_full_name($1) END;
    label := label || CASE WHEN label LIKE '%街道' THEN '办事处' ELSE '人民政府' END;
    INSERT INTO party (name, kind, division) VALUES (label, 'government', $1)
    ON CONFLICT (division) WHERE kind = 'government' DO NOTHING
    RETURNING id INTO gov;
    IF gov IS NULL THEN    -- another session created it first
        SELECT p.id INTO gov FROM party p WHERE p.kind = 'government' AND p.division = $1;
    END IF;
    RETURN gov;
END;
$$;
COMMENT ON FUNCTION @extschema@.local_government(@extschema@.division_code) IS
    'the party id of the local government (人民政府 or 街道办事处) of a division, created if missing';

-- The division whose government answers for an untraceable outfall in a
-- township.  A city that is only a placeholder (市辖区 of 重庆, 北京, ...)
-- hands over to its province.
CREATE FUNCTION @extschema@.responsible_division(township @extschema@.division_code, level text)
    RETURNS @extschema@.division_code
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT CASE
        WHEN level = 'township' THEN township
        WHEN level = 'county' THEN @extschema@.code_division(township)
        WHEN level = 'city' THEN
            CASE WHEN @extschema@.division_name(@extschema@.city(township)) IN ('市辖区', '县')
                 THEN @extschema@.province(township) ELSE @extschema@.city(township) END
        WHEN level = 'province' THEN @extschema@.province(township)
    END;
END;
COMMENT ON FUNCTION @extschema@.responsible_division(@extschema@.division_code, text) IS
    'the division (at level township, county, city or province) whose government answers for an untraceable outfall';

CREATE FUNCTION @extschema@.decide_responsible_party(outfall_id bigint, OUT party_id bigint, OUT rule text)
    LANGUAGE plpgsql VOLATILE STRICT SET search_path FROM CURRENT
AS $$
DECLARE
    o outfall;
    lvl text := config_value('untraceable_responsible_level');
BEGIN
    SELECT * INTO o FROM outfall WHERE id = decide_responsible_party.outfall_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no outfall with id %', decide_responsible_party.outfall_id USING ERRCODE = 'no_data_found';
    END IF;
    IF o.user_id IS NOT NULL THEN
        party_id := o.user_id; rule := 'user';
    ELSIF o.owner_id IS NOT NULL THEN
        party_id := o.owner_id; rule := 'owner';
    ELSE
        IF lvl NOT IN ('township', 'county', 'city', 'province') THEN
            RAISE EXCEPTION 'setting untraceable_responsible_level is "%", expected township, county, city or province', lvl
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        party_id := local_government(responsible_division(o.division, lvl));
        rule := 'local_government';
    END IF;
END;
$$;
COMMENT ON FUNCTION @extschema@.decide_responsible_party(bigint) IS
    'the first responsible party of an outfall by the plans'' rule (user, else owner, else local government) and the rule that decided';

CREATE FUNCTION @extschema@.apply_responsible_party(outfall_id bigint, OUT party_id bigint, OUT rule text)
    LANGUAGE plpgsql VOLATILE STRICT SET search_path FROM CURRENT
AS $$
BEGIN
    SELECT d.party_id, d.rule INTO party_id, rule FROM decide_responsible_party(apply_responsible_party.outfall_id) d;
    UPDATE outfall o SET responsible_id = party_id, responsible_rule = rule
     WHERE o.id = apply_responsible_party.outfall_id
       AND (o.responsible_id, o.responsible_rule) IS DISTINCT FROM (party_id, rule);
END;
$$;
COMMENT ON FUNCTION @extschema@.apply_responsible_party(bigint) IS
    'decide the first responsible party of an outfall and record it with the rule that decided';
-- The SQL API for other systems (the field survey app, permit and approval
-- systems, the national platform): one function per act, each taking a jsonb
-- document, each atomic (a refusal leaves nothing written), each returning
-- the outfall code or the new state.
--
-- Documents are read into the composite types below, so a key the type does
-- not have is refused rather than silently dropped, and a value of the wrong
-- form is refused with the key that carried it.

CREATE TYPE @extschema@.party_doc AS (
    name text, uscc @extschema@.uscc, kind text, division @extschema@.division_code);
COMMENT ON TYPE @extschema@.party_doc IS
    'a responsible party in an API document: {"name", "uscc", "kind", "division"}';

CREATE TYPE @extschema@.registration_doc AS (
    survey_id text, survey_name text, name text, code @extschema@.outfall_code,
    category text, division @extschema@.division_code, lon double precision, lat double precision,
    water_body text, discharge_mode text, survey_level smallint, found_on date,
    is_legacy boolean, owner jsonb, "user" jsonb, at timestamptz);
COMMENT ON TYPE @extschema@.registration_doc IS 'the document outfall.register() takes';

CREATE TYPE @extschema@.tracing_doc AS (
    method text, traced_on date, note text, sources jsonb, "user" jsonb, owner jsonb,
    responsible jsonb, at timestamptz);
COMMENT ON TYPE @extschema@.tracing_doc IS 'the document outfall.record_tracing() takes';

CREATE TYPE @extschema@.source_doc AS (
    name text, kind text, party jsonb, responsibility text);
COMMENT ON TYPE @extschema@.source_doc IS 'one pollution source in a tracing document';

CREATE TYPE @extschema@.sample_doc AS (
    sampled_at timestamptz, weather text, flow_m3d numeric, temperature_c numeric, ph numeric,
    cod_mgl numeric, nh3n_mgl numeric, tp_mgl numeric, tn_mgl numeric, sewage_seen boolean,
    indicators jsonb);
COMMENT ON TYPE @extschema@.sample_doc IS 'the document outfall.record_sample() takes';

CREATE TYPE @extschema@.indicator_doc AS (name text, value numeric, unit text);
COMMENT ON TYPE @extschema@.indicator_doc IS 'one further indicator of a sample';

CREATE TYPE @extschema@.plan_doc AS (
    action text, measures text, responsible_unit text, responsible_person text, deadline date,
    merge_target @extschema@.outfall_code, set_on date, at timestamptz);
COMMENT ON TYPE @extschema@.plan_doc IS 'the document outfall.set_plan() takes';

CREATE TYPE @extschema@.advance_doc AS (at timestamptz, verification text);
COMMENT ON TYPE @extschema@.advance_doc IS 'the evidence outfall.advance() takes';

-- Read a jsonb object into a composite type: refuse anything but an object,
-- keys the type lacks, and values that do not read as their field's type,
-- naming the key.
CREATE FUNCTION @extschema@.read_doc(proto anyelement, doc jsonb, what text) RETURNS anyelement
    LANGUAGE plpgsql STABLE SET search_path FROM CURRENT
AS $$
DECLARE
    r ALIAS FOR $0;
    unknown text;
    k text;
    msg text;
BEGIN
    IF doc IS NULL OR jsonb_typeof(doc) <> 'object' THEN
        RAISE EXCEPTION '% must be a JSON object, not %', what, coalesce(jsonb_typeof(doc), 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    BEGIN
        r := jsonb_populate_record(proto, doc);
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT;
        FOR k IN SELECT jsonb_object_keys(doc) LOOP
            BEGIN
                PERFORM jsonb_populate_record(proto, jsonb_build_object(k, doc -> k));
            EXCEPTION WHEN OTHERS THEN
                GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT;
                RAISE EXCEPTION '% key "%": %', what, k, msg
                    USING ERRCODE = 'invalid_parameter_value',
                          DETAIL = format('The value given is %s.', doc -> k);
            END;
        END LOOP;
        RAISE EXCEPTION '%: %', what, msg USING ERRCODE = 'invalid_parameter_value';
    END;
    SELECT string_agg(format('"%s"', d.key), ', ' ORDER BY d.key) INTO unknown
      FROM jsonb_object_keys(doc) d(key)
     WHERE NOT to_jsonb(r) ? d.key;
    IF unknown IS NOT NULL THEN
        RAISE EXCEPTION '% has unknown keys: %', what, unknown
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = format('The keys are: %s.',
                                (SELECT string_agg(key, ', ') FROM jsonb_object_keys(to_jsonb(r)) key));
    END IF;
    RETURN r;
END;
$$;
COMMENT ON FUNCTION @extschema@.read_doc(anyelement, jsonb, text) IS
    'read an API document into a composite type, refusing unknown keys and values of the wrong form by key';

CREATE FUNCTION @extschema@.require_fields(doc jsonb, what text, VARIADIC keys text[]) RETURNS void
    LANGUAGE plpgsql IMMUTABLE SET search_path FROM CURRENT
AS $$
DECLARE
    missing text;
BEGIN
    SELECT string_agg(format('"%s"', k), ', ') INTO missing
      FROM unnest(keys) k WHERE coalesce(jsonb_typeof(doc -> k), 'null') = 'null';
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION '% lacks %', what, missing USING ERRCODE = 'not_null_violation';
    END IF;
END;
$$;
COMMENT ON FUNCTION @extschema@.require_fields(jsonb, text, text[]) IS
    'refuse an API document that lacks one of the given keys (or has them null)';

-- The parties a document names: each found by credit code, else by name and
-- kind among the parties without one, and created when missing.  Looking up
-- takes no lock.  Creating does: the parties still missing are locked first,
-- all of them, in the order of their keys, so that two sessions creating
-- the same parties (an owner here is a user there) queue instead of
-- deadlocking, and neither creates a party twice.
CREATE FUNCTION @extschema@.find_party(p @extschema@.party_doc) RETURNS bigint
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT x.id FROM @extschema@.party x
     WHERE CASE WHEN p.uscc IS NOT NULL THEN x.uscc = p.uscc
                ELSE x.name = p.name AND x.kind = p.kind AND x.uscc IS NULL END
     ORDER BY x.id LIMIT 1;
END;
COMMENT ON FUNCTION @extschema@.find_party(@extschema@.party_doc) IS
    'the party a party document names: by credit code, else by name and kind among parties without one; NULL if none';

CREATE FUNCTION @extschema@.parties_from_docs(docs jsonb[], whats text[]) RETURNS bigint[]
    LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT
AS $$
DECLARE
    parsed party_doc[];
    ids bigint[];
    p party_doc;
    pid bigint;
    i integer;
BEGIN
    FOR i IN 1 .. coalesce(array_length(docs, 1), 0) LOOP
        IF docs[i] IS NULL OR docs[i] = 'null' THEN
            parsed[i] := NULL;
            CONTINUE;
        END IF;
        p := read_doc(NULL::party_doc, docs[i], whats[i]);
        PERFORM require_fields(docs[i], whats[i], 'name');
        p.kind := coalesce(p.kind, 'enterprise');
        parsed[i] := p;
        ids[i] := find_party(p);
    END LOOP;
    PERFORM pg_advisory_xact_lock(hashtext(k.key))
       FROM (SELECT DISTINCT 'outfall.party:' || coalesce(u.uscc::text, u.name || '/' || u.kind) AS key
               FROM unnest(parsed) WITH ORDINALITY AS u(name, uscc, kind, division, n)
              WHERE u.name IS NOT NULL AND ids[u.n] IS NULL) k
      ORDER BY k.key;
    FOR i IN 1 .. coalesce(array_length(docs, 1), 0) LOOP
        p := parsed[i];
        IF p.name IS NULL OR ids[i] IS NOT NULL THEN
            CONTINUE;
        END IF;
        pid := find_party(p);             -- created meanwhile by the lock's holder?
        IF pid IS NULL THEN
            INSERT INTO party (name, uscc, kind, division) VALUES (p.name, p.uscc, p.kind, p.division)
            RETURNING id INTO pid;
        END IF;
        ids[i] := pid;
    END LOOP;
    RETURN ids;
END;
$$;
COMMENT ON FUNCTION @extschema@.parties_from_docs(jsonb[], text[]) IS
    'the parties API documents name (by credit code, else by name and kind), created if new; NULL for a NULL document';

-- Find an outfall by code and lock it for the rest of the transaction.
CREATE FUNCTION @extschema@.outfall_for_update(@extschema@.outfall_code) RETURNS @extschema@.outfall
    LANGUAGE plpgsql VOLATILE STRICT SET search_path FROM CURRENT
AS $$
DECLARE
    o outfall;
BEGIN
    SELECT * INTO o FROM outfall WHERE code = $1 FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no outfall with code "%"', $1
            USING ERRCODE = 'no_data_found', HINT = 'Register it first with outfall.register().';
    END IF;
    RETURN o;
END;
$$;
COMMENT ON FUNCTION @extschema@.outfall_for_update(@extschema@.outfall_code) IS
    'the outfall with this code, locked FOR UPDATE; refused if there is none';

-- Set outfall.event_time for the rest of an API call (the time a field
-- record says the act happened), returning the value to restore.
CREATE FUNCTION @extschema@.set_event_time(timestamptz) RETURNS text
    LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT
AS $$
DECLARE
    prev text := coalesce(current_setting('outfall.event_time', true), '');
BEGIN
    IF $1 IS NOT NULL THEN
        IF $1 > now() THEN
            RAISE EXCEPTION 'event time % is in the future', $1 USING ERRCODE = 'invalid_parameter_value';
        END IF;
        PERFORM set_config('outfall.event_time', $1::text, true);
    END IF;
    RETURN prev;
END;
$$;
COMMENT ON FUNCTION @extschema@.set_event_time(timestamptz) IS
    'set outfall.event_time for the transaction (NULL leaves it); returns the previous value';

CREATE FUNCTION @extschema@.register(doc jsonb) RETURNS @extschema@.outfall_code
    LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT
AS $$
DECLARE
    r registration_doc := read_doc(NULL::registration_doc, doc, 'registration');
    o outfall;
    prev text;
    parties bigint[];
    owner_ bigint;
    user_ bigint;
    letters text;
BEGIN
    PERFORM require_fields(doc, 'registration', 'survey_id', 'survey_name', 'division', 'found_on');
    SELECT * INTO o FROM outfall WHERE survey_id = r.survey_id;
    IF FOUND THEN
        -- registered before: the same answer again, if it is the same record
        IF (o.survey_name, o.division, o.found_on) IS DISTINCT FROM (r.survey_name, r.division, r.found_on) THEN
            RAISE EXCEPTION 'survey id "%" is already registered, as outfall %, with other content',
                    r.survey_id, outfall_label(o.code, NULL, o.id)
                USING ERRCODE = 'unique_violation',
                      DETAIL = format('Registered: %s, %s, found on %s. This document: %s, %s, found on %s.',
                                      o.survey_name, o.division, o.found_on,
                                      r.survey_name, r.division, r.found_on),
                      HINT = 'Registering is idempotent for the same record only; change a registered outfall with the other API functions.';
        END IF;
        RETURN o.code;
    END IF;
    IF (r.lon IS NULL) <> (r.lat IS NULL) THEN
        RAISE EXCEPTION 'registration gives % but not %',
                CASE WHEN r.lon IS NULL THEN '"lat"' ELSE '"lon"' END,
                CASE WHEN r.lon IS NULL THEN '"lon"' ELSE '"lat"' END
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    prev := set_event_time(r.at);
    parties := parties_from_docs(ARRAY[r.owner, r."user"],
                                 ARRAY['registration "owner"', 'registration "user"']);
    owner_ := parties[1];
    user_ := parties[2];
    r.water_body := upper(r.water_body);
    -- code and standard name are settled before the row is written, so a
    -- registration is one ledger event
    IF r.code IS NULL AND r.water_body IS NOT NULL AND r.category IS NOT NULL THEN
        SELECT c.type_letters INTO letters FROM category c WHERE c.id = r.category;
        IF letters IS NOT NULL THEN
            r.code := next_code(r.water_body, r.division, letters);
        END IF;
    END IF;
    IF r.name IS NULL AND r.water_body IS NOT NULL AND r.category IS NOT NULL THEN
        r.name := standard_name((SELECT w.name FROM water_body w WHERE w.code = r.water_body), r.division,
                                coalesce((SELECT p.name FROM party p WHERE p.id = coalesce(user_, owner_)),
                                         division_name(r.division)),
                                r.category);
    END IF;
    INSERT INTO outfall (code, survey_id, name, survey_name, category, division, geom, water_body,
                         discharge_mode, survey_level, found_on, is_legacy, owner_id, user_id)
    VALUES (r.code, r.survey_id, r.name, r.survey_name, r.category, r.division,
            ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4490), r.water_body,
            r.discharge_mode, r.survey_level, r.found_on, coalesce(r.is_legacy, false), owner_, user_)
    ON CONFLICT (survey_id) DO NOTHING
    RETURNING * INTO o;
    IF o.id IS NULL THEN
        -- a concurrent call registered the same survey id first; the number
        -- taken above stays unused (a gap, never a duplicate)
        PERFORM set_config('outfall.event_time', prev, true);
        RETURN (SELECT x.code FROM outfall x WHERE x.survey_id = r.survey_id);
    END IF;
    PERFORM set_config('outfall.event_time', prev, true);
    RETURN o.code;
END;
$$;
COMMENT ON FUNCTION @extschema@.register(jsonb) IS
    'register an outfall from a survey record (jsonb); idempotent on survey_id; assigns the code and standard name when it can; returns the code';

CREATE FUNCTION @extschema@.record_tracing(code @extschema@.outfall_code, doc jsonb)
    RETURNS @extschema@.outfall_code
    LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT
AS $$
DECLARE
    t tracing_doc := read_doc(NULL::tracing_doc, doc, 'tracing');
    sources source_doc[] := '{}';
    parties bigint[];
    o outfall := outfall_for_update(code);
    tid bigint;
    src jsonb;
    prev text;
    i integer;
BEGIN
    PERFORM require_fields(doc, 'tracing', 'method', 'traced_on');
    IF t.sources IS NOT NULL AND jsonb_typeof(t.sources) <> 'array' THEN
        RAISE EXCEPTION 'tracing key "sources" must be an array of sources, not %', jsonb_typeof(t.sources)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR src IN SELECT jsonb_array_elements(coalesce(t.sources, '[]')) LOOP
        sources := sources || read_doc(NULL::source_doc, src, 'tracing source');
        PERFORM require_fields(src, 'tracing source', 'name', 'kind');
    END LOOP;
    -- user, owner, responsible, then each source's party
    parties := parties_from_docs(
        ARRAY[t."user", t.owner, t.responsible] || ARRAY(SELECT x.party FROM unnest(sources) x),
        ARRAY['tracing "user"', 'tracing "owner"', 'tracing "responsible"']
            || ARRAY(SELECT 'tracing source "party"' FROM unnest(sources)));
    prev := set_event_time(t.at);
    INSERT INTO tracing (outfall_id, method, traced_on, note)
    VALUES (o.id, t.method, t.traced_on, t.note) RETURNING id INTO tid;
    FOR i IN 1 .. coalesce(array_length(sources, 1), 0) LOOP
        INSERT INTO source (tracing_id, outfall_id, name, kind, party_id, responsibility)
        VALUES (tid, o.id, sources[i].name, sources[i].kind, parties[3 + i], sources[i].responsibility);
    END LOOP;
    UPDATE outfall SET user_id = coalesce(parties[1], user_id), owner_id = coalesce(parties[2], owner_id)
     WHERE id = o.id;
    IF parties[3] IS NOT NULL THEN
        UPDATE outfall SET responsible_id = parties[3], responsible_rule = 'recorded' WHERE id = o.id;
    ELSIF o.responsible_rule IS DISTINCT FROM 'recorded' THEN
        -- a party recorded by hand stands until another is recorded
        PERFORM apply_responsible_party(o.id);
    END IF;
    PERFORM set_config('outfall.event_time', prev, true);
    RETURN o.code;
END;
$$;
COMMENT ON FUNCTION @extschema@.record_tracing(@extschema@.outfall_code, jsonb) IS
    'record a tracing result (溯源) with its sources, user and owner, and decide the first responsible party; returns the code';

CREATE FUNCTION @extschema@.record_sample(code @extschema@.outfall_code, doc jsonb)
    RETURNS @extschema@.outfall_code
    LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT
AS $$
DECLARE
    s sample_doc := read_doc(NULL::sample_doc, doc, 'sample');
    i indicator_doc;
    o outfall := outfall_for_update(code);
    sid bigint;
    ind jsonb;
BEGIN
    PERFORM require_fields(doc, 'sample', 'sampled_at', 'weather');
    IF s.sampled_at > now() THEN
        RAISE EXCEPTION 'sample time % is in the future', s.sampled_at USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF s.indicators IS NOT NULL AND jsonb_typeof(s.indicators) <> 'array' THEN
        RAISE EXCEPTION 'sample key "indicators" must be an array, not %', jsonb_typeof(s.indicators)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO sample (outfall_id, sampled_at, weather, flow_m3d, temperature_c, ph,
                        cod_mgl, nh3n_mgl, tp_mgl, tn_mgl, sewage_seen)
    VALUES (o.id, s.sampled_at, s.weather, s.flow_m3d, s.temperature_c, s.ph,
            s.cod_mgl, s.nh3n_mgl, s.tp_mgl, s.tn_mgl, s.sewage_seen)
    RETURNING id INTO sid;
    FOR ind IN SELECT jsonb_array_elements(coalesce(s.indicators, '[]')) LOOP
        i := read_doc(NULL::indicator_doc, ind, 'sample indicator');
        PERFORM require_fields(ind, 'sample indicator', 'name', 'value', 'unit');
        INSERT INTO sample_indicator VALUES (sid, i.name, i.value, i.unit);
    END LOOP;
    RETURN o.code;
END;
$$;
COMMENT ON FUNCTION @extschema@.record_sample(@extschema@.outfall_code, jsonb) IS
    'record a monitoring sample (监测) with its further indicators; returns the code';

CREATE FUNCTION @extschema@.set_plan(code @extschema@.outfall_code, doc jsonb)
    RETURNS @extschema@.outfall_code
    LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT
AS $$
DECLARE
    p plan_doc := read_doc(NULL::plan_doc, doc, 'plan');
    o outfall := outfall_for_update(code);
    target bigint;
    prev text;
BEGIN
    PERFORM require_fields(doc, 'plan', 'action', 'measures', 'responsible_unit', 'responsible_person', 'deadline');
    IF p.merge_target IS NOT NULL THEN
        SELECT id INTO target FROM outfall WHERE outfall.code = p.merge_target;
        IF target IS NULL THEN
            RAISE EXCEPTION 'plan key "merge_target": no outfall with code "%"', p.merge_target
                USING ERRCODE = 'foreign_key_violation';
        END IF;
    END IF;
    prev := set_event_time(p.at);
    INSERT INTO plan AS x (outfall_id, action, measures, responsible_unit, responsible_person,
                           deadline, merge_target_id, set_on)
    VALUES (o.id, p.action, p.measures, p.responsible_unit, p.responsible_person, p.deadline, target,
            coalesce(p.set_on, event_time()::date))
    ON CONFLICT (outfall_id) DO UPDATE SET
        action = excluded.action, measures = excluded.measures,
        responsible_unit = excluded.responsible_unit, responsible_person = excluded.responsible_person,
        deadline = excluded.deadline, merge_target_id = excluded.merge_target_id, set_on = excluded.set_on;
    PERFORM set_config('outfall.event_time', prev, true);
    RETURN o.code;
END;
$$;
COMMENT ON FUNCTION @extschema@.set_plan(@extschema@.outfall_code, jsonb) IS
    'set or replace the rectification plan (一口一策) of an outfall; the ledger keeps the earlier one; returns the code';

CREATE FUNCTION @extschema@.advance(code @extschema@.outfall_code, to_state @extschema@.state,
                                    evidence jsonb DEFAULT '{}')
    RETURNS @extschema@.state
    LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT
AS $$
DECLARE
    e advance_doc := read_doc(NULL::advance_doc, coalesce(evidence, '{}'), 'evidence');
    o outfall := outfall_for_update(code);
    prev text;
BEGIN
    prev := set_event_time(e.at);
    IF e.verification IS NOT NULL THEN
        INSERT INTO verification (outfall_id, evidence) VALUES (o.id, e.verification);
    END IF;
    UPDATE outfall SET status = to_state WHERE id = o.id;
    PERFORM set_config('outfall.event_time', prev, true);
    RETURN to_state;
END;
$$;
COMMENT ON FUNCTION @extschema@.advance(@extschema@.outfall_code, @extschema@.state, jsonb) IS
    'move an outfall to the next state of its lifecycle; evidence {"at", "verification"}; returns the new state';

CREATE FUNCTION @extschema@.retire(code @extschema@.outfall_code, evidence text,
                                   at timestamptz DEFAULT NULL)
    RETURNS @extschema@.state
    LANGUAGE sql VOLATILE
BEGIN ATOMIC
    SELECT @extschema@.advance(code, 'closed',
                               jsonb_build_object('verification', evidence, 'at', at));
END;
COMMENT ON FUNCTION @extschema@.retire(@extschema@.outfall_code, text, timestamptz) IS
    'close out (销号) a rectified outfall: record the verification (evidence, the calling role as verifier) and move it to closed';

CREATE FUNCTION @extschema@.reopen(code @extschema@.outfall_code, to_state @extschema@.state, reason text,
                                   at timestamptz DEFAULT NULL)
    RETURNS @extschema@.state
    LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT
AS $$
DECLARE
    o outfall := outfall_for_update(code);
    prev text;
BEGIN
    IF coalesce(btrim(reason), '') = '' THEN
        RAISE EXCEPTION 'reopening outfall % needs a reason', outfall_label(o.code, o.survey_id, o.id)
            USING ERRCODE = 'not_null_violation';
    END IF;
    IF NOT EXISTS (SELECT FROM transition_requirement t
                    WHERE t.from_state = o.status AND t.to_state = reopen.to_state
                      AND t.requirement = 'reopen_event') THEN
        RAISE EXCEPTION 'outfall % is %: it cannot be reopened to %',
                outfall_label(o.code, o.survey_id, o.id), state_name(o.status), state_name(to_state)
            USING ERRCODE = 'check_violation', CONSTRAINT = 'outfall_lifecycle',
                  DETAIL = format('Reopening leads from %s to: %s.', state_name(o.status),
                                  coalesce((SELECT string_agg(state_name(t.to_state), ', ' ORDER BY t.to_state)
                                              FROM transition_requirement t
                                             WHERE t.from_state = o.status AND t.requirement = 'reopen_event'),
                                           'nothing (only closed and retained outfalls are reopened)')),
                  HINT = 'Other steps are taken with outfall.advance().';
    END IF;
    prev := set_event_time(at);
    PERFORM set_config('outfall.reopen_reason', reason, true);
    UPDATE outfall SET status = to_state WHERE id = o.id;
    PERFORM set_config('outfall.reopen_reason', '', true);
    PERFORM set_config('outfall.event_time', prev, true);
    RETURN to_state;
END;
$$;
COMMENT ON FUNCTION @extschema@.reopen(@extschema@.outfall_code, @extschema@.state, text, timestamptz) IS
    'reopen a closed or retained outfall (to found or rectifying) at a time (default now); the ledger records a reopen event with the reason';
