-- demo/summary.sql: what an analyst looks at after the import.
SET search_path = outfall, public;

\pset linestyle unicode
\pset border 1
\pset footer off
\pset null '—'
\pset format wrapped
\pset columns 160

\echo
\echo '═══ outfall demo: import of demo/sample_codes.csv ═══'
SELECT build_info() AS "extension",
       (SELECT count(*) FROM division) AS "divisions in outfall.division",
       (SELECT count(*) FROM demo.import_raw) AS "rows imported";

\echo '── 1. Accepted and refused, by kind of code ──'
SELECT kind,
       count(*) AS rows,
       count(*) FILTER (WHERE tag = 'ok') AS accepted,
       count(*) FILTER (WHERE tag <> 'ok') AS refused,
       round(100.0 * count(*) FILTER (WHERE tag = 'ok') / count(*), 1) AS "accepted %"
  FROM demo.import_result
 GROUP BY kind
 ORDER BY array_position(ARRAY['outfall', 'division', 'uscc'], kind);

\echo '── 2. Refusals by reason, with the first example of each ──'
SELECT DISTINCT ON (kind, reason)
       kind, reason,
       count(*) OVER (PARTITION BY kind, reason) AS rows,
       line, coalesce(quote_literal(raw), 'NULL') AS "example as typed",
       coalesce(detail, message) AS "message (its detail)"
  FROM demo.import_result
 WHERE tag <> 'ok'
 ORDER BY kind DESC, reason, line;

\echo '── 3. Accepted outfall codes by county ──'
SELECT division(code) AS county,
       division_full_name(division(code)) AS "full name",
       count(*) AS outfalls,
       string_agg(DISTINCT water_code(code), ' ') AS "water bodies",
       count(*) FILTER (WHERE type_code(code) = 'GY') AS "GY",
       count(*) FILTER (WHERE type_code(code) = 'WS') AS "WS",
       count(*) FILTER (WHERE type_code(code) = 'NY') AS "NY",
       count(*) FILTER (WHERE type_code(code) = 'QT') AS "QT",
       max(code) AS "last code"
  FROM demo.outfall
 GROUP BY division(code)
 ORDER BY division(code);

\echo '── 4. Accepted outfall codes by water body ──'
SELECT water_code(o.code) AS "water body",
       w.name,
       count(*) AS outfalls,
       count(DISTINCT division(o.code)) AS counties,
       string_agg(DISTINCT division_name(province(division(o.code))), ' ') AS provinces
  FROM demo.outfall o
  LEFT JOIN demo.water_body w ON w.code = water_code(o.code)
 GROUP BY water_code(o.code), w.name
 ORDER BY min(o.code);

\echo '── 5. Credit codes (统一社会信用代码) by registration province ──'
SELECT province(registration_division(code)) AS province,
       division_name(province(registration_division(code))) AS name,
       count(*) AS codes,
       count(*) FILTER (WHERE authority_code(code) = '9' AND entity_kind_code(code) = '1')
           AS "enterprises (91)",
       count(*) FILTER (WHERE NOT division_exists(registration_division(code)))
           AS "division abolished since"
  FROM demo.party
 GROUP BY 1, 2
 ORDER BY 1;

\echo '── 6. Normalization: as typed → canonical ──'
-- the first accepted row typed each way
SELECT DISTINCT ON (form)
       form, kind, quote_literal(raw) AS "as typed", canonical
  FROM (SELECT *,
               CASE WHEN raw ~ '[\uFF01-\uFF5E]' AND raw ~ '[0-9A-Za-z]' THEN 'some full-width'
                    WHEN raw ~ '[\uFF01-\uFF5E]' THEN 'full-width'
                    WHEN raw ~ '\u3000' THEN 'ideographic space'
                    WHEN raw ~ '[\u2010-\u2015]' THEN 'em dashes'
                    WHEN raw ~ '-' THEN 'hyphens'
                    WHEN raw ~ '[a-z]' THEN 'lower case'
                    WHEN raw ~ '^\s|\s$' THEN 'padded'
                    WHEN raw ~ ' ' THEN 'spaces'
                    WHEN canonical <> raw THEN 'zero-padded'
               END AS form
          FROM demo.import_result
         WHERE tag = 'ok') x
 WHERE form IS NOT NULL
 ORDER BY form, line;

\echo '── 7. The hierarchy: each count is "code <@ area" ──'
SELECT a.code AS area, division_full_name(a.code) AS "full name", level_name(a.code) AS level,
       (SELECT count(*) FROM division d WHERE d.code <@ a.code AND level(d.code) = 4)
           AS "townships in outfall.division",
       (SELECT count(*) FROM demo.outfall o WHERE division(o.code) <@ a.code) AS outfalls,
       (SELECT count(*) FROM demo.party p WHERE registration_division(p.code) <@ a.code)
           AS "credit codes"
  FROM (VALUES ('500114'::division_code), ('450222'), ('652301'), ('4201'), ('22')) a(code)
 ORDER BY a.code;

-- one accepted division code per level, taken apart
SELECT DISTINCT ON (level(code))
       quote_literal(r.raw) AS "as typed", code, level_name(code) AS level,
       parent(code) AS parent, city(code) AS city, county(code) AS county,
       division_full_name(code) AS "full name"
  FROM demo.division_in d JOIN demo.import_result r USING (line)
 ORDER BY level(code), line;
