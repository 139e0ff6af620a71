-- Schema 6: running the operation. Its phase and the baseline frozen at approval, the execution
-- journal with its corrections, and the actuals of each storyboard event.

-- A single row (id = 1), created on approval; no row reads as an operation still in planning.
CREATE TABLE run_state (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    phase       TEXT NOT NULL CHECK (phase IN ('planning', 'approved', 'running', 'paused',
                    'closed')),
    approved_by TEXT NOT NULL DEFAULT '',
    approved_at TEXT,
    started_at  TEXT,
    closed_at   TEXT,
    -- The plan as approved (storyboard and order), as the JSON export writes them.
    baseline    TEXT
);

CREATE TABLE journal_entry (
    id          TEXT PRIMARY KEY,
    at          TEXT NOT NULL,
    author_role TEXT NOT NULL CHECK (author_role IN ('stakeholder', 'team_lead',
                    'operation_coordinator', 'reverse_engineer', 'threat_analyst',
                    'operational_user', 'system_administrator', 'blue_team', 'red_team')),
    kind        TEXT NOT NULL CHECK (kind IN ('adversary_action', 'our_action', 'decision',
                    'deviation', 'note')),
    text        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    modified_at TEXT NOT NULL
);

CREATE INDEX journal_entry_by_time ON journal_entry (at);

-- Earlier versions of a corrected entry, oldest first: a correction never loses the text.
CREATE TABLE journal_revision (
    entry_id    TEXT NOT NULL REFERENCES journal_entry(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    at          TEXT NOT NULL,
    kind        TEXT NOT NULL,
    text        TEXT NOT NULL,
    replaced_at TEXT NOT NULL,
    PRIMARY KEY (entry_id, position)
);

CREATE TABLE journal_entry_event (
    entry_id TEXT NOT NULL REFERENCES journal_entry(id) ON DELETE CASCADE,
    event_id TEXT NOT NULL REFERENCES event(id) ON DELETE CASCADE,
    PRIMARY KEY (entry_id, event_id)
);

CREATE TABLE journal_entry_persona (
    entry_id   TEXT NOT NULL REFERENCES journal_entry(id) ON DELETE CASCADE,
    persona_id TEXT NOT NULL REFERENCES persona(id) ON DELETE CASCADE,
    PRIMARY KEY (entry_id, persona_id)
);

CREATE TABLE journal_entry_technique (
    entry_id     TEXT NOT NULL REFERENCES journal_entry(id) ON DELETE CASCADE,
    technique_id TEXT NOT NULL,
    PRIMARY KEY (entry_id, technique_id)
);

-- What actually happened to a storyboard event; no row reads as nothing recorded yet.
CREATE TABLE event_actual (
    event_id     TEXT PRIMARY KEY REFERENCES event(id) ON DELETE CASCADE,
    actual_start TEXT,
    actual_end   TEXT,
    outcome      TEXT CHECK (outcome IN ('as_planned', 'changed', 'skipped', 'failed')),
    reason       TEXT NOT NULL DEFAULT ''
);
