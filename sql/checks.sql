-- checks: the rules of the work plans as findings.  Each rule is a row of
-- outfall.rule and one SQL query over the registry; outfall.check(outfall)
-- gives one outfall's findings, outfall.findings() and the view
-- outfall.finding the whole registry's.  For every rule: an outfall that
-- passes and one that does not.  (Close-out refused while a blocking
-- finding stands, and stormwater plans refused: checks_lifecycle.)
SET search_path = outfall, public;
SET datestyle = 'ISO, YMD';
SET timezone = 'Asia/Shanghai';
\set SHOW_CONTEXT never

-- the rules, as data: id, severity, basis (the plan and clause)
SELECT id, severity, basis, title_zh, title_en FROM rule_in_force ORDER BY id;

-- the outfalls of this file (survey ids CK-...), on two rivers of 黔江区:
-- 检查河 meets its water quality target, 超标河 does not
INSERT INTO water_body (code, name, kind, target_class, meets_target)
VALUES ('CKA01', '检查河', 'river', 'III', true), ('CKB01', '超标河', 'river', 'III', false);
SELECT register(format('{"survey_id": "CK-%s", "survey_name": "%s", "category": "%s",
                         "division": "500114001", "water_body": "%s", "found_on": "2024-03-01"}',
                       n, name, category, water)::jsonb) AS code
  FROM (VALUES (1, '机械厂排口', 'industrial.enterprise.factory', 'CKA01'),
               (2, '食品厂排口', 'industrial.enterprise.factory', 'CKA01'),
               (3, '纸厂排口', 'industrial.enterprise.factory', 'CKA01'),
               (4, '沿河小区排口', 'other.town_domestic', 'CKA01'),
               (5, '城东雨水排口', 'other.town_storm', 'CKA01'),
               (6, '城南污水处理厂排口', 'town_plant.plant', 'CKB01'),
               (7, '新建小区排口', 'other.town_domestic', 'CKB01'),
               (8, '老街排口', 'other.town_domestic', 'CKB01')) v(n, name, category, water)
 ORDER BY n;

-- Each outfall's findings, one line per finding (the outfalls of this file
-- only; rules given: only those).
CREATE TEMP VIEW ck AS
SELECT o.survey_id, f.rule, f.severity, f.message_zh, f.message_en
  FROM outfall o, outfall.check(o) f
 WHERE o.survey_id LIKE 'CK-%';
CREATE FUNCTION pg_temp.ck(VARIADIC rules text[])
    RETURNS TABLE (survey_id text, rule text, message_en text)
    LANGUAGE sql AS $$
    SELECT ck.survey_id, ck.rule, ck.message_en FROM ck WHERE ck.rule = ANY (rules) ORDER BY 1, 2, 3
$$;

-- A freshly surveyed outfall whose code agrees with its record breaks no
-- rule yet — but a new enterprise outfall has no approval on record:
SELECT survey_id, rule, severity, message_zh FROM ck ORDER BY 1, 2;

-- Walking an outfall along its lifecycle through the API, with what each
-- step needs: a complete wet-weather sample, a tracing (its user as given,
-- else the local government), a plan.
CREATE FUNCTION pg_temp.walk(c outfall_code, target state, action text DEFAULT 'standardize',
                             user_name text DEFAULT NULL)
    RETURNS state LANGUAGE plpgsql AS $$
DECLARE
    s state := (SELECT status FROM outfall.outfall WHERE code = c);
BEGIN
    IF target > s AND s = 'found' THEN
        PERFORM outfall.record_sample(c, '{"sampled_at": "2024-03-02 10:00+08", "weather": "wet",
            "flow_m3d": 120, "temperature_c": 14.5, "ph": 7.2, "cod_mgl": 48, "nh3n_mgl": 3.1,
            "tp_mgl": 0.4, "tn_mgl": 9.8}');
        s := outfall.advance(c, 'monitored');
    END IF;
    IF target > s AND s = 'monitored' THEN
        PERFORM outfall.record_tracing(c, jsonb_build_object('method', 'field', 'traced_on', '2024-03-05')
                                          || CASE WHEN user_name IS NOT NULL THEN
                                                 jsonb_build_object('user', jsonb_build_object('name', user_name,
                                                                                               'kind', 'enterprise'))
                                             ELSE '{}' END);
        s := outfall.advance(c, 'traced');
    END IF;
    IF target > s AND s = 'traced' THEN
        PERFORM outfall.set_plan(c, jsonb_build_object('action', action, 'measures', '按一口一策整治',
            'responsible_unit', '黔江区城东街道办事处', 'responsible_person', '李某', 'deadline', '2099-12-31'));
        s := outfall.advance(c, 'planned');
    END IF;
    IF target > s AND s = 'planned' THEN
        s := outfall.advance(c, 'rectifying');
    END IF;
    IF target > s AND s = 'rectifying' THEN
        s := outfall.advance(c, 'rectified');
    END IF;
    RETURN s;
