-- Zones benchmark (test/bench/zones.sh): the single-outfall queries, one
-- call at a time, each call its own statement as a client's would be (its
-- plan prepared once in the session, like a prepared statement), timed
-- with clock_timestamp() around it in the server: outfall.zones_at(point),
-- outfall.in_key_area(id), outfall.required_action(id), over the first
-- :points outfalls of the sample.  required_action stops after
-- :action_seconds seconds in a run (at least 5 calls).  For information,
-- outfall.required_actions() of all those outfalls in one call.  Run 0
-- warms the session up (200 points, 3 required_action calls) and is not
-- reported.  psql variables: runs, points, action_seconds.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
SET zb.runs = :runs;
SET zb.points = :points;
SET zb.action_seconds = :action_seconds;
DELETE FROM zb.point_time;
DELETE FROM zb.result WHERE step LIKE 'points:%';
DO $$
DECLARE
    runs integer := current_setting('zb.runs')::integer;
    points integer := current_setting('zb.points')::integer;
    budget float8 := current_setting('zb.action_seconds')::float8;
    t0 timestamptz;
    started timestamptz;
    r record;
    k bigint;
    flag boolean;
    ids bigint[];
    limit_n integer;
BEGIN
    FOR run IN 0 .. runs LOOP
        limit_n := CASE WHEN run = 0 THEN least(points, 200) ELSE points END;
        FOR r IN SELECT s.n, s.geom FROM zb.sample s WHERE s.n <= limit_n ORDER BY s.n LOOP
            t0 := clock_timestamp();
            SELECT count(*) INTO k FROM outfall.zones_at(r.geom);
            INSERT INTO zb.point_time VALUES ('zones_at', run, r.n, 1e6 * extract(epoch FROM clock_timestamp() - t0));
        END LOOP;
        FOR r IN SELECT s.n, s.id FROM zb.sample s WHERE s.n <= limit_n ORDER BY s.n LOOP
            t0 := clock_timestamp();
            SELECT outfall.in_key_area(r.id) INTO flag;
            INSERT INTO zb.point_time VALUES ('in_key_area', run, r.n, 1e6 * extract(epoch FROM clock_timestamp() - t0));
        END LOOP;
        started := clock_timestamp();
        FOR r IN SELECT s.n, s.id FROM zb.sample s WHERE s.n <= limit_n ORDER BY s.n LOOP
            t0 := clock_timestamp();
            SELECT count(*) INTO k FROM outfall.required_action(r.id);
            INSERT INTO zb.point_time VALUES ('required_action', run, r.n, 1e6 * extract(epoch FROM clock_timestamp() - t0));
            EXIT WHEN (run = 0 AND r.n >= 3)
                   OR (r.n >= 5 AND extract(epoch FROM clock_timestamp() - started) > budget);
        END LOOP;
        ids := ARRAY(SELECT s.id FROM zb.sample s WHERE s.n <= limit_n ORDER BY s.n);
        t0 := clock_timestamp();
        SELECT count(*) INTO k FROM outfall.required_actions(ids);
        INSERT INTO zb.result VALUES ('points: required_actions(array)', run,
                                      extract(epoch FROM clock_timestamp() - t0), cardinality(ids));
    END LOOP;
END $$;
