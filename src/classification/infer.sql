-- infer_category: the most likely category (排污口分类, HJ 1312-2023) of an
-- outfall from the name the survey gave it, with a confidence and the words
-- that decided, for the names of old ledgers and field surveys that carry no
-- category of their own.
--
-- The words are data: outfall.category_keyword holds, for each word, the
-- category it points to and how sure it is; a DBA reads and extends it.
--
-- How a name is read.  HJ 1235-2021 builds a name as receiving water +
-- division + responsible party or place + category name, so the words nearest
-- the end of a name say what the outfall is, and the words before them say
-- whose it is.  The name is first put through normalize_name() (full-width to
-- half-width, traditional to simplified, spaces and punctuation folded), then:
--
--   1. A rule applies when its pattern occurs in the name and, if it lists
--      context words, one of those occurs too (园区 + 污水处理厂: park plant;
--      公司 + 雨水: enterprise stormwater; 矿 + 雨水: mine stormwater).
--   2. Of the rules that apply, the winner is, in this order:
--        a category word before a hint (a hint names a party that has
--          outfalls of many classes, 公司, 村; it decides only when the name
--          carries no category word);
--        the pattern whose last occurrence ends nearest the end of the name;
--        the longer pattern (城镇污水处理厂 before 污水处理厂);
--        a rule whose context word stands before the pattern, before one
--          without context, and of two contexts the one ending nearer the
--          pattern (the party named just before the category word), then
--          the longer one (矿业有限公司 before 公司);
--        the higher confidence.
--   3. The confidence is the highest of the winner's and of the other
--      category words for the same category (灌区 raises 退水).  Category
--      words for other categories that stand wholly before the winner and
--      outside its context word make the name ambiguous (码头 in
--      码头某某公司生活污水排口): the confidence is multiplied by 1 - c/2,
--      c the confidence of the strongest of them.  Here a word counts with
--      the rule it would win with on its own, and not at all when it lies
--      within a longer word that matched (矿 in 矿泉).  Hints neither raise
--      nor lower the confidence.
--   4. With no rule, the guess is no category, confidence 0.
--
-- Patterns name what flows out or who lets it out, never the outlet word
-- every name ends with (排口, 排污口, 排水口): a pattern that reached into it
-- would end nearer the end than the words it should be read with.

CREATE TYPE @extschema@.category_guess AS (
    category   text,
    confidence numeric,
    matched    text
);
COMMENT ON TYPE @extschema@.category_guess IS
    'what infer_category() makes of a name: the category (a leaf of outfall.category), a confidence from 0 to 1, and the words that decided';

-- The context words as one regular expression over the reversed name: its
-- first match there is the context word that ends nearest the end of the
-- name, and of words ending at the same place the longest (a top-level
-- alternation takes the longest match).
CREATE FUNCTION @extschema@.keyword_context_regex(words text[]) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN (SELECT string_agg(regexp_replace(reverse(w), '([.^$*+?()\[\]{}|\\])', '\\\1', 'g'), '|' ORDER BY w COLLATE "C")
          FROM unnest(words) w);
COMMENT ON FUNCTION @extschema@.keyword_context_regex(text[]) IS
    'the context words of a category keyword, reversed, as one regular expression (NULL for none)';

CREATE TABLE @extschema@.category_keyword (
    pattern    text NOT NULL CHECK (pattern <> ''),
    context    text[] NOT NULL DEFAULT '{}' CHECK (array_position(context, '') IS NULL AND array_position(context, NULL) IS NULL),
    category   text NOT NULL REFERENCES @extschema@.category,
    confidence numeric(3,2) NOT NULL CHECK (confidence > 0 AND confidence <= 1),
    hint       boolean NOT NULL DEFAULT false,
    note       text,
    shipped    boolean NOT NULL DEFAULT false,
    pattern_last     text NOT NULL GENERATED ALWAYS AS (right(pattern, 1)) STORED,
    pattern_reversed text NOT NULL GENERATED ALWAYS AS (reverse(pattern)) STORED,
    context_regex    text GENERATED ALWAYS AS (@extschema@.keyword_context_regex(context)) STORED,
    PRIMARY KEY (pattern, context),
    -- a hint is a guess: it never claims as much as a category word
    CONSTRAINT category_keyword_hint_below_half CHECK (NOT hint OR confidence < 0.5)
);
COMMENT ON TABLE @extschema@.category_keyword IS
    'words that point an outfall name to its category (read by infer_category); shipped rows come with the extension, rows a DBA adds are dumped';
COMMENT ON COLUMN @extschema@.category_keyword.pattern IS
    'a word the name contains, as normalize_name() writes it (simplified, half-width); stored normalized';
COMMENT ON COLUMN @extschema@.category_keyword.context IS
    'if not empty, the rule applies only when the name also contains one of these words (公司 for 雨水: enterprise stormwater)';
COMMENT ON COLUMN @extschema@.category_keyword.category IS
    'the category the word points to: a leaf of outfall.category (one with type letters)';
COMMENT ON COLUMN @extschema@.category_keyword.confidence IS
    'how often a name the rule decides is of that category, from 0 to 1: 0.9 and more for the category names of HJ 1312, about 0.5 for words of two categories (养殖场: livestock or fish, scale unknown)';
