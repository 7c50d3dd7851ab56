-- registry_responsibility: the first responsible party (第一责任主体) of an
-- outfall — 谁污染、谁治理: the user before the owner; where neither can be
-- traced, the local government of the level outfall.config sets
SET search_path = outfall, public;
\set SHOW_CONTEXT never

-- the parties and outfalls of this file
INSERT INTO party (name, kind) VALUES
    ('RS武汉某物流有限公司', 'enterprise'),     -- rents the site and discharges
    ('RS武汉某置业有限公司', 'enterprise'),     -- owns the site and the pipe
    ('RS黔江某养殖场', 'enterprise'),
    ('RS昌吉某洗车场', 'enterprise');
INSERT INTO outfall (survey_id, survey_name, division, found_on, user_id, owner_id)
SELECT s, n, d::division_code, '2023-04-01',
       (SELECT id FROM party WHERE name = u), (SELECT id FROM party WHERE name = o)
  FROM (VALUES ('RS-wuhan-1', '仓库后排口', '420102002', 'RS武汉某物流有限公司', 'RS武汉某置业有限公司'),
               ('RS-wuhan-2', '江滩无主排口', '420102003', NULL, NULL),
               ('RS-qianjiang-1', '养殖场排口', '500114105', NULL, 'RS黔江某养殖场'),
               ('RS-qianjiang-2', '阿蓬江镇无主排口', '500114105', NULL, NULL),
               ('RS-qianjiang-3', '阿蓬江镇无主排口二', '500114105', NULL, NULL),
               ('RS-qianjiang-4', '石会镇无主排口', '500114106', NULL, NULL),
               ('RS-changji-1', '宁边路无主排口', '652301001', NULL, NULL),
               ('RS-liucheng-1', '大埔镇无主排口', '450222100', NULL, NULL),
               ('RS-jilin-1', '南岭无主排口', '220102001', NULL, NULL)) v(s, n, d, u, o);
-- the parties as the rule names them
CREATE TEMP VIEW rs AS
SELECT o.survey_id, division_full_name(o.division) AS township, r.name AS responsible, o.responsible_rule
  FROM outfall o LEFT JOIN party r ON r.id = o.responsible_id
 WHERE o.survey_id LIKE 'RS-%';

-- the default: where no one can be traced, the township (黔江, 昌吉)
SELECT key, default_value, config_value(key) FROM config_key WHERE key = 'untraceable_responsible_level';

-- user and owner differ: the user is the first responsible party, the owner
-- cooperates (武汉)
SELECT p.name, d.rule
  FROM outfall o, decide_responsible_party(o.id) d, party p
 WHERE o.survey_id = 'RS-wuhan-1' AND p.id = d.party_id;
-- deciding writes nothing; applying records the party and the rule
SELECT * FROM rs WHERE survey_id = 'RS-wuhan-1';
SELECT p.name, a.rule
  FROM outfall o, apply_responsible_party(o.id) a, party p
 WHERE o.survey_id = 'RS-wuhan-1' AND p.id = a.party_id;
-- only an owner: the owner
SELECT a.rule FROM outfall o, apply_responsible_party(o.id) a WHERE o.survey_id = 'RS-qianjiang-1';
-- neither: the local government of the township; a town has a 人民政府, a
-- street (街道) an office (办事处)
SELECT a.rule FROM outfall o, apply_responsible_party(o.id) a
 WHERE o.survey_id IN ('RS-qianjiang-2', 'RS-changji-1') ORDER BY o.survey_id;
SELECT * FROM rs WHERE survey_id IN ('RS-wuhan-1', 'RS-qianjiang-1', 'RS-qianjiang-2', 'RS-changji-1')
 ORDER BY survey_id;

