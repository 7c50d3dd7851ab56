-- outfall: upgrade script from one version to the next.  Built from the SQL
-- files under src/ that the newer version adds; see the Makefile.

\echo Use "ALTER EXTENSION outfall UPDATE" to load this file. \quit

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

-- target: the targets the plans set (工作目标) — a share of the outfalls in
-- a scope that must reach a measure by a date, e.g. 昌吉市 "2023年底前 …
-- 头屯河、三屯河 … 完成 30% 整治任务" — and outfall.target_status(), where
-- each target stands on a day: met, on track, behind or missed.

-- The scope of a target is the outfalls that lie in its division (or below
-- it), discharge into one of its water bodies, are of one of its categories
-- (or a category below one) and, for abnormal_only, were found abnormal; a
-- NULL part does not narrow the scope.
CREATE TABLE @extschema@.target (
    id            bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    plan          text NOT NULL CONSTRAINT target_plan_named CHECK (btrim(plan) <> ''),
    clause        text CONSTRAINT target_clause_not_blank CHECK (btrim(clause) <> ''),
    division      @extschema@.division_code REFERENCES @extschema@.division,
    water_bodies  text[] CONSTRAINT target_water_bodies_not_empty CHECK (cardinality(water_bodies) > 0),
    categories    text[] CONSTRAINT target_categories_not_empty CHECK (cardinality(categories) > 0),
    abnormal_only boolean NOT NULL DEFAULT false,
    measure       text NOT NULL REFERENCES @extschema@.measure,
    percent       numeric NOT NULL CONSTRAINT target_percent_range CHECK (percent > 0 AND percent <= 100),
    starts_on     date NOT NULL,
    due_on        date NOT NULL,
    note          text,
    CONSTRAINT target_due_after_start CHECK (due_on > starts_on)
);
COMMENT ON TABLE @extschema@.target IS
    'targets of the plans (工作目标): percent of the outfalls in a scope (division, water bodies, categories, abnormal ones) reach a measure by due_on; see outfall.target_status()';
COMMENT ON COLUMN @extschema@.target.plan IS 'the plan that sets the target, e.g. 昌吉市入河（湖）排污口排查整治实施方案';
COMMENT ON COLUMN @extschema@.target.clause IS 'where in the plan: the clause number or the sentence';
COMMENT ON COLUMN @extschema@.target.division IS 'scope: outfalls in this division or below it; NULL: everywhere';
COMMENT ON COLUMN @extschema@.target.water_bodies IS 'scope: outfalls discharging into one of these water bodies (codes of outfall.water_body); NULL: any, including none recorded';
COMMENT ON COLUMN @extschema@.target.categories IS 'scope: outfalls of one of these categories or a category below one (工业排污口 covers every industrial subclass); NULL: any, including none recorded';
COMMENT ON COLUMN @extschema@.target.abnormal_only IS
    'scope: only outfalls found abnormal (已查明存在异常的排污口): those whose plan bans, merges or standardizes them, i.e. requires works; outfalls without a plan, or retained as they are, are not counted';
COMMENT ON COLUMN @extschema@.target.measure IS 'what must be reached (outfall.measure): surveyed, monitored, traced, planned, rectified or closed';
COMMENT ON COLUMN @extschema@.target.percent IS 'the share of the outfalls in scope that must reach the measure, 0 < percent <= 100';
COMMENT ON COLUMN @extschema@.target.starts_on IS 'when the work towards it began (usually the plan''s date): the expected share rises linearly from 0 on this day';
COMMENT ON COLUMN @extschema@.target.due_on IS 'the deadline: percent must be reached by the end of this day';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.target', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('@extschema@.target', 'id'), '');

-- The arrays cannot carry foreign keys: each element is checked here, for
-- direct INSERTs as much as for outfall.add_target().  Water body codes are
-- taken in either case, as outfall.register() takes them.
CREATE FUNCTION @extschema@.target_check() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT
AS $$
DECLARE
    unknown text;
    what text := format('the target of plan "%s"%s', NEW.plan, coalesce('（' || NEW.clause || '）', ''));
BEGIN
    IF array_position(NEW.water_bodies, NULL) IS NOT NULL OR array_position(NEW.categories, NULL) IS NOT NULL THEN
        RAISE EXCEPTION '% lists NULL among its water bodies or categories', what
            USING ERRCODE = 'not_null_violation',
                  HINT = 'Leave the whole list NULL to mean every water body or every category.';
    END IF;
    IF cardinality(NEW.water_bodies) = 0 OR cardinality(NEW.categories) = 0 THEN
        RAISE EXCEPTION '% lists no water body or no category: it would cover no outfall', what
            USING ERRCODE = 'check_violation',
                  HINT = 'Leave the list NULL to mean every water body or every category.';
    END IF;
    IF cardinality(NEW.water_bodies) > 0 THEN
        NEW.water_bodies := ARRAY(SELECT upper(w) FROM unnest(NEW.water_bodies) WITH ORDINALITY u(w, i) ORDER BY i);
    END IF;
    SELECT string_agg(format('"%s"', w), ', ' ORDER BY i) INTO unknown
      FROM unnest(NEW.water_bodies) WITH ORDINALITY u(w, i)
     WHERE NOT EXISTS (SELECT FROM water_body b WHERE b.code = u.w);
    IF unknown IS NOT NULL THEN
        RAISE EXCEPTION '% names water bodies not in outfall.water_body: %', what, unknown
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = 'A target''s water bodies are codes of receiving waters (受纳水体, HJ 932).',
                  HINT = 'Add the water body to outfall.water_body first, or correct the code.';
    END IF;
    SELECT string_agg(format('"%s"', c), ', ' ORDER BY i) INTO unknown
      FROM unnest(NEW.categories) WITH ORDINALITY u(c, i)
     WHERE NOT EXISTS (SELECT FROM category k WHERE k.id = u.c);
    IF unknown IS NOT NULL THEN
        RAISE EXCEPTION '% names categories not in outfall.category: %', what, unknown
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = 'A target''s categories are ids of outfall.category (HJ 1312-2023); a class covers the classes below it.',
                  HINT = 'Use e.g. industrial, industrial.enterprise or other.town_storm.';
    END IF;
    RETURN NEW;
END;
$$;
COMMENT ON FUNCTION @extschema@.target_check() IS
    'trigger of outfall.target: every water body and category a target lists must exist (water body codes are upper-cased)';
CREATE TRIGGER target_check BEFORE INSERT OR UPDATE OF water_bodies, categories ON @extschema@.target
    FOR EACH ROW EXECUTE FUNCTION @extschema@.target_check();
COMMENT ON TRIGGER target_check ON @extschema@.target IS
    'refuses unknown water bodies and categories in a target''s scope, and empty lists';

-- Loading a target, with refusals that say what is wrong.
CREATE FUNCTION @extschema@.add_target(
        plan text,
        measure text,
        percent numeric,
        starts_on date,
        due_on date,
        clause text DEFAULT NULL,
        division @extschema@.division_code DEFAULT NULL,
        water_bodies text[] DEFAULT NULL,
        categories text[] DEFAULT NULL,
        abnormal_only boolean DEFAULT false,
        note text DEFAULT NULL)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT
AS $$
DECLARE
    missing text;
    new_id bigint;
BEGIN
    SELECT string_agg(k, ', ') INTO missing
      FROM unnest(ARRAY['plan', 'measure', 'percent', 'starts_on', 'due_on'],
                  ARRAY[add_target.plan IS NULL, add_target.measure IS NULL, add_target.percent IS NULL,
                        add_target.starts_on IS NULL, add_target.due_on IS NULL]) u(k, is_null)
     WHERE is_null;
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'a target needs %', missing
            USING ERRCODE = 'not_null_violation',
                  HINT = 'Call outfall.add_target(plan => ..., measure => ..., percent => ..., starts_on => ..., due_on => ...).';
    END IF;
    IF NOT EXISTS (SELECT FROM @extschema@.measure m WHERE m.measure = add_target.measure) THEN
        RAISE EXCEPTION 'progress measure "%" is not known', add_target.measure
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = 'Expected ' || (SELECT string_agg(m.measure, ', ' ORDER BY m.ordinal) FROM @extschema@.measure m) || '.',
                  HINT = 'The measures are listed in outfall.measure.';
    END IF;
    IF NOT (add_target.percent > 0 AND add_target.percent <= 100) THEN
        RAISE EXCEPTION 'target percentage % is not above 0 and at most 100', add_target.percent
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Give the share in percent: 30 for 30%, 100 for all.';
    END IF;
    IF add_target.due_on <= add_target.starts_on THEN
        RAISE EXCEPTION 'due date % is not after the start date %', add_target.due_on, add_target.starts_on
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'starts_on is when the work began (usually the date of the plan), due_on its deadline.';
    END IF;
    IF add_target.division IS NOT NULL AND NOT division_exists(add_target.division) THEN
        RAISE EXCEPTION 'division "%" is not in outfall.division', add_target.division
            USING ERRCODE = 'foreign_key_violation',
                  HINT = 'Give the code of a province, city, county or township (GB/T 2260), or NULL for everywhere.';
    END IF;
    INSERT INTO target AS t (plan, clause, division, water_bodies, categories, abnormal_only,
                             measure, percent, starts_on, due_on, note)
    VALUES (add_target.plan, add_target.clause, add_target.division, add_target.water_bodies,
            add_target.categories, coalesce(add_target.abnormal_only, false), add_target.measure,
            add_target.percent, add_target.starts_on, add_target.due_on, add_target.note)
    RETURNING t.id INTO new_id;
    RETURN new_id;
END;
$$;
COMMENT ON FUNCTION @extschema@.add_target(text, text, numeric, date, date, text, @extschema@.division_code, text[], text[], boolean, text) IS
    'adds a target of a plan and returns its id; refuses an unknown measure, division, water body or category, a percentage outside (0, 100] and a due date not after the start';

-- A category and every category below it.
CREATE FUNCTION @extschema@.categories_under(categories text[]) RETURNS text[]
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH RECURSIVE below(id) AS (
        SELECT c.id FROM @extschema@.category c WHERE c.id = ANY (categories)
        UNION
        SELECT c.id FROM @extschema@.category c JOIN below b ON c.parent = b.id)
    SELECT array_agg(below.id ORDER BY below.id) FROM below;
END;
COMMENT ON FUNCTION @extschema@.categories_under(text[]) IS
    'the categories given and every category below them (工业排污口 → all industrial classes); NULL for NULL';

-- How a report names a target's scope.
CREATE FUNCTION @extschema@.target_scope(t @extschema@.target) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT concat_ws('；',
        coalesce(@extschema@.division_full_name(t.division), t.division::text, '全部地区'),
        (SELECT string_agg(coalesce(w.name, u.code), '、' ORDER BY u.i)
           FROM unnest(t.water_bodies) WITH ORDINALITY u(code, i)
           LEFT JOIN @extschema@.water_body w ON w.code = u.code),
        (SELECT string_agg(coalesce(c.name_zh, u.id), '、' ORDER BY u.i)
           FROM unnest(t.categories) WITH ORDINALITY u(id, i)
           LEFT JOIN @extschema@.category c ON c.id = u.id),
        CASE WHEN t.abnormal_only THEN '已查明存在异常的排污口' END);
