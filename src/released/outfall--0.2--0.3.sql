-- outfall: upgrade script from one version to the next.  Built from the SQL
-- files under src/ that the newer version adds; see the Makefile.

\echo Use "ALTER EXTENSION outfall UPDATE" to load this file. \quit

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
-- What supervision records beyond the survey (0.3): how an outfall came to
-- be set (existing, or new, changed or enlarged under the approval regime),
-- and the industrial park an enterprise is in.  The checks read both.

ALTER TABLE @extschema@.outfall
    ADD COLUMN setting text NOT NULL DEFAULT 'existing'
        CONSTRAINT outfall_setting_kind CHECK (setting IN ('existing', 'new', 'changed', 'enlarged'));
COMMENT ON COLUMN @extschema@.outfall.setting IS
    'existing (存量), or new (新设), changed (改设) or enlarged (扩大) since the approval regime began';

ALTER TABLE @extschema@.party
    ADD COLUMN park_id bigint REFERENCES @extschema@.party,
    ADD CONSTRAINT party_park_not_self CHECK (park_id <> id);
CREATE INDEX party_park_idx ON @extschema@.party (park_id);
COMMENT ON COLUMN @extschema@.party.park_id IS
    'the industrial park (a party of kind park) the enterprise is in; NULL outside any park';
-- names: outfall names (排污口名称) as staff type them.  normalize_name folds
-- the variants of one name (full-width forms, traditional characters,
-- spaces, bracket and dash variants, quotes) to one form; pinyin and
-- pinyin_initials read it in Latin letters; zh_pinyin sorts Chinese text in
-- pinyin order.  The folding rules are in names.c and doc/names.md.
--
-- The functions are IMMUTABLE for a given ICU version, as ICU collations
-- are: their results follow ICU's Unicode data and transforms, so an index
-- on them needs a REINDEX after ICU is upgraded.

CREATE FUNCTION @extschema@.normalize_name(text) RETURNS text
    AS 'MODULE_PATHNAME', 'outfall_normalize_name'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.normalize_name(text) IS
    'an outfall name folded for comparison: NFKC, traditional to simplified, no whitespace, one form of brackets and dashes, no quotes or list marks, Latin letters uppercased (depends on the ICU version: REINDEX after an ICU upgrade)';

CREATE FUNCTION @extschema@.pinyin(text) RETURNS text
    AS 'MODULE_PATHNAME', 'outfall_pinyin'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.pinyin(text) IS
    'the pinyin (拼音) of a name after normalize_name: ICU Han-Latin without tones, ü as v, lowercase, Latin letters and digits kept, nothing else (depends on the ICU version: REINDEX after an ICU upgrade)';

CREATE FUNCTION @extschema@.pinyin_initials(text) RETURNS text
    AS 'MODULE_PATHNAME', 'outfall_pinyin_initials'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.pinyin_initials(text) IS
    'the first letter of each pinyin syllable (拼音首字母) of a name, its Latin words and digits kept, lowercase (depends on the ICU version: REINDEX after an ICU upgrade)';

-- ICU's Chinese collation, pinyin variant: characters sort by their
-- pinyin reading (a few words known: 重庆), then tone, then stroke count.
CREATE COLLATION @extschema@.zh_pinyin (provider = icu, locale = 'zh-u-co-pinyin');
COMMENT ON COLLATION @extschema@.zh_pinyin IS
    'Chinese in pinyin order (ICU zh-u-co-pinyin), for reports: ORDER BY name COLLATE outfall.zh_pinyin';
-- search: finding outfalls by name as field staff type it: a few Chinese
-- characters from anywhere in the name (三板湖 in 阿蓬江黔江区三板湖污水处理厂
-- 排污口), its pinyin (sanbanhu) or its initials (sbh), traditional or
-- full-width alike.  A trigram index (pg_trgm) over the search key of the
-- survey name and the standard name finds the rows; find_outfalls ranks
-- them.

-- The key of a name: its normalized form with Latin letters in lowercase, its
-- pinyin and its initials, separated by spaces.  Written in C so that one
-- normalization and one transliteration make all three.
CREATE FUNCTION @extschema@.search_key(name text) RETURNS text
    AS 'MODULE_PATHNAME', 'outfall_search_key'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.search_key(text) IS
    'the search key of a name: normalize_name in lowercase, pinyin and pinyin_initials, space-separated (depends on the ICU version: REINDEX after an ICU upgrade)';

