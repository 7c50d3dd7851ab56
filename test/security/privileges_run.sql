-- privileges.sh, step 4: what runs the cases.  Every attempt is made in a
-- subtransaction that is always rolled back (a raised PRVRB marks an
-- attempt that went through); the role is set with SET LOCAL ROLE inside
-- it, so it ends with it.  Outcomes are recorded as the superuser, after.
SET search_path = outfall, public;
SET client_min_messages = warning;

CREATE TABLE priv.result (
    case_id int NOT NULL REFERENCES priv.case_,
    role_ord int NOT NULL REFERENCES priv.role_,
    sqlstate text NOT NULL,              -- 00000: went through (then rolled back)
    nrows bigint,                        -- rows read, or written
    digest text,                         -- md5 of the rows read, in text order
    value text,                          -- what a call returned
    message text,
    PRIMARY KEY (case_id, role_ord)
);
-- the oracle: what a superuser reads from the registry cut down to a
-- jurisdiction, one row per read case and level
CREATE TABLE priv.oracle (
    case_id int NOT NULL REFERENCES priv.case_,
    level text NOT NULL REFERENCES priv.level (level),
    sqlstate text NOT NULL,
    nrows bigint,
    digest text,
    message text,
    PRIMARY KEY (case_id, level)
);

-- One attempt.  The statement of a read is wrapped to count and digest its rows.
CREATE FUNCTION priv.attempt(c priv.case_, role name,
                             OUT state text, OUT nrows bigint, OUT digest text, OUT value text, OUT message text)
    LANGUAGE plpgsql AS $$
BEGIN
    state := '00000';
    BEGIN
        IF role IS NOT NULL THEN
            EXECUTE format('SET LOCAL ROLE %I', role);
        END IF;
        IF c.how = 'read' THEN
            EXECUTE format('SELECT count(*), md5(coalesce(string_agg(x::text, E''\n'' ORDER BY x::text), '''')) FROM (%s) x',
                           c.stmt) INTO nrows, digest;
        ELSIF c.how = 'dml' THEN
            EXECUTE c.stmt;
            GET DIAGNOSTICS nrows = ROW_COUNT;
        ELSE
            EXECUTE c.stmt INTO value;
            nrows := 1;
        END IF;
        RAISE SQLSTATE 'PRVRB';
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT;
        IF state = 'PRVRB' THEN
            state := '00000';
            message := NULL;
        END IF;
    END;
END;
$$;

-- Every case as every role of a shard (roles by ord modulo shards), one
-- commit per role.
CREATE PROCEDURE priv.run(shard int, shards int)
    LANGUAGE plpgsql AS $$
DECLARE
    r record;
    c priv.case_;
    a record;
BEGIN
    FOR r IN SELECT * FROM priv.role_ WHERE ord % shards = shard ORDER BY ord LOOP
        FOR c IN SELECT * FROM priv.case_ ORDER BY id LOOP
            a := priv.attempt(c, r.role);
            INSERT INTO priv.result VALUES (c.id, r.ord, a.state, a.nrows, a.digest, a.value, a.message);
        END LOOP;
        COMMIT;
    END LOOP;
END;
$$;

-- The oracle for the levels of a shard: in a subtransaction, with the
-- registry's triggers (foreign keys included) off, delete every outfall
-- outside the jurisdiction, every row hanging off one, every ledger event
-- not of the area (by the outfall's township, or the event's for an outfall
-- gone) unless it is a party's, and the snapshots of other areas and of
-- the whole registry (no division: only for roles outside the policies,
-- and every role of the matrix is held by them); then read as the
-- superuser; then roll it all back.
CREATE PROCEDURE priv.run_oracle(shard int, shards int)
    LANGUAGE plpgsql AS $$
DECLARE
    l record;
    c priv.case_;
    a record;
    ids int[];
    states text[];
    counts bigint[];
    digests text[];
    messages text[];
    st text;
BEGIN
    FOR l IN SELECT * FROM priv.level WHERE ord % shards = shard ORDER BY ord LOOP
        ids := '{}'; states := '{}'; counts := '{}'; digests := '{}'; messages := '{}';
        BEGIN
            SET LOCAL session_replication_role = replica;
            DELETE FROM outfall.ledger x
             WHERE NOT (x.entity = 'party' AND x.outfall_id IS NULL)
               AND NOT priv.in_j(coalesce((SELECT o.division::text FROM outfall.outfall o WHERE o.id = x.outfall_id),
                                          x.division::text), l.divisions);
            DELETE FROM outfall.outfall o WHERE NOT priv.in_j(o.division::text, l.divisions);
            DELETE FROM outfall.tracing x WHERE NOT EXISTS (SELECT FROM outfall.outfall o WHERE o.id = x.outfall_id);
            DELETE FROM outfall.source x WHERE NOT EXISTS (SELECT FROM outfall.outfall o WHERE o.id = x.outfall_id);
            DELETE FROM outfall.sample x WHERE NOT EXISTS (SELECT FROM outfall.outfall o WHERE o.id = x.outfall_id);
            DELETE FROM outfall.sample_indicator x WHERE NOT EXISTS (SELECT FROM outfall.sample s WHERE s.id = x.sample_id);
            DELETE FROM outfall.plan x WHERE NOT EXISTS (SELECT FROM outfall.outfall o WHERE o.id = x.outfall_id);
            DELETE FROM outfall.approval x WHERE NOT EXISTS (SELECT FROM outfall.outfall o WHERE o.id = x.outfall_id);
            DELETE FROM outfall.signboard x WHERE NOT EXISTS (SELECT FROM outfall.outfall o WHERE o.id = x.outfall_id);
            DELETE FROM outfall.verification x WHERE NOT EXISTS (SELECT FROM outfall.outfall o WHERE o.id = x.outfall_id);
            DELETE FROM outfall.outfall_zone x WHERE NOT EXISTS (SELECT FROM outfall.outfall o WHERE o.id = x.outfall_id);
            DELETE FROM outfall.progress_snapshot x WHERE NOT priv.in_j(x.division::text, l.divisions);
            SET LOCAL session_replication_role = origin;
            FOR c IN SELECT * FROM priv.case_ WHERE how = 'read' ORDER BY id LOOP
                a := priv.attempt(c, NULL);
                ids := ids || c.id; states := states || a.state; counts := counts || a.nrows;
                digests := digests || a.digest; messages := messages || a.message;
            END LOOP;
            RAISE SQLSTATE 'PRVRB';
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE;
            IF st <> 'PRVRB' THEN
                RAISE;
            END IF;
        END;
        INSERT INTO priv.oracle
        SELECT u.id, l.level, u.st, u.n, u.d, u.m FROM unnest(ids, states, counts, digests, messages) u(id, st, n, d, m);
        COMMIT;
    END LOOP;
END;
$$;
