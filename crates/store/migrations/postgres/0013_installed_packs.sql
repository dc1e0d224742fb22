-- The offline packs a school node applied (store/src/schoolbag): which pack, built when,
-- applied when, and how many rows of each table it wrote (JSON). Applying the same pack
-- again keeps its first row, so the node's pack version is the newest `built_at`.
CREATE TABLE installed_packs (
    pack_id UUID PRIMARY KEY,
    format_version INTEGER NOT NULL,
    built_at TIMESTAMPTZ NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL,
    summary TEXT NOT NULL
);
CREATE INDEX installed_packs_built ON installed_packs(built_at);
