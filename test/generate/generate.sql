-- test/generate/generate.sql: the generator, as generate.sh runs it.
-- psql variables: scale, seed, scope, until, keep and quiet (on/off).
\set ON_ERROR_STOP on
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS outfall CASCADE;
-- the operators of the extension's types (= on division_code, ...) and
-- PostGIS; set after CREATE EXTENSION, which would otherwise put PostGIS in
-- schema outfall (CASCADE installs into the first schema of the path)
SELECT format('SET search_path = outfall, %I', e.extnamespace::regnamespace) AS set_path
  FROM pg_extension e WHERE e.extname = 'postgis' \gset
:set_path;
-- the queries are many and short; compiling them costs more than it saves
SET jit = off;
CREATE FUNCTION pg_temp.refuse(msg text) RETURNS void LANGUAGE plpgsql
    AS $$ BEGIN RAISE EXCEPTION 'generate: %', msg USING ERRCODE = 'invalid_parameter_value'; END $$;

-- refuse what the generator cannot do
SELECT (SELECT count(*) FROM outfall.outfall) + (SELECT count(*) FROM outfall.party)
       + (SELECT count(*) FROM outfall.water_body) > 0 AS not_empty,
       :'until' !~ '^\d{4}-\d{2}-\d{2}$' AS bad_until,
       current_setting('server_encoding') <> 'UTF8' AS not_utf8 \gset
\if :not_utf8
SELECT pg_temp.refuse('the database encoding must be UTF8: the registry is written in Chinese');
\endif
\if :not_empty
SELECT pg_temp.refuse('the registry is not empty (outfall.outfall, outfall.party or outfall.water_body has rows); use a new database');
\endif
\if :bad_until
SELECT pg_temp.refuse('--until takes a date, YYYY-MM-DD');
\endif
SELECT date_trunc('month', :'until'::date) >= date_trunc('month', now()) AS future,
       :'until'::date < date '2021-06-01' AS too_early,
       :'scope' <> '' AND NOT outfall.division_exists(nullif(:'scope', '')::outfall.division_code) AS no_scope \gset
\if :future
SELECT pg_temp.refuse('--until must be a month before the current one (every event must be in the past)');
\endif
\if :too_early
SELECT pg_temp.refuse('--until must be June 2021 or later');
\endif
\if :no_scope
SELECT pg_temp.refuse(format('no division %s in outfall.division', :'scope'));
\endif

DROP SCHEMA IF EXISTS outfall_gen CASCADE;
CREATE SCHEMA outfall_gen;
SELECT clock_timestamp() AS t_start \gset

\ir atlas.sql
\ir prepare.sql
SELECT count(*) = 0 AS no_county FROM outfall_gen.county \gset
\if :no_county
SELECT pg_temp.refuse(format('no county with townships in %s', :'scope'));
\endif
SELECT round(extract(epoch FROM clock_timestamp() - :'t_start'::timestamptz)::numeric, 1) AS t_prepare \gset

\ir drive.sql
\if :quiet
\else
SET client_min_messages = notice;
\endif
CALL outfall_gen.drive();
SET client_min_messages = warning;
-- the operators of the extension's types (= on division_code, ...) and PostGIS
SET search_path = outfall, public;
-- the queries are many and short; compiling them costs more than it saves
SET jit = off;

ANALYZE outfall.outfall, outfall.party, outfall.water_body, outfall.tracing, outfall.source,
        outfall.sample, outfall.sample_indicator, outfall.plan, outfall.approval,
        outfall.signboard, outfall.verification, outfall.code_counter, outfall.ledger;

SELECT format('generated %s outfalls in %s count%s of %s: %s water bodies, %s parties, %s samples, '
              '%s ledger events, %s to %s, seed %s (prepare %s s, total %s s)',
              (SELECT count(*) FROM outfall.outfall),
              count(*), CASE WHEN count(*) = 1 THEN 'y' ELSE 'ies' END,
              CASE WHEN count(DISTINCT province) = 1
                   THEN (SELECT string_agg(outfall.division_full_name(county), '、' ORDER BY county)
                           FROM (SELECT county FROM outfall_gen.county ORDER BY county LIMIT 3) c)
                        || CASE WHEN count(*) > 3 THEN ' …' ELSE '' END
                   ELSE count(DISTINCT province) || ' provinces' END,
              (SELECT count(*) FROM outfall.water_body), (SELECT count(*) FROM outfall.party),
              (SELECT count(*) FROM outfall.sample), (SELECT count(*) FROM outfall.ledger),
              '2021-01', to_char(:'until'::date, 'YYYY-MM'), :'seed', :'t_prepare',
              round(extract(epoch FROM clock_timestamp() - :'t_start'::timestamptz)::numeric, 1)) AS summary
  FROM outfall_gen.county \gset

\if :keep
\else
DROP SCHEMA outfall_gen CASCADE;
\endif
\echo :summary
