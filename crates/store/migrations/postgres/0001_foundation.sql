-- Foundation: organisation, people, roles, sessions. PostgreSQL flavour.

CREATE TABLE regions (
    id UUID PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name_ar TEXT NOT NULL,
    name_fr TEXT NOT NULL
);

CREATE TABLE provinces (
    id UUID PRIMARY KEY,
    region_id UUID NOT NULL REFERENCES regions(id),
    code TEXT NOT NULL UNIQUE,
    name_ar TEXT NOT NULL,
    name_fr TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX provinces_region ON provinces(region_id);

CREATE TABLE levels (
    code TEXT PRIMARY KEY,
    cycle TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    name_ar TEXT NOT NULL,
    name_fr TEXT NOT NULL
);

CREATE TABLE subjects (
    code TEXT PRIMARY KEY,
    name_ar TEXT NOT NULL,
    name_fr TEXT NOT NULL
);

CREATE TABLE programmes (
    code TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('vocational', 'preparatory')),
    name_ar TEXT NOT NULL,
    name_fr TEXT NOT NULL
);

CREATE TABLE schools (
    id UUID PRIMARY KEY,
    region_id UUID NOT NULL REFERENCES regions(id),
    province_id UUID NOT NULL REFERENCES provinces(id),
    code TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('school', 'vocational', 'preparatory')),
    name_ar TEXT NOT NULL,
    name_fr TEXT NOT NULL,
    search_text TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX schools_region ON schools(region_id);
CREATE INDEX schools_province ON schools(province_id);

CREATE TABLE classes (
    id UUID PRIMARY KEY,
    school_id UUID NOT NULL REFERENCES schools(id),
    region_id UUID NOT NULL REFERENCES regions(id),
    name TEXT NOT NULL,
    school_year TEXT NOT NULL,
    level_code TEXT REFERENCES levels(code),
    programme_code TEXT REFERENCES programmes(code),
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    UNIQUE (school_id, school_year, name),
    CHECK ((level_code IS NULL) <> (programme_code IS NULL))
);
CREATE INDEX classes_region ON classes(region_id);

CREATE TABLE users (
    id UUID PRIMARY KEY,
    email TEXT UNIQUE,
    pupil_code TEXT UNIQUE,
    display_name TEXT NOT NULL,
    search_text TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    locale TEXT CHECK (locale IN ('ar', 'fr')),
    active BOOLEAN NOT NULL DEFAULT TRUE,
    must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    CHECK (email IS NOT NULL OR pupil_code IS NOT NULL)
);

CREATE TABLE role_grants (
    id UUID PRIMARY KEY,
    user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    scope_key TEXT NOT NULL,
    region_id UUID REFERENCES regions(id),
    school_id UUID REFERENCES schools(id),
    class_id UUID REFERENCES classes(id),
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (user_id, role, scope_key)
);
CREATE INDEX role_grants_user ON role_grants(user_id);
CREATE INDEX role_grants_region ON role_grants(region_id);
CREATE INDEX role_grants_school ON role_grants(school_id);
CREATE INDEX role_grants_class ON role_grants(class_id);

CREATE TABLE class_teachers (
    class_id UUID NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
    user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    subject_code TEXT REFERENCES subjects(code),
    PRIMARY KEY (class_id, user_id)
);
CREATE INDEX class_teachers_user ON class_teachers(user_id);

CREATE TABLE parent_links (
    parent_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    pupil_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (parent_id, pupil_id)
);
CREATE INDEX parent_links_pupil ON parent_links(pupil_id);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expiry ON sessions(expires_at);

CREATE TABLE login_failures (
    id BIGSERIAL PRIMARY KEY,
    throttle_key TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_failures_key ON login_failures(throttle_key, at);
