-- Schema 1: the operation record. Identify the file as Feint's ('FEIN') so another SQLite
-- database is never mistaken for an operation.
PRAGMA application_id = 1178945870;

CREATE TABLE operation (
    -- Exactly one row: the file is the operation.
    singleton        INTEGER PRIMARY KEY CHECK (singleton = 1),
    id               TEXT NOT NULL,
    name             TEXT NOT NULL,
    codename         TEXT NOT NULL DEFAULT '',
    -- JSON array of engagement goal IDs (EGO0001..EGO0003), validated by the core.
    goals            TEXT NOT NULL DEFAULT '[]',
    objective        TEXT NOT NULL DEFAULT '',
    start_date       TEXT,
    end_date         TEXT,
    timezone         TEXT NOT NULL DEFAULT 'UTC',
    handling_marking TEXT NOT NULL DEFAULT '',
    narrative        TEXT NOT NULL DEFAULT '',
    doc_version      TEXT NOT NULL DEFAULT '0.1',
    prepared_by      TEXT NOT NULL DEFAULT '',
    approver         TEXT NOT NULL DEFAULT '',
    approval_date    TEXT,
    -- JSON array of recipients.
    distribution     TEXT NOT NULL DEFAULT '[]',
    catalog_version  TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    modified_at      TEXT NOT NULL
);
