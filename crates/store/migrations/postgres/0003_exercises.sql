-- Exercises: sets of items attached to lessons, items stored as JSON (the core crate's
-- Item), which items each pupil was shown, and answers as append-only learner events keyed
-- by a client-made id so that retries and offline sync never count twice.

CREATE TABLE exercise_sets (
    id UUID PRIMARY KEY,
    lesson_id UUID NOT NULL REFERENCES lessons(id),
    title_ar TEXT NOT NULL,
    title_fr TEXT NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('practice', 'quiz')),
    max_attempts INTEGER CHECK (max_attempts IS NULL OR max_attempts > 0),
    created_by UUID REFERENCES users(id),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX exercise_sets_lesson ON exercise_sets(lesson_id);

CREATE TABLE exercise_items (
    id UUID PRIMARY KEY,
    set_id UUID NOT NULL REFERENCES exercise_sets(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX exercise_items_set ON exercise_items(set_id, position);

CREATE TABLE item_presentations (
    user_id UUID NOT NULL REFERENCES users(id),
    item_id UUID NOT NULL REFERENCES exercise_items(id) ON DELETE CASCADE,
    shown_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, item_id)
);

CREATE TABLE learner_events (
    id UUID PRIMARY KEY,
    user_id UUID NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL CHECK (kind IN ('answer', 'watch')),
    set_id UUID REFERENCES exercise_sets(id),
    item_id UUID REFERENCES exercise_items(id),
    score DOUBLE PRECISION,
    correct BOOLEAN,
    payload TEXT NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    received_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX learner_events_user_time ON learner_events(user_id, occurred_at);
CREATE INDEX learner_events_user_item ON learner_events(user_id, item_id, occurred_at);
