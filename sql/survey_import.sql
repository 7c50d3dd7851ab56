-- survey_import: loading a survey sheet (排查登记表) that field staff filled
-- in.  The DBA copies the CSV into a staging table shaped like
-- outfall.survey_sheet and calls outfall.import_survey(), which checks every
-- row, infers missing categories from the names, registers the good rows
-- through outfall.register() (each row whole or not at all) and reports
-- every row by its line in the file: loaded, unchanged, refused or not
-- loaded, and why.
SET search_path = outfall, public;
SET datestyle = 'ISO, YMD';
SET timezone = 'Asia/Shanghai';
\set SHOW_CONTEXT never

INSERT INTO water_body (code, name, kind, is_key_river)
VALUES ('SVA01', '唐岩河', 'river', true), ('SVB01', '金溪河', 'river', false);

-- What this file has written so far: its outfalls (survey ids SV-...), its
-- parties (names SV...), and the ledger rows since the start.
SELECT coalesce(max(id), 0) AS ledger_mark FROM ledger \gset
CREATE TEMP VIEW sv_written AS
SELECT (SELECT count(*) FROM outfall WHERE survey_id LIKE 'SV-%') AS outfalls,
       (SELECT count(*) FROM party WHERE name LIKE 'SV%') AS parties,
       (SELECT count(*) FROM ledger WHERE id > :ledger_mark) AS ledger_rows;

------------------------------------------------------------------------------
-- ordinary use: a sheet of good and bad rows
------------------------------------------------------------------------------

-- the staging table takes the template's shape; its identity column numbers
-- the data rows 1, 2, ... as COPY reads them
CREATE TEMP TABLE sheet (LIKE survey_sheet INCLUDING ALL);
-- Line 2-9 are good: a category as id, as type letters and as class name,
-- or none (then inferred from the name, if the name tells); names with
-- traditional characters (東, 處理廠) and full-width forms (（）, ３);
-- dates written in four ways; a code written by hand; the water body as a
-- code or by its name.  Line 10 repeats line 3 as staff wrote it again.
-- Lines 11-25 are bad, one way or several each.
COPY sheet (survey_id, survey_name, category, code, division, lon, lat, water_body, found_on,
            discharge_mode, survey_level, owner_name, owner_uscc, owner_kind, user_name, user_uscc)
