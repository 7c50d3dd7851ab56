-- infer_category benchmark, report (run by infer.sh): medians of
-- infer_bench.result, names per second, the ratios against the baselines,
-- and what each variant makes of the corpus.
\set ON_ERROR_STOP on
\pset footer off
SET client_min_messages = warning;

CREATE TEMP VIEW med AS
SELECT r.variant, count(*) AS runs, min(r.n) AS n,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY r.ms) AS ms,
       min(r.ms) AS min_ms, max(r.ms) AS max_ms,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY r.cpu_ms) AS cpu_ms,
       count(DISTINCT r.check_) AS checks
  FROM infer_bench.result r GROUP BY r.variant;

SELECT to_char(count(*), 'FM9,999,999') AS names, to_char(count(DISTINCT name), 'FM9,999,999') AS distinct_names
  FROM infer_bench.name \gset
\echo '================================================================================'
\echo ' infer_category: names per second over' :names 'generated survey names'
\echo ' (' :distinct_names 'distinct); one session, no parallel workers, no JIT; median of'
\echo ' the runs; wall clock, and CPU time of the backend where /proc can be read'
\echo '================================================================================'
SELECT variant,
       CASE variant
           WHEN 'count' THEN 'read the names: count(name)'
           WHEN 'normalize_name' THEN 'normalize_name(name) alone (part of infer_category)'
           WHEN 'case_like' THEN 'baseline: CASE WHEN name LIKE ... (21 WHENs, 38 LIKEs)'
           WHEN 'infer_category' THEN 'FROM names CROSS JOIN LATERAL infer_category(name)'
           WHEN 'infer_category_select_list' THEN 'SELECT infer_category(name) FROM names'
       END AS what,
       to_char(n, 'FM9,999,999') AS names, runs,
       to_char(ms / 1000, 'FM99990.00') AS "median s",
       to_char(min_ms / 1000, 'FM99990.00') AS "min s", to_char(max_ms / 1000, 'FM99990.00') AS "max s",
       to_char(n / (ms / 1000), 'FM999,999,999') AS "names/s",
       to_char(n / (cpu_ms / 1000), 'FM999,999,999') AS "names/s CPU",
       CASE WHEN checks = 1 THEN 'same' ELSE 'DIFFERS' END AS "result of each run"
  FROM med
 ORDER BY n / (ms / 1000) DESC;

-- ratio = time per name of infer_category / time per name of the baseline
SELECT 'ratio infer_category / ' || b.variant || ': '
       || to_char((i.ms / i.n) / (b.ms / b.n), 'FM9990.00') || ' (wall clock), '
       || coalesce(to_char((i.cpu_ms / i.n) / (b.cpu_ms / b.n), 'FM9990.00') || ' (CPU)', 'CPU not measured')
  FROM med i, med b
 WHERE i.variant = 'infer_category' AND b.variant IN ('case_like', 'count', 'normalize_name')
 ORDER BY CASE b.variant WHEN 'case_like' THEN 1 WHEN 'count' THEN 2 ELSE 3 END \g (tuples_only=on)
SELECT 'ratio infer_category select list / infer_category in FROM: '
       || to_char((s.ms / s.n) / (i.ms / i.n), 'FM9990.00') || ' (wall clock)'
  FROM med i, med s
 WHERE i.variant = 'infer_category' AND s.variant = 'infer_category_select_list' \g (tuples_only=on)

\echo ' What the two ways make of the corpus (test/data/infer_corpus.tsv), by the'
\echo ' category an expert gives each name:'
SELECT count(*) AS names,
       count(*) FILTER (WHERE g.category IS NOT DISTINCT FROM c.expected) AS infer_category_right,
       count(*) FILTER (WHERE infer_bench.case_like(c.name) IS NOT DISTINCT FROM c.expected) AS case_like_right
  FROM infer_bench.corpus c CROSS JOIN LATERAL outfall.infer_category(c.name) g;
\echo ' and on the generated names, how often the two agree, and the confidence'
\echo ' infer_category gives where they do and where they do not:'
SELECT g.category IS NOT DISTINCT FROM infer_bench.case_like(n.name) AS agree,
       to_char(count(*), 'FM9,999,999') AS names, round(avg(g.confidence), 2) AS avg_confidence
  FROM infer_bench.name n CROSS JOIN LATERAL outfall.infer_category(n.name) g
 WHERE n.id <= 100000
 GROUP BY 1 ORDER BY 1 DESC;
