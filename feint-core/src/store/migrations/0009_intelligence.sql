-- Schema 8: intelligence out of the run. Indicators the team observed (linked to the journal
-- entries that saw them) and references to evidence files, hashed by Feint, copied into the
-- operation only when the planner asks.

CREATE TABLE indicator (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('ip', 'domain', 'url', 'file_hash', 'file_name',
                    'email', 'user_agent')),
    -- Normalised (lower-case host names and hashes, the canonical form of an address).
    value       TEXT NOT NULL,
    first_seen  TEXT,
    last_seen   TEXT,
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    modified_at TEXT NOT NULL,
    UNIQUE (kind, value)
);

CREATE TABLE indicator_entry (
    indicator_id TEXT NOT NULL REFERENCES indicator(id) ON DELETE CASCADE,
    entry_id     TEXT NOT NULL REFERENCES journal_entry(id) ON DELETE CASCADE,
    PRIMARY KEY (indicator_id, entry_id)
);

CREATE TABLE evidence (
    id        TEXT PRIMARY KEY,
    file_name TEXT NOT NULL,
    size      INTEGER NOT NULL CHECK (size >= 0),
    sha256    TEXT NOT NULL,
    -- Where the evidence is kept (a path, a locker, a case number): Feint only records it.
    location  TEXT NOT NULL DEFAULT '',
    note      TEXT NOT NULL DEFAULT '',
    -- The file's bytes, only when the planner asked to keep a copy in the operation.
    content   BLOB,
    added_at  TEXT NOT NULL
);
