-- demo/targets.sql: the targets of the seed plans (工作目标), where the
-- generated registry stands against them on three days, and an SVG chart of
-- its rectification progress by township.
--
-- Run after test/generate/generate.sh, from demo/ (psql -v demo_county=...).
-- The chart goes to ../build/demo/progress_chart_<county>.svg, or to the
-- file psql variable chart_file names.
--
-- The demo generates one county (黔江区 500114 unless DEMO_COUNTY says
-- otherwise).  The targets of the other plans — 昌吉市 652301, 柳城县 450222,
-- 武汉市 4201 — are loaded all the same, as a DBA would load every plan of
-- the province: their counties have no outfalls in this demo registry, so
-- outfall.target_status() reports them as no_outfalls (无排污口) unless the
-- demo is run for that county (DEMO_COUNTY=652301 demo/run.sh measures the
-- 昌吉市 targets).
--
-- On the generated 黔江区 registry none of 黔江区's four targets is met:
-- each asks for 100%, and the generator leaves about 16% of the outfalls
-- seen by remote sensing only (not surveyed) and about 18% unrectified, so
-- the days show on_track, behind and missed.  Run for 昌吉市
-- (DEMO_COUNTY=652301), the interim targets (80% traced, 30%, 35% and 70%
-- rectified) are met.
\set ON_ERROR_STOP 1
SET search_path = outfall, public;
SET datestyle = 'ISO, YMD';
\if :{?demo_county}
\else
\set demo_county 500114
\endif
\if :{?chart_file}
\else
\set chart_file ../build/demo/progress_chart_:demo_county.svg
\endif
\pset footer off

-- The rivers the plans name (HJ 932-like codes of sample_water_bodies.csv).
-- The generator creates those of the counties it generates; the others are
-- added here so that every plan's targets can be loaded.
INSERT INTO water_body (code, name, kind, is_key_river) VALUES
    ('AP0100', '阿蓬江', 'river', true),
    ('LJ0100', '柳江', 'river', true), ('LG0100', '龙江', 'river', true), ('RJ0100', '融江', 'river', true),
    ('TT0100', '头屯河', 'river', true), ('ST0100', '三屯河', 'river', true),
    ('CJ10', '长江', 'river', true)
ON CONFLICT (code) DO NOTHING;

-- (the ids add_target returns are not shown: the loaded targets are listed
-- after)
\o /dev/null
------------------------------------------------------------------------------
-- 黔江区 (seed 000): 黔江区入河排污口排查整治和监督管理工作方案, 2023-03-24.
-- "2023年完成阿蓬江干流排污口排查；2024年完成境内流域所有排污口排查和开展
-- 整治工作；2025年全面完成入河排污口整治任务".  A year's target is due at
-- its end.  开展整治工作 is read as: every outfall has its plan (一口一策),
-- with which rectification starts.
------------------------------------------------------------------------------
\set plan '黔江区入河排污口排查整治和监督管理工作方案'
SELECT add_target(plan => :'plan', clause => '一、总体要求：2023年完成阿蓬江干流排污口排查',
                  measure => 'surveyed', percent => 100, starts_on => '2023-03-24', due_on => '2023-12-31',
                  division => '500114', water_bodies => '{AP0100}');
SELECT add_target(plan => :'plan', clause => '一、总体要求：2024年完成境内流域所有排污口排查',
                  measure => 'surveyed', percent => 100, starts_on => '2023-03-24', due_on => '2024-12-31',
                  division => '500114');
SELECT add_target(plan => :'plan', clause => '一、总体要求：2024年……开展整治工作',
                  measure => 'planned', percent => 100, starts_on => '2023-03-24', due_on => '2024-12-31',
                  division => '500114', note => '开展整治工作 read as: every outfall has its 一口一策 plan');
SELECT add_target(plan => :'plan', clause => '一、总体要求：2025年全面完成入河排污口整治任务',
                  measure => 'rectified', percent => 100, starts_on => '2023-03-24', due_on => '2025-12-31',
                  division => '500114');

------------------------------------------------------------------------------
-- 昌吉市 (seed 002): 昌吉市入河（湖）排污口排查整治实施方案, 2023-08-16,
-- 一、工作目标.  The two rivers are 头屯河 and 三屯河; the registry does not
-- tell county-level rivers (县市级河流) from others, so those targets take
-- the whole city.  基本完成 is taken as 100%.
------------------------------------------------------------------------------
\set plan '昌吉市入河（湖）排污口排查整治实施方案'
SELECT add_target(plan => :'plan', clause => '一、2023年底前，全面完成头屯河、三屯河两条河流入河排污口排查',
                  measure => 'surveyed', percent => 100, starts_on => '2023-08-16', due_on => '2023-12-31',
                  division => '652301', water_bodies => '{TT0100,ST0100}');
