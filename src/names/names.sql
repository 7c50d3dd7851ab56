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
