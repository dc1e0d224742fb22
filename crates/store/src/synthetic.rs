//! A synthetic national dataset for tests, benches and the demo's dashboards: schools in
//! every region, classes at every level, pupils, and days of believable activity (answers
//! and capsule watching) recorded through the same batched paths real traffic uses, then
//! folded into the rollups. Deterministic for a given seed (except ids).
//!
//! Generated pupils cannot sign in (they share one unusable password hash); they exist to
//! be counted. Regions differ in how active their pupils are, so the national map shows
//! contrast.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use lawha_core::exercise::{Item, ItemKind, Response};
use lawha_core::import::ClassLevel;
use lawha_core::{new_id, reference, Scope};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use uuid::Uuid;

use crate::curriculum::Titles;
use crate::exercises::{AnswerEvent, NewExerciseSet, SetMode, StoredItem};
use crate::watching::WatchEvent;
use crate::BeginWrite;
use crate::{ClassInput, Result, SchoolInput, SchoolKind, Store};

/// How big the dataset is.
#[derive(Debug, Clone)]
pub struct SyntheticConfig {
    pub pupils: usize,
    pub pupils_per_class: usize,
    pub classes_per_school: usize,
    /// Days of activity, ending today.
    pub days: i64,
    /// Events a pupil makes on a day they are active (on average).
    pub events_per_active_day: usize,
    pub seed: u64,
    /// Prefix of the generated schools' codes (several datasets can live side by side).
    pub code_prefix: String,
    /// Existing classes that get generated pupils too (the demo teachers' classes).
    pub join_classes: Vec<Uuid>,
}

impl Default for SyntheticConfig {
    fn default() -> Self {
        SyntheticConfig {
            pupils: 1_000,
            pupils_per_class: 30,
            classes_per_school: 4,
            days: 30,
            events_per_active_day: 6,
            seed: 7,
            code_prefix: "SYN".into(),
            join_classes: Vec::new(),
        }
    }
}

/// What was generated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyntheticReport {
    pub schools: usize,
    pub classes: usize,
    pub pupils: usize,
    pub events: u64,
}

const FIRST_NAMES: [&str; 12] = [
    "آدم", "سلمى", "يوسف", "مريم", "أيوب", "هبة", "Yassine", "Inès", "Amine", "Salma", "Rayan",
    "Lina",
];
const LAST_NAMES: [&str; 8] = [
    "العلوي",
    "بنعلي",
    "الإدريسي",
    "التازي",
    "Bennani",
    "Chraibi",
    "Alaoui",
    "Tazi",
];

/// One content a pupil of a level can work on.
struct LevelContent {
    items: Vec<StoredItem>,
    capsules: Vec<Uuid>,
}

/// An unusable password hash: generated pupils are counted, never signed in.
const NO_PASSWORD: &str = "!synthetic";

