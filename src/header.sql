-- outfall: a registry of river outfalls (入河排污口) for PostgreSQL.
-- Built from the SQL files under src/ at make time; see the Makefile.

\echo Use "CREATE EXTENSION outfall CASCADE" to load this file. \quit

-- Before anything is created: nothing a user made beforehand may stand in
-- for what this script and the extension's functions use.  The schema must
-- be the one CREATE EXTENSION just made (a schema "outfall" someone created
-- earlier, with objects planted in it, is refused), and in the schemas of
-- the extensions outfall requires (PostGIS and pg_trgm, searched by its
-- functions) no role but a superuser or the database owner may own or
-- create functions and operators.  Everything here is schema-qualified.
DO $guard$
DECLARE
    ns pg_catalog.oid := '@extschema@'::pg_catalog.regnamespace::pg_catalog.oid;
    trusted pg_catalog.oid[] := ARRAY(
        SELECT r.oid FROM pg_catalog.pg_roles r
         WHERE r.rolsuper
            OR r.oid OPERATOR(pg_catalog.=) (SELECT d.datdba FROM pg_catalog.pg_database d
                                               WHERE d.datname OPERATOR(pg_catalog.=) pg_catalog.current_database())
            OR r.rolname OPERATOR(pg_catalog.=) 'pg_database_owner'::pg_catalog.name);
    culprit pg_catalog.text;
BEGIN
    IF NOT (SELECT n.nspowner OPERATOR(pg_catalog.=) ANY (trusted) FROM pg_catalog.pg_namespace n
             WHERE n.oid OPERATOR(pg_catalog.=) ns)
       OR EXISTS (SELECT FROM pg_catalog.pg_class c WHERE c.relnamespace OPERATOR(pg_catalog.=) ns)
       OR EXISTS (SELECT FROM pg_catalog.pg_proc p WHERE p.pronamespace OPERATOR(pg_catalog.=) ns)
       OR EXISTS (SELECT FROM pg_catalog.pg_type t WHERE t.typnamespace OPERATOR(pg_catalog.=) ns)
       OR EXISTS (SELECT FROM pg_catalog.pg_operator o WHERE o.oprnamespace OPERATOR(pg_catalog.=) ns) THEN
        RAISE EXCEPTION 'schema "%" existed before CREATE EXTENSION outfall, owned by another role or holding objects',
                '@extschema@'
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'Drop or rename that schema (after checking what is in it), then create the extension again.';
    END IF;
    SELECT pg_catalog.format('%s %s.%s (owned by %s)', what, n.nspname, name, r.rolname) INTO culprit
      FROM (SELECT 'function' AS what, p.proname::pg_catalog.text AS name, p.pronamespace AS nsp, p.proowner AS owner
              FROM pg_catalog.pg_proc p
            UNION ALL
            SELECT 'operator', o.oprname::pg_catalog.text, o.oprnamespace, o.oprowner FROM pg_catalog.pg_operator o) x
      JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) x.nsp
      JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) x.owner
     WHERE x.nsp OPERATOR(pg_catalog.=) ANY (ARRAY(
               SELECT e.extnamespace FROM pg_catalog.pg_extension e
                WHERE e.extname OPERATOR(pg_catalog.=) ANY ('{postgis,pg_trgm}'::pg_catalog.name[])))
       AND NOT x.owner OPERATOR(pg_catalog.=) ANY (trusted)
     ORDER BY 1 LIMIT 1;
    IF culprit IS NOT NULL THEN
        RAISE EXCEPTION 'the % is in a schema outfall''s functions search, and its owner is neither a superuser nor the database owner',
                culprit
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'It could stand in for a function outfall calls. Move or drop it, then create the extension again.';
    END IF;
    SELECT pg_catalog.format('role %s may create objects in schema %s', r.rolname, n.nspname) INTO culprit
      FROM pg_catalog.pg_namespace n, pg_catalog.pg_roles r
     WHERE n.oid OPERATOR(pg_catalog.=) ANY (ARRAY(
               SELECT e.extnamespace FROM pg_catalog.pg_extension e
                WHERE e.extname OPERATOR(pg_catalog.=) ANY ('{postgis,pg_trgm}'::pg_catalog.name[])))
       AND NOT r.oid OPERATOR(pg_catalog.=) ANY (trusted)
       AND pg_catalog.has_schema_privilege(r.oid, n.oid, 'CREATE')
     ORDER BY 1 LIMIT 1;
    IF culprit IS NOT NULL THEN
        RAISE EXCEPTION '% (searched by outfall''s functions); only superusers and the database owner may',
                culprit
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'REVOKE CREATE ON SCHEMA ... FROM that role (or PUBLIC), as PostgreSQL 15 ships schema public.';
    END IF;
END;
$guard$;

CREATE FUNCTION @extschema@.build_info() RETURNS text
    AS 'MODULE_PATHNAME', 'outfall_build_info' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.build_info() IS
    'the PostgreSQL and ICU versions the outfall library was built for and runs with';

