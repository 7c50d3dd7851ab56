-- Code allocation: the next sequence number (顺序号) under a prefix (water
-- body + county + type letters).  One counter row per prefix; taking a
-- number is a single INSERT ... ON CONFLICT DO UPDATE, which locks that row
-- until commit, so concurrent sessions on the same prefix queue behind one
-- another instead of handing out the same number, and sessions on different
-- prefixes do not meet at all.  A code written by hand (an import) raises the
-- counter past it, so allocation never hands it out again.

CREATE TABLE @extschema@.code_counter (
    water        text NOT NULL,
    division     @extschema@.division_code NOT NULL,
    type_letters text NOT NULL,
    last_seq     integer NOT NULL CHECK (last_seq BETWEEN 1 AND 9999),
    PRIMARY KEY (water, division, type_letters)
);
COMMENT ON TABLE @extschema@.code_counter IS
    'the last sequence number handed out under each outfall code prefix (water body, county, type letters)';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.code_counter', '');

CREATE FUNCTION @extschema@.next_code(water text, division @extschema@.division_code, type_letters text)
    RETURNS @extschema@.outfall_code
    LANGUAGE plpgsql VOLATILE STRICT SET search_path FROM CURRENT
AS $$
DECLARE
    prefix outfall_code := outfall_code(water, code_division(division), type_letters, 1);
    seq integer;
BEGIN
    -- the code carries one county: a province or a city (which has many) gives none
    IF level(division) < 3 THEN
        RAISE EXCEPTION 'cannot number outfall codes under % %: it is a %, not a county or a township',
                division, coalesce(division_full_name(division), ''), level_name(division)
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The division segment of an outfall code is the county (6 digits, GB/T 2260) of the outfall''s township.';
    END IF;
    IF NOT EXISTS (SELECT FROM category c WHERE c.type_letters = type_code(prefix)) THEN
        RAISE EXCEPTION 'unknown type letters "%" for an outfall code: no category carries them', type_code(prefix)
            USING ERRCODE = 'foreign_key_violation',
                  HINT = 'The letters are those of outfall.category.type_letters.';
    END IF;
    INSERT INTO code_counter AS c VALUES (water_code(prefix), @extschema@.division(prefix), type_code(prefix), 1)
    ON CONFLICT ON CONSTRAINT code_counter_pkey DO UPDATE SET last_seq = c.last_seq + 1
     WHERE c.last_seq < 9999
    RETURNING c.last_seq INTO seq;
    IF seq IS NULL THEN
        RAISE EXCEPTION 'no outfall code left under prefix %-%-%: all 9999 sequence numbers (顺序号) are used',
                water_code(prefix), @extschema@.division(prefix), type_code(prefix)
            USING ERRCODE = 'sequence_generator_limit_exceeded',
                  HINT = 'HJ 1235 gives a prefix four digits; check outfall.code_counter for a runaway import.';
    END IF;
    RETURN outfall_code(water, code_division(division), type_letters, seq);
END;
$$;
COMMENT ON FUNCTION @extschema@.next_code(text, @extschema@.division_code, text) IS
    'allocate the next outfall code under a prefix (water body code, township or county, type letters); never the same twice';

CREATE FUNCTION @extschema@.code_counter_raise() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT
AS $$
BEGIN
    INSERT INTO code_counter AS c
    VALUES (water_code(NEW.code), @extschema@.division(NEW.code), type_code(NEW.code), seq(NEW.code))
    ON CONFLICT ON CONSTRAINT code_counter_pkey DO UPDATE SET last_seq = excluded.last_seq
     WHERE c.last_seq < excluded.last_seq;
    RETURN NEW;
END;
$$;
COMMENT ON FUNCTION @extschema@.code_counter_raise() IS
    'trigger raising the prefix counter past a code written by hand';
CREATE TRIGGER outfall_code_counter_insert BEFORE INSERT ON @extschema@.outfall
    FOR EACH ROW WHEN (NEW.code IS NOT NULL) EXECUTE FUNCTION @extschema@.code_counter_raise();
CREATE TRIGGER outfall_code_counter_update BEFORE UPDATE OF code ON @extschema@.outfall
    FOR EACH ROW WHEN (NEW.code IS NOT NULL AND NEW.code IS DISTINCT FROM OLD.code)
    EXECUTE FUNCTION @extschema@.code_counter_raise();

CREATE FUNCTION @extschema@.assign_code(outfall_id bigint) RETURNS @extschema@.outfall_code
    LANGUAGE plpgsql VOLATILE STRICT SET search_path FROM CURRENT
AS $$
DECLARE
    o outfall;
    letters text;
    missing text;
BEGIN
    SELECT * INTO o FROM outfall WHERE id = assign_code.outfall_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no outfall with id %', assign_code.outfall_id USING ERRCODE = 'no_data_found';
    END IF;
    IF o.code IS NOT NULL THEN
        RETURN o.code;
    END IF;
    SELECT c.type_letters INTO letters FROM category c WHERE c.id = o.category;
    missing := CASE WHEN o.water_body IS NULL THEN 'no receiving water body (受纳水体)'
                    WHEN o.category IS NULL THEN 'no category (排污口类型)'
                    WHEN letters IS NULL THEN format('category "%s" carries no type letters', o.category) END;
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'cannot assign a code to outfall %: %', outfall_label(o.code, o.survey_id, o.id), missing
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'An outfall code is water body code + county + type letters + sequence (HJ 1235).';
    END IF;
    o.code := next_code(o.water_body, o.division, letters);
    UPDATE outfall SET code = o.code WHERE id = o.id;
    RETURN o.code;
END;
$$;
COMMENT ON FUNCTION @extschema@.assign_code(bigint) IS
    'give an outfall its code from its water body, county and category, if it has none; returns the code';
