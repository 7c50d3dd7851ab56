-- demo/schema.sql: what the demo import needs beside the extension.
--
-- The import is done the way a provincial DBA would do it with nothing but
-- SQL: raw text into a staging table, then each row cast to its type with
-- the refusal caught and kept as data.  None of this belongs in the
-- extension; it lives in schema demo of the throwaway cluster.

SET client_min_messages = warning;     -- not the NOTICE about PostGIS
CREATE EXTENSION outfall CASCADE;
RESET client_min_messages;

CREATE SCHEMA demo;
SET search_path = outfall, public;

-- The water bodies the outfall codes of the sample may name.  HJ 932 codes
-- are not in the extension yet; these are made up for the demo.
CREATE TABLE demo.water_body (
    code    text PRIMARY KEY,
    name    text NOT NULL
);

-- The import as received: one code per row, exactly as typed.  "line" is
-- the line of sample_codes.csv (the header is line 1); "expect" is not part
-- of an import: it is what the demo expects of the row, for its self-check.
CREATE TABLE demo.import_raw (
    line    integer GENERATED ALWAYS AS IDENTITY (START WITH 2) PRIMARY KEY,
    batch   text NOT NULL,
    kind    text NOT NULL CHECK (kind IN ('outfall', 'division', 'uscc')),
    raw     text,
    expect  text NOT NULL
);

-- One row per imported row: the canonical code, or why it was refused.
CREATE TABLE demo.import_result (
    line        integer PRIMARY KEY REFERENCES demo.import_raw,
    batch       text NOT NULL,
    kind        text NOT NULL,
    raw         text,
    canonical   text,               -- the code as the type prints it
    tag         text,               -- 'ok' or a short refusal tag
    reason      text,               -- the refusal, for people
    sqlstate    text,               -- of the cast that failed
    message     text,
    detail      text
);

-- The accepted codes, typed.
CREATE TABLE demo.outfall (
    code    outfall_code PRIMARY KEY,
    line    integer NOT NULL,
    batch   text NOT NULL
);
CREATE TABLE demo.division_in (
    line    integer PRIMARY KEY,
    code    division_code NOT NULL
);
CREATE TABLE demo.party (
    line    integer PRIMARY KEY,
    code    uscc NOT NULL
);

-- try_cast(value, type): the value cast to the type and printed back, or
-- the error the cast raised.  Each call has its own subtransaction, so one
-- bad row does not abort the import.
CREATE FUNCTION demo.try_cast(value text, target regtype,
                              OUT canonical text, OUT err_sqlstate text,
                              OUT err_message text, OUT err_detail text)
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('SELECT CAST($1 AS %s)::text', target) INTO canonical USING value;
EXCEPTION WHEN others THEN
    GET STACKED DIAGNOSTICS err_sqlstate = RETURNED_SQLSTATE,
                            err_message = MESSAGE_TEXT,
                            err_detail = PG_EXCEPTION_DETAIL;
END
$$;

-- classify(...): 'ok' for a cast that succeeded, else a short tag and a
-- reason for the refusal, read from the extension's message and detail (see src/types/code_error.c).  A refusal
-- it does not recognize is tagged 'other', which the self-check reports.
CREATE FUNCTION demo.classify(err_sqlstate text, err_message text, err_detail text,
                              OUT tag text, OUT reason text)
LANGUAGE sql IMMUTABLE AS $$
SELECT t.tag,
       CASE t.tag
           WHEN 'ok' THEN NULL
           WHEN 'check' THEN 'wrong check character (校验码)'
           WHEN 'empty' THEN 'empty cell'
           WHEN 'seq0' THEN 'sequence number 0000'
           WHEN 'prov00' THEN 'province 00'
           -- "... is in the division code (行政区划代码), which takes only digits."
           WHEN 'segment' THEN
               CASE WHEN err_detail ~ 'takes only digits' THEN 'non-digit in ' ELSE 'non-letter in ' END
               || substring(err_detail FROM 'is in the ([a-z ]+) \(')
           WHEN 'water_long' THEN 'water body code over 12 chars'
           WHEN 'water_missing' THEN 'no water body code'
           WHEN 'length' THEN 'wrong length'
           WHEN 'char' THEN 'character not allowed'
           ELSE 'unexpected: ' || err_sqlstate || ' ' || err_message
       END
  FROM (SELECT CASE
                   WHEN err_sqlstate IS NULL THEN 'ok'
                   WHEN err_sqlstate <> '22P02' THEN 'other'
                   WHEN err_message ~ '^invalid check character' THEN 'check'
                   WHEN err_detail ~ 'has no code characters' THEN 'empty'
                   WHEN err_detail ~ 'is 0000' THEN 'seq0'
                   WHEN err_detail ~* 'province 00' THEN 'prov00'
                   WHEN err_detail ~ 'which takes only' THEN 'segment'
                   WHEN err_detail ~ 'water body code .* would have' THEN 'water_long'
                   WHEN err_detail ~ 'water body code .* is empty' THEN 'water_missing'
                   WHEN err_detail ~ '^The input has \d+ ' THEN 'length'
                   WHEN err_detail ~ '^Character .* is not ' THEN 'char'
                   ELSE 'other'
               END AS tag) t
$$;
