-- privileges.sh, step 3: the cases, each an object, an operation, a target
-- (the township, party or snapshot it aims at), the statement, and what the
-- design says: the role kinds grants.sql lets do it, and the jurisdiction
-- rule that must also hold (policies.sql).  Reads are judged against the
-- oracle instead (privileges_run.sql).
SET search_path = outfall, public;
SET client_min_messages = warning;

CREATE TABLE priv.case_ (
    id       serial PRIMARY KEY,
    object   text NOT NULL,
    op       text NOT NULL,               -- select, insert, update, delete, call
    target   text,                        -- priv.target, NULL for none
    source   text,                        -- for a move: the target it moves from
    how      text NOT NULL CHECK (how IN ('read', 'dml', 'call')),
    stmt     text NOT NULL,
    -- reads: who may read at all (reader: every registry role; public:
    -- everyone; nobody: no role but the owner)
    readable text CHECK (readable IN ('reader', 'public', 'nobody')),
    -- writes and calls: the kinds granted it, and where (any: no policy;
    -- target: the target division in the jurisdiction; party_write: the
    -- party's division none, in or above it; party_delete: in it;
    -- province: the jurisdiction holds a province; code: in or above it;
    -- move, party_move: the rule for both the source and the target;
    -- source: the source township in it, wherever the target lies;
    -- hand_code: the source township in it, and the county of the target
    -- (the code's county segment) in or above it; both: the source and
    -- the target township in it)
    allowed  text[],
    jur      text CHECK (jur IN ('any', 'target', 'party_write', 'party_delete', 'province', 'code',
                                 'move', 'party_move', 'source', 'hand_code', 'both')),
    -- the error an allowed attempt must end in, where it cannot succeed
    -- (a survey id registered twice: 23505 once the role sees the other)
    allowed_state text
);

CREATE FUNCTION priv.fx(t text, n text) RETURNS bigint LANGUAGE sql STABLE
    RETURN (SELECT id FROM priv.fixture WHERE target = t AND name = n);
CREATE FUNCTION priv.fc(t text, n text) RETURNS text LANGUAGE sql STABLE
    RETURN (SELECT code FROM priv.fixture WHERE target = t AND name = n);
CREATE FUNCTION priv.read(object text, stmt text, readable text DEFAULT 'reader', target text DEFAULT NULL)
    RETURNS void LANGUAGE sql
    BEGIN ATOMIC INSERT INTO priv.case_ (object, op, target, how, stmt, readable) VALUES (object, 'select', target, 'read', stmt, readable); END;
CREATE FUNCTION priv.write(object text, op text, target text, how text, stmt text, allowed text, jur text,
                           source text DEFAULT NULL, allowed_state text DEFAULT NULL)
    RETURNS void LANGUAGE sql
    BEGIN ATOMIC
        INSERT INTO priv.case_ (object, op, target, source, how, stmt, allowed, jur, allowed_state)
        VALUES (object, op, target, source, how, stmt, allowed::text[], jur, allowed_state);
    END;

------------------------------------------------------------------------------
-- reads: every table and view of the schema, whole
------------------------------------------------------------------------------
SELECT priv.read(c.relname, format('SELECT * FROM outfall.%I', c.relname),
                 CASE WHEN c.relname IN ('division', 'survey_sheet') THEN 'public'
                      WHEN c.relname = 'code_counter' THEN 'nobody' ELSE 'reader' END)
  FROM pg_class c
 WHERE c.relnamespace = 'outfall'::regnamespace AND c.relkind IN ('r', 'v')
 ORDER BY c.relname;

-- the reports and progress functions
SELECT priv.read(f, s) FROM (VALUES
    ('progress()', 'SELECT to_jsonb(outfall.progress(o.status, p.action, outfall.survey_complete(o))) FROM outfall.outfall o LEFT JOIN outfall.plan p ON p.outfall_id = o.id'),
    ('progress_as_of()', $$SELECT to_jsonb(outfall.progress_as_of('2024-12-31'))$$),
    ('outfalls_as_of()', $$SELECT * FROM outfall.outfalls_as_of('2024-06-30 12:00+08')$$),
    ('progress_by_division()', $$SELECT * FROM outfall.progress_by_division('2024-12-31')$$),
    ('progress_by_water_body()', $$SELECT * FROM outfall.progress_by_water_body('2024-12-31')$$),
    ('progress_by_category()', $$SELECT * FROM outfall.progress_by_category('2024-12-31')$$),
    ('progress_by_month()', $$SELECT * FROM outfall.progress_by_month('2024-10-01', '2024-12-01')$$),
    ('progress_by_found_month()', $$SELECT * FROM outfall.progress_by_found_month(12)$$),
    ('progress_since_snapshot()', $$SELECT * FROM outfall.progress_since_snapshot('semiannual', '2024-H2')$$),
    ('overdue_plans()', 'SELECT * FROM outfall.overdue_plans()'),
    ('found_not_traced()', $$SELECT * FROM outfall.found_not_traced(90, '2024-12-31')$$),
    ('target_status()', $$SELECT * FROM outfall.target_status('2025-06-30')$$),
    ('findings()', 'SELECT * FROM outfall.findings()'),
    ('geojson()', 'SELECT outfall.geojson()'),
    ('find_outfalls()', $$SELECT * FROM outfall.find_outfalls('测试排口', 20)$$)
  ) v(f, s);
-- and those given one outfall, for the F outfall of each target township
SELECT priv.read('outfall_file()', format('SELECT outfall.outfall_file(%L)', priv.fc(t.target, 'F')), 'reader', t.target),
       priv.read('state_as_of()', format('SELECT outfall.state_as_of(%s, now())', priv.fx(t.target, 'F')), 'reader', t.target),
       priv.read('required_action()', format('SELECT * FROM outfall.required_action(%s)', priv.fx(t.target, 'F')), 'reader', t.target)
  FROM priv.target t WHERE t.target IN ('A', 'B', 'X', 'Y', 'D') ORDER BY t.target;

------------------------------------------------------------------------------
-- writes to the tables under the jurisdiction policies, aimed at each
-- target township
------------------------------------------------------------------------------
SELECT priv.write(w.object, w.op, t.target, 'dml', w.stmt, w.allowed, 'target')
  FROM priv.target t,
       LATERAL (VALUES
    ('outfall', 'insert', format($$INSERT INTO outfall.outfall (survey_id, survey_name, division, found_on) VALUES ('PRIV-NEW', '新排口', %L, '2024-06-01')$$, t.division), '{editor}'),
    ('outfall', 'update', format('UPDATE outfall.outfall SET survey_name = survey_name WHERE id = %s', priv.fx(t.target, 'F')), '{editor}'),
    ('outfall', 'update status', format('UPDATE outfall.outfall SET status = status WHERE id = %s', priv.fx(t.target, 'F')), '{editor,verifier}'),
    ('outfall', 'delete', format('DELETE FROM outfall.outfall WHERE id = %s', priv.fx(t.target, 'O')), '{editor}'),
    ('tracing', 'insert', format($$INSERT INTO outfall.tracing (outfall_id, method, traced_on) VALUES (%s, 'field', '2024-06-01')$$, priv.fx(t.target, 'F')), '{editor}'),
    ('tracing', 'update', format('UPDATE outfall.tracing SET note = note WHERE id = %s', priv.fx(t.target, 'tracing_bare')), '{editor}'),
    ('tracing', 'delete', format('DELETE FROM outfall.tracing WHERE id = %s', priv.fx(t.target, 'tracing_bare')), '{editor}'),
    ('source', 'insert', format($$INSERT INTO outfall.source (tracing_id, outfall_id, name, kind) VALUES (%s, %s, '新污染源', 'other')$$, priv.fx(t.target, 'tracing_bare'), priv.fx(t.target, 'F')), '{editor}'),
    ('source', 'update', format('UPDATE outfall.source SET name = name WHERE id = %s', priv.fx(t.target, 'source')), '{editor}'),
    ('source', 'delete', format('DELETE FROM outfall.source WHERE id = %s', priv.fx(t.target, 'source')), '{editor}'),
    ('sample', 'insert', format($$INSERT INTO outfall.sample (outfall_id, sampled_at, weather) VALUES (%s, '2024-06-01 10:00+08', 'dry')$$, priv.fx(t.target, 'F')), '{editor}'),
    ('sample', 'update', format('UPDATE outfall.sample SET weather = weather WHERE id = %s', priv.fx(t.target, 'sample_bare')), '{editor}'),
    ('sample', 'delete', format('DELETE FROM outfall.sample WHERE id = %s', priv.fx(t.target, 'sample_bare')), '{editor}'),
    ('sample_indicator', 'insert', format($$INSERT INTO outfall.sample_indicator VALUES (%s, '粪大肠菌群', 100, 'MPN/L')$$, priv.fx(t.target, 'sample_with_indicator')), '{editor}'),
    ('sample_indicator', 'update', format('UPDATE outfall.sample_indicator SET value = value WHERE sample_id = %s', priv.fx(t.target, 'sample_with_indicator')), '{editor}'),
    ('sample_indicator', 'delete', format('DELETE FROM outfall.sample_indicator WHERE sample_id = %s', priv.fx(t.target, 'sample_with_indicator')), '{editor}'),
    ('plan', 'insert', format($$INSERT INTO outfall.plan (outfall_id, action, measures, responsible_unit, responsible_person, deadline, set_on) VALUES (%s, 'standardize', '规范整治', '街道办', '王某', '2025-12-31', '2024-06-01')$$, priv.fx(t.target, 'F')), '{editor}'),
    ('plan', 'update', format('UPDATE outfall.plan SET measures = measures WHERE id = %s', priv.fx(t.target, 'plan')), '{editor}'),
    ('plan', 'delete', format('DELETE FROM outfall.plan WHERE id = %s', priv.fx(t.target, 'plan')), '{editor}'),
    ('approval', 'insert', format($$INSERT INTO outfall.approval (outfall_id, kind, authority, decided_on) VALUES (%s, 'approval', '生态环境局', '2024-06-01')$$, priv.fx(t.target, 'F')), '{editor}'),
    ('approval', 'update', format('UPDATE outfall.approval SET authority = authority WHERE id = %s', priv.fx(t.target, 'approval')), '{editor}'),
    ('approval', 'delete', format('DELETE FROM outfall.approval WHERE id = %s', priv.fx(t.target, 'approval')), '{editor}'),
    ('signboard', 'insert', format($$INSERT INTO outfall.signboard (outfall_id, name) VALUES (%s, '标志牌')$$, priv.fx(t.target, 'P')), '{editor}'),
    ('signboard', 'update', format('UPDATE outfall.signboard SET name = name WHERE id = %s', priv.fx(t.target, 'signboard')), '{editor}'),
    ('signboard', 'delete', format('DELETE FROM outfall.signboard WHERE id = %s', priv.fx(t.target, 'signboard')), '{editor}'),
    ('verification', 'insert', format($$INSERT INTO outfall.verification (outfall_id, evidence) VALUES (%s, '验收意见')$$, priv.fx(t.target, 'F')), '{verifier}'),
    ('verification', 'update', format('UPDATE outfall.verification SET evidence = evidence WHERE id = %s', priv.fx(t.target, 'verification')), '{}'),
    ('verification', 'delete', format('DELETE FROM outfall.verification WHERE id = %s', priv.fx(t.target, 'verification')), '{}'),
    ('outfall_zone', 'insert', format($$INSERT INTO outfall.outfall_zone VALUES (%s, (SELECT id FROM outfall.zone WHERE code = 'PRIVZ2'))$$, priv.fx(t.target, 'F')), '{editor,admin}'),
    ('outfall_zone', 'update', format($$UPDATE outfall.outfall_zone SET zone_id = zone_id WHERE outfall_id = %s$$, priv.fx(t.target, 'F')), '{editor,admin}'),
    ('outfall_zone', 'delete', format($$DELETE FROM outfall.outfall_zone WHERE outfall_id = %s$$, priv.fx(t.target, 'F')), '{editor,admin}')
  ) w(object, op, stmt, allowed)
 WHERE t.target IN ('A', 'B', 'X', 'Y', 'D')
 ORDER BY w.object, w.op, t.target;

-- moves from township A to each target: an outfall to another township, a
-- sample to another township's outfall; a party of A to another division
SELECT priv.write(w.object, w.op, t.target, 'dml', w.stmt, w.allowed, w.jur)
  FROM priv.target t,
       LATERAL (VALUES
    ('outfall', 'move', format('UPDATE outfall.outfall SET division = %L WHERE id = %s', t.division, priv.fx('A', 'F')), '{editor}', 'move'),
    ('sample', 'move', format('UPDATE outfall.sample SET outfall_id = %s WHERE id = %s', priv.fx(t.target, 'F'), priv.fx('A', 'sample_bare')), '{editor}', 'move'),
    ('party', 'move', format('UPDATE outfall.party SET division = %L WHERE id = %s', t.division, priv.fx('A', 'party')), '{editor}', 'party_move')
  ) w(object, op, stmt, allowed, jur)
 WHERE t.target IN ('B', 'X', 'Y', 'D')
 ORDER BY w.object, t.target;
UPDATE priv.case_ SET source = 'A' WHERE op = 'move';

-- parties: read by all, written in, above or without a division
SELECT priv.write('party', w.op, t.target, 'dml', w.stmt, '{editor}', w.jur)
  FROM priv.target t,
       LATERAL (VALUES
    ('insert', format($$INSERT INTO outfall.party (name, kind, division) VALUES ('权限测试新单位', 'other', %L)$$, t.division), 'party_write'),
    ('update', format('UPDATE outfall.party SET name = name WHERE id = %s', priv.fx(t.target, 'party')), 'party_write'),
    ('delete', format('DELETE FROM outfall.party WHERE id = %s', priv.fx(t.target, 'party')), 'party_delete')
  ) w(op, stmt, jur)
 WHERE t.target IN ('A', 'B', 'X', 'Y', 'D', 'county', 'province', 'nowhere')
 ORDER BY w.op, t.target;

-- snapshots: the owner's record of a period; no role writes one, in its
-- area or not, the grand total (no division) included
SELECT priv.write('progress_snapshot', w.op, t.target, 'dml', w.stmt, '{}', 'any')
  FROM priv.target t,
       LATERAL (VALUES
    ('insert', format($$INSERT INTO outfall.progress_snapshot (kind, period, as_of, division, level, progress) SELECT 'adhoc', '2024-02-01', '2024-02-01', %L, %s, progress FROM outfall.progress_snapshot WHERE id = %s$$,
                      t.division, CASE WHEN t.division IS NULL THEN 0 ELSE 4 END, priv.fx(t.target, 'snapshot'))),
    ('update', format('UPDATE outfall.progress_snapshot SET as_of = as_of WHERE id = %s', priv.fx(t.target, 'snapshot'))),
    ('delete', format('DELETE FROM outfall.progress_snapshot WHERE id = %s', priv.fx(t.target, 'snapshot')))
  ) w(op, stmt)
 WHERE t.target IN ('A', 'B', 'X', 'Y', 'D', 'total')
 ORDER BY w.op, t.target;

------------------------------------------------------------------------------
-- writes to the catalogs: the admin's, anywhere
------------------------------------------------------------------------------
SELECT priv.write(w.object, w.op, NULL, 'dml', w.stmt, '{admin}', 'any')
  FROM (SELECT code AS a FROM priv.place WHERE name = 'A') p,
       LATERAL (VALUES
    ('category', 'insert', $$INSERT INTO outfall.category (id, level, parent, name_zh, name_en) VALUES ('other.priv_new', 2, 'other', '新类别', 'new')$$),
    ('category', 'update', $$UPDATE outfall.category SET name_en = name_en WHERE id = 'other.misc'$$),
    ('category', 'delete', $$DELETE FROM outfall.category WHERE id = 'other.priv_victim'$$),
    ('category_indicator', 'insert', $$INSERT INTO outfall.category_indicator (category, indicator) VALUES ('other.misc', 'priv_a')$$),
    ('category_indicator', 'update', $$UPDATE outfall.category_indicator SET shipped = shipped WHERE category = 'other.misc' AND indicator = 'priv_b'$$),
    ('category_indicator', 'delete', $$DELETE FROM outfall.category_indicator WHERE category = 'other.misc' AND indicator = 'priv_b'$$),
    ('category_keyword', 'insert', $$INSERT INTO outfall.category_keyword (pattern, category, confidence) VALUES ('权限新词', 'other.misc', 0.6)$$),
    ('category_keyword', 'update', $$UPDATE outfall.category_keyword SET note = note WHERE pattern = '权限旧词'$$),
    ('category_keyword', 'delete', $$DELETE FROM outfall.category_keyword WHERE pattern = '权限旧词'$$),
    ('indicator', 'insert', $$INSERT INTO outfall.indicator (key, name_zh, name_en) VALUES ('priv_new', '新指标', 'new')$$),
    ('indicator', 'update', $$UPDATE outfall.indicator SET name_en = name_en WHERE key = 'priv_a'$$),
    ('indicator', 'delete', $$DELETE FROM outfall.indicator WHERE key = 'priv_c'$$),
    ('rule', 'insert', $$INSERT INTO outfall.rule (id, title_zh, title_en, description, severity, basis, check_function) SELECT 'priv_new', '新规则', 'new', 'a new rule', 'notice', 'none', check_function FROM outfall.rule WHERE id = 'code_category'$$),
    ('rule', 'update', $$UPDATE outfall.rule SET description = description WHERE id = 'priv_victim'$$),
    ('rule', 'delete', $$DELETE FROM outfall.rule WHERE id = 'priv_victim'$$),
    ('rule_setting', 'insert', $$INSERT INTO outfall.rule_setting (rule, enabled) VALUES ('code_category', true)$$),
    ('rule_setting', 'update', $$UPDATE outfall.rule_setting SET note = note WHERE rule = 'deadline_passed'$$),
    ('rule_setting', 'delete', $$DELETE FROM outfall.rule_setting WHERE rule = 'deadline_passed'$$),
    ('config', 'insert', $$INSERT INTO outfall.config VALUES ('untraceable_responsible_level', 'township') ON CONFLICT (key) DO UPDATE SET value = excluded.value$$),
    ('config', 'update', $$UPDATE outfall.config SET value = value WHERE key = 'untraceable_responsible_level'$$),
    ('config', 'delete', $$DELETE FROM outfall.config WHERE key = 'untraceable_responsible_level'$$),
    ('water_body', 'insert', $$INSERT INTO outfall.water_body (code, name, kind) VALUES ('PRIVNEW', '新水体', 'river')$$),
    ('water_body', 'update', $$UPDATE outfall.water_body SET name = name WHERE code = 'PRIV1'$$),
    ('water_body', 'delete', $$DELETE FROM outfall.water_body WHERE code = 'PRIVDEL'$$),
    ('division', 'insert', format($$INSERT INTO outfall.division (code, name) VALUES ('%s901', '新村')$$, p.a)),
    ('division', 'update', format($$UPDATE outfall.division SET name = name WHERE code = %L$$, p.a)),
    ('division', 'delete', format($$DELETE FROM outfall.division WHERE code = '%s902'$$, p.a)),
    ('target', 'insert', $$INSERT INTO outfall.target (plan, measure, percent, starts_on, due_on) VALUES ('新计划', 'traced', 60, '2024-01-01', '2025-12-31')$$),
    ('target', 'update', $$UPDATE outfall.target SET note = note WHERE plan = '权限测试'$$),
    ('target', 'delete', $$DELETE FROM outfall.target WHERE plan = '权限测试'$$),
    ('snapshot_kind', 'insert', $$INSERT INTO outfall.snapshot_kind VALUES ('priv_new', 'day', '新', 'new')$$),
    ('snapshot_kind', 'update', $$UPDATE outfall.snapshot_kind SET description = description WHERE kind = 'priv_victim'$$),
    ('snapshot_kind', 'delete', $$DELETE FROM outfall.snapshot_kind WHERE kind = 'priv_victim'$$)
  ) w(object, op, stmt)
 ORDER BY w.object, w.op;

-- zones cut across areas: drawn by an admin whose jurisdiction holds a
-- province, and by no other
SELECT priv.write(w.object, w.op, NULL, 'dml', w.stmt, '{admin}', 'province')
  FROM (VALUES
    ('zone', 'insert', $$INSERT INTO outfall.zone (kind, name, geom) VALUES ('key_area', '新区域', ST_Multi(ST_Expand(ST_SetSRID(ST_MakePoint(101.9, 40.9), 4490), 0.01)))$$),
    ('zone', 'update', $$UPDATE outfall.zone SET name = name WHERE code = 'PRIVZ2'$$),
    ('zone', 'delete', $$DELETE FROM outfall.zone WHERE code = 'PRIVZ3'$$),
    ('zone_part', 'insert', $$INSERT INTO outfall.zone_part SELECT id, ST_Expand(ST_SetSRID(ST_MakePoint(101.5, 40.5), 4490), 0.001) FROM outfall.zone WHERE code = 'PRIVZ2'$$),
    ('zone_part', 'update', $$UPDATE outfall.zone_part SET geom = geom WHERE zone_id = (SELECT id FROM outfall.zone WHERE code = 'PRIVZ2')$$),
    ('zone_part', 'delete', $$DELETE FROM outfall.zone_part WHERE zone_id = (SELECT id FROM outfall.zone WHERE code = 'PRIVZ3')$$)
  ) w(object, op, stmt)
 ORDER BY w.object, w.op;

-- the mapping: an admin maps roles to divisions inside its own
-- jurisdiction only (a township's admin cannot hand out the county or the
-- province, to another role or to itself); outfall_test_priv_spare is
-- mapped to every target (updated, deleted), _spare_move to A (moved to
-- each target), _spare_new nowhere (mapped to each target)
SELECT priv.write('jurisdiction', w.op, t.target, 'dml', w.stmt, '{admin}', w.jur, w.source)
  FROM priv.target t, (SELECT code AS a FROM priv.place WHERE name = 'A') p,
       LATERAL (VALUES
    ('insert', format($$INSERT INTO outfall.jurisdiction VALUES ('outfall_test_priv_spare_new', %L)$$, t.division), 'target', NULL),
    ('update', format($$UPDATE outfall.jurisdiction SET division = division WHERE member = 'outfall_test_priv_spare' AND division = %L$$, t.division), 'target', NULL),
    ('delete', format($$DELETE FROM outfall.jurisdiction WHERE member = 'outfall_test_priv_spare' AND division = %L$$, t.division), 'target', NULL),
    ('move', format($$UPDATE outfall.jurisdiction SET division = %L WHERE member = 'outfall_test_priv_spare_move' AND division = %L$$, t.division, p.a), 'move', 'A')
  ) w(op, stmt, jur, source)
 WHERE t.target IN ('A', 'B', 'X', 'Y', 'D', 'county', 'province') AND NOT (w.op = 'move' AND t.target = 'A')
 ORDER BY w.op, t.target;

-- codes written by hand: an outfall of township A numbered under the county
-- of each target, inserted, and given to A's F; the counter it raises must
-- be of a county the writer works in or under
SELECT priv.write('outfall', w.op, t.target, 'dml', w.stmt, '{editor}', 'hand_code', 'A')
  FROM priv.target t, (SELECT code AS a FROM priv.place WHERE name = 'A') p,
       LATERAL (SELECT outfall_code('PRIV1', left(t.division, 6)::division_code, 'CS', 9000)::text AS code) c,
       LATERAL (VALUES
    ('insert code', format($$INSERT INTO outfall.outfall (code, survey_id, survey_name, division, found_on) VALUES (%L, 'PRIV-HAND', '手编码排口', %L, '2024-06-01')$$, c.code, p.a)),
    ('update code', format('UPDATE outfall.outfall SET code = %L WHERE id = %s', c.code, priv.fx('A', 'F')))
  ) w(op, stmt)
 WHERE t.target IN ('A', 'B', 'X', 'Y', 'D')
 ORDER BY w.op, t.target;

-- a survey id registered already, in each target township, registered again
-- in A: refused as registered elsewhere (42501) unless the role sees the
-- first, when it is the plain duplicate (23505)
SELECT priv.write('outfall', 'insert survey id', t.target, 'dml',
                  format($$INSERT INTO outfall.outfall (survey_id, survey_name, division, found_on) VALUES (%L, '重复调查编号', %L, '2024-06-01')$$,
                         'PRIV-F-' || t.target, p.a),
                  '{editor}', 'both', 'A', '23505')
  FROM priv.target t, (SELECT code AS a FROM priv.place WHERE name = 'A') p
 WHERE t.target IN ('A', 'B', 'X', 'Y', 'D')
 ORDER BY t.target;

-- what nobody but the owner writes: the ledger, the code counters and the
-- fixed lists of the extension
SELECT priv.write('ledger', 'insert', NULL, 'dml',
                  $$INSERT INTO outfall.ledger (happened_at, actor, entity, entity_id, op) VALUES (now(), 'forged', 'party', 1, 'insert')$$, '{}', 'any'),
       priv.write('ledger', 'update', NULL, 'dml',
                  'UPDATE outfall.ledger SET note = note WHERE id = (SELECT max(id) FROM outfall.ledger)', '{}', 'any'),
       priv.write('ledger', 'delete', NULL, 'dml',
                  'DELETE FROM outfall.ledger WHERE id = (SELECT max(id) FROM outfall.ledger)', '{}', 'any');
-- (an update sets the table's first column to itself)
SELECT priv.write(t, w.op, NULL, 'dml', format(w.stmt, t, a.attname), '{}', 'any')
  FROM unnest(ARRAY['code_counter', 'config_key', 'measure', 'requirement', 'state_label', 'transition',
                    'transition_requirement', 'value_label', 'zone_kind', 'target_status_label',
                    'zone_sheet', 'survey_sheet']) t
  JOIN pg_attribute a ON a.attrelid = ('outfall.' || t)::regclass AND a.attnum = 1,
       LATERAL (VALUES
    ('insert', 'INSERT INTO outfall.%1$I SELECT * FROM outfall.%1$I LIMIT 1'),
    ('update', 'UPDATE outfall.%1$I SET %2$I = %2$I WHERE ctid = (SELECT ctid FROM outfall.%1$I LIMIT 1)'),
    ('delete', 'DELETE FROM outfall.%1$I WHERE ctid = (SELECT ctid FROM outfall.%1$I LIMIT 1)')
  ) w(op, stmt)
 ORDER BY t, w.op;

------------------------------------------------------------------------------
-- the API and the functions that write, aimed at each target township
------------------------------------------------------------------------------
SELECT priv.write(w.object, 'call', t.target, 'call', w.stmt, w.allowed, w.jur)
  FROM priv.target t,
       LATERAL (VALUES
    ('register()', format($$SELECT outfall.register('{"survey_id": "PRIV-REG", "survey_name": "新登记排口", "category": "other.town_domestic", "division": "%s", "water_body": "PRIV1", "found_on": "2024-06-01"}')$$, t.division), '{editor}', 'target'),
    ('next_code()', format($$SELECT outfall.next_code('PRIV1', %L, 'CS')$$, t.division), '{editor}', 'code'),
    ('record_sample()', format($$SELECT outfall.record_sample(%L, '{"sampled_at": "2024-06-01 10:00+08", "weather": "dry"}')$$, priv.fc(t.target, 'F')), '{editor}', 'target'),
    ('record_tracing()', format($$SELECT outfall.record_tracing(%L, '{"method": "document", "traced_on": "2024-06-01"}')$$, priv.fc(t.target, 'F')), '{editor}', 'target'),
    ('set_plan()', format($$SELECT outfall.set_plan(%L, '{"action": "standardize", "measures": "规范整治", "responsible_unit": "街道办", "responsible_person": "王某", "deadline": "2025-12-31", "set_on": "2024-06-01"}')$$, priv.fc(t.target, 'F')), '{editor}', 'target'),
    ('advance()', format($$SELECT outfall.advance(%L, 'monitored')$$, priv.fc(t.target, 'F')), '{editor,verifier}', 'target'),
    ('retire()', format($$SELECT outfall.retire(%L, '验收意见')$$, priv.fc(t.target, 'R')), '{verifier}', 'target'),
    ('advance() to retained', format($$SELECT outfall.advance(%L, 'retained', '{"verification": "现场核查"}')$$, priv.fc(t.target, 'K')), '{verifier}', 'target'),
    ('reopen()', format($$SELECT outfall.reopen(%L, 'found', '排口复现')$$, priv.fc(t.target, 'C')), '{editor,verifier}', 'target')
  ) w(object, stmt, allowed, jur)
 WHERE t.target IN ('A', 'B', 'X', 'Y', 'D')
 ORDER BY w.object, t.target;
-- a plan of A's F merging it into the F of another township: the target
-- may lie outside the jurisdiction
SELECT priv.write('set_plan() merging elsewhere', 'call', t.target, 'call',
                  format($$SELECT outfall.set_plan(%L, '{"action": "merge", "measures": "并入", "responsible_unit": "街道办", "responsible_person": "王某", "deadline": "2025-12-31", "set_on": "2024-06-01", "merge_target": "%s"}')$$,
                         priv.fc('A', 'F'), priv.fc(t.target, 'F')),
                  '{editor}', 'source', 'A')
  FROM priv.target t
 WHERE t.target IN ('B', 'X', 'Y', 'D')
 ORDER BY t.target;
-- snapshots are taken by the owner only; the mapping is read by every
-- registry role
SELECT priv.write('take_snapshot()', 'call', NULL, 'call', $$SELECT outfall.take_snapshot('adhoc', '2025-01-15')$$, '{}', 'any');
SELECT priv.write('divisions_of()', 'call', NULL, 'call', $$SELECT outfall.divisions_of('outfall_test_priv_spare')::text$$,
                  '{reader,editor,verifier,admin}', 'any');
-- what a merge reads across areas (the id of an outfall by its code, and
-- whether it is active): for the registry's roles, not for a role in no
-- registry group
SELECT priv.write('outfall_id()', 'call', 'D', 'call', format('SELECT outfall.outfall_id(%L)', priv.fc('D', 'F')),
                  '{reader,editor,verifier,admin}', 'any'),
       priv.write('is_active()', 'call', 'D', 'call', format('SELECT outfall.is_active(%s)', priv.fx('D', 'F')),
                  '{reader,editor,verifier,admin}', 'any');

