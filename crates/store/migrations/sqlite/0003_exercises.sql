-- Exercises (SQLite flavour): sets of items attached to lessons, items stored as JSON (the core crate's
-- Item), which items each pupil was shown, and answers as append-only learner events keyed
-- by a client-made id so that retries and offline sync never count twice.

CREATE TABLE exercise_sets (
    id BLOB PRIMARY KEY,
    lesson_id BLOB NOT NULL REFERENCES lessons(id),
    title_ar TEXT NOT NULL,
    title_fr TEXT NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('practice', 'quiz')),
    max_attempts INTEGER CHECK (max_attempts IS NULL OR max_attempts > 0),
    created_by BLOB REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX exercise_sets_lesson ON exercise_sets(lesson_id);

CREATE TABLE exercise_items (
    id BLOB PRIMARY KEY,
    set_id BLOB NOT NULL REFERENCES exercise_sets(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX exercise_items_set ON exercise_items(set_id, position);

CREATE TABLE item_presentations (
    user_id BLOB NOT NULL REFERENCES users(id),
    item_id BLOB NOT NULL REFERENCES exercise_items(id) ON DELETE CASCADE,
    shown_at TEXT NOT NULL,
    PRIMARY KEY (user_id, item_id)
);

CREATE TABLE learner_events (
    id BLOB PRIMARY KEY,
    user_id BLOB NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL CHECK (kind IN ('answer', 'watch')),
    set_id BLOB REFERENCES exercise_sets(id),
    item_id BLOB REFERENCES exercise_items(id),
    score REAL,
    correct BOOLEAN,
    payload TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    received_at TEXT NOT NULL
);
CREATE INDEX learner_events_user_time ON learner_events(user_id, occurred_at);
CREATE INDEX learner_events_user_item ON learner_events(user_id, item_id, occurred_at);
