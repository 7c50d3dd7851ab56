#!/bin/sh
# Row-level security survives pg_dump / pg_restore, as far as PostgreSQL 15
# carries it: a registry of two townships of 黔江区, its staff mapped in
# outfall.jurisdiction (editors and a verifier of each township, a county
# group role whose member has its area only through the group, a province
# admin), and the grants and revokes a DBA makes on the extension's objects
# (SELECT on a table and EXECUTE on a function to a role outside the groups,
# USAGE on the schema, a column privilege, privileges revoked from the group
# roles and from PUBLIC: pg_dump writes them as the difference from
# pg_init_privs), dumped in custom format and restored into a fresh
# database, come back identical: the extension's policies (name, table,
# command, permissive or restrictive, roles, USING and WITH CHECK), row
# security enabled and forced on each relation, the ACL of every relation,
# column, function and of the schema, the jurisdiction rows, the registry
# rows and the ledger (test/generate/fingerprint.sql) -- and, the point,
# what each mapped role and the DBA's extra role see: the row count of every
# table and view they may read, their area, their progress and their
# findings, as that role.  pg_restore prints nothing and exits 0;
# afterwards an editor still registers in its own township and is still
# refused in the other.
#
# Not carried, and asserted so that doc/security.md ("Known limits") stays
# true: PostgreSQL 15's pg_dump writes neither a policy a user adds to one
# of the extension's tables nor a user's ENABLE/FORCE ROW LEVEL SECURITY on
# one.  Such a policy and FORCE are added to the source after it is
# compared, they take effect there, and the restored database must not
# have them; should a later pg_dump carry them, the test fails and says
# the documentation is to change.
#
# Restored as the README says, with the registry's triggers silent:
#     PGOPTIONS='-c session_replication_role=replica' pg_restore ...
# Runs inside a cluster as a superuser (PGHOST etc. set, e.g. by
# pg_virtualenv), or by hand against any cluster: its databases and login
# roles are inst_rls_*, dropped on exit.  About 15 s.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
src=inst_rls_src
dst=inst_rls_dst
roles="inst_rls_cd inst_rls_cn inst_rls_cn_ver inst_rls_analyst inst_rls_county inst_rls_admin inst_rls_extra"
work=$(mktemp -d)
export PGCLIENTENCODING=UTF8
psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }
fail() { echo "rls dump/restore FAILED: $*" >&2; exit 1; }
drop_all() {
    dropdb --if-exists "$src" 2>/dev/null || true
    dropdb --if-exists "$dst" 2>/dev/null || true
    for r in $roles; do psql -d postgres -c "DROP ROLE IF EXISTS $r" 2>/dev/null || true; done
}
trap 'drop_all; rm -rf "$work"' EXIT
trap 'exit 1' INT TERM

drop_all
createdb -T template0 -E UTF8 --locale=C "$src"
psql -d "$src" -c "SET client_min_messages = warning" -c "CREATE EXTENSION outfall CASCADE"
# roles belong to the cluster: the restored database finds the same ones
psql -d postgres <<'SQL'
CREATE ROLE inst_rls_cd LOGIN IN ROLE outfall_editor;        -- 城东街道 staff
CREATE ROLE inst_rls_cn LOGIN IN ROLE outfall_editor;        -- 城南街道 staff
CREATE ROLE inst_rls_cn_ver LOGIN IN ROLE outfall_verifier;  -- 城南街道 acceptance
CREATE ROLE inst_rls_county NOLOGIN IN ROLE outfall_reader;  -- 黔江区, as a group
CREATE ROLE inst_rls_analyst LOGIN IN ROLE inst_rls_county;  -- its area through the group only
CREATE ROLE inst_rls_admin LOGIN IN ROLE outfall_admin;      -- 重庆市
CREATE ROLE inst_rls_extra LOGIN;                            -- outside the groups
SQL

