-- outfall.progress: the progress aggregate (progress.c), its result, and the
-- measures the plans set targets on.

CREATE TYPE @extschema@.progress AS (
    total             bigint,
    surveyed          bigint,
    found             bigint,
    monitored         bigint,
    traced            bigint,
    planned           bigint,
    rectifying        bigint,
    rectified         bigint,
    closed            bigint,
    retained          bigint,
    reached_monitored bigint,
    reached_traced    bigint,
    reached_planned   bigint,
    done              bigint,
    done_ban          bigint,
    done_merge        bigint,
    done_standardize  bigint,
    done_retain       bigint,
    done_unplanned    bigint,
    closed_out        bigint,
    pct_surveyed      double precision,
    pct_monitored     double precision,
    pct_traced        double precision,
    pct_planned       double precision,
    pct_done          double precision,
    pct_closed_out    double precision
);
COMMENT ON TYPE @extschema@.progress IS
    'progress of a set of outfalls (outfall.progress aggregate): counts now in each state, reached (this state or later), done (rectified, closed or retained) by plan action, closed out, and percentages of the total';
COMMENT ON COLUMN @extschema@.progress.total IS 'outfalls counted';
COMMENT ON COLUMN @extschema@.progress.surveyed IS 'outfalls whose survey is complete (outfall.survey_complete); NULL when the aggregate was not given survey flags';
COMMENT ON COLUMN @extschema@.progress.found IS 'outfalls now in state found; likewise monitored … retained';
COMMENT ON COLUMN @extschema@.progress.reached_monitored IS 'outfalls monitored or further along (the monitoring measure)';
COMMENT ON COLUMN @extschema@.progress.reached_traced IS 'outfalls traced or further along (the tracing measure)';
COMMENT ON COLUMN @extschema@.progress.reached_planned IS 'outfalls with a plan or further along';
COMMENT ON COLUMN @extschema@.progress.done IS 'outfalls whose rectification is done: rectified, closed or retained (the rectification measure)';
COMMENT ON COLUMN @extschema@.progress.done_unplanned IS 'outfalls done without a plan on record';
COMMENT ON COLUMN @extschema@.progress.closed_out IS 'outfalls closed out (销号): closed or retained';

-- What the aggregate reads, in indexes of their own: each outfall's state
-- by id, and each plan's action by outfall.  Progress over the registry
-- (outfalls left-joined to their plans) is then a merge of two index-only
-- scans, without reading the wide outfall rows or hashing the plans.  The
-- plan's existing unique key on outfall_id is the one that carries the
-- action, so no index is added there.
CREATE INDEX outfall_progress_idx ON @extschema@.outfall (id) INCLUDE (status);
COMMENT ON INDEX @extschema@.outfall_progress_idx IS
    'each outfall''s state by id, for index-only scans by the progress reports';
ALTER TABLE @extschema@.plan DROP CONSTRAINT plan_outfall_id_key,
    ADD CONSTRAINT plan_outfall_id_key UNIQUE (outfall_id) INCLUDE (action);
COMMENT ON CONSTRAINT plan_outfall_id_key ON @extschema@.plan IS
    'one plan per outfall; the index carries the action too, for index-only scans by the progress reports';

-- The C functions behind the aggregate.  The transition and inverse
-- functions take the survey flag in the three-argument form only.
CREATE FUNCTION @extschema@.progress_trans(internal, @extschema@.state, text) RETURNS internal
    LANGUAGE c STABLE CALLED ON NULL INPUT PARALLEL SAFE AS 'MODULE_PATHNAME', 'progress_trans';
CREATE FUNCTION @extschema@.progress_trans(internal, @extschema@.state, text, boolean) RETURNS internal
    LANGUAGE c STABLE CALLED ON NULL INPUT PARALLEL SAFE AS 'MODULE_PATHNAME', 'progress_trans';
CREATE FUNCTION @extschema@.progress_inv(internal, @extschema@.state, text) RETURNS internal
    LANGUAGE c STABLE CALLED ON NULL INPUT PARALLEL SAFE AS 'MODULE_PATHNAME', 'progress_inv';
CREATE FUNCTION @extschema@.progress_inv(internal, @extschema@.state, text, boolean) RETURNS internal
    LANGUAGE c STABLE CALLED ON NULL INPUT PARALLEL SAFE AS 'MODULE_PATHNAME', 'progress_inv';
CREATE FUNCTION @extschema@.progress_combine(internal, internal) RETURNS internal
    LANGUAGE c IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE AS 'MODULE_PATHNAME', 'progress_combine';
