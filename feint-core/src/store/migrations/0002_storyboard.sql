-- Schema 2: the storyboard. Events on a timeline relative to the operation's start, custom
-- lanes, free supporting items for the quad chart, and the undo log that the core keeps so the
-- UI and the file can never disagree about what an undo does.

CREATE TABLE lane (
    id       TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    -- Display order, 0-based; rewritten as a whole when the planner reorders lanes.
    position INTEGER NOT NULL
);

CREATE TABLE event (
    id               TEXT PRIMARY KEY,
    -- An Engage activity of the built-in catalog (EAC…/SAC…), checked by the core.
    activity_id      TEXT NOT NULL,
    -- One of the activity's approaches; it decides the goal lane.
    approach_id      TEXT NOT NULL,
    title            TEXT NOT NULL,
    narrative        TEXT NOT NULL DEFAULT '',
    -- Days from the operation's start (D+N, negative for preparation) and local minute of the
    -- day in the operation's time zone: moving the start date moves the whole plan.
    day              INTEGER NOT NULL,
    minute           INTEGER NOT NULL CHECK (minute >= 0 AND minute < 1440),
    duration_min     INTEGER NOT NULL CHECK (duration_min > 0),
    host             TEXT NOT NULL DEFAULT '',
    -- Deleting a custom lane leaves its events in no lane.
    lane_id          TEXT REFERENCES lane(id) ON DELETE SET NULL,
    -- NULL while the planner has not decided: the UI shows unset markings until then.
    visibility       TEXT CHECK (visibility IN ('revealed', 'concealed')),
    truth            TEXT CHECK (truth IN ('fact', 'fiction')),
    collection_point TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'ready', 'done')),
    notes            TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    modified_at      TEXT NOT NULL
);

-- The storyboard is read in time order; this keeps that read an index walk at 1,000+ events.
CREATE INDEX event_by_time ON event (day, minute, title, id);
CREATE INDEX event_by_lane ON event (lane_id);

-- ATT&CK techniques an event expects or answers. Any well-formed ID is accepted, not only the
-- catalog's, so the planner is never blocked by a technique newer than the catalog.
CREATE TABLE event_technique (
    event_id     TEXT NOT NULL REFERENCES event(id) ON DELETE CASCADE,
    technique_id TEXT NOT NULL,
    -- The planner's order, kept so the list reads back as it was typed.
    position     INTEGER NOT NULL,
    PRIMARY KEY (event_id, technique_id)
);

CREATE TABLE supporting_item (
    id         TEXT PRIMARY KEY,
    text       TEXT NOT NULL,
    visibility TEXT CHECK (visibility IN ('revealed', 'concealed')),
    truth      TEXT CHECK (truth IN ('fact', 'fiction')),
    position   INTEGER NOT NULL
);

-- One row per storyboard edit. `before`/`after` are JSON snapshots of exactly the rows the edit
-- touched (a missing row is recorded as absent), so undo writes `before` back and redo writes
-- `after`. Rows with undone = 1 form the redo tail, dropped by the next new edit.
CREATE TABLE undo_log (
    seq    INTEGER PRIMARY KEY AUTOINCREMENT,
    label  TEXT NOT NULL,
    before TEXT NOT NULL,
    after  TEXT NOT NULL,
    undone INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1))
);
