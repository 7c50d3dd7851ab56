-- progress_targets: the targets of the plans (outfall.target, add_target),
-- where each stands on a day (target_status: met, on_track, behind, missed,
-- no_outfalls), and the SVG chart of progress by division with the targets
-- drawn over it (progress_chart).  A small registry with dated events gives
-- known answers today and, from the ledger, on past days.
-- It counts every outfall of the registry, so it runs in a database of its
-- own, with nothing but its own outfalls.
\set regress_db :DBNAME
SET client_min_messages = warning;
DROP DATABASE IF EXISTS outfall_targets_test;
CREATE DATABASE outfall_targets_test;
\c outfall_targets_test
SET client_min_messages = warning;
CREATE EXTENSION outfall CASCADE;
RESET client_min_messages;
SET search_path = outfall, public;
SET datestyle = 'ISO, YMD';
SET timezone = 'Asia/Shanghai';
\set SHOW_CONTEXT never

------------------------------------------------------------------------------
-- the registry
------------------------------------------------------------------------------
-- three waters; the third's name needs escaping in XML
INSERT INTO water_body (code, name, kind) VALUES
    ('TGA01', '甲河', 'river'), ('TGB01', '乙河', 'river'), ('TGC01', '丙&<河>', 'river');

-- one outfall through its lifecycle up to a state, every step on one day
CREATE FUNCTION pg_temp.walk(c outfall_code, upto state, day date, action text DEFAULT 'standardize')
    RETURNS state LANGUAGE plpgsql AS $$
DECLARE
    at timestamptz := day + time '10:00';
BEGIN
    PERFORM set_config('outfall.event_time', at::text, true);
    PERFORM outfall.record_sample(c, jsonb_build_object('sampled_at', at, 'weather', 'dry', 'flow_m3d', 10));
    PERFORM outfall.advance(c, 'monitored');
    IF upto > 'monitored' THEN
        PERFORM outfall.record_tracing(c, jsonb_build_object('method', 'field', 'traced_on', day,
            'user', jsonb_build_object('name', 'TG' || c::text || '单位', 'kind', 'enterprise')));
        PERFORM outfall.advance(c, 'traced');
    END IF;
    IF upto > 'traced' THEN
        PERFORM outfall.set_plan(c, jsonb_build_object('action', action, 'measures', '整治',
            'responsible_unit', 'TG责任单位', 'responsible_person', '王某', 'deadline', '2099-12-31'));
        PERFORM outfall.advance(c, 'planned');
    END IF;
    IF upto > 'planned' THEN
        PERFORM outfall.advance(c, 'rectifying');
        PERFORM outfall.advance(c, 'rectified');
    END IF;
    RETURN (SELECT o.status FROM outfall.outfall o WHERE o.code = c);
END;
$$;

-- eight outfalls: T1-T5 and T8 in 黔江区 (阿蓬江镇 500114105, 石会镇
-- 500114106), T6 and T7 in 柳城县 (大埔镇 450222100).  T5 was only seen by
-- remote sensing (survey level 1): not surveyed.  T8 has no category and no
-- water yet, so no code: not surveyed either.
SELECT register(jsonb_build_object('survey_id', id, 'survey_name', id || '号排口', 'division', division,
                                   'water_body', water, 'category', category, 'survey_level', lvl,
                                   'found_on', found, 'at', found || ' 09:00+08')) AS code
  FROM (VALUES ('T1', '500114105', 'TGA01', 'industrial.enterprise.factory', 2, '2023-01-10'),
               ('T2', '500114105', 'TGA01', 'other.town_domestic', 2, '2023-01-10'),
               ('T3', '500114105', 'TGB01', 'other.town_storm', 2, '2023-01-10'),
               ('T4', '500114106', 'TGB01', 'agricultural.livestock', 3, '2023-02-01'),
               ('T5', '500114106', 'TGA01', 'other.rural_domestic', 1, '2024-01-15'),
               ('T6', '450222100', 'TGC01', 'industrial.storm.factory', 2, '2023-01-10'),
               ('T7', '450222100', 'TGC01', 'other.misc', 2, '2023-01-10'),
               ('T8', '500114106', NULL, NULL, 2, '2024-05-01')) v(id, division, water, category, lvl, found)
 ORDER BY id;
