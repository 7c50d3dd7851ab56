-- security: who sees and changes what (0.6).  The group roles say what a
-- role may do — outfall_reader reads, outfall_editor also writes the
-- registry, outfall_verifier accepts works and closes out, outfall_admin
-- keeps the catalogs, zones and the jurisdiction mapping — and
-- outfall.jurisdiction says where: a role sees and changes the outfalls of
-- the divisions mapped to it and below them, with everything that hangs off
-- those outfalls, and nothing else.  The API answers for an outfall outside
-- the caller's area exactly as for one that does not exist.
--
-- The places of this file: 鼓东街道 and 鼓西街道 of 福州市鼓楼区 (福建省),
-- and 滕王阁街道 of 南昌市东湖区 (江西省); survey ids SEC-..., waters SEC01
-- and SEC02, roles outfall_test_sec_... (dropped at the end).  The
-- superuser sees every row of the database, other files' too, so its
-- counts are restricted to these.
SET search_path = outfall, public;
SET datestyle = 'ISO, YMD';
SET timezone = 'Asia/Shanghai';
\set SHOW_CONTEXT never

SELECT code, division_full_name(code) AS full_name, level_name(code) AS level
  FROM division WHERE code IN ('35', '350102', '350102001', '350102002', '36', '360102002')
 ORDER BY code;
INSERT INTO water_body (code, name, kind) VALUES ('SEC01', '安泰河', 'river'), ('SEC02', '东湖', 'lake');

-- the staff of this file (roles left over from an interrupted run go first)
SET client_min_messages = warning;
DROP ROLE IF EXISTS outfall_test_sec_gudong, outfall_test_sec_guxi, outfall_test_sec_chief,
    outfall_test_sec_acceptor, outfall_test_sec_gulou, outfall_test_sec_fujian, outfall_test_sec_chen, outfall_test_sec_team,
    outfall_test_sec_fujian_admin, outfall_test_sec_gulou_admin, outfall_test_sec_donghu,
    outfall_test_sec_newcomer;
RESET client_min_messages;
CREATE ROLE outfall_test_sec_gudong IN ROLE outfall_editor;        -- survey staff of 鼓东街道
CREATE ROLE outfall_test_sec_guxi IN ROLE outfall_editor;          -- survey staff of 鼓西街道
CREATE ROLE outfall_test_sec_chief IN ROLE outfall_editor, outfall_verifier;  -- 鼓东街道, does both
CREATE ROLE outfall_test_sec_acceptor IN ROLE outfall_verifier;    -- acceptance staff of 鼓楼区
CREATE ROLE outfall_test_sec_gulou IN ROLE outfall_reader;         -- analyst of 鼓楼区
CREATE ROLE outfall_test_sec_fujian IN ROLE outfall_reader;        -- analyst of 福建省
CREATE ROLE outfall_test_sec_fujian_admin IN ROLE outfall_admin;   -- administrator of 福建省
CREATE ROLE outfall_test_sec_gulou_admin IN ROLE outfall_admin;    -- administrator of 鼓楼区
CREATE ROLE outfall_test_sec_donghu IN ROLE outfall_editor;        -- survey staff of 滕王阁街道 (江西)
CREATE ROLE outfall_test_sec_newcomer IN ROLE outfall_reader;      -- not mapped to any division yet
INSERT INTO jurisdiction (member, division) VALUES
    ('outfall_test_sec_gudong', '350102001'), ('outfall_test_sec_guxi', '350102002'),
    ('outfall_test_sec_chief', '350102001'), ('outfall_test_sec_acceptor', '350102'),
    ('outfall_test_sec_gulou', '350102'), ('outfall_test_sec_fujian', '35'),
    ('outfall_test_sec_fujian_admin', '35'), ('outfall_test_sec_gulou_admin', '350102'),
    ('outfall_test_sec_donghu', '360102002');
-- what each role works in
SELECT r.rolname, divisions_of(r.rolname) AS divisions,
       ARRAY(SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
              WHERE m.member = r.oid ORDER BY g.rolname) AS member_of
  FROM pg_roles r WHERE r.rolname LIKE 'outfall\_test\_sec\_%' ORDER BY r.rolname;

------------------------------------------------------------------------------
-- ordinary use: each township's staff register and follow up their outfalls
------------------------------------------------------------------------------

