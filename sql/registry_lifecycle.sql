-- registry_lifecycle: the lifecycle of an outfall, 查、测、溯、治、管 —
-- found → monitored → traced → planned → rectifying → rectified → closed →
-- retained.  The allowed steps and what each needs are data; a BEFORE
-- trigger on outfall.outfall enforces them for the API and for direct
-- UPDATEs alike.  Refusals are SQLSTATE 23514 with constraint outfall_lifecycle.
SET search_path = outfall, public;
SET datestyle = 'ISO, YMD';
SET timezone = 'Asia/Shanghai';
\set SHOW_CONTEXT never

-- the lifecycle as data: each allowed step and what it requires
SELECT t.from_state, t.to_state, t.description,
       string_agg(tr.requirement, ', ' ORDER BY tr.requirement) AS requires
  FROM transition t LEFT JOIN transition_requirement tr USING (from_state, to_state)
 GROUP BY t.from_state, t.to_state, t.description
 ORDER BY t.from_state, t.to_state;
SELECT key, missing FROM requirement ORDER BY key;

-- the outfalls of this file, all on 生命河 in 阿蓬江镇
INSERT INTO water_body (code, name, kind) VALUES ('LCA01', '生命河', 'river');
SELECT register(format('{"survey_id": "LC-%s", "survey_name": "%s", "category": "industrial.enterprise.factory",
                         "division": "500114105", "water_body": "LCA01", "found_on": "2024-01-10"}', n, s)::jsonb)
  FROM (VALUES (1, '规范整治的排口'), (2, '原样保留的排口'), (3, '合并的排口'), (4, '取缔的排口'),
               (5, '合并的排口二')) v(n, s)
 ORDER BY n;
-- Each outfall's state and its number of ledger events.  After each refusal
-- below, :'SQLSTATE' (psql: the SQLSTATE of the statement before) is shown
-- with them: the refusal left the state and the ledger as they were.
CREATE TEMP VIEW lc AS
SELECT o.code, o.status, (SELECT count(*) FROM ledger l WHERE l.outfall_id = o.id) AS events
  FROM outfall o WHERE o.survey_id LIKE 'LC-%';
SELECT * FROM lc ORDER BY code;

-- a new outfall starts as found (排查)
INSERT INTO outfall (survey_id, survey_name, division, found_on, status)
VALUES ('LC-9', '直接写成已溯源的排口', '500114105', '2024-01-10', 'traced');
SELECT :'SQLSTATE' AS sqlstate, count(*) AS outfalls FROM outfall WHERE survey_id = 'LC-9';

------------------------------------------------------------------------------
-- the whole way: a standardized outfall (LC-1, code LCA01500114GY0001)
------------------------------------------------------------------------------

-- found: no step may be skipped
UPDATE outfall SET status = 'traced' WHERE code = 'LCA01500114GY0001';
SELECT :'SQLSTATE' AS sqlstate, * FROM lc WHERE code = 'LCA01500114GY0001';
SELECT advance('LCA01500114GY0001', 'closed');
SELECT :'SQLSTATE' AS sqlstate, * FROM lc WHERE code = 'LCA01500114GY0001';
-- found → monitored needs a sample
SELECT advance('LCA01500114GY0001', 'monitored');
SELECT :'SQLSTATE' AS sqlstate, * FROM lc WHERE code = 'LCA01500114GY0001';
SELECT record_sample('LCA01500114GY0001', '{"sampled_at": "2024-01-15 10:00+08", "weather": "dry", "cod_mgl": 60}');
SELECT advance('LCA01500114GY0001', 'monitored');
SELECT * FROM lc WHERE code = 'LCA01500114GY0001';

-- monitored → traced needs a first responsible party and a tracing result
UPDATE outfall SET status = 'planned' WHERE code = 'LCA01500114GY0001';
SELECT :'SQLSTATE' AS sqlstate, * FROM lc WHERE code = 'LCA01500114GY0001';
SELECT advance('LCA01500114GY0001', 'traced');
SELECT :'SQLSTATE' AS sqlstate, * FROM lc WHERE code = 'LCA01500114GY0001';
SELECT rule FROM outfall o, apply_responsible_party(o.id) WHERE o.code = 'LCA01500114GY0001';
SELECT * FROM lc WHERE code = 'LCA01500114GY0001';
SELECT advance('LCA01500114GY0001', 'traced');
SELECT :'SQLSTATE' AS sqlstate, * FROM lc WHERE code = 'LCA01500114GY0001';
SELECT record_tracing('LCA01500114GY0001', '{"method": "field", "traced_on": "2024-01-20",
                                             "user": {"name": "LC重庆某机械有限公司"}}');
SELECT advance('LCA01500114GY0001', 'traced');
SELECT * FROM lc WHERE code = 'LCA01500114GY0001';

-- traced: the first responsible party stays; traced → planned needs a plan
UPDATE outfall SET responsible_id = NULL, responsible_rule = NULL WHERE code = 'LCA01500114GY0001';
SELECT :'SQLSTATE' AS sqlstate, * FROM lc WHERE code = 'LCA01500114GY0001';
UPDATE outfall SET status = 'rectifying' WHERE code = 'LCA01500114GY0001';
SELECT :'SQLSTATE' AS sqlstate, * FROM lc WHERE code = 'LCA01500114GY0001';
SELECT advance('LCA01500114GY0001', 'planned');
SELECT :'SQLSTATE' AS sqlstate, * FROM lc WHERE code = 'LCA01500114GY0001';
SELECT set_plan('LCA01500114GY0001', '{"action": "standardize", "measures": "改建排口，设置标志牌和检查井",
                                       "responsible_unit": "LC重庆某机械有限公司", "responsible_person": "王某",
                                       "deadline": "2024-12-31", "set_on": "2024-01-25"}');
SELECT advance('LCA01500114GY0001', 'planned');
SELECT * FROM lc WHERE code = 'LCA01500114GY0001';

-- planned: the plan cannot be removed; a plan of works does not retain the
-- outfall as it is
DELETE FROM plan WHERE outfall_id = (SELECT id FROM outfall WHERE code = 'LCA01500114GY0001');
SELECT :'SQLSTATE' AS sqlstate, * FROM lc WHERE code = 'LCA01500114GY0001';
SELECT advance('LCA01500114GY0001', 'retained', '{"verification": "现场核查"}');
SELECT :'SQLSTATE' AS sqlstate, * FROM lc WHERE code = 'LCA01500114GY0001';
SELECT count(*) AS verifications FROM verification v JOIN outfall o ON o.id = v.outfall_id
 WHERE o.code = 'LCA01500114GY0001';
SELECT advance('LCA01500114GY0001', 'rectifying');
SELECT * FROM lc WHERE code = 'LCA01500114GY0001';

-- rectifying: no skipping to closed
UPDATE outfall SET status = 'closed' WHERE code = 'LCA01500114GY0001';
SELECT :'SQLSTATE' AS sqlstate, * FROM lc WHERE code = 'LCA01500114GY0001';
SELECT advance('LCA01500114GY0001', 'rectified');
SELECT * FROM lc WHERE code = 'LCA01500114GY0001';

-- rectified: the plan is now the record of what was done, its action fixed
-- (its other fields may still be corrected)
UPDATE plan SET action = 'retain'
 WHERE outfall_id = (SELECT id FROM outfall WHERE code = 'LCA01500114GY0001');
SELECT :'SQLSTATE' AS sqlstate, * FROM lc WHERE code = 'LCA01500114GY0001';
UPDATE plan SET responsible_person = '王某某'
 WHERE outfall_id = (SELECT id FROM outfall WHERE code = 'LCA01500114GY0001');
SELECT * FROM lc WHERE code = 'LCA01500114GY0001';
-- standardized: its approval and signboard are on record (without them the
-- checks would block close-out, see checks_lifecycle)
INSERT INTO approval (outfall_id, kind, authority, document_no, decided_on)
SELECT id, 'approval', '重庆市黔江区生态环境局', '黔环审〔2024〕12号', '2024-06-01'
  FROM outfall WHERE code = 'LCA01500114GY0001';
INSERT INTO signboard (outfall_id, name, code, category, responsible_party, supervising_unit,
                       supervision_phone, installed_on)
SELECT id, survey_name, code, '工业企业排污口', 'LC重庆某机械有限公司', '重庆市黔江区生态环境局',
       '023-12369', '2024-06-10'
  FROM outfall WHERE code = 'LCA01500114GY0001';
-- rectified → closed needs a verification since the outfall was rectified,
-- by a role that exists
UPDATE outfall SET status = 'closed' WHERE code = 'LCA01500114GY0001';
SELECT :'SQLSTATE' AS sqlstate, * FROM lc WHERE code = 'LCA01500114GY0001';
-- a verification from before the outfall was rectified does not count
INSERT INTO verification (outfall_id, evidence, verified_at)
SELECT id, '整治前的一次验收', '2024-01-01 00:00+08' FROM outfall WHERE code = 'LCA01500114GY0001';
SELECT * FROM lc WHERE code = 'LCA01500114GY0001';
UPDATE outfall SET status = 'closed' WHERE code = 'LCA01500114GY0001';
SELECT :'SQLSTATE' AS sqlstate, * FROM lc WHERE code = 'LCA01500114GY0001';
-- nor one in the name of a role that does not exist
INSERT INTO verification (outfall_id, evidence, verified_by)
SELECT id, '验收意见书', 'lc_no_such_role' FROM outfall WHERE code = 'LCA01500114GY0001';
SELECT * FROM lc WHERE code = 'LCA01500114GY0001';
UPDATE outfall SET status = 'closed' WHERE code = 'LCA01500114GY0001';
SELECT :'SQLSTATE' AS sqlstate, * FROM lc WHERE code = 'LCA01500114GY0001';
SELECT retire('LCA01500114GY0001', '验收意见书 黔环验〔2024〕3号');
SELECT * FROM lc WHERE code = 'LCA01500114GY0001';

-- closed: reopened only by an explicit reopen event, never by a plain UPDATE
UPDATE outfall SET status = 'rectifying' WHERE code = 'LCA01500114GY0001';
SELECT :'SQLSTATE' AS sqlstate, * FROM lc WHERE code = 'LCA01500114GY0001';
UPDATE outfall SET status = 'found' WHERE code = 'LCA01500114GY0001';
SELECT :'SQLSTATE' AS sqlstate, * FROM lc WHERE code = 'LCA01500114GY0001';
UPDATE outfall SET status = 'planned' WHERE code = 'LCA01500114GY0001';
SELECT :'SQLSTATE' AS sqlstate, * FROM lc WHERE code = 'LCA01500114GY0001';
-- closed → retained: a standardized outfall goes on the list of retained outfalls
SELECT advance('LCA01500114GY0001', 'retained');
SELECT * FROM lc WHERE code = 'LCA01500114GY0001';

-- retained: reopened to rectifying when it needs works again
UPDATE outfall SET status = 'rectifying' WHERE code = 'LCA01500114GY0001';
SELECT :'SQLSTATE' AS sqlstate, * FROM lc WHERE code = 'LCA01500114GY0001';
SELECT reopen('LCA01500114GY0001', 'rectifying', '标志牌损毁，检查井堵塞');
SELECT * FROM lc WHERE code = 'LCA01500114GY0001';
-- a second close-out needs a second verification: the first one is older
-- than the state the outfall is in now
SELECT advance('LCA01500114GY0001', 'rectified');
SELECT advance('LCA01500114GY0001', 'closed');
SELECT :'SQLSTATE' AS sqlstate, * FROM lc WHERE code = 'LCA01500114GY0001';
SELECT retire('LCA01500114GY0001', '复验意见书');
-- closed: reopened to rectifying (the rectification did not hold), and after
-- another close-out to found (the outfall reappeared)
SELECT reopen('LCA01500114GY0001', 'rectifying', '复查发现旱天污水直排');
SELECT advance('LCA01500114GY0001', 'rectified');
SELECT retire('LCA01500114GY0001', '第三次验收意见书');
SELECT reopen('LCA01500114GY0001', 'found', '原址新建排口');
SELECT * FROM lc WHERE code = 'LCA01500114GY0001';
-- an outfall that is not closed or retained has nothing to reopen
SELECT reopen('LCA01500114GY0001', 'found', '再次复查');
SELECT :'SQLSTATE' AS sqlstate, * FROM lc WHERE code = 'LCA01500114GY0001';
-- the reopen events, with their reasons
SELECT l.op, l.old ->> 'status' AS old_status, l.new ->> 'status' AS new_status, l.note
  FROM ledger l JOIN outfall o ON o.id = l.outfall_id
 WHERE o.code = 'LCA01500114GY0001' AND l.entity = 'outfall' AND l.new ? 'status'
 ORDER BY l.id;

------------------------------------------------------------------------------
-- retained as it is (LC-2)
------------------------------------------------------------------------------
SELECT record_sample('LCA01500114GY0002', '{"sampled_at": "2024-01-15 11:00+08", "weather": "dry"}');
SELECT record_tracing('LCA01500114GY0002', '{"method": "document", "traced_on": "2024-01-20",
                                             "owner": {"name": "LC黔江区某污水处理厂", "kind": "treatment_plant"}}');
SELECT set_plan('LCA01500114GY0002', '{"action": "retain", "measures": "保留，按期监测",
                                       "responsible_unit": "LC黔江区某污水处理厂", "responsible_person": "赵某",
                                       "deadline": "2024-12-31", "set_on": "2024-01-25"}');
SELECT advance('LCA01500114GY0002', 'monitored'), advance('LCA01500114GY0002', 'traced'),
       advance('LCA01500114GY0002', 'planned');
SELECT * FROM lc WHERE code = 'LCA01500114GY0002';
-- a plan to retain it needs no works, and retaining needs a verification
SELECT advance('LCA01500114GY0002', 'rectifying');
SELECT :'SQLSTATE' AS sqlstate, * FROM lc WHERE code = 'LCA01500114GY0002';
SELECT advance('LCA01500114GY0002', 'retained');
SELECT :'SQLSTATE' AS sqlstate, * FROM lc WHERE code = 'LCA01500114GY0002';
-- (its approval and signboard on record, as for LC-1)
INSERT INTO approval (outfall_id, kind, authority, document_no, decided_on)
SELECT id, 'approval', '重庆市黔江区生态环境局', '黔环审〔2024〕13号', '2024-02-01'
  FROM outfall WHERE code = 'LCA01500114GY0002';
INSERT INTO signboard (outfall_id, name, code, category, responsible_party, supervising_unit,
                       supervision_phone, installed_on)
SELECT id, survey_name, code, '工业企业排污口', 'LC重庆某化工有限公司', '重庆市黔江区生态环境局',
       '023-12369', '2024-02-10'
  FROM outfall WHERE code = 'LCA01500114GY0002';
SELECT advance('LCA01500114GY0002', 'retained', '{"verification": "现场核查记录，达标排放"}');
SELECT * FROM lc WHERE code = 'LCA01500114GY0002';
-- retained: no silent reopening either; reopened to found to be surveyed again
UPDATE outfall SET status = 'found' WHERE code = 'LCA01500114GY0002';
SELECT :'SQLSTATE' AS sqlstate, * FROM lc WHERE code = 'LCA01500114GY0002';
SELECT reopen('LCA01500114GY0002', 'found', '纳入2025年复查');
SELECT * FROM lc WHERE code = 'LCA01500114GY0002';

------------------------------------------------------------------------------
-- merged into an outfall that is then banned and closed (LC-3 and LC-5 into LC-4)
------------------------------------------------------------------------------
SELECT record_sample(c, '{"sampled_at": "2024-01-15 12:00+08", "weather": "dry"}'),
       record_tracing(c, '{"method": "field", "traced_on": "2024-01-20"}')
  FROM unnest(ARRAY['LCA01500114GY0003', 'LCA01500114GY0004', 'LCA01500114GY0005']::outfall_code[]) c;
SELECT set_plan('LCA01500114GY0004', '{"action": "ban", "measures": "位于饮用水水源保护区，依法取缔",
                                       "responsible_unit": "阿蓬江镇人民政府", "responsible_person": "钱某",
                                       "deadline": "2024-12-31", "set_on": "2024-01-25"}');
SELECT set_plan(c, '{"action": "merge", "measures": "接入LC-4", "responsible_unit": "阿蓬江镇人民政府",
                     "responsible_person": "钱某", "deadline": "2024-12-31", "set_on": "2024-01-25",
                     "merge_target": "LCA01500114GY0004"}')
  FROM unnest(ARRAY['LCA01500114GY0003', 'LCA01500114GY0005']::outfall_code[]) c;
SELECT c, advance(c, 'monitored'), advance(c, 'traced'), advance(c, 'planned')
  FROM unnest(ARRAY['LCA01500114GY0003', 'LCA01500114GY0004', 'LCA01500114GY0005']::outfall_code[]) c;
SELECT advance('LCA01500114GY0003', 'rectifying');
-- the target is banned: once rectified it is no longer active
SELECT advance('LCA01500114GY0004', 'rectifying'), advance('LCA01500114GY0004', 'rectified');
SELECT o.code, o.status, p.action, is_active(o.id)
  FROM outfall o JOIN plan p ON p.outfall_id = o.id WHERE o.survey_id LIKE 'LC-%' ORDER BY o.code;
SELECT advance('LCA01500114GY0005', 'rectifying');
SELECT :'SQLSTATE' AS sqlstate, * FROM lc WHERE code = 'LCA01500114GY0005';
SELECT advance('LCA01500114GY0003', 'rectified');
SELECT :'SQLSTATE' AS sqlstate, * FROM lc WHERE code = 'LCA01500114GY0003';
-- nor once closed
SELECT retire('LCA01500114GY0004', '排口已封堵，现场照片');
SELECT advance('LCA01500114GY0005', 'rectifying');
SELECT :'SQLSTATE' AS sqlstate, * FROM lc WHERE code = 'LCA01500114GY0005';
-- a banned outfall is not kept: closed → retained is refused
SELECT advance('LCA01500114GY0004', 'retained');
SELECT :'SQLSTATE' AS sqlstate, * FROM lc WHERE code = 'LCA01500114GY0004';
-- while rectifying, the merge can be redirected to an active outfall; once
-- merged, LC-3 is itself no longer active
SELECT set_plan('LCA01500114GY0003', '{"action": "merge", "measures": "改为接入LC-1", "responsible_unit": "阿蓬江镇人民政府",
                                       "responsible_person": "钱某", "deadline": "2024-12-31", "set_on": "2024-01-25",
                                       "merge_target": "LCA01500114GY0001"}');
SELECT advance('LCA01500114GY0003', 'rectified');
SELECT o.code, o.status, p.action, is_active(o.id)
  FROM outfall o JOIN plan p ON p.outfall_id = o.id WHERE o.survey_id LIKE 'LC-%' ORDER BY o.code;
SELECT set_plan('LCA01500114GY0005', '{"action": "merge", "measures": "改为接入LC-3", "responsible_unit": "阿蓬江镇人民政府",
                                       "responsible_person": "钱某", "deadline": "2024-12-31", "set_on": "2024-01-25",
                                       "merge_target": "LCA01500114GY0003"}');
SELECT :'SQLSTATE' AS sqlstate, * FROM lc WHERE code = 'LCA01500114GY0005';
-- and its plan's merge target is fixed now
SELECT set_plan('LCA01500114GY0003', '{"action": "merge", "measures": "改为接入LC-2", "responsible_unit": "阿蓬江镇人民政府",
                                       "responsible_person": "钱某", "deadline": "2024-12-31", "set_on": "2024-01-25",
                                       "merge_target": "LCA01500114GY0002"}');
SELECT :'SQLSTATE' AS sqlstate, * FROM lc WHERE code = 'LCA01500114GY0003';

------------------------------------------------------------------------------
-- summary
------------------------------------------------------------------------------

-- every allowed step was taken by the outfalls of this file
SELECT t.from_state, t.to_state, string_agg(DISTINCT l.op, ', ') AS ops, count(l.id) AS taken
  FROM transition t
  LEFT JOIN (ledger l JOIN outfall o ON o.id = l.outfall_id AND o.survey_id LIKE 'LC-%')
         ON l.entity = 'outfall' AND l.old ->> 'status' = t.from_state::text
        AND l.new ->> 'status' = t.to_state::text
 GROUP BY t.from_state, t.to_state
 ORDER BY t.from_state, t.to_state;
SELECT * FROM lc ORDER BY code;

-- the refusals name the constraint outfall_lifecycle (the plan's merge
-- target, plan_merge_target), for clients that dispatch on it; one refusal
-- of each kind, each still refused in the states the outfalls ended in
CREATE FUNCTION pg_temp.refusal(stmt text, OUT state text, OUT constraint_name text, OUT table_name text)
    LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE stmt;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, constraint_name = CONSTRAINT_NAME,
                            table_name = TABLE_NAME;
END $$;
SELECT what, r.*
  FROM (VALUES
    ('new outfall not found', $$INSERT INTO outfall.outfall (survey_id, survey_name, division, found_on, status) VALUES ('LC-9', 'x', '500114105', '2024-01-10', 'traced')$$),
    ('skipped step', $$UPDATE outfall.outfall SET status = 'traced' WHERE code = 'LCA01500114GY0001'$$),
    ('missing requirement', $$UPDATE outfall.outfall SET status = 'rectifying' WHERE code = 'LCA01500114GY0005'$$),
    ('silent reopen', $$UPDATE outfall.outfall SET status = 'found' WHERE code = 'LCA01500114GY0004'$$),
    ('responsible party removed', $$UPDATE outfall.outfall SET responsible_id = NULL, responsible_rule = NULL WHERE code = 'LCA01500114GY0003'$$),
    ('plan removed', $$DELETE FROM outfall.plan WHERE outfall_id = (SELECT id FROM outfall.outfall WHERE code = 'LCA01500114GY0005')$$),
    ('plan action changed', $$UPDATE outfall.plan SET action = 'standardize' WHERE outfall_id = (SELECT id FROM outfall.outfall WHERE code = 'LCA01500114GY0004')$$),
    ('nothing to reopen', $$SELECT outfall.reopen('LCA01500114GY0001', 'found', 'x')$$),
    ('inactive merge target', $$SELECT outfall.set_plan('LCA01500114GY0005', '{"action": "merge", "measures": "x", "responsible_unit": "x", "responsible_person": "x", "deadline": "2024-12-31", "set_on": "2024-01-25", "merge_target": "LCA01500114GY0004"}')$$)
  ) v(what, stmt), pg_temp.refusal(stmt) r;
