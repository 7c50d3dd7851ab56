-- Registry benchmark: the template database every measurement copies.
-- The extension, three water bodies, and schema rb with the registration
-- documents (made once, so making them is not timed) and the timed loops.
-- psql variables: docs (how many documents), warm_base (first id of the
-- warm-up documents), warm_docs (how many).
\set ON_ERROR_STOP on
SET client_min_messages = warning;
CREATE EXTENSION outfall CASCADE;

INSERT INTO outfall.water_body (code, name, kind) VALUES
    ('BRA', '阿蓬江', 'river'), ('BRB', '唐岩河', 'river'), ('BRC', '细沙河', 'river');

CREATE SCHEMA rb;

-- 24 code prefixes: 3 water bodies x 4 categories x 2 counties (two
-- townships in each of the first two counties of Chongqing, 50xxxx)
CREATE TABLE rb.water (i int PRIMARY KEY, code text NOT NULL);
INSERT INTO rb.water VALUES (0, 'BRA'), (1, 'BRB'), (2, 'BRC');
CREATE TABLE rb.category (i int PRIMARY KEY, id text NOT NULL);
INSERT INTO rb.category VALUES
    (0, 'other.town_domestic'), (1, 'industrial.enterprise.factory'),
    (2, 'other.rural_domestic'), (3, 'town_plant.plant');
CREATE TABLE rb.township (i int PRIMARY KEY, code text NOT NULL);
INSERT INTO rb.township
SELECT row_number() OVER (ORDER BY county, code) - 1, code
  FROM (SELECT left(code::text, 6) AS county, code::text AS code,
               row_number() OVER (PARTITION BY left(code::text, 6) ORDER BY code) AS k
          FROM outfall.division
         WHERE code::text LIKE '50____%' AND length(code::text) = 9) t
 WHERE k <= 2
   AND county IN (SELECT DISTINCT left(code::text, 6) FROM outfall.division
                   WHERE code::text LIKE '50____%' AND length(code::text) = 9
                   ORDER BY 1 LIMIT 2);
DO $$
BEGIN
    IF (SELECT count(*) FROM rb.township) <> 4 THEN
        RAISE EXCEPTION 'registry benchmark: expected two townships in each of two counties of Chongqing';
    END IF;
END $$;

-- owners: 40 known by name, 10 by credit code (valid check characters);
-- users (every fourth document): 10 others by name.  Owners and users are
-- disjoint pools, so concurrent registrations take the parties' locks in
-- one order (see the report on owner/user deadlocks).
CREATE TABLE rb.party (i int PRIMARY KEY, doc jsonb NOT NULL);
INSERT INTO rb.party SELECT i, jsonb_build_object('name', '基准企业' || i) FROM generate_series(0, 39) i;
INSERT INTO rb.party
SELECT 40 + i, jsonb_build_object('name', '基准信用企业' || i,
                                  'uscc', base || substr(alphabet, ((31 - s % 31) % 31 + 1)::int, 1))
  FROM (SELECT i, base, alphabet,
               (SELECT sum((strpos(alphabet, substr(base, p::int, 1)) - 1) * w)
                  FROM unnest('{1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28}'::int[]) WITH ORDINALITY x(w, p)) AS s
          FROM generate_series(0, 9) i,
               LATERAL (SELECT '91500114' || lpad((600000001 + i * 7919)::text, 9, '0') AS base,
                               '0123456789ABCDEFGHJKLMNPQRTUWXY'::text AS alphabet) b) u;
CREATE TABLE rb.usr (i int PRIMARY KEY, doc jsonb NOT NULL);
INSERT INTO rb.usr SELECT i, jsonb_build_object('name', '基准使用单位' || i) FROM generate_series(0, 9) i;

-- the documents: id -> registration document, ids 1..:docs
CREATE TABLE rb.doc (i int PRIMARY KEY, doc jsonb NOT NULL);
INSERT INTO rb.doc
SELECT i, jsonb_build_object(
           'survey_id', 'B-' || i,
           'survey_name', '基准排口' || i,
           'division', (SELECT code FROM rb.township t WHERE t.i = (g.i / 12) % 4),
           'found_on', '2023-05-01',
           'lon', 108.6 + (i % 997) / 10000.0,
           'lat', 29.4 + (i % 991) / 10000.0,
           'water_body', (SELECT code FROM rb.water w WHERE w.i = g.i % 3),
           'category', (SELECT id FROM rb.category c WHERE c.i = (g.i / 3) % 4),
           'owner', (SELECT doc FROM rb.party p WHERE p.i = (g.i * 7) % 50))
       || CASE WHEN i % 4 = 0
               THEN jsonb_build_object('user', (SELECT doc FROM rb.usr u WHERE u.i = (g.i / 4) % 10))
               ELSE '{}' END
  FROM generate_series(1, :docs) g(i);
