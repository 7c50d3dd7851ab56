-- demo/check.sql: the demo's self-check.  Every row of sample_codes.csv says
-- how it should come out ("expect"); any other outcome fails the demo.
SET search_path = outfall, public;

SELECT count(*) AS n_rows,
       count(*) FILTER (WHERE r.tag IS DISTINCT FROM i.expect) AS n_wrong,
       count(*) FILTER (WHERE r.tag IS DISTINCT FROM i.expect) > 0 AS failed
  FROM demo.import_raw i LEFT JOIN demo.import_result r USING (line)
\gset

\if :failed
\echo '── Self-check FAILED: rows that did not come out as sample_codes.csv expects ──'
SELECT i.line, i.kind, quote_literal(i.raw) AS raw, i.expect, r.tag AS got,
       coalesce(r.detail, r.message) AS message
  FROM demo.import_raw i LEFT JOIN demo.import_result r USING (line)
 WHERE r.tag IS DISTINCT FROM i.expect
 ORDER BY i.line;
DO $$ BEGIN RAISE EXCEPTION 'demo self-check failed'; END $$;
\else
\echo 'Self-check: all' :n_rows 'rows came out as sample_codes.csv expects.'
\endif

-- The registry the generator wrote (demo/run.sh): the rules it must keep.
-- Each check counts the rows that break it; any row fails the demo.
SET TimeZone = 'Asia/Shanghai';
CREATE TEMP TABLE registry_check (n integer, what text, broken bigint);
INSERT INTO registry_check
SELECT 1, 'counts by state = latest status in the ledger, per state',
       (SELECT count(*) FROM (
            SELECT o.status, count(*) AS n FROM outfall o GROUP BY 1) a
          FULL JOIN (
            SELECT s.status, count(*) AS n
              FROM outfall o
             CROSS JOIN LATERAL (SELECT (l.new ->> 'status')::state AS status
                                   FROM ledger l
                                  WHERE l.outfall_id = o.id AND l.entity = 'outfall' AND l.new ? 'status'
                                  ORDER BY l.happened_at DESC, l.id DESC LIMIT 1) s
             GROUP BY 1) b USING (status)
         WHERE a.n IS DISTINCT FROM b.n)
UNION ALL
SELECT 2, 'outfalls whose state_as_of(now) is not their status',
       (SELECT count(*) FROM outfall o WHERE state_as_of(o.id, now()) IS DISTINCT FROM o.status)
UNION ALL
SELECT 3, 'outfalls without a registration (insert) event in the ledger',
       (SELECT count(*) FROM outfall o
         WHERE NOT EXISTS (SELECT FROM ledger l WHERE l.entity = 'outfall' AND l.entity_id = o.id AND l.op = 'insert'))
UNION ALL
SELECT 4, 'outfall codes given twice',
       (SELECT count(code) - count(DISTINCT code) FROM outfall)
UNION ALL
SELECT 5, 'codes not of their outfall (water body, county, type letters) or past their counter',
       (SELECT count(*) FROM outfall o
          JOIN category c ON c.id = o.category
          LEFT JOIN code_counter k ON k.water = water_code(o.code) AND k.division = division(o.code)
                                  AND k.type_letters = type_code(o.code)
         WHERE o.code IS NOT NULL
           AND (water_code(o.code) <> o.water_body OR division(o.code) <> code_division(o.division)
                OR type_code(o.code) <> c.type_letters OR k.last_seq IS NULL OR seq(o.code) > k.last_seq))
UNION ALL
SELECT 6, 'credit codes (统一社会信用代码) with a wrong check character, recomputed in SQL',
       (SELECT count(*) FROM party p
         CROSS JOIN LATERAL (
               SELECT sum((strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(p.uscc::text, i::int, 1)) - 1) * w) AS s
                 FROM unnest('{1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28}'::int[]) WITH ORDINALITY t(w, i)) x
         WHERE p.uscc IS NOT NULL
           AND substr(p.uscc::text, 18, 1)
               <> substr('0123456789ABCDEFGHJKLMNPQRTUWXY', 1 + ((31 - x.s::int % 31) % 31), 1))
UNION ALL
SELECT 7, 'outfalls outside the county, or more than 100 m from their water body',
       (SELECT count(*) FROM outfall o JOIN water_body w ON w.code = o.water_body
         WHERE NOT code_division(o.division) = :'demo_county'::division_code
            OR ST_Distance(o.geom::geography, w.geom::geography) > 100)
UNION ALL
SELECT 8, 'outfalls traced or later without a tracing result and a responsible party',
       (SELECT count(*) FROM outfall o
         WHERE o.status >= 'traced'
           AND (o.responsible_id IS NULL OR NOT EXISTS (SELECT FROM tracing t WHERE t.outfall_id = o.id)))
UNION ALL
SELECT 9, 'outfalls planned or later without a plan; closed without a verification',
       (SELECT count(*) FROM outfall o
         WHERE (o.status >= 'planned' AND NOT EXISTS (SELECT FROM plan p WHERE p.outfall_id = o.id))
            OR (o.status = 'closed' AND NOT EXISTS (SELECT FROM verification v WHERE v.outfall_id = o.id)))
UNION ALL
SELECT 10, 'merges into an outfall that is not active; stormwater outfalls banned or merged',
       (SELECT count(*) FROM plan p JOIN outfall o ON o.id = p.outfall_id
         WHERE (p.action = 'merge' AND NOT is_active(p.merge_target_id))
            OR (p.action IN ('ban', 'merge') AND o.category LIKE '%storm%'))
