-- Sync between school nodes and the platform (SQLite flavour).
--
-- Platform side: the registry of school nodes, each with its own Ed25519 public key, the
-- batches already applied (a batch sent again is answered from here and changes nothing),
-- and the audit of account edits made on both sides (the later edit wins, the other is kept).
-- Node side: `sync_state`, what the platform acknowledged. The node's outbox is
-- `learner_events` itself, read in rowid order: SQLite's writers take turns, so rowids
-- grow in commit order, whatever ids the events carry.

CREATE TABLE school_nodes (
    id BLOB PRIMARY KEY,
    school_id BLOB NOT NULL REFERENCES schools(id),
    name TEXT NOT NULL,
    public_key BLOB NOT NULL UNIQUE CHECK (length(public_key) = 32),
    registered_by BLOB NOT NULL REFERENCES users(id),
    registered_at TEXT NOT NULL,
    revoked_at TEXT,
    last_contact_at TEXT,
    last_pack_id TEXT,
    last_backlog BIGINT,
    last_app_version TEXT
);
CREATE INDEX school_nodes_school ON school_nodes(school_id);

CREATE TABLE sync_received_batches (
    batch_id BLOB PRIMARY KEY,
    node_id BLOB NOT NULL REFERENCES school_nodes(id),
    -- The acknowledgement sent back, as JSON: a replay gets the same answer.
    ack TEXT NOT NULL,
    received_at TEXT NOT NULL
);

CREATE TABLE account_edit_conflicts (
    id BLOB PRIMARY KEY,
    user_id BLOB NOT NULL REFERENCES users(id),
    node_id BLOB NOT NULL REFERENCES school_nodes(id),
    kept TEXT NOT NULL CHECK (kept IN ('platform', 'node')),
    -- The losing version of the fields, as JSON.
    lost TEXT NOT NULL,
    lost_edited_at TEXT NOT NULL,
    kept_edited_at TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    -- The same conflict sent again (a batch resent after a lost answer) is kept once.
    UNIQUE (user_id, kept, lost_edited_at, kept_edited_at)
);

CREATE TABLE sync_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
