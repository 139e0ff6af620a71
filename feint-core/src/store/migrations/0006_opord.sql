-- Schema 6: the rest of the operation order (issue 13): front matter, the friendly situation,
-- commander's intent and phases, risks, information requirements, the signal plan and the
-- signature; an owner role per event; gating criteria tied to a day or a phase.

-- A single row (id = 1), created on the first edit; no row reads as empty.
CREATE TABLE opord (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    order_number       TEXT NOT NULL DEFAULT '',
    copy_number        INTEGER NOT NULL DEFAULT 0,
    copies             INTEGER NOT NULL DEFAULT 0,
    issuing_org        TEXT NOT NULL DEFAULT '',
    place_of_issue     TEXT NOT NULL DEFAULT '',
    -- Local time in the operation's zone, 'YYYY-MM-DDTHH:MM', or '' while not issued.
    issued_at          TEXT NOT NULL DEFAULT '',
    commander_name     TEXT NOT NULL DEFAULT '',
    commander_role     TEXT NOT NULL DEFAULT '',
    friendly_forces    TEXT NOT NULL DEFAULT '',
    environment        TEXT NOT NULL DEFAULT '',
    assumptions        TEXT NOT NULL DEFAULT '',
    intent             TEXT NOT NULL DEFAULT '',
    pace_primary       TEXT NOT NULL DEFAULT '',
    pace_alternate     TEXT NOT NULL DEFAULT '',
    pace_contingency   TEXT NOT NULL DEFAULT '',
    pace_emergency     TEXT NOT NULL DEFAULT '',
    code_pause         TEXT NOT NULL DEFAULT '',
    code_stop          TEXT NOT NULL DEFAULT '',
    code_resume        TEXT NOT NULL DEFAULT '',
    reporting_schedule TEXT NOT NULL DEFAULT ''
);

-- The order's plain lists: references and information requirements.
CREATE TABLE opord_item (
    id       TEXT PRIMARY KEY,
    list     TEXT NOT NULL CHECK (list IN ('reference', 'information_requirement')),
    text     TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL
);

CREATE TABLE opord_phase (
    id        TEXT PRIMARY KEY,
    name      TEXT NOT NULL DEFAULT '',
    start_day INTEGER NOT NULL,
    end_day   INTEGER NOT NULL,
    purpose   TEXT NOT NULL DEFAULT '',
    position  INTEGER NOT NULL
);

CREATE TABLE opord_risk (
    id         TEXT PRIMARY KEY,
    risk       TEXT NOT NULL DEFAULT '',
    likelihood TEXT NOT NULL CHECK (likelihood IN ('low', 'medium', 'high')),
    impact     TEXT NOT NULL CHECK (impact IN ('low', 'medium', 'high')),
    mitigation TEXT NOT NULL DEFAULT '',
    owner      TEXT NOT NULL DEFAULT '',
    position   INTEGER NOT NULL
);

-- A gate becomes a decision point: on a day (D+N), in a phase, or neither.
ALTER TABLE gating_criterion ADD COLUMN decision_day INTEGER;
ALTER TABLE gating_criterion ADD COLUMN phase_id TEXT REFERENCES opord_phase(id) ON DELETE SET NULL;

-- Who carries an event out: one of the Engage roles, or none yet.
ALTER TABLE event ADD COLUMN owner_role TEXT CHECK (owner_role IN ('stakeholder', 'team_lead',
    'operation_coordinator', 'reverse_engineer', 'threat_analyst', 'operational_user',
    'system_administrator', 'blue_team', 'red_team'));
