-- registry_ledger: the dynamic ledger (动态管理台账) — every change to the
-- registry, append-only, and the past states rebuilt from it
SET search_path = outfall, public;
SET datestyle = 'ISO, YMD';
SET timezone = 'Asia/Shanghai';
\set SHOW_CONTEXT never

INSERT INTO water_body (code, name, kind) VALUES ('LGA01', '台账河', 'river'), ('LGB01', '台账溪', 'river');

-- the registry tables that write the ledger, and on which changes (a sample
-- is a record in itself: only its corrections and removals are events)
SELECT tgrelid::regclass AS registry_table,
       (tgtype & 4) <> 0 AS on_insert, (tgtype & 16) <> 0 AS on_update, (tgtype & 8) <> 0 AS on_delete
  FROM pg_trigger WHERE tgfoid = 'outfall.ledger_record'::regproc
 ORDER BY tgrelid::regclass::text;

-- new_events(): the ledger rows written since the last call.  Row ids differ
-- from run to run, so id values in old and new are shown as "#", and the
-- outfall a row belongs to by its survey id; the role running the test is
-- shown as (caller).
CREATE TEMP TABLE lg_mark AS SELECT coalesce(max(id), 0) AS id FROM ledger;
CREATE FUNCTION pg_temp.masked(j jsonb) RETURNS jsonb LANGUAGE sql AS $$
    SELECT jsonb_object_agg(k, CASE WHEN (k = 'id' OR k LIKE '%\_id') AND jsonb_typeof(v) = 'number'
                                    THEN '"#"'
                                    WHEN v = to_jsonb(current_user::text) THEN '"(caller)"'
                                    ELSE v END)
      FROM jsonb_each(j) AS e(k, v)
$$;
CREATE FUNCTION pg_temp.new_events()
    RETURNS TABLE (happened_at timestamptz, entity text, op text, actor text,
                   for_outfall text, old jsonb, new jsonb, note text)
    LANGUAGE plpgsql AS $$
DECLARE
    m bigint := (SELECT lg_mark.id FROM lg_mark);
BEGIN
    UPDATE lg_mark SET id = (SELECT coalesce(max(l.id), m) FROM outfall.ledger l);
    RETURN QUERY
    SELECT l.happened_at, l.entity, l.op,
           CASE WHEN l.actor = current_user THEN '(caller)' ELSE l.actor::text END,
           (SELECT x.new ->> 'survey_id' FROM outfall.ledger x
             WHERE x.entity = 'outfall' AND x.entity_id = l.outfall_id AND x.op = 'insert'),
           pg_temp.masked(l.old), pg_temp.masked(l.new), l.note
      FROM outfall.ledger l WHERE l.id > m ORDER BY l.id;
END $$;

------------------------------------------------------------------------------
-- what each change records
------------------------------------------------------------------------------

-- every change below takes effect at one time (a past event being entered)
SET outfall.event_time = '2021-06-01 09:00+08';

-- a party: insert keeps the new row, update only the columns that changed
-- (old and new), delete the old row; parties belong to no outfall
INSERT INTO party (name, uscc, kind, division)
VALUES ('LG重庆某食品有限公司', '91500114MA5U7A1D49', 'enterprise', '500114'),
       ('LG误登记的单位', NULL, 'other', NULL);
SELECT * FROM pg_temp.new_events();
UPDATE party SET name = 'LG重庆某食品股份有限公司' WHERE uscc = '91500114MA5U7A1D49';
SELECT * FROM pg_temp.new_events();
DELETE FROM party WHERE name = 'LG误登记的单位';
SELECT * FROM pg_temp.new_events();
-- an update that changes nothing is not an event
UPDATE party SET name = name, kind = 'enterprise' WHERE uscc = '91500114MA5U7A1D49';
SELECT * FROM pg_temp.new_events();

-- the actor is the role that made the change; it needs no privilege on
-- the ledger, which it cannot write itself
CREATE ROLE outfall_test_clerk IN ROLE outfall_editor;
INSERT INTO jurisdiction VALUES ('outfall_test_clerk', '500114');
SET ROLE outfall_test_clerk;
UPDATE party SET division = '500114105' WHERE uscc = '91500114MA5U7A1D49';
INSERT INTO ledger (happened_at, entity, entity_id, op) VALUES (now(), 'party', 1, 'insert');
SELECT :'SQLSTATE' AS sqlstate;
RESET ROLE;
SELECT * FROM pg_temp.new_events();
DELETE FROM jurisdiction WHERE member = 'outfall_test_clerk';
DROP ROLE outfall_test_clerk;

-- an outfall: the whole row, geometry as GeoJSON; an update keeps the
-- changed columns only
INSERT INTO outfall (survey_id, survey_name, category, division, geom, found_on, owner_id)
SELECT 'LG-A', '食品厂排口', 'industrial.enterprise.factory', '500114105',
       ST_SetSRID(ST_MakePoint(108.71, 29.53), 4490), '2021-05-28', id
  FROM party WHERE uscc = '91500114MA5U7A1D49';
