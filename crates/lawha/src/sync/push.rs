//! Pushing a school node's work up to the platform over HTTP: `lawha sync push`, and the
//! periodic push (followed by a pull, `super::pull`) inside `lawha serve` when the node's
//! `platform_url` and `node_id` are set.
//!
//! One batch at a time: the next batch after the acknowledged cursor is sealed, posted to
//! `{platform_url}/sync/up`, and the cursor moves only to what the platform's answer names,
//! which it sends once the batch is committed. A network error or a crash between the two
//! leaves the cursor where it was, and the batch is sent again on the next push; the platform
//! recognises it and counts it once.
//!
//! The client is `reqwest` with rustls: a platform is reached over https, and hyper-util's
//! client (already used for serving) brings no TLS of its own.

use std::time::Duration;

use lawha_store::sync::batch::{NodeIdentity, SignedBatch, MAX_EVENTS};
use lawha_store::{Store, StoreError};
use lawha_web::{NODE_HEADER, SIGNATURE_HEADER};
use serde::Deserialize;

/// Longest a push waits for one batch's answer: a full batch is applied in well under this.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);

/// What a push sent and the platform added.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Pushed {
    pub batches: u64,
    pub new_answers: u64,
    pub new_watches: u64,
    pub accounts_applied: u64,
    /// Events and edits the platform set aside (about people outside the node's school).
    pub set_aside: u64,
}

