//! Review cards brought up to date inside the transaction that records answers, so a card
//! never lags its events ([`crate::revision`] holds the scheduling rules).

use chrono_tz::Tz;

use crate::learning::revision::Answered;
use crate::Result;

/// Review card writes, implemented for each engine's connection (see the crate doc).
pub(crate) trait ReviewWrites {
    /// Moves the cards of `answers` (those just recorded, duplicates left out): answers newer
    /// than a card are applied on top of it, an older one replays the pair's whole history.
    /// The card's mastery counting moves with it ([`crate::learning::counting`]), its days
    /// taken in `zone`.
    ///
    /// Batched: a bulk ingest touches thousands of distinct (pupil, item) cards, so cards are
    /// read and written a few hundred per statement rather than one round trip each.
    async fn schedule_reviews(&mut self, answers: &[Answered], zone: Tz) -> Result<()>;
}

compile_per_engine!("review_writes");
