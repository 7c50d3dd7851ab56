-- Row-level security on every table of the registry: a role sees and
-- changes the rows of its jurisdiction (jurisdiction.sql) and nothing else.
-- The outfall's township decides; the tables that hang off an outfall
-- follow the outfall (their policy looks the outfall up, under the
-- outfall's own policy).  What a role may do at all (read, write, close
-- out) is granted in grants.sql; the policies only say where.
--
-- my_divisions() stands in a sub-select so that it is computed once per
-- query, not once per row; the cast makes ANY take the sub-select's value
-- as the array, not its rows.  The registry's owner and superusers are not
-- held (PostgreSQL's rule; FORCE ROW LEVEL SECURITY is not set, so that
-- the owner's maintenance and dumps see every row).

ALTER TABLE @extschema@.outfall ENABLE ROW LEVEL SECURITY;
CREATE POLICY jurisdiction ON @extschema@.outfall
    USING (division OPERATOR(@extschema@.<@) ANY ((SELECT @extschema@.my_divisions())::@extschema@.division_code[]))
    WITH CHECK (division OPERATOR(@extschema@.<@) ANY ((SELECT @extschema@.my_divisions())::@extschema@.division_code[]));
COMMENT ON POLICY jurisdiction ON @extschema@.outfall IS
    'outfalls in a township of the role''s jurisdiction (outfall.jurisdiction)';

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['tracing', 'source', 'sample', 'plan', 'approval', 'signboard',
                             'verification', 'outfall_zone']
    LOOP
        EXECUTE pg_catalog.format('ALTER TABLE @extschema@.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE pg_catalog.format(
            'CREATE POLICY jurisdiction ON @extschema@.%I'
            ' USING (EXISTS (SELECT FROM @extschema@.outfall o WHERE o.id = outfall_id))'
            ' WITH CHECK (EXISTS (SELECT FROM @extschema@.outfall o WHERE o.id = outfall_id))', t);
        EXECUTE pg_catalog.format(
            'COMMENT ON POLICY jurisdiction ON @extschema@.%I IS %L', t,
            'rows of outfalls the role sees (the outfall''s policy decides)');
    END LOOP;
END;
$$;

ALTER TABLE @extschema@.sample_indicator ENABLE ROW LEVEL SECURITY;
CREATE POLICY jurisdiction ON @extschema@.sample_indicator
    USING (EXISTS (SELECT FROM @extschema@.sample s WHERE s.id = sample_id))
    WITH CHECK (EXISTS (SELECT FROM @extschema@.sample s WHERE s.id = sample_id));
COMMENT ON POLICY jurisdiction ON @extschema@.sample_indicator IS
    'indicators of samples the role sees (the outfall''s policy decides)';

-- Parties are business registrations, and one answers for outfalls in many
-- places: every registry role reads them.  A role writes those of its
-- jurisdiction and those of the divisions above it (the county government
-- that answers for an untraced outfall in one of its townships).
ALTER TABLE @extschema@.party ENABLE ROW LEVEL SECURITY;
CREATE POLICY read_all ON @extschema@.party FOR SELECT USING (true);
COMMENT ON POLICY read_all ON @extschema@.party IS
    'parties are public registrations answering in many places: readable by every role that may read the registry';
CREATE POLICY jurisdiction_insert ON @extschema@.party FOR INSERT
    WITH CHECK (division IS NULL
                OR division OPERATOR(@extschema@.<@) ANY ((SELECT @extschema@.my_divisions())::@extschema@.division_code[])
                OR division OPERATOR(@extschema@.@>) ANY ((SELECT @extschema@.my_divisions())::@extschema@.division_code[]));
CREATE POLICY jurisdiction_update ON @extschema@.party FOR UPDATE
    USING (division IS NULL
           OR division OPERATOR(@extschema@.<@) ANY ((SELECT @extschema@.my_divisions())::@extschema@.division_code[])
           OR division OPERATOR(@extschema@.@>) ANY ((SELECT @extschema@.my_divisions())::@extschema@.division_code[]))
    WITH CHECK (division IS NULL
                OR division OPERATOR(@extschema@.<@) ANY ((SELECT @extschema@.my_divisions())::@extschema@.division_code[])
                OR division OPERATOR(@extschema@.@>) ANY ((SELECT @extschema@.my_divisions())::@extschema@.division_code[]));
CREATE POLICY jurisdiction_delete ON @extschema@.party FOR DELETE
    USING (division OPERATOR(@extschema@.<@) ANY ((SELECT @extschema@.my_divisions())::@extschema@.division_code[]));
COMMENT ON POLICY jurisdiction_insert ON @extschema@.party IS
    'new parties without a division, or in or above the role''s jurisdiction';
COMMENT ON POLICY jurisdiction_update ON @extschema@.party IS
    'parties without a division, or in or above the role''s jurisdiction';
COMMENT ON POLICY jurisdiction_delete ON @extschema@.party IS
    'parties in the role''s jurisdiction';

-- The ledger: the events of the role's area, and the events of parties
-- (readable like the parties).  Nobody but the owner writes it (the
-- trigger runs as the owner, ledger.sql).
ALTER TABLE @extschema@.ledger ENABLE ROW LEVEL SECURITY;
CREATE POLICY jurisdiction ON @extschema@.ledger FOR SELECT
    USING (division OPERATOR(@extschema@.<@) ANY ((SELECT @extschema@.my_divisions())::@extschema@.division_code[])
           OR outfall_id IS NULL AND entity = 'party');
COMMENT ON POLICY jurisdiction ON @extschema@.ledger IS
    'events of outfalls in the role''s jurisdiction (the township the event recorded), and events of parties';

-- Snapshots hold counts: a role sees those of areas inside its
-- jurisdiction.  The whole-registry rows (no division) are for roles
-- outside the policies only: a registry may span several provinces.  The
-- owner takes the snapshots (grants.sql gives no role the right).
ALTER TABLE @extschema@.progress_snapshot ENABLE ROW LEVEL SECURITY;
CREATE POLICY jurisdiction ON @extschema@.progress_snapshot FOR SELECT
    USING (division OPERATOR(@extschema@.<@) ANY ((SELECT @extschema@.my_divisions())::@extschema@.division_code[]));
COMMENT ON POLICY jurisdiction ON @extschema@.progress_snapshot IS
    'snapshots of areas inside the role''s jurisdiction';

-- The mapping itself: every registry role reads it; an admin maps roles
-- only inside its own jurisdiction (a township admin cannot give anyone,
-- itself included, the province), and not the extension's group roles,
-- whose members are every registry user of the cluster.  my_divisions() reads the mapping as
-- its owner, so this policy does not recurse.
ALTER TABLE @extschema@.jurisdiction ENABLE ROW LEVEL SECURITY;
CREATE POLICY read_all ON @extschema@.jurisdiction FOR SELECT USING (true);
COMMENT ON POLICY read_all ON @extschema@.jurisdiction IS 'who works where is read by every registry role';
CREATE POLICY inside_own ON @extschema@.jurisdiction FOR ALL
    USING (division OPERATOR(@extschema@.<@) ANY ((SELECT @extschema@.my_divisions())::@extschema@.division_code[]))
    WITH CHECK (division OPERATOR(@extschema@.<@) ANY ((SELECT @extschema@.my_divisions())::@extschema@.division_code[])
                AND NOT member OPERATOR(pg_catalog.=) ANY
                    ('{outfall_reader,outfall_editor,outfall_verifier,outfall_admin,outfall_owner}'::pg_catalog.name[]));
COMMENT ON POLICY inside_own ON @extschema@.jurisdiction IS
    'an admin maps roles to divisions inside its own jurisdiction only, and never the group roles of the extension (that would map every member in the cluster)';

-- Zones cut across areas, and drawing one recomputes the memberships of
-- every outfall it covers, under the policies of the role drawing it: so
-- zones are drawn by an admin whose jurisdiction includes a province,
-- and read by everyone.
CREATE FUNCTION @extschema@.sees_a_province() RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN EXISTS (SELECT FROM pg_catalog.unnest(@extschema@.my_divisions()) d WHERE @extschema@.level(d) = 1);
COMMENT ON FUNCTION @extschema@.sees_a_province() IS
    'whether the current role''s jurisdiction includes a whole province';
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['zone', 'zone_part'] LOOP
        EXECUTE pg_catalog.format('ALTER TABLE @extschema@.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE pg_catalog.format('CREATE POLICY read_all ON @extschema@.%I FOR SELECT USING (true)', t);
        EXECUTE pg_catalog.format('CREATE POLICY province_admin ON @extschema@.%I FOR ALL'
                                  ' USING ((SELECT @extschema@.sees_a_province()))'
                                  ' WITH CHECK ((SELECT @extschema@.sees_a_province()))', t);
        EXECUTE pg_catalog.format('COMMENT ON POLICY read_all ON @extschema@.%I IS %L', t,
                                  'zones are read by every registry role');
        EXECUTE pg_catalog.format('COMMENT ON POLICY province_admin ON @extschema@.%I IS %L', t,
                                  'zones are drawn by an admin whose jurisdiction includes a province');
    END LOOP;
END;
$$;

-- Code counters hold how many codes a county has used; they are written
-- only through outfall.next_code() and the code trigger, which run as the
-- owner (grants.sql), so no policy admits anyone else.
ALTER TABLE @extschema@.code_counter ENABLE ROW LEVEL SECURITY;

-- Views run with the privileges and policies of the role that queries
-- them, not of their owner: a report counts only what its reader may see.
DO $$
DECLARE
    v regclass;
BEGIN
    FOR v IN
        SELECT c.oid FROM pg_catalog.pg_class c
          JOIN pg_catalog.pg_depend d
            ON d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass::pg_catalog.oid
               AND d.objid OPERATOR(pg_catalog.=) c.oid AND d.deptype OPERATOR(pg_catalog.=) 'e'::pg_catalog."char"
               AND d.refobjid OPERATOR(pg_catalog.=) (SELECT e.oid FROM pg_catalog.pg_extension e
                                                       WHERE e.extname OPERATOR(pg_catalog.=) 'outfall'::pg_catalog.name)
         WHERE c.relkind OPERATOR(pg_catalog.=) 'v'::pg_catalog."char"
         ORDER BY c.relname
    LOOP
        EXECUTE pg_catalog.format('ALTER VIEW %s SET (security_invoker = true)', v);
    END LOOP;
END;
$$;
