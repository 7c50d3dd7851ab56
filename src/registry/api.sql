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