SELECT add_target(plan => :'plan', clause => '一、2023年底前，头屯河、三屯河完成80%溯源',
                  measure => 'traced', percent => 80, starts_on => '2023-08-16', due_on => '2023-12-31',
                  division => '652301', water_bodies => '{TT0100,ST0100}');
SELECT add_target(plan => :'plan', clause => '一、2023年底前，头屯河、三屯河完成30%整治任务',
                  measure => 'rectified', percent => 30, starts_on => '2023-08-16', due_on => '2023-12-31',
                  division => '652301', water_bodies => '{TT0100,ST0100}');
SELECT add_target(plan => :'plan', clause => '一、2023年底前，完成其他县市级河流排污口排查',
                  measure => 'surveyed', percent => 100, starts_on => '2023-08-16', due_on => '2023-12-31',
                  division => '652301', note => 'county-level rivers: the whole city');
SELECT add_target(plan => :'plan', clause => '一、2024年底前，基本完成头屯河、三屯河两条河流排污口溯源',
                  measure => 'traced', percent => 100, starts_on => '2023-08-16', due_on => '2024-12-31',
                  division => '652301', water_bodies => '{TT0100,ST0100}');
SELECT add_target(plan => :'plan', clause => '一、2024年底前，头屯河、三屯河完成70%整治任务',
                  measure => 'rectified', percent => 70, starts_on => '2023-08-16', due_on => '2024-12-31',
                  division => '652301', water_bodies => '{TT0100,ST0100}');
SELECT add_target(plan => :'plan', clause => '一、2024年底前，完成县市级河流80%溯源',
                  measure => 'traced', percent => 80, starts_on => '2023-08-16', due_on => '2024-12-31',
                  division => '652301', note => 'county-level rivers: the whole city');
SELECT add_target(plan => :'plan', clause => '一、2024年底前，完成县市级河流35%整治任务',
                  measure => 'rectified', percent => 35, starts_on => '2023-08-16', due_on => '2024-12-31',
                  division => '652301', note => 'county-level rivers: the whole city');
SELECT add_target(plan => :'plan', clause => '一、2025年8月底前，全面完成上述范围内排污口整治',
                  measure => 'rectified', percent => 100, starts_on => '2023-08-16', due_on => '2025-08-31',
                  division => '652301');

------------------------------------------------------------------------------
-- 柳城县 (seed 001): 柳城县入河排污口监督管理工作实施方案（2023—2025年）,
-- 2023-11-30, 一、（二）工作目标.  The plan covers 2023—2025 and its first
-- target (June 2023) predates its issue, so the work is taken to start on
-- 2023-01-01.  已查明存在异常的排污口 are the outfalls whose plan bans,
-- merges or standardizes them (abnormal_only).  The county town's built-up
-- area (县城建成区) is not a division of the registry: the scope is the
-- three rivers.
------------------------------------------------------------------------------
\set plan '柳城县入河排污口监督管理工作实施方案（2023—2025年）'
SELECT add_target(plan => :'plan', clause => '一（二）2023年6月底前，完成辖区内柳江、龙江和融江入河排污口排查',
                  measure => 'surveyed', percent => 100, starts_on => '2023-01-01', due_on => '2023-06-30',
                  division => '450222', water_bodies => '{LJ0100,LG0100,RJ0100}');
SELECT add_target(plan => :'plan', clause => '一（二）2023年底前，完成……已查明存在异常的排污口总数30%的整治',
                  measure => 'rectified', percent => 30, starts_on => '2023-01-01', due_on => '2023-12-31',
                  division => '450222', water_bodies => '{LJ0100,LG0100,RJ0100}', abnormal_only => true);
SELECT add_target(plan => :'plan', clause => '一（二）2024年底前，完成……已查明存在异常的排污口总数70%的整治',
                  measure => 'rectified', percent => 70, starts_on => '2023-01-01', due_on => '2024-12-31',
                  division => '450222', water_bodies => '{LJ0100,LG0100,RJ0100}', abnormal_only => true);
SELECT add_target(plan => :'plan', clause => '一（二）2025年底前，基本完成……已查明存在异常的排污口的整治',
                  measure => 'rectified', percent => 100, starts_on => '2023-01-01', due_on => '2025-12-31',
                  division => '450222', water_bodies => '{LJ0100,LG0100,RJ0100}', abnormal_only => true);

