-- Check engine benchmark (test/bench/checks.sh): the rules over the whole
-- registry set-based — outfall.findings(), one pass of SQL per rule —
-- against the same rules evaluated outfall by outfall through
-- outfall.check(outfall), timed on an evenly spread sample of outfalls
-- and scaled to the registry.  psql variables: runs, sample.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE TEMP TABLE bench_time (what text, run integer, seconds float8, rows bigint);

-- the sample: every k-th outfall by id
CREATE TEMP TABLE bench_sample AS
SELECT o.id
  FROM (SELECT id, row_number() OVER (ORDER BY id) AS n, count(*) OVER () AS total FROM outfall.outfall) o
 WHERE o.n % greatest(1, o.total / :sample) = 0
 LIMIT :sample;
ANALYZE bench_sample;

DO $$
DECLARE
    runs integer := current_setting('bench.runs')::integer;
    t0 timestamptz;
    n bigint;
    r record;
BEGIN
    -- warm the caches once
    PERFORM count(*) FROM outfall.findings();
    FOR i IN 1..runs LOOP
        -- set-based: the whole registry, every rule in force
        t0 := clock_timestamp();
        SELECT count(*) INTO n FROM outfall.findings();
        INSERT INTO bench_time VALUES ('set-based', i, extract(epoch FROM clock_timestamp() - t0), n);
        -- per outfall: check() of each outfall of the sample
        t0 := clock_timestamp();
        SELECT count(*) INTO n FROM bench_sample s JOIN outfall.outfall o ON o.id = s.id, outfall.check(o) c;
        INSERT INTO bench_time VALUES ('per-outfall sample', i, extract(epoch FROM clock_timestamp() - t0), n);
    END LOOP;
    -- each rule on its own, once
    FOR r IN SELECT id, check_function FROM outfall.rule_in_force WHERE enabled ORDER BY id LOOP
        t0 := clock_timestamp();
        EXECUTE format('SELECT count(*) FROM %s(NULL)', r.check_function::oid::regproc) INTO n;
        INSERT INTO bench_time VALUES ('rule ' || r.id, 1, extract(epoch FROM clock_timestamp() - t0), n);
    END LOOP;
END;
$$;

\pset tuples_only on
\pset format unaligned
SELECT 'registry:   ' || (SELECT count(*) FROM outfall.outfall) || ' outfalls, '
       || (SELECT count(*) FROM outfall.sample) || ' samples, '
       || (SELECT count(*) FROM outfall.ledger) || ' ledger events, '
       || (SELECT count(*) FROM outfall.rule_in_force WHERE enabled) || ' rules in force';
SELECT 'rule                           seconds   findings';
SELECT rpad(substr(what, 6), 30) || lpad(to_char(seconds, 'FM990.000'), 8) || lpad(rows::text, 11)
  FROM bench_time WHERE what LIKE 'rule %' ORDER BY what;

WITH m AS (
    SELECT what, percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) AS seconds, max(rows) AS rows
      FROM bench_time WHERE what NOT LIKE 'rule %' GROUP BY what
), f AS (
    SELECT (SELECT seconds FROM m WHERE what = 'set-based') AS set_s,
           (SELECT rows FROM m WHERE what = 'set-based') AS set_rows,
           (SELECT seconds FROM m WHERE what = 'per-outfall sample') AS sample_s,
           (SELECT count(*) FROM bench_sample) AS sample_n,
           (SELECT count(*) FROM outfall.outfall) AS total
)
SELECT format(E'set-based:   findings() over the whole registry: %s s (median of %s), %s findings\n'
              'per outfall: check() over %s outfalls: %s s, %s ms per outfall; for the whole registry about %s s\n'
              'ratio per-outfall / set-based: %s (target >= 20: %s)',
              round(set_s::numeric, 2), :runs, set_rows,
              sample_n, round(sample_s::numeric, 2), round((1000 * sample_s / sample_n)::numeric, 3),
              round((sample_s * total / sample_n)::numeric), round((sample_s * total / sample_n / set_s)::numeric, 1),
              CASE WHEN sample_s * total / sample_n / set_s >= 20 THEN 'PASS' ELSE 'MISS' END)
  FROM f;

-- both ways find the same: the set-based findings of the sample's outfalls
-- are exactly what check() says of them
SELECT 'agreement on the sample: ' ||
       CASE WHEN (SELECT count(*) FROM (
                    (SELECT f.outfall_id, f.rule, f.message_en FROM outfall.findings() f
                       JOIN bench_sample s ON s.id = f.outfall_id
                     EXCEPT ALL
                     SELECT o.id, c.rule, c.message_en FROM bench_sample s JOIN outfall.outfall o ON o.id = s.id,
                                                           outfall.check(o) c)
                    UNION ALL
                    (SELECT o.id, c.rule, c.message_en FROM bench_sample s JOIN outfall.outfall o ON o.id = s.id,
                                                           outfall.check(o) c
                     EXCEPT ALL
                     SELECT f.outfall_id, f.rule, f.message_en FROM outfall.findings() f
                       JOIN bench_sample s ON s.id = f.outfall_id)) d) = 0
            THEN 'identical' ELSE 'DIFFERENT' END;
