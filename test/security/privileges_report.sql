-- privileges.sh, step 5: every outcome against what the design says.
--   reads: what the oracle read from the registry cut down to the role's
--     jurisdiction (nothing at all for a role in no registry group, but the
--     public division list); more rows, or other rows, is a leak, fewer or
--     an error a wrongful refusal (other content in as many rows is a
--     wrongful refusal when the role sees fewer outfalls than it should);
--   writes and calls: allowed when grants.sql grants the role's kind the
--     operation and the policy's rule holds for the target; a write allowed
--     must go through (one that cannot, a duplicate, must meet the error
--     of a role that sees the other row), one refused must fail — with
--     permission denied (42501) where the kind has no grant, and by the
--     policy (42501, or no row touched) where it is outside the
--     jurisdiction — anything else getting past the check is a leak.
-- The superuser's outcomes show that each write the design allows to
-- someone can be made at all (else the case is broken, and so the test).
SET search_path = outfall, public;
\pset footer off
ANALYZE priv.result, priv.oracle;

-- whether each role reads fewer outfalls than the oracle: a read that
-- differs in its content only (a total, a state) then counts as a wrongful
-- refusal, else as a leak
CREATE TEMP TABLE sees_less AS
SELECT res.role_ord, res.sqlstate <> '00000' OR res.nrows < o.nrows AS sees_less
  FROM priv.case_ c
  JOIN priv.result res ON res.case_id = c.id
  JOIN priv.role_ r ON r.ord = res.role_ord
  JOIN priv.oracle o ON o.case_id = c.id AND o.level = r.level
 WHERE c.object = 'outfall' AND c.how = 'read';

CREATE TEMP TABLE verdict AS
SELECT c.id, c.object, c.op, c.target, c.how, r.ord, r.role, r.kind, r.level, res.sqlstate, res.nrows,
       res.message, v.expected, v.verdict
  FROM priv.case_ c
  JOIN priv.result res ON res.case_id = c.id
  JOIN priv.role_ r ON r.ord = res.role_ord AND r.role IS NOT NULL
  JOIN priv.level l ON l.level = r.level
  LEFT JOIN priv.target t ON t.target = c.target
  LEFT JOIN priv.target src ON src.target = c.source
  LEFT JOIN priv.oracle o ON o.case_id = c.id AND o.level = r.level
  LEFT JOIN sees_less d ON d.role_ord = r.ord
 CROSS JOIN LATERAL (
        SELECT CASE
                 WHEN c.how <> 'read' THEN NULL
                 WHEN c.readable = 'nobody' OR r.kind = 'norole' AND c.readable <> 'public' THEN 'refused'
                 WHEN o.sqlstate = '00000' THEN format('%s rows', o.nrows)
                 ELSE 'error ' || o.sqlstate END AS read_expected,
               r.kind = ANY (c.allowed) AS granted,
               CASE c.jur
                 WHEN 'any' THEN true
                 WHEN 'target' THEN priv.in_j(t.division, l.divisions)
                 WHEN 'party_write' THEN t.division IS NULL OR priv.in_j(t.division, l.divisions)
                                         OR priv.above_j(t.division, l.divisions)
                 WHEN 'party_delete' THEN priv.in_j(t.division, l.divisions)
                 WHEN 'province' THEN EXISTS (SELECT FROM unnest(l.divisions) d WHERE length(d) = 2)
                 WHEN 'code' THEN priv.in_j(t.division, l.divisions) OR priv.above_j(t.division, l.divisions)
                 WHEN 'move' THEN priv.in_j(src.division, l.divisions) AND priv.in_j(t.division, l.divisions)
                 WHEN 'party_move' THEN (priv.in_j(src.division, l.divisions) OR priv.above_j(src.division, l.divisions))
                                        AND (t.division IS NULL OR priv.in_j(t.division, l.divisions)
                                             OR priv.above_j(t.division, l.divisions))
                 WHEN 'source' THEN priv.in_j(src.division, l.divisions)
                 WHEN 'hand_code' THEN priv.in_j(src.division, l.divisions)
                                       AND (priv.in_j(left(t.division, 6), l.divisions)
                                            OR priv.above_j(left(t.division, 6), l.divisions))
                 WHEN 'both' THEN priv.in_j(src.division, l.divisions) AND priv.in_j(t.division, l.divisions)
               END AS in_area,
               res.sqlstate = '00000' AND CASE c.how WHEN 'dml' THEN res.nrows >= 1 ELSE res.value IS NOT NULL END AS done
       ) x
 CROSS JOIN LATERAL (
        SELECT CASE WHEN c.how = 'read' THEN x.read_expected
                    WHEN x.granted AND x.in_area THEN 'allowed' || coalesce(', ends in ' || c.allowed_state, '')
                    WHEN NOT x.granted THEN 'refused: no grant'
                    ELSE 'refused: outside' END AS expected,
               CASE
                 WHEN c.how = 'read' THEN
                   CASE WHEN x.read_expected = 'refused' OR o.sqlstate <> '00000' THEN
                             CASE WHEN res.sqlstate <> '00000' THEN 'ok' ELSE 'leak' END
                        WHEN res.sqlstate <> '00000' THEN 'wrongful refusal'
                        WHEN res.digest = o.digest THEN 'ok'
                        WHEN res.nrows < o.nrows THEN 'wrongful refusal'
                        WHEN res.nrows = o.nrows AND d.sees_less THEN 'wrongful refusal'
                        ELSE 'leak' END
                 WHEN x.granted AND x.in_area AND c.allowed_state IS NOT NULL THEN
                   CASE WHEN res.sqlstate = c.allowed_state THEN 'ok' WHEN x.done THEN 'leak' ELSE 'wrongful refusal' END
                 WHEN x.granted AND x.in_area THEN CASE WHEN x.done THEN 'ok' ELSE 'wrongful refusal' END
                 WHEN x.done THEN 'leak'
                 WHEN c.how = 'call' THEN 'ok'
                 WHEN NOT x.granted THEN CASE WHEN res.sqlstate = '42501' THEN 'ok' ELSE 'leak' END
                 ELSE CASE WHEN res.sqlstate = '42501' OR res.sqlstate = '00000' AND res.nrows = 0 THEN 'ok' ELSE 'leak' END
               END AS verdict
       ) v;