SET ROLE outfall_test_sec_gudong;
SELECT register(format('{"survey_id": "SEC-GD-%s", "survey_name": "%s", "category": "%s",
                         "division": "350102001", "water_body": "SEC01", "found_on": "2024-03-01",
                         "at": "2024-03-01 09:00+08"}', n, s, c)::jsonb) AS code
  FROM (VALUES (1, '鼓东路生活排口', 'other.town_domestic'), (2, '东街口雨水口', 'other.town_storm'),
               (3, '安泰河南岸排口', 'other.town_domestic')) v(n, s, c)
 ORDER BY n;
SELECT record_sample(code, '{"sampled_at": "2024-03-05 10:00+08", "weather": "dry", "cod_mgl": 80}'),
       record_tracing(code, '{"method": "field", "traced_on": "2024-03-10", "at": "2024-03-10 10:00+08",
                              "sources": [{"name": "鼓东路沿街餐饮", "kind": "domestic"}]}'),
       advance(code, 'monitored', '{"at": "2024-03-06 09:00+08"}'),
       advance(code, 'traced', '{"at": "2024-03-11 09:00+08"}')
  FROM outfall WHERE survey_id LIKE 'SEC-GD-%' ORDER BY survey_id;
SELECT set_plan(code, format('{"action": "%s", "measures": "%s", "responsible_unit": "鼓东街道办事处",
                               "responsible_person": "林某", "deadline": "2024-12-31",
                               "set_on": "2024-03-15", "at": "2024-03-15 09:00+08"}', a, m)::jsonb),
       advance(code, 'planned', '{"at": "2024-03-16 09:00+08"}')
  FROM outfall o, LATERAL (SELECT CASE WHEN o.category = 'other.town_storm' THEN 'retain' ELSE 'ban' END AS a,
                                  CASE WHEN o.category = 'other.town_storm' THEN '保留，汛期巡查' ELSE '截污纳管后封堵' END AS m) p
 WHERE survey_id LIKE 'SEC-GD-%' ORDER BY survey_id;
SELECT advance('SEC01350102CS0001', 'rectifying', '{"at": "2024-04-01 09:00+08"}'),
       advance('SEC01350102CS0001', 'rectified', '{"at": "2024-06-01 09:00+08"}');
RESET ROLE;

SET ROLE outfall_test_sec_guxi;
SELECT register('{"survey_id": "SEC-GX-1", "survey_name": "鼓西路排口", "category": "other.town_domestic",
                  "division": "350102002", "water_body": "SEC01", "found_on": "2024-03-02",
                  "at": "2024-03-02 09:00+08"}') AS code;
SELECT record_sample('SEC01350102CS0003', '{"sampled_at": "2024-03-05 11:00+08", "weather": "dry"}');
RESET ROLE;

SET ROLE outfall_test_sec_donghu;
SELECT register('{"survey_id": "SEC-DH-1", "survey_name": "东湖北岸排口", "category": "other.town_domestic",
                  "division": "360102002", "water_body": "SEC02", "found_on": "2024-03-03",
                  "at": "2024-03-03 09:00+08",
                  "owner": {"name": "SEC南昌某酒店有限公司", "division": "360102"}}') AS code;
RESET ROLE;

-- each role sees the outfalls of its area: a township its own, the county
-- both townships, the province all of 福建; the superuser every one
SET ROLE outfall_test_sec_gudong;
SELECT survey_id, code, division, status FROM outfall ORDER BY survey_id;
SET ROLE outfall_test_sec_guxi;
SELECT survey_id, code, division, status FROM outfall ORDER BY survey_id;
SET ROLE outfall_test_sec_gulou;
SELECT survey_id, code, division, status FROM outfall ORDER BY survey_id;
SET ROLE outfall_test_sec_fujian;
SELECT survey_id, code, division, status FROM outfall ORDER BY survey_id;
SET ROLE outfall_test_sec_donghu;
SELECT survey_id, code, division, status FROM outfall ORDER BY survey_id;
RESET ROLE;
SELECT survey_id, code, division, status FROM outfall WHERE survey_id LIKE 'SEC-%' ORDER BY survey_id;
-- and what hangs off them: samples, tracings, plans
SET ROLE outfall_test_sec_guxi;
SELECT (SELECT count(*) FROM sample) AS samples, (SELECT count(*) FROM tracing) AS tracings,
       (SELECT count(*) FROM plan) AS plans;
SET ROLE outfall_test_sec_gulou;
SELECT (SELECT count(*) FROM sample) AS samples, (SELECT count(*) FROM tracing) AS tracings,
       (SELECT count(*) FROM plan) AS plans;
RESET ROLE;

------------------------------------------------------------------------------
-- refusals: outside its area a role can neither write nor find an outfall
------------------------------------------------------------------------------

SET ROLE outfall_test_sec_gudong;
-- registering in the neighbouring township: no code is numbered there for it
SELECT register('{"survey_id": "SEC-GD-9", "survey_name": "越界登记", "category": "other.town_domestic",
                  "division": "350102002", "water_body": "SEC01", "found_on": "2024-03-01"}');
SELECT :'SQLSTATE' AS sqlstate;
-- nor is the row written, with a code or without
SELECT register('{"survey_id": "SEC-GD-9", "survey_name": "越界登记", "division": "350102002",
                  "found_on": "2024-03-01"}');
SELECT :'SQLSTATE' AS sqlstate;
-- nor may an outfall of its own be moved there
UPDATE outfall SET division = '350102002' WHERE survey_id = 'SEC-GD-1';
SELECT :'SQLSTATE' AS sqlstate;
-- the outfall of 鼓西街道 is not there for it: not listed, not changed, and
-- the API says it does not exist
SELECT count(*) FROM outfall WHERE code = 'SEC01350102CS0003';
UPDATE outfall SET survey_name = '改名' WHERE code = 'SEC01350102CS0003';
SELECT record_sample('SEC01350102CS0003', '{"sampled_at": "2024-03-06 10:00+08", "weather": "dry"}');
SELECT :'SQLSTATE' AS sqlstate;
SELECT advance('SEC01350102CS0003', 'monitored');
SELECT :'SQLSTATE' AS sqlstate;
SELECT set_plan('SEC01350102CS0003', '{"action": "ban", "measures": "封堵", "responsible_unit": "x",
                                      "responsible_person": "x", "deadline": "2024-12-31"}');
SELECT :'SQLSTATE' AS sqlstate;
SELECT outfall_file('SEC01350102CS0003');
SELECT :'SQLSTATE' AS sqlstate;
-- nor its samples
INSERT INTO sample (outfall_id, sampled_at, weather)
SELECT id, '2024-03-06 10:00+08', 'dry' FROM outfall WHERE code = 'SEC01350102CS0003';
INSERT INTO sample (outfall_id, sampled_at, weather)
VALUES ((SELECT max(id) + 1 FROM outfall), '2024-03-06 10:00+08', 'dry');
SELECT :'SQLSTATE' AS sqlstate;
RESET ROLE;
-- what it was refused left the outfall of 鼓西街道 as it was
SELECT o.survey_id, o.survey_name, o.status, (SELECT count(*) FROM sample s WHERE s.outfall_id = o.id) AS samples
  FROM outfall o WHERE o.survey_id = 'SEC-GX-1';

-- a reader writes nothing, even in its own area
SET ROLE outfall_test_sec_gulou;
SELECT register('{"survey_id": "SEC-GL-1", "survey_name": "读者登记", "category": "other.town_domestic",
                  "division": "350102001", "water_body": "SEC01", "found_on": "2024-03-01"}');
SELECT :'SQLSTATE' AS sqlstate;
UPDATE outfall SET survey_name = '改名' WHERE survey_id = 'SEC-GD-1';
SELECT :'SQLSTATE' AS sqlstate;
SELECT record_sample('SEC01350102CS0001', '{"sampled_at": "2024-03-06 10:00+08", "weather": "dry"}');
SELECT :'SQLSTATE' AS sqlstate;
RESET ROLE;

------------------------------------------------------------------------------
-- close-out (销号) and retention: a verifier other than the one who did it
------------------------------------------------------------------------------

-- 鼓东路生活排口 (SEC01350102CS0001) was rectified by the 鼓东街道 staff.
-- They cannot close it out themselves: they record no verification ...
SET ROLE outfall_test_sec_gudong;
SELECT retire('SEC01350102CS0001', '自行验收');
SELECT :'SQLSTATE' AS sqlstate;
RESET ROLE;
-- ... and with the county's acceptance on record, closing is still
-- refused: they are not a verifier
SET ROLE outfall_test_sec_acceptor;
INSERT INTO verification (outfall_id, evidence, verified_at)
SELECT id, '鼓楼区验收意见', '2024-06-10 10:00+08' FROM outfall WHERE code = 'SEC01350102CS0001';
RESET ROLE;
SET ROLE outfall_test_sec_gudong;
SELECT advance('SEC01350102CS0001', 'closed');
SELECT :'SQLSTATE' AS sqlstate;
UPDATE outfall SET status = 'closed' WHERE code = 'SEC01350102CS0001';
SELECT :'SQLSTATE' AS sqlstate;
RESET ROLE;
-- the county's acceptance staff close it out
SET ROLE outfall_test_sec_acceptor;
SELECT retire('SEC01350102CS0001', '鼓楼区验收意见 鼓环验〔2024〕8号', '2024-06-12 10:00+08');
RESET ROLE;

-- 安泰河南岸排口 (SEC01350102CS0002): the head of 鼓东街道, both editor and
-- verifier, finishes the works himself; he cannot accept them
SET ROLE outfall_test_sec_chief;
SELECT advance('SEC01350102CS0002', 'rectifying', '{"at": "2024-04-02 09:00+08"}'),
       advance('SEC01350102CS0002', 'rectified', '{"at": "2024-06-02 09:00+08"}');
SELECT retire('SEC01350102CS0002', '自己验收自己', '2024-06-05 10:00+08');
SELECT :'SQLSTATE' AS sqlstate;
RESET ROLE;
SET ROLE outfall_test_sec_acceptor;
SELECT retire('SEC01350102CS0002', '鼓楼区验收意见 鼓环验〔2024〕9号', '2024-06-12 11:00+08');
-- the verifier, too, only where it works: not in 江西
SELECT retire('SEC02360102CS0001', '越界验收');
SELECT :'SQLSTATE' AS sqlstate;
RESET ROLE;

-- the stormwater outfall (SEC01350102YS0001) is retained as it is, once
-- its signboard is up; 鼓东街道, who planned it, cannot confirm that ...
SET ROLE outfall_test_sec_gudong;
INSERT INTO signboard (outfall_id, name, code, category, responsible_party, supervising_unit,
                       supervision_phone, installed_on)
SELECT id, survey_name, code, '城镇雨洪排口', '鼓楼区鼓东街道办事处', '福州市鼓楼区生态环境局',
       '0591-12369', '2024-05-20'
  FROM outfall WHERE code = 'SEC01350102YS0001';
UPDATE outfall SET status = 'retained' WHERE code = 'SEC01350102YS0001';
SELECT :'SQLSTATE' AS sqlstate;
RESET ROLE;
-- ... the county's acceptance staff do
SET ROLE outfall_test_sec_acceptor;
SELECT advance('SEC01350102YS0001', 'retained',
               '{"verification": "现场核查，雨污分流", "at": "2024-06-12 12:00+08"}');
RESET ROLE;

SELECT survey_id, code, status, status_since FROM outfall WHERE survey_id LIKE 'SEC-%' ORDER BY survey_id;

------------------------------------------------------------------------------
-- the ledger: the history of one's own area, under the name of who did it
------------------------------------------------------------------------------

-- every event records the acting role and the township
SELECT o.survey_id, l.actor, count(*) AS events, string_agg(DISTINCT l.division::text, ', ') AS division
  FROM ledger l JOIN outfall o ON o.id = l.outfall_id
 WHERE o.survey_id LIKE 'SEC-%'
 GROUP BY o.survey_id, l.actor ORDER BY o.survey_id, l.actor;
SELECT l.actor, l.old ->> 'status' AS old_status, l.new ->> 'status' AS new_status, l.happened_at
  FROM ledger l JOIN outfall o ON o.id = l.outfall_id
 WHERE o.code = 'SEC01350102CS0002' AND l.new ? 'status'
 ORDER BY l.id;
-- each role reads the events of its area, and the events of parties
SET ROLE outfall_test_sec_gudong;
SELECT division, count(*) FROM ledger WHERE division::text ~ '^3[56]' GROUP BY division ORDER BY division;
SET ROLE outfall_test_sec_gulou;
SELECT division, count(*) FROM ledger WHERE division::text ~ '^3[56]' GROUP BY division ORDER BY division;
SET ROLE outfall_test_sec_donghu;
SELECT division, count(*) FROM ledger WHERE division::text ~ '^3[56]' GROUP BY division ORDER BY division;
SELECT new ->> 'name' AS party, op FROM ledger
 WHERE entity = 'party' AND new ->> 'division' ~ '^3[56]' ORDER BY id;
RESET ROLE;
SELECT division, count(*) FROM ledger WHERE division::text ~ '^3[56]' GROUP BY division ORDER BY division;
-- nobody writes it but the extension's own trigger
SET ROLE outfall_test_sec_fujian_admin;
INSERT INTO ledger (happened_at, actor, entity, entity_id, outfall_id, division, op, new)
SELECT now(), 'outfall_test_sec_acceptor', 'outfall', id, id, division, 'update', '{"status": "closed"}'
  FROM outfall WHERE code = 'SEC01350102CS0003';
SELECT :'SQLSTATE' AS sqlstate;
RESET ROLE;

------------------------------------------------------------------------------
-- reports count what their reader may see
------------------------------------------------------------------------------

-- the progress aggregate over the registry, as each role and, for the same
-- area, as the superuser
SET ROLE outfall_test_sec_gudong;
SELECT p.total, p.planned, p.closed, p.retained
  FROM (SELECT progress(o.status, pl.action) AS p FROM outfall o LEFT JOIN plan pl ON pl.outfall_id = o.id) x,
       LATERAL (SELECT (x.p).*) p;
SET ROLE outfall_test_sec_gulou;
SELECT p.total, p.planned, p.closed, p.retained
  FROM (SELECT progress(o.status, pl.action) AS p FROM outfall o LEFT JOIN plan pl ON pl.outfall_id = o.id) x,
       LATERAL (SELECT (x.p).*) p;
RESET ROLE;
SELECT p.total, p.planned, p.closed, p.retained
  FROM (SELECT progress(o.status, pl.action) AS p FROM outfall o LEFT JOIN plan pl ON pl.outfall_id = o.id
         WHERE o.division OPERATOR(outfall.<@) '350102') x,
       LATERAL (SELECT (x.p).*) p;
-- the roll-up by division: the province's analyst sees 福建 alone, its
-- total is 福建's; the superuser's rows for 福建 are the same
SET ROLE outfall_test_sec_fujian;
SELECT level, code, name, total, planned, closed, retained FROM progress_by_division ORDER BY level, code;
RESET ROLE;
SELECT level, code, name, total, planned, closed, retained FROM progress_by_division
 WHERE code OPERATOR(outfall.<@) '35' ORDER BY level, code;
-- on a past day, rebuilt from the ledger the role may read
SET ROLE outfall_test_sec_gulou;
SELECT (p).total, (p).planned, (p).rectified, (p).closed FROM progress_as_of('2024-06-30') p;
SELECT count(*) FROM outfalls_as_of('2024-06-30 23:59+08');
RESET ROLE;
SELECT (p).total, (p).planned, (p).rectified, (p).closed
  FROM (SELECT progress(a.status, a.plan_action, a.surveyed) AS p FROM outfalls_as_of('2024-06-30 23:59:59.999999+08') a
         WHERE a.division OPERATOR(outfall.<@) '350102') x;
-- the lists, the web map and the findings of the checks
SELECT count(*) AS guxi_findings FROM finding f JOIN outfall o ON o.id = f.outfall_id
 WHERE o.division = '350102002' \gset
SET ROLE outfall_test_sec_guxi;
SELECT code, township, status FROM outfall_list ORDER BY code;
SELECT geojson() -> 'numberMatched' AS matched, geojson('35') -> 'numberMatched' AS in_fujian;
SELECT count(*) AS on_map FROM outfall_map;
SELECT count(*) = :guxi_findings AS findings_of_its_township FROM finding;
SET ROLE outfall_test_sec_gulou;
SELECT code, township, status FROM outfall_list ORDER BY code;
SELECT geojson() -> 'numberMatched' AS matched;
SELECT outfall_code, count(*) AS sources FROM source_list GROUP BY outfall_code ORDER BY outfall_code;
SELECT code, division, status FROM found_not_traced(90, '2024-12-31') ORDER BY code;
SET ROLE outfall_test_sec_gudong;
SELECT code, division, status FROM found_not_traced(90, '2024-12-31') ORDER BY code;
RESET ROLE;
SELECT code, division, status FROM found_not_traced(90, '2024-12-31')
 WHERE survey_id LIKE 'SEC-%' ORDER BY code;

------------------------------------------------------------------------------
-- snapshots: the registry's record of a period, taken by its owner (a
-- scheduled job); each role reads those of its area
------------------------------------------------------------------------------

SET ROLE outfall_test_sec_fujian_admin;
INSERT INTO snapshot_kind VALUES ('sec_monthly', 'month', '月报（测试）', 'a monthly report of this file');
-- an administrator, even a province's, does not write the record
SELECT take_snapshot('sec_monthly', '2024-05-31');
SELECT :'SQLSTATE' AS sqlstate;
RESET ROLE;
SELECT take_snapshot('sec_monthly', '2024-06-30') > 0 AS taken;
SET ROLE outfall_test_sec_fujian;
SELECT level, division, (progress).total, (progress).closed FROM progress_snapshot
 WHERE kind = 'sec_monthly' ORDER BY level, division;
SET ROLE outfall_test_sec_gulou;
SELECT level, division, (progress).total, (progress).closed FROM progress_snapshot
 WHERE kind = 'sec_monthly' ORDER BY level, division;
SET ROLE outfall_test_sec_gudong;
SELECT level, division, (progress).total, (progress).closed FROM progress_snapshot
 WHERE kind = 'sec_monthly' ORDER BY level, division;
-- 江西's staff see 江西's rows only, and no whole-registry row (it would
-- count 福建 too)
SET ROLE outfall_test_sec_donghu;
SELECT level, division, (progress).total FROM progress_snapshot
 WHERE kind = 'sec_monthly' ORDER BY level, division;
RESET ROLE;
SELECT count(*) FILTER (WHERE division IS NULL) AS whole_registry_rows FROM progress_snapshot WHERE kind = 'sec_monthly';

------------------------------------------------------------------------------
-- across areas: what the staff of one area cannot do to another's, and the
-- one thing they may (a merge into an outfall next door)
------------------------------------------------------------------------------

SET ROLE outfall_test_sec_gudong;
-- a code written by hand numbers under its own county only: 鼓东's staff
-- cannot use up the numbers of 台江区 (350103) with a code ending in 9999
SELECT register('{"survey_id": "SEC-GD-8", "survey_name": "手写编码排口", "code": "SEC01-350103-CS-9999",
                  "category": "other.town_domestic", "division": "350102001", "water_body": "SEC01",
                  "found_on": "2024-03-01"}');
SELECT :'SQLSTATE' AS sqlstate;
-- a survey id registered in another area is refused, not taken for nothing
SELECT register('{"survey_id": "SEC-DH-1", "survey_name": "东湖北岸排口", "category": "other.town_domestic",
                  "division": "350102001", "water_body": "SEC01", "found_on": "2024-03-03"}');
SELECT :'SQLSTATE' AS sqlstate;
-- a plan may merge into the outfall of the next township (鼓西's), which
-- 鼓东's staff cannot otherwise see
SELECT register('{"survey_id": "SEC-GD-9", "survey_name": "鼓东并入排口", "category": "other.town_domestic",
                  "division": "350102001", "water_body": "SEC01", "found_on": "2024-03-04",
                  "at": "2024-03-04 09:00+08"}') AS code;
SELECT set_plan('SEC01350102CS0004', '{"action": "merge", "merge_target": "SEC01350102CS0003",
                  "measures": "并入鼓西路排口", "responsible_unit": "鼓东街道办事处", "responsible_person": "林某",
                  "deadline": "2024-12-31", "set_on": "2024-03-15", "at": "2024-03-15 09:00+08"}');
SELECT p.action, p.merge_target_id IS NOT NULL AS has_target, is_active(p.merge_target_id) AS target_active
  FROM plan p JOIN outfall o ON o.id = p.outfall_id WHERE o.code = 'SEC01350102CS0004';
SELECT count(*) AS guxi_outfalls_seen FROM outfall WHERE division::text = '350102002';
RESET ROLE;

-- a county's administrator maps roles inside its county only, and draws
-- no zone (a zone's memberships reach across areas)
SET ROLE outfall_test_sec_gulou_admin;
INSERT INTO jurisdiction VALUES ('outfall_test_sec_newcomer', '350102002');
DELETE FROM jurisdiction WHERE member = 'outfall_test_sec_newcomer';
INSERT INTO jurisdiction VALUES ('outfall_test_sec_gulou_admin', '35');
SELECT :'SQLSTATE' AS sqlstate;
SELECT add_zone('water_source_1', 'SEC鼓楼水源保护区',
                ST_Multi(ST_Expand(ST_SetSRID(ST_MakePoint(119.30, 26.08), 4490), 0.01))) IS NOT NULL AS added;
SELECT :'SQLSTATE' AS sqlstate;
RESET ROLE;

-- one person, two roles: 陈某 logs in as himself, a verifier and a member of
-- 鼓东's survey team; the works he finished as the team he cannot accept
-- as himself
CREATE ROLE outfall_test_sec_team IN ROLE outfall_editor;
CREATE ROLE outfall_test_sec_chen LOGIN IN ROLE outfall_test_sec_team, outfall_verifier;
INSERT INTO jurisdiction VALUES ('outfall_test_sec_team', '350102001');
SET SESSION AUTHORIZATION outfall_test_sec_chen;
SET ROLE outfall_test_sec_team;
SELECT record_sample('SEC01350102CS0004', '{"sampled_at": "2024-03-05 10:00+08", "weather": "dry"}'),
       advance('SEC01350102CS0004', 'monitored', '{"at": "2024-03-06 09:00+08"}'),
       record_tracing('SEC01350102CS0004', '{"method": "field", "traced_on": "2024-03-10", "at": "2024-03-10 10:00+08"}'),
       advance('SEC01350102CS0004', 'traced', '{"at": "2024-03-11 09:00+08"}'),
       advance('SEC01350102CS0004', 'planned', '{"at": "2024-03-16 09:00+08"}'),
       advance('SEC01350102CS0004', 'rectifying', '{"at": "2024-04-01 09:00+08"}'),
       advance('SEC01350102CS0004', 'rectified', '{"at": "2024-06-01 09:00+08"}');
RESET ROLE;
SELECT current_user, session_user;
SELECT retire('SEC01350102CS0004', '我验收我自己');
SELECT :'SQLSTATE' AS sqlstate;
RESET SESSION AUTHORIZATION;
SET ROLE outfall_test_sec_acceptor;
SELECT retire('SEC01350102CS0004', '鼓楼区验收意见 鼓环验〔2024〕10号', '2024-06-12 13:00+08');
RESET ROLE;
SELECT l.actor, CASE l.login WHEN current_user THEN '(the superuser''s session)' ELSE l.login END AS login,
       l.new ->> 'status' AS status FROM ledger l JOIN outfall o ON o.id = l.outfall_id
 WHERE o.code = 'SEC01350102CS0004' AND l.new ? 'status' ORDER BY l.id;

------------------------------------------------------------------------------
-- a role mapped nowhere sees no outfall; a mapping names a role that exists
------------------------------------------------------------------------------

SET ROLE outfall_test_sec_newcomer;
SELECT (SELECT count(*) FROM outfall) AS outfalls, (SELECT count(*) FROM sample) AS samples,
       (SELECT count(*) FROM ledger WHERE outfall_id IS NOT NULL) AS outfall_events,
       (SELECT count(*) FROM progress_by_division) AS rollup_rows,
       geojson() -> 'numberMatched' AS on_map;
-- parties are public registrations: every registry role reads them
SELECT name, kind, division FROM party WHERE division::text ~ '^3[56]' ORDER BY name;
RESET ROLE;
INSERT INTO jurisdiction (member, division) VALUES ('outfall_test_sec_nobody', '350102001');
SELECT :'SQLSTATE' AS sqlstate;
UPDATE jurisdiction SET member = 'outfall_test_sec_nobody' WHERE member = 'outfall_test_sec_gudong';
SELECT :'SQLSTATE' AS sqlstate;

-- done: the mapping first, then the roles; the snapshot kind of this file
DELETE FROM progress_snapshot WHERE kind = 'sec_monthly';
DELETE FROM snapshot_kind WHERE kind = 'sec_monthly';
DELETE FROM jurisdiction WHERE member LIKE 'outfall\_test\_sec\_%';
DROP ROLE outfall_test_sec_gudong, outfall_test_sec_guxi, outfall_test_sec_chief,
    outfall_test_sec_acceptor, outfall_test_sec_gulou, outfall_test_sec_fujian, outfall_test_sec_chen, outfall_test_sec_team,
    outfall_test_sec_fujian_admin, outfall_test_sec_gulou_admin, outfall_test_sec_donghu,
    outfall_test_sec_newcomer;