COMMENT ON COLUMN @extschema@.category_keyword.hint IS
    'the word names a likely party or place (公司, 村) rather than the kind of outfall: it decides only when no other word applies, with a confidence below 0.5';
COMMENT ON COLUMN @extschema@.category_keyword.note IS
    'why the word points there';
COMMENT ON COLUMN @extschema@.category_keyword.pattern_last IS
    'the last character of the pattern: a name tries only the patterns that end in one of its characters';
COMMENT ON COLUMN @extschema@.category_keyword.pattern_reversed IS
    'the pattern reversed, for finding its last occurrence in a name';
COMMENT ON COLUMN @extschema@.category_keyword.context_regex IS
    'the context words reversed, as one regular expression, for finding the one nearest the end of a name';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.category_keyword', 'WHERE NOT shipped');
-- No statistics on pattern_last: their skew (many patterns end in 水) would
-- make the planner hash each name's characters and read the whole table for
-- every name, which is twice as slow; see infer_category.
ALTER TABLE @extschema@.category_keyword ALTER COLUMN pattern_last SET STATISTICS 0;

-- A rule points to a leaf (outfalls carry leaves), and its words are stored
-- as normalize_name() writes names, so that they can match at all.
CREATE FUNCTION @extschema@.category_keyword_check() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT
AS $$
DECLARE
    word text;
BEGIN
    -- an unknown category is left to the foreign key
    IF EXISTS (SELECT FROM @extschema@.category c WHERE c.id = NEW.category AND c.type_letters IS NULL) THEN
        RAISE EXCEPTION 'category "%" of keyword "%" is not a leaf category', NEW.category, NEW.pattern
            USING ERRCODE = 'check_violation',
                  DETAIL = 'Outfalls are classified into the categories that carry type letters (类型代码).',
                  HINT = 'Use one of: SELECT id FROM outfall.category WHERE type_letters IS NOT NULL.';
    END IF;
    IF @extschema@.normalize_name(NEW.pattern) = '' THEN
        RAISE EXCEPTION 'keyword "%" is empty once normalized', NEW.pattern
            USING ERRCODE = 'check_violation',
                  DETAIL = 'Keywords are matched in names as normalize_name() writes them, without spaces, quotes or list marks.';
    END IF;
    FOREACH word IN ARRAY coalesce(NEW.context, '{}') LOOP
        IF @extschema@.normalize_name(word) = '' THEN
            RAISE EXCEPTION 'context word "%" of keyword "%" is empty once normalized', word, NEW.pattern
                USING ERRCODE = 'check_violation',
                      DETAIL = 'Keywords are matched in names as normalize_name() writes them, without spaces, quotes or list marks.';
        END IF;
    END LOOP;
    NEW.pattern := @extschema@.normalize_name(NEW.pattern);
    NEW.context := ARRAY(SELECT DISTINCT @extschema@.normalize_name(w) COLLATE "C" FROM unnest(NEW.context) w ORDER BY 1);
    RETURN NEW;
END;
$$;
COMMENT ON FUNCTION @extschema@.category_keyword_check() IS
    'trigger: a keyword points to a leaf category, and its words are stored normalized';
CREATE TRIGGER category_keyword_check BEFORE INSERT OR UPDATE ON @extschema@.category_keyword
    FOR EACH ROW EXECUTE FUNCTION @extschema@.category_keyword_check();

