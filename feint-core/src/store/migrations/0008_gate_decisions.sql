-- Schema 8: gate decisions. When a gating criterion is met the planner records which one, the
-- journal entries that show it, the decision, who made it and when. A decision is never edited:
-- a wrong one is answered by a later decision, so the record of what was decided stays whole.

CREATE TABLE gate_decision (
    id          TEXT PRIMARY KEY,
    -- The criterion's ID in the order; the criterion may later be edited or removed, so its
    -- condition and action are kept as they read when the decision was made.
    gating_id   TEXT NOT NULL,
    condition   TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('pause', 'stop', 'escalate')),
    decision    TEXT NOT NULL CHECK (decision IN ('continue', 'pause', 'stop', 'escalate')),
    decided_by  TEXT NOT NULL,
    decided_at  TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);

CREATE INDEX gate_decision_by_time ON gate_decision (decided_at);

CREATE TABLE gate_decision_evidence (
    decision_id TEXT NOT NULL REFERENCES gate_decision(id) ON DELETE CASCADE,
    entry_id    TEXT NOT NULL REFERENCES journal_entry(id),
    PRIMARY KEY (decision_id, entry_id)
);

-- The decision that paused or stopped the operation while it stays paused or closed; NULL when
-- it runs, or was paused or closed by hand.
ALTER TABLE run_state ADD COLUMN halted_by TEXT;
