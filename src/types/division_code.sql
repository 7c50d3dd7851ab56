-- division_code: 行政区划代码 (GB/T 2260, GB/T 10114)

CREATE TYPE @extschema@.division_code;

CREATE FUNCTION @extschema@.division_code_in(cstring) RETURNS @extschema@.division_code
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.division_code_out(@extschema@.division_code) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.division_code_recv(internal) RETURNS @extschema@.division_code
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.division_code_send(@extschema@.division_code) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.division_code (
    INPUT = @extschema@.division_code_in,
    OUTPUT = @extschema@.division_code_out,
    RECEIVE = @extschema@.division_code_recv,
    SEND = @extschema@.division_code_send,
    INTERNALLENGTH = 8,
    PASSEDBYVALUE,
    ALIGNMENT = double,
    STORAGE = plain
);
COMMENT ON TYPE @extschema@.division_code IS
    'administrative division code (行政区划代码, GB/T 2260): province, city, county, township or village; a code contains every code below it';

CREATE CAST (@extschema@.division_code AS text) WITH INOUT AS ASSIGNMENT;
CREATE CAST (text AS @extschema@.division_code) WITH INOUT AS ASSIGNMENT;

-- comparison
CREATE FUNCTION @extschema@.division_code_eq(@extschema@.division_code, @extschema@.division_code) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.division_code_ne(@extschema@.division_code, @extschema@.division_code) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.division_code_lt(@extschema@.division_code, @extschema@.division_code) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.division_code_le(@extschema@.division_code, @extschema@.division_code) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.division_code_gt(@extschema@.division_code, @extschema@.division_code) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.division_code_ge(@extschema@.division_code, @extschema@.division_code) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.division_code_cmp(@extschema@.division_code, @extschema@.division_code) RETURNS integer
    AS 'MODULE_PATHNAME', 'division_code_btcmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.division_code_sortsupport(internal) RETURNS void
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.division_code_hash(@extschema@.division_code) RETURNS integer
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.division_code_hash_extended(@extschema@.division_code, bigint) RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

CREATE OPERATOR @extschema@.= (
    LEFTARG = @extschema@.division_code, RIGHTARG = @extschema@.division_code,
    FUNCTION = @extschema@.division_code_eq, COMMUTATOR = OPERATOR(@extschema@.=),
    NEGATOR = OPERATOR(@extschema@.<>), RESTRICT = eqsel, JOIN = eqjoinsel,
    HASHES, MERGES);
