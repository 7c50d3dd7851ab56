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