impl Store {
    /// Generates the dataset and folds it into the rollups (days in `zone`). `progress` is
    /// told the share done, 0..=1.
    pub async fn generate_synthetic(
        &self,
        config: &SyntheticConfig,
        zone: Tz,
        mut progress: impl FnMut(f64) + Send,
    ) -> Result<SyntheticReport> {
        let mut rng = StdRng::seed_from_u64(config.seed);
        let mut report = SyntheticReport::default();
        let regions = self.regions().await?;
        let pupils_per_school = config.pupils_per_class * config.classes_per_school;
        let school_count = config.pupils.div_ceil(pupils_per_school.max(1)).max(1);
        let levels: Vec<String> = reference::levels().iter().map(|l| l.code.clone()).collect();
        let mut classes: Vec<(crate::Class, String)> = Vec::new();
        let mut provinces = Vec::new();
        for (i, region) in regions.iter().enumerate() {
            let code = format!("{}-P{:02}", config.code_prefix, i + 1);
            let province = match self.province_by_code(&code).await {
                Ok(p) => p,
                Err(crate::StoreError::NotFound) => {
                    self.create_province(
                        region.id,
                        &code,
                        &format!("مديرية {}", region.name_ar),
                        &format!("Direction {}", region.name_fr),
                    )
                    .await?
                }
                Err(e) => return Err(e),
            };
            provinces.push(province);
        }
        for s in 0..school_count {
            let province = &provinces[s % provinces.len()];
            let school = self
                .create_school(&SchoolInput {
                    province_id: province.id,
                    code: format!("{}-E{:05}", config.code_prefix, s + 1),
                    kind: SchoolKind::School,
                    name_ar: format!("المؤسسة التعليمية {}", s + 1),
                    name_fr: format!("Établissement {}", s + 1),
                })
                .await?;
            report.schools += 1;
            for c in 0..config.classes_per_school {
                let level = levels[(s * config.classes_per_school + c) % levels.len()].clone();
                let class = self
                    .create_class(&ClassInput {
                        school_id: school.id,
                        name: format!("{level}-{}", c + 1),
                        school_year: "2025-2026".into(),
                        level: ClassLevel::Level(level.clone()),
                    })
                    .await?;
                report.classes += 1;
                classes.push((class, level));
            }
        }
        for id in &config.join_classes {
            let class = self.class(*id).await?;
            let level = class
                .level_code
                .clone()
                .or(class.programme_code.clone())
                .unwrap_or_default();
            classes.push((class, level));
        }
        // Pupils, in bulk.
        let mut pupils: Vec<(Uuid, usize)> = Vec::with_capacity(config.pupils);
        for n in 0..config.pupils {
            pupils.push((new_id(), n % classes.len()));
        }
        self.insert_synthetic_pupils(&pupils, &classes, &config.code_prefix, &mut rng)
            .await?;
        report.pupils = pupils.len();
        // Content per level: the level's items and capsules (some made when a level has none).
        let mut content: std::collections::HashMap<String, LevelContent> = Default::default();
        for (_, level) in &classes {
            if !content.contains_key(level) {
                content.insert(level.clone(), self.level_content(level).await?);
            }
        }
        // Activity: per region a different propensity, per pupil a different ability.
        let today = self.now();
        let total_days = config.days.max(1);
        let mut answers: Vec<AnswerEvent> = Vec::new();
        let mut watches: Vec<WatchEvent> = Vec::new();
        let propensity: Vec<f64> = (0..regions.len())
            .map(|i| 0.25 + 0.5 * ((i * 7) % 12) as f64 / 11.0)
            .collect();
        for (index, (pupil, class_index)) in pupils.iter().enumerate() {
            let (class, level) = &classes[*class_index];
            let region_index = regions
                .iter()
                .position(|r| r.id == class.region_id)
                .unwrap_or(0);
            let ability: f64 = rng.gen_range(0.3..0.95);
            let Some(level_content) = content.get(level) else {
                continue;
            };
            for day in 0..total_days {
                if !rng.gen_bool(propensity[region_index].clamp(0.0, 1.0)) {
                    continue;
                }
                let day_start = today - Duration::days(total_days - 1 - day) - Duration::hours(12);
                for e in 0..config.events_per_active_day {
                    let at: DateTime<Utc> = day_start
                        + Duration::minutes(
                            i64::try_from(e * 7).unwrap_or(0) + rng.gen_range(0..5),
                        );
                    if rng.gen_bool(0.7) && !level_content.items.is_empty() {
                        let item =
                            &level_content.items[rng.gen_range(0..level_content.items.len())];
                        let right = rng.gen_bool(ability);
                        let key =
                            matches!(item.item.kind, ItemKind::TrueFalse { answer: true, .. });
                        let response = Response::TrueFalse {
                            answer: if right { key } else { !key },
                        };
                        if let Ok(correction) = item.item.correct(&response) {
                            answers.push(AnswerEvent {
                                id: new_id(),
                                user_id: *pupil,
                                set_id: item.set_id,
                                item_id: item.id,
                                response,
                                correction,
                                occurred_at: at,
                            });
                        }
                    } else if !level_content.capsules.is_empty() {
                        let capsule =
                            level_content.capsules[rng.gen_range(0..level_content.capsules.len())];
                        let pct = f64::from(rng.gen_range(10_u32..=100));
                        watches.push(WatchEvent {
                            id: new_id(),
                            user_id: *pupil,
                            capsule_id: capsule,
                            position_ms: (pct * 80.0) as i64,
                            watched_pct: pct,
                            occurred_at: at,
                        });
                    }
                }
            }
            if answers.len() + watches.len() >= 5_000 || index + 1 == pupils.len() {
                report.events +=
                    self.record_answers(&answers).await? + self.record_watches(&watches).await?;
                answers.clear();
                watches.clear();
                self.apply_all_rollups(zone, "synthetic").await?;
                progress((index + 1) as f64 / pupils.len() as f64);
            }
        }
        self.refresh_population().await?;
        Ok(report)
    }