FROM STDIN (FORMAT csv, HEADER);
调查编号 survey_id,名称 survey_name,类别 category,编码 code,乡镇 division,经度 lon,纬度 lat,受纳水体 water_body,发现日期 found_on,排放方式,排查级别,所有者,所有者信用代码,所有者类型,使用者,使用者信用代码
SV-001,城南污水处理厂排口,town_plant.plant,,500114002,108.7712,29.5301,SVA01,2023-03-01,连续,2,SV城南污水处理厂,91500114MA5UWX01AM,污水处理厂,,
SV-002,城南雨水排口（東）,YS,,500114002,108.7801,29.5322,SVA01,2023/3/1,间歇,2,,,,,
SV-003,石会镇３号散排口,农村生活污水散排口,,500114106,108.6523,29.4187,SVB01,２０２３－０３－０５,,１,,,,,
SV-004,阿蓬江镇化工厂排口,industrial.enterprise.factory,SVA01-500114-gy-0050,500114105,108.65,29.41,SVA01,2023年3月6日,continuous,3,SV重庆某化工有限公司,91500114MA5UWX02BR,,SV某物流有限公司,
SV-005,黑溪镇污水處理廠排污口,,,500114107,108.80,29.60,唐岩河,2023-03-07,,,,,,,
SV-006,濯水镇河边无名排口,,,500114112,108.76,29.31,SVA01,2023-03-08,,,,,,,
SV-007,石会镇某村养殖场排口,,,500114106,108.66,29.42,SVB01,2023-03-08,,,,,,,
SV-008,城南小区雨水排口,,,500114002,108.7755,29.5288,,2023-03-09,,,,,,,
SV-002,城南雨水排口(东),other.town_storm,,500114002,108.7801,29.5322,svA01,2023-03-01,intermittent,2,,,,,
SV-101,阿蓬江镇纸厂排口,GY,SVA01500114GY005O,500114105,108.64,29.40,SVA01,2023-03-10,,,,,,,
SV-102,阿蓬江镇雨水排口,YS,SVA01500114GY0051,500114105,108.64,29.40,SVA01,2023-03-10,,,,,,,
SV-103,阿蓬江镇砂场排口,GY,SVA01500101GY0052,500114105,108.64,29.40,SVA01,2023-03-10,,,,,,,
SV-104,某镇排口,QT,,500114999,108.64,29.40,SVA01,2023-03-10,,,,,,,
SV-105,黔江区排口,QT,,500114,108.64,29.40,SVA01,2023-03-10,,,,,,,
SV-106,阿蓬江镇造纸厂排口,GY,,500114105,108.64,29.40,SVA01,2023-03-10,,,SV某造纸有限公司,91500114MA5UWX01AN,,,
SV-107,黑溪镇散排口,CS,,500114107,29.53,108.77,SVA01,2023-03-10,,,,,,,
SV-108,黑溪镇排口,QT,,500114107,2.35,48.85,SVA01,2023-03-10,,,,,,,
SV-109,黑溪镇排口,QT,,500114107,108.80,29.60,SVX99,2023-03-10,,,,,,,
SV-110,黑溪镇排口,QT,,500114107,108.80,29.60,SVA01,2023-02-30,,,,,,,
SV-111,濯水镇某公司排口,GY,,500114112,108.75,29.30,SVA01,2023-03-11,,,SV濯水某公司,,,,
SV-111,濯水镇某公司排口,GY,,500114112,108.76,29.30,SVA01,2023-03-12,,,SV濯水某公司,,,,
SV-112,濯水镇雨水口,城市雨水口,,500114112,108.75,29.30,SVA01,2023-03-11,,,,,,,
,无编号排口,QT,,500114112,108.75,29.30,SVA01,2023-03-11,,,,,,,
SV-113,,industrial,,5001a4105,E108°46′,29.5,,2023/13/01,偶尔,4,,91500114MA5UWX03CX,,,
SV-114,濯水镇排口,QT,,500114112,108.75,,SVA01,2999-01-01,,,,,,,
\.
CREATE TEMP TABLE report AS SELECT * FROM import_survey('sheet');
-- the outcome of each row by its line in the file (the header is line 1)
SELECT line, survey_id, outcome, outfall_id IS NOT NULL AS has_id, code, category, category_source, confidence
  FROM report ORDER BY line;
-- and why: every problem of a refused row, a note on a loaded one
SELECT line, outcome, reason FROM report WHERE reason IS NOT NULL ORDER BY line;

-- what was loaded: survey names as staff wrote them, standard names from
-- the category; parties with their kinds; the ledger dates each
-- registration on the day it was found
SELECT o.survey_id, o.code, o.survey_name, o.name, o.division, ST_AsText(o.geom) AS geom, o.water_body,
       o.found_on, o.discharge_mode, o.survey_level
  FROM outfall o WHERE o.survey_id LIKE 'SV-%' ORDER BY o.survey_id;
SELECT o.survey_id, ow.name AS owner, ow.uscc AS owner_uscc, ow.kind AS owner_kind, us.name AS "user",
       (SELECT l.happened_at::date FROM ledger l
         WHERE l.outfall_id = o.id AND l.entity = 'outfall' AND l.op = 'insert') AS ledger_date
  FROM outfall o LEFT JOIN party ow ON ow.id = o.owner_id LEFT JOIN party us ON us.id = o.user_id
 WHERE o.survey_id LIKE 'SV-%' ORDER BY o.survey_id;
-- refused rows left nothing behind: no outfall, no party, no ledger row
SELECT r.line, r.survey_id,
       (SELECT count(*) FROM outfall o WHERE o.survey_id = r.survey_id) AS outfalls,
       (SELECT count(*) FROM party p JOIN sheet s ON p.name = s.owner_name
         WHERE s.line = r.line - 1) AS parties,
       (SELECT count(*) FROM ledger l WHERE l.id > :ledger_mark AND l.new ->> 'survey_id' = r.survey_id) AS ledger_rows
  FROM report r WHERE r.outcome = 'refused' ORDER BY r.line;
