-- The capsule player's reports of failed playback (issue 18), which a hotline agent sees
-- on a ticket of the same person: the code (a fixed vocabulary, never free text) and the
-- rendition that was playing. Only the newest 50 of each person are kept (older ones are
-- deleted by the inserting transaction), and a person's reports are throttled there too.
CREATE TABLE playback_errors (
    id UUID PRIMARY KEY,
    user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    capsule_id UUID NOT NULL REFERENCES capsules(id) ON DELETE CASCADE,
    code TEXT NOT NULL CHECK (code IN ('aborted', 'network', 'decode', 'unsupported',
        'hls_network', 'hls_media', 'hls_other')),
    rendition TEXT NOT NULL CHECK (rendition IN ('auto', 'lowest', 'audio', 'mp4', 'saved')),
    at TIMESTAMPTZ NOT NULL
);
CREATE INDEX playback_errors_user ON playback_errors(user_id, at);
