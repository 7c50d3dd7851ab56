-- jurisdiction: which divisions each database role works in.  A role sees
-- and changes the registry rows of the divisions mapped to it and to every
-- role it has the privileges of (pg_has_role ... USAGE), and of the
-- divisions below them: a township role its township, a county role its
-- townships, a province role the province.  A role mapped nowhere sees no
-- outfall.  Superusers, roles with BYPASSRLS and the owner of the registry
-- tables are not limited (PostgreSQL's row-level security does not apply
-- to them).

CREATE TABLE @extschema@.jurisdiction (
    member   name NOT NULL,
    division @extschema@.division_code NOT NULL REFERENCES @extschema@.division ON UPDATE CASCADE,
    PRIMARY KEY (member, division)
);
COMMENT ON TABLE @extschema@.jurisdiction IS
    'the divisions each role works in (管辖范围): its rows and those of the roles it is a member of decide what it sees and changes';
COMMENT ON COLUMN @extschema@.jurisdiction.member IS 'a database role (login or group)';
COMMENT ON COLUMN @extschema@.jurisdiction.division IS 'a province, city, county or township; the role works in it and every division below';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.jurisdiction', '');

-- A mapping names a role that exists; a typo would silently give nobody the area.
CREATE FUNCTION @extschema@.jurisdiction_check() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) NEW.member) THEN
        RAISE EXCEPTION 'role "%" does not exist: it cannot be given the jurisdiction %', NEW.member, NEW.division
            USING ERRCODE = 'undefined_object',
                  HINT = 'Create the role first (CREATE ROLE ... IN ROLE outfall_reader), then map it.';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER jurisdiction_member_exists BEFORE INSERT OR UPDATE OF member ON @extschema@.jurisdiction
    FOR EACH ROW EXECUTE FUNCTION @extschema@.jurisdiction_check();

-- It reads the mapping as its owner (the policies call it for every role
-- that queries a registry table); the registry's roles may run it, so a
-- role given privileges on a registry table directly must also be a member
-- of outfall_reader.
CREATE FUNCTION @extschema@.divisions_of(role name) RETURNS @extschema@.division_code[]
    LANGUAGE sql STABLE STRICT PARALLEL SAFE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT coalesce(pg_catalog.array_agg(DISTINCT j.division), '{}')
      FROM @extschema@.jurisdiction j
      JOIN pg_catalog.pg_roles r ON r.rolname OPERATOR(pg_catalog.=) j.member
     WHERE pg_catalog.pg_has_role(divisions_of.role, r.oid, 'USAGE');
END;
COMMENT ON FUNCTION @extschema@.divisions_of(name) IS
    'the divisions a role works in: those mapped to it and to the roles whose privileges it has';

CREATE FUNCTION @extschema@.my_divisions() RETURNS @extschema@.division_code[]
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN @extschema@.divisions_of(CURRENT_USER);
COMMENT ON FUNCTION @extschema@.my_divisions() IS
    'the divisions the current role works in (outfall.jurisdiction); the row-level security policies read it once per query';

-- Roles the policies do not hold: superusers, BYPASSRLS roles, and members
-- of the role that owns the registry tables.
CREATE FUNCTION @extschema@.bypasses_jurisdiction(role name DEFAULT CURRENT_USER) RETURNS boolean
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT r.rolsuper OR r.rolbypassrls
           OR pg_catalog.pg_has_role(bypasses_jurisdiction.role,
                                     (SELECT c.relowner FROM pg_catalog.pg_class c
                                       WHERE c.oid OPERATOR(pg_catalog.=) '@extschema@.outfall'::pg_catalog.regclass::pg_catalog.oid),
                                     'MEMBER')
      FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) bypasses_jurisdiction.role;
END;
COMMENT ON FUNCTION @extschema@.bypasses_jurisdiction(name) IS
    'whether a role (default the current one) is outside the jurisdiction policies: a superuser, a BYPASSRLS role or the owner of the registry';

-- Whether a division lies in a role's area or above it (the county whose
-- codes a township's staff number), for the functions that act as the
-- owner on a caller's behalf.
CREATE FUNCTION @extschema@.role_reaches(role name, d @extschema@.division_code) RETURNS boolean
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT @extschema@.bypasses_jurisdiction(role_reaches.role)
           OR EXISTS (SELECT FROM pg_catalog.unnest(@extschema@.divisions_of(role_reaches.role)) a
                       WHERE role_reaches.d OPERATOR(@extschema@.<@) a OR role_reaches.d OPERATOR(@extschema@.@>) a);
END;
COMMENT ON FUNCTION @extschema@.role_reaches(name, @extschema@.division_code) IS
    'whether a division lies in a role''s jurisdiction or above it (always, for roles the policies do not hold)';

CREATE FUNCTION @extschema@.in_jurisdiction(@extschema@.division_code) RETURNS boolean
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    RETURN @extschema@.bypasses_jurisdiction() OR $1 OPERATOR(@extschema@.<@) ANY (@extschema@.my_divisions());
COMMENT ON FUNCTION @extschema@.in_jurisdiction(@extschema@.division_code) IS
    'whether a division lies in the current role''s jurisdiction (always, for roles the policies do not hold)';

-- The role a change is made by, as the ledger and the separation of duties
-- see it: the role the session acts as (SET ROLE), else the login role.
-- Unlike CURRENT_USER it stays the caller's inside SECURITY DEFINER
-- functions, such as the ledger's trigger.
CREATE FUNCTION @extschema@.acting_role() RETURNS name
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN CASE WHEN pg_catalog.current_setting('role') OPERATOR(pg_catalog.=) 'none'::pg_catalog.text THEN SESSION_USER
                ELSE pg_catalog.current_setting('role')::name END;
COMMENT ON FUNCTION @extschema@.acting_role() IS
    'the role changes are recorded under: the role set with SET ROLE, else the session''s login role';
