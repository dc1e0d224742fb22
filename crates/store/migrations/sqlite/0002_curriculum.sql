-- Curriculum (SQLite flavour): the units and lessons of a subject at a school level, or of a vocational or
-- preparatory programme. Capsules and exercise sets hang on lessons.

CREATE TABLE units (
    id BLOB PRIMARY KEY,
    level_code TEXT REFERENCES levels(code),
    programme_code TEXT REFERENCES programmes(code),
    subject_code TEXT NOT NULL REFERENCES subjects(code),
    position INTEGER NOT NULL,
    title_ar TEXT NOT NULL,
    title_fr TEXT NOT NULL,
    created_at TEXT NOT NULL,
    CHECK ((level_code IS NULL) <> (programme_code IS NULL))
);
CREATE INDEX units_level_subject ON units(level_code, subject_code, position);
CREATE INDEX units_programme_subject ON units(programme_code, subject_code, position);

CREATE TABLE lessons (
    id BLOB PRIMARY KEY,
    unit_id BLOB NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title_ar TEXT NOT NULL,
    title_fr TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX lessons_unit ON lessons(unit_id, position);
