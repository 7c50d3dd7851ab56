-- Benchmark schema: the baselines a DBA would otherwise write, the result
-- table, and the timing helpers.  Run once per throwaway cluster.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
CREATE SCHEMA bench;

-- ---------------------------------------------------------------------------
-- Baselines: the rules of the three types as text CHECK constraints.  The
-- regular expressions are written into the CHECK constraints themselves
-- (bench.variant below); the USCC check character needs a function, given
-- here three ways a DBA might write it.
-- ---------------------------------------------------------------------------

-- uscc check character, PL/pgSQL: the loop a DBA would write.
CREATE FUNCTION bench.uscc_check_plpgsql(v text) RETURNS boolean
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    alphabet CONSTANT text := '0123456789ABCDEFGHJKLMNPQRTUWXY';
    weights CONSTANT int[] := '{1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28}';
    s int := 0;
    c int;
BEGIN
    FOR i IN 1..17 LOOP
        s := s + (strpos(alphabet, substr(v, i, 1)) - 1) * weights[i];
    END LOOP;
    c := (31 - s % 31) % 31;
    RETURN substr(v, 18, 1) = substr(alphabet, c + 1, 1);
END
$$;

-- uscc check character, pure SQL, set-based (unnest ... WITH ORDINALITY).
CREATE FUNCTION bench.uscc_check_sql(v text) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT substr(v, 18, 1) = substr('0123456789ABCDEFGHJKLMNPQRTUWXY',
               (31 - sum((strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(v, i::int, 1)) - 1) * w)::int % 31) % 31 + 1, 1)
      FROM unnest('{1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28}'::int[]) WITH ORDINALITY AS t(w, i);
END;

-- uscc check character, pure SQL, one expression: the planner inlines it
-- into the CHECK constraint, so no function is called per row.
CREATE FUNCTION bench.uscc_check_sql_expr(v text) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN substr(v, 18, 1) = substr('0123456789ABCDEFGHJKLMNPQRTUWXY',
        (31 - ((strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(v, 1, 1)) - 1) * 1 +
             (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(v, 2, 1)) - 1) * 3 +
             (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(v, 3, 1)) - 1) * 9 +
             (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(v, 4, 1)) - 1) * 27 +
             (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(v, 5, 1)) - 1) * 19 +
             (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(v, 6, 1)) - 1) * 26 +
             (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(v, 7, 1)) - 1) * 16 +
             (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(v, 8, 1)) - 1) * 17 +
             (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(v, 9, 1)) - 1) * 20 +
             (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(v, 10, 1)) - 1) * 29 +
             (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(v, 11, 1)) - 1) * 25 +
             (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(v, 12, 1)) - 1) * 13 +
             (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(v, 13, 1)) - 1) * 8 +
             (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(v, 14, 1)) - 1) * 24 +
             (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(v, 15, 1)) - 1) * 10 +
             (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(v, 16, 1)) - 1) * 30 +
             (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(v, 17, 1)) - 1) * 28) % 31) % 31 + 1, 1);

-- The check character of 17 characters, as one SQL expression (used to
-- generate the data; the generated values are then verified by the type).
CREATE FUNCTION bench.uscc_check_char(v17 text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN substr('0123456789ABCDEFGHJKLMNPQRTUWXY',
        (31 - (SELECT sum((strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(v17, i::int, 1)) - 1) * w)::int
                 FROM unnest('{1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28}'::int[]) WITH ORDINALITY AS t(w, i)) % 31) % 31 + 1, 1);

-- ---------------------------------------------------------------------------
-- What is compared: per type, the typed column, the checked text baselines,
-- unchecked text under the database's default collation (the floor), and
-- unchecked text COLLATE "C" (for information only, no target).
-- ---------------------------------------------------------------------------
CREATE TABLE bench.variant (
    type        text NOT NULL,
    variant     text NOT NULL,
    ord         int NOT NULL,
    role        text NOT NULL CHECK (role IN ('typed', 'baseline', 'floor', 'info')),
    coltype     text NOT NULL,
    check_expr  text,
    label       text NOT NULL,
    PRIMARY KEY (type, variant)
);
INSERT INTO bench.variant VALUES
('outfall_code', 'typed', 1, 'typed', 'outfall.outfall_code', NULL, 'outfall.outfall_code'),
('outfall_code', 'text_regex', 2, 'baseline', 'text',
 $$v ~ '^[0-9A-Z]{1,12}[0-9]{6}[A-Z]{2}[0-9]{4}$' AND right(v, 4) <> '0000' AND left(right(v, 12), 2) <> '00'$$,
 'text CHECK regex (baseline)'),
('outfall_code', 'text', 3, 'floor', 'text', NULL, 'text unchecked (floor)'),
('outfall_code', 'text_c', 4, 'info', 'text COLLATE "C"', NULL, 'text COLLATE "C" unchecked (info)'),

('division_code', 'typed', 1, 'typed', 'outfall.division_code', NULL, 'outfall.division_code'),
('division_code', 'text_regex', 2, 'baseline', 'text',
 $$v ~ '^[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{3}([0-9]{3})?)?)?)?$' AND left(v, 2) <> '00'$$,
 'text CHECK regex (baseline)'),
('division_code', 'text', 3, 'floor', 'text', NULL, 'text unchecked (floor)'),
('division_code', 'text_c', 4, 'info', 'text COLLATE "C"', NULL, 'text COLLATE "C" unchecked (info)'),

