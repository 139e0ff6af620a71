-- Schema 3: personas (the Engage persona profile worksheet), their accounts, and which personas
-- take part in which storyboard event.

CREATE TABLE persona (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    date_of_birth  TEXT,
    area           TEXT NOT NULL DEFAULT '',
    role           TEXT NOT NULL DEFAULT '',
    background     TEXT NOT NULL DEFAULT '',
    detail         TEXT NOT NULL DEFAULT 'light' CHECK (detail IN ('light', 'full')),
    -- IANA name; the working hours below are local times in this zone.
    timezone       TEXT NOT NULL,
    -- JSON array of 7 strings (Monday first), each 24 characters of '0'/'1': hour h of that
    -- weekday is a working hour when character h is '1'.
    schedule       TEXT NOT NULL,
    sleep          TEXT NOT NULL DEFAULT '',
    interests      TEXT NOT NULL DEFAULT '',
    websites       TEXT NOT NULL DEFAULT '',
    habits         TEXT NOT NULL DEFAULT '',
    goals          TEXT NOT NULL DEFAULT '',
    critical_tasks TEXT NOT NULL DEFAULT '',
    start_date     TEXT,
    created_at     TEXT NOT NULL,
    modified_at    TEXT NOT NULL
);

CREATE TABLE persona_account (
    id          TEXT PRIMARY KEY,
    persona_id  TEXT NOT NULL REFERENCES persona(id) ON DELETE CASCADE,
    system      TEXT NOT NULL DEFAULT '',
    username    TEXT NOT NULL DEFAULT '',
    secret_kind TEXT NOT NULL CHECK (secret_kind IN ('password', 'honeytoken')),
    secret      TEXT NOT NULL DEFAULT '',
    visibility  TEXT CHECK (visibility IN ('revealed', 'concealed')),
    notes       TEXT NOT NULL DEFAULT '',
    -- The planner's order within the persona.
    position    INTEGER NOT NULL
);

CREATE INDEX persona_account_by_persona ON persona_account (persona_id, position);

-- Kept apart from `event` so the storyboard's rows (and its undo log) are unchanged by personas.
CREATE TABLE event_persona (
    event_id   TEXT NOT NULL REFERENCES event(id) ON DELETE CASCADE,
    persona_id TEXT NOT NULL REFERENCES persona(id) ON DELETE CASCADE,
    PRIMARY KEY (event_id, persona_id)
);

CREATE INDEX event_persona_by_persona ON event_persona (persona_id);