-- their histories: T1 rectified 2023-05-01 (standardized), T2 rectified
-- 2024-03-01 (banned), T3 planned 2023-04-01, T4 traced 2023-06-01 (no
-- plan), T6 rectified 2023-09-01, T7 planned 2023-05-01 to be retained as it
-- is (so not abnormal); T5 and T8 stay found
SELECT o.survey_id, pg_temp.walk(o.code, w.upto, w.day, w.action) AS status
  FROM (VALUES ('T1', 'rectified'::state, date '2023-05-01', 'standardize'),
               ('T2', 'rectified', '2024-03-01', 'ban'),
               ('T3', 'planned', '2023-04-01', 'standardize'),
               ('T4', 'traced', '2023-06-01', NULL),
               ('T6', 'rectified', '2023-09-01', 'standardize'),
               ('T7', 'planned', '2023-05-01', 'retain')) w(id, upto, day, action)
  JOIN outfall o ON o.survey_id = w.id
 ORDER BY o.survey_id;
SELECT o.survey_id, o.division, o.water_body, o.category, o.status, p.action, survey_complete(o) AS surveyed
  FROM outfall o LEFT JOIN plan p ON p.outfall_id = o.id
 ORDER BY o.survey_id;

------------------------------------------------------------------------------
-- targets
------------------------------------------------------------------------------
-- G1: half of 黔江区's outfalls (every township below it) rectified by the
-- end of 2024
SELECT add_target(plan => '黔江区测试方案', clause => '一、2024年底前完成50%整治',
                  measure => 'rectified', percent => 50, starts_on => '2023-01-01', due_on => '2024-12-31',
                  division => '500114');
-- G2: all outfalls of 黔江区 on 甲河 surveyed by the end of 2023 (the code
-- may be written in lower case)
SELECT add_target(plan => '黔江区测试方案', clause => '一、2023年底前完成甲河排查',
                  measure => 'surveyed', percent => 100, starts_on => '2023-01-01', due_on => '2023-12-31',
                  division => '500114', water_bodies => '{tga01}');
-- G3: every industrial outfall anywhere (工业排污口 covers its subclasses)
SELECT add_target(plan => '工业专项测试方案', measure => 'rectified', percent => 100,
                  starts_on => '2023-01-01', due_on => '2030-12-31', categories => '{industrial}');
-- G4: 柳城县's outfalls found abnormal (已查明存在异常的排污口), all rectified
SELECT add_target(plan => '柳城县测试方案', clause => '2030年底前完成异常排污口整治',
                  measure => 'rectified', percent => 100, starts_on => '2023-01-01', due_on => '2030-12-31',
                  division => '450222', abnormal_only => true);
-- G5: abnormal outfalls of 石会镇: it has none (T4 has no plan yet)
SELECT add_target(plan => '石会镇测试方案', measure => 'traced', percent => 100,
                  starts_on => '2023-01-01', due_on => '2030-12-31', division => '500114106', abnormal_only => true);
-- G6: 昌吉市, where the registry has no outfall
SELECT add_target(plan => '昌吉市测试方案', measure => 'rectified', percent => 30,
                  starts_on => '2023-08-16', due_on => '2023-12-31', division => '652301',
                  note => 'no outfall in scope');
-- G7, G8: targets of the next century, to see on_track and behind on the
-- live registry: 黔江区's other outfalls (其他排口: T2, T3, T5) planned, and
-- all its outfalls rectified, between 2100-01-01 and 2100-12-31
SELECT add_target(plan => '远期测试方案', measure => 'planned', percent => 100,
                  starts_on => '2100-01-01', due_on => '2100-12-31', division => '500114', categories => '{other}');
