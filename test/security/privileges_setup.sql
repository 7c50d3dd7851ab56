-- privileges.sh, step 2 (after test/generate/generate.sh has written a
-- registry): the roles and their jurisdictions, a second province, the
-- fixture rows every write is aimed at, and the cases.  Run as a superuser
-- with psql -v ON_ERROR_STOP=1 in the matrix database.
SET search_path = outfall, public;
SET client_min_messages = warning;
SET datestyle = 'ISO, YMD';
SET timezone = 'Asia/Shanghai';

DROP SCHEMA IF EXISTS priv CASCADE;
CREATE SCHEMA priv;

-- whether a division lies in (in_j) or above (above_j) one of a set; by the
-- text of the codes, not by the extension's operators under test
CREATE FUNCTION priv.in_j(d text, j text[]) RETURNS boolean LANGUAGE sql IMMUTABLE
    RETURN d IS NOT NULL AND EXISTS (SELECT FROM unnest(j) x WHERE d LIKE x || '%');
CREATE FUNCTION priv.above_j(d text, j text[]) RETURNS boolean LANGUAGE sql IMMUTABLE
    RETURN d IS NOT NULL AND EXISTS (SELECT FROM unnest(j) x WHERE x LIKE d || '%');

------------------------------------------------------------------------------
-- places: the generated county with the most outfalls and its two largest
-- townships (A, B), the largest township of another county (X), preferably
-- of the same city; a township of another city of the province (Y) and
-- 南昌市东湖区 in 江西 (D), both registered here
------------------------------------------------------------------------------
CREATE TABLE priv.place (name text PRIMARY KEY, code text NOT NULL);
INSERT INTO priv.place
SELECT 'county', c FROM (SELECT county(division)::text AS c, count(*) n FROM outfall
                          GROUP BY 1 ORDER BY n DESC, c LIMIT 1) x;
INSERT INTO priv.place
SELECT CASE rn WHEN 1 THEN 'A' ELSE 'B' END, t
  FROM (SELECT division::text AS t, row_number() OVER (ORDER BY count(*) DESC, division::text) rn
          FROM outfall WHERE county(division)::text = (SELECT code FROM priv.place WHERE name = 'county')
         GROUP BY division) x
 WHERE rn <= 2;
INSERT INTO priv.place
SELECT 'X', division::text FROM outfall
 WHERE county(division)::text <> (SELECT code FROM priv.place WHERE name = 'county')
 GROUP BY division
 ORDER BY left(division::text, 4) = left((SELECT code FROM priv.place WHERE name = 'county'), 4) DESC,
          count(*) DESC, division::text
 LIMIT 1;
INSERT INTO priv.place VALUES ('D', '360102002'), ('D2', '360102004');
INSERT INTO priv.place
SELECT 'city', left(code, 4) FROM priv.place WHERE name = 'county'
UNION ALL SELECT 'province', left(code, 2) FROM priv.place WHERE name = 'county';
INSERT INTO priv.place
SELECT 'Y', min(d.code::text) FROM division d
 WHERE length(d.code::text) = 9
   AND left(d.code::text, 2) = (SELECT code FROM priv.place WHERE name = 'province')
   AND left(d.code::text, 4) <> (SELECT code FROM priv.place WHERE name = 'city')
   AND NOT EXISTS (SELECT FROM outfall o WHERE left(o.division::text, 4) = left(d.code::text, 4))
HAVING min(d.code::text) IS NOT NULL;
DO $$
BEGIN
    IF (SELECT count(*) FROM priv.place) <> 9 THEN
        RAISE EXCEPTION 'the generated registry lacks the places the matrix needs: %',
            (SELECT string_agg(name || '=' || code, ', ') FROM priv.place);
    END IF;
    IF left((SELECT code FROM priv.place WHERE name = 'province'), 2) = '36' THEN
        RAISE EXCEPTION 'the generated registry lies in 江西, the second province of the matrix';
    END IF;
END $$;

