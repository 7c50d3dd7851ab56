-- progress_reports: the reports over the progress aggregate — rolled up by
-- division, by receiving water, by category, by month (rebuilt from the
-- ledger) and by found month (the aggregate as a window), the snapshots of
-- the half-year report and the quarterly dispatch and what moved since,
-- overdue plans and late tracing, the three lists (三张清单) and one
-- outfall's file (一口一档).
SET search_path = outfall, public;
SET datestyle = 'ISO, YMD';
SET timezone = 'Asia/Shanghai';
\set SHOW_CONTEXT never

-- The registry of this file lies in 宁夏 (64), where no other test puts
-- outfalls, so that every report restricted to 64 (or to its waters and
-- parties, names RP..) has known answers whatever ran before:
--
--   RP-1 掌政镇 (兴庆区) 典农河 农村生活污水散排口 found 2023-01-15: monitored
--        02-01, traced 03-01, plan ban (deadline 2023-06-30) 04-01,
--        rectifying 05-01, rectified 06-20, closed 2023-08-01
--   RP-2 掌政镇 典农河 工业企业排污口 found 2023-03-10: monitored 04-01, traced
--        05-01, plan standardize (deadline 2023-12-31) 06-01, rectifying
--        2023-09-01; rectified 2024-08-01 (after the half-year snapshot)
--   RP-3 大新镇 (兴庆区) 黄河 城镇雨洪排口 found 2023-06-05: monitored 07-01
--   RP-4 大新镇, no water, no category, survey level 1, found 2023-09-01
--   RP-5 杨和镇 (永宁县) 黄河 规模化畜禽养殖排污口 found 2024-01-10: monitored
--        02-01, traced 03-01, plan standardize (deadline 2024-12-31) 04-01;
--        rectifying 2024-10-01
--   RP-6 杨和镇 阅海 农村生活污水散排口 found 2024-02-20; monitored 2024-09-01
--   RP-7 掌政镇 阅海 城镇污水处理厂排口 found 2024-03-01: monitored 04-01,
--        traced 05-01, plan retain (deadline 2024-09-30) 05-15; the deadline
--        moved to 2025-06-30 on 2024-11-01
-- All but RP-4 are surveyed (code, category, water, survey level 2 or 3).
INSERT INTO water_body (code, name, kind, is_key_river)
VALUES ('RPHH01', '黄河', 'river', true), ('RPDN01', '典农河', 'river', false),
       ('RPYH01', '阅海', 'lake', false);
SELECT add_zone('key_area', 'RP典农河重点区域',
                ST_GeomFromText('POLYGON((106.29 38.49, 106.32 38.49, 106.32 38.51, 106.29 38.51, 106.29 38.49))', 4490),
                due_on => '2023-12-31') IS NOT NULL AS zone_added;

CREATE FUNCTION pg_temp.at(t text) RETURNS void LANGUAGE sql
    AS $$ SELECT set_config('outfall.event_time', t || ' 10:00+08', false) $$;
CREATE FUNCTION pg_temp.c(sid text) RETURNS outfall_code LANGUAGE sql
    AS $$ SELECT code FROM outfall.outfall WHERE survey_id = sid $$;
CREATE FUNCTION pg_temp.reg(sid text, name text, category text, division text, water text,
                            level int, found_day text, lon float8, lat float8, owner jsonb DEFAULT NULL)
    RETURNS outfall_code LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_temp.at(found_day);
    RETURN outfall.register(jsonb_strip_nulls(jsonb_build_object(
        'survey_id', sid, 'survey_name', name, 'category', category, 'division', division,
        'water_body', water, 'survey_level', level, 'found_on', found_day, 'lon', lon, 'lat', lat,
        'discharge_mode', 'continuous', 'owner', owner)));
END $$;
CREATE FUNCTION pg_temp.monitor(sid text, t text) RETURNS state LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_temp.at(t);
    PERFORM outfall.record_sample(pg_temp.c(sid), jsonb_build_object('sampled_at', t || ' 09:00+08',
        'weather', 'dry', 'flow_m3d', 20, 'temperature_c', 15, 'ph', 7.2, 'cod_mgl', 40,
        'nh3n_mgl', 5, 'tp_mgl', 0.5, 'tn_mgl', 12,
        'indicators', jsonb_build_array(jsonb_build_object('name', '石油类', 'value', 0.3, 'unit', 'mg/L'))));
    RETURN outfall.advance(pg_temp.c(sid), 'monitored');
