-- roles: the four group roles of the people who use the registry.  A login
-- role is made a member of one of them and mapped to its area in
-- outfall.jurisdiction (jurisdiction.sql).
--
--   outfall_reader    analysts: read everything in their jurisdiction
--   outfall_editor    survey and rectification staff: also write outfalls,
--                     tracing, samples, plans and the like in it
--   outfall_verifier  acceptance staff: record verifications (验收) and close
--                     out (销号); never for a step they recorded themselves
--   outfall_admin     catalogs, rules, targets, zones, divisions and the
--                     jurisdiction mapping
--   outfall_owner     owns the registry's tables and views and the functions
--                     that run as their owner (grants.sql); nobody logs in
--                     as it
--
-- Roles belong to the cluster, not to a database: they are created here only
-- when missing, several databases share them, and DROP EXTENSION leaves them
-- (pg_dumpall --globals-only carries them to another cluster).  They cannot
-- log in; what each may do is granted in grants.sql.
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN
        SELECT v.name::pg_catalog.name AS name, v.about FROM (VALUES
            ('outfall_reader', 'outfall registry: read everything in the jurisdiction (outfall.jurisdiction)'),
            ('outfall_editor', 'outfall registry: survey and rectification staff, write within the jurisdiction'),
            ('outfall_verifier', 'outfall registry: verification (验收) and close-out (销号) within the jurisdiction'),
            ('outfall_admin', 'outfall registry: catalogs, rules, targets, zones and the jurisdiction mapping'),
            ('outfall_owner', 'outfall registry: owns its tables and the functions that run as their owner; not a superuser')) v(name, about)
    LOOP
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) r.name) THEN
            EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN', r.name);
            EXECUTE pg_catalog.format('COMMENT ON ROLE %I IS %L', r.name, r.about);
        END IF;
    END LOOP;
    -- editors, verifiers and admins read what they work on
    FOR r IN SELECT pg_catalog.unnest('{outfall_editor,outfall_verifier,outfall_admin}'::pg_catalog.name[]) AS name LOOP
        IF NOT pg_catalog.pg_has_role(r.name, 'outfall_reader', 'MEMBER') THEN
            EXECUTE pg_catalog.format('GRANT outfall_reader TO %I', r.name);
        END IF;
    END LOOP;
END;
$$;