-- the jurisdiction levels: each role kind is mapped at each of them
CREATE TABLE priv.level (ord int PRIMARY KEY, level text UNIQUE, divisions text[] NOT NULL);
INSERT INTO priv.level
SELECT v.ord, v.level, v.divisions
  FROM (SELECT (SELECT code FROM priv.place WHERE name = 'province') AS p,
               (SELECT code FROM priv.place WHERE name = 'city') AS ci,
               (SELECT code FROM priv.place WHERE name = 'county') AS co,
               (SELECT code FROM priv.place WHERE name = 'A') AS a,
               (SELECT code FROM priv.place WHERE name = 'B') AS b) x,
       LATERAL (VALUES (1, 'province', ARRAY[x.p]), (2, 'city', ARRAY[x.ci]), (3, 'county', ARRAY[x.co]),
                       (4, 'township', ARRAY[x.a]), (5, 'other_township', ARRAY[x.b]),
                       (6, 'other_province', ARRAY['36']), (7, 'via_team', ARRAY[x.co]),
                       (8, 'none', '{}'::text[])) v(ord, level, divisions);

-- the roles: kind x level, plus the superuser (ord 0) whose outcomes show
-- that every write the oracle allows can be made at all
CREATE TABLE priv.role_ (ord int PRIMARY KEY, role name UNIQUE, kind text, level text);
INSERT INTO priv.role_ VALUES (0, NULL, 'superuser', NULL);
INSERT INTO priv.role_
SELECT row_number() OVER (ORDER BY l.ord, k.ord), format('outfall_test_priv_%s_%s', k.kind, l.level), k.kind, l.level
  FROM priv.level l,
       (VALUES (1, 'reader'), (2, 'editor'), (3, 'verifier'), (4, 'admin'), (5, 'norole')) k(ord, kind);
DO $$
DECLARE
    r record;
BEGIN
    -- a team role mapped to the county: the via_team roles get their area from it
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'outfall_test_priv_team') THEN
        CREATE ROLE outfall_test_priv_team NOLOGIN;
    END IF;
    -- roles nobody is a member of, whose mappings the admins' writes aim at
    FOR r IN SELECT unnest(ARRAY['outfall_test_priv_spare', 'outfall_test_priv_spare_new', 'outfall_test_priv_spare_move']) AS role LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r.role) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', r.role);
        END IF;
    END LOOP;
    FOR r IN SELECT * FROM priv.role_ WHERE role IS NOT NULL ORDER BY ord LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r.role) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', r.role);
        END IF;
        IF r.kind <> 'norole' THEN
            EXECUTE format('GRANT %I TO %I', 'outfall_' || r.kind, r.role);
        END IF;
        IF r.level = 'via_team' THEN
            EXECUTE format('GRANT outfall_test_priv_team TO %I', r.role);
        END IF;
    END LOOP;
END $$;
INSERT INTO jurisdiction (member, division)
SELECT r.role, d::division_code
  FROM priv.role_ r JOIN priv.level l USING (level), unnest(l.divisions) d
 WHERE r.level <> 'via_team';
INSERT INTO jurisdiction (member, division)
SELECT 'outfall_test_priv_team', code::division_code FROM priv.place WHERE name = 'county';

------------------------------------------------------------------------------
-- the second province: 60 outfalls of 东湖区 taken along the lifecycle; and
-- 20 outfalls in the township of another city (Y), so that the province
-- holds more than the city
------------------------------------------------------------------------------
INSERT INTO water_body (code, name, kind) VALUES ('PRIV1', '测试河', 'river'), ('PRIV2', '测试湖', 'lake'),
                                                  ('PRIVDEL', '待删水体', 'river');
SELECT set_config('outfall.event_time', '2024-03-01 09:00+08', false);
SELECT register(jsonb_build_object('survey_id', 'PRIV-JX-' || n, 'survey_name', '东湖排口' || n,
                                   'category', CASE WHEN n % 3 = 0 THEN 'other.town_storm' ELSE 'other.town_domestic' END,
                                   'division', CASE WHEN n % 2 = 0 THEN '360102002' ELSE '360102004' END,
                                   'water_body', 'PRIV2', 'found_on', '2024-03-01',
                                   'lon', 115.90 + n * 0.001, 'lat', 28.68))
  FROM generate_series(1, 60) n;