END $$;
CREATE FUNCTION pg_temp.trace(sid text, t text, doc jsonb) RETURNS state LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_temp.at(t);
    PERFORM outfall.record_tracing(pg_temp.c(sid), jsonb_build_object('method', 'field', 'traced_on', t) || doc);
    RETURN outfall.advance(pg_temp.c(sid), 'traced');
END $$;
CREATE FUNCTION pg_temp.plan(sid text, action text, deadline text, t text) RETURNS outfall_code LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_temp.at(t);
    RETURN outfall.set_plan(pg_temp.c(sid), jsonb_build_object('action', action, 'measures', '整治措施' || sid,
        'responsible_unit', '兴庆区生态环境分局', 'responsible_person', '马某', 'deadline', deadline));
END $$;
CREATE FUNCTION pg_temp.step(sid text, s state, t text) RETURNS state LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_temp.at(t);
    RETURN outfall.advance(pg_temp.c(sid), s);
END $$;

SELECT pg_temp.reg('RP-1', '永丰村排口', 'other.rural_domestic', '640104100', 'RPDN01', 2, '2023-01-15', 106.30, 38.50);
SELECT pg_temp.monitor('RP-1', '2023-02-01'),
       pg_temp.trace('RP-1', '2023-03-01', '{"user": {"name": "RP永丰村村民委员会", "kind": "other"},
                     "sources": [{"name": "永丰村生活污水", "kind": "domestic"}]}'),
       pg_temp.plan('RP-1', 'ban', '2023-06-30', '2023-04-01'), pg_temp.step('RP-1', 'planned', '2023-04-01'),
       pg_temp.step('RP-1', 'rectifying', '2023-05-01'), pg_temp.step('RP-1', 'rectified', '2023-06-20');
SELECT pg_temp.reg('RP-2', '糖厂排口', 'industrial.enterprise.factory', '640104100', 'RPDN01', 3, '2023-03-10', 106.31, 38.50,
                   '{"name": "RP宁夏某糖业有限公司", "uscc": "91640104MA76RP01TJ", "kind": "enterprise", "division": "640104"}');
SELECT pg_temp.monitor('RP-2', '2023-04-01'),
       pg_temp.trace('RP-2', '2023-05-01', '{"user": {"name": "RP宁夏某糖业有限公司", "uscc": "91640104MA76RP01TJ"},
                     "sources": [{"name": "糖业生产废水", "kind": "industrial",
                                  "party": {"name": "RP宁夏某糖业有限公司", "uscc": "91640104MA76RP01TJ"}}]}'),
       pg_temp.plan('RP-2', 'standardize', '2023-12-31', '2023-06-01'), pg_temp.step('RP-2', 'planned', '2023-06-01');
SELECT pg_temp.reg('RP-3', '大新镇雨水排口', 'other.town_storm', '640104101', 'RPHH01', 2, '2023-06-05', 106.40, 38.45);
SELECT pg_temp.monitor('RP-3', '2023-07-01');
SELECT pg_temp.at('2023-08-01');
SELECT retire(pg_temp.c('RP-1'), '封堵后现场照片');
SELECT pg_temp.reg('RP-4', '大新镇不明排口', NULL, '640104101', NULL, 1, '2023-09-01', NULL, NULL) IS NULL AS no_code;
SELECT pg_temp.step('RP-2', 'rectifying', '2023-09-01');
SELECT pg_temp.reg('RP-5', '杨和养殖场排口', 'agricultural.livestock', '640121100', 'RPHH01', 2, '2024-01-10', 106.25, 38.28);
SELECT pg_temp.monitor('RP-5', '2024-02-01'),
       pg_temp.trace('RP-5', '2024-03-01', '{"user": {"name": "RP杨和某养殖场", "kind": "enterprise"},
                     "sources": [{"name": "养殖废水", "kind": "agricultural",
                                  "party": {"name": "RP杨和某养殖场", "kind": "enterprise"}}]}'),
       pg_temp.plan('RP-5', 'standardize', '2024-12-31', '2024-04-01'), pg_temp.step('RP-5', 'planned', '2024-04-01');
SELECT pg_temp.reg('RP-6', '杨和村生活排口', 'other.rural_domestic', '640121100', 'RPYH01', 2, '2024-02-20', 106.26, 38.28);
SELECT pg_temp.reg('RP-7', '第一污水处理厂排口', 'town_plant.plant', '640104100', 'RPYH01', 2, '2024-03-01', 106.33, 38.47);
SELECT pg_temp.monitor('RP-7', '2024-04-01'),
       pg_temp.trace('RP-7', '2024-05-01', '{"user": {"name": "RP银川市第一污水处理厂", "uscc": "12640100MB1RP0027C", "kind": "treatment_plant"},
                     "sources": [{"name": "掌政镇生活污水", "kind": "domestic"},
                                 {"name": "糖业预处理废水", "kind": "industrial", "responsibility": "预处理达标后接管",
                                  "party": {"name": "RP宁夏某糖业有限公司", "uscc": "91640104MA76RP01TJ"}}]}'),
       pg_temp.plan('RP-7', 'retain', '2024-09-30', '2024-05-15'), pg_temp.step('RP-7', 'planned', '2024-05-15');