SELECT add_target(plan => '远期测试方案', measure => 'rectified', percent => 100,
                  starts_on => '2100-01-01', due_on => '2100-12-31', division => '500114');
-- G9: 60% of the outfalls on 丙&<河> rectified
SELECT add_target(plan => '柳城县测试方案', measure => 'rectified', percent => 60,
                  starts_on => '2023-01-01', due_on => '2030-12-31', division => '450222', water_bodies => '{TGC01}');
SELECT id, plan, clause, division, water_bodies, categories, abnormal_only, measure, percent,
       starts_on, due_on, note, target_scope(t) AS scope
  FROM target t ORDER BY id;
-- the categories a target's categories cover
SELECT categories_under('{industrial}');
SELECT categories_under('{other.town_storm,town_plant}');

------------------------------------------------------------------------------
-- target_status
------------------------------------------------------------------------------
-- today (the live registry).  G1: 2 of 6 rectified (T1, T2), 33.3% < 50%,
-- due 2024-12-31: missed, 1 short (3 needed).  G2: T1, T2 surveyed, T5 not:
-- 2 of 3, missed, 1 short.  G3: T1, T6 rectified: met.  G4: T6 is the one
-- abnormal outfall of 柳城县 (T7 is retained as it is), rectified: met.
-- G5, G6: no outfalls.  G7, G8 have not started: expected 0, on track.
-- G9 is left out: not due till 2030, whether its 50% (T6 of T6, T7) is on
-- track depends on the day the test runs (until 60% x elapsed share
-- exceeds 50%, late in 2029).
SELECT target_id, plan, measure, target_pct, due_on, actual, total, actual_pct, status, status_zh, short
  FROM target_status() WHERE target_id <> 9 ORDER BY target_id;
SELECT target_id, scope, clause FROM target_status() ORDER BY target_id;

-- on the live registry on a later day: in mid 2100 the expected share of
-- G7, G8 is 100% x 182/364 days = 50%.  G7: T2 rectified, T3 planned, T5
-- found: 2 of 3 (66.7%) on track.  G8: 2 of 6 (33.3%) behind, 1 short of
-- the expected 3 but 4 short of the target.  G9 is past due: missed, 1
-- short (60% of 2 is 1.2: 2 needed)
SELECT target_id, measure, target_pct, actual, total, actual_pct, expected_pct, status, status_zh, short
  FROM target_status('2100-07-02') ORDER BY target_id;

-- on past days, rebuilt from the ledger (end of the day, Asia/Shanghai).
-- 2023-06-30: T1-T4, T6, T7 existed; T1 rectified, T3, T7 planned, T4
-- traced, T2, T6 found.  G1: 1 of 4 (25%) against the expected 50% x
-- 180/730 days = 12.3%: on track.  G2: T1, T2 surveyed, T5 not yet found:
-- 2 of 2, met.  G3: T1 of T1, T6: 50% against 100% x 180/2921 = 6.2%: on
-- track.  G4: T6 had no plan yet, so no abnormal outfall: no_outfalls.
-- G9: T6, T7 found, 0 of 2 against 60% x 180/2921 = 3.7%: behind.
SELECT target_id, measure, target_pct, actual, total, actual_pct, expected_pct, status, status_zh, short
  FROM target_status('2023-06-30') ORDER BY target_id;
-- 2024-06-30: all eight exist; T2, T6 rectified by then.  G1: 2 of 6
-- (33.3%) against 50% x 546/730 = 37.4%: behind.  G2: due 2023-12-31, T5
-- found since, 2 of 3: missed.  G3, G4: met.  G9: 1 of 2 (50%) against 60%
-- x 546/2921 = 11.2%: on track.
SELECT target_id, measure, target_pct, actual, total, actual_pct, expected_pct, status, status_zh, short
  FROM target_status('2024-06-30') ORDER BY target_id;