SELECT record_sample(code, '{"sampled_at": "2024-03-05 10:00+08", "weather": "dry"}'),
       advance(code, 'monitored', '{"at": "2024-03-06 09:00+08"}')
  FROM outfall WHERE survey_id LIKE 'PRIV-JX-%' AND substr(survey_id, 9)::int <= 45;
SELECT record_tracing(code, '{"method": "field", "traced_on": "2024-03-10", "at": "2024-03-10 09:00+08",
                              "sources": [{"name": "沿街商铺", "kind": "domestic"}]}'),
       advance(code, 'traced', '{"at": "2024-03-11 09:00+08"}')
  FROM outfall WHERE survey_id LIKE 'PRIV-JX-%' AND substr(survey_id, 9)::int <= 30;
SELECT set_plan(code, CASE WHEN category = 'other.town_storm'
                           THEN '{"action": "retain", "measures": "保留", "responsible_unit": "街道办", "responsible_person": "王某", "deadline": "2024-09-30", "set_on": "2024-03-15", "at": "2024-03-15 09:00+08"}'
                           ELSE '{"action": "ban", "measures": "封堵", "responsible_unit": "街道办", "responsible_person": "王某", "deadline": "2024-09-30", "set_on": "2024-03-15", "at": "2024-03-15 09:00+08"}' END::jsonb),
       advance(code, 'planned', '{"at": "2024-03-16 09:00+08"}')
  FROM outfall WHERE survey_id LIKE 'PRIV-JX-%' AND substr(survey_id, 9)::int <= 20;
SELECT advance(code, 'rectifying', '{"at": "2024-04-01 09:00+08"}'),
       advance(code, 'rectified', '{"at": "2024-06-01 09:00+08"}')
  FROM outfall WHERE survey_id LIKE 'PRIV-JX-%' AND substr(survey_id, 9)::int <= 12 AND category <> 'other.town_storm';
SELECT retire(code, '验收意见', '2024-06-20 09:00+08')
  FROM outfall WHERE survey_id LIKE 'PRIV-JX-%' AND substr(survey_id, 9)::int <= 6 AND category <> 'other.town_storm';
SELECT register(jsonb_build_object('survey_id', 'PRIV-Y-' || n, 'survey_name', '另一城市排口' || n,
                                   'category', 'other.town_domestic', 'division', (SELECT code FROM priv.place WHERE name = 'Y'),
                                   'water_body', 'PRIV1', 'found_on', '2024-03-01',
                                   'lon', 109.00 + n * 0.001, 'lat', 35.00))
  FROM generate_series(1, 20) n;
SELECT record_sample(code, '{"sampled_at": "2024-03-05 10:00+08", "weather": "dry"}'),
       advance(code, 'monitored', '{"at": "2024-03-06 09:00+08"}')
  FROM outfall WHERE survey_id LIKE 'PRIV-Y-%' AND substr(survey_id, 8)::int <= 10;

------------------------------------------------------------------------------
-- fixtures: in each target township A, B, X, Y, D the rows the writes aim at
--   F  found, located, with samples (one with an indicator), tracings (one
--      with a source), an approval, a signboard, a verification, in zone 1;
--      no plan.  Inserts hang off it; updates and deletes hit its rows.
--   O  found, bare: deleted.        P  found with a plan (updated, deleted).
--   R  rectified (closed out).      K  planned to be retained, signboard up.
--   C  closed (reopened).
------------------------------------------------------------------------------
CREATE TABLE priv.target (target text PRIMARY KEY, division text);
INSERT INTO priv.target SELECT name, code FROM priv.place WHERE name IN ('A', 'B', 'X', 'Y', 'D');
CREATE TABLE priv.fixture (target text, name text, id bigint, code text, PRIMARY KEY (target, name));

-- where F lies: beside an outfall of its township (in 江西, beside the first)
CREATE TEMP TABLE spot AS
SELECT t.target, t.division,
       coalesce((SELECT ST_X(o.geom) + 0.0003 FROM outfall o WHERE o.division::text = t.division AND o.geom IS NOT NULL ORDER BY o.id LIMIT 1), 115.95) AS lon,
       coalesce((SELECT ST_Y(o.geom) + 0.0003 FROM outfall o WHERE o.division::text = t.division AND o.geom IS NOT NULL ORDER BY o.id LIMIT 1), 28.70) AS lat
  FROM priv.target t;
