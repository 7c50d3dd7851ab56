-- zones_actions: what the zones require of an outfall (三个一批: ban, a
-- plan instead of a ban for a historical case, merge, standardize), the four
-- spatial rules of the check engine that compare it with the outfall's
-- plan, and the close-out refused while prohibited_zone stands.
SET search_path = outfall, public;
SET datestyle = 'ISO, YMD';
SET timezone = 'Asia/Shanghai';
\set SHOW_CONTEXT never

-- The zones of this file, in 柳城 (names ZA..):
--   a drinking-water source's level-1 zone, designated 2023-01-01, inside
--   an ecological red line designated 2015-01-01; a nature reserve's core
--   zone with no designation date; the town sewer coverage, overlapping the
--   source's zone at its east edge and an industrial park at its north-east
--   corner; a key area due to be surveyed by 2023-12-31 and one due by
--   2099-12-31.
INSERT INTO water_body (code, name, kind) VALUES ('ZA01', '行动试验河', 'river');
SELECT count(*) AS added
  FROM (VALUES ('water_source_1', 'ZA水源一级保护区', '2023-01-01', NULL, 'POLYGON((109.5 24.6, 109.52 24.6, 109.52 24.62, 109.5 24.62, 109.5 24.6))'),
               ('red_line', 'ZA生态保护红线', '2015-01-01', NULL, 'POLYGON((109.49 24.59, 109.53 24.59, 109.53 24.63, 109.49 24.63, 109.49 24.59))'),
               ('nature_core', 'ZA自然保护地核心区', NULL, NULL, 'POLYGON((109.6 24.6, 109.62 24.6, 109.62 24.62, 109.6 24.62, 109.6 24.6))'),
               ('sewer_coverage', 'ZA城区管网覆盖区', NULL, NULL, 'POLYGON((109.4 24.6, 109.505 24.6, 109.505 24.65, 109.4 24.65, 109.4 24.6))'),
               ('industrial_park', 'ZA工业园区', NULL, NULL, 'POLYGON((109.42 24.62, 109.47 24.62, 109.47 24.67, 109.42 24.67, 109.42 24.62))'),
               ('key_area', 'ZA重点区域', NULL, '2023-12-31', 'POLYGON((109.7 24.6, 109.75 24.6, 109.75 24.65, 109.7 24.65, 109.7 24.6))'),
               ('key_area', 'ZA新划重点区域', NULL, '2099-12-31', 'POLYGON((109.8 24.6, 109.85 24.6, 109.85 24.65, 109.8 24.65, 109.8 24.6))'))
       z(kind, name, valid_from, due_on, geom),
       add_zone(z.kind, z.name, ST_GeomFromText(z.geom, 4490), valid_from => z.valid_from::date, due_on => z.due_on::date) id
 WHERE id IS NOT NULL;