psql -d "$src" -o /dev/null <<'SQL'
SET client_min_messages = warning;
SET search_path = outfall, public;
INSERT INTO jurisdiction (member, division) VALUES
    ('inst_rls_cd', '500114001'), ('inst_rls_cn', '500114002'), ('inst_rls_cn_ver', '500114002'),
    ('inst_rls_county', '500114'), ('inst_rls_admin', '50');
INSERT INTO water_body (code, name, kind, is_key_river, target_class, meets_target)
VALUES ('AP0100', '阿蓬江', 'river', true, 'III', true);
-- three outfalls in each township, by their own staff
SET ROLE inst_rls_cd;
SELECT register(jsonb_build_object(
           'survey_id', 'RLS-CD-' || n, 'survey_name', '城东排口' || n,
           'category', CASE WHEN n = 1 THEN 'other.town_storm' ELSE 'other.town_domestic' END,
           'division', '500114001', 'water_body', 'AP0100', 'found_on', '2024-03-0' || n,
           'lon', 108.78 + n / 1000.0, 'lat', 29.54, 'at', '2024-03-0' || n))
  FROM generate_series(1, 3) n;
SELECT record_sample(code, '{"sampled_at": "2024-04-01", "weather": "dry", "ph": 7.1, "cod_mgl": 20}')
  FROM outfall WHERE survey_id = 'RLS-CD-1';
SELECT advance(code, 'monitored', '{"at": "2024-04-01"}') FROM outfall WHERE survey_id = 'RLS-CD-1';
SET ROLE inst_rls_cn;
SELECT register(jsonb_build_object(
           'survey_id', 'RLS-CN-' || n, 'survey_name', '城南排口' || n,
           'category', CASE WHEN n = 1 THEN 'other.town_storm' ELSE 'town_plant.plant' END,
           'division', '500114002', 'water_body', 'AP0100', 'found_on', '2024-03-1' || n,
           'lon', 108.77 + n / 1000.0, 'lat', 29.53, 'at', '2024-03-1' || n,
           'owner', jsonb_build_object('name', '城南污水处理厂' || n, 'kind', 'treatment_plant')))
  FROM generate_series(1, 3) n;
SELECT record_sample(code, '{"sampled_at": "2024-04-02", "weather": "dry", "ph": 7.0,
                             "indicators": [{"name": "粪大肠菌群", "value": 900, "unit": "MPN/L"}]}')
  FROM outfall WHERE survey_id = 'RLS-CN-2';
SELECT advance(code, 'monitored', '{"at": "2024-04-02"}') FROM outfall WHERE survey_id = 'RLS-CN-2';
SELECT record_tracing(code, '{"method": "field", "traced_on": "2024-05-01", "at": "2024-05-01",
                              "sources": [{"name": "城南片区生活污水", "kind": "domestic"}]}')
  FROM outfall WHERE survey_id = 'RLS-CN-2';
SELECT advance(code, 'traced', '{"at": "2024-05-01"}') FROM outfall WHERE survey_id = 'RLS-CN-2';
SELECT set_plan(code, '{"action": "standardize", "measures": "规范排口", "responsible_unit": "城南污水处理厂",
                        "responsible_person": "王工", "deadline": "2025-06-30", "at": "2024-05-02"}')
  FROM outfall WHERE survey_id = 'RLS-CN-2';
RESET ROLE;
SELECT take_snapshot('semiannual', '2024-06-25');

