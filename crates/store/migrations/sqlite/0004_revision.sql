-- Personal revision (SQLite flavour): each pupil's FSRS schedule per item answered. Derived
-- from the answer events (it can always be rebuilt from them), kept as a table so that
-- "due today" is one indexed range scan.

CREATE TABLE review_cards (
    user_id BLOB NOT NULL REFERENCES users(id),
    item_id BLOB NOT NULL REFERENCES exercise_items(id) ON DELETE CASCADE,
    due_at TEXT NOT NULL,
    stability REAL NOT NULL,
    difficulty REAL NOT NULL,
    scheduled_days INTEGER NOT NULL,
    reps INTEGER NOT NULL,
    lapses INTEGER NOT NULL,
    phase SMALLINT NOT NULL CHECK (phase IN (1, 2, 3)),
    last_review_at TEXT NOT NULL,
    -- Score (0..=1) of the latest answer: what mastery reads.
    last_score REAL NOT NULL,
    PRIMARY KEY (user_id, item_id)
);
CREATE INDEX review_cards_due ON review_cards(user_id, due_at);
