-- outfall_code: 排污口编码 (HJ 1235-2021)

CREATE TYPE @extschema@.outfall_code;

CREATE FUNCTION @extschema@.outfall_code_in(cstring) RETURNS @extschema@.outfall_code
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.outfall_code_out(@extschema@.outfall_code) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.outfall_code_recv(internal) RETURNS @extschema@.outfall_code
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.outfall_code_send(@extschema@.outfall_code) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.outfall_code (
    INPUT = @extschema@.outfall_code_in,
    OUTPUT = @extschema@.outfall_code_out,
    RECEIVE = @extschema@.outfall_code_recv,
    SEND = @extschema@.outfall_code_send,
    INTERNALLENGTH = 16,
    ALIGNMENT = double,
    STORAGE = plain
);
COMMENT ON TYPE @extschema@.outfall_code IS
    'outfall code (排污口编码, HJ 1235): water body code + county code + type letters + sequence; ordered by water body, division, type, sequence';

CREATE CAST (@extschema@.outfall_code AS text) WITH INOUT AS ASSIGNMENT;
CREATE CAST (text AS @extschema@.outfall_code) WITH INOUT AS ASSIGNMENT;

-- comparison
CREATE FUNCTION @extschema@.outfall_code_eq(@extschema@.outfall_code, @extschema@.outfall_code) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.outfall_code_ne(@extschema@.outfall_code, @extschema@.outfall_code) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.outfall_code_lt(@extschema@.outfall_code, @extschema@.outfall_code) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.outfall_code_le(@extschema@.outfall_code, @extschema@.outfall_code) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.outfall_code_gt(@extschema@.outfall_code, @extschema@.outfall_code) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.outfall_code_ge(@extschema@.outfall_code, @extschema@.outfall_code) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.outfall_code_cmp(@extschema@.outfall_code, @extschema@.outfall_code) RETURNS integer
    AS 'MODULE_PATHNAME', 'outfall_code_btcmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.outfall_code_sortsupport(internal) RETURNS void
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.outfall_code_hash(@extschema@.outfall_code) RETURNS integer
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.outfall_code_hash_extended(@extschema@.outfall_code, bigint) RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

CREATE OPERATOR @extschema@.= (
    LEFTARG = @extschema@.outfall_code, RIGHTARG = @extschema@.outfall_code,
    FUNCTION = @extschema@.outfall_code_eq, COMMUTATOR = OPERATOR(@extschema@.=),
    NEGATOR = OPERATOR(@extschema@.<>), RESTRICT = eqsel, JOIN = eqjoinsel,
    HASHES, MERGES);
