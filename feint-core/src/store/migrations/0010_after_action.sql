-- Schema 8: the after-action review. Each success criterion's assessment with the journal
-- entries that evidence it, what to sustain and what to improve, and the hotwash notes.

-- No row reads as a criterion not assessed yet.
CREATE TABLE criterion_assessment (
    criterion_id TEXT PRIMARY KEY REFERENCES success_criterion(id) ON DELETE CASCADE,
    rating       TEXT NOT NULL CHECK (rating IN ('met', 'partly', 'not_met', 'not_assessed')),
    note         TEXT NOT NULL DEFAULT ''
);

CREATE TABLE criterion_evidence (
    criterion_id TEXT NOT NULL REFERENCES success_criterion(id) ON DELETE CASCADE,
    entry_id     TEXT NOT NULL REFERENCES journal_entry(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    PRIMARY KEY (criterion_id, entry_id)
);

-- Lessons: what to sustain and what to improve, each list in its own order.
CREATE TABLE lesson (
    id       TEXT PRIMARY KEY,
    kind     TEXT NOT NULL CHECK (kind IN ('sustain', 'improve')),
    text     TEXT NOT NULL,
    position INTEGER NOT NULL
);

-- A single row (id = 1); no row reads as no hotwash notes.
CREATE TABLE hotwash (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    notes TEXT NOT NULL DEFAULT ''
);