-- the outfalls (survey ids ZA-..), with where they are; those with a
-- category get a code
SELECT n, register(jsonb_strip_nulls(jsonb_build_object(
           'survey_id', n, 'survey_name', name, 'category', category, 'division', '450222101',
           'water_body', CASE WHEN category IS NOT NULL THEN 'ZA01' END, 'found_on', found_on,
           'is_legacy', legacy, 'lon', lon, 'lat', lat))) AS code
  FROM (VALUES
    -- in the source's level-1 zone (and so in the red line)
    ('ZA-01', '水源地新排口', 'other.town_domestic', '2024-03-01', NULL::boolean, 109.51, 24.61),
    ('ZA-02', '水源地老排口', 'other.town_domestic', '2020-05-01', NULL, 109.51, 24.61),
    ('ZA-03', '水源地旧排口', 'other.town_domestic', '2010-03-01', NULL, 109.51, 24.61),
    ('ZA-04', '水源地历史排口', 'other.town_domestic', '2024-03-01', true, 109.51, 24.61),
    ('ZA-05', '水源地雨水排口', 'other.town_storm', '2024-03-01', NULL, 109.51, 24.61),
    ('ZA-06', '水源地不明排口', NULL, '2024-03-01', NULL, 109.51, 24.61),
    ('ZA-07', '水源地边生活排口', 'other.town_domestic', '2024-03-01', NULL, 109.502, 24.61),
    -- in the red line only; in the reserve's core zone
    ('ZA-08', '红线内排口', 'other.misc', '2024-03-01', NULL, 109.495, 24.595),
    ('ZA-09', '保护地内排口', 'other.town_domestic', '1990-06-01', NULL, 109.61, 24.61),
    -- in the sewer coverage, the park, or both
    ('ZA-10', '城区生活排口', 'other.town_domestic', '2024-03-01', NULL, 109.41, 24.61),
    ('ZA-11', '城郊村生活排口', 'other.rural_domestic', '2024-03-01', NULL, 109.41, 24.605),
    ('ZA-12', '城区工厂排口', 'industrial.enterprise.factory', '2024-03-01', NULL, 109.41, 24.615),
    ('ZA-13', '园区工厂排口', 'industrial.enterprise.factory', '2024-03-01', NULL, 109.46, 24.66),
    ('ZA-14', '园区边工厂排口', 'industrial.enterprise.factory', '2024-03-01', NULL, 109.43, 24.63),
    ('ZA-15', '园区边生活排口', 'other.town_domestic', '2024-03-01', NULL, 109.43, 24.635),
    ('ZA-16', '园区生活排口', 'other.town_domestic', '2024-03-01', NULL, 109.46, 24.665),
    ('ZA-17', '园区污水处理厂排口', 'industrial.park_plant', '2024-03-01', NULL, 109.465, 24.66),
    ('ZA-18', '城区不明排口', NULL, '2024-03-01', NULL, 109.41, 24.62),
    ('ZA-19', '城区雨水排口', 'other.town_storm', '2024-03-01', NULL, 109.41, 24.625),
    -- in no zone
    ('ZA-20', '野外不明排口', NULL, '2024-03-01', NULL, 109.3, 24.5),
    ('ZA-21', '野外沟渠排口', 'other.misc', '2024-03-01', NULL, 109.3, 24.5),
    ('ZA-22', '野外生活排口', 'other.town_domestic', '2024-03-01', NULL, 109.3, 24.5),
    ('ZA-23', '城镇污水处理厂排口', 'town_plant.plant', '2024-03-01', NULL, 109.3, 24.5),
    ('ZA-24', '野外雨水排口', 'other.town_storm', '2024-03-01', NULL, 109.3, 24.5),
    ('ZA-25', '未定位排口', 'other.town_domestic', '2024-03-01', NULL, NULL, NULL))
    v(n, name, category, found_on, legacy, lon, lat)
 ORDER BY n;

------------------------------------------------------------------------------
-- 1. what the zones require
------------------------------------------------------------------------------
CREATE TEMP VIEW za_action AS
SELECT o.survey_id, o.category, r.action, r.zone_name, r.basis, r.reason_en, r.reason_zh
  FROM outfall o, required_action(o.id) r
 WHERE o.survey_id LIKE 'ZA-%';
SELECT survey_id, category, action, zone_name, basis FROM za_action ORDER BY survey_id;
SELECT survey_id, reason_en FROM za_action ORDER BY survey_id;
SELECT survey_id, reason_zh FROM za_action ORDER BY survey_id;
-- for several outfalls at once, and for the whole registry (NULL): the same
SELECT count(*) AS outfalls, count(*) FILTER (WHERE (r.outfall_id, r.action, r.zone_id) IS DISTINCT FROM (o.id, a.action, a.zone_id)) AS differ
  FROM outfall o
  JOIN required_actions(ARRAY(SELECT id FROM outfall WHERE survey_id LIKE 'ZA-%')) r ON r.outfall_id = o.id
  CROSS JOIN LATERAL required_action(o.id) a;
SELECT count(*) AS outfalls FROM required_actions(NULL) r JOIN outfall o ON o.id = r.outfall_id WHERE o.survey_id LIKE 'ZA-%';
SELECT count(*) AS rows FROM required_action(NULL);
-- Zones that change change the answer: the red line redrawn away from ZA-02
-- leaves the level-1 zone deciding, which ZA-02 predates.
UPDATE zone SET geom = 'SRID=4490;MULTIPOLYGON(((109.49 24.59, 109.505 24.59, 109.505 24.605, 109.49 24.605, 109.49 24.59)))'
 WHERE name = 'ZA生态保护红线';
SELECT survey_id, action, zone_name FROM za_action WHERE survey_id IN ('ZA-02', 'ZA-08') ORDER BY survey_id;
UPDATE zone SET geom = 'SRID=4490;MULTIPOLYGON(((109.49 24.59, 109.53 24.59, 109.53 24.63, 109.49 24.63, 109.49 24.59)))'
 WHERE name = 'ZA生态保护红线';
SELECT survey_id, action, zone_name FROM za_action WHERE survey_id IN ('ZA-02', 'ZA-08') ORDER BY survey_id;

------------------------------------------------------------------------------
-- 2. the spatial rules
------------------------------------------------------------------------------
SELECT id, severity, basis, title_en FROM rule_in_force
 WHERE id IN ('prohibited_zone', 'sewer_coverage_not_merged', 'park_enterprise_not_merged', 'key_area_survey_late')
 ORDER BY id;
