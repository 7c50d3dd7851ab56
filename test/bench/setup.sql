-- Benchmark schema: the baselines a DBA would otherwise write, the result
-- table, and the timing helpers.  Run once per throwaway cluster.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
CREATE SCHEMA bench;

-- ---------------------------------------------------------------------------
-- Baselines: the rules of the three types as text CHECK constraints.
-- ---------------------------------------------------------------------------

-- outfall_code: water body code 1-12 [0-9A-Z], 6-digit county code whose
-- province part is not 00, 2 letters, sequence 0001-9999.
CREATE FUNCTION bench.outfall_code_ok(v text) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN v ~ '^[0-9A-Z]{1,12}[0-9]{6}[A-Z]{2}[0-9]{4}$'
       AND right(v, 4) <> '0000'
       AND left(right(v, 12), 2) <> '00';

-- division_code: 2, 4, 6, 9 or 12 digits, province part not 00.
CREATE FUNCTION bench.division_code_ok(v text) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN v ~ '^[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{3}([0-9]{3})?)?)?)?$'
       AND left(v, 2) <> '00';

-- uscc layout: 18 characters of the GB 32100 alphabet (no I O S V Z),
-- characters 3-8 digits.
CREATE FUNCTION bench.uscc_layout_ok(v text) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN v ~ '^[0-9A-HJ-NP-RTUW-Y]{2}[0-9]{6}[0-9A-HJ-NP-RTUW-Y]{10}$';

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

-- The check character of 17 characters, as one SQL expression (used to
-- generate the data; the generated values are then verified by the type).
CREATE FUNCTION bench.uscc_check_char(v17 text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN substr('0123456789ABCDEFGHJKLMNPQRTUWXY',
        (31 - (SELECT sum((strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(v17, i::int, 1)) - 1) * w)::int
                 FROM unnest('{1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28}'::int[]) WITH ORDINALITY AS t(w, i)) % 31) % 31 + 1, 1);
