-- infer_category: the category (排污口分类, HJ 1312-2023) of an outfall
-- guessed from its survey name, with a confidence and the words that decided
SET search_path = outfall, public;
\set SHOW_CONTEXT never

-- ordinary use: names as staff write them.  For a set of names, call it in
-- FROM (LATERAL): it returns one row per name.
SELECT n.name, g.category, g.confidence, g.matched
  FROM (VALUES (1, '长江武汉市江岸区谌家矶城镇污水集中处理设施排污口'),
               (2, '阿蓬江黔江区正阳工业园区污水处理厂排污口'),
               (3, '长江武汉段1#入江其他排口'),
               (4, '头屯河昌吉市某某化工有限公司1#工矿企业排污口'),
               (5, '龙江柳城县凤山糖厂生产废水排污口'),
               (6, '三屯河昌吉市某某公司雨水排口'),
               (7, '长江武汉市江岸区二七路雨水排口'),
               (8, '唐岩河黔江区某某养殖场排污口'),
               (9, '长江武汉市武昌区某某小区排水口'),
               (10, '阿蓬江黔江区石会镇红岩村生活污水排口'),
               (11, '查干湖前郭县前郭灌区退水口'),
               (12, '长江武汉市江岸区某某码头排口'),
               (13, '柳江柳城县某某纸业有限公司排口'),
               (14, '融江柳城县某某村1号排口'),
               (15, '长江武汉市汉阳区鹦鹉洲排口')) n(i, name),
       LATERAL infer_category(n.name) g
 ORDER BY n.i;

-- one name; the category is a leaf of the catalog, with its type letters
SELECT g.*, c.name_zh, c.type_letters
  FROM infer_category('松花江桦甸市某某尾矿库排水口') g
  JOIN category c ON c.id = g.category;

-- the word nearest the end of the name decides; words before it say whose
-- the outfall is: a park, an enterprise, a mine, a tailings pond, a street
SELECT n.name, g.category, g.confidence, g.matched
  FROM (VALUES (1, '某某工业园区污水处理厂排污口'),
               (2, '某某污水处理厂排污口'),
               (3, '某某村污水处理厂排污口'),
               (4, '某某工业园区雨水排口'),
               (5, '某某工业园区某某食品有限公司雨水排口'),
               (6, '某某化工园区污水处理厂雨水排口'),
               (7, '某某煤矿雨水排口'),
               (8, '某某矿业有限公司雨水排口'),
               (9, '某某尾矿库排水口'),
               (10, '某某尾矿库雨水排口'),
               (11, '某某小区雨水排口'),
               (12, '某某雨水排口'),
               (13, '某某码头雨水排口'),
               (14, '某某养殖场排污口'),
               (15, '某某水产养殖场排污口'),
               (16, '某某规模以下畜禽养殖排污口')) n(i, name),
       LATERAL infer_category(n.name) g
 ORDER BY n.i;

-- the confidence: another word for the same category raises it (灌区 for
-- 退水); a word for another category before the deciding one lowers it
-- (码头 before 某某公司生活污水); a party or place alone (公司, 村) is only a
-- hint, below 0.5; nothing to go by is no category and 0
SELECT n.name, g.category, g.confidence, g.matched
  FROM (VALUES (1, '某某农田退水口'),
               (2, '某某灌区退水口'),
               (3, '某某公司生活污水排口'),
               (4, '某某码头某某公司生活污水排口'),
               (5, '某某养殖场雨水排口'),
               (6, '某某化工有限公司排口'),
               (7, '某某村排口'),
               (8, '长江武汉市3#排口')) n(i, name),
       LATERAL infer_category(n.name) g
 ORDER BY n.i;

-- the words are data: what ships, by category
SELECT k.category, c.type_letters, count(*) AS rules,
       count(*) FILTER (WHERE k.hint) AS hints,
       count(*) FILTER (WHERE k.context <> '{}') AS with_context
  FROM category_keyword k JOIN category c ON c.id = k.category
 GROUP BY k.category, c.type_letters
 ORDER BY k.category COLLATE "C";
