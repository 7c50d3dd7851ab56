-- Comments on objects that an earlier version created without one (the
-- earlier version's files stay as released, so the comment is added here).
COMMENT ON FUNCTION @extschema@.ledger_refuse() IS
    'trigger: refuses UPDATE, DELETE and TRUNCATE of the ledger, which is append-only';
