//! The generated pupils' days: on a day a pupil is active (more often in some regions than
//! others) they answer true/false items, right as often as their ability says, or watch
//! capsules. Events are recorded in batches through the paths real traffic uses, and each
//! batch is folded into the rollups.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use lawha_core::exercise::{ItemKind, Response};
use lawha_core::new_id;
use lawha_store::learning::exercises::AnswerEvent;
use lawha_store::learning::watching::WatchEvent;
use lawha_store::{Class, Region, Store};
use rand::rngs::StdRng;
use rand::Rng;
use uuid::Uuid;

use super::content::LevelContent;
use super::SyntheticConfig;
use crate::Result;

/// Events recorded (and folded) at a time.
const BATCH: usize = 5_000;

/// Where the pupils are and what their levels offer.
pub(super) struct World<'a> {
    pub regions: &'a [Region],
    pub classes: &'a [(Class, String)],
    pub contents: &'a HashMap<String, LevelContent>,
}

/// A pupil's disposition: how often they are active and how often they answer right.
struct Pupil {
    id: Uuid,
    propensity: f64,
    ability: f64,
}

#[derive(Default)]
struct Batch {
    answers: Vec<AnswerEvent>,
    watches: Vec<WatchEvent>,
}

/// Makes and records the pupils' activity (`pupils`: id and class index); returns how
/// many events were recorded.
pub(super) async fn record(
    store: &Store,
    config: &SyntheticConfig,
    zone: Tz,
    world: &World<'_>,
    pupils: &[(Uuid, usize)],
    rng: &mut StdRng,
    mut progress: impl FnMut(f64) + Send,
) -> Result<u64> {
    let today = store.clock().now();
    let mut batch = Batch::default();
    let mut events = 0;
    for (index, (id, class_index)) in pupils.iter().enumerate() {
        if let Some((class, level)) = world.classes.get(*class_index) {
            let pupil = Pupil {
                id: *id,
                propensity: propensity(world.regions, class.region_id),
                ability: rng.gen_range(0.3..0.95),
            };
            if let Some(content) = world.contents.get(level) {
                for day in 0..config.days.max(1) {
                    let start = today - Duration::days(config.days.max(1) - 1 - day);
                    // Twelve hours before this hour of that day: the last day's events are past.
                    let start = start - Duration::hours(12);
                    pupil_day(&pupil, content, config, start, rng, &mut batch);
                }
            }
        }
        if batch.answers.len() + batch.watches.len() >= BATCH || index + 1 == pupils.len() {
            // A pupil answers what they were shown.
            let shown: Vec<(Uuid, Uuid)> = batch
                .answers
                .iter()
                .map(|a| (a.user_id, a.item_id))
                .collect();
            store.learning().record_presentations(&shown).await?;
            events += store.learning().submit_answers(&batch.answers).await?;
            events += store.learning().record_watches(&batch.watches).await?;
            batch = Batch::default();
            store.rollups().apply_all_rollups(zone, "synthetic").await?;
            progress((index + 1) as f64 / pupils.len() as f64);
        }
    }
    Ok(events)
}

/// Regions differ (from 0.25 to 0.75) so that the national map shows contrast.
fn propensity(regions: &[Region], region_id: Uuid) -> f64 {
    let i = regions.iter().position(|r| r.id == region_id).unwrap_or(0);
    0.25 + 0.5 * ((i * 7) % 12) as f64 / 11.0
}

/// One day of a pupil: nothing, or a few events minutes apart.
fn pupil_day(
    pupil: &Pupil,
    content: &LevelContent,
    config: &SyntheticConfig,
    start: DateTime<Utc>,
    rng: &mut StdRng,
    batch: &mut Batch,
) {
    if !rng.gen_bool(pupil.propensity.clamp(0.0, 1.0)) {
        return;
    }
    for e in 0..config.events_per_active_day {
        let minutes = i64::try_from(e * 7).unwrap_or(0) + rng.gen_range(0..5);
        let at = start + Duration::minutes(minutes);
        if rng.gen_bool(0.7) && !content.items.is_empty() {
            let item = &content.items[rng.gen_range(0..content.items.len())];
            let right = rng.gen_bool(pupil.ability);
            let key = matches!(item.item.kind, ItemKind::TrueFalse { answer: true, .. });
            let response = Response::TrueFalse {
                answer: if right { key } else { !key },
            };
            if let Ok(correction) = item.item.correct(&response) {
                batch.answers.push(AnswerEvent {
                    id: new_id(),
                    user_id: pupil.id,
                    set_id: item.set_id,
                    item_id: item.id,
                    response,
                    correction,
                    occurred_at: at,
                });
            }
        } else if !content.capsules.is_empty() {
            let capsule = content.capsules[rng.gen_range(0..content.capsules.len())];
            let pct = f64::from(rng.gen_range(10_u32..=100));
            batch.watches.push(WatchEvent {
                id: new_id(),
                user_id: pupil.id,
                capsule_id: capsule,
                // The clips of generated capsules are taken to last 8 s.
                position_ms: (pct * 80.0) as i64,
                watched_pct: pct,
                occurred_at: at,
            });
        }
    }
}
