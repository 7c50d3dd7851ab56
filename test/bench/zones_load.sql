-- Zones benchmark (test/bench/zones.sh): the load of the sheet through
-- outfall.import_zones, timed as one statement: it checks every boundary,
-- inserts the zones, and the statement trigger cuts them into pieces and
-- finds the outfalls inside them, all in the same statement.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
SELECT clock_timestamp() AS t0 \gset
SELECT count(*) AS loaded, count(*) FILTER (WHERE repaired) AS repaired FROM outfall.import_zones('zb.sheet') \gset
INSERT INTO zb.result VALUES ('load', 1, extract(epoch FROM clock_timestamp() - :'t0'::timestamptz), :loaded),
                             ('load: repaired', 1, NULL, :repaired);
-- what the load left, to compare with what each refresh leaves
CREATE TABLE zb.checksum AS
SELECT 'load'::text AS stage, 1 AS run,
       (SELECT count(*) FROM outfall.zone) AS zones,
       (SELECT count(*) FROM outfall.zone_part) AS parts,
       count(*) AS members, count(DISTINCT outfall_id) AS outfalls_in_a_zone,
       sum(hashint8(outfall_id)::bigint * 31 + hashint8(zone_id)) AS checksum
  FROM outfall.outfall_zone;
