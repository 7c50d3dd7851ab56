-- locking (0.6): the API under concurrent sessions.  Sessions that act on
-- the same outfalls at once (test/concurrency/lifecycle.sh) showed three
-- faults of 0.5's API, put right here by replacing the functions concerned
-- (same signatures; the earlier definitions stay as released in api.sql):
--
-- 1. Deadlocks.  set_plan() locked its outfall FOR UPDATE, then the foreign
--    key of merge_target_id locked the target FOR KEY SHARE: two plans
--    merging each into the other, written at once, each held the lock the
--    other waited for.  Now every outfall a call involves is locked first,
--    in the order of their ids.
-- 2. A step taken twice.  advance() to the state the outfall was already in
--    changed nothing, wrote no event and answered with success: of two
--    sessions taking the same step at once, both were told they took it.
--    Now the second is refused, as any other step that is no longer open.
-- 3. Events out of order.  An event happens at the transaction's start
--    (now()) unless the call says when; a call that waited for the lock of
--    its outfall wrote its events with a time earlier than those of the call
--    it waited for, so the ledger's order (happened_at) was not the order of
--    the changes, and row_as_of() rebuilt the wrong plan (a change of state
--    was refused instead: "it has been ... since" a later time).  Now a
--    call that gives no time happens no earlier than the outfall's last
--    event.

-- Set outfall.event_time for the rest of an API call that holds the lock of
-- its outfall, returning the value to restore (as set_event_time does).
-- The time given, if any; else, when the transaction has not set one for
-- past events, the later of now() and the outfall's last event: the events
-- of the outfall then follow each other in the ledger in the order the
-- locks were granted.
CREATE FUNCTION @extschema@.set_event_time_after(outfall_id bigint, at timestamptz) RETURNS text
    LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT
AS $$
DECLARE
    prev text := set_event_time(at);
    last timestamptz;
BEGIN
    IF at IS NULL AND prev = '' THEN
        SELECT max(l.happened_at) INTO last FROM ledger l
         WHERE l.outfall_id = set_event_time_after.outfall_id;
        IF last > now() THEN
            PERFORM set_config('outfall.event_time', last::text, true);
        END IF;
    END IF;
    RETURN prev;
END;
$$;
COMMENT ON FUNCTION @extschema@.set_event_time_after(bigint, timestamptz) IS
    'set outfall.event_time for an API call on a locked outfall: the time given, else no earlier than the outfall''s last event; returns the previous value';

CREATE OR REPLACE FUNCTION @extschema@.record_tracing(code @extschema@.outfall_code, doc jsonb)
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
    -- (3) the outfall's events in the order they are written
    prev := set_event_time_after(o.id, t.at);
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

CREATE OR REPLACE FUNCTION @extschema@.set_plan(code @extschema@.outfall_code, doc jsonb)
    RETURNS @extschema@.outfall_code
    LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT
AS $$
DECLARE
    p plan_doc := read_doc(NULL::plan_doc, doc, 'plan');
    own bigint := (SELECT x.id FROM outfall x WHERE x.code = set_plan.code);
    -- the target may lie in another area (security/grants.sql)
    target bigint := outfall_id(p.merge_target);
    o outfall;
    prev text;
BEGIN
    -- (1) A merge involves two outfalls: the outfall, locked FOR UPDATE like
    -- every outfall an API call changes, and the target, locked FOR SHARE
    -- (the foreign key's check would take FOR KEY SHARE; SHARE also keeps the
    -- target as plan_check finds it, active, until commit, and lets plans
    -- merging into the same target be written together).  Both are locked
    -- before anything is written, in the order of their ids, so that plans
    -- merging each into the other queue instead of deadlocking.  (NULL
    -- comparisons are false: an unknown code is refused below.)
    IF target < own THEN
        PERFORM FROM outfall x WHERE x.id = target FOR SHARE;
    END IF;
    o := outfall_for_update(code);
    IF target > o.id THEN
        PERFORM FROM outfall x WHERE x.id = target FOR SHARE;
    END IF;
    PERFORM require_fields(doc, 'plan', 'action', 'measures', 'responsible_unit', 'responsible_person', 'deadline');
    IF p.merge_target IS NOT NULL AND target IS NULL THEN
        RAISE EXCEPTION 'plan key "merge_target": no outfall with code "%"', p.merge_target
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    -- (3) the outfall's events in the order they are written
    prev := set_event_time_after(o.id, p.at);
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

CREATE OR REPLACE FUNCTION @extschema@.advance(code @extschema@.outfall_code, to_state @extschema@.state,
                                               evidence jsonb DEFAULT '{}')
    RETURNS @extschema@.state
    LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT
AS $$
DECLARE
    e advance_doc := read_doc(NULL::advance_doc, coalesce(evidence, '{}'), 'evidence');
    o outfall := outfall_for_update(code);
    prev text;
BEGIN
    -- (2) a step already taken, by another session, is not taken again
    IF o.status = to_state THEN
        RAISE EXCEPTION 'outfall % is already %', outfall_label(o.code, o.survey_id, o.id), state_name(to_state)
            USING ERRCODE = 'check_violation', CONSTRAINT = 'outfall_lifecycle', TABLE = 'outfall',
                  COLUMN = 'status',
                  DETAIL = format('It has been %s since %s.', state_name(o.status), o.status_since),
                  HINT = 'Another call may have taken the step first; read the status again before the next step.';
    END IF;
    -- (3) the outfall's events in the order they are written
    prev := set_event_time_after(o.id, e.at);
    IF e.verification IS NOT NULL THEN
        INSERT INTO verification (outfall_id, evidence) VALUES (o.id, e.verification);
    END IF;
    UPDATE outfall SET status = to_state WHERE id = o.id;
    PERFORM set_config('outfall.event_time', prev, true);
    RETURN to_state;
END;
$$;

CREATE OR REPLACE FUNCTION @extschema@.reopen(code @extschema@.outfall_code, to_state @extschema@.state, reason text,
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
    -- (3) the outfall's events in the order they are written
    prev := set_event_time_after(o.id, at);
    PERFORM set_config('outfall.reopen_reason', reason, true);
    UPDATE outfall SET status = to_state WHERE id = o.id;
    PERFORM set_config('outfall.reopen_reason', '', true);
    PERFORM set_config('outfall.event_time', prev, true);
    RETURN to_state;
END;
$$;
