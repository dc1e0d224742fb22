-- Issue 17: people a session's host (or an administrator overseeing it) removed from one
-- occurrence. Joining that occurrence again is refused; the next occurrence is open to them.
CREATE TABLE live_removals (
    session_id UUID NOT NULL REFERENCES live_sessions(id) ON DELETE CASCADE,
    occurrence_start TIMESTAMPTZ NOT NULL,
    user_id UUID NOT NULL REFERENCES users(id),
    removed_by UUID NOT NULL REFERENCES users(id),
    removed_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (session_id, occurrence_start, user_id)
);
