-- registry_api: the SQL API the survey app, the permit system and the
-- national platform write through: register, record_tracing, record_sample,
-- set_plan, advance, retire, reopen.  Each takes a jsonb document and is
-- atomic: a refusal leaves nothing written.
SET search_path = outfall, public;
SET datestyle = 'ISO, YMD';
SET timezone = 'Asia/Shanghai';
\set SHOW_CONTEXT never

INSERT INTO water_body (code, name, kind, is_key_river)
VALUES ('APA01', '阿蓬江', 'river', true), ('APB01', '细沙河', 'river', false);

-- What this file has written so far: its outfalls (survey ids AP-...), its
-- parties (names AP...), their records, and the ledger rows since the start.
-- After each refusal below, :'SQLSTATE' (psql: the SQLSTATE of the statement
-- before) is shown with these counts, which the refusal left as they were.
SELECT coalesce(max(id), 0) AS ledger_mark FROM ledger \gset
CREATE TEMP VIEW ap_written AS
SELECT (SELECT count(*) FROM outfall WHERE survey_id LIKE 'AP-%') AS outfalls,
       (SELECT count(*) FROM party WHERE name LIKE 'AP%') AS parties,
       (SELECT count(*) FROM tracing t JOIN outfall o ON o.id = t.outfall_id WHERE o.survey_id LIKE 'AP-%') AS tracings,
       (SELECT count(*) FROM source s JOIN outfall o ON o.id = s.outfall_id WHERE o.survey_id LIKE 'AP-%') AS sources,
       (SELECT count(*) FROM sample s JOIN outfall o ON o.id = s.outfall_id WHERE o.survey_id LIKE 'AP-%') AS samples,
       (SELECT count(*) FROM sample_indicator i JOIN sample s ON s.id = i.sample_id
                                                JOIN outfall o ON o.id = s.outfall_id WHERE o.survey_id LIKE 'AP-%') AS indicators,
       (SELECT count(*) FROM plan p JOIN outfall o ON o.id = p.outfall_id WHERE o.survey_id LIKE 'AP-%') AS plans,
       (SELECT count(*) FROM ledger WHERE id > :ledger_mark) AS ledger_rows;

------------------------------------------------------------------------------
-- register
------------------------------------------------------------------------------

-- ordinary use: a survey record with its water body and category gets its
-- code (the next number under its prefix) and its standard name; the owner
-- becomes a party
SELECT register('{"survey_id": "AP-2023-001", "survey_name": "化工厂东侧排口",
                  "category": "industrial.enterprise.factory", "division": "500114105",
                  "lon": 108.65, "lat": 29.41, "water_body": "APA01",
                  "discharge_mode": "continuous", "survey_level": 2,
                  "found_on": "2023-03-15", "at": "2023-03-15 10:00+08",
                  "owner": {"name": "AP重庆某化工有限公司", "uscc": "91500114MA5U7A1B21",
                            "division": "500114"}}');
\x on
SELECT o.code, o.name, o.survey_name, o.category, o.division, ST_AsEWKT(o.geom) AS geom,
       o.water_body, o.discharge_mode, o.survey_level, o.found_on, o.is_legacy, o.status,
       o.status_since, p.name AS owner, p.uscc AS owner_uscc, p.kind AS owner_kind,
       o.user_id, o.responsible_id
  FROM outfall o LEFT JOIN party p ON p.id = o.owner_id
 WHERE o.survey_id = 'AP-2023-001';
\x off
SELECT * FROM ap_written;

-- registering the same record again (a retry) returns the same code and
-- writes nothing
SELECT register('{"survey_id": "AP-2023-001", "survey_name": "化工厂东侧排口",
                  "category": "industrial.enterprise.factory", "division": "500114105",
                  "lon": 108.65, "lat": 29.41, "water_body": "APA01",
                  "found_on": "2023-03-15"}');
SELECT * FROM ap_written;
-- the same survey id with another name, township or date is another record:
-- refused (23505), nothing written
SELECT register('{"survey_id": "AP-2023-001", "survey_name": "又报了一次",
                  "division": "500114106", "found_on": "2023-04-01"}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;

-- without a water body or without a category there is no code yet, and no
-- standard name (outfall.assign_code gives the code later)
SELECT register('{"survey_id": "AP-2023-002", "survey_name": "石会镇无名排口",
                  "category": "other.rural_domestic", "division": "500114106",
                  "found_on": "2023-03-16"}') IS NULL AS no_code;
