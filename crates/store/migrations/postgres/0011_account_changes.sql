-- What changed a signed-in person's session as a node caches it: their `users` row, their
-- grants or their sessions (sign-out, password change, deactivation). Triggers write one row per
-- change, so no write path can forget; every node reads the rows newer than the last it saw and
-- drops that person's cached sessions (crates/web/src/session_cache.rs). Rows older than a few
-- minutes are deleted by the session purge.
CREATE TABLE account_changes (
    seq BIGSERIAL PRIMARY KEY,
    user_id UUID NOT NULL,
    at_ms BIGINT NOT NULL
);
CREATE INDEX account_changes_at ON account_changes(at_ms);

-- `users` names the person `id`; the other tables `user_id`.
CREATE FUNCTION note_account_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    row_data RECORD;
    person UUID;
BEGIN
    IF TG_OP = 'DELETE' THEN row_data := OLD; ELSE row_data := NEW; END IF;
    IF TG_TABLE_NAME = 'users' THEN
        person := row_data.id;
    ELSE
        person := row_data.user_id;
    END IF;
    INSERT INTO account_changes (user_id, at_ms)
    VALUES (person, (extract(epoch FROM clock_timestamp()) * 1000)::BIGINT);
    RETURN NULL;
END
$$;

CREATE TRIGGER users_changed AFTER UPDATE OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION note_account_change();
CREATE TRIGGER role_grants_changed AFTER INSERT OR UPDATE OR DELETE ON role_grants
    FOR EACH ROW EXECUTE FUNCTION note_account_change();
CREATE TRIGGER sessions_deleted AFTER DELETE ON sessions
    FOR EACH ROW EXECUTE FUNCTION note_account_change();
