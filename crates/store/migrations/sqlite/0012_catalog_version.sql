-- A counter that every change to the catalog a node holds in memory moves forward: units,
-- lessons, capsules, their files, exercise sets, and schools (a capsule carries its school's
-- region). Triggers move it, so no write path can forget; each node compares it with the
-- version of its copy and reloads when they differ (crates/web/src/catalog_cache.rs).
CREATE TABLE catalog_version (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO catalog_version (id, version) VALUES (1, 1);

CREATE TRIGGER units_inserted_catalog AFTER INSERT ON units BEGIN
    UPDATE catalog_version SET version = version + 1;
END;
CREATE TRIGGER units_updated_catalog AFTER UPDATE ON units BEGIN
    UPDATE catalog_version SET version = version + 1;
END;
CREATE TRIGGER units_deleted_catalog AFTER DELETE ON units BEGIN
    UPDATE catalog_version SET version = version + 1;
END;
CREATE TRIGGER lessons_inserted_catalog AFTER INSERT ON lessons BEGIN
    UPDATE catalog_version SET version = version + 1;
END;
CREATE TRIGGER lessons_updated_catalog AFTER UPDATE ON lessons BEGIN
    UPDATE catalog_version SET version = version + 1;
END;
CREATE TRIGGER lessons_deleted_catalog AFTER DELETE ON lessons BEGIN
    UPDATE catalog_version SET version = version + 1;
END;
CREATE TRIGGER capsules_inserted_catalog AFTER INSERT ON capsules BEGIN
    UPDATE catalog_version SET version = version + 1;
END;
CREATE TRIGGER capsules_updated_catalog AFTER UPDATE ON capsules BEGIN
    UPDATE catalog_version SET version = version + 1;
END;
CREATE TRIGGER capsules_deleted_catalog AFTER DELETE ON capsules BEGIN
    UPDATE catalog_version SET version = version + 1;
END;
CREATE TRIGGER capsule_files_inserted_catalog AFTER INSERT ON capsule_files BEGIN
    UPDATE catalog_version SET version = version + 1;
END;
CREATE TRIGGER capsule_files_updated_catalog AFTER UPDATE ON capsule_files BEGIN
    UPDATE catalog_version SET version = version + 1;
END;
CREATE TRIGGER capsule_files_deleted_catalog AFTER DELETE ON capsule_files BEGIN
    UPDATE catalog_version SET version = version + 1;
END;
CREATE TRIGGER exercise_sets_inserted_catalog AFTER INSERT ON exercise_sets BEGIN
    UPDATE catalog_version SET version = version + 1;
END;
CREATE TRIGGER exercise_sets_updated_catalog AFTER UPDATE ON exercise_sets BEGIN
    UPDATE catalog_version SET version = version + 1;
END;
CREATE TRIGGER exercise_sets_deleted_catalog AFTER DELETE ON exercise_sets BEGIN
    UPDATE catalog_version SET version = version + 1;
END;
CREATE TRIGGER schools_updated_catalog AFTER UPDATE OF region_id ON schools BEGIN
    UPDATE catalog_version SET version = version + 1;
END;
CREATE TRIGGER schools_deleted_catalog AFTER DELETE ON schools BEGIN
    UPDATE catalog_version SET version = version + 1;
END;
