-- Answer ingest: the foreign keys of learner_events on users, exercise_sets and exercise_items
-- ran one trigger query per key per row, which halved batched ingest. The store now checks
-- the pupils and (item, set) pairs of each batch in a few statements inside the inserting
-- transaction (stricter: the item must belong to the set), and nothing ever deletes a user,
-- set or item (they are deactivated or withdrawn), so no event can lose its referent later.
-- Watch events still meet a foreign key on users: each one upserts its capsule_views row.
-- SQLite keeps its foreign keys: there a check is one index probe, not a query.
ALTER TABLE learner_events DROP CONSTRAINT learner_events_user_id_fkey;
ALTER TABLE learner_events DROP CONSTRAINT learner_events_set_id_fkey;
ALTER TABLE learner_events DROP CONSTRAINT learner_events_item_id_fkey;
