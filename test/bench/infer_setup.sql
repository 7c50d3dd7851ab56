-- infer_category benchmark, setup (run by infer.sh): schema infer_bench with
--   name      :names generated survey names, the same on every run
--   corpus    the names of test/data/infer_corpus.tsv (loaded by infer.sh)
--   case_like the CASE WHEN name LIKE ... an analyst would write instead
--   result    one row per timed run
\set ON_ERROR_STOP on
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS infer_bench CASCADE;
CREATE SCHEMA infer_bench;

-- a deterministic choice of 1..n for name i (salt tells the choices apart)
CREATE FUNCTION infer_bench.pick(i bigint, salt int, n int) RETURNS int
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN 1 + (('x' || substr(md5(i || '/' || salt), 1, 8))::bit(32)::bigint % n);

-- what a name is made of: receiving water, division, then one of the
-- templates below, drawn by weight: {s} a place or party name, {i} an
-- industry, {c} a company form, {n} a number as staff type them
CREATE TABLE infer_bench.river (i int PRIMARY KEY, v text);
INSERT INTO infer_bench.river
SELECT row_number() OVER (), v FROM unnest(string_to_array(
  '长江,汉江,府河,滠水,阿蓬江,郁江,唐岩河,细沙河,柳江,龙江,融江,沙埔河,头屯河,三屯河,' ||
  '松花江,第二松花江,饮马河,伊通河,辽河,东辽河,嫩江,浑江,鸭绿江,图们江,查干湖,牤牛河', ',')) v;
CREATE TABLE infer_bench.division (i int PRIMARY KEY, v text);
INSERT INTO infer_bench.division
SELECT row_number() OVER (), v FROM unnest(string_to_array(
  '武汉市江岸区,武汉市汉阳区,武汉市青山区,武汉市洪山区,武汉市东西湖区,武汉市新洲区阳逻街道,' ||
  '黔江区,黔江区石会镇,黔江区濯水镇,黔江区城东街道,柳城县,柳城县大埔镇,柳城县凤山镇,' ||
  '柳城县沙埔镇,昌吉市,昌吉市大西渠镇,昌吉市榆树沟镇,昌吉市宁边路街道,吉林市船营区,' ||
  '长春市九台区,德惠市,农安县,松原市宁江区,白山市,辽源市,四平市铁东区,前郭县,桦甸市', ',')) v;
CREATE TABLE infer_bench.syllable (i int PRIMARY KEY, v text);
INSERT INTO infer_bench.syllable
SELECT row_number() OVER (), v FROM unnest(string_to_array(
  '红岩,大坪,新华,三合,石门,团结,青龙,沙坝,长岭,双河,五星,前进,永丰,胜利,东风,光明,和平,' ||
  '民主,幸福,金山,银杏,桃园,柳林,松林,白杨,黄土,清水,龙潭,凤凰,梅花,兴隆,太平,安乐,富民,' ||
  '丰收,新民,向阳,红星,先锋,联合,建设,跃进,东升,西湖,南山,北岭,中和,宝塔,天星,鹤鸣,龙井,' ||
  '官渡,石桥,木洞,黄桷,马鞍,狮子,鹭岛,江湾,谌家矶,二七,汉西,鹦鹉洲,沌口,白沙洲,后湖', ',')) v;
CREATE TABLE infer_bench.industry (i int PRIMARY KEY, v text);
INSERT INTO infer_bench.industry
SELECT row_number() OVER (), v FROM unnest(string_to_array(
  '化工,纸业,食品,钢铁,建材,制药,纺织,热电,汽车,物流,铝业,酒业,糖业,石化,商砼,机械,电子,' ||
  '塑料,印染,水泥,饲料,木业,环保,置业,农业开发', ',')) v;
CREATE TABLE infer_bench.company (i int PRIMARY KEY, v text);
INSERT INTO infer_bench.company
SELECT row_number() OVER (), v FROM unnest(string_to_array(
  '有限公司,有限责任公司,股份有限公司,集团有限公司,厂,有限公司', ',')) v;
