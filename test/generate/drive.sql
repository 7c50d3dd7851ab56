-- test/generate/drive.sql: write the registry month by month, January 2021
-- to the month of --until, through the extension's own rules: outfalls are
-- inserted as found, then every step is a set-based UPDATE of status that
-- the lifecycle trigger checks, with outfall.event_time set to the day of
-- the month the step is recorded on, so the ledger the triggers write dates
-- each event in its month (outfall.state_as_of works on it).
--
-- Determinism: every INSERT reads its rows in a fixed order (ORDER BY), and
-- every UPDATE joins an id-ordered list without hash joins, so ids, codes
-- and ledger rows come out the same on every run with the same seed.

-- the time a kind of step is recorded in month m
CREATE FUNCTION outfall_gen.slot_at(m integer, kind text) RETURNS timestamptz
    LANGUAGE sql STABLE STRICT
    AS 'SELECT outfall_gen.at(m, s.day, s.hour) FROM outfall_gen.slot s WHERE s.kind = $2';

CREATE FUNCTION outfall_gen.set_time(m integer, kind text) RETURNS void
    LANGUAGE sql VOLATILE STRICT
    AS 'SELECT set_config(''outfall.event_time'', outfall_gen.slot_at(m, kind)::text, true)';

-- move the outfalls with a step of this kind in month m to a state
CREATE FUNCTION outfall_gen.advance(m integer, kind text, to_state outfall.state, reason text DEFAULT NULL)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    n bigint;
BEGIN
    UPDATE outfall.outfall o SET status = to_state
      FROM (SELECT mp.id
              FROM outfall_gen.step s JOIN outfall_gen.omap mp ON mp.gid = s.gid
             WHERE s.m = advance.m AND s.kind = advance.kind
               AND s.reason IS NOT DISTINCT FROM advance.reason
             ORDER BY mp.id) x
     WHERE o.id = x.id;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END;
$$;

CREATE FUNCTION outfall_gen.month(mm integer) RETURNS void
    LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    lvl text := (SELECT gov_level FROM outfall_gen.param);
    r record;
