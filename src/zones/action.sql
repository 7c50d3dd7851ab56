-- What the plans require of an outfall by where it is (三个一批):
--   ban                  inside a zone where outfalls are banned (依法取缔);
--   plan_instead_of_ban  the same, but the outfall was there before the zone
--                        was designated: a historical case gets a
--                        rectification plan instead (避免“一刀切”);
--   merge                a domestic outlet inside the town sewer coverage,
--                        or an enterprise's outfall inside an industrial
--                        park, which discharges through the park plant
--                        (清理合并);
--   standardize          everything else that stays (规范整治), and always a
--                        town stormwater outfall, never sealed nor merged;
--   undetermined         no category yet, and no zone decides alone.
-- With the zone and the rule that decided, in Chinese and English.

CREATE FUNCTION @extschema@.required_actions(outfalls bigint[])
    RETURNS TABLE (outfall_id bigint, action text, zone_id bigint, zone_name text,
                   reason_zh text, reason_en text, basis text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT o.id,
           d.action,
           d.zone_id,
           z.name,
           CASE d.action
             WHEN 'ban' THEN format('位于%s“%s”内，依法取缔', k.name_zh, z.name)
             WHEN 'plan_instead_of_ban' THEN format('位于%s“%s”内，但%s，属历史遗留问题，制定整治措施，避免“一刀切”', k.name_zh, z.name,
                  CASE WHEN o.is_legacy THEN '已认定在区域划定前存在' ELSE format('排查发现于 %s，早于区域划定日期 %s', o.found_on, z.valid_from) END)
             WHEN 'merge' THEN CASE k.effect
                  WHEN 'sewer' THEN format('生活污水散排口位于%s“%s”内，清理合并，接入污水收集管网', k.name_zh, z.name)
                  ELSE format('企业排污口位于%s“%s”内，清理合并，污水经园区污水处理厂处理', k.name_zh, z.name) END
             WHEN 'standardize' THEN CASE WHEN c.keep_open AND b.zone_id IS NOT NULL
                  THEN format('城镇雨洪排口严禁封堵，虽位于%s“%s”内，规范整治', k.name_zh, z.name)
                  WHEN c.keep_open THEN '城镇雨洪排口严禁合并封堵，规范整治'
                  ELSE '保留的排污口，规范整治' END
             ELSE '尚未确定类别，无区域决定其整治方式'
           END,
           CASE d.action
             WHEN 'ban' THEN format('inside %s "%s": banned', k.name_en, z.name)
             WHEN 'plan_instead_of_ban' THEN format('inside %s "%s", but %s: a historical case gets a rectification plan instead of a ban', k.name_en, z.name,
                  CASE WHEN o.is_legacy THEN 'recorded as predating the zone' ELSE format('found on %s, before the zone was designated on %s', o.found_on, z.valid_from) END)
             WHEN 'merge' THEN CASE k.effect
                  WHEN 'sewer' THEN format('domestic outlet inside %s "%s": merge into the sewer', k.name_en, z.name)
                  ELSE format('enterprise outfall inside %s "%s": discharge through the park plant', k.name_en, z.name) END
             WHEN 'standardize' THEN CASE WHEN c.keep_open AND b.zone_id IS NOT NULL
                  THEN format('town stormwater outfall, never sealed: standardize, although inside %s "%s"', k.name_en, z.name)
                  WHEN c.keep_open THEN 'town stormwater outfall, never merged or sealed: standardize'
                  ELSE 'an outfall that stays: standardize' END
             ELSE 'no category yet, and no zone decides alone'
           END,
           CASE WHEN d.action = 'standardize' AND c.keep_open THEN '黔江 二(二)5'
                WHEN d.action IN ('standardize', 'undetermined') THEN '昌吉 三(二)3'
                WHEN d.action = 'plan_instead_of_ban' THEN k.basis || '（历史遗留）'
                ELSE k.basis END
      FROM @extschema@.outfall o
      LEFT JOIN @extschema@.category c ON c.id = o.category
      -- the ban zone that decides: one the outfall does not predate, else the strictest
      LEFT JOIN LATERAL (
            SELECT m.zone_id,
                   o.is_legacy OR coalesce(o.found_on < bz.valid_from, false) AS legacy
              FROM @extschema@.outfall_zone m
              JOIN @extschema@.zone bz ON bz.id = m.zone_id
              JOIN @extschema@.zone_kind bk ON bk.kind = bz.kind
             WHERE m.outfall_id = o.id AND bk.effect = 'ban'
             ORDER BY o.is_legacy OR coalesce(o.found_on < bz.valid_from, false), bk.strictness, bz.id
             LIMIT 1) b ON true
      LEFT JOIN LATERAL (
            SELECT m.zone_id
              FROM @extschema@.outfall_zone m
              JOIN @extschema@.zone mz ON mz.id = m.zone_id
              JOIN @extschema@.zone_kind mk ON mk.kind = mz.kind
             WHERE m.outfall_id = o.id
               AND ((mk.effect = 'sewer' AND c.is_domestic_scattered) OR (mk.effect = 'park' AND c.is_enterprise_outfall))
             ORDER BY mk.effect DESC, mz.id
             LIMIT 1) g ON b.zone_id IS NULL AND NOT coalesce(c.keep_open, false)
      CROSS JOIN LATERAL (
            SELECT CASE WHEN c.keep_open THEN 'standardize'
                        WHEN b.zone_id IS NOT NULL AND b.legacy THEN 'plan_instead_of_ban'
                        WHEN b.zone_id IS NOT NULL THEN 'ban'
                        WHEN g.zone_id IS NOT NULL THEN 'merge'
                        WHEN c.id IS NULL THEN 'undetermined'
                        ELSE 'standardize' END AS action,
                   coalesce(b.zone_id, g.zone_id) AS zone_id) d
      LEFT JOIN @extschema@.zone z ON z.id = d.zone_id
      LEFT JOIN @extschema@.zone_kind k ON k.kind = z.kind
     WHERE (outfalls IS NULL OR o.id = ANY (outfalls));
END;
COMMENT ON FUNCTION @extschema@.required_actions(bigint[]) IS
    'what the plans require of each given outfall (NULL: all) by where it is: ban, plan_instead_of_ban, merge, standardize or undetermined, with the zone and rule that decided';

-- PL/pgSQL, not SQL: a strict SQL function is not inlined, and planned
-- afresh on every call its filter could not use the primary key; here the
-- plan is made for the one id.
CREATE FUNCTION @extschema@.required_action(outfall bigint)
    RETURNS TABLE (action text, zone_id bigint, zone_name text, reason_zh text, reason_en text, basis text)
    LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path FROM CURRENT
    ROWS 1
AS $$
BEGIN
    RETURN QUERY
    SELECT r.action, r.zone_id, r.zone_name, r.reason_zh, r.reason_en, r.basis
      FROM required_actions(ARRAY[required_action.outfall]) r;
END;
$$;
COMMENT ON FUNCTION @extschema@.required_action(bigint) IS
    'what the plans require of one outfall by where it is (ban, plan_instead_of_ban, merge, standardize, undetermined), with the zone and rule that decided';
