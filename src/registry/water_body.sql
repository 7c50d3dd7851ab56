-- water_body: receiving water bodies (受纳水体), keyed by their HJ 932
-- surface-water body code, the first segment of every outfall code.

CREATE TABLE @extschema@.water_body (
    code         text PRIMARY KEY
                 CONSTRAINT water_body_code_form CHECK (code ~ '^[A-Z0-9]{1,12}$'),
    name         text NOT NULL CHECK (btrim(name) <> ''),
    kind         text NOT NULL CHECK (kind IN ('river', 'lake', 'reservoir', 'canal', 'sea')),
    geom         geometry(Geometry, 4490)
                 CONSTRAINT water_body_geom_kind
                 CHECK (GeometryType(geom) IN ('MULTILINESTRING', 'MULTIPOLYGON')),
    is_key_river boolean NOT NULL DEFAULT false,
    target_class text CHECK (target_class IN ('I', 'II', 'III', 'IV', 'V')),
    meets_target boolean
);
CREATE INDEX water_body_geom_idx ON @extschema@.water_body USING gist (geom);
COMMENT ON TABLE @extschema@.water_body IS 'receiving water bodies (受纳水体)';
COMMENT ON COLUMN @extschema@.water_body.code IS 'surface-water body code (HJ 932): 1-12 characters A-Z, 0-9';
COMMENT ON COLUMN @extschema@.water_body.geom IS 'centre lines (MultiLineString) or water surface (MultiPolygon), CGCS2000';
COMMENT ON COLUMN @extschema@.water_body.is_key_river IS 'a key river of the plans (重点河流), e.g. 头屯河 in 昌吉';
COMMENT ON COLUMN @extschema@.water_body.target_class IS 'water-quality target class (水质目标, GB 3838): I to V';
COMMENT ON COLUMN @extschema@.water_body.meets_target IS 'whether the current water quality meets the target (NULL: not assessed)';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.water_body', '');
