-- demo/progress.sql: where the generated county stands — the progress
-- aggregate rolled up by township, by receiving water and by category, the
-- county on past days rebuilt from the ledger, the semi-annual snapshot and
-- the change since, overdue plans, outfalls found but not traced, and one
-- outfall's file (一口一档).  Run after test/generate/generate.sh, from
-- demo/ (psql -v demo_county=...).
\set ON_ERROR_STOP 1
SET search_path = outfall, public;
SET datestyle = 'ISO, YMD';
\if :{?demo_county}
\else
\set demo_county 500114
\endif
\pset footer off

\echo
\echo '== Progress by township (outfall.progress_by_division): counts reached and shares of the total =='
SELECT CASE WHEN level = 3 THEN name ELSE '  ' || name END AS division, total,
       reached_traced AS traced, round(pct_traced::numeric, 1) AS "traced %",
       done AS rectified, round(pct_done::numeric, 1) AS "rectified %",
       closed_out, round(pct_closed_out::numeric, 1) AS "closed out %"
  FROM progress_by_division(current_date, :'demo_county')
 ORDER BY level, total DESC, name
 LIMIT 12;

\echo
\echo '== The county at the end of each year, rebuilt from the ledger (outfall.progress_as_of) =='
SELECT d AS as_of, (p).total, round((p).pct_surveyed::numeric, 1) AS "surveyed %",
       round((p).pct_traced::numeric, 1) AS "traced %", round((p).pct_planned::numeric, 1) AS "planned %",
       round((p).pct_done::numeric, 1) AS "rectified %", (p).done_ban AS banned, (p).done_merge AS merged,
       (p).done_standardize AS standardized
  FROM unnest(ARRAY['2021-12-31', '2022-12-31', '2023-12-31', '2024-12-31', current_date]::date[]) d,
       progress_as_of(d) p
 ORDER BY d;

\echo
\echo '== By receiving water, the five with the most outfalls (outfall.progress_by_water_body) =='
SELECT name AS water, total, round(pct_traced::numeric, 1) AS "traced %", round(pct_done::numeric, 1) AS "rectified %"
  FROM progress_by_water_body WHERE NOT is_total ORDER BY total DESC, name LIMIT 5;

\echo
\echo '== The semi-annual report: a snapshot as of 2024-06-25, and what changed since (outfall.take_snapshot, progress_since_snapshot) =='
SELECT take_snapshot('semiannual', '2024-06-25') AS snapshot_rows;
SELECT measure, measure_zh, count_then, count_now, count_change, round(pct_then::numeric, 1) AS "% then",
       round(pct_now::numeric, 1) AS "% now", round(pct_points::numeric, 1) AS "points"
  FROM progress_since_snapshot('semiannual', '2024-H1')
 WHERE code = :'demo_county';

\echo
\echo '== Overdue plans (outfall.overdue_plans), the five most overdue =='
SELECT code, action_zh, deadline, days_overdue, responsible_unit, status_zh
  FROM overdue_plans() ORDER BY days_overdue DESC, code LIMIT 5;
SELECT count(*) AS overdue_plans FROM overdue_plans();
SELECT count(*) AS found_not_traced_after_180_days FROM found_not_traced(180);

\echo
\echo '== One outfall''s file (一口一档, outfall.outfall_file): its sections and their sizes =='
SELECT o.code AS outfall FROM outfall o WHERE o.status = 'closed' ORDER BY o.id LIMIT 1 \gset
SELECT key AS section, CASE jsonb_typeof(value) WHEN 'array' THEN jsonb_array_length(value)::text
                            WHEN 'object' THEN 'object' ELSE coalesce(value #>> '{}', '') END AS content
  FROM jsonb_each(outfall_file(:'outfall'::outfall_code)) ORDER BY key;
