-- test/generate/prepare.sql: decide everything the registry will hold, as
-- tables of schema outfall_gen: the counties, the water bodies (inserted
-- into outfall.water_body here, since they have no history), and for every
-- outfall its place, category, parties, plan and the month of each step of
-- its lifecycle.  drive.sql then writes the registry month by month.
--
-- Every random choice is a hash of the seed, a salt and a key (outfall_gen.u),
-- never random(): the result does not depend on row order, plans or workers.
-- psql variables: scale, seed, scope ('' for a choice by scale), until.

SET client_min_messages = warning;

CREATE TABLE outfall_gen.param AS
SELECT :scale::bigint AS scale,
       :'seed'::text AS seed,
       nullif(:'scope', '')::outfall.division_code AS scope,
       :'until'::date AS until_date,
       (extract(year FROM :'until'::date)::int - 2021) * 12
           + extract(month FROM :'until'::date)::int - 1 AS until_m,
       outfall.config_value('untraceable_responsible_level') AS gov_level,
       '0123456789ABCDEFGHJKLMNPQRTUWXY'::text AS alphabet;

-- u(key, salt): a number in [0, 1) from the seed, the salt and the key.
-- u0 is the same without the seed, for the atlas (where a county lies does
-- not change with the seed).
SELECT format('CREATE FUNCTION outfall_gen.u(key text, salt text) RETURNS double precision '
              'LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS %L',
              format('SELECT (''x'' || substr(md5(%L || ''/'' || salt || ''/'' || key), 1, 8))::bit(32)::bigint '
                     '/ 4294967296.0', seed)),
       format('CREATE FUNCTION outfall_gen.u0(key text, salt text) RETURNS double precision '
              'LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS %L',
              'SELECT (''x'' || substr(md5(''atlas/'' || salt || ''/'' || key), 1, 8))::bit(32)::bigint / 4294967296.0')
  FROM outfall_gen.param \gexec
CREATE FUNCTION outfall_gen.u(key bigint, salt text) RETURNS double precision
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS 'SELECT outfall_gen.u(key::text, salt)';

