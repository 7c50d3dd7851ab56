-- Comments on the support functions of the three types (0.1 left them
-- bare), so that \df+ describes every function of the extension.  Each says
-- what it supports, read from the catalogs that point at it.

DO $$
DECLARE
    item record;
BEGIN
    FOR item IN
        SELECT t.typinput AS fn, format('input function of type %s', t.typname) AS what
          FROM pg_catalog.pg_type t WHERE t.typnamespace = '@extschema@'::regnamespace AND t.typtype = 'b'
        UNION ALL
        SELECT t.typoutput, format('output function of type %s', t.typname)
          FROM pg_catalog.pg_type t WHERE t.typnamespace = '@extschema@'::regnamespace AND t.typtype = 'b'
        UNION ALL
        SELECT t.typreceive, format('binary input function of type %s', t.typname)
          FROM pg_catalog.pg_type t WHERE t.typnamespace = '@extschema@'::regnamespace AND t.typtype = 'b'
        UNION ALL
        SELECT t.typsend, format('binary output function of type %s', t.typname)
          FROM pg_catalog.pg_type t WHERE t.typnamespace = '@extschema@'::regnamespace AND t.typtype = 'b'
        UNION ALL
        SELECT o.oprcode, format('implements operator %s for %s', o.oprname,
                                 pg_catalog.format_type(o.oprleft, NULL))
          FROM pg_catalog.pg_operator o WHERE o.oprnamespace = '@extschema@'::regnamespace
        UNION ALL
        SELECT DISTINCT ON (p.amproc) p.amproc,
               format('support function %s of the %s operator class for %s',
                      p.amprocnum, am.amname, pg_catalog.format_type(p.amproclefttype, NULL))
          FROM pg_catalog.pg_amproc p
          JOIN pg_catalog.pg_opfamily f ON f.oid = p.amprocfamily
          JOIN pg_catalog.pg_am am ON am.oid = f.opfmethod
         WHERE f.opfnamespace = '@extschema@'::regnamespace
        UNION ALL
        SELECT a.aggtransfn, format('transition function of aggregate %s', a.aggfnoid::regprocedure)
          FROM pg_catalog.pg_aggregate a JOIN pg_catalog.pg_proc ap ON ap.oid = a.aggfnoid
         WHERE ap.pronamespace = '@extschema@'::regnamespace
        UNION ALL
        SELECT o.oprrest, format('selectivity estimator of operator %s for %s', o.oprname,
                                 pg_catalog.format_type(o.oprleft, NULL))
          FROM pg_catalog.pg_operator o
          JOIN pg_catalog.pg_proc rp ON rp.oid = o.oprrest
         WHERE o.oprnamespace = '@extschema@'::regnamespace AND rp.pronamespace = '@extschema@'::regnamespace
        UNION ALL
        SELECT p.prosupport, format('planner support function of %s', p.oid::regprocedure)
          FROM pg_catalog.pg_proc p
         WHERE p.pronamespace = '@extschema@'::regnamespace AND p.prosupport <> 0
    LOOP
        IF item.fn::oid <> 0
           AND pg_catalog.obj_description(item.fn::oid, 'pg_proc') IS NULL THEN
            EXECUTE format('COMMENT ON FUNCTION %s IS %L', item.fn::regprocedure, item.what);
        END IF;
    END LOOP;
END;
$$;
