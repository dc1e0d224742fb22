-- Issue 17: people a session's host (or an administrator overseeing it) removed from one
-- occurrence. Joining that occurrence again is refused; the next occurrence is open to them.
CREATE TABLE live_removals (
    session_id BLOB NOT NULL REFERENCES live_sessions(id) ON DELETE CASCADE,
    occurrence_start TEXT NOT NULL,
    user_id BLOB NOT NULL REFERENCES users(id),
    removed_by BLOB NOT NULL REFERENCES users(id),
    removed_at TEXT NOT NULL,
    PRIMARY KEY (session_id, occurrence_start, user_id)
);