CREATE FUNCTION @extschema@.progress_serialize(internal) RETURNS bytea
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'progress_serialize';
CREATE FUNCTION @extschema@.progress_deserialize(bytea, internal) RETURNS internal
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'progress_deserialize';
CREATE FUNCTION @extschema@.progress_final(internal) RETURNS @extschema@.progress
    LANGUAGE c IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE AS 'MODULE_PATHNAME', 'progress_final';
COMMENT ON FUNCTION @extschema@.progress_trans(internal, @extschema@.state, text) IS 'transition function of outfall.progress';
COMMENT ON FUNCTION @extschema@.progress_trans(internal, @extschema@.state, text, boolean) IS 'transition function of outfall.progress with survey flags';
COMMENT ON FUNCTION @extschema@.progress_inv(internal, @extschema@.state, text) IS 'inverse transition of outfall.progress (moving windows)';
COMMENT ON FUNCTION @extschema@.progress_inv(internal, @extschema@.state, text, boolean) IS 'inverse transition of outfall.progress with survey flags (moving windows)';
COMMENT ON FUNCTION @extschema@.progress_combine(internal, internal) IS 'adds two partial states of outfall.progress (parallel workers)';
COMMENT ON FUNCTION @extschema@.progress_serialize(internal) IS 'a partial state of outfall.progress as bytes, to pass between processes';
COMMENT ON FUNCTION @extschema@.progress_deserialize(bytea, internal) IS 'a partial state of outfall.progress read back from bytes';
COMMENT ON FUNCTION @extschema@.progress_final(internal) IS 'the counts and percentages of outfall.progress';

