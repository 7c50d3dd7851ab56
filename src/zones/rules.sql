-- The spatial rules, plugged into the check engine (src/checks/engine.sql)
-- like the others: one inlinable query each over the outfalls in use, read
-- from the zone memberships and outfall.required_actions.

-- The Chinese name of a plan's action (三个一批, and retaining as it is).
CREATE FUNCTION @extschema@.plan_action_zh(action text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN CASE action WHEN 'ban' THEN '依法取缔' WHEN 'merge' THEN '清理合并'
                       WHEN 'standardize' THEN '规范整治' WHEN 'retain' THEN '保留' END;
COMMENT ON FUNCTION @extschema@.plan_action_zh(text) IS
    'the Chinese name of a plan action: 依法取缔, 清理合并, 规范整治, 保留';

-- In a zone where outfalls are banned, without a plan to ban it (or to
-- merge it away: either way it stops discharging there); a historical case
-- (plan_instead_of_ban) without a rectification plan.
CREATE FUNCTION @extschema@.rule_prohibited_zone(outfalls bigint[])
    RETURNS TABLE (outfall_id bigint, message_zh text, message_en text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT o.id,
           CASE r.action
             WHEN 'ban' THEN format('位于%s“%s”内，应依法取缔，%s', k.name_zh, r.zone_name,
                                    coalesce('但整治计划为“' || @extschema@.plan_action_zh(o.plan_action) || '”', '尚无取缔计划'))
             ELSE format('位于%s“%s”内的历史遗留排污口，%s', k.name_zh, r.zone_name,
                         coalesce('整治计划为“' || @extschema@.plan_action_zh(o.plan_action) || '”，未制定整治措施', '尚无整治计划'))
           END,
           CASE r.action
             WHEN 'ban' THEN format('inside %s "%s": to be banned, but %s', k.name_en, r.zone_name,
                                    coalesce('the plan is to ' || o.plan_action, 'there is no plan to ban it'))
             ELSE format('historical outfall inside %s "%s": %s', k.name_en, r.zone_name,
                         coalesce('the plan is to ' || o.plan_action || ', without rectification measures', 'no rectification plan'))
           END
      FROM @extschema@.outfall_in_use o
      JOIN @extschema@.required_actions(outfalls) r ON r.outfall_id = o.id
      JOIN @extschema@.zone z ON z.id = r.zone_id
      JOIN @extschema@.zone_kind k ON k.kind = z.kind
     WHERE (outfalls IS NULL OR o.id = ANY (outfalls))
       AND ((r.action = 'ban' AND (o.plan_action IS NULL OR o.plan_action NOT IN ('ban', 'merge')))
         OR (r.action = 'plan_instead_of_ban' AND (o.plan_action IS NULL OR o.plan_action = 'retain')));
END;

-- Inside the town sewer coverage (a domestic outlet) or an industrial park
-- (an enterprise's outfall), without a plan to merge it.
CREATE FUNCTION @extschema@.rule_merge_not_planned(outfalls bigint[], zone_effect text)
    RETURNS TABLE (outfall_id bigint, message_zh text, message_en text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT o.id,
           format('%s，%s', r.reason_zh, coalesce('但整治计划为“' || @extschema@.plan_action_zh(o.plan_action) || '”', '尚无合并计划')),
           format('%s; %s', r.reason_en, coalesce('but the plan is to ' || o.plan_action, 'there is no plan to merge it'))
      FROM @extschema@.outfall_in_use o
      JOIN @extschema@.required_actions(outfalls) r ON r.outfall_id = o.id
      JOIN @extschema@.zone z ON z.id = r.zone_id
      JOIN @extschema@.zone_kind k ON k.kind = z.kind
     WHERE (outfalls IS NULL OR o.id = ANY (outfalls))
       AND r.action = 'merge' AND k.effect = zone_effect
       AND o.plan_action IS DISTINCT FROM 'merge';
END;

CREATE FUNCTION @extschema@.rule_sewer_coverage_not_merged(outfalls bigint[])
    RETURNS TABLE (outfall_id bigint, message_zh text, message_en text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT * FROM @extschema@.rule_merge_not_planned(outfalls, 'sewer');
END;

CREATE FUNCTION @extschema@.rule_park_enterprise_not_merged(outfalls bigint[])
    RETURNS TABLE (outfall_id bigint, message_zh text, message_en text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT * FROM @extschema@.rule_merge_not_planned(outfalls, 'park');
END;

-- In a key area whose survey date has passed, and the survey record is not
-- complete: code, category, receiving water, and a field walk (level 2) or
-- key-point check (level 3).
CREATE FUNCTION @extschema@.rule_key_area_survey_late(outfalls bigint[])
    RETURNS TABLE (outfall_id bigint, message_zh text, message_en text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT o.id,
           format('位于“%s”内，应于 %s 前完成排查，尚缺%s', ka.name, ka.due_on,
                  array_to_string(ARRAY[CASE WHEN o.code IS NULL THEN '编码' END,
                                        CASE WHEN o.category IS NULL THEN '类别' END,
                                        CASE WHEN o.water_body IS NULL THEN '受纳水体' END,
                                        CASE WHEN coalesce(f.survey_level, 0) < 2 THEN '现场排查（二级及以上）' END], '、')),
           format('inside "%s", due to be surveyed by %s, but without %s', ka.name, ka.due_on,
                  array_to_string(ARRAY[CASE WHEN o.code IS NULL THEN 'a code' END,
                                        CASE WHEN o.category IS NULL THEN 'a category' END,
                                        CASE WHEN o.water_body IS NULL THEN 'a receiving water' END,
                                        CASE WHEN coalesce(f.survey_level, 0) < 2 THEN 'a field survey (level 2 or 3)' END], ', '))
      FROM @extschema@.outfall_in_use o
      JOIN @extschema@.outfall f ON f.id = o.id
      JOIN LATERAL (SELECT z.name, z.due_on
                      FROM @extschema@.outfall_zone m
                      JOIN @extschema@.zone z ON z.id = m.zone_id
                     WHERE m.outfall_id = o.id AND z.kind = 'key_area' AND z.due_on < current_date
                     ORDER BY z.due_on, z.id
                     LIMIT 1) ka ON true
     WHERE (outfalls IS NULL OR o.id = ANY (outfalls))
       AND (o.code IS NULL OR o.category IS NULL OR o.water_body IS NULL OR coalesce(f.survey_level, 0) < 2);
END;

INSERT INTO @extschema@.rule (id, title_zh, title_en, description, severity, basis, check_function, shipped) VALUES
 ('prohibited_zone', '禁设区域内未取缔', 'in a prohibited zone, not banned',
  'An outfall inside an ecological red line, drinking-water source protection zone, nature protected area or other specially protected area is planned to be banned (or merged away); one that predates the zone has a rectification plan instead.',
  'blocking', '昌吉 三(二)1; 黔江 二(二)2', '@extschema@.rule_prohibited_zone(bigint[])', true),
 ('sewer_coverage_not_merged', '管网覆盖范围内生活污水散排口未合并', 'domestic outlet in sewer coverage, not merged',
  'A domestic scattered outlet inside the town sewer network''s coverage is planned to be merged into the sewer.',
  'warning', '昌吉 三(二)2; 黔江 二(二)3', '@extschema@.rule_sewer_coverage_not_merged(bigint[])', true),
 ('park_enterprise_not_merged', '园区内企业排污口未合并', 'enterprise outfall in an industrial park, not merged',
  'An enterprise''s outfall inside an industrial park is planned to be merged, its water going through the park''s treatment plant.',
  'warning', '昌吉 三(二)2; 黔江 二(二)3', '@extschema@.rule_park_enterprise_not_merged(bigint[])', true),
 ('key_area_survey_late', '重点区域逾期未完成排查', 'key area survey not complete by its date',
  'An outfall inside a key area whose survey date has passed has a code, a category, a receiving water and a field survey (level 2 or 3).',
  'warning', '昌吉 一、二', '@extschema@.rule_key_area_survey_late(bigint[])', true);

COMMENT ON FUNCTION @extschema@.rule_prohibited_zone(bigint[]) IS 'rule prohibited_zone: outfalls in a ban zone without a ban plan (historical ones without a rectification plan)';
COMMENT ON FUNCTION @extschema@.rule_merge_not_planned(bigint[], text) IS 'outfalls that must be merged because of a zone of the given effect (sewer, park) without a merge plan';
COMMENT ON FUNCTION @extschema@.rule_sewer_coverage_not_merged(bigint[]) IS 'rule sewer_coverage_not_merged: domestic outlets in sewer coverage without a merge plan';
COMMENT ON FUNCTION @extschema@.rule_park_enterprise_not_merged(bigint[]) IS 'rule park_enterprise_not_merged: enterprise outfalls in an industrial park without a merge plan';
COMMENT ON FUNCTION @extschema@.rule_key_area_survey_late(bigint[]) IS 'rule key_area_survey_late: key-area outfalls whose survey record is incomplete after the area''s date';
