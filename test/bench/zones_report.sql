-- Zones benchmark (test/bench/zones.sh): the report, from the tables of
-- schema zb.  Medians are over the runs 1 .. :runs (run 0 is a warm-up).
-- psql variables: runs, batch.
\set ON_ERROR_STOP on
\pset footer off
SET client_min_messages = warning;

CREATE TEMP VIEW med AS
SELECT step, count(*) AS runs, percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) AS seconds,
       min(seconds) AS min_s, max(seconds) AS max_s, max(n) AS n,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY cpu_seconds) AS cpu_seconds
  FROM zb.result WHERE run >= 1 GROUP BY step;
CREATE TEMP VIEW fig AS
SELECT (SELECT count(*) FROM outfall.outfall WHERE geom IS NOT NULL) AS located,
       (SELECT seconds FROM med WHERE step = 'refresh') AS refresh_s,
       (SELECT seconds FROM med WHERE step = 'refresh: pieces') AS pieces_s,
       (SELECT seconds / n FROM med WHERE step = 'baseline a: ST_DWithin geography') AS a_s,
       (SELECT seconds / n FROM med WHERE step = 'baseline b: ST_Buffer per row') AS b_s,
       (SELECT seconds / n FROM med WHERE step = 'baseline c: indexed ST_DWithin geography') AS c_s,
       (SELECT seconds / n FROM med WHERE step = 'baseline polygons: ST_Intersects unsplit') AS poly_s;

\pset tuples_only on
\pset format unaligned
SELECT 'server:     ' || version();
SELECT 'extensions: outfall ' || (SELECT extversion FROM pg_extension WHERE extname = 'outfall')
       || ', postgis ' || (SELECT extversion FROM pg_extension WHERE extname = 'postgis') || ' (' || postgis_lib_version()
       || ', GEOS ' || split_part(postgis_geos_version(), '-', 1) || ')';
SELECT 'settings:   ' || string_agg(name || '=' || current_setting(name), ', ' ORDER BY name)
  FROM pg_settings
 WHERE name IN ('shared_buffers', 'work_mem', 'maintenance_work_mem', 'jit', 'max_parallel_workers_per_gather',
                'synchronous_commit', 'fsync', 'autovacuum');
SELECT 'registry:   ' || (SELECT count(*) FROM outfall.outfall) || ' outfalls (' || located || ' with a location), '
       || (SELECT count(*) FROM outfall.water_body) || ' water bodies ('
       || (SELECT count(*) FROM outfall.water_body WHERE is_key_river) || ' key)'
  FROM fig;
SELECT 'zones:      ' || count(*) || ': '
       || count(*) FILTER (WHERE kind = 'key_area') || ' corridors of 1,000 m (outfall.build_corridor) along '
       || (SELECT count(*) FILTER (WHERE is_key_river) FROM zb.corridor_src) || ' key water bodies, '
       || (SELECT count(*) FILTER (WHERE NOT is_key_river AND gtype = 'MULTILINESTRING') FROM zb.corridor_src) || ' other rivers and canals, '
       || (SELECT count(*) FILTER (WHERE NOT is_key_river AND gtype = 'MULTIPOLYGON') FROM zb.corridor_src) || ' reservoirs and lakes ('
       || coalesce(round(avg(ST_NPoints(geom)) FILTER (WHERE kind = 'key_area')) || ' vertices on average, at most '
                   || max(ST_NPoints(geom)) FILTER (WHERE kind = 'key_area'), 'none') || '); '
       || count(*) FILTER (WHERE kind <> 'key_area') || ' polygons'
       || coalesce(' of ' || min(ST_NPoints(geom)) FILTER (WHERE kind <> 'key_area') || ' to '
                   || max(ST_NPoints(geom)) FILTER (WHERE kind <> 'key_area') || ' vertices ('
                   || round(avg(ST_NPoints(geom)) FILTER (WHERE kind <> 'key_area')) || ' on average)', '') || ', '
       || coalesce(round((sum(ST_NPoints(geom)) / 1e6)::numeric, 1), 0) || ' million vertices in all'
  FROM outfall.zone;
SELECT '            polygons by kind: ' || string_agg(kind || ' ' || n, ', ' ORDER BY kind)
  FROM (SELECT kind, count(*) AS n FROM outfall.zone WHERE kind <> 'key_area' GROUP BY kind) k;
SELECT 'pieces:     ' || parts || ' (outfall.zone_part, at most ' || outfall.zone_part_vertices() || ' vertices each); '
       || members || ' memberships; ' || outfalls_in_a_zone || ' outfalls in at least one zone'
  FROM zb.checksum WHERE stage = 'load';

