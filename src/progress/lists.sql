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
