-- registry_codes: allocating outfall codes (排污口编码) and standard names
-- (规范名称) of HJ 1235-2021
SET search_path = outfall, public;
\set SHOW_CONTEXT never

-- ordinary use: under a prefix (water body + county + type letters) the
-- sequence numbers (顺序号) run from 0001, one counter per prefix
SELECT n, next_code('CDA01', '500114', 'GY') FROM generate_series(1, 3) n;
-- another type, county or water body is another prefix, starting at 0001
SELECT water, division, letters, next_code(water, division, letters)
  FROM (VALUES ('CDA01', '500114'::division_code, 'KS'), ('CDA01', '450222', 'GY'),
               ('CDA02', '500114', 'GY')) v(water, division, letters);

-- a township stands for its county; lower case and separators are normalised
SELECT next_code('CDA01', '500114105', 'GY') AS township_of_qianjiang,
       next_code('cda01', '500114', 'gy') AS lower_case,
       next_code('CDA-01', '500114', 'GY') AS separator;
-- the townships of a city without counties (东莞市) number under the city
SELECT next_code('CDA01', '441900003', 'GY');

-- the counters, one row per prefix
SELECT * FROM code_counter WHERE water LIKE 'CDA%' ORDER BY water, division, type_letters;

-- refusals: type letters no category carries, or that are not two letters
SELECT next_code('CDA01', '500114', 'AA');
SELECT next_code('CDA01', '500114', 'G1');
-- a malformed water body code
SELECT next_code('CDA_01', '500114', 'GY');
-- a division above the county level: the code needs a county
SELECT next_code('CDA01', '50', 'GY');
SELECT next_code('CDA01', '5001', 'GY');
-- none of the refusals took a number
SELECT * FROM code_counter WHERE water LIKE 'CDA%' ORDER BY water, division, type_letters;
SELECT input, sqlstate_of(format('outfall.next_code(%L, %L, %L)', w, d, t)) AS sqlstate
  FROM (VALUES ('unknown type letters', 'CDA01', '500114', 'AA'),
               ('malformed type letters', 'CDA01', '500114', 'G1'),
               ('malformed water body', 'CDA_01', '500114', 'GY'),
               ('province', 'CDA01', '50', 'GY'),
               ('city', 'CDA01', '5001', 'GY')) v(input, w, d, t);

-- exhaustion: HJ 1235 gives a prefix four digits, 9999 numbers
UPDATE code_counter SET last_seq = 9998 WHERE (water, division, type_letters) = ('CDA02', '500114', 'GY');
SELECT next_code('CDA02', '500114', 'GY');
SELECT next_code('CDA02', '500114', 'GY');
SELECT sqlstate_of($$outfall.next_code('CDA02', '500114', 'GY')$$) AS sqlstate;
-- the counter stays at the last number; other prefixes go on
SELECT last_seq FROM code_counter WHERE (water, division, type_letters) = ('CDA02', '500114', 'GY');
SELECT next_code('CDA02', '500114', 'KS');

-- a code written by hand (an import) raises its prefix's counter past it,
-- so allocation never hands it out again; a lower one leaves it
INSERT INTO water_body (code, name, kind) VALUES ('CDB01', '编码河', 'river');
INSERT INTO outfall (code, survey_id, survey_name, category, division, water_body, found_on)
VALUES ('CDB01500114GY0042', 'CD-import-1', '导入的排口', 'industrial.enterprise.factory',
        '500114105', 'CDB01', '2023-05-01');
SELECT last_seq FROM code_counter WHERE (water, division, type_letters) = ('CDB01', '500114', 'GY');
SELECT next_code('CDB01', '500114', 'GY');
INSERT INTO outfall (code, survey_id, survey_name, category, division, water_body, found_on)
VALUES ('CDB01500114GY0007', 'CD-import-2', '导入的排口', 'industrial.enterprise.factory',
        '500114105', 'CDB01', '2023-05-01');
