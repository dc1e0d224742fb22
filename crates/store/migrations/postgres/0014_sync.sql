-- Sync between school nodes and the platform (PostgreSQL flavour).
--
-- Platform side: the registry of school nodes, each with its own Ed25519 public key, the
-- batches already applied (a batch sent again is answered from here and changes nothing),
-- and the audit of account edits made on both sides (the later edit wins, the other is kept).
-- Node side: `sync_state`, what the platform acknowledged, and `learner_events.local_seq`,
-- the order the outbox is read in (SQLite reads its rowid instead). A sequence value is
-- taken before commit, so the outbox read first waits for inserts in flight (a SHARE lock
-- on learner_events) and no later commit can carry a smaller value than one already read.

CREATE TABLE school_nodes (
    id UUID PRIMARY KEY,
    school_id UUID NOT NULL REFERENCES schools(id),
    name TEXT NOT NULL,
    public_key BYTEA NOT NULL UNIQUE CHECK (length(public_key) = 32),
    registered_by UUID NOT NULL REFERENCES users(id),
    registered_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ,
    last_contact_at TIMESTAMPTZ,
    last_pack_id TEXT,
    last_backlog BIGINT,
    last_app_version TEXT
);
CREATE INDEX school_nodes_school ON school_nodes(school_id);

CREATE TABLE sync_received_batches (
    batch_id UUID PRIMARY KEY,
    node_id UUID NOT NULL REFERENCES school_nodes(id),
    -- The acknowledgement sent back, as JSON: a replay gets the same answer.
    ack TEXT NOT NULL,
    received_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE account_edit_conflicts (
    id UUID PRIMARY KEY,
    user_id UUID NOT NULL REFERENCES users(id),
    node_id UUID NOT NULL REFERENCES school_nodes(id),
    kept TEXT NOT NULL CHECK (kept IN ('platform', 'node')),
    -- The losing version of the fields, as JSON.
    lost TEXT NOT NULL,
    lost_edited_at TIMESTAMPTZ NOT NULL,
    kept_edited_at TIMESTAMPTZ NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    -- The same conflict sent again (a batch resent after a lost answer) is kept once.
    UNIQUE (user_id, kept, lost_edited_at, kept_edited_at)
);

CREATE TABLE sync_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

ALTER TABLE learner_events ADD COLUMN local_seq BIGSERIAL;
CREATE UNIQUE INDEX learner_events_local_seq ON learner_events(local_seq);
