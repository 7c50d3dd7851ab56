-- The lifecycle of an outfall: 查、测、溯、治、管.  The states are an enum in
-- lifecycle order; which moves are allowed, and what each needs, are data
-- (transition, transition_requirement) read by the check in lifecycle.sql.

CREATE TYPE @extschema@.state AS ENUM (
    'found', 'monitored', 'traced', 'planned', 'rectifying', 'rectified', 'closed', 'retained');
COMMENT ON TYPE @extschema@.state IS
    'lifecycle state of an outfall, in order: found (排查) → monitored (监测) → traced (溯源) → planned (方案) → rectifying (整治中) → rectified (整治完成) → closed (销号) → retained (保留)';

CREATE TABLE @extschema@.state_label (
    state   @extschema@.state PRIMARY KEY,
    name_zh text NOT NULL,
    meaning text NOT NULL
);
COMMENT ON TABLE @extschema@.state_label IS 'the Chinese name and meaning of each lifecycle state';
INSERT INTO @extschema@.state_label VALUES
    ('found', '排查', 'found by the survey and entered in the ledger'),
    ('monitored', '监测', 'water quality and quantity sampled'),
    ('traced', '溯源', 'sources traced and the first responsible party determined'),
    ('planned', '方案', 'a rectification plan (一口一策) is on record'),
    ('rectifying', '整治中', 'rectification works under way'),
    ('rectified', '整治完成', 'banned, merged or standardized as planned'),
    ('closed', '销号', 'rectification verified and closed out'),
    ('retained', '保留', 'kept after standardization, on the list of retained outfalls');

CREATE FUNCTION @extschema@.state_name(@extschema@.state) RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT $1::text || ' (' || l.name_zh || ')' FROM @extschema@.state_label l WHERE l.state = $1;
END;
COMMENT ON FUNCTION @extschema@.state_name(@extschema@.state) IS
    'a state with its Chinese name, as messages show it: traced (溯源)';

CREATE TABLE @extschema@.requirement (
    key         text PRIMARY KEY,
    missing     text NOT NULL,
    hint        text NOT NULL
);
COMMENT ON TABLE @extschema@.requirement IS
    'what a state change can require; the check of each key is in outfall.missing_requirement()';
COMMENT ON COLUMN @extschema@.requirement.missing IS 'how the refusal names what is missing';
INSERT INTO @extschema@.requirement VALUES
    ('sample', 'no monitoring sample (监测数据) on record',
     'Record one with outfall.record_sample(code, sample).'),
    ('tracing', 'no tracing result (溯源结果) on record',
     'Record one with outfall.record_tracing(code, tracing).'),
    ('first_responsible_party', 'no first responsible party (第一责任主体)',
     'Record the user or owner with outfall.record_tracing(), or apply outfall.apply_responsible_party(id).'),
    ('plan', 'no rectification plan (一口一策) on record',
     'Record one with outfall.set_plan(code, plan).'),
    ('plan_needs_works', 'the plan does not ban, merge or standardize the outfall',
     'A plan to retain the outfall as it is goes from planned to retained.'),
    ('plan_retains_as_is', 'the plan does not retain the outfall as it is',
     'Outfalls to be banned, merged or standardized go through rectifying and rectified.'),
    ('plan_keeps_outfall', 'the plan bans or merges the outfall, so it is not kept',
     'Only standardized outfalls are retained after close-out.'),
    ('merge_target_active', 'the outfall it merges into is not active (closed, or itself banned or merged)',
     'Choose an active merge target with outfall.set_plan().'),
    ('verification', 'no verification (验收) with evidence, by an existing role, since the outfall reached its current state',
     'Give the evidence with outfall.advance(code, state, ''{"verification": ...}''), outfall.retire(code, evidence) or a row of outfall.verification.'),
    ('reopen_event', 'a closed or retained outfall is reopened only by an explicit reopen event',
     'Use outfall.reopen(code, to_state, reason).');

CREATE TABLE @extschema@.transition (
    from_state  @extschema@.state NOT NULL,
    to_state    @extschema@.state NOT NULL,
    description text NOT NULL,
    PRIMARY KEY (from_state, to_state),
    CHECK (from_state <> to_state)
);
COMMENT ON TABLE @extschema@.transition IS
    'the state changes the lifecycle allows; any other change of outfall.status is refused';

CREATE TABLE @extschema@.transition_requirement (
    from_state  @extschema@.state NOT NULL,
    to_state    @extschema@.state NOT NULL,
    requirement text NOT NULL REFERENCES @extschema@.requirement,
    PRIMARY KEY (from_state, to_state, requirement),
    FOREIGN KEY (from_state, to_state) REFERENCES @extschema@.transition ON DELETE CASCADE
);
COMMENT ON TABLE @extschema@.transition_requirement IS
    'what each allowed state change requires; all must hold';

INSERT INTO @extschema@.transition VALUES
    ('found', 'monitored', 'sampled'),
    ('monitored', 'traced', 'sources traced, first responsible party known'),
    ('traced', 'planned', 'plan on record'),
    ('planned', 'rectifying', 'works started'),
    ('planned', 'retained', 'retained as it is, verified'),
    ('rectifying', 'rectified', 'works finished'),
    ('rectified', 'closed', 'verified and closed out (销号)'),
    ('closed', 'retained', 'standardized outfall kept on the list of retained outfalls'),
    ('closed', 'rectifying', 'reopened: the rectification did not hold'),
    ('closed', 'found', 'reopened: the outfall reappeared'),
    ('retained', 'rectifying', 'reopened: the retained outfall needs rectification again'),
    ('retained', 'found', 'reopened: to be surveyed again');
INSERT INTO @extschema@.transition_requirement VALUES
    ('found', 'monitored', 'sample'),
    ('monitored', 'traced', 'tracing'),
    ('monitored', 'traced', 'first_responsible_party'),
    ('traced', 'planned', 'plan'),
    ('planned', 'rectifying', 'plan'),
    ('planned', 'rectifying', 'plan_needs_works'),
    ('planned', 'rectifying', 'merge_target_active'),
    ('planned', 'retained', 'plan'),
    ('planned', 'retained', 'plan_retains_as_is'),
    ('planned', 'retained', 'verification'),
    ('rectifying', 'rectified', 'plan'),
    ('rectifying', 'rectified', 'merge_target_active'),
    ('rectified', 'closed', 'verification'),
    ('closed', 'retained', 'plan_keeps_outfall'),
    ('closed', 'rectifying', 'reopen_event'),
    ('closed', 'found', 'reopen_event'),
    ('retained', 'rectifying', 'reopen_event'),
    ('retained', 'found', 'reopen_event');