INSERT INTO approval (outfall_id, kind, authority, document_no, decided_on, published)
SELECT id, 'approval', '银川市生态环境局', '银环审〔2024〕7号', '2024-05-20', true FROM outfall WHERE survey_id = 'RP-7';
INSERT INTO signboard (outfall_id, name, code, category, responsible_party, supervising_unit, supervision_phone, installed_on)
SELECT id, name, code::text, '城镇污水处理厂排污口', 'RP银川市第一污水处理厂', '银川市生态环境局', '0951-12369', '2024-06-01'
  FROM outfall WHERE survey_id = 'RP-7';
RESET outfall.event_time;

SELECT o.survey_id, o.code, o.division, o.water_body, o.category, o.status, p.action, p.deadline,
       survey_complete(o) AS surveyed
  FROM outfall o LEFT JOIN plan p ON p.outfall_id = o.id
 WHERE o.division <@ '64' ORDER BY o.survey_id;

------------------------------------------------------------------------------
-- 1. snapshots: the half-year report for 2024-H1 (as of 2024-06-30, rebuilt
-- from the ledger) and an ad-hoc one of today; then the later changes
------------------------------------------------------------------------------
SELECT take_snapshot('semiannual', '2024-06-30') AS snapshot_rows \gset
SELECT count(*) = :snapshot_rows AS rows_returned, count(*) FILTER (WHERE division IS NULL) AS total_rows
  FROM progress_snapshot WHERE kind = 'semiannual' AND period = '2024-H1';
SELECT kind, period, as_of, taken_by = current_user AS by_me, division, level, (progress).total,
       (progress).reached_monitored, (progress).done, (progress).closed_out
  FROM progress_snapshot
 WHERE kind = 'semiannual' AND division <@ '64' ORDER BY level, division;
-- the snapshot holds what the rollup said for that day
SELECT count(*) AS differ
  FROM progress_snapshot s JOIN progress_by_division('2024-06-30') d
    ON d.code IS NOT DISTINCT FROM s.division AND d.level = s.level
 WHERE s.kind = 'semiannual' AND s.period = '2024-H1' AND ((s.progress).total, (s.progress).done) <> (d.total, d.done);
SELECT take_snapshot('adhoc') > 0 AS taken;
SELECT DISTINCT period = to_char(current_date, 'YYYY-MM-DD') AS period_is_today, as_of = current_date AS as_of_today
  FROM progress_snapshot WHERE kind = 'adhoc';
-- period labels
SELECT period_label('half_year', '2024-06-30') AS h1, period_label('half_year', '2024-07-01') AS h2,
       period_label('quarter', '2024-09-30') AS q3, period_label('month', '2024-09-30') AS m,
       period_label('day', '2024-09-30') AS d;

-- later: RP-2 rectified 2024-08-01, RP-6 monitored 2024-09-01, RP-5
-- rectifying 2024-10-01, RP-7's deadline moved to 2025-06-30 on 2024-11-01
SELECT pg_temp.step('RP-2', 'rectified', '2024-08-01'), pg_temp.monitor('RP-6', '2024-09-01'),
       pg_temp.step('RP-5', 'rectifying', '2024-10-01'), pg_temp.plan('RP-7', 'retain', '2025-06-30', '2024-11-01');
RESET outfall.event_time;

------------------------------------------------------------------------------
-- 2. by division, on the half-year date 2024-06-30 (rebuilt from the
-- ledger).  Then: RP-1 closed, RP-2 rectifying, RP-3 monitored, RP-4 and
-- RP-6 found, RP-5 and RP-7 planned.
--   掌政镇 RP-1 RP-2 RP-7: 3 surveyed 3, monitored+ 3, traced+ 3, planned+ 3,
--          done 1 (ban), closed out 1
--   大新镇 RP-3 RP-4: 2, surveyed 1, monitored+ 1
--   兴庆区 5: surveyed 4, monitored+ 4, traced+ 3, planned+ 3, done 1
--   杨和镇 = 永宁县 RP-5 RP-6: 2, surveyed 2, monitored+ 1, traced+ 1, planned+ 1
--   银川市 = 宁夏 7: surveyed 6, monitored+ 5, traced+ 4, planned+ 4, done 1
------------------------------------------------------------------------------
SELECT level, level_name, code, name, full_name, is_total, total, surveyed, reached_monitored AS monitored,
       reached_traced AS traced, reached_planned AS planned, done, done_ban, closed_out,
       round(pct_done::numeric, 2) AS pct_done
  FROM progress_by_division('2024-06-30', '64');