SELECT register('{"survey_id": "AP-2023-003", "survey_name": "细沙河边排口", "water_body": "APB01",
                  "division": "500114106", "found_on": "2023-03-16"}') IS NULL AS no_code;
-- a code written in the record is kept and raises its prefix's counter; the
-- water body code may be in lower case; a name written in the record is kept
SELECT register('{"survey_id": "AP-2023-004", "survey_name": "园区污水厂排口",
                  "code": "apa01-500114-gy-0050", "name": "阿蓬江黔江区某园区排口",
                  "category": "industrial.enterprise.factory", "division": "500114105",
                  "water_body": "apa01", "found_on": "2023-03-17"}');
SELECT register('{"survey_id": "AP-2023-005", "survey_name": "化工厂西侧排口",
                  "category": "industrial.enterprise.factory", "division": "500114105",
                  "water_body": "apa01", "found_on": "2023-03-17",
                  "user": {"name": "AP某物流有限公司", "kind": "enterprise"},
                  "owner": {"name": "AP重庆某化工有限公司（重名）", "uscc": "91500114MA5U7A1B21"}}');
-- the owner is the same party as before, found by its credit code; the
-- standard name carries the user
SELECT o.survey_id, o.code, o.name, u.name AS "user", w.name AS owner
  FROM outfall o LEFT JOIN party u ON u.id = o.user_id LEFT JOIN party w ON w.id = o.owner_id
 WHERE o.survey_id LIKE 'AP-%' ORDER BY o.survey_id;
SELECT * FROM ap_written;

-- refusals: a document that is not an object
SELECT register('[{"survey_id": "AP-9"}]');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
SELECT register(NULL);
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
-- keys the document may not have (a misspelt key is not dropped silently)
SELECT register('{"survey_id": "AP-9", "survey_name": "x", "division": "500114105",
                  "found_on": "2023-03-18", "lng": 108.6, "colour": "brown"}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
-- a value of the wrong form, naming the key
SELECT register('{"survey_id": "AP-9", "survey_name": "x", "division": "500114105",
                  "found_on": "2023-02-30"}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
SELECT register('{"survey_id": "AP-9", "survey_name": "x", "division": "500114105",
                  "found_on": "2023-03-18", "code": "APA01500114GY000O"}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
SELECT register('{"survey_id": "AP-9", "survey_name": "x", "division": "5001a4105",
                  "found_on": "2023-03-18"}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
SELECT register('{"survey_id": "AP-9", "survey_name": "x", "division": "500114105",
                  "found_on": "2023-03-18", "lat": "29°25′"}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
-- in a nested party too: a credit code with a wrong check character
SELECT register('{"survey_id": "AP-9", "survey_name": "x", "division": "500114105",
                  "found_on": "2023-03-18",
                  "owner": {"name": "AP错码公司", "uscc": "91500114MA5U7A1B22"}}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
SELECT register('{"survey_id": "AP-9", "survey_name": "x", "division": "500114105",
                  "found_on": "2023-03-18", "owner": "AP某公司"}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
SELECT register('{"survey_id": "AP-9", "survey_name": "x", "division": "500114105",
                  "found_on": "2023-03-18", "user": {"uscc": "91500114MA5U7A1C35"}}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