CREATE OPERATOR @extschema@.<> (
    LEFTARG = @extschema@.outfall_code, RIGHTARG = @extschema@.outfall_code,
    FUNCTION = @extschema@.outfall_code_ne, COMMUTATOR = OPERATOR(@extschema@.<>),
    NEGATOR = OPERATOR(@extschema@.=), RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR @extschema@.< (
    LEFTARG = @extschema@.outfall_code, RIGHTARG = @extschema@.outfall_code,
    FUNCTION = @extschema@.outfall_code_lt, COMMUTATOR = OPERATOR(@extschema@.>),
    NEGATOR = OPERATOR(@extschema@.>=), RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR @extschema@.<= (
    LEFTARG = @extschema@.outfall_code, RIGHTARG = @extschema@.outfall_code,
    FUNCTION = @extschema@.outfall_code_le, COMMUTATOR = OPERATOR(@extschema@.>=),
    NEGATOR = OPERATOR(@extschema@.>), RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR @extschema@.> (
    LEFTARG = @extschema@.outfall_code, RIGHTARG = @extschema@.outfall_code,
    FUNCTION = @extschema@.outfall_code_gt, COMMUTATOR = OPERATOR(@extschema@.<),
    NEGATOR = OPERATOR(@extschema@.<=), RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR @extschema@.>= (
    LEFTARG = @extschema@.outfall_code, RIGHTARG = @extschema@.outfall_code,
    FUNCTION = @extschema@.outfall_code_ge, COMMUTATOR = OPERATOR(@extschema@.<=),
    NEGATOR = OPERATOR(@extschema@.<), RESTRICT = scalargesel, JOIN = scalargejoinsel);

CREATE OPERATOR CLASS @extschema@.outfall_code_ops
    DEFAULT FOR TYPE @extschema@.outfall_code USING btree AS
        OPERATOR 1 @extschema@.<,
        OPERATOR 2 @extschema@.<=,
        OPERATOR 3 @extschema@.=,
        OPERATOR 4 @extschema@.>=,
        OPERATOR 5 @extschema@.>,
        FUNCTION 1 @extschema@.outfall_code_cmp(@extschema@.outfall_code, @extschema@.outfall_code),
        FUNCTION 2 @extschema@.outfall_code_sortsupport(internal),
        -- equal values have equal bytes, so b-tree deduplication is safe
        FUNCTION 4 pg_catalog.btequalimage(oid);

CREATE OPERATOR CLASS @extschema@.outfall_code_ops
    DEFAULT FOR TYPE @extschema@.outfall_code USING hash AS
        OPERATOR 1 @extschema@.=,
        FUNCTION 1 @extschema@.outfall_code_hash(@extschema@.outfall_code),
        FUNCTION 2 @extschema@.outfall_code_hash_extended(@extschema@.outfall_code, bigint);

-- min() and max()
CREATE FUNCTION @extschema@.outfall_code_smaller(@extschema@.outfall_code, @extschema@.outfall_code) RETURNS @extschema@.outfall_code
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.outfall_code_larger(@extschema@.outfall_code, @extschema@.outfall_code) RETURNS @extschema@.outfall_code
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE AGGREGATE @extschema@.min(@extschema@.outfall_code) (
    SFUNC = @extschema@.outfall_code_smaller, STYPE = @extschema@.outfall_code,
    COMBINEFUNC = @extschema@.outfall_code_smaller, SORTOP = OPERATOR(@extschema@.<), PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.min(@extschema@.outfall_code) IS 'the least outfall_code';
CREATE AGGREGATE @extschema@.max(@extschema@.outfall_code) (
    SFUNC = @extschema@.outfall_code_larger, STYPE = @extschema@.outfall_code,
    COMBINEFUNC = @extschema@.outfall_code_larger, SORTOP = OPERATOR(@extschema@.>), PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.max(@extschema@.outfall_code) IS 'the greatest outfall_code';
COMMENT ON OPERATOR CLASS @extschema@.outfall_code_ops USING btree IS
    'outfall codes by water body, then division, type letters and sequence';

-- parts
CREATE FUNCTION @extschema@.water_code(@extschema@.outfall_code) RETURNS text
    AS 'MODULE_PATHNAME', 'outfall_code_water_code' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.water_code(@extschema@.outfall_code) IS
    'the receiving water body code (受纳水体编码, HJ 932) of an outfall code';
CREATE FUNCTION @extschema@.division(@extschema@.outfall_code) RETURNS @extschema@.division_code
    AS 'MODULE_PATHNAME', 'outfall_code_division' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.division(@extschema@.outfall_code) IS
    'the county-level division (行政区划代码) of an outfall code; zero-padded segments such as 500100 give the city';
CREATE FUNCTION @extschema@.type_code(@extschema@.outfall_code) RETURNS text
    AS 'MODULE_PATHNAME', 'outfall_code_type_code' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.type_code(@extschema@.outfall_code) IS
    'the two type letters (排污口类型代码) of an outfall code';
CREATE FUNCTION @extschema@.seq(@extschema@.outfall_code) RETURNS integer
    AS 'MODULE_PATHNAME', 'outfall_code_seq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.seq(@extschema@.outfall_code) IS
    'the sequence number (序号, 1-9999) of an outfall code';

CREATE FUNCTION @extschema@.outfall_code(water text, division @extschema@.division_code, type text, seq integer)
    RETURNS @extschema@.outfall_code
    AS 'MODULE_PATHNAME', 'outfall_code_make' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.outfall_code(text, @extschema@.division_code, text, integer) IS
    'an outfall code from its parts: water body code, county (or higher) division, type letters, sequence';
