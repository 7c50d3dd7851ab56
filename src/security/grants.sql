-- What each role may do (the policies in policies.sql say where).
--
--   reader    SELECT on the registry, the catalogs and the reports
--   editor    + INSERT, UPDATE, DELETE on the registry's own records
--   verifier  + verifications, and the status of outfalls (close-out)
--   admin     + the catalogs, rules, targets, zones, divisions and the
--              jurisdiction mapping
--
-- Snapshots are the registry's record of a period: the owner takes them (a
-- scheduled job); every role reads those of its area.
--
-- Nobody but the owner writes the ledger or the code counters: the ledger
-- trigger and code allocation run as the owner (SECURITY DEFINER, with a
-- fixed search_path and schema-qualified names, so that nothing a user
-- creates can stand in for what they call).


-- Code allocation takes numbers from the counters as the owner, for the
-- caller's jurisdiction only.
CREATE OR REPLACE FUNCTION @extschema@.next_code(water text, division @extschema@.division_code, type_letters text)
    RETURNS @extschema@.outfall_code
    LANGUAGE plpgsql VOLATILE STRICT SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    prefix @extschema@.outfall_code :=
        @extschema@.outfall_code(water, @extschema@.code_division(division), type_letters, 1);
    caller name := @extschema@.acting_role();
    seq integer;
BEGIN
    -- the code carries one county: a province or a city (which has many) gives none
    IF @extschema@.level(division) < 3 THEN
        RAISE EXCEPTION 'cannot number outfall codes under % %: it is a %, not a county or a township',
                division, coalesce(@extschema@.division_full_name(division), ''), @extschema@.level_name(division)
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The division segment of an outfall code is the county (6 digits, GB/T 2260) of the outfall''s township.';
    END IF;
    IF NOT @extschema@.role_reaches(caller, division) THEN
        RAISE EXCEPTION 'role "%" cannot number outfall codes under %: it is outside its jurisdiction', caller, division
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'outfall.jurisdiction lists the divisions each role works in.';
    END IF;
    IF NOT EXISTS (SELECT FROM @extschema@.category c WHERE c.type_letters = @extschema@.type_code(prefix)) THEN
        RAISE EXCEPTION 'unknown type letters "%" for an outfall code: no category carries them', @extschema@.type_code(prefix)
            USING ERRCODE = 'foreign_key_violation',
                  HINT = 'The letters are those of outfall.category.type_letters.';
    END IF;
    INSERT INTO @extschema@.code_counter AS c
    VALUES (@extschema@.water_code(prefix), @extschema@.division(prefix), @extschema@.type_code(prefix), 1)
    ON CONFLICT ON CONSTRAINT code_counter_pkey DO UPDATE SET last_seq = c.last_seq + 1
     WHERE c.last_seq < 9999
    RETURNING c.last_seq INTO seq;
    IF seq IS NULL THEN
        RAISE EXCEPTION 'no outfall code left under prefix %-%-%: all 9999 sequence numbers (顺序号) are used',
                @extschema@.water_code(prefix), @extschema@.division(prefix), @extschema@.type_code(prefix)
            USING ERRCODE = 'sequence_generator_limit_exceeded',
                  HINT = 'HJ 1235 gives a prefix four digits; check outfall.code_counter for a runaway import.';
    END IF;
    RETURN @extschema@.outfall_code(water, @extschema@.code_division(division), type_letters, seq);
END;
$$;

-- A code written by hand raises its counter: only under a county of the
-- writer's jurisdiction, or one township could use up another county's
-- numbers with a single code ending in 9999.
CREATE OR REPLACE FUNCTION @extschema@.code_counter_raise() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    caller name := @extschema@.acting_role();
    county @extschema@.division_code := @extschema@.division(NEW.code);