-- the government is a party like any other, created on first use and then
-- reused: a second untraceable outfall in 阿蓬江镇 gets the same one
SELECT a.rule FROM outfall o, apply_responsible_party(o.id) a WHERE o.survey_id = 'RS-qianjiang-3';
SELECT count(DISTINCT responsible_id) AS parties FROM outfall WHERE survey_id IN ('RS-qianjiang-2', 'RS-qianjiang-3');
SELECT name, kind, division FROM party WHERE kind = 'government' AND division = '500114105';
SELECT local_government('500114105') = responsible_id AS same_party
  FROM outfall WHERE survey_id = 'RS-qianjiang-2';

-- the district (武汉): the setting is a row of outfall.config
INSERT INTO config VALUES ('untraceable_responsible_level', 'county');
SELECT config_value('untraceable_responsible_level');
SELECT a.rule FROM outfall o, apply_responsible_party(o.id) a WHERE o.survey_id = 'RS-wuhan-2';
-- the city (柳城); for a municipality whose city level is only a placeholder
-- (重庆 5001 市辖区) the province answers
UPDATE config SET value = 'city' WHERE key = 'untraceable_responsible_level';
SELECT o.survey_id, a.rule FROM outfall o, apply_responsible_party(o.id) a
 WHERE o.survey_id IN ('RS-liucheng-1', 'RS-qianjiang-4') ORDER BY o.survey_id;
-- the province (吉林: "the local government or whom it designates")
UPDATE config SET value = 'province' WHERE key = 'untraceable_responsible_level';
SELECT a.rule FROM outfall o, apply_responsible_party(o.id) a WHERE o.survey_id = 'RS-jilin-1';
-- a user or owner still comes first, whatever the level
SELECT p.name, d.rule
  FROM outfall o, decide_responsible_party(o.id) d, party p
 WHERE o.survey_id = 'RS-qianjiang-1' AND p.id = d.party_id;
SELECT * FROM rs WHERE survey_id IN ('RS-wuhan-2', 'RS-liucheng-1', 'RS-qianjiang-4', 'RS-jilin-1')
 ORDER BY survey_id;
-- the division each level resolves to, for a township of 重庆 and of 柳城
SELECT l, responsible_division('500114105', l) AS qianjiang, responsible_division('450222100', l) AS liucheng
  FROM unnest(ARRAY['township', 'county', 'city', 'province']) l;

-- applying again changes nothing; a user traced later takes over from the
-- government; the ledger holds one event for each change of the rule
SELECT a.rule FROM outfall o, apply_responsible_party(o.id) a WHERE o.survey_id = 'RS-changji-1';
UPDATE outfall SET user_id = (SELECT id FROM party WHERE name = 'RS昌吉某洗车场')
 WHERE survey_id = 'RS-changji-1';
SELECT a.rule FROM outfall o, apply_responsible_party(o.id) a WHERE o.survey_id = 'RS-changji-1';
SELECT l.op, l.old ->> 'responsible_rule' AS old_rule, l.new ->> 'responsible_rule' AS new_rule
  FROM ledger l JOIN outfall o ON o.id = l.outfall_id
 WHERE o.survey_id = 'RS-changji-1' AND l.entity = 'outfall' AND (l.new ? 'responsible_rule')
 ORDER BY l.id;

-- refusals: a level the rule does not know
UPDATE config SET value = 'village' WHERE key = 'untraceable_responsible_level';
SELECT :'SQLSTATE' AS sqlstate;
INSERT INTO config VALUES ('no_such_setting', 'x');
SELECT :'SQLSTATE' AS sqlstate;
SELECT config_value('untraceable_responsible_level') AS unchanged;
-- an outfall that does not exist; a division that is not in the list
SELECT * FROM decide_responsible_party(-1);
SELECT :'SQLSTATE' AS sqlstate;
SELECT local_government('500199001');
SELECT :'SQLSTATE' AS sqlstate;

-- restore the default
DELETE FROM config WHERE key = 'untraceable_responsible_level';
SELECT config_value('untraceable_responsible_level');
