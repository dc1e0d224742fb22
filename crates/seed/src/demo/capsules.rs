//! The demo's capsules: every school level and programme gets a short review unit where
//! it has none, and its first lessons of each subject get a capsule in each language they
//! are titled in, all playing the clip shipped with the binary (`lawha_media::demo`). One
//! capsule of 1AC maths is left ready but unpublished, for the producer account to publish. Idempotent: capsules are keyed by
//! their `demo-…` reference.

use lawha_core::capsule::{split_tags, ValidCapsule};
use lawha_core::import::ClassLevel;
use lawha_core::{reference, Locale};

use crate::capsules::NewCapsule;
use crate::curriculum::{Lesson, Titles};
use crate::media::{NewMedia, TranscodeResult};
use crate::{Result, Store};

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

const TEACHERS: [&str; 6] = [
    "ذ. سعاد العلوي",
    "Mme Nadia Berrada",
    "ذ. يوسف الإدريسي",
    "M. Karim Tazi",
    "ذة. فاطمة الزهراء بناني",
    "Mme Leïla Chraibi",
];

/// Most capsules per subject of a level or programme.
const PER_SUBJECT: usize = 4;

/// The capsule left ready but unpublished (1AC maths, fractions: "Simplifier une fraction").
const UNPUBLISHED: &str = "demo-1ac-math-3-fr";

/// Seeds the capsules; returns how many were created (0 on a second run).
pub async fn seed_capsules(store: &Store, clip: &DemoClip) -> Result<usize> {
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
        for (subject, lessons) in lessons_of(store, level, code).await? {
            for (n, lesson) in lessons.iter().take(PER_SUBJECT).enumerate() {
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
                    if store.capsule_by_ref(&reference).await?.is_some() {
                        continue;
                    }
                    let teacher = TEACHERS
                        [(index + n + usize::from(*language == Locale::Fr)) % TEACHERS.len()];
                    let capsule = store
                        .create_capsule(&NewCapsule {
                            lesson_id: lesson.id,
                            fields: describe(lesson, *language, teacher),
                            school_id: None,
                            external_ref: Some(reference.clone()),
                            created_by: None,
                        })
                        .await?;
                    attach(store, capsule.id, clip).await?;
                    if reference != UNPUBLISHED {
                        store.publish_capsule(capsule.id).await?;
                    }
                    created += 1;
                }
            }
        }
    }
    Ok(created)
}

/// The lessons of a level per subject, in curriculum order; a review unit is added to
/// levels that have none, so that every level shows capsules.
async fn lessons_of(
    store: &Store,
    level: &ClassLevel,
    code: &str,
) -> Result<Vec<(String, Vec<Lesson>)>> {
    let mut subjects = store.subjects_with_units(code).await?;
    if subjects.is_empty() {
        let name = |ar: &str, fr: &str| Titles {
            ar: ar.into(),
            fr: fr.into(),
        };
        let unit = store
            .create_unit(level, "MATH", &name("مراجعة عامة", "Révision générale"))
            .await?;
        for (ar, fr) in [
            ("مراجعة الدروس الأساسية", "Revoir l’essentiel du cours"),
            ("تمارين تطبيقية مصحَّحة", "Exercices d’application corrigés"),
            ("الاستعداد للفرض", "Préparer le contrôle"),
        ] {
            store.create_lesson(unit.id, &name(ar, fr)).await?;
        }
        subjects = store.subjects_with_units(code).await?;
    }
    let mut found = Vec::new();
    for (subject, _) in subjects {
        let lessons = store
            .units_with_lessons(code, &subject)
            .await?
            .into_iter()
            .flat_map(|u| u.lessons)
            .collect();
        found.push((subject, lessons));
    }
    Ok(found)
}

fn describe(lesson: &Lesson, language: Locale, teacher: &str) -> ValidCapsule {
    let (title_ar, title_fr, description_ar, description_fr, tags) = match language {
        Locale::Ar => (
            format!("شرح: {}", lesson.title_ar),
            String::new(),
            format!(
                "كبسولة قصيرة تشرح «{}» خطوة بخطوة، مع أمثلة محلولة.",
                lesson.title_ar
            ),
            String::new(),
            "دعم، مراجعة",
        ),
        Locale::Fr => (
            String::new(),
            format!("Explication : {}", lesson.title_fr),
            String::new(),
            format!(
                "Une courte capsule qui explique « {} » pas à pas, avec des exemples corrigés.",
                lesson.title_fr
            ),
            "soutien, révision",
        ),
    };
    ValidCapsule {
        title_ar,
        title_fr,
        description_ar,
        description_fr,
        language,
        teacher: teacher.into(),
        tags: split_tags(tags).unwrap_or_default(),
    }
}

async fn attach(store: &Store, capsule_id: uuid::Uuid, clip: &DemoClip) -> Result<()> {
    store
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
