-- What supervision records beyond the survey (0.3): how an outfall came to
-- be set (existing, or new, changed or enlarged under the approval regime),
-- and the industrial park an enterprise is in.  The checks read both.

ALTER TABLE @extschema@.outfall
    ADD COLUMN setting text NOT NULL DEFAULT 'existing'
        CONSTRAINT outfall_setting_kind CHECK (setting IN ('existing', 'new', 'changed', 'enlarged'));
COMMENT ON COLUMN @extschema@.outfall.setting IS
    'existing (存量), or new (新设), changed (改设) or enlarged (扩大) since the approval regime began';

ALTER TABLE @extschema@.party
    ADD COLUMN park_id bigint REFERENCES @extschema@.party,
    ADD CONSTRAINT party_park_not_self CHECK (park_id <> id);
CREATE INDEX party_park_idx ON @extschema@.party (park_id);
COMMENT ON COLUMN @extschema@.party.park_id IS
    'the industrial park (a party of kind park) the enterprise is in; NULL outside any park';