\x on
SELECT * FROM pg_temp.new_events();
\x off
UPDATE outfall SET water_body = 'LGA01', discharge_mode = 'intermittent' WHERE survey_id = 'LG-A';
SELECT * FROM pg_temp.new_events();
UPDATE outfall SET survey_name = survey_name, status = 'found' WHERE survey_id = 'LG-A';
SELECT * FROM pg_temp.new_events();

-- its records: tracing and source, sample, plan, approval, signboard,
-- verification, each with the outfall it belongs to
INSERT INTO tracing (outfall_id, method, traced_on) SELECT id, 'field', '2021-06-01' FROM outfall WHERE survey_id = 'LG-A';
UPDATE tracing SET note = '沿厂区雨污管网排查' WHERE outfall_id = (SELECT id FROM outfall WHERE survey_id = 'LG-A');
INSERT INTO source (tracing_id, outfall_id, name, kind)
SELECT t.id, t.outfall_id, '生产车间', 'industrial' FROM tracing t JOIN outfall o ON o.id = t.outfall_id WHERE o.survey_id = 'LG-A';
UPDATE source SET responsibility = '生产废水' WHERE outfall_id = (SELECT id FROM outfall WHERE survey_id = 'LG-A');
DELETE FROM source WHERE outfall_id = (SELECT id FROM outfall WHERE survey_id = 'LG-A');
SELECT * FROM pg_temp.new_events();
INSERT INTO sample (outfall_id, sampled_at, weather, ph) SELECT id, '2021-06-01 10:00+08', 'dry', 7.5 FROM outfall WHERE survey_id = 'LG-A';
SELECT * FROM pg_temp.new_events();
UPDATE sample SET ph = 7.3 WHERE outfall_id = (SELECT id FROM outfall WHERE survey_id = 'LG-A');
INSERT INTO sample (outfall_id, sampled_at, weather) SELECT id, '2021-06-01 11:00+08', 'wet' FROM outfall WHERE survey_id = 'LG-A';
DELETE FROM sample WHERE outfall_id = (SELECT id FROM outfall WHERE survey_id = 'LG-A') AND weather = 'wet';
SELECT * FROM pg_temp.new_events();
INSERT INTO plan (outfall_id, action, measures, responsible_unit, responsible_person, deadline, set_on)
SELECT id, 'standardize', '设置标志牌', 'LG重庆某食品股份有限公司', '孙某', '2021-12-31', '2021-06-01'
  FROM outfall WHERE survey_id = 'LG-A';
UPDATE plan SET deadline = '2022-03-31' WHERE outfall_id = (SELECT id FROM outfall WHERE survey_id = 'LG-A');
DELETE FROM plan WHERE outfall_id = (SELECT id FROM outfall WHERE survey_id = 'LG-A');
SELECT * FROM pg_temp.new_events();
INSERT INTO approval (outfall_id, kind, authority, document_no, decided_on)
SELECT id, 'filing', '重庆市黔江区生态环境局', '黔环备〔2021〕7号', '2021-06-01' FROM outfall WHERE survey_id = 'LG-A';
UPDATE approval SET published = true WHERE outfall_id = (SELECT id FROM outfall WHERE survey_id = 'LG-A');
INSERT INTO signboard (outfall_id, name, supervision_phone, installed_on)
SELECT id, name, '023-79222222', '2021-06-01' FROM outfall WHERE survey_id = 'LG-A';
UPDATE signboard SET supervision_phone = '023-12369' WHERE outfall_id = (SELECT id FROM outfall WHERE survey_id = 'LG-A');
INSERT INTO verification (outfall_id, evidence) SELECT id, '现场照片' FROM outfall WHERE survey_id = 'LG-A';
SELECT * FROM pg_temp.new_events();
-- deleting the outfall (a day later) records its own delete and those of
-- the records it takes with it
SET outfall.event_time = '2021-06-02 09:00+08';
DELETE FROM outfall WHERE survey_id = 'LG-A';
SELECT happened_at, entity, op, for_outfall, (SELECT count(*) FROM jsonb_object_keys(old)) AS old_columns, new
  FROM pg_temp.new_events();
RESET outfall.event_time;

------------------------------------------------------------------------------
-- the ledger cannot be changed
------------------------------------------------------------------------------

-- not by a superuser either, nor by its owner, outfall_owner (the refusing
-- trigger is a statement trigger, so even a statement that would touch no
-- row is refused)
SELECT pg_get_userbyid(relowner) AS ledger_owner, rolsuper
  FROM pg_class, pg_roles WHERE pg_class.oid = 'outfall.ledger'::regclass AND rolname = current_user;
