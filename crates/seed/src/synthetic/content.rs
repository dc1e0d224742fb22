//! What the generated pupils of a level work on: its true/false items and its capsules,
//! with a short practice set made when the level has no such items.

use lawha_core::exercise::{Item, ItemKind};
use lawha_core::import::ClassLevel;
use lawha_store::catalog::curriculum::Titles;
use lawha_store::learning::exercises::{NewExerciseSet, SetMode, StoredItem};
use lawha_store::Store;
use uuid::Uuid;

use crate::Result;

/// The content of one level.
pub(super) struct LevelContent {
    /// True/false items only: a generated answer is right or wrong by the pupil's ability.
    pub items: Vec<StoredItem>,
    pub capsules: Vec<Uuid>,
}

/// The items and capsules of a level; a short practice set is made on its first lesson
/// when the level has no items (and a unit and lesson when it has no lessons).
pub(super) async fn of_level(store: &Store, level: &str) -> Result<LevelContent> {
    let mut lessons = Vec::new();
    for (subject, _) in store.catalog().subjects_with_units(level).await? {
        for unit in store.catalog().units_with_lessons(level, &subject).await? {
            lessons.extend(unit.lessons);
        }
    }
    let first_lesson = match lessons.first() {
        Some(lesson) => lesson.id,
        None => {
            let titles = Titles {
                ar: "مراجعة".into(),
                fr: "Révision".into(),
            };
            let unit = store
                .catalog()
                .create_unit(&ClassLevel::Level(level.into()), "MATH", &titles)
                .await?;
            let lesson = store.catalog().create_lesson(unit.id, &titles).await?;
            let id = lesson.id;
            lessons.push(lesson);
            id
        }
    };
    let ids: Vec<Uuid> = lessons.iter().map(|l| l.id).collect();
    let capsules = store
        .catalog()
        .capsules_of_lessons(&ids, false)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect();
    let mut items = Vec::new();
    for lesson in &lessons {
        // Practice only: generated pupils answer an item many times, past a quiz's attempts.
        let sets = store.catalog().sets_of_lesson(lesson.id).await?;
        for set in sets.iter().filter(|s| s.mode == SetMode::Practice) {
            items.extend(
                store
                    .catalog()
                    .set_items(set.id)
                    .await?
                    .into_iter()
                    .filter(|i| matches!(i.item.kind, ItemKind::TrueFalse { .. })),
            );
        }
    }
    if items.is_empty() {
        items = practice_set(store, first_lesson).await?;
    }
    Ok(LevelContent { items, capsules })
}

/// Four true/false statements on a lesson.
async fn practice_set(store: &Store, lesson_id: Uuid) -> Result<Vec<StoredItem>> {
    let set = store
        .catalog()
        .create_exercise_set(&NewExerciseSet {
            lesson_id,
            titles: Titles {
                ar: "تمارين سريعة".into(),
                fr: "Exercices rapides".into(),
            },
            mode: SetMode::Practice,
            max_attempts: None,
            created_by: None,
        })
        .await?;
    let made: Vec<Item> = (1..=4)
        .map(|n| {
            Item::new(
                format!("Affirmation {n} : vrai ou faux ?"),
                ItemKind::TrueFalse {
                    answer: n % 2 == 0,
                    feedback_true: None,
                    feedback_false: None,
                },
            )
        })
        .collect();
    Ok(store.catalog().add_items(set.id, &made).await?)
}