UNION ALL
SELECT 11, 'ledger events outside January 2021 .. the last month',
       (SELECT count(*) FROM ledger WHERE happened_at < '2021-01-01' OR happened_at > now())
UNION ALL
SELECT 12, 'samples out of range (pH 0-14, concentrations and flow >= 0), or none for a monitored outfall',
       (SELECT count(*) FROM sample WHERE ph NOT BETWEEN 0 AND 14 OR flow_m3d < 0 OR cod_mgl < 0)
       + (SELECT count(*) FROM outfall o WHERE o.status >= 'monitored'
             AND NOT EXISTS (SELECT FROM sample s WHERE s.outfall_id = o.id))
UNION ALL
SELECT 13, 'outfalls closed out or retained in the last state change with a blocking finding that was there already',
       -- the close-out check refused those; what stands now appeared later (a sample, a deadline)
       (SELECT count(*) FROM outfall o, outfall.check(o) c
         WHERE o.status IN ('closed', 'retained') AND c.severity = 'blocking'
           AND c.rule IN ('code_category', 'code_division', 'code_water_body', 'approval_missing',
                          'signboard_incomplete', 'responsible_party_missing'))
UNION ALL
SELECT 14, 'findings of the whole registry (findings()) that check() outfall by outfall does not give, or the reverse',
       (WITH whole AS MATERIALIZED (SELECT outfall_id, rule FROM findings()),
             one_by_one AS MATERIALIZED (SELECT o.id, c.rule FROM outfall o, outfall.check(o) c)
        SELECT count(*) FROM ((SELECT * FROM whole EXCEPT ALL SELECT * FROM one_by_one)
                              UNION ALL
                              (SELECT * FROM one_by_one EXCEPT ALL SELECT * FROM whole)) d)
UNION ALL
SELECT 15, 'zone memberships kept by the triggers (outfall_zone) that the geometries do not give, or the reverse',
       (WITH direct AS MATERIALIZED (SELECT o.id, z.id AS zone_id FROM outfall o JOIN zone z ON ST_Intersects(z.geom, o.geom)),
             kept AS MATERIALIZED (SELECT outfall_id, zone_id FROM outfall_zone)
        SELECT count(*) FROM ((SELECT * FROM direct EXCEPT SELECT * FROM kept)
                              UNION ALL
                              (SELECT * FROM kept EXCEPT SELECT * FROM direct)) d)
UNION ALL
SELECT 16, 'measures of the progress aggregate that plain counting over the registry does not give',
       (WITH agg AS (SELECT progress(o.status, p.action, survey_complete(o)) AS p
                       FROM outfall o LEFT JOIN plan p ON p.outfall_id = o.id),
             plain AS (SELECT count(*) AS total, count(*) FILTER (WHERE survey_complete(o)) AS surveyed,
                              count(*) FILTER (WHERE o.status >= 'traced') AS traced,
                              count(*) FILTER (WHERE o.status >= 'rectified') AS rectified,
                              count(*) FILTER (WHERE o.status >= 'rectified' AND p.action = 'ban') AS banned,
                              count(*) FILTER (WHERE o.status >= 'closed') AS closed
                         FROM outfall o LEFT JOIN plan p ON p.outfall_id = o.id)
        SELECT (((agg.p).total <> plain.total)::int + ((agg.p).surveyed <> plain.surveyed)::int
                + ((agg.p).reached_traced <> plain.traced)::int + ((agg.p).done <> plain.rectified)::int
                + ((agg.p).done_ban <> plain.banned)::int + ((agg.p).closed_out <> plain.closed)::int)::bigint
          FROM agg, plain)
UNION ALL
SELECT 17, 'outfalls whose state, plan, survey or place rebuilt from the ledger for now (outfalls_as_of) differ from the registry',
       (SELECT count(*)
          FROM (SELECT o.id, o.status, p.action, survey_complete(o) AS surveyed, o.division, o.water_body, o.category
                  FROM outfall o LEFT JOIN plan p ON p.outfall_id = o.id) live
          FULL JOIN outfalls_as_of(now()) a ON a.outfall_id = live.id
         WHERE (live.status, live.action, live.surveyed, live.division, live.water_body, live.category)
               IS DISTINCT FROM (a.status, a.plan_action, a.surveyed, a.division, a.water_body, a.category))
UNION ALL
SELECT 18, 'divisions of the roll-up (progress_by_division) whose total is not the sum of the divisions one level down',
       (SELECT count(*) FROM progress_by_division up
         WHERE up.level BETWEEN 1 AND 3
           AND EXISTS (SELECT FROM progress_by_division d WHERE d.level = up.level + 1)
           AND up.total <> (SELECT coalesce(sum(d.total), 0) FROM progress_by_division d
                             WHERE d.level = up.level + 1 AND d.code <@ up.code));

SELECT count(*) FILTER (WHERE broken > 0) > 0 AS registry_failed FROM registry_check \gset
\if :registry_failed
\echo '── Self-check FAILED: the generated registry breaks these rules ──'
SELECT n, what, broken FROM registry_check WHERE broken > 0 ORDER BY n;
DO $$ BEGIN RAISE EXCEPTION 'demo self-check failed: the registry'; END $$;
\else
SELECT count(*) AS n_checks FROM registry_check \gset
\echo 'Self-check: the registry keeps all' :n_checks 'rules (states match the ledger, codes unique, credit codes valid, ...).'
\endif