CREATE OPERATOR @extschema@.<> (
    LEFTARG = @extschema@.division_code, RIGHTARG = @extschema@.division_code,
    FUNCTION = @extschema@.division_code_ne, COMMUTATOR = OPERATOR(@extschema@.<>),
    NEGATOR = OPERATOR(@extschema@.=), RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR @extschema@.< (
    LEFTARG = @extschema@.division_code, RIGHTARG = @extschema@.division_code,
    FUNCTION = @extschema@.division_code_lt, COMMUTATOR = OPERATOR(@extschema@.>),
    NEGATOR = OPERATOR(@extschema@.>=), RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR @extschema@.<= (
    LEFTARG = @extschema@.division_code, RIGHTARG = @extschema@.division_code,
    FUNCTION = @extschema@.division_code_le, COMMUTATOR = OPERATOR(@extschema@.>=),
    NEGATOR = OPERATOR(@extschema@.>), RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR @extschema@.> (
    LEFTARG = @extschema@.division_code, RIGHTARG = @extschema@.division_code,
    FUNCTION = @extschema@.division_code_gt, COMMUTATOR = OPERATOR(@extschema@.<),
    NEGATOR = OPERATOR(@extschema@.<=), RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR @extschema@.>= (
    LEFTARG = @extschema@.division_code, RIGHTARG = @extschema@.division_code,
    FUNCTION = @extschema@.division_code_ge, COMMUTATOR = OPERATOR(@extschema@.<=),
    NEGATOR = OPERATOR(@extschema@.<), RESTRICT = scalargesel, JOIN = scalargejoinsel);

CREATE OPERATOR CLASS @extschema@.division_code_ops
    DEFAULT FOR TYPE @extschema@.division_code USING btree AS
        OPERATOR 1 @extschema@.<,
        OPERATOR 2 @extschema@.<=,
        OPERATOR 3 @extschema@.=,
        OPERATOR 4 @extschema@.>=,
        OPERATOR 5 @extschema@.>,
        FUNCTION 1 @extschema@.division_code_cmp(@extschema@.division_code, @extschema@.division_code),
        FUNCTION 2 @extschema@.division_code_sortsupport(internal),
        -- equal values have equal bytes, so b-tree deduplication is safe
        FUNCTION 4 pg_catalog.btequalimage(oid);
COMMENT ON OPERATOR CLASS @extschema@.division_code_ops USING btree IS
    'division codes in code order, each division directly before its descendants, so <@ and @> become range scans';

CREATE OPERATOR CLASS @extschema@.division_code_ops
    DEFAULT FOR TYPE @extschema@.division_code USING hash AS
        OPERATOR 1 @extschema@.=,
        FUNCTION 1 @extschema@.division_code_hash(@extschema@.division_code),
        FUNCTION 2 @extschema@.division_code_hash_extended(@extschema@.division_code, bigint);

-- min() and max()
CREATE FUNCTION @extschema@.division_code_smaller(@extschema@.division_code, @extschema@.division_code) RETURNS @extschema@.division_code
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.division_code_larger(@extschema@.division_code, @extschema@.division_code) RETURNS @extschema@.division_code
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE AGGREGATE @extschema@.min(@extschema@.division_code) (
    SFUNC = @extschema@.division_code_smaller, STYPE = @extschema@.division_code,
    COMBINEFUNC = @extschema@.division_code_smaller, SORTOP = OPERATOR(@extschema@.<), PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.min(@extschema@.division_code) IS 'the least division_code';
CREATE AGGREGATE @extschema@.max(@extschema@.division_code) (
    SFUNC = @extschema@.division_code_larger, STYPE = @extschema@.division_code,
    COMBINEFUNC = @extschema@.division_code_larger, SORTOP = OPERATOR(@extschema@.>), PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.max(@extschema@.division_code) IS 'the greatest division_code';

-- hierarchy
CREATE FUNCTION @extschema@.division_code_contains_support(internal) RETURNS internal
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.division_code_contained_support(internal) RETURNS internal
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.division_code_contains_sel(internal, oid, internal, integer) RETURNS float8
    AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.division_code_contained_sel(internal, oid, internal, integer) RETURNS float8
    AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.division_code_contains(@extschema@.division_code, @extschema@.division_code) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF
    SUPPORT @extschema@.division_code_contains_support;
CREATE FUNCTION @extschema@.division_code_contained(@extschema@.division_code, @extschema@.division_code) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF
    SUPPORT @extschema@.division_code_contained_support;

CREATE OPERATOR @extschema@.@> (
    LEFTARG = @extschema@.division_code, RIGHTARG = @extschema@.division_code,
    FUNCTION = @extschema@.division_code_contains, COMMUTATOR = OPERATOR(@extschema@.<@),
    RESTRICT = @extschema@.division_code_contains_sel, JOIN = contjoinsel);
COMMENT ON OPERATOR @extschema@.@> (@extschema@.division_code, @extschema@.division_code) IS
    'contains: the right division is the left one or lies below it';
CREATE OPERATOR @extschema@.<@ (
    LEFTARG = @extschema@.division_code, RIGHTARG = @extschema@.division_code,
    FUNCTION = @extschema@.division_code_contained, COMMUTATOR = OPERATOR(@extschema@.@>),
    RESTRICT = @extschema@.division_code_contained_sel, JOIN = contjoinsel);
COMMENT ON OPERATOR @extschema@.<@ (@extschema@.division_code, @extschema@.division_code) IS
    'is contained by: the left division is the right one or lies below it';

CREATE FUNCTION @extschema@.level(@extschema@.division_code) RETURNS integer
    AS 'MODULE_PATHNAME', 'division_code_level_of' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.level(@extschema@.division_code) IS
    'level of a division: 1 province, 2 city, 3 county, 4 township, 5 village';

CREATE FUNCTION @extschema@.level_name(@extschema@.division_code) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN (ARRAY['province', 'city', 'county', 'township', 'village'])[@extschema@.level($1)];
COMMENT ON FUNCTION @extschema@.level_name(@extschema@.division_code) IS
    'level of a division by name: province, city, county, township or village';

CREATE FUNCTION @extschema@.parent(@extschema@.division_code) RETURNS @extschema@.division_code
    AS 'MODULE_PATHNAME', 'division_code_parent' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.parent(@extschema@.division_code) IS
    'the nearest division above (NULL for a province); skips a level the code leaves empty, as 东莞市 townships do';

CREATE FUNCTION @extschema@.division_code_ancestor(@extschema@.division_code, integer) RETURNS @extschema@.division_code
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.division_code_ancestor(@extschema@.division_code, integer) IS
    'the division at the given level (1-5) containing this one, or NULL';

CREATE FUNCTION @extschema@.province(@extschema@.division_code) RETURNS @extschema@.division_code
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN @extschema@.division_code_ancestor($1, 1);
COMMENT ON FUNCTION @extschema@.province(@extschema@.division_code) IS 'the province (省级) of a division';
CREATE FUNCTION @extschema@.city(@extschema@.division_code) RETURNS @extschema@.division_code
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN @extschema@.division_code_ancestor($1, 2);
COMMENT ON FUNCTION @extschema@.city(@extschema@.division_code) IS 'the city (地级) of a division, NULL above city level';
CREATE FUNCTION @extschema@.county(@extschema@.division_code) RETURNS @extschema@.division_code
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN @extschema@.division_code_ancestor($1, 3);
COMMENT ON FUNCTION @extschema@.county(@extschema@.division_code) IS 'the county (县级) of a division, NULL above county level or where the code has no county';
CREATE FUNCTION @extschema@.township(@extschema@.division_code) RETURNS @extschema@.division_code
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN @extschema@.division_code_ancestor($1, 4);
COMMENT ON FUNCTION @extschema@.township(@extschema@.division_code) IS 'the township (乡级) of a division, NULL above township level';
