-- Families (issue 18): the weekly summaries mailed to parents. One row per parent and
-- week, written in the transaction that queues the message in `mail_outbox`: the key is
-- what makes the job run any number of times and still send each summary once.
CREATE TABLE weekly_summaries (
    parent_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    week_start TEXT NOT NULL,
    mail_id UUID NOT NULL REFERENCES mail_outbox(id),
    queued_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (parent_id, week_start)
);
