-- config: the deployment's choices, as data the DBA can read and change.
-- config_key ships the known settings and their defaults; config holds what
-- this deployment changed (pg_dump keeps it).

CREATE TABLE @extschema@.config_key (
    key           text PRIMARY KEY,
    default_value text NOT NULL,
    description   text NOT NULL
);
COMMENT ON TABLE @extschema@.config_key IS 'the settings the extension knows, with their defaults';

INSERT INTO @extschema@.config_key VALUES
    ('untraceable_responsible_level', 'township',
     'where no user or owner of an outfall can be traced, the local government of this level '
     'becomes the responsible party: township (黔江, 昌吉), county (武汉, 柳城), city or province');

CREATE TABLE @extschema@.config (
    key   text PRIMARY KEY REFERENCES @extschema@.config_key,
    value text NOT NULL,
    -- refused when set, not months later when an untraceable outfall is traced
    CONSTRAINT config_untraceable_responsible_level
        CHECK (key <> 'untraceable_responsible_level' OR value IN ('township', 'county', 'city', 'province'))
);
COMMENT ON TABLE @extschema@.config IS
    'this deployment''s settings where they differ from outfall.config_key (INSERT or UPDATE a row)';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.config', '');

CREATE FUNCTION @extschema@.config_value(text) RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT coalesce(c.value, k.default_value)
      FROM @extschema@.config_key k LEFT JOIN @extschema@.config c USING (key)
     WHERE k.key = $1;
END;
COMMENT ON FUNCTION @extschema@.config_value(text) IS
    'the effective value of a setting: outfall.config, else its default in outfall.config_key';
