-- outfall: a registry of river outfalls (入河排污口) for PostgreSQL.
-- Built from the SQL files under src/ at make time; see the Makefile.

\echo Use "CREATE EXTENSION outfall CASCADE" to load this file. \quit

CREATE FUNCTION @extschema@.build_info() RETURNS text
    AS 'MODULE_PATHNAME', 'outfall_build_info' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.build_info() IS
    'the PostgreSQL and ICU versions the outfall library was built for and runs with';