-- the findings of one rule about the outfalls of this file
CREATE FUNCTION pg_temp.za_findings(rule text)
    RETURNS TABLE (survey_id text, severity text, message_en text, message_zh text)
    LANGUAGE sql AS $$
    SELECT o.survey_id, f.severity, f.message_en, f.message_zh
      FROM outfall.findings(ARRAY(SELECT id FROM outfall.outfall WHERE survey_id LIKE 'ZA-%'), ARRAY[rule]) f
      JOIN outfall.outfall o ON o.id = f.outfall_id
     ORDER BY 1, 3
$$;
-- the findings of one rule in outfall.check(outfall) of the given outfalls
CREATE FUNCTION pg_temp.za_check(surveys text[], rule text)
    RETURNS TABLE (survey_id text, findings text)
    LANGUAGE sql AS $$
    SELECT o.survey_id, coalesce(string_agg(f.severity || ': ' || f.message_en, '; ' ORDER BY f.message_en), 'none')
      FROM outfall.outfall o LEFT JOIN LATERAL outfall.check(o) f ON f.rule = za_check.rule
     WHERE o.survey_id = ANY (surveys)
     GROUP BY o.survey_id
     ORDER BY 1
$$;
-- a plan through the API (a merge into the given outfall)
CREATE FUNCTION pg_temp.plan(survey text, action text, target text DEFAULT NULL) RETURNS outfall_code
    LANGUAGE sql AS $$
    SELECT outfall.set_plan(o.code, jsonb_strip_nulls(jsonb_build_object(
               'action', action, 'measures', '按一口一策整治', 'responsible_unit', '柳城县龙头镇人民政府',
               'responsible_person', '韦某', 'deadline', '2099-12-31',
               'merge_target', (SELECT t.code FROM outfall.outfall t WHERE t.survey_id = target))))
      FROM outfall.outfall o WHERE o.survey_id = survey
$$;

-- prohibited_zone (blocking): in a ban zone without a plan to ban it; a
-- historical case without a rectification plan.  Not the stormwater
-- outfall, which is never sealed.
SELECT survey_id, severity, message_en FROM pg_temp.za_findings('prohibited_zone');
SELECT survey_id, message_zh FROM pg_temp.za_findings('prohibited_zone');
SELECT * FROM pg_temp.za_check('{ZA-01, ZA-03, ZA-05}', 'prohibited_zone');
-- a plan to standardize is no ban; a plan to retain is no rectification
SELECT pg_temp.plan('ZA-01', 'standardize'), pg_temp.plan('ZA-03', 'retain');
SELECT survey_id, message_en FROM pg_temp.za_findings('prohibited_zone') WHERE survey_id IN ('ZA-01', 'ZA-03');
-- a plan to ban it, and for the historical cases one to standardize: passed
SELECT pg_temp.plan('ZA-01', 'ban'), pg_temp.plan('ZA-02', 'ban'), pg_temp.plan('ZA-03', 'standardize'),
       pg_temp.plan('ZA-04', 'merge', 'ZA-23');
SELECT survey_id, message_en FROM pg_temp.za_findings('prohibited_zone');
SELECT * FROM pg_temp.za_check('{ZA-01, ZA-03, ZA-04, ZA-07}', 'prohibited_zone');

-- sewer_coverage_not_merged (warning): a domestic outlet inside the sewer
-- coverage, not planned to be merged (ZA-07 is in it, but to be banned)
SELECT survey_id, severity, message_en FROM pg_temp.za_findings('sewer_coverage_not_merged');
SELECT survey_id, message_zh FROM pg_temp.za_findings('sewer_coverage_not_merged');
SELECT * FROM pg_temp.za_check('{ZA-10, ZA-11, ZA-12}', 'sewer_coverage_not_merged');
SELECT pg_temp.plan('ZA-10', 'standardize'), pg_temp.plan('ZA-11', 'merge', 'ZA-23');
SELECT survey_id, message_en FROM pg_temp.za_findings('sewer_coverage_not_merged');
SELECT pg_temp.plan('ZA-10', 'merge', 'ZA-23'), pg_temp.plan('ZA-15', 'merge', 'ZA-23');
SELECT survey_id, message_en FROM pg_temp.za_findings('sewer_coverage_not_merged');

