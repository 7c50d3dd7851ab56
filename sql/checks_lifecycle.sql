-- checks_lifecycle: where findings stop a write.  Close-out (rectified →
-- closed) and retention (planned → retained, closed → retained) are
-- refused while a blocking finding about the outfall stands; a plan that
-- would ban (seal) or merge a town stormwater outfall is refused when
-- written.  Refusals are SQLSTATE 23514 and leave nothing written.
SET search_path = outfall, public;
SET datestyle = 'ISO, YMD';
SET timezone = 'Asia/Shanghai';
\set SHOW_CONTEXT never

-- which steps wait for the blocking findings to be resolved
SELECT from_state, to_state FROM transition WHERE needs_no_blocking_finding ORDER BY 1, 2;

INSERT INTO water_body (code, name, kind) VALUES ('CLA01', '销号河', 'river');
SELECT register(format('{"survey_id": "CL-%s", "survey_name": "%s", "category": "%s",
                         "division": "500114002", "water_body": "CLA01", "found_on": "2024-03-01"}',
                       n, name, category)::jsonb) AS code
  FROM (VALUES (1, '五金厂排口', 'industrial.enterprise.factory'),
               (2, '南门雨水排口', 'other.town_storm'),
               (3, '北门雨水排口', 'other.town_storm'),
               (4, '菜市场排口', 'other.town_domestic'),
               (5, '桥头排口', 'other.town_domestic')) v(n, name, category)
 ORDER BY n;
-- the outfalls' states and ledger events: a refusal leaves both as they were
CREATE TEMP VIEW cl AS
SELECT o.survey_id, o.status, (SELECT count(*) FROM ledger l WHERE l.outfall_id = o.id) AS events,
       (SELECT p.action FROM plan p WHERE p.outfall_id = o.id) AS plan
  FROM outfall o WHERE o.survey_id LIKE 'CL-%';

-- up to rectified, standardized, through the API
CREATE FUNCTION pg_temp.rectify(c outfall_code, action text DEFAULT 'standardize') RETURNS state
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM outfall.record_sample(c, '{"sampled_at": "2024-03-02 10:00+08", "weather": "wet",
        "flow_m3d": 80, "temperature_c": 14, "ph": 7.3, "cod_mgl": 60, "nh3n_mgl": 4,
        "tp_mgl": 0.5, "tn_mgl": 10}');
    PERFORM outfall.advance(c, 'monitored');
    PERFORM outfall.record_tracing(c, '{"method": "field", "traced_on": "2024-03-05",
                                        "user": {"name": "CL黔江某五金有限公司", "kind": "enterprise"}}');
    PERFORM outfall.advance(c, 'traced');
    PERFORM outfall.set_plan(c, jsonb_build_object('action', action, 'measures', '规范化建设',
        'responsible_unit', 'CL黔江某五金有限公司', 'responsible_person', '陈某', 'deadline', '2099-12-31'));
    PERFORM outfall.advance(c, 'planned');
    PERFORM outfall.advance(c, 'rectifying');
    RETURN outfall.advance(c, 'rectified');
END;
$$;
SELECT survey_id, pg_temp.rectify(code) FROM outfall WHERE survey_id = 'CL-1';
SELECT * FROM cl WHERE survey_id = 'CL-1';

------------------------------------------------------------------------------
-- close-out (销号) waits for the blocking findings
------------------------------------------------------------------------------
-- CL-1 is verified, but has neither approval nor signboard
SELECT retire('CLA01500114GY0001', '验收意见书 黔环验〔2024〕21号');
SELECT :'SQLSTATE' AS sqlstate, * FROM cl WHERE survey_id = 'CL-1';
SELECT count(*) AS verifications FROM verification v JOIN outfall o ON o.id = v.outfall_id WHERE o.survey_id = 'CL-1';
-- a direct UPDATE is refused the same way
INSERT INTO verification (outfall_id, evidence) SELECT id, '现场核查照片' FROM outfall WHERE survey_id = 'CL-1';
UPDATE outfall SET status = 'closed' WHERE survey_id = 'CL-1';
SELECT :'SQLSTATE' AS sqlstate, * FROM cl WHERE survey_id = 'CL-1';
-- the approval is filed; the signboard still lacks its supervision phone
INSERT INTO approval (outfall_id, kind, authority, document_no, decided_on)
SELECT id, 'approval', '重庆市黔江区生态环境局', '黔环审〔2024〕21号', '2024-05-01' FROM outfall WHERE survey_id = 'CL-1';
INSERT INTO signboard (outfall_id, name, code, category, responsible_party, supervising_unit)
SELECT id, name, code, '工业企业排污口', 'CL黔江某五金有限公司', '重庆市黔江区生态环境局' FROM outfall WHERE survey_id = 'CL-1';
SELECT rule, severity, message_en FROM outfall o, outfall.check(o) WHERE o.survey_id = 'CL-1';
SELECT retire('CLA01500114GY0001', '验收意见书 黔环验〔2024〕21号');
SELECT :'SQLSTATE' AS sqlstate, * FROM cl WHERE survey_id = 'CL-1';
-- with the phone on the signboard nothing blocks any more
UPDATE signboard SET supervision_phone = '023-12369' WHERE outfall_id = (SELECT id FROM outfall WHERE survey_id = 'CL-1');
SELECT retire('CLA01500114GY0001', '验收意见书 黔环验〔2024〕21号');
SELECT * FROM cl WHERE survey_id = 'CL-1';
-- closed → retained waits for them too: a signboard that shows another code
UPDATE signboard SET code = 'CLA01500114GY0002' WHERE outfall_id = (SELECT id FROM outfall WHERE survey_id = 'CL-1');
SELECT advance('CLA01500114GY0001', 'retained');
SELECT :'SQLSTATE' AS sqlstate, * FROM cl WHERE survey_id = 'CL-1';
-- a deployment that does not apply a rule switches it off, and the step is allowed
SELECT set_rule('signboard_incomplete', false, note => '标志牌由市局统一制作，另行核查');
SELECT advance('CLA01500114GY0001', 'retained');
SELECT * FROM cl WHERE survey_id = 'CL-1';
SELECT set_rule('signboard_incomplete', true);

