-- Schema 4: the threat model. One target adversary per operation and the ATT&CK techniques it
-- uses, in the planner's order.

-- A single row (id = 1), created on the first edit; no row reads as an empty adversary.
CREATE TABLE adversary (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    name        TEXT NOT NULL DEFAULT '',
    -- JSON array of strings.
    aliases     TEXT NOT NULL DEFAULT '[]',
    description TEXT NOT NULL DEFAULT '',
    -- Free text: where what we know of the adversary comes from.
    sources     TEXT NOT NULL DEFAULT '',
    -- JSON array of strings (report titles, URLs), kept as text and never opened by Feint.
    refs        TEXT NOT NULL DEFAULT '[]',
    modified_at TEXT NOT NULL
);

-- Techniques as the planner or the layer gave them: a sub-technique (T1098.004) stays one; the
-- roll-up to its parent for the Engage mapping is computed, not stored.
CREATE TABLE threat_technique (
    technique_id TEXT PRIMARY KEY,
    note         TEXT NOT NULL DEFAULT '',
    confidence   TEXT CHECK (confidence IN ('low', 'medium', 'high')),
    position     INTEGER NOT NULL
);
