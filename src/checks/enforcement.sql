-- Where a finding stops a write.
--
-- Close-out: a state change marked needs_no_blocking_finding in
-- outfall.transition (rectified → closed, planned → retained, closed →
-- retained) is refused while a blocking finding about the outfall stands.
-- The check runs after the statement has written its rows (a statement
-- trigger with transition tables), so the rules see the outfall as it
-- would be, and a bulk UPDATE is checked in one pass per rule.
--
-- Stormwater: a plan that would ban (seal) or merge a town stormwater
-- outfall is refused when written, as is a change of category that would
-- make an existing plan do so, while the rule stormwater_kept_open is on.

ALTER TABLE @extschema@.transition
    ADD COLUMN needs_no_blocking_finding boolean NOT NULL DEFAULT false;
COMMENT ON COLUMN @extschema@.transition.needs_no_blocking_finding IS
    'refused while a blocking finding (outfall.check) about the outfall stands';
UPDATE @extschema@.transition SET needs_no_blocking_finding = true
 WHERE (from_state, to_state) IN (('rectified', 'closed'), ('planned', 'retained'), ('closed', 'retained'));

-- The findings of the given rules about the first of the given outfalls
-- that has any, as one text, and how many other outfalls have findings.
CREATE FUNCTION @extschema@.finding_digest(outfalls bigint[], rules text[])
    RETURNS TABLE (outfall_id bigint, label text, findings bigint, detail text, other_outfalls bigint)
    LANGUAGE sql STABLE PARALLEL RESTRICTED
BEGIN ATOMIC
    WITH f AS MATERIALIZED (
        SELECT * FROM @extschema@.findings(finding_digest.outfalls, finding_digest.rules)
    ), first AS (
        SELECT min(f.outfall_id) AS id FROM f
    )
    SELECT o.id, @extschema@.outfall_label(o.code, o.survey_id, o.id), count(*),
           string_agg(format('[%s, %s] %s (%s)', f.rule, f.basis, f.message_en, f.message_zh), E'\n'
                      ORDER BY f.rule, f.message_en),
           (SELECT count(DISTINCT f2.outfall_id) - 1 FROM f f2)
      FROM first
      JOIN f ON f.outfall_id = first.id
      JOIN @extschema@.outfall o ON o.id = first.id
     GROUP BY o.id, o.code, o.survey_id;
END;
COMMENT ON FUNCTION @extschema@.finding_digest(bigint[], text[]) IS
    'the findings of the given rules about the first of the given outfalls that has any, as one text, for refusals';

CREATE FUNCTION @extschema@.close_out_check() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT
AS $$
DECLARE
    ids bigint[];
    blocking text[];
    d record;
    from_state state;
    to_state state;
BEGIN
    SELECT array_agg(n.id ORDER BY n.id) INTO ids
      FROM new_rows n
      JOIN old_rows o ON o.id = n.id
      JOIN transition t ON t.from_state = o.status AND t.to_state = n.status
     WHERE t.needs_no_blocking_finding;
    IF ids IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT array_agg(r.id) INTO blocking FROM rule_in_force r WHERE r.enabled AND r.severity = 'blocking';
    IF blocking IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT * INTO d FROM finding_digest(ids, blocking);
    IF d.outfall_id IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT o.status, n.status INTO from_state, to_state
      FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.id = d.outfall_id;
    RAISE EXCEPTION 'outfall %: cannot move from % to %: % blocking finding(s) (阻断性问题) stand',
            d.label, state_name(from_state), state_name(to_state), d.findings
        USING ERRCODE = 'check_violation', CONSTRAINT = 'outfall_lifecycle', TABLE = 'outfall', COLUMN = 'status',
              DETAIL = d.detail || CASE WHEN d.other_outfalls > 0
                                        THEN format(E'\n%s other outfall(s) of this statement have blocking findings too.',
                                                    d.other_outfalls)
                                        ELSE '' END,
              HINT = 'Resolve them (outfall.check(outfall) lists each with its basis), or, where this deployment does not apply a rule, switch it off with outfall.set_rule().';
END;
$$;
COMMENT ON FUNCTION @extschema@.close_out_check() IS
    'statement trigger refusing close-out or retention (outfall.transition.needs_no_blocking_finding) while blocking findings stand';
CREATE TRIGGER outfall_close_out AFTER UPDATE ON @extschema@.outfall
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.close_out_check();

CREATE FUNCTION @extschema@.keep_open_check() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT
AS $$
DECLARE
    ids bigint[];
    d record;
BEGIN
    IF NOT EXISTS (SELECT FROM rule_in_force r WHERE r.id = 'stormwater_kept_open' AND r.enabled) THEN
        RETURN NULL;
    END IF;
    IF TG_TABLE_NAME = 'plan' THEN
        SELECT array_agg(n.outfall_id) INTO ids FROM new_rows n WHERE n.action IN ('ban', 'merge');
    ELSE
        SELECT array_agg(n.id) INTO ids
          FROM new_rows n JOIN old_rows o ON o.id = n.id
         WHERE n.category IS DISTINCT FROM o.category;
    END IF;
    IF ids IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT * INTO d FROM finding_digest(ids, ARRAY['stormwater_kept_open']);
    IF d.outfall_id IS NULL THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'outfall %: a town stormwater outfall (城镇雨洪排口) is never merged or sealed', d.label
        USING ERRCODE = 'check_violation', CONSTRAINT = 'plan_keeps_stormwater_open', TABLE = TG_TABLE_NAME,
              DETAIL = d.detail,
              HINT = 'Plan to standardize or retain it; sewage seen at it in dry weather is traced and stopped at its sources.';
END;
$$;
COMMENT ON FUNCTION @extschema@.keep_open_check() IS
    'statement trigger refusing a plan, or a change of category, that would ban or merge a town stormwater outfall';
CREATE TRIGGER plan_keeps_stormwater_open AFTER INSERT ON @extschema@.plan
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.keep_open_check();
CREATE TRIGGER plan_keeps_stormwater_open_update AFTER UPDATE ON @extschema@.plan
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.keep_open_check();
CREATE TRIGGER outfall_keeps_stormwater_open AFTER UPDATE ON @extschema@.outfall
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.keep_open_check();
