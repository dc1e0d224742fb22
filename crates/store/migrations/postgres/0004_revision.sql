-- Personal revision: each pupil's FSRS schedule per item answered. Derived from the answer
-- events (it can always be rebuilt from them), kept as a table so that "due today" is one
-- indexed range scan.

CREATE TABLE review_cards (
    user_id UUID NOT NULL REFERENCES users(id),
    item_id UUID NOT NULL REFERENCES exercise_items(id) ON DELETE CASCADE,
    due_at TIMESTAMPTZ NOT NULL,
    stability DOUBLE PRECISION NOT NULL,
    difficulty DOUBLE PRECISION NOT NULL,
    scheduled_days BIGINT NOT NULL,
    reps INTEGER NOT NULL,
    lapses INTEGER NOT NULL,
    phase SMALLINT NOT NULL CHECK (phase IN (1, 2, 3)),
    last_review_at TIMESTAMPTZ NOT NULL,
    -- Score (0..=1) of the latest answer: what mastery reads.
    last_score DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (user_id, item_id)
);
CREATE INDEX review_cards_due ON review_cards(user_id, due_at);
