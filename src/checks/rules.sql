-- The rules of the work plans, each one SQL query over the registry (see
-- engine.sql for the signature).  Every function filters on its argument
-- the same way, (outfalls IS NULL OR o.id = ANY (outfalls)), which the
-- planner folds away for the whole registry and turns into an index
-- condition for a few outfalls.  Messages name the values that break the
-- rule, in Chinese and in English.

-- 1. The code agrees with the record: type letters with the category, the
-- six-digit division with the outfall's county, the water segment with the
-- receiving water (HJ 1235-2021).
CREATE FUNCTION @extschema@.rule_code_category(outfalls bigint[])
    RETURNS TABLE (outfall_id bigint, message_zh text, message_en text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT o.id,
           format('编码 %s 的类型代码 %s 表示%s，与登记类别%s不符',
                  o.code, @extschema@.type_code(o.code), coalesce('“' || cc.name_zh || '”', '目录外的类别'),
                  coalesce('“' || c.name_zh || '”（' || c.type_letters || '）', '（未登记）')),
           format('code %s: type letters %s mean %s, but the category is %s',
                  o.code, @extschema@.type_code(o.code), coalesce(cc.id, 'no category in the catalog'),
                  coalesce(c.id || coalesce(' (' || c.type_letters || ')', ''), 'not recorded'))
      FROM @extschema@.outfall_in_use o
      LEFT JOIN @extschema@.category c ON c.id = o.category
      LEFT JOIN @extschema@.category cc ON cc.type_letters = @extschema@.type_code(o.code)
     WHERE (outfalls IS NULL OR o.id = ANY (outfalls))
       AND o.code IS NOT NULL
       AND c.type_letters IS DISTINCT FROM @extschema@.type_code(o.code);
END;

CREATE FUNCTION @extschema@.rule_code_division(outfalls bigint[])
    RETURNS TABLE (outfall_id bigint, message_zh text, message_en text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT o.id,
           format('编码 %s 的行政区划代码 %s（%s）与排污口所在区县 %s（%s）不符',
                  o.code, @extschema@.division(o.code), coalesce(dc.name, '未知'),
                  @extschema@.code_division(o.division), coalesce(dd.name, '未知')),
           format('code %s: division %s (%s) is not the county of the outfall, %s (%s)',
                  o.code, @extschema@.division(o.code), coalesce(dc.name, 'unknown'),
                  @extschema@.code_division(o.division), coalesce(dd.name, 'unknown'))
      FROM @extschema@.outfall_in_use o
      LEFT JOIN @extschema@.division dc ON dc.code = @extschema@.division(o.code)
      LEFT JOIN @extschema@.division dd ON dd.code = @extschema@.code_division(o.division)
     WHERE (outfalls IS NULL OR o.id = ANY (outfalls))
       AND o.code IS NOT NULL
       AND @extschema@.division(o.code) <> @extschema@.code_division(o.division);
END;

CREATE FUNCTION @extschema@.rule_code_water_body(outfalls bigint[])
    RETURNS TABLE (outfall_id bigint, message_zh text, message_en text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT o.id,
           format('编码 %s 的水体代码 %s 与受纳水体 %s（%s）不符',
                  o.code, @extschema@.water_code(o.code), o.water_body, w.name),
           format('code %s: water body %s is not the receiving water, %s (%s)',
                  o.code, @extschema@.water_code(o.code), o.water_body, w.name)
      FROM @extschema@.outfall_in_use o
      JOIN @extschema@.water_body w ON w.code = o.water_body
     WHERE (outfalls IS NULL OR o.id = ANY (outfalls))
       AND o.code IS NOT NULL
       AND @extschema@.water_code(o.code) <> o.water_body;
END;

-- 2. An outfall set by approval (审核制) has an approval or a filing on
-- record — unless it is to be banned or merged away.
CREATE FUNCTION @extschema@.rule_approval_missing(outfalls bigint[])
    RETURNS TABLE (outfall_id bigint, message_zh text, message_en text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT o.id,
           format('“%s”实行审核制，但没有设置审核或备案记录', c.name_zh),
           format('%ss are set by approval, but no approval or filing is on record', c.name_en)
      FROM @extschema@.outfall_in_use o
      JOIN @extschema@.category c ON c.id = o.category AND c.requires_approval
     WHERE (outfalls IS NULL OR o.id = ANY (outfalls))
       AND (o.plan_action IS NULL OR o.plan_action IN ('standardize', 'retain'))
       AND NOT EXISTS (SELECT FROM @extschema@.approval a WHERE a.outfall_id = o.id);
END;

-- 3. One enterprise, one outfall (一企一口): an enterprise outside any park
-- keeps one production outfall — the one approved (the first, if none is)
-- — and files each further one it keeps with the ecology-environment
-- department.  Each unfiled further outfall is a finding.
CREATE FUNCTION @extschema@.rule_one_enterprise_one_outfall(outfalls bigint[])
    RETURNS TABLE (outfall_id bigint, message_zh text, message_en text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH kept AS (
        SELECT o.id, o.responsible_id, coalesce(a.filed, false) AS filed,
               coalesce(a.approved, false) AS approved
          FROM @extschema@.outfall_in_use o
          JOIN @extschema@.category c ON c.id = o.category AND c.is_enterprise_outfall
          JOIN @extschema@.party p ON p.id = o.responsible_id AND p.kind = 'enterprise' AND p.park_id IS NULL
          LEFT JOIN LATERAL (SELECT bool_or(a.kind = 'filing') AS filed, bool_or(a.kind = 'approval') AS approved
                               FROM @extschema@.approval a WHERE a.outfall_id = o.id) a ON true
         WHERE (o.plan_action IS NULL OR o.plan_action IN ('standardize', 'retain'))
           -- the enterprises of the given outfalls: an array, so that it is an
           -- index condition once the planner has folded outfalls IS NULL away
           AND (outfalls IS NULL
                OR o.responsible_id = ANY (ARRAY(SELECT x.responsible_id FROM @extschema@.outfall x
                                                  WHERE x.id = ANY (outfalls))))
    ), ranked AS (
        SELECT k.*, row_number() OVER w AS rank, count(*) OVER (PARTITION BY k.responsible_id) AS n
          FROM kept k
        WINDOW w AS (PARTITION BY k.responsible_id ORDER BY k.approved DESC, k.id)
    )
    SELECT r.id,
           format('园区外企业“%s”保留 %s 个工矿企业排污口，此口未向生态环境部门备案（一企一口）', p.name, r.n),
           format('enterprise "%s", outside any park, keeps %s production outfalls, and this further one is not filed with the ecology-environment department (one enterprise, one outfall)',
                  p.name, r.n)
      FROM ranked r
      JOIN @extschema@.party p ON p.id = r.responsible_id
     WHERE r.rank > 1 AND NOT r.filed
       AND (outfalls IS NULL OR r.id = ANY (outfalls));
END;

-- 4. Town stormwater outfalls are never merged or sealed (flood safety).
-- Also refused when a plan is written (enforcement.sql).
CREATE FUNCTION @extschema@.rule_stormwater_kept_open(outfalls bigint[])
    RETURNS TABLE (outfall_id bigint, message_zh text, message_en text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT o.id,
           format('“%s”严禁%s（汛期排水防涝安全），整治方案却是%s',
                  c.name_zh, CASE o.plan_action WHEN 'ban' THEN '封堵' ELSE '合并' END,
                  CASE o.plan_action WHEN 'ban' THEN '依法取缔' ELSE '清理合并' END),
           format('%ss are never merged or sealed (flood safety), but the plan is to %s it',
                  c.name_en, o.plan_action)
      FROM @extschema@.outfall_in_use o
      JOIN @extschema@.category c ON c.id = o.category AND c.keep_open
     WHERE (outfalls IS NULL OR o.id = ANY (outfalls))
       AND o.plan_action IN ('ban', 'merge');
END;

-- 5. Sewage seen at a stormwater outfall in dry weather (旱天污水直排) is
-- traced: when the latest dry-weather sample shows sewage, a tracing on or
-- after the day it was seen.
CREATE FUNCTION @extschema@.rule_dry_weather_sewage(outfalls bigint[])
    RETURNS TABLE (outfall_id bigint, message_zh text, message_en text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT o.id,
           format('雨洪排口 %s 旱天有污水排出，尚未溯源', to_char(s.seen_at, 'YYYY-MM-DD')),
           format('sewage was seen at this stormwater outfall in dry weather on %s and has not been traced since',
                  to_char(s.seen_at, 'YYYY-MM-DD'))
      FROM (SELECT DISTINCT ON (s.outfall_id) s.outfall_id, s.sampled_at AS seen_at, s.sewage_seen
              FROM @extschema@.sample s
             WHERE s.weather = 'dry'
               AND (outfalls IS NULL OR s.outfall_id = ANY (outfalls))
             ORDER BY s.outfall_id, s.sampled_at DESC, s.id DESC) s
      JOIN @extschema@.outfall_in_use o ON o.id = s.outfall_id
      JOIN @extschema@.category c ON c.id = o.category AND c.is_stormwater
     WHERE s.sewage_seen
       AND NOT EXISTS (SELECT FROM @extschema@.tracing t
                        WHERE t.outfall_id = o.id AND t.traced_on >= s.seen_at::date);
END;

-- 6. On a water that misses its quality target, new, changed or enlarged
-- outfalls are strictly controlled — town treatment plants excepted.
CREATE FUNCTION @extschema@.rule_target_missed_water(outfalls bigint[])
    RETURNS TABLE (outfall_id bigint, message_zh text, message_en text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT o.id,
           format('%s排污口位于未达到水质目标（%s类）的%s（%s），应严格控制',
                  CASE o.setting WHEN 'new' THEN '新设' WHEN 'changed' THEN '改设' ELSE '扩大' END,
                  coalesce(w.target_class, '?'), w.name, w.code),
           format('%s outfall on %s (%s), which misses its water quality target (class %s): strictly controlled',
                  o.setting, w.name, w.code, coalesce(w.target_class, '?'))
      FROM @extschema@.outfall_in_use o
      JOIN @extschema@.water_body w ON w.code = o.water_body AND NOT w.meets_target
      LEFT JOIN @extschema@.category c ON c.id = o.category
     WHERE (outfalls IS NULL OR o.id = ANY (outfalls))
       AND o.setting <> 'existing'
       AND NOT coalesce(c.is_town_plant, false);
END;

-- 7. Traced means a first responsible party; a shared outfall has each
-- discharging unit's responsibility written down (its latest tracing).
CREATE FUNCTION @extschema@.rule_responsible_party_missing(outfalls bigint[])
    RETURNS TABLE (outfall_id bigint, message_zh text, message_en text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT o.id,
           '已溯源，但没有第一责任主体',
           'traced, but no first responsible party is recorded'
      FROM @extschema@.outfall_in_use o
     WHERE (outfalls IS NULL OR o.id = ANY (outfalls))
       AND o.responsible_id IS NULL
       AND (o.status >= 'traced' OR EXISTS (SELECT FROM @extschema@.tracing t WHERE t.outfall_id = o.id));
END;

CREATE FUNCTION @extschema@.rule_shared_responsibility(outfalls bigint[])
    RETURNS TABLE (outfall_id bigint, message_zh text, message_en text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH latest AS (
        SELECT DISTINCT ON (t.outfall_id) t.outfall_id, t.id
          FROM @extschema@.tracing t
         WHERE (outfalls IS NULL OR t.outfall_id = ANY (outfalls))
         ORDER BY t.outfall_id, t.traced_on DESC, t.id DESC
    ), shared AS (
        SELECT l.outfall_id, count(DISTINCT s.party_id) AS units,
               string_agg(DISTINCT p.name, '、') FILTER (WHERE coalesce(btrim(s.responsibility), '') = '') AS unstated
          FROM latest l
          JOIN @extschema@.source s ON s.tracing_id = l.id
          JOIN @extschema@.party p ON p.id = s.party_id
         GROUP BY l.outfall_id
        HAVING count(DISTINCT s.party_id) > 1
    )
    SELECT o.id,
           format('%s 个排污单位共用此排污口，%s 的责任未写明', sh.units, sh.unstated),
           format('shared by %s discharging units; the responsibility of %s is not stated', sh.units, sh.unstated)
      FROM shared sh
      JOIN @extschema@.outfall_in_use o ON o.id = sh.outfall_id
     WHERE sh.unstated IS NOT NULL;
END;

-- 8. Monitoring covers the indicators the category requires (at least
-- flow, temperature, pH, COD, NH3-N, TP, TN), over all samples so far.
CREATE FUNCTION @extschema@.rule_monitoring_incomplete(outfalls bigint[])
    RETURNS TABLE (outfall_id bigint, message_zh text, message_en text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH measured AS (
        SELECT s.outfall_id,
               array_remove(ARRAY[
                   CASE WHEN bool_or(s.flow_m3d IS NOT NULL) THEN 'flow_m3d' END,
                   CASE WHEN bool_or(s.temperature_c IS NOT NULL) THEN 'temperature_c' END,
                   CASE WHEN bool_or(s.ph IS NOT NULL) THEN 'ph' END,
                   CASE WHEN bool_or(s.cod_mgl IS NOT NULL) THEN 'cod_mgl' END,
                   CASE WHEN bool_or(s.nh3n_mgl IS NOT NULL) THEN 'nh3n_mgl' END,
                   CASE WHEN bool_or(s.tp_mgl IS NOT NULL) THEN 'tp_mgl' END,
                   CASE WHEN bool_or(s.tn_mgl IS NOT NULL) THEN 'tn_mgl' END], NULL) AS columns
          FROM @extschema@.sample s
         WHERE (outfalls IS NULL OR s.outfall_id = ANY (outfalls))
         GROUP BY s.outfall_id
    ), missing AS (
        SELECT m.outfall_id,
               string_agg(i.name_zh, '、' ORDER BY i.position, i.key) AS names_zh,
               string_agg(i.name_en, ', ' ORDER BY i.position, i.key) AS names_en
          FROM measured m
          JOIN @extschema@.outfall o ON o.id = m.outfall_id
          JOIN @extschema@.category_indicator ci ON ci.category = o.category
          JOIN @extschema@.indicator i ON i.key = ci.indicator
         WHERE CASE WHEN i.sample_column IS NOT NULL THEN i.sample_column <> ALL (m.columns)
                    ELSE NOT EXISTS (SELECT FROM @extschema@.sample s
                                       JOIN @extschema@.sample_indicator si ON si.sample_id = s.id
                                      WHERE s.outfall_id = m.outfall_id AND si.name = i.key)
               END
         GROUP BY m.outfall_id
    )
    SELECT o.id,
           format('监测缺少%s类别要求的指标：%s', c.name_zh, mi.names_zh),
           format('monitoring lacks indicators required for %ss: %s', c.name_en, mi.names_en)
      FROM missing mi
      JOIN @extschema@.outfall_in_use o ON o.id = mi.outfall_id
      JOIN @extschema@.category c ON c.id = o.category;
END;

-- 9. A standardized or retained outfall has a complete signboard (标志牌):
-- name, code, category, responsible party, supervising unit and
-- supervision phone, and the code on it is the outfall's.
CREATE FUNCTION @extschema@.rule_signboard_incomplete(outfalls bigint[])
    RETURNS TABLE (outfall_id bigint, message_zh text, message_en text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT o.id,
           CASE WHEN sb.id IS NULL THEN '已规范整治或保留，但没有标志牌'
                ELSE '标志牌' || concat_ws('，',
                    CASE WHEN gaps.zh IS NOT NULL THEN '缺少' || gaps.zh END,
                    CASE WHEN sb.code IS NOT NULL AND o.code IS NOT NULL AND btrim(sb.code) <> o.code::text
                         THEN format('编码 %s 与登记编码 %s 不符', sb.code, o.code) END) END,
           CASE WHEN sb.id IS NULL THEN 'standardized or retained, but no signboard is on record'
                ELSE 'the signboard ' || concat_ws('; ',
                    CASE WHEN gaps.en IS NOT NULL THEN 'lacks ' || gaps.en END,
                    CASE WHEN sb.code IS NOT NULL AND o.code IS NOT NULL AND btrim(sb.code) <> o.code::text
                         THEN format('shows code %s, not the outfall''s %s', sb.code, o.code) END) END
      FROM @extschema@.outfall_in_use o
      LEFT JOIN @extschema@.signboard sb ON sb.outfall_id = o.id
      LEFT JOIN LATERAL (
          SELECT string_agg(f.zh, '、' ORDER BY f.n) AS zh, string_agg(f.en, ', ' ORDER BY f.n) AS en
            FROM (VALUES (1, '名称', 'name', sb.name), (2, '编码', 'code', sb.code),
                         (3, '类别', 'category', sb.category), (4, '责任主体', 'responsible party', sb.responsible_party),
                         (5, '监督单位', 'supervising unit', sb.supervising_unit),
                         (6, '监督电话', 'supervision phone', sb.supervision_phone)) f(n, zh, en, value)
           WHERE coalesce(btrim(f.value), '') = '') gaps ON true
     WHERE (outfalls IS NULL OR o.id = ANY (outfalls))
       AND (o.status = 'retained' OR (o.plan_action = 'standardize' AND o.status IN ('rectified', 'closed')))
       AND (sb.id IS NULL OR gaps.zh IS NOT NULL
            OR (sb.code IS NOT NULL AND o.code IS NOT NULL AND btrim(sb.code) <> o.code::text));
END;

-- 10. Rectification finishes by the plan's deadline.
CREATE FUNCTION @extschema@.rule_deadline_passed(outfalls bigint[])
    RETURNS TABLE (outfall_id bigint, message_zh text, message_en text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT o.id,
           format('整治期限 %s 已过，仍处于%s阶段', o.plan_deadline, l.name_zh),
           format('the rectification deadline %s has passed; the outfall is still %s', o.plan_deadline, o.status)
      FROM @extschema@.outfall_in_use o
      JOIN @extschema@.state_label l ON l.state = o.status
     WHERE (outfalls IS NULL OR o.id = ANY (outfalls))
       AND o.plan_deadline < current_date
       AND o.status < 'rectified';
END;

INSERT INTO @extschema@.rule (id, title_zh, title_en, description, severity, basis, check_function, shipped) VALUES
 ('code_category', '编码类型与类别不符', 'code type letters disagree with the category',
  'The two type letters of the outfall code are those of the outfall''s category.',
  'blocking', 'HJ 1235-2021; 黔江 二(一)2', '@extschema@.rule_code_category(bigint[])', true),
 ('code_division', '编码区划与所在区县不符', 'code division disagrees with the county',
  'The six-digit division of the outfall code is the county (or city without counties) the outfall is in.',
  'blocking', 'HJ 1235-2021; 黔江 二(一)2', '@extschema@.rule_code_division(bigint[])', true),
 ('code_water_body', '编码水体与受纳水体不符', 'code water body disagrees with the receiving water',
  'The water-body segment of the outfall code is the code of its receiving water.',
  'blocking', 'HJ 1235-2021; 黔江 二(一)2', '@extschema@.rule_code_water_body(bigint[])', true),
 ('approval_missing', '未审核备案', 'no approval or filing',
  'An outfall of a category set by approval (enterprise, park plant, town or village plant) that is to be kept has an approval or filing on record.',
  'blocking', '黔江 二(三)2; 柳城 四(一); 昌吉 三(三)2', '@extschema@.rule_approval_missing(bigint[])', true),
 ('one_enterprise_one_outfall', '一企一口', 'one enterprise, one outfall',
  'An enterprise outside any industrial park keeps one production outfall (the approved one, else the first); every further one it keeps is filed.',
  'blocking', '昌吉 三(二)2', '@extschema@.rule_one_enterprise_one_outfall(bigint[])', true),
 ('stormwater_kept_open', '城镇雨洪排口严禁合并封堵', 'town stormwater outfalls are never merged or sealed',
  'No plan bans (seals) or merges a town stormwater outfall: flood safety.  Plans that would are refused when written.',
  'blocking', '黔江 二(二)5', '@extschema@.rule_stormwater_kept_open(bigint[])', true),
 ('dry_weather_sewage', '雨洪排口旱天污水直排未溯源', 'dry-weather sewage at a stormwater outfall, not traced',
  'Sewage seen at a stormwater outfall in dry weather (its latest dry-weather sample) is traced: a tracing on or after the day it was seen.',
  'blocking', '黔江 二(二)5; 柳城 四(二)', '@extschema@.rule_dry_weather_sewage(bigint[])', true),
 ('target_missed_water', '未达标水体新设改设扩大排污口', 'new, changed or enlarged outfall on a water missing its target',
  'On a water that misses its quality target, new, changed or enlarged outfalls other than town treatment plants are strictly controlled.',
  'warning', '昌吉 三(三)2', '@extschema@.rule_target_missed_water(bigint[])', true),
 ('responsible_party_missing', '已溯源无责任主体', 'traced without a first responsible party',
  'An outfall that is traced, or has a tracing on record, has a first responsible party.',
  'blocking', '昌吉 三(一)2', '@extschema@.rule_responsible_party_missing(bigint[])', true),
 ('shared_responsibility', '多单位共用排污口责任未明确', 'shared outfall without each unit''s responsibility',
  'Where several discharging units share an outfall (its latest tracing), each unit''s responsibility is stated.',
  'blocking', '昌吉 三(二)3', '@extschema@.rule_shared_responsibility(bigint[])', true),
 ('monitoring_incomplete', '监测指标不全', 'monitoring lacks required indicators',
  'The samples of an outfall cover the indicators its category requires (outfall.category_indicator).',
  'warning', '昌吉 三(一)3', '@extschema@.rule_monitoring_incomplete(bigint[])', true),
 ('signboard_incomplete', '标志牌不完整', 'incomplete signboard',
  'A standardized or retained outfall has a signboard with name, code, category, responsible party, supervising unit and supervision phone, showing its code.',
  'blocking', '昌吉 三(二)3', '@extschema@.rule_signboard_incomplete(bigint[])', true),
 ('deadline_passed', '超期未完成整治', 'rectification deadline passed',
  'An outfall with a plan is rectified by the plan''s deadline.',
  'warning', '昌吉 三(二)', '@extschema@.rule_deadline_passed(bigint[])', true);

COMMENT ON FUNCTION @extschema@.rule_code_category(bigint[]) IS 'rule code_category: outfalls whose code''s type letters are not their category''s';
COMMENT ON FUNCTION @extschema@.rule_code_division(bigint[]) IS 'rule code_division: outfalls whose code''s division is not their county';
COMMENT ON FUNCTION @extschema@.rule_code_water_body(bigint[]) IS 'rule code_water_body: outfalls whose code''s water body is not their receiving water';
COMMENT ON FUNCTION @extschema@.rule_approval_missing(bigint[]) IS 'rule approval_missing: kept outfalls of approval categories without approval or filing';
COMMENT ON FUNCTION @extschema@.rule_one_enterprise_one_outfall(bigint[]) IS 'rule one_enterprise_one_outfall: the unfiled further production outfalls of enterprises outside parks';
COMMENT ON FUNCTION @extschema@.rule_stormwater_kept_open(bigint[]) IS 'rule stormwater_kept_open: town stormwater outfalls planned to be banned or merged';
COMMENT ON FUNCTION @extschema@.rule_dry_weather_sewage(bigint[]) IS 'rule dry_weather_sewage: stormwater outfalls with dry-weather sewage not traced since';
COMMENT ON FUNCTION @extschema@.rule_target_missed_water(bigint[]) IS 'rule target_missed_water: new, changed or enlarged outfalls on waters missing their target';
COMMENT ON FUNCTION @extschema@.rule_responsible_party_missing(bigint[]) IS 'rule responsible_party_missing: traced outfalls without a first responsible party';
COMMENT ON FUNCTION @extschema@.rule_shared_responsibility(bigint[]) IS 'rule shared_responsibility: shared outfalls where a unit''s responsibility is not stated';
COMMENT ON FUNCTION @extschema@.rule_monitoring_incomplete(bigint[]) IS 'rule monitoring_incomplete: sampled outfalls missing indicators their category requires';
COMMENT ON FUNCTION @extschema@.rule_signboard_incomplete(bigint[]) IS 'rule signboard_incomplete: standardized or retained outfalls without a complete, matching signboard';
COMMENT ON FUNCTION @extschema@.rule_deadline_passed(bigint[]) IS 'rule deadline_passed: outfalls not rectified by their plan''s deadline';