BEGIN
    -- parties first needed this month
    PERFORM outfall_gen.set_time(mm, 'party');
    INSERT INTO outfall.party (name, uscc, kind, division)
    SELECT p.name, p.uscc::outfall.uscc, p.kind, p.division
      FROM outfall_gen.party p WHERE p.first_m = mm ORDER BY p.serial;
    INSERT INTO outfall_gen.pmap (key, id)
    SELECT p.key, x.id FROM outfall_gen.party p JOIN outfall.party x ON x.uscc = p.uscc::outfall.uscc
     WHERE p.first_m = mm;

    -- reopened outfalls (outfall.reopen's way: the reason in outfall.reopen_reason)
    FOR r IN SELECT DISTINCT s.kind, s.reason FROM outfall_gen.step s
              WHERE s.m = mm AND s.kind IN ('reopen_found', 'reopen_rect') ORDER BY 1, 2 LOOP
        PERFORM outfall_gen.set_time(mm, r.kind);
        PERFORM set_config('outfall.reopen_reason', r.reason, true);
        PERFORM outfall_gen.advance(mm, r.kind,
                                    CASE r.kind WHEN 'reopen_found' THEN 'found' ELSE 'rectifying' END::outfall.state,
                                    r.reason);
        PERFORM set_config('outfall.reopen_reason', '', true);
    END LOOP;

    -- registration of the outfalls found this month, with their codes
    -- (outfall.next_code, row by row in gid order) and standard names, as
    -- outfall.register() makes them
    PERFORM outfall_gen.set_time(mm, 'register');
    INSERT INTO outfall.outfall (code, survey_id, name, survey_name, category, division, geom, water_body,
                                 discharge_mode, survey_level, found_on, is_legacy, owner_id, user_id)
    SELECT CASE WHEN x.category IS NOT NULL THEN outfall.next_code(x.water, x.township, x.letters) END,
           x.survey_id,
           CASE WHEN x.category IS NOT NULL
                THEN outfall.standard_name(x.water_name, x.township,
                                           coalesce(x.user_name, x.owner_name, outfall.division_name(x.township)),
                                           x.category) END,
           x.survey_name, x.category, x.township, x.geom, x.water, x.discharge_mode, x.survey_level,
           x.found_on, x.is_legacy, x.owner_id, x.user_id
      FROM (SELECT g.*, ow.id AS owner_id, us.id AS user_id, pu.name AS user_name, po.name AS owner_name
              FROM outfall_gen.outfall g
              LEFT JOIN outfall_gen.pmap us ON us.key = g.user_key
              LEFT JOIN outfall_gen.party pu ON pu.key = g.user_key
              LEFT JOIN outfall_gen.pmap ow ON ow.key = g.owner_key
              LEFT JOIN outfall_gen.party po ON po.key = g.owner_key
             WHERE g.found_m = mm
             ORDER BY g.gid) x;
    INSERT INTO outfall_gen.omap (gid, id)
    SELECT g.gid, o.id FROM outfall_gen.outfall g JOIN outfall.outfall o ON o.survey_id = g.survey_id
     WHERE g.found_m = mm;

    -- monitoring: this month's samples (no ledger event: samples are
    -- records in themselves), then found -> monitored
    PERFORM outfall_gen.set_time(mm, 'monitored');
    INSERT INTO outfall.sample (outfall_id, sampled_at, weather, flow_m3d, temperature_c, ph,
                                cod_mgl, nh3n_mgl, tp_mgl, tn_mgl, sewage_seen)
    SELECT mp.id, s.sampled_at, s.weather, s.flow_m3d, s.temperature_c, s.ph,
           s.cod_mgl, s.nh3n_mgl, s.tp_mgl, s.tn_mgl, s.sewage_seen
      FROM outfall_gen.sample s JOIN outfall_gen.omap mp ON mp.gid = s.gid
     WHERE s.m = mm
     ORDER BY mp.id, s.sampled_at;
    INSERT INTO outfall.sample_indicator (sample_id, name, value, unit)
    SELECT x.id, i.name, i.value, i.unit
      FROM outfall_gen.sample_indicator i
      JOIN outfall_gen.omap mp ON mp.gid = i.gid
      JOIN outfall.sample x ON x.outfall_id = mp.id AND x.sampled_at = i.sampled_at
     WHERE i.m = mm
     ORDER BY x.id, i.name;
    PERFORM outfall_gen.advance(mm, 'monitored', 'monitored');

    -- tracing: the local governments that answer for untraceable outfalls
    -- (outfall.local_government, at the level outfall.config sets), the
    -- tracing results and sources, then monitored -> traced with the first
    -- responsible party by the extension's rule: user, else owner, else
    -- the local government
    PERFORM outfall_gen.set_time(mm, 'traced');
    PERFORM outfall.local_government(x.d)
       FROM (SELECT DISTINCT outfall.responsible_division(g.township, lvl) AS d
               FROM outfall_gen.step s JOIN outfall_gen.outfall g ON g.gid = s.gid
              WHERE s.m = mm AND s.kind = 'traced'
                AND coalesce(g.trace_user_key, g.user_key, g.owner_key) IS NULL
              ORDER BY 1) x;
    INSERT INTO outfall.tracing (outfall_id, method, traced_on, note)
    SELECT mp.id, g.trace_method, g.traced_on,
           (SELECT ph.text FROM outfall_gen.phrase ph WHERE ph.what = 'tracing_note' AND ph.key = g.trace_method)
      FROM outfall_gen.step s
      JOIN outfall_gen.outfall g ON g.gid = s.gid
      JOIN outfall_gen.omap mp ON mp.gid = s.gid
     WHERE s.m = mm AND s.kind = 'traced'
     ORDER BY mp.id;
    INSERT INTO outfall.source (tracing_id, outfall_id, name, kind, party_id, responsibility)
    SELECT t.id, t.outfall_id, src.name, src.kind, pm.id, src.responsibility
      FROM outfall_gen.source src
      JOIN outfall_gen.omap mp ON mp.gid = src.gid
      JOIN outfall.tracing t ON t.outfall_id = mp.id
      LEFT JOIN outfall_gen.pmap pm ON pm.key = src.party_key
     WHERE src.m = mm
     ORDER BY t.outfall_id, src.n;
    UPDATE outfall.outfall o
       SET status = 'traced', user_id = x.user_id, responsible_id = x.resp_id, responsible_rule = x.rule
      FROM (SELECT mp.id, coalesce(tu.id, o2.user_id) AS user_id,
                   coalesce(tu.id, o2.user_id, o2.owner_id, gov.id) AS resp_id,
                   CASE WHEN coalesce(tu.id, o2.user_id) IS NOT NULL THEN 'user'
                        WHEN o2.owner_id IS NOT NULL THEN 'owner'
                        ELSE 'local_government' END AS rule
              FROM outfall_gen.step s
              JOIN outfall_gen.outfall g ON g.gid = s.gid
              JOIN outfall_gen.omap mp ON mp.gid = s.gid
              JOIN outfall.outfall o2 ON o2.id = mp.id
              LEFT JOIN outfall_gen.pmap tu ON tu.key = g.trace_user_key
              LEFT JOIN outfall.party gov
                     ON gov.kind = 'government' AND gov.division = outfall.responsible_division(g.township, lvl)
             WHERE s.m = mm AND s.kind = 'traced'
             ORDER BY mp.id) x
     WHERE o.id = x.id;

    -- plans (一口一策), then traced -> planned
    PERFORM outfall_gen.set_time(mm, 'planned');
    INSERT INTO outfall.plan (outfall_id, action, measures, responsible_unit, responsible_person,
                              deadline, merge_target_id, set_on)
    SELECT mp.id, g.action, g.measures, rp.name, g.resp_person, g.deadline, tm.id, g.set_on
      FROM outfall_gen.step s
      JOIN outfall_gen.outfall g ON g.gid = s.gid
      JOIN outfall_gen.omap mp ON mp.gid = s.gid
      JOIN outfall.outfall o2 ON o2.id = mp.id
      JOIN outfall.party rp ON rp.id = o2.responsible_id
      LEFT JOIN outfall_gen.omap tm ON tm.gid = g.merge_gid
     WHERE s.m = mm AND s.kind = 'planned'
     ORDER BY mp.id;
    PERFORM outfall_gen.advance(mm, 'planned', 'planned');

    PERFORM outfall_gen.set_time(mm, 'rectifying');
    PERFORM outfall_gen.advance(mm, 'rectifying', 'rectifying');

    -- works done: signboards and approvals of standardized outfalls, then
    -- rectifying -> rectified
    PERFORM outfall_gen.set_time(mm, 'rectified');
    PERFORM outfall_gen.signboards(mm, 'rectified');
    PERFORM outfall_gen.approvals(mm, 'rectified');
    PERFORM outfall_gen.advance(mm, 'rectified', 'rectified');

    -- retained as it is: verification, signboard, approval, planned -> retained
    PERFORM outfall_gen.set_time(mm, 'retained_direct');
    PERFORM outfall_gen.verifications(mm, 'retained_direct');
    PERFORM outfall_gen.signboards(mm, 'retained_direct');
    PERFORM outfall_gen.approvals(mm, 'retained_direct');
    PERFORM outfall_gen.advance(mm, 'retained_direct', 'retained');

    -- close-out (销号): verification, rectified -> closed
    PERFORM outfall_gen.set_time(mm, 'closed');
    PERFORM outfall_gen.verifications(mm, 'closed');
    PERFORM outfall_gen.advance(mm, 'closed', 'closed');

    -- standardized outfalls go on the list of retained outfalls
    PERFORM outfall_gen.set_time(mm, 'retained');
    PERFORM outfall_gen.advance(mm, 'retained', 'retained');