-- zone 1 holds the F outfalls; zone 2 none (outfall_zone rows are inserted
-- into it); zone 3 is deleted
SELECT add_zone('key_area', '权限测试重点区域', ST_Multi(ST_Collect(ST_Expand(ST_SetSRID(ST_MakePoint(lon, lat), 4490), 0.0001))),
                'PRIVZ1', 'county')
  FROM spot;
SELECT add_zone('key_area', '权限测试空区域', ST_Multi(ST_Expand(ST_SetSRID(ST_MakePoint(101.5, 40.5), 4490), 0.01)), 'PRIVZ2', 'county'),
       add_zone('key_area', '权限测试待删区域', ST_Multi(ST_Expand(ST_SetSRID(ST_MakePoint(101.7, 40.7), 4490), 0.01)), 'PRIVZ3', 'county');

SELECT set_config('outfall.event_time', '', false);
DO $$
DECLARE
    s record;
    f bigint;
    code_ outfall_code;
    n text;
BEGIN
    FOR s IN SELECT * FROM spot ORDER BY target LOOP
        -- F
        code_ := register(jsonb_build_object('survey_id', 'PRIV-F-' || s.target, 'survey_name', '权限测试排口F',
                                             'category', 'other.town_domestic', 'division', s.division,
                                             'water_body', 'PRIV1', 'found_on', '2024-05-01',
                                             'lon', s.lon, 'lat', s.lat, 'at', '2024-05-01 09:00+08'));
        SELECT id INTO f FROM outfall WHERE survey_id = 'PRIV-F-' || s.target;
        INSERT INTO priv.fixture VALUES (s.target, 'F', f, code_);
        PERFORM record_sample(code_, '{"sampled_at": "2024-05-02 10:00+08", "weather": "dry", "indicators": [{"name": "石油类", "value": 0.5, "unit": "mg/L"}]}');
        INSERT INTO priv.fixture SELECT s.target, 'sample_with_indicator', max(id), NULL FROM sample WHERE outfall_id = f;
        INSERT INTO sample (outfall_id, sampled_at, weather) VALUES (f, '2024-05-03 10:00+08', 'wet');
        INSERT INTO priv.fixture SELECT s.target, 'sample_bare', max(id), NULL FROM sample WHERE outfall_id = f;
        PERFORM record_tracing(code_, '{"method": "field", "traced_on": "2024-05-04", "sources": [{"name": "权限测试源", "kind": "domestic"}]}');
        INSERT INTO priv.fixture SELECT s.target, 'tracing_with_source', max(id), NULL FROM tracing WHERE outfall_id = f;
        INSERT INTO priv.fixture SELECT s.target, 'source', max(id), NULL FROM source WHERE outfall_id = f;
        INSERT INTO tracing (outfall_id, method, traced_on) VALUES (f, 'document', '2024-05-05');
        INSERT INTO priv.fixture SELECT s.target, 'tracing_bare', max(id), NULL FROM tracing WHERE outfall_id = f;
        INSERT INTO approval (outfall_id, kind, authority, decided_on) VALUES (f, 'filing', '生态环境局', '2024-05-06');
        INSERT INTO priv.fixture SELECT s.target, 'approval', max(id), NULL FROM approval WHERE outfall_id = f;
        INSERT INTO signboard (outfall_id, name) VALUES (f, '权限测试排口F');
        INSERT INTO priv.fixture SELECT s.target, 'signboard', max(id), NULL FROM signboard WHERE outfall_id = f;
        INSERT INTO verification (outfall_id, evidence, verified_at) VALUES (f, '现场核查', '2024-05-07 10:00+08');
        INSERT INTO priv.fixture SELECT s.target, 'verification', max(id), NULL FROM verification WHERE outfall_id = f;
        -- O, P
        code_ := register(jsonb_build_object('survey_id', 'PRIV-O-' || s.target, 'survey_name', '权限测试排口O',
                                             'division', s.division, 'found_on', '2024-05-01'));
        INSERT INTO priv.fixture SELECT s.target, 'O', id, code FROM outfall WHERE survey_id = 'PRIV-O-' || s.target;
        code_ := register(jsonb_build_object('survey_id', 'PRIV-P-' || s.target, 'survey_name', '权限测试排口P',
                                             'category', 'other.town_domestic', 'division', s.division,
                                             'water_body', 'PRIV1', 'found_on', '2024-05-01'));
        PERFORM set_plan(code_, '{"action": "ban", "measures": "封堵", "responsible_unit": "街道办", "responsible_person": "王某", "deadline": "2025-06-30", "set_on": "2024-05-10"}');
        INSERT INTO priv.fixture SELECT s.target, 'P', id, code FROM outfall WHERE survey_id = 'PRIV-P-' || s.target;
        INSERT INTO priv.fixture SELECT s.target, 'plan', p.id, NULL FROM plan p JOIN outfall o ON o.id = p.outfall_id
         WHERE o.survey_id = 'PRIV-P-' || s.target;
        -- R, C, K
        FOREACH n IN ARRAY ARRAY['R', 'C', 'K'] LOOP
            code_ := register(jsonb_build_object('survey_id', 'PRIV-' || n || '-' || s.target, 'survey_name', '权限测试排口' || n,
                                                 'category', CASE n WHEN 'K' THEN 'other.town_storm' ELSE 'other.town_domestic' END,
                                                 'division', s.division, 'water_body', 'PRIV1', 'found_on', '2024-01-10',
                                                 'at', '2024-01-10 09:00+08'));
            PERFORM record_sample(code_, '{"sampled_at": "2024-01-11 10:00+08", "weather": "dry"}');
            PERFORM record_tracing(code_, '{"method": "field", "traced_on": "2024-01-12", "at": "2024-01-12 10:00+08"}');
            PERFORM advance(code_, 'monitored', '{"at": "2024-01-13 09:00+08"}');
            PERFORM advance(code_, 'traced', '{"at": "2024-01-14 09:00+08"}');
            PERFORM set_plan(code_, CASE n WHEN 'K'
                THEN '{"action": "retain", "measures": "保留", "responsible_unit": "街道办", "responsible_person": "王某", "deadline": "2024-12-31", "set_on": "2024-01-15", "at": "2024-01-15 09:00+08"}'
                ELSE '{"action": "ban", "measures": "封堵", "responsible_unit": "街道办", "responsible_person": "王某", "deadline": "2024-12-31", "set_on": "2024-01-15", "at": "2024-01-15 09:00+08"}' END::jsonb);
            PERFORM advance(code_, 'planned', '{"at": "2024-01-16 09:00+08"}');
            IF n = 'K' THEN
                INSERT INTO signboard (outfall_id, name, code, category, responsible_party, supervising_unit,
                                       supervision_phone, installed_on)
                SELECT id, survey_name, code, '城镇雨洪排口', '街道办', '生态环境局', '0000-12369', '2024-01-20'
                  FROM outfall WHERE code = code_;
            ELSE
                PERFORM advance(code_, 'rectifying', '{"at": "2024-02-01 09:00+08"}');
                PERFORM advance(code_, 'rectified', '{"at": "2024-03-01 09:00+08"}');
            END IF;
            IF n = 'C' THEN
                PERFORM retire(code_, '验收意见', '2024-03-10 09:00+08');
            END IF;
            INSERT INTO priv.fixture SELECT s.target, n, id, code FROM outfall WHERE code = code_;
        END LOOP;
    END LOOP;
