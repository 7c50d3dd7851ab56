-- Zones benchmark (test/bench/zones.sh): the spatial rules of the check
-- engine over the whole registry, outfall.findings(NULL, the four rules),
-- run 0 a warm-up, then :runs timed runs; then each rule on its own, once.
-- psql variable: runs.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
SET zb.runs = :runs;
DELETE FROM zb.result WHERE step LIKE 'findings%' OR step LIKE 'rule %';
DROP TABLE IF EXISTS zb.finding_count;
CREATE TABLE zb.finding_count (rule text PRIMARY KEY, findings bigint);
DO $$
DECLARE
    runs integer := current_setting('zb.runs')::integer;
    rules text[] := ARRAY['prohibited_zone', 'sewer_coverage_not_merged', 'park_enterprise_not_merged', 'key_area_survey_late'];
    t0 timestamptz;
    n bigint;
    r record;
BEGIN
    FOR run IN 0 .. runs LOOP
        t0 := clock_timestamp();
        DELETE FROM zb.finding_count;
        INSERT INTO zb.finding_count SELECT f.rule, count(*) FROM outfall.findings(NULL, rules) f GROUP BY f.rule;
        INSERT INTO zb.result SELECT 'findings: the four spatial rules', run,
                                     extract(epoch FROM clock_timestamp() - t0), sum(findings) FROM zb.finding_count;
    END LOOP;
    FOR r IN SELECT id, check_function FROM outfall.rule_in_force WHERE id = ANY (rules) ORDER BY id LOOP
        t0 := clock_timestamp();
        EXECUTE format('SELECT count(*) FROM %s(NULL)', r.check_function::oid::regproc) INTO n;
        INSERT INTO zb.result VALUES ('rule ' || r.id, 1, extract(epoch FROM clock_timestamp() - t0), n);
    END LOOP;
END $$;