/// Why a push (or a pull, `super::pull`) stopped before it was done.
#[derive(Debug, thiserror::Error)]
pub enum PushError {
    /// The platform answered no: its code (`revoked-node`, `bad-signature`, …) and reason.
    #[error("the platform refused the batch ({status}): {code}{}", detail.as_deref().map(|d| format!(" — {d}")).unwrap_or_default())]
    Refused {
        status: u16,
        code: String,
        detail: Option<String>,
    },
    /// The platform could not be reached or its answer was lost: sent again next time.
    #[error("the platform could not be reached: {0}")]
    Network(#[from] reqwest::Error),
    /// The platform's answer is not an acknowledgement of the batch sent (or not a down
    /// batch for the request sent).
    #[error("the platform's answer is not an answer to what was sent")]
    UnexpectedAnswer,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The platform's answer to a refused batch.
#[derive(Deserialize)]
struct Refusal {
    error: String,
    detail: Option<String>,
}

/// Posts `signed` (its node and signature in the headers) to `url` and returns the body of
/// a successful answer; a refusal is [`PushError::Refused`] with the platform's code.
pub(super) async fn post_signed(
    client: &reqwest::Client,
    url: &str,
    signed: SignedBatch,
    content_type: &'static str,
) -> Result<bytes::Bytes, PushError> {
    let answer = client
        .post(url)
        .header(NODE_HEADER, signed.node_id.to_string())
        .header(SIGNATURE_HEADER, hex::encode(signed.signature))
        .header(reqwest::header::CONTENT_TYPE, content_type)
        .body(signed.body)
        .send()
        .await?;
    let status = answer.status();
    let body = answer.bytes().await?;
    if !status.is_success() {
        return Err(refusal(status, &body));
    }
    Ok(body)
}

/// The error for a platform's answer of `status` (not a success) with `body`.
fn refusal(status: reqwest::StatusCode, body: &[u8]) -> PushError {
    let refusal: Option<Refusal> = serde_json::from_slice(body).ok();
    PushError::Refused {
        status: status.as_u16(),
        code: refusal
            .as_ref()
            .map_or_else(|| "unexpected-answer".to_string(), |r| r.error.clone()),
        detail: refusal.and_then(|r| r.detail),
    }
}

/// The HTTP client a node pushes and pulls with.
pub fn client() -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .timeout(REQUEST_TIMEOUT)
        .user_agent(concat!("lawha-node/", env!("CARGO_PKG_VERSION")))
        .build()
}

/// Sends every batch not yet acknowledged to the platform at `platform_url`, one at a time,
/// until nothing is left (see the module doc); stops at the first refusal or error.
pub async fn push(
    store: &Store,
    client: &reqwest::Client,
    platform_url: &str,
    node: &NodeIdentity,
) -> Result<Pushed, PushError> {
    let url = format!("{}/sync/up", platform_url.trim_end_matches('/'));
    let mut pushed = Pushed::default();
    loop {
        let after = store.sync().acknowledged().await?;
        let Some(batch) = store
            .sync()
            .next_batch(node.node_id, after, MAX_EVENTS, env!("CARGO_PKG_VERSION"))
            .await?
        else {
            return Ok(pushed);
        };
        let signed = SignedBatch::seal(&batch, node)?;
        let body = post_signed(client, &url, signed, "application/octet-stream").await?;
        let ack: lawha_store::sync::batch::Ack =
            serde_json::from_slice(&body).map_err(|_| PushError::UnexpectedAnswer)?;
        // The cursor moves only to where the batch sent reaches: an answer that says more
        // (a forged or confused one) could otherwise make the node skip work never received.
        if ack.batch_id != batch.batch_id || ack.cursor != batch.to {
            return Err(PushError::UnexpectedAnswer);
        }
        store.sync().acknowledge(ack.cursor).await?;
        pushed.batches += 1;
        pushed.new_answers += ack.new_answers;
        pushed.new_watches += ack.new_watches;
        pushed.accounts_applied += ack.accounts_applied;
        pushed.set_aside += ack.set_aside;
    }
}

/// The periodic sync of `lawha serve` on a node: every `every`, everything not yet sent
/// goes up, then, when the node knows its school, what changed on the platform comes down
/// (after the push, so that the node's own account edits are on the platform — and any
/// conflict with an edit made there recorded — before the platform's come down). A
/// failure is logged (codes and counts only, no one's data) and retried next time; it runs
/// beside serving and never holds a request up.
pub async fn push_periodically(
    store: Store,
    platform_url: String,
    node: NodeIdentity,
    school: Option<uuid::Uuid>,
    every: Duration,
) {
    let client = match client() {
        Ok(client) => client,
        Err(e) => {
            tracing::error!(error = %e, "sync: no HTTP client; the node does not push");
            return;
        }
    };
    // The first push waits a period too: a node starting up serves its pupils first.
    let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        match push(&store, &client, &platform_url, &node).await {
            Ok(pushed) if pushed.batches > 0 => tracing::info!(
                batches = pushed.batches,
                new_answers = pushed.new_answers,
                new_watches = pushed.new_watches,
                set_aside = pushed.set_aside,
                "sync: pushed to the platform"
            ),
            Ok(_) => {}
            Err(PushError::Refused { status, code, .. }) => {
                tracing::warn!(status, %code, "sync: the platform refused the push; retried later")
            }
            Err(e) => tracing::warn!(error = %e, "sync: push failed; retried later"),
        }
        // A refused push does not hold the pull back: taking people who left the school
        // off the node may be what the push needs.
        let Some(school) = school else { continue };
        match super::pull::pull(&store, &client, &platform_url, &node, school).await {
            Ok(pulled)
                if pulled.total_written() + pulled.people_removed + pulled.links_removed > 0 =>
            {
                tracing::info!(
                    pages = pulled.pages,
                    rows = pulled.total_written(),
                    people_removed = pulled.people_removed,
                    links_removed = pulled.links_removed,
                    rows_waiting = pulled.rows_waiting,
                    "sync: pulled from the platform"
                )
            }
            Ok(_) => {}
            Err(PushError::Refused { status, code, .. }) => {
                tracing::warn!(status, %code, "sync: the platform refused the pull; retried later")
            }
            Err(e) => tracing::warn!(error = %e, "sync: pull failed; retried later"),
        }
    }
}
