-- Capsules (SQLite flavour): video lessons on curriculum lessons, each uploaded video (media version) with
-- its renditions and broadcast report, the durable job queue that processes them, subtitle
-- and worksheet files, resumable uploads, and what each pupil watched.

CREATE TABLE capsules (
    id BLOB PRIMARY KEY,
    lesson_id BLOB NOT NULL REFERENCES lessons(id),
    -- Stable key of a manifest import (re-running it updates instead of adding).
    external_ref TEXT UNIQUE,
    title_ar TEXT NOT NULL,
    title_fr TEXT NOT NULL,
    description_ar TEXT NOT NULL,
    description_fr TEXT NOT NULL,
    language TEXT NOT NULL CHECK (language IN ('ar', 'fr')),
    teacher TEXT NOT NULL,
    -- JSON array of strings.
    tags TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'processing', 'ready', 'published', 'withdrawn')),
    -- Visible only to the members of one school or establishment when set.
    school_id BLOB REFERENCES schools(id),
    -- The media version that plays (the newest ready one).
    media_id BLOB REFERENCES media_assets(id),
    duration_ms INTEGER,
    -- Plain text of the subtitles, for search.
    transcript TEXT NOT NULL,
    -- Publish as soon as the version being processed is ready (manifest imports).
    publish_when_ready BOOLEAN NOT NULL DEFAULT FALSE,
    created_by BLOB REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    published_at TEXT
);
CREATE INDEX capsules_lesson ON capsules(lesson_id, status);
CREATE INDEX capsules_updated ON capsules(updated_at);
CREATE INDEX capsules_creator ON capsules(created_by, updated_at);

CREATE TABLE media_assets (
    id BLOB PRIMARY KEY,
    capsule_id BLOB NOT NULL REFERENCES capsules(id) ON DELETE CASCADE,
    -- Object keys: the original upload, and the folder of renditions.
    source_key TEXT NOT NULL,
    source_name TEXT NOT NULL,
    source_bytes INTEGER NOT NULL,
    source_sha256 TEXT NOT NULL,
    output_prefix TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'processing', 'ready', 'failed')),
    error_code TEXT,
    error_detail TEXT,
    -- JSON: the renditions (lawha_media::MediaManifest) and the broadcast compliance report.
    manifest TEXT,
    report TEXT,
    compliant BOOLEAN,
    -- The loudness-normalised broadcast master, once exported.
    master_key TEXT,
    created_by BLOB REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX media_assets_capsule ON media_assets(capsule_id, created_at);

CREATE TABLE media_jobs (
    id BLOB PRIMARY KEY,
    asset_id BLOB NOT NULL REFERENCES media_assets(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('transcode', 'master')),
    status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    attempts INTEGER NOT NULL,
    max_attempts INTEGER NOT NULL,
    progress REAL NOT NULL,
    -- A running job whose lease has passed was interrupted (crash, restart): taken again.
    lease_until TEXT,
    worker TEXT,
    error TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    finished_at TEXT
);
CREATE INDEX media_jobs_pick ON media_jobs(status, created_at);
-- At most one pending job of a kind per media version.
CREATE UNIQUE INDEX media_jobs_pending ON media_jobs(asset_id, kind) WHERE status IN ('queued', 'running');

CREATE TABLE capsule_files (
    id BLOB PRIMARY KEY,
    capsule_id BLOB NOT NULL REFERENCES capsules(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('subtitles', 'worksheet')),
    language TEXT NOT NULL CHECK (language IN ('ar', 'fr')),
    name TEXT NOT NULL,
    object_key TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX capsule_files_capsule ON capsule_files(capsule_id);
CREATE UNIQUE INDEX capsule_files_one_subtitle ON capsule_files(capsule_id, language) WHERE kind = 'subtitles';

CREATE TABLE uploads (
    id BLOB PRIMARY KEY,
    user_id BLOB NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    capsule_id BLOB NOT NULL REFERENCES capsules(id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    total_bytes INTEGER NOT NULL,
    received_bytes INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX uploads_updated ON uploads(updated_at);

-- Where each pupil is in each capsule: derived from the watch events, updated in their
-- transaction (resume position, "continue watching").
CREATE TABLE capsule_views (
    user_id BLOB NOT NULL REFERENCES users(id),
    capsule_id BLOB NOT NULL REFERENCES capsules(id) ON DELETE CASCADE,
    position_ms INTEGER NOT NULL,
    watched_pct REAL NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (user_id, capsule_id)
);
CREATE INDEX capsule_views_recent ON capsule_views(user_id, updated_at);

ALTER TABLE learner_events ADD COLUMN capsule_id BLOB REFERENCES capsules(id);
ALTER TABLE users ADD COLUMN data_saver TEXT NOT NULL DEFAULT 'auto' CHECK (data_saver IN ('auto', 'lowest', 'audio'));