SELECT next_code('CDB01', '500114', 'GY');
-- so does a code set by UPDATE
UPDATE outfall SET code = 'CDB01500114GY0100' WHERE survey_id = 'CD-import-2';
SELECT next_code('CDB01', '500114', 'GY');
-- a code is unique: the same code typed another way is refused
INSERT INTO outfall (code, survey_id, survey_name, division, found_on)
VALUES ('cdb01-500114-gy-0042', 'CD-import-3', '重复编码', '500114105', '2023-05-01');

-- assign_code: an outfall without a code gets the next number of its prefix
INSERT INTO outfall (survey_id, survey_name, category, division, water_body, found_on)
VALUES ('CD-1', '石会镇某排口', 'other.rural_domestic', '500114106', 'CDB01', '2023-06-01'),
       ('CD-2', '没有受纳水体', 'other.rural_domestic', '500114106', NULL, '2023-06-01'),
       ('CD-3', '没有类型', NULL, '500114106', 'CDB01', '2023-06-01'),
       ('CD-4', '只知道一级类型', 'industrial', '500114106', 'CDB01', '2023-06-01');
SELECT assign_code(id) FROM outfall WHERE survey_id = 'CD-1';
-- and keeps it: asking again returns the same code
SELECT assign_code(id) FROM outfall WHERE survey_id = 'CD-1';
SELECT survey_id, code FROM outfall WHERE survey_id LIKE 'CD-%' ORDER BY survey_id;
-- refusals: no water body, no category, a category without type letters
SELECT assign_code(id) FROM outfall WHERE survey_id = 'CD-2';
SELECT assign_code(id) FROM outfall WHERE survey_id = 'CD-3';
SELECT assign_code(id) FROM outfall WHERE survey_id = 'CD-4';
SELECT assign_code(-1);
SELECT survey_id, sqlstate_of(format('outfall.assign_code(%s)', id)) AS sqlstate
  FROM outfall WHERE survey_id IN ('CD-2', 'CD-3', 'CD-4') ORDER BY survey_id;
SELECT sqlstate_of('outfall.assign_code(-1)') AS sqlstate;
-- once the water body is known, the code can be assigned
UPDATE outfall SET water_body = 'CDB01' WHERE survey_id = 'CD-2';
SELECT assign_code(id) FROM outfall WHERE survey_id = 'CD-2';

-- standard names: water + county + responsible party or place + category
SELECT standard_name('阿蓬江', '500114105', '重庆某某化工有限公司', 'industrial.enterprise.factory');
-- the county comes from a township, or the city where there is no county
SELECT standard_name('阿蓬江', '500114', '阿蓬江镇老街', 'other.town_domestic') AS county,
       standard_name('东江', '441900003', '某某电子厂', 'industrial.enterprise.factory') AS dongguan;
-- a party name that already starts with the county, a place that already
-- ends with the category: neither is repeated
SELECT standard_name('阿蓬江', '500114105', '黔江区某某公司', 'industrial.enterprise.factory') AS party_with_county,
       standard_name('阿蓬江', '500114001', '城东城镇雨洪排口', 'other.town_storm') AS place_with_category;
-- missing parts are left out; with no part at all there is no name
SELECT standard_name(NULL, '500114105', '某某公司', 'industrial.enterprise.factory') AS no_water,
       standard_name('阿蓬江', NULL, '某某公司', 'industrial.enterprise.factory') AS no_division,
       standard_name('阿蓬江', '500114105', NULL, 'industrial.enterprise.factory') AS no_party;
-- an unknown category is left out like a missing one
SELECT standard_name('阿蓬江', '500114105', '某某公司', NULL) AS no_category,
       standard_name('阿蓬江', '500114105', '某某公司', 'no.such.category') AS unknown_category,
       standard_name(NULL, NULL, NULL, NULL) IS NULL AS nothing_is_null;
-- of a registered outfall: its responsible party, else user, else owner,
-- else its township stands in the third place
INSERT INTO party (name, kind) VALUES ('CD石会镇某养殖场', 'enterprise');
UPDATE outfall SET owner_id = (SELECT id FROM party WHERE name = 'CD石会镇某养殖场') WHERE survey_id = 'CD-2';
SELECT survey_id, standard_name(id) FROM outfall WHERE survey_id IN ('CD-1', 'CD-2') ORDER BY survey_id;