\echo
\echo '--- load and full refresh ---------------------------------------------------'
SELECT 'upgrade:    ALTER EXTENSION outfall UPDATE (' || substr(step, 9) || '): ' || round(seconds::numeric, 2) || ' s'
  FROM zb.result WHERE step LIKE 'upgrade %';
SELECT 'corridors:  outfall.build_corridor(code, 1000) for ' || n || ' water bodies: ' || round(seconds::numeric, 1) || ' s'
  FROM med WHERE step = 'corridor build';
SELECT 'polygons:   generating ' || n || ' rings (zb.star, not the extension): ' || round(seconds::numeric, 1) || ' s'
  FROM med WHERE step = 'polygon generation';
SELECT 'load:       outfall.import_zones of the ' || n || ' zones, memberships included (one statement): '
       || round(seconds::numeric, 1) || ' s' ||
       coalesce(', ' || (SELECT n FROM med WHERE step = 'load: repaired') || ' repaired', '')
  FROM med WHERE step = 'load';
SELECT 'refresh:    CALL outfall.refresh_zones(' || :batch || '), median of ' || m.runs || ': ' || round(m.seconds::numeric, 1)
       || ' s (runs ' || (SELECT string_agg(round(seconds::numeric, 1)::text, ', ' ORDER BY run) FROM zb.result WHERE step = 'refresh')
       || '): cutting the pieces ' || coalesce(round(f.pieces_s::numeric, 1)::text, '?') || ' s, memberships '
       || coalesce(round((m.seconds - f.pieces_s)::numeric, 1)::text, '?') || ' s'
  FROM med m, fig f WHERE m.step = 'refresh';
SELECT '            per outfall: ' || round((1e6 * refresh_s / located)::numeric, 1) || ' µs ('
       || round((1e6 * (refresh_s - pieces_s) / located)::numeric, 1) || ' µs without cutting the pieces)'
  FROM fig;
SELECT '            every refresh left the memberships the load left: '
       || CASE WHEN count(DISTINCT (members, checksum)) = 1 THEN 'identical (' || max(members) || ')'
               ELSE 'DIFFERENT: ' || string_agg(stage || ' ' || run || ': ' || members, ', ' ORDER BY stage, run) END
  FROM zb.checksum;

\echo
\echo '--- against the queries an analyst would write (per outfall) ----------------'
SELECT format('sample:     %s outfalls picked by the seed (ST_Buffer per row: the first %s), in a table without a spatial index',
              (SELECT count(*) FROM zb.sample), (SELECT n FROM med WHERE step = 'baseline b: ST_Buffer per row'));
SELECT rpad(label, 62) || lpad(to_char(1e3 * s, 'FM999990.000'), 12) || ' ms' || coalesce('   ' || note, '')
  FROM fig,
       LATERAL (VALUES
         (1, '(a) ST_DWithin(o.geom::geography, river::geography, 1000)', a_s,
          format('%s s for %s outfalls, once', round((SELECT seconds FROM med WHERE step = 'baseline a: ST_DWithin geography')::numeric, 1),
                 (SELECT n FROM med WHERE step = 'baseline a: ST_DWithin geography'))),
         (2, '(b) ST_Intersects(o.geom, ST_Buffer(river::geography, 1000))', b_s,
          format('%s s for %s outfalls, once', round((SELECT seconds FROM med WHERE step = 'baseline b: ST_Buffer per row')::numeric, 1),
                 (SELECT n FROM med WHERE step = 'baseline b: ST_Buffer per row'))),
         (3, 'polygons: ST_Intersects(o.geom, polygon), unsplit, GiST', poly_s, 'median of ' || :runs),
         (4, '(c) info: (a) behind an index box test ST_DWithin(geom, 0.02)', c_s, 'median of ' || :runs),
         (5, 'extension: full refresh / outfalls', refresh_s / located, NULL::text))
       AS v (k, label, s, note)
 ORDER BY k;
SELECT format('ratio ((a) + polygons) / refresh, per outfall: %s (target >= 10: %s)',
              round(((a_s + poly_s) / (refresh_s / located))::numeric, 1),
              CASE WHEN (a_s + poly_s) / (refresh_s / located) >= 10 THEN 'PASS' ELSE 'MISS' END) FROM fig;
SELECT format('ratio ((b) + polygons) / refresh, per outfall: %s (target >= 10: %s)',
              round(((b_s + poly_s) / (refresh_s / located))::numeric, 1),
              CASE WHEN (b_s + poly_s) / (refresh_s / located) >= 10 THEN 'PASS' ELSE 'MISS' END) FROM fig;
