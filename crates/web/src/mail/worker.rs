//! The outbox worker: claims one message at a time from the store's durable outbox
//! (`store.recovery().claim_mail`), sends it, and marks it sent once the SMTP server
//! accepted it, or failed (tried again later, with backoff; given up after a dozen
//! attempts). Logs carry the message's id, never its recipient or text.

use std::time::Duration;

use lawha_store::Store;

use super::Mailer;

/// How long a claimed message is held: far beyond one SMTP exchange, so no second worker
/// takes it while the first still works on it.
pub fn lease() -> chrono::Duration {
    chrono::Duration::minutes(5)
}

/// What one turn of the worker did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Turn {
    /// Nothing was due.
    Idle,
    Sent,
    /// The attempt failed; the message waits for its next attempt (or was given up).
    Failed,
}

/// Claims and sends one due message.
pub async fn work_once(store: &Store, mailer: &Mailer) -> Result<Turn, lawha_store::StoreError> {
    let Some(mail) = store.recovery().claim_mail(lease()).await? else {
        return Ok(Turn::Idle);
    };
    match mailer.send(&mail).await {
        Ok(()) => {
            store.recovery().mail_sent(mail.id).await?;
            tracing::info!(mail = %mail.id, "mail sent");
            metrics::counter!("lawha_mail_sent_total").increment(1);
            Ok(Turn::Sent)
        }
        Err(e) => {
            store.recovery().mail_failed(&mail).await?;
            tracing::warn!(mail = %mail.id, attempt = mail.attempts, error = e.kind(), "mail not sent");
            metrics::counter!("lawha_mail_failures_total").increment(1);
            Ok(Turn::Failed)
        }
    }
}

/// Works the outbox off for ever: after a sent message at once, otherwise every `poll`.
pub async fn run(store: Store, mailer: Mailer, poll: Duration) {
    loop {
        match work_once(&store, &mailer).await {
            Ok(Turn::Sent) => continue,
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "mail outbox"),
        }
        tokio::time::sleep(poll).await;
    }
}
