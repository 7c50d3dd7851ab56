-- The registry on a past date, rebuilt from the ledger (as_of.c): each
-- outfall's state, plan action, survey and where it lay, as they were, so
-- that a report for 2023-12-31 run in 2025 shows what was true then.

CREATE TYPE @extschema@.outfall_as_of AS (
    status      @extschema@.state,
    plan_action text,
    surveyed    boolean,
    division    @extschema@.division_code,
    water_body  text,
    category    text
);
COMMENT ON TYPE @extschema@.outfall_as_of IS
    'an outfall as the ledger says it was at a moment (outfall.ledger_fold): state, plan action, survey complete, division, receiving water, category';

CREATE FUNCTION @extschema@.ledger_fold_trans(internal, timestamptz, bigint, text, text, jsonb) RETURNS internal
    LANGUAGE c IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE AS 'MODULE_PATHNAME', 'ledger_fold_trans';
CREATE FUNCTION @extschema@.ledger_fold_combine(internal, internal) RETURNS internal
    LANGUAGE c IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE AS 'MODULE_PATHNAME', 'ledger_fold_combine';
CREATE FUNCTION @extschema@.ledger_fold_serialize(internal) RETURNS bytea
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'ledger_fold_serialize';
CREATE FUNCTION @extschema@.ledger_fold_deserialize(bytea, internal) RETURNS internal
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'ledger_fold_deserialize';
CREATE FUNCTION @extschema@.ledger_fold_final(internal) RETURNS @extschema@.outfall_as_of
    LANGUAGE c STABLE CALLED ON NULL INPUT PARALLEL SAFE AS 'MODULE_PATHNAME', 'ledger_fold_final';
COMMENT ON FUNCTION @extschema@.ledger_fold_trans(internal, timestamptz, bigint, text, text, jsonb) IS
    'transition function of outfall.ledger_fold: one event of an outfall or its plan';
COMMENT ON FUNCTION @extschema@.ledger_fold_combine(internal, internal) IS
    'combines two partial folds of outfall.ledger_fold, the later value of each column winning';
COMMENT ON FUNCTION @extschema@.ledger_fold_serialize(internal) IS 'a partial fold of outfall.ledger_fold as bytes';
COMMENT ON FUNCTION @extschema@.ledger_fold_deserialize(bytea, internal) IS 'a partial fold of outfall.ledger_fold read back from bytes';
COMMENT ON FUNCTION @extschema@.ledger_fold_final(internal) IS
    'the outfall as the folded events leave it (outfall.outfall_as_of), NULL if it did not exist';

CREATE AGGREGATE @extschema@.ledger_fold(happened_at timestamptz, id bigint, entity text, op text, new jsonb) (
    SFUNC = @extschema@.ledger_fold_trans,
    STYPE = internal,
    SSPACE = 200,
    FINALFUNC = @extschema@.ledger_fold_final,
    COMBINEFUNC = @extschema@.ledger_fold_combine,
    SERIALFUNC = @extschema@.ledger_fold_serialize,
    DESERIALFUNC = @extschema@.ledger_fold_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.ledger_fold(timestamptz, bigint, text, text, jsonb) IS
    'one outfall as its ledger events leave it: ledger_fold(l.happened_at, l.id, l.entity, l.op, l.new) over the outfall''s and its plan''s events, grouped by outfall_id; order-independent, parallel safe';

-- Every outfall that existed at a moment, as it was then.
CREATE FUNCTION @extschema@.outfalls_as_of(at timestamptz)
    RETURNS TABLE (outfall_id bigint, status @extschema@.state, plan_action text, surveyed boolean,
                   division @extschema@.division_code, water_body text, category text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT s.outfall_id, (s.o).status, (s.o).plan_action, (s.o).surveyed,
           (s.o).division, (s.o).water_body, (s.o).category
      FROM (SELECT l.outfall_id,
                   @extschema@.ledger_fold(l.happened_at, l.id, l.entity, l.op, l.new) AS o
              FROM @extschema@.ledger l
             WHERE l.outfall_id IS NOT NULL AND l.entity IN ('outfall', 'plan')
               AND l.happened_at <= outfalls_as_of.at
             GROUP BY l.outfall_id) s
     WHERE (s.o).status IS NOT NULL;
END;
COMMENT ON FUNCTION @extschema@.outfalls_as_of(timestamptz) IS
    'every outfall that existed at a moment, as the ledger says it was then: state, plan action, survey complete, division, receiving water, category';

-- The progress of every outfall at the end of a day (in the session's time
-- zone), from the ledger.
CREATE FUNCTION @extschema@.progress_as_of(on_date date) RETURNS @extschema@.progress
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT @extschema@.progress(a.status, a.plan_action, a.surveyed)
      FROM @extschema@.outfalls_as_of((on_date + 1)::timestamptz - interval '1 microsecond') a;
END;
COMMENT ON FUNCTION @extschema@.progress_as_of(date) IS
    'progress of all outfalls at the end of a past day (session time zone), rebuilt from the ledger: what a report for that date showed then';

-- The instant the registry is read at for a day: NULL (the registry as it
-- is) for today and later, the last microsecond of a past day (session
-- time zone).
CREATE FUNCTION @extschema@.day_end(day date) RETURNS timestamptz
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN CASE WHEN day < CURRENT_DATE THEN (day + 1)::timestamptz - interval '1 microsecond' END;
COMMENT ON FUNCTION @extschema@.day_end(date) IS
    'the instant a day is read at: NULL (the registry as it is) for today and later, else the end of that day in the session time zone';

-- What every progress report aggregates: one row per outfall with the
-- aggregate's inputs and what reports group by.  at NULL reads the registry
-- as it is; a time reads outfall.outfalls_as_of(at).  Inlined into the
-- reports, the branch not taken is planned away (NULL) or skipped at run
-- time (a one-time filter).
CREATE FUNCTION @extschema@.progress_input(at timestamptz)
    RETURNS TABLE (outfall_id bigint, status @extschema@.state, plan_action text, surveyed boolean,
                   division @extschema@.division_code, water_body text, category text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT o.id, o.status, p.action, @extschema@.survey_complete(o), o.division, o.water_body, o.category
      FROM @extschema@.outfall o
      LEFT JOIN @extschema@.plan p ON p.outfall_id = o.id
     WHERE at IS NULL
    UNION ALL
    SELECT a.outfall_id, a.status, a.plan_action, a.surveyed, a.division, a.water_body, a.category
      FROM @extschema@.outfalls_as_of(at) a
     WHERE at IS NOT NULL;
END;
COMMENT ON FUNCTION @extschema@.progress_input(timestamptz) IS
    'the inputs of the progress reports, one row per outfall: the registry as it is (NULL) or as the ledger says it was at a time';