END;
$$;

CREATE FUNCTION outfall_gen.verifications(mm integer, kind text) RETURNS void
    LANGUAGE sql VOLATILE
AS $$
    INSERT INTO outfall.verification (outfall_id, evidence, verified_at)
    SELECT mp.id, v.evidence, v.verified_at
      FROM outfall_gen.verification v JOIN outfall_gen.omap mp ON mp.gid = v.gid
     WHERE v.m = mm AND v.kind = verifications.kind
     ORDER BY mp.id;
$$;

CREATE FUNCTION outfall_gen.signboards(mm integer, kind text) RETURNS void
    LANGUAGE sql VOLATILE
AS $$
    INSERT INTO outfall.signboard (outfall_id, name, code, category, responsible_party,
                                   supervising_unit, supervision_phone, installed_on)
    SELECT o.id, o.name, o.code::text, c.name_zh, rp.name, sb.supervising_unit, sb.phone, sb.installed_on
      FROM outfall_gen.signboard sb
      JOIN outfall_gen.omap mp ON mp.gid = sb.gid
      JOIN outfall.outfall o ON o.id = mp.id
      JOIN outfall.category c ON c.id = o.category
      LEFT JOIN outfall.party rp ON rp.id = o.responsible_id
     WHERE sb.m = mm AND sb.kind = signboards.kind
     ORDER BY o.id;
$$;

CREATE FUNCTION outfall_gen.approvals(mm integer, kind text) RETURNS void
    LANGUAGE sql VOLATILE
AS $$
    INSERT INTO outfall.approval (outfall_id, kind, authority, document_no, decided_on, published)
    SELECT mp.id, a.kind_of, a.authority, a.document_no, a.decided_on, a.published
      FROM outfall_gen.approval a JOIN outfall_gen.omap mp ON mp.gid = a.gid
     WHERE a.m = mm AND a.kind = approvals.kind
     ORDER BY mp.id;
$$;

-- One transaction per month, so a large run shows progress and keeps its
-- trigger queues small.
CREATE PROCEDURE outfall_gen.drive()
    LANGUAGE plpgsql
AS $$
DECLARE
    last_m integer := (SELECT until_m FROM outfall_gen.param);
    t0 timestamptz := clock_timestamp();
BEGIN
    FOR mm IN 0..last_m LOOP
        -- ordered joins (see above); the planner may use anything else
        PERFORM set_config('enable_hashjoin', 'off', true);
        PERFORM set_config('max_parallel_workers_per_gather', '0', true);
        PERFORM outfall_gen.month(mm);
        IF mm % 12 = 11 OR mm = last_m THEN
            RAISE NOTICE 'generate: % done: % outfalls, % ledger events (% s)',
                to_char(outfall_gen.mstart(mm), 'YYYY-MM'),
                (SELECT count(*) FROM outfall.outfall), (SELECT count(*) FROM outfall.ledger),
                round(extract(epoch FROM clock_timestamp() - t0)::numeric, 1);
        END IF;
        COMMIT;
    END LOOP;
END;
$$;
