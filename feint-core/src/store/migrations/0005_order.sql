-- Schema 5: the operation order. Criteria, the roles roster and the engagement environment.

-- A single row (id = 1), created on the first edit; no row reads as empty text.
CREATE TABLE order_text (
    id                  INTEGER PRIMARY KEY CHECK (id = 1),
    rules_of_engagement TEXT NOT NULL DEFAULT '',
    opsec               TEXT NOT NULL DEFAULT '',
    collection_system   TEXT NOT NULL DEFAULT '',
    analysis_system     TEXT NOT NULL DEFAULT '',
    alerting            TEXT NOT NULL DEFAULT '',
    sustainment         TEXT NOT NULL DEFAULT ''
);

CREATE TABLE gating_criterion (
    id         TEXT PRIMARY KEY,
    condition  TEXT NOT NULL DEFAULT '',
    action     TEXT NOT NULL CHECK (action IN ('pause', 'stop', 'escalate')),
    decided_by TEXT NOT NULL DEFAULT '',
    detection  TEXT NOT NULL DEFAULT '',
    position   INTEGER NOT NULL
);

CREATE TABLE success_criterion (
    id        TEXT PRIMARY KEY,
    criterion TEXT NOT NULL DEFAULT '',
    measure   TEXT NOT NULL DEFAULT '',
    position  INTEGER NOT NULL
);

-- One row per Engage role that has been filled in; a missing row reads as an empty, needed role.
CREATE TABLE role_contact (
    role    TEXT PRIMARY KEY CHECK (role IN ('stakeholder', 'team_lead', 'operation_coordinator',
                'reverse_engineer', 'threat_analyst', 'operational_user', 'system_administrator',
                'blue_team', 'red_team')),
    needed  INTEGER NOT NULL DEFAULT 1,
    contact TEXT NOT NULL DEFAULT '',
    details TEXT NOT NULL DEFAULT '',
    notes   TEXT NOT NULL DEFAULT ''
);

-- Hosts of the engagement environment.
CREATE TABLE env_host (
    id       TEXT PRIMARY KEY,
    hostname TEXT NOT NULL DEFAULT '',
    os       TEXT NOT NULL DEFAULT '',
    purpose  TEXT NOT NULL DEFAULT '',
    notes    TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL
);

-- Which persona accounts live on which host.
CREATE TABLE env_host_account (
    host_id    TEXT NOT NULL REFERENCES env_host(id) ON DELETE CASCADE,
    account_id TEXT NOT NULL REFERENCES persona_account(id) ON DELETE CASCADE,
    PRIMARY KEY (host_id, account_id)
);
