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
