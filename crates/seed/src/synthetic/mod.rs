//! A synthetic national dataset for tests, benches and the demo's dashboards: schools in
//! every region, classes at every level, pupils, and days of believable activity (answers
//! and capsule watching) recorded through the same batched paths real traffic uses, then
//! folded into the rollups. Deterministic for a given seed (except ids).
//!
//! Generated pupils cannot sign in (they share one unusable password hash); they exist to
//! be counted. Regions differ in how active their pupils are, so the national map shows
//! contrast.

mod activity;
mod content;
mod places;
mod pupils;

use std::collections::HashMap;

use chrono_tz::Tz;
use lawha_store::Store;
use rand::rngs::StdRng;
use rand::SeedableRng;
use uuid::Uuid;

use crate::Result;

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

/// Generates the dataset and folds it into the rollups (days in `zone`). `progress` is
/// told the share done, 0..=1.
pub async fn generate(
    store: &Store,
    config: &SyntheticConfig,
    zone: Tz,
    progress: impl FnMut(f64) + Send,
) -> Result<SyntheticReport> {
    let mut rng = StdRng::seed_from_u64(config.seed);
    let regions = store.org().regions().await?;
    let created = places::create(store, config, &regions).await?;
    let (schools, classes_created) = (created.schools, created.classes.len());
    let mut classes = created.classes;
    for id in &config.join_classes {
        let class = store.org().class(*id).await?;
        let level = class
            .level_code
            .clone()
            .or(class.programme_code.clone())
            .unwrap_or_default();
        classes.push((class, level));
    }
    let pupils = pupils::create(store, config, &classes, &mut rng).await?;
    // Content per level: the level's items and capsules (some made when a level has none).
    let mut contents = HashMap::new();
    for (_, level) in &classes {
        if !contents.contains_key(level) {
            contents.insert(level.clone(), content::of_level(store, level).await?);
        }
    }
    let world = activity::World {
        regions: &regions,
        classes: &classes,
        contents: &contents,
    };
    let events = activity::record(store, config, zone, &world, &pupils, &mut rng, progress).await?;
    store.rollups().refresh_population().await?;
    Ok(SyntheticReport {
        schools,
        classes: classes_created,
        pupils: pupils.len(),
        events,
    })
}
