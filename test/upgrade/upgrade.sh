#!/bin/sh
# Upgrade test: a database created at each released version (0.1 to 0.5) and
# brought to the current version with ALTER EXTENSION outfall UPDATE must be
# identical to a fresh install of the current version — the same member
# objects with the same definitions, comments and shipped rows — and user
# data in the old version's types and tables must come through.
#
#   Runs inside a cluster (PG* variables set; test/run_all.sh does that), as a
#   superuser, after `make install`.
set -eu
cd "$(dirname "$0")/../.."
current=$(sed -n "s/^default_version = '\(.*\)'/\1/p" outfall.control)
psql_() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
out=$(mktemp -d)
trap 'rm -rf "$out"; for db in outfall_upgraded outfall_fresh; do dropdb --if-exists "$db" 2>/dev/null; done' EXIT

for from in 0.1 0.2 0.3 0.4 0.5; do
for db in outfall_upgraded outfall_fresh; do
    dropdb --if-exists "$db"
    createdb "$db"
done
psql_ -d outfall_upgraded -c "CREATE EXTENSION outfall VERSION '$from' CASCADE" 2>/dev/null
psql_ -d outfall_upgraded <<'SQL'
-- user data kept in 0.1's types and tables
CREATE TABLE public.my_outfalls (code outfall.outfall_code PRIMARY KEY,
                                 county outfall.division_code, owner outfall.uscc);
INSERT INTO public.my_outfalls VALUES
    ('AP0100-500114-GY-0001', '500114', '91130200699229617X'),
    ('TTH01-652301-YS-0002', '652301', NULL);
INSERT INTO outfall.division (code, name) VALUES ('500114999', '试验乡');
SQL
if [ "$from" != 0.1 ]; then
    # a registry written through the old version's API
    psql_ -d outfall_upgraded <<'SQL'
INSERT INTO outfall.water_body (code, name, kind) VALUES ('UPA01', '升级河', 'river');
SELECT outfall.register('{"survey_id": "UP-1", "survey_name": "升级前的排口", "category": "other.town_storm",
                          "division": "500114001", "water_body": "UPA01", "found_on": "2024-03-01",
                          "lon": 108.78, "lat": 29.53}');
SQL
fi
# 0.3 needs pg_trgm, which ALTER EXTENSION does not install
psql_ -d outfall_upgraded -c "SET client_min_messages = warning" -c "CREATE EXTENSION IF NOT EXISTS pg_trgm"
psql_ -d outfall_upgraded -c "ALTER EXTENSION outfall UPDATE TO '$current'"
psql_ -d outfall_fresh -c "CREATE EXTENSION outfall CASCADE" 2>/dev/null
# UPGRADE_TEST_SKEW: a statement run in the fresh database only, to see the
# comparison fail (e.g. "COMMENT ON TABLE outfall.plan IS 'x'")
[ -z "${UPGRADE_TEST_SKEW:-}" ] || psql_ -d outfall_fresh -c "$UPGRADE_TEST_SKEW"

