//! The demo's activity: a synthetic population of pupils in every region (so that each
//! administrator's dashboards have groups large enough to show), some of them in the demo
//! teachers' own classes (so that class pages have progress to follow), and a few weeks
//! of their answers and watching. The demo's named pupils are left untouched: they are the
//! ones people sign in as. Idempotent: seeded once.

use chrono_tz::Tz;

use crate::synthetic::{SyntheticConfig, SyntheticReport};
use crate::{Result, Store, StoreError};

const PREFIX: &str = "DEMO";

/// Seeds the activity once; `None` when it was there already.
pub async fn seed_activity(store: &Store, zone: Tz) -> Result<Option<SyntheticReport>> {
    match store.province_by_code(&format!("{PREFIX}-P01")).await {
        Ok(_) => return Ok(None),
        Err(StoreError::NotFound) => {}
        Err(e) => return Err(e),
    }
    let join_classes: Vec<uuid::Uuid> = on_db!(store, pool => {
        sqlx::query_scalar("SELECT DISTINCT class_id FROM class_teachers").fetch_all(pool).await?
    });
    let config = SyntheticConfig {
        pupils: 900,
        pupils_per_class: 24,
        classes_per_school: 3,
        days: 28,
        events_per_active_day: 4,
        seed: 2026,
        code_prefix: PREFIX.into(),
        join_classes,
    };
    store
        .generate_synthetic(&config, zone, |_| {})
        .await
        .map(Some)
}
