-- Zones benchmark (test/bench/zones.sh): one full refresh, CALL
-- outfall.refresh_zones(:batch), timed by clock_timestamp() in the
-- statements just before and after the CALL (it commits after every batch,
-- so it cannot run inside a timed block).
-- Its progress notices go to standard error; zones.sh reads the time the
-- pieces took from the first one.  psql variables: batch, run.
\set ON_ERROR_STOP on
SET client_min_messages = notice;
SELECT clock_timestamp() AS t0 \gset
CALL outfall.refresh_zones(:batch);
SET client_min_messages = warning;
INSERT INTO zb.result SELECT 'refresh', :run, extract(epoch FROM clock_timestamp() - :'t0'::timestamptz), count(*)
  FROM outfall.outfall_zone;
INSERT INTO zb.checksum
SELECT 'refresh', :run,
       (SELECT count(*) FROM outfall.zone), (SELECT count(*) FROM outfall.zone_part),
       count(*), count(DISTINCT outfall_id), sum(hashint8(outfall_id)::bigint * 31 + hashint8(zone_id))
  FROM outfall.outfall_zone;
