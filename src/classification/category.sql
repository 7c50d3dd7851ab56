-- category: the outfall classes of HJ 1312-2023 (table 1) and the two type
-- letters each carries in an outfall code (HJ 1235-2021).  The letters are
-- this project's assignment, documented in doc/outfall.md; the DBA may
-- change them.  Shipped rows are not dumped; rows a DBA adds are.

CREATE TABLE @extschema@.category (
    id           text PRIMARY KEY CHECK (id ~ '^[a-z_]+(\.[a-z_]+)*$'),
    level        smallint NOT NULL CHECK (level BETWEEN 1 AND 3),
    parent       text REFERENCES @extschema@.category,
    name_zh      text NOT NULL,
    name_en      text NOT NULL,
    type_letters text UNIQUE CHECK (type_letters ~ '^[A-Z]{2}$'),
    shipped      boolean NOT NULL DEFAULT false,
    CHECK ((level = 1) = (parent IS NULL))
);
COMMENT ON TABLE @extschema@.category IS
    'outfall categories (排污口分类, HJ 1312-2023): three levels; leaves carry the type letters of the outfall code';
COMMENT ON COLUMN @extschema@.category.type_letters IS
    'the two letters of the outfall code''s type segment; NULL for classes that are split further';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.category', 'WHERE NOT shipped');

INSERT INTO @extschema@.category (id, level, parent, name_zh, name_en, type_letters, shipped) VALUES
 ('industrial', 1, NULL, '工业排污口', 'industrial outfall', NULL, true),
 ('industrial.enterprise', 2, 'industrial', '工矿企业排污口', 'industrial or mining enterprise outfall', NULL, true),
 ('industrial.enterprise.factory', 3, 'industrial.enterprise', '工业企业排污口', 'industrial enterprise outfall', 'GY', true),
 ('industrial.enterprise.mine', 3, 'industrial.enterprise', '矿山排污口', 'mine outfall', 'KS', true),
 ('industrial.enterprise.tailings', 3, 'industrial.enterprise', '尾矿库排污口', 'tailings pond outfall', 'WK', true),
 ('industrial.storm', 2, 'industrial', '工矿企业雨洪排口', 'enterprise stormwater outfall', NULL, true),
 ('industrial.storm.factory', 3, 'industrial.storm', '工业企业雨洪排口', 'industrial enterprise stormwater outfall', 'GH', true),
 ('industrial.storm.mine', 3, 'industrial.storm', '矿山雨洪排口', 'mine stormwater outfall', 'KH', true),
 ('industrial.storm.tailings', 3, 'industrial.storm', '尾矿库雨洪排口', 'tailings pond stormwater outfall', 'WH', true),
 ('industrial.park_plant', 2, 'industrial', '工业及其他各类园区污水处理厂排污口', 'park treatment plant outfall', 'YQ', true),
 ('industrial.park_storm', 2, 'industrial', '工业及其他各类园区污水处理厂雨洪排口', 'park stormwater outfall', 'YH', true),
 ('town_plant', 1, NULL, '城镇污水处理厂排污口', 'town treatment plant outfall', NULL, true),
 ('town_plant.plant', 2, 'town_plant', '城镇污水处理厂排污口', 'town treatment plant outfall', 'WS', true),
 ('agricultural', 1, NULL, '农业排口', 'agricultural outfall', NULL, true),
 ('agricultural.livestock', 2, 'agricultural', '规模化畜禽养殖排污口', 'large livestock farm outfall', 'XQ', true),
 ('agricultural.aquaculture', 2, 'agricultural', '规模化水产养殖排污口', 'large aquaculture outfall', 'SC', true),
 ('other', 1, NULL, '其他排口', 'other outfall', NULL, true),
 ('other.irrigation', 2, 'other', '大中型灌区排口', 'irrigation district outlet', 'GQ', true),
 ('other.port', 2, 'other', '港口码头排口', 'port or wharf outlet', 'GK', true),
 ('other.small_livestock', 2, 'other', '规模以下畜禽养殖排污口', 'small livestock farm outfall', 'XX', true),
 ('other.small_aquaculture', 2, 'other', '规模以下水产养殖排污口', 'small aquaculture outfall', 'SX', true),
 ('other.town_domestic', 2, 'other', '城镇生活污水散排口', 'town domestic scattered outlet', 'CS', true),
 ('other.rural_plant', 2, 'other', '农村污水处理设施排污口', 'rural treatment facility outfall', 'NC', true),
 ('other.rural_domestic', 2, 'other', '农村生活污水散排口', 'rural domestic scattered outlet', 'NS', true),
 ('other.town_storm', 2, 'other', '城镇雨洪排口', 'town stormwater outfall', 'YS', true),
 ('other.misc', 2, 'other', '其他排口', 'other outlet (ditch, creek and the like)', 'QT', true);

-- An outfall's category is a leaf: a class that carries type letters.
CREATE FUNCTION @extschema@.category_by_letters(text) RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT c.id FROM @extschema@.category c WHERE c.type_letters = upper($1);
END;
COMMENT ON FUNCTION @extschema@.category_by_letters(text) IS
    'the category whose outfall codes carry these type letters, NULL if none';
