-- division: the administrative divisions (行政区划) every division_code can
-- be checked against.  The rows come from division_data.sql; a DBA may add
-- divisions of their own (source 'local'), which pg_dump keeps.

CREATE TABLE @extschema@.division (
    code    @extschema@.division_code PRIMARY KEY,
    name    text NOT NULL CHECK (name <> ''),
    parent  @extschema@.division_code
            GENERATED ALWAYS AS (@extschema@.parent(code)) STORED
            REFERENCES @extschema@.division (code),
    source  text NOT NULL DEFAULT 'local'
);
CREATE INDEX division_parent_idx ON @extschema@.division (parent);
COMMENT ON TABLE @extschema@.division IS
    'administrative divisions (行政区划, GB/T 2260): provinces, cities, counties and townships';
COMMENT ON COLUMN @extschema@.division.code IS 'division code (行政区划代码)';
COMMENT ON COLUMN @extschema@.division.name IS 'official name, e.g. 黔江区; 市辖区 where a city has only that placeholder';
COMMENT ON COLUMN @extschema@.division.parent IS 'the division above, derived from the code; it must exist';
COMMENT ON COLUMN @extschema@.division.source IS 'where the row comes from: the npm package and version, or local';

CREATE FUNCTION @extschema@.division_name(@extschema@.division_code) RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT d.name FROM @extschema@.division d WHERE d.code = $1;
END;
COMMENT ON FUNCTION @extschema@.division_name(@extschema@.division_code) IS
    'the name of a division, NULL if it is not in outfall.division';

CREATE FUNCTION @extschema@.division_exists(@extschema@.division_code) RETURNS boolean
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT EXISTS (SELECT FROM @extschema@.division d WHERE d.code = $1);
END;
COMMENT ON FUNCTION @extschema@.division_exists(@extschema@.division_code) IS
    'whether a division is in outfall.division';

CREATE FUNCTION @extschema@.division_full_name(@extschema@.division_code) RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT string_agg(d.name, '' ORDER BY d.code)
      FROM @extschema@.division d
     WHERE d.code IN (@extschema@.province($1), @extschema@.city($1),
                      @extschema@.county($1), @extschema@.township($1), $1)
       AND d.name <> '市辖区'
       AND EXISTS (SELECT FROM @extschema@.division x WHERE x.code = $1);
END;
COMMENT ON FUNCTION @extschema@.division_full_name(@extschema@.division_code) IS
    'the names from province down, e.g. 重庆市黔江区; placeholders such as 市辖区 are left out';

-- Everyone may use the types and read the divisions; changing the list is
-- for the extension's owner (and whom the DBA grants it to).
GRANT USAGE ON SCHEMA @extschema@ TO PUBLIC;
GRANT SELECT ON @extschema@.division TO PUBLIC;