-- park_enterprise_not_merged (warning): an enterprise's outfall inside the
-- park, not planned to be merged into the park plant
SELECT survey_id, severity, message_en FROM pg_temp.za_findings('park_enterprise_not_merged');
SELECT survey_id, message_zh FROM pg_temp.za_findings('park_enterprise_not_merged');
SELECT * FROM pg_temp.za_check('{ZA-12, ZA-13, ZA-17}', 'park_enterprise_not_merged');
SELECT pg_temp.plan('ZA-13', 'standardize'), pg_temp.plan('ZA-14', 'merge', 'ZA-17');
SELECT survey_id, message_en FROM pg_temp.za_findings('park_enterprise_not_merged');
SELECT pg_temp.plan('ZA-13', 'merge', 'ZA-17');
SELECT survey_id, message_en FROM pg_temp.za_findings('park_enterprise_not_merged');
SELECT * FROM pg_temp.za_check('{ZA-10, ZA-11, ZA-15}', 'sewer_coverage_not_merged');
SELECT * FROM pg_temp.za_check('{ZA-13, ZA-14}', 'park_enterprise_not_merged');

-- key_area_survey_late (warning): in a key area whose date has passed,
-- without a code, a category, a receiving water or a field survey.  The
-- outfalls: nothing recorded but the place (ZA-30); complete (ZA-31); a
-- remote-sensing record only (ZA-32); incomplete in the key area due in
-- 2099 (ZA-33) and outside key areas (ZA-34).
SELECT n, register(jsonb_strip_nulls(jsonb_build_object(
           'survey_id', n, 'survey_name', name, 'category', category, 'division', '450222101',
           'water_body', water, 'survey_level', level, 'found_on', '2024-03-01', 'lon', lon, 'lat', lat))) AS code
  FROM (VALUES ('ZA-30', '重点区域未查清排口', NULL, NULL, NULL::smallint, 109.71, 24.61),
               ('ZA-31', '重点区域已查清排口', 'other.town_domestic', 'ZA01', 2, 109.72, 24.61),
               ('ZA-32', '重点区域遥感排口', 'other.town_domestic', 'ZA01', 1, 109.73, 24.61),
               ('ZA-33', '新划重点区域排口', NULL, NULL, NULL, 109.81, 24.61),
               ('ZA-34', '区域外未查清排口', NULL, NULL, NULL, 109.9, 24.61)) v(n, name, category, water, level, lon, lat)
 ORDER BY n;
SELECT survey_id, severity, message_en FROM pg_temp.za_findings('key_area_survey_late');
SELECT survey_id, message_zh FROM pg_temp.za_findings('key_area_survey_late');
SELECT * FROM pg_temp.za_check('{ZA-30, ZA-31, ZA-33, ZA-34}', 'key_area_survey_late');
-- the survey record completed: category, receiving water, code, field walk
UPDATE outfall SET category = 'other.rural_domestic', water_body = 'ZA01' WHERE survey_id = 'ZA-30';
SELECT survey_id, message_en FROM pg_temp.za_findings('key_area_survey_late');
SELECT assign_code(id) FROM outfall WHERE survey_id = 'ZA-30';
UPDATE outfall SET survey_level = 2 WHERE survey_id IN ('ZA-30', 'ZA-32');
SELECT survey_id, message_en FROM pg_temp.za_findings('key_area_survey_late');
-- its date brought forward, the newer key area's outfall is late too
UPDATE zone SET due_on = '2024-06-30' WHERE name = 'ZA新划重点区域';
SELECT survey_id, message_en FROM pg_temp.za_findings('key_area_survey_late');
SELECT * FROM pg_temp.za_check('{ZA-30, ZA-32, ZA-33}', 'key_area_survey_late');

-- all four rules at once, the whole registry: the findings about this
-- file's outfalls are those above
SELECT f.rule, o.survey_id
  FROM findings(NULL, ARRAY['prohibited_zone', 'sewer_coverage_not_merged', 'park_enterprise_not_merged', 'key_area_survey_late']) f
  JOIN outfall o ON o.id = f.outfall_id
 WHERE o.survey_id LIKE 'ZA-%'
 ORDER BY 1, 2;

------------------------------------------------------------------------------
-- 3. close-out: prohibited_zone is blocking
------------------------------------------------------------------------------
SELECT from_state, to_state FROM transition WHERE needs_no_blocking_finding ORDER BY 1, 2;
-- ZA-C1 in the level-1 zone, ZA-C2 in no zone, ZA-C3 a historical case in
-- the level-1 zone: all three planned to be retained as they are
SELECT n, register(jsonb_strip_nulls(jsonb_build_object(
           'survey_id', n, 'survey_name', name, 'category', 'other.town_domestic', 'division', '450222101',
           'water_body', 'ZA01', 'found_on', '2024-03-01', 'is_legacy', legacy, 'lon', lon, 'lat', lat))) AS code
  FROM (VALUES ('ZA-C1', '水源地保留排口', NULL::boolean, 109.511, 24.611),
               ('ZA-C2', '野外保留排口', NULL, 109.31, 24.51),
               ('ZA-C3', '水源地历史保留排口', true, 109.512, 24.612)) v(n, name, legacy, lon, lat)
 ORDER BY n;
