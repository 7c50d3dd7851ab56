-- Zones benchmark (test/bench/zones.sh): the generator of synthetic zone
-- boundaries, in schema zb of the benchmark's database.  Everything it
-- makes is a function of its arguments and the seed, never of random() or
-- of the order rows come in, so every run and every plan makes the same
-- zones.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
CREATE SCHEMA IF NOT EXISTS zb;

-- a number in [0, 1) drawn from a key (which includes the seed)
CREATE OR REPLACE FUNCTION zb.rnd(key text) RETURNS float8
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN (hashtextextended(key, 0) & 9007199254740991)::float8 / 9007199254740992.0;

-- A noisy star-shaped ring around (lon, lat): `vertices` points at evenly
-- spaced angles, at a distance of about radius_m metres that swings by up
-- to ±25% in a few broad lobes and ±4% in 20–40 small ones, plus ±0.25% of
-- noise from vertex to vertex.  The lobes come from `shape` alone, the
-- noise from `key`: zones of one family share a shape, so that one with
-- 0.45 of the radius of another lies inside it (at every angle the inner
-- one is at most 0.45 × 1.30 = 0.59 of the radius, the outer at least
-- 0.70).  A ring whose angle only grows is simple, so the polygon is valid.
-- Metres are turned into degrees at the centre's latitude, as a local
-- survey would: it is a boundary made up for a benchmark.
CREATE OR REPLACE FUNCTION zb.star(lon float8, lat float8, radius_m float8, vertices integer,
                                   shape text, key text) RETURNS geometry
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT ST_SetSRID(ST_MakePolygon(ST_MakeLine(array_agg(
               ST_MakePoint(lon + r * cos(t) / (111320.0 * cos(radians(lat))), lat + r * sin(t) / 110574.0)
               ORDER BY k))), 4490)
      FROM (SELECT k, t,
                   radius_m * (1 + 0.15 * sin(c.a1 * t + c.p1) + 0.10 * sin(c.a2 * t + c.p2)
                                 + 0.04 * sin(c.a3 * t + c.p3)
                                 + 0.005 * (zb.rnd(key || ':' || (k % vertices)) - 0.5)) AS r
              FROM (SELECT 2 + floor(3 * zb.rnd(shape || ':a1')) AS a1, 6.2832 * zb.rnd(shape || ':p1') AS p1,
                           5 + floor(4 * zb.rnd(shape || ':a2')) AS a2, 6.2832 * zb.rnd(shape || ':p2') AS p2,
                           20 + floor(21 * zb.rnd(shape || ':a3')) AS a3, 6.2832 * zb.rnd(shape || ':p3') AS p3
                      OFFSET 0) c,
                   LATERAL (SELECT k, 2 * pi() * (k % vertices) / vertices AS t
                              FROM generate_series(0, vertices) k) v) p;
END;