END;
COMMENT ON FUNCTION @extschema@.target_scope(@extschema@.target) IS
    'the scope of a target in words: division (full name, 全部地区 for everywhere), water bodies, categories, 已查明存在异常的排污口; parts joined by ；';

CREATE TABLE @extschema@.target_status_label (
    status  text PRIMARY KEY,
    name_zh text NOT NULL,
    meaning text NOT NULL,
    ordinal smallint NOT NULL UNIQUE
);
COMMENT ON TABLE @extschema@.target_status_label IS 'what outfall.target_status() says of a target, with its Chinese label';
INSERT INTO @extschema@.target_status_label VALUES
    ('met', '已完成', 'the share reached is at least the target, whatever the date', 1),
    ('on_track', '进度正常', 'not yet due and at least the expected share: the target percent prorated linearly from starts_on to due_on', 2),
    ('behind', '滞后', 'not yet due and below the expected share', 3),
    ('missed', '逾期未完成', 'past due_on and below the target', 4),
    ('no_outfalls', '无排污口', 'no outfall in the scope: nothing to measure', 5);

-- Where each target stands at the end of a day.  All targets are measured
-- in one pass over the outfalls: each outfall is joined to the targets whose
-- scope it is in (a nested loop over the few targets) and outfall.progress
-- aggregates per target.
CREATE FUNCTION @extschema@.target_status(as_of date DEFAULT CURRENT_DATE)
    RETURNS TABLE (target_id bigint, plan text, clause text, scope text, measure text,
                   target_pct numeric, starts_on date, due_on date,
                   actual bigint, total bigint, actual_pct numeric, expected_pct numeric,
                   status text, status_zh text, short bigint)
    LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT
AS $$
BEGIN
    IF as_of IS NULL THEN
        RAISE EXCEPTION 'the day of a target status must be given, not NULL'
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Leave it out for today.';
    END IF;
    RETURN QUERY
    WITH t AS (
        SELECT x AS tg, x.*, categories_under(x.categories) AS under_categories FROM target x
    ), measured AS (
        SELECT t.id, progress(r.status, r.plan_action, r.surveyed) AS p
          FROM progress_input(day_end(as_of)) r
          JOIN t ON (t.division IS NULL OR r.division <@ t.division)
                AND (t.water_bodies IS NULL OR r.water_body = ANY (t.water_bodies))
                AND (t.under_categories IS NULL OR r.category = ANY (t.under_categories))
                AND (NOT t.abnormal_only OR r.plan_action IN ('ban', 'merge', 'standardize'))
         GROUP BY t.id
    ), judged AS (
        SELECT t.*, coalesce((m.p).total, 0) AS n, coalesce(m.p -> t.measure, 0) AS reached,
               t.percent * least(1, greatest(0, (as_of - t.starts_on)::numeric / (t.due_on - t.starts_on))) AS expected,
               m.p
          FROM t LEFT JOIN measured m ON m.id = t.id
    ), stated AS (
        SELECT j.*,
               CASE WHEN j.n = 0 THEN 'no_outfalls'
                    WHEN j.reached * 100 >= j.percent * j.n THEN 'met'
                    WHEN as_of > j.due_on THEN 'missed'
                    WHEN j.reached * 100 >= j.expected * j.n THEN 'on_track'
                    ELSE 'behind' END AS st
          FROM judged j
    )
    SELECT s.id, s.plan, s.clause, target_scope(s.tg), s.measure,
           s.percent, s.starts_on, s.due_on, s.reached, s.n,
           CASE WHEN s.n > 0 THEN round(100.0 * s.reached / s.n, 1) END,
           round(s.expected, 1),
           s.st, l.name_zh,
           CASE WHEN s.n > 0 THEN shortfall(s.p, s.measure, s.percent) END
      FROM stated s JOIN target_status_label l ON l.status = s.st
     ORDER BY s.due_on, s.plan COLLATE zh_pinyin, s.id;
END;
$$;
COMMENT ON FUNCTION @extschema@.target_status(date) IS
    'every target at the end of a day (default today): outfalls in scope, how many reached the measure, the share reached and expected (target percent prorated linearly from starts_on to due_on), status met / on_track / behind / missed / no_outfalls with its Chinese label, and how many outfalls short';
-- Progress reports: the outfall.progress aggregate rolled up by division
-- (province → city → county → township), by receiving water, by category
-- (HJ 1312 classes), by month, and as a window over the months outfalls were
-- found in.  Views report the registry as it is; the functions taking a
-- date rebuild the past from the ledger (outfall.outfalls_as_of).  Chinese
-- names come out in the collation zh_pinyin, so ORDER BY name sorts them by
-- pinyin.

-- The instant a report date stands for: NULL (the registry as it is) for
-- today, the end of the day for a past date (the ledger up to and including
-- its last microsecond); a date to come, or none, is refused.
CREATE FUNCTION @extschema@.report_instant(as_of date) RETURNS timestamptz
    LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT
AS $$
BEGIN
    IF as_of IS NULL THEN
        RAISE EXCEPTION 'report date must be given, not NULL'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Give current_date for the registry as it is, or a past date.';
    ELSIF as_of > current_date THEN
        RAISE EXCEPTION 'report date % is in the future', as_of
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('Today is %s; progress is known up to today.', current_date),
                  HINT = 'Give today or a past date.';
    END IF;
    RETURN day_end(as_of);
END;
$$;
COMMENT ON FUNCTION @extschema@.report_instant(date) IS
    'the instant a report date stands for: NULL (the registry as it is) for today, the end of a past day; refuses NULL and dates to come';

-- A division a report is restricted to: NULL (all), or a province, city,
-- county or township of outfall.division.
CREATE FUNCTION @extschema@.report_division(under @extschema@.division_code) RETURNS @extschema@.division_code
    LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT
AS $$
BEGIN
    IF under IS NULL THEN
        RETURN NULL;
    END IF;
    IF NOT division_exists(under) THEN
        RAISE EXCEPTION 'division "%" is not in outfall.division', under
            USING ERRCODE = 'foreign_key_violation',
                  HINT = 'Give the code of a province, city, county or township (行政区划代码) listed in outfall.division.';
    END IF;
    IF level(under) > 4 THEN
        RAISE EXCEPTION 'division "%" (%) is a village: outfalls are registered by township', under, division_name(under)
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = format('Give its township, "%s".', township(under));
    END IF;
    RETURN under;
END;
$$;
COMMENT ON FUNCTION @extschema@.report_division(@extschema@.division_code) IS
    'the division a report is restricted to (NULL: all); refuses divisions not in outfall.division and villages';

------------------------------------------------------------------------------
-- By division: province → city → county → township
------------------------------------------------------------------------------

-- One ROLLUP over the four levels the township code carries.  A level the
-- code leaves empty (东莞 and 中山 have no counties) gives no row of its
-- own.  With under, only that division and those below it.
CREATE FUNCTION @extschema@.division_rollup(at timestamptz, under @extschema@.division_code)
    RETURNS TABLE (level integer, code @extschema@.division_code, progress @extschema@.progress)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT g.level, g.code, g.progress
      FROM (SELECT CASE GROUPING(@extschema@.province(i.division), @extschema@.city(i.division),
                                 @extschema@.county(i.division), i.division)
                        WHEN 0 THEN 4 WHEN 1 THEN 3 WHEN 3 THEN 2 WHEN 7 THEN 1 ELSE 0 END AS level,
                   CASE GROUPING(@extschema@.province(i.division), @extschema@.city(i.division),
                                 @extschema@.county(i.division), i.division)
                        WHEN 0 THEN i.division
                        WHEN 1 THEN @extschema@.county(i.division)
                        WHEN 3 THEN @extschema@.city(i.division)
                        WHEN 7 THEN @extschema@.province(i.division) END AS code,
                   @extschema@.progress(i.status, i.plan_action, i.surveyed) AS progress
              FROM @extschema@.progress_input(at) i
             WHERE under IS NULL OR i.division OPERATOR(@extschema@.<@) under
             GROUP BY ROLLUP (@extschema@.province(i.division), @extschema@.city(i.division),
                              @extschema@.county(i.division), i.division)) g
     WHERE CASE WHEN under IS NULL THEN g.level = 0 OR g.code IS NOT NULL
                ELSE g.code OPERATOR(@extschema@.<@) under END;
END;
COMMENT ON FUNCTION @extschema@.division_rollup(timestamptz, @extschema@.division_code) IS
    'progress rolled up by province, city, county and township (level 1-4; level 0 the grand total, left out under a division), now (NULL) or at a time';

-- The report rows: the rollup with names.
CREATE FUNCTION @extschema@.division_report(at timestamptz, under @extschema@.division_code)
    RETURNS TABLE (level integer, level_name text, code @extschema@.division_code, name text,
                   full_name text, is_total boolean, progress @extschema@.progress)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT r.level,
           CASE WHEN r.level = 0 THEN 'total' ELSE @extschema@.level_name(r.code) END,
           r.code,
           CASE WHEN r.level = 0 THEN '合计' ELSE d.name END,
           CASE WHEN r.level = 0 THEN '合计' ELSE @extschema@.division_full_name(r.code) END,
           r.level = 0,
           r.progress
      FROM @extschema@.division_rollup(at, under) r
      LEFT JOIN @extschema@.division d ON d.code OPERATOR(@extschema@.=) r.code;
END;
COMMENT ON FUNCTION @extschema@.division_report(timestamptz, @extschema@.division_code) IS
    'the rows of outfall.progress_by_division: the rollup with level names and division names, now (NULL) or at a time';

CREATE VIEW @extschema@.progress_by_division AS
SELECT r.level, r.level_name, r.code, r.name COLLATE @extschema@.zh_pinyin AS name,
       r.full_name COLLATE @extschema@.zh_pinyin AS full_name, r.is_total, (r.progress).*
  FROM @extschema@.division_report(NULL, NULL) r
 ORDER BY r.is_total DESC, r.code;
COMMENT ON VIEW @extschema@.progress_by_division IS
    'progress of the registry as it is, rolled up province → city → county → township (GROUPING SETS): the grand total first (level 0, is_total, 合计), then each division before those below it, in code order';
COMMENT ON COLUMN @extschema@.progress_by_division.level IS '0 the grand total (合计), 1 province, 2 city, 3 county, 4 township';
COMMENT ON COLUMN @extschema@.progress_by_division.level_name IS 'total, province, city, county or township';
COMMENT ON COLUMN @extschema@.progress_by_division.code IS 'division code (行政区划代码); NULL on the grand total row';
COMMENT ON COLUMN @extschema@.progress_by_division.name IS 'division name (collation zh_pinyin); 合计 on the grand total row';
COMMENT ON COLUMN @extschema@.progress_by_division.full_name IS 'names from the province down, e.g. 广西壮族自治区柳州市柳城县 (collation zh_pinyin)';
COMMENT ON COLUMN @extschema@.progress_by_division.is_total IS 'true on the grand total row only';

CREATE FUNCTION @extschema@.progress_by_division(as_of date, under @extschema@.division_code DEFAULT NULL)
    RETURNS SETOF @extschema@.progress_by_division
    LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT
