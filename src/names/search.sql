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