ANALYZE;

-- The ledger A/B: one session, one database; before each batch the ledger
-- triggers are enabled or disabled (ALTER TABLE ... ENABLE/DISABLE TRIGGER
-- outfall_ledger, party_ledger), the order alternating from batch to batch,
-- so noise on the machine falls on both variants alike.  Each call is its
-- own transaction (COMMIT in the loop), as when the survey app calls
-- register() once per outfall; the time is taken in the server.  After each
-- switch, `warm` untimed calls let the session replan what the ALTER TABLE
-- invalidated.  Batch 0 warms the session up and is not reported.  Every
-- call takes the next document (ids 1, 2, ...): the variants get
-- alternate blocks of documents made by the same rules.
--   part register: outfall.register(document)
--   part insert:   a bare INSERT into outfall.outfall of the row register()
--                  would write for the document (no code, no parties)
--   part bulk:     one INSERT ... SELECT of `size` such rows (a bulk import)
CREATE TABLE rb.ab_result (part text, variant text, batch int, n int, ms float8, cpu_ms float8);

-- CPU time of this backend so far, in ms (Linux: the first field of
-- /proc/self/schedstat, in ns), NULL where it cannot be read.  Time the
-- machine gave to other processes is not in it, so it is steadier than the
-- wall clock on a shared machine; its resolution may be a scheduler tick.
CREATE FUNCTION rb.cpu_ms() RETURNS float8
    LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    RETURN split_part(pg_read_file('/proc/self/schedstat'), ' ', 1)::float8 / 1e6;
EXCEPTION WHEN OTHERS THEN
    RETURN NULL;
END
$$;
CREATE PROCEDURE rb.ledger_ab(part text, batches int, size int, warm int)
    LANGUAGE plpgsql AS $$
DECLARE
    id int := 0;
    v text;
    d jsonb;
    t0 timestamptz;
    c0 float8;
    ms float8;
    cpu float8;
BEGIN
    FOR b IN 0 .. batches LOOP
        FOR j IN 0 .. 1 LOOP
            v := CASE WHEN (b + j) % 2 = 0 THEN 'with' ELSE 'without' END;
            EXECUTE format('ALTER TABLE outfall.outfall %1$s TRIGGER outfall_ledger; '
                           'ALTER TABLE outfall.party %1$s TRIGGER party_ledger',
                           CASE v WHEN 'with' THEN 'ENABLE' ELSE 'DISABLE' END);
            COMMIT;
            FOR timed IN 0 .. 1 LOOP
                CONTINUE WHEN part = 'bulk' AND timed = 0;
                c0 := rb.cpu_ms();
                t0 := clock_timestamp();
                IF part = 'register' THEN
                    FOR k IN 1 .. CASE timed WHEN 0 THEN warm ELSE size END LOOP
                        id := id + 1;
                        SELECT x.doc INTO STRICT d FROM rb.doc x WHERE x.i = id;
                        PERFORM outfall.register(d);
                        COMMIT;
                    END LOOP;
                ELSIF part = 'insert' THEN
                    FOR k IN 1 .. CASE timed WHEN 0 THEN warm ELSE size END LOOP
                        id := id + 1;
                        INSERT INTO outfall.outfall (survey_id, survey_name, division, found_on, geom,
                                                     water_body, category)
                        SELECT 'I-' || x.i, x.doc ->> 'survey_name', (x.doc ->> 'division')::outfall.division_code,
                               '2023-05-01',
                               ST_SetSRID(ST_MakePoint((x.doc ->> 'lon')::float8, (x.doc ->> 'lat')::float8), 4490),
                               x.doc ->> 'water_body', x.doc ->> 'category'
                          FROM rb.doc x WHERE x.i = id;
                        COMMIT;
                    END LOOP;
                ELSE
                    INSERT INTO outfall.outfall (survey_id, survey_name, division, found_on, geom,
                                                 water_body, category)
                    SELECT 'X-' || x.i, x.doc ->> 'survey_name', (x.doc ->> 'division')::outfall.division_code,
                           '2023-05-01',
                           ST_SetSRID(ST_MakePoint((x.doc ->> 'lon')::float8, (x.doc ->> 'lat')::float8), 4490),
                           x.doc ->> 'water_body', x.doc ->> 'category'
                      FROM rb.doc x WHERE x.i BETWEEN id + 1 AND id + size;
                    id := id + size;
                    COMMIT;
                END IF;
                ms := 1000 * extract(epoch FROM clock_timestamp() - t0);
                cpu := rb.cpu_ms() - c0;
            END LOOP;
            IF b > 0 THEN
                INSERT INTO rb.ab_result VALUES (part, v, b, size, ms, cpu);
            END IF;
            COMMIT;
        END LOOP;
    END LOOP;
END
$$;