-- writes the design allows someone that the superuser cannot make: the
-- fixture is wrong, and the case proves nothing
CREATE TEMP TABLE broken AS
SELECT c.id, c.object, c.op, c.target, res.sqlstate, res.message
  FROM priv.case_ c JOIN priv.result res ON res.case_id = c.id AND res.role_ord = 0
 WHERE c.how <> 'read'
   AND EXISTS (SELECT FROM verdict v WHERE v.id = c.id AND v.expected LIKE 'allowed%')
   AND NOT CASE WHEN c.allowed_state IS NOT NULL THEN res.sqlstate = c.allowed_state
                ELSE res.sqlstate = '00000' AND CASE c.how WHEN 'dml' THEN res.nrows >= 1 ELSE res.value IS NOT NULL END END;

\echo the jurisdictions, and what the oracle lets each read of the registry
SELECT l.level, array_to_string(l.divisions, ', ') AS divisions,
       (SELECT o.nrows FROM priv.oracle o JOIN priv.case_ c ON c.id = o.case_id
         WHERE o.level = l.level AND c.object = 'outfall' AND c.how = 'read') AS outfalls,
       (SELECT o.nrows FROM priv.oracle o JOIN priv.case_ c ON c.id = o.case_id
         WHERE o.level = l.level AND c.object = 'ledger' AND c.how = 'read') AS ledger_events,
       (SELECT o.nrows FROM priv.oracle o JOIN priv.case_ c ON c.id = o.case_id
         WHERE o.level = l.level AND c.object = 'sample' AND c.how = 'read') AS samples
  FROM priv.level l ORDER BY l.ord;

\echo what was tried, by operation
SELECT CASE how WHEN 'read' THEN 'select' ELSE op END AS operation,
       count(DISTINCT id) AS attempts, count(*) AS cases,
       count(*) FILTER (WHERE expected = 'allowed' OR how = 'read' AND expected NOT IN ('refused') AND expected NOT LIKE 'error%') AS allowed,
       count(*) FILTER (WHERE verdict = 'leak') AS leaks,
       count(*) FILTER (WHERE verdict = 'wrongful refusal') AS wrongful
  FROM verdict GROUP BY 1 ORDER BY 1;

\echo leaks and wrongful refusals (at most 60)
SELECT verdict, kind, level, object, op, target, expected,
       sqlstate || coalesce(' ' || nrows || ' rows', '') || coalesce(': ' || left(message, 120), '') AS got
  FROM verdict WHERE verdict <> 'ok'
 ORDER BY verdict, object, op, target, kind, level LIMIT 60;

\echo broken cases (a write the design allows that the superuser cannot make)
SELECT * FROM broken ORDER BY id;

SELECT count(*) AS cases,
       (SELECT count(*) FROM priv.level) AS levels,
       (SELECT count(DISTINCT kind) FROM priv.role_ WHERE role IS NOT NULL) AS kinds,
       (SELECT count(*) FROM priv.case_) AS attempts,
       (SELECT count(DISTINCT object) FROM priv.case_) AS objects,
       count(*) FILTER (WHERE verdict = 'leak') AS leaks,
       count(*) FILTER (WHERE verdict = 'wrongful refusal') AS wrongful,
       (SELECT count(*) FROM broken) AS broken,
       -- the self-test's: leaks of outfall.plan itself, whatever else leaks
       count(*) FILTER (WHERE verdict = 'leak' AND object = 'plan') AS plan_leaks
  FROM verdict \gset
\echo :cases :kinds :levels :attempts :objects :leaks :wrongful :broken :plan_leaks