CREATE TABLE infer_bench.number (i int PRIMARY KEY, v text);
INSERT INTO infer_bench.number
SELECT row_number() OVER (), v FROM unnest(string_to_array(
  ',,,1#,2#,3#,1号,2号,（1#）,１＃,２号,01,002,-1,(3),4#', ',')) v;
CREATE TABLE infer_bench.template (i int PRIMARY KEY, weight int NOT NULL, v text NOT NULL);
INSERT INTO infer_bench.template (i, weight, v)
SELECT row_number() OVER (), w, v FROM (VALUES
  (8, '{s}路雨水排口{n}'), (4, '{s}小区雨水排口{n}'), (3, '市政雨水排口{n}'), (3, '{s}大道雨洪排口'),
  (4, '{s}泵站排口{n}'), (1, '城镇雨洪排口{n}'), (2, '{s}路雨排口{n}'),
  (4, '{s}小区排水口{n}'), (4, '{s}社区生活污水排口{n}'), (2, '城镇生活污水散排口{n}'),
  (1, '{s}街化粪池排口'), (1, '{s}合流制溢流口{n}'),
  (6, '{s}村生活污水排口{n}'), (3, '{s}村生活污水散排口'), (2, '{s}村3组生活排口'),
  (3, '{s}村污水处理站排口'), (2, '{s}村农村污水处理设施排污口'),
  (4, '{s}污水处理厂排污口{n}'), (2, '城镇污水处理厂排污口'), (3, '{s}镇污水处理厂排口{n}'),
  (1, '城镇污水集中处理设施排污口'), (1, '{s}水质净化厂尾水排口'),
  (2, '{s}工业园区污水处理厂排污口'), (1, '{s}工业园区雨水排口{n}'), (1, '{s}经济开发区污水处理厂排污口'),
  (3, '{s}{i}{c}{n}工矿企业排污口'), (3, '{s}{i}{c}生产废水排口{n}'), (2, '{s}{i}{c}废水排放口'),
  (3, '{s}{i}{c}排污口{n}'), (3, '{s}{i}{c}雨水排口{n}'), (1, '{s}{i}{c}生活污水排口'),
  (1, '{s}煤矿矿井水排口'), (1, '{s}矿业有限公司排污口{n}'), (1, '{s}煤矿雨水排口'), (1, '{s}尾矿库排水口'),
  (3, '{s}养殖场排污口{n}'), (2, '{s}生猪养殖场排污口'), (1, '{s}村鱼塘排水口'), (1, '{s}渔场养殖尾水排口'),
  (1, '{s}规模化畜禽养殖场排污口'),
  (2, '{s}灌区退水口{n}'), (2, '{s}农田退水口'),
  (3, '{s}码头排口{n}'), (1, '{s}港区{s}码头雨水排口'),
  (2, '入江其他排口{n}'), (2, '{s}沟渠排口'), (1, '{s}涵洞排口{n}'),
  (4, '{s}排口{n}'), (2, '入河排口{n}'), (2, '{s}排水口{n}'), (2, '{s}村排口{n}')) t(w, v);