-- on the due day itself a target below its percent is behind, not yet
-- missed; the day after, it is missed
SELECT d, s.actual, s.total, s.expected_pct, s.status
  FROM unnest('{2024-12-31,2025-01-01}'::date[]) d, target_status(d) s
 WHERE s.target_id = 1 ORDER BY d;

------------------------------------------------------------------------------
-- refusals of add_target and of the table
------------------------------------------------------------------------------
SELECT count(*) AS targets FROM target;
-- an unknown measure
SELECT add_target(plan => 'x', measure => 'sealed', percent => 30, starts_on => '2023-01-01', due_on => '2023-12-31');
-- a percentage out of (0, 100]
SELECT add_target(plan => 'x', measure => 'rectified', percent => 0, starts_on => '2023-01-01', due_on => '2023-12-31');
SELECT add_target(plan => 'x', measure => 'rectified', percent => 120, starts_on => '2023-01-01', due_on => '2023-12-31');
SELECT add_target(plan => 'x', measure => 'rectified', percent => -5, starts_on => '2023-01-01', due_on => '2023-12-31');
-- due before or on the start
SELECT add_target(plan => 'x', measure => 'rectified', percent => 30, starts_on => '2023-12-31', due_on => '2023-01-01');
SELECT add_target(plan => 'x', measure => 'rectified', percent => 30, starts_on => '2023-12-31', due_on => '2023-12-31');
-- an unknown division, water body or category
SELECT add_target(plan => 'x', measure => 'rectified', percent => 30, starts_on => '2023-01-01', due_on => '2023-12-31',
                  division => '500199');
SELECT add_target(plan => 'x', measure => 'rectified', percent => 30, starts_on => '2023-01-01', due_on => '2023-12-31',
                  water_bodies => '{TGA01,TT0100,XX9}');
SELECT add_target(plan => 'x', measure => 'rectified', percent => 30, starts_on => '2023-01-01', due_on => '2023-12-31',
                  categories => '{industrial,industrial.factory}');
-- NULL where a value is needed
SELECT add_target(plan => NULL, measure => 'rectified', percent => NULL, starts_on => '2023-01-01', due_on => NULL);
SELECT add_target(plan => 'x', measure => 'rectified', percent => 30, starts_on => '2023-01-01', due_on => '2023-12-31',
                  water_bodies => '{TGA01,NULL}');
-- an empty list would cover nothing (NULL is every water body or category)
SELECT add_target(plan => 'x', measure => 'rectified', percent => 30, starts_on => '2023-01-01', due_on => '2023-12-31',
                  categories => '{}');
-- written directly into the table, the same rules hold
INSERT INTO target (plan, measure, percent, starts_on, due_on, categories)
VALUES ('x', 'rectified', 30, '2023-01-01', '2023-12-31', '{agricultural.fishing}');
UPDATE target SET water_bodies = '{TGA01,TGZ99}' WHERE id = 2;
-- (the checks of the table report the failing row, with its id: message only)
\set VERBOSITY terse
INSERT INTO target (plan, measure, percent, starts_on, due_on) VALUES ('x', 'rectified', 150, '2023-01-01', '2023-12-31');
INSERT INTO target (plan, measure, percent, starts_on, due_on) VALUES ('x', 'rectified', 30, '2023-12-31', '2023-01-01');
INSERT INTO target (plan, measure, percent, starts_on, due_on) VALUES ('x', 'total', 30, '2023-01-01', '2023-12-31');
INSERT INTO target (plan, measure, percent, starts_on, due_on, water_bodies) VALUES ('x', 'rectified', 30, '2023-01-01', '2023-12-31', '{}');
INSERT INTO target (plan, measure, percent, starts_on, due_on) VALUES (' ', 'rectified', 30, '2023-01-01', '2023-12-31');
\set VERBOSITY default
-- nothing was added
SELECT count(*) AS targets FROM target;
-- a day must be given
SELECT * FROM target_status(NULL);

