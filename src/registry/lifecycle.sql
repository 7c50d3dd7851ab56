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