-- the element of an array at a fraction x in [0, 1)
CREATE FUNCTION outfall_gen.pick(arr text[], x double precision) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS 'SELECT arr[1 + floor(x * cardinality(arr))::int]';
-- log-uniform between lo and hi at x
CREATE FUNCTION outfall_gen.logu(lo numeric, hi numeric, x double precision) RETURNS double precision
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS 'SELECT exp(ln(lo::double precision) + x * (ln(hi::double precision) - ln(lo::double precision)))';
-- month m (0 = January 2021): its first day, and a time in it (Beijing time)
CREATE FUNCTION outfall_gen.mstart(m integer) RETURNS date
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS 'SELECT (date ''2021-01-01'' + make_interval(months => m))::date';
CREATE FUNCTION outfall_gen.at(m integer, day integer, hour integer, minute integer DEFAULT 0)
    RETURNS timestamptz
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    AS 'SELECT make_timestamptz(2021 + m / 12, m % 12 + 1, day, hour, minute, 0, ''Asia/Shanghai'')';
-- the check character of a unified social credit code (GB 32100-2015)
CREATE FUNCTION outfall_gen.uscc_check(c17 text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT substr(a, 1 + (31 - s % 31) % 31, 1)
      FROM (SELECT '0123456789ABCDEFGHJKLMNPQRTUWXY'::text AS a) x
     CROSS JOIN LATERAL (
           SELECT sum((strpos(x.a, substr(c17, i::int, 1)) - 1) * w)::int AS s
             FROM unnest('{1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28}'::int[]) WITH ORDINALITY t(w, i)) y
$$;
-- n in base 31 over the credit code alphabet, 7 characters
CREATE FUNCTION outfall_gen.base31(n bigint) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT string_agg(substr('0123456789ABCDEFGHJKLMNPQRTUWXY', 1 + ((n / (31::bigint ^ k)::bigint) % 31)::int, 1),
                      '' ORDER BY k DESC)
      FROM generate_series(0, 6) k
$$;

CREATE TABLE outfall_gen.words AS
SELECT (SELECT array_agg(w ORDER BY n) FROM outfall_gen.word WHERE list = 'a') AS a,
       (SELECT array_agg(w ORDER BY n) FROM outfall_gen.word WHERE list = 'b') AS b,
       (SELECT array_agg(w ORDER BY n) FROM outfall_gen.word WHERE list = 'trade') AS trade,
       (SELECT array_agg(w ORDER BY n) FROM outfall_gen.word WHERE list = 'industry') AS industry,
       (SELECT array_agg(w ORDER BY n) FROM outfall_gen.word WHERE list = 'mining') AS mining,
       (SELECT array_agg(w ORDER BY n) FROM outfall_gen.word WHERE list = 'form') AS form,
       (SELECT array_agg(w ORDER BY n) FROM outfall_gen.word WHERE list = 'surname') AS surname,
       (SELECT array_agg(w ORDER BY n) FROM outfall_gen.word WHERE list = 'given') AS given;

-- Counties ------------------------------------------------------------------
-- The county-level divisions with townships (outfalls lie in townships):
-- all of the scope, or, with no scope, whole provinces in an order the seed
-- sets, about one county per 350 outfalls (the national average at 1M).
-- Outfalls are shared out by a weight per county (districts get more).
CREATE TABLE outfall_gen.county AS
WITH twp AS (
    SELECT outfall.code_division(d.code) AS county, count(*)::integer AS n_twp
      FROM outfall.division d
     WHERE outfall.level(d.code) = 4
     GROUP BY 1
), scoped AS (
    SELECT t.*, left(t.county::text, 2) AS province
      FROM twp t, outfall_gen.param p
     WHERE p.scope IS NULL OR t.county OPERATOR(outfall.<@) p.scope
), ranked AS (
    SELECT s.*, row_number() OVER (ORDER BY outfall_gen.u(s.province, 'province'), s.county) AS rk
      FROM scoped s
), chosen AS (
    SELECT r.*, d.name,
           round((0.4 + 1.2 * outfall_gen.u(r.county::text, 'weight'))::numeric
                 * CASE WHEN d.name LIKE '%区' THEN 1.3 ELSE 1 END, 6) AS w
      FROM ranked r
      JOIN outfall.division d ON d.code = r.county, outfall_gen.param p
     WHERE p.scope IS NOT NULL OR r.rk <= greatest(1, ceil(p.scale / 350.0))
), cum AS (
    SELECT c.*, sum(c.w) OVER (ORDER BY c.county) AS hi, sum(c.w) OVER () AS total
      FROM chosen c
), placed AS (
    SELECT c.county, c.province, c.name, c.n_twp,
           (floor(p.scale * (c.hi - c.w) / c.total) + 1)::bigint AS first_gid,
           (floor(p.scale * c.hi / c.total) - floor(p.scale * (c.hi - c.w) / c.total))::bigint AS n,
           outfall.city(c.county) AS city,
           coalesce(pc.lon,
                    ct.lon + (2 * outfall_gen.u0(c.county::text, 'x') - 1) * 0.30,
                    pv.lon + (2 * outfall_gen.u0(coalesce(outfall.city(c.county), c.county)::text, 'cx') - 1) * pv.rlon * 0.8
                           + (2 * outfall_gen.u0(c.county::text, 'x') - 1) * least(0.35, pv.rlon * 0.2)) AS lon,
           coalesce(pc.lat,
                    ct.lat + (2 * outfall_gen.u0(c.county::text, 'y') - 1) * 0.25,
                    pv.lat + (2 * outfall_gen.u0(coalesce(outfall.city(c.county), c.county)::text, 'cy') - 1) * pv.rlat * 0.8
                           + (2 * outfall_gen.u0(c.county::text, 'y') - 1) * least(0.30, pv.rlat * 0.2)) AS lat,
           pv.basin, pv.lat < 33 AS south
      FROM cum c
      JOIN outfall_gen.province pv ON pv.code = c.province
      LEFT JOIN outfall_gen.place pc ON pc.code = c.county::text
      LEFT JOIN outfall_gen.place ct ON ct.code = outfall.city(c.county)::text,
           outfall_gen.param p
)
SELECT p.county, p.province, p.name, p.n_twp, p.first_gid, p.n, p.city, p.basin, p.south,
       greatest(74.5, least(134.0, p.lon)) AS lon,
       greatest(19.0, least(52.8, p.lat)) AS lat,
       greatest(3, ceil(p.n / 60.0))::integer AS n_trib,
       least(0.5, 0.08 + 0.012 * sqrt(greatest(3, ceil(p.n / 60.0)))) AS r,
       -- 黔江区 -> 黔江: the short form enterprise names start with
       CASE WHEN char_length(regexp_replace(p.name, '(自治县|自治旗|林区|特区|区|县|市|旗)$', '')) >= 2
            THEN regexp_replace(p.name, '(自治县|自治旗|林区|特区|区|县|市|旗)$', '') ELSE p.name END AS short,
       -- the supervising ecology-environment bureaus: the city's (approvals)
       -- and its county branch (filings, signboards)
       CASE WHEN cd.name IS NULL OR cd.name IN ('市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划')
                 OR p.city = p.county
            THEN pd.name ELSE cd.name END || '生态环境局' AS city_bureau,
       CASE WHEN cd.name IS NULL OR cd.name IN ('市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划')
            THEN pd.name || p.name || '生态环境局'
            WHEN p.city = p.county THEN p.name || '生态环境局'
            ELSE cd.name || '生态环境局' || p.name || '分局' END AS bureau
  FROM placed p
  LEFT JOIN outfall.division cd ON cd.code = p.city
  JOIN outfall.division pd ON pd.code = p.province::outfall.division_code
 WHERE p.n > 0;
ALTER TABLE outfall_gen.county ADD PRIMARY KEY (county);

CREATE TABLE outfall_gen.township AS
SELECT c.county, (row_number() OVER (PARTITION BY c.county ORDER BY d.code) - 1)::integer AS idx,
       d.code, d.name
  FROM outfall_gen.county c
  JOIN outfall.division d ON outfall.code_division(d.code) = c.county AND outfall.level(d.code) = 4;
ALTER TABLE outfall_gen.township ADD PRIMARY KEY (county, idx);

-- Water bodies -------------------------------------------------------------
-- Each county has trunks (the rivers the plans name where it is on one,
-- else one or two generated main rivers of its province) and n_trib
-- tributaries, canals and reservoirs coded under a trunk.  Every piece is
-- a polyline (or a small polygon) inside the county; a water body is the
-- collection of its pieces.
CREATE TABLE outfall_gen.piece (
    county   outfall.division_code NOT NULL,
    code     text NOT NULL,
    name     text NOT NULL,
    kind     text NOT NULL,            -- water_body.kind
    role     text NOT NULL,            -- known, main, trib
    is_key   boolean NOT NULL,
    target   text NOT NULL,
    weight   numeric NOT NULL,
    -- how to draw it: start, heading, vertices, step, wobble; or a polygon
    x0 double precision, y0 double precision, theta double precision,
    nv integer, step double precision, wobble double precision, radius double precision,
    geom geometry,
    PRIMARY KEY (county, code)
);

INSERT INTO outfall_gen.piece (county, code, name, kind, role, is_key, target, weight)
SELECT c.county, k.code, k.name, k.kind, 'known', true, k.target_class,
       CASE k.kind WHEN 'lake' THEN 1.5 ELSE 5 END
  FROM outfall_gen.county c
  JOIN outfall_gen.known_water k
    ON EXISTS (SELECT FROM unnest(k.counties) x WHERE starts_with(c.county::text, x));

-- generated main rivers: 2 to 12 per province, named and coded within it
CREATE TABLE outfall_gen.main AS
WITH need AS (
    SELECT c.province, c.basin, bool_and(c.south) AS south, count(*) AS n
      FROM outfall_gen.county c
     WHERE NOT EXISTS (SELECT FROM outfall_gen.piece p WHERE p.county = c.county AND p.kind = 'river')
     GROUP BY 1, 2
)
SELECT n.province, k, greatest(2, least(12, ceil(n.n / 8.0)))::integer AS m_p,
       n.basin || n.province || lpad(k::text, 2, '0') AS code,
       CASE WHEN n.south
            THEN w.a[1 + (floor(outfall_gen.u(n.province, 'mainname') * 1000)::int + 37 * k) % cardinality(w.a)] || '江'
            ELSE w.a[1 + (floor(outfall_gen.u(n.province, 'mainname') * 1000)::int + 37 * k) % cardinality(w.a)]
                 || w.b[1 + (floor(outfall_gen.u(n.province, 'mainname2') * 1000)::int + k) % cardinality(w.b)] || '河'
       END AS name,
       (ARRAY['II', 'III'])[1 + floor(outfall_gen.u(n.province || k, 'maintarget') * 2)::int] AS target
  FROM need n, outfall_gen.words w,
       generate_series(1, greatest(2, least(12, ceil(n.n / 8.0)))::integer) k;

INSERT INTO outfall_gen.piece (county, code, name, kind, role, is_key, target, weight)
SELECT c.county, m.code, m.name, 'river', 'main', m.k <= 2, m.target, 4
  FROM outfall_gen.county c
  JOIN (SELECT DISTINCT province, m_p FROM outfall_gen.main) mp ON mp.province = c.province
  CROSS JOIN LATERAL (
        SELECT 1 + floor(outfall_gen.u(c.county::text, 'main1') * mp.m_p)::int AS k1) a
  CROSS JOIN LATERAL (
        SELECT CASE WHEN outfall_gen.u(c.county::text, 'main2') < 0.4
                    THEN 1 + (a.k1 + floor(outfall_gen.u(c.county::text, 'main2k') * (mp.m_p - 1))::int) % mp.m_p
               END AS k2) b
  JOIN outfall_gen.main m ON m.province = c.province AND m.k IN (a.k1, b.k2)
 WHERE NOT EXISTS (SELECT FROM outfall_gen.piece p WHERE p.county = c.county AND p.kind = 'river');

-- tributaries, canals and reservoirs, numbered within their trunk
INSERT INTO outfall_gen.piece (county, code, name, kind, role, is_key, target, weight)
WITH trunk AS (
    SELECT p.county, p.code, row_number() OVER (PARTITION BY p.county ORDER BY p.code) AS ti,
           count(*) OVER (PARTITION BY p.county) AS n_trunk
      FROM outfall_gen.piece p
     WHERE p.kind = 'river'
), trib AS (
    SELECT c.county, c.south, j,
           CASE WHEN x < 0.07 THEN 'reservoir' WHEN x < 0.15 THEN 'canal' ELSE 'river' END AS kind,
           t.code AS parent,
           (floor(outfall_gen.u(c.county::text, 'tribname') * 1000)::int + 37 * j) % 1000 AS name_idx
      FROM outfall_gen.county c
     CROSS JOIN LATERAL generate_series(1, c.n_trib) j
     CROSS JOIN LATERAL (SELECT outfall_gen.u(c.county || '/' || j, 'tribkind') AS x) k
      JOIN trunk t ON t.county = c.county AND t.ti = 1 + (j - 1) % t.n_trunk
), numbered AS (
    SELECT t.*, row_number() OVER (PARTITION BY t.parent ORDER BY t.county, t.j) AS serial
      FROM trib t
)
SELECT n.county,
       n.parent || CASE n.kind WHEN 'reservoir' THEN 'R' WHEN 'canal' THEN 'Q' ELSE '' END
                || lpad(n.serial::text, greatest(4, length(n.serial::text)), '0'),
       w.a[1 + n.name_idx % cardinality(w.a)] || w.b[1 + (n.name_idx / cardinality(w.a)) % cardinality(w.b)]
           || CASE n.kind
                  WHEN 'reservoir' THEN '水库'
                  WHEN 'canal' THEN '干渠'
                  ELSE outfall_gen.pick(CASE WHEN n.south THEN '{河,溪,河,溪,沟}'::text[] ELSE '{河,沟,河,沟,水}'::text[] END,
                                        outfall_gen.u(n.county || '/' || n.j, 'suffix'))
              END,
       n.kind, 'trib', false,
       CASE WHEN n.kind = 'reservoir' THEN outfall_gen.pick('{II,II,III}', outfall_gen.u(n.county || '/' || n.j, 'target'))
            ELSE outfall_gen.pick('{II,III,III,III,III,IV,IV,IV,V,V}', outfall_gen.u(n.county || '/' || n.j, 'target')) END,
       CASE n.kind WHEN 'river' THEN 1 ELSE 0.6 END
  FROM numbered n, outfall_gen.words w;

-- How each piece is drawn.  Trunks cross the county through its centre on
-- the heading of their water body; tributaries and canals start anywhere
-- in it; reservoirs and lakes are small polygons.  Degrees of longitude
-- are stretched by 1/cos(latitude) so shapes are not squashed.
UPDATE outfall_gen.piece p SET
    theta = CASE WHEN p.role IN ('known', 'main')
                 THEN 2 * pi() * outfall_gen.u(p.code, 'heading') + (outfall_gen.u(p.county || p.code, 'bend') - 0.5) * 0.8
                 ELSE 2 * pi() * outfall_gen.u(p.county || p.code, 'heading') END,
    nv = CASE WHEN p.role IN ('known', 'main') THEN 12
              WHEN p.kind = 'canal' THEN 5 + floor(outfall_gen.u(p.county || p.code, 'nv') * 4)::int
              ELSE 6 + floor(outfall_gen.u(p.county || p.code, 'nv') * 5)::int END,
    wobble = CASE WHEN p.role IN ('known', 'main') THEN 0.25 WHEN p.kind = 'canal' THEN 0.06 ELSE 0.5 END,
    radius = CASE p.kind WHEN 'lake' THEN c.r * 0.25
                         WHEN 'reservoir' THEN c.r * (0.04 + 0.06 * outfall_gen.u(p.county || p.code, 'radius')) END
  FROM outfall_gen.county c
 WHERE c.county = p.county;
UPDATE outfall_gen.piece p SET
    step = CASE WHEN p.role IN ('known', 'main') THEN 2 * c.r / (p.nv - 1)
                WHEN p.kind = 'canal' THEN 0.2 * c.r
                ELSE c.r * (0.12 + 0.12 * outfall_gen.u(p.county || p.code, 'step')) END,
    x0 = CASE WHEN p.role IN ('known', 'main')
              THEN c.lon + (-c.r * cos(p.theta) - sin(p.theta) * (outfall_gen.u(p.county || p.code, 'off') - 0.5) * c.r * 0.5)
                           / cos(radians(c.lat))
              ELSE c.lon + c.r * 0.85 * sqrt(outfall_gen.u(p.county || p.code, 'start'))
                           * cos(2 * pi() * outfall_gen.u(p.county || p.code, 'startdir')) / cos(radians(c.lat)) END,
    y0 = CASE WHEN p.role IN ('known', 'main')
              THEN c.lat - c.r * sin(p.theta) + cos(p.theta) * (outfall_gen.u(p.county || p.code, 'off') - 0.5) * c.r * 0.5
              ELSE c.lat + c.r * 0.85 * sqrt(outfall_gen.u(p.county || p.code, 'start'))
                           * sin(2 * pi() * outfall_gen.u(p.county || p.code, 'startdir')) END
  FROM outfall_gen.county c
 WHERE c.county = p.county;

UPDATE outfall_gen.piece p SET geom = l.geom
  FROM (
    WITH v AS (
        SELECT p.county, p.code, i, p.x0, p.y0, p.step, c.lat,
               p.theta + sum(CASE WHEN i = 0 THEN 0
                                  ELSE (outfall_gen.u(p.county || p.code || '/' || i, 'wobble') - 0.5) * 2 * p.wobble END)
                         OVER (PARTITION BY p.county, p.code ORDER BY i) AS heading
          FROM outfall_gen.piece p
          JOIN outfall_gen.county c ON c.county = p.county
         CROSS JOIN LATERAL generate_series(0, p.nv - 1) i
         WHERE p.radius IS NULL
    ), xy AS (
        SELECT v.county, v.code, v.i,
               v.x0 + sum(CASE WHEN v.i = 0 THEN 0 ELSE v.step * cos(v.heading) / cos(radians(v.lat)) END)
                      OVER (PARTITION BY v.county, v.code ORDER BY v.i) AS x,
               v.y0 + sum(CASE WHEN v.i = 0 THEN 0 ELSE v.step * sin(v.heading) END)
                      OVER (PARTITION BY v.county, v.code ORDER BY v.i) AS y
          FROM v
    )
    SELECT county, code,
           ST_SetSRID(ST_MakeLine(ST_MakePoint(round(greatest(73.6, least(135.4, x))::numeric, 6)::double precision,
                                               round(greatest(3.6, least(53.4, y))::numeric, 6)::double precision)
                                  ORDER BY i), 4490) AS geom
      FROM xy
     GROUP BY county, code
  ) l
 WHERE l.county = p.county AND l.code = p.code;
UPDATE outfall_gen.piece p
   SET geom = ST_SetSRID(ST_Scale(ST_Buffer(ST_MakePoint(0, 0), p.radius, 4),
                                  1 / cos(radians(c.lat)), 1), 4490)
 FROM outfall_gen.county c
 WHERE c.county = p.county AND p.radius IS NOT NULL;
UPDATE outfall_gen.piece p
   SET geom = ST_Translate(p.geom, round(p.x0::numeric, 6)::double precision, round(p.y0::numeric, 6)::double precision)
 WHERE p.radius IS NOT NULL;

INSERT INTO outfall.water_body (code, name, kind, geom, is_key_river, target_class, meets_target)
SELECT p.code, min(p.name), min(p.kind), ST_Multi(ST_Collect(p.geom ORDER BY p.county)), bool_or(p.is_key), min(p.target),
       CASE WHEN outfall_gen.u(p.code, 'meets') < 0.80 THEN true
            WHEN outfall_gen.u(p.code, 'meets') < 0.95 THEN false END
  FROM outfall_gen.piece p
 GROUP BY p.code
 ORDER BY p.code;

-- the share of the county's outfalls each piece receives, as ranges of
-- [0, 1): over all pieces, and over the rivers of the trunk only (where
-- town plants, park plants and wharves are)
CREATE TABLE outfall_gen.county_water AS
SELECT p.county, p.code, p.name, p.role, p.kind, p.is_key, p.geom,
       (sum(p.weight) OVER w - p.weight) / sum(p.weight) OVER wa AS all_lo,
       CASE WHEN row_number() OVER w = count(*) OVER wa THEN 1 ELSE sum(p.weight) OVER w / sum(p.weight) OVER wa END AS all_hi,
       NULL::numeric AS trunk_lo, NULL::numeric AS trunk_hi
  FROM outfall_gen.piece p
WINDOW w AS (PARTITION BY p.county ORDER BY p.code ROWS UNBOUNDED PRECEDING),
       wa AS (PARTITION BY p.county);
UPDATE outfall_gen.county_water cw SET trunk_lo = t.lo, trunk_hi = t.hi
  FROM (SELECT county, code,
               (row_number() OVER w - 1)::numeric / count(*) OVER wa AS lo,
               row_number() OVER w::numeric / count(*) OVER wa AS hi
          FROM outfall_gen.county_water
         WHERE role IN ('known', 'main') AND kind = 'river'
        WINDOW w AS (PARTITION BY county ORDER BY code), wa AS (PARTITION BY county)) t
 WHERE t.county = cw.county AND t.code = cw.code;
CREATE INDEX ON outfall_gen.county_water (county);

-- Outfalls: where, what, when ------------------------------------------------
CREATE TABLE outfall_gen.mix_range AS
SELECT m.*, sum(m.permille) OVER (ORDER BY m.permille DESC, m.letters) - m.permille AS lo,
       sum(m.permille) OVER (ORDER BY m.permille DESC, m.letters) AS hi,
       c.id AS category
  FROM outfall_gen.mix m
  JOIN outfall.category c ON c.type_letters = m.letters;

-- The first outfall of each county is its town treatment plant (城镇污水处理
-- 厂排污口), found first and retained as it is: the outfall the county's
-- merges go into, active throughout.
CREATE TABLE outfall_gen.o1 AS
SELECT g AS gid, c.county, c.province, c.first_gid, c.lat AS clat,
       g = c.first_gid AS anchor,
       CASE WHEN g = c.first_gid THEN 'WS' ELSE mr.letters END AS letters,
       t.code AS township, t.name AS twp_name,
       cw.code AS water, cw.name AS water_name, cw.is_key AS key_water,
       ST_SetSRID(ST_Translate(
           ST_LineInterpolatePoint(CASE WHEN GeometryType(cw.geom) = 'POLYGON' THEN ST_ExteriorRing(cw.geom) ELSE cw.geom END,
                                   0.03 + 0.94 * outfall_gen.u(g, 'along')),
           (outfall_gen.u(g, 'dx') - 0.5) * 0.0012, (outfall_gen.u(g, 'dy') - 0.5) * 0.0012), 4490) AS geom
  FROM outfall_gen.county c
 CROSS JOIN LATERAL generate_series(c.first_gid, c.first_gid + c.n - 1) g
 CROSS JOIN LATERAL (SELECT floor(outfall_gen.u(g, 'category') * 1000) AS uc,
                            floor(outfall_gen.u(g, 'township') * c.n_twp) AS ut,
                            outfall_gen.u(g, 'water') AS uw OFFSET 0) h
  JOIN outfall_gen.mix_range mr ON h.uc >= mr.lo AND h.uc < mr.hi
  JOIN outfall_gen.township t ON t.county = c.county AND t.idx = h.ut
  JOIN outfall_gen.county_water cw
    ON cw.county = c.county
   AND CASE WHEN g = c.first_gid OR mr.letters IN ('WS', 'YQ', 'GK')
            THEN h.uw >= cw.trunk_lo AND h.uw < cw.trunk_hi
            ELSE h.uw >= cw.all_lo AND h.uw < cw.all_hi END;
ALTER TABLE outfall_gen.o1 ADD PRIMARY KEY (gid);

-- pools of enterprises per county: several outfalls of one enterprise
CREATE TABLE outfall_gen.pool AS
SELECT county,
       greatest(1, ceil(0.7 * count(*) FILTER (WHERE letters IN ('GY', 'GH'))))::integer AS n_ind,
       greatest(1, ceil(0.6 * count(*) FILTER (WHERE letters IN ('KS', 'KH', 'WK', 'WH'))))::integer AS n_mine,
       greatest(1, ceil(count(*) FILTER (WHERE letters = 'GK') / 3.0))::integer AS n_port
  FROM outfall_gen.o1
 GROUP BY county;

-- The months of the lifecycle (0 = January 2021).  Key rivers are surveyed
-- first (the plans start with their main streams); the rest in waves to
-- 2024 and a few supplementary finds after.  Each step takes one month or
-- more; 12% of tracings stall (no party found, disputes).
CREATE TABLE outfall_gen.o2 AS
SELECT o.*, p.until_m, f.found_m, a.action, a.protected,
       a.action = 'standardize' AND a.protected AS is_legacy,
       CASE WHEN a.action = 'merge' THEN o.first_gid END AS merge_gid,
       -- steps as they would come, before the cut at the end of the data
       s1.mon, s2.tr, s3.pl, s4.wk, s4.rtd, s5.rf_planned, s5.rf, s6.cl, s7.rt,
       s8.rof, s8.ror, s9.rf2, s9.cl2, s9.rt2,
       NOT o.anchor AND f.found_m >= p.until_m - 1 AND outfall_gen.u(o.gid, 'pending') < 0.25 AS pending
  FROM outfall_gen.o1 o
  JOIN outfall_gen.mix m ON m.letters = o.letters, outfall_gen.param p
 CROSS JOIN LATERAL (
       SELECT least(p.until_m, CASE
           WHEN o.anchor THEN 0
           WHEN o.key_water AND outfall_gen.u(o.gid, 'keyfound') < 0.7
               THEN 1 + floor(power(outfall_gen.u(o.gid, 'found2'), 1.5) * 23)::int
           ELSE CASE WHEN outfall_gen.u(o.gid, 'wave') < 0.20 THEN 3 + floor(outfall_gen.u(o.gid, 'found2') * 18)::int
                     WHEN outfall_gen.u(o.gid, 'wave') < 0.60 THEN 15 + floor(outfall_gen.u(o.gid, 'found2') * 18)::int
                     WHEN outfall_gen.u(o.gid, 'wave') < 0.88 THEN 27 + floor(outfall_gen.u(o.gid, 'found2') * 18)::int
                     ELSE 39 + floor(outfall_gen.u(o.gid, 'found2') * 21)::int END
       END) AS found_m OFFSET 0) f
 CROSS JOIN LATERAL (
       SELECT outfall_gen.u(o.gid, 'protected') < 0.06 AND NOT m.storm AND o.letters NOT IN ('WS', 'YQ', 'GQ')
              AS protected,
              outfall_gen.u(o.gid, 'plan') * 100 AS x OFFSET 0) z
 CROSS JOIN LATERAL (
       SELECT z.protected,
              CASE WHEN o.anchor THEN 'retain'
                   -- in a protected zone: banned, unless it predates the zone
                   -- (historical case: rectified instead, 避免一刀切)
                   WHEN z.protected THEN CASE WHEN outfall_gen.u(o.gid, 'legacy') < 0.3 THEN 'standardize' ELSE 'ban' END
                   WHEN z.x < m.plan_ban THEN 'ban'
                   WHEN z.x < m.plan_ban + m.plan_merge THEN 'merge'
                   WHEN z.x < m.plan_ban + m.plan_merge + m.plan_std THEN 'standardize'
                   ELSE 'retain' END AS action OFFSET 0) a
 CROSS JOIN LATERAL (SELECT f.found_m + CASE WHEN o.anchor THEN 1
                            ELSE 1 + floor(power(outfall_gen.u(o.gid, 'd_mon'), 2) * 5)::int END AS mon OFFSET 0) s1
 CROSS JOIN LATERAL (SELECT s1.mon + CASE WHEN o.anchor THEN 1
                            ELSE 1 + floor(power(outfall_gen.u(o.gid, 'd_tr'), 2) * 6)::int
                                 + CASE WHEN outfall_gen.u(o.gid, 'stall') < 0.12
                                        THEN 6 + floor(outfall_gen.u(o.gid, 'stall2') * 18)::int ELSE 0 END END AS tr OFFSET 0) s2
 CROSS JOIN LATERAL (SELECT s2.tr + CASE WHEN o.anchor THEN 1
                            ELSE 1 + floor(outfall_gen.u(o.gid, 'd_pl') * 4)::int END AS pl OFFSET 0) s3
 CROSS JOIN LATERAL (
       SELECT CASE WHEN a.action <> 'retain' THEN s3.pl + 1 + floor(power(outfall_gen.u(o.gid, 'd_wk'), 2) * 4)::int END AS wk,
              CASE WHEN a.action = 'retain'
                   THEN s3.pl + CASE WHEN o.anchor THEN 1 ELSE 1 + floor(outfall_gen.u(o.gid, 'd_rtd') * 5)::int END
              END AS rtd OFFSET 0) s4
 CROSS JOIN LATERAL (
       SELECT s4.wk + CASE a.action
                          WHEN 'ban' THEN 1 + floor(outfall_gen.u(o.gid, 'd_rf') * 6)::int
                          WHEN 'merge' THEN 3 + floor(power(outfall_gen.u(o.gid, 'd_rf'), 1.3) * 20)::int
                          ELSE 2 + floor(power(outfall_gen.u(o.gid, 'd_rf'), 1.3) * 14)::int END AS rf_planned
        OFFSET 0) s5p
 -- 10% of works run long (network not built, funding): the plan's deadline
 -- did not allow for it
 CROSS JOIN LATERAL (SELECT s5p.rf_planned AS rf_planned,
                            s5p.rf_planned + CASE WHEN outfall_gen.u(o.gid, 'rf_stall') < 0.10
                                                  THEN 6 + floor(outfall_gen.u(o.gid, 'rf_stall2') * 18)::int ELSE 0 END AS rf
        OFFSET 0) s5
 CROSS JOIN LATERAL (SELECT s5.rf + 1 + floor(outfall_gen.u(o.gid, 'd_cl') * 3)::int AS cl OFFSET 0) s6
 CROSS JOIN LATERAL (SELECT CASE WHEN a.action = 'standardize'
                                 THEN s6.cl + 1 + floor(outfall_gen.u(o.gid, 'd_rt') * 2)::int END AS rt OFFSET 0) s7
 -- reopened: 2% of banned or merged outfalls reappear (closed -> found);
 -- 3% of retained ones fail a re-check (retained -> rectifying) and go
 -- round again
 CROSS JOIN LATERAL (
       SELECT CASE WHEN a.action IN ('ban', 'merge') AND outfall_gen.u(o.gid, 'reopen') < 0.02
                   THEN s6.cl + 3 + floor(outfall_gen.u(o.gid, 'd_ro') * 7)::int END AS rof,
              CASE WHEN NOT o.anchor AND a.action IN ('standardize', 'retain') AND outfall_gen.u(o.gid, 'reopen') < 0.03
                   THEN coalesce(s7.rt, s4.rtd) + 3 + floor(outfall_gen.u(o.gid, 'd_ro') * 9)::int END AS ror OFFSET 0) s8
 CROSS JOIN LATERAL (
       SELECT s8.ror + 2 + floor(outfall_gen.u(o.gid, 'd_rf2') * 4)::int AS rf2,
              s8.ror + 3 + floor(outfall_gen.u(o.gid, 'd_rf2') * 4)::int + floor(outfall_gen.u(o.gid, 'd_cl2') * 2)::int AS cl2,
              s8.ror + 4 + floor(outfall_gen.u(o.gid, 'd_rf2') * 4)::int + floor(outfall_gen.u(o.gid, 'd_cl2') * 2)::int AS rt2 OFFSET 0) s9;
DROP TABLE outfall_gen.o1;

-- The generated outfalls, with each step's month where it falls within the
-- data (NULL after it, and for outfalls still waiting for a category),
-- their parties (keys of outfall_gen.party) and their plan.
CREATE TABLE outfall_gen.o3 AS
SELECT o.gid, o.county, o.province, o.clat, o.anchor, o.letters,
       CASE WHEN o.pending THEN NULL ELSE mr.category END AS category,
       o.township, o.twp_name, o.water, o.water_name, o.key_water, o.geom,
       o.found_m, o.action, o.protected, o.is_legacy, o.merge_gid, o.pending,
       CASE WHEN NOT o.pending AND o.mon <= o.until_m THEN o.mon END AS mon_m,
       CASE WHEN NOT o.pending AND o.tr <= o.until_m THEN o.tr END AS tr_m,
       CASE WHEN NOT o.pending AND o.pl <= o.until_m THEN o.pl END AS pl_m,
       CASE WHEN NOT o.pending AND o.wk <= o.until_m THEN o.wk END AS wk_m,
       CASE WHEN NOT o.pending AND o.rf <= o.until_m THEN o.rf END AS rf_m,
       CASE WHEN NOT o.pending AND o.cl <= o.until_m THEN o.cl END AS cl_m,
       CASE WHEN NOT o.pending AND o.rt <= o.until_m THEN o.rt END AS rt_m,
       CASE WHEN NOT o.pending AND o.rtd <= o.until_m THEN o.rtd END AS rtd_m,
       CASE WHEN NOT o.pending AND o.rof <= o.until_m THEN o.rof END AS rof_m,
       CASE WHEN NOT o.pending AND o.ror <= o.until_m THEN o.ror END AS ror_m,
       CASE WHEN NOT o.pending AND o.rf2 <= o.until_m THEN o.rf2 END AS rf2_m,
       CASE WHEN NOT o.pending AND o.cl2 <= o.until_m THEN o.cl2 END AS cl2_m,
       CASE WHEN NOT o.pending AND o.rt2 <= o.until_m THEN o.rt2 END AS rt2_m,
       -- the plan's deadline: the first half-year or year end after the
       -- rectification should be done, give or take a few months, so that
       -- some plans run late
       (outfall_gen.mstart(o.pl) + floor(outfall_gen.u(o.gid, 'set_on') * 25)::int) AS set_on,
       coalesce((SELECT min(dm.on_date) FROM outfall_gen.deadline_mark dm
                  WHERE (dm.province IS NULL OR dm.province = o.province)
                    AND dm.on_date >= greatest(outfall_gen.mstart(coalesce(o.rf_planned, o.rtd) + floor(outfall_gen.u(o.gid, 'slack') * 12)::int - 7) - 1,
                                               outfall_gen.mstart(o.pl) + 56,
                                               date '2023-06-30')),
                date '2025-12-31') AS deadline,
       -- parties: the user and owner the survey records, the user tracing
       -- finds, and a second enterprise sharing an industrial outfall
       CASE WHEN o.letters IN ('GY', 'GH') THEN 'I.' || o.county || '.' || floor(outfall_gen.u(o.gid, 'ent') * pl.n_ind)
            WHEN o.letters IN ('KS', 'KH', 'WK', 'WH') THEN 'M.' || o.county || '.' || floor(outfall_gen.u(o.gid, 'ent') * pl.n_mine)
            WHEN o.letters = 'WS' THEN CASE WHEN o.anchor THEN 'W.' || o.county ELSE 'w.' || o.township END
            WHEN o.letters IN ('YQ', 'YH') THEN 'P.' || o.county
            WHEN o.letters = 'XQ' THEN 'F.' || o.gid
            WHEN o.letters = 'SC' THEN 'A.' || o.gid
            WHEN o.letters = 'XX' AND outfall_gen.u(o.gid, 'user') < 0.6 THEN 'x.' || o.gid
            WHEN o.letters = 'SX' AND outfall_gen.u(o.gid, 'user') < 0.5 THEN 's.' || o.gid
            WHEN o.letters = 'GK' THEN 'K.' || o.county || '.' || floor(outfall_gen.u(o.gid, 'ent') * pl.n_port)
            WHEN o.letters = 'NC' AND outfall_gen.u(o.gid, 'user') < 0.3 THEN 'N.' || o.county
       END AS user_key,
       CASE WHEN o.letters = 'GY' AND outfall_gen.u(o.gid, 'owner') < 0.1 THEN 'P.' || o.county
            WHEN o.letters = 'GQ' THEN 'G.' || o.county || '.' || o.water
            WHEN o.letters = 'YS' AND outfall_gen.u(o.gid, 'owner') < 0.3 THEN 'D.' || o.county
       END AS owner_key,
       CASE WHEN o.letters = 'CS' AND outfall_gen.u(o.gid, 'traceuser') < 0.25
            THEN CASE WHEN outfall_gen.u(o.gid, 'traceuser2') < 0.5 THEN 'c.' ELSE 'r.' END || o.gid
            WHEN o.letters = 'QT' AND outfall_gen.u(o.gid, 'traceuser') < 0.1 THEN 'q.' || o.gid
       END AS trace_user_key,
       CASE WHEN o.letters = 'GY' AND pl.n_ind > 1
            THEN 'I.' || o.county || '.' || (floor(outfall_gen.u(o.gid, 'ent') * pl.n_ind)::int + 1) % pl.n_ind
       END AS other_key
  FROM outfall_gen.o2 o
  JOIN outfall_gen.mix_range mr ON mr.letters = o.letters
  JOIN outfall_gen.pool pl ON pl.county = o.county;
DROP TABLE outfall_gen.o2;
ALTER TABLE outfall_gen.o3 ADD PRIMARY KEY (gid);

-- Parties ------------------------------------------------------------------
-- Each party is inserted in the month it is first needed: when the survey
-- records it, or when tracing finds it.
CREATE TABLE outfall_gen.party AS
WITH need AS (
    SELECT user_key AS key, found_m AS m, gid FROM outfall_gen.o3 WHERE user_key IS NOT NULL
    UNION ALL
    SELECT owner_key, found_m, gid FROM outfall_gen.o3 WHERE owner_key IS NOT NULL
    UNION ALL
    SELECT trace_user_key, tr_m, gid FROM outfall_gen.o3 WHERE trace_user_key IS NOT NULL AND tr_m IS NOT NULL
    UNION ALL
    SELECT other_key, tr_m, gid FROM outfall_gen.o3
     WHERE other_key IS NOT NULL AND tr_m IS NOT NULL AND outfall_gen.u(gid, 'src3') < 0.2
), first AS (
    SELECT DISTINCT ON (n.key) n.key, min(n.m) OVER (PARTITION BY n.key) AS first_m, n.gid
      FROM need n
     ORDER BY n.key, n.gid
), named AS (
    SELECT f.key, f.first_m, split_part(f.key, '.', 1) AS type,
           o.county, o.township, o.twp_name, o.water_name, c.short, c.name AS county_name,
           outfall_gen.u(f.key, 'n1') AS x1, outfall_gen.u(f.key, 'n2') AS x2, outfall_gen.u(f.key, 'n3') AS x3
      FROM first f
      JOIN outfall_gen.o3 o ON o.gid = f.gid
      JOIN outfall_gen.county c ON c.county = o.county
), described AS (
    SELECT n.key, n.first_m, n.type,
           CASE n.type
               WHEN 'I' THEN n.short || outfall_gen.pick(w.trade, n.x1) || outfall_gen.pick(w.industry, n.x2) || outfall_gen.pick(w.form, n.x3)
               WHEN 'M' THEN n.short || outfall_gen.pick(w.trade, n.x1) || outfall_gen.pick(w.mining, n.x2) || outfall_gen.pick(w.form, n.x3)
               WHEN 'P' THEN n.short || outfall_gen.pick('{工业园区,经济开发区,产业园区}', n.x1) || '管理委员会'
               WHEN 'W' THEN n.county_name || '城市污水处理厂'
               WHEN 'w' THEN n.county_name || n.twp_name || '污水处理厂'
               WHEN 'F' THEN n.short || outfall_gen.pick(w.trade, n.x1)
                             || CASE WHEN n.x2 < 0.3 THEN '畜禽养殖专业合作社'
                                     ELSE outfall_gen.pick('{牧业,生态养殖,畜牧,猪业}', n.x3) || '有限公司' END
               WHEN 'A' THEN n.short || outfall_gen.pick(w.trade, n.x1)
                             || CASE WHEN n.x2 < 0.3 THEN '水产养殖专业合作社'
                                     ELSE outfall_gen.pick('{水产,渔业,生态渔业}', n.x3) || '有限公司' END
               WHEN 'x' THEN n.twp_name || outfall_gen.pick(w.surname, n.x1) || outfall_gen.pick(w.given, n.x2) || '养殖场'
               WHEN 's' THEN n.twp_name || outfall_gen.pick(w.surname, n.x1) || outfall_gen.pick(w.given, n.x2) || '鱼塘'
               WHEN 'G' THEN n.county_name || n.water_name || '灌区管理所'
               WHEN 'K' THEN n.short || outfall_gen.pick(w.trade, n.x1) || outfall_gen.pick('{港务,码头,物流}', n.x2) || outfall_gen.pick(w.form, n.x3)
               WHEN 'N' THEN n.short || outfall_gen.pick(w.trade, n.x1) || '水务有限公司'
               WHEN 'D' THEN n.county_name || '城市排水管理处'
               WHEN 'c' THEN n.short || outfall_gen.pick(w.trade, n.x1) || '物业管理有限公司'
               WHEN 'r' THEN n.twp_name || outfall_gen.pick(w.surname, n.x1) || '记' || outfall_gen.pick(w.a, n.x2) || outfall_gen.pick(w.b, n.x3) || '餐馆'
               WHEN 'q' THEN n.short || outfall_gen.pick(w.trade, n.x1) || outfall_gen.pick(w.industry, n.x2) || '有限公司'
           END AS name,
           CASE WHEN n.type IN ('P') THEN 'park'
                WHEN n.type IN ('W', 'w') THEN 'treatment_plant'
                WHEN n.type IN ('x', 's', 'r', 'G', 'D') OR (n.type IN ('F', 'A') AND n.x2 < 0.3) THEN 'other'
                ELSE 'enterprise' END AS kind,
           -- GB 32100: registration authority and kind of entity
           CASE WHEN n.type = 'P' THEN '11'
                WHEN n.type IN ('w', 'G', 'D') THEN '12'
                WHEN n.type IN ('x', 's', 'r') THEN '92'
                WHEN n.type IN ('F', 'A') AND n.x2 < 0.3 THEN '93'
                ELSE '91' END AS prefix,
           CASE WHEN n.type IN ('P', 'W', 'G', 'D', 'N') THEN n.county ELSE n.township END AS division,
           rpad(n.county::text, 6, '0') AS reg_division
      FROM named n, outfall_gen.words w
), numbered AS (
    SELECT d.*, row_number() OVER (ORDER BY d.key) AS serial FROM described d
)
SELECT n.key, n.first_m, n.serial, n.name, n.kind, n.division,
       c17 || outfall_gen.uscc_check(c17) AS uscc
  FROM numbered n, outfall_gen.param p
 CROSS JOIN LATERAL (
       -- characters 9-17: two from the hash, then the serial scrambled by a
       -- bijection of 0..31^7-1, so no two parties share a code
       SELECT n.prefix || n.reg_division
              || substr(p.alphabet, 1 + floor(outfall_gen.u(n.key, 'u1') * 31)::int, 1)
              || substr(p.alphabet, 1 + floor(outfall_gen.u(n.key, 'u2') * 31)::int, 1)
              || outfall_gen.base31((n.serial * 17003902429 + floor(outfall_gen.u('uscc', 'offset') * 27512614111)::bigint)
                                    % 27512614111) AS c17) x
 WHERE n.first_m <= p.until_m;
ALTER TABLE outfall_gen.party ADD PRIMARY KEY (key);
CREATE INDEX ON outfall_gen.party (first_m);

-- Survey names, plans, tracing: the texts ---------------------------------
CREATE TABLE outfall_gen.outfall AS
SELECT o.*,
       c.county::text || '-' || (2021 + o.found_m / 12) || '-'
           || lpad(row_number() OVER (PARTITION BY o.county, o.found_m / 12 ORDER BY o.gid)::text, 5, '0') AS survey_id,
       CASE WHEN outfall_gen.u(o.gid, 'messy') < 0.04 THEN sn.s || '（待核实）'
            WHEN outfall_gen.u(o.gid, 'messy') < 0.07 THEN '疑似' || sn.s
            WHEN outfall_gen.u(o.gid, 'messy') < 0.10 THEN replace(sn.s, '排口', '排放口')
            ELSE sn.s END AS survey_name,
       outfall_gen.pick(m.discharge, outfall_gen.u(o.gid, 'discharge')) AS discharge_mode,
       CASE WHEN outfall_gen.u(o.gid, 'level') < CASE WHEN o.key_water THEN 0.1 ELSE 0.2 END THEN 1
            WHEN outfall_gen.u(o.gid, 'level') < CASE WHEN o.key_water THEN 0.6 ELSE 0.8 END THEN 2
            ELSE 3 END::smallint AS survey_level,
       outfall_gen.mstart(o.found_m) + floor(outfall_gen.u(o.gid, 'found_on') * 19)::int AS found_on,
       (SELECT ph.text FROM outfall_gen.phrase ph
         WHERE ph.what = CASE WHEN m.storm AND o.action = 'standardize' THEN 'measures_storm' ELSE 'measures' END
           AND ph.key = o.action
         ORDER BY ph.n
        OFFSET floor(outfall_gen.u(o.gid, 'measures')
                     * (SELECT count(*) FROM outfall_gen.phrase ph2
                         WHERE ph2.what = CASE WHEN m.storm AND o.action = 'standardize' THEN 'measures_storm' ELSE 'measures' END
                           AND ph2.key = o.action))::int
         LIMIT 1) AS measures,
       outfall_gen.pick(w.surname, outfall_gen.u(o.gid, 'person1')) || outfall_gen.pick(w.given, outfall_gen.u(o.gid, 'person2'))
           || CASE WHEN outfall_gen.u(o.gid, 'person3') < 0.6 THEN outfall_gen.pick(w.given, outfall_gen.u(o.gid, 'person4')) ELSE '' END
           AS resp_person,
       CASE WHEN outfall_gen.u(o.gid, 'method') < 0.35 THEN 'document'
            WHEN outfall_gen.u(o.gid, 'method') < 0.85 THEN 'field' ELSE 'technical' END AS trace_method,
       outfall_gen.mstart(o.tr_m) + floor(outfall_gen.u(o.gid, 'traced_on') * 23)::int AS traced_on
  FROM outfall_gen.o3 o
  JOIN outfall_gen.county c ON c.county = o.county
  JOIN outfall_gen.mix m ON m.letters = o.letters
  LEFT JOIN outfall_gen.party pu ON pu.key = coalesce(o.user_key, o.owner_key)
 CROSS JOIN outfall_gen.words w
 CROSS JOIN LATERAL (
       SELECT replace(replace(replace(replace(replace(replace(t.tpl,
                  '{p}', coalesce(pu.name, o.twp_name || outfall_gen.pick(w.a, outfall_gen.u(o.gid, 'v1')) || outfall_gen.pick(w.b, outfall_gen.u(o.gid, 'v2')))),
                  '{t}', o.twp_name),
                  '{v}', outfall_gen.pick(w.a, outfall_gen.u(o.gid, 'v1')) || outfall_gen.pick(w.b, outfall_gen.u(o.gid, 'v2'))),
                  '{w}', o.water_name),
                  '{b}', CASE WHEN outfall_gen.u(o.gid, 'bank') < 0.5 THEN '左岸' ELSE '右岸' END),
                  '{n}', (1 + floor(outfall_gen.u(o.gid, 'num') * 30))::text) AS s
         FROM outfall_gen.survey_name_tpl t
        WHERE t.letters = o.letters
          AND t.n = floor(outfall_gen.u(o.gid, 'nametpl')
                          * (SELECT count(*) FROM outfall_gen.survey_name_tpl t2 WHERE t2.letters = o.letters))) sn;
DROP TABLE outfall_gen.o3;
ALTER TABLE outfall_gen.outfall ADD PRIMARY KEY (gid);
CREATE INDEX ON outfall_gen.outfall (found_m);

-- The steps, month by month -------------------------------------------------
CREATE TABLE outfall_gen.step AS
SELECT o.gid, s.m, s.kind, s.round,
       CASE WHEN s.kind IN ('reopen_found', 'reopen_rect') THEN
           (SELECT ph.text FROM outfall_gen.phrase ph
             WHERE ph.what = 'reopen' AND ph.key = CASE s.kind WHEN 'reopen_found' THEN 'found' ELSE 'rectifying' END
               AND ph.n = floor(outfall_gen.u(o.gid, 'reason') * 2)::int)
       END AS reason
  FROM outfall_gen.outfall o
 CROSS JOIN LATERAL (VALUES
       (o.mon_m, 'monitored', 1), (o.tr_m, 'traced', 1), (o.pl_m, 'planned', 1),
       (o.wk_m, 'rectifying', 1), (o.rf_m, 'rectified', 1), (o.cl_m, 'closed', 1),
       (o.rt_m, 'retained', 1), (o.rtd_m, 'retained_direct', 1),
       (o.rof_m, 'reopen_found', 2), (o.ror_m, 'reopen_rect', 2),
       (o.rf2_m, 'rectified', 2), (o.cl2_m, 'closed', 2), (o.rt2_m, 'retained', 2)) s(m, kind, round)
 WHERE s.m IS NOT NULL;
CREATE INDEX ON outfall_gen.step (kind, m);

-- Sources found by tracing.  Where a second enterprise shares the outfall,
-- the permit states each unit's responsibility, the user's as well.
CREATE TABLE outfall_gen.source AS
SELECT o.gid, o.tr_m AS m, t.n, t.kind,
       coalesce(t.responsibility,
                CASE WHEN t.party = 'user' AND pq.key IS NOT NULL
                          AND EXISTS (SELECT FROM outfall_gen.source_tpl t2
                                       WHERE t2.letters = o.letters AND t2.party = 'other'
                                         AND outfall_gen.u(o.gid, 'src' || t2.n) < t2.prob)
                     THEN '共用排污口，本单位按排污许可证载明的排放量负责' END) AS responsibility,
       CASE t.party WHEN 'user' THEN coalesce(o.trace_user_key, o.user_key, o.owner_key)
                    WHEN 'other' THEN o.other_key END AS party_key,
       replace(replace(replace(replace(replace(CASE WHEN pu.key IS NOT NULL THEN coalesce(t.tpl_party, t.tpl) ELSE t.tpl END,
           '{p}', coalesce(pu.name, o.twp_name)),
           '{q}', coalesce(pq.name, '')),
           '{t}', o.twp_name),
           '{v}', outfall_gen.pick(w.a, outfall_gen.u(o.gid, 'v1')) || outfall_gen.pick(w.b, outfall_gen.u(o.gid, 'v2'))),
           '{w}', o.water_name) AS name
  FROM outfall_gen.outfall o
  JOIN outfall_gen.source_tpl t ON t.letters = o.letters
  LEFT JOIN outfall_gen.party pu ON pu.key = coalesce(o.trace_user_key, o.user_key, o.owner_key)
  LEFT JOIN outfall_gen.party pq ON pq.key = o.other_key
 CROSS JOIN outfall_gen.words w
 WHERE o.tr_m IS NOT NULL
   AND (t.n = 1 OR outfall_gen.u(o.gid, 'src' || t.n) < t.prob)
   AND (t.party IS DISTINCT FROM 'other' OR pq.key IS NOT NULL);
CREATE INDEX ON outfall_gen.source (m);


-- Samples: at monitoring one dry-weather sample, and a wet-weather one at
-- stormwater outfalls and a third of the others; a check sample when a
-- standardization is finished (each round); then one every six months at retained
-- outfalls.  Follow-up samples are cleaner (factor).  A stormwater outfall
-- in dry weather either discharges sewage (旱天污水直排, sewage_seen) or is
-- dry: flow 0 and nothing to measure; at the check that closes its works it
-- is dry (works that left sewage behind would not be closed out).
CREATE TABLE outfall_gen.sample AS
WITH ev AS (
    SELECT o.gid, o.mon_m AS m, 'dry' AS weather, 1 + floor(outfall_gen.u(o.gid, 's_day1') * 10)::int AS day, 1.0 AS factor,
           false AS works_check
      FROM outfall_gen.outfall o
     WHERE o.mon_m IS NOT NULL
    UNION ALL
    SELECT o.gid, o.mon_m, 'wet', 11 + floor(outfall_gen.u(o.gid, 's_day2') * 10)::int, 1.0, false
      FROM outfall_gen.outfall o JOIN outfall_gen.mix m ON m.letters = o.letters
     WHERE o.mon_m IS NOT NULL AND (m.storm OR outfall_gen.u(o.gid, 's_wet') < 0.3)
    UNION ALL
    SELECT o.gid, o.rf_m, 'dry', 1 + floor(outfall_gen.u(o.gid, 's_day3') * 20)::int, 0.7, true
      FROM outfall_gen.outfall o
     WHERE o.rf_m IS NOT NULL AND o.action = 'standardize'
    UNION ALL
    SELECT o.gid, o.rf2_m, 'dry', 1 + floor(outfall_gen.u(o.gid, 's_day5') * 20)::int, 0.7, true
      FROM outfall_gen.outfall o
     WHERE o.rf2_m IS NOT NULL
    UNION ALL
    SELECT o.gid, r.m + 6 * k, 'dry', 1 + floor(outfall_gen.u(o.gid || '/' || k, 's_day4') * 25)::int, 0.7, false
      FROM outfall_gen.outfall o
     CROSS JOIN LATERAL (SELECT coalesce(o.rt_m, o.rtd_m) AS m) r
     CROSS JOIN outfall_gen.param p
     CROSS JOIN LATERAL generate_series(1, (p.until_m - r.m) / 6) k
     WHERE r.m IS NOT NULL
       -- none while a retained outfall that failed its re-check is reworked
       AND NOT (r.m + 6 * k > o.ror_m AND r.m + 6 * k <= coalesce(o.rt2_m, p.until_m))
), drawn AS MATERIALIZED (
    SELECT e.*, o.letters, o.clat, mx.storm,
           q.flow_lo, q.flow_hi, q.cod_lo, q.cod_hi, q.nh3n_lo, q.nh3n_hi, q.tp_lo, q.tp_hi,
           q.tn_lo, q.tn_hi, q.ph_lo, q.ph_hi, q.temp_add, q.wet_flow, q.wet_conc, q.dry_seen,
           e.gid || '/' || e.m || '/' || e.weather AS key,
           mx.storm AND e.weather = 'dry'
               AND (e.works_check
                    OR outfall_gen.u(e.gid || '/' || e.m || '/' || e.weather, 'seen')
                       >= q.dry_seen * CASE WHEN e.factor < 1 THEN 0.3 ELSE 1 END) AS dry_and_dry
      FROM ev e
      JOIN outfall_gen.outfall o ON o.gid = e.gid
      JOIN outfall_gen.quality q ON q.letters = o.letters
      JOIN outfall_gen.mix mx ON mx.letters = o.letters
)
SELECT d.gid, d.m,
       outfall_gen.at(d.m, d.day, 9 + floor(outfall_gen.u(d.key, 'hour') * 8)::int,
                      floor(outfall_gen.u(d.key, 'minute') * 60)::int) AS sampled_at,
       d.weather, d.letters, d.key,
       CASE WHEN d.dry_and_dry THEN 0
            ELSE round((outfall_gen.logu(d.flow_lo, d.flow_hi, outfall_gen.u(d.key, 'flow'))
                        * CASE d.weather WHEN 'wet' THEN d.wet_flow ELSE 1 END)::numeric, 1) END AS flow_m3d,
       CASE WHEN NOT d.dry_and_dry THEN
           round(greatest(0.5, least(35, 16 + 10 * sin(2 * pi() * ((d.m % 12 + 1) - 4) / 12.0) - 0.5 * (d.clat - 30)
                                         + d.temp_add + (outfall_gen.u(d.key, 'temp') - 0.5) * 4))::numeric, 1) END AS temperature_c,
       CASE WHEN NOT d.dry_and_dry THEN
           round((d.ph_lo + outfall_gen.u(d.key, 'ph') * (d.ph_hi - d.ph_lo))::numeric, 2) END AS ph,
       CASE WHEN NOT d.dry_and_dry THEN
           round((outfall_gen.logu(d.cod_lo, d.cod_hi, outfall_gen.u(d.key, 'cod')) * c.f)::numeric, 1) END AS cod_mgl,
       CASE WHEN NOT d.dry_and_dry THEN
           round((outfall_gen.logu(d.nh3n_lo, d.nh3n_hi, outfall_gen.u(d.key, 'nh3n')) * c.f)::numeric, 2) END AS nh3n_mgl,
       CASE WHEN NOT d.dry_and_dry THEN
           round((outfall_gen.logu(d.tp_lo, d.tp_hi, outfall_gen.u(d.key, 'tp')) * c.f)::numeric, 3) END AS tp_mgl,
       CASE WHEN NOT d.dry_and_dry THEN
           round((outfall_gen.logu(d.tn_lo, d.tn_hi, outfall_gen.u(d.key, 'tn')) * c.f)::numeric, 2) END AS tn_mgl,
       CASE WHEN d.storm AND d.weather = 'dry' THEN NOT d.dry_and_dry END AS sewage_seen
  FROM drawn d
 CROSS JOIN LATERAL (SELECT d.factor * CASE d.weather WHEN 'wet' THEN d.wet_conc ELSE 1 END AS f) c;
CREATE INDEX ON outfall_gen.sample (m);

CREATE TABLE outfall_gen.sample_indicator AS
SELECT s.gid, s.m, s.sampled_at, i.name, i.unit,
       round(outfall_gen.logu(i.lo, i.hi, outfall_gen.u(s.key || i.name, 'value'))::numeric,
             CASE WHEN i.unit = 'MPN/L' THEN 0 ELSE 3 END) AS value
  FROM outfall_gen.sample s
  JOIN outfall_gen.indicator i ON i.letters = s.letters
 WHERE s.flow_m3d > 0 AND outfall_gen.u(s.key || i.name, 'indicator') < i.share;
CREATE INDEX ON outfall_gen.sample_indicator (m);

-- Verifications (验收): at close-out, and when a plan retains an outfall
-- as it is.  verified_at is in the month, before the step is recorded.
CREATE TABLE outfall_gen.verification AS
SELECT s.gid, s.m, s.kind,
       outfall_gen.at(s.m, 1 + floor(outfall_gen.u(s.gid || '/' || s.m, 'v_day') * 26)::int,
                      9 + floor(outfall_gen.u(s.gid || '/' || s.m, 'v_hour') * 8)::int) AS verified_at,
       CASE WHEN s.round = 2 THEN (SELECT text FROM outfall_gen.phrase WHERE what = 'evidence_again')
            ELSE (SELECT text FROM outfall_gen.phrase WHERE what = 'evidence' AND key = o.action) END
           AS evidence
  FROM outfall_gen.step s
  JOIN outfall_gen.outfall o ON o.gid = s.gid
 WHERE s.kind IN ('closed', 'retained_direct');
CREATE INDEX ON outfall_gen.verification (m);

-- Signboards (标志牌) on standardized outfalls when the works are done and
-- on outfalls retained as they are.
CREATE TABLE outfall_gen.signboard AS
SELECT s.gid, s.m, s.kind, c.bureau AS supervising_unit,
       CASE WHEN outfall_gen.u(o.county::text, 'phone') < 0.3 THEN '12369'
            ELSE '0' || (10 + floor(outfall_gen.u(o.county::text, 'area') * 890))::int || '-'
                 || (2000000 + floor(outfall_gen.u(o.county::text, 'phone2') * 7999999))::int END AS phone,
       outfall_gen.mstart(s.m) + floor(outfall_gen.u(s.gid, 'installed') * 27)::int AS installed_on
  FROM outfall_gen.step s
  JOIN outfall_gen.outfall o ON o.gid = s.gid
  JOIN outfall_gen.county c ON c.county = o.county
 WHERE s.round = 1
   AND ((s.kind = 'rectified' AND o.action = 'standardize') OR s.kind = 'retained_direct');
CREATE INDEX ON outfall_gen.signboard (m);

-- Approvals (审核) of the outfalls kept that need one (industrial, park and
-- town plant, rural plant); an enterprise keeping a second or further
-- industrial outfall files it (备案) with the county bureau instead.
CREATE TABLE outfall_gen.approval AS
WITH kept AS (
    SELECT s.gid, s.m, s.kind, o.county, o.letters, o.user_key,
           CASE WHEN o.letters IN ('GY', 'KS', 'WK')
                     AND row_number() OVER (PARTITION BY o.user_key, o.letters IN ('GY', 'KS', 'WK') ORDER BY o.gid) > 1
                THEN 'filing' ELSE 'approval' END AS kind_of
      FROM outfall_gen.step s
      JOIN outfall_gen.outfall o ON o.gid = s.gid
      JOIN outfall_gen.mix m ON m.letters = o.letters
     WHERE s.round = 1 AND m.approval
       AND ((s.kind = 'rectified' AND o.action = 'standardize') OR s.kind = 'retained_direct')
), dated AS (
    SELECT k.*, outfall_gen.mstart(k.m) + floor(outfall_gen.u(k.gid, 'decided') * 27)::int AS decided_on
      FROM kept k
)
SELECT d.gid, d.m, d.kind, d.kind_of,
       CASE d.kind_of WHEN 'approval' THEN c.city_bureau ELSE c.bureau END AS authority,
       left(c.short, 1) || CASE d.kind_of WHEN 'approval' THEN '环审' ELSE '环备' END
           || '〔' || extract(year FROM d.decided_on) || '〕'
           || row_number() OVER (PARTITION BY d.county, d.kind_of, extract(year FROM d.decided_on)
                                 ORDER BY d.decided_on, d.gid) || '号' AS document_no,
       d.decided_on,
       outfall_gen.u(d.gid, 'published') < 0.85 AS published
  FROM dated d
  JOIN outfall_gen.county c ON c.county = d.county;
CREATE INDEX ON outfall_gen.approval (m);

-- generated ids -> registry ids, filled as the registry is written
CREATE TABLE outfall_gen.omap (gid bigint PRIMARY KEY, id bigint NOT NULL UNIQUE);
CREATE TABLE outfall_gen.pmap (key text PRIMARY KEY, id bigint NOT NULL UNIQUE);

ANALYZE outfall_gen.outfall, outfall_gen.step, outfall_gen.party, outfall_gen.sample,
        outfall_gen.sample_indicator, outfall_gen.source, outfall_gen.verification,
        outfall_gen.signboard, outfall_gen.approval;