UPDATE ledger SET note = '改一下' WHERE entity = 'party' AND new ->> 'name' = 'LG重庆某食品有限公司';
SELECT :'SQLSTATE' AS sqlstate;
UPDATE ledger SET note = '改一下' WHERE false;
SELECT :'SQLSTATE' AS sqlstate;
DELETE FROM ledger WHERE entity = 'outfall' AND old ->> 'survey_id' = 'LG-A';
SELECT :'SQLSTATE' AS sqlstate;
DELETE FROM ledger WHERE false;
SELECT :'SQLSTATE' AS sqlstate;
TRUNCATE ledger;
SELECT :'SQLSTATE' AS sqlstate;
-- the events of LG-A are all still there
SELECT l.entity, l.op, count(*)
  FROM ledger l
 WHERE l.outfall_id = (SELECT x.entity_id FROM ledger x WHERE x.entity = 'outfall' AND x.op = 'insert'
                                                          AND x.new ->> 'survey_id' = 'LG-A')
 GROUP BY l.entity, l.op ORDER BY l.entity, l.op;
SELECT count(*) FROM pg_temp.new_events();

------------------------------------------------------------------------------
-- past states, rebuilt from the ledger
------------------------------------------------------------------------------

-- LG-1's history, each change entered with the time it took effect
BEGIN;
SELECT set_config('outfall.event_time', '2022-03-01 09:00+08', true);
SELECT register('{"survey_id": "LG-1", "survey_name": "台账河左岸排口", "category": "other.town_domestic",
                  "division": "500114105", "lon": 108.7125, "lat": 29.5311, "water_body": "LGB01",
                  "found_on": "2022-02-25"}');
