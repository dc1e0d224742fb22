-- The language an exercise set is written in (issue 19), like a capsule's. NULL for the
-- sets written before it: the store derives theirs from their items' text when it starts
-- (`Catalog::derive_set_languages`, one rule in `lawha_core::content_language`), and a
-- set still NULL (a schoolbag row from an older server) reads as the language of its title.
ALTER TABLE exercise_sets ADD COLUMN language TEXT CHECK (language IN ('ar', 'fr'));