AS $$
DECLARE
    at timestamptz := report_instant(as_of);
    d division_code := report_division(under);
BEGIN
    RETURN QUERY
    SELECT r.level, r.level_name, r.code, r.name, r.full_name, r.is_total, (r.progress).*
      FROM division_report(at, d) r
     ORDER BY r.is_total DESC, r.code;
END;
$$;
COMMENT ON FUNCTION @extschema@.progress_by_division(date, @extschema@.division_code) IS
    'outfall.progress_by_division at the end of a past day (rebuilt from the ledger; today: the registry as it is), optionally only a division and those below it (then without the grand total row)';

------------------------------------------------------------------------------
-- By receiving water
------------------------------------------------------------------------------

CREATE FUNCTION @extschema@.water_body_report(at timestamptz, under @extschema@.division_code)
    RETURNS TABLE (is_total boolean, water_body text, name text, kind text, is_key_river boolean,
                   progress @extschema@.progress)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT g.is_total, g.water_body,
           CASE WHEN g.is_total THEN '合计' WHEN g.water_body IS NULL THEN '未定受纳水体' ELSE w.name END,
           w.kind, w.is_key_river, g.progress
      FROM (SELECT GROUPING(i.water_body) = 1 AS is_total, i.water_body,
                   @extschema@.progress(i.status, i.plan_action, i.surveyed) AS progress
              FROM @extschema@.progress_input(at) i
             WHERE under IS NULL OR i.division OPERATOR(@extschema@.<@) under
             GROUP BY GROUPING SETS ((i.water_body), ())) g
      LEFT JOIN @extschema@.water_body w ON w.code = g.water_body;
END;
COMMENT ON FUNCTION @extschema@.water_body_report(timestamptz, @extschema@.division_code) IS
    'the rows of outfall.progress_by_water_body, now (NULL) or at a time, optionally under a division';

CREATE VIEW @extschema@.progress_by_water_body AS
SELECT r.is_total, r.water_body, r.name COLLATE @extschema@.zh_pinyin AS name, r.kind, r.is_key_river,
       (r.progress).*
  FROM @extschema@.water_body_report(NULL, NULL) r
 ORDER BY r.is_total DESC, r.water_body IS NULL, r.name COLLATE @extschema@.zh_pinyin, r.water_body;
COMMENT ON VIEW @extschema@.progress_by_water_body IS
    'progress by receiving water (受纳水体): the grand total first, then each water in pinyin order of its name, outfalls without a receiving water last';
COMMENT ON COLUMN @extschema@.progress_by_water_body.is_total IS 'true on the grand total row (合计) only';
COMMENT ON COLUMN @extschema@.progress_by_water_body.water_body IS 'water body code (HJ 932); NULL on the total row and on the row of outfalls without a receiving water (未定受纳水体)';
COMMENT ON COLUMN @extschema@.progress_by_water_body.name IS 'name of the water (collation zh_pinyin); 合计 on the total row, 未定受纳水体 for outfalls without one';
COMMENT ON COLUMN @extschema@.progress_by_water_body.kind IS 'river, lake, reservoir, canal or sea';
COMMENT ON COLUMN @extschema@.progress_by_water_body.is_key_river IS 'a key river of the plans (重点河流)';

CREATE FUNCTION @extschema@.progress_by_water_body(as_of date, under @extschema@.division_code DEFAULT NULL)
    RETURNS SETOF @extschema@.progress_by_water_body
    LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT
AS $$
DECLARE
    at timestamptz := report_instant(as_of);
    d division_code := report_division(under);
BEGIN
    RETURN QUERY
    SELECT r.is_total, r.water_body, r.name COLLATE zh_pinyin, r.kind, r.is_key_river, (r.progress).*
      FROM water_body_report(at, d) r
     ORDER BY r.is_total DESC, r.water_body IS NULL, r.name COLLATE zh_pinyin, r.water_body;
END;
$$;
COMMENT ON FUNCTION @extschema@.progress_by_water_body(date, @extschema@.division_code) IS
    'outfall.progress_by_water_body at the end of a past day (rebuilt from the ledger; today: the registry as it is), optionally only the outfalls under a division';

------------------------------------------------------------------------------
-- By category (HJ 1312-2023): the leaf classes and the classes above them
------------------------------------------------------------------------------

-- Each outfall's class at each of the three levels of outfall.category (its
-- own category at its level, its ancestors above it); ROLLUP gives the
-- totals of each class; the rows a shallower category leaves empty below it
-- are dropped.
CREATE FUNCTION @extschema@.category_report(at timestamptz, under @extschema@.division_code)
    RETURNS TABLE (level integer, category text, name_zh text, name_en text, parent text,
                   type_letters text, is_total boolean, progress @extschema@.progress)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT g.level, g.category,
           CASE WHEN g.level = 0 THEN '合计' WHEN g.category IS NULL THEN '未分类' ELSE c.name_zh END,
           CASE WHEN g.level = 0 THEN 'total' WHEN g.category IS NULL THEN 'no category yet' ELSE c.name_en END,
           c.parent, c.type_letters, g.level = 0, g.progress
      FROM (SELECT CASE GROUPING(x.l1, x.l2, x.l3) WHEN 0 THEN 3 WHEN 1 THEN 2 WHEN 3 THEN 1 ELSE 0 END AS level,
                   CASE GROUPING(x.l1, x.l2, x.l3) WHEN 0 THEN x.l3 WHEN 1 THEN x.l2 WHEN 3 THEN x.l1 END AS category,
                   @extschema@.progress(x.status, x.plan_action, x.surveyed) AS progress
              FROM (SELECT i.status, i.plan_action, i.surveyed,
                           CASE c3.level WHEN 1 THEN c3.id WHEN 2 THEN c3.parent ELSE c2.parent END AS l1,
                           CASE c3.level WHEN 2 THEN c3.id WHEN 3 THEN c3.parent END AS l2,
                           CASE c3.level WHEN 3 THEN c3.id END AS l3
                      FROM @extschema@.progress_input(at) i
                      LEFT JOIN @extschema@.category c3 ON c3.id = i.category
                      LEFT JOIN @extschema@.category c2 ON c2.id = c3.parent
                     WHERE under IS NULL OR i.division OPERATOR(@extschema@.<@) under) x
             GROUP BY ROLLUP (x.l1, x.l2, x.l3)) g
      LEFT JOIN @extschema@.category c ON c.id = g.category
     WHERE g.level <= 1 OR g.category IS NOT NULL;
END;
COMMENT ON FUNCTION @extschema@.category_report(timestamptz, @extschema@.division_code) IS
    'the rows of outfall.progress_by_category, now (NULL) or at a time, optionally under a division';

CREATE VIEW @extschema@.progress_by_category AS
SELECT r.level, r.category, r.name_zh COLLATE @extschema@.zh_pinyin AS name_zh, r.name_en, r.parent,
       r.type_letters, r.is_total, (r.progress).*
  FROM @extschema@.category_report(NULL, NULL) r
 ORDER BY r.is_total DESC, r.category IS NULL, r.category;
COMMENT ON VIEW @extschema@.progress_by_category IS
    'progress by category (HJ 1312-2023): the grand total, then each first-level class followed by its second- and third-level classes (category id order), outfalls without a category last (未分类)';
COMMENT ON COLUMN @extschema@.progress_by_category.level IS '0 the grand total, 1-3 the level of the class in outfall.category (1 for outfalls without a category)';
COMMENT ON COLUMN @extschema@.progress_by_category.category IS 'the class (outfall.category id); NULL on the total row and on the row of outfalls without a category';
COMMENT ON COLUMN @extschema@.progress_by_category.name_zh IS 'Chinese name of the class (collation zh_pinyin); 合计, 未分类';
COMMENT ON COLUMN @extschema@.progress_by_category.name_en IS 'English name of the class';
COMMENT ON COLUMN @extschema@.progress_by_category.parent IS 'the class above';
COMMENT ON COLUMN @extschema@.progress_by_category.type_letters IS 'the type letters of the outfall code, for the classes that carry them';
COMMENT ON COLUMN @extschema@.progress_by_category.is_total IS 'true on the grand total row only';

CREATE FUNCTION @extschema@.progress_by_category(as_of date, under @extschema@.division_code DEFAULT NULL)
    RETURNS SETOF @extschema@.progress_by_category
    LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT
AS $$
DECLARE
    at timestamptz := report_instant(as_of);
    d division_code := report_division(under);
BEGIN
    RETURN QUERY
    SELECT r.level, r.category, r.name_zh COLLATE zh_pinyin, r.name_en, r.parent, r.type_letters,
           r.is_total, (r.progress).*
      FROM category_report(at, d) r
     ORDER BY r.is_total DESC, r.category IS NULL, r.category;
END;
$$;
COMMENT ON FUNCTION @extschema@.progress_by_category(date, @extschema@.division_code) IS
    'outfall.progress_by_category at the end of a past day (rebuilt from the ledger; today: the registry as it is), optionally only the outfalls under a division';

------------------------------------------------------------------------------
-- By month
------------------------------------------------------------------------------

-- The progress at the end of each month from from_month to to_month (their
-- months); the current month as it is now.  Each past month is one pass of
-- outfall.outfalls_as_of.
CREATE FUNCTION @extschema@.progress_by_month(from_month date, to_month date,
                                              under @extschema@.division_code DEFAULT NULL)
    RETURNS TABLE (month date, period text, as_of date,
                   total bigint, surveyed bigint, found bigint, monitored bigint, traced bigint,
                   planned bigint, rectifying bigint, rectified bigint, closed bigint, retained bigint,
                   reached_monitored bigint, reached_traced bigint, reached_planned bigint, done bigint,
                   done_ban bigint, done_merge bigint, done_standardize bigint, done_retain bigint,
                   done_unplanned bigint, closed_out bigint, pct_surveyed float8, pct_monitored float8,
                   pct_traced float8, pct_planned float8, pct_done float8, pct_closed_out float8)
    LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT
AS $$
DECLARE
    d division_code := report_division(under);
    first_month date := date_trunc('month', from_month)::date;
    last_month date := date_trunc('month', to_month)::date;
BEGIN
    IF from_month IS NULL OR to_month IS NULL THEN
        RAISE EXCEPTION 'progress by month needs both months, not NULL'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'E.g. outfall.progress_by_month(''2024-01-01'', ''2024-12-01'').';
    END IF;
    IF first_month > last_month THEN
        RAISE EXCEPTION 'month % comes after month %', to_char(from_month, 'YYYY-MM'), to_char(to_month, 'YYYY-MM')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Give the earlier month first.';
    END IF;
    IF last_month > current_date THEN
        RAISE EXCEPTION 'month % is in the future', to_char(to_month, 'YYYY-MM')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('Today is %s; the last month reported is the current one, as it is now.', current_date);
    END IF;
    RETURN QUERY
    SELECT m.month, to_char(m.month, 'YYYY-MM'), m.as_of, (x.progress).*
      FROM (SELECT s::date AS month,
                   least((s + interval '1 month')::date - 1, current_date) AS as_of
              FROM generate_series(first_month, last_month, interval '1 month') s) m
     CROSS JOIN LATERAL (
            SELECT progress(i.status, i.plan_action, i.surveyed) AS progress
              FROM progress_input(report_instant(m.as_of)) i
             WHERE d IS NULL OR i.division <@ d) x
     ORDER BY m.month;
