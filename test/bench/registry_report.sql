-- The registry benchmark's report: medians of table result (filled by
-- registry.sh), the ratios against their named baselines, and the target
-- of the issue with PASS or MISS.
\set ON_ERROR_STOP on
\pset footer off
SET client_min_messages = warning;

-- with / without of each batch (the two variants ran one after the other)
CREATE TEMP VIEW paired AS
SELECT w.part, percentile_cont(0.5) WITHIN GROUP (ORDER BY w.ms / o.ms) AS ratio
  FROM result w JOIN result o ON o.part = w.part AND o.run = w.run AND o.variant = 'without'
 WHERE w.variant = 'with'
 GROUP BY w.part;

CREATE TEMP VIEW med AS
SELECT part, variant, clients, count(*) AS runs, min(n) AS n,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY ms / n) AS ms_per_call,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY cpu_ms / n) AS cpu_per_call,
       min(ms / n) AS min_ms, max(ms / n) AS max_ms,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY tps) AS tps,
       min(tps) AS min_tps, max(tps) AS max_tps,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS latency_ms
  FROM result GROUP BY part, variant, clients;

\echo '================================================================================'
\echo ' Registry: outfall.register() throughput and the cost of the ledger'
\echo '================================================================================'
\echo ' (a) Registrations per second through outfall.register(): pgbench, one call per'
\echo '     transaction, 24 code prefixes, a fresh copy of the database for every run of'
\echo '    ' :seconds 's; the rate after the first progress interval (new sessions warm up);'
\echo '     median, min and max of' :runs 'runs; latency: pgbench''s average of the whole run'
SELECT clients, runs,
       to_char(tps, 'FM99990') AS "registrations/s",
       to_char(min_tps, 'FM99990') AS min, to_char(max_tps, 'FM99990') AS max,
       to_char(latency_ms, 'FM990.00') AS "latency ms"
  FROM med WHERE part = 'throughput' ORDER BY clients;
SELECT to_char((SELECT tps FROM med WHERE part = 'throughput' AND clients = 8)
             / (SELECT tps FROM med WHERE part = 'throughput' AND clients = 1), 'FM990.00') AS ratio8 \gset
\echo '  8 clients / 1 client (baseline: 1 client):' :ratio8
\echo
\echo ' (b) The ledger: one session switches the ledger triggers (outfall_ledger,'
\echo '     party_ledger) on and off between batches, alternating which comes first;'
\echo '     each call its own transaction, timed in the server after' :warm 'untimed calls;'
\echo '     median of' :batches 'batches of each variant, a batch being' :batch 'registrations,'
\echo '     4 times as many bare INSERTs, or one INSERT ... SELECT of' :bulk 'rows;'
\echo '     microseconds per outfall'
SELECT CASE w.part WHEN 'register' THEN 'registration: outfall.register()'
                   WHEN 'insert' THEN 'bare INSERT INTO outfall.outfall'
                   ELSE 'bulk INSERT ... SELECT (info)' END AS "what",
       w.runs AS batches,
       to_char(1000 * w.ms_per_call, 'FM99990.0') AS "with ledger",
       to_char(1000 * o.ms_per_call, 'FM99990.0') AS "without",
       to_char(1000 * (w.ms_per_call - o.ms_per_call), 'FM99990.0') AS "ledger adds",
       to_char(w.ms_per_call / o.ms_per_call, 'FM990.00') AS "with / without",
       to_char(p.ratio, 'FM990.00') AS "paired",
       coalesce(to_char(w.cpu_per_call / o.cpu_per_call, 'FM990.00'), '-') AS "CPU time",
       to_char(1000 * w.min_ms, 'FM99990.0') || '-' || to_char(1000 * w.max_ms, 'FM99990.0') AS "with: min-max",
       to_char(1000 * o.min_ms, 'FM99990.0') || '-' || to_char(1000 * o.max_ms, 'FM99990.0') AS "without: min-max"
  FROM med w JOIN med o ON o.part = w.part AND o.variant = 'without'
  JOIN paired p ON p.part = w.part
 WHERE w.variant = 'with' AND w.part IN ('register', 'insert', 'bulk')
 ORDER BY array_position('{register,insert,bulk}', w.part);
\echo '  baseline of "with / without": the same calls without the ledger triggers (ratio of'
\echo '  the medians); "paired": the median of the ratios of batches run one after the other;'
\echo '  "CPU time": the ratio of the medians of the session''s CPU time (/proc/self/schedstat),'
\echo '  which leaves out the time the machine gave to other processes'
\echo
SELECT w.ms_per_call / o.ms_per_call AS reg_ratio
  FROM med w JOIN med o ON o.part = w.part AND o.variant = 'without'
 WHERE w.part = 'register' AND w.variant = 'with' \gset
SELECT CASE WHEN :reg_ratio <= 1.50 THEN 'PASS' ELSE 'MISS' END AS verdict,
       to_char(:reg_ratio, 'FM990.00') AS ratio \gset
\echo ' Target: the ledger adds at most 50% to a registration (with / without <= 1.50):' :ratio :verdict
\echo ' No target: 8 clients / 1 client, and with / without for the bare and the bulk INSERT.'
