//! The generated pupils, spread over the classes in turn and named from `data/names.toml`.

use lawha_core::new_id;
use lawha_store::{Class, GeneratedPupil, Store};
use rand::rngs::StdRng;
use rand::Rng;
use serde::Deserialize;
use uuid::Uuid;

use super::SyntheticConfig;
use crate::data::parse;
use crate::Result;

/// First and last names to draw from.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Names {
    first: Vec<String>,
    last: Vec<String>,
}

fn names() -> Result<Names> {
    parse("names.toml", include_str!("../../data/names.toml"))
}

/// Creates the pupils; returns each one's id with the index of its class in `classes`.
pub(super) async fn create(
    store: &Store,
    config: &SyntheticConfig,
    classes: &[(Class, String)],
    rng: &mut StdRng,
) -> Result<Vec<(Uuid, usize)>> {
    if classes.is_empty() {
        return Ok(Vec::new());
    }
    let names = names()?;
    let pick = |list: &[String], rng: &mut StdRng| {
        list.get(rng.gen_range(0..list.len().max(1)))
            .cloned()
            .unwrap_or_default()
    };
    let mut placed = Vec::with_capacity(config.pupils);
    let mut rows = Vec::with_capacity(config.pupils);
    let in_turn = classes.iter().enumerate().cycle().take(config.pupils);
    for (n, (index, (class, _))) in in_turn.enumerate() {
        let first = pick(&names.first, rng);
        let display_name = format!("{first} {}", pick(&names.last, rng));
        let pupil_code: String = format!("{}{n:08}", config.code_prefix)
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        let id = new_id();
        rows.push(GeneratedPupil {
            id,
            pupil_code: pupil_code.to_uppercase(),
            display_name,
            class,
        });
        placed.push((id, index));
    }
    store.accounts().insert_generated_pupils(&rows).await?;
    Ok(placed)
}