-- what a DBA adds: a role outside the groups reads the water bodies (a
-- table without row security: the tables under it answer only the
-- registry's roles, who may run divisions_of()) and may number codes
GRANT USAGE ON SCHEMA outfall TO inst_rls_extra;
GRANT SELECT ON outfall.water_body TO inst_rls_extra;
GRANT EXECUTE ON FUNCTION outfall.next_code(text, outfall.division_code, text) TO inst_rls_extra;
-- editors may correct names only, and no longer delete samples; nobody but
-- the registry's roles runs the chart
GRANT UPDATE (name) ON outfall.water_body TO outfall_editor;
REVOKE DELETE ON outfall.sample FROM outfall_editor;
REVOKE EXECUTE ON FUNCTION outfall.progress_chart(date, outfall.division_code, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION outfall.progress_chart(date, outfall.division_code, text) TO outfall_reader;
SQL

# Everything compared, in a form that does not depend on OIDs.  ACLs name
# roles, which the two databases share.
snapshot() {  # snapshot <db>
    psql -d "$1" -At -f "$root/test/generate/fingerprint.sql" | sed 's/^/rows /'
    psql -d "$1" -At <<'SQL'
SET search_path = pg_catalog;
SELECT 'policy', tablename, policyname, permissive, roles::text, cmd, qual, with_check
  FROM pg_policies WHERE schemaname = 'outfall' ORDER BY tablename, policyname;
SELECT 'relation', c.relname, c.relkind, c.relrowsecurity, c.relforcerowsecurity, coalesce(c.relacl::text, '(default)')
  FROM pg_class c WHERE c.relnamespace = 'outfall'::regnamespace AND c.relkind IN ('r', 'v', 'm', 'S', 'p', 'f')
 ORDER BY c.relname;
SELECT 'column', c.relname, a.attname, a.attacl::text
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
 WHERE c.relnamespace = 'outfall'::regnamespace AND a.attacl IS NOT NULL AND NOT a.attisdropped
 ORDER BY c.relname, a.attname;
SELECT 'function', p.oid::regprocedure::text, coalesce(p.proacl::text, '(default)')
  FROM pg_proc p WHERE p.pronamespace = 'outfall'::regnamespace ORDER BY 2;
SELECT 'schema', coalesce(n.nspacl::text, '(default)') FROM pg_namespace n WHERE n.nspname = 'outfall';
SELECT 'grants', count(*) FROM (
    SELECT aclexplode(c.relacl) FROM pg_class c WHERE c.relnamespace = 'outfall'::regnamespace
    UNION ALL SELECT aclexplode(a.attacl) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
               WHERE c.relnamespace = 'outfall'::regnamespace AND a.attacl IS NOT NULL
    UNION ALL SELECT aclexplode(p.proacl) FROM pg_proc p WHERE p.pronamespace = 'outfall'::regnamespace
    UNION ALL SELECT aclexplode(n.nspacl) FROM pg_namespace n WHERE n.nspname = 'outfall') g;
SELECT 'jurisdiction', member, division FROM outfall.jurisdiction ORDER BY 2, 3;
SQL
    # as each role: every table and view of the schema it may read, and
    # what the API tells it (\gexec runs the statements the query makes)
    psql -d "$1" -At <<'SQL'
SET search_path = pg_catalog;
SELECT format('SET ROLE %I', r.rolname),
       format('SELECT %L, %L, count(*) FROM outfall.%I', r.rolname, c.relname, c.relname),
       'RESET ROLE'
  FROM pg_roles r, pg_class c
 WHERE r.rolname LIKE 'inst\_rls\_%' AND c.relnamespace = 'outfall'::regnamespace AND c.relkind IN ('r', 'v')
   AND has_table_privilege(r.oid, c.oid, 'SELECT')
 ORDER BY r.rolname, c.relname
\gexec
SELECT format('SET ROLE %I', r.rolname),
       format($q$SELECT %L, 'area', outfall.my_divisions()::text, outfall.bypasses_jurisdiction()$q$, r.rolname),
       format($q$SELECT %L, 'progress', outfall.progress_as_of(current_date)::jsonb::text$q$, r.rolname),
       format($q$SELECT %L, 'findings', f.rule, count(*) FROM outfall.findings() f GROUP BY f.rule ORDER BY f.rule$q$, r.rolname),
       'RESET ROLE'
  FROM pg_roles r
 WHERE r.rolname LIKE 'inst\_rls\_%' AND pg_has_role(r.oid, 'outfall_reader', 'USAGE')
 ORDER BY r.rolname
\gexec
SQL
}
snapshot "$src" > "$work/src"

# the DBA's grants and revokes, each as a yes/no, so that a comparison of
# two databases that both lost them cannot pass
grants_made() {  # grants_made <db>
    psql -d "$1" -At <<'SQL'
SET search_path = pg_catalog;
SELECT 'schema usage to inst_rls_extra', has_schema_privilege('inst_rls_extra', 'outfall', 'USAGE');
SELECT 'water_body select to inst_rls_extra', has_table_privilege('inst_rls_extra', 'outfall.water_body', 'SELECT');
SELECT 'next_code execute to inst_rls_extra',
       has_function_privilege('inst_rls_extra', 'outfall.next_code(text, outfall.division_code, text)', 'EXECUTE');
SELECT 'water_body.name update to outfall_editor', has_column_privilege('outfall_editor', 'outfall.water_body', 'name', 'UPDATE');
SELECT 'sample delete revoked from outfall_editor', NOT has_table_privilege('outfall_editor', 'outfall.sample', 'DELETE');
SELECT 'sample insert kept by outfall_editor', has_table_privilege('outfall_editor', 'outfall.sample', 'INSERT');
SELECT 'progress_chart execute revoked from PUBLIC',
       NOT has_function_privilege('inst_rls_extra', 'outfall.progress_chart(date, outfall.division_code, text)', 'EXECUTE');
SELECT 'progress_chart execute to outfall_reader',
       has_function_privilege('outfall_reader', 'outfall.progress_chart(date, outfall.division_code, text)', 'EXECUTE');
SQL
}
grants_made "$src" > "$work/grants_src"
if grep -q '|f$' "$work/grants_src"; then
    fail "the DBA's grants did not take in the source: $(grep '|f$' "$work/grants_src" | tr '\n' ' ')"
fi

# What PostgreSQL 15 does not dump: a policy of the user's own on an
# extension table (the county's analysts leave the treatment plants to the
# plants' inspectors) and FORCE ROW LEVEL SECURITY.  Added after the
# comparison snapshot; they take effect in the source.
psql -d "$src" -o /dev/null <<'SQL'
CREATE POLICY analysts_no_plants ON outfall.outfall AS RESTRICTIVE FOR SELECT TO inst_rls_county
    USING (category <> 'town_plant.plant');
ALTER TABLE outfall.outfall FORCE ROW LEVEL SECURITY;
SQL
user_rls() {  # user_rls <db>: the user's policy and FORCE, and what the analyst sees
    psql -d "$1" -At <<'SQL'
SET search_path = pg_catalog;
SELECT count(*) FROM pg_policies WHERE schemaname = 'outfall' AND policyname = 'analysts_no_plants';
SELECT relforcerowsecurity FROM pg_class WHERE oid = 'outfall.outfall'::regclass;
SET ROLE inst_rls_analyst;
SELECT count(*) FROM outfall.outfall;
SQL
}
[ "$(user_rls "$src" | tr '\n' ' ')" = "1 t 4 " ] \
    || fail "the user's policy and FORCE should hold in the source (policy, forced, outfalls the analyst sees): $(user_rls "$src" | tr '\n' ' ')"

pg_dump -Fc -d "$src" -f "$work/rls.dump" 2> "$work/pg_dump.err" || { cat "$work/pg_dump.err" >&2; fail "pg_dump"; }
createdb -T template0 -E UTF8 --locale=C "$dst"
if ! PGOPTIONS='-c session_replication_role=replica' pg_restore -d "$dst" "$work/rls.dump" 2> "$work/pg_restore.err"; then
    cat "$work/pg_restore.err" >&2
    fail "pg_restore exited with status $?"
fi
if [ -s "$work/pg_restore.err" ]; then
    cat "$work/pg_restore.err" >&2
    fail "pg_restore printed messages"
fi
snapshot "$dst" > "$work/dst"

# the source holds what the test means to compare
grep -q '^rows outfall|6|' "$work/src" || fail "expected 6 outfalls in the source: $(grep '^rows outfall|' "$work/src")"
grep -q '^inst_rls_extra|water_body|1$' "$work/src" || fail "inst_rls_extra should read the 1 water body in the source"
grep -q '^inst_rls_cd|outfall|3$' "$work/src" || fail "the 城东 editor should see its 3 outfalls in the source"
grep -q '^inst_rls_cn|outfall|3$' "$work/src" || fail "the 城南 editor should see its 3 outfalls in the source"
grep -q '^inst_rls_analyst|outfall|6$' "$work/src" || fail "the county analyst should see the 6 outfalls of its townships in the source"
ext_policies=$(psql -d "$src" -At -c "SELECT count(*) FROM pg_policies WHERE schemaname = 'outfall' AND policyname <> 'analysts_no_plants'")
[ "$(grep -c '^policy|' "$work/src")" -eq "$ext_policies" ] && [ "$ext_policies" -gt 0 ] \
    || fail "the snapshot should hold the extension's $ext_policies policies"
if ! diff "$work/src" "$work/dst" > "$work/diff"; then
    echo "the restored database differs from the dumped one (< source, > restored):" >&2
    cat "$work/diff" >&2
    fail "policies, grants, rows or what the roles see differ after pg_restore"
fi

grants_made "$dst" > "$work/grants_dst"
if ! diff "$work/grants_src" "$work/grants_dst" > "$work/grants_diff"; then
    cat "$work/grants_diff" >&2
    fail "the DBA's grants and revokes on the extension's objects were not restored"
fi
# the documented limit: the user's own policy and FORCE are not restored
case "$(user_rls "$dst" | tr '\n' ' ')" in
    "0 f 6 ")
        echo "note: as doc/security.md says, pg_dump (PostgreSQL 15) did not carry the policy added to outfall.outfall (analysts_no_plants) nor its FORCE ROW LEVEL SECURITY: the analyst sees 6 outfalls after the restore, 4 before; keep such policies in a script of your own" ;;
    *)
        fail "the user's policy or FORCE on outfall.outfall came back after the restore ($(user_rls "$dst" | tr '\n' ' ')): pg_dump now carries them; update the known limits in doc/security.md and this test" ;;