SELECT format('ratio ((c) + polygons) / refresh, per outfall: %s (information, no target)',
              round(((c_s + poly_s) / (refresh_s / located))::numeric, 2)) FROM fig;
SELECT format('            for the whole registry: (a) + polygons about %s h, (b) + polygons about %s h; the refresh %s min',
              round(((a_s + poly_s) * located / 3600)::numeric, 1), round(((b_s + poly_s) * located / 3600)::numeric, 1),
              round((refresh_s / 60)::numeric, 1)) FROM fig;

\echo
\echo '--- the answers agree on the sample ------------------------------------------'
\echo '(outfall, river) pairs within 1 km; the extension: in the river''s corridor, or on its water'
CREATE TEMP TABLE base AS
SELECT '(a) ST_DWithin geography' AS what, id, code FROM zb.base_a
UNION ALL SELECT '(b) ST_Buffer per row', id, code FROM zb.base_b
UNION ALL SELECT '(c) indexed ST_DWithin', id, code FROM zb.base_c;
-- the outfalls of the sample each baseline looked at
CREATE TEMP TABLE scope AS
SELECT w.what, s.id
  FROM (VALUES ('(a) ST_DWithin geography', NULL),
               ('(b) ST_Buffer per row', (SELECT n FROM med WHERE step = 'baseline b: ST_Buffer per row')),
               ('(c) indexed ST_DWithin', NULL)) w (what, n)
  JOIN zb.sample s ON w.n IS NULL OR s.n <= w.n;
CREATE TEMP TABLE agree AS
SELECT d.*, ST_Distance(s.geom::geography, w.geom::geography) AS distance_m, GeometryType(w.geom) AS gtype
  FROM (SELECT x.*, 'baseline only' AS side
          FROM (SELECT what, id, code FROM base
                EXCEPT SELECT sc.what, e.id, e.code FROM scope sc JOIN zb.ext_corridor e ON e.id = sc.id) x
        UNION ALL
        SELECT y.*, 'extension only'
          FROM (SELECT sc.what, e.id, e.code FROM scope sc JOIN zb.ext_corridor e ON e.id = sc.id
                EXCEPT SELECT what, id, code FROM base) y) d
  JOIN zb.sample s ON s.id = d.id
  JOIN outfall.water_body w ON w.code = d.code;
SELECT rpad(w.what, 26) || format('%s outfalls: %s pairs in the baseline, %s in the extension; %s baseline only, %s extension only',
       (SELECT count(*) FROM scope sc WHERE sc.what = w.what),
       (SELECT count(*) FROM base b WHERE b.what = w.what),
       (SELECT count(*) FROM scope sc JOIN zb.ext_corridor e ON e.id = sc.id WHERE sc.what = w.what),
       (SELECT count(*) FROM agree g WHERE g.what = w.what AND g.side = 'baseline only'),
       (SELECT count(*) FROM agree g WHERE g.what = w.what AND g.side = 'extension only'))
  FROM (VALUES (1, '(a) ST_DWithin geography'), (2, '(b) ST_Buffer per row'), (3, '(c) indexed ST_DWithin')) w (k, what)
 ORDER BY w.k;
SELECT '    ' || what || ', ' || side || ': ' || id || ' / ' || code || ' (' || gtype || ') at '
       || round(distance_m::numeric, 2) || ' m'
  FROM agree ORDER BY what, side, id, code LIMIT 30;
SELECT format('polygons:  %s (outfall, zone) pairs by ST_Intersects unsplit, %s by the memberships: %s',
              (SELECT count(*) FROM zb.base_poly), (SELECT count(*) FROM zb.ext_poly),
              CASE WHEN NOT EXISTS (SELECT id, zone_id FROM zb.base_poly EXCEPT SELECT id, zone_id FROM zb.ext_poly)
                    AND NOT EXISTS (SELECT id, zone_id FROM zb.ext_poly EXCEPT SELECT id, zone_id FROM zb.base_poly)
                   THEN 'identical' ELSE 'DIFFERENT' END);
SELECT format('zones_at:  %s (outfall, zone) pairs from outfall.zones_at(point), against the memberships: %s',
              (SELECT count(*) FROM zb.ext_zones_at),
              CASE WHEN NOT EXISTS (SELECT id, zone_id FROM zb.ext_zones_at
                                    EXCEPT SELECT m.outfall_id, m.zone_id FROM outfall.outfall_zone m JOIN zb.sample s ON s.id = m.outfall_id)
                    AND NOT EXISTS (SELECT m.outfall_id, m.zone_id FROM outfall.outfall_zone m JOIN zb.sample s ON s.id = m.outfall_id
                                    EXCEPT SELECT id, zone_id FROM zb.ext_zones_at)
                   THEN 'identical' ELSE 'DIFFERENT' END);

