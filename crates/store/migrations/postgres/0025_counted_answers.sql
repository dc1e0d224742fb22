-- Mastery counts each item with the score of its latest counted answer: the first answer
-- of a day, unless the answer was shown to the pupil earlier that day
-- (lawha_core::mastery::counted_after). Kept on the card, updated with it.
-- NULL: answered, but only after being shown the answer (counts as 0).
ALTER TABLE review_cards ADD COLUMN counted_score DOUBLE PRECISION;
-- When the answer was last shown to the pupil (after a second wrong try, or asked for).
ALTER TABLE review_cards ADD COLUMN shown_at TIMESTAMPTZ;
UPDATE review_cards SET counted_score = last_score;

-- Each time the answer of an item was shown to a pupil: what a replay of the card reads.
CREATE TABLE answer_reveals (
    user_id UUID NOT NULL REFERENCES users(id),
    item_id UUID NOT NULL REFERENCES exercise_items(id) ON DELETE CASCADE,
    shown_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, item_id, shown_at)
);
