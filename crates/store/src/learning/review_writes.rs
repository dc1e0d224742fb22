//! Review cards brought up to date inside the transaction that records answers, so a card
//! never lags its events ([`crate::revision`] holds the scheduling rules).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use uuid::Uuid;

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
    ///
    /// The cards are read locked (`FOR UPDATE` on PostgreSQL), so a showing of the answer
    /// recorded alongside ([`ReviewWrites::record_reveals`]) either lands before the read
    /// or waits for this transaction: neither writes back a counting the other has moved.
    async fn schedule_reviews(&mut self, answers: &[Answered], zone: Tz) -> Result<()>;

    /// Records that the answers of `items` were shown to `user_id` at `at` (`answer_reveals`)
    /// and moves their cards' counting ([`crate::learning::counting::shown`], or a replay
    /// when `at` is older than a card's last answer), the cards read locked like the answer
    /// path reads them. An item with no card yet (never answered) gets only its row: the
    /// pages show an answer only once the item is answered.
    async fn record_reveals(
        &mut self,
        user_id: Uuid,
        items: &[Uuid],
        at: DateTime<Utc>,
        zone: Tz,
    ) -> Result<()>;
}

compile_per_engine!("review_writes");