# Every member object with what defines it.  Identity columns are compared
# by their definition, not by their sequences' names.
describe() {
    psql_ -d "$1" -At <<'SQL'
SELECT kind || ' ' || ident || E'\n' || coalesce(def, '') || E'\n' || coalesce(cmt, '')
  FROM (
    SELECT 'function' AS kind, p.oid::regprocedure::text AS ident,
           pg_get_functiondef(p.oid) AS def, obj_description(p.oid, 'pg_proc') AS cmt
      FROM pg_proc p JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
     WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
       AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'outfall')
       AND p.prokind <> 'a'
    UNION ALL
    SELECT 'aggregate', p.oid::regprocedure::text, a.aggtransfn::text || ' ' || a.aggcombinefn::text,
           obj_description(p.oid, 'pg_proc')
      FROM pg_proc p JOIN pg_aggregate a ON a.aggfnoid = p.oid
     WHERE p.pronamespace = 'outfall'::regnamespace
    UNION ALL
    SELECT 'relation', c.oid::regclass::text,
           c.relkind::text || ' ' || coalesce((SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                                       || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
                                       || coalesce(' default ' || pg_get_expr(ad.adbin, ad.adrelid), '')
                                       || coalesce(' generated ' || nullif(a.attgenerated::text, ''), '')
                                       || coalesce(' identity ' || nullif(a.attidentity::text, ''), '')
                                       || coalesce(' -- ' || col_description(c.oid, a.attnum), ''),
                                       E'\n' ORDER BY a.attnum)
                                  FROM pg_attribute a LEFT JOIN pg_attrdef ad
                                    ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
                                 WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), ''),
           obj_description(c.oid, 'pg_class')
      FROM pg_class c
     WHERE c.relnamespace = 'outfall'::regnamespace AND c.relkind <> 'S'
    UNION ALL
    SELECT 'constraint', conrelid::regclass::text || '.' || conname, pg_get_constraintdef(oid), NULL
      FROM pg_constraint WHERE connamespace = 'outfall'::regnamespace
    UNION ALL
    SELECT 'index', indexrelid::regclass::text, pg_get_indexdef(indexrelid), NULL
      FROM pg_index WHERE indrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'outfall'::regnamespace)
    UNION ALL
    SELECT 'trigger', tgrelid::regclass::text || '.' || tgname, pg_get_triggerdef(oid), NULL
      FROM pg_trigger WHERE NOT tgisinternal
       AND tgrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'outfall'::regnamespace)
    UNION ALL
    SELECT 'type', t.oid::regtype::text, t.typtype::text || ' ' || t.typlen || ' ' || t.typalign::text
           || coalesce(' ' || (SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
                                 FROM pg_enum e WHERE e.enumtypid = t.oid), ''),
           obj_description(t.oid, 'pg_type')
      FROM pg_type t
     WHERE t.typnamespace = 'outfall'::regnamespace AND t.typrelid = 0 AND t.typelem = 0
        OR t.typnamespace = 'outfall'::regnamespace AND t.typtype = 'c'
           AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c'
    UNION ALL
    SELECT 'operator', o.oid::regoperator::text, o.oprcode::text || ' ' || o.oprrest::text, NULL
      FROM pg_operator o WHERE o.oprnamespace = 'outfall'::regnamespace
    UNION ALL
    SELECT 'opclass', am.amname || ' ' || oc.opcname, oc.opcintype::regtype::text || ' ' || oc.opcdefault::text, NULL
      FROM pg_opclass oc JOIN pg_am am ON am.oid = oc.opcmethod
     WHERE oc.opcnamespace = 'outfall'::regnamespace
    UNION ALL
    SELECT 'cast', castsource::regtype || ' -> ' || casttarget::regtype, castcontext::text || ' ' || castmethod::text, NULL
      FROM pg_cast c JOIN pg_depend d ON d.classid = 'pg_cast'::regclass AND d.objid = c.oid
     WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
    UNION ALL
    SELECT 'acl', c.oid::regclass::text, coalesce(c.relacl::text, ''), NULL
      FROM pg_class c WHERE c.relnamespace = 'outfall'::regnamespace
    UNION ALL
    SELECT 'security', c.oid::regclass::text,
           c.relrowsecurity::text || ' ' || c.relforcerowsecurity::text || ' ' || coalesce(c.reloptions::text, ''), NULL
      FROM pg_class c WHERE c.relnamespace = 'outfall'::regnamespace AND c.relkind IN ('r', 'v')
    UNION ALL
    SELECT 'policy', pol.polrelid::regclass::text || '.' || pol.polname,
           pol.polcmd::text || ' ' || pol.polpermissive::text || ' ' || pol.polroles::regrole[]::text
           || E'\n' || coalesce(pg_get_expr(pol.polqual, pol.polrelid), '')
           || E'\n' || coalesce(pg_get_expr(pol.polwithcheck, pol.polrelid), ''),
           obj_description(pol.oid, 'pg_policy')
      FROM pg_policy pol WHERE pol.polrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'outfall'::regnamespace)
    UNION ALL
    SELECT 'function acl', p.oid::regprocedure::text, coalesce(p.proacl::text, ''), NULL
      FROM pg_proc p WHERE p.pronamespace = 'outfall'::regnamespace AND p.proacl IS NOT NULL
    UNION ALL
    SELECT 'dump', tab::regclass::text, cond, NULL
      FROM pg_extension e, unnest(e.extconfig, e.extcondition) AS x(tab, cond)
     WHERE e.extname = 'outfall'
    UNION ALL
    SELECT 'members', count(*)::text, NULL, NULL
      FROM pg_depend WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e'
       AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'outfall')
  ) s
 ORDER BY kind, ident;
SQL
}
# Shipped rows of every table the extension fills (not the registry's own data).
shipped() {
    psql_ -d "$1" -At <<'SQL'
SELECT 'division ' || count(*) || ' ' || md5(string_agg(code::text || name || source, ',' ORDER BY code))
  FROM outfall.division WHERE code::text <> '500114999';
SELECT format('%s %s', c.relname,
              (xpath('/row/c/text()', query_to_xml(format('SELECT md5(string_agg(t::text, %L ORDER BY t::text)) AS c FROM %s t', ',', c.oid::regclass), false, true, '')))[1])
  FROM pg_class c
 WHERE c.relnamespace = 'outfall'::regnamespace AND c.relkind = 'r' AND c.relname <> 'division'
   -- not the tables that hold only the user's data (dumped whole)
   AND c.oid NOT IN (SELECT x.tab FROM pg_extension e, unnest(e.extconfig, e.extcondition) AS x(tab, cond)
                      WHERE e.extname = 'outfall' AND x.cond = '')
 ORDER BY c.relname;
SQL
}