-- The shipped words.  The context words come in groups, named here once.
INSERT INTO @extschema@.category_keyword (pattern, context, category, confidence, hint, note, shipped)
SELECT v.pattern, coalesce(g.words, '{}'), v.category, v.confidence, v.hint, v.note, true
  FROM (VALUES
    -- 工业排污口: 工矿企业排污口 (HJ 1312 table 1, level 2 and 3)
    ('工矿企业', NULL, 'industrial.enterprise.factory', 0.90, false, 'HJ 1312 level 2 name; a factory unless a mine is named'),
    ('工矿企业', 'mine', 'industrial.enterprise.mine', 0.90, false, 'HJ 1312 level 2 name of a mine'),
    ('工矿企业', 'tailings', 'industrial.enterprise.tailings', 0.90, false, 'HJ 1312 level 2 name of a tailings pond'),
    ('工业企业', NULL, 'industrial.enterprise.factory', 0.95, false, 'HJ 1312 level 3 name'),
    ('工业排', NULL, 'industrial.enterprise.factory', 0.85, false, '工业排污口, 工业排口: HJ 1312 level 1 name'),
    ('生产废水', NULL, 'industrial.enterprise.factory', 0.90, false, 'production wastewater'),
    ('工业废水', NULL, 'industrial.enterprise.factory', 0.90, false, NULL),
    ('生产污水', NULL, 'industrial.enterprise.factory', 0.85, false, NULL),
    ('工艺废水', NULL, 'industrial.enterprise.factory', 0.85, false, NULL),
    ('生产排水', NULL, 'industrial.enterprise.factory', 0.80, false, NULL),
    ('冷却水', NULL, 'industrial.enterprise.factory', 0.75, false, 'cooling water of a plant'),
    ('温排水', NULL, 'industrial.enterprise.factory', 0.85, false, 'warm cooling water of a power plant'),
    ('废水', NULL, 'industrial.enterprise.factory', 0.70, false, '废水 is what enterprises let out; 生活废水 and 养殖废水 are read before it'),
    ('废水', 'enterprise', 'industrial.enterprise.factory', 0.80, false, NULL),
    ('废水', 'mine', 'industrial.enterprise.mine', 0.80, false, NULL),
    ('废水', 'tailings', 'industrial.enterprise.tailings', 0.80, false, NULL),
    ('生产废水', 'enterprise', 'industrial.enterprise.factory', 0.90, false, NULL),
    ('生产废水', 'mine', 'industrial.enterprise.mine', 0.85, false, NULL),
    ('生产污水', 'enterprise', 'industrial.enterprise.factory', 0.85, false, NULL),
    ('生产污水', 'mine', 'industrial.enterprise.mine', 0.85, false, NULL),
    ('厂区', NULL, 'industrial.enterprise.factory', 0.60, false, NULL),
    ('矿山', NULL, 'industrial.enterprise.mine', 0.85, false, 'HJ 1312 level 3 name'),
    ('矿井水', NULL, 'industrial.enterprise.mine', 0.90, false, 'mine water'),
    ('矿坑水', NULL, 'industrial.enterprise.mine', 0.90, false, 'pit water'),
    ('矿井', NULL, 'industrial.enterprise.mine', 0.75, false, NULL),
    ('煤矿', NULL, 'industrial.enterprise.mine', 0.70, false, NULL),
    ('矿区', NULL, 'industrial.enterprise.mine', 0.70, false, NULL),
    ('矿业', NULL, 'industrial.enterprise.mine', 0.65, false, NULL),
    ('采矿', NULL, 'industrial.enterprise.mine', 0.70, false, NULL),
    ('选矿', NULL, 'industrial.enterprise.mine', 0.65, false, 'ore dressing belongs to the mine'),
    ('采石场', NULL, 'industrial.enterprise.mine', 0.65, false, 'quarry'),
    ('矸石', NULL, 'industrial.enterprise.mine', 0.70, false, 'coal gangue heap'),
    ('排土场', NULL, 'industrial.enterprise.mine', 0.70, false, 'waste rock dump'),
    ('矿', NULL, 'industrial.enterprise.mine', 0.60, false, 'a mine (煤矿, 铁矿, 石灰石矿); 矿泉 and 尾矿库 are read before it'),
    ('矿泉', NULL, 'industrial.enterprise.factory', 0.60, false, 'mineral water is bottled, not mined'),
    ('尾矿库', NULL, 'industrial.enterprise.tailings', 0.95, false, 'HJ 1312 level 3 name'),
    ('尾矿库', 'mine', 'industrial.enterprise.tailings', 0.95, false, 'the tailings pond of a mine'),
    ('尾矿', NULL, 'industrial.enterprise.tailings', 0.85, false, NULL),
    ('尾砂库', NULL, 'industrial.enterprise.tailings', 0.90, false, NULL),
    ('尾矿坝', NULL, 'industrial.enterprise.tailings', 0.90, false, NULL),
    -- 工矿企业雨洪排口, 园区雨洪排口, 城镇雨洪排口: rain, read with whose it is
    ('雨水', NULL, 'other.town_storm', 0.80, false, 'stormwater with no party named: 城镇雨洪排口'),
    ('雨洪', NULL, 'other.town_storm', 0.85, false, 'stormwater with no party named: 城镇雨洪排口'),
    ('城镇雨洪', NULL, 'other.town_storm', 0.95, false, 'HJ 1312 level 2 name'),
    ('工矿企业雨洪', NULL, 'industrial.storm.factory', 0.90, false, 'HJ 1312 level 2 name; a factory unless a mine is named'),
    ('工矿企业雨洪', 'mine', 'industrial.storm.mine', 0.90, false, NULL),
    ('工业企业雨洪', NULL, 'industrial.storm.factory', 0.95, false, 'HJ 1312 level 3 name'),
    ('矿山雨洪', NULL, 'industrial.storm.mine', 0.95, false, 'HJ 1312 level 3 name'),
    ('尾矿库雨洪', NULL, 'industrial.storm.tailings', 0.95, false, 'HJ 1312 level 3 name'),
    ('园区污水处理厂雨洪', NULL, 'industrial.park_storm', 0.95, false, 'HJ 1312 level 2 name'),
    ('雨排', NULL, 'other.town_storm', 0.70, false, '雨排口, short for 雨水排口'),
    ('雨排', 'enterprise', 'industrial.storm.factory', 0.80, false, NULL),
    ('雨排', 'mine', 'industrial.storm.mine', 0.80, false, NULL),
    ('雨排', 'park', 'industrial.park_storm', 0.80, false, NULL),
    ('雨水', 'town', 'other.town_storm', 0.90, false, 'rain from streets and residential compounds'),
    ('雨洪', 'town', 'other.town_storm', 0.90, false, 'rain from streets and residential compounds'),
    ('雨水', 'enterprise', 'industrial.storm.factory', 0.85, false, '工业企业雨洪排口'),
    ('雨洪', 'enterprise', 'industrial.storm.factory', 0.85, false, '工业企业雨洪排口'),
    ('雨水', 'mine', 'industrial.storm.mine', 0.85, false, '矿山雨洪排口'),
    ('雨洪', 'mine', 'industrial.storm.mine', 0.85, false, '矿山雨洪排口'),
    ('雨水', 'tailings', 'industrial.storm.tailings', 0.85, false, '尾矿库雨洪排口'),
    ('雨洪', 'tailings', 'industrial.storm.tailings', 0.85, false, '尾矿库雨洪排口'),
    ('排洪', 'tailings', 'industrial.storm.tailings', 0.85, false, 'the flood drain of a tailings pond carries its rain'),
    ('截洪沟', 'tailings', 'industrial.storm.tailings', 0.85, false, 'the intercepting ditch of a tailings pond carries its rain'),
    ('雨水', 'park', 'industrial.park_storm', 0.85, false, '工业及其他各类园区污水处理厂雨洪排口'),
    ('雨洪', 'park', 'industrial.park_storm', 0.85, false, '工业及其他各类园区污水处理厂雨洪排口'),
    ('雨水', 'park_plant', 'industrial.park_storm', 0.90, false, 'the rain outlet of a park treatment plant'),
    ('雨洪', 'park_plant', 'industrial.park_storm', 0.90, false, 'the rain outlet of a park treatment plant'),
    ('雨水', 'port', 'other.port', 0.75, false, 'the rain of a port goes out through a port outlet'),
    ('泵站', NULL, 'other.town_storm', 0.50, false, 'a drainage pumping station lets out the rain of a town (Wuhan)'),
    ('排涝', NULL, 'other.town_storm', 0.60, false, 'drainage of waterlogging'),
    ('排洪', NULL, 'other.town_storm', 0.55, false, 'a flood drain; Qianjiang lists it beside rain outlets'),
    ('泄洪', NULL, 'other.town_storm', 0.55, false, 'a flood channel; Qianjiang lists it beside rain outlets'),
    -- 工业及其他各类园区污水处理厂排污口 and 城镇污水处理厂排污口
    ('污水处理厂', NULL, 'town_plant.plant', 0.85, false, 'a treatment plant with no park named is a town plant'),
    ('污水处理厂', 'park', 'industrial.park_plant', 0.90, false, 'HJ 1312: 工业及其他各类园区污水处理厂'),
    ('污水处理厂', 'zone', 'industrial.park_plant', 0.70, false, 'a development zone may be a park or a town district'),
    ('污水处理厂', 'village', 'other.rural_plant', 0.80, false, '村庄污水处理厂(站) (Qianjiang)'),
    ('污水厂', NULL, 'town_plant.plant', 0.80, false, 'short for 污水处理厂'),
    ('污水厂', 'park', 'industrial.park_plant', 0.90, false, NULL),
    ('城镇污水处理厂', NULL, 'town_plant.plant', 0.95, false, 'HJ 1312 level 1 and 2 name'),
    ('城市污水处理厂', NULL, 'town_plant.plant', 0.95, false, NULL),
    ('水质净化厂', NULL, 'town_plant.plant', 0.90, false, 'what some cities call their treatment plants'),
    ('再生水厂', NULL, 'town_plant.plant', 0.80, false, NULL),
    ('污水处理中心', NULL, 'town_plant.plant', 0.75, false, NULL),
    ('污水处理中心', 'park', 'industrial.park_plant', 0.90, false, NULL),
    ('集中处理', NULL, 'town_plant.plant', 0.85, false, '城镇污水集中处理设施 (Changji, Wuhan)'),
    ('集中处理', 'park', 'industrial.park_plant', 0.90, false, '园区污水集中处理设施 (Liucheng, Jilin)'),
    ('集中处理', 'village', 'other.rural_plant', 0.80, false, NULL),
    ('生活污水集中处理', NULL, 'town_plant.plant', 0.90, false, '城镇生活污水集中处理设施 (Changji): the plant, not the sewage'),
    ('生活污水集中处理', 'village', 'other.rural_plant', 0.85, false, NULL),
    ('污水处理站', NULL, 'town_plant.plant', 0.60, false, 'a station may be a town''s, a village''s or an enterprise''s'),
    ('污水处理站', 'park', 'industrial.park_plant', 0.85, false, NULL),
    ('污水处理站', 'village', 'other.rural_plant', 0.85, false, NULL),
    ('污水处理站', 'enterprise', 'industrial.enterprise.factory', 0.80, false, 'an enterprise''s own treatment station'),
    ('污水处理站', 'water_company', 'town_plant.plant', 0.80, false, 'run by a water company for a town'),
    ('污水处理设施', NULL, 'town_plant.plant', 0.55, false, NULL),
    ('污水处理设施', 'village', 'other.rural_plant', 0.90, false, 'HJ 1312: 农村污水处理设施'),
    ('污水处理设施', 'enterprise', 'industrial.enterprise.factory', 0.80, false, NULL),
    ('污水处理设施', 'park', 'industrial.park_plant', 0.85, false, NULL),
    ('污水处理设备', NULL, 'town_plant.plant', 0.50, false, NULL),
    ('污水处理设备', 'village', 'other.rural_plant', 0.85, false, 'integrated treatment units of villages'),
    ('人工湿地', NULL, 'other.rural_plant', 0.55, false, 'constructed wetlands treat the sewage of villages'),
    -- 农业排口 and the small farms of 其他排口
    ('规模化畜禽', NULL, 'agricultural.livestock', 0.95, false, 'HJ 1312 level 2 name'),
    ('规模以下畜禽', NULL, 'other.small_livestock', 0.95, false, 'HJ 1312 level 2 name'),
    ('规模化水产', NULL, 'agricultural.aquaculture', 0.95, false, 'HJ 1312 level 2 name'),
    ('规模以下水产', NULL, 'other.small_aquaculture', 0.95, false, 'HJ 1312 level 2 name'),
    ('畜禽养殖', NULL, 'agricultural.livestock', 0.60, false, 'livestock, scale unknown'),
    ('畜禽养殖', 'large', 'agricultural.livestock', 0.90, false, NULL),
    ('畜禽养殖', 'small', 'other.small_livestock', 0.85, false, NULL),
    ('水产养殖', NULL, 'agricultural.aquaculture', 0.60, false, 'aquaculture, scale unknown'),
    ('水产养殖', 'large', 'agricultural.aquaculture', 0.90, false, NULL),
    ('水产养殖', 'small', 'other.small_aquaculture', 0.85, false, NULL),
    ('养殖场', NULL, 'agricultural.livestock', 0.50, false, 'livestock or fish, scale unknown'),
    ('养殖场', 'large', 'agricultural.livestock', 0.65, false, 'large, but livestock or fish'),
    ('养殖场', 'small', 'other.small_livestock', 0.60, false, 'small, but livestock or fish'),
    ('养殖场', 'fish', 'agricultural.aquaculture', 0.65, false, 'fish, scale unknown'),
    ('养殖小区', NULL, 'agricultural.livestock', 0.60, false, 'a livestock breeding estate, not a residential compound'),
    ('养殖户', NULL, 'other.small_livestock', 0.50, false, 'a household farm: small, livestock or fish'),
    ('养殖废水', NULL, 'agricultural.livestock', 0.60, false, NULL),
    ('粪污', NULL, 'agricultural.livestock', 0.60, false, 'manure water: livestock, scale unknown'),
    ('散养', NULL, 'other.small_livestock', 0.60, false, 'free-range households: below scale'),
    ('养殖尾水', NULL, 'agricultural.aquaculture', 0.70, false, 'tail water is what fish ponds let out (Changji, Jilin, Liucheng)'),
    ('养殖尾水', 'small', 'other.small_aquaculture', 0.80, false, NULL),
    ('养猪场', NULL, 'agricultural.livestock', 0.65, false, 'scale unknown'),
    ('猪场', NULL, 'agricultural.livestock', 0.65, false, 'scale unknown'),
    ('生猪', NULL, 'agricultural.livestock', 0.60, false, 'scale unknown'),
    ('牛场', NULL, 'agricultural.livestock', 0.65, false, 'scale unknown'),
    ('羊场', NULL, 'agricultural.livestock', 0.65, false, 'scale unknown'),
    ('鸡场', NULL, 'agricultural.livestock', 0.65, false, 'scale unknown'),
    ('鸭场', NULL, 'agricultural.livestock', 0.60, false, 'scale unknown'),
    ('牧场', NULL, 'agricultural.livestock', 0.60, false, 'scale unknown'),
    ('畜牧', NULL, 'agricultural.livestock', 0.60, false, 'scale unknown'),
    ('渔场', NULL, 'agricultural.aquaculture', 0.60, false, 'scale unknown'),
    ('水产', NULL, 'agricultural.aquaculture', 0.60, false, 'scale unknown'),
    ('养鱼', NULL, 'agricultural.aquaculture', 0.60, false, 'scale unknown'),
    ('网箱', NULL, 'agricultural.aquaculture', 0.60, false, 'cage culture'),
    ('鱼塘', NULL, 'other.small_aquaculture', 0.55, false, 'fish ponds are mostly below scale'),
    ('鱼池', NULL, 'other.small_aquaculture', 0.55, false, 'fish ponds are mostly below scale'),
    ('虾塘', NULL, 'other.small_aquaculture', 0.55, false, NULL),
    -- 大中型灌区排口
    ('灌区', NULL, 'other.irrigation', 0.90, false, 'HJ 1312 level 2 name'),
    ('退水', NULL, 'other.irrigation', 0.60, false, '农田退水口: return water of fields, district size unknown'),
    ('灌溉', NULL, 'other.irrigation', 0.55, false, NULL),
    ('排灌', NULL, 'other.irrigation', 0.55, false, NULL),
    -- 港口码头排口
    ('码头', NULL, 'other.port', 0.90, false, 'HJ 1312 level 2 name'),
    ('港口', NULL, 'other.port', 0.90, false, 'HJ 1312 level 2 name'),
    ('港区', NULL, 'other.port', 0.85, false, NULL),
    ('趸船', NULL, 'other.port', 0.80, false, 'pontoon landing stage'),
    ('渡口', NULL, 'other.port', 0.70, false, 'ferry landing'),
    -- 城镇生活污水散排口, 农村生活污水散排口
    ('城镇生活污水', NULL, 'other.town_domestic', 0.90, false, 'HJ 1312 level 2 name'),
    ('农村生活污水', NULL, 'other.rural_domestic', 0.95, false, 'HJ 1312 level 2 name'),
    ('生活污水', NULL, 'other.town_domestic', 0.70, false, 'domestic sewage with no village named'),
    ('生活污水', 'town', 'other.town_domestic', 0.85, false, NULL),
    ('生活污水', 'village', 'other.rural_domestic', 0.85, false, NULL),
    ('生活污水', 'enterprise', 'industrial.enterprise.factory', 0.75, false, 'an enterprise lets out its domestic sewage through its own outfall'),
    ('生活污水', 'mine', 'industrial.enterprise.mine', 0.75, false, 'a mine lets out its domestic sewage through its own outfall'),
    ('生活污水', 'port', 'other.port', 0.70, false, NULL),
    ('生活废水', NULL, 'other.town_domestic', 0.70, false, NULL),
    ('生活废水', 'village', 'other.rural_domestic', 0.85, false, NULL),
    ('生活废水', 'enterprise', 'industrial.enterprise.factory', 0.75, false, NULL),
    ('生活排', NULL, 'other.town_domestic', 0.65, false, '生活排口, short for 生活污水排口'),
    ('生活排', 'village', 'other.rural_domestic', 0.80, false, NULL),
    ('散排', NULL, 'other.town_domestic', 0.65, false, '散排口: scattered outlet'),
    ('散排', 'village', 'other.rural_domestic', 0.80, false, NULL),
    ('散排', 'farm', 'other.small_livestock', 0.60, false, 'scattered farm outlets are below scale'),
    ('散排', 'fish', 'other.small_aquaculture', 0.80, false, '中小型水产养殖散排口 (Liucheng, Jilin, Changji)'),
    ('小区', NULL, 'other.town_domestic', 0.70, false, 'a residential compound'),
    ('居民区', NULL, 'other.town_domestic', 0.70, false, NULL),
    ('住宅', NULL, 'other.town_domestic', 0.65, false, NULL),
    ('化粪池', NULL, 'other.town_domestic', 0.60, false, NULL),
    ('化粪池', 'village', 'other.rural_domestic', 0.75, false, NULL),
    ('合流', NULL, 'other.town_domestic', 0.55, false, 'combined sewer: sewage with the rain'),
    ('溢流', NULL, 'other.town_domestic', 0.50, false, 'combined sewer overflow'),
    -- 其他排口: ditches, creeks and the rest
    ('其他排', NULL, 'other.misc', 0.90, false, 'HJ 1312 level 2 name: 其他排口'),
    ('其它排', NULL, 'other.misc', 0.90, false, 'HJ 1312 level 2 name, as often written'),
    ('沟渠', NULL, 'other.misc', 0.75, false, 'ditches and canals (Qianjiang, Jilin)'),
    ('排水沟', NULL, 'other.misc', 0.70, false, NULL),
    ('溪流', NULL, 'other.misc', 0.65, false, 'creeks (Wuhan)'),
    ('河港', NULL, 'other.misc', 0.60, false, 'creek mouths (Wuhan)'),
    ('涵洞', NULL, 'other.misc', 0.55, false, NULL),
    ('涵洞', 'rain', 'other.town_storm', 0.80, false, NULL),
    ('箱涵', NULL, 'other.misc', 0.55, false, NULL),
    ('箱涵', 'rain', 'other.town_storm', 0.80, false, NULL),
    ('暗渠', NULL, 'other.misc', 0.55, false, NULL),
    ('暗管', NULL, 'other.misc', 0.50, false, NULL),
    -- hints: a party or a place, no kind of outfall
    ('公司', NULL, 'industrial.enterprise.factory', 0.40, true, 'a company; it may as well farm, run a port or a plant'),
    ('集团', NULL, 'industrial.enterprise.factory', 0.40, true, NULL),
    ('企业', NULL, 'industrial.enterprise.factory', 0.45, true, NULL),
    ('工厂', NULL, 'industrial.enterprise.factory', 0.45, true, NULL),
    ('厂', NULL, 'industrial.enterprise.factory', 0.40, true, NULL),
    ('车间', NULL, 'industrial.enterprise.factory', 0.45, true, NULL),
    ('化工', NULL, 'industrial.enterprise.factory', 0.45, true, NULL),
    ('制药', NULL, 'industrial.enterprise.factory', 0.45, true, NULL),
    ('电镀', NULL, 'industrial.enterprise.factory', 0.45, true, NULL),
    ('印染', NULL, 'industrial.enterprise.factory', 0.45, true, NULL),
    ('造纸', NULL, 'industrial.enterprise.factory', 0.45, true, NULL),
    ('纸业', NULL, 'industrial.enterprise.factory', 0.45, true, NULL),
    ('水泥', NULL, 'industrial.enterprise.factory', 0.45, true, NULL),
    ('钢铁', NULL, 'industrial.enterprise.factory', 0.45, true, NULL),
    ('冶炼', NULL, 'industrial.enterprise.factory', 0.45, true, NULL),
    ('电厂', NULL, 'industrial.enterprise.factory', 0.45, true, NULL),
    ('糖业', NULL, 'industrial.enterprise.factory', 0.45, true, NULL),
    ('酒业', NULL, 'industrial.enterprise.factory', 0.45, true, NULL),
    ('食品', NULL, 'industrial.enterprise.factory', 0.45, true, NULL),
    ('屠宰', NULL, 'industrial.enterprise.factory', 0.45, true, NULL),
    ('制革', NULL, 'industrial.enterprise.factory', 0.45, true, NULL),
    ('纺织', NULL, 'industrial.enterprise.factory', 0.45, true, NULL),
    ('商砼', NULL, 'industrial.enterprise.factory', 0.45, true, 'ready-mixed concrete plants (Changji)'),
    ('混凝土', NULL, 'industrial.enterprise.factory', 0.45, true, NULL),
    ('园区', NULL, 'industrial.park_plant', 0.40, true, 'a park''s outlet is mostly its plant''s'),
    ('工业园', NULL, 'industrial.park_plant', 0.40, true, NULL),
    ('村', NULL, 'other.rural_domestic', 0.35, true, 'a village'),
    ('农户', NULL, 'other.rural_domestic', 0.40, true, NULL),
    ('社区', NULL, 'other.town_domestic', 0.30, true, 'an urban community'),
    ('居委会', NULL, 'other.town_domestic', 0.35, true, NULL),
    ('学校', NULL, 'other.town_domestic', 0.40, true, 'schools let out domestic sewage'),
    ('宾馆', NULL, 'other.town_domestic', 0.40, true, NULL),
    ('酒店', NULL, 'other.town_domestic', 0.40, true, NULL),
    ('餐饮', NULL, 'other.town_domestic', 0.40, true, NULL),
    ('养殖', NULL, 'agricultural.livestock', 0.40, true, 'livestock or fish, scale unknown'),
    ('农田', NULL, 'other.irrigation', 0.40, true, NULL),
    ('干渠', NULL, 'other.irrigation', 0.40, true, 'a main canal; often the receiving water itself'),
    ('支渠', NULL, 'other.irrigation', 0.40, true, 'a branch canal; often the receiving water itself')
  ) v(pattern, grp, category, confidence, hint, note)
  LEFT JOIN (VALUES
    ('enterprise', '{公司,厂,企业,集团,工厂,厂区,车间,矿泉}'::text[]),
    ('mine', '{矿,矿山,矿业,煤矿,矿区,矿井,采矿,选矿,矿业公司,矿业有限公司,矿业有限责任公司,煤业,煤业公司,采石场}'),
    ('tailings', '{尾矿库,尾矿,尾砂库,尾矿坝}'),
    ('park', '{园区,工业园,产业园,工业区,工业集中区,集聚区,园区管委会}'),
    ('park_plant', '{园区污水处理厂,园区污水厂,园区污水处理中心}'),
    ('zone', '{开发区,高新区,经开区,新区}'),
    ('village', '{村,农村,村民,村委会,自然村,农户,组,村民小组}'),
    ('town', '{小区,社区,街道,居民,城区,县城,镇区,集镇,市政,道路,居委会,花园,家园}'),
    ('port', '{码头,港口,港区}'),
    ('water_company', '{水务公司,水务有限公司,水务集团,水务有限责任公司}'),
    ('large', '{规模化,规模养殖}'),
    ('small', '{规模以下,散养,养殖户,小型,农户}'),
    ('fish', '{鱼,虾,蟹,水产,渔,水产养殖}'),
    ('farm', '{养殖,养殖场,养殖户}'),
    ('rain', '{雨水,雨洪}')
  ) g(name, words) ON g.name = v.grp;

