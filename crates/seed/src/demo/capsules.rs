//! The demo's capsules: every school level and programme gets a short review unit where
//! it has none, and its first lessons of each subject get a capsule in each language they
//! are titled in, all playing the clip shipped with the binary (`lawha_media::demo`). One
//! capsule of 1AC maths is left ready but unpublished, for the producer account to publish.
//! Their texts are in `data/demo/capsules.toml`. Idempotent: capsules are keyed by their
//! `demo-…` reference.

use lawha_core::capsule::{split_tags, ValidCapsule};
use lawha_core::import::ClassLevel;
use lawha_core::{reference, Locale};
use lawha_store::catalog::capsules::NewCapsule;
use lawha_store::catalog::curriculum::Lesson;
use lawha_store::media_jobs::media::{NewMedia, TranscodeResult};
use lawha_store::Store;
use serde::Deserialize;

use crate::data::{parse, Title};
use crate::Result;

/// The processed clip every demo capsule plays, already in the media store.
#[derive(Debug, Clone)]
pub struct DemoClip {
    pub source_key: String,
    pub output_prefix: String,
    pub manifest_json: String,
    pub report_json: String,
    pub compliant: bool,
    pub duration_ms: i64,
}

/// `data/demo/capsules.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CapsuleData {
    per_subject: usize,
    unpublished: String,
    teachers: Vec<String>,
    review_unit: ReviewUnit,
    texts: Texts,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReviewUnit {
    subject: String,
    title: Title,
    lessons: Vec<Title>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Texts {
    ar: Text,
    fr: Text,
}

/// A capsule's texts in one language; `{lesson}` stands for the lesson's title.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Text {
    title: String,
    description: String,
    tags: String,
}

fn capsule_data() -> Result<CapsuleData> {
    parse(
        "demo/capsules.toml",
        include_str!("../../data/demo/capsules.toml"),
    )
}

/// Seeds the capsules; returns how many were created (0 on a second run).
pub async fn seed_capsules(store: &Store, clip: &DemoClip) -> Result<usize> {
    let data = capsule_data()?;
    let mut created = 0;
    let mut codes: Vec<(ClassLevel, String)> = reference::levels()
        .iter()
        .map(|l| (ClassLevel::Level(l.code.clone()), l.code.clone()))
        .collect();
    codes.extend(
        reference::programmes()
            .iter()
            .map(|p| (ClassLevel::Programme(p.code.clone()), p.code.clone())),
    );
    for (index, (level, code)) in codes.iter().enumerate() {
        for (subject, lessons) in lessons_of(store, &data.review_unit, level, code).await? {
            for (n, lesson) in lessons.iter().take(data.per_subject).enumerate() {
                // A capsule in each language the lesson has a title in.
                let languages = [
                    (Locale::Ar, &lesson.title_ar),
                    (Locale::Fr, &lesson.title_fr),
                ];
                for (language, _) in languages.iter().filter(|(_, title)| !title.is_empty()) {
                    let reference = format!(
                        "demo-{}-{}-{}-{}",
                        code.to_lowercase(),
                        subject.to_lowercase(),
                        n + 1,
                        language.code()
                    );
                    if store.catalog().capsule_by_ref(&reference).await?.is_some() {
                        continue;
                    }
                    let turn = index + n + usize::from(*language == Locale::Fr);
                    let teacher = data
                        .teachers
                        .get(turn % data.teachers.len().max(1))
                        .map_or("", String::as_str);
                    let capsule = store
                        .catalog()
                        .create_capsule(&NewCapsule {
                            lesson_id: lesson.id,
                            fields: describe(&data.texts, lesson, *language, teacher),
                            school_id: None,
                            external_ref: Some(reference.clone()),
                            created_by: None,
                        })
                        .await?;
                    attach(store, capsule.id, clip).await?;
                    if reference != data.unpublished {
                        store.catalog().publish_capsule(capsule.id).await?;
                    }
                    created += 1;
                }
            }
        }
    }
    Ok(created)
}

/// The lessons of a level per subject, in curriculum order; the review unit is added to
/// levels that have none, so that every level shows capsules.
async fn lessons_of(
    store: &Store,
    review: &ReviewUnit,
    level: &ClassLevel,
    code: &str,
) -> Result<Vec<(String, Vec<Lesson>)>> {
    let mut subjects = store.catalog().subjects_with_units(code).await?;
    if subjects.is_empty() {
        let unit = store
            .catalog()
            .create_unit(level, &review.subject, &review.title.titles())
            .await?;
        for lesson in &review.lessons {
            store
                .catalog()
                .create_lesson(unit.id, &lesson.titles())
                .await?;
        }
        subjects = store.catalog().subjects_with_units(code).await?;
    }
    let mut found = Vec::new();
    for (subject, _) in subjects {
        let lessons = store
            .catalog()
            .units_with_lessons(code, &subject)
            .await?
            .into_iter()
            .flat_map(|u| u.lessons)
            .collect();
        found.push((subject, lessons));
    }
    Ok(found)
}

fn describe(texts: &Texts, lesson: &Lesson, language: Locale, teacher: &str) -> ValidCapsule {
    let (text, title) = match language {
        Locale::Ar => (&texts.ar, &lesson.title_ar),
        Locale::Fr => (&texts.fr, &lesson.title_fr),
    };
    let fill = |template: &str| template.replace("{lesson}", title);
    let (title, description) = (fill(&text.title), fill(&text.description));
    let (title_ar, title_fr, description_ar, description_fr) = match language {
        Locale::Ar => (title, String::new(), description, String::new()),
        Locale::Fr => (String::new(), title, String::new(), description),
    };
    ValidCapsule {
        title_ar,
        title_fr,
        description_ar,
        description_fr,
        language,
        teacher: teacher.into(),
        tags: split_tags(&text.tags).unwrap_or_default(),
    }
}

async fn attach(store: &Store, capsule_id: uuid::Uuid, clip: &DemoClip) -> Result<()> {
    store
        .media_jobs()
        .attach_ready_media(
            &NewMedia {
                capsule_id,
                id: lawha_core::new_id(),
                source_key: clip.source_key.clone(),
                source_name: "lawha-demo.mp4".into(),
                source_bytes: 0,
                source_sha256: String::new(),
                output_prefix: clip.output_prefix.clone(),
                created_by: None,
            },
            &TranscodeResult {
                manifest_json: clip.manifest_json.clone(),
                report_json: clip.report_json.clone(),
                compliant: clip.compliant,
                duration_ms: clip.duration_ms,
            },
        )
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capsule_texts_name_their_lesson() {
        let data = capsule_data().unwrap_or_else(|e| panic!("{e}"));
        assert!(!data.teachers.is_empty());
        for text in [&data.texts.ar, &data.texts.fr] {
            assert!(text.title.contains("{lesson}"), "{}", text.title);
            assert!(
                text.description.contains("{lesson}"),
                "{}",
                text.description
            );
            assert!(split_tags(&text.tags).is_ok_and(|tags| !tags.is_empty()));
        }
    }
}
