-- Live sessions (issue 17): sessions and their engine room, staff-meeting invitations,
-- attendance events from the engine, recordings on their way to a draft capsule.
-- PostgreSQL flavour. The rules are `lawha_core::live`'s; `crates/store/src/live` applies them.

-- A session: one-off or weekly (`weekly_until`, a local date in `time_zone`), for a class
-- or vocational group (`class_id`), a programme's groups in one establishment (`school_id`
-- + `programme_code`) or staff (`live_invitees`). `school_id`/`region_id` place the
-- audience (the class's or establishment's; NULL for staff meetings). `last_ends_at` is the
-- end of the last occurrence, so overlap checks and listings skip finished series by index.
-- The engine's room id and secret live here and are read only by `Live::engine_room`: no
-- session record carries them, so no page can show them.
CREATE TABLE live_sessions (
    id UUID PRIMARY KEY,
    title TEXT NOT NULL,
    host_id UUID NOT NULL REFERENCES users(id),
    audience TEXT NOT NULL CHECK (audience IN ('class', 'programme', 'staff')),
    class_id UUID REFERENCES classes(id),
    school_id UUID REFERENCES schools(id),
    region_id UUID REFERENCES regions(id),
    programme_code TEXT REFERENCES programmes(code),
    starts_at TIMESTAMPTZ NOT NULL,
    ends_at TIMESTAMPTZ NOT NULL,
    weekly_until TEXT,
    time_zone TEXT NOT NULL,
    last_ends_at TIMESTAMPTZ NOT NULL,
    engine_room_id TEXT,
    engine_secret TEXT,
    engine_failed_at TIMESTAMPTZ,
    engine_failure TEXT,
    created_by UUID NOT NULL REFERENCES users(id),
    created_at TIMESTAMPTZ NOT NULL,
    CHECK (ends_at > starts_at),
    CHECK ((audience = 'class') = (class_id IS NOT NULL)),
    CHECK ((audience = 'programme') = (programme_code IS NOT NULL)),
    CHECK ((audience = 'staff') = (school_id IS NULL)),
    CHECK ((engine_room_id IS NULL) = (engine_secret IS NULL)),
    CHECK ((engine_failed_at IS NULL) = (engine_failure IS NULL))
);
CREATE INDEX live_sessions_host ON live_sessions(host_id, last_ends_at);
CREATE INDEX live_sessions_class ON live_sessions(class_id, last_ends_at);
CREATE INDEX live_sessions_programme ON live_sessions(school_id, programme_code, last_ends_at);

-- A staff meeting's invitations: everyone holding `role` within the scope (`scope_key` as
-- `lawha_core::ScopeKey` writes it; region and school ids denormalised as in grants).
CREATE TABLE live_invitees (
    session_id UUID NOT NULL REFERENCES live_sessions(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    scope_key TEXT NOT NULL,
    region_id UUID REFERENCES regions(id),
    school_id UUID REFERENCES schools(id),
    PRIMARY KEY (session_id, role, scope_key)
);

-- Joins and leaves as the engine reported them, once each: `event_key` is the engine's
-- name for the event, so a repeated callback or poll adds nothing. `occurrence_start` names
-- the occurrence of a weekly series the event belongs to.
CREATE TABLE live_attendance_events (
    session_id UUID NOT NULL REFERENCES live_sessions(id) ON DELETE CASCADE,
    event_key TEXT NOT NULL,
    occurrence_start TIMESTAMPTZ NOT NULL,
    user_id UUID NOT NULL REFERENCES users(id),
    movement TEXT NOT NULL CHECK (movement IN ('join', 'leave')),
    at TIMESTAMPTZ NOT NULL,
    received_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (session_id, event_key)
);
CREATE INDEX live_attendance_occurrence ON live_attendance_events(session_id, occurrence_start);
CREATE INDEX live_attendance_user ON live_attendance_events(user_id);

-- A recording of an occurrence, from the engine's report to a draft capsule: pending,
-- converting, ready (with `capsule_id`, the draft it became) or failed (with its reason,
-- shown on the session page: never lost silently).
CREATE TABLE live_recordings (
    id UUID PRIMARY KEY,
    session_id UUID NOT NULL REFERENCES live_sessions(id) ON DELETE CASCADE,
    occurrence_start TIMESTAMPTZ NOT NULL,
    engine_recording_id TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL CHECK (status IN ('pending', 'converting', 'ready', 'failed')),
    failure TEXT,
    capsule_id UUID REFERENCES capsules(id),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    CHECK ((status = 'failed') = (failure IS NOT NULL)),
    CHECK (status <> 'ready' OR capsule_id IS NOT NULL)
);
CREATE INDEX live_recordings_session ON live_recordings(session_id);
