//! The demo's activity: a synthetic population of pupils in every region (so that each
//! administrator's dashboards have groups large enough to show), some of them in the demo
//! teachers' own classes (so that class pages have progress to follow), and a few weeks
//! of their answers and watching. The demo's named pupils are left untouched: they are the
//! ones people sign in as. Idempotent: seeded once.

use chrono_tz::Tz;
use lawha_store::{Store, StoreError};
use uuid::Uuid;

use super::data;
use crate::synthetic::{self, SyntheticConfig, SyntheticReport};
use crate::{Result, SeedError};

const PREFIX: &str = "DEMO";

/// Seeds the activity once; `None` when it was there already.
pub async fn seed_activity(store: &Store, zone: Tz) -> Result<Option<SyntheticReport>> {
    match store.org().province_by_code(&format!("{PREFIX}-P01")).await {
        Ok(_) => return Ok(None),
        Err(StoreError::NotFound) => {}
        Err(e) => return Err(e.into()),
    }
    let config = SyntheticConfig {
        pupils: 900,
        pupils_per_class: 24,
        classes_per_school: 3,
        days: 28,
        events_per_active_day: 4,
        seed: 2026,
        code_prefix: PREFIX.into(),
        join_classes: taught_classes(store).await?,
    };
    synthetic::generate(store, &config, zone, |_| {})
        .await
        .map(Some)
}

/// The classes the demo's teachers and trainers teach, each once.
async fn taught_classes(store: &Store) -> Result<Vec<Uuid>> {
    let school_year = data::organisation()?.school_year;
    let mut classes = Vec::new();
    for teaching in data::people()?.staff.iter().flat_map(|s| &s.teaches) {
        let school = store.org().school_by_code(&teaching.school).await?;
        let class = store
            .org()
            .find_class(school.id, &school_year, &teaching.class)
            .await?
            .ok_or_else(|| {
                SeedError::data("demo/staff.toml", format!("no class {}", teaching.class))
            })?;
        if !classes.contains(&class.id) {
            classes.push(class.id);
        }
    }
    Ok(classes)
}