esac

# the restored registry goes on enforcing: an editor registers in its own
# township and is refused (42501) in the other
psql -d "$dst" -At > "$work/after" 2>&1 <<'SQL' || true
SET ROLE inst_rls_cd;
SELECT outfall.register('{"survey_id": "RLS-CD-9", "survey_name": "城东新排口", "category": "other.town_storm",
                          "division": "500114001", "water_body": "AP0100", "found_on": "2025-03-01"}') IS NOT NULL;
\set VERBOSITY sqlstate
SELECT outfall.register('{"survey_id": "RLS-CD-10", "survey_name": "越界排口", "category": "other.town_storm",
                          "division": "500114002", "water_body": "AP0100", "found_on": "2025-03-01"}');
SQL
grep -qx 't' "$work/after" && grep -q 'ERROR:  42501' "$work/after" \
    || fail "after the restore, an editor should register in its township and be refused in the other: $(tr '\n' ' ' < "$work/after")"

policies=$(grep -c '^policy|' "$work/src")
grants=$(sed -n 's/^grants|//p' "$work/src")
nroles=$(grep '^inst_rls_' "$work/src" | cut -d'|' -f1 | sort -u | wc -l)
checks=$(grep -c '^inst_rls_' "$work/src")
echo "rls dump/restore: $policies policies, $grants grants, $nroles roles' views identical ($checks counts and answers as those roles; $(grep '^rows ledger|' "$work/src" | cut -d'|' -f2) ledger events)"
