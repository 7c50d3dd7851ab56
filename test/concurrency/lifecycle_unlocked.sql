-- Not part of the extension: a faulty advance() for seeing
-- test/concurrency/lifecycle.sh fail.  It reads the outfall without a lock,
-- decides from what it read, then writes, as a client doing read-then-update
-- would: of two sessions taking the same step at once, the second's UPDATE
-- finds the step taken, changes nothing and writes no event, yet the call
-- answers with success.  The test must count these as lost updates.
--   LIFECYCLE_SQL="src/registry/locking.sql test/concurrency/lifecycle_unlocked.sql" \
--       test/concurrency/lifecycle.sh
CREATE OR REPLACE FUNCTION @extschema@.advance(code @extschema@.outfall_code, to_state @extschema@.state,
                                               evidence jsonb DEFAULT '{}')
    RETURNS @extschema@.state
    LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT
AS $$
DECLARE
    e advance_doc := read_doc(NULL::advance_doc, coalesce(evidence, '{}'), 'evidence');
    o outfall;
    prev text;
BEGIN
    SELECT * INTO o FROM outfall x WHERE x.code = advance.code;     -- no FOR UPDATE
    IF o.status = to_state THEN
        RAISE EXCEPTION 'outfall % is already %', outfall_label(o.code, o.survey_id, o.id), state_name(to_state)
            USING ERRCODE = 'check_violation', CONSTRAINT = 'outfall_lifecycle';
    END IF;
    prev := set_event_time(e.at);
    IF e.verification IS NOT NULL THEN
        INSERT INTO verification (outfall_id, evidence) VALUES (o.id, e.verification);
    END IF;
    UPDATE outfall SET status = to_state WHERE id = o.id;
    PERFORM set_config('outfall.event_time', prev, true);
    RETURN to_state;
END;
$$;