END;
$$;

------------------------------------------------------------------------------
-- 1. the code agrees with the record (HJ 1235-2021)
------------------------------------------------------------------------------
-- category changed after the code was given; township moved to another
-- county (万州区); receiving water corrected without a new code
UPDATE outfall SET category = 'industrial.enterprise.mine' WHERE survey_id = 'CK-2';
UPDATE outfall SET division = '500101001' WHERE survey_id = 'CK-3';
UPDATE outfall SET water_body = 'CKB01' WHERE survey_id = 'CK-4';
SELECT survey_id, rule, message_zh FROM ck WHERE rule LIKE 'code%' ORDER BY 1, 2;
SELECT * FROM pg_temp.ck('code_category', 'code_division', 'code_water_body');
-- a code with letters the catalog does not know
INSERT INTO category (id, level, parent, name_zh, name_en, type_letters)
VALUES ('other.misc.pump', 3, 'other.misc', '泵站排口', 'pumping station outlet', 'BZ');
UPDATE outfall SET code = 'CKA01500114BZ0001', category = 'other.town_domestic' WHERE survey_id = 'CK-4';
SELECT * FROM pg_temp.ck('code_category');
-- put right: each outfall its own code again
UPDATE outfall SET category = 'industrial.enterprise.factory' WHERE survey_id = 'CK-2';
UPDATE outfall SET division = '500114001' WHERE survey_id = 'CK-3';
UPDATE outfall SET code = next_code('CKB01', '500114', 'CS') WHERE survey_id = 'CK-4' RETURNING code;
DELETE FROM category WHERE id = 'other.misc.pump';
SELECT * FROM pg_temp.ck('code_category', 'code_division', 'code_water_body');
-- the category an outfall code names
SELECT category_of('CKA01500114GY0001'), category_of('CKA01500114YS0007'), category_of('CKA01500114ZZ0001');

------------------------------------------------------------------------------
-- 2. approval (审核制): enterprise and plant outfalls to be kept
------------------------------------------------------------------------------
SELECT c.id, c.requires_approval FROM category c WHERE c.type_letters IS NOT NULL ORDER BY c.id;
-- CK-1 gets its approval, CK-2 a filing; CK-3 is to be banned: no approval due
INSERT INTO approval (outfall_id, kind, authority, document_no, decided_on)
SELECT id, CASE survey_id WHEN 'CK-1' THEN 'approval' ELSE 'filing' END, '重庆市黔江区生态环境局',
       '黔环审〔2024〕' || right(survey_id, 1) || '号', '2024-03-10'
  FROM outfall WHERE survey_id IN ('CK-1', 'CK-2');
SELECT pg_temp.walk(code, 'planned', 'ban') FROM outfall WHERE survey_id = 'CK-3';
SELECT * FROM pg_temp.ck('approval_missing');
-- the town plant CK-6 needs one too
SELECT o.survey_id, o.category FROM outfall o
 WHERE o.survey_id LIKE 'CK-%' AND o.category IN (SELECT id FROM category WHERE requires_approval) ORDER BY 1;

------------------------------------------------------------------------------
-- 3. one enterprise, one outfall (一企一口)
------------------------------------------------------------------------------
-- CK-1 (approved) and CK-2 (filed) are 黔江某机械有限公司's; a third outfall
-- of the same enterprise, unfiled, is the finding — not the approved one
SELECT register('{"survey_id": "CK-9", "survey_name": "机械厂二号排口", "category": "industrial.enterprise.factory",
                  "division": "500114001", "water_body": "CKA01", "found_on": "2024-03-01"}');
SELECT pg_temp.walk(code, 'traced', user_name => '黔江某机械有限公司')
  FROM outfall WHERE survey_id IN ('CK-1', 'CK-2', 'CK-9') ORDER BY survey_id;
