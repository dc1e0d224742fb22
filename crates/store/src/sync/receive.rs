//! The platform's side: a signed batch from a node is checked and applied in one
//! transaction, or refused whole.
//!
//! In order: the node must be registered and not revoked, and the signature must match its
//! key over the body's exact bytes (before anything is decompressed or parsed); inside the
//! write transaction, the node is read again under a lock (a revocation committed meanwhile
//! wins), a batch applied before is answered with its recorded acknowledgement, and every
//! event and account edit about a person holding no grant in the node's school, and every
//! edit of an account whose grants reach beyond it, is set aside (kept in
//! `sync_set_aside`, see [`super::set_aside`]) rather than applied. Answers then take the one
//! answer path (`AnswerWrites::submit_answers`: its checks, review cards and rollups), after
//! recording that each was shown, which the node vouches for by its signature, and after
//! correcting each again against the platform's item (the node's score is not trusted; an
//! answer to an item the platform no longer has, or whose response its item cannot take,
//! is set aside too); watch
//! updates take `WatchWrites`. Account edits follow "the later edit wins", the losing
//! version kept in `account_edit_conflicts`. The acknowledgement is recorded and returned
//! only once all of it is committed: a node that never received it sends the batch again,
//! and every part of it is idempotent (event ids, edit times, the batch id).

use std::collections::{HashMap, HashSet};

use uuid::Uuid;

use lawha_core::locale::Locale;

use super::batch::{AccountEdit, Ack, Batch, SignedBatch};
use super::{NodeSync, SyncRefusal};
use crate::learning::answers::{AnswerToRecord, Moment};
use crate::learning::exercises::{answer_rows, AnswerEvent, StoredItem};
use crate::learning::watch_writes::WatchToRecord;
use crate::learning::watching::watch_rows;
use crate::{BeginWrite, Result, StoreError};

/// What the receiving transaction needs of the node.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sender {
    pub(crate) id: Uuid,
    pub(crate) school_id: Uuid,
}

/// A batch received: its acknowledgement, and whether the batch was applied before (then
/// the acknowledgement is the one recorded that time, its counts are what that first
/// application added, and nothing was recorded now).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Received {
    pub(crate) ack: Ack,
    pub(crate) applied_before: bool,
}

/// The receiving transaction's writes, implemented for each engine's connection.
pub(crate) trait ReceiveWrites {
    /// Applies `batch` from `node`, received at `received.at`, or refuses it whole.
    /// `answers` and `watches` are the batch's events with their stored payloads; `unfit`,
    /// the answers whose item the platform lacks or cannot take their response.
    async fn apply_batch(
        &mut self,
        node: Sender,
        batch: &Batch,
        answers: &[AnswerToRecord<'_>],
        unfit: &HashSet<Uuid>,
        watches: &[WatchToRecord<'_>],
        received: Moment,
    ) -> Result<Received>;
}

compile_per_engine!("receive");

/// Reads each edit's locale as one the platform knows (`fr-MA` is `fr`), and an unknown one
/// (a newer node offering another language) as the default; returns how many were unknown.
///
/// Applied with the default rather than set aside, because that is what loses nothing:
/// an edit set aside is kept without its password hash (so that it can never be applied
/// from there), so the pupil's new password and must-change flag would be lost, while
/// here the only value dropped is a language the platform cannot show; the platform's
/// previous fields, if the edit wins, are kept in `account_edit_conflicts` as always.
/// Refusing the batch, as before, stopped the node's whole queue at every push.
fn default_unknown_locales(edits: &mut [AccountEdit]) -> usize {
    let mut unknown = 0;
    for edit in edits {
        if let Some(tag) = edit.locale.take() {
            edit.locale = Locale::parse(&tag).map(|l| l.code().to_string());
            unknown += usize::from(edit.locale.is_none());
        }
    }
    unknown
}

impl NodeSync<'_> {
    /// Checks and applies a batch a node sent (over HTTP or in a return file) and returns
    /// the acknowledgement to send back. A refusal is [`StoreError::SyncRefused`] and
    /// applies nothing; a batch applied before changes nothing and gets the same answer.
    pub async fn receive(&self, signed: &SignedBatch) -> Result<Ack> {
        Ok(self.receive_once(signed).await?.ack)
    }

    /// [`NodeSync::receive`], saying also whether the batch was applied before.
    pub(crate) async fn receive_once(&self, signed: &SignedBatch) -> Result<Received> {
        let refused = StoreError::SyncRefused;
        let node = self.registered_key(signed.node_id).await?;
        if node.revoked_at.is_some() {
            return Err(refused(SyncRefusal::RevokedNode));
        }
        let mut batch = signed.open(&node.public_key).map_err(refused)?;
        batch.health = batch.health.bounded();
        let unfit = self.correct_again(&mut batch.answers).await?;
        // Values out of range are refused before the transaction starts.
        let answers = answer_rows(&batch.answers)?;
        let watches = watch_rows(&batch.watches)?;
        let unknown = default_unknown_locales(&mut batch.accounts);
        if unknown > 0 {
            tracing::warn!(
                edits = unknown,
                "sync: account edits with an unknown locale"
            );
        }
        let sender = Sender {
            id: signed.node_id,
            school_id: node.school_id,
        };
        let received = Moment {
            at: self.store.now(),
            zone: self.store.time_zone(),
        };
        Ok(on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            let got = tx.apply_batch(sender, &batch, &answers, &unfit, &watches, received).await?;
            tx.commit().await?;
            got
        }))
    }

    /// Corrects each answer again against the platform's copy of its item, as the answer
    /// form does: the score counted is the platform's, whatever the node computed. Returns
    /// the answers the platform cannot take — their item is gone, or changed so that the
    /// response no longer fits (edited after the node's pack was built) —, which are set
    /// aside rather than refusing the batch: refusing would stop the node's queue for good.
    async fn correct_again(&self, answers: &mut [AnswerEvent]) -> Result<HashSet<Uuid>> {
        let mut sets: Vec<Uuid> = answers.iter().map(|a| a.set_id).collect();
        sets.sort_unstable();
        sets.dedup();
        let mut items: HashMap<Uuid, StoredItem> = HashMap::new();
        for set in sets {
            let of_set = self.store.catalog().set_items(set).await?;
            items.extend(of_set.into_iter().map(|item| (item.id, item)));
        }
        let mut unfit = HashSet::new();
        for answer in answers {
            let corrected = items
                .get(&answer.item_id)
                .filter(|stored| stored.set_id == answer.set_id)
                .and_then(|stored| stored.item.correct(&answer.response).ok());
            match corrected {
                Some(correction) => answer.correction = correction,
                None => {
                    unfit.insert(answer.id);
                }
            }
        }
        Ok(unfit)
    }
}
