-- The hotline (issue 18): tickets filed by anyone, their messages, and the audit log of
-- what support agents do.

-- A ticket. `requester_id` is the signed-in filer's account; an anonymous filer leaves a
-- contact (a pupil code or a phone number) instead. `reference_hash` is the SHA-256 of
-- the secret reference the filer follows the ticket with. `region_id`/`school_id` route
-- it to agents and administrators (NULL region: national agents only). A content ticket
-- names the capsule or exercise set it is about and the person whose queue it goes to.
-- `client_key` is the hashed client address, counted to throttle filing.
CREATE TABLE help_tickets (
    id BLOB PRIMARY KEY,
    reference_hash TEXT NOT NULL UNIQUE,
    requester_id BLOB REFERENCES users(id) ON DELETE SET NULL,
    contact_kind TEXT CHECK (contact_kind IN ('pupil_code', 'phone')),
    contact TEXT,
    region_id BLOB REFERENCES regions(id),
    school_id BLOB REFERENCES schools(id),
    category TEXT NOT NULL CHECK (category IN
        ('cannot_sign_in', 'video', 'connection', 'content', 'device', 'other')),
    subject TEXT NOT NULL,
    description TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('open', 'taken', 'waiting', 'escalated', 'resolved')),
    assignee_id BLOB REFERENCES users(id) ON DELETE SET NULL,
    escalated_to TEXT CHECK (escalated_to IN ('school', 'region')),
    content_kind TEXT CHECK (content_kind IN ('capsule', 'exercise_set')),
    content_id BLOB,
    content_owner BLOB REFERENCES users(id) ON DELETE SET NULL,
    client_key TEXT NOT NULL,
    created_at TEXT NOT NULL,
    first_response_at TEXT,
    resolved_at TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX help_tickets_queue ON help_tickets(region_id, state, created_at);
CREATE INDEX help_tickets_client ON help_tickets(client_key, created_at);
CREATE INDEX help_tickets_owner ON help_tickets(content_owner, created_at);
CREATE INDEX help_tickets_requester ON help_tickets(requester_id, created_at);

-- The conversation on a ticket: the filer's description comes first as the ticket itself,
-- then agents' replies and the filer's answers. `from_agent` marks an agent's message.
CREATE TABLE help_ticket_messages (
    id BLOB PRIMARY KEY,
    ticket_id BLOB NOT NULL REFERENCES help_tickets(id) ON DELETE CASCADE,
    author_id BLOB REFERENCES users(id) ON DELETE SET NULL,
    from_agent BOOLEAN NOT NULL,
    body TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX help_ticket_messages_ticket ON help_ticket_messages(ticket_id, at);

-- Every agent action: who did what, on which ticket, for whom, when. `region_id` is the
-- ticket's region, for the AREF admins' view.
CREATE TABLE agent_audit_log (
    id BLOB PRIMARY KEY,
    actor_id BLOB REFERENCES users(id) ON DELETE SET NULL,
    action TEXT NOT NULL CHECK (action IN ('take', 'reply', 'ask_information', 'resolve',
        'escalate', 'unlock', 'one_time_code', 'resend_link')),
    ticket_id BLOB REFERENCES help_tickets(id) ON DELETE SET NULL,
    target_id BLOB REFERENCES users(id) ON DELETE SET NULL,
    region_id BLOB REFERENCES regions(id),
    at TEXT NOT NULL
);
CREATE INDEX agent_audit_log_region ON agent_audit_log(region_id, at);
CREATE INDEX agent_audit_log_at ON agent_audit_log(at);