-- the names: about one in ten written in traditional characters, one in
-- ten with a space, one in two with a number after the place name; a name
-- drawn twice gets a number at the end (之2), as staff number the outfalls
-- of one place, so that every name is distinct as in a registry (where the
-- names repeat, the planner memoizes infer_category by name: about a
-- quarter slower when few repeat)
CREATE TABLE infer_bench.name (id int PRIMARY KEY, name text NOT NULL UNIQUE);
INSERT INTO infer_bench.name
SELECT d.id, d.name || CASE WHEN d.k > 1 THEN '之' || d.k ELSE '' END
  FROM (SELECT e.id, e.name, row_number() OVER (PARTITION BY e.name ORDER BY e.id) AS k
  FROM (SELECT g.id, CASE infer_bench.pick(g.id, 7, 10)
                 WHEN 1 THEN translate(g.b, '污处厂区园养场码头县镇业废产门东', '汙處廠區園養場碼頭縣鎮業廢產門東')
                 WHEN 2 THEN regexp_replace(g.b, '排', ' 排')
                 ELSE g.b END AS name
  FROM (SELECT x.id,
               p.river[infer_bench.pick(x.id, 1, cardinality(p.river))]
               || p.division[infer_bench.pick(x.id, 2, cardinality(p.division))]
               || replace(replace(replace(replace(p.template[infer_bench.pick(x.id, 3, cardinality(p.template))],
                      '{s}', p.syllable[infer_bench.pick(x.id, 4, cardinality(p.syllable))]
                             || CASE WHEN infer_bench.pick(x.id, 8, 2) = 1 THEN (x.id % 997)::text ELSE '' END),
                      '{i}', p.industry[infer_bench.pick(x.id, 5, cardinality(p.industry))]),
                      '{c}', p.company[infer_bench.pick(x.id, 6, cardinality(p.company))]),
                      '{n}', p.number[infer_bench.pick(x.id, 10, cardinality(p.number))]) AS b
          FROM generate_series(1, :names) x(id),
               -- the pools as arrays, a template once for each unit of its weight
               (SELECT (SELECT array_agg(v ORDER BY i) FROM infer_bench.river) AS river,
                       (SELECT array_agg(v ORDER BY i) FROM infer_bench.division) AS division,
                       (SELECT array_agg(v ORDER BY i, k) FROM infer_bench.template, generate_series(1, weight) k) AS template,
                       (SELECT array_agg(v ORDER BY i) FROM infer_bench.syllable) AS syllable,
                       (SELECT array_agg(v ORDER BY i) FROM infer_bench.industry) AS industry,
                       (SELECT array_agg(v ORDER BY i) FROM infer_bench.company) AS company,
                       (SELECT array_agg(v ORDER BY i) FROM infer_bench.number) AS number) p) g) e) d;
ANALYZE infer_bench.name;

CREATE TABLE infer_bench.corpus (line serial, name text NOT NULL, expected text, kind text NOT NULL);

