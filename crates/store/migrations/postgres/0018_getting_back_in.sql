-- Getting back in (issue 18): the durable outbox of e-mail, the single-use secrets that let
-- someone back in (a reset link's token, a pupil's one-time code), the requests counted to
-- throttle the "forgot password" form, and the log of who helped whom.

-- Mail waiting to be sent, sent, or given up. A worker claims one with a lease
-- (`claimed_until`), sends it, and marks it sent once the SMTP server accepted it; a
-- failure sets the next attempt later. `body` is emptied once sent or given up: it may
-- carry a link that lets someone in.
CREATE TABLE mail_outbox (
    id UUID PRIMARY KEY,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    claimed_until TIMESTAMPTZ,
    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    sent_at TIMESTAMPTZ,
    given_up_at TIMESTAMPTZ
);
CREATE INDEX mail_outbox_due ON mail_outbox(next_attempt_at);

-- A reset link's token or a one-time code, stored as its SHA-256 only. `password_mark`
-- is a hash of the account's password hash when it was issued: any password change, by
-- whatever path, makes it stale. `issued_by` is the helper who issued a one-time code.
CREATE TABLE recovery_secrets (
    secret_hash TEXT PRIMARY KEY,
    user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('reset_link', 'one_time_code')),
    password_mark TEXT NOT NULL,
    issued_by UUID REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at TIMESTAMPTZ
);
CREATE INDEX recovery_secrets_user ON recovery_secrets(user_id);
CREATE INDEX recovery_secrets_expires ON recovery_secrets(expires_at);

-- "Forgot password" requests, by hashed key (`mail:…` for the address typed, `ip:…` for
-- the client address), to throttle the form. Nothing here says whether an account exists.
CREATE TABLE recovery_requests (
    id BIGSERIAL PRIMARY KEY,
    request_key TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL
);
CREATE INDEX recovery_requests_key ON recovery_requests(request_key, at);

-- Who helped whom back in, and how (never the code itself).
CREATE TABLE help_log (
    id UUID PRIMARY KEY,
    actor_id UUID REFERENCES users(id) ON DELETE SET NULL,
    target_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    action TEXT NOT NULL CHECK (action IN ('one_time_code', 'unlock')),
    at TIMESTAMPTZ NOT NULL
);
CREATE INDEX help_log_target ON help_log(target_id, at);