END;
$$;
COMMENT ON FUNCTION @extschema@.progress_by_month(date, date, @extschema@.division_code) IS
    'progress at the end of each month from the first month to the second (the current month: as it is now), rebuilt from the ledger; optionally only under a division';

-- The aggregate as a window function over the outfalls in the order they
-- were found: for each month outfalls were found in, the outfalls found by
-- its end (cumulative, ROWS UNBOUNDED PRECEDING) with their progress now.
CREATE VIEW @extschema@.progress_by_found_month AS
SELECT w.found_month, to_char(w.found_month, 'YYYY-MM') AS period, w.found_in_month, (w.progress).*
  FROM (SELECT date_trunc('month', o.found_on)::date AS found_month,
               count(*) OVER (PARTITION BY date_trunc('month', o.found_on)) AS found_in_month,
               row_number() OVER (PARTITION BY date_trunc('month', o.found_on) ORDER BY o.found_on DESC, o.id DESC) AS last,
               @extschema@.progress(o.status, p.action, @extschema@.survey_complete(o))
                   OVER (ORDER BY o.found_on, o.id ROWS UNBOUNDED PRECEDING) AS progress
          FROM @extschema@.outfall o
          LEFT JOIN @extschema@.plan p ON p.outfall_id = o.id) w
 WHERE w.last = 1
 ORDER BY w.found_month;
COMMENT ON VIEW @extschema@.progress_by_found_month IS
    'for each month outfalls were found in (found_on), the progress now of all outfalls found by the end of that month: the aggregate as a cumulative window (ROWS UNBOUNDED PRECEDING)';
COMMENT ON COLUMN @extschema@.progress_by_found_month.found_month IS 'the first day of the month';
COMMENT ON COLUMN @extschema@.progress_by_found_month.period IS 'the month as YYYY-MM';
COMMENT ON COLUMN @extschema@.progress_by_found_month.found_in_month IS 'outfalls found in that month; total counts all found by its end';

