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

-- Announcements (issue 18): posted by an administrator to a place inside their scope
-- (the country, a region, a school or a class: the ids below, NULL above the place), and
-- within it to a level or programme (`level_code`) and an audience. Shown to the people
-- concerned until `ends_on` (a day, inclusive) if set.
CREATE TABLE announcements (
    id UUID PRIMARY KEY,
    author_id UUID REFERENCES users(id) ON DELETE SET NULL,
    region_id UUID REFERENCES regions(id),
    school_id UUID REFERENCES schools(id),
    class_id UUID REFERENCES classes(id),
    level_code TEXT,
    audience TEXT NOT NULL CHECK (audience IN ('everyone', 'staff', 'learners')),
    title_ar TEXT NOT NULL,
    title_fr TEXT NOT NULL,
    body_ar TEXT NOT NULL,
    body_fr TEXT NOT NULL,
    ends_on TEXT,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX announcements_author ON announcements(author_id, created_at);
CREATE INDEX announcements_created ON announcements(created_at);

-- Who has seen which announcement (the read state is per person).
CREATE TABLE announcement_reads (
    announcement_id UUID NOT NULL REFERENCES announcements(id) ON DELETE CASCADE,
    user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    read_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (announcement_id, user_id)
);