describe outfall_upgraded > "$out/upgraded"
describe outfall_fresh > "$out/fresh"
shipped outfall_upgraded > "$out/upgraded_rows"
shipped outfall_fresh > "$out/fresh_rows"
status=0
if ! diff -u "$out/fresh" "$out/upgraded" > "$out/diff"; then
    echo "FAILED: $from updated to $current differs from a fresh $current install:"
    head -n 80 "$out/diff"
    status=1
fi
if ! diff -u "$out/fresh_rows" "$out/upgraded_rows"; then
    echo "FAILED: shipped rows differ after the update"
    status=1
fi
# the user's data survived and still works with the new registry
kept=$(psql_ -d outfall_upgraded -At -c "
    SELECT count(*) FROM public.my_outfalls m
     WHERE m.code::text = 'AP0100500114GY0001' AND outfall.county(m.county)::text = '500114'
        OR m.code::text = 'TTH01652301YS0002' AND m.owner IS NULL")
local=$(psql_ -d outfall_upgraded -At -c "SELECT name FROM outfall.division WHERE code::text = '500114999'")
if [ "$kept" != 2 ] || [ "$local" != "试验乡" ]; then
    echo "FAILED: user data after the update from $from: $kept of 2 rows, local division '$local'"
    status=1
fi
if [ "$from" != 0.1 ]; then
    # the registry came through, and the new checks run on it
    registry=$(psql_ -d outfall_upgraded -At -c "
        SELECT o.code || ' ' || o.setting || ' ' || (SELECT count(*) FROM outfall.findings(ARRAY[o.id]))
          FROM outfall.outfall o WHERE o.survey_id = 'UP-1'")
    if [ "$registry" != "UPA01500114YS0001 existing 0" ]; then
        echo "FAILED: the $from registry after the update: '$registry'"
        status=1
    fi
    # the events written before 0.6 carry their outfall's township (the ledger's policy reads it)
    untagged=$(psql_ -d outfall_upgraded -At -c "
        SELECT count(*) FILTER (WHERE division IS NULL) || ' of ' || count(*)
          FROM outfall.ledger WHERE outfall_id IS NOT NULL")
    case "$untagged" in
        "0 of 0"|[!0]*|0[0-9]*) echo "FAILED: ledger events without a township after the update from $from: $untagged"; status=1 ;;
    esac
    # a zone drawn after the update finds the outfall placed before it
    zoned=$(psql_ -d outfall_upgraded -At -c "
        SELECT outfall.add_zone('water_source_2', '升级后划定的水源保护区',
                                ST_Buffer(ST_SetSRID(ST_MakePoint(108.78, 29.53), 4490), 0.01)) IS NOT NULL" -c "
        SELECT string_agg(r.action || ' ' || r.zone_name, ',') FROM outfall.outfall o,
               outfall.required_action(o.id) r WHERE o.survey_id = 'UP-1'")
    # progress counts the registry written before the update, now and from its ledger
    counted=$(psql_ -d outfall_upgraded -At -c "
        SELECT (SELECT (outfall.progress(o.status, p.action, outfall.survey_complete(o))).total
                  FROM outfall.outfall o LEFT JOIN outfall.plan p ON p.outfall_id = o.id)
               || ' ' || (outfall.progress_as_of(current_date)).total
               || ' ' || (outfall.progress_as_of('2000-01-01')).total")
    if [ "$counted" != "1 1 0" ]; then
        echo "FAILED: progress of the $from registry after the update: '$counted' (expected '1 1 0')"
        status=1
    fi
    if [ "$zoned" != "$(printf 't\nstandardize 升级后划定的水源保护区')" ]; then
        echo "FAILED: a zone on the $from registry after the update: '$zoned'"
        status=1
    fi
fi
objects=$(sed -n 's/^members \([0-9]*\)$/\1/p' "$out/fresh")
for db in outfall_upgraded outfall_fresh; do dropdb "$db"; done
[ "$status" -eq 0 ] || exit 1
done
echo "upgrade 0.1, 0.2, 0.3, 0.4 and 0.5 -> $current: $objects member objects, definitions identical to a fresh install; user data kept"
