//! The parts of a rollup batch that read beyond the batch: the mastery of each lesson a
//! pupil answered in (from the review cards, which the answer's own transaction updated),
//! and the completion of the pupils' open assignments. Macros expanded inside
//! `apply_rollups`'s transaction, for the reason given at `insert_grant!`.

use lawha_core::mastery::Mastery;

/// The stored code of a mastery state; 0 (not started) is never counted.
pub(super) fn state_code(m: Mastery) -> i16 {
    match m {
        Mastery::NotStarted => 0,
        Mastery::Struggling => 1,
        Mastery::InProgress => 2,
        Mastery::Mastered => 3,
    }
}

/// Recomputes the mastery of the (pupil, lesson) pairs answered in the batch and moves the
/// scope counters from the old state to the new one.
macro_rules! fold_mastery {
    ($tx:ident, $d:expr, $placements:expr, $items:expr) => {{
        let pairs: Vec<(Uuid, Uuid)> = $d.touched_lessons.iter().copied().collect();
        if !pairs.is_empty() {
            let users: Vec<Uuid> = pairs.iter().map(|p| p.0).collect::<HashSet<_>>().into_iter().collect();
            let lessons: Vec<Uuid> = pairs.iter().map(|p| p.1).collect::<HashSet<_>>().into_iter().collect();
            let mut item_counts: HashMap<Uuid, i64> = HashMap::new();
            for chunk in lessons.chunks(ROWS) {
                let sql = format!(
                    "SELECT s.lesson_id, COUNT(*) FROM exercise_items i JOIN exercise_sets s ON s.id = i.set_id
                     WHERE s.lesson_id IN ({}) GROUP BY s.lesson_id", marks(1, chunk.len()));
                let mut q = sqlx::query_as::<_, (Uuid, i64)>(&sql);
                for id in chunk { q = q.bind(*id); }
                item_counts.extend(q.fetch_all(&mut *$tx).await?);
            }
            let mut scores: HashMap<(Uuid, Uuid), Vec<f64>> = HashMap::new();
            let mut old: HashMap<(Uuid, Uuid), i16> = HashMap::new();
            for users_chunk in users.chunks(ROWS / 2) {
                for lessons_chunk in lessons.chunks(ROWS / 2) {
                    let (u, l) = (marks(1, users_chunk.len()), marks(users_chunk.len() + 1, lessons_chunk.len()));
                    let sql = format!(
                        "SELECT rc.user_id, s.lesson_id, rc.last_score FROM review_cards rc
                         JOIN exercise_items i ON i.id = rc.item_id JOIN exercise_sets s ON s.id = i.set_id
                         WHERE rc.user_id IN ({u}) AND s.lesson_id IN ({l})");
                    let mut q = sqlx::query_as::<_, (Uuid, Uuid, f64)>(&sql);
                    for id in users_chunk.iter().chain(lessons_chunk) { q = q.bind(*id); }
                    for (user, lesson, score) in q.fetch_all(&mut *$tx).await? {
                        scores.entry((user, lesson)).or_default().push(score);
                    }
                    let sql = format!(
                        "SELECT user_id, lesson_id, state FROM pupil_lessons
                         WHERE user_id IN ({u}) AND lesson_id IN ({l})");
                    let mut q = sqlx::query_as::<_, (Uuid, Uuid, i16)>(&sql);
                    for id in users_chunk.iter().chain(lessons_chunk) { q = q.bind(*id); }
                    for (user, lesson, state) in q.fetch_all(&mut *$tx).await? {
                        old.insert((user, lesson), state);
                    }
                }
            }
            let subjects: HashMap<Uuid, String> = $items.values().map(|p| (p.lesson, p.subject.clone())).collect();
            let mut counts: std::collections::BTreeMap<(String, String, String, String, i16), i64> = Default::default();
            let mut changed: Vec<(Uuid, Uuid, i16)> = Vec::new();
            for (user, lesson) in pairs {
                let Some(place) = $placements.get(&user) else { continue };
                let items = usize::try_from(item_counts.get(&lesson).copied().unwrap_or(0)).unwrap_or(0);
                let latest = scores.get(&(user, lesson)).map(Vec::as_slice).unwrap_or(&[]);
                let state = self::mastery::state_code(lawha_core::mastery::Mastery::of(items, latest));
                let before = old.get(&(user, lesson)).copied();
                if before == Some(state) || (before.is_none() && state == 0) {
                    continue;
                }
                changed.push((user, lesson, state));
                let subject = subjects.get(&lesson).cloned().unwrap_or_default();
                for (scope, parent) in place.scopes() {
                    let key = |s: i16| (scope.clone(), parent.clone(), place.level.clone(), subject.clone(), s);
                    if let Some(b) = before.filter(|b| *b != 0) {
                        *counts.entry(key(b)).or_default() -= 1;
                    }
                    if state != 0 {
                        *counts.entry(key(state)).or_default() += 1;
                    }
                }
            }
            for chunk in changed.chunks(ROWS) {
                let mut q = sqlx::QueryBuilder::new("INSERT INTO pupil_lessons (user_id, lesson_id, state) ");
                q.push_values(chunk, |mut r, (u, l, s)| { r.push_bind(*u).push_bind(*l).push_bind(*s); });
                q.push(" ON CONFLICT (user_id, lesson_id) DO UPDATE SET state = excluded.state");
                q.build().execute(&mut *$tx).await?;
            }
            let counts: Vec<_> = counts.into_iter().filter(|(_, n)| *n != 0).collect();
            for chunk in counts.chunks(ROWS) {
                let mut q = sqlx::QueryBuilder::new(
                    "INSERT INTO mastery_counts (scope_key, parent_key, level_code, subject_code, state, pupil_lessons) ");
                q.push_values(chunk, |mut r, ((scope, parent, level, subject, state), n)| {
                    r.push_bind(scope.as_str()).push_bind(parent.as_str()).push_bind(level.as_str())
                        .push_bind(subject.as_str()).push_bind(*state).push_bind(*n);
                });
                q.push(" ON CONFLICT (scope_key, level_code, subject_code, state) DO UPDATE SET
                    pupil_lessons = mastery_counts.pupil_lessons + excluded.pupil_lessons");
                q.build().execute(&mut *$tx).await?;
            }
        }
    }};
}

/// Marks the open assignments the batch's activity completed: a capsule watched to the
/// end, or every item of a set answered. `$at`: when they are marked done.
macro_rules! complete_assignments {
    ($tx:ident, $d:expr, $placements:expr, $at:expr) => {{
        let users: Vec<Uuid> = $d.active_users.iter().copied().collect();
        let mut open: Vec<(Uuid, Uuid, String, Option<Uuid>, Option<Uuid>)> = Vec::new();
        for chunk in users.chunks(ROWS) {
            let sql = format!(
                "SELECT ap.assignment_id, ap.user_id, a.kind, a.capsule_id, a.set_id
                 FROM assignment_pupils ap JOIN assignments a ON a.id = ap.assignment_id
                 WHERE ap.completed_at IS NULL AND ap.user_id IN ({})", marks(1, chunk.len()));
            let mut q = sqlx::query_as::<_, (Uuid, Uuid, String, Option<Uuid>, Option<Uuid>)>(&sql);
            for id in chunk { q = q.bind(*id); }
            open.extend(q.fetch_all(&mut *$tx).await?);
        }
        let mut counts: std::collections::BTreeMap<(String, String, String), i64> = Default::default();
        let at = $at;
        for (assignment, user, kind, capsule, set) in open {
            let done: bool = match (kind.as_str(), capsule, set) {
                ("capsule", Some(capsule), _) => sqlx::query_scalar::<_, bool>(
                    "SELECT completed FROM pupil_capsules WHERE user_id = $1 AND capsule_id = $2")
                    .bind(user).bind(capsule).fetch_optional(&mut *$tx).await?.unwrap_or(false),
                ("set", _, Some(set)) => {
                    let answered: i64 = sqlx::query_scalar(
                        "SELECT COUNT(DISTINCT item_id) FROM learner_events
                         WHERE user_id = $1 AND set_id = $2 AND kind = 'answer'")
                        .bind(user).bind(set).fetch_one(&mut *$tx).await?;
                    let items: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM exercise_items WHERE set_id = $1")
                        .bind(set).fetch_one(&mut *$tx).await?;
                    items > 0 && answered >= items
                }
                _ => false,
            };
            if !done {
                continue;
            }
            sqlx::query("UPDATE assignment_pupils SET completed_at = $3 WHERE assignment_id = $1 AND user_id = $2")
                .bind(assignment).bind(user).bind(at).execute(&mut *$tx).await?;
            if let Some(place) = $placements.get(&user) {
                for (scope, parent) in place.scopes() {
                    *counts.entry((scope, parent, place.level.clone())).or_default() += 1;
                }
            }
        }
        let counts: Vec<_> = counts.into_iter().collect();
        for chunk in counts.chunks(ROWS) {
            let mut q = sqlx::QueryBuilder::new(
                "INSERT INTO assignment_counts (scope_key, parent_key, level_code, assigned, completed) ");
            q.push_values(chunk, |mut r, ((scope, parent, level), n)| {
                r.push_bind(scope.as_str()).push_bind(parent.as_str()).push_bind(level.as_str())
                    .push_bind(0_i64).push_bind(*n);
            });
            q.push(" ON CONFLICT (scope_key, level_code) DO UPDATE SET
                completed = assignment_counts.completed + excluded.completed");
            q.build().execute(&mut *$tx).await?;
        }
    }};
}
