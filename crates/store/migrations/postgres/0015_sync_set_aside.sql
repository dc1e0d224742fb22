-- Events and account edits a node sent that the platform set aside rather than applied
-- (store/src/sync/receive): an event about a person who holds no grant in the node's school
-- (a pupil who moved school after answering on the node), an edit of an account the
-- platform does not place in that school, or of one whose rights reach beyond it. The rest
-- of the batch is applied and acknowledged, so the node's queue moves on; what was set
-- aside is kept here whole, once however often it is sent, for an administrator to see.
CREATE TABLE sync_set_aside (
    node_id UUID NOT NULL REFERENCES school_nodes(id),
    kind TEXT NOT NULL CHECK (kind IN ('answer', 'watch', 'account')),
    -- The event's id, or for an account edit the account's id.
    item_id UUID NOT NULL,
    -- No foreign key: the node may name a person the platform does not know.
    person_id UUID NOT NULL,
    -- When the event happened, or when the edit was made (an edit has no id of its own).
    occurred_at TIMESTAMPTZ NOT NULL,
    reason TEXT NOT NULL CHECK (reason IN ('person-outside-school', 'account-beyond-school', 'item-not-on-platform')),
    -- The event or edit as the node sent it, as JSON.
    payload TEXT NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (node_id, kind, item_id, occurred_at)
);