    async fn insert_synthetic_pupils(
        &self,
        pupils: &[(Uuid, usize)],
        classes: &[(crate::Class, String)],
        prefix: &str,
        rng: &mut StdRng,
    ) -> Result<()> {
        let at = self.now();
        let rows: Vec<(Uuid, String, String, &crate::Class)> = pupils
            .iter()
            .enumerate()
            .map(|(n, (id, class))| {
                let name = format!(
                    "{} {}",
                    FIRST_NAMES[rng.gen_range(0..FIRST_NAMES.len())],
                    LAST_NAMES[rng.gen_range(0..LAST_NAMES.len())]
                );
                let code: String = format!("{prefix}{n:08}")
                    .chars()
                    .filter(char::is_ascii_alphanumeric)
                    .collect();
                (*id, code.to_uppercase(), name, &classes[*class].0)
            })
            .collect();
        on_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            for chunk in rows.chunks(500) {
                let mut q = sqlx::QueryBuilder::new(
                    "INSERT INTO users (id, pupil_code, display_name, search_text, password_hash, active,
                       must_change_password, created_at, updated_at) ");
                q.push_values(chunk, |mut r, (id, code, name, _)| {
                    r.push_bind(*id).push_bind(code.as_str()).push_bind(name.as_str())
                        .push_bind(format!("{} {}", name, code).to_lowercase()).push_bind(NO_PASSWORD)
                        .push_bind(true).push_bind(false).push_bind(at).push_bind(at);
                });
                q.build().execute(&mut *tx).await?;
                let mut q = sqlx::QueryBuilder::new(
                    "INSERT INTO role_grants (id, user_id, role, scope_key, region_id, school_id, class_id, created_at) ");
                q.push_values(chunk, |mut r, (id, _, _, class)| {
                    let scope = Scope::Class { region: class.region_id, school: class.school_id, class: class.id };
                    r.push_bind(new_id()).push_bind(*id).push_bind("pupil").push_bind(scope.key())
                        .push_bind(class.region_id).push_bind(class.school_id).push_bind(class.id).push_bind(at);
                });
                q.build().execute(&mut *tx).await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// The items and capsules of a level; a short practice set is made on its first lesson
    /// when the level has no items (and a unit and lesson when it has no lessons).
    async fn level_content(&self, level: &str) -> Result<LevelContent> {
        let mut lessons = Vec::new();
        for (subject, _) in self.subjects_with_units(level).await? {
            for unit in self.units_with_lessons(level, &subject).await? {
                lessons.extend(unit.lessons);
            }
        }
        if lessons.is_empty() {
            let titles = Titles {
                ar: "مراجعة".into(),
                fr: "Révision".into(),
            };
            let unit = self
                .create_unit(&ClassLevel::Level(level.into()), "MATH", &titles)
                .await?;
            lessons.push(self.create_lesson(unit.id, &titles).await?);
        }
        let ids: Vec<Uuid> = lessons.iter().map(|l| l.id).collect();
        let capsules = self
            .capsules_of_lessons(&ids, false)
            .await?
            .into_iter()
            .map(|c| c.id)
            .collect();
        let mut items = Vec::new();
        for lesson in &lessons {
            for set in self.sets_of_lesson(lesson.id).await? {
                items.extend(
                    self.set_items(set.id)
                        .await?
                        .into_iter()
                        .filter(|i| matches!(i.item.kind, ItemKind::TrueFalse { .. })),
                );
            }
        }
        if items.is_empty() {
            let set = self
                .create_exercise_set(&NewExerciseSet {
                    lesson_id: lessons[0].id,
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
            items = self.add_items(set.id, &made).await?;
        }
        Ok(LevelContent { items, capsules })
    }
}
