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