------------------------------------------------------------------------------
-- progress_chart
------------------------------------------------------------------------------
-- one bar per county: 黔江区 2 of 6 rectified on 2024-06-30 (33.3%, 100 px
-- of the 300 px that stand for 100%), 柳城县 1 of 2 (T6; 50%, 150 px).
-- The targets of rectification are drawn over the bars their scope covers,
-- whatever the day: G3 (everywhere) over both, G1 and G8 over 黔江区, G4
-- and G9 over 柳城县; G6 (昌吉市) over none.
CREATE TEMP TABLE chart AS
SELECT 'counties' AS name, progress_chart('2024-06-30')::xml AS svg
UNION ALL SELECT '黔江区', progress_chart('2024-06-30', '500114')::xml
UNION ALL SELECT '黔江区 surveyed', progress_chart('2100-07-02', '500114', 'surveyed')::xml
UNION ALL SELECT '柳城县', progress_chart('2024-06-30', '450222')::xml
UNION ALL SELECT '昌吉市', progress_chart('2024-06-30', '652301')::xml;
\set ns 'ARRAY[ARRAY[''svg'', ''http://www.w3.org/2000/svg'']]'
-- every chart is well-formed SVG (the cast to xml above succeeded) with a title
SELECT name, (xpath('/svg:svg/svg:title/text()', svg, :ns))[1]::text AS title,
       (xpath('/svg:svg/@version', svg, :ns))[1]::text AS version,
       cardinality(xpath('//svg:rect[@class="bar"]', svg, :ns)) AS bars,
       cardinality(xpath('//svg:g[@class="target"]', svg, :ns)) AS target_lines
  FROM chart ORDER BY name;
-- the bars: name, percentage label, height (3 px per percent), width
SELECT c.name, (xpath('//svg:text[@class="label"]//text()', g, :ns))::text[] AS label,
       (xpath('//svg:text[@class="value"]/text()', g, :ns))[1]::text AS value,
       (xpath('//svg:rect/@height', g, :ns))[1]::text AS height,
       (xpath('//svg:rect/@width', g, :ns))[1]::text AS width,
       (xpath('//svg:rect/svg:title/text()', g, :ns))[1]::text AS tooltip
  FROM chart c, unnest(xpath('//svg:g[@class="division"]', c.svg, :ns)) g
 ORDER BY c.name, (xpath('//svg:rect/@x', g, :ns))[1]::text::numeric;
-- the bar's height is its share of the 300 px axis
SELECT (xpath('//svg:g[@id="d500114"]/svg:rect/@height', svg, :ns))[1]::text::numeric = round(300.0 * 2 / 6, 2) AS height_is_share
  FROM chart WHERE name = 'counties';
-- the target lines: label (the water's name 丙&<河> escaped), height (3 px
-- per percent below the top of the axis at 72 px), and the span of the bars
-- they cover (72 px a bar from x = 64)
SELECT c.name, (xpath('//svg:text/text()', g, :ns))[1]::text AS label,
       (xpath('//svg:line/@y1', g, :ns))[1]::text AS y,
       (xpath('//svg:line/@x1', g, :ns))[1]::text AS x1,
       (xpath('//svg:line/@x2', g, :ns))[1]::text AS x2
  FROM chart c, unnest(xpath('//svg:g[@class="target"]', c.svg, :ns)) g
 ORDER BY c.name, label;
SELECT position('丙&amp;&lt;河&gt;' IN progress_chart('2024-06-30', '450222')) > 0 AS escaped;
-- a division without outfalls says so
SELECT (xpath('//svg:text[@class="caption"]/text()', svg, :ns))::text[] AS captions FROM chart WHERE name = '昌吉市';

-- refusals: an unknown measure, an unknown division, no day
SELECT progress_chart('2024-06-30', '500114', 'sealed');
SELECT progress_chart('2024-06-30', '500114', 'total');
SELECT progress_chart('2024-06-30', '500199');
SELECT progress_chart(NULL);

\c :regress_db
DROP DATABASE outfall_targets_test;