-- under a county: the county and its townships only
SELECT level, code, name, total, done FROM progress_by_division('2024-06-30', '640104');
-- a township, and a division with no outfall: just its own row, or nothing
SELECT level, code, name, total FROM progress_by_division('2024-06-30', '640121100');
SELECT count(*) AS rows FROM progress_by_division('2024-06-30', '640122');
-- before anything was found: no rows under 64
SELECT count(*) AS rows FROM progress_by_division('2022-12-31', '64');

-- Now (the view, the registry as it is): RP-2 rectified, RP-5 rectifying,
-- RP-6 monitored: 掌政镇 done 2 (ban 1, standardize 1); 杨和镇 monitored+ 2;
-- 宁夏 monitored+ 6, done 2 = 28.57 %.  In the view, the divisions come in
-- code order, each before those below it.
SELECT level, level_name, code, name, full_name, total, surveyed, found, monitored, traced, planned,
       rectifying, rectified, closed, retained, reached_monitored, reached_traced, reached_planned,
       done, done_ban, done_standardize, done_retain, closed_out,
       round(pct_surveyed::numeric, 2) AS pct_surveyed, round(pct_done::numeric, 2) AS pct_done
  FROM progress_by_division WHERE code <@ '64';
-- the grand total row comes first, is the only one without a code, and
-- adds up the provinces (and the cities, counties, townships)
SELECT (array_agg(is_total))[1] AS first_is_total,
       count(*) FILTER (WHERE is_total) AS total_rows,
       count(*) FILTER (WHERE code IS NULL) AS rows_without_code,
       bool_and(level = 0 OR NOT is_total) AND bool_and(is_total = (name = '合计')) AS marked
  FROM progress_by_division;
SELECT l.level, sum(d.total) = (SELECT total FROM progress_by_division WHERE is_total) AS adds_up,
       sum(d.done) = (SELECT done FROM progress_by_division WHERE is_total) AS done_adds_up
  FROM generate_series(1, 4) l(level) JOIN progress_by_division d ON d.level = l.level
 GROUP BY l.level ORDER BY l.level;
SELECT total = (SELECT count(*) FROM outfall) AS all_outfalls FROM progress_by_division WHERE is_total;
-- the view is the function for today; names sort by pinyin: 大新镇 (da),
-- 杨和镇 (yang), 掌政镇 (zhang)
SELECT (SELECT count(*) FROM (SELECT * FROM progress_by_division EXCEPT SELECT * FROM progress_by_division(current_date)) x) AS view_not_function,
       (SELECT count(*) FROM (SELECT * FROM progress_by_division(current_date) EXCEPT SELECT * FROM progress_by_division) x) AS function_not_view;
SELECT name FROM progress_by_division WHERE level = 4 AND code <@ '64' ORDER BY name;

------------------------------------------------------------------------------
-- 3. by receiving water and by category
------------------------------------------------------------------------------
-- now, under 64: 典农河 RP-1 RP-2 (done 2, closed out 1); 黄河 RP-3 RP-5
-- (traced+ 1); 阅海 RP-6 RP-7 (traced+ 1); RP-4 without a water; pinyin order
-- 典 (dian) 黄 (huang) 阅 (yue)
SELECT is_total, water_body, name, kind, is_key_river, total, surveyed, reached_monitored, reached_traced,
       done, closed_out
  FROM progress_by_water_body(current_date, '64');
-- the view over the whole registry has the same rows for these waters
SELECT water_body, name, total, reached_traced, done FROM progress_by_water_body WHERE water_body LIKE 'RP%';
-- on 2024-06-30: 典农河 done 1 (RP-2 still rectifying); 阅海 RP-6 found
SELECT water_body, name, total, reached_monitored, reached_traced, done
  FROM progress_by_water_body('2024-06-30', '64');

-- by category, now under 64: agricultural RP-5; industrial (enterprise,
-- factory) RP-2, done; other RP-1 (rural_domestic, done), RP-3 (town_storm),
-- RP-6 (rural_domestic); town_plant RP-7; RP-4 without a category last
SELECT level, category, name_zh, name_en, parent, type_letters, is_total, total, reached_traced, done, done_ban
  FROM progress_by_category(current_date, '64');