-- The key of an outfall: its survey name's, then its standard name's when it
-- has one.
CREATE FUNCTION @extschema@.search_key(survey_name text, name text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN coalesce(@extschema@.search_key(survey_name), '')
           || coalesce(' ' || @extschema@.search_key(name), '');
COMMENT ON FUNCTION @extschema@.search_key(text, text) IS
    'the search key of an outfall: search_key of the survey name, then of the standard name if any (indexed by outfall_name_search_idx)';

-- gin_trgm_ops is pg_trgm's, found through the search_path that CREATE
-- EXTENSION sets to the schemas of the required extensions.
CREATE INDEX outfall_name_search_idx ON @extschema@.outfall
    USING gin (@extschema@.search_key(survey_name, name) gin_trgm_ops);

-- find_outfalls(query): the outfalls whose survey name or standard name
-- contains the query, as Chinese characters, pinyin or initials, once both
-- are folded the same way (normalize_name, then Latin letters in lowercase).
-- Best first: a query that is a whole part of the key (the whole name, the
-- whole pinyin or the initials: exact), then one that starts a part
-- (prefix), then one inside (infix); within each, the name in pinyin order.
--
-- A query of at least three characters is looked up in the trigram index.
-- One or two characters make no trigram: the answer is the same, found by
-- reading every outfall's key, which costs a scan of the registry.  A query
-- that folds to nothing (spaces, punctuation) finds nothing.
--
-- A SQL function of one SELECT, not STRICT, so that the planner inlines it
-- and folds the pattern into a constant it can plan the index scan with.
CREATE FUNCTION @extschema@.find_outfalls(query text, max_rows integer DEFAULT 50)
    RETURNS TABLE (id bigint, code @extschema@.outfall_code, name text, survey_name text,
                   division @extschema@.division_code, status @extschema@.state,
                   match_kind text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH folded AS (
        -- the query as the key writes names (its first part: the normalized
        -- name in lowercase), with LIKE's special characters escaped
        SELECT replace(replace(replace(split_part(@extschema@.search_key(query), ' ', 1),
                                       '\', '\\'), '%', '\%'), '_', '\_') AS pattern
    ), hit AS (
        SELECT o.id, o.code, o.name, o.survey_name, o.division, o.status, f.pattern,
               ' ' || @extschema@.search_key(o.survey_name, o.name) || ' ' AS padded_key
          FROM @extschema@.outfall o, folded f
         WHERE f.pattern <> ''
           AND @extschema@.search_key(o.survey_name, o.name) LIKE '%' || f.pattern || '%'
    ), ranked AS (
        SELECT h.*,
               CASE WHEN h.padded_key LIKE '% ' || h.pattern || ' %' THEN 1
                    WHEN h.padded_key LIKE '% ' || h.pattern || '%' THEN 2
                    ELSE 3 END AS rank
          FROM hit h
    )
    SELECT r.id, r.code, r.name, r.survey_name, r.division, r.status,
           (ARRAY['exact', 'prefix', 'infix'])[r.rank]
      FROM ranked r
     ORDER BY r.rank, coalesce(r.name, r.survey_name) COLLATE @extschema@.zh_pinyin, r.id
     LIMIT max_rows;
END;
COMMENT ON FUNCTION @extschema@.find_outfalls(text, integer) IS
    'outfalls whose survey or standard name contains the query as characters, pinyin or initials; exact, then prefix, then infix matches, each in pinyin order';
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
-- The check engine: rules that report findings about outfalls.  A rule is a
-- row of outfall.rule (stable id, titles, severity, the plan and clause it
-- comes from) and a set-returning SQL function that finds every outfall
-- breaking it in one pass:
--
--     rule_function(outfalls bigint[]) RETURNS TABLE (outfall_id bigint,
--                                                     message_zh text, message_en text)
--
-- where outfalls NULL means the whole registry.  Written as a single SQL
-- query, the function is inlined into the caller's plan, so that the scope
-- becomes an index condition and the whole registry is one pass per rule.
-- A deployment switches rules off, or changes their severity, in
-- outfall.rule_setting; new rules (the spatial ones, a DBA's own) plug in
-- as new rows.

CREATE TABLE @extschema@.rule (
    id             text PRIMARY KEY CONSTRAINT rule_id_form CHECK (id ~ '^[a-z][a-z0-9_]*$'),
    title_zh       text NOT NULL CHECK (btrim(title_zh) <> ''),
    title_en       text NOT NULL CHECK (btrim(title_en) <> ''),
    description    text NOT NULL CHECK (btrim(description) <> ''),
    severity       text NOT NULL CONSTRAINT rule_severity_kind
                   CHECK (severity IN ('blocking', 'warning', 'notice')),
    basis          text NOT NULL CHECK (btrim(basis) <> ''),
    check_function regprocedure NOT NULL,
    shipped        boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE @extschema@.rule IS
    'the rules outfalls are checked against: each finds, in one pass of SQL, the outfalls that break it';
COMMENT ON COLUMN @extschema@.rule.id IS 'stable id, as findings name the rule';
COMMENT ON COLUMN @extschema@.rule.severity IS
    'blocking (阻断: the outfall cannot be closed out or retained while it stands), warning (警告) or notice (提示)';
COMMENT ON COLUMN @extschema@.rule.basis IS 'the plan and clause, or the standard, the rule comes from, e.g. 昌吉 三(三)2';
COMMENT ON COLUMN @extschema@.rule.check_function IS
    'function(outfalls bigint[]) RETURNS TABLE (outfall_id bigint, message_zh text, message_en text); NULL outfalls: the whole registry';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.rule', 'WHERE NOT shipped');

-- A rule's function must have the engine's signature.
CREATE FUNCTION @extschema@.rule_function_check() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT
AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_proc p
                    WHERE p.oid = NEW.check_function
                      AND p.pronargs = 1 AND p.proargtypes[0] = 'bigint[]'::regtype
                      AND p.proretset
                      AND pg_catalog.pg_get_function_result(p.oid)
                          = 'TABLE(outfall_id bigint, message_zh text, message_en text)') THEN
        RAISE EXCEPTION 'rule "%": function % does not have the signature of a rule', NEW.id, NEW.check_function
            USING ERRCODE = 'check_violation', CONSTRAINT = 'rule_function_signature', TABLE = 'rule',
                  COLUMN = 'check_function',
                  DETAIL = format('It is %s(%s) RETURNS %s.', NEW.check_function::oid::regproc,
                                  pg_catalog.pg_get_function_arguments(NEW.check_function),
                                  pg_catalog.pg_get_function_result(NEW.check_function)),
                  HINT = 'A rule function is f(outfalls bigint[]) RETURNS TABLE (outfall_id bigint, message_zh text, message_en text).';
    END IF;
    RETURN NEW;
END;
$$;
COMMENT ON FUNCTION @extschema@.rule_function_check() IS
    'trigger refusing a rule whose function does not have the signature the engine calls';
CREATE TRIGGER rule_function_signature BEFORE INSERT OR UPDATE OF check_function ON @extschema@.rule
    FOR EACH ROW EXECUTE FUNCTION @extschema@.rule_function_check();

CREATE TABLE @extschema@.rule_setting (
    rule       text PRIMARY KEY REFERENCES @extschema@.rule ON UPDATE CASCADE ON DELETE CASCADE,
    enabled    boolean NOT NULL,
    severity   text CONSTRAINT rule_setting_severity_kind
               CHECK (severity IN ('blocking', 'warning', 'notice')),
    note       text,
    changed_by name NOT NULL DEFAULT current_user,
    changed_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE @extschema@.rule_setting IS
    'this deployment''s choices: rules switched off, severities changed (see outfall.set_rule)';
COMMENT ON COLUMN @extschema@.rule_setting.severity IS 'the severity used here instead of the rule''s own; NULL keeps it';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.rule_setting', '');

CREATE VIEW @extschema@.rule_in_force AS
SELECT r.id, r.title_zh, r.title_en, coalesce(s.severity, r.severity) AS severity, r.basis,
       coalesce(s.enabled, true) AS enabled, r.check_function, r.description, s.note
  FROM @extschema@.rule r
  LEFT JOIN @extschema@.rule_setting s ON s.rule = r.id;
COMMENT ON VIEW @extschema@.rule_in_force IS
    'every rule as this deployment applies it: enabled or not, and its severity here';

CREATE FUNCTION @extschema@.set_rule(rule text, enabled boolean, severity text DEFAULT NULL, note text DEFAULT NULL)
    RETURNS void
    LANGUAGE plpgsql SET search_path FROM CURRENT
AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM @extschema@.rule r WHERE r.id = set_rule.rule) THEN
        RAISE EXCEPTION 'no rule "%"', set_rule.rule
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The rules are listed in outfall.rule_in_force.';
    END IF;
    IF set_rule.severity NOT IN ('blocking', 'warning', 'notice') THEN
        RAISE EXCEPTION 'rule "%": no severity "%"', set_rule.rule, set_rule.severity
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'A severity is blocking (blocks close-out), warning or notice; NULL keeps the rule''s own.';
    END IF;
    INSERT INTO @extschema@.rule_setting AS s (rule, enabled, severity, note)
    VALUES (set_rule.rule, set_rule.enabled, set_rule.severity, set_rule.note)
    ON CONFLICT ON CONSTRAINT rule_setting_pkey DO UPDATE
       SET enabled = excluded.enabled, severity = excluded.severity, note = excluded.note,
           changed_by = current_user, changed_at = now();
END;
$$;
COMMENT ON FUNCTION @extschema@.set_rule(text, boolean, text, text) IS
    'switch a rule on or off for this deployment, optionally with another severity and a note';

-- The outfalls the rules look at: every outfall but those banned or merged
-- away (rectified or closed under a ban or merge plan), which no longer
-- discharge.  The rules read the outfall's plan from here too.
CREATE VIEW @extschema@.outfall_in_use AS
SELECT o.id, o.code, o.survey_id, o.name, o.survey_name, o.category, o.division, o.water_body,
       o.status, o.responsible_id, o.setting, p.action AS plan_action, p.deadline AS plan_deadline
  FROM @extschema@.outfall o
  LEFT JOIN @extschema@.plan p ON p.outfall_id = o.id
 WHERE o.status NOT IN ('rectified', 'closed') OR p.action IS NULL OR p.action NOT IN ('ban', 'merge');
COMMENT ON VIEW @extschema@.outfall_in_use IS
    'outfalls that still discharge: all but those banned or merged away; with their plan''s action and deadline';

-- Findings of the rules in force: of the given outfalls (NULL: all), of the
-- given rules (NULL: all enabled).  One query per rule.
CREATE FUNCTION @extschema@.findings(outfalls bigint[] DEFAULT NULL, rules text[] DEFAULT NULL)
    RETURNS TABLE (outfall_id bigint, rule text, severity text, message_zh text, message_en text, basis text)
    LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SET search_path FROM CURRENT
AS $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT * FROM rule_in_force f
              WHERE f.enabled AND (findings.rules IS NULL OR f.id = ANY (findings.rules))
              ORDER BY f.id
    LOOP
        RETURN QUERY EXECUTE format(
            'SELECT f.outfall_id, $2, $3, f.message_zh, f.message_en, $4 FROM %s($1) f',
            r.check_function::oid::regproc)
            USING outfalls, r.id, r.severity, r.basis;
    END LOOP;
END;
$$;
COMMENT ON FUNCTION @extschema@.findings(bigint[], text[]) IS
    'the findings of the rules in force (or the given ones) about the given outfalls, or the whole registry when NULL: one pass of SQL per rule';

-- The order findings are listed in: the gravest first.
CREATE FUNCTION @extschema@.severity_rank(text) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN CASE $1 WHEN 'blocking' THEN 1 WHEN 'warning' THEN 2 WHEN 'notice' THEN 3 END;
COMMENT ON FUNCTION @extschema@.severity_rank(text) IS 'blocking 1, warning 2, notice 3: the order findings are listed in';

CREATE FUNCTION @extschema@."check"(o @extschema@.outfall)
    RETURNS TABLE (rule text, severity text, message_zh text, message_en text, basis text)
    LANGUAGE sql STABLE PARALLEL RESTRICTED
BEGIN ATOMIC
    SELECT f.rule, f.severity, f.message_zh, f.message_en, f.basis
      FROM @extschema@.findings(ARRAY[o.id]) f
     ORDER BY @extschema@.severity_rank(f.severity), f.rule, f.message_en;
END;
COMMENT ON FUNCTION @extschema@."check"(@extschema@.outfall) IS
    'the findings of the rules in force about one outfall, gravest first: rule, severity, message in Chinese and English, basis';

-- All open findings, with what reports group them by.
CREATE VIEW @extschema@.finding AS
SELECT f.rule, f.severity, f.outfall_id, o.code, coalesce(o.name, o.survey_name) AS outfall_name,
       o.status, o.division, @extschema@.code_division(o.division) AS county, d.name AS county_name,
       o.water_body, w.name AS water_body_name, f.message_zh, f.message_en, f.basis
  FROM @extschema@.findings() f
  JOIN @extschema@.outfall o ON o.id = f.outfall_id
  LEFT JOIN @extschema@.division d ON d.code = @extschema@.code_division(o.division)
  LEFT JOIN @extschema@.water_body w ON w.code = o.water_body;
COMMENT ON VIEW @extschema@.finding IS
    'every open finding of the rules in force across the registry, with the outfall''s county (区县) and receiving water';
-- The rules of the work plans, each one SQL query over the registry (see
-- engine.sql for the signature).  Every function filters on its argument
-- the same way, (outfalls IS NULL OR o.id = ANY (outfalls)), which the
-- planner folds away for the whole registry and turns into an index
-- condition for a few outfalls.  Messages name the values that break the
-- rule, in Chinese and in English.

-- 1. The code agrees with the record: type letters with the category, the
-- six-digit division with the outfall's county, the water segment with the
-- receiving water (HJ 1235-2021).
CREATE FUNCTION @extschema@.rule_code_category(outfalls bigint[])
    RETURNS TABLE (outfall_id bigint, message_zh text, message_en text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT o.id,
           format('编码 %s 的类型代码 %s 表示%s，与登记类别%s不符',
                  o.code, @extschema@.type_code(o.code), coalesce('“' || cc.name_zh || '”', '目录外的类别'),
                  coalesce('“' || c.name_zh || '”（' || c.type_letters || '）', '（未登记）')),
           format('code %s: type letters %s mean %s, but the category is %s',
                  o.code, @extschema@.type_code(o.code), coalesce(cc.id, 'no category in the catalog'),
                  coalesce(c.id || coalesce(' (' || c.type_letters || ')', ''), 'not recorded'))
      FROM @extschema@.outfall_in_use o
      LEFT JOIN @extschema@.category c ON c.id = o.category
      LEFT JOIN @extschema@.category cc ON cc.type_letters = @extschema@.type_code(o.code)
     WHERE (outfalls IS NULL OR o.id = ANY (outfalls))
       AND o.code IS NOT NULL
       AND c.type_letters IS DISTINCT FROM @extschema@.type_code(o.code);
END;

CREATE FUNCTION @extschema@.rule_code_division(outfalls bigint[])
    RETURNS TABLE (outfall_id bigint, message_zh text, message_en text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT o.id,
           format('编码 %s 的行政区划代码 %s（%s）与排污口所在区县 %s（%s）不符',
                  o.code, @extschema@.division(o.code), coalesce(dc.name, '未知'),
                  @extschema@.code_division(o.division), coalesce(dd.name, '未知')),
           format('code %s: division %s (%s) is not the county of the outfall, %s (%s)',
                  o.code, @extschema@.division(o.code), coalesce(dc.name, 'unknown'),
                  @extschema@.code_division(o.division), coalesce(dd.name, 'unknown'))
      FROM @extschema@.outfall_in_use o
      LEFT JOIN @extschema@.division dc ON dc.code = @extschema@.division(o.code)
      LEFT JOIN @extschema@.division dd ON dd.code = @extschema@.code_division(o.division)
     WHERE (outfalls IS NULL OR o.id = ANY (outfalls))
       AND o.code IS NOT NULL
       AND @extschema@.division(o.code) <> @extschema@.code_division(o.division);
END;

CREATE FUNCTION @extschema@.rule_code_water_body(outfalls bigint[])
    RETURNS TABLE (outfall_id bigint, message_zh text, message_en text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT o.id,
           format('编码 %s 的水体代码 %s 与受纳水体 %s（%s）不符',
                  o.code, @extschema@.water_code(o.code), o.water_body, w.name),
           format('code %s: water body %s is not the receiving water, %s (%s)',
                  o.code, @extschema@.water_code(o.code), o.water_body, w.name)
      FROM @extschema@.outfall_in_use o
      JOIN @extschema@.water_body w ON w.code = o.water_body
     WHERE (outfalls IS NULL OR o.id = ANY (outfalls))
       AND o.code IS NOT NULL
       AND @extschema@.water_code(o.code) <> o.water_body;
END;

-- 2. An outfall set by approval (审核制) has an approval or a filing on
-- record — unless it is to be banned or merged away.
CREATE FUNCTION @extschema@.rule_approval_missing(outfalls bigint[])
    RETURNS TABLE (outfall_id bigint, message_zh text, message_en text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT o.id,
           format('“%s”实行审核制，但没有设置审核或备案记录', c.name_zh),
           format('%ss are set by approval, but no approval or filing is on record', c.name_en)
      FROM @extschema@.outfall_in_use o
      JOIN @extschema@.category c ON c.id = o.category AND c.requires_approval
     WHERE (outfalls IS NULL OR o.id = ANY (outfalls))
       AND (o.plan_action IS NULL OR o.plan_action IN ('standardize', 'retain'))
       AND NOT EXISTS (SELECT FROM @extschema@.approval a WHERE a.outfall_id = o.id);
END;

-- 3. One enterprise, one outfall (一企一口): an enterprise outside any park
-- keeps one production outfall — the one approved (the first, if none is)
-- — and files each further one it keeps with the ecology-environment
-- department.  Each unfiled further outfall is a finding.
CREATE FUNCTION @extschema@.rule_one_enterprise_one_outfall(outfalls bigint[])
    RETURNS TABLE (outfall_id bigint, message_zh text, message_en text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH kept AS (
        SELECT o.id, o.responsible_id, coalesce(a.filed, false) AS filed,
               coalesce(a.approved, false) AS approved
          FROM @extschema@.outfall_in_use o
          JOIN @extschema@.category c ON c.id = o.category AND c.is_enterprise_outfall
          JOIN @extschema@.party p ON p.id = o.responsible_id AND p.kind = 'enterprise' AND p.park_id IS NULL
          LEFT JOIN LATERAL (SELECT bool_or(a.kind = 'filing') AS filed, bool_or(a.kind = 'approval') AS approved
                               FROM @extschema@.approval a WHERE a.outfall_id = o.id) a ON true
         WHERE (o.plan_action IS NULL OR o.plan_action IN ('standardize', 'retain'))
           -- the enterprises of the given outfalls: an array, so that it is an
           -- index condition once the planner has folded outfalls IS NULL away
           AND (outfalls IS NULL
                OR o.responsible_id = ANY (ARRAY(SELECT x.responsible_id FROM @extschema@.outfall x
                                                  WHERE x.id = ANY (outfalls))))
    ), ranked AS (
        SELECT k.*, row_number() OVER w AS rank, count(*) OVER (PARTITION BY k.responsible_id) AS n
          FROM kept k
        WINDOW w AS (PARTITION BY k.responsible_id ORDER BY k.approved DESC, k.id)
    )
    SELECT r.id,
           format('园区外企业“%s”保留 %s 个工矿企业排污口，此口未向生态环境部门备案（一企一口）', p.name, r.n),
           format('enterprise "%s", outside any park, keeps %s production outfalls, and this further one is not filed with the ecology-environment department (one enterprise, one outfall)',
                  p.name, r.n)
      FROM ranked r
      JOIN @extschema@.party p ON p.id = r.responsible_id
     WHERE r.rank > 1 AND NOT r.filed
       AND (outfalls IS NULL OR r.id = ANY (outfalls));
END;

-- 4. Town stormwater outfalls are never merged or sealed (flood safety).
-- Also refused when a plan is written (enforcement.sql).
CREATE FUNCTION @extschema@.rule_stormwater_kept_open(outfalls bigint[])
    RETURNS TABLE (outfall_id bigint, message_zh text, message_en text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT o.id,
           format('“%s”严禁%s（汛期排水防涝安全），整治方案却是%s',
                  c.name_zh, CASE o.plan_action WHEN 'ban' THEN '封堵' ELSE '合并' END,
                  CASE o.plan_action WHEN 'ban' THEN '依法取缔' ELSE '清理合并' END),
           format('%ss are never merged or sealed (flood safety), but the plan is to %s it',
                  c.name_en, o.plan_action)
      FROM @extschema@.outfall_in_use o
      JOIN @extschema@.category c ON c.id = o.category AND c.keep_open
     WHERE (outfalls IS NULL OR o.id = ANY (outfalls))
       AND o.plan_action IN ('ban', 'merge');
END;

-- 5. Sewage seen at a stormwater outfall in dry weather (旱天污水直排) is
-- traced: when the latest dry-weather sample shows sewage, a tracing on or
-- after the day it was seen.
CREATE FUNCTION @extschema@.rule_dry_weather_sewage(outfalls bigint[])
    RETURNS TABLE (outfall_id bigint, message_zh text, message_en text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT o.id,
           format('雨洪排口 %s 旱天有污水排出，尚未溯源', to_char(s.seen_at, 'YYYY-MM-DD')),
           format('sewage was seen at this stormwater outfall in dry weather on %s and has not been traced since',
                  to_char(s.seen_at, 'YYYY-MM-DD'))
      FROM (SELECT DISTINCT ON (s.outfall_id) s.outfall_id, s.sampled_at AS seen_at, s.sewage_seen
              FROM @extschema@.sample s
             WHERE s.weather = 'dry'
               AND (outfalls IS NULL OR s.outfall_id = ANY (outfalls))
             ORDER BY s.outfall_id, s.sampled_at DESC, s.id DESC) s
      JOIN @extschema@.outfall_in_use o ON o.id = s.outfall_id
      JOIN @extschema@.category c ON c.id = o.category AND c.is_stormwater
     WHERE s.sewage_seen
       AND NOT EXISTS (SELECT FROM @extschema@.tracing t
                        WHERE t.outfall_id = o.id AND t.traced_on >= s.seen_at::date);
END;

-- 6. On a water that misses its quality target, new, changed or enlarged
-- outfalls are strictly controlled — town treatment plants excepted.
CREATE FUNCTION @extschema@.rule_target_missed_water(outfalls bigint[])
    RETURNS TABLE (outfall_id bigint, message_zh text, message_en text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT o.id,
           format('%s排污口位于未达到水质目标（%s类）的%s（%s），应严格控制',
                  CASE o.setting WHEN 'new' THEN '新设' WHEN 'changed' THEN '改设' ELSE '扩大' END,
                  coalesce(w.target_class, '?'), w.name, w.code),
           format('%s outfall on %s (%s), which misses its water quality target (class %s): strictly controlled',
                  o.setting, w.name, w.code, coalesce(w.target_class, '?'))
      FROM @extschema@.outfall_in_use o
      JOIN @extschema@.water_body w ON w.code = o.water_body AND NOT w.meets_target
      LEFT JOIN @extschema@.category c ON c.id = o.category
     WHERE (outfalls IS NULL OR o.id = ANY (outfalls))
       AND o.setting <> 'existing'
       AND NOT coalesce(c.is_town_plant, false);
END;

-- 7. Traced means a first responsible party; a shared outfall has each
-- discharging unit's responsibility written down (its latest tracing).
CREATE FUNCTION @extschema@.rule_responsible_party_missing(outfalls bigint[])
    RETURNS TABLE (outfall_id bigint, message_zh text, message_en text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT o.id,
           '已溯源，但没有第一责任主体',
           'traced, but no first responsible party is recorded'
      FROM @extschema@.outfall_in_use o
     WHERE (outfalls IS NULL OR o.id = ANY (outfalls))
       AND o.responsible_id IS NULL
       AND (o.status >= 'traced' OR EXISTS (SELECT FROM @extschema@.tracing t WHERE t.outfall_id = o.id));
END;

CREATE FUNCTION @extschema@.rule_shared_responsibility(outfalls bigint[])
    RETURNS TABLE (outfall_id bigint, message_zh text, message_en text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH latest AS (
        SELECT DISTINCT ON (t.outfall_id) t.outfall_id, t.id
          FROM @extschema@.tracing t
         WHERE (outfalls IS NULL OR t.outfall_id = ANY (outfalls))
         ORDER BY t.outfall_id, t.traced_on DESC, t.id DESC
    ), shared AS (
        SELECT l.outfall_id, count(DISTINCT s.party_id) AS units,
               string_agg(DISTINCT p.name, '、') FILTER (WHERE coalesce(btrim(s.responsibility), '') = '') AS unstated
          FROM latest l
          JOIN @extschema@.source s ON s.tracing_id = l.id
          JOIN @extschema@.party p ON p.id = s.party_id
         GROUP BY l.outfall_id
        HAVING count(DISTINCT s.party_id) > 1
    )
    SELECT o.id,
           format('%s 个排污单位共用此排污口，%s 的责任未写明', sh.units, sh.unstated),
           format('shared by %s discharging units; the responsibility of %s is not stated', sh.units, sh.unstated)
      FROM shared sh
      JOIN @extschema@.outfall_in_use o ON o.id = sh.outfall_id
     WHERE sh.unstated IS NOT NULL;
END;

-- 8. Monitoring covers the indicators the category requires (at least
-- flow, temperature, pH, COD, NH3-N, TP, TN), over all samples so far.
CREATE FUNCTION @extschema@.rule_monitoring_incomplete(outfalls bigint[])
    RETURNS TABLE (outfall_id bigint, message_zh text, message_en text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH measured AS (
        SELECT s.outfall_id,
               array_remove(ARRAY[
                   CASE WHEN bool_or(s.flow_m3d IS NOT NULL) THEN 'flow_m3d' END,
                   CASE WHEN bool_or(s.temperature_c IS NOT NULL) THEN 'temperature_c' END,
                   CASE WHEN bool_or(s.ph IS NOT NULL) THEN 'ph' END,
                   CASE WHEN bool_or(s.cod_mgl IS NOT NULL) THEN 'cod_mgl' END,
                   CASE WHEN bool_or(s.nh3n_mgl IS NOT NULL) THEN 'nh3n_mgl' END,
                   CASE WHEN bool_or(s.tp_mgl IS NOT NULL) THEN 'tp_mgl' END,
                   CASE WHEN bool_or(s.tn_mgl IS NOT NULL) THEN 'tn_mgl' END], NULL) AS columns
          FROM @extschema@.sample s
         WHERE (outfalls IS NULL OR s.outfall_id = ANY (outfalls))
         GROUP BY s.outfall_id
    ), missing AS (
        SELECT m.outfall_id,
               string_agg(i.name_zh, '、' ORDER BY i.position, i.key) AS names_zh,
               string_agg(i.name_en, ', ' ORDER BY i.position, i.key) AS names_en
          FROM measured m
          JOIN @extschema@.outfall o ON o.id = m.outfall_id
          JOIN @extschema@.category_indicator ci ON ci.category = o.category
          JOIN @extschema@.indicator i ON i.key = ci.indicator
         WHERE CASE WHEN i.sample_column IS NOT NULL THEN i.sample_column <> ALL (m.columns)
                    ELSE NOT EXISTS (SELECT FROM @extschema@.sample s
                                       JOIN @extschema@.sample_indicator si ON si.sample_id = s.id
                                      WHERE s.outfall_id = m.outfall_id AND si.name = i.key)
               END
         GROUP BY m.outfall_id
    )
    SELECT o.id,
           format('监测缺少%s类别要求的指标：%s', c.name_zh, mi.names_zh),
           format('monitoring lacks indicators required for %ss: %s', c.name_en, mi.names_en)
      FROM missing mi
      JOIN @extschema@.outfall_in_use o ON o.id = mi.outfall_id
      JOIN @extschema@.category c ON c.id = o.category;
END;

-- 9. A standardized or retained outfall has a complete signboard (标志牌):
-- name, code, category, responsible party, supervising unit and
-- supervision phone, and the code on it is the outfall's.
CREATE FUNCTION @extschema@.rule_signboard_incomplete(outfalls bigint[])
    RETURNS TABLE (outfall_id bigint, message_zh text, message_en text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT o.id,
           CASE WHEN sb.id IS NULL THEN '已规范整治或保留，但没有标志牌'
                ELSE '标志牌' || concat_ws('，',
                    CASE WHEN gaps.zh IS NOT NULL THEN '缺少' || gaps.zh END,
                    CASE WHEN sb.code IS NOT NULL AND o.code IS NOT NULL AND btrim(sb.code) <> o.code::text
                         THEN format('编码 %s 与登记编码 %s 不符', sb.code, o.code) END) END,
           CASE WHEN sb.id IS NULL THEN 'standardized or retained, but no signboard is on record'
                ELSE 'the signboard ' || concat_ws('; ',
                    CASE WHEN gaps.en IS NOT NULL THEN 'lacks ' || gaps.en END,
                    CASE WHEN sb.code IS NOT NULL AND o.code IS NOT NULL AND btrim(sb.code) <> o.code::text
                         THEN format('shows code %s, not the outfall''s %s', sb.code, o.code) END) END
      FROM @extschema@.outfall_in_use o
      LEFT JOIN @extschema@.signboard sb ON sb.outfall_id = o.id
      LEFT JOIN LATERAL (
          SELECT string_agg(f.zh, '、' ORDER BY f.n) AS zh, string_agg(f.en, ', ' ORDER BY f.n) AS en
            FROM (VALUES (1, '名称', 'name', sb.name), (2, '编码', 'code', sb.code),
                         (3, '类别', 'category', sb.category), (4, '责任主体', 'responsible party', sb.responsible_party),
                         (5, '监督单位', 'supervising unit', sb.supervising_unit),
                         (6, '监督电话', 'supervision phone', sb.supervision_phone)) f(n, zh, en, value)
           WHERE coalesce(btrim(f.value), '') = '') gaps ON true
     WHERE (outfalls IS NULL OR o.id = ANY (outfalls))
       AND (o.status = 'retained' OR (o.plan_action = 'standardize' AND o.status IN ('rectified', 'closed')))
       AND (sb.id IS NULL OR gaps.zh IS NOT NULL
            OR (sb.code IS NOT NULL AND o.code IS NOT NULL AND btrim(sb.code) <> o.code::text));
END;

-- 10. Rectification finishes by the plan's deadline.
CREATE FUNCTION @extschema@.rule_deadline_passed(outfalls bigint[])
    RETURNS TABLE (outfall_id bigint, message_zh text, message_en text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT o.id,
           format('整治期限 %s 已过，仍处于%s阶段', o.plan_deadline, l.name_zh),
           format('the rectification deadline %s has passed; the outfall is still %s', o.plan_deadline, o.status)
      FROM @extschema@.outfall_in_use o
      JOIN @extschema@.state_label l ON l.state = o.status
     WHERE (outfalls IS NULL OR o.id = ANY (outfalls))
       AND o.plan_deadline < current_date
       AND o.status < 'rectified';
END;

INSERT INTO @extschema@.rule (id, title_zh, title_en, description, severity, basis, check_function, shipped) VALUES
 ('code_category', '编码类型与类别不符', 'code type letters disagree with the category',
  'The two type letters of the outfall code are those of the outfall''s category.',
  'blocking', 'HJ 1235-2021; 黔江 二(一)2', '@extschema@.rule_code_category(bigint[])', true),
 ('code_division', '编码区划与所在区县不符', 'code division disagrees with the county',
  'The six-digit division of the outfall code is the county (or city without counties) the outfall is in.',
  'blocking', 'HJ 1235-2021; 黔江 二(一)2', '@extschema@.rule_code_division(bigint[])', true),
 ('code_water_body', '编码水体与受纳水体不符', 'code water body disagrees with the receiving water',
  'The water-body segment of the outfall code is the code of its receiving water.',
  'blocking', 'HJ 1235-2021; 黔江 二(一)2', '@extschema@.rule_code_water_body(bigint[])', true),
 ('approval_missing', '未审核备案', 'no approval or filing',
  'An outfall of a category set by approval (enterprise, park plant, town or village plant) that is to be kept has an approval or filing on record.',
  'blocking', '黔江 二(三)2; 柳城 四(一); 昌吉 三(三)2', '@extschema@.rule_approval_missing(bigint[])', true),
 ('one_enterprise_one_outfall', '一企一口', 'one enterprise, one outfall',
  'An enterprise outside any industrial park keeps one production outfall (the approved one, else the first); every further one it keeps is filed.',
  'blocking', '昌吉 三(二)2', '@extschema@.rule_one_enterprise_one_outfall(bigint[])', true),
 ('stormwater_kept_open', '城镇雨洪排口严禁合并封堵', 'town stormwater outfalls are never merged or sealed',
  'No plan bans (seals) or merges a town stormwater outfall: flood safety.  Plans that would are refused when written.',
  'blocking', '黔江 二(二)5', '@extschema@.rule_stormwater_kept_open(bigint[])', true),
 ('dry_weather_sewage', '雨洪排口旱天污水直排未溯源', 'dry-weather sewage at a stormwater outfall, not traced',
  'Sewage seen at a stormwater outfall in dry weather (its latest dry-weather sample) is traced: a tracing on or after the day it was seen.',
  'blocking', '黔江 二(二)5; 柳城 四(二)', '@extschema@.rule_dry_weather_sewage(bigint[])', true),
 ('target_missed_water', '未达标水体新设改设扩大排污口', 'new, changed or enlarged outfall on a water missing its target',
  'On a water that misses its quality target, new, changed or enlarged outfalls other than town treatment plants are strictly controlled.',
  'warning', '昌吉 三(三)2', '@extschema@.rule_target_missed_water(bigint[])', true),
 ('responsible_party_missing', '已溯源无责任主体', 'traced without a first responsible party',
  'An outfall that is traced, or has a tracing on record, has a first responsible party.',
  'blocking', '昌吉 三(一)2', '@extschema@.rule_responsible_party_missing(bigint[])', true),
 ('shared_responsibility', '多单位共用排污口责任未明确', 'shared outfall without each unit''s responsibility',
  'Where several discharging units share an outfall (its latest tracing), each unit''s responsibility is stated.',
  'blocking', '昌吉 三(二)3', '@extschema@.rule_shared_responsibility(bigint[])', true),
 ('monitoring_incomplete', '监测指标不全', 'monitoring lacks required indicators',
  'The samples of an outfall cover the indicators its category requires (outfall.category_indicator).',
  'warning', '昌吉 三(一)3', '@extschema@.rule_monitoring_incomplete(bigint[])', true),
 ('signboard_incomplete', '标志牌不完整', 'incomplete signboard',
  'A standardized or retained outfall has a signboard with name, code, category, responsible party, supervising unit and supervision phone, showing its code.',
  'blocking', '昌吉 三(二)3', '@extschema@.rule_signboard_incomplete(bigint[])', true),
 ('deadline_passed', '超期未完成整治', 'rectification deadline passed',
  'An outfall with a plan is rectified by the plan''s deadline.',
  'warning', '昌吉 三(二)', '@extschema@.rule_deadline_passed(bigint[])', true);

COMMENT ON FUNCTION @extschema@.rule_code_category(bigint[]) IS 'rule code_category: outfalls whose code''s type letters are not their category''s';
COMMENT ON FUNCTION @extschema@.rule_code_division(bigint[]) IS 'rule code_division: outfalls whose code''s division is not their county';
COMMENT ON FUNCTION @extschema@.rule_code_water_body(bigint[]) IS 'rule code_water_body: outfalls whose code''s water body is not their receiving water';
COMMENT ON FUNCTION @extschema@.rule_approval_missing(bigint[]) IS 'rule approval_missing: kept outfalls of approval categories without approval or filing';
COMMENT ON FUNCTION @extschema@.rule_one_enterprise_one_outfall(bigint[]) IS 'rule one_enterprise_one_outfall: the unfiled further production outfalls of enterprises outside parks';
COMMENT ON FUNCTION @extschema@.rule_stormwater_kept_open(bigint[]) IS 'rule stormwater_kept_open: town stormwater outfalls planned to be banned or merged';
COMMENT ON FUNCTION @extschema@.rule_dry_weather_sewage(bigint[]) IS 'rule dry_weather_sewage: stormwater outfalls with dry-weather sewage not traced since';
COMMENT ON FUNCTION @extschema@.rule_target_missed_water(bigint[]) IS 'rule target_missed_water: new, changed or enlarged outfalls on waters missing their target';
COMMENT ON FUNCTION @extschema@.rule_responsible_party_missing(bigint[]) IS 'rule responsible_party_missing: traced outfalls without a first responsible party';
COMMENT ON FUNCTION @extschema@.rule_shared_responsibility(bigint[]) IS 'rule shared_responsibility: shared outfalls where a unit''s responsibility is not stated';
COMMENT ON FUNCTION @extschema@.rule_monitoring_incomplete(bigint[]) IS 'rule monitoring_incomplete: sampled outfalls missing indicators their category requires';
COMMENT ON FUNCTION @extschema@.rule_signboard_incomplete(bigint[]) IS 'rule signboard_incomplete: standardized or retained outfalls without a complete, matching signboard';
COMMENT ON FUNCTION @extschema@.rule_deadline_passed(bigint[]) IS 'rule deadline_passed: outfalls not rectified by their plan''s deadline';
-- Where a finding stops a write.
--
-- Close-out: a state change marked needs_no_blocking_finding in
-- outfall.transition (rectified → closed, planned → retained, closed →
-- retained) is refused while a blocking finding about the outfall stands.
-- The check runs after the statement has written its rows (a statement
-- trigger with transition tables), so the rules see the outfall as it
-- would be, and a bulk UPDATE is checked in one pass per rule.
--
-- Stormwater: a plan that would ban (seal) or merge a town stormwater
-- outfall is refused when written, as is a change of category that would
-- make an existing plan do so, while the rule stormwater_kept_open is on.

ALTER TABLE @extschema@.transition
    ADD COLUMN needs_no_blocking_finding boolean NOT NULL DEFAULT false;
COMMENT ON COLUMN @extschema@.transition.needs_no_blocking_finding IS
    'refused while a blocking finding (outfall.check) about the outfall stands';
UPDATE @extschema@.transition SET needs_no_blocking_finding = true
 WHERE (from_state, to_state) IN (('rectified', 'closed'), ('planned', 'retained'), ('closed', 'retained'));

-- The findings of the given rules about the first of the given outfalls
-- that has any, as one text, and how many other outfalls have findings.
CREATE FUNCTION @extschema@.finding_digest(outfalls bigint[], rules text[])
    RETURNS TABLE (outfall_id bigint, label text, findings bigint, detail text, other_outfalls bigint)
    LANGUAGE sql STABLE PARALLEL RESTRICTED
BEGIN ATOMIC
    WITH f AS MATERIALIZED (
        SELECT * FROM @extschema@.findings(finding_digest.outfalls, finding_digest.rules)
    ), first AS (
        SELECT min(f.outfall_id) AS id FROM f
    )
    SELECT o.id, @extschema@.outfall_label(o.code, o.survey_id, o.id), count(*),
           string_agg(format('[%s, %s] %s (%s)', f.rule, f.basis, f.message_en, f.message_zh), E'\n'
                      ORDER BY f.rule, f.message_en),
           (SELECT count(DISTINCT f2.outfall_id) - 1 FROM f f2)
      FROM first
      JOIN f ON f.outfall_id = first.id
      JOIN @extschema@.outfall o ON o.id = first.id
     GROUP BY o.id, o.code, o.survey_id;
END;
COMMENT ON FUNCTION @extschema@.finding_digest(bigint[], text[]) IS
    'the findings of the given rules about the first of the given outfalls that has any, as one text, for refusals';

CREATE FUNCTION @extschema@.close_out_check() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT
AS $$
DECLARE
    ids bigint[];
    blocking text[];
    d record;
    from_state state;
    to_state state;
BEGIN
    SELECT array_agg(n.id ORDER BY n.id) INTO ids
      FROM new_rows n
      JOIN old_rows o ON o.id = n.id
      JOIN transition t ON t.from_state = o.status AND t.to_state = n.status
     WHERE t.needs_no_blocking_finding;
    IF ids IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT array_agg(r.id) INTO blocking FROM rule_in_force r WHERE r.enabled AND r.severity = 'blocking';
    IF blocking IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT * INTO d FROM finding_digest(ids, blocking);
    IF d.outfall_id IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT o.status, n.status INTO from_state, to_state
      FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.id = d.outfall_id;
    RAISE EXCEPTION 'outfall %: cannot move from % to %: % blocking finding(s) (阻断性问题) stand',
            d.label, state_name(from_state), state_name(to_state), d.findings
        USING ERRCODE = 'check_violation', CONSTRAINT = 'outfall_lifecycle', TABLE = 'outfall', COLUMN = 'status',
              DETAIL = d.detail || CASE WHEN d.other_outfalls > 0
                                        THEN format(E'\n%s other outfall(s) of this statement have blocking findings too.',
                                                    d.other_outfalls)
                                        ELSE '' END,
              HINT = 'Resolve them (outfall.check(outfall) lists each with its basis), or, where this deployment does not apply a rule, switch it off with outfall.set_rule().';
END;
$$;
COMMENT ON FUNCTION @extschema@.close_out_check() IS
    'statement trigger refusing close-out or retention (outfall.transition.needs_no_blocking_finding) while blocking findings stand';
CREATE TRIGGER outfall_close_out AFTER UPDATE ON @extschema@.outfall
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.close_out_check();

CREATE FUNCTION @extschema@.keep_open_check() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT
AS $$
DECLARE
    ids bigint[];
    d record;
BEGIN
    IF NOT EXISTS (SELECT FROM rule_in_force r WHERE r.id = 'stormwater_kept_open' AND r.enabled) THEN
        RETURN NULL;
    END IF;
    IF TG_TABLE_NAME = 'plan' THEN
        SELECT array_agg(n.outfall_id) INTO ids FROM new_rows n WHERE n.action IN ('ban', 'merge');
    ELSE
        SELECT array_agg(n.id) INTO ids
          FROM new_rows n JOIN old_rows o ON o.id = n.id
         WHERE n.category IS DISTINCT FROM o.category;
    END IF;
    IF ids IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT * INTO d FROM finding_digest(ids, ARRAY['stormwater_kept_open']);
    IF d.outfall_id IS NULL THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'outfall %: a town stormwater outfall (城镇雨洪排口) is never merged or sealed', d.label
        USING ERRCODE = 'check_violation', CONSTRAINT = 'plan_keeps_stormwater_open', TABLE = TG_TABLE_NAME,
              DETAIL = d.detail,
              HINT = 'Plan to standardize or retain it; sewage seen at it in dry weather is traced and stopped at its sources.';
END;
$$;
COMMENT ON FUNCTION @extschema@.keep_open_check() IS
    'statement trigger refusing a plan, or a change of category, that would ban or merge a town stormwater outfall';
CREATE TRIGGER plan_keeps_stormwater_open AFTER INSERT ON @extschema@.plan
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.keep_open_check();
CREATE TRIGGER plan_keeps_stormwater_open_update AFTER UPDATE ON @extschema@.plan
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.keep_open_check();
CREATE TRIGGER outfall_keeps_stormwater_open AFTER UPDATE ON @extschema@.outfall
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.keep_open_check();
-- Reports over the findings, in the Chinese order of names (pinyin).

CREATE VIEW @extschema@.finding_count AS
SELECT f.rule, r.title_zh, f.severity, f.county, f.county_name, f.water_body, f.water_body_name,
       count(*) AS outfalls
  FROM @extschema@.finding f
  JOIN @extschema@.rule r ON r.id = f.rule
 GROUP BY f.rule, r.title_zh, f.severity, f.county, f.county_name, f.water_body, f.water_body_name
 ORDER BY @extschema@.severity_rank(f.severity), f.rule,
          f.county_name COLLATE @extschema@.zh_pinyin, f.water_body_name COLLATE @extschema@.zh_pinyin;
COMMENT ON VIEW @extschema@.finding_count IS
    'open findings counted by rule, county and receiving water, gravest rules first, places in pinyin order';
-- Survey import (0.3): field staff fill survey sheets (排查登记表, CSV); a
-- DBA loads one with COPY into a staging table shaped like
-- outfall.survey_sheet and calls outfall.import_survey(), which reads every
-- row, normalizes and checks it, infers a missing category from the name,
-- and registers the good rows through outfall.register(), each row whole or
-- not at all.  It returns a report with one row per sheet row: its file line,
-- what became of it and why.  Nothing is dropped without a line in the
-- report.  The reference is doc/registry.md, section "Survey import".

-- The template of a staging table.  The extension never writes it; a DBA
-- copies its shape:
--     CREATE TEMP TABLE sheet (LIKE outfall.survey_sheet INCLUDING ALL);
--     \copy sheet (survey_id, survey_name, ...) FROM 'x.csv' (FORMAT csv, HEADER)
-- The identity column numbers the data rows 1..n in the order COPY reads
-- them.  Every other column is text, so that COPY takes whatever staff
-- typed and the import, not COPY, says what is wrong with it.
CREATE TABLE @extschema@.survey_sheet (
    line           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    survey_id      text,
    survey_name    text,
    category       text,
    code           text,
    division       text,
    lon            text,
    lat            text,
    water_body     text,
    found_on       text,
    discharge_mode text,
    survey_level   text,
    is_legacy      text,
    owner_name     text,
    owner_uscc     text,
    owner_kind     text,
    user_name      text,
    user_uscc      text,
    user_kind      text
);
COMMENT ON TABLE @extschema@.survey_sheet IS
    'the shape of a survey sheet (排查登记表) to import: CREATE TEMP TABLE sheet (LIKE outfall.survey_sheet INCLUDING ALL), COPY into it, then outfall.import_survey(''sheet''); never holds rows itself';
COMMENT ON COLUMN @extschema@.survey_sheet.line IS
    'the data row''s number in the sheet (1 = the first row after the header), numbered by COPY through the identity';
COMMENT ON COLUMN @extschema@.survey_sheet.survey_id IS 'the survey''s own id for the outfall (调查编号); required; registering is idempotent on it';
COMMENT ON COLUMN @extschema@.survey_sheet.survey_name IS 'the name staff gave the outfall (排污口名称); required; stored as written, compared normalized (outfall.normalize_name)';
COMMENT ON COLUMN @extschema@.survey_sheet.category IS 'category (HJ 1312): id (other.town_storm), type letters (YS) or class name (城镇雨洪排口); empty: from the code, else inferred from the name';
COMMENT ON COLUMN @extschema@.survey_sheet.code IS 'outfall code (排污口编码, HJ 1235) if one was already given; empty: allocated when water body and category are known';
COMMENT ON COLUMN @extschema@.survey_sheet.division IS 'the 9-digit code of the township (乡镇/街道) the outfall is in; required';
COMMENT ON COLUMN @extschema@.survey_sheet.lon IS 'longitude, decimal degrees (CGCS2000), 73 to 136';
COMMENT ON COLUMN @extschema@.survey_sheet.lat IS 'latitude, decimal degrees (CGCS2000), 3 to 54';
COMMENT ON COLUMN @extschema@.survey_sheet.water_body IS 'receiving water body (受纳水体): its HJ 932 code in outfall.water_body, or its name if only one water body has it';
COMMENT ON COLUMN @extschema@.survey_sheet.found_on IS 'the date the survey found the outfall, year first (2023-03-01, 2023/3/1, 2023年3月1日, 20230301); required';
COMMENT ON COLUMN @extschema@.survey_sheet.discharge_mode IS 'continuous (连续), intermittent (间歇), seasonal (季节性) or none (无)';
COMMENT ON COLUMN @extschema@.survey_sheet.survey_level IS 'survey level of HJ 1232-2021: 1, 2 or 3 (一级, 二级, 三级)';
COMMENT ON COLUMN @extschema@.survey_sheet.is_legacy IS 'predates the protected zone it lies in (历史遗留): 是/否, yes/no, true/false, 1/0';
COMMENT ON COLUMN @extschema@.survey_sheet.owner_name IS 'the owner (所有者) of the outfall: a party''s name';
COMMENT ON COLUMN @extschema@.survey_sheet.owner_uscc IS 'the owner''s unified social credit code (统一社会信用代码)';
COMMENT ON COLUMN @extschema@.survey_sheet.owner_kind IS 'enterprise (企业, the default), park (园区), treatment_plant (污水处理厂) or other (其他)';
COMMENT ON COLUMN @extschema@.survey_sheet.user_name IS 'the user (使用者) of the outfall, the first responsible party where it differs from the owner';
COMMENT ON COLUMN @extschema@.survey_sheet.user_uscc IS 'the user''s unified social credit code';
COMMENT ON COLUMN @extschema@.survey_sheet.user_kind IS 'as owner_kind';
GRANT SELECT ON @extschema@.survey_sheet TO PUBLIC;   -- CREATE TABLE ... (LIKE ...) needs it

-- LIKE copies columns, identity, defaults, constraints, indexes and
-- comments, never triggers: the staging tables stay writable, the template
-- does not.
CREATE FUNCTION @extschema@.survey_sheet_refuse() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT
AS $$
BEGIN
    RAISE EXCEPTION 'outfall.survey_sheet is a template and holds no rows'
        USING ERRCODE = 'object_not_in_prerequisite_state',
              HINT = 'Load the sheet into a table of your own: CREATE TEMP TABLE sheet (LIKE outfall.survey_sheet INCLUDING ALL); then COPY into sheet.';
END;
$$;
COMMENT ON FUNCTION @extschema@.survey_sheet_refuse() IS
    'trigger: refuses rows in the template outfall.survey_sheet';
CREATE TRIGGER survey_sheet_template BEFORE INSERT OR UPDATE ON @extschema@.survey_sheet
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.survey_sheet_refuse();
COMMENT ON TRIGGER survey_sheet_template ON @extschema@.survey_sheet IS
    'the template holds no rows: load sheets into a table made LIKE it';

-- A sheet value as the import reads it: NFKC (full-width digits, letters and
-- punctuation to their ASCII forms, the ideographic space to a space),
-- trimmed, and empty as NULL.  Names are not read this way: they are stored
-- as written (outfall.survey_name_value).
-- Not STRICT, so that the planner inlines them (the result is NULL for NULL
-- all the same).
CREATE FUNCTION @extschema@.survey_value(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN nullif(pg_catalog.btrim(normalize($1, NFKC), E' \t\r\n'), '');
COMMENT ON FUNCTION @extschema@.survey_value(text) IS
    'a survey sheet value as the import reads it: NFKC-normalized, trimmed, NULL if empty';

CREATE FUNCTION @extschema@.survey_name_value(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN nullif(pg_catalog.btrim($1, E' \t\r\n\u3000'), '');
COMMENT ON FUNCTION @extschema@.survey_name_value(text) IS
    'a name from a survey sheet as it is stored: as written, without surrounding (also full-width) spaces, NULL if empty';

-- One sheet row read: the registration document for outfall.register()
-- (NULL when the row has problems), what the row says in normalized form
-- (to compare rows that carry the same survey id), the category and where
-- it came from, and the problems and notes for the report.
CREATE TYPE @extschema@.survey_row AS (
    line            bigint,
    survey_id       text,
    doc             jsonb,
    content         jsonb,
    code            @extschema@.outfall_code,
    category        text,
    category_source text,
    confidence      numeric,
    problems        text[],
    notes           text[]
);
COMMENT ON TYPE @extschema@.survey_row IS
    'a survey sheet row as outfall.read_survey_row() reads it: registration document (NULL if the row has problems), normalized content, category with its source and confidence, problems, notes';

-- Read and check one row.  Every problem of the row is reported, not only the
-- first, so that staff correct a row once.  The messages of the types'
-- input functions are kept as they are (with their detail), prefixed with
-- the column.  Checks that need the registry's other rows (the same survey
-- id or code on two lines, a survey id already registered) are made by
-- import_survey.
CREATE FUNCTION @extschema@.read_survey_row(r @extschema@.survey_sheet, min_confidence numeric)
    RETURNS @extschema@.survey_row
    LANGUAGE plpgsql STABLE SET search_path FROM CURRENT
AS $$
DECLARE
    res survey_row;
    p text[] := '{}';              -- problems
    n text[] := '{}';              -- notes
    sid text := survey_value(r.survey_id);
    sname text := survey_name_value(r.survey_name);
    v text;
    m text;
    d text;
    cat text;
    cat_source text;
    code_ outfall_code;
    code_cat text;
    div division_code;
    lon double precision;
    lat double precision;
    wb text;
    wbs text[];
    dname text;
    found date;
    y integer;
    mo integer;
    dd integer;
    mode text;
    lvl smallint;
    legacy boolean;
    guess category_guess;
    parties jsonb[] := '{NULL,NULL}';
    pname text;
    puscc uscc;
    pkind text;
    who text;
    i integer;
BEGIN
    IF sid IS NULL THEN
        p := p || 'survey_id is empty: every row needs the survey''s own id for the outfall (调查编号)'::text;
    END IF;
    IF sname IS NULL THEN
        p := p || 'survey_name is empty: every row needs the name the survey gave the outfall (排污口名称)'::text;
    END IF;

    -- division: the township the outfall is in
    v := survey_value(r.division);
    IF v IS NULL THEN
        p := p || 'division is empty: give the 9-digit code of the township (乡镇/街道) the outfall is in'::text;
    ELSE
        BEGIN
            div := v::division_code;
        EXCEPTION WHEN data_exception THEN
            GET STACKED DIAGNOSTICS m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL;
            p := p || format('division: %s%s', m, coalesce(' (' || nullif(rtrim(d, '.'), '') || ')', ''));
        END;
        IF div IS NOT NULL THEN
            SELECT x.name INTO dname FROM division x WHERE x.code = div;
        END IF;
        IF div IS NOT NULL AND level(div) <> 4 THEN
            p := p || format('division %s%s is a %s (%s), not a township (乡镇/街道): give the 9-digit code of the township the outfall is in',
                             div, coalesce(' (' || dname || ')', ''), level_name(div),
                             CASE level(div) WHEN 1 THEN '省级' WHEN 2 THEN '地级' WHEN 3 THEN '县级' ELSE '村级' END);
            div := NULL;
        ELSIF div IS NOT NULL AND dname IS NULL THEN
            p := p || format('division %s is not in outfall.division%s; check the code',
                             div, coalesce(' (' || division_name(code_division(div)) || ', ' || code_division(div)
                                           || ', has no such township)', ''));
            div := NULL;
        END IF;
    END IF;

    -- found_on: year first, with -, /, . or 年月日, or eight digits
    v := survey_value(r.found_on);
    IF v IS NULL THEN
        p := p || 'found_on is empty: give the date the survey found the outfall, e.g. 2023-03-01'::text;
    ELSE
        -- a time of day after the date (spreadsheets export one) says nothing more
        v := regexp_replace(v, '\s+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$', '');
        v := regexp_replace(v, '^(\d{4})年(\d{1,2})月(\d{1,2})日?$', '\1-\2-\3');
        v := regexp_replace(v, '^(\d{4})(\d{2})(\d{2})$', '\1-\2-\3');
        IF v !~ '^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$' THEN
            p := p || format('found_on "%s" is not a date written year first: write 2023-03-01, 2023/3/1 or 2023年3月1日',
                             survey_value(r.found_on));
        ELSE
            y := split_part(translate(v, '/.', '--'), '-', 1)::integer;
            mo := split_part(translate(v, '/.', '--'), '-', 2)::integer;
            dd := split_part(translate(v, '/.', '--'), '-', 3)::integer;
            IF y = 0 THEN
                p := p || format('found_on "%s" is not a date: there is no year 0', survey_value(r.found_on));
            ELSIF mo NOT BETWEEN 1 AND 12 THEN
                p := p || format('found_on "%s" is not a date: there is no month %s', survey_value(r.found_on), mo);
            ELSIF dd NOT BETWEEN 1 AND extract(day FROM make_date(y, mo, 1) + interval '1 month - 1 day') THEN
                p := p || format('found_on "%s" is not a date: %s-%s has %s days', survey_value(r.found_on),
                                 y, lpad(mo::text, 2, '0'),
                                 extract(day FROM make_date(y, mo, 1) + interval '1 month - 1 day'));
            ELSE
                found := make_date(y, mo, dd);
                IF found > current_date THEN
                    p := p || format('found_on %s is in the future', found);
                    found := NULL;
                ELSIF found < date '1949-10-01' THEN
                    p := p || format('found_on %s is before 1949-10-01, the earliest date the registry takes', found);
                    found := NULL;
                END IF;
            END IF;
        END IF;
    END IF;

    -- lon, lat: both or neither, decimal degrees inside China
    IF survey_value(r.lon) IS NOT NULL OR survey_value(r.lat) IS NOT NULL THEN
        IF survey_value(r.lon) IS NULL OR survey_value(r.lat) IS NULL THEN
            p := p || format('%s is given without %s: give both, in decimal degrees (CGCS2000), or neither',
                             CASE WHEN survey_value(r.lon) IS NULL THEN 'lat' ELSE 'lon' END,
                             CASE WHEN survey_value(r.lon) IS NULL THEN 'lon' ELSE 'lat' END);
        ELSE
            FOREACH v IN ARRAY ARRAY['lon', 'lat'] LOOP
                m := survey_value(CASE v WHEN 'lon' THEN r.lon ELSE r.lat END);
                IF m !~ '^[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$' THEN
                    p := p || format('%s "%s" is not a number: give decimal degrees, e.g. %s', v, m,
                                     CASE v WHEN 'lon' THEN '108.77' ELSE '29.53' END);
                ELSIF v = 'lon' THEN
                    lon := m::double precision;
                ELSE
                    lat := m::double precision;
                END IF;
            END LOOP;
            IF lon IS NOT NULL AND lat IS NOT NULL AND NOT (lon BETWEEN 73 AND 136 AND lat BETWEEN 3 AND 54) THEN
                IF lat BETWEEN 73 AND 136 AND lon BETWEEN 3 AND 54 THEN
                    p := p || format('lon %s, lat %s: swapped? In China the longitude is 73 to 136 and the latitude 3 to 54',
                                     survey_value(r.lon), survey_value(r.lat));
                ELSE
                    p := p || format('lon %s, lat %s is outside China: the longitude must be 73 to 136 and the latitude 3 to 54 (decimal degrees, CGCS2000)',
                                     survey_value(r.lon), survey_value(r.lat));
                END IF;
                lon := NULL;
                lat := NULL;
            END IF;
            IF lon IS NULL OR lat IS NULL THEN
                lon := NULL;
                lat := NULL;
            END IF;
        END IF;
    END IF;

    -- water_body: a code of outfall.water_body, or the name of exactly one
    v := survey_value(r.water_body);
    IF v IS NOT NULL THEN
        SELECT w.code INTO wb FROM water_body w WHERE w.code = upper(v);
        IF wb IS NULL THEN
            wbs := ARRAY(SELECT w.code FROM water_body w WHERE w.name = survey_name_value(r.water_body) ORDER BY w.code);
            IF cardinality(wbs) = 1 THEN
                wb := wbs[1];
            ELSIF cardinality(wbs) > 1 THEN
                p := p || format('water_body "%s" is the name of %s water bodies (%s): give the code of the one meant',
                                 v, cardinality(wbs), array_to_string(wbs, ', '));
            ELSE
                p := p || format('water_body "%s" is not in outfall.water_body: give the HJ 932 code of a registered water body, or add it to outfall.water_body first',
                                 v);
            END IF;
        END IF;
    END IF;

    -- category: id, type letters or class name
    v := survey_value(r.category);
    IF v IS NOT NULL THEN
        -- by id, by letters, by class name (as written, then both normalized)
        SELECT c.id INTO cat FROM category c WHERE c.id = lower(v) AND c.type_letters IS NOT NULL;
        IF cat IS NULL THEN
            SELECT c.id INTO cat FROM category c WHERE c.type_letters = upper(v);
        END IF;
        IF cat IS NULL THEN
            SELECT c.id INTO cat FROM category c WHERE c.name_zh = v AND c.type_letters IS NOT NULL
             ORDER BY c.id LIMIT 1;
        END IF;
        IF cat IS NULL THEN
            m := normalize_name(v);
            SELECT c.id INTO cat FROM category c
             WHERE c.type_letters IS NOT NULL AND normalize_name(c.name_zh) = m
             ORDER BY c.id LIMIT 1;
        END IF;
        IF cat IS NOT NULL THEN
            cat_source := 'sheet';
        ELSE
            SELECT format('category "%s" is the class %s (%s), which is divided further: give one of %s',
                          v, c.id, c.name_zh,
                          (SELECT string_agg(format('%s (%s, %s)', l.id, l.type_letters, l.name_zh), ', ' ORDER BY l.id)
                             FROM category l WHERE l.id LIKE c.id || '.%' AND l.type_letters IS NOT NULL))
              INTO m
              FROM category c
             WHERE c.type_letters IS NULL AND (c.id = lower(v) OR normalize_name(c.name_zh) = normalize_name(v))
             ORDER BY c.id LIMIT 1;
            IF m IS NULL THEN
                guess := infer_category(v);
                m := format('category "%s" is not in the catalog (outfall.category): give a category id (other.town_storm), its type letters (YS) or its class name (城镇雨洪排口)%s',
                            v, CASE WHEN guess.confidence >= 0.5
                                    THEN format('; the words suggest %s (%s)', guess.category,
                                                (SELECT c.name_zh FROM category c WHERE c.id = guess.category))
                                    ELSE '' END);
            END IF;
            p := p || m;
        END IF;
    END IF;

    -- code: must parse, and agree with the category, the township's county
    -- and the water body; what the sheet leaves empty is read from it
    v := survey_value(r.code);
    IF v IS NOT NULL THEN
        BEGIN
            code_ := v::outfall_code;
        EXCEPTION WHEN data_exception THEN
            GET STACKED DIAGNOSTICS m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL;
            p := p || format('code: %s%s', m, coalesce(' (' || nullif(rtrim(d, '.'), '') || ')', ''));
        END;
    END IF;
    IF code_ IS NOT NULL THEN
        SELECT c.id INTO code_cat FROM category c WHERE c.type_letters = type_code(code_);
        IF code_cat IS NULL THEN
            p := p || format('code %s carries type letters %s, which no category of outfall.category has',
                             code_, type_code(code_));
        ELSIF cat IS NULL AND survey_value(r.category) IS NULL THEN
            cat := code_cat;
            cat_source := 'code';
        ELSIF cat IS NOT NULL AND cat <> code_cat THEN
            p := p || format('code %s carries type letters %s (%s), but the category is %s (%s)',
                             code_, type_code(code_), code_cat,
                             cat, (SELECT c.type_letters FROM category c WHERE c.id = cat));
        END IF;
        IF div IS NOT NULL AND division(code_) <> code_division(div) THEN
            p := p || format('code %s carries division %s (%s), but township %s (%s) is in %s (%s)',
                             code_, division(code_), coalesce(division_name(division(code_)), 'not in outfall.division'),
                             div, division_name(div), code_division(div), division_name(code_division(div)));
        END IF;
        IF wb IS NOT NULL AND water_code(code_) <> wb THEN
            p := p || format('code %s carries water body %s, but the water body is %s (%s)',
                             code_, water_code(code_), wb, (SELECT w.name FROM water_body w WHERE w.code = wb));
        ELSIF wb IS NULL AND survey_value(r.water_body) IS NULL THEN
            SELECT w.code INTO wb FROM water_body w WHERE w.code = water_code(code_);
            IF wb IS NULL THEN
                p := p || format('code %s carries water body %s, which is not in outfall.water_body: add it first',
                                 code_, water_code(code_));
            END IF;
        END IF;
    END IF;

    -- no category given: inferred from the name, if the name tells enough
    IF cat IS NULL AND survey_value(r.category) IS NULL AND sname IS NOT NULL THEN
        guess := infer_category(sname);
        res.confidence := guess.confidence;
        IF guess.category IS NOT NULL AND guess.confidence >= min_confidence THEN
            cat := guess.category;
            cat_source := 'inferred';
            n := n || format('category inferred from the name: %s (%s), from "%s", confidence %s',
                             cat, (SELECT c.name_zh FROM category c WHERE c.id = cat), guess.matched, guess.confidence);
        ELSIF guess.category IS NOT NULL THEN
            n := n || format('no category: the sheet gives none and the name only suggests %s (%s), from "%s", with confidence %s, below %s; classify it (outfall.category)',
                             guess.category, (SELECT c.name_zh FROM category c WHERE c.id = guess.category),
                             guess.matched, guess.confidence, min_confidence);
        ELSE
            n := n || 'no category: the sheet gives none and no word of the name tells it; classify it (outfall.category)'::text;
        END IF;
    END IF;

    v := lower(survey_value(r.discharge_mode));
    IF v IS NOT NULL THEN
        mode := CASE
            WHEN v IN ('continuous', '连续', '连续排放') THEN 'continuous'
            WHEN v IN ('intermittent', '间歇', '间断', '间歇排放', '间断排放') THEN 'intermittent'
            WHEN v IN ('seasonal', '季节', '季节性', '季节性排放') THEN 'seasonal'
            WHEN v IN ('none', '无', '无排放', '未排放', '不排放') THEN 'none' END;
        IF mode IS NULL THEN
            p := p || format('discharge_mode "%s" is not one of continuous (连续), intermittent (间歇), seasonal (季节性), none (无)',
                             survey_value(r.discharge_mode));
        END IF;
    END IF;

    v := survey_value(r.survey_level);
    IF v IS NOT NULL THEN
        lvl := CASE translate(rtrim(v, '级'), '一二三', '123') WHEN '1' THEN 1 WHEN '2' THEN 2 WHEN '3' THEN 3 END;
        IF lvl IS NULL THEN
            p := p || format('survey_level "%s" is not 1, 2 or 3 (HJ 1232-2021: 1 remote sensing, 2 field walk, 3 key-point check)', v);
        END IF;
    END IF;

    v := lower(survey_value(r.is_legacy));
    IF v IS NOT NULL THEN
        legacy := CASE WHEN v IN ('是', 'yes', 'y', 'true', 't', '1') THEN true
                       WHEN v IN ('否', 'no', 'n', 'false', 'f', '0') THEN false END;
        IF legacy IS NULL THEN
            p := p || format('is_legacy "%s" is not yes or no (是/否)', survey_value(r.is_legacy));
        END IF;
    END IF;

    -- owner and user: name, credit code, kind
    FOR i IN 1 .. 2 LOOP
        who := CASE i WHEN 1 THEN 'owner' ELSE 'user' END;
        pname := survey_name_value(CASE i WHEN 1 THEN r.owner_name ELSE r.user_name END);
        v := survey_value(CASE i WHEN 1 THEN r.owner_uscc ELSE r.user_uscc END);
        puscc := NULL;
        IF v IS NOT NULL THEN
            BEGIN
                puscc := v::uscc;
            EXCEPTION WHEN data_exception THEN
                GET STACKED DIAGNOSTICS m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL;
                p := p || format('%s_uscc: %s%s', who, m, coalesce(' (' || nullif(rtrim(d, '.'), '') || ')', ''));
            END;
        END IF;
        v := lower(survey_value(CASE i WHEN 1 THEN r.owner_kind ELSE r.user_kind END));
        pkind := CASE
            WHEN v IS NULL THEN NULL
            WHEN v IN ('enterprise', '企业') THEN 'enterprise'
            WHEN v IN ('park', '园区') THEN 'park'
            WHEN v IN ('treatment_plant', '污水处理厂') THEN 'treatment_plant'
            WHEN v IN ('other', '其他', '其它') THEN 'other' END;
        IF v IS NOT NULL AND pkind IS NULL THEN
            p := p || format('%s_kind "%s" is not one of enterprise (企业), park (园区), treatment_plant (污水处理厂), other (其他)%s',
                             who, survey_value(CASE i WHEN 1 THEN r.owner_kind ELSE r.user_kind END),
                             CASE WHEN v IN ('government', '政府') THEN
                                 '; a government becomes the responsible party by the rule (outfall.local_government) where no owner or user is known: leave them empty'
                             ELSE '' END);
        END IF;
        IF pname IS NULL AND (survey_value(CASE i WHEN 1 THEN r.owner_uscc ELSE r.user_uscc END) IS NOT NULL
                              OR v IS NOT NULL) THEN
            p := p || format('%1$s_%2$s is given without %1$s_name: a responsible party needs its name', who,
                             CASE WHEN survey_value(CASE i WHEN 1 THEN r.owner_uscc ELSE r.user_uscc END) IS NOT NULL
                                  THEN 'uscc' ELSE 'kind' END);
        ELSIF pname IS NOT NULL THEN
            parties[i] := jsonb_strip_nulls(jsonb_build_object('name', pname, 'uscc', puscc, 'kind', pkind));
        END IF;
    END LOOP;

    res.line := r.line;
    res.survey_id := sid;
    res.problems := p;
    IF cardinality(p) = 0 THEN
        res.code := code_;
        res.category := cat;
        res.category_source := cat_source;
        IF code_ IS NULL AND (cat IS NULL OR wb IS NULL) THEN
            n := n || format('no code yet: the %s; outfall.assign_code(id) gives it once %s',
                             CASE WHEN cat IS NULL AND wb IS NULL THEN 'category and the water body are not known'
                                  WHEN cat IS NULL THEN 'category is not known'
                                  ELSE 'water body is not known' END,
                             CASE WHEN cat IS NULL AND wb IS NULL THEN 'they are set' ELSE 'it is set' END);
        END IF;
        res.notes := n;
        res.doc := jsonb_strip_nulls(jsonb_build_object(
            'survey_id', sid, 'survey_name', sname, 'code', code_, 'category', cat, 'division', div,
            'lon', lon, 'lat', lat, 'water_body', wb, 'discharge_mode', mode, 'survey_level', lvl,
            'found_on', found, 'is_legacy', legacy, 'owner', parties[1], 'user', parties[2],
            -- the ledger records the registration as of the day it was found
            'at', found::timestamptz));
        res.content := res.doc - 'at' || jsonb_build_object('survey_name', normalize_name(sname));
        FOR i IN 1 .. 2 LOOP
            who := CASE i WHEN 1 THEN 'owner' ELSE 'user' END;
            IF res.doc ? who THEN
                res.content := jsonb_set(res.content, ARRAY[who, 'name'], to_jsonb(normalize_name(res.doc #>> ARRAY[who, 'name'])));
            END IF;
        END LOOP;
    ELSE
        res.notes := '{}';
        -- what the row says, read as far as it goes: for comparing it with
        -- other rows of the same survey id
        res.content := jsonb_strip_nulls(jsonb_build_object(
            'survey_id', sid, 'survey_name', normalize_name(sname), 'code', upper(survey_value(r.code)),
            'category', survey_value(r.category), 'division', survey_value(r.division),
            'lon', survey_value(r.lon), 'lat', survey_value(r.lat), 'water_body', upper(survey_value(r.water_body)),
            'discharge_mode', survey_value(r.discharge_mode), 'survey_level', survey_value(r.survey_level),
            'found_on', survey_value(r.found_on), 'is_legacy', survey_value(r.is_legacy),
            'owner', nullif(jsonb_strip_nulls(jsonb_build_object('name', normalize_name(r.owner_name),
                    'uscc', upper(survey_value(r.owner_uscc)), 'kind', survey_value(r.owner_kind))), '{}'),
            'user', nullif(jsonb_strip_nulls(jsonb_build_object('name', normalize_name(r.user_name),
                    'uscc', upper(survey_value(r.user_uscc)), 'kind', survey_value(r.user_kind))), '{}')));
    END IF;
    RETURN res;
END;
$$;
COMMENT ON FUNCTION @extschema@.read_survey_row(@extschema@.survey_sheet, numeric) IS
    'read and check one survey sheet row: the registration document for outfall.register(), or every problem of the row; infers a missing category from the name at min_confidence or above';

-- How a registered outfall differs from what a sheet row says of it, for the
-- keys the row gives (an inferred category is not the sheet's word and is
-- not compared); NULL if it does not.
CREATE FUNCTION @extschema@.survey_row_differences(o @extschema@.outfall, doc jsonb, category_source text)
    RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT
AS $$
DECLARE
    diffs text[] := '{}';
    k text;
    reg jsonb;
    pt party;
BEGIN
    reg := jsonb_build_object(
        'survey_name', o.survey_name, 'code', o.code, 'category', o.category, 'division', o.division,
        'lon', ST_X(o.geom), 'lat', ST_Y(o.geom), 'water_body', o.water_body,
        'discharge_mode', o.discharge_mode, 'survey_level', o.survey_level, 'found_on', o.found_on,
        'is_legacy', o.is_legacy);
    FOREACH k IN ARRAY ARRAY['survey_name', 'division', 'found_on', 'code', 'category', 'water_body',
                             'lon', 'lat', 'discharge_mode', 'survey_level', 'is_legacy'] LOOP
        CONTINUE WHEN NOT doc ? k OR (k = 'category' AND category_source = 'inferred');
        IF (CASE WHEN k = 'survey_name' THEN normalize_name(o.survey_name) IS DISTINCT FROM normalize_name(doc ->> k)
                 ELSE reg -> k IS DISTINCT FROM doc -> k END) THEN
            diffs := diffs || format('%s: registered %s, this row %s', k, coalesce(reg ->> k, 'none'), doc ->> k);
        END IF;
    END LOOP;
    FOREACH k IN ARRAY ARRAY['owner', 'user'] LOOP
        CONTINUE WHEN NOT doc ? k;
        SELECT x.* INTO pt FROM party x
         WHERE x.id = CASE k WHEN 'owner' THEN o.owner_id ELSE o.user_id END;
        IF pt.id IS NULL
           OR (CASE WHEN doc -> k ? 'uscc' THEN pt.uscc::text IS DISTINCT FROM doc #>> ARRAY[k, 'uscc']
                    ELSE normalize_name(pt.name) <> normalize_name(doc #>> ARRAY[k, 'name']) END) THEN
            diffs := diffs || format('%s: registered %s, this row %s', k,
                                     coalesce(pt.name || coalesce(' ' || pt.uscc, ''), 'none'),
                                     (doc #>> ARRAY[k, 'name']) || coalesce(' ' || (doc #>> ARRAY[k, 'uscc']), ''));
        END IF;
    END LOOP;
    RETURN nullif(array_to_string(diffs, '; '), '');
END;
$$;
COMMENT ON FUNCTION @extschema@.survey_row_differences(@extschema@.outfall, jsonb, text) IS
    'how a registered outfall differs from a survey sheet row''s registration document (names compared normalized), NULL if not at all';

-- Register one checked row, unless its survey id is registered already
-- (then it is unchanged, or refused if the registry says otherwise) or its
-- code is another outfall's (refused).  What register() refuses is raised,
-- for import_survey to roll back.
CREATE FUNCTION @extschema@.register_survey_row(rw @extschema@.survey_row,
                                                OUT outcome text, OUT outfall_id bigint,
                                                OUT code @extschema@.outfall_code, OUT category text,
                                                OUT reason text)
    LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT
AS $$
DECLARE
    o outfall;
    m text;
BEGIN
    SELECT * INTO o FROM outfall x WHERE x.survey_id = rw.survey_id;
    IF FOUND THEN
        m := survey_row_differences(o, rw.doc, rw.category_source);
        IF m IS NULL THEN
            outcome := 'unchanged';
            outfall_id := o.id;
            code := o.code;
            category := o.category;
        ELSE
            outcome := 'refused';
            reason := format('survey id "%s" is already registered, as outfall %s, with other content: %s',
                             rw.survey_id, outfall_label(o.code, NULL, o.id), m);
        END IF;
        RETURN;
    END IF;
    IF rw.code IS NOT NULL THEN
        SELECT * INTO o FROM outfall x WHERE x.code = rw.code;
        IF FOUND THEN
            outcome := 'refused';
            reason := format('code %s is already the code of another outfall, survey id "%s"', rw.code, o.survey_id);
            RETURN;
        END IF;
    END IF;
    code := register(rw.doc);
    outcome := 'loaded';
    category := rw.category;
    SELECT x.id INTO outfall_id FROM outfall x WHERE x.survey_id = rw.survey_id;
END;
$$;
COMMENT ON FUNCTION @extschema@.register_survey_row(@extschema@.survey_row) IS
    'register one checked survey sheet row through outfall.register(): loaded, unchanged (registered before with the same content) or refused (registered with other content, or its code taken); raises what register() refuses';

CREATE FUNCTION @extschema@.import_survey(sheet regclass, header boolean DEFAULT true,
                                          all_or_nothing boolean DEFAULT false,
                                          min_confidence numeric DEFAULT 0.8)
    RETURNS TABLE (line bigint, survey_id text, outcome text, outfall_id bigint,
                   code @extschema@.outfall_code, category text, category_source text,
                   confidence numeric, reason text)
    LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT
AS $$
#variable_conflict use_column
DECLARE
    required CONSTANT text[] := '{line,survey_id,survey_name,division,found_on}';
    batch_size CONSTANT integer := 100;
    template text[];
    present text[];
    missing text;
    unknown text;
    cols text;
    offs integer := CASE WHEN header THEN 1 ELSE 0 END;
    -- one element per sheet row, in order of line
    rows_ survey_row[] := '{}';
    outcomes text[] := '{}';
    ids bigint[] := '{}';
    codes outfall_code[] := '{}';
    cats text[] := '{}';
    reasons text[] := '{}';
    dup_of integer[] := '{}';          -- a repeated record: the element of its first line
    todo integer[] := '{}';            -- the elements to register: hand-coded first
    todo_plain integer[] := '{}';
    batch integer[];
    res record;
    x record;
    n integer := 0;
    i integer;
    m text;
    refused boolean := false;
BEGIN
    IF sheet IS NULL THEN
        RAISE EXCEPTION 'import_survey needs a sheet: a table or view shaped like outfall.survey_sheet'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF header IS NULL OR all_or_nothing IS NULL THEN
        RAISE EXCEPTION 'import_survey: header and all_or_nothing must be true or false'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF min_confidence IS NULL OR min_confidence NOT BETWEEN 0 AND 1 THEN
        RAISE EXCEPTION 'import_survey: min_confidence must be from 0 to 1, not %', coalesce(min_confidence::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'It is the least confidence of outfall.infer_category() at which a missing category is taken from the name.';
    END IF;

    -- The sheet's columns: the required ones present, none the import does
    -- not know (its values would be dropped without a word), the others
    -- optional.
    template := ARRAY(SELECT a.attname::text FROM pg_attribute a
                       WHERE a.attrelid = '@extschema@.survey_sheet'::regclass AND a.attnum > 0 AND NOT a.attisdropped
                       ORDER BY a.attnum);
    present := ARRAY(SELECT a.attname::text FROM pg_attribute a
                      WHERE a.attrelid = sheet AND a.attnum > 0 AND NOT a.attisdropped
                      ORDER BY a.attnum);
    SELECT string_agg(k, ', ' ORDER BY array_position(template, k)) INTO missing
      FROM unnest(required) k WHERE k <> ALL (present);
    SELECT string_agg(k, ', ' ORDER BY array_position(present, k)) INTO unknown
      FROM unnest(present) k WHERE k <> ALL (template);
    IF missing IS NOT NULL OR unknown IS NOT NULL THEN
        RAISE EXCEPTION 'sheet % %', sheet,
                concat_ws(' and ',
                          'lacks the column' || CASE WHEN missing LIKE '%,%' THEN 's ' ELSE ' ' END || missing,
                          'has the column' || CASE WHEN unknown LIKE '%,%' THEN 's ' ELSE ' ' END || unknown
                              || ', which the import does not know')
            USING ERRCODE = 'undefined_column',
                  DETAIL = format('A sheet has the columns %s, and may have %s.', array_to_string(required, ', '),
                                  (SELECT string_agg(k, ', ' ORDER BY o) FROM unnest(template) WITH ORDINALITY t(k, o)
                                    WHERE k <> ALL (required))),
                  HINT = 'Create it with CREATE TEMP TABLE sheet (LIKE outfall.survey_sheet INCLUDING ALL), or pass a view that gives its columns these names.';
    END IF;
    SELECT string_agg(CASE WHEN k <> ALL (present) THEN 'NULL'
                           WHEN k = 'line' THEN 's.line::bigint'
                           ELSE format('s.%I::text', k) END, ', ' ORDER BY o)
      INTO cols FROM unnest(template) WITH ORDINALITY t(k, o);

    -- Read every row, once, in order of line, and find what concerns
    -- several rows: one survey id on several lines (the same record, names
    -- compared normalized, is loaded once; different records are all
    -- refused, since the sheet does not say which one is right), and one
    -- code given to different survey ids.
    FOR x IN EXECUTE format($q$
        WITH r AS MATERIALIZED (
            SELECT row_number() OVER (ORDER BY x.line) AS n, x AS rw, x.*
              FROM %s AS s
             CROSS JOIN LATERAL @extschema@.read_survey_row(ROW(%s)::@extschema@.survey_sheet, $1) x
        ), same_id AS (
            SELECT r.survey_id, min(r.n) AS first, count(DISTINCT r.content) AS versions,
                   string_agg((r.line + $2)::text, ', ' ORDER BY r.line) AS lines
              FROM r WHERE r.survey_id IS NOT NULL
             GROUP BY r.survey_id HAVING count(*) > 1
        ), same_code AS (
            SELECT r.code, string_agg((r.line + $2)::text, ', ' ORDER BY r.line) AS lines,
                   string_agg(DISTINCT '"' || r.survey_id || '"', ', ') AS survey_ids
              FROM r WHERE r.code IS NOT NULL AND r.survey_id IS NOT NULL
             GROUP BY r.code HAVING count(DISTINCT r.survey_id) > 1
        )
        SELECT r.n, r.rw, r.line,
               CASE WHEN i.versions > 1 THEN
                   format('survey id "%%s" is on lines %%s with other content (%%s differ): which is right?',
                          r.survey_id, i.lines,
                          (SELECT string_agg(DISTINCT e.key, ', ')
                             FROM r r2, jsonb_each(r2.content) e
                            WHERE r2.survey_id = r.survey_id
                              AND EXISTS (SELECT FROM r r3 WHERE r3.survey_id = r.survey_id
                                                              AND r3.content -> e.key IS DISTINCT FROM e.value)))
               END AS id_conflict,
               CASE WHEN i.versions = 1 AND r.n > i.first THEN i.first END AS dup_of,
               CASE WHEN c.code IS NOT NULL THEN
                   format('code %%s is given on lines %%s for different survey ids (%%s)', r.code, c.lines, c.survey_ids)
               END AS code_conflict
          FROM r
          LEFT JOIN same_id i ON i.survey_id = r.survey_id
          LEFT JOIN same_code c ON c.code = r.code
         ORDER BY r.n
        $q$, sheet, cols) USING min_confidence, offs
    LOOP
        IF x.line IS NULL THEN
            RAISE EXCEPTION 'sheet % has rows without a line number', sheet
                USING ERRCODE = 'not_null_violation',
                      HINT = 'The column line numbers the rows as COPY reads them (an identity column, as in outfall.survey_sheet).';
        ELSIF x.line = rows_[n].line THEN
            RAISE EXCEPTION 'sheet % has line % more than once', sheet, x.line
                USING ERRCODE = 'unique_violation',
                      HINT = 'The column line numbers the rows as COPY reads them (an identity column, as in outfall.survey_sheet).';
        END IF;
        n := n + 1;
        rows_[n] := x.rw;
        cats[n] := rows_[n].category;
        ids[n] := NULL;
        codes[n] := NULL;
        dup_of[n] := x.dup_of;
        reasons[n] := nullif(concat_ws('; ', x.id_conflict, x.code_conflict,
                                       nullif(array_to_string(rows_[n].problems, '; '), '')), '');
        outcomes[n] := CASE WHEN reasons[n] IS NOT NULL THEN 'refused' END;
        IF outcomes[n] IS NULL AND dup_of[n] IS NULL THEN
            IF rows_[n].code IS NOT NULL THEN
                todo := todo || n;
            ELSE
                todo_plain := todo_plain || n;
            END IF;
        END IF;
    END LOOP;
    -- rows with a code written by hand go first, so that the codes
    -- allocated to the others are numbered past them
    todo := todo || todo_plain;

    -- Register.  Each row loads whole or not at all: the rows go in batches,
    -- each in a subtransaction; when register() refuses a row of a batch,
    -- the batch is rolled back and its rows are registered again, each in a
    -- subtransaction of its own.  (A subtransaction for every row would
    -- cost half as much time again, and a transaction id for every row.)
    -- With all_or_nothing the whole of it is a subtransaction, rolled back
    -- if any row is refused.
    BEGIN
        FOR b IN 0 .. ceil(cardinality(todo) / batch_size::numeric)::integer - 1 LOOP
            batch := todo[b * batch_size + 1 : (b + 1) * batch_size];
            BEGIN
                FOREACH i IN ARRAY batch LOOP
                    SELECT * INTO res FROM register_survey_row(rows_[i]);
                    outcomes[i] := res.outcome;
                    ids[i] := res.outfall_id;
                    codes[i] := res.code;
                    cats[i] := coalesce(res.category, rows_[i].category);
                    reasons[i] := res.reason;
                END LOOP;
            EXCEPTION WHEN OTHERS THEN
                FOREACH i IN ARRAY batch LOOP
                    BEGIN
                        SELECT * INTO res FROM register_survey_row(rows_[i]);
                        outcomes[i] := res.outcome;
                        ids[i] := res.outfall_id;
                        codes[i] := res.code;
                        cats[i] := coalesce(res.category, rows_[i].category);
                        reasons[i] := res.reason;
                    EXCEPTION WHEN OTHERS THEN
                        GET STACKED DIAGNOSTICS m = MESSAGE_TEXT;
                        outcomes[i] := 'refused';
                        ids[i] := NULL;
                        codes[i] := NULL;
                        cats[i] := rows_[i].category;
                        reasons[i] := m;
                    END;
                END LOOP;
            END;
        END LOOP;
        IF all_or_nothing AND 'refused' = ANY (outcomes) THEN
            RAISE EXCEPTION USING ERRCODE = 'OISR1';      -- caught just below
        END IF;
    EXCEPTION WHEN SQLSTATE 'OISR1' THEN
        refused := true;
    END;

    -- The report, one row for each sheet row.  A repeated record shares the
    -- outcome of its first line.
    FOR i IN 1 .. n LOOP
        m := coalesce(outcomes[i], outcomes[dup_of[i]]);
        line := rows_[i].line + offs;
        survey_id := rows_[i].survey_id;
        outcome := CASE WHEN m = 'loaded' AND refused THEN 'not loaded'
                        WHEN m = 'loaded' AND dup_of[i] IS NOT NULL THEN 'unchanged'
                        ELSE m END;
        outfall_id := CASE WHEN outcome IN ('loaded', 'unchanged') THEN coalesce(ids[i], ids[dup_of[i]]) END;
        code := CASE WHEN outcome IN ('loaded', 'unchanged') THEN coalesce(codes[i], codes[dup_of[i]]) END;
        category := CASE WHEN outcome <> 'refused' THEN coalesce(cats[i], cats[dup_of[i]]) END;
        category_source := CASE WHEN category = rows_[i].category THEN rows_[i].category_source END;
        confidence := rows_[i].confidence;
        reason := CASE
            WHEN dup_of[i] IS NOT NULL
                THEN concat_ws(': ', format('the same record as line %s', rows_[dup_of[i]].line + offs), reasons[dup_of[i]])
            WHEN outcome = 'unchanged' THEN NULL
            WHEN outcome = 'not loaded'
                THEN concat_ws('; ', 'not loaded: other rows are refused (all_or_nothing)',
                               nullif(array_to_string(rows_[i].notes, '; '), ''))
            ELSE coalesce(reasons[i], nullif(array_to_string(rows_[i].notes, '; '), '')) END;
        RETURN NEXT;
    END LOOP;
END;
$$;
COMMENT ON FUNCTION @extschema@.import_survey(regclass, boolean, boolean, numeric) IS
    'import a survey sheet (a table shaped like outfall.survey_sheet): check every row, infer missing categories from the name (at min_confidence or above), register the good rows (each whole or not at all; with all_or_nothing, none if any row is refused) and report every row by its file line: loaded, unchanged, refused or not loaded, and why';