COMMIT;
BEGIN;
SELECT set_config('outfall.event_time', '2022-05-12 09:00+08', true);
SELECT record_sample('LGB01500114CS0001', '{"sampled_at": "2022-05-10 10:00+08", "weather": "dry", "cod_mgl": 85}');
SELECT advance('LGB01500114CS0001', 'monitored');
COMMIT;
BEGIN;
-- the survey got the water body wrong: the outfall drains into 台账河, so
-- its code changes too (the code begins with the receiving water's)
SELECT set_config('outfall.event_time', '2022-08-01 09:00+08', true);
UPDATE outfall SET water_body = 'LGA01', name = '台账河黔江区阿蓬江镇城镇生活污水散排口', code = 'LGA01500114CS0001'
 WHERE survey_id = 'LG-1';
COMMIT;
BEGIN;
SELECT set_config('outfall.event_time', '2022-09-15 09:00+08', true);
SELECT record_tracing('LGA01500114CS0001', '{"method": "field", "traced_on": "2022-09-15",
                                             "owner": {"name": "LG阿蓬江镇某小区物业"}}');
SELECT advance('LGA01500114CS0001', 'traced');
COMMIT;
BEGIN;
SELECT set_config('outfall.event_time', '2023-02-01 09:00+08', true);
SELECT set_plan('LGA01500114CS0001', '{"action": "standardize", "measures": "截污纳管，移位重建排口",
                                       "responsible_unit": "LG阿蓬江镇某小区物业", "responsible_person": "周某",
                                       "deadline": "2023-09-30"}');
SELECT advance('LGA01500114CS0001', 'planned');
COMMIT;
BEGIN;
SELECT set_config('outfall.event_time', '2023-04-01 09:00+08', true);
SELECT advance('LGA01500114CS0001', 'rectifying');
COMMIT;
BEGIN;
-- the works run late: the deadline is extended
SELECT set_config('outfall.event_time', '2023-09-20 09:00+08', true);
UPDATE plan SET deadline = '2023-12-31'
 WHERE outfall_id = (SELECT id FROM outfall WHERE survey_id = 'LG-1');
COMMIT;
BEGIN;
-- rectified: the outlet was moved 40 m downstream
SELECT set_config('outfall.event_time', '2023-10-01 09:00+08', true);
UPDATE outfall SET geom = ST_SetSRID(ST_MakePoint(108.7129, 29.5308), 4490) WHERE survey_id = 'LG-1';
SELECT advance('LGA01500114CS0001', 'rectified');
INSERT INTO signboard (outfall_id, name, code, category, responsible_party, supervising_unit,
                       supervision_phone, installed_on)
SELECT id, name, code, '城镇生活污水散排口', 'LG阿蓬江镇某小区物业', '重庆市黔江区生态环境局',
       '023-12369', '2023-10-01'
  FROM outfall WHERE survey_id = 'LG-1';
COMMIT;
BEGIN;
SELECT set_config('outfall.event_time', '2024-01-15 09:00+08', true);
SELECT retire('LGA01500114CS0001', '验收意见书及移位后照片');
COMMIT;
BEGIN;
SELECT set_config('outfall.event_time', '2024-03-01 09:00+08', true);
SELECT advance('LGA01500114CS0001', 'retained');
COMMIT;
-- its ledger
SELECT happened_at, entity, op, old ->> 'status' AS old_status, new ->> 'status' AS new_status,
       CASE WHEN op <> 'insert' THEN (SELECT string_agg(k, ', ' ORDER BY k) FROM jsonb_object_keys(new) k) END AS changed
  FROM pg_temp.new_events() WHERE for_outfall = 'LG-1';

-- the state on dates between the events
SELECT d::date AS on_date, state_as_of(o.id, d) AS state
  FROM outfall o,
       unnest(ARRAY['2022-01-01', '2022-04-01', '2022-06-01', '2022-12-31', '2023-03-01',
                    '2023-06-30', '2023-12-31', '2024-02-01', '2024-06-30']::timestamptz[]) d
 WHERE o.survey_id = 'LG-1'
 ORDER BY d;
-- the state as of the very moment of a change is the new state
SELECT state_as_of(o.id, '2023-04-01 09:00+08') AS at_the_moment,
       state_as_of(o.id, '2023-04-01 08:59:59+08') AS a_second_before
  FROM outfall o WHERE o.survey_id = 'LG-1';

-- the whole row on those dates: water body, name and location as they were
SELECT d::date AS on_date, r ->> 'status' AS status, r ->> 'water_body' AS water_body, r ->> 'name' AS name,
       r -> 'geom' -> 'coordinates' AS coordinates
  FROM outfall o,
       unnest(ARRAY['2022-01-01', '2022-06-01', '2022-12-31', '2023-12-31']::timestamptz[]) d,
       row_as_of('outfall', o.id, d) r
 WHERE o.survey_id = 'LG-1'
 ORDER BY d;
-- jsonb_populate_record turns it back into an outfall.outfall row,
-- geometry included
\x on
SELECT (r).code, (r).survey_id, (r).name, (r).water_body, (r).status, (r).status_since,
       ST_AsEWKT((r).geom) AS geom, (r).found_on, p.name AS responsible, (r).responsible_rule
  FROM outfall o,
       jsonb_populate_record(NULL::outfall.outfall, row_as_of('outfall', o.id, '2022-12-31')) r
       LEFT JOIN party p ON p.id = (r).responsible_id
 WHERE o.survey_id = 'LG-1';
\x off
-- rebuilt as of now, it is the row as it is
SELECT jsonb_populate_record(NULL::outfall.outfall, row_as_of('outfall', o.id, now())) = o AS same_row,
       ST_Equals((jsonb_populate_record(NULL::outfall.outfall, row_as_of('outfall', o.id, now()))).geom, o.geom) AS same_place
  FROM outfall o WHERE o.survey_id = 'LG-1';
-- the plan as it was before the deadline was extended
SELECT d::date AS on_date, row_as_of('plan', p.id, d) ->> 'deadline' AS deadline
  FROM plan p JOIN outfall o ON o.id = p.outfall_id,
       unnest(ARRAY['2023-01-01', '2023-06-30', '2023-12-31']::timestamptz[]) d
 WHERE o.survey_id = 'LG-1'
 ORDER BY d;
-- a deleted row was there before its deletion, and is not after
SELECT d::timestamptz AS at, row_as_of('outfall', x.entity_id, d) ->> 'survey_name' AS survey_name,
       state_as_of(x.entity_id, d) AS state
  FROM unnest(ARRAY['2021-06-01 08:59+08', '2021-06-01 12:00+08', '2021-06-02 09:00+08']::timestamptz[]) d,
       ledger x
 WHERE x.entity = 'outfall' AND x.op = 'insert' AND x.new ->> 'survey_id' = 'LG-A'
 ORDER BY d;

------------------------------------------------------------------------------
-- what pg_dump keeps
------------------------------------------------------------------------------

-- the registry tables and their sequences are marked as configuration, so
-- pg_dump keeps their rows; of the categories, only those a DBA added
SELECT c.tab::regclass AS marked, pg_class.relkind, nullif(c.cond, '') AS condition
  FROM pg_extension e, unnest(e.extconfig, e.extcondition) AS c(tab, cond), pg_class
 WHERE e.extname = 'outfall' AND pg_class.oid = c.tab
 ORDER BY pg_class.relkind DESC, c.tab::regclass::text;
-- the tables whose rows come with the extension and are not dumped
SELECT d.objid::regclass AS not_marked
  FROM pg_depend d JOIN pg_class c ON c.oid = d.objid, pg_extension e
 WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_extension'::regclass
   AND d.refobjid = e.oid AND e.extname = 'outfall' AND d.deptype = 'e' AND c.relkind = 'r'
   AND c.oid <> ALL (e.extconfig)
 ORDER BY d.objid::regclass::text;
