-- What the rules need to know of each category (0.3): which outfalls are set
-- by approval, which carry stormwater, which must never be merged or sealed,
-- which are an enterprise's own production outfalls, which are domestic
-- scattered outlets or agricultural, which are town treatment plants; and the
-- monitoring indicators each must have.  Data the DBA may change, like the
-- type letters.

ALTER TABLE @extschema@.category
    ADD COLUMN requires_approval boolean NOT NULL DEFAULT false,
    ADD COLUMN is_stormwater boolean NOT NULL DEFAULT false,
    ADD COLUMN keep_open boolean NOT NULL DEFAULT false,
    ADD COLUMN is_enterprise_outfall boolean NOT NULL DEFAULT false,
    ADD COLUMN is_domestic_scattered boolean NOT NULL DEFAULT false,
    ADD COLUMN is_agricultural boolean NOT NULL DEFAULT false,
    ADD COLUMN is_town_plant boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT category_keep_open_is_stormwater CHECK (NOT keep_open OR is_stormwater);
COMMENT ON COLUMN @extschema@.category.requires_approval IS
    'setting the outfall needs approval (审核制): enterprise, park and town or village treatment plant outfalls (黔江 二(三)2)';
COMMENT ON COLUMN @extschema@.category.is_stormwater IS 'a stormwater outfall (雨洪排口)';
COMMENT ON COLUMN @extschema@.category.keep_open IS
    'never merged or sealed, for flood safety: town stormwater outfalls (严禁合并、封堵城镇雨洪排口, 黔江 二(二)5)';
COMMENT ON COLUMN @extschema@.category.is_enterprise_outfall IS
    'an enterprise''s own production outfall (工矿企业排污口): one per enterprise outside a park (昌吉 三(二)2)';
COMMENT ON COLUMN @extschema@.category.is_domestic_scattered IS 'a domestic scattered outlet (生活污水散排口), town or rural';
COMMENT ON COLUMN @extschema@.category.is_agricultural IS 'an agricultural outfall (农业排口) or a small farm''s';
COMMENT ON COLUMN @extschema@.category.is_town_plant IS
    'a town treatment plant outfall: exempt from the control of new outfalls on waters that miss their target (昌吉 三(三)2)';

-- Set by approval (审核制): the outfalls of industrial and mining
-- enterprises, of park treatment plants and of town and village treatment
-- plants (黔江 二(三)2, 柳城 四(一), 昌吉 三(三)2); not stormwater outfalls,
-- agricultural or other outlets.
UPDATE @extschema@.category SET requires_approval = true
 WHERE id IN ('industrial.enterprise', 'industrial.park_plant', 'other.rural_plant')
    OR id LIKE 'industrial.enterprise.%' OR id = 'town_plant' OR id LIKE 'town_plant.%';
UPDATE @extschema@.category SET is_stormwater = true
 WHERE id IN ('industrial.storm', 'industrial.park_storm', 'other.town_storm') OR id LIKE 'industrial.storm.%';
UPDATE @extschema@.category SET keep_open = true WHERE id = 'other.town_storm';
UPDATE @extschema@.category SET is_enterprise_outfall = true
 WHERE id = 'industrial.enterprise' OR id LIKE 'industrial.enterprise.%';
UPDATE @extschema@.category SET is_domestic_scattered = true
 WHERE id IN ('other.town_domestic', 'other.rural_domestic');
UPDATE @extschema@.category SET is_agricultural = true
 WHERE id = 'agricultural' OR id LIKE 'agricultural.%' OR id IN ('other.small_livestock', 'other.small_aquaculture');
UPDATE @extschema@.category SET is_town_plant = true WHERE id = 'town_plant' OR id LIKE 'town_plant.%';

-- The category an outfall code names, through its type letters.
CREATE FUNCTION @extschema@.category_of(@extschema@.outfall_code) RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT c.id FROM @extschema@.category c WHERE c.type_letters = @extschema@.type_code($1);
END;
COMMENT ON FUNCTION @extschema@.category_of(@extschema@.outfall_code) IS
    'the category whose type letters the outfall code carries, NULL if the letters are not in the catalog';

-- Monitoring indicators (监测指标).  The seven every plan asks for are
-- columns of outfall.sample; further ones are rows of
-- outfall.sample_indicator, named as there.
CREATE TABLE @extschema@.indicator (
    key           text PRIMARY KEY CHECK (btrim(key) <> ''),
    name_zh       text NOT NULL,
    name_en       text NOT NULL,
    sample_column text UNIQUE CHECK (sample_column IN ('flow_m3d', 'temperature_c', 'ph', 'cod_mgl',
                                                         'nh3n_mgl', 'tp_mgl', 'tn_mgl')),
    position      smallint NOT NULL DEFAULT 100,
    shipped       boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE @extschema@.indicator IS
    'monitoring indicators (监测指标): the columns of outfall.sample, and further ones named as in outfall.sample_indicator';
COMMENT ON COLUMN @extschema@.indicator.key IS
    'the indicator; for one without a sample column, its name in outfall.sample_indicator';
COMMENT ON COLUMN @extschema@.indicator.sample_column IS 'the column of outfall.sample that holds it, if any';
COMMENT ON COLUMN @extschema@.indicator.position IS 'where messages and reports list it';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.indicator', 'WHERE NOT shipped');
INSERT INTO @extschema@.indicator (key, name_zh, name_en, sample_column, position, shipped) VALUES
    ('flow', '水量', 'flow', 'flow_m3d', 1, true),
    ('temperature', '水温', 'water temperature', 'temperature_c', 2, true),
    ('ph', 'pH值', 'pH', 'ph', 3, true),
    ('cod', '化学需氧量', 'COD', 'cod_mgl', 4, true),
    ('nh3n', '氨氮', 'ammonia nitrogen', 'nh3n_mgl', 5, true),
    ('tp', '总磷', 'total phosphorus', 'tp_mgl', 6, true),
    ('tn', '总氮', 'total nitrogen', 'tn_mgl', 7, true),
    ('粪大肠菌群', '粪大肠菌群', 'fecal coliforms', NULL, 8, true),
    ('石油类', '石油类', 'petroleum', NULL, 9, true);

CREATE TABLE @extschema@.category_indicator (
    category  text NOT NULL REFERENCES @extschema@.category ON UPDATE CASCADE ON DELETE CASCADE,
    indicator text NOT NULL REFERENCES @extschema@.indicator ON UPDATE CASCADE,
    shipped   boolean NOT NULL DEFAULT false,
    PRIMARY KEY (category, indicator)
);
COMMENT ON TABLE @extschema@.category_indicator IS
    'the indicators the monitoring of an outfall of each category must include';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.category_indicator', 'WHERE NOT shipped');
-- 昌吉 三(一)3: flow, temperature, pH, COD, NH3-N, TP and TN at least, for
-- every category; more by source type: fecal coliforms at town plants
-- (GB 18918) and large livestock farms (GB 18596), petroleum at ports.
INSERT INTO @extschema@.category_indicator (category, indicator, shipped)
SELECT c.id, i.key, true
  FROM @extschema@.category c
 CROSS JOIN @extschema@.indicator i
 WHERE c.type_letters IS NOT NULL
   AND (i.sample_column IS NOT NULL
        OR (i.key = '粪大肠菌群' AND c.id IN ('town_plant.plant', 'agricultural.livestock'))
        OR (i.key = '石油类' AND c.id = 'other.port'));
