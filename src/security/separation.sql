-- Separation of duties: an outfall is closed out (销号) or confirmed as
-- retained only by a verifier (outfall_verifier), and never by the role
-- that moved it into the state being verified — the staff who finished the
-- works do not accept their own works.  Neither the acting role nor the
-- login may be that step's: a person who is both an editor (through a team
-- role they SET ROLE to) and a verifier is still one person.  (A login
-- outside the policies — a superuser's session acting as several roles in
-- turn — is not taken for one person.)  Roles the jurisdiction policies do
-- not hold (superusers, the registry's owner loading history) are not held
-- to it either.

INSERT INTO @extschema@.requirement VALUES
    ('independent_verifier',
     'the role closing it is not a verifier (outfall_verifier), or it (or its login) moved the outfall into its current state',
     'A member of outfall_verifier other than the staff who recorded the step closes out: outfall.retire(code, evidence).');
INSERT INTO @extschema@.transition_requirement VALUES
    ('planned', 'retained', 'independent_verifier'),
    ('rectified', 'closed', 'independent_verifier');

-- Who recorded an outfall's move into its current state, from the ledger:
-- the acting role and the login.
CREATE FUNCTION @extschema@.state_entered_by(outfall_id bigint, OUT actor name, OUT login name)
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT l.actor, l.login FROM @extschema@.ledger l
     WHERE l.entity_id = state_entered_by.outfall_id AND l.entity = 'outfall'
       AND (l.new ? 'status' OR l.op = 'insert')
     ORDER BY l.id DESC
     LIMIT 1;
END;
COMMENT ON FUNCTION @extschema@.state_entered_by(bigint) IS
    'the role and the login that moved an outfall into its current state (from the ledger)';

CREATE OR REPLACE FUNCTION @extschema@.missing_requirement(requirement text, o @extschema@.outfall, n @extschema@.outfall)
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
        WHEN 'independent_verifier' THEN
            bypasses_jurisdiction()
            OR pg_catalog.pg_has_role(acting_role(), 'outfall_verifier', 'USAGE')
               AND NOT EXISTS (SELECT FROM state_entered_by(n.id) e
                                WHERE e.actor = acting_role()
                                   OR e.login = SESSION_USER AND NOT bypasses_jurisdiction(SESSION_USER))
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
