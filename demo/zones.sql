-- demo/zones.sql: the priority zones of the generated county, drawn the way
-- a county office would: the 1 km key area along each key river
-- (outfall.add_key_area), a drinking-water source on the busiest river with
-- its level-1 zone inside its level-2 zone, designated in mid-2022 so that
-- outfalls found before then are historical cases; the sewer coverage
-- around the town plant; an industrial park around the park plant.  Then
-- what the zones mean for the outfalls (outfall.required_actions).
SET search_path = outfall, public;
SET client_min_messages = warning;

\pset linestyle unicode
\pset border 1
\pset footer off
\pset null '—'
\pset format wrapped
\pset columns 180

-- key areas, due to be surveyed by the end of 2023 (昌吉's date)
SELECT add_key_area(code, 1000, due_on => '2023-12-31', source => '县级工作方案：重点河流岸线向陆域延伸1千米')
  FROM water_body WHERE is_key_river ORDER BY code \g /dev/null

-- the water source: on the river with most outfalls, around its median outfall
CREATE TEMP TABLE demo_spot AS
SELECT o.geom, o.water_body
  FROM (SELECT water_body, count(*) AS n FROM outfall WHERE geom IS NOT NULL AND water_body IS NOT NULL
         GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1) r
  JOIN LATERAL (SELECT geom, water_body FROM outfall WHERE water_body = r.water_body AND geom IS NOT NULL
                 ORDER BY id OFFSET r.n / 2 LIMIT 1) o ON true;
SELECT add_zone('water_source_2', w.name || '饮用水水源二级保护区', buffer_metres(s.geom, 2500),
                level => 'county', valid_from => '2022-06-01', source => '县人民政府划定方案（示例）'),
       add_zone('water_source_1', w.name || '饮用水水源一级保护区', buffer_metres(s.geom, 800),
                level => 'county', valid_from => '2022-06-01', source => '县人民政府划定方案（示例）')
  FROM demo_spot s JOIN water_body w ON w.code = s.water_body \g /dev/null

-- the sewer coverage around the town plant, the park around the park plant
SELECT add_zone('sewer_coverage', '城区污水收集管网覆盖范围', buffer_metres(o.geom, 4000),
                source => '住建部门管网图（示例）')
  FROM outfall o WHERE o.category LIKE 'town_plant%' AND o.geom IS NOT NULL ORDER BY o.id LIMIT 1 \g /dev/null
SELECT add_zone('industrial_park', '工业园区', buffer_metres(o.geom, 2000),
                level => 'provincial', source => '园区规划范围（示例）')
  FROM outfall o WHERE o.category = 'industrial.park_plant' AND o.geom IS NOT NULL ORDER BY o.id LIMIT 1 \g /dev/null

\echo
\echo '── Zones (outfall.zone): what each holds, and what that means (outfall.zone_kind) ──'
SELECT k.name_zh AS "kind 类型", z.name AS "zone 区域", z.valid_from AS "designated", z.due_on AS "survey due",
       round((ST_Area(z.geom::geography) / 1e6)::numeric, 1) AS "km²",
       (SELECT count(*) FROM outfall_zone m WHERE m.zone_id = z.id) AS "outfalls",
       k.effect, k.basis
  FROM zone z JOIN zone_kind k ON k.kind = z.kind
 ORDER BY k.effect, k.strictness, z.name COLLATE zh_pinyin;

\echo '── What the zones require (outfall.required_actions): by action, against the plans made ──'
SELECT r.action,
       count(*) AS "outfalls",
       count(*) FILTER (WHERE p.action = 'ban') AS "ban planned",
       count(*) FILTER (WHERE p.action = 'merge') AS "merge planned",
       count(*) FILTER (WHERE p.action IN ('standardize', 'retain')) AS "standardize/retain planned",
       count(*) FILTER (WHERE p.action IS NULL) AS "no plan yet",
       count(*) FILTER (WHERE in_key_area(r.outfall_id)) AS "in key area"
  FROM required_actions(NULL) r
  LEFT JOIN plan p ON p.outfall_id = r.outfall_id
 GROUP BY r.action
 ORDER BY array_position(ARRAY['ban', 'plan_instead_of_ban', 'merge', 'standardize', 'undetermined'], r.action);

\echo '── One outfall for each action, and why (outfall.required_action) ──'
SELECT DISTINCT ON (r.action) r.action, o.code, coalesce(o.name, o.survey_name) AS "outfall", r.reason_zh, r.basis
  FROM required_actions(NULL) r JOIN outfall o ON o.id = r.outfall_id
 WHERE r.action <> 'undetermined'
 ORDER BY r.action, o.code NULLS LAST;
