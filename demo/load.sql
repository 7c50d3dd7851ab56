-- demo/load.sql: import sample_codes.csv.  Run from demo/ (the \copy paths
-- are relative to psql's working directory).
SET search_path = outfall, public;

\copy demo.water_body (code, name) FROM 'sample_water_bodies.csv' WITH (FORMAT csv, HEADER)
\copy demo.import_raw (batch, kind, raw, expect) FROM 'sample_codes.csv' WITH (FORMAT csv, HEADER)

-- 1. cast every row to its type; a refusal is kept with its message.  An
--    empty cell arrives as NULL and is cast as '' so that it is refused too.
INSERT INTO demo.import_result (line, batch, kind, raw, canonical, tag, reason,
                                sqlstate, message, detail)
SELECT r.line, r.batch, r.kind, r.raw, c.canonical,
       k.tag, k.reason, c.err_sqlstate, c.err_message, c.err_detail
  FROM demo.import_raw r
 CROSS JOIN LATERAL demo.try_cast(coalesce(r.raw, ''),
                                  CASE r.kind
                                      WHEN 'outfall' THEN 'outfall.outfall_code'
                                      WHEN 'division' THEN 'outfall.division_code'
                                      WHEN 'uscc' THEN 'outfall.uscc'
                                  END::regtype) c
 CROSS JOIN LATERAL demo.classify(c.err_sqlstate, c.err_message, c.err_detail) k;

-- 2. the registry's own rules for well-formed codes.  The types check the
--    form; whether a division exists is a question for outfall.division.
UPDATE demo.import_result r
   SET tag = 'unknown_division', reason = 'unknown division',
       message = format('division %s is not in outfall.division',
                        CASE r.kind WHEN 'outfall' THEN division(r.canonical::outfall_code)::text
                                    ELSE r.canonical END)
 WHERE r.tag = 'ok'
   AND r.kind IN ('outfall', 'division')
   AND NOT division_exists(CASE r.kind WHEN 'outfall' THEN division(r.canonical::outfall_code)
                                       ELSE r.canonical::division_code END);

-- HJ 1235 puts a county code in an outfall code; a zero-padded 450200 is
-- well formed but names the city.
UPDATE demo.import_result r
   SET tag = 'not_county', reason = 'division not a county',
       message = format('division %s (%s) is a %s, not a county', d,
                        division_full_name(d), level_name(d))
  FROM (SELECT line, division(canonical::outfall_code) AS d
          FROM demo.import_result WHERE kind = 'outfall' AND tag = 'ok') x
 WHERE r.line = x.line AND level(x.d) <> 3;

UPDATE demo.import_result r
   SET tag = 'unknown_water', reason = 'unknown water body',
       message = format('water body code %s is not in demo.water_body',
                        water_code(r.canonical::outfall_code))
 WHERE r.kind = 'outfall' AND r.tag = 'ok'
   AND NOT EXISTS (SELECT FROM demo.water_body w
                    WHERE w.code = water_code(r.canonical::outfall_code));

-- the same outfall sent twice (typed differently, so only the canonical
-- form shows it): the first row wins
UPDATE demo.import_result r
   SET tag = 'duplicate', reason = 'duplicate code',
       message = format('%s is already on line %s', r.canonical, x.first_line)
  FROM (SELECT line, first_value(line) OVER w AS first_line, row_number() OVER w AS n
          FROM demo.import_result
         WHERE kind = 'outfall' AND tag = 'ok'
        WINDOW w AS (PARTITION BY canonical::outfall_code ORDER BY line)) x
 WHERE r.line = x.line AND x.n > 1;

-- 3. the accepted rows, typed
INSERT INTO demo.outfall (code, line, batch)
SELECT canonical::outfall_code, line, batch
  FROM demo.import_result WHERE kind = 'outfall' AND tag = 'ok';
INSERT INTO demo.division_in (line, code)
SELECT line, canonical::division_code
  FROM demo.import_result WHERE kind = 'division' AND tag = 'ok';
INSERT INTO demo.party (line, code)
SELECT line, canonical::uscc
  FROM demo.import_result WHERE kind = 'uscc' AND tag = 'ok';

ANALYZE demo.import_result, demo.outfall, demo.division_in, demo.party;
