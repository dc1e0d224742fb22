//! The demo curriculum: units and lessons, and exercise sets imported from GIFT files.

use lawha_core::exercise::gift;
use lawha_store::learning::exercises::{NewExerciseSet, SetMode};
use lawha_store::Store;

use super::data::{Curriculum, SetSeed};
use crate::{Result, SeedError};

pub(super) async fn seed(store: &Store, curriculum: &Curriculum) -> Result<()> {
    for seed in &curriculum.units {
        let unit = store
            .catalog()
            .create_unit(
                &seed.taught.class_level(),
                &seed.subject,
                &seed.title.titles(),
            )
            .await?;
        for lesson in &seed.lessons {
            store
                .catalog()
                .create_lesson(unit.id, &lesson.titles())
                .await?;
        }
    }
    for seed in &curriculum.exercise_sets {
        seed_set(store, seed).await?;
    }
    Ok(())
}

async fn seed_set(store: &Store, seed: &SetSeed) -> Result<()> {
    let units = store
        .catalog()
        .units_with_lessons(&seed.level, &seed.subject)
        .await?;
    let lesson = units
        .iter()
        .find(|u| u.unit.position == seed.unit)
        .and_then(|u| u.lessons.iter().find(|l| l.position == seed.lesson))
        .ok_or_else(|| {
            SeedError::data(
                "demo/curriculum.toml",
                format!("no lesson for the set {}", seed.file),
            )
        })?;
    let questions = gift::parse_gift(seed.gift()?)
        .map_err(|e| SeedError::data("demo/curriculum.toml", format!("{}: {e}", seed.file)))?;
    let mode = seed.mode()?;
    let set = store
        .catalog()
        .create_exercise_set(&NewExerciseSet {
            lesson_id: lesson.id,
            titles: seed.title.titles(),
            mode,
            max_attempts: (mode == SetMode::Quiz).then_some(3),
            created_by: None,
        })
        .await?;
    let items: Vec<_> = questions.into_iter().map(|q| q.item).collect();
    store.catalog().add_items(set.id, &items).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::data;
    use super::*;

    fn questions(file: &str) -> Vec<gift::ParsedQuestion> {
        let curriculum = data::curriculum().unwrap_or_else(|e| panic!("{e}"));
        let set = curriculum
            .exercise_sets
            .iter()
            .find(|s| s.file == file)
            .unwrap_or_else(|| panic!("no set {file}"));
        let text = set.gift().unwrap_or_else(|e| panic!("{e}"));
        gift::parse_gift(text).unwrap_or_else(|e| panic!("{file}: {e}"))
    }

    #[test]
    fn demo_exercises_parse() {
        let curriculum = data::curriculum().unwrap_or_else(|e| panic!("{e}"));
        let mut kinds = std::collections::BTreeSet::new();
        for seed in &curriculum.exercise_sets {
            assert!(seed.mode().is_ok(), "{}", seed.file);
            let questions = questions(&seed.file);
            assert!(questions.len() >= 3);
            kinds.extend(questions.iter().map(|q| q.item.kind.name()));
        }
        // The demo shows pupils every kind GIFT can write.
        for kind in [
            "single_choice",
            "multiple_choice",
            "true_false",
            "numeric",
            "short_answer",
            "fill_blanks",
            "matching",
        ] {
            assert!(
                kinds.contains(kind),
                "no demo item of kind {kind}: {kinds:?}"
            );
        }
    }

    #[test]
    fn demo_maths_reaches_the_items_as_latex() {
        // GIFT escapes braces; the stored text must be plain LaTeX for the web to render.
        let fractions = questions("1ac-fractions-ar.gift");
        assert!(fractions[0].item.prompt.contains("\\(\\frac{6}{8}\\)"));
        let lawha_core::exercise::ItemKind::SingleChoice { choices } = &fractions[0].item.kind
        else {
            panic!("the first demo item is a single choice");
        };
        // `\\neq` in the file: GIFT reads `\n` as a line break.
        assert_eq!(
            choices[2].feedback.as_deref(),
            Some("تحقق: \\(2 \\times 4 \\neq 3 \\times 3\\).")
        );
        let limits = questions("2bac-limits-fr.gift");
        assert!(limits[0]
            .item
            .prompt
            .contains("\\lim_{x \\to +\\infty} \\frac{2x + 1}{x - 3}"));
    }
}