-- required keys missing, or null
SELECT register('{}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
SELECT register('{"survey_id": "AP-9", "survey_name": null, "division": "500114105"}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
-- a latitude without a longitude
SELECT register('{"survey_id": "AP-9", "survey_name": "x", "division": "500114105",
                  "found_on": "2023-03-18", "lat": 29.41}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
-- the checks of outfall.outfall: the failing row they report carries row
-- ids, so only the message is shown
\set VERBOSITY terse
-- a location outside China: here longitude and latitude are swapped
SELECT register('{"survey_id": "AP-9", "survey_name": "x", "division": "500114105",
                  "found_on": "2023-03-18", "lon": 29.41, "lat": 108.65,
                  "owner": {"name": "AP不应留下的公司"}}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
-- a division that is not a township (乡镇/街道)
SELECT register('{"survey_id": "AP-9", "survey_name": "x", "division": "500114",
                  "found_on": "2023-03-18"}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
SELECT register('{"survey_id": "AP-9", "survey_name": "x", "division": "500114105",
                  "found_on": "1900-01-01"}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
\set VERBOSITY default
-- a township that is not in the list
SELECT register('{"survey_id": "AP-9", "survey_name": "x", "division": "500114999",
                  "found_on": "2023-03-18"}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
-- an unknown category or water body (the code number taken for it is
-- rolled back with the rest)
SELECT register('{"survey_id": "AP-9", "survey_name": "x", "division": "500114105",
                  "found_on": "2023-03-18", "category": "industrial.factory"}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
SELECT register('{"survey_id": "AP-9", "survey_name": "x", "division": "500114105",
                  "found_on": "2023-03-18", "category": "industrial.enterprise.factory",
                  "water_body": "APX99", "owner": {"name": "AP不应留下的公司"}}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
SELECT count(*) AS counters_of_apx99 FROM code_counter WHERE water = 'APX99';
-- an event time in the future
SELECT register('{"survey_id": "AP-9", "survey_name": "x", "division": "500114105",
                  "found_on": "2023-03-18", "at": "2999-01-01 00:00+08"}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;

------------------------------------------------------------------------------
-- record_sample
------------------------------------------------------------------------------

-- ordinary use: the indicators every plan asks for, and further ones
SELECT record_sample('APA01500114GY0001',
    '{"sampled_at": "2023-03-20 09:30+08", "weather": "dry", "flow_m3d": 120,
      "temperature_c": 18.5, "ph": 7.2, "cod_mgl": 45, "nh3n_mgl": 3.1, "tp_mgl": 0.42,
      "tn_mgl": 8.2, "sewage_seen": true,
      "indicators": [{"name": "石油类", "value": 0.8, "unit": "mg/L"},
                     {"name": "粪大肠菌群", "value": 2400, "unit": "MPN/L"}]}');
SELECT s.sampled_at, s.weather, s.flow_m3d, s.temperature_c, s.ph, s.cod_mgl, s.nh3n_mgl,
       s.tp_mgl, s.tn_mgl, s.sewage_seen, s.recorded_by = current_user AS recorded_by_caller
  FROM sample s JOIN outfall o ON o.id = s.outfall_id WHERE o.survey_id = 'AP-2023-001';
SELECT i.name, i.value, i.unit
  FROM sample_indicator i JOIN sample s ON s.id = i.sample_id JOIN outfall o ON o.id = s.outfall_id
 WHERE o.survey_id = 'AP-2023-001' ORDER BY i.name;
-- only the time and the weather are required
SELECT record_sample('APA01500114GY0001', '{"sampled_at": "2023-03-21 09:30+08", "weather": "wet"}');
SELECT * FROM ap_written;

-- refusals, each leaving neither the sample nor any of its indicators
SELECT record_sample('APA01500114GY0001', '{"sampled_at": "2023-03-22 09:30+08"}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
SELECT record_sample('APA01500114GY0001', '{"sampled_at": "2023-03-22 09:30+08", "weather": "dry", "ph": "neutral"}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
SELECT record_sample('APA01500114GY0001', '{"sampled_at": "2023-03-22 09:30+08", "weather": "dry", "cod": 45}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
SELECT record_sample('APA01500114GY0001', '{"sampled_at": "2999-03-22 09:30+08", "weather": "dry"}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
SELECT record_sample('APA01500114GY0099', '{"sampled_at": "2023-03-22 09:30+08", "weather": "dry"}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
-- indicators: not an array, a value of the wrong form, a missing unit
SELECT record_sample('APA01500114GY0001', '{"sampled_at": "2023-03-22 09:30+08", "weather": "dry",
                                            "indicators": {"石油类": 0.8}}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
SELECT record_sample('APA01500114GY0001', '{"sampled_at": "2023-03-22 09:30+08", "weather": "dry",
                                            "indicators": [{"name": "石油类", "value": 0.8, "unit": "mg/L"},
                                                           {"name": "挥发酚", "value": "<0.01", "unit": "mg/L"}]}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
SELECT record_sample('APA01500114GY0001', '{"sampled_at": "2023-03-22 09:30+08", "weather": "dry",
                                            "indicators": [{"name": "石油类", "value": 0.8}]}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
-- values out of range are refused by the checks of outfall.sample and
-- outfall.sample_indicator (message only: the failing row carries row ids)
\set VERBOSITY terse
SELECT record_sample('APA01500114GY0001', '{"sampled_at": "2023-03-22 09:30+08", "weather": "dry", "ph": 15}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
SELECT record_sample('APA01500114GY0001', '{"sampled_at": "2023-03-22 09:30+08", "weather": "dry", "cod_mgl": -5}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
SELECT record_sample('APA01500114GY0001', '{"sampled_at": "2023-03-22 09:30+08", "weather": "dry", "temperature_c": 100}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
SELECT record_sample('APA01500114GY0001', '{"sampled_at": "2023-03-22 09:30+08", "weather": "foggy"}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
SELECT record_sample('APA01500114GY0001', '{"sampled_at": "2023-03-22 09:30+08", "weather": "dry",
                                            "indicators": [{"name": "石油类", "value": 0.8, "unit": "mg/L"},
                                                           {"name": "挥发酚", "value": -0.01, "unit": "mg/L"}]}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
SELECT record_sample('APA01500114GY0001', '{"sampled_at": "2023-03-22 09:30+08", "weather": "dry",
                                            "indicators": [{"name": "石油类", "value": 0.8, "unit": "mg/L"},
                                                           {"name": "石油类", "value": 0.9, "unit": "mg/L"}]}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
\set VERBOSITY default

-- with a sample on record, the outfall is monitored (监测)
SELECT advance('APA01500114GY0001', 'monitored', '{"at": "2023-03-22 12:00+08"}');

------------------------------------------------------------------------------
-- record_tracing
------------------------------------------------------------------------------

-- ordinary use: the sources found behind the outfall, each with its party
-- where it is one; the user found decides the first responsible party
SELECT record_tracing('APA01500114GY0001',
    '{"method": "field", "traced_on": "2023-04-02", "at": "2023-04-02 15:00+08",
      "note": "沿管网排查至厂区",
      "sources": [{"name": "一车间", "kind": "industrial",
                   "party": {"name": "AP重庆某化工有限公司", "uscc": "91500114MA5U7A1B21"},
                   "responsibility": "生产废水"},
                  {"name": "厂区生活区", "kind": "domestic"}],
      "user": {"name": "AP重庆某化工租赁经营有限公司", "uscc": "91500114MA5U7A1C35"}}');
SELECT t.method, t.traced_on, t.note FROM tracing t JOIN outfall o ON o.id = t.outfall_id
 WHERE o.survey_id = 'AP-2023-001';
SELECT s.name, s.kind, p.name AS party, s.responsibility
  FROM source s JOIN outfall o ON o.id = s.outfall_id LEFT JOIN party p ON p.id = s.party_id
 WHERE o.survey_id = 'AP-2023-001' ORDER BY s.name;
SELECT u.name AS "user", w.name AS owner, r.name AS responsible, o.responsible_rule
  FROM outfall o LEFT JOIN party u ON u.id = o.user_id LEFT JOIN party w ON w.id = o.owner_id
       LEFT JOIN party r ON r.id = o.responsible_id
 WHERE o.survey_id = 'AP-2023-001';
-- a responsible party named in the record is recorded as such; a tracing
-- without sources is a tracing all the same
UPDATE outfall SET water_body = 'APB01' WHERE survey_id = 'AP-2023-002';
SELECT assign_code(id) FROM outfall WHERE survey_id = 'AP-2023-002';
SELECT record_tracing('APB01500114NS0001',
    '{"method": "document", "traced_on": "2023-04-03", "at": "2023-04-03 11:00+08",
      "responsible": {"name": "AP石会镇某村村民委员会", "kind": "other", "division": "500114106"}}');
SELECT r.name AS responsible, o.responsible_rule FROM outfall o JOIN party r ON r.id = o.responsible_id
 WHERE o.survey_id = 'AP-2023-002';
SELECT * FROM ap_written;

-- refusals
SELECT record_tracing('APA01500114GY0001', '{"method": "field"}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
SELECT record_tracing('APA01500114GY0001', '{"method": "field", "traced_on": "2023-04-05",
                                             "sources": {"name": "一车间"}}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
SELECT record_tracing('APA01500114GY0001', '{"method": "field", "traced_on": "2023-04-05",
                                             "sources": [{"name": "二车间", "kind": "industrial"},
                                                         {"name": "食堂"}]}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
SELECT record_tracing('APA01500114GY0001', '{"method": "field", "traced_on": "2023-04-05",
                                             "sources": [{"name": "二车间", "kind": "industrial",
                                                          "party": {"name": "AP二车间", "uscc": "915001"}}]}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
SELECT record_tracing('APA01500114GY0001', '{"method": "field", "traced_on": "2023-04-05",
                                             "user": {"name": "AP不应留下的公司"}, "owner": []}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
\set VERBOSITY terse
SELECT record_tracing('APA01500114GY0001', '{"method": "dowsing", "traced_on": "2023-04-05"}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
SELECT record_tracing('APA01500114GY0001', '{"method": "field", "traced_on": "2023-04-05",
                                             "sources": [{"name": "二车间", "kind": "industrial"},
                                                         {"name": "食堂", "kind": "canteen"}]}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
\set VERBOSITY default

------------------------------------------------------------------------------
-- set_plan, advance, retire, reopen
------------------------------------------------------------------------------

-- advance moves an outfall one step, at the time the evidence gives (the
-- steps and what each needs are the concern of registry_lifecycle)
SELECT advance('APA01500114GY0001', 'traced', '{"at": "2023-04-02 16:00+08"}');
-- one plan per outfall (一口一策): inside a drinking-water source protection
-- zone, the outfall is banned (依法取缔)
SELECT set_plan('APA01500114GY0001',
    '{"action": "ban", "measures": "拆除排口，废水接入园区污水处理厂",
      "responsible_unit": "AP重庆某化工租赁经营有限公司", "responsible_person": "张某",
      "deadline": "2023-12-31", "at": "2023-05-10 09:00+08"}');
SELECT p.action, p.measures, p.responsible_unit, p.responsible_person, p.deadline,
       p.merge_target_id, p.set_on
  FROM plan p JOIN outfall o ON o.id = p.outfall_id WHERE o.survey_id = 'AP-2023-001';
SELECT advance('APA01500114GY0001', 'planned', '{"at": "2023-05-10 10:00+08"}');
SELECT advance('APA01500114GY0001', 'rectifying', '{"at": "2023-06-01 08:00+08"}');
SELECT advance('APA01500114GY0001', 'rectified', '{"at": "2023-09-30 17:00+08"}');
-- retire: verify with evidence and close out (销号); it is
-- advance(code, 'closed', {"verification": evidence, "at": at})
SELECT retire('APA01500114GY0001', '验收意见书 黔环验〔2023〕12号，现场照片3张', '2023-10-20 10:00+08');
SELECT v.evidence, v.verified_by = current_user AS verified_by_caller, v.verified_at
  FROM verification v JOIN outfall o ON o.id = v.outfall_id WHERE o.survey_id = 'AP-2023-001';
SELECT status, status_since FROM outfall WHERE survey_id = 'AP-2023-001';
SELECT * FROM ap_written;

-- re-planning replaces the plan (the ledger keeps the earlier one); a merge
-- (清理合并) names the active outfall it goes into
SELECT set_plan('APA01500114GY0051',
    '{"action": "standardize", "measures": "设置标志牌", "responsible_unit": "AP某物流有限公司",
      "responsible_person": "李某", "deadline": "2024-06-30", "at": "2023-05-11 09:00+08"}');
SELECT set_plan('APA01500114GY0051',
    '{"action": "merge", "measures": "并入园区污水厂排口", "responsible_unit": "AP某物流有限公司",
      "responsible_person": "李某", "deadline": "2024-06-30", "merge_target": "APA01500114GY0050",
      "at": "2023-05-12 09:00+08"}');
SELECT p.action, p.measures, t.code AS merge_target, p.set_on
  FROM plan p JOIN outfall o ON o.id = p.outfall_id LEFT JOIN outfall t ON t.id = p.merge_target_id
 WHERE o.survey_id = 'AP-2023-005';
SELECT * FROM ap_written;

-- refusals of a plan
SELECT set_plan('APA01500114GY0051', '{"action": "merge", "measures": "并入", "responsible_unit": "AP某物流有限公司",
                                       "responsible_person": "李某", "deadline": "2024-06-30",
                                       "merge_target": "APA01500114GY0999", "set_on": "2023-05-13"}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
-- the banned, closed outfall is no merge target
SELECT set_plan('APA01500114GY0051', '{"action": "merge", "measures": "并入", "responsible_unit": "AP某物流有限公司",
                                       "responsible_person": "李某", "deadline": "2024-06-30",
                                       "merge_target": "APA01500114GY0001", "set_on": "2023-05-13"}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
SELECT set_plan('APA01500114GY0051', '{"action": "standardize", "responsible_unit": "AP某物流有限公司"}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
SELECT set_plan('APA01500114GY0051', '{"action": "standardize", "measures": "设置标志牌",
                                       "responsible_unit": "AP某物流有限公司", "responsible_person": "李某",
                                       "deadline": "2024-06-31", "set_on": "2023-05-13"}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
\set VERBOSITY terse
-- a merge without a target; merging an outfall into itself; a deadline
-- before the plan was set
SELECT set_plan('APA01500114GY0051', '{"action": "merge", "measures": "并入", "responsible_unit": "AP某物流有限公司",
                                       "responsible_person": "李某", "deadline": "2024-06-30", "set_on": "2023-05-13"}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
SELECT set_plan('APA01500114GY0051', '{"action": "merge", "measures": "并入", "responsible_unit": "AP某物流有限公司",
                                       "responsible_person": "李某", "deadline": "2024-06-30",
                                       "merge_target": "APA01500114GY0051", "set_on": "2023-05-13"}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
SELECT set_plan('APA01500114GY0051', '{"action": "standardize", "measures": "设置标志牌",
                                       "responsible_unit": "AP某物流有限公司", "responsible_person": "李某",
                                       "deadline": "2023-01-31", "set_on": "2023-05-13"}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
\set VERBOSITY default
SELECT p.action, t.code AS merge_target, p.set_on
  FROM plan p JOIN outfall o ON o.id = p.outfall_id LEFT JOIN outfall t ON t.id = p.merge_target_id
 WHERE o.survey_id = 'AP-2023-005';

-- refusals of advance and retire: evidence that is not an object or has
-- unknown keys, a time in the future, a step the lifecycle does not allow,
-- an outfall that is not rectified
SELECT advance('APA01500114GY0050', 'monitored', '"照片"');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
SELECT advance('APA01500114GY0050', 'monitored', '{"when": "2023-04-01"}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
SELECT advance('APA01500114GY0050', 'monitored', '{"at": "2999-01-01 00:00+08"}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
SELECT advance('APA01500114GY0050', 'traced');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
SELECT advance('APA01500114GY0999', 'monitored');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
SELECT retire('APA01500114GY0050', '验收意见书');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;

-- reopen: a closed outfall comes back with a reason, which the ledger keeps;
-- to found (it reappeared) or rectifying (the rectification did not hold)
SELECT reopen('APA01500114GY0001', 'planned', '重新制定方案');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
SET outfall.event_time = '2024-03-01 09:00+08';
SELECT reopen('APA01500114GY0001', 'found', '2024年巡查发现排口恢复排放');
RESET outfall.event_time;
SELECT o.status, l.op, l.old ->> 'status' AS old_status, l.new ->> 'status' AS new_status, l.note
  FROM outfall o JOIN ledger l ON l.outfall_id = o.id AND l.entity = 'outfall'
 WHERE o.survey_id = 'AP-2023-001' AND l.op = 'reopen';
SELECT * FROM ap_written;
-- refusals: no reason; an outfall that is not closed or retained
SELECT reopen('APA01500114GY0050', 'found', ' ');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
SELECT reopen('APA01500114GY0001', 'found', '再次复查');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
-- a step cannot take effect before the current state began: the ledger
-- rebuilds past states in the order of event time
SELECT advance('APA01500114GY0001', 'monitored', '{"at": "2023-12-01 09:00+08"}');
SELECT :'SQLSTATE' AS sqlstate, * FROM ap_written;
SELECT advance('APA01500114GY0001', 'monitored', '{"at": "2024-03-02 09:00+08"}');

-- the whole history of AP-2023-001 as the ledger holds it
SELECT l.happened_at, l.entity, l.op, l.old ->> 'status' AS old_status, l.new ->> 'status' AS new_status,
       CASE WHEN l.op <> 'insert' THEN (SELECT string_agg(k, ', ' ORDER BY k) FROM jsonb_object_keys(l.new) k) END AS changed
  FROM ledger l JOIN outfall o ON o.id = l.outfall_id
 WHERE o.survey_id = 'AP-2023-001'
 ORDER BY l.happened_at, l.id;

-- a responsible party recorded by hand stands: a later tracing that names
-- none (here only an owner) does not apply the rule over it
SELECT record_tracing('APB01500114NS0001',
    '{"method": "field", "traced_on": "2023-04-20", "at": "2023-04-20 11:00+08",
      "owner": {"name": "AP石会镇某养殖场", "kind": "other"}}');
SELECT r.name AS responsible, o.responsible_rule, w.name AS owner
  FROM outfall o JOIN party r ON r.id = o.responsible_id LEFT JOIN party w ON w.id = o.owner_id
 WHERE o.survey_id = 'AP-2023-002';
