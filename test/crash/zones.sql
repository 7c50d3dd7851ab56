-- test/crash/zones.sql: the zones one cycle of kill_postmaster.sh adds
-- (psql variable cycle) over the box its sheets' outfalls lie in: circles of
-- every kind in turn, overlapping, and a ragged red line of 3,000 vertices
-- that outfall.zone_part cuts into many pieces.  Each add_zone finds its
-- members at once (a trigger); refresh_zones then recomputes them all.
SET client_min_messages = warning;
SELECT count(outfall.add_zone(k.kind, format('冲击测试第%s次区域%s', :cycle, g),
                              ST_Buffer(ST_SetSRID(ST_MakePoint(108.5 + 0.4 * ((g * 0.618034 + :cycle * 0.37) % 1),
                                                                29.2 + 0.5 * ((g * 0.754878 + :cycle * 0.21) % 1)), 4490),
                                        0.03 + 0.02 * (g % 3), 'quad_segs=16')))
  FROM generate_series(0, 5) g
  JOIN (SELECT row_number() OVER (ORDER BY kind) - 1 AS n, kind FROM outfall.zone_kind WHERE kind <> 'key_area') k
    ON k.n = (g + :cycle * 6) % (SELECT count(*) FROM outfall.zone_kind WHERE kind <> 'key_area');
SELECT outfall.add_zone('red_line', format('冲击测试第%s次锯齿红线', :cycle),
           ST_MakePolygon(ST_MakeLine(array_agg(ST_SetSRID(ST_MakePoint(
               108.7 + 0.1 * (:cycle % 3) + (0.12 + 0.02 * sin(i * 11.0) + 0.015 * cos(i * 17.0)) * cos(2 * pi() * i / 3000),
               29.5 + 0.05 * (:cycle % 4) + (0.12 + 0.02 * sin(i * 11.0) + 0.015 * cos(i * 17.0)) * sin(2 * pi() * i / 3000)), 4490)
               ORDER BY n))))
  FROM (SELECT n, n % 3000 AS i FROM generate_series(0, 3000) n) s;
