-- Standard names (规范名称, HJ 1235-2021): receiving water name + division
-- name + the responsible party or a place that locates the outfall + the
-- category name, e.g. 阿蓬江黔江区某某公司工矿企业排污口.  A part the one
-- before it already ends with, or the one after it already starts with, is
-- not repeated; a missing part is left out, and with none there is no name.

CREATE FUNCTION @extschema@.standard_name(water_name text, division @extschema@.division_code,
                                          party_or_place text, category text)
    RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH parts AS (
        SELECT btrim(water_name) AS w,
               (SELECT d.name FROM @extschema@.division d
                 WHERE d.code = @extschema@.code_division(standard_name.division)) AS d,
               btrim(party_or_place) AS p,
               (SELECT c.name_zh FROM @extschema@.category c WHERE c.id = standard_name.category) AS c
    )
    SELECT nullif(coalesce(w, '')
        || CASE WHEN d IS NULL OR starts_with(coalesce(p, ''), d) THEN '' ELSE d END
        || coalesce(p, '')
        || CASE WHEN c IS NULL OR coalesce(p, '') LIKE '%' || c THEN '' ELSE c END, '')
      FROM parts;
END;
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
