-- test/crash/setup.sql: what kill_postmaster.sh keeps beside the registry, in
-- schema crash: the survey sheets it imports, the reports the imports
-- returned, the writers' progress, and the folds the checks compare the
-- registry with.  Run once, after the registry is generated.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS amcheck;
CREATE SCHEMA crash;

-- Every sheet of every cycle.  cycle and chunk say which import transaction
-- a row belongs to; the rest is shaped like outfall.survey_sheet.
CREATE TABLE crash.sheet (
    cycle integer NOT NULL,
    chunk integer NOT NULL,
    LIKE outfall.survey_sheet INCLUDING ALL
);
CREATE INDEX ON crash.sheet (cycle, chunk);
CREATE INDEX ON crash.sheet (survey_id);

-- The chunk being imported, chosen by two settings of the importing
-- transaction, with exactly the columns import_survey knows.
CREATE VIEW crash.current_chunk AS
SELECT line, survey_id, survey_name, category, code, division, lon, lat, water_body, found_on,
       discharge_mode, survey_level, is_legacy, owner_name, owner_uscc, owner_kind
  FROM crash.sheet
 WHERE cycle = current_setting('crash.cycle')::integer
   AND chunk = current_setting('crash.chunk')::integer;

-- What import_survey returned, written in the transaction that imported the
-- chunk: a chunk with report rows committed, one without did not.  After
-- the crash the whole sheet is imported again (pass 2): rows loaded before
-- come back unchanged, with the same outfall.
CREATE TABLE crash.report (
    cycle integer NOT NULL,
    chunk integer NOT NULL,
    pass integer NOT NULL,          -- 1: the import the crash cut short, 2: the import run again
    line bigint,
    survey_id text,
    outcome text,
    outfall_id bigint,
    code outfall.outfall_code,
    category text,
    category_source text,
    confidence numeric,
    reason text
);
CREATE INDEX ON crash.report (cycle, chunk, pass);
CREATE INDEX ON crash.report (outfall_id);

-- The set-based writer's rounds, each row written by the round's own
-- transaction.
CREATE TABLE crash.round (
    cycle integer NOT NULL,
    round integer NOT NULL,
    moved bigint NOT NULL,
    monitored bigint NOT NULL,
    PRIMARY KEY (cycle, round)
);

