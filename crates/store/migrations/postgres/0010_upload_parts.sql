-- The acknowledged chunks of each upload: which part in the media store holds which bytes.
-- A row is written in the transaction that moves the upload's offset, so the join reads
-- exactly the acknowledged parts (each stored under a key of its own), never a listing in
-- which a refused racer's part may stand in for the acknowledged one. The key allows one
-- part per offset.
CREATE TABLE upload_parts (
    upload_id UUID NOT NULL REFERENCES uploads(id) ON DELETE CASCADE,
    from_byte BIGINT NOT NULL,
    to_byte BIGINT NOT NULL CHECK (to_byte > from_byte),
    part_key TEXT NOT NULL,
    PRIMARY KEY (upload_id, from_byte)
);
-- Uploads under way have no parts recorded: their clients start again from byte 0 (they
-- are told so at their next chunk); the old parts go with the upload's folder.
UPDATE uploads SET received_bytes = 0;
