-- Packs the platform serves to school nodes over HTTP (`GET /sync/packs…`): the files are
-- in the platform's packs folder (`<packs_dir>/<pack id>/`); this row says whom a pack is
-- for. A pack built for a school carries its accounts and is served to that school's nodes
-- only; one built for no school (content only) to every node.
CREATE TABLE published_packs (
    pack_id BLOB PRIMARY KEY,
    school_id BLOB REFERENCES schools(id),
    built_at TEXT NOT NULL,
    base_pack_id BLOB,
    total_bytes BIGINT NOT NULL CHECK (total_bytes >= 0),
    published_at TEXT NOT NULL
);
CREATE INDEX published_packs_school ON published_packs(school_id, built_at);
