-- category_catalog: the outfall classes of HJ 1312-2023 as a table — three
-- levels with Chinese and English names, the two type letters an outfall
-- code carries (this project's assignment; the DBA may change them), and the
-- attributes the rules read.
SET search_path = outfall, public;
\set SHOW_CONTEXT never

-- the three levels
SELECT repeat('  ', level - 1) || name_zh AS class, name_en, type_letters
  FROM category
 ORDER BY id COLLATE "C";

-- what the rules know of each class that outfalls are filed under
SELECT type_letters, id, requires_approval AS approval, is_stormwater AS storm, keep_open,
       is_enterprise_outfall AS enterprise, is_domestic_scattered AS domestic,
       is_agricultural AS agri, is_town_plant AS town_plant
  FROM category WHERE type_letters IS NOT NULL ORDER BY type_letters;

-- an outfall code names its category through the type letters
SELECT code, category_of(code::outfall_code) AS category
  FROM (VALUES ('AP0100500114GY0001'), ('TTH01652301YS0002'), ('LJ01450222WS0001'),
               ('AP0100500114ZZ0001')) v(code);
SELECT category_of(NULL::outfall_code) IS NULL AS null_in_null_out;

-- the DBA aligns a class with the published letters, or adds one
UPDATE category SET type_letters = 'GQ' WHERE id = 'other.port';
SELECT :'SQLSTATE' AS sqlstate;
UPDATE category SET type_letters = 'g1' WHERE id = 'other.port';
SELECT :'SQLSTATE' AS sqlstate;
INSERT INTO category (id, level, parent, name_zh, name_en, type_letters)
VALUES ('other.misc.pump', 3, 'other.misc', '泵站排口', 'pumping station outlet', 'BZ');
SELECT category_of('AP0100500114BZ0001'), category_by_letters('bz');
-- a class that never merges or seals must be a stormwater class
UPDATE category SET keep_open = true WHERE id = 'other.misc.pump';
SELECT :'SQLSTATE' AS sqlstate;
-- classes the DBA adds are dumped with the registry; shipped ones are not
SELECT id, shipped FROM category WHERE NOT shipped;
DELETE FROM category WHERE id = 'other.misc.pump';

-- the indicators monitoring must include, by category
SELECT key, name_zh, name_en, sample_column FROM indicator ORDER BY position;
SELECT c.type_letters, count(*) AS indicators,
       string_agg(ci.indicator, ', ' ORDER BY i.position) FILTER (WHERE i.sample_column IS NULL) AS beyond_the_seven
  FROM category c JOIN category_indicator ci ON ci.category = c.id JOIN indicator i ON i.key = ci.indicator
 GROUP BY c.type_letters ORDER BY c.type_letters;
