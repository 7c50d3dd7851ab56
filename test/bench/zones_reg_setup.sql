-- Zones benchmark (test/bench/zones.sh), registrations: what the registry
-- benchmark's template database (registry_setup.sql: the extension,
-- three water bodies, schema rb with the documents) needs besides: the
-- sheet the zones of the copy "with zones" are loaded from, and
-- rb.zone_batch, which registers documents one by one, each call its own
-- transaction, and returns the time of the timed ones.  Needs
-- zones_gen.sql (schema zb) first.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
-- the zones of the copy "with zones" are loaded from here (zones_reg_zones.sql)
CREATE TABLE zb.sheet (LIKE outfall.zone_sheet INCLUDING ALL);

-- Register documents first .. first + warm + size - 1, one transaction
-- each; the last `size` are timed (wall clock and the session's CPU time).
CREATE PROCEDURE rb.zone_batch(first integer, warm integer, size integer, OUT ms float8, OUT cpu_ms float8)
    LANGUAGE plpgsql AS $$
DECLARE
    d jsonb;
    t0 timestamptz;
    c0 float8;
BEGIN
    FOR k IN first .. first + warm + size - 1 LOOP
        IF k = first + warm THEN
            c0 := rb.cpu_ms();
            t0 := clock_timestamp();
        END IF;
        SELECT x.doc INTO STRICT d FROM rb.doc x WHERE x.i = k;
        PERFORM outfall.register(d);
        COMMIT;
    END LOOP;
    ms := 1000 * extract(epoch FROM clock_timestamp() - t0);
    cpu_ms := rb.cpu_ms() - c0;
END
$$;
