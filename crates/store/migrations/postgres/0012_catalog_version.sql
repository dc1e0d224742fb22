-- A counter that every change to the catalog a node holds in memory moves forward: units,
-- lessons, capsules, their files, exercise sets, and schools (a capsule carries its school's
-- region). Triggers move it, so no write path can forget; each node compares it with the
-- version of its copy and reloads when they differ (crates/web/src/catalog_cache.rs).
CREATE TABLE catalog_version (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO catalog_version (id, version) VALUES (1, 1);

CREATE FUNCTION note_catalog_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE catalog_version SET version = version + 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER units_catalog AFTER INSERT OR UPDATE OR DELETE ON units
    FOR EACH STATEMENT EXECUTE FUNCTION note_catalog_change();
CREATE TRIGGER lessons_catalog AFTER INSERT OR UPDATE OR DELETE ON lessons
    FOR EACH STATEMENT EXECUTE FUNCTION note_catalog_change();
CREATE TRIGGER capsules_catalog AFTER INSERT OR UPDATE OR DELETE ON capsules
    FOR EACH STATEMENT EXECUTE FUNCTION note_catalog_change();
CREATE TRIGGER capsule_files_catalog AFTER INSERT OR UPDATE OR DELETE ON capsule_files
    FOR EACH STATEMENT EXECUTE FUNCTION note_catalog_change();
CREATE TRIGGER exercise_sets_catalog AFTER INSERT OR UPDATE OR DELETE ON exercise_sets
    FOR EACH STATEMENT EXECUTE FUNCTION note_catalog_change();
CREATE TRIGGER schools_catalog AFTER UPDATE OF region_id OR DELETE ON schools
    FOR EACH STATEMENT EXECUTE FUNCTION note_catalog_change();
