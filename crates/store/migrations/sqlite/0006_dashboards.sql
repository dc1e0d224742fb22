-- Dashboards (SQLite flavour): teachers' assignments, and the rollups governance dashboards read.
--
-- Rollups are derived from learner events by the rollup worker: each event is queued in
-- `rollup_pending` in the transaction that records it, and folded in exactly once (the
-- worker deletes the queue rows in the transaction that updates the counters). Counters are
-- kept per scope — the nation, each region, province and school (`scope_key` as in
-- role_grants, `parent_key` its parent) — so that any dashboard reads a few rows, never the
-- raw events. Days are the platform's time zone's calendar days ('YYYY-MM-DD'), weeks
-- their Monday.

CREATE TABLE assignments (
    id BLOB PRIMARY KEY,
    class_id BLOB NOT NULL REFERENCES classes(id),
    kind TEXT NOT NULL CHECK (kind IN ('capsule', 'set')),
    capsule_id BLOB REFERENCES capsules(id),
    set_id BLOB REFERENCES exercise_sets(id),
    due_on TEXT NOT NULL,
    note TEXT NOT NULL,
    created_by BLOB REFERENCES users(id),
    created_at TEXT NOT NULL,
    CHECK ((kind = 'capsule') = (capsule_id IS NOT NULL)),
    CHECK ((kind = 'set') = (set_id IS NOT NULL))
);
CREATE INDEX assignments_class ON assignments(class_id, due_on);

CREATE TABLE assignment_pupils (
    assignment_id BLOB NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
    user_id BLOB NOT NULL REFERENCES users(id),
    completed_at TEXT,
    PRIMARY KEY (assignment_id, user_id)
);
CREATE INDEX assignment_pupils_user ON assignment_pupils(user_id, completed_at);

CREATE TABLE rollup_pending (
    event_id BLOB PRIMARY KEY,
    queued_at TEXT NOT NULL
);

-- Which pupil was active which day / week, to count active pupils once.
CREATE TABLE pupil_days (
    user_id BLOB NOT NULL,
    day TEXT NOT NULL,
    PRIMARY KEY (user_id, day)
);
CREATE TABLE pupil_weeks (
    user_id BLOB NOT NULL,
    week TEXT NOT NULL,
    PRIMARY KEY (user_id, week)
);
-- How far each pupil watched each capsule, and each lesson's mastery, as last folded.
CREATE TABLE pupil_capsules (
    user_id BLOB NOT NULL,
    capsule_id BLOB NOT NULL,
    watched_ms INTEGER NOT NULL,
    completed BOOLEAN NOT NULL,
    PRIMARY KEY (user_id, capsule_id)
);
CREATE TABLE pupil_lessons (
    user_id BLOB NOT NULL,
    lesson_id BLOB NOT NULL,
    state INTEGER NOT NULL,
    PRIMARY KEY (user_id, lesson_id)
);

CREATE TABLE usage_daily (
    day TEXT NOT NULL,
    scope_key TEXT NOT NULL,
    parent_key TEXT NOT NULL,
    level_code TEXT NOT NULL,
    active_pupils INTEGER NOT NULL,
    answers INTEGER NOT NULL,
    correct_answers INTEGER NOT NULL,
    watch_seconds INTEGER NOT NULL,
    PRIMARY KEY (scope_key, day, level_code)
);
CREATE INDEX usage_daily_parent ON usage_daily(parent_key, day);

CREATE TABLE usage_weekly (
    week TEXT NOT NULL,
    scope_key TEXT NOT NULL,
    parent_key TEXT NOT NULL,
    level_code TEXT NOT NULL,
    active_pupils INTEGER NOT NULL,
    PRIMARY KEY (scope_key, week, level_code)
);
CREATE INDEX usage_weekly_parent ON usage_weekly(parent_key, week);

CREATE TABLE subject_daily (
    day TEXT NOT NULL,
    scope_key TEXT NOT NULL,
    level_code TEXT NOT NULL,
    subject_code TEXT NOT NULL,
    answers INTEGER NOT NULL,
    correct_answers INTEGER NOT NULL,
    watch_seconds INTEGER NOT NULL,
    PRIMARY KEY (scope_key, day, level_code, subject_code)
);

-- Pupil-lessons per mastery state (0 not started … 3 mastered; only started ones are kept).
CREATE TABLE mastery_counts (
    scope_key TEXT NOT NULL,
    parent_key TEXT NOT NULL,
    level_code TEXT NOT NULL,
    subject_code TEXT NOT NULL,
    state INTEGER NOT NULL,
    pupil_lessons INTEGER NOT NULL,
    PRIMARY KEY (scope_key, level_code, subject_code, state)
);
CREATE INDEX mastery_counts_parent ON mastery_counts(parent_key);

CREATE TABLE capsule_reach (
    scope_key TEXT NOT NULL,
    capsule_id BLOB NOT NULL,
    starts INTEGER NOT NULL,
    completions INTEGER NOT NULL,
    PRIMARY KEY (scope_key, capsule_id)
);

CREATE TABLE assignment_counts (
    scope_key TEXT NOT NULL,
    parent_key TEXT NOT NULL,
    level_code TEXT NOT NULL,
    assigned INTEGER NOT NULL,
    completed INTEGER NOT NULL,
    PRIMARY KEY (scope_key, level_code)
);

-- Pupils enrolled per scope and level, materialised by the rollup worker every few
-- minutes: the size the privacy rule is checked against, and the base of rates.
CREATE TABLE population (
    scope_key TEXT NOT NULL,
    parent_key TEXT NOT NULL,
    level_code TEXT NOT NULL,
    pupils INTEGER NOT NULL,
    PRIMARY KEY (scope_key, level_code)
);
CREATE INDEX population_parent ON population(parent_key);

-- One rollup at a time across every node and process: a rollup transaction first updates
-- this row, which makes any other wait, then find the events already folded.
CREATE TABLE rollup_lock (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL
);
INSERT INTO rollup_lock (name, holder) VALUES ('rollup', '');