-- on 2023-06-30: RP-1 rectified (done), RP-2 planned, RP-3 found
SELECT level, category, total, reached_planned, done FROM progress_by_category('2023-06-30', '64');
SELECT (SELECT count(*) FROM (SELECT * FROM progress_by_category EXCEPT SELECT * FROM progress_by_category(current_date)) x) AS view_not_function,
       (SELECT count(*) FROM (SELECT * FROM progress_by_water_body(current_date) EXCEPT SELECT * FROM progress_by_water_body) x) AS function_not_view;

------------------------------------------------------------------------------
-- 4. by month: the end of each month of 2023 and 2024 under 64, rebuilt
-- from the ledger (see the timeline at the top)
------------------------------------------------------------------------------
SELECT period, as_of, total, surveyed, reached_monitored AS monitored, reached_traced AS traced,
       reached_planned AS planned, rectifying, done, closed_out
  FROM progress_by_month('2023-01-01', '2024-12-31', '64');
-- the month of a date is its month; a single month; the current month is
-- as it is now (and so equal to the view)
SELECT period, total, done FROM progress_by_month('2024-06-15', '2024-06-15', '640121');
SELECT m.as_of = current_date AS today, (m.total, m.done, m.closed_out) = (d.total, d.done, d.closed_out) AS as_now
  FROM progress_by_month(current_date, current_date, '64') m, progress_by_division d WHERE d.code = '64';

