-- test/crash/sheet.sql: the survey sheet of one cycle of kill_postmaster.sh
-- (psql variables cycle, rows, chunk_size), in the county the registry was
-- generated in (黔江区 500114): survey ids of its own (CR<cycle>-<n>), every
-- township, water body and coded category in turn, a few codes written by
-- hand, owners shared by many rows (so parties are created and found again),
-- and a few rows the import must refuse (a date in the future, a township
-- that does not exist).  Imported in chunks of chunk_size rows, one
-- transaction each.
WITH town AS (
    SELECT row_number() OVER (ORDER BY code) - 1 AS k, code::text AS code, name
      FROM outfall.division WHERE code OPERATOR(outfall.<@) '500114' AND outfall.level(code) = 4
), water AS (
    SELECT row_number() OVER (ORDER BY code) - 1 AS k, code, name FROM outfall.water_body
), cat AS (
    SELECT row_number() OVER (ORDER BY id) - 1 AS k, id, type_letters, name_zh
      FROM outfall.category c
     WHERE type_letters IS NOT NULL AND NOT EXISTS (SELECT FROM outfall.category d WHERE d.parent = c.id)
), n AS (
    SELECT n, n * 0.6180339887498949 + :cycle * 0.1 AS u, n * 0.7548776662466927 + :cycle * 0.3 AS v
      FROM generate_series(1, :rows) n
)
INSERT INTO crash.sheet (cycle, chunk, survey_id, survey_name, category, code, division, lon, lat,
                         water_body, found_on, discharge_mode, survey_level, owner_name, owner_kind)
SELECT :cycle, (n.n - 1) / :chunk_size + 1,
       format('CR%s-%s', :cycle, lpad(n.n::text, 5, '0')),
       format('%s第%s次排查%s号排口', t.name, :cycle, n.n),
       CASE n.n % 3 WHEN 0 THEN c.id WHEN 1 THEN c.type_letters ELSE c.name_zh END,
       -- a code given by hand, numbered past what allocation reaches here
       CASE WHEN n.n % 50 = 7
            THEN format('%s-500114-%s-%s', w.code, c.type_letters, 5000 + (:cycle * 97 + n.n / 50) % 4000) END,
       CASE WHEN n.n % 53 = 0 THEN '500114999' ELSE t.code END,
       round((108.45 + 0.5 * (n.u - floor(n.u)))::numeric, 6)::text,
       round((29.15 + 0.6 * (n.v - floor(n.v)))::numeric, 6)::text,
       CASE WHEN n.n % 4 = 0 THEN w.name ELSE w.code END,
       CASE WHEN n.n % 37 = 0 THEN '2099-01-01'
            ELSE to_char(date '2024-01-01' + (n.n * 7 + :cycle) % 500, CASE n.n % 2 WHEN 0 THEN 'YYYY-MM-DD' ELSE 'YYYY/FMMM/FMDD' END) END,
       (ARRAY['连续', 'intermittent', '季节性', NULL])[n.n % 4 + 1],
       (n.n % 3 + 1)::text,
       CASE WHEN n.n % 3 = 0 THEN format('冲击测试第%s号企业', n.n % 97) END,
       CASE WHEN n.n % 3 = 0 THEN '企业' END
  FROM n
  JOIN town t ON t.k = n.n % (SELECT count(*) FROM town)
  JOIN water w ON w.k = (n.n / 7) % (SELECT count(*) FROM water)
  JOIN cat c ON c.k = n.n % (SELECT count(*) FROM cat)
 ORDER BY n.n;
