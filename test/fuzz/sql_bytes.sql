-- Random strings through the text input of the three code types and the
-- constructor outfall_code(water, division, type, seq); run by sql_bytes.sh
-- as  psql -v count=N -v seed=S -f sql_bytes.sql  in a fresh UTF8 database.
--
-- Every string is valid UTF-8 without NUL (the only text a client can send
-- to a UTF8 database).  Each is either accepted, and must then round-trip
-- (value::text::type = value, the text canonical), or refused with the
-- documented SQLSTATE: 22P02 for the casts, 22023 for the constructor's
-- parts (doc/outfall.md).  Anything else goes to fuzz.failure.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION outfall CASCADE;
CREATE SCHEMA fuzz;
SET search_path = fuzz, outfall, public;

CREATE TABLE fuzz.failure (path text, problem text, input text, message text);

CREATE FUNCTION fuzz.rnd(lo integer, hi integer) RETURNS integer
    LANGUAGE sql AS $$ SELECT lo + floor(random() * (hi - lo + 1))::integer $$;

CREATE FUNCTION fuzz.pick(options text[]) RETURNS text
    LANGUAGE sql AS $$ SELECT options[fuzz.rnd(1, cardinality(options))] $$;

CREATE FUNCTION fuzz.random_from(alphabet text, n integer) RETURNS text
    LANGUAGE sql AS $$
    SELECT coalesce(string_agg(substr(alphabet, fuzz.rnd(1, length(alphabet)), 1), ''), '')
      FROM generate_series(1, n) $$;

-- One character of a random UTF-8 length: random bytes as UTF-8 can carry them.
CREATE FUNCTION fuzz.random_char() RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    r float8 := random();
    cp integer;
BEGIN
    IF r < 0.40 THEN
        cp := fuzz.rnd(1, 127);
    ELSIF r < 0.60 THEN
        cp := fuzz.rnd(128, 2047);
    ELSIF r < 0.85 THEN
        cp := fuzz.rnd(2048, 65535 - 2048);
        IF cp >= 55296 THEN         -- skip the surrogates D800-DFFF
            cp := cp + 2048;
        END IF;
    ELSE
        cp := fuzz.rnd(65536, 1114111);
    END IF;
    RETURN chr(cp);
END $$;

CREATE FUNCTION fuzz.random_text(n integer) RETURNS text
    LANGUAGE sql AS $$
    SELECT coalesce(string_agg(fuzz.random_char(), ''), '') FROM generate_series(1, n) $$;