\echo
\echo '--- single outfalls: microseconds per call, each call its own statement ----'
CREATE TEMP VIEW per_run AS
SELECT what, run, count(*) AS calls,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY us) AS p50,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY us) AS p95
  FROM zb.point_time WHERE run >= 1 GROUP BY what, run;
SELECT rpad(what, 18) || format('median %s µs, p95 %s µs (median of %s runs; %s calls a run; run medians %s)',
              round(percentile_cont(0.5) WITHIN GROUP (ORDER BY p50)::numeric),
              round(percentile_cont(0.5) WITHIN GROUP (ORDER BY p95)::numeric),
              count(*), min(calls), string_agg(round(p50::numeric)::text, ', ' ORDER BY run))
       || CASE WHEN what = 'zones_at' THEN
                   CASE WHEN percentile_cont(0.5) WITHIN GROUP (ORDER BY p50) < 1000 THEN ' (target median < 1 ms: PASS)'
                        ELSE ' (target median < 1 ms: MISS)' END
               ELSE '' END
  FROM per_run GROUP BY what
 ORDER BY CASE what WHEN 'zones_at' THEN 1 WHEN 'in_key_area' THEN 2 ELSE 3 END;
SELECT format('required_actions(array of %s ids), one call, for information: %s µs per outfall (median of %s)',
              n, round((1e6 * seconds / n)::numeric, 1), runs)
  FROM med WHERE step = 'points: required_actions(array)';

\echo
\echo '--- the spatial rules over the registry ----------------------------------------'
SELECT format('findings(NULL, the four spatial rules): %s s (median of %s: %s), %s findings',
              round(seconds::numeric, 1), runs,
              (SELECT string_agg(round(seconds::numeric, 1)::text, ', ' ORDER BY run) FROM zb.result
                WHERE step = 'findings: the four spatial rules' AND run >= 1), n)
  FROM med WHERE step = 'findings: the four spatial rules';
SELECT '    ' || rpad(substr(r.step, 6), 28) || lpad(round(r.seconds::numeric, 1)::text, 7) || ' s alone'
       || lpad(coalesce(f.findings, 0)::text, 9) || ' findings'
  FROM zb.result r LEFT JOIN zb.finding_count f ON f.rule = substr(r.step, 6)
 WHERE r.step LIKE 'rule %' ORDER BY r.step;

\echo
\echo '--- registrations with and without zones --------------------------------------'
SELECT CASE WHEN NOT EXISTS (SELECT FROM med WHERE step = 'register: with zones')
            THEN 'not measured (--no-register)'
            ELSE format(E'outfall.register(), one transaction each, %s a batch, median of %s batches of each, batches alternating\n'
                        '    no zones:   %s ms a registration (CPU %s ms)\n'
                        '    %s zones:  %s ms a registration (CPU %s ms), %s memberships a registration\n'
                        '    zones add %s µs a registration; ratio with / without zones: %s (CPU time: %s)',
                        (SELECT n FROM med WHERE step = 'register: with zones'),
                        (SELECT runs FROM med WHERE step = 'register: with zones'),
                        round((1e3 * n0.seconds / n0.n)::numeric, 3), coalesce(round((1e3 * n0.cpu_seconds / n0.n)::numeric, 3)::text, '-'),
                        (SELECT n FROM med WHERE step = 'register: zones'),
                        round((1e3 * z.seconds / z.n)::numeric, 3), coalesce(round((1e3 * z.cpu_seconds / z.n)::numeric, 3)::text, '-'),
                        round((SELECT n FROM med WHERE step = 'register: memberships')::numeric
                              / (SELECT n FROM med WHERE step = 'register: outfalls'), 2),
                        round((1e6 * (z.seconds - n0.seconds) / z.n)::numeric),
                        round((z.seconds / n0.seconds)::numeric, 2),
                        coalesce(round((z.cpu_seconds / n0.cpu_seconds)::numeric, 2)::text, '-'))
       END
  FROM (SELECT 1) one
       LEFT JOIN (SELECT * FROM med WHERE step = 'register: no zones') n0 ON true
       LEFT JOIN (SELECT * FROM med WHERE step = 'register: with zones') z ON true;