-- The same as a function, optionally only under a division, and with a
-- moving window: months => n takes the outfalls found in the n months up to
-- each month (RANGE over the found month), so each step adds the new month
-- and takes the oldest out (the aggregate's inverse transition).
CREATE FUNCTION @extschema@.progress_by_found_month(months integer DEFAULT NULL,
                                                    under @extschema@.division_code DEFAULT NULL)
    RETURNS SETOF @extschema@.progress_by_found_month
    LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT
AS $$
DECLARE
    d division_code := report_division(under);
    span interval;
BEGIN
    IF months IS NULL THEN
        RETURN QUERY
        SELECT w.found_month, to_char(w.found_month, 'YYYY-MM'), w.found_in_month, (w.progress).*
          FROM (SELECT date_trunc('month', o.found_on)::date AS found_month,
                       count(*) OVER (PARTITION BY date_trunc('month', o.found_on)) AS found_in_month,
                       row_number() OVER (PARTITION BY date_trunc('month', o.found_on)
                                          ORDER BY o.found_on DESC, o.id DESC) AS last,
                       progress(o.status, p.action, survey_complete(o))
                           OVER (ORDER BY o.found_on, o.id ROWS UNBOUNDED PRECEDING) AS progress
                  FROM outfall o
                  LEFT JOIN plan p ON p.outfall_id = o.id
                 WHERE d IS NULL OR o.division <@ d) w
         WHERE w.last = 1
         ORDER BY w.found_month;
        RETURN;
    END IF;
    IF months < 1 THEN
        RAISE EXCEPTION 'window of % months: expected 1 or more', months
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Leave months NULL for the cumulative form.';
    END IF;
    span := make_interval(months => months - 1);
    RETURN QUERY
    SELECT w.found_month, to_char(w.found_month, 'YYYY-MM'), w.found_in_month, (w.progress).*
      FROM (SELECT date_trunc('month', o.found_on)::date AS found_month,
                   count(*) OVER (PARTITION BY date_trunc('month', o.found_on)) AS found_in_month,
                   row_number() OVER (PARTITION BY date_trunc('month', o.found_on) ORDER BY o.id) AS first,
                   progress(o.status, p.action, survey_complete(o))
                       OVER (ORDER BY date_trunc('month', o.found_on)::date
                             RANGE BETWEEN span PRECEDING AND CURRENT ROW) AS progress
              FROM outfall o
              LEFT JOIN plan p ON p.outfall_id = o.id
             WHERE d IS NULL OR o.division <@ d) w
     WHERE w.first = 1
     ORDER BY w.found_month;
END;
$$;
COMMENT ON FUNCTION @extschema@.progress_by_found_month(integer, @extschema@.division_code) IS
    'for each month outfalls were found in, the progress now of those found by its end (months NULL: cumulative), or found in that many months up to it (a moving window: the aggregate''s inverse takes the oldest month out); optionally only under a division';

------------------------------------------------------------------------------
-- Overdue plans, and outfalls found long ago and still not traced
------------------------------------------------------------------------------

-- Plans whose deadline passed before as_of while their outfall is not yet
-- rectified, closed or retained (the rule deadline_passed, for any date).
-- A past date reads the plans and states the ledger had at the end of that
-- day; today or a date to come reads the registry as it is (a date to come:
-- what will be overdue then if nothing moves).
CREATE FUNCTION @extschema@.overdue_plans(as_of date DEFAULT current_date)
    RETURNS TABLE (outfall_id bigint, code @extschema@.outfall_code, name text, survey_id text,
                   division @extschema@.division_code, division_full_name text,
                   action text, action_zh text, deadline date, days_overdue integer,
                   responsible_unit text, responsible_person text,
                   status @extschema@.state, status_zh text)
    LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT
AS $$
DECLARE
    at timestamptz;
BEGIN
    IF as_of IS NULL THEN
        RAISE EXCEPTION 'report date must be given, not NULL'
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Give a date, e.g. current_date.';
    END IF;
    at := CASE WHEN as_of < current_date THEN report_instant(as_of) END;
    RETURN QUERY
    WITH pl AS (
        SELECT p.outfall_id, p.action, p.deadline, p.responsible_unit, p.responsible_person, o.status
          FROM plan p JOIN outfall o ON o.id = p.outfall_id
         WHERE at IS NULL
        UNION ALL
        SELECT (r.pr ->> 'outfall_id')::bigint, r.pr ->> 'action', (r.pr ->> 'deadline')::date,
               r.pr ->> 'responsible_unit', r.pr ->> 'responsible_person',
               state_as_of((r.pr ->> 'outfall_id')::bigint, at)
          FROM (SELECT DISTINCT l.entity_id FROM ledger l
                 WHERE l.entity = 'plan' AND l.happened_at <= at) e
         CROSS JOIN LATERAL (SELECT row_as_of('plan', e.entity_id, at) AS pr) r
         WHERE at IS NOT NULL AND r.pr IS NOT NULL
    )
    SELECT o.id, o.code, coalesce(o.name, o.survey_name), o.survey_id, o.division,
           division_full_name(o.division), pl.action, plan_action_zh(pl.action), pl.deadline,
           overdue_plans.as_of - pl.deadline, pl.responsible_unit, pl.responsible_person,
           pl.status, l.name_zh
      FROM pl
      JOIN outfall o ON o.id = pl.outfall_id
      JOIN state_label l ON l.state = pl.status
     WHERE pl.deadline < overdue_plans.as_of
       AND pl.status < 'rectified'
     ORDER BY overdue_plans.as_of - pl.deadline DESC, o.code, o.id;
END;
$$;
COMMENT ON FUNCTION @extschema@.overdue_plans(date) IS
    'plans (一口一策) whose deadline passed before a date (default today) while the outfall is not yet rectified, closed or retained, most overdue first; a past date as the ledger had it then';

-- Outfalls found more than the given days before as_of that are still only
-- found or monitored then: tracing (溯源) is late.
CREATE FUNCTION @extschema@.found_not_traced(days integer DEFAULT 90, as_of date DEFAULT current_date)
    RETURNS TABLE (outfall_id bigint, code @extschema@.outfall_code, name text, survey_id text,
                   division @extschema@.division_code, division_full_name text,
                   water_body text, water_body_name text, found_on date, days_since_found integer,
                   status @extschema@.state, status_zh text)
    LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT
AS $$
DECLARE
    at timestamptz := report_instant(as_of);
BEGIN
    IF days IS NULL OR days < 0 THEN
        RAISE EXCEPTION 'found more than % days ago: expected 0 or more days', coalesce(days::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'E.g. outfall.found_not_traced(90): found more than 90 days ago and not yet traced.';
    END IF;
    RETURN QUERY
    SELECT o.id, o.code, coalesce(o.name, o.survey_name), o.survey_id, o.division,
           division_full_name(o.division), o.water_body, w.name, o.found_on,
           found_not_traced.as_of - o.found_on, s.status, l.name_zh
      FROM outfall o
     CROSS JOIN LATERAL (SELECT CASE WHEN at IS NULL THEN o.status ELSE state_as_of(o.id, at) END AS status) s
      JOIN state_label l ON l.state = s.status
      LEFT JOIN water_body w ON w.code = o.water_body
     WHERE o.found_on < found_not_traced.as_of - days
       AND s.status IN ('found', 'monitored')
     ORDER BY o.found_on, o.code, o.id;
END;
$$;
COMMENT ON FUNCTION @extschema@.found_not_traced(integer, date) IS
    'outfalls found (found_on) more than the given days (default 90) before a date (default today) and still found or monitored then: late tracing; a past date as the ledger had it then';
-- Snapshots of progress: the figures as they were reported — the
-- semi-annual report due June 25 and December 25 (柳城), the quarterly
-- dispatch (昌吉), or taken by hand — kept per division so that a later
-- report shows what moved since.

CREATE TABLE @extschema@.snapshot_kind (
    kind        text PRIMARY KEY CHECK (kind ~ '^[a-z_]+$'),
    period_unit text NOT NULL CHECK (period_unit IN ('half_year', 'quarter', 'month', 'day')),
    name_zh     text NOT NULL,
    description text NOT NULL,
    shipped     boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE @extschema@.snapshot_kind IS
    'kinds of progress snapshot and the period each is labelled by (half_year 2024-H1, quarter 2024-Q3, month 2024-07, day 2024-07-15); a DBA may add kinds (e.g. a monthly dispatch)';
COMMENT ON COLUMN @extschema@.snapshot_kind.period_unit IS 'half_year, quarter, month or day: one snapshot of the kind per such period';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.snapshot_kind', 'WHERE NOT shipped');
INSERT INTO @extschema@.snapshot_kind VALUES
    ('semiannual', 'half_year', '半年报', 'the half-year report, due June 25 and December 25 (柳城 五(三))', true),
    ('quarterly', 'quarter', '季度调度', 'the quarterly dispatch of progress (昌吉 四(三))', true),
    ('adhoc', 'day', '临时', 'a snapshot taken by hand, one a day', true);

-- The label of the period a date falls in.
CREATE FUNCTION @extschema@.period_label(period_unit text, d date) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN CASE period_unit
        WHEN 'half_year' THEN to_char(d, 'YYYY') || '-H' || CASE WHEN extract(month FROM d) <= 6 THEN '1' ELSE '2' END
        WHEN 'quarter' THEN to_char(d, 'YYYY') || '-Q' || to_char(d, 'Q')
        WHEN 'month' THEN to_char(d, 'YYYY-MM')
        WHEN 'day' THEN to_char(d, 'YYYY-MM-DD') END;
COMMENT ON FUNCTION @extschema@.period_label(text, date) IS
    'the label of the period a date falls in: half_year 2024-H1, quarter 2024-Q3, month 2024-07, day 2024-07-15';

CREATE TABLE @extschema@.progress_snapshot (
    id        bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    kind      text NOT NULL REFERENCES @extschema@.snapshot_kind,
    period    text NOT NULL,
    as_of     date NOT NULL,
    taken_at  timestamptz NOT NULL DEFAULT now(),
    taken_by  name NOT NULL DEFAULT current_user,
    division  @extschema@.division_code REFERENCES @extschema@.division,
    level     smallint NOT NULL CHECK (level BETWEEN 0 AND 4),
    progress  @extschema@.progress NOT NULL,
    CONSTRAINT progress_snapshot_total_level CHECK ((division IS NULL) = (level = 0)),
    CONSTRAINT progress_snapshot_once UNIQUE NULLS NOT DISTINCT (kind, period, division)
);
COMMENT ON TABLE @extschema@.progress_snapshot IS
    'progress as reported: one row per division of the rollup (and the grand total) per snapshot; written by outfall.take_snapshot';
COMMENT ON COLUMN @extschema@.progress_snapshot.kind IS 'semiannual (半年报), quarterly (季度调度), adhoc, or a kind of outfall.snapshot_kind';
COMMENT ON COLUMN @extschema@.progress_snapshot.period IS 'the period reported: 2024-H1, 2024-Q3, 2024-07-15 (outfall.period_label)';
COMMENT ON COLUMN @extschema@.progress_snapshot.as_of IS 'the day whose end the figures describe';
COMMENT ON COLUMN @extschema@.progress_snapshot.taken_at IS 'when the snapshot was taken';
COMMENT ON COLUMN @extschema@.progress_snapshot.taken_by IS 'the role that took it';
COMMENT ON COLUMN @extschema@.progress_snapshot.division IS 'the division (province, city, county or township); NULL for the grand total';
COMMENT ON COLUMN @extschema@.progress_snapshot.level IS '0 the grand total, 1 province, 2 city, 3 county, 4 township';
COMMENT ON COLUMN @extschema@.progress_snapshot.progress IS 'the progress of the outfalls of the division at the end of as_of (outfall.progress)';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.progress_snapshot', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('@extschema@.progress_snapshot', 'id'), '');

-- A kind of snapshot, refused if unknown.
CREATE FUNCTION @extschema@.snapshot_kind_of(kind text) RETURNS @extschema@.snapshot_kind
    LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT
AS $$
DECLARE
    k snapshot_kind;
BEGIN
    SELECT * INTO k FROM snapshot_kind s WHERE s.kind = snapshot_kind_of.kind;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'snapshot kind "%" is not known', coalesce(kind, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('Expected %s.', (SELECT string_agg(s.kind, ', ' ORDER BY s.kind) FROM snapshot_kind s)),
                  HINT = 'The kinds are listed in outfall.snapshot_kind.';
    END IF;
    RETURN k;
END;
$$;
COMMENT ON FUNCTION @extschema@.snapshot_kind_of(text) IS 'the row of outfall.snapshot_kind for a kind; refuses an unknown kind';

-- Take a snapshot: the rollup of outfall.progress_by_division as of the
-- end of a day (a past day rebuilt from the ledger), one row per division.
CREATE FUNCTION @extschema@.take_snapshot(kind text, as_of date DEFAULT current_date) RETURNS integer
    LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT
AS $$
DECLARE
    k snapshot_kind := snapshot_kind_of(kind);
    at timestamptz := report_instant(as_of);
    p text := period_label(k.period_unit, as_of);
    prior progress_snapshot;
    n integer;
BEGIN
    -- two sessions taking the same snapshot: the second waits, then is refused
    PERFORM pg_advisory_xact_lock(hashtext('outfall.progress_snapshot:' || k.kind || '/' || p));
    SELECT * INTO prior FROM progress_snapshot s WHERE s.kind = k.kind AND s.period = p LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'a % snapshot (%) of % was taken already', k.kind, k.name_zh, p
            USING ERRCODE = 'unique_violation',
                  DETAIL = format('It is as of %s, taken at %s by %s.', prior.as_of, prior.taken_at, prior.taken_by),
                  HINT = format('To take it again, remove it first: DELETE FROM outfall.progress_snapshot WHERE kind = %L AND period = %L;',
                                k.kind, p);
    END IF;
    INSERT INTO progress_snapshot (kind, period, as_of, division, level, progress)
    SELECT k.kind, p, take_snapshot.as_of, r.code, r.level, r.progress
      FROM division_rollup(at, NULL) r;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END;
$$;
COMMENT ON FUNCTION @extschema@.take_snapshot(text, date) IS
    'take a progress snapshot of a kind (semiannual, quarterly, adhoc) as of the end of a day (default today; a past day from the ledger): one row per division of the rollup and the grand total; returns the rows written; one snapshot per kind and period';

-- What moved since a snapshot: per division and measure, the count and the
-- percentage then and now (or at the end of as_of), and the change.
CREATE FUNCTION @extschema@.progress_since_snapshot(kind text, period text DEFAULT NULL,
                                                    as_of date DEFAULT current_date)
    RETURNS TABLE (level integer, level_name text, code @extschema@.division_code, name text,
                   full_name text, is_total boolean, snapshot_period text, snapshot_as_of date, now_as_of date,
                   total_then bigint, total_now bigint, measure text, measure_zh text,
                   count_then bigint, count_now bigint, count_change bigint,
                   pct_then double precision, pct_now double precision, pct_points double precision)
    LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT
    -- a few rows per division; the planner cannot know how few (the small
    -- catalogs have no statistics) and would spend a second compiling (JIT)
    SET jit = off
AS $$
DECLARE
    k snapshot_kind := snapshot_kind_of(kind);
    at timestamptz := report_instant(as_of);
    p text := period;
    then_as_of date;
BEGIN
    IF p IS NULL THEN
        SELECT s.period, s.as_of INTO p, then_as_of
          FROM progress_snapshot s WHERE s.kind = k.kind
         ORDER BY s.as_of DESC, s.taken_at DESC LIMIT 1;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'no % snapshot (%) has been taken', k.kind, k.name_zh
                USING ERRCODE = 'no_data_found',
                      HINT = format('Take one with outfall.take_snapshot(%L).', k.kind);
        END IF;
    ELSE
        SELECT s.as_of INTO then_as_of FROM progress_snapshot s WHERE s.kind = k.kind AND s.period = p LIMIT 1;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'no % snapshot (%) of period "%"', k.kind, k.name_zh, p
                USING ERRCODE = 'no_data_found',
                      DETAIL = coalesce('Taken: ' || (SELECT string_agg(DISTINCT s.period, ', ') FROM progress_snapshot s
                                                       WHERE s.kind = k.kind) || '.',
                                        format('No %s snapshot has been taken.', k.kind)),
                      HINT = format('Periods of %s snapshots are labelled like %s.', k.kind, period_label(k.period_unit, date '2024-07-01'));
        END IF;
    END IF;
    RETURN QUERY
    WITH snap AS (
        SELECT s.level, s.division AS code, s.progress FROM progress_snapshot s
         WHERE s.kind = k.kind AND s.period = p
    ), cur AS (
        SELECT r.level, r.code, r.progress FROM division_rollup(at, NULL) r
    ), both_ AS MATERIALIZED (
        SELECT x.level, x.code,
               CASE WHEN x.level = 0 THEN 'total' ELSE level_name(x.code) END AS level_name,
               CASE WHEN x.level = 0 THEN '合计' ELSE division_name(x.code) END AS name,
               CASE WHEN x.level = 0 THEN '合计' ELSE division_full_name(x.code) END AS full_name,
               x.then_, x.now_
          FROM (SELECT coalesce(c.level, s.level::integer) AS level, coalesce(c.code, s.code) AS code,
                       s.progress AS then_, c.progress AS now_
                  FROM cur c FULL JOIN snap s ON s.level = c.level AND s.code IS NOT DISTINCT FROM c.code) x
    )
    SELECT b.level, b.level_name, b.code, b.name COLLATE zh_pinyin, b.full_name COLLATE zh_pinyin,
           b.level = 0, p, then_as_of, progress_since_snapshot.as_of,
           coalesce((b.then_).total, 0), coalesce((b.now_).total, 0),
           m.measure, m.name_zh,
           coalesce(measure_count(b.then_, m.measure), 0),
           coalesce(measure_count(b.now_, m.measure), 0),
           coalesce(measure_count(b.now_, m.measure), 0) - coalesce(measure_count(b.then_, m.measure), 0),
           percentage(b.then_, m.measure),
           percentage(b.now_, m.measure),
           percentage(b.now_, m.measure) - percentage(b.then_, m.measure)
      FROM both_ b CROSS JOIN measure m
     ORDER BY b.level > 0, b.code, m.ordinal;
END;
$$;
COMMENT ON FUNCTION @extschema@.progress_since_snapshot(text, text, date) IS
    'what moved since a snapshot (default: the latest of its kind), per division and measure: count and percentage then and now (or at the end of as_of), the change in count and in percentage points';
-- The three lists (三张清单) the plans ask for — outfalls (排污口清单),
-- responsible parties (责任主体清单) and pollution sources (污染源清单) —
-- and one outfall's file (一口一档) as one jsonb document.  Column names are
-- English; the Chinese names of codes are values beside them.

-- The Chinese names of the coded values the lists show.
CREATE TABLE @extschema@.value_label (
    column_name text NOT NULL,
    value       text NOT NULL,
    name_zh     text NOT NULL,
    PRIMARY KEY (column_name, value)
);
COMMENT ON TABLE @extschema@.value_label IS
    'the Chinese names of coded values (party.kind, source.kind, tracing.method, water_body.kind) as the lists show them';
INSERT INTO @extschema@.value_label VALUES
    ('party.kind', 'enterprise', '企业'),
    ('party.kind', 'park', '园区'),
    ('party.kind', 'treatment_plant', '污水处理厂'),
    ('party.kind', 'government', '地方政府'),
    ('party.kind', 'other', '其他'),
    ('source.kind', 'industrial', '工业源'),
    ('source.kind', 'domestic', '生活源'),
    ('source.kind', 'agricultural', '农业源'),
    ('source.kind', 'stormwater', '雨水'),
    ('source.kind', 'other', '其他'),
    ('tracing.method', 'document', '资料溯源'),
    ('tracing.method', 'field', '现场溯源'),
    ('tracing.method', 'technical', '技术溯源'),
    ('water_body.kind', 'river', '河流'),
    ('water_body.kind', 'lake', '湖泊'),
    ('water_body.kind', 'reservoir', '水库'),
    ('water_body.kind', 'canal', '渠道'),
    ('water_body.kind', 'sea', '海域');

CREATE FUNCTION @extschema@.value_zh(column_name text, value text) RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT l.name_zh FROM @extschema@.value_label l
     WHERE l.column_name = value_zh.column_name AND l.value = value_zh.value;
END;
COMMENT ON FUNCTION @extschema@.value_zh(text, text) IS
    'the Chinese name of a coded value: value_zh(''source.kind'', ''domestic'') is 生活源';

-- The first-level class (HJ 1312) of a category.
CREATE FUNCTION @extschema@.category_class(category text) RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    WITH RECURSIVE up AS (
        SELECT c.id, c.parent FROM @extschema@.category c WHERE c.id = category_class.category
        UNION ALL
        SELECT c.id, c.parent FROM @extschema@.category c JOIN up ON c.id = up.parent
    )
    SELECT up.id FROM up WHERE up.parent IS NULL;
END;
COMMENT ON FUNCTION @extschema@.category_class(text) IS
    'the first-level class (HJ 1312-2023: industrial, town_plant, agricultural, other) of a category';

------------------------------------------------------------------------------
-- 排污口清单: the outfalls
------------------------------------------------------------------------------
CREATE VIEW @extschema@.outfall_list AS
SELECT o.id,
       o.code,
       coalesce(o.name, o.survey_name) COLLATE @extschema@.zh_pinyin AS name,
       o.survey_name,
       o.survey_id,
       o.category,
       c.name_zh AS category_zh,
       k.id AS category_class,
       k.name_zh AS category_class_zh,
       @extschema@.division_name(@extschema@.province(o.division)) AS province_name,
       @extschema@.division_name(@extschema@.city(o.division)) AS city_name,
       @extschema@.division_name(@extschema@.county(o.division)) AS county_name,
       o.division AS township,
       d.name AS township_name,
       @extschema@.division_full_name(o.division) AS division_full_name,
       o.water_body,
       w.name AS water_body_name,
       ST_X(o.geom) AS lon,
       ST_Y(o.geom) AS lat,
       o.found_on,
       o.status,
       sl.name_zh AS status_zh,
       o.status_since,
       rp.name AS responsible_party,
       rp.uscc AS responsible_uscc,
       o.responsible_rule,
       p.action AS plan_action,
       @extschema@.plan_action_zh(p.action) AS plan_action_zh,
       p.deadline AS plan_deadline,
       p.responsible_unit AS plan_responsible_unit,
       p.responsible_person AS plan_responsible_person
  FROM @extschema@.outfall o
  JOIN @extschema@.division d ON d.code OPERATOR(@extschema@.=) o.division
  JOIN @extschema@.state_label sl ON sl.state = o.status
  LEFT JOIN @extschema@.category c ON c.id = o.category
  LEFT JOIN @extschema@.category k ON k.id = @extschema@.category_class(o.category)
  LEFT JOIN @extschema@.water_body w ON w.code = o.water_body
  LEFT JOIN @extschema@.party rp ON rp.id = o.responsible_id
  LEFT JOIN @extschema@.plan p ON p.outfall_id = o.id
 ORDER BY o.division, o.code, o.id;
COMMENT ON VIEW @extschema@.outfall_list IS
    '排污口清单: every outfall with its code, name, category, divisions, receiving water, location, state, first responsible party and plan; by township, then code';
COMMENT ON COLUMN @extschema@.outfall_list.id IS 'row id of the outfall';
COMMENT ON COLUMN @extschema@.outfall_list.code IS 'outfall code (排污口编码, HJ 1235); NULL until assigned';
COMMENT ON COLUMN @extschema@.outfall_list.name IS 'standard name (规范名称), else the survey''s name (collation zh_pinyin)';
COMMENT ON COLUMN @extschema@.outfall_list.survey_name IS 'the name the survey recorded';
COMMENT ON COLUMN @extschema@.outfall_list.survey_id IS 'the survey''s id of the outfall';
COMMENT ON COLUMN @extschema@.outfall_list.category IS 'category (HJ 1312), an outfall.category id';
COMMENT ON COLUMN @extschema@.outfall_list.category_zh IS 'Chinese name of the category (排污口类别)';
COMMENT ON COLUMN @extschema@.outfall_list.category_class IS 'first-level class of the category: industrial, town_plant, agricultural or other';
COMMENT ON COLUMN @extschema@.outfall_list.category_class_zh IS 'Chinese name of the first-level class (工业排污口, 城镇污水处理厂排污口, 农业排口, 其他排口)';
COMMENT ON COLUMN @extschema@.outfall_list.province_name IS 'province (省)';
COMMENT ON COLUMN @extschema@.outfall_list.city_name IS 'city (市)';
COMMENT ON COLUMN @extschema@.outfall_list.county_name IS 'county (县/区); NULL where the city has no counties';
COMMENT ON COLUMN @extschema@.outfall_list.township IS 'township code (乡镇/街道)';
COMMENT ON COLUMN @extschema@.outfall_list.township_name IS 'township (乡镇/街道)';
COMMENT ON COLUMN @extschema@.outfall_list.division_full_name IS 'the names from the province down to the township';
COMMENT ON COLUMN @extschema@.outfall_list.water_body IS 'receiving water code (受纳水体, HJ 932)';
COMMENT ON COLUMN @extschema@.outfall_list.water_body_name IS 'receiving water name';
COMMENT ON COLUMN @extschema@.outfall_list.lon IS 'longitude (经度), CGCS2000 degrees';
COMMENT ON COLUMN @extschema@.outfall_list.lat IS 'latitude (纬度), CGCS2000 degrees';
COMMENT ON COLUMN @extschema@.outfall_list.found_on IS 'when the survey found it';
COMMENT ON COLUMN @extschema@.outfall_list.status IS 'lifecycle state (outfall.state)';
COMMENT ON COLUMN @extschema@.outfall_list.status_zh IS 'Chinese name of the state (排查, 监测, 溯源, 方案, 整治中, 整治完成, 销号, 保留)';
COMMENT ON COLUMN @extschema@.outfall_list.status_since IS 'when it entered the state';
COMMENT ON COLUMN @extschema@.outfall_list.responsible_party IS 'first responsible party (第一责任主体)';
COMMENT ON COLUMN @extschema@.outfall_list.responsible_uscc IS 'its unified social credit code (统一社会信用代码)';
COMMENT ON COLUMN @extschema@.outfall_list.responsible_rule IS 'what decided the responsible party: user, owner, local_government or recorded';
COMMENT ON COLUMN @extschema@.outfall_list.plan_action IS 'the plan''s action: ban, merge, standardize or retain; NULL without a plan';
COMMENT ON COLUMN @extschema@.outfall_list.plan_action_zh IS 'the action in Chinese (依法取缔, 清理合并, 规范整治, 保留)';
COMMENT ON COLUMN @extschema@.outfall_list.plan_deadline IS 'the plan''s deadline (整治期限)';
COMMENT ON COLUMN @extschema@.outfall_list.plan_responsible_unit IS 'the unit responsible for the rectification (责任单位)';
COMMENT ON COLUMN @extschema@.outfall_list.plan_responsible_person IS 'the person responsible for it (责任人)';

------------------------------------------------------------------------------
-- 责任主体清单: the responsible parties
------------------------------------------------------------------------------
CREATE VIEW @extschema@.party_list AS
SELECT pa.id,
       pa.name COLLATE @extschema@.zh_pinyin AS name,
       pa.uscc,
       pa.kind,
       @extschema@.value_zh('party.kind', pa.kind) AS kind_zh,
       pa.division,
       @extschema@.division_full_name(pa.division) AS division_full_name,
       park.name AS park_name,
       r.outfalls,
       r.codes AS outfall_codes,
       (SELECT count(*) FROM @extschema@.outfall o WHERE o.owner_id = pa.id) AS owned_outfalls,
       (SELECT count(*) FROM @extschema@.outfall o WHERE o.user_id = pa.id) AS used_outfalls,
       (SELECT count(*) FROM @extschema@.source s WHERE s.party_id = pa.id) AS sources
  FROM @extschema@.party pa
  LEFT JOIN @extschema@.party park ON park.id = pa.park_id
 CROSS JOIN LATERAL (
        SELECT count(o.id) AS outfalls,
               string_agg(coalesce(o.code::text, 'survey ' || o.survey_id, 'id ' || o.id), ', '
                          ORDER BY o.code, o.survey_id, o.id) AS codes
          FROM @extschema@.outfall o WHERE o.responsible_id = pa.id) r
 WHERE r.outfalls > 0
    OR EXISTS (SELECT FROM @extschema@.outfall o WHERE o.owner_id = pa.id OR o.user_id = pa.id)
    OR EXISTS (SELECT FROM @extschema@.source s WHERE s.party_id = pa.id)
 ORDER BY pa.name COLLATE @extschema@.zh_pinyin, pa.id;
COMMENT ON VIEW @extschema@.party_list IS
    '责任主体清单: every party that answers for, owns or uses an outfall or is behind a traced source, with the outfalls it is the first responsible party of; names in pinyin order';
COMMENT ON COLUMN @extschema@.party_list.id IS 'row id of the party';
COMMENT ON COLUMN @extschema@.party_list.name IS 'name of the party (collation zh_pinyin)';
COMMENT ON COLUMN @extschema@.party_list.uscc IS 'unified social credit code (统一社会信用代码), where it has one';
COMMENT ON COLUMN @extschema@.party_list.kind IS 'enterprise, park, treatment_plant, government or other';
COMMENT ON COLUMN @extschema@.party_list.kind_zh IS 'the kind in Chinese (企业, 园区, 污水处理厂, 地方政府, 其他)';
COMMENT ON COLUMN @extschema@.party_list.division IS 'where the party is; for a government, the division it governs';
COMMENT ON COLUMN @extschema@.party_list.division_full_name IS 'the names of that division from the province down';
COMMENT ON COLUMN @extschema@.party_list.park_name IS 'the industrial park the enterprise is in';
COMMENT ON COLUMN @extschema@.party_list.outfalls IS 'outfalls it is the first responsible party (第一责任主体) of';
COMMENT ON COLUMN @extschema@.party_list.outfall_codes IS 'the codes of those outfalls (survey id where no code is assigned yet), comma-separated';
COMMENT ON COLUMN @extschema@.party_list.owned_outfalls IS 'outfalls it owns (所有者)';
COMMENT ON COLUMN @extschema@.party_list.used_outfalls IS 'outfalls it uses (使用者)';
COMMENT ON COLUMN @extschema@.party_list.sources IS 'pollution sources traced to it';

------------------------------------------------------------------------------
-- 污染源清单: the pollution sources traced behind outfalls
------------------------------------------------------------------------------
CREATE VIEW @extschema@.source_list AS
SELECT s.id,
       s.name COLLATE @extschema@.zh_pinyin AS name,
       s.kind,
       @extschema@.value_zh('source.kind', s.kind) AS kind_zh,
       pa.name AS party_name,
       pa.uscc AS party_uscc,
       s.responsibility,
       o.id AS outfall_id,
       o.code AS outfall_code,
       coalesce(o.name, o.survey_name) AS outfall_name,
       o.division AS township,
       @extschema@.division_full_name(o.division) AS division_full_name,
       o.water_body,
       w.name AS water_body_name,
       t.id AS tracing_id,
       t.method AS tracing_method,
       @extschema@.value_zh('tracing.method', t.method) AS tracing_method_zh,
       t.traced_on
  FROM @extschema@.source s
  JOIN @extschema@.tracing t ON t.id = s.tracing_id
  JOIN @extschema@.outfall o ON o.id = s.outfall_id
  LEFT JOIN @extschema@.party pa ON pa.id = s.party_id
  LEFT JOIN @extschema@.water_body w ON w.code = o.water_body
 ORDER BY o.division, o.code, o.id, t.traced_on, s.id;
COMMENT ON VIEW @extschema@.source_list IS
    '污染源清单: every pollution source found by tracing, with its discharging unit and the outfall it discharges through; by township, outfall code, tracing date';
COMMENT ON COLUMN @extschema@.source_list.id IS 'row id of the source';
COMMENT ON COLUMN @extschema@.source_list.name IS 'name of the source (collation zh_pinyin)';
COMMENT ON COLUMN @extschema@.source_list.kind IS 'industrial, domestic, agricultural, stormwater or other';
COMMENT ON COLUMN @extschema@.source_list.kind_zh IS 'the kind in Chinese (工业源, 生活源, 农业源, 雨水, 其他)';
COMMENT ON COLUMN @extschema@.source_list.party_name IS 'the discharging unit, where it is a party';
COMMENT ON COLUMN @extschema@.source_list.party_uscc IS 'its unified social credit code';
COMMENT ON COLUMN @extschema@.source_list.responsibility IS 'its share of responsibility for a shared outfall, as its permit states it';
COMMENT ON COLUMN @extschema@.source_list.outfall_id IS 'row id of the outfall it discharges through';
COMMENT ON COLUMN @extschema@.source_list.outfall_code IS 'code of that outfall';
COMMENT ON COLUMN @extschema@.source_list.outfall_name IS 'name of that outfall (standard, else the survey''s)';
COMMENT ON COLUMN @extschema@.source_list.township IS 'township code of the outfall';
COMMENT ON COLUMN @extschema@.source_list.division_full_name IS 'the names of the township from the province down';
COMMENT ON COLUMN @extschema@.source_list.water_body IS 'receiving water code of the outfall';
COMMENT ON COLUMN @extschema@.source_list.water_body_name IS 'receiving water name';
COMMENT ON COLUMN @extschema@.source_list.tracing_id IS 'the tracing that found the source';
COMMENT ON COLUMN @extschema@.source_list.tracing_method IS 'document, field or technical';
COMMENT ON COLUMN @extschema@.source_list.tracing_method_zh IS 'the method in Chinese (资料溯源, 现场溯源, 技术溯源)';
COMMENT ON COLUMN @extschema@.source_list.traced_on IS 'when the tracing was done';

------------------------------------------------------------------------------
-- 一口一档: one outfall's file
------------------------------------------------------------------------------

CREATE FUNCTION @extschema@.party_json(party_id bigint) RETURNS jsonb
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT pg_catalog.jsonb_build_object('id', p.id, 'name', p.name, 'uscc', p.uscc, 'kind', p.kind,
               'kind_zh', @extschema@.value_zh('party.kind', p.kind), 'division', p.division)
      FROM @extschema@.party p WHERE p.id = party_json.party_id;
END;
COMMENT ON FUNCTION @extschema@.party_json(bigint) IS 'a party as the outfall file shows it (jsonb): id, name, uscc, kind, division';

-- The file of an outfall: everything the registry holds about it, its
-- required action and current findings, and its ledger history in order.
CREATE FUNCTION @extschema@.outfall_document(o @extschema@.outfall) RETURNS jsonb
    LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SET search_path FROM CURRENT
AS $$
BEGIN
    RETURN jsonb_build_object(
        'outfall', jsonb_build_object(
            'id', o.id, 'code', o.code, 'name', o.name, 'survey_name', o.survey_name,
            'survey_id', o.survey_id, 'found_on', o.found_on, 'survey_level', o.survey_level,
            'survey_complete', survey_complete(o), 'discharge_mode', o.discharge_mode,
            'is_legacy', o.is_legacy, 'setting', o.setting,
            'status', o.status, 'status_zh', (SELECT l.name_zh FROM state_label l WHERE l.state = o.status),
            'status_since', o.status_since,
            'lon', ST_X(o.geom), 'lat', ST_Y(o.geom), 'responsible_rule', o.responsible_rule),
        'category', (SELECT jsonb_build_object('id', c.id, 'name_zh', c.name_zh, 'name_en', c.name_en,
                                               'type_letters', c.type_letters,
                                               'class', k.id, 'class_zh', k.name_zh)
                       FROM category c LEFT JOIN category k ON k.id = category_class(c.id)
                      WHERE c.id = o.category),
        'division', jsonb_build_object(
            'township', o.division, 'name', division_name(o.division),
            'county', county(o.division), 'county_name', division_name(county(o.division)),
            'full_name', division_full_name(o.division)),
        'water_body', (SELECT jsonb_build_object('code', w.code, 'name', w.name, 'kind', w.kind,
                                                 'kind_zh', value_zh('water_body.kind', w.kind),
                                                 'is_key_river', w.is_key_river, 'target_class', w.target_class,
                                                 'meets_target', w.meets_target)
                         FROM water_body w WHERE w.code = o.water_body),
        'parties', jsonb_build_object(
            'responsible', party_json(o.responsible_id),
            'owner', party_json(o.owner_id),
            'user', party_json(o.user_id)),
        'tracings', coalesce((
            SELECT jsonb_agg(jsonb_build_object(
                       'id', t.id, 'method', t.method, 'method_zh', value_zh('tracing.method', t.method),
                       'traced_on', t.traced_on, 'note', t.note,
                       'sources', coalesce((
                           SELECT jsonb_agg(jsonb_build_object(
                                      'id', s.id, 'name', s.name, 'kind', s.kind,
                                      'kind_zh', value_zh('source.kind', s.kind),
                                      'party', party_json(s.party_id), 'responsibility', s.responsibility)
                                  ORDER BY s.id)
                             FROM source s WHERE s.tracing_id = t.id), '[]'))
                   ORDER BY t.traced_on, t.id)
              FROM tracing t WHERE t.outfall_id = o.id), '[]'),
        'samples', coalesce((
            SELECT jsonb_agg((to_jsonb(s) - 'outfall_id') || jsonb_build_object('indicators', coalesce((
                       SELECT jsonb_agg(jsonb_build_object('name', i.name, 'value', i.value, 'unit', i.unit)
                                        ORDER BY i.name)
                         FROM sample_indicator i WHERE i.sample_id = s.id), '[]'))
                   ORDER BY s.sampled_at, s.id)
              FROM sample s WHERE s.outfall_id = o.id), '[]'),
        'plan', (SELECT jsonb_build_object(
                        'action', p.action, 'action_zh', plan_action_zh(p.action), 'measures', p.measures,
                        'responsible_unit', p.responsible_unit, 'responsible_person', p.responsible_person,
                        'deadline', p.deadline, 'set_on', p.set_on,
                        'merge_target', (SELECT m.code FROM outfall m WHERE m.id = p.merge_target_id))
                   FROM plan p WHERE p.outfall_id = o.id),
        'approvals', coalesce((
            SELECT jsonb_agg(to_jsonb(a) - 'outfall_id' ORDER BY a.decided_on, a.id)
              FROM approval a WHERE a.outfall_id = o.id), '[]'),
        'signboard', (SELECT to_jsonb(b) - 'outfall_id' FROM signboard b WHERE b.outfall_id = o.id),
        'verifications', coalesce((
            SELECT jsonb_agg(to_jsonb(v) - 'outfall_id' ORDER BY v.verified_at, v.id)
              FROM verification v WHERE v.outfall_id = o.id), '[]'),
        'zones', coalesce((
            SELECT jsonb_agg(jsonb_build_object('id', z.id, 'kind', z.kind, 'kind_zh', k.name_zh,
                                                'effect', k.effect, 'name', z.name, 'code', z.code,
                                                'valid_from', z.valid_from)
                             ORDER BY k.strictness, z.id)
              FROM outfall_zone m JOIN zone z ON z.id = m.zone_id JOIN zone_kind k ON k.kind = z.kind
             WHERE m.outfall_id = o.id), '[]'),
        'required_action', (SELECT jsonb_build_object('action', r.action, 'zone_id', r.zone_id,
                                                      'zone_name', r.zone_name, 'reason_zh', r.reason_zh,
                                                      'reason_en', r.reason_en, 'basis', r.basis)
                              FROM required_action(o.id) r),
        'findings', coalesce((
            SELECT jsonb_agg(jsonb_build_object('rule', f.rule, 'severity', f.severity,
                                                'message_zh', f.message_zh, 'message_en', f.message_en,
                                                'basis', f.basis)
                             ORDER BY severity_rank(f.severity), f.rule, f.message_en)
              FROM findings(ARRAY[o.id]) f), '[]'),
        'history', coalesce((
            SELECT jsonb_agg(jsonb_build_object('id', l.id, 'happened_at', l.happened_at,
                                                'recorded_at', l.recorded_at, 'actor', l.actor,
                                                'entity', l.entity, 'entity_id', l.entity_id, 'op', l.op,
                                                'old', l.old, 'new', l.new, 'note', l.note)
                             ORDER BY l.happened_at, l.id)
              FROM ledger l WHERE l.outfall_id = o.id), '[]'));
END;
$$;
COMMENT ON FUNCTION @extschema@.outfall_document(@extschema@.outfall) IS
    'the file (一口一档) of an outfall row as one jsonb document; see outfall.outfall_file';

CREATE FUNCTION @extschema@.outfall_file(code @extschema@.outfall_code) RETURNS jsonb
    LANGUAGE plpgsql STABLE STRICT PARALLEL RESTRICTED SET search_path FROM CURRENT
AS $$
DECLARE
    o outfall;
BEGIN
    SELECT * INTO o FROM outfall x WHERE x.code = outfall_file.code;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no outfall with code "%"', code
            USING ERRCODE = 'no_data_found',
                  HINT = 'outfall.outfall_list lists the outfalls; one without a code yet is found by its id: outfall.outfall_file(id).';
    END IF;
    RETURN outfall_document(o);
END;
$$;
COMMENT ON FUNCTION @extschema@.outfall_file(@extschema@.outfall_code) IS
    'one outfall''s file (一口一档) as jsonb: the outfall, its category, division, receiving water, parties, tracings with sources, samples with indicators, plan, approvals, signboard, verifications, zones, required action, current findings and ledger history; refused (P0002) for an unknown code';

CREATE FUNCTION @extschema@.outfall_file(id bigint) RETURNS jsonb
    LANGUAGE plpgsql STABLE STRICT PARALLEL RESTRICTED SET search_path FROM CURRENT
AS $$
DECLARE
    o outfall;
BEGIN
    SELECT * INTO o FROM outfall x WHERE x.id = outfall_file.id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no outfall with id %', id
            USING ERRCODE = 'no_data_found',
                  HINT = 'outfall.outfall_list lists the outfalls with their ids.';
    END IF;
    RETURN outfall_document(o);
END;
$$;
COMMENT ON FUNCTION @extschema@.outfall_file(bigint) IS
    'one outfall''s file (一口一档) by row id, for outfalls without a code yet; see outfall.outfall_file(outfall_code); refused (P0002) for an unknown id';

-- A code given as text (a quoted literal, a text column): without this,
-- outfall_file('...') could be either of the two above.
CREATE FUNCTION @extschema@.outfall_file(code text) RETURNS jsonb
    LANGUAGE sql STABLE STRICT PARALLEL RESTRICTED
    RETURN @extschema@.outfall_file(code::@extschema@.outfall_code);
COMMENT ON FUNCTION @extschema@.outfall_file(text) IS
    'one outfall''s file (一口一档) by its code written as text; see outfall.outfall_file(outfall_code)';
-- chart: progress by division as an SVG bar chart, with the targets of the
-- plans as horizontal lines — the picture of 一季一调度 (quarterly
-- dispatch) that a report or a web page can show as it is.

-- The SVG is built with SQL/XML (xmlelement), so that every name and label
-- is escaped and the document is well-formed whatever the data holds.
CREATE FUNCTION @extschema@.progress_chart(as_of date DEFAULT CURRENT_DATE,
                                           under @extschema@.division_code DEFAULT NULL,
                                           measure text DEFAULT 'rectified')
    RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT
AS $$
DECLARE
    m record;
    lvl integer;
    svg xml;
    -- layout, in pixels: 3 per percent on the vertical axis
    plot_h constant integer := 300;
    slot constant integer := 72;
    bar_w constant integer := 44;
    left_m constant integer := 64;
    top_m constant integer := 72;
BEGIN
    IF as_of IS NULL THEN
        RAISE EXCEPTION 'the day of a progress chart must be given, not NULL'
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Leave it out for today.';
    END IF;
    SELECT * INTO m FROM @extschema@.measure x WHERE x.measure = progress_chart.measure;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'progress measure "%" is not known', coalesce(progress_chart.measure, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Expected ' || (SELECT string_agg(x.measure, ', ' ORDER BY x.ordinal) FROM @extschema@.measure x) || '.',
                  HINT = 'The measures are listed in outfall.measure.';
    END IF;
    IF under IS NOT NULL AND NOT division_exists(under) THEN
        RAISE EXCEPTION 'division "%" is not in outfall.division', under
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Give the code of a province, city, county or township (GB/T 2260), or NULL for every county.';
    END IF;
    -- one bar per division one level below under (per county without it);
    -- where a code skips that level (东莞 has townships but no counties) the
    -- next level down stands in
    lvl := CASE WHEN under IS NULL THEN 3 ELSE least(level(under) + 1, 4) END;
    -- the cities of 北京, 天津, 上海 and 重庆 are placeholders (市辖区):
    -- their bars are the districts
    IF lvl = 2 AND EXISTS (SELECT FROM division d WHERE d.parent = under AND d.name = '市辖区') THEN
        lvl := 3;
    END IF;

    WITH r AS MATERIALIZED (
        SELECT * FROM progress_input(day_end(as_of)) o WHERE under IS NULL OR o.division <@ under
    ), per AS (
        SELECT coalesce(division_code_ancestor(r.division, lvl), division_code_ancestor(r.division, lvl + 1),
                        r.division) AS d,
               progress(r.status, r.plan_action, r.surveyed) AS p
          FROM r GROUP BY 1
    ), bars AS (
        SELECT per.d, coalesce(division_name(per.d), per.d::text) AS name,
               per.p -> m.measure AS reached, (per.p).total AS total,
               percentage(per.p, m.measure) AS pct,
               (row_number() OVER (ORDER BY per.d) - 1)::integer AS i
          FROM per
    ), frame AS (
        SELECT count(*)::integer AS n, coalesce(max(char_length(bars.name)), 0) AS longest
          FROM bars
    ), geo AS (
        SELECT f.n,
               greatest(left_m + greatest(f.n, 1) * slot + 24, 640) AS width,
               top_m + plot_h + 42 + 14 * ((greatest(f.longest, 1) - 1) / 5) AS height,
               greatest(f.n, 1) * slot AS plot_w
          FROM frame f
    ), lines AS (
        SELECT t.id, t.percent, t.due_on, min(b.i) AS first_i, max(b.i) AS last_i,
               (row_number() OVER (PARTITION BY t.percent ORDER BY t.due_on, t.id) - 1)::integer AS stack,
               format('目标 %s%%，%s 前%s', trim_scale(t.percent), t.due_on,
                      coalesce('（' || nullif(concat_ws('；',
                          (SELECT string_agg(coalesce(w.name, u.code), '、' ORDER BY u.k)
                             FROM unnest(t.water_bodies) WITH ORDINALITY u(code, k)
                             LEFT JOIN water_body w ON w.code = u.code),
                          (SELECT string_agg(coalesce(c.name_zh, u.id), '、' ORDER BY u.k)
                             FROM unnest(t.categories) WITH ORDINALITY u(id, k)
                             LEFT JOIN category c ON c.id = u.id),
                          CASE WHEN t.abnormal_only THEN '异常排污口' END), '') || '）', '')) AS label
          FROM target t JOIN bars b ON t.division IS NULL OR b.d <@ t.division
         WHERE t.measure = m.measure
         GROUP BY t.id
    )
    SELECT xmlelement(name svg,
        xmlattributes('http://www.w3.org/2000/svg' AS xmlns, '1.1' AS version,
                      g.width AS width, g.height AS height,
                      format('0 0 %s %s', g.width, g.height) AS "viewBox",
                      'Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, SimHei, sans-serif' AS "font-family",
                      12 AS "font-size"),
        xmlelement(name title, title.t),
        xmlelement(name style, xmlattributes('text/css' AS type),
            '.bar{fill:#4e79a7} .axis{stroke:#333;stroke-width:1} .grid{stroke:#ddd;stroke-width:1} '
            '.target-line{stroke:#e15759;stroke-width:2;stroke-dasharray:6,4} .target-label{fill:#e15759;font-size:11px;stroke:#fff;stroke-width:3px;paint-order:stroke} '
            '.value{fill:#333;font-size:11px} .caption{fill:#666;font-size:11px} .heading{font-size:16px;font-weight:bold}'),
        xmlelement(name text, xmlattributes('heading' AS class, left_m AS x, 28 AS y), title.t),
        xmlelement(name text, xmlattributes('caption' AS class, left_m AS x, 48 AS y),
                   format('柱：%s完成比例（%s）；虚线：方案目标及截止日期', m.name_zh, m.measure)),
        -- the vertical axis: gridlines and ticks every 20%
        (SELECT xmlagg(xmlconcat(
                    xmlelement(name line, xmlattributes(CASE WHEN v = 0 THEN 'axis' ELSE 'grid' END AS class,
                               left_m AS x1, left_m + g.plot_w AS x2,
                               top_m + plot_h - v * plot_h / 100 AS y1, top_m + plot_h - v * plot_h / 100 AS y2)),
                    xmlelement(name text, xmlattributes('tick' AS class, left_m - 6 AS x,
                               top_m + plot_h - v * plot_h / 100 + 4 AS y, 'end' AS "text-anchor"), v || '%'))
                ORDER BY v)
           FROM generate_series(0, 100, 20) v),
        xmlelement(name line, xmlattributes('axis' AS class, left_m AS x1, left_m AS x2,
                                            top_m AS y1, top_m + plot_h AS y2)),
        -- the bars
        (SELECT xmlagg(xmlelement(name g, xmlattributes('division' AS class, 'd' || b.d AS id),
                    xmlelement(name rect, xmlattributes('bar' AS class,
                               left_m + b.i * slot + (slot - bar_w) / 2 AS x,
                               round((top_m + plot_h - b.pct * plot_h / 100)::numeric, 2) AS y,
                               bar_w AS width,
                               round((b.pct * plot_h / 100)::numeric, 2) AS height),
                        xmlelement(name title, format('%s：%s %s/%s（%s%%）', division_full_name(b.d), m.name_zh,
                                                      b.reached, b.total, to_char(b.pct, 'FM990.0')))),
                    xmlelement(name text, xmlattributes('value' AS class,
                               left_m + b.i * slot + slot / 2 AS x,
                               round((top_m + plot_h - b.pct * plot_h / 100 - 4)::numeric, 2) AS y,
                               'middle' AS "text-anchor"), to_char(b.pct, 'FM990.0') || '%'),
                    -- a name is written five characters to a line, so that
                    -- no name runs into the next
                    xmlelement(name text, xmlattributes('label' AS class,
                               left_m + b.i * slot + slot / 2 AS x, top_m + plot_h + 18 AS y, 'middle' AS "text-anchor"),
                               (SELECT xmlagg(xmlelement(name tspan,
                                           xmlattributes(left_m + b.i * slot + slot / 2 AS x,
                                                         CASE WHEN k = 1 THEN 0 ELSE 14 END AS dy),
                                           part[1]) ORDER BY k)
                                  FROM regexp_matches(b.name, '.{1,5}', 'g') WITH ORDINALITY AS w(part, k))))
                ORDER BY b.i)
           FROM bars b),
        -- the targets, over the bars their scope covers
        (SELECT xmlagg(xmlelement(name g, xmlattributes('target' AS class, 'target-' || l.id AS id),
                    xmlelement(name line, xmlattributes('target-line' AS class,
                               left_m + l.first_i * slot AS x1, left_m + (l.last_i + 1) * slot AS x2,
                               round(top_m + plot_h - l.percent * plot_h / 100, 2) AS y1,
                               round(top_m + plot_h - l.percent * plot_h / 100, 2) AS y2)),
                    xmlelement(name text, xmlattributes('target-label' AS class, left_m + l.first_i * slot + 4 AS x,
                               round(top_m + plot_h - l.percent * plot_h / 100 - 4 - 13 * l.stack, 2) AS y),
                               l.label))
                ORDER BY l.percent, l.stack)
           FROM lines l),
        CASE WHEN g.n = 0 THEN
            xmlelement(name text, xmlattributes('caption' AS class, left_m + g.plot_w / 2 AS x,
                       top_m + plot_h / 2 AS y, 'middle' AS "text-anchor"), '无排污口（no outfalls in scope）')
        END)
      INTO svg
      FROM geo g,
           LATERAL (SELECT format('%s进度：%s（截至 %s）', m.name_zh,
                       CASE WHEN under IS NULL THEN '各区县'
                            WHEN level(under) >= 4 THEN division_full_name(under)
                            ELSE division_full_name(under)
                                 || (ARRAY['各市', '各区县', '各乡镇（街道）'])[lvl - 1] END,
                       as_of) AS t) title;
    RETURN '<?xml version="1.0" encoding="UTF-8"?>' || E'\n' || svg::text || E'\n';
END;
$$;
COMMENT ON FUNCTION @extschema@.progress_chart(date, @extschema@.division_code, text) IS
    'an SVG 1.1 bar chart of a measure''s progress at the end of a day: one bar per county, or per division just below under, labelled with its name and percentage, and a dashed line for each target of that measure whose scope covers those divisions, labelled with its percent and due date';