-- Characters staff type into codes, right and wrong: the code alphabets,
-- letters a credit code lacks, lower case, full-width forms, the folded
-- spaces and dashes and some look-alikes that are not folded, Chinese,
-- punctuation, controls, a combining mark and an emoji.
CREATE FUNCTION fuzz.code_char() RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    r integer := fuzz.rnd(1, 10);
BEGIN
    RETURN CASE
        WHEN r <= 3 THEN fuzz.random_from('0123456789', 1)
        WHEN r <= 5 THEN fuzz.random_from('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 1)
        WHEN r = 6 THEN fuzz.random_from('abcdefghijklmnopqrstuvwxyzIOSVZ', 1)
        WHEN r = 7 THEN chr(fuzz.rnd(65281, 65374))     -- full-width ! .. ~
        ELSE fuzz.pick(ARRAY[
            ' ', '-', E'\t', E'\n', E'\r', chr(11), chr(12), chr(12288), chr(160), chr(8203),
            chr(8194), chr(8239), chr(8287), chr(65279), chr(8208), chr(8211), chr(8212),
            chr(8213), chr(8722), chr(65293), chr(8214), chr(65123), chr(12539), chr(8204),
            chr(12290), '中', '口', '号', '备注', '０', '１', 'Ｏ', '_', '.', '/', '#', '''',
            '"', '\', chr(1), chr(127), chr(769), chr(128512), chr(173), chr(65533)])
    END;
END $$;

CREATE FUNCTION fuzz.full_width(s text) RETURNS text
    LANGUAGE sql AS $$
    SELECT translate(s, (SELECT string_agg(chr(c), '') FROM generate_series(33, 126) c),
                        (SELECT string_agg(chr(c + 65248), '') FROM generate_series(33, 126) c)) $$;

-- A valid value of each path, as the canonical text.
CREATE FUNCTION fuzz.valid(path text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    alnum constant text := '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    letters constant text := 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    credit constant text := '0123456789ABCDEFGHJKLMNPQRTUWXY';   -- GB 32100
    weights constant integer[] := '{1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28}';
    s text;
    total integer := 0;
    len integer;
BEGIN
    CASE path
    WHEN 'outfall_code' THEN
        RETURN fuzz.random_from(alnum, fuzz.rnd(1, 12)) || fuzz.rnd(110000, 829999)
               || fuzz.random_from(letters, 2) || lpad(fuzz.rnd(1, 9999)::text, 4, '0');
    WHEN 'division_code' THEN
        len := fuzz.pick('{2,4,6,9,12}')::integer;
        s := fuzz.rnd(11, 82) || fuzz.random_from('0123456789', 10);
        -- often a shorter code zero-padded, as spreadsheets hold them
        IF random() < 0.3 THEN
            s := rpad(left(s, fuzz.pick('{2,4,6,9}')::integer), 12, '0');
        END IF;
        RETURN left(s, len);
    WHEN 'uscc' THEN
        s := fuzz.random_from(credit, 2) || fuzz.random_from('0123456789', 6)
             || fuzz.random_from(credit, 9);
        FOR i IN 1..17 LOOP
            total := total + (strpos(credit, substr(s, i, 1)) - 1) * weights[i];
        END LOOP;
        RETURN s || substr(credit, (31 - total % 31) % 31 + 1, 1);
    WHEN 'water' THEN
        RETURN fuzz.random_from(alnum, fuzz.rnd(1, 12));
    WHEN 'type' THEN
        RETURN fuzz.random_from(letters, 2);
    END CASE;
END $$;

-- One to three edits of a string.
CREATE FUNCTION fuzz.mutate(s text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    p integer;
BEGIN
    FOR i IN 1..fuzz.rnd(1, 3) LOOP
        p := fuzz.rnd(1, greatest(length(s), 1));
        CASE fuzz.rnd(1, 13)
        WHEN 1, 2 THEN s := overlay(s PLACING fuzz.code_char() FROM p FOR 1);      -- replace
        WHEN 3 THEN s := overlay(s PLACING fuzz.code_char() FROM p FOR 0);         -- insert
        WHEN 4 THEN s := overlay(s PLACING '' FROM p FOR 1);                       -- delete
        WHEN 5 THEN s := left(s, p - 1) || substr(s, p + 1, 1) || substr(s, p, 1)  -- swap
                         || substr(s, p + 2);
        WHEN 6 THEN s := fuzz.full_width(s);
        WHEN 7 THEN s := lower(s);
        WHEN 8 THEN s := overlay(s PLACING repeat(fuzz.pick(ARRAY[' ', '-', chr(12288),
                             chr(160), chr(8212), chr(65279)]), fuzz.rnd(1, 4)) FROM p FOR 0);
        WHEN 9 THEN s := fuzz.pick(ARRAY['', ' ', chr(65279), '编码：', 'No.'])
                         || s || fuzz.pick(ARRAY['', ' ', ' 备注', '（已改）', ';', E'\n']);
        WHEN 10 THEN s := overlay(s PLACING repeat(fuzz.code_char(), fuzz.rnd(1, 3000)) FROM p FOR 0);
        WHEN 11 THEN s := left(s, fuzz.rnd(0, length(s)));                         -- truncate
        WHEN 12 THEN s := s || fuzz.pick(ARRAY['', ' ', ',', '-']) || s;           -- doubled
        ELSE s := overlay(s PLACING fuzz.random_char() FROM p FOR 1);
        END CASE;
    END LOOP;
    RETURN left(s, 20000);
END $$;

CREATE FUNCTION fuzz.candidate(path text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    r float8 := random();
BEGIN
    IF r < 0.30 THEN
        RETURN fuzz.random_text(fuzz.rnd(0, CASE WHEN random() < 0.05 THEN 5000 ELSE 40 END));
    ELSIF r < 0.35 THEN
        RETURN fuzz.valid(path);
    END IF;
    RETURN fuzz.mutate(fuzz.valid(path));
END $$;

-- 'accepted', 'rejected' (the documented SQLSTATE), 'other' or 'roundtrip'
CREATE FUNCTION fuzz.try(path text, s text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    o outfall.outfall_code;
    d outfall.division_code;
    u outfall.uscc;
    txt text;
    ok boolean;
    refusal constant text := CASE WHEN path IN ('water', 'type') THEN '22023' ELSE '22P02' END;
    ascii_form constant text := '^[0-9A-Za-z' || E' \t\n\r' || chr(11) || chr(12) || '-]*$';
BEGIN
    BEGIN
        CASE path
        WHEN 'outfall_code' THEN o := s::outfall.outfall_code; txt := o::text;
        WHEN 'division_code' THEN d := s::outfall.division_code; txt := d::text;
        WHEN 'uscc' THEN u := s::outfall.uscc; txt := u::text;
        WHEN 'water' THEN o := outfall.outfall_code(s, '500114', 'GY', 1); txt := o::text;
        WHEN 'type' THEN o := outfall.outfall_code('AP01', '500114', s, 1); txt := o::text;
        END CASE;
    EXCEPTION WHEN OTHERS THEN
        IF SQLSTATE = refusal THEN
            RETURN 'rejected';
        END IF;
        INSERT INTO fuzz.failure VALUES (path, 'SQLSTATE ' || SQLSTATE, s, SQLERRM);
        RETURN 'other';
    END;
    BEGIN
        ok := CASE path
            WHEN 'division_code' THEN txt::outfall.division_code = d
                AND txt::outfall.division_code::text = txt
                AND txt ~ '^[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{3}([0-9]{3})?)?)?)?$'
            WHEN 'uscc' THEN txt::outfall.uscc = u
                AND txt::outfall.uscc::text = txt
                AND txt ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'
            ELSE txt::outfall.outfall_code = o
                AND txt::outfall.outfall_code::text = txt
                AND txt ~ '^[0-9A-Z]{1,12}[0-9]{6}[A-Z]{2}[0-9]{4}$'
            END;
        -- plain ASCII input reads as itself without separators, in capitals
        IF ok AND path IN ('outfall_code', 'uscc') AND s ~ ascii_form THEN
            ok := txt = upper(translate(s, E' \t\n\r-' || chr(11) || chr(12), ''));
        END IF;
        -- the constructor agrees with the cast of the whole code
        IF ok AND path = 'water' THEN
            ok := o = (s || '500114GY0001')::outfall.outfall_code;
        ELSIF ok AND path = 'type' THEN
            ok := o = ('AP01500114' || s || '0001')::outfall.outfall_code;
        END IF;
    EXCEPTION WHEN OTHERS THEN
        INSERT INTO fuzz.failure VALUES (path, 'round trip of ' || txt || ': SQLSTATE ' || SQLSTATE,
                                         s, SQLERRM);
        RETURN 'roundtrip';
    END;
    IF NOT ok THEN
        INSERT INTO fuzz.failure VALUES (path, 'round trip of ' || txt, s, NULL);
        RETURN 'roundtrip';
    END IF;
    RETURN 'accepted';
END $$;

CREATE FUNCTION fuzz.run(path text, n integer, seed float8,
    OUT tried integer, OUT accepted integer, OUT rejected integer, OUT other integer,
    OUT roundtrip integer)
LANGUAGE plpgsql AS $$
DECLARE
    outcome text;
BEGIN
    PERFORM setseed(seed);
    tried := 0; accepted := 0; rejected := 0; other := 0; roundtrip := 0;
    FOR i IN 1..n LOOP
        outcome := fuzz.try(path, fuzz.candidate(path));
        tried := tried + 1;
        CASE outcome
        WHEN 'accepted' THEN accepted := accepted + 1;
        WHEN 'rejected' THEN rejected := rejected + 1;
        WHEN 'other' THEN other := other + 1;
        ELSE roundtrip := roundtrip + 1;
        END CASE;
    END LOOP;
END $$;

-- the session that ran everything is still the one that answers
SELECT pg_backend_pid() AS pid_before \gset
\pset format unaligned
\pset tuples_only on
\pset fieldsep ' '
-- each path with its own seed, so any one can be rerun alone; the
-- constructor's two parts get a quarter of the strings each
SELECT 'result', 'outfall_code', * FROM fuzz.run('outfall_code', :count, :seed);
SELECT 'result', 'division_code', * FROM fuzz.run('division_code', :count, :seed / 2);
SELECT 'result', 'uscc', * FROM fuzz.run('uscc', :count, :seed / 3);
SELECT 'result', 'water', * FROM fuzz.run('water', greatest(:count / 4, 1), :seed / 4);
SELECT 'result', 'type', * FROM fuzz.run('type', greatest(:count / 4, 1), :seed / 5);
SELECT 'session', pg_backend_pid() = :pid_before;
-- line ends and tabs shown as symbols, so that each failure is one line
SELECT 'failure', path, problem, format('%L', translate(left(input, 300), E'\n\r\t', '␤␍␉')),
       translate(left(coalesce(message, ''), 300), E'\n\r\t', '␤␍␉')
  FROM fuzz.failure LIMIT 30;
SELECT 'failures', count(*) FROM fuzz.failure;