------------------------------------------------------------------------------
-- 武汉市 (seed 004): 武汉市长江入河排污口溯源整治专项行动方案, 2021-06-28,
-- 四、工作步骤: the 1,842 outfalls of the Yangtze.  Classifying, naming and
-- coding is the survey measure (code and category on record); signboards
-- and quick fixes (立行立改) are not measures of outfall.progress.
------------------------------------------------------------------------------
\set plan '武汉市长江入河排污口溯源整治专项行动方案'
SELECT add_target(plan => :'plan', clause => '四（一）开展长江入河排污口溯源工作（2021年9月底之前）',
                  measure => 'traced', percent => 100, starts_on => '2021-06-28', due_on => '2021-09-30',
                  division => '4201', water_bodies => '{CJ10}');
SELECT add_target(plan => :'plan', clause => '四（二）开展长江入河排污口分类、命名、编码与标志牌设置工作（2021年12月10日前）',
                  measure => 'surveyed', percent => 100, starts_on => '2021-06-28', due_on => '2021-12-10',
                  division => '4201', water_bodies => '{CJ10}');
SELECT add_target(plan => :'plan', clause => '四（三）制订长江入河排污口“一口一策”整治方案（2021年12月20日前）',
                  measure => 'planned', percent => 100, starts_on => '2021-06-28', due_on => '2021-12-20',
                  division => '4201', water_bodies => '{CJ10}');
SELECT add_target(plan => :'plan', clause => '四（五）开展各类排污口整治工作（2025年12月底之前）',
                  measure => 'rectified', percent => 100, starts_on => '2021-06-28', due_on => '2025-12-31',
                  division => '4201', water_bodies => '{CJ10}');

\o
\echo
\echo '== Targets loaded (outfall.target) =='
SELECT t.plan, count(*) AS targets, min(t.due_on) AS first_due, max(t.due_on) AS last_due,
       division_full_name(min(t.division)) AS division
  FROM target t GROUP BY t.plan ORDER BY min(t.division);

------------------------------------------------------------------------------
-- Where the registry stands.  Past days are rebuilt from the ledger; today
-- is the live registry.
------------------------------------------------------------------------------
\echo
\echo '== Targets (工作目标) and where they stand (outfall.target_status) =='
SELECT d AS as_of, s.status, s.status_zh, count(*) AS targets
  FROM unnest(ARRAY['2023-12-31', '2024-12-31', current_date]::date[]) d,
       target_status(d) s JOIN target_status_label l ON l.status = s.status
 GROUP BY d, l.ordinal, s.status, s.status_zh
 ORDER BY d, l.ordinal;

\echo
\echo '-- the demo county''s targets on three days'
SELECT d AS as_of, s.measure, s.scope, s.due_on, s.target_pct AS "target %",
       s.actual, s.total, s.actual_pct AS "actual %", s.expected_pct AS "expected %",
       s.status_zh AS status, s.short
  FROM unnest(ARRAY['2023-12-31', '2024-12-31', current_date]::date[]) d,
       target_status(d) s JOIN target t ON t.id = s.target_id
 WHERE t.division @> :'demo_county'::division_code OR :'demo_county'::division_code @> t.division
 ORDER BY d, s.due_on, s.target_id;

\echo
\echo '-- every target today (the other counties'' have no outfalls in this registry)'
SELECT s.plan, s.clause, s.measure, s.due_on, s.target_pct AS "target %", s.actual, s.total,
       s.actual_pct AS "actual %", s.status_zh AS status, s.short
  FROM target_status() s
 ORDER BY s.plan COLLATE zh_pinyin, s.due_on, s.target_id;

-- The chart: rectification by township of the demo county today, with the
-- targets that cover it.
\! mkdir -p ../build/demo
\pset format unaligned
\pset tuples_only on
\o :chart_file
SELECT progress_chart(current_date, :'demo_county', 'rectified');
\o
\pset tuples_only off
\pset format aligned
-- what it shows: the bars (one per township) and the target lines
SELECT (xpath('/svg:svg/svg:title/text()', c, ns))[1]::text AS title,
       cardinality(xpath('//svg:rect[@class="bar"]', c, ns)) AS bars,
       array_to_string(xpath('//svg:g[@class="target"]/svg:text/text()', c, ns)::text[], ' | ') AS target_lines
  FROM (SELECT progress_chart(current_date, :'demo_county', 'rectified')::xml AS c,
               ARRAY[ARRAY['svg', 'http://www.w3.org/2000/svg']] AS ns) x;
\echo 'SVG chart written to' :chart_file '(relative to demo/)'