('uscc', 'typed', 1, 'typed', 'outfall.uscc', NULL, 'outfall.uscc'),
('uscc', 'text_plpgsql', 2, 'baseline', 'text',
 $$v ~ '^[0-9A-HJ-NP-RTUW-Y]{2}[0-9]{6}[0-9A-HJ-NP-RTUW-Y]{10}$' AND bench.uscc_check_plpgsql(v)$$,
 'text CHECK regex + PL/pgSQL check char (baseline)'),
('uscc', 'text_sql', 3, 'baseline', 'text',
 $$v ~ '^[0-9A-HJ-NP-RTUW-Y]{2}[0-9]{6}[0-9A-HJ-NP-RTUW-Y]{10}$' AND bench.uscc_check_sql(v)$$,
 'text CHECK regex + SQL-function check char (baseline)'),
('uscc', 'text_sql_expr', 4, 'baseline', 'text',
 $$v ~ '^[0-9A-HJ-NP-RTUW-Y]{2}[0-9]{6}[0-9A-HJ-NP-RTUW-Y]{10}$' AND bench.uscc_check_sql_expr(v)$$,
 'text CHECK regex + inlined SQL-expression check char (baseline)'),
('uscc', 'text', 5, 'floor', 'text', NULL, 'text unchecked (floor)'),
('uscc', 'text_c', 6, 'info', 'text COLLATE "C"', NULL, 'text COLLATE "C" unchecked (info)');

-- ---------------------------------------------------------------------------
-- Results and the timing helpers.  All timing is taken inside the server
-- (clock_timestamp() around EXECUTE, or EXPLAIN ANALYZE's execution time),
-- so client and connection noise stays out of the figures.
-- ---------------------------------------------------------------------------
CREATE TABLE bench.result (
    step        text NOT NULL,      -- load, create_index, order_by, hash_join, merge_join
    type        text NOT NULL,
    variant     text NOT NULL,
    run         int NOT NULL,       -- 0 = warm-up, not reported
    ms          float8 NOT NULL,
    plan        text                -- for queries: plan nodes and sort/hash details
);

CREATE TABLE bench.index_size (
    how         text NOT NULL,      -- built (CREATE INDEX after the load), grown (index present during COPY), dup (info)
    type        text NOT NULL,
    variant     text NOT NULL,
    bytes       bigint NOT NULL,
    entries     bigint NOT NULL,
    PRIMARY KEY (how, type, variant)
);

-- The number of rows of a table of schema bench.
CREATE FUNCTION bench.row_count(p_table text) RETURNS bigint
    LANGUAGE plpgsql AS $$
DECLARE
    n bigint;
BEGIN
    EXECUTE format('SELECT count(*) FROM bench.%I', p_table) INTO n;
    RETURN n;
END
$$;

-- Run one statement and record how long it took.
CREATE PROCEDURE bench.time_stmt(p_step text, p_type text, p_variant text, p_run int, p_sql text)
    LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz;
    ms float8;
BEGIN
    t0 := clock_timestamp();
    EXECUTE p_sql;
    ms := 1000 * extract(epoch FROM clock_timestamp() - t0);
    INSERT INTO bench.result VALUES (p_step, p_type, p_variant, p_run, ms, NULL);
    RAISE NOTICE '% % % run %: % ms', p_step, p_type, p_variant, p_run, round(ms::numeric);
END
$$;

-- A one-line digest of an EXPLAIN (FORMAT JSON) plan: its node types, and
-- how sorts and hashes ran (to check that sorts stayed in memory).
CREATE FUNCTION bench.plan_digest(p jsonb) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$
    SELECT concat_ws('; ',
        (SELECT string_agg(n #>> '{}', ' > ') FROM jsonb_path_query(p, 'strict $.**."Node Type"') n),
        (SELECT string_agg(DISTINCT concat(m #>> '{}', ' ', s #>> '{}'), ', ')
           FROM jsonb_path_query(p, 'strict $.**."Sort Method"') WITH ORDINALITY a(m, i)
           JOIN jsonb_path_query(p, 'strict $.**."Sort Space Type"') WITH ORDINALITY b(s, j) ON i = j),
        (SELECT 'hash batches ' || string_agg(DISTINCT b #>> '{}', ',')
           FROM jsonb_path_query(p, 'strict $.**."Hash Batches"') b))
$$;

-- Run a query under EXPLAIN (ANALYZE, TIMING OFF) with the given settings
-- (local to this call) and record its execution time and plan digest; the
-- rows are produced but not sent to the client.
CREATE PROCEDURE bench.time_query(p_step text, p_type text, p_variant text, p_run int,
                                  p_query text, p_settings text[] DEFAULT '{}')
    LANGUAGE plpgsql AS $$
DECLARE
    plan jsonb;
    ms float8;
    i int;
BEGIN
    FOR i IN 1 .. coalesce(array_length(p_settings, 1), 0) / 2 LOOP
        PERFORM set_config(p_settings[2 * i - 1], p_settings[2 * i], true);
    END LOOP;
    EXECUTE 'EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON, FORMAT JSON) ' || p_query INTO plan;
    ms := (plan -> 0 ->> 'Execution Time')::float8;
    INSERT INTO bench.result VALUES (p_step, p_type, p_variant, p_run, ms, bench.plan_digest(plan -> 0 -> 'Plan'));
    RAISE NOTICE '% % % run %: % ms', p_step, p_type, p_variant, p_run, round(ms::numeric);
END
$$;
