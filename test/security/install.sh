#!/bin/sh
# Install-time hardening of outfall: what a role that is not trusted can do
# to an install, and what the install hands to the role that owns the
# registry.  outfall is not a trusted extension: a superuser creates it,
# and the install script first refuses (SQLSTATE 42501) a database where
# another role could have planted something for it to call (src/header.sql).
#
# (a) Look-alikes in public.  A login role given CREATE on schema public
#     (inst_trapper) plants functions, aggregates and operators in public
#     that take exactly the argument types a call site in the install
#     script or in the extension's functions may pass where the real one
#     takes other types (lower(varchar) where lower(text) is the real one,
#     unnest(text[]) where it is unnest(anyarray), = (oid, regclass),
#     format(text, VARIADIC text[]), ...), plus views named like the
#     registry's tables and domains named like its types; a clean database
#     (inst_ref) says what each such call resolves to today, and the
#     look-alike calls that and returns its answer.  Each is SECURITY
#     INVOKER and, if it ever runs, counts itself in a sequence (which a
#     rollback does not undo), logs, warns, and tries ALTER ROLE
#     inst_trapper SUPERUSER.  CREATE EXTENSION outfall CASCADE by a
#     superuser, PostGIS installed beforehand (inst_pre) and by the CASCADE
#     itself (inst_cascade: PostGIS is created first, then outfall's guard
#     sees the role that may create in PostGIS's schema), must be refused
#     with 42501 by the guard, and nothing planted may have run, PostGIS's
#     own script included; inst_trapper stays an ordinary role.  Each of the
#     guard's conditions refuses alone (the planted functions without the
#     privilege; the privilege without functions); with both gone the
#     install succeeds.
#     Then, for information only: what PostgreSQL 15's default public
#     schema prevents.  inst_trapper is given CREATE on public again after
#     the install and plants again; the API workload (as a superuser and as
#     a township's editor, verifier and reader; every PL/pgSQL function of
#     the extension runs) counts the extension's functions whose calls now
#     resolve to a look-alike (the functions released before 0.6 search
#     "outfall, public": a documented limit); these look-alikes are
#     disarmed (they log, but do not try to escalate: run by a superuser
#     they would succeed, and the test does not hand out a superuser for
#     the seconds it takes to notice).  None of them may be a
#     SECURITY DEFINER function or ledger_row(outfall), which the ledger
#     trigger calls; nor may a look-alike run as outfall_owner.  That is a
#     failure.
# (b) Squatting.  A role with CREATE on the database (inst_squatter)
#     creates the schema "outfall" first and plants functions and an
#     operator in it; CREATE EXTENSION by a superuser is refused (42501) and
#     none of them runs.
# (c) Audit.  Every SECURITY DEFINER member function, and ledger_row(outfall),
#     pins search_path to pg_catalog and pg_temp (last), or the extension's
#     schema: no public, no "$user".  The SECURITY DEFINER functions and the
#     registry's tables, views and sequences belong to outfall_owner, which is
#     neither a superuser, nor able to log in, nor BYPASSRLS.
# (d) Who installs.  A role with CREATE on the database (inst_plain) may not
#     create the extension (42501, permission denied to create extension);
#     a superuser's install makes the superuser the extension's owner and
#     outfall_owner the registry's; a superuser updates a 0.5 install to
#     0.6 with the same owners, policies and functions as a fresh install.
#
# Every finding is listed and the test fails.  Runs inside a cluster as a
# superuser (PGHOST etc. set, e.g. by pg_virtualenv), or by hand against any
# cluster: it creates its own databases (inst_*) and login roles (inst_*)
# and drops them on exit; the group roles outfall_* are left, as DROP
# EXTENSION leaves them.  About 30 s.
set -eu
export PGCLIENTENCODING=UTF8
tab=$(printf '\t')
work=$(mktemp -d)
dbs="inst_ref inst_pre inst_cascade inst_squat inst_plain inst_update"
roles="inst_trapper inst_squatter inst_plain inst_editor inst_verifier inst_reader"
psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }
# queries of the test's own in a database with look-alikes in public: names
# are looked up in pg_catalog only, or the test would run them itself
cat_psql() { PGOPTIONS="${PGOPTIONS:-} -c search_path=pg_catalog,pg_temp" psql -At "$@"; }
drop_all() {
    for db in $dbs; do dropdb --if-exists "$db" 2>/dev/null || true; done
    for r in $roles; do psql -d postgres -c "DROP ROLE IF EXISTS $r" 2>/dev/null || true; done
}
cleanup() { drop_all; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 1' INT TERM
fail_list="$work/findings"
: > "$fail_list"
finding() { echo "$*" >> "$fail_list"; echo "FINDING: $*" >&2; }
newdb() { createdb -T template0 -E UTF8 --locale=C "$1"; }

drop_all
for r in inst_trapper inst_squatter inst_plain; do
    psql -d postgres -c "CREATE ROLE $r LOGIN"
done

# ---------------------------------------------------------------- the SQL
# The look-alikes' own machinery (run as the planting role; every name in
# it is qualified and it uses no operator, so that it never runs another
# look-alike).  TRAPPER is replaced by the planting role's name.
cat > "$work/infra.sql" <<'SQL'
CREATE TABLE public.inst_trap_log (id bigserial PRIMARY KEY, label text, acting name, session_role name,
                                   search_path text, context text);
GRANT INSERT ON public.inst_trap_log TO PUBLIC;
GRANT USAGE ON SEQUENCE public.inst_trap_log_id_seq TO PUBLIC;
-- counts runs whose transaction was rolled back too
CREATE SEQUENCE public.inst_trap_fired;
GRANT USAGE ON SEQUENCE public.inst_trap_fired TO PUBLIC;
CREATE TABLE public.inst_trap_planted (grp integer PRIMARY KEY, kind text, label text);
-- The first run at each call site (per session) is logged, warned about and
-- tries the escalation; later ones only count, or a look-alike in a
-- catalog scan would log every row.  Its own lookups are qualified: it runs
-- with the caller's search_path.
CREATE FUNCTION public.inst_trap_hit(label text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    ctx text;
    seen text;
BEGIN
    PERFORM pg_catalog.nextval('public.inst_trap_fired');
    GET DIAGNOSTICS ctx = PG_CONTEXT;
    seen := pg_catalog.concat('inst_trap.h', pg_catalog.md5(pg_catalog.concat(label, ctx)));
    IF pg_catalog.current_setting(seen, true) IS NOT NULL THEN
        RETURN;
    END IF;
    PERFORM pg_catalog.set_config(seen, 'y', false);
    INSERT INTO public.inst_trap_log (label, acting, session_role, search_path, context)
    VALUES (label, CURRENT_USER, SESSION_USER, pg_catalog.current_setting('search_path'), ctx);
    RAISE WARNING 'look-alike ran: % (as %)', label, CURRENT_USER;
    BEGIN
        EXECUTE 'ALTER ROLE TRAPPER SUPERUSER';
    EXCEPTION WHEN OTHERS THEN
        NULL;
    END;
END;
$$;
CREATE FUNCTION public.inst_trap_acc(state text[], a anyelement) RETURNS text[] LANGUAGE plpgsql AS $$
BEGIN
    RETURN pg_catalog.array_append(state, a::text);
END;
$$;
CREATE FUNCTION public.inst_trap_acc(state text[], a anyelement, b anycompatible) RETURNS text[] LANGUAGE plpgsql AS $$
BEGIN
    RETURN pg_catalog.array_cat(state, ARRAY[ARRAY[a::text, b::text]]);
END;
$$;
CREATE FUNCTION public.inst_trap_rows(rel text) RETURNS SETOF integer LANGUAGE plpgsql AS $$
BEGIN
    PERFORM public.inst_trap_hit('relation ' || rel);
END;
$$;
CREATE FUNCTION public.inst_trap_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM public.inst_trap_hit('relation ' || TG_ARGV[0] || ' written');
    RETURN NULL;
END;
$$;
CREATE FUNCTION public.inst_trap_check(typ text, v text) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    PERFORM public.inst_trap_hit('type ' || typ);
    RETURN true;
END;
$$;
SQL

# plants what is not planted yet (what needs the extension's types waits
# for the second round)
cat > "$work/plant.sql" <<SQL
CREATE TEMP TABLE inst_trap_spec (grp integer, kind text, label text, stmts text[]);
\\copy inst_trap_spec FROM '$work/spec.tsv'
SQL
cat >> "$work/plant.sql" <<'SQL'
DO $$
DECLARE
    s record;
    x text;
BEGIN
    FOR s IN SELECT * FROM inst_trap_spec t
              WHERE NOT EXISTS (SELECT FROM public.inst_trap_planted p WHERE p.grp OPERATOR(pg_catalog.=) t.grp)
              ORDER BY t.grp LOOP
        BEGIN
            FOREACH x IN ARRAY s.stmts LOOP
                EXECUTE x;
            END LOOP;
            INSERT INTO public.inst_trap_planted VALUES (s.grp, s.kind, s.label);
        EXCEPTION WHEN OTHERS THEN
            NULL;
        END;
    END LOOP;
END;
$$;
SELECT pg_catalog.count(*) FROM public.inst_trap_planted;
SQL

# Who called a look-alike, as whom: frames of the logged context are the
# logging function, the look-alike, then its caller -- an extension function
# (named with or without its schema, as the search_path at the time shows
# it), a DO block, or nobody (a statement at top level).
cat > "$work/callers.sql" <<'SQL'
SELECT DISTINCT
       CASE WHEN c.caller IS NULL THEN '(top level)'
            WHEN c.caller ~ 'inline_code_block' THEN '(a DO block)'
            WHEN c.caller ~ '^SQL function "' THEN substring(c.caller FROM '^SQL function "([^"]+)"') || '(...)'
            ELSE replace(substring(c.caller FROM '^PL/pgSQL function (.*\)) line [0-9]+'), 'outfall.', '') END,
       l.label, l.acting
  FROM public.inst_trap_log l
  CROSS JOIN LATERAL (
      WITH lines AS (
          SELECT t.line, t.n, count(*) FILTER (WHERE t.line ~ '^(PL/pgSQL function|SQL function)') OVER (ORDER BY t.n) AS frame
            FROM regexp_split_to_table(l.context, E'\n') WITH ORDINALITY t(line, n))
      SELECT (SELECT line FROM lines WHERE frame = 3 ORDER BY n LIMIT 1) AS caller) c
 ORDER BY 1, 2, 3;
SQL


# The look-alikes to plant, worked out in a database without any (inst_ref).
cat > "$work/gen.sql" <<'SQL'
SET client_min_messages = warning;
-- the types an argument may have at a call site
CREATE TEMP TABLE inst_types (t regtype PRIMARY KEY, cls text);   -- cls: scalar, array, enum, composite
INSERT INTO inst_types
SELECT t::regtype, 'scalar' FROM unnest(ARRAY['text','varchar','name','bpchar','int2','int4','int8',
    'numeric','float4','float8','bool','date','timestamp','timestamptz','interval','time','jsonb','json',
    'bytea','oid','regclass','regprocedure','regproc','regtype','regnamespace','regrole','xml']) t
UNION ALL
SELECT t::regtype, 'array' FROM unnest(ARRAY['text[]','varchar[]','name[]','int2[]','int4[]','int8[]',
    'numeric[]','float8[]','bool[]','date[]','timestamptz[]','jsonb[]']) t
ON CONFLICT DO NOTHING;
INSERT INTO inst_types
SELECT ty.oid::regtype, CASE WHEN ty.typtype = 'e' THEN 'enum' WHEN ty.typtype = 'c' THEN 'composite' ELSE 'scalar' END
  FROM pg_type ty JOIN pg_namespace n ON n.oid = ty.typnamespace
 WHERE (n.nspname = 'outfall' AND ty.typtype IN ('b', 'e', 'd', 'c') AND ty.typcategory <> 'A')
    OR (n.nspname = 'public' AND ty.typname IN ('geometry', 'geography', 'box2d', 'box3d'))
ON CONFLICT DO NOTHING;
INSERT INTO inst_types
SELECT ty.typarray::regtype, 'array' FROM inst_types i JOIN pg_type ty ON ty.oid = i.t
 WHERE i.cls IN ('scalar', 'enum') AND ty.typnamespace <> 'pg_catalog'::regnamespace
ON CONFLICT DO NOTHING;
ANALYZE inst_types;

-- candidate argument types for one parameter of an existing function
CREATE OR REPLACE FUNCTION pg_temp.inst_repl(o regtype, with_composite boolean) RETURNS SETOF regtype
LANGUAGE sql STABLE AS $$
    SELECT t FROM inst_types
     WHERE CASE o::text
           WHEN 'anyelement' THEN cls IN ('scalar', 'enum', 'array') OR cls = 'composite' AND with_composite
           WHEN 'anycompatible' THEN cls IN ('scalar', 'enum', 'array') OR cls = 'composite' AND with_composite
           WHEN 'anynonarray' THEN cls IN ('scalar', 'enum') OR cls = 'composite' AND with_composite
           WHEN 'anycompatiblenonarray' THEN cls IN ('scalar', 'enum') OR cls = 'composite' AND with_composite
           WHEN '"any"' THEN cls IN ('scalar', 'enum', 'array') OR cls = 'composite' AND with_composite
           WHEN 'anyarray' THEN cls = 'array'
           WHEN 'anycompatiblearray' THEN cls = 'array'
           WHEN 'anyenum' THEN cls = 'enum'
           ELSE t <> o AND EXISTS (SELECT FROM pg_cast c WHERE c.castsource = t AND c.casttarget = o AND c.castcontext = 'i')
                -- PostGIS's implicit casts to text of its own types are not what a call site meets
                AND NOT (t::text IN ('geometry', 'geography', 'box2d', 'box3d') AND o::text NOT IN ('geometry', 'geography', 'box2d', 'box3d'))
           END
    UNION
    SELECT o WHERE (SELECT typtype FROM pg_type WHERE oid = o) <> 'p'
$$;

-- polymorphic parameters of one family take one element type (a call site
-- with other types resolves no function); of two "any" keys, the first is a
-- string (jsonb_object_agg's key)
CREATE OR REPLACE FUNCTION pg_temp.inst_consistent(orig regtype[], sig regtype[]) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT coalesce(bool_and(ok), true) FROM (
        SELECT count(DISTINCT CASE WHEN ty.typcategory = 'A' THEN ty.typelem ELSE ty.oid END) <= 1 AS ok
          FROM unnest(orig, sig) AS u(o, s) JOIN pg_type ty ON ty.oid = u.s
         WHERE u.o::text IN ('anyelement', 'anynonarray', 'anyarray', 'anyenum')
        UNION ALL
        SELECT count(DISTINCT CASE WHEN ty.typcategory = 'A' THEN ty.typelem ELSE ty.oid END) <= 1
          FROM unnest(orig, sig) AS u(o, s) JOIN pg_type ty ON ty.oid = u.s
         WHERE u.o::text IN ('anycompatible', 'anycompatiblenonarray', 'anycompatiblearray')
        UNION ALL
        SELECT (array_agg(u.s ORDER BY u.n))[1] IN ('text'::regtype, 'varchar'::regtype, 'name'::regtype)
               OR count(*) < 2
          FROM unnest(orig, sig) WITH ORDINALITY AS u(o, s, n)
         WHERE u.o::text = '"any"') c
$$;

-- every overload, of the names the script calls unqualified, that a call site
-- could meet with other argument types
CREATE TEMP TABLE inst_cand AS
WITH f AS (
    SELECT p.oid, p.proname, p.prokind, p.pronargs, ARRAY(SELECT unnest(p.proargtypes::oid[])) AS args, p.provariadic <> 0 AS variadic,
           (SELECT count(*) FROM unnest(p.proargtypes::oid[]) a
             WHERE (SELECT typtype FROM pg_type WHERE oid = a) = 'p') AS npoly
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname IN ('pg_catalog', 'public', 'outfall')
       AND p.proname IN (SELECT name FROM inst_used)
       AND p.prokind IN ('f', 'a', 'w')
       AND p.pronargs BETWEEN 1 AND CASE p.prokind WHEN 'f' THEN 3 ELSE 2 END
       AND NOT EXISTS (SELECT FROM pg_aggregate a WHERE a.aggfnoid = p.oid AND a.aggkind <> 'n')
)
SELECT DISTINCT ON (f.proname, sig.sig) f.proname, f.prokind, sig.sig, false AS variadic_form, f.oid AS orig
  FROM f
  CROSS JOIN LATERAL (
      SELECT (ARRAY[a1, a2, a3])[1:f.pronargs] AS sig
        FROM pg_temp.inst_repl(f.args[1]::regtype, f.npoly <= 1) a1
        LEFT JOIN LATERAL pg_temp.inst_repl(f.args[2]::regtype, f.npoly <= 1) a2 ON f.pronargs >= 2
        LEFT JOIN LATERAL pg_temp.inst_repl(f.args[3]::regtype, f.npoly <= 1) a3 ON f.pronargs >= 3
  ) sig
 WHERE sig.sig::oid[] <> f.args
   -- not one that exists (PostGIS has st_astext(text) beside st_astext(geometry)),
   -- nor one that a function with defaults takes already (a call would be ambiguous)
   AND NOT EXISTS (SELECT FROM pg_proc x WHERE x.proname = f.proname
                      AND x.pronargs - x.pronargdefaults <= f.pronargs AND x.pronargs >= f.pronargs
                      AND (ARRAY(SELECT unnest(x.proargtypes::oid[])))[1:f.pronargs] = sig.sig::oid[])
   -- an array at the variadic "any" position is the VARIADIC form's, below
   AND NOT (f.variadic AND (SELECT typcategory FROM pg_type WHERE oid = sig.sig[f.pronargs]) = 'A')
   AND pg_temp.inst_consistent(f.args::regtype[], sig.sig)
 ORDER BY f.proname, sig.sig, f.oid;

-- variadic "any" functions (format, concat_ws, jsonb_build_object): every
-- trailing argument of one type
INSERT INTO inst_cand
SELECT DISTINCT p.proname, p.prokind,
       ARRAY(SELECT unnest(p.proargtypes::oid[]))::regtype[]
           || ARRAY[(SELECT typarray FROM pg_type WHERE oid = t.t)]::regtype[],
       true, p.oid
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace, inst_types t
 WHERE n.nspname = 'pg_catalog' AND p.proname IN (SELECT name FROM inst_used)
   AND p.provariadic = '"any"'::regtype AND t.cls IN ('scalar', 'enum')
   -- strings only: every trailing argument, string literals (unknown) as
   -- much as typed values, is converted to the element type, and a key
   -- 'type' is no bigint or jsonb; nor the types other types reach by
   -- implicit casts (text and bigint both go to regclass), or a mixed call
   -- would find several such functions alike and fail as ambiguous
   AND t.t::text IN ('text', 'character varying', 'name')
   AND (SELECT typarray FROM pg_type WHERE oid = t.t) <> 0;
-- drop the "any" itself from the fixed part
UPDATE inst_cand SET sig = sig[1:array_length(sig, 1) - 2] || sig[array_length(sig, 1)] WHERE variadic_form;

-- What each candidate resolves to today, as the extension's functions see
-- names (search_path outfall, public): the function chosen and its result
-- type.  EXPLAIN sorts out the calls that resolve at all (cheaply); views of
-- a hundred calls each give, from their parse trees, what each resolved to.
CREATE TEMP TABLE inst_call (n serial, kind text, proname name, prokind "char", sig regtype[],
                             variadic_form boolean, orig oid, by_record boolean, call text);
INSERT INTO inst_call (kind, proname, prokind, sig, variadic_form, orig, by_record, call)
SELECT 'function', c.proname, c.prokind, c.sig, c.variadic_form, c.orig,
       (SELECT prorettype IN ('record'::regtype, 'void'::regtype) FROM pg_proc WHERE oid = c.orig),
       format('%I(%s)', c.proname,
              (SELECT string_agg(CASE WHEN c.variadic_form AND u.n = array_length(c.sig, 1) THEN 'VARIADIC ' ELSE '' END
                                 || 'NULL::' || u.t::regtype::text, ', ' ORDER BY u.n)
                 FROM unnest(c.sig) WITH ORDINALITY u(t, n)))
       || CASE WHEN c.prokind = 'w' THEN ' OVER ()' ELSE '' END
  FROM inst_cand c;
-- binary operators the script uses, at argument types other than those of
-- an operator of the name
INSERT INTO inst_call (kind, proname, prokind, sig, variadic_form, orig, by_record, call)
SELECT DISTINCT ON (o.oprname, l.t, r.t) 'operator', o.oprname, 'o', ARRAY[l.t, r.t], false, o.oid, false,
       format('NULL::%s %s NULL::%s', l.t, o.oprname, r.t)
  FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace
 CROSS JOIN LATERAL pg_temp.inst_repl(o.oprleft::regtype, false) l(t)
 CROSS JOIN LATERAL pg_temp.inst_repl(o.oprright::regtype, false) r(t)
 WHERE n.nspname IN ('pg_catalog', 'public', 'outfall') AND o.oprkind = 'b'
   AND o.oprname IN (SELECT op FROM inst_ops)
   AND (l.t, r.t) <> (o.oprleft, o.oprright)
   AND pg_temp.inst_consistent(ARRAY[o.oprleft, o.oprright]::regtype[], ARRAY[l.t, r.t])
   AND NOT EXISTS (SELECT FROM pg_operator x WHERE x.oprname = o.oprname AND x.oprleft = l.t AND x.oprright = r.t)
 ORDER BY o.oprname, l.t, r.t, o.oid;

CREATE TEMP TABLE inst_probe_result (n integer, resolved oid, rettype regtype);
DO $$
DECLARE
    c record;
    batch integer[] := '{}';
    valid integer[] := '{}';
    i integer;
    j integer;
BEGIN
    SET LOCAL search_path = outfall, public, pg_temp;
    FOR c IN SELECT * FROM inst_call ORDER BY n LOOP
        BEGIN
            EXECUTE 'EXPLAIN SELECT ' || c.call;
            IF c.by_record THEN
                -- a record has no type a view can show: taken as resolving to the
                -- function it was made from
                INSERT INTO inst_probe_result VALUES (c.n, c.orig, (SELECT prorettype FROM pg_proc WHERE oid = c.orig));
            ELSE
                valid := valid || c.n;
            END IF;
        EXCEPTION WHEN OTHERS THEN
            NULL;
        END;
    END LOOP;
    FOR i IN 0 .. (coalesce(array_length(valid, 1), 0) - 1) / 100 LOOP
        batch := valid[i * 100 + 1 : i * 100 + 100];
        BEGIN
        EXECUTE 'CREATE TEMP VIEW inst_probe AS SELECT '
                || (SELECT string_agg(k.call || ' AS c' || k.n, ', ') FROM inst_call k WHERE k.n = ANY (batch));
        WITH piece AS (
            SELECT p.pos, substring(p.piece FROM '\{TARGETENTRY :expr \{(?:FUNCEXPR :funcid|AGGREF :aggfnoid|WINDOWFUNC :winfnoid|OPEXPR :opno) ([0-9]+)')::oid AS id
              FROM pg_rewrite r, regexp_split_to_table(r.ev_action::text, ':resname c[0-9]+ ') WITH ORDINALITY p(piece, pos)
             WHERE r.ev_class = to_regclass('inst_probe'))
        INSERT INTO inst_probe_result
        SELECT substr(a.attname, 2)::integer, p.id, a.atttypid
          FROM pg_attribute a JOIN piece p ON p.pos = a.attnum
         WHERE a.attrelid = to_regclass('inst_probe') AND a.attnum > 0;
        DROP VIEW inst_probe;
        EXCEPTION WHEN OTHERS THEN
            -- one call of the hundred cannot stand in a view: one view each
            FOREACH j IN ARRAY batch LOOP
                BEGIN
                    EXECUTE 'CREATE TEMP VIEW inst_probe AS SELECT '
                            || (SELECT k.call || ' AS c' || k.n FROM inst_call k WHERE k.n = j);
                    INSERT INTO inst_probe_result
                    SELECT j, substring(r.ev_action::text FROM '\{TARGETENTRY :expr \{(?:FUNCEXPR :funcid|AGGREF :aggfnoid|WINDOWFUNC :winfnoid|OPEXPR :opno) ([0-9]+)')::oid,
                           (SELECT a.atttypid FROM pg_attribute a WHERE a.attrelid = to_regclass('inst_probe') AND a.attnum = 1)
                      FROM pg_rewrite r WHERE r.ev_class = to_regclass('inst_probe');
                    DROP VIEW inst_probe;
                EXCEPTION WHEN OTHERS THEN
                    NULL;
                END;
            END LOOP;
        END;
    END LOOP;
END;
$$;

-- The traps: for each call that resolves today, a function (or aggregate,
-- or operator) in public that takes exactly those argument types, records
-- that it ran and answers what the real one would.  Names are written
-- schema-qualified (search_path pg_catalog only), the bodies call only
-- qualified names and use no operator.
CREATE TEMP TABLE inst_trap_spec (grp serial, kind text, label text, stmts text[]);
SET search_path = pg_catalog, pg_temp;
INSERT INTO inst_trap_spec (kind, label, stmts)
SELECT x.kind, x.label, x.stmts FROM (
    SELECT k.n, k.kind, k.proname, k.sig, r.rettype, p.oid AS fn, p.prokind, n.nspname,
           CASE WHEN k.kind = 'operator' THEN format('operator %s(%s)', k.proname, array_to_string(k.sig, ','))
                WHEN k.variadic_form THEN format('%s(%s, VARIADIC %s)', k.proname,
                                                 array_to_string(k.sig[1:array_length(k.sig, 1) - 1], ','),
                                                 k.sig[array_length(k.sig, 1)])
                WHEN p.prokind IN ('a', 'w') THEN format('aggregate %s(%s)', k.proname, array_to_string(k.sig, ','))
                ELSE format('%s(%s)', k.proname, array_to_string(k.sig, ',')) END AS label,
           (SELECT string_agg(CASE WHEN k.variadic_form AND u.i = array_length(k.sig, 1) THEN 'VARIADIC ' ELSE '' END
                              || format_type(u.t, NULL), ', ' ORDER BY u.i)
              FROM unnest(k.sig) WITH ORDINALITY u(t, i)) AS decl,
           -- the real one, called from the trap
           CASE WHEN n.nspname = 'public' THEN
                    (SELECT string_agg(format('$%s::%s', u.i, format_type(u.t, NULL)), ', ' ORDER BY u.i)
                       FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY u(t, i))
                ELSE (SELECT string_agg(CASE WHEN k.variadic_form AND i = array_length(k.sig, 1) THEN 'VARIADIC ' ELSE '' END
                                        || '$' || i, ', ' ORDER BY i)
                        FROM generate_series(1, array_length(k.sig, 1)) i) END AS args,
           CASE WHEN r.rettype = 'record'::regtype THEN pg_get_function_result(p.oid)
                WHEN p.proretset THEN 'SETOF ' || format_type(r.rettype, NULL)
                ELSE format_type(r.rettype, NULL) END AS rets,
           CASE p.provolatile WHEN 'i' THEN 'IMMUTABLE' WHEN 's' THEN 'STABLE' ELSE 'VOLATILE' END
           || CASE WHEN p.proisstrict THEN ' STRICT' ELSE '' END AS attrs,
           k.variadic_form
      FROM inst_call k
      JOIN inst_probe_result r USING (n)
      JOIN pg_proc p ON p.oid = CASE WHEN k.kind = 'operator' THEN (SELECT oprcode FROM pg_operator WHERE oid = r.resolved)::oid
                                     ELSE r.resolved END
      JOIN pg_namespace n ON n.oid = CASE WHEN k.kind = 'operator' THEN (SELECT oprnamespace FROM pg_operator WHERE oid = r.resolved)
                                          ELSE p.pronamespace END
     WHERE NOT (n.nspname = 'public' AND (k.variadic_form OR EXISTS (
               SELECT FROM unnest(p.proargtypes::oid[]) t JOIN pg_type ty ON ty.oid = t WHERE ty.typtype = 'p')))
       AND (r.rettype <> 'record'::regtype OR pg_get_function_result(p.oid) LIKE 'TABLE(%')
       AND (r.rettype = 'void'::regtype OR r.rettype = 'record'::regtype
            OR (SELECT typtype FROM pg_type WHERE oid = r.rettype) <> 'p')
) c
CROSS JOIN LATERAL (
    SELECT c.kind, c.label,
        CASE
        WHEN c.kind = 'operator' THEN ARRAY[
            format('CREATE FUNCTION public.inst_trap_op_%s(%s) RETURNS %s LANGUAGE plpgsql %s AS %L',
                   c.n, c.decl, c.rets, c.attrs,
                   format('BEGIN PERFORM public.inst_trap_hit(%L); RETURN %s OPERATOR(%I.%s) %s; END',
                          c.label,
                          CASE WHEN c.nspname = 'public' THEN '$1::' || format_type(o.oprleft, NULL) ELSE '$1' END,
                          c.nspname, c.proname,
                          CASE WHEN c.nspname = 'public' THEN '$2::' || format_type(o.oprright, NULL) ELSE '$2' END)),
            -- the real one's estimators, so that plans stay as they were
            format('CREATE OPERATOR public.%s (LEFTARG = %s, RIGHTARG = %s, FUNCTION = public.inst_trap_op_%s%s%s)',
                   c.proname, format_type(c.sig[1], NULL), format_type(c.sig[2], NULL), c.n,
                   CASE WHEN o.oprrest <> 0 THEN ', RESTRICT = ' || o.oprrest::regproc::text END,
                   CASE WHEN o.oprjoin <> 0 THEN ', JOIN = ' || o.oprjoin::regproc::text END)]
        WHEN c.prokind IN ('a', 'w') THEN ARRAY[
            format('CREATE FUNCTION public.inst_trap_fin_%s(text[]) RETURNS %s LANGUAGE plpgsql AS %L',
                   c.n, c.rets,
                   format('BEGIN PERFORM public.inst_trap_hit(%L); RETURN %s; END', c.label,
                          CASE WHEN c.prokind = 'w' THEN 'NULL'
                               WHEN array_length(c.sig, 1) = 1 THEN
                                   format('(SELECT %I.%I(x::%s) FROM pg_catalog.unnest($1) x)', c.nspname, c.proname,
                                          format_type(c.sig[1], NULL))
                               ELSE format('(SELECT %I.%I($1[i][1]::%s, $1[i][2]::%s) FROM pg_catalog.generate_series(1, pg_catalog.array_length($1, 1)) i)',
                                           c.nspname, c.proname, format_type(c.sig[1], NULL), format_type(c.sig[2], NULL)) END)),
            format('CREATE AGGREGATE public.%I(%s) (SFUNC = public.inst_trap_acc, STYPE = text[], INITCOND = %L, FINALFUNC = public.inst_trap_fin_%s)',
                   c.proname, c.decl, '{}', c.n)]
        ELSE ARRAY[
            format('CREATE FUNCTION public.%I(%s) RETURNS %s LANGUAGE plpgsql %s AS %L',
                   c.proname, c.decl, c.rets, c.attrs,
                   format('BEGIN PERFORM public.inst_trap_hit(%L); %s END', c.label,
                          CASE WHEN c.rets = 'void' THEN format('PERFORM %I.%I(%s); RETURN;', c.nspname, c.proname, c.args)
                               WHEN c.rets LIKE 'SETOF %' OR c.rets LIKE 'TABLE(%' THEN
                                   format('RETURN QUERY SELECT * FROM %I.%I(%s);', c.nspname, c.proname, c.args)
                               ELSE format('RETURN %I.%I(%s);', c.nspname, c.proname, c.args) END))]
        END AS stmts
      FROM (SELECT oprleft, oprright, oprrest, oprjoin FROM pg_operator WHERE oid = (SELECT resolved FROM inst_probe_result WHERE n = c.n)) o
      RIGHT JOIN (SELECT) dummy ON true
) x
ORDER BY c.n;
-- look-alike relations and types, in case the script named one before creating it
INSERT INTO inst_trap_spec (kind, label, stmts)
SELECT 'relation', c.relname, ARRAY[
    format('CREATE VIEW public.%I AS SELECT x FROM public.inst_trap_rows(%L) x', c.relname, c.relname),
    format('CREATE TRIGGER inst_trap INSTEAD OF INSERT OR UPDATE OR DELETE ON public.%I FOR EACH ROW EXECUTE FUNCTION public.inst_trap_write(%L)',
           c.relname, c.relname)]
  FROM pg_class c WHERE c.relnamespace = 'outfall'::regnamespace AND c.relkind IN ('r', 'v', 'm', 'p', 'f')
UNION ALL
SELECT 'type', t.typname, ARRAY[format('CREATE DOMAIN public.%I AS text CHECK (public.inst_trap_check(%L, VALUE))', t.typname, t.typname)]
  FROM pg_type t LEFT JOIN pg_class c ON c.oid = t.typrelid
 WHERE t.typnamespace = 'outfall'::regnamespace AND t.typcategory <> 'A'
   AND (t.typtype IN ('b', 'e', 'd') OR c.relkind = 'c');
RESET search_path;
SQL

# the registry's life through the API, as a superuser (names of the test's own
# statements are looked up in pg_catalog and outfall only)
cat > "$work/work_su.sql" <<'SQL'
SET search_path = pg_catalog, outfall, pg_temp;
SET client_min_messages = warning;
SET track_functions = 'pl';
INSERT INTO outfall.water_body (code, name, kind, is_key_river, target_class, meets_target, geom)
VALUES ('AP0100', '阿蓬江', 'river', true, 'III', true,
        'SRID=4490;MULTILINESTRING((108.70 29.50,108.80 29.56,108.90 29.60))'::public.geometry);
SELECT outfall.register('{"survey_id": "INST-1", "survey_name": "城南污水厂排口", "division": "500114002",
    "found_on": "2023-03-01", "lon": 108.77, "lat": 29.53, "water_body": "AP0100",
    "category": "town_plant.plant", "survey_level": 2, "at": "2023-03-01",
    "owner": {"name": "黔江区城南污水处理厂", "kind": "treatment_plant", "uscc": "91500114MA5U3RJP8X"}}');
SELECT outfall.register('{"survey_id": "INST-2", "survey_name": "河边散排口", "division": "500114002",
    "found_on": "2023-03-02", "lon": 108.771, "lat": 29.531, "water_body": "AP0100",
    "category": "other.town_domestic", "at": "2023-03-02"}');
SELECT outfall.register('{"survey_id": "INST-3", "survey_name": "城东雨水排口", "division": "500114001",
    "found_on": "2023-03-03", "lon": 108.79, "lat": 29.54, "water_body": "AP0100",
    "category": "other.town_storm", "at": "2023-03-03",
    "user": {"name": "城东某公司", "kind": "enterprise"}}');
SELECT outfall.register('{"survey_id": "INST-4", "survey_name": "某厂排口", "division": "500114001",
    "found_on": "2023-03-04", "water_body": "AP0100", "at": "2023-03-04"}');
-- a whole life to retained, then reopened
SELECT outfall.record_sample('AP0100500114WS0001',
    '{"sampled_at": "2023-04-02 10:00+08", "weather": "dry", "flow_m3d": 1200, "temperature_c": 18.5,
      "ph": 7.2, "cod_mgl": 32, "nh3n_mgl": 1.1, "tp_mgl": 0.3, "tn_mgl": 9.6,
      "indicators": [{"name": "粪大肠菌群", "value": 900, "unit": "MPN/L"}]}');
SELECT outfall.advance('AP0100500114WS0001', 'monitored', '{"at": "2023-04-02"}');
SELECT outfall.record_tracing('AP0100500114WS0001',
    '{"method": "field", "traced_on": "2023-05-10", "at": "2023-05-10",
      "sources": [{"name": "城南片区生活污水", "kind": "domestic"}]}');
SELECT outfall.advance('AP0100500114WS0001', 'traced', '{"at": "2023-05-10"}');
SELECT outfall.set_plan('AP0100500114WS0001',
    '{"action": "standardize", "measures": "规范排口、设置标志牌", "responsible_unit": "黔江区城南污水处理厂",
      "responsible_person": "王工", "deadline": "2024-06-30", "set_on": "2023-06-01", "at": "2023-06-01"}');
SELECT outfall.advance('AP0100500114WS0001', 'planned', '{"at": "2023-06-01"}');
SELECT outfall.advance('AP0100500114WS0001', 'rectifying', '{"at": "2023-07-01"}');
SELECT outfall.advance('AP0100500114WS0001', 'rectified', '{"at": "2024-05-20"}');
INSERT INTO outfall.approval (outfall_id, kind, authority, document_no, decided_on)
SELECT id, 'approval', '重庆市黔江区生态环境局', '黔环审〔2024〕5号', '2024-05-22'
  FROM outfall.outfall WHERE survey_id = 'INST-1';
INSERT INTO outfall.signboard (outfall_id, name, code, category, responsible_party, supervising_unit,
                               supervision_phone, installed_on)
SELECT id, name, code, '城镇污水处理厂排污口', '黔江区城南污水处理厂', '重庆市黔江区生态环境局', '023-12369', '2024-05-25'
  FROM outfall.outfall WHERE survey_id = 'INST-1';
SELECT outfall.retire('AP0100500114WS0001', '验收报告 黔环验〔2024〕12号', '2024-06-10');
SELECT outfall.advance('AP0100500114WS0001', 'retained', '{"at": "2024-06-15"}');
SELECT outfall.reopen('AP0100500114WS0001', 'rectifying', '复查发现问题', '2024-08-01');
-- tracing with a responsible party, a merge plan
SELECT outfall.record_sample('AP0100500114CS0001', '{"sampled_at": "2023-04-03", "weather": "wet", "ph": 6.9, "sewage_seen": true}');
SELECT outfall.advance('AP0100500114CS0001', 'monitored', '{"at": "2023-04-03"}');
SELECT outfall.record_tracing('AP0100500114CS0001',
    '{"method": "document", "traced_on": "2023-05-11", "at": "2023-05-11",
      "responsible": {"name": "黔江区城南街道办事处", "kind": "government", "division": "500114002"},
      "sources": [{"name": "沿河居民", "kind": "domestic", "party": {"name": "某小区物业", "kind": "enterprise"}}]}');
SELECT outfall.advance('AP0100500114CS0001', 'traced', '{"at": "2023-05-11"}');
SELECT outfall.set_plan('AP0100500114CS0001',
    '{"action": "merge", "measures": "接入城南污水厂", "responsible_unit": "城南街道", "responsible_person": "李工",
      "deadline": "2023-12-31", "merge_target": "AP0100500114WS0001", "at": "2023-06-02"}');
-- the survey import
CREATE TEMP TABLE sheet (LIKE outfall.survey_sheet INCLUDING ALL);
INSERT INTO sheet (survey_id, survey_name, category, code, division, lon, lat, water_body, found_on,
                   discharge_mode, survey_level, owner_name, owner_uscc, owner_kind) VALUES
    ('INST-S1', '城南雨水排口', 'YS', NULL, '500114002', '108.772', '29.531', 'AP0100', '2023-03-10', '间歇', '2', NULL, NULL, NULL),
    ('INST-S2', '正陽街道污水處理廠排口', NULL, NULL, '500114004', '108.79', '29.55', '阿蓬江', '2023/3/11', '连续', '2',
     '黔江区正阳污水处理厂', '91500114MA5UWX03CX', '污水处理厂'),
    ('INST-S3', '阿蓬江镇河边无名排口', NULL, NULL, '500114105', '108.65', '29.41', 'AP0100', '2023年3月12日', NULL, '1', NULL, NULL, NULL),
    ('INST-S4', '舟白街道散排口', 'CS', NULL, '500114005', '29.53', '108.80', 'AP0100', '2023-03-12', NULL, '2', NULL, NULL, NULL);
SELECT count(*) FROM outfall.import_survey('sheet');
UPDATE outfall.outfall SET category = 'other.misc' WHERE survey_id = 'INST-S3';
SELECT outfall.assign_code(id) FROM outfall.outfall WHERE survey_id = 'INST-S3';
UPDATE outfall.outfall SET name = outfall.standard_name(id) WHERE survey_id = 'INST-S3';
-- an untraced owner: the local government answers
SELECT outfall.register('{"survey_id": "INST-5", "survey_name": "无主排口", "division": "500114001",
    "found_on": "2023-03-05", "water_body": "AP0100", "category": "other.town_domestic", "at": "2023-03-05"}');
SELECT outfall.record_tracing(code, '{"method": "field", "traced_on": "2023-05-12", "at": "2023-05-12"}')
  FROM outfall.outfall WHERE survey_id = 'INST-5';
-- the same sheet again, one row changed: reported, not loaded
UPDATE sheet SET survey_name = '城南雨水排口（改）' WHERE survey_id = 'INST-S1';
SELECT count(*) FROM outfall.import_survey('sheet');
-- a keyword and a rule of the deployment's own
INSERT INTO outfall.category_keyword (pattern, category, confidence) VALUES ('测试排口', 'other.misc', 0.50);
CREATE SCHEMA inst_local;
GRANT USAGE ON SCHEMA inst_local TO PUBLIC;
CREATE FUNCTION inst_local.rule_location_missing(outfalls bigint[])
    RETURNS TABLE (outfall_id bigint, message_zh text, message_en text)
    LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT o.id, '没有排污口坐标', 'no location recorded' FROM outfall.outfall o
     WHERE (outfalls IS NULL OR o.id OPERATOR(pg_catalog.=) ANY (outfalls)) AND o.geom IS NULL;
END;
INSERT INTO outfall.rule (id, title_zh, title_en, description, severity, basis, check_function)
VALUES ('location_missing', '缺少坐标', 'no location', 'Every outfall has its location.', 'notice',
        'HJ 1232-2021', 'inst_local.rule_location_missing(bigint[])');
-- refusals run their checks too
DO $$
BEGIN
    BEGIN
        UPDATE outfall.ledger SET note = 'x';
    EXCEPTION WHEN OTHERS THEN
        NULL;
    END;
    BEGIN
        INSERT INTO outfall.survey_sheet (survey_id) VALUES ('x');
    EXCEPTION WHEN OTHERS THEN
        NULL;
    END;
    BEGIN
        PERFORM outfall.shortfall(outfall.progress('found'::outfall.state, NULL::text), 'no_such_measure', 50);
    EXCEPTION WHEN OTHERS THEN
        NULL;
    END;
END;
$$;
SELECT outfall.outfall_file(id) FROM outfall.outfall ORDER BY id LIMIT 1;
-- zones, and their memberships recomputed
SELECT outfall.add_key_area('AP0100', 1000, due_on => '2023-12-31');
SELECT outfall.add_zone('water_source_2', '测试水源二级保护区',
                        outfall.buffer_metres('SRID=4490;POINT(108.775 29.532)'::public.geometry, 2000),
                        level => 'county', valid_from => '2022-06-01');
CREATE TEMP TABLE zsheet (LIKE outfall.zone_sheet INCLUDING ALL);
INSERT INTO zsheet (kind, name, geom)
VALUES ('sewer_coverage', '城区管网覆盖范围', 'SRID=4490;POLYGON((108.76 29.52,108.80 29.52,108.80 29.56,108.76 29.56,108.76 29.52))'::public.geometry);
SELECT count(*) FROM outfall.import_zones('zsheet');
SELECT count(*) FROM outfall.zones_at('SRID=4490;POINT(108.77 29.53)'::public.geometry);
SELECT outfall.in_key_area(id), (SELECT count(*) FROM outfall.required_action(id)) FROM outfall.outfall ORDER BY id;
SELECT count(*) FROM outfall.required_actions(NULL);
SELECT outfall.geojson();
-- the checks
SELECT outfall.set_rule('deadline_passed', false, note => '另行核定');
SELECT count(*) FROM outfall.findings();
SELECT count(*) FROM outfall.outfall o, outfall.check(o);
-- names
SELECT count(*) FROM outfall.find_outfalls('cnws', 10);
SELECT outfall.normalize_name('正陽街道污水處理廠'), outfall.pinyin('城南'), (outfall.infer_category('城南污水处理厂排污口')).category;
-- progress, targets, reports, snapshots, lists
SELECT (outfall.progress(o.status, p.action)).total FROM outfall.outfall o LEFT JOIN outfall.plan p ON p.outfall_id = o.id;
SELECT outfall.progress_as_of(current_date)::jsonb;
SELECT count(*) FROM outfall.outfalls_as_of(now());
SELECT outfall.state_as_of(id, '2023-06-30') FROM outfall.outfall ORDER BY id;
SELECT outfall.row_as_of('outfall', id, '2023-06-30') FROM outfall.outfall ORDER BY id LIMIT 2;
SELECT outfall.add_target(plan => '测试方案', measure => 'traced', percent => 80,
                          starts_on => '2023-01-01', due_on => '2023-12-31', division => '500114');
SELECT outfall.add_target(plan => '测试方案', measure => 'rectified', percent => 70, starts_on => '2023-01-01',
                          due_on => '2024-12-31', water_bodies => ARRAY['AP0100'], abnormal_only => true);
SELECT count(*) FROM outfall.target_status('2024-12-31');
SELECT count(*) FROM outfall.progress_by_division(current_date);
SELECT count(*) FROM outfall.progress_by_water_body(current_date);
SELECT count(*) FROM outfall.progress_by_category(current_date);
SELECT count(*) FROM outfall.progress_by_month('2023-01-01', '2024-12-01');
SELECT count(*) FROM outfall.progress_by_found_month(24);
SELECT count(*) FROM outfall.overdue_plans();
SELECT count(*) FROM outfall.found_not_traced(30);
SELECT outfall.take_snapshot('semiannual', '2024-06-25');
SELECT count(*) FROM outfall.progress_since_snapshot('semiannual');
SELECT outfall.outfall_file('AP0100500114WS0001'::outfall.outfall_code);
SELECT length(outfall.progress_chart());
SELECT count(*) FROM outfall.ledger;
-- every view
DO $$
DECLARE
    v text;
    n bigint;
BEGIN
    FOR v IN SELECT c.relname FROM pg_catalog.pg_class c
              WHERE c.relnamespace OPERATOR(pg_catalog.=) 'outfall'::pg_catalog.regnamespace
                AND c.relkind OPERATOR(pg_catalog.=) 'v' ORDER BY 1 LOOP
        EXECUTE pg_catalog.format('SELECT pg_catalog.count(*) FROM outfall.%I', v) INTO n;
    END LOOP;
END;
$$;
-- staff of the two townships, and a county analyst
INSERT INTO outfall.jurisdiction (member, division)
VALUES ('inst_editor', '500114002'), ('inst_verifier', '500114002'), ('inst_reader', '500114');
-- zones recomputed in committed batches (a procedure: it keeps the caller's search_path)
SET search_path TO DEFAULT;
CALL outfall.refresh_zones(2);
SQL
cat > "$work/work_roles.sql" <<'SQL'
-- the same through the API as a township's staff, under its jurisdiction
SET search_path = pg_catalog, outfall, pg_temp;
SET client_min_messages = warning;
SET track_functions = 'pl';
SET SESSION AUTHORIZATION inst_editor;
SELECT outfall.register('{"survey_id": "INST-E1", "survey_name": "城南工业排口", "division": "500114002",
    "found_on": "2024-03-01", "lon": 108.86, "lat": 29.59, "water_body": "AP0100",
    "category": "industrial.enterprise.factory", "at": "2024-03-01",
    "owner": {"name": "城南某化工厂", "kind": "enterprise", "uscc": "91500114MA5UWX03CX"}}');
SELECT outfall.record_sample('AP0100500114GY0001', '{"sampled_at": "2024-04-02", "weather": "dry", "ph": 7.0, "cod_mgl": 40}');
SELECT outfall.advance('AP0100500114GY0001', 'monitored', '{"at": "2024-04-02"}');
SELECT outfall.record_tracing('AP0100500114GY0001', '{"method": "field", "traced_on": "2024-05-01", "at": "2024-05-01"}');
SELECT outfall.advance('AP0100500114GY0001', 'traced', '{"at": "2024-05-01"}');
SELECT outfall.set_plan('AP0100500114GY0001',
    '{"action": "standardize", "measures": "规范排口", "responsible_unit": "城南某化工厂", "responsible_person": "张工",
      "deadline": "2024-12-31", "at": "2024-05-02"}');
SELECT outfall.advance('AP0100500114GY0001', 'planned', '{"at": "2024-05-02"}');
SELECT outfall.advance('AP0100500114GY0001', 'rectifying', '{"at": "2024-06-01"}');
SELECT outfall.advance('AP0100500114GY0001', 'rectified', '{"at": "2024-09-01"}');
INSERT INTO outfall.approval (outfall_id, kind, authority, document_no, decided_on)
SELECT id, 'approval', '重庆市黔江区生态环境局', '黔环审〔2024〕9号', '2024-09-02'
  FROM outfall.outfall WHERE survey_id = 'INST-E1';
INSERT INTO outfall.signboard (outfall_id, name, code, category, responsible_party, supervising_unit,
                               supervision_phone, installed_on)
SELECT id, name, code, '工业排污口', '城南某化工厂', '重庆市黔江区生态环境局', '023-12369', '2024-09-03'
  FROM outfall.outfall WHERE survey_id = 'INST-E1';
SELECT count(*) FROM outfall.outfall;
SELECT count(*) FROM outfall.findings();
SELECT count(*) FROM outfall.progress_by_division(current_date);
SELECT outfall.progress_as_of(current_date)::jsonb;
SELECT outfall.outfall_file('AP0100500114GY0001'::outfall.outfall_code);
RESET SESSION AUTHORIZATION;
-- acceptance by a verifier who did not do the works
SET SESSION AUTHORIZATION inst_verifier;
SELECT outfall.retire('AP0100500114GY0001', '验收报告 黔环验〔2024〕30号', '2024-10-01');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION inst_reader;
SELECT count(*) FROM outfall.outfall;
SELECT count(*) FROM outfall.target_status(current_date);
SELECT count(*) FROM outfall.ledger;
SELECT length(outfall.progress_chart());
RESET SESSION AUTHORIZATION;
SQL

# ------------------------------------------------- a clean install (inst_ref)
newdb inst_ref
psql -d inst_ref -c "SET client_min_messages = warning" -c "CREATE EXTENSION outfall CASCADE"
version=$(cat_psql -d inst_ref -c "SELECT extversion FROM pg_extension WHERE extname = 'outfall'")
script="$(${PG_CONFIG:-pg_config} --sharedir)/extension/outfall--$version.sql"
[ -f "$script" ] || { echo "install: no install script $script" >&2; exit 1; }
# a township's editor and verifier, and a county's reader
psql -d postgres -c "CREATE ROLE inst_editor LOGIN IN ROLE outfall_editor" \
    -c "CREATE ROLE inst_verifier LOGIN IN ROLE outfall_verifier" \
    -c "CREATE ROLE inst_reader LOGIN IN ROLE outfall_reader"

# ------------------------------------------------------------ (c) the audit
members="SELECT p.* FROM pg_proc p JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
           AND d.deptype = 'e' AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'outfall')"
# the SECURITY DEFINER functions and the function the ledger trigger calls:
# owner, settings, and whether search_path is pg_catalog, pg_temp (last) and
# the extension's schema only
secdef_sql="WITH m AS ($members)
SELECT m.oid::regprocedure, pg_get_userbyid(m.proowner), coalesce(array_to_string(m.proconfig, ' '), '(no SET)'),
       CASE WHEN m.prosecdef THEN 'definer' ELSE 'invoker' END,
       (SELECT count(*) FROM unnest(m.proconfig) c WHERE c LIKE 'search_path=%') = 1
       AND coalesce((SELECT bool_and(s.item IN ('pg_catalog', 'pg_temp', 'outfall'))
                            AND (array_agg(s.item ORDER BY s.n DESC))[1] = 'pg_temp'
                       FROM unnest(m.proconfig) c,
                            regexp_split_to_table(substr(c, length('search_path=') + 1), ',\\s*') WITH ORDINALITY s(item, n)
                      WHERE c LIKE 'search_path=%'), false)
  FROM m WHERE m.prosecdef OR m.oid = 'outfall.ledger_row(outfall.outfall)'::regprocedure ORDER BY 1::text"
cat_psql -d inst_ref -F ' | ' -c "$secdef_sql" > "$work/secdef"
secdef_total=$(grep -c ' | definer | ' "$work/secdef" || true)
secdef_pinned=$(grep -c ' | definer | t$' "$work/secdef" || true)
echo "SECURITY DEFINER member functions ($secdef_pinned of $secdef_total pinned), and what the ledger trigger calls:"
sed 's/ | [tf]$//; s/^/  /' "$work/secdef"
grep ' | f$' "$work/secdef" | while IFS= read -r line; do
    finding "search_path not pinned to pg_catalog, pg_temp (or outfall) only: ${line% | f}"
done
grep ' | definer | ' "$work/secdef" | grep -v '^[^|]* | outfall_owner | ' | while IFS= read -r line; do
    finding "SECURITY DEFINER function not owned by outfall_owner: ${line% | [tf]}"
done
grep -q '^outfall\.ledger_row(outfall\.outfall) | ' "$work/secdef" \
    || finding "no function outfall.ledger_row(outfall.outfall), which the ledger trigger calls for outfalls"
[ "$secdef_total" -gt 0 ] || finding "the extension has no SECURITY DEFINER function (expected the ledger trigger and code allocation)"
# the names of the SECURITY DEFINER functions and of ledger_row, as a call
# stack shows them (SQL functions by name only)
sed 's/ | .*//; s/^outfall\.//; s/(.*//' "$work/secdef" | sort -u > "$work/guarded"
cat_psql -d inst_ref -F ' ' > "$work/owner" <<SQL
SELECT 'role', rolsuper, rolcanlogin, rolbypassrls FROM pg_roles WHERE rolname = 'outfall_owner';
WITH m AS (SELECT c.* FROM pg_class c JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid
             AND d.deptype = 'e' AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'outfall'))
SELECT 'other', relkind, oid::regclass::text, relowner::regrole::text FROM m WHERE relowner <> 'outfall_owner'::regrole
UNION ALL
SELECT 'owned', relkind, count(*)::text, NULL FROM m WHERE relowner = 'outfall_owner'::regrole GROUP BY relkind;
SELECT 'extowner', extowner = (SELECT oid FROM pg_roles WHERE rolname = current_user) FROM pg_extension WHERE extname = 'outfall';
SQL
grep -qx 'role f f f' "$work/owner" \
    || finding "outfall_owner should be neither a superuser, nor a login role, nor BYPASSRLS: $(grep '^role' "$work/owner" || echo 'it does not exist')"
grep '^other ' "$work/owner" | while IFS= read -r line; do
    finding "a relation of the extension is not owned by outfall_owner: ${line#other }"
done
grep -qx 'extowner t' "$work/owner" || finding "the installing superuser does not own the extension"
owned() { sed -n "s/^owned $1 \\([0-9]*\\).*/\\1/p" "$work/owner"; }
relations_owned="$(owned r) tables, $(owned v) views and $(owned S) sequences"
echo "outfall_owner (not a superuser, cannot log in) owns $relations_owned of the extension; the installing superuser owns the extension"
echo "owners of the member functions:"
cat_psql -d inst_ref -F ' ' -c "WITH m AS ($members)
SELECT '  ' || pg_get_userbyid(m.proowner) || ':', count(*), 'functions,', count(*) FILTER (WHERE m.prosecdef),
       'SECURITY DEFINER, in', string_agg(DISTINCT l.lanname, ', ')
  FROM m JOIN pg_language l ON l.oid = m.prolang GROUP BY m.proowner ORDER BY 1"
cat_psql -d inst_ref -F ' ' -c "WITH m AS ($members)
SELECT '  ' || count(*), 'functions look names up through a search_path with public in it:',
       string_agg(DISTINCT array_to_string(m.proconfig, ' '), '; ')
  FROM m WHERE EXISTS (SELECT FROM unnest(m.proconfig) c WHERE c LIKE 'search_path=%public%')"

# The workload runs without error on a clean install, and runs every
# PL/pgSQL function of the extension
psql -d inst_ref -f "$work/work_su.sql" -o /dev/null
psql -d inst_ref -f "$work/work_roles.sql" -o /dev/null
coverage=$(cat_psql -d inst_ref -F / -c "WITH m AS ($members)
SELECT count(*) FILTER (WHERE EXISTS (SELECT FROM pg_stat_user_functions s WHERE s.funcid = m.oid)), count(*)
  FROM m JOIN pg_language l ON l.oid = m.prolang WHERE l.lanname = 'plpgsql'")
echo "API workload: runs without error on a clean install and runs $coverage PL/pgSQL functions of the extension"

# the names the script calls unqualified, and the binary operators to imitate
grep -oiE '(^|[^.a-z_0-9"$])[a-z_][a-z_0-9]*[[:space:]]*\(' "$script" \
    | sed -E 's/^[^a-zA-Z_]//; s/[[:space:]]*\($//' | tr 'A-Z' 'a-z' | sort -u > "$work/used.txt"
printf '%s\n' '=' '<>' '<' '>' '<=' '>=' '+' '-' '*' '/' '%' '||' '~~' '!~~' '~' '!~' \
    '->' '->>' '#>>' '?' '@>' '<@' '~=' '&&' > "$work/ops.txt"
psql -d inst_ref <<SQL
CREATE TEMP TABLE inst_used (name name);
\\copy inst_used FROM '$work/used.txt'
CREATE TEMP TABLE inst_ops (op name);
\\copy inst_ops FROM '$work/ops.txt'
\\i $work/gen.sql
\\copy inst_trap_spec TO '$work/spec.tsv'
SQL
echo "look-alikes: $(wc -l < "$work/spec.tsv") worked out for $(wc -l < "$work/used.txt") names called unqualified in $(basename "$script")"

# ------------------------------------------------------------ (a) look-alikes
# plant <database> [disarmed]: the machinery if missing, then every
# look-alike not planted yet; prints how many are.  Disarmed, a look-alike
# does not try to make inst_trapper a superuser (where it runs as one, which
# the log shows, it would succeed).
plant() {
    if [ "$(cat_psql -d "$1" -c "SELECT to_regclass('public.inst_trap_log') IS NULL")" = t ]; then
        if [ "${2:-}" = disarmed ]; then arm="s/EXECUTE 'ALTER ROLE TRAPPER SUPERUSER'/NULL/"; else arm="s/TRAPPER/inst_trapper/"; fi
        { echo "SET SESSION AUTHORIZATION inst_trapper;"; sed "$arm" "$work/infra.sql"; } | cat_psql -d "$1"
    fi
    { echo "SET SESSION AUTHORIZATION inst_trapper;"; cat "$work/plant.sql"; } | cat_psql -d "$1"
}
# try_install <database> <label>: CREATE EXTENSION outfall CASCADE as a
# superuser; messages (with SQLSTATEs) in $work/<label>.err; status 0 if installed
try_install() {
    printf '%s\n' '\set VERBOSITY verbose' "SET client_min_messages = notice;" "SET statement_timeout = '120s';" \
        "CREATE EXTENSION outfall CASCADE;" | psql -d "$1" > /dev/null 2> "$work/$2.err"
}
guard_said() { grep -m1 '^ERROR:' "$work/$1.err" | sed 's/^ERROR:  //'; }
# expect_refusal <database> <label> <what the refusal must name (ERE)>
expect_refusal() {
    if try_install "$1" "$2"; then
        finding "$1: CREATE EXTENSION outfall succeeded $2"
        psql -d "$1" -c "DROP EXTENSION outfall"
        return 1
    fi
    if ! grep -q '^ERROR:  42501: ' "$work/$2.err" || ! grep -Eq "^ERROR:  42501: .*($3)" "$work/$2.err"; then
        finding "$1: CREATE EXTENSION outfall $2 failed otherwise than by the guard's 42501 naming /$3/: $(guard_said "$2")"
        return 1
    fi
    echo "$1: refused $2: $(guard_said "$2")"
}
trap_runs() { cat_psql -d "$1" -c "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM public.inst_trap_fired"; }
# nothing planted ran: the counter (rolled-back runs too), the log, the
# warnings the client was sent, and inst_trapper's rights; counted from the
# previous check of the database (mark)
mark() {  # mark <database>
    runs_before=$(trap_runs "$1")
    log_before=$(cat_psql -d "$1" -c "SELECT coalesce(max(id), 0) FROM public.inst_trap_log")
}
check_quiet() {  # check_quiet <database> <label>
    runs=$(($(trap_runs "$1") - runs_before))
    logged=$(cat_psql -d "$1" -c "SELECT count(*) FROM public.inst_trap_log WHERE id > $log_before")
    warned=$(grep -c 'look-alike ran' "$work/$2.err" || true)
    super=$(cat_psql -d "$1" -c "SELECT rolsuper FROM pg_roles WHERE rolname = 'inst_trapper'")
    if [ "$runs" -ne 0 ] || [ "$logged" -ne 0 ] || [ "$warned" -ne 0 ]; then
        finding "$1: look-alikes ran $runs times during CREATE EXTENSION $2 ($logged logged, $warned warnings: $(grep -m3 'look-alike ran' "$work/$2.err" | tr '\n' ' '))"
    fi
    if [ "$super" = t ]; then
        finding "$1: inst_trapper, which had only CREATE on schema public, is now a SUPERUSER"
        psql -d postgres -c "ALTER ROLE inst_trapper NOSUPERUSER"
    fi
    fired_total=$((fired_total + runs))
}
fired_total=0
: > "$work/planted"
planted_db() {  # planted_db <database> <PostGIS installed first: yes|no>
    newdb "$1"
    if [ "$2" = yes ]; then
        psql -d "$1" -c "CREATE EXTENSION postgis"
    fi
    psql -d "$1" -c "GRANT CREATE ON SCHEMA public TO inst_trapper"
    n=$(plant "$1")
    cat_psql -d "$1" -c "SELECT grp FROM public.inst_trap_planted" >> "$work/planted"
    echo "$1 (PostGIS installed first: $2): $n look-alikes planted in public by inst_trapper"
}

planted_db inst_pre yes
mark inst_pre
expect_refusal inst_pre "with look-alikes planted" "owned by inst_trapper|inst_trapper may create" || true
check_quiet inst_pre "with look-alikes planted"

planted_db inst_cascade no
mark inst_cascade
if expect_refusal inst_cascade "(CASCADE) with look-alikes planted" "owned by inst_trapper|inst_trapper may create"; then
    # the guard ran after the CASCADE created PostGIS (it names what it
    # found in PostGIS's schema), and the refusal took PostGIS back with it
    awk '/installing required extension "postgis"/ && !p { p = NR } /^ERROR:/ && !e { e = NR }
         END { exit !(p && e && p < e) }' "$work/(CASCADE) with look-alikes planted.err" \
        || finding "inst_cascade: the refusal did not come after PostGIS was created by the CASCADE"
    left=$(cat_psql -d inst_cascade -c "SELECT count(*) FROM pg_extension WHERE extname IN ('postgis', 'pg_trgm', 'outfall')")
    [ "$left" -eq 0 ] || finding "inst_cascade: $left extensions left after the refused CREATE EXTENSION ... CASCADE"
fi
check_quiet inst_cascade "(CASCADE) with look-alikes planted"
traps=$(sort -u "$work/planted" | wc -l)

# each condition of the guard refuses alone, and the install succeeds
# without them
psql -d inst_pre -c "REVOKE CREATE ON SCHEMA public FROM inst_trapper"
mark inst_pre
expect_refusal inst_pre "with look-alikes planted, CREATE revoked" "owned by inst_trapper" || true
check_quiet inst_pre "with look-alikes planted, CREATE revoked"
psql -d inst_pre -c "DROP OWNED BY inst_trapper" -c "GRANT CREATE ON SCHEMA public TO inst_trapper"
expect_refusal inst_pre "with CREATE on public granted to inst_trapper, nothing planted" "inst_trapper may create objects in schema public" || true
psql -d inst_pre -c "REVOKE CREATE ON SCHEMA public FROM inst_trapper"
psql -d inst_cascade -c "REVOKE CREATE ON SCHEMA public FROM inst_trapper" -c "DROP OWNED BY inst_trapper"
for db in inst_pre inst_cascade; do
    if try_install "$db" "$db.clean"; then
        echo "$db: with CREATE revoked and the look-alikes dropped, CREATE EXTENSION outfall CASCADE succeeds"
    else
        finding "$db: CREATE EXTENSION outfall CASCADE failed with CREATE revoked and the look-alikes dropped: $(guard_said "$db.clean")"
    fi
done

# For information: CREATE on public granted to an untrusted role after the
# install (not PostgreSQL 15's default).  inst_trapper plants again, now
# with the extension's types there, and the workload runs.
after_n=0
if [ "$(cat_psql -d inst_pre -c "SELECT count(*) FROM pg_extension WHERE extname = 'outfall'")" = 1 ]; then
    psql -d inst_pre -c "GRANT CREATE ON SCHEMA public TO inst_trapper"
    n=$(plant inst_pre disarmed)
    command psql -X -q -d inst_pre -c "SET statement_timeout = '30s'" -f "$work/work_su.sql" -o /dev/null 2> "$work/after.work.err" || true
    command psql -X -q -d inst_pre -c "SET statement_timeout = '30s'" -f "$work/work_roles.sql" -o /dev/null 2>> "$work/after.work.err" || true
    errors=$(grep -c 'ERROR:' "$work/after.work.err" || true)
    runs=$(trap_runs inst_pre)
    cat_psql -d inst_pre -F "$tab" -f "$work/callers.sql" > "$work/callers"
    cat_psql -d inst_pre -c "WITH m AS ($members) SELECT DISTINCT proname FROM m" > "$work/member_names"
    # the extension's functions among the callers
    awk -F'\t' 'NR == FNR { member[$0] = 1; next }
                { name = $1; sub(/\(.*/, "", name); if (name in member) print $1 }' \
        "$work/member_names" "$work/callers" | sort -u > "$work/callers.ext"
    after_n=$(wc -l < "$work/callers.ext")
    echo "after the install, CREATE on public given to inst_trapper: $n look-alikes planted; they ran $runs times; $errors workload statements failed;"
    echo "  extension functions that called them ($after_n):"
    awk -F'\t' 'NR == FNR { ext[$0] = 1; next }
                ($1 in ext) { k = $1; if (!((k, $2) in s)) { s[k, $2] = 1; l[k] = l[k] (l[k] == "" ? "" : ", ") $2 }
                              if (!((k, "@" $3) in s)) { s[k, "@" $3] = 1; w[k] = w[k] (w[k] == "" ? "" : ", ") $3 } }
                END { for (k in l) print "    " k " as " w[k] ": " l[k] }' "$work/callers.ext" "$work/callers" | sort
    other=$(awk -F'\t' 'NR == FNR { ext[$0] = 1; next } !($1 in ext) { print $1 }' "$work/callers.ext" "$work/callers" | sort -u | tr '\n' ' ')
    [ -z "$other" ] || echo "  other callers (the workload's own statements): $other"
    as_super=$(cat_psql -d inst_pre -c "SELECT count(DISTINCT l.label) FROM public.inst_trap_log l JOIN pg_roles r ON r.rolname = l.acting WHERE r.rolsuper")
    echo "  $as_super look-alikes ran as a superuser (disarmed here: armed, one would have made inst_trapper a superuser)"
    if [ "$(cat_psql -d inst_pre -c "SELECT rolsuper FROM pg_roles WHERE rolname = 'inst_trapper'")" = t ]; then
        finding "after the install: inst_trapper is a superuser although the look-alikes were disarmed"
        psql -d postgres -c "ALTER ROLE inst_trapper NOSUPERUSER"
    fi
    # the functions that run as the owner, and what the ledger trigger
    # calls, stay pinned whatever public holds
    awk 'NR == FNR { g[$0] = 1; next } { n = $0; sub(/\(.*/, "", n); if (n in g) print }' \
        "$work/guarded" "$work/callers.ext" | while IFS= read -r f; do
        finding "after the install, with look-alikes in public: $f, which runs as outfall_owner or is called by the ledger trigger, called a look-alike: $(awk -F'\t' -v f="$f" '$1 == f { print $2 " as " $3 }' "$work/callers" | tr '\n' ';')"
    done
    awk -F'\t' '$3 == "outfall_owner" { l[$1] = l[$1] (l[$1] == "" ? "" : ", ") $2 }
                 END { for (k in l) print k "\t" l[k] }' "$work/callers" | sort | while IFS="$tab" read -r caller labels; do
        finding "after the install, with look-alikes in public: look-alikes ran as outfall_owner, called by $caller: $labels"
    done
    [ "$runs" -gt 0 ] || finding "after the install, with look-alikes in public: none ran (the informational count is broken: the functions that search public should meet them)"
    echo "after install, with CREATE on public granted to an untrusted role (not PostgreSQL 15's default): $after_n functions would resolve to look-alikes (documented limit)"
else
    finding "inst_pre: no install to plant after"
fi

# ------------------------------------------------------------ (b) squatting
newdb inst_squat
psql -d inst_squat -c "CREATE EXTENSION postgis" -c "GRANT CREATE ON DATABASE inst_squat TO inst_squatter"
{ echo "SET SESSION AUTHORIZATION inst_squatter;"; cat <<'SQL'
CREATE SCHEMA outfall;
GRANT USAGE ON SCHEMA outfall TO PUBLIC;
CREATE SEQUENCE outfall.inst_squat_runs;
GRANT USAGE ON SEQUENCE outfall.inst_squat_runs TO PUBLIC;
CREATE FUNCTION outfall.inst_squat_hit(label text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_catalog.nextval('outfall.inst_squat_runs');
    RAISE WARNING 'squatter''s function ran: % (as %)', label, CURRENT_USER;
    BEGIN
        EXECUTE 'ALTER ROLE inst_squatter SUPERUSER';
    EXCEPTION WHEN OTHERS THEN
        NULL;
    END;
END;
$$;
CREATE FUNCTION outfall.unnest(text[]) RETURNS SETOF text LANGUAGE plpgsql AS $$
BEGIN
    PERFORM outfall.inst_squat_hit('outfall.unnest(text[])');
    RETURN QUERY SELECT pg_catalog.unnest($1);
END;
$$;
CREATE FUNCTION outfall.format(text, VARIADIC text[]) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    PERFORM outfall.inst_squat_hit('outfall.format(text, VARIADIC text[])');
    RETURN pg_catalog.format($1, VARIADIC $2);
END;
$$;
CREATE FUNCTION outfall.inst_squat_eq(oid, regclass) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    PERFORM outfall.inst_squat_hit('operator outfall.=(oid,regclass)');
    RETURN $1 OPERATOR(pg_catalog.=) $2::oid;
END;
$$;
CREATE OPERATOR outfall.= (LEFTARG = oid, RIGHTARG = regclass, FUNCTION = outfall.inst_squat_eq);
SQL
} | cat_psql -d inst_squat
squat_refused=no
if expect_refusal inst_squat "into the schema outfall inst_squatter created" 'schema "outfall" existed before CREATE EXTENSION'; then
    squat_refused=yes
fi
squat_runs=$(cat_psql -d inst_squat -c "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM outfall.inst_squat_runs")
if [ "$squat_runs" -ne 0 ] || grep -q "squatter's function ran" "$work/into the schema outfall inst_squatter created.err"; then
    finding "squatting: inst_squatter's functions ran $squat_runs times during CREATE EXTENSION"
    squat_refused=no
fi
if [ "$(cat_psql -d inst_squat -c "SELECT rolsuper FROM pg_roles WHERE rolname = 'inst_squatter'")" = t ]; then
    finding "squatting: inst_squatter, which had only CREATE on the database, is now a SUPERUSER"
    psql -d postgres -c "ALTER ROLE inst_squatter NOSUPERUSER"
    squat_refused=no
fi

# ------------------------------------------------------- (d) who installs
newdb inst_plain
psql -d inst_plain -c "CREATE EXTENSION postgis" -c "CREATE EXTENSION pg_trgm" -c "GRANT CREATE ON DATABASE inst_plain TO inst_plain"
if printf '%s\n' '\set VERBOSITY verbose' "SET SESSION AUTHORIZATION inst_plain;" "CREATE EXTENSION outfall;" \
        | psql -d inst_plain > /dev/null 2> "$work/plain.err"; then
    finding "inst_plain, with CREATE on the database only, created the extension outfall (it is not trusted)"
elif grep -q '^ERROR:  42501: permission denied to create extension "outfall"' "$work/plain.err"; then
    echo "inst_plain (CREATE on the database, not a superuser) may not create the extension: $(grep -m1 '^ERROR:' "$work/plain.err" | sed 's/^ERROR:  //')"
else
    finding "inst_plain's CREATE EXTENSION outfall failed otherwise than with 42501 permission denied: $(grep -m1 '^ERROR:' "$work/plain.err")"
fi
left=$(cat_psql -d inst_plain -c "SELECT count(*) FROM pg_namespace WHERE nspname = 'outfall'")
[ "$left" -eq 0 ] || finding "inst_plain's refused CREATE EXTENSION left a schema outfall"

# a superuser updates a 0.5 registry to this version: the same owners,
# policies and functions as a fresh install
ownership_sql="SELECT 'extension owned by the installer', extowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
  FROM pg_extension WHERE extname = 'outfall';
WITH m AS (SELECT c.* FROM pg_class c JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid
             AND d.deptype = 'e' AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'outfall'))
SELECT 'relations', relkind, relowner::regrole, count(*) FROM m GROUP BY 2, 3 ORDER BY 2, 3;
WITH m AS ($members)
SELECT 'functions', proowner::regrole, prosecdef, count(*) FROM m GROUP BY 2, 3 ORDER BY 2, 3;
SELECT 'policies', count(*) FROM pg_policy WHERE polrelid::regclass::text LIKE 'outfall.%';"
newdb inst_update
if psql -d inst_update -v ON_ERROR_STOP=1 > /dev/null 2> "$work/update.err" <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION outfall VERSION '0.5' CASCADE;
INSERT INTO outfall.water_body (code, name, kind) VALUES ('SEA01', '示例河', 'river');
SELECT outfall.register('{"survey_id": "U-1", "survey_name": "示例排口", "category": "other.town_storm",
                          "division": "500114002", "water_body": "SEA01", "found_on": "2024-03-01"}');
ALTER EXTENSION outfall UPDATE;
SQL
then
    cat_psql -d inst_update -F ' ' -c "SELECT extversion FROM pg_extension WHERE extname = 'outfall'" \
        -c "SELECT 'ledger events without township', count(*) FROM outfall.ledger WHERE outfall_id IS NOT NULL AND division IS NULL" \
        -c "$ownership_sql" -c "$secdef_sql" > "$work/update.got"
    cat_psql -d inst_ref -F ' ' -c "SELECT extversion FROM pg_extension WHERE extname = 'outfall'" \
        -c "SELECT 'ledger events without township', 0" -c "$ownership_sql" -c "$secdef_sql" > "$work/update.want"
    if diff "$work/update.want" "$work/update.got" > "$work/update.diff"; then
        echo "update from 0.5 by a superuser: version, owners (extension, $(grep -c '^relations ' "$work/update.got") kinds of relation, functions), $(sed -n 's/^policies //p' "$work/update.got") policies, ledger townships and SECURITY DEFINER functions as a fresh install"
    else
        finding "update from 0.5 differs from a fresh install (< fresh, > updated): $(grep '^[<>]' "$work/update.diff" | tr '\n' ' ')"
    fi
else
    finding "update from 0.5 by a superuser failed: $(grep -m1 ERROR "$work/update.err")"
fi

# ------------------------------------------------------------------ summary
if [ ! -s "$fail_list" ]; then
    echo "install: $traps traps planted, 0 fired, install refused while planted; schema squatting refused; $secdef_pinned security-definer functions pinned, owned by outfall_owner (not a superuser); $after_n functions would resolve to look-alikes only if CREATE on public were granted after install"
    exit 0
fi
echo
echo "$(wc -l < "$fail_list") findings:"
sed 's/^/  /' "$fail_list"
if [ "$squat_refused" = yes ]; then squat=refused; else squat="NOT refused cleanly"; fi
echo "install FAILED: $traps traps planted, $fired_total fired while installing; schema squatting $squat; $secdef_pinned of $secdef_total security-definer functions pinned; $(wc -l < "$fail_list") findings"
exit 1