-- A bulk UPDATE is checked in one pass; the refusal names the first outfall
-- and counts the others, and no row of the statement changes.
SELECT survey_id, pg_temp.rectify(code) FROM outfall WHERE survey_id IN ('CL-4', 'CL-5') ORDER BY 1;
INSERT INTO verification (outfall_id, evidence)
SELECT id, '验收意见书' FROM outfall WHERE survey_id IN ('CL-4', 'CL-5');
UPDATE outfall SET status = 'closed' WHERE survey_id IN ('CL-4', 'CL-5');
SELECT :'SQLSTATE' AS sqlstate, * FROM cl WHERE survey_id IN ('CL-4', 'CL-5') ORDER BY 1;
INSERT INTO signboard (outfall_id, name, code, category, responsible_party, supervising_unit, supervision_phone)
SELECT id, name, code, '城镇生活污水散排口', 'CL黔江某五金有限公司', '重庆市黔江区生态环境局', '023-12369'
  FROM outfall WHERE survey_id = 'CL-4';
UPDATE outfall SET status = 'closed' WHERE survey_id IN ('CL-4', 'CL-5');
SELECT :'SQLSTATE' AS sqlstate, * FROM cl WHERE survey_id IN ('CL-4', 'CL-5') ORDER BY 1;
-- an outfall banned away is no longer checked: closing it out needs its
-- verification only (no signboard for an outlet that is gone)
SELECT register('{"survey_id": "CL-6", "survey_name": "河边暗管", "category": "other.town_domestic",
                  "division": "500114002", "water_body": "CLA01", "found_on": "2024-03-01"}');
SELECT survey_id, pg_temp.rectify(code, 'ban') FROM outfall WHERE survey_id = 'CL-6';
SELECT retire('CLA01500114CS0003', '封堵后现场照片');
SELECT * FROM cl WHERE survey_id = 'CL-6';

------------------------------------------------------------------------------
-- town stormwater outfalls are never merged or sealed (flood safety)
------------------------------------------------------------------------------
SELECT record_sample(code, '{"sampled_at": "2024-03-02 10:00+08", "weather": "wet", "flow_m3d": 300}'),
       advance(code, 'monitored'),
       record_tracing(code, '{"method": "field", "traced_on": "2024-03-05"}'),
       advance(code, 'traced')
  FROM outfall WHERE survey_id IN ('CL-2', 'CL-3') ORDER BY survey_id;
-- a plan to seal (ban) or merge it is refused, and not saved
SELECT set_plan('CLA01500114YS0001', '{"action": "ban", "measures": "封堵排口", "responsible_unit": "城南街道",
                                       "responsible_person": "陈某", "deadline": "2099-12-31"}');
SELECT :'SQLSTATE' AS sqlstate, * FROM cl WHERE survey_id = 'CL-2';
SELECT set_plan('CLA01500114YS0001', '{"action": "merge", "merge_target": "CLA01500114CS0001",
                                       "measures": "并入菜市场排口", "responsible_unit": "城南街道",
                                       "responsible_person": "陈某", "deadline": "2099-12-31"}');
SELECT :'SQLSTATE' AS sqlstate, * FROM cl WHERE survey_id = 'CL-2';
-- a plan written straight into the table too
INSERT INTO plan (outfall_id, action, measures, responsible_unit, responsible_person, deadline)
SELECT id, 'ban', '封堵排口', '城南街道', '陈某', '2099-12-31' FROM outfall WHERE survey_id = 'CL-2';
SELECT :'SQLSTATE' AS sqlstate, * FROM cl WHERE survey_id = 'CL-2';
-- standardizing it is the way
SELECT set_plan('CLA01500114YS0001', '{"action": "standardize", "measures": "雨污分流改造，旱天溯源",
                                       "responsible_unit": "城南街道", "responsible_person": "陈某",
                                       "deadline": "2099-12-31"}');
SELECT * FROM cl WHERE survey_id = 'CL-2';
-- and a standardize plan cannot be turned into a ban afterwards
UPDATE plan SET action = 'ban' WHERE outfall_id = (SELECT id FROM outfall WHERE survey_id = 'CL-2');
SELECT :'SQLSTATE' AS sqlstate, * FROM cl WHERE survey_id = 'CL-2';
-- nor can an outfall planned to be banned become a town stormwater outfall
SELECT register('{"survey_id": "CL-7", "survey_name": "北街排口", "category": "other.town_domestic",
                  "division": "500114002", "water_body": "CLA01", "found_on": "2024-03-01"}');
SELECT record_sample(code, '{"sampled_at": "2024-03-02 10:00+08", "weather": "dry", "flow_m3d": 20}'),
       advance(code, 'monitored'),
       record_tracing(code, '{"method": "field", "traced_on": "2024-03-05"}'),
       advance(code, 'traced'),
       set_plan(code, '{"action": "ban", "measures": "封堵", "responsible_unit": "城南街道",
                        "responsible_person": "陈某", "deadline": "2099-12-31"}')
  FROM outfall WHERE survey_id = 'CL-7';
UPDATE outfall SET category = 'other.town_storm' WHERE survey_id = 'CL-7';
SELECT :'SQLSTATE' AS sqlstate, o.category FROM outfall o WHERE survey_id = 'CL-7';