-- every rule points at a leaf, and is shipped; only the rows a DBA adds are dumped
SELECT count(*) AS rules, count(*) FILTER (WHERE c.type_letters IS NULL) AS not_a_leaf,
       count(*) FILTER (WHERE NOT k.shipped) AS not_shipped
  FROM category_keyword k JOIN category c ON c.id = k.category;
SELECT c.relname, x.condition
  FROM pg_extension e, unnest(e.extconfig, e.extcondition) x(config, condition)
  JOIN pg_class c ON c.oid = x.config
 WHERE e.extname = 'outfall' AND c.relname = 'category_keyword';
-- the rules for rain: the context word says whose rain it is
SELECT pattern, context, category, confidence
  FROM category_keyword
 WHERE pattern = '雨水'
 ORDER BY category COLLATE "C";

-- a DBA adds words: they are stored as normalize_name() writes names
-- (traditional 車 and 場 become 车 and 场) and used at once
INSERT INTO category_keyword (pattern, category, confidence, note)
VALUES ('洗車場', 'industrial.enterprise.factory', 0.70, 'car washes let out oily water');
INSERT INTO category_keyword (pattern, context, category, confidence)
VALUES ('雨水', '{洗車場}', 'industrial.storm.factory', 0.80);
SELECT pattern, context, category, confidence, hint, shipped
  FROM category_keyword WHERE NOT shipped ORDER BY pattern COLLATE "C";
SELECT n.name, g.category, g.confidence, g.matched
  FROM (VALUES (1, '长江武汉市某某洗车场排口'), (2, '长江武汉市某某洗车场雨水排口')) n(i, name),
       LATERAL infer_category(n.name) g
 ORDER BY n.i;
DELETE FROM category_keyword WHERE NOT shipped;

-- refusals: a class that is split further (outfalls carry leaves), an
-- unknown category, a hint that claims as much as a category word, a word
-- that normalizes to nothing
INSERT INTO category_keyword (pattern, category, confidence) VALUES ('工业', 'industrial', 0.50);
INSERT INTO category_keyword (pattern, category, confidence) VALUES ('洗车', 'industrial.carwash', 0.50);
INSERT INTO category_keyword (pattern, category, confidence, hint) VALUES ('洗车', 'industrial.enterprise.factory', 0.80, true);
INSERT INTO category_keyword (pattern, category, confidence) VALUES ('　', 'other.misc', 0.50);
INSERT INTO category_keyword (pattern, context, category, confidence) VALUES ('洗车', '{""}', 'other.misc', 0.50);
SELECT count(*) AS not_shipped FROM category_keyword WHERE NOT shipped;

-- the corpus: survey names as staff write them (test/data/infer_corpus.tsv),
-- each with the category an expert gives it and the kind of name it is:
--   word   a clear category word (污水处理厂, 雨水, 码头, 生产废水 ...)
--   vague  a word of two categories or of unknown scale (养殖场, 泵站, 鱼塘)
--   hint   only a party or a place (某某有限公司, 某某村)
--   none   nothing to go by (river, division and a number): no category
CREATE TEMP TABLE corpus (line serial, name text NOT NULL, expected text, kind text NOT NULL);
\copy corpus (name, expected, kind) FROM 'test/data/infer_corpus.tsv' (FORMAT csv, DELIMITER E'\t', HEADER)
CREATE TEMP TABLE guess AS
SELECT c.line, c.name, c.expected, c.kind, g.category, g.confidence, g.matched,
       g.category IS NOT DISTINCT FROM c.expected AS right_
  FROM corpus c, LATERAL infer_category(c.name) g;
SELECT count(*) AS names, count(DISTINCT name) AS distinct_names,
       count(*) FILTER (WHERE expected IS NOT NULL
                          AND NOT EXISTS (SELECT FROM category x WHERE x.id = expected AND x.type_letters IS NOT NULL))
         AS expected_not_a_leaf
  FROM corpus;