BEGIN
    IF NOT @extschema@.role_reaches(caller, county) THEN
        RAISE EXCEPTION 'outfall code "%" numbers under %, outside the jurisdiction of role "%"', NEW.code, county, caller
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'The county segment of a code is the county of the outfall''s township; outfall.jurisdiction lists where each role works.';
    END IF;
    INSERT INTO @extschema@.code_counter AS c
    VALUES (@extschema@.water_code(NEW.code), county, @extschema@.type_code(NEW.code), @extschema@.seq(NEW.code))
    ON CONFLICT ON CONSTRAINT code_counter_pkey DO UPDATE SET last_seq = excluded.last_seq
     WHERE c.last_seq < excluded.last_seq;
    RETURN NEW;
END;
$$;

-- A survey id is unique across the registry, and registering is idempotent
-- on it; one registered outside the caller's area is invisible to the
-- caller, so register() would find nothing and insert nothing.  Say so
-- instead (the existence of the id is all that is told).
CREATE FUNCTION @extschema@.survey_id_elsewhere() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    caller name := @extschema@.acting_role();
    there @extschema@.division_code;
BEGIN
    SELECT o.division INTO there FROM @extschema@.outfall o
     WHERE o.survey_id = NEW.survey_id AND o.id IS DISTINCT FROM NEW.id;
    IF FOUND AND NOT (@extschema@.bypasses_jurisdiction(caller)
                      OR there OPERATOR(@extschema@.<@) ANY (@extschema@.divisions_of(caller))) THEN
        RAISE EXCEPTION 'survey id "%" is already registered outside the jurisdiction of role "%"', NEW.survey_id, caller
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'Survey ids are unique across the registry; ask the staff of the area it was registered in, or the province.';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER outfall_survey_id_elsewhere BEFORE INSERT OR UPDATE OF survey_id ON @extschema@.outfall
    FOR EACH ROW WHEN (NEW.survey_id IS NOT NULL) EXECUTE FUNCTION @extschema@.survey_id_elsewhere();

-- A plan may merge an outfall into one of another area (the county's
-- treatment plant in the next township): the target is found by its code
-- and its activity read across areas.  Only the id and whether it is
-- active are told.
CREATE FUNCTION @extschema@.outfall_id(@extschema@.outfall_code) RETURNS bigint
    LANGUAGE sql STABLE STRICT PARALLEL SAFE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT o.id FROM @extschema@.outfall o WHERE o.code OPERATOR(@extschema@.=) $1;
END;
COMMENT ON FUNCTION @extschema@.outfall_id(@extschema@.outfall_code) IS
    'the row id of the outfall with a code, in any area (merge targets may lie in another); NULL if there is none';
ALTER FUNCTION @extschema@.is_active(bigint) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

-- The registry belongs to outfall_owner, a role that is not a superuser:
-- its tables and views, and the functions that run as their owner, so
-- that whatever those functions do is bounded by that role's rights, not
-- a superuser's.  (Creating the extension still needs a superuser: its C
-- functions must be created by one, and PostgreSQL makes the installing
-- superuser the extension's owner.)
GRANT USAGE ON SCHEMA @extschema@ TO outfall_owner;
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN
        SELECT pg_catalog.format('ALTER %s %s OWNER TO %s',
                                 CASE WHEN c.relkind OPERATOR(pg_catalog.=) 'v'::pg_catalog."char" THEN 'VIEW' ELSE 'TABLE' END,
                                 c.oid::pg_catalog.regclass, 'outfall_owner') AS stmt
          FROM pg_catalog.pg_class c
          JOIN pg_catalog.pg_depend d
            ON d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass::pg_catalog.oid
               AND d.objid OPERATOR(pg_catalog.=) c.oid AND d.deptype OPERATOR(pg_catalog.=) 'e'::pg_catalog."char"
               AND d.refobjid OPERATOR(pg_catalog.=) (SELECT e.oid FROM pg_catalog.pg_extension e
                                                       WHERE e.extname OPERATOR(pg_catalog.=) 'outfall'::pg_catalog.name)
         WHERE c.relkind OPERATOR(pg_catalog.=) ANY ('{r,v}'::pg_catalog."char"[])
        UNION ALL
        SELECT pg_catalog.format('ALTER FUNCTION %s OWNER TO %s', p.oid::pg_catalog.regprocedure, 'outfall_owner')
          FROM pg_catalog.pg_proc p
          JOIN pg_catalog.pg_depend d
            ON d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass::pg_catalog.oid
               AND d.objid OPERATOR(pg_catalog.=) p.oid AND d.deptype OPERATOR(pg_catalog.=) 'e'::pg_catalog."char"
               AND d.refobjid OPERATOR(pg_catalog.=) (SELECT e.oid FROM pg_catalog.pg_extension e
                                                       WHERE e.extname OPERATOR(pg_catalog.=) 'outfall'::pg_catalog.name)
         WHERE p.prosecdef
    LOOP
        EXECUTE r.stmt;
    END LOOP;