SELECT * FROM sv_written;

-- importing the same sheet again changes nothing: the loaded rows are
-- unchanged, the refused ones refused again
SELECT line, survey_id, outcome, outfall_id IS NOT NULL AS has_id, code, category, category_source
  FROM import_survey('sheet') ORDER BY line;
SELECT * FROM sv_written;

------------------------------------------------------------------------------
-- a sheet against the registry, and all or nothing
------------------------------------------------------------------------------

-- a second sheet, without a header: its lines are its rows.  Two new
-- outfalls; a row that says otherwise of an outfall registered above; a
-- code that another outfall has; a bad date; one code for two outfalls
CREATE TEMP TABLE sheet2 (LIKE survey_sheet INCLUDING ALL);
COPY sheet2 (survey_id, survey_name, category, code, division, lon, lat, water_body, found_on, is_legacy)
FROM STDIN (FORMAT csv);
SV-201,正阳街道雨水排口,YS,,500114004,108.79,29.55,SVA01,2023-04-01,否
SV-202,正阳河边生活污水排口,,,500114004,108.79,29.56,SVA01,2023-04-01,是
SV-001,城南污水处理厂排口,town_plant.plant,,500114002,108.7799,29.5301,SVA01,2023-03-01,
SV-203,阿蓬江镇另一化工厂排口,GY,SVA01500114GY0050,500114105,108.65,29.41,SVA01,2023-04-02,
SV-204,正阳街道排口,QT,,500114004,108.79,29.55,SVA01,2023/04/31,也许
SV-205,正阳某厂排口,GY,SVA01500114GY0060,500114004,108.79,29.55,SVA01,2023-04-03,
SV-206,正阳另一厂排口,GY,SVA01-500114-GY-0060,500114004,108.79,29.55,SVA01,2023-04-03,
\.
-- all or nothing: the good rows are not loaded since others are refused
SELECT * FROM import_survey('sheet2', header => false, all_or_nothing => true);
SELECT * FROM sv_written;
-- without the rows that are wrong, it loads; with a lower min_confidence the
-- name of line 2 (生活污水, 0.70) decides its category
DELETE FROM sheet2 WHERE line >= 3;
SELECT line, survey_id, outcome, code, category, category_source, confidence, reason
  FROM import_survey('sheet2', header => false, all_or_nothing => true, min_confidence => 0.6);
SELECT survey_id, code, is_legacy FROM outfall WHERE survey_id IN ('SV-201', 'SV-202') ORDER BY 1;
SELECT * FROM sv_written;

------------------------------------------------------------------------------
-- refusals of the whole sheet
------------------------------------------------------------------------------

-- a sheet without a required column, or with a column the import does not
-- know (its values would be dropped without a word)
CREATE TEMP TABLE thin (line bigint, survey_id text, survey_name text, division text);
SELECT * FROM import_survey('thin');
CREATE TEMP TABLE wide (LIKE survey_sheet INCLUDING ALL, remark text, photo text);
SELECT * FROM import_survey('wide');
-- a view renames the columns of a table of another shape
CREATE TEMP TABLE field_app (n integer, id text, name text, town text, day date);
INSERT INTO field_app VALUES (1, 'SV-301', '濯水镇渡口排口', '500114112', '2023-05-01');
CREATE TEMP VIEW field_sheet AS
SELECT n AS line, id AS survey_id, name AS survey_name, town AS division, day AS found_on FROM field_app;
SELECT line, survey_id, outcome, category, category_source, confidence, reason
  FROM import_survey('field_sheet', header => false);
-- line numbers must be there, once each
INSERT INTO field_app VALUES (1, 'SV-302', '濯水镇排口', '500114112', '2023-05-01');
SELECT * FROM import_survey('field_sheet');
SELECT * FROM import_survey('no_such_sheet');
SELECT * FROM import_survey('sheet', min_confidence => 1.5);
-- the template holds no rows
INSERT INTO survey_sheet (survey_id) VALUES ('SV-999');
SELECT * FROM sv_written;
