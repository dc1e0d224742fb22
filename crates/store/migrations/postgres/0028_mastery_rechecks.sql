-- (pupil, item) pairs whose counted score changed without an answer: a showing recorded
-- after answers it came before replays the card's counting. Queued in the transaction that
-- changed the card; the rollup worker recomputes the pupil's mastery of the item's lesson
-- and deletes the row in its own. One row per pair however often it is queued; queue_id (a
-- UUID v7: the worker takes the oldest first) changes each time, so the worker deletes
-- only the queueing it read.
CREATE TABLE mastery_rechecks (
    user_id UUID NOT NULL REFERENCES users(id),
    item_id UUID NOT NULL REFERENCES exercise_items(id) ON DELETE CASCADE,
    queue_id UUID NOT NULL,
    PRIMARY KEY (user_id, item_id)
);
