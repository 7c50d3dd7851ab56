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
