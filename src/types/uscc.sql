-- uscc: 统一社会信用代码 (GB 32100-2015)

CREATE TYPE @extschema@.uscc;

CREATE FUNCTION @extschema@.uscc_in(cstring) RETURNS @extschema@.uscc
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.uscc_out(@extschema@.uscc) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.uscc_recv(internal) RETURNS @extschema@.uscc
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.uscc_send(@extschema@.uscc) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.uscc (
    INPUT = @extschema@.uscc_in,
    OUTPUT = @extschema@.uscc_out,
    RECEIVE = @extschema@.uscc_recv,
    SEND = @extschema@.uscc_send,
    INTERNALLENGTH = 12,
    ALIGNMENT = int4,
    STORAGE = plain
);
COMMENT ON TYPE @extschema@.uscc IS
    'unified social credit code (统一社会信用代码, GB 32100) of a responsible party, check character verified';

CREATE CAST (@extschema@.uscc AS text) WITH INOUT AS ASSIGNMENT;
CREATE CAST (text AS @extschema@.uscc) WITH INOUT AS ASSIGNMENT;

-- comparison
CREATE FUNCTION @extschema@.uscc_eq(@extschema@.uscc, @extschema@.uscc) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.uscc_ne(@extschema@.uscc, @extschema@.uscc) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.uscc_lt(@extschema@.uscc, @extschema@.uscc) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.uscc_le(@extschema@.uscc, @extschema@.uscc) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.uscc_gt(@extschema@.uscc, @extschema@.uscc) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.uscc_ge(@extschema@.uscc, @extschema@.uscc) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.uscc_cmp(@extschema@.uscc, @extschema@.uscc) RETURNS integer
    AS 'MODULE_PATHNAME', 'uscc_btcmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.uscc_sortsupport(internal) RETURNS void
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.uscc_hash(@extschema@.uscc) RETURNS integer
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.uscc_hash_extended(@extschema@.uscc, bigint) RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

CREATE OPERATOR @extschema@.= (
    LEFTARG = @extschema@.uscc, RIGHTARG = @extschema@.uscc,
    FUNCTION = @extschema@.uscc_eq, COMMUTATOR = OPERATOR(@extschema@.=),
    NEGATOR = OPERATOR(@extschema@.<>), RESTRICT = eqsel, JOIN = eqjoinsel,
    HASHES, MERGES);
CREATE OPERATOR @extschema@.<> (
    LEFTARG = @extschema@.uscc, RIGHTARG = @extschema@.uscc,
    FUNCTION = @extschema@.uscc_ne, COMMUTATOR = OPERATOR(@extschema@.<>),
    NEGATOR = OPERATOR(@extschema@.=), RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR @extschema@.< (
    LEFTARG = @extschema@.uscc, RIGHTARG = @extschema@.uscc,
    FUNCTION = @extschema@.uscc_lt, COMMUTATOR = OPERATOR(@extschema@.>),
    NEGATOR = OPERATOR(@extschema@.>=), RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR @extschema@.<= (
    LEFTARG = @extschema@.uscc, RIGHTARG = @extschema@.uscc,
    FUNCTION = @extschema@.uscc_le, COMMUTATOR = OPERATOR(@extschema@.>=),
    NEGATOR = OPERATOR(@extschema@.>), RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR @extschema@.> (
    LEFTARG = @extschema@.uscc, RIGHTARG = @extschema@.uscc,
    FUNCTION = @extschema@.uscc_gt, COMMUTATOR = OPERATOR(@extschema@.<),
    NEGATOR = OPERATOR(@extschema@.<=), RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR @extschema@.>= (
    LEFTARG = @extschema@.uscc, RIGHTARG = @extschema@.uscc,
    FUNCTION = @extschema@.uscc_ge, COMMUTATOR = OPERATOR(@extschema@.<=),
    NEGATOR = OPERATOR(@extschema@.<), RESTRICT = scalargesel, JOIN = scalargejoinsel);

CREATE OPERATOR CLASS @extschema@.uscc_ops
    DEFAULT FOR TYPE @extschema@.uscc USING btree AS
        OPERATOR 1 @extschema@.<,
        OPERATOR 2 @extschema@.<=,
        OPERATOR 3 @extschema@.=,
        OPERATOR 4 @extschema@.>=,
        OPERATOR 5 @extschema@.>,
        FUNCTION 1 @extschema@.uscc_cmp(@extschema@.uscc, @extschema@.uscc),
        FUNCTION 2 @extschema@.uscc_sortsupport(internal),
        -- equal values have equal bytes, so b-tree deduplication is safe
        FUNCTION 4 pg_catalog.btequalimage(oid);

CREATE OPERATOR CLASS @extschema@.uscc_ops
    DEFAULT FOR TYPE @extschema@.uscc USING hash AS
        OPERATOR 1 @extschema@.=,
        FUNCTION 1 @extschema@.uscc_hash(@extschema@.uscc),
        FUNCTION 2 @extschema@.uscc_hash_extended(@extschema@.uscc, bigint);

-- min() and max()
CREATE FUNCTION @extschema@.uscc_smaller(@extschema@.uscc, @extschema@.uscc) RETURNS @extschema@.uscc
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.uscc_larger(@extschema@.uscc, @extschema@.uscc) RETURNS @extschema@.uscc
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE AGGREGATE @extschema@.min(@extschema@.uscc) (
    SFUNC = @extschema@.uscc_smaller, STYPE = @extschema@.uscc,
    COMBINEFUNC = @extschema@.uscc_smaller, SORTOP = OPERATOR(@extschema@.<), PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.min(@extschema@.uscc) IS 'the least uscc';
CREATE AGGREGATE @extschema@.max(@extschema@.uscc) (
    SFUNC = @extschema@.uscc_larger, STYPE = @extschema@.uscc,
    COMBINEFUNC = @extschema@.uscc_larger, SORTOP = OPERATOR(@extschema@.>), PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.max(@extschema@.uscc) IS 'the greatest uscc';
COMMENT ON OPERATOR CLASS @extschema@.uscc_ops USING btree IS
    'credit codes in text order';

-- parts
CREATE FUNCTION @extschema@.registration_division(@extschema@.uscc) RETURNS @extschema@.division_code
    AS 'MODULE_PATHNAME', 'uscc_registration_division' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.registration_division(@extschema@.uscc) IS
    'characters 3-8: the division of the registering authority (登记管理机关行政区划码), NULL for 00xxxx';
CREATE FUNCTION @extschema@.authority_code(@extschema@.uscc) RETURNS text
    AS 'MODULE_PATHNAME', 'uscc_authority_code' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.authority_code(@extschema@.uscc) IS
    'character 1: the registration authority (登记管理部门代码), e.g. 9 market regulation, 5 civil affairs, 1 institutional';
CREATE FUNCTION @extschema@.entity_kind_code(@extschema@.uscc) RETURNS text
    AS 'MODULE_PATHNAME', 'uscc_entity_kind_code' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.entity_kind_code(@extschema@.uscc) IS
    'character 2: the kind of entity (机构类别代码), e.g. 1 enterprise, 2 individual business, 3 farmers cooperative under authority 9';
