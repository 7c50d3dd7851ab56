-- The check engine: rules that report findings about outfalls.  A rule is a
-- row of outfall.rule (stable id, titles, severity, the plan and clause it
-- comes from) and a set-returning SQL function that finds every outfall
-- breaking it in one pass:
--
--     rule_function(outfalls bigint[]) RETURNS TABLE (outfall_id bigint,
--                                                     message_zh text, message_en text)
--
-- where outfalls NULL means the whole registry.  Written as a single SQL
-- query, the function is inlined into the caller's plan, so that the scope
-- becomes an index condition and the whole registry is one pass per rule.
-- A deployment switches rules off, or changes their severity, in
-- outfall.rule_setting; new rules (the spatial ones, a DBA's own) plug in
-- as new rows.

CREATE TABLE @extschema@.rule (
    id             text PRIMARY KEY CONSTRAINT rule_id_form CHECK (id ~ '^[a-z][a-z0-9_]*$'),
    title_zh       text NOT NULL CHECK (btrim(title_zh) <> ''),
    title_en       text NOT NULL CHECK (btrim(title_en) <> ''),
    description    text NOT NULL CHECK (btrim(description) <> ''),
    severity       text NOT NULL CONSTRAINT rule_severity_kind
                   CHECK (severity IN ('blocking', 'warning', 'notice')),
    basis          text NOT NULL CHECK (btrim(basis) <> ''),
    check_function regprocedure NOT NULL,
    shipped        boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE @extschema@.rule IS
    'the rules outfalls are checked against: each finds, in one pass of SQL, the outfalls that break it';
COMMENT ON COLUMN @extschema@.rule.id IS 'stable id, as findings name the rule';
COMMENT ON COLUMN @extschema@.rule.severity IS
    'blocking (阻断: the outfall cannot be closed out or retained while it stands), warning (警告) or notice (提示)';
COMMENT ON COLUMN @extschema@.rule.basis IS 'the plan and clause, or the standard, the rule comes from, e.g. 昌吉 三(三)2';
COMMENT ON COLUMN @extschema@.rule.check_function IS
    'function(outfalls bigint[]) RETURNS TABLE (outfall_id bigint, message_zh text, message_en text); NULL outfalls: the whole registry';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.rule', 'WHERE NOT shipped');

-- A rule's function must have the engine's signature.
CREATE FUNCTION @extschema@.rule_function_check() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT
AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_proc p
                    WHERE p.oid = NEW.check_function
                      AND p.pronargs = 1 AND p.proargtypes[0] = 'bigint[]'::regtype
                      AND p.proretset
                      AND pg_catalog.pg_get_function_result(p.oid)
                          = 'TABLE(outfall_id bigint, message_zh text, message_en text)') THEN
        RAISE EXCEPTION 'rule "%": function % does not have the signature of a rule', NEW.id, NEW.check_function
            USING ERRCODE = 'check_violation', CONSTRAINT = 'rule_function_signature', TABLE = 'rule',
                  COLUMN = 'check_function',
                  DETAIL = format('It is %s(%s) RETURNS %s.', NEW.check_function::oid::regproc,
                                  pg_catalog.pg_get_function_arguments(NEW.check_function),
                                  pg_catalog.pg_get_function_result(NEW.check_function)),
                  HINT = 'A rule function is f(outfalls bigint[]) RETURNS TABLE (outfall_id bigint, message_zh text, message_en text).';
    END IF;
    RETURN NEW;
END;
$$;
COMMENT ON FUNCTION @extschema@.rule_function_check() IS
    'trigger refusing a rule whose function does not have the signature the engine calls';
CREATE TRIGGER rule_function_signature BEFORE INSERT OR UPDATE OF check_function ON @extschema@.rule
    FOR EACH ROW EXECUTE FUNCTION @extschema@.rule_function_check();

CREATE TABLE @extschema@.rule_setting (
    rule       text PRIMARY KEY REFERENCES @extschema@.rule ON UPDATE CASCADE ON DELETE CASCADE,
    enabled    boolean NOT NULL,
    severity   text CONSTRAINT rule_setting_severity_kind
               CHECK (severity IN ('blocking', 'warning', 'notice')),
    note       text,
    changed_by name NOT NULL DEFAULT current_user,
    changed_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE @extschema@.rule_setting IS
    'this deployment''s choices: rules switched off, severities changed (see outfall.set_rule)';
COMMENT ON COLUMN @extschema@.rule_setting.severity IS 'the severity used here instead of the rule''s own; NULL keeps it';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.rule_setting', '');

CREATE VIEW @extschema@.rule_in_force AS
SELECT r.id, r.title_zh, r.title_en, coalesce(s.severity, r.severity) AS severity, r.basis,
       coalesce(s.enabled, true) AS enabled, r.check_function, r.description, s.note
  FROM @extschema@.rule r
  LEFT JOIN @extschema@.rule_setting s ON s.rule = r.id;
COMMENT ON VIEW @extschema@.rule_in_force IS
    'every rule as this deployment applies it: enabled or not, and its severity here';

CREATE FUNCTION @extschema@.set_rule(rule text, enabled boolean, severity text DEFAULT NULL, note text DEFAULT NULL)
    RETURNS void
    LANGUAGE plpgsql SET search_path FROM CURRENT
AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM @extschema@.rule r WHERE r.id = set_rule.rule) THEN
        RAISE EXCEPTION 'no rule "%"', set_rule.rule
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The rules are listed in outfall.rule_in_force.';
    END IF;
    IF set_rule.severity NOT IN ('blocking', 'warning', 'notice') THEN
        RAISE EXCEPTION 'rule "%": no severity "%"', set_rule.rule, set_rule.severity
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'A severity is blocking (blocks close-out), warning or notice; NULL keeps the rule''s own.';
    END IF;
    INSERT INTO @extschema@.rule_setting AS s (rule, enabled, severity, note)
    VALUES (set_rule.rule, set_rule.enabled, set_rule.severity, set_rule.note)
    ON CONFLICT ON CONSTRAINT rule_setting_pkey DO UPDATE
       SET enabled = excluded.enabled, severity = excluded.severity, note = excluded.note,
           changed_by = current_user, changed_at = now();
END;
$$;
COMMENT ON FUNCTION @extschema@.set_rule(text, boolean, text, text) IS
    'switch a rule on or off for this deployment, optionally with another severity and a note';

-- The outfalls the rules look at: every outfall but those banned or merged
-- away (rectified or closed under a ban or merge plan), which no longer
-- discharge.  The rules read the outfall's plan from here too.
CREATE VIEW @extschema@.outfall_in_use AS
SELECT o.id, o.code, o.survey_id, o.name, o.survey_name, o.category, o.division, o.water_body,
       o.status, o.responsible_id, o.setting, p.action AS plan_action, p.deadline AS plan_deadline
  FROM @extschema@.outfall o
  LEFT JOIN @extschema@.plan p ON p.outfall_id = o.id
 WHERE o.status NOT IN ('rectified', 'closed') OR p.action IS NULL OR p.action NOT IN ('ban', 'merge');
COMMENT ON VIEW @extschema@.outfall_in_use IS
    'outfalls that still discharge: all but those banned or merged away; with their plan''s action and deadline';

-- Findings of the rules in force: of the given outfalls (NULL: all), of the
-- given rules (NULL: all enabled).  One query per rule.
CREATE FUNCTION @extschema@.findings(outfalls bigint[] DEFAULT NULL, rules text[] DEFAULT NULL)
    RETURNS TABLE (outfall_id bigint, rule text, severity text, message_zh text, message_en text, basis text)
    LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SET search_path FROM CURRENT
AS $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT * FROM rule_in_force f
              WHERE f.enabled AND (findings.rules IS NULL OR f.id = ANY (findings.rules))
              ORDER BY f.id
    LOOP
        RETURN QUERY EXECUTE format(
            'SELECT f.outfall_id, $2, $3, f.message_zh, f.message_en, $4 FROM %s($1) f',
            r.check_function::oid::regproc)
            USING outfalls, r.id, r.severity, r.basis;
    END LOOP;
END;
$$;
COMMENT ON FUNCTION @extschema@.findings(bigint[], text[]) IS
    'the findings of the rules in force (or the given ones) about the given outfalls, or the whole registry when NULL: one pass of SQL per rule';

-- The order findings are listed in: the gravest first.
CREATE FUNCTION @extschema@.severity_rank(text) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN CASE $1 WHEN 'blocking' THEN 1 WHEN 'warning' THEN 2 WHEN 'notice' THEN 3 END;
COMMENT ON FUNCTION @extschema@.severity_rank(text) IS 'blocking 1, warning 2, notice 3: the order findings are listed in';

CREATE FUNCTION @extschema@."check"(o @extschema@.outfall)
    RETURNS TABLE (rule text, severity text, message_zh text, message_en text, basis text)
    LANGUAGE sql STABLE PARALLEL RESTRICTED
BEGIN ATOMIC
    SELECT f.rule, f.severity, f.message_zh, f.message_en, f.basis
      FROM @extschema@.findings(ARRAY[o.id]) f
     ORDER BY @extschema@.severity_rank(f.severity), f.rule, f.message_en;
END;
COMMENT ON FUNCTION @extschema@."check"(@extschema@.outfall) IS
    'the findings of the rules in force about one outfall, gravest first: rule, severity, message in Chinese and English, basis';

-- All open findings, with what reports group them by.
CREATE VIEW @extschema@.finding AS
SELECT f.rule, f.severity, f.outfall_id, o.code, coalesce(o.name, o.survey_name) AS outfall_name,
       o.status, o.division, @extschema@.code_division(o.division) AS county, d.name AS county_name,
       o.water_body, w.name AS water_body_name, f.message_zh, f.message_en, f.basis
  FROM @extschema@.findings() f
  JOIN @extschema@.outfall o ON o.id = f.outfall_id
  LEFT JOIN @extschema@.division d ON d.code = @extschema@.code_division(o.division)
  LEFT JOIN @extschema@.water_body w ON w.code = o.water_body;
COMMENT ON VIEW @extschema@.finding IS
    'every open finding of the rules in force across the registry, with the outfall''s county (区县) and receiving water';