SELECT * FROM pg_temp.ck('one_enterprise_one_outfall');
-- inside an industrial park the rule does not apply (the park's plant takes its water)
INSERT INTO party (name, kind, division) VALUES ('黔江正阳工业园区', 'park', '500114');
UPDATE party SET park_id = (SELECT id FROM party WHERE name = '黔江正阳工业园区')
 WHERE name = '黔江某机械有限公司';
SELECT * FROM pg_temp.ck('one_enterprise_one_outfall');
UPDATE party SET park_id = NULL WHERE name = '黔江某机械有限公司';
-- a park is not inside itself
\set VERBOSITY terse
UPDATE party SET park_id = id WHERE name = '黔江正阳工业园区';
\set VERBOSITY default
SELECT :'SQLSTATE' AS sqlstate, count(*) FILTER (WHERE park_id IS NOT NULL) AS parties_in_parks FROM party;
-- filing the third outfall settles it
INSERT INTO approval (outfall_id, kind, authority, decided_on)
SELECT id, 'filing', '重庆市黔江区生态环境局', '2024-04-01' FROM outfall WHERE survey_id = 'CK-9';
SELECT * FROM pg_temp.ck('one_enterprise_one_outfall');

------------------------------------------------------------------------------
-- 4. town stormwater outfalls are never merged or sealed
------------------------------------------------------------------------------
-- A plan that would is refused when written (checks_lifecycle); one that
-- predates the rule, written while the rule was off, is a finding.
SELECT set_rule('stormwater_kept_open', false, note => '试点期间暂停');
SELECT pg_temp.walk(code, 'planned', 'ban') FROM outfall WHERE survey_id = 'CK-5';
SELECT set_rule('stormwater_kept_open', true);
SELECT * FROM pg_temp.ck('stormwater_kept_open');
UPDATE plan SET action = 'standardize' WHERE outfall_id = (SELECT id FROM outfall WHERE survey_id = 'CK-5');
SELECT * FROM pg_temp.ck('stormwater_kept_open');

------------------------------------------------------------------------------
-- 5. dry-weather sewage at a stormwater outfall (旱天污水直排), not traced
------------------------------------------------------------------------------
-- CK-5 (stormwater, traced on 2024-03-05) shows sewage in dry weather
-- afterwards; CK-4 (domestic) too, which is no stormwater outfall
SELECT record_sample(code, '{"sampled_at": "2024-04-01 09:30+08", "weather": "dry", "flow_m3d": 35,
                             "sewage_seen": true}')
  FROM outfall WHERE survey_id IN ('CK-4', 'CK-5') ORDER BY survey_id;
SELECT survey_id, rule, message_zh FROM ck WHERE rule = 'dry_weather_sewage' ORDER BY 1;
-- traced again after it was seen
SELECT record_tracing(code, '{"method": "technical", "traced_on": "2024-04-03",
                              "note": "管网CCTV检测：上游小区雨污混接"}')
  FROM outfall WHERE survey_id = 'CK-5';
SELECT * FROM pg_temp.ck('dry_weather_sewage');

------------------------------------------------------------------------------
-- 6. new, changed or enlarged outfalls on a water that misses its target
------------------------------------------------------------------------------
-- CK-6 (town plant), CK-7 and CK-8 drain into 超标河; CK-6 and CK-7 are new,
-- CK-8 existing; CK-1 (检查河) enlarged
UPDATE outfall SET setting = 'new' WHERE survey_id IN ('CK-6', 'CK-7');
UPDATE outfall SET setting = 'enlarged' WHERE survey_id = 'CK-1';
SELECT survey_id, rule, message_zh FROM ck WHERE rule = 'target_missed_water' ORDER BY 1;
SELECT * FROM pg_temp.ck('target_missed_water');
\set VERBOSITY terse
UPDATE outfall SET setting = 'foo' WHERE survey_id = 'CK-8';
\set VERBOSITY default
SELECT :'SQLSTATE' AS sqlstate;

------------------------------------------------------------------------------
-- 7. the first responsible party; shared outfalls
------------------------------------------------------------------------------
-- a tracing written straight into the table, with no party determined
INSERT INTO tracing (outfall_id, method, traced_on) SELECT id, 'document', '2024-04-05' FROM outfall WHERE survey_id = 'CK-8';
SELECT survey_id, rule, message_zh FROM ck WHERE rule = 'responsible_party_missing' ORDER BY 1;
SELECT * FROM pg_temp.ck('responsible_party_missing');
SELECT pg_temp.walk(code, 'traced') FROM outfall WHERE survey_id = 'CK-8';
SELECT * FROM pg_temp.ck('responsible_party_missing');
-- CK-7 is shared by two units; one's responsibility is not written down
SELECT record_sample(code, '{"sampled_at": "2024-03-02 10:00+08", "weather": "wet", "flow_m3d": 60,
                             "temperature_c": 15, "ph": 7.0, "cod_mgl": 90, "nh3n_mgl": 8, "tp_mgl": 1.1, "tn_mgl": 14}'),
       advance(code, 'monitored'),
       record_tracing(code, '{"method": "field", "traced_on": "2024-04-06",
                              "user": {"name": "黔江某食品有限公司", "kind": "enterprise"},
                              "sources": [{"name": "食品公司生产废水", "kind": "industrial",
                                           "party": {"name": "黔江某食品有限公司"},
                                           "responsibility": "按排污许可证载明的排放量负责"},
                                          {"name": "洗涤厂废水", "kind": "industrial",
                                           "party": {"name": "黔江某洗涤有限公司", "kind": "enterprise"}}]}')
  FROM outfall WHERE survey_id = 'CK-7';
SELECT survey_id, rule, message_zh FROM ck WHERE rule = 'shared_responsibility' ORDER BY 1;
SELECT * FROM pg_temp.ck('shared_responsibility');
UPDATE source SET responsibility = '排水汇入前安装计量设施，按计量分担'
 WHERE name = '洗涤厂废水' AND outfall_id = (SELECT id FROM outfall WHERE survey_id = 'CK-7');
SELECT * FROM pg_temp.ck('shared_responsibility');

------------------------------------------------------------------------------
-- 8. monitoring covers the indicators the category requires
------------------------------------------------------------------------------
SELECT ci.category, string_agg(i.name_zh, '、' ORDER BY i.position) AS indicators
  FROM category_indicator ci JOIN indicator i ON i.key = ci.indicator
 WHERE ci.category IN ('other.town_domestic', 'town_plant.plant', 'other.port')
 GROUP BY ci.category ORDER BY 1;
-- CK-6 (town plant) has no fecal coliforms; CK-4's only sample so far was
-- the dry-weather one with flow alone
SELECT record_sample(code, '{"sampled_at": "2024-03-02 10:00+08", "weather": "wet", "flow_m3d": 5000,
                             "temperature_c": 16, "ph": 7.1, "cod_mgl": 30, "nh3n_mgl": 1.2, "tp_mgl": 0.3, "tn_mgl": 12}')
  FROM outfall WHERE survey_id = 'CK-6';
SELECT survey_id, rule, message_zh FROM ck WHERE rule = 'monitoring_incomplete' ORDER BY 1;
SELECT * FROM pg_temp.ck('monitoring_incomplete');
SELECT record_sample(code, '{"sampled_at": "2024-04-02 10:00+08", "weather": "wet", "temperature_c": 16,
                             "ph": 7.1, "cod_mgl": 30, "nh3n_mgl": 1.2, "tp_mgl": 0.3, "tn_mgl": 12,
                             "indicators": [{"name": "粪大肠菌群", "value": 800, "unit": "MPN/L"}]}')
  FROM outfall WHERE survey_id = 'CK-6';
SELECT * FROM pg_temp.ck('monitoring_incomplete');

------------------------------------------------------------------------------
-- 9. standardized and retained outfalls have a complete signboard (标志牌)
------------------------------------------------------------------------------
SELECT pg_temp.walk(code, 'rectified') FROM outfall WHERE survey_id = 'CK-1';
SELECT survey_id, rule, message_zh FROM ck WHERE rule = 'signboard_incomplete' ORDER BY 1;
INSERT INTO signboard (outfall_id, name, code, category, responsible_party, supervising_unit, installed_on)
SELECT id, survey_name, 'CKA01500114GY0009', '工业企业排污口', '黔江某机械有限公司', '重庆市黔江区生态环境局',
       '2024-05-01'
  FROM outfall WHERE survey_id = 'CK-1';
SELECT survey_id, rule, message_zh FROM ck WHERE rule = 'signboard_incomplete' ORDER BY 1;
SELECT * FROM pg_temp.ck('signboard_incomplete');
UPDATE signboard SET code = 'CKA01500114GY0001', supervision_phone = '023-12369'
 WHERE outfall_id = (SELECT id FROM outfall WHERE survey_id = 'CK-1');
SELECT * FROM pg_temp.ck('signboard_incomplete');

------------------------------------------------------------------------------
-- 10. rectified by the plan's deadline
------------------------------------------------------------------------------
-- CK-8's plan was due at the end of 2023; CK-3's is due in 2099
SELECT set_plan(code, '{"action": "merge", "merge_target": "CKB01500114WS0001", "measures": "截污纳管",
                        "responsible_unit": "黔江区城东街道办事处", "responsible_person": "李某",
                        "set_on": "2023-06-01", "deadline": "2023-12-31"}'),
       advance(code, 'planned')
  FROM outfall WHERE survey_id = 'CK-8';
SELECT survey_id, rule, message_zh FROM ck WHERE rule = 'deadline_passed' ORDER BY 1;
SELECT * FROM pg_temp.ck('deadline_passed');

------------------------------------------------------------------------------
-- the engine
------------------------------------------------------------------------------
-- all findings of the file's outfalls, gravest first
SELECT survey_id, rule, severity FROM ck ORDER BY survey_id, severity_rank(severity), rule;
-- the registry's findings: the view, grouped as reports group them
SELECT rule, county_name, water_body_name, count(*) FROM finding
 WHERE code::text LIKE 'CK%' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;
SELECT rule, title_zh, severity, county_name, water_body_name, outfalls FROM finding_count
 WHERE water_body IN ('CKA01', 'CKB01');
-- findings() takes outfalls and rules; check() is findings() of one outfall
SELECT o.survey_id, f.rule FROM findings(ARRAY(SELECT id FROM outfall WHERE survey_id IN ('CK-4', 'CK-8')),
                                         ARRAY['monitoring_incomplete', 'deadline_passed']) f
  JOIN outfall o ON o.id = f.outfall_id ORDER BY 1, 2;
SELECT count(*) FROM findings(ARRAY[]::bigint[]);
-- A rule's query is inlined into the caller: for a few outfalls, the scope
-- is an index condition.
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT * FROM rule_code_division(ARRAY[1, 2]::bigint[]);
RESET enable_seqscan;

-- switching a rule off for this deployment, changing a severity
SELECT set_rule('deadline_passed', false, note => '本区整治期限另行核定');
SELECT set_rule('monitoring_incomplete', true, 'blocking');
SELECT id, enabled, severity, note FROM rule_in_force WHERE id IN ('deadline_passed', 'monitoring_incomplete') ORDER BY id;
SELECT survey_id, rule, severity FROM ck WHERE rule IN ('deadline_passed', 'monitoring_incomplete') ORDER BY 1, 2;
SELECT set_rule('deadline_passed', true), set_rule('monitoring_incomplete', true);
SELECT rule, enabled, severity, note, changed_by = current_user AS by_me FROM rule_setting ORDER BY rule;
SELECT set_rule('no_such_rule', false);
SELECT :'SQLSTATE' AS sqlstate;
SELECT set_rule('deadline_passed', true, 'fatal');
SELECT :'SQLSTATE' AS sqlstate;

-- A deployment's own rule plugs in: a function of the engine's signature
-- and a row.  Here: outfalls surveyed without a location.
CREATE FUNCTION public.rule_location_missing(outfalls bigint[])
    RETURNS TABLE (outfall_id bigint, message_zh text, message_en text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT o.id, '没有排污口坐标', 'no location recorded'
      FROM outfall.outfall o
     WHERE (outfalls IS NULL OR o.id = ANY (outfalls)) AND o.geom IS NULL;
END;
INSERT INTO rule (id, title_zh, title_en, description, severity, basis, check_function)
VALUES ('location_missing', '缺少坐标', 'no location', 'Every outfall has the location of its outlet.',
        'notice', 'HJ 1232-2021', 'public.rule_location_missing(bigint[])');
SELECT rule, severity, count(*) FROM ck WHERE rule = 'location_missing' GROUP BY 1, 2;
-- a function without the engine's signature is refused
CREATE FUNCTION public.rule_wrong(outfalls integer[]) RETURNS SETOF bigint
    LANGUAGE sql AS 'SELECT 1::bigint';
INSERT INTO rule (id, title_zh, title_en, description, severity, basis, check_function)
VALUES ('wrong', '错误', 'wrong', 'A rule whose function does not fit.', 'notice', '无', 'public.rule_wrong(integer[])');
SELECT :'SQLSTATE' AS sqlstate, count(*) AS rules FROM rule WHERE id = 'wrong';
-- a deployment's rules and settings are its data, dumped with the registry;
-- the shipped rules come with the extension
SELECT id, shipped FROM rule WHERE NOT shipped;
SELECT c.relname, x.condition
  FROM pg_extension e, unnest(e.extconfig, e.extcondition) x(reloid, condition)
  JOIN pg_class c ON c.oid = x.reloid
 WHERE e.extname = 'outfall' AND c.relname IN ('rule', 'rule_setting', 'indicator', 'category_indicator')
 ORDER BY 1;
DELETE FROM rule WHERE id = 'location_missing';
DROP FUNCTION public.rule_location_missing(bigint[]), public.rule_wrong(integer[]);
