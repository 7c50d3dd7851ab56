-- names: outfall names (排污口名称) as staff type them.  normalize_name folds
-- the ways one name gets typed to one form; pinyin and pinyin_initials read
-- it in Latin letters; find_outfalls searches by characters, pinyin or
-- initials through a trigram index; zh_pinyin sorts in pinyin order.
SET search_path = outfall, public;
\set SHOW_CONTEXT never

------------------------------------------------------------------------------
-- normalize_name
------------------------------------------------------------------------------

-- ordinary use: full-width forms become ASCII, traditional characters
-- simplified, whitespace goes, brackets and dashes take one form, quotes and
-- list marks go, Latin letters are uppercased
SELECT typed, normalize_name(typed)
  FROM (VALUES ('三板湖污水处理厂排污口'),
               ('１＃排污口'),
               ('汙水處理廠'),
               ('阿蓬江　黔江区 三板湖（二期）排口'),
               ('【雨水】排口〔2024〕12号'),
               ('“城南”《排口》、北站；东侧·西侧。'),
               ('Ａ段——ｂ段－C段–d段'),
               ('1.5公里处…排口'),
               ('①号排口'),
               ('ＡＢＣ化工有限公司ｋ12+300处')) v(typed);

-- the same name typed by different staff compares equal; the last four
-- pairs are different names and stay different (1号 and 1# are not folded
-- into each other, see doc/names.md)
SELECT a, b, normalize_name(a) = normalize_name(b) AS same
  FROM (VALUES ('三板湖污水处理厂1#排污口', '三板湖污水處理廠 １＃ 排污口'),
               ('城南（二期）排口', '城南【二期】排口'),
               ('城南(二期)排口', '城南 [ 二期 ] 排口'),
               ('“城南”排口', '「城南」排口'),
               ('A段-B段', 'ａ段——ｂ段'),
               ('1.5公里处排口', '１.５公里处排口。'),
               ('城南排口', E'城南\u00A0排口\u200B'),
               ('乾县排口', '乾縣排口'),
               ('1#排污口', '11#排污口'),
               ('1.5公里处', '15公里处'),
               ('三板湖排口', '三坂湖排口'),
               ('1#排口', '1号排口')) v(a, b);

-- folding twice changes nothing
SELECT count(*) FILTER (WHERE normalize_name(n) <> normalize_name(normalize_name(n))) AS changed_twice
  FROM (VALUES ('１＃排污口　（Ａ）'), ('“汙水”處理廠——1.5km'), ('Café ｃａｆé'), ('〔2024〕')) v(n);

-- 乾 stays: it is a character of place names (乾县, 乾安县) that ICU's
-- Traditional-Simplified would make 干; other traditional characters go
SELECT normalize_name('乾安县乾淨排口');

-- edge cases: the empty string, NULL (the functions are STRICT), a name of
-- nothing but spaces and punctuation, invisible characters
SELECT normalize_name('') AS empty, normalize_name(NULL) AS null,
       normalize_name(E' \u3000“”。、 ') AS punctuation,
       normalize_name(E'城\u200B南\uFEFF排\u00AD口') AS invisible;

------------------------------------------------------------------------------
-- pinyin and pinyin_initials
------------------------------------------------------------------------------

-- ordinary use: real outfall names; digits and Latin letters are kept,
-- punctuation is dropped
SELECT name, pinyin(name), pinyin_initials(name)
  FROM (VALUES ('三板湖污水处理厂排污口'),
               ('阿蓬江黔江区三板湖污水处理厂排污口'),
               ('头屯河乌鲁木齐县水西沟镇城镇生活污水散排口'),
               ('城南污水处理厂1#排口'),
               ('ABC化工有限公司K12+300处雨水口'),
               ('汙水處理廠'),
               ('１＃排污口')) v(name);

-- ü is written v, as typed on a Chinese keyboard; the tone marks go
SELECT pinyin('绿水村吕家沟'), pinyin_initials('绿水村吕家沟');

-- characters of more than one reading (多音字): ICU reads 重庆 chongqing
-- (a word it knows), but 长江 zhangjiang and 长寿 zhangshou
SELECT name, pinyin(name), pinyin_initials(name)
  FROM (VALUES ('重庆市'), ('重'), ('长江'), ('长寿区'), ('沈阳'), ('银行')) v(name);

-- edge cases: empty, NULL, no Han characters, nothing readable
SELECT pinyin('') AS empty, pinyin(NULL) AS null, pinyin('K12+300') AS latin,
       pinyin_initials('“”、。') AS punctuation;

-- a long name is read whole
SELECT length(normalize_name(n)) AS normalized, length(pinyin(n)) AS pinyin,
       pinyin_initials(n) = repeat('wsclc', 20000) AS initials
  FROM (SELECT repeat('汙水處理廠 ', 20000) AS n) s;

-- refusals: a name longer than the functions take (54000)
SELECT normalize_name(repeat('x', 40000000));
SELECT :'SQLSTATE' AS sqlstate;

-- the labels: IMMUTABLE (for a given ICU version), STRICT, PARALLEL SAFE
SELECT p.oid::regprocedure AS function, p.provolatile, p.proisstrict, p.proparallel
  FROM pg_proc p
 WHERE p.pronamespace = 'outfall'::regnamespace
   AND p.proname IN ('normalize_name', 'pinyin', 'pinyin_initials', 'search_key', 'find_outfalls')
 ORDER BY 1::text;

------------------------------------------------------------------------------
-- search
------------------------------------------------------------------------------