------------------------------------------------------------------------------
-- 5. the aggregate as a window over the months outfalls were found in:
-- cumulative (ROWS UNBOUNDED PRECEDING) and over a moving window of three
-- months (RANGE 2 months PRECEDING, which takes the oldest month out with
-- the aggregate's inverse transition).  Progress is as it is now.
--   found 2023-01 RP-1, 2023-03 RP-2, 2023-06 RP-3, 2023-09 RP-4,
--   2024-01 RP-5, 2024-02 RP-6, 2024-03 RP-7
------------------------------------------------------------------------------
SELECT period, found_in_month, total, reached_traced, done, closed_out
  FROM progress_by_found_month(under => '64');
SELECT period, found_in_month, total, reached_traced, done, closed_out
  FROM progress_by_found_month(3, '64');
-- a window of one month is each month alone
SELECT period, found_in_month = total AS alone FROM progress_by_found_month(1, '64');
-- the view is the cumulative form over the whole registry
SELECT (SELECT count(*) FROM (SELECT * FROM progress_by_found_month EXCEPT SELECT * FROM progress_by_found_month()) x) AS view_not_function,
       (SELECT count(*) FROM (SELECT * FROM progress_by_found_month() EXCEPT SELECT * FROM progress_by_found_month) x) AS function_not_view;
SELECT total = (SELECT count(*) FROM outfall) AS last_month_counts_all
  FROM progress_by_found_month ORDER BY found_month DESC LIMIT 1;

------------------------------------------------------------------------------
-- 6. what moved since the snapshots
------------------------------------------------------------------------------
-- since the half-year snapshot (the latest semiannual one), now: RP-2
-- rectified, RP-6 monitored (RP-5 rectifying is no measure): 宁夏 = 银川市
-- monitored 5 → 6 of 7 (+14.29 points), rectified 1 → 2 (+14.29); 兴庆区
-- rectified 1 → 2 of 5 (+20), 掌政镇 of 3 (+33.33); 永宁县 = 杨和镇
-- monitored 1 → 2 of 2 (+50); nothing else moved
SELECT level, code, name, snapshot_period, snapshot_as_of, now_as_of = current_date AS now, total_then, total_now,
       measure, measure_zh, count_then, count_now, count_change,
       round(pct_then::numeric, 2) AS pct_then, round(pct_now::numeric, 2) AS pct_now,
       round(pct_points::numeric, 2) AS pct_points
  FROM progress_since_snapshot('semiannual')
 WHERE code <@ '64' AND count_change <> 0;
SELECT code, measure, count_then, count_now FROM progress_since_snapshot('semiannual', '2024-H1')
 WHERE code = '640104100';
-- as of 2024-08-31 only RP-2 had moved
SELECT code, measure, count_change, round(pct_points::numeric, 2) AS pct_points
  FROM progress_since_snapshot('semiannual', '2024-H1', '2024-08-31')
 WHERE code <@ '64' AND count_change <> 0;
-- since the ad-hoc snapshot of today, taken before the changes (which are
-- dated in the past but were made after it): the same two moves
SELECT code, measure, count_change FROM progress_since_snapshot('adhoc')
 WHERE code = '64' AND count_change <> 0;
-- one row per division and measure, with the grand total first
SELECT count(*) = 6 * (SELECT count(*) FROM progress_by_division) AS rows,
       (array_agg(is_total))[1] AS total_first
  FROM progress_since_snapshot('adhoc');
-- the quarterly dispatch for 2024-Q3, as of 2024-09-30: RP-5 was not yet rectifying
SELECT take_snapshot('quarterly', '2024-09-30') > 0 AS taken;
SELECT division, period, (progress).planned, (progress).rectifying, (progress).reached_monitored
  FROM progress_snapshot WHERE kind = 'quarterly' AND division = '640121';

------------------------------------------------------------------------------
-- 7. overdue plans and late tracing
------------------------------------------------------------------------------
-- 2024-06-30: RP-2 (deadline 2023-12-31, rectifying) 182 days overdue; RP-1
-- was closed; RP-5 and RP-7 not yet due
SELECT code, name, survey_id, division, division_full_name, action, action_zh, deadline, days_overdue,
       responsible_unit, responsible_person, status, status_zh
  FROM overdue_plans('2024-06-30') WHERE division <@ '64';
-- 2024-10-15: RP-2 rectified; RP-7 (then due 2024-09-30, planned) 15 days
SELECT survey_id, deadline, days_overdue, status FROM overdue_plans('2024-10-15') WHERE division <@ '64';
-- 2024-12-31: RP-7's deadline is now 2025-06-30; RP-5 is due that very day
SELECT count(*) AS overdue FROM overdue_plans('2024-12-31') WHERE division <@ '64';
SELECT survey_id, deadline, days_overdue, status FROM overdue_plans('2025-01-10') WHERE division <@ '64';
-- today: RP-5 and RP-7 (both past their deadlines)
SELECT survey_id, deadline, days_overdue = current_date - deadline AS days_right, status
  FROM overdue_plans() WHERE division <@ '64';

-- found more than 90 days before 2024-06-30 and then still found or
-- monitored: RP-3 (monitored, 391 days), RP-4 (303), RP-6 (131)
SELECT code, name, survey_id, division_full_name, water_body, water_body_name, found_on, days_since_found,
       status, status_zh
  FROM found_not_traced(90, '2024-06-30') WHERE division <@ '64';
SELECT survey_id, days_since_found FROM found_not_traced(150, '2024-06-30') WHERE division <@ '64';
-- 0 days on 2023-06-30: RP-3, found 25 days before (RP-1 and RP-2 traced)
SELECT survey_id, days_since_found, status FROM found_not_traced(0, '2023-06-30') WHERE division <@ '64';
-- today: RP-3, RP-4 and RP-6 (monitored since 2024-09-01)
SELECT survey_id, status, days_since_found = current_date - found_on AS days_right
  FROM found_not_traced() WHERE division <@ '64';

------------------------------------------------------------------------------
-- 8. the three lists (三张清单)
------------------------------------------------------------------------------
\x on
SELECT code, name, survey_name, survey_id, category, category_zh, category_class, category_class_zh,
       province_name, city_name, county_name, township, township_name, division_full_name, water_body,
       water_body_name, lon, lat, found_on, status, status_zh, status_since, responsible_party,
       responsible_uscc, responsible_rule, plan_action, plan_action_zh, plan_deadline,
       plan_responsible_unit, plan_responsible_person
  FROM outfall_list WHERE survey_id = 'RP-2';
\x off
SELECT code, name, category_zh, category_class_zh, province_name, city_name, county_name, township_name,
       water_body_name, lon, lat, status_zh, responsible_party, plan_action_zh, plan_deadline
  FROM outfall_list WHERE township <@ '64';
SELECT name, uscc, kind, kind_zh, division_full_name, outfalls, outfall_codes, owned_outfalls, used_outfalls, sources
  FROM party_list WHERE name LIKE 'RP%';
SELECT name, kind, kind_zh, party_name, party_uscc, responsibility, outfall_code, water_body_name,
       tracing_method_zh, traced_on
  FROM source_list WHERE township <@ '64';
-- every column of the lists is commented
SELECT c.relname, count(*) AS columns, count(d.description) AS commented
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'outfall'
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
  LEFT JOIN pg_description d ON d.objoid = c.oid AND d.objsubid = a.attnum
 WHERE c.relname IN ('outfall_list', 'party_list', 'source_list')
 GROUP BY c.relname ORDER BY c.relname;

------------------------------------------------------------------------------
-- 9. one outfall's file (一口一档)
------------------------------------------------------------------------------
SELECT jsonb_object_keys(outfall_file(pg_temp.c('RP-2'))) AS key ORDER BY 1;
SELECT f -> 'outfall' ->> 'code' = pg_temp.c('RP-2')::text AS code, f -> 'outfall' ->> 'status_zh' AS status,
       f -> 'category' ->> 'class_zh' AS class, f -> 'division' ->> 'full_name' AS division,
       f -> 'water_body' ->> 'name' AS water, f -> 'parties' -> 'responsible' ->> 'name' AS responsible,
       f -> 'parties' -> 'owner' ->> 'uscc' AS owner_uscc,
       jsonb_array_length(f -> 'tracings') AS tracings, f -> 'tracings' -> 0 -> 'sources' -> 0 ->> 'kind_zh' AS source_kind,
       jsonb_array_length(f -> 'samples') AS samples, f -> 'samples' -> 0 -> 'indicators' -> 0 ->> 'name' AS indicator,
       f -> 'plan' ->> 'action_zh' AS plan, f -> 'plan' ->> 'deadline' AS deadline,
       f -> 'zones' -> 0 ->> 'name' AS zone, f -> 'required_action' ->> 'action' AS required,
       jsonb_array_length(f -> 'verifications') AS verifications, f -> 'signboard' AS signboard
  FROM outfall_file(pg_temp.c('RP-2')) f;
-- the findings are those of outfall.check
SELECT (SELECT jsonb_agg(x ->> 'rule') FROM jsonb_array_elements(outfall_file(pg_temp.c('RP-2')) -> 'findings') x)
       = (SELECT jsonb_agg(c.rule) FROM outfall o, "check"(o) c WHERE o.survey_id = 'RP-2') AS findings_of_check;
-- the history, in the order it happened
SELECT h ->> 'happened_at' AS happened_at, h ->> 'entity' AS entity, h ->> 'op' AS op,
       coalesce(h -> 'new' ->> 'status', h -> 'new' ->> 'action', h -> 'new' ->> 'method', h -> 'new' ->> 'name') AS what,
       CASE WHEN h ->> 'op' = 'update'
            THEN (SELECT string_agg(k, ', ' ORDER BY k) FROM jsonb_object_keys(h -> 'new') k) END AS changed
  FROM jsonb_array_elements(outfall_file(pg_temp.c('RP-2')) -> 'history') h;
-- RP-7: the approval, the signboard, the plan's new deadline, two sources
SELECT f -> 'approvals' -> 0 ->> 'document_no' AS approval, f -> 'signboard' ->> 'supervision_phone' AS phone,
       f -> 'plan' ->> 'deadline' AS deadline, jsonb_array_length(f -> 'tracings' -> 0 -> 'sources') AS sources,
       f -> 'tracings' -> 0 -> 'sources' -> 1 -> 'party' ->> 'name' AS source_party
  FROM outfall_file(pg_temp.c('RP-7')) f;
-- RP-1: closed, verified; RP-4 has no code: by id, with no category, no water, no plan
SELECT f -> 'outfall' ->> 'status' AS status, f -> 'verifications' -> 0 ->> 'evidence' AS evidence,
       f -> 'plan' ->> 'action_zh' AS plan
  FROM outfall_file(pg_temp.c('RP-1')::text) f;
SELECT f -> 'outfall' ->> 'survey_id' AS survey_id, f -> 'outfall' -> 'code' AS code, f -> 'category' AS category,
       f -> 'water_body' AS water, f -> 'plan' AS plan, f -> 'tracings' AS tracings,
       jsonb_array_length(f -> 'history') AS events, f -> 'required_action' ->> 'action' AS required
  FROM outfall, outfall_file(outfall.id) f WHERE outfall.survey_id = 'RP-4';
SELECT outfall_file(NULL::bigint) IS NULL AS null_in_null_out;

------------------------------------------------------------------------------
-- 10. refusals
------------------------------------------------------------------------------
-- report dates: none, or one to come (22023)
SELECT * FROM progress_by_division(NULL);
SELECT :'SQLSTATE' AS sqlstate;
\set VERBOSITY terse
SELECT * FROM progress_by_division('2999-12-31');
SELECT :'SQLSTATE' AS sqlstate;
SELECT * FROM progress_by_water_body('2999-12-31');
SELECT :'SQLSTATE' AS sqlstate;
SELECT * FROM progress_by_category('2999-12-31', '64');
SELECT :'SQLSTATE' AS sqlstate;
\set VERBOSITY default
-- a division not in the list (23503), a village (22023)
SELECT * FROM progress_by_division(current_date, '640104999');
SELECT :'SQLSTATE' AS sqlstate;
INSERT INTO division (code, name) VALUES ('640104100201', 'RP某村');
SELECT * FROM progress_by_division(current_date, '640104100201');
SELECT :'SQLSTATE' AS sqlstate;
DELETE FROM division WHERE code = '640104100201';
-- months: none, the wrong way round, to come (22023)
SELECT * FROM progress_by_month(NULL, '2024-01-01');
SELECT :'SQLSTATE' AS sqlstate;
SELECT * FROM progress_by_month('2024-05-01', '2024-03-31');
SELECT :'SQLSTATE' AS sqlstate;
\set VERBOSITY terse
SELECT * FROM progress_by_month('2024-01-01', '2999-01-01');
SELECT :'SQLSTATE' AS sqlstate;
\set VERBOSITY default
SELECT * FROM progress_by_month('2024-01-01', '2024-02-01', '99');
SELECT :'SQLSTATE' AS sqlstate;
-- a window of no months (22023)
SELECT * FROM progress_by_found_month(0);
SELECT :'SQLSTATE' AS sqlstate;
-- snapshots: an unknown kind (22023), a date to come (22023), none (22023),
-- the same kind and period again (23505), nothing written by any
SELECT count(*) AS snapshot_rows FROM progress_snapshot \gset
SELECT take_snapshot('monthly', '2024-06-30');
SELECT :'SQLSTATE' AS sqlstate;
\set VERBOSITY terse
SELECT take_snapshot('quarterly', '2999-12-31');
SELECT :'SQLSTATE' AS sqlstate;
\set VERBOSITY default
SELECT take_snapshot('quarterly', NULL);
SELECT :'SQLSTATE' AS sqlstate;
\set VERBOSITY terse
SELECT take_snapshot('semiannual', '2024-05-31');
SELECT :'SQLSTATE' AS sqlstate;
\set VERBOSITY default
-- the hint says how to remove it (the detail names when and by whom it was
-- taken, which varies)
DO $$
DECLARE
    h text;
BEGIN
    PERFORM outfall.take_snapshot('semiannual', '2024-01-01');
EXCEPTION WHEN unique_violation THEN
    GET STACKED DIAGNOSTICS h = PG_EXCEPTION_HINT;
    RAISE NOTICE 'hint: %', h;
END $$;
SELECT count(*) = :snapshot_rows AS nothing_written FROM progress_snapshot;
-- what moved since: an unknown kind (22023), no snapshot of a kind (P0002),
-- no snapshot of a period (P0002), a date to come (22023)
SELECT * FROM progress_since_snapshot('weekly');
SELECT :'SQLSTATE' AS sqlstate;
INSERT INTO snapshot_kind VALUES ('monthly', 'month', '月调度', 'the monthly dispatch (武汉)');
SELECT * FROM progress_since_snapshot('monthly');
SELECT :'SQLSTATE' AS sqlstate;
SELECT * FROM progress_since_snapshot('semiannual', '2023-H2');
SELECT :'SQLSTATE' AS sqlstate;
\set VERBOSITY terse
SELECT * FROM progress_since_snapshot('semiannual', '2024-H1', '2999-12-31');
SELECT :'SQLSTATE' AS sqlstate;
\set VERBOSITY default
-- a kind the DBA added is taken like the shipped ones
SELECT take_snapshot('monthly', '2024-09-30') > 0 AS taken;
SELECT DISTINCT period FROM progress_snapshot WHERE kind = 'monthly';
-- overdue plans with no date; late tracing with negative days, or none (22023)
SELECT * FROM overdue_plans(NULL);
SELECT :'SQLSTATE' AS sqlstate;
SELECT * FROM found_not_traced(-1);
SELECT :'SQLSTATE' AS sqlstate;
SELECT * FROM found_not_traced(NULL);
SELECT :'SQLSTATE' AS sqlstate;
SELECT * FROM found_not_traced(30, NULL);
SELECT :'SQLSTATE' AS sqlstate;
-- the file of an outfall that is not there (P0002), of a malformed code (22P02)
SELECT outfall_file('RPDN01640104NS9999');
SELECT :'SQLSTATE' AS sqlstate;
SELECT outfall_file(-1);
SELECT :'SQLSTATE' AS sqlstate;
SELECT outfall_file('no such code');
SELECT :'SQLSTATE' AS sqlstate;
