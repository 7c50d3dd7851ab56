-- demo/security.sql: the generated county as its staff see it.  One role
-- per township (an editor) and one for the county (a reader) are mapped in
-- outfall.jurisdiction; each then counts the registry, its progress and its
-- ledger under row-level security.  The townships add up to the county, and
-- the county to the superuser's registry: no row is seen twice or by a role
-- outside its area.
--
-- Run after test/generate/generate.sh, from demo/ (psql -v demo_county=...).
\set ON_ERROR_STOP 1
SET search_path = outfall, public;
SET client_min_messages = warning;
\if :{?demo_county}
\else
\set demo_county 500114
\endif

\echo
\echo '== Who sees what: a reader for the county, an editor for each township (管辖范围) =='
SELECT set_config('demo.county', :'demo_county', false) IS NOT NULL AS set \gset
DELETE FROM outfall.jurisdiction WHERE member LIKE 'demo\_%';
DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT DISTINCT o.division FROM outfall.outfall o
              WHERE outfall.county(o.division)::text = current_setting('demo.county') LOOP
        EXECUTE format('DROP ROLE IF EXISTS %I', 'demo_' || t.division);
        EXECUTE format('CREATE ROLE %I IN ROLE outfall_editor', 'demo_' || t.division);
        INSERT INTO outfall.jurisdiction VALUES ('demo_' || t.division, t.division);
    END LOOP;
    EXECUTE format('DROP ROLE IF EXISTS %I', 'demo_' || current_setting('demo.county'));
    EXECUTE format('CREATE ROLE %I IN ROLE outfall_reader', 'demo_' || current_setting('demo.county'));
    INSERT INTO outfall.jurisdiction VALUES ('demo_' || current_setting('demo.county'),
                                             current_setting('demo.county'));
END;
$$;

-- what each role counts, gathered as that role
CREATE TEMP TABLE seen (role name, area text, outfalls bigint, rectified_pct numeric,
                        ledger_events bigint, other_areas bigint);
GRANT INSERT ON seen TO outfall_reader;
DO $$
DECLARE
    j record;
BEGIN
    FOR j IN SELECT member, division FROM outfall.jurisdiction WHERE member LIKE 'demo\_%' ORDER BY division LOOP
        EXECUTE format('SET LOCAL ROLE %I', j.member);
        INSERT INTO pg_temp.seen
        SELECT j.member, outfall.division_full_name(j.division),
               (SELECT count(*) FROM outfall.outfall),
               (SELECT round(percentage(p, 'rectified')::numeric, 1) FROM (SELECT outfall.progress(o.status, pl.action) p
                                                     FROM outfall.outfall o
                                                     LEFT JOIN outfall.plan pl ON pl.outfall_id = o.id) s),
               (SELECT count(*) FROM outfall.ledger WHERE outfall_id IS NOT NULL),
               (SELECT count(*) FROM outfall.outfall o WHERE NOT o.division OPERATOR(outfall.<@) j.division);
        RESET ROLE;
    END LOOP;
END;
$$;
SELECT role, area AS "area (管辖范围)", outfalls, rectified_pct AS "rectified %", ledger_events, other_areas
  FROM seen ORDER BY length(role), role;

DO $$
DECLARE
    county_sees bigint := (SELECT outfalls FROM pg_temp.seen WHERE role = 'demo_' || current_setting('demo.county'));
    townships_see bigint := (SELECT sum(outfalls) FROM pg_temp.seen WHERE role <> 'demo_' || current_setting('demo.county'));
    registry bigint := (SELECT count(*) FROM outfall.outfall
                         WHERE outfall.county(division)::text = current_setting('demo.county'));
BEGIN
    IF county_sees <> registry OR townships_see <> registry
       OR (SELECT sum(other_areas) FROM pg_temp.seen) <> 0 THEN
        RAISE EXCEPTION 'jurisdictions do not add up: county sees %, townships % in all, registry has %',
            county_sees, townships_see, registry;
    END IF;
END;
$$;
SELECT format('the %s townships see %s outfalls in all, the county %s, the registry %s: none twice, none outside its area',
              count(*) - 1, sum(outfalls) FILTER (WHERE role <> 'demo_' || :'demo_county'),
              sum(outfalls) FILTER (WHERE role = 'demo_' || :'demo_county'),
              (SELECT count(*) FROM outfall.outfall WHERE outfall.county(division)::text = :'demo_county')) AS "check"
  FROM seen;

DROP TABLE seen;
DO $$
DECLARE
    m name;
BEGIN
    FOR m IN DELETE FROM outfall.jurisdiction WHERE member LIKE 'demo\_%' RETURNING member LOOP
        EXECUTE format('DROP ROLE %I', m);
    END LOOP;
END;
$$;