-- How infer_category finds the words of a name.  A name tries only the
-- keywords whose pattern ends in one of its own characters: the keyword
-- table is hashed on pattern_last once per query, and each character of each
-- name is looked up in it (on the names of the benchmark, about 60 of the
-- 221 shipped keywords are tried, and some 5 found).
-- Two declarations keep the planner on that plan whatever the statistics and
-- however many keywords a DBA adds (measured with 221 to 30,000 keywords):
--   * name_characters is string_to_table(name, NULL) with a row estimate of
--     100,000, so that the keyword table, not the characters of each name,
--     is what gets hashed (the other way round reads the whole table for
--     every name: twice as slow);
--   * === is text equality that a hash join may use and a merge join may
--     not: with a few thousand keywords the planner would otherwise sort
--     the table for every name (10 to 100 times slower).
CREATE FUNCTION @extschema@.name_characters(name text, delimiter text DEFAULT NULL) RETURNS SETOF text
    LANGUAGE internal IMMUTABLE PARALLEL SAFE ROWS 100000
AS 'text_to_table';
COMMENT ON FUNCTION @extschema@.name_characters(text, text) IS
    'string_to_table(name, NULL): the characters of a name, one row each, with the row estimate infer_category() needs';

CREATE FUNCTION @extschema@.same_character(text, text) RETURNS boolean
    LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF
AS 'texteq';
COMMENT ON FUNCTION @extschema@.same_character(text, text) IS
    'text equality (texteq), behind the operator ===';
CREATE OPERATOR @extschema@.=== (
    FUNCTION = @extschema@.same_character, LEFTARG = text, RIGHTARG = text,
    COMMUTATOR = OPERATOR(@extschema@.===), RESTRICT = eqsel, JOIN = eqjoinsel, HASHES);
COMMENT ON OPERATOR @extschema@.=== (text, text) IS
    'text equality for hash joins only (no btree family, so no merge join): how infer_category() looks up the characters of a name';
CREATE OPERATOR CLASS @extschema@.same_character_ops FOR TYPE text USING hash AS
    OPERATOR 1 @extschema@.=== (text, text),
    FUNCTION 1 pg_catalog.hashtext(text);
COMMENT ON OPERATOR CLASS @extschema@.same_character_ops USING hash IS
    'hashing for the operator ===';

-- infer_category is one SQL statement returning SETOF, so that the planner
-- inlines it where it is called in FROM (LATERAL) and runs it as part of the
-- calling query: the keyword table is read and hashed once per query, not
-- once per name.  Called in the select list it is not inlined and is about
-- four times slower.  It always returns one row.  Not STRICT, because a
-- strict function is not inlined: a NULL name gets no category and
-- confidence 0.  The rows of the window w are the words found, best first
-- (the order of step 2 above).
CREATE FUNCTION @extschema@.infer_category(name text) RETURNS SETOF @extschema@.category_guess
    LANGUAGE sql STABLE PARALLEL SAFE ROWS 1