CREATE AGGREGATE @extschema@.progress(status @extschema@.state, plan_action text) (
    SFUNC = @extschema@.progress_trans,
    STYPE = internal,
    SSPACE = 336,
    FINALFUNC = @extschema@.progress_final,
    COMBINEFUNC = @extschema@.progress_combine,
    SERIALFUNC = @extschema@.progress_serialize,
    DESERIALFUNC = @extschema@.progress_deserialize,
    MSFUNC = @extschema@.progress_trans,
    MINVFUNC = @extschema@.progress_inv,
    MSTYPE = internal,
    MSSPACE = 336,
    MFINALFUNC = @extschema@.progress_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.progress(@extschema@.state, text) IS
    'progress of the outfalls aggregated: progress(o.status, p.action) over outfalls left-joined to their plans; parallel (combine, serialize) and moving-window (inverse) forms in C';

CREATE AGGREGATE @extschema@.progress(status @extschema@.state, plan_action text, surveyed boolean) (
    SFUNC = @extschema@.progress_trans,
    STYPE = internal,
    SSPACE = 336,
    FINALFUNC = @extschema@.progress_final,
    COMBINEFUNC = @extschema@.progress_combine,
    SERIALFUNC = @extschema@.progress_serialize,
    DESERIALFUNC = @extschema@.progress_deserialize,
    MSFUNC = @extschema@.progress_trans,
    MINVFUNC = @extschema@.progress_inv,
    MSTYPE = internal,
    MSSPACE = 336,
    MFINALFUNC = @extschema@.progress_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.progress(@extschema@.state, text, boolean) IS
    'progress of the outfalls aggregated, with the survey measure: progress(o.status, p.action, outfall.survey_complete(o))';

-- Whether an outfall's survey is complete: the survey measure.
CREATE FUNCTION @extschema@.survey_complete(o @extschema@.outfall) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN o.code IS NOT NULL AND o.category IS NOT NULL AND o.water_body IS NOT NULL
       AND coalesce(o.survey_level, 0) >= 2;
COMMENT ON FUNCTION @extschema@.survey_complete(@extschema@.outfall) IS
    'whether an outfall counts as surveyed (排查完成): it has a code, a category and a receiving water, and a field survey of level 2 or 3 (HJ 1232-2021)';

-- The measures targets are set on, and the column of outfall.progress that
-- counts each.
CREATE TABLE @extschema@.measure (
    measure text PRIMARY KEY,
    name_zh text NOT NULL,
    counts  text NOT NULL,
    meaning text NOT NULL,
    ordinal smallint NOT NULL UNIQUE
);
COMMENT ON TABLE @extschema@.measure IS
    'the measures of progress that targets are set on, in lifecycle order, and the column of outfall.progress that counts each';
INSERT INTO @extschema@.measure VALUES
    ('surveyed', '排查', 'surveyed', 'survey complete: code, category, receiving water, field survey of level 2 or 3', 1),
    ('monitored', '监测', 'reached_monitored', 'monitored or further along', 2),
    ('traced', '溯源', 'reached_traced', 'traced or further along', 3),
    ('planned', '一口一策', 'reached_planned', 'a rectification plan on record or further along', 4),
    ('rectified', '整治', 'done', 'rectification done: rectified, closed or retained', 5),
    ('closed', '销号', 'closed_out', 'closed out: closed or retained', 6);

CREATE FUNCTION @extschema@.refuse_measure(measure text) RETURNS bigint
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT
AS $$
BEGIN
    RAISE EXCEPTION 'progress measure "%" is not known', measure
        USING ERRCODE = 'invalid_parameter_value',
              DETAIL = 'Expected total, surveyed, monitored, traced, planned, rectified or closed.',
              HINT = 'The measures are listed in outfall.measure.';
END;
$$;
COMMENT ON FUNCTION @extschema@.refuse_measure(text) IS 'raises the error for an unknown progress measure';

-- The count of one measure; an unknown measure is refused.
CREATE FUNCTION @extschema@.measure_count(p @extschema@.progress, measure text) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE measure
        WHEN 'total' THEN p.total
        WHEN 'surveyed' THEN p.surveyed
        WHEN 'monitored' THEN p.reached_monitored
        WHEN 'traced' THEN p.reached_traced
        WHEN 'planned' THEN p.reached_planned
        WHEN 'rectified' THEN p.done
        WHEN 'closed' THEN p.closed_out
        ELSE @extschema@.refuse_measure(measure) END;
COMMENT ON FUNCTION @extschema@.measure_count(@extschema@.progress, text) IS
    'the count of a measure in a progress value: total, surveyed, monitored, traced, planned, rectified or closed (see outfall.measure)';

CREATE OPERATOR @extschema@.-> (
    LEFTARG = @extschema@.progress, RIGHTARG = text, FUNCTION = @extschema@.measure_count);
COMMENT ON OPERATOR @extschema@.-> (@extschema@.progress, text) IS
    'the count of a measure: p -> ''traced''';

CREATE FUNCTION @extschema@.percentage(p @extschema@.progress, measure text) RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN p.total > 0 THEN 100.0 * @extschema@.measure_count(p, measure) / p.total END;
COMMENT ON FUNCTION @extschema@.percentage(@extschema@.progress, text) IS
    'the percentage of the total that has reached a measure; NULL when nothing is counted (or, for surveyed, when survey flags were not given)';

CREATE FUNCTION @extschema@.shortfall(p @extschema@.progress, measure text, target_pct numeric) RETURNS bigint
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT
AS $$
BEGIN
    IF target_pct IS NULL OR target_pct < 0 OR target_pct > 100 THEN
        RAISE EXCEPTION 'target percentage % is not between 0 and 100', coalesce(target_pct::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('Asked for the shortfall of %s against it.', measure);
    END IF;
    RETURN greatest(0, ceil(p.total * target_pct / 100) - measure_count(p, measure))::bigint;
END;
$$;
COMMENT ON FUNCTION @extschema@.shortfall(@extschema@.progress, text, numeric) IS
    'how many more outfalls must reach a measure for it to reach the target percentage of the total (0 when it already has)';

CREATE FUNCTION @extschema@.to_jsonb(p @extschema@.progress) RETURNS jsonb
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN pg_catalog.jsonb_build_object(
        'total', p.total,
        'states', pg_catalog.jsonb_build_object(
            'found', p.found, 'monitored', p.monitored, 'traced', p.traced, 'planned', p.planned,
            'rectifying', p.rectifying, 'rectified', p.rectified, 'closed', p.closed, 'retained', p.retained),
        'measures', pg_catalog.jsonb_build_object(
            'surveyed', pg_catalog.jsonb_build_object('count', p.surveyed, 'percent', p.pct_surveyed),
            'monitored', pg_catalog.jsonb_build_object('count', p.reached_monitored, 'percent', p.pct_monitored),
            'traced', pg_catalog.jsonb_build_object('count', p.reached_traced, 'percent', p.pct_traced),
            'planned', pg_catalog.jsonb_build_object('count', p.reached_planned, 'percent', p.pct_planned),
            'rectified', pg_catalog.jsonb_build_object('count', p.done, 'percent', p.pct_done),
            'closed', pg_catalog.jsonb_build_object('count', p.closed_out, 'percent', p.pct_closed_out)),
        'done_by_action', pg_catalog.jsonb_build_object(
            'ban', p.done_ban, 'merge', p.done_merge, 'standardize', p.done_standardize,
            'retain', p.done_retain, 'unplanned', p.done_unplanned));
COMMENT ON FUNCTION @extschema@.to_jsonb(@extschema@.progress) IS
    'a progress value as a jsonb document for clients: total, states, measures (count and percent), done by action';
CREATE CAST (@extschema@.progress AS jsonb) WITH FUNCTION @extschema@.to_jsonb(@extschema@.progress);
COMMENT ON CAST (@extschema@.progress AS jsonb) IS 'outfall.to_jsonb(progress): the document for clients';