-- the baseline: what an analyst would write without infer_category, most
-- specific words first, on the names as they are
CREATE FUNCTION infer_bench.case_like(name text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE
    WHEN name LIKE '%园区%污水处理厂%雨%' THEN 'industrial.park_storm'
    WHEN name LIKE '%园区%雨水%' THEN 'industrial.park_storm'
    WHEN name LIKE '%园区%污水处理厂%' THEN 'industrial.park_plant'
    WHEN name LIKE '%尾矿库%' THEN 'industrial.enterprise.tailings'
    WHEN name LIKE '%公司%雨水%' OR name LIKE '%厂%雨水%' THEN 'industrial.storm.factory'
    WHEN name LIKE '%矿%雨水%' THEN 'industrial.storm.mine'
    WHEN name LIKE '%雨水%' OR name LIKE '%雨洪%' THEN 'other.town_storm'
    WHEN name LIKE '%污水处理厂%' OR name LIKE '%污水集中处理%' OR name LIKE '%水质净化厂%' THEN 'town_plant.plant'
    WHEN name LIKE '%村%污水处理%' THEN 'other.rural_plant'
    WHEN name LIKE '%工矿企业%' OR name LIKE '%生产废水%' OR name LIKE '%工业废水%' OR name LIKE '%废水%' THEN 'industrial.enterprise.factory'
    WHEN name LIKE '%煤矿%' OR name LIKE '%矿山%' OR name LIKE '%矿业%' THEN 'industrial.enterprise.mine'
    WHEN name LIKE '%规模以下%' THEN 'other.small_livestock'
    WHEN name LIKE '%养殖%' OR name LIKE '%猪%' THEN 'agricultural.livestock'
    WHEN name LIKE '%鱼塘%' THEN 'other.small_aquaculture'
    WHEN name LIKE '%灌区%' OR name LIKE '%退水%' THEN 'other.irrigation'
    WHEN name LIKE '%码头%' OR name LIKE '%港口%' THEN 'other.port'
    WHEN name LIKE '%村%生活污水%' THEN 'other.rural_domestic'
    WHEN name LIKE '%生活污水%' OR name LIKE '%小区%' OR name LIKE '%化粪池%' THEN 'other.town_domestic'
    WHEN name LIKE '%其他排口%' OR name LIKE '%沟渠%' OR name LIKE '%涵洞%' THEN 'other.misc'
    WHEN name LIKE '%公司%' OR name LIKE '%厂%' THEN 'industrial.enterprise.factory'
    WHEN name LIKE '%村%' THEN 'other.rural_domestic'
END;

CREATE TABLE infer_bench.result (variant text, run int, n bigint, ms float8, cpu_ms float8, check_ text);

-- CPU time of this backend so far, in ms (Linux: the first field of
-- /proc/self/schedstat, in ns), NULL where it cannot be read: steadier than
-- the wall clock on a shared machine
CREATE FUNCTION infer_bench.cpu_ms() RETURNS float8
    LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    RETURN split_part(pg_read_file('/proc/self/schedstat'), ' ', 1)::float8 / 1e6;
EXCEPTION WHEN OTHERS THEN
    RETURN NULL;
END
$$;

-- the variants; each query returns the number of names it read and a
-- check sum, so that every output column is computed
CREATE TABLE infer_bench.variant (variant text PRIMARY KEY, n bigint, query text NOT NULL);
INSERT INTO infer_bench.variant VALUES
 ('count', NULL,
  'SELECT count(*), count(n.name)::text FROM infer_bench.name n'),
 ('normalize_name', NULL,
  'SELECT count(*), sum(length(outfall.normalize_name(n.name)))::text FROM infer_bench.name n'),
 ('case_like', NULL,
  'SELECT count(*), count(infer_bench.case_like(n.name))::text FROM infer_bench.name n'),
 ('infer_category', NULL,
  'SELECT count(*), count(g.category) || '' '' || sum(g.confidence) || '' '' || sum(length(g.matched))
     FROM infer_bench.name n CROSS JOIN LATERAL outfall.infer_category(n.name) g'),
 ('infer_category_select_list', 100000,
  'SELECT count(*), count((x).category) || '' '' || sum((x).confidence) || '' '' || sum(length((x).matched))
     FROM (SELECT outfall.infer_category(n.name) AS x FROM infer_bench.name n WHERE n.id <= 100000) q');

-- runs * each variant, the order rotating from run to run
CREATE PROCEDURE infer_bench.time_variants(runs int)
    LANGUAGE plpgsql AS $$
DECLARE
    vs text[] := ARRAY(SELECT variant FROM infer_bench.variant ORDER BY variant);
    k int;
    v infer_bench.variant;
    t0 timestamptz;
    c0 float8;
    cnt bigint;
    chk text;
BEGIN
    -- warm up: the first calls of a session open ICU and fill the caches
    PERFORM count(g.category) FROM infer_bench.name n CROSS JOIN LATERAL outfall.infer_category(n.name) g
      WHERE n.id <= 1000;
    FOR run IN 1 .. runs LOOP
        FOR j IN 0 .. cardinality(vs) - 1 LOOP
            k := (j + run - 1) % cardinality(vs) + 1;
            SELECT * INTO v FROM infer_bench.variant WHERE variant = vs[k];
            RAISE NOTICE 'run %/%: %', run, runs, v.variant;
            c0 := infer_bench.cpu_ms();
            t0 := clock_timestamp();
            EXECUTE v.query INTO cnt, chk;
            INSERT INTO infer_bench.result
            VALUES (v.variant, run, cnt, 1000 * extract(epoch FROM clock_timestamp() - t0),
                    infer_bench.cpu_ms() - c0, chk);
        END LOOP;
    END LOOP;
END
$$;