-- (a) a readable sample: the first two names of each expected category
SELECT name, category, confidence, matched, CASE WHEN right_ THEN '' ELSE 'WRONG' END AS check
  FROM (SELECT g.*, row_number() OVER (PARTITION BY expected ORDER BY line) AS i FROM guess g) s
 WHERE i <= 2
 ORDER BY expected COLLATE "C" NULLS LAST, line;

-- (b) accuracy by expected category
SELECT coalesce(expected, '(none)') AS expected, count(*) AS names,
       count(*) FILTER (WHERE right_) AS right_, count(*) FILTER (WHERE NOT right_) AS wrong
  FROM guess
 GROUP BY expected
 ORDER BY expected COLLATE "C" NULLS LAST;
SELECT count(*) AS names, count(*) FILTER (WHERE right_) AS right_,
       round(100.0 * count(*) FILTER (WHERE right_) / count(*), 1) AS percent
  FROM guess;

-- (c) the confidence says how much the name says: a clear category word
-- 0.6 and more, a vague word 0.5 to 0.7, a hint below 0.5, nothing 0
SELECT kind, count(*) AS names, min(confidence), max(confidence),
       CASE kind WHEN 'word' THEN bool_and(confidence >= 0.6)
                 WHEN 'vague' THEN bool_and(confidence BETWEEN 0.5 AND 0.7)
                 WHEN 'hint' THEN bool_and(confidence > 0 AND confidence < 0.5)
                 WHEN 'none' THEN bool_and(confidence = 0 AND category IS NULL) END AS as_it_should
  FROM guess
 GROUP BY kind
 ORDER BY min(confidence) DESC;

-- (d) every name guessed wrong.  屯 (a hamlet in Jilin) is no village word,
-- since it is part of the names of the rivers 头屯河 and 三屯河; a port
-- named 某某港 is not read as a port
SELECT name, expected, category, confidence, matched
  FROM guess WHERE NOT right_ ORDER BY line;

-- edge cases: NULL, empty and blank names, digits and punctuation only
SELECT n.i, g.*
  FROM (VALUES (1, NULL), (2, ''), (3, '   '), (4, '　'), (5, '001'), (6, '#（）-')) n(i, name),
       LATERAL infer_category(n.name) g
 ORDER BY n.i;
-- full-width characters, traditional characters and spaces read as their
-- simplified, half-width, unspaced forms
SELECT a.name, b.name AS as_written, a.g = b.g AS same
  FROM (VALUES (1, '龙江柳城县大埔镇污水处理厂1#排污口', '龍江柳城縣大埔鎮污水處理廠１＃排污口'),
               (2, '查干湖前郭灌区退水口', '查干湖前郭灌區退水口'),
               (3, '长江武汉市某某码头排口', '长江武汉市某某碼頭排口'),
               (4, '郁江黔江区某某村生活污水排口', '郁江黔江区某某村 生活污水 排口')) v(i, simple, written),
       LATERAL (SELECT v.simple AS name, g FROM infer_category(v.simple) g) a,
       LATERAL (SELECT v.written AS name, g FROM infer_category(v.written) g) b
 ORDER BY v.i;
-- a long name: the category word at the end still decides
SELECT g.* FROM infer_category(repeat('某某村某某公司', 50) || '码头排口') g;
-- the select list gives what FROM gives (FROM is faster: there the planner
-- runs the function inside the calling query)
SELECT count(*) AS names,
       count(*) FILTER (WHERE (SELECT infer_category(c.name)) IS DISTINCT FROM ROW(g.category, g.confidence, g.matched)::category_guess) AS differ
  FROM corpus c, LATERAL infer_category(c.name) g;
-- in FROM, the planner inlines it: no function call per name
CREATE FUNCTION pg_temp.called_per_row(query text) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    line text;
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
        IF line ~ 'Function Scan on infer_category' THEN
            RETURN true;
        END IF;
    END LOOP;
    RETURN false;
END;
$$;
SELECT pg_temp.called_per_row('SELECT g.category FROM corpus c, LATERAL outfall.infer_category(c.name) g') AS called_per_row;