END $$;
DO $$
BEGIN
    IF (SELECT count(*) FROM outfall_zone z JOIN priv.fixture f ON f.id = z.outfall_id AND f.name = 'F'
         WHERE z.zone_id = (SELECT id FROM zone WHERE code = 'PRIVZ1')) <> 5 THEN
        RAISE EXCEPTION 'the F fixtures are not all in zone PRIVZ1';
    END IF;
END $$;

-- parties (targets A, B, X, Y, D, and the county and province above A, and
-- none): fresh, referenced by nothing, so that each can be deleted
INSERT INTO priv.target
SELECT 'county', code FROM priv.place WHERE name = 'county'
UNION ALL SELECT 'province', code FROM priv.place WHERE name = 'province'
UNION ALL SELECT 'nowhere', NULL;
INSERT INTO party (name, kind, division)
SELECT '权限测试单位' || t.target, 'other', t.division::division_code FROM priv.target t;
INSERT INTO priv.fixture
SELECT t.target, 'party', p.id, NULL FROM priv.target t JOIN party p ON p.name = '权限测试单位' || t.target;

-- snapshots: a semi-annual one as the reads' reference, and an adhoc row
-- per target township and a grand total row that writes aim at (in vain:
-- only the owner writes snapshots)
SELECT take_snapshot('semiannual', '2024-12-31');
INSERT INTO snapshot_kind VALUES ('priv_victim', 'day', '待删', 'deleted by the matrix');
INSERT INTO priv.target VALUES ('total', NULL);
INSERT INTO progress_snapshot (kind, period, as_of, division, level, progress)
SELECT 'adhoc', '2024-01-0' || row_number() OVER (ORDER BY t.target), '2024-01-01', t.division::division_code,
       CASE WHEN t.division IS NULL THEN 0 ELSE 4 END, progress_as_of('2024-01-01')
  FROM priv.target t WHERE t.target IN ('A', 'B', 'X', 'Y', 'D', 'total');
