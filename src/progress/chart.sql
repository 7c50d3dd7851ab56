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