CREATE FUNCTION pg_temp.to_planned(survey text, action text) RETURNS state
    LANGUAGE plpgsql AS $$
DECLARE
    c outfall.outfall_code := (SELECT code FROM outfall.outfall WHERE survey_id = survey);
BEGIN
    PERFORM outfall.record_sample(c, '{"sampled_at": "2024-03-02 10:00+08", "weather": "wet", "flow_m3d": 30,
        "temperature_c": 18, "ph": 7.1, "cod_mgl": 40, "nh3n_mgl": 2, "tp_mgl": 0.3, "tn_mgl": 6}');
    PERFORM outfall.advance(c, 'monitored');
    PERFORM outfall.record_tracing(c, '{"method": "field", "traced_on": "2024-03-05",
                                        "user": {"name": "ZA龙头镇某小区物业", "kind": "enterprise"}}');
    PERFORM outfall.advance(c, 'traced');
    PERFORM pg_temp.plan(survey, action);
    RETURN outfall.advance(c, 'planned');
END;
$$;
SELECT survey_id, pg_temp.to_planned(survey_id, 'retain') FROM outfall WHERE survey_id LIKE 'ZA-C_' ORDER BY 1;
INSERT INTO signboard (outfall_id, name, code, category, responsible_party, supervising_unit, supervision_phone)
SELECT id, coalesce(name, survey_name), code, '城镇生活污水散排口', 'ZA龙头镇某小区物业', '柳州市柳城生态环境局', '0772-7212369'
  FROM outfall WHERE survey_id LIKE 'ZA-C_';
CREATE TEMP VIEW za_state AS
SELECT o.survey_id, o.status, p.action AS plan, (SELECT count(*) FROM verification v WHERE v.outfall_id = o.id) AS verifications
  FROM outfall o LEFT JOIN plan p ON p.outfall_id = o.id WHERE o.survey_id LIKE 'ZA-C_';
SELECT o.survey_id, f.rule, f.severity, f.message_en FROM outfall o, outfall.check(o) f
 WHERE o.survey_id LIKE 'ZA-C_' AND f.severity = 'blocking' ORDER BY 1, 2;
-- retained as it is, verified: refused inside the source's zone, and the
-- verification is not kept either
SELECT advance(code, 'retained', '{"verification": "现场核查意见"}') FROM outfall WHERE survey_id = 'ZA-C1';
SELECT :'SQLSTATE' AS sqlstate, * FROM za_state ORDER BY survey_id;
SELECT advance(code, 'retained', '{"verification": "现场核查意见"}') FROM outfall WHERE survey_id = 'ZA-C3';
SELECT :'SQLSTATE' AS sqlstate, * FROM za_state ORDER BY survey_id;
-- a direct UPDATE of several outfalls is refused the same way
INSERT INTO verification (outfall_id, evidence) SELECT id, '现场核查意见' FROM outfall WHERE survey_id LIKE 'ZA-C_';
UPDATE outfall SET status = 'retained' WHERE survey_id LIKE 'ZA-C_';
SELECT :'SQLSTATE' AS sqlstate, * FROM za_state ORDER BY survey_id;
-- outside any zone, the same outfall is retained
SELECT advance(code, 'retained') FROM outfall WHERE survey_id = 'ZA-C2';
SELECT * FROM za_state ORDER BY survey_id;
-- the historical case, standardized instead, closed out and retained
SELECT pg_temp.plan('ZA-C3', 'standardize');
SELECT advance(code, 'rectifying'), advance(code, 'rectified'), retire(code, '规范化整治验收意见'), advance(code, 'retained')
  FROM outfall WHERE survey_id = 'ZA-C3';
SELECT * FROM za_state ORDER BY survey_id;
-- a deployment that does not apply the rule switches it off: then ZA-C1 too
SELECT set_rule('prohibited_zone', false, note => 'ZA 试验：保护区边界待复核');
SELECT advance(code, 'retained') FROM outfall WHERE survey_id = 'ZA-C1';
SELECT * FROM za_state ORDER BY survey_id;
SELECT set_rule('prohibited_zone', true);
SELECT survey_id, message_en FROM pg_temp.za_findings('prohibited_zone') WHERE survey_id LIKE 'ZA-C_';
DELETE FROM rule_setting WHERE rule = 'prohibited_zone';