INSERT INTO priv.fixture
SELECT t.target, 'snapshot', s.id, NULL FROM priv.target t JOIN progress_snapshot s
    ON s.kind = 'adhoc' AND s.as_of = '2024-01-01' AND s.division IS NOT DISTINCT FROM t.division::division_code
 WHERE t.target IN ('A', 'B', 'X', 'Y', 'D', 'total');

-- catalog rows the admin's updates and deletes aim at
INSERT INTO category (id, level, parent, name_zh, name_en) VALUES ('other.priv_victim', 2, 'other', '待删类别', 'to delete');
INSERT INTO indicator (key, name_zh, name_en) VALUES ('priv_a', '测试指标甲', 'test a'), ('priv_b', '测试指标乙', 'test b'),
                                                    ('priv_c', '测试指标丙', 'test c');
INSERT INTO category_indicator (category, indicator) VALUES ('other.misc', 'priv_b');
INSERT INTO category_keyword (pattern, category, confidence) VALUES ('权限旧词', 'other.misc', 0.6);
INSERT INTO rule (id, title_zh, title_en, description, severity, basis, check_function)
SELECT 'priv_victim', '待删规则', 'to delete', 'a rule the matrix deletes', 'notice', 'none', check_function
  FROM rule WHERE id = 'code_category';
INSERT INTO rule_setting (rule, enabled) VALUES ('deadline_passed', true);
INSERT INTO config VALUES ('untraceable_responsible_level', 'township');
INSERT INTO division (code, name)
SELECT code || '902', '待删村' FROM priv.place WHERE name = 'A';
INSERT INTO target (plan, measure, percent, starts_on, due_on, note)
VALUES ('权限测试', 'traced', 50, '2024-01-01', '2025-12-31', 'the matrix updates and deletes it');
INSERT INTO jurisdiction
SELECT 'outfall_test_priv_spare', division::division_code FROM priv.target
 WHERE target IN ('A', 'B', 'X', 'Y', 'D', 'county', 'province')
UNION ALL
SELECT 'outfall_test_priv_spare_move', code::division_code FROM priv.place WHERE name = 'A';
SELECT add_target('权限测试计划', 'closed', 30, '2024-01-01', '2025-06-30');
DO $$
BEGIN
    -- 15 rows in each of the five townships, 8 parties, 6 snapshot rows
    IF (SELECT count(*) FROM priv.fixture WHERE id IS NOT NULL) <> 5 * 15 + 8 + 6 THEN
        RAISE EXCEPTION 'fixtures missing: %', (SELECT string_agg(target || '/' || name, ', ') FROM priv.fixture WHERE id IS NULL);
    END IF;
END $$;

ANALYZE;