END;
$$;

-- The grants come after the owner changed, so that the privileges the
-- extension records as its own (pg_init_privs) are those of outfall_owner:
-- pg_dump then writes nothing for them, and a restore does not name the
-- superuser who installed the extension.
GRANT USAGE ON SCHEMA @extschema@ TO outfall_reader;
-- (the import template keeps the grant 0.3 gave it; made again for the same reason)
GRANT SELECT ON @extschema@.survey_sheet TO PUBLIC;

DO $$
DECLARE
    t text;
BEGIN
    -- every table and view but the code counters and the import template
    FOR t IN
        SELECT c.relname FROM pg_catalog.pg_class c
          JOIN pg_catalog.pg_depend d
            ON d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass::pg_catalog.oid
               AND d.objid OPERATOR(pg_catalog.=) c.oid AND d.deptype OPERATOR(pg_catalog.=) 'e'::pg_catalog."char"
               AND d.refobjid OPERATOR(pg_catalog.=) (SELECT e.oid FROM pg_catalog.pg_extension e
                                                       WHERE e.extname OPERATOR(pg_catalog.=) 'outfall'::pg_catalog.name)
         WHERE c.relkind OPERATOR(pg_catalog.=) ANY ('{r,v}'::pg_catalog."char"[])
           AND NOT c.relname OPERATOR(pg_catalog.=) ANY ('{code_counter,survey_sheet}'::pg_catalog.name[])
         ORDER BY c.relname
    LOOP
        EXECUTE pg_catalog.format('GRANT SELECT ON @extschema@.%I TO outfall_reader', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['outfall', 'party', 'tracing', 'source', 'sample', 'sample_indicator',
                             'plan', 'approval', 'signboard', 'outfall_zone']
    LOOP
        EXECUTE pg_catalog.format('GRANT INSERT, UPDATE, DELETE ON @extschema@.%I TO outfall_editor', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['category', 'category_indicator', 'category_keyword', 'indicator',
                             'rule', 'rule_setting', 'config', 'water_body', 'division',
                             'zone', 'zone_part', 'outfall_zone', 'target', 'snapshot_kind',
                             'jurisdiction']
    LOOP
        EXECUTE pg_catalog.format('GRANT INSERT, UPDATE, DELETE ON @extschema@.%I TO outfall_admin', t);
    END LOOP;
END;
$$;
GRANT INSERT ON @extschema@.verification TO outfall_verifier;
REVOKE EXECUTE ON FUNCTION @extschema@.divisions_of(name) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.divisions_of(name) TO outfall_reader;
GRANT UPDATE (status) ON @extschema@.outfall TO outfall_verifier;
REVOKE EXECUTE ON FUNCTION @extschema@.next_code(text, @extschema@.division_code, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.next_code(text, @extschema@.division_code, text) TO outfall_editor;
REVOKE EXECUTE ON FUNCTION @extschema@.outfall_id(@extschema@.outfall_code), @extschema@.is_active(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.outfall_id(@extschema@.outfall_code), @extschema@.is_active(bigint)
    TO outfall_reader;