-- the key: the normalized name in lowercase, its pinyin, its initials
SELECT search_key('三板湖污水处理厂1#排污口'), search_key('三板湖村排口', NULL),
       search_key('') AS empty;

-- Outfalls for the searches, rolled back at the end of this part so that
-- the tests after this file see the registry as it was.  The ids are given
-- so that the identity sequence is not used; the results below show only
-- these outfalls (ids from 900001), whatever the registry holds besides.
BEGIN;
INSERT INTO outfall (id, survey_name, name, division, found_on) VALUES
    (900001, '三板湖污水厂排口', '阿蓬江黔江区三板湖污水处理厂排污口', '500114002', '2023-03-01'),
    (900002, '三板湖村排口', NULL, '500114002', '2023-03-02'),
    (900003, '城南1#排口', '阿蓬江黔江区城南污水处理厂城镇污水处理厂排污口', '500114002', '2023-03-03'),
    (900004, '汙水處理廠東側排口', NULL, '500114002', '2023-03-04'),
    (900005, '重庆北站雨水口', NULL, '500114002', '2023-03-05'),
    (900006, '安居镇50%排口', NULL, '500114002', '2023-03-06');

-- by initials, pinyin or characters, also in the middle of the standard
-- name (阿蓬江黔江区三板湖...); full-width and traditional queries alike
SELECT id, name, survey_name, match_kind FROM find_outfalls('sbh') WHERE id > 900000;
SELECT id, name, survey_name, match_kind FROM find_outfalls('sanbanhu') WHERE id > 900000;
SELECT id, name, survey_name, match_kind FROM find_outfalls('三板湖') WHERE id > 900000;
SELECT id, name, survey_name, match_kind FROM find_outfalls('ＳＢＨ') WHERE id > 900000;
SELECT id, name, survey_name, match_kind FROM find_outfalls('黔江区三板湖') WHERE id > 900000;
SELECT id, name, survey_name, match_kind FROM find_outfalls('汙水處理') WHERE id > 900000;
SELECT id, name, survey_name, match_kind FROM find_outfalls('cqbz') WHERE id > 900000;

-- best first: the whole name, pinyin or initials (exact), then the start of
-- one (prefix), then inside (infix); each in pinyin order
SELECT id, name, survey_name, match_kind FROM find_outfalls('三板湖村排口') WHERE id > 900000;
SELECT id, name, survey_name, match_kind FROM find_outfalls('paikou') WHERE id > 900000;

-- max_rows keeps the best
SELECT id, survey_name, match_kind FROM find_outfalls('sanbanhu', 1);

-- a query of one or two characters makes no trigram: the answer is found
-- all the same, by reading every outfall's key
SELECT id, name, survey_name, match_kind FROM find_outfalls('1#') WHERE id > 900000;
SELECT id, name, survey_name, match_kind FROM find_outfalls('北') WHERE id > 900000;

-- LIKE's % and _ in a query are plain characters
SELECT id, survey_name, match_kind FROM find_outfalls('50%') WHERE id > 900000;
SELECT id, survey_name, match_kind FROM find_outfalls('5_%') WHERE id > 900000;

-- a query that folds to nothing, or NULL, finds nothing
SELECT count(*) AS found FROM find_outfalls('');
SELECT count(*) AS found FROM find_outfalls('“ ”、');
SELECT count(*) AS found FROM find_outfalls(NULL);

-- The index: find_outfalls is inlined into the query, its pattern folded to
-- a constant, and the trigram index outfall_name_search_idx finds the rows
-- (seq scans off, as the table is small here).  The plan's scan nodes:
CREATE FUNCTION pg_temp.scans(query text) RETURNS SETOF text
    LANGUAGE plpgsql AS $$
DECLARE
    line text;
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
        IF line ~ '(Seq|Index|Heap) Scan' THEN
            RETURN NEXT regexp_replace(line, '^ *(-> *)?', '');
        END IF;
    END LOOP;
END;
$$;
SET enable_seqscan = off;
SELECT pg_temp.scans($$SELECT * FROM find_outfalls('sbh')$$) AS sbh;
SELECT pg_temp.scans($$SELECT * FROM find_outfalls('三板湖')$$) AS chinese;
-- the whole plan, with the condition on the indexed expression
EXPLAIN (COSTS OFF)
SELECT id FROM outfall WHERE search_key(survey_name, name) LIKE '%sanbanhu%';
RESET enable_seqscan;
ROLLBACK;

-- refusals: a negative max_rows (2201W)
SELECT * FROM find_outfalls('sbh', -1);
SELECT :'SQLSTATE' AS sqlstate;

------------------------------------------------------------------------------
-- zh_pinyin
------------------------------------------------------------------------------

-- ordinary use: pinyin order for reports, against code point order ("C").
-- A character on its own sorts in its first reading: 长 as zhǎng and 重 as
-- zhòng, so both after 黔 (qián)
SELECT string_agg(x, ' ' ORDER BY x COLLATE zh_pinyin) AS pinyin_order,
       string_agg(x, ' ' ORDER BY x COLLATE "C") AS code_point_order
  FROM unnest('{重,黔,长,北,安}'::text[]) x;

-- names in a report: the collation knows 重庆 (chóng), as pinyin() does, but
-- reads 长寿 zhǎng like pinyin()
SELECT name, pinyin(name) FROM (VALUES ('长寿区'), ('重庆市'), ('黔江区'), ('北碚区'),
                                       ('安居镇'), ('常州市'), ('中山市')) v(name)
 ORDER BY name COLLATE zh_pinyin;