-- A registry row rebuilt from its ledger events in the order they were
-- written (ledger id): an insert gives the row, an update the changed
-- columns over it, a delete nothing.  An update with no insert before it
-- gives NULL, so a row without its insert event never matches.
CREATE FUNCTION crash.fold_step(acc jsonb, op text, ev jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    RETURN CASE op WHEN 'insert' THEN ev WHEN 'delete' THEN NULL ELSE acc || ev END;
CREATE AGGREGATE crash.fold(text, jsonb) (SFUNC = crash.fold_step, STYPE = jsonb);

-- Samples are not logged when inserted (they are records in themselves):
-- their updates fold over an empty object, and the row must contain them.
CREATE FUNCTION crash.fold_updates_step(acc jsonb, op text, ev jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    RETURN CASE op WHEN 'delete' THEN NULL ELSE coalesce(acc, '{}') || ev END;
CREATE AGGREGATE crash.fold_updates(text, jsonb) (SFUNC = crash.fold_updates_step, STYPE = jsonb);

-- Every row of every table the ledger trigger watches, against the fold of
-- its events; a row with events but gone, or there but without (all) its
-- events, is a mismatch.
CREATE FUNCTION crash.ledger_mismatches()
    RETURNS TABLE (entity text, entity_id bigint, problem text)
    LANGUAGE plpgsql
AS $$
DECLARE
    t record;
BEGIN
    FOR t IN
        SELECT c.relname::text AS tab, (tg.tgtype & 4) <> 0 AS logs_insert
          FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid
         WHERE tg.tgfoid = 'outfall.ledger_record'::regproc AND c.relnamespace = 'outfall'::regnamespace
         ORDER BY 1
    LOOP
        IF t.logs_insert THEN
            RETURN QUERY EXECUTE format($q$
                SELECT %1$L, coalesce(r.id, l.entity_id),
                       CASE WHEN r.id IS NULL THEN 'in the ledger, not in the table'
                            WHEN l.entity_id IS NULL THEN 'in the table, no ledger event'
                            WHEN l.inserts <> 1 THEN l.inserts || ' insert events'
                            ELSE 'row differs from its ledger: '
                                 || (SELECT string_agg(k, ', ' ORDER BY k)
                                       FROM (SELECT key AS k FROM jsonb_each(r.j)
                                             UNION SELECT key FROM jsonb_each(l.j)) ks
                                      WHERE r.j -> k IS DISTINCT FROM l.j -> k) END
                  FROM (SELECT x.id, outfall.ledger_row(x) AS j FROM outfall.%1$I x) r
                  FULL JOIN (SELECT e.entity_id, crash.fold(e.op, e.new ORDER BY e.id) AS j,
                                    count(*) FILTER (WHERE e.op = 'insert') AS inserts
                               FROM outfall.ledger e WHERE e.entity = %1$L GROUP BY e.entity_id) l
                    ON l.entity_id = r.id
                 WHERE r.j IS DISTINCT FROM l.j OR l.inserts <> 1$q$, t.tab);
        ELSE
            RETURN QUERY EXECUTE format($q$
                SELECT %1$L, l.entity_id,
                       CASE WHEN r.id IS NULL THEN 'updated in the ledger, not in the table'
                            WHEN l.j IS NULL THEN 'deleted in the ledger, still in the table'
                            ELSE 'row differs from its ledger' END
                  FROM (SELECT e.entity_id, crash.fold_updates(e.op, e.new ORDER BY e.id) AS j
                          FROM outfall.ledger e WHERE e.entity = %1$L GROUP BY e.entity_id) l
                  LEFT JOIN (SELECT x.id, outfall.ledger_row(x) AS j FROM outfall.%1$I x) r ON r.id = l.entity_id
                 WHERE (l.j IS NULL) <> (r.id IS NULL) OR NOT (r.j @> l.j)$q$, t.tab);
        END IF;
    END LOOP;
END;
$$;

-- The zones each outfall lies in, from the zones' own boundaries (not from
-- their pieces in outfall.zone_part).
CREATE VIEW crash.expected_membership AS
SELECT o.id AS outfall_id, z.id AS zone_id
  FROM outfall.outfall o JOIN outfall.zone z ON ST_Intersects(z.geom, o.geom);

-- One round of the set-based writer, one transaction: a sixth of the
-- generated outfalls moved 200 m (their ledger events and zone memberships
-- rewritten by the triggers; the imported ones stay where their sheet puts
-- them, so that importing it again finds them unchanged), and up to 200
-- imported outfalls still found sampled and moved on to monitored.  Rounds
-- stay small, so that several commit before each kill.
CREATE FUNCTION crash.write_round(c integer, r integer) RETURNS void
    LANGUAGE plpgsql
AS $$
DECLARE
    d double precision := CASE WHEN r / 6 % 2 = 0 THEN 0.002 ELSE -0.002 END;
    moved bigint;
    monitored bigint;
BEGIN
    UPDATE outfall.outfall SET geom = ST_Translate(geom, d, d)
     WHERE geom IS NOT NULL AND id % 6 = r % 6
       AND coalesce(survey_id, '') NOT LIKE 'CR%';
    GET DIAGNOSTICS moved = ROW_COUNT;
    INSERT INTO outfall.sample (outfall_id, sampled_at, weather, flow_m3d, ph, cod_mgl)
    SELECT id, now(), 'dry', 10 + id % 90, 7.1, 20 + id % 40
      FROM outfall.outfall o
     WHERE status = 'found' AND survey_id LIKE 'CR%'
       AND NOT EXISTS (SELECT FROM outfall.sample s WHERE s.outfall_id = o.id)
     ORDER BY id LIMIT 200;
    -- (an import may have committed more since the samples were written)
    UPDATE outfall.outfall o SET status = 'monitored'
     WHERE o.status = 'found' AND o.survey_id LIKE 'CR%'
       AND EXISTS (SELECT FROM outfall.sample s WHERE s.outfall_id = o.id);
    GET DIAGNOSTICS monitored = ROW_COUNT;
    INSERT INTO crash.round VALUES (c, r, moved, monitored);
END;
$$;

-- The largest value of a column (for the identity sequences).
CREATE FUNCTION crash.max_of(tab regclass, col name) RETURNS bigint
    LANGUAGE plpgsql STABLE
AS $$
DECLARE
    m bigint;
BEGIN
    EXECUTE format('SELECT max(%I)::bigint FROM %s', col, tab) INTO m;
    RETURN m;
END;
$$;

-- Every btree index of the registry checked by amcheck (parent check, every
-- heap tuple found in the index: nothing else runs while it does).
CREATE FUNCTION crash.check_btrees() RETURNS TABLE (index_name text, error text)
    LANGUAGE plpgsql
AS $$
DECLARE
    i record;
BEGIN
    FOR i IN
        SELECT c.oid, c.oid::regclass::text AS name
          FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_am a ON a.oid = c.relam
         WHERE a.amname = 'btree' AND c.relnamespace IN ('outfall'::regnamespace, 'crash'::regnamespace)
           AND c.relpersistence = 'p'
         ORDER BY 2
    LOOP
        index_name := i.name;
        error := NULL;
        BEGIN
            PERFORM bt_index_parent_check(i.oid, heapallindexed => true, rootdescend => true);
        EXCEPTION WHEN OTHERS THEN
            error := SQLERRM;
        END;
        RETURN NEXT;
    END LOOP;
END;
$$;

-- amcheck has no check of GiST or GIN indexes in PostgreSQL 15: each one
-- is read whole instead (a bitmap scan with a condition every row meets)
-- and must return exactly the rows a sequential scan does.
CREATE FUNCTION crash.check_other_indexes() RETURNS TABLE (index_name text, error text)
    LANGUAGE plpgsql
AS $$
DECLARE
    i record;
    cond text;
    by_index text;
    by_heap text;
    plan text;
BEGIN
    FOR i IN
        SELECT c.oid::regclass::text AS name, x.indrelid::regclass::text AS tab, a.amname,
               pg_get_indexdef(c.oid, 1, true) AS key, oc.opcname
          FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_am a ON a.oid = c.relam
          JOIN pg_opclass oc ON oc.oid = x.indclass[0]
         WHERE a.amname <> 'btree' AND c.relnamespace IN ('outfall'::regnamespace, 'crash'::regnamespace)
         ORDER BY 1
    LOOP
        index_name := i.name;
        error := NULL;
        cond := CASE WHEN i.amname = 'gist' AND i.opcname = 'gist_geometry_ops_2d'
                         THEN format('(%s) && ST_MakeEnvelope(-180, -90, 180, 90, 4490)', i.key)
                     WHEN i.amname = 'gin' AND i.opcname = 'gin_trgm_ops'
                         THEN format('(%s) LIKE ''%%''', i.key) END;
        IF cond IS NULL THEN
            error := format('no way to read a %s index of operator class %s', i.amname, i.opcname);
            RETURN NEXT;
            CONTINUE;
        END IF;
        BEGIN
            SET LOCAL enable_seqscan = off;
            SET LOCAL enable_indexscan = off;
            SET LOCAL enable_bitmapscan = on;
            EXECUTE format('EXPLAIN (COSTS OFF) SELECT ctid FROM %s WHERE %s', i.tab, cond) INTO plan;
            EXECUTE format('SELECT md5(string_agg(ctid::text, '','' ORDER BY ctid)) || count(*) FROM %s WHERE %s',
                           i.tab, cond) INTO by_index;
            SET LOCAL enable_seqscan = on;
            SET LOCAL enable_bitmapscan = off;
            EXECUTE format('SELECT md5(string_agg(ctid::text, '','' ORDER BY ctid)) || count(*) FROM %s WHERE (%s) IS NOT NULL',
                           i.tab, i.key) INTO by_heap;
        EXCEPTION WHEN OTHERS THEN
            error := SQLERRM;
        END;
        RESET enable_seqscan;
        RESET enable_indexscan;
        RESET enable_bitmapscan;
        IF error IS NOT NULL THEN
            NULL;
        ELSIF plan NOT LIKE '%Bitmap%' THEN
            error := format('not read through the index: %s', plan);
        ELSIF by_index IS DISTINCT FROM by_heap THEN
            error := format('the index returns other rows than the table holds (%s, %s)', by_index, by_heap);
        END IF;
        RETURN NEXT;
    END LOOP;
END;
$$;

-- Everything kill_postmaster.sh verifies after a restart, one row per
-- property: how many failures, and the first few of them.
CREATE FUNCTION crash.verify(OUT property text, OUT failures bigint, OUT detail text)
    RETURNS SETOF record
    LANGUAGE plpgsql
    SET search_path = public, outfall     -- the operators of the code types
AS $$
BEGIN
    -- the ledger: every row of every ledgered table equals the fold of its
    -- events, with exactly one insert event
    property := 'ledger';
    SELECT count(*), string_agg(format('%s %s: %s', m.entity, m.entity_id, m.problem), '; ')
                         FILTER (WHERE m.n <= 5)
      INTO failures, detail
      FROM (SELECT x.*, row_number() OVER () AS n FROM crash.ledger_mismatches() x) m;
    RETURN NEXT;

    -- the extension's own rebuilding of the registry (the C fold, and
    -- state_as_of) at a time after every event, against the registry
    property := 'outfalls_as_of';
    SELECT count(*), string_agg(format('outfall %s', d.outfall_id), ', ') FILTER (WHERE d.n <= 5)
      INTO failures, detail
      FROM (SELECT x.outfall_id, row_number() OVER () AS n
              FROM ((SELECT * FROM outfall.progress_input(NULL) EXCEPT ALL SELECT * FROM outfall.progress_input('infinity'))
                    UNION ALL
                    (SELECT * FROM outfall.progress_input('infinity') EXCEPT ALL SELECT * FROM outfall.progress_input(NULL))) x) d;
    RETURN NEXT;
    property := 'state_as_of';
    SELECT count(*), string_agg(format('outfall %s', o.id), ', ') FILTER (WHERE o.n <= 5)
      INTO failures, detail
      FROM (SELECT o.id, row_number() OVER () AS n FROM outfall.outfall o
             WHERE outfall.state_as_of(o.id, 'infinity') IS DISTINCT FROM o.status) o;
    RETURN NEXT;

    -- the imports: a chunk the crash cut short left nothing; a chunk that
    -- committed has its report, every loaded row its outfall, every refused
    -- row none; an imported outfall has a report row; the second import
    -- finds every row the first loaded, as the same outfall
    property := 'import';
    WITH chunk AS (
        SELECT s.cycle, s.chunk, count(*) AS sheet_rows,
               (SELECT count(*) FROM crash.report r WHERE (r.cycle, r.chunk, r.pass) = (s.cycle, s.chunk, 1)) AS first_rows,
               (SELECT count(*) FROM crash.report r WHERE (r.cycle, r.chunk, r.pass) = (s.cycle, s.chunk, 2)) AS second_rows
          FROM crash.sheet s GROUP BY s.cycle, s.chunk
    ), problem AS (
        SELECT format('cycle %s chunk %s: %s sheet rows, %s rows in its report', c.cycle, c.chunk, c.sheet_rows,
                      CASE WHEN c.first_rows NOT IN (0, c.sheet_rows) THEN c.first_rows ELSE c.second_rows END) AS p
          FROM chunk c WHERE c.first_rows NOT IN (0, c.sheet_rows) OR c.second_rows NOT IN (0, c.sheet_rows)
        UNION ALL
        SELECT format('cycle %s chunk %s was not imported, yet outfall %s has survey id %s', c.cycle, c.chunk, o.id, o.survey_id)
          FROM chunk c JOIN crash.sheet s ON (s.cycle, s.chunk) = (c.cycle, c.chunk)
          JOIN outfall.outfall o ON o.survey_id = s.survey_id
         WHERE c.first_rows = 0 AND c.second_rows = 0
        UNION ALL
        SELECT format('line %s (%s) %s as outfall %s, which is %s', r.line, r.survey_id, r.outcome, r.outfall_id,
                      coalesce('survey id ' || o.survey_id, 'not there'))
          FROM crash.report r LEFT JOIN outfall.outfall o ON o.id = r.outfall_id
         WHERE r.outcome IN ('loaded', 'unchanged') AND o.survey_id IS DISTINCT FROM r.survey_id
        UNION ALL
        SELECT format('line %s (%s) refused, yet it is outfall %s', r.line, r.survey_id, o.id)
          FROM crash.report r JOIN outfall.outfall o ON o.survey_id = r.survey_id
         WHERE r.outcome = 'refused'
        UNION ALL
        SELECT format('outfall %s (%s) imported without a report row', o.id, o.survey_id)
          FROM outfall.outfall o
         WHERE o.survey_id LIKE 'CR%'
           AND NOT EXISTS (SELECT FROM crash.report r WHERE r.outfall_id = o.id AND r.outcome IN ('loaded', 'unchanged'))
        UNION ALL
        SELECT format('line %s (%s) is outfall %s in the first import, %s in the second (%s)', a.line, a.survey_id,
                      a.outfall_id, b.outfall_id, b.outcome)
          FROM crash.report a JOIN crash.report b ON (b.cycle, b.line, b.pass) = (a.cycle, a.line, 2)
         WHERE a.pass = 1 AND a.outcome = 'loaded'
           AND (b.outcome <> 'unchanged' OR b.outfall_id IS DISTINCT FROM a.outfall_id)
    )
    SELECT count(*), string_agg(p, '; ') FILTER (WHERE n <= 5) INTO failures, detail
      FROM (SELECT p, row_number() OVER () AS n FROM problem) x;
    RETURN NEXT;

    -- code allocation: no counter behind a code in use, no identity
    -- sequence behind an id in use (either would hand it out again)
    property := 'counters';
    WITH problem AS (
        SELECT format('code %s, counter %s', o.code, coalesce(c.last_seq::text, 'missing')) AS p
          FROM outfall.outfall o
          LEFT JOIN outfall.code_counter c
            ON (c.water, c.division, c.type_letters) = (outfall.water_code(o.code), outfall.division(o.code), outfall.type_code(o.code))
         WHERE o.code IS NOT NULL AND (c.last_seq IS NULL OR c.last_seq < outfall.seq(o.code))
        UNION ALL
        SELECT format('sequence %s at %s, %s.%s up to %s', s.seq, s.last_value, s.tab, s.col, s.max_id)
          FROM (SELECT d.objid::regclass AS seq, d.refobjid::regclass AS tab, a.attname AS col,
                       pg_sequence_last_value(d.objid::regclass) AS last_value,
                       crash.max_of(d.refobjid::regclass, a.attname) AS max_id
                  FROM pg_depend d
                  JOIN pg_class sc ON sc.oid = d.objid AND sc.relkind = 'S'
                  JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                 WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
                   AND sc.relnamespace = 'outfall'::regnamespace) s
         WHERE s.max_id > coalesce(s.last_value, 0)
    )
    SELECT count(*), string_agg(p, '; ') FILTER (WHERE n <= 5) INTO failures, detail
      FROM (SELECT p, row_number() OVER () AS n FROM problem) x;
    RETURN NEXT;

    -- zones: every zone cut into pieces, and the memberships those of the
    -- zones' own boundaries
    property := 'zones';
    WITH problem AS (
        SELECT format('zone %s has no pieces', z.id) AS p
          FROM outfall.zone z WHERE NOT EXISTS (SELECT FROM outfall.zone_part p WHERE p.zone_id = z.id)
        UNION ALL
        SELECT format('outfall %s in zone %s, which it is outside of', m.outfall_id, m.zone_id)
          FROM (SELECT outfall_id, zone_id FROM outfall.outfall_zone EXCEPT SELECT * FROM crash.expected_membership) m
        UNION ALL
        SELECT format('outfall %s not in zone %s, which it lies in', m.outfall_id, m.zone_id)
          FROM (SELECT * FROM crash.expected_membership EXCEPT SELECT outfall_id, zone_id FROM outfall.outfall_zone) m
    )
    SELECT count(*), string_agg(p, '; ') FILTER (WHERE n <= 5) INTO failures, detail
      FROM (SELECT p, row_number() OVER () AS n FROM problem) x;
    RETURN NEXT;

    -- the heap of every table of the registry and its TOAST
    property := 'heap';
    SELECT count(*), string_agg(format('%s block %s: %s', v.rel, v.blkno, v.msg), '; ') FILTER (WHERE v.n <= 5)
      INTO failures, detail
      FROM (SELECT c.oid::regclass AS rel, h.blkno, h.msg, row_number() OVER () AS n
              FROM pg_class c CROSS JOIN LATERAL verify_heapam(c.oid, check_toast => true) h
             WHERE c.relnamespace IN ('outfall'::regnamespace, 'crash'::regnamespace)
               AND c.relkind IN ('r', 'm') AND c.relpersistence = 'p') v;
    RETURN NEXT;

    -- the indexes
    property := 'btree';
    SELECT count(*) FILTER (WHERE b.error IS NOT NULL),
           format('%s checked', count(*)) || coalesce(': ' || string_agg(b.index_name || ': ' || b.error, '; '), '')
      INTO failures, detail
      FROM crash.check_btrees() b;
    RETURN NEXT;
    property := 'gist_gin';
    SELECT count(*) FILTER (WHERE b.error IS NOT NULL),
           format('%s checked', count(*)) || coalesce(': ' || string_agg(b.index_name || ': ' || b.error, '; '), '')
      INTO failures, detail
      FROM crash.check_other_indexes() b;
    RETURN NEXT;
END;
$$;
