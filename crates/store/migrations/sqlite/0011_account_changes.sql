-- What changed a signed-in person's session as a node caches it: their `users` row, their
-- grants or their sessions (sign-out, password change, deactivation). Triggers write one row per
-- change, so no write path can forget; every node reads the rows newer than the last it saw and
-- drops that person's cached sessions (crates/web/src/session_cache.rs). Rows older than a few
-- minutes are deleted by the session purge.
CREATE TABLE account_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BLOB NOT NULL,
    at_ms BIGINT NOT NULL
);
CREATE INDEX account_changes_at ON account_changes(at_ms);

CREATE TRIGGER users_updated AFTER UPDATE ON users BEGIN
    INSERT INTO account_changes (user_id, at_ms)
    VALUES (NEW.id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
CREATE TRIGGER users_deleted AFTER DELETE ON users BEGIN
    INSERT INTO account_changes (user_id, at_ms)
    VALUES (OLD.id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
CREATE TRIGGER role_grants_inserted AFTER INSERT ON role_grants BEGIN
    INSERT INTO account_changes (user_id, at_ms)
    VALUES (NEW.user_id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
CREATE TRIGGER role_grants_updated AFTER UPDATE ON role_grants BEGIN
    INSERT INTO account_changes (user_id, at_ms)
    VALUES (NEW.user_id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
CREATE TRIGGER role_grants_deleted AFTER DELETE ON role_grants BEGIN
    INSERT INTO account_changes (user_id, at_ms)
    VALUES (OLD.user_id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
CREATE TRIGGER sessions_deleted AFTER DELETE ON sessions BEGIN
    INSERT INTO account_changes (user_id, at_ms)
    VALUES (OLD.user_id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