BEGIN ATOMIC
    -- (the words shown beside the winner: the strongest supporting word that
    -- raised the confidence, the strongest rival; max() over confidence ||
    -- word picks them without a sort)
    SELECT max(y.category) FILTER (WHERE y.rank = 1),
           coalesce(round(max(y.confidence) FILTER (WHERE y.rank = 1 OR y.support)
                          * (1 - coalesce(max(y.confidence) FILTER (WHERE y.rival), 0) / 2), 2), 0),
           max(coalesce(y.ctx || '+', '') || y.pattern) FILTER (WHERE y.rank = 1)
             || coalesce('; ' || substr(max(to_char(y.confidence, 'FM0.00') || y.pattern COLLATE "C")
                                          FILTER (WHERE y.support AND NOT y.in_ctx
                                                        AND y.confidence > y.best_confidence), 5), '')
             || coalesce(' vs ' || substr(max(to_char(y.confidence, 'FM0.00') || y.pattern COLLATE "C")
                                            FILTER (WHERE y.rival), 5), '')
      -- r: the name reversed.  strpos(r, a reversed word) - 1 is how many
      -- characters follow the word's last occurrence: its gap.
      FROM (SELECT reverse(@extschema@.normalize_name(infer_category.name)) AS r OFFSET 0) n
      LEFT JOIN LATERAL (
          SELECT x.*,
                 -- another category word for the winner's category
                 x.word_rule AND NOT x.covered AND NOT x.hint AND x.category = x.best_category AS support,
                 -- a category word for another category, wholly before the
                 -- winner and outside its context word
                 x.word_rule AND NOT x.covered AND NOT x.hint AND x.category <> x.best_category
                   AND x.gap >= x.best_end AND NOT x.in_ctx AS rival
            FROM (SELECT h.*,
                         coalesce(h.gap < first_value(h.ctx_gap + length(h.ctx)) OVER w
                                  AND first_value(h.ctx_gap) OVER w < h.gap + length(h.pattern), false) AS in_ctx,
                         row_number() OVER w AS rank,
                         -- the rules of one word are next to each other in w
                         -- (two words cannot end at the same place with the
                         -- same length): the first is the rule the word would
                         -- win with on its own
                         (lag(h.gap) OVER w, lag(length(h.pattern)) OVER w)
                           IS DISTINCT FROM (h.gap, length(h.pattern)) AS word_rule,
                         -- the word lies within a longer one that matched (矿
                         -- in 矿泉): one before it in w ends as near or nearer
                         coalesce(max(h.gap + length(h.pattern)) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
                                  >= h.gap + length(h.pattern), false) AS covered,
                         first_value(h.category) OVER w AS best_category,
                         first_value(h.confidence) OVER w AS best_confidence,
                         first_value(h.gap + length(h.pattern)) OVER w AS best_end
                    FROM (SELECT k.pattern, k.category, k.confidence, k.hint, k.gap,
                                 reverse(k.ctx_r) AS ctx,
                                 k.gap + length(k.pattern) + strpos(k.before, k.ctx_r) - 1 AS ctx_gap
                            -- the keywords that end in a character of the name
                            -- and occur in it; before: what stands before the
                            -- keyword's last occurrence, ctx_r: the context
                            -- word found there, nearest first (reversed)
                            FROM (SELECT k.*, substring(k.before FROM k.context_regex) AS ctx_r
                                    FROM (SELECT k.*, strpos(n.r, k.pattern_reversed) - 1 AS gap,
                                                 substr(n.r, strpos(n.r, k.pattern_reversed) + length(k.pattern)) AS before
                                            FROM (SELECT k.pattern, k.category, k.confidence, k.hint,
                                                         k.pattern_reversed, k.context_regex
                                                    FROM @extschema@.name_characters(n.r) c
                                                    JOIN @extschema@.category_keyword k ON k.pattern_last OPERATOR(@extschema@.===) c
                                                  OFFSET 0) k
                                           WHERE strpos(n.r, k.pattern_reversed) > 0) k
                                  -- (OFFSET 0 keeps the tests out of the hashed scan)
                                  OFFSET 0) k
                           WHERE k.context_regex IS NULL OR k.ctx_r IS NOT NULL) h
                  WINDOW w AS (ORDER BY h.hint, h.gap, length(h.pattern) DESC, h.ctx_gap NULLS LAST,
                                        length(h.ctx) DESC NULLS LAST, h.confidence DESC,
                                        h.category COLLATE "C", h.pattern COLLATE "C")) x
      ) y ON true;
END;
COMMENT ON FUNCTION @extschema@.infer_category(text) IS
    'the most likely category of an outfall from its name (HJ 1312-2023): one row of category, confidence (below 0.5: only a hint; 0: nothing to go by) and the words that decided, by the rules of outfall.category_keyword; call it in FROM (LATERAL) for sets';
