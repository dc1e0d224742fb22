//! Who may help whom back in, and the two things a helper does: issue a pupil a one-time
//! code, and lift the sign-in delays that failures put on an account ("unlock").
//!
//! - a teacher helps the pupils of the classes they teach (code and unlock);
//! - a parent helps their linked children (code only);
//! - an administrator helps the accounts wholly inside their admin scopes, as everywhere in
//!   administration ([`lawha_core::role::can_manage_account`]; code and unlock);
//! - a support agent helps the people placed wholly inside their regions, or anyone placed
//!   with a national grant (code and unlock), from a hotline ticket only ([`Door::Ticket`]:
//!   the ticket page; the help is also a line of the agents' audit log, written in the
//!   same transaction), never from a person's help page.
//!
//! Codes are for pupils (accounts signing in with a pupil code); the others recover by
//! e-mail. Outside a helper's powers the person reads as not found. Each write checks the
//! powers again inside its own transaction, after locking the account's row, and logs who
//! did what for whom in `help_log` (never the code).

use chrono::{DateTime, Utc};
use lawha_core::help::AgentAction;
use lawha_core::role::Grant;
use rand::Rng;
use uuid::Uuid;

use super::secrets::{code_hash, one_time_code_lifetime, password_mark};
use super::Recovery;
use crate::accounts::account_throttle_key;
use crate::{BeginWrite, Result, StoreError, User};

/// What one person may do for another.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HelpPowers {
    /// Issue a one-time code (the person is a pupil).
    pub one_time_code: bool,
    /// Lift the sign-in delays on the account.
    pub unlock: bool,
}

impl HelpPowers {
    /// Whether there is anything to do at all.
    pub fn any(self) -> bool {
        self.one_time_code || self.unlock
    }
}

/// The person a helper looks at, with what the helper may do and the failed sign-ins
/// counting against the account now.
#[derive(Debug, Clone)]
pub struct HelpTarget {
    pub user: User,
    pub powers: HelpPowers,
    pub recent_failures: i64,
}

/// How the helper stands to the person, as read in one connection.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Ties {
    pub teaches: bool,
    pub parent: bool,
    pub manages: bool,
    /// A support agent whose regions hold every grant of the person.
    pub agent: bool,
    pub is_pupil: bool,
}

/// Through which door a helper comes: a person's help page, or a hotline ticket (where
/// a support agent's region counts, `lawha_store::help`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Door {
    HelpPage,
    Ticket(FromTicket),
}

/// The hotline ticket an agent helps from. Help given through [`Door::Ticket`] writes its
/// line in the agents' audit log (`agent_audit_log`) inside the transaction that gives
/// it, so there is never help without its line, nor a line without the help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FromTicket {
    pub ticket: Uuid,
    /// The ticket's region, which the audit line carries for the AREF's view.
    pub region: Option<Uuid>,
}

impl FromTicket {
    /// The door of `ticket`.
    pub fn of(ticket: &crate::help::Ticket) -> FromTicket {
        FromTicket {
            ticket: ticket.id,
            region: ticket.region_id,
        }
    }
}

impl Door {
    /// The ticket to log the help against, for [`Door::Ticket`].
    fn ticket(self) -> Option<FromTicket> {
        match self {
            Door::HelpPage => None,
            Door::Ticket(from) => Some(from),
        }
    }
}

impl Ties {
    pub(crate) fn powers(self, door: Door) -> HelpPowers {
        let agent = self.agent && matches!(door, Door::Ticket(_));
        HelpPowers {
            one_time_code: self.is_pupil && (self.teaches || self.parent || self.manages || agent),
            unlock: (self.is_pupil && self.teaches) || self.manages || agent,
        }
    }
}

/// The reads that decide [`Ties`], one implementation per engine (`helpers/each_engine.rs`).
pub(crate) trait HelpReads {
    /// How `actor` (holding `grants`) stands to `target`; `lock` locks the target's row.
    async fn ties(
        &mut self,
        actor: Uuid,
        grants: &[Grant],
        target: Uuid,
        lock: bool,
    ) -> Result<Option<Ties>>;
    /// Records a help action.
    async fn log_help(
        &mut self,
        actor: Uuid,
        target: Uuid,
        action: &str,
        at: DateTime<Utc>,
    ) -> Result<()>;
    /// Records help an agent gave from a ticket in the agents' audit log.
    async fn log_agent_help(
        &mut self,
        actor: Uuid,
        action: AgentAction,
        from: FromTicket,
        target: Uuid,
        at: DateTime<Utc>,
    ) -> Result<()>;
}

compile_per_engine!("helpers");

/// A new one-time code: 8 characters from an alphabet without look-alikes (about 40 bits),
/// easy to read out and type.
fn new_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rngs::OsRng;
    (0..8)
        .map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]))
        .collect()
}

impl Recovery<'_> {
    /// The person `target` as `actor` may help them; [`StoreError::NotFound`] when the
    /// actor may do nothing for them (or when there is no such person).
    pub async fn help_target(
        &self,
        actor: Uuid,
        grants: &[Grant],
        target: Uuid,
    ) -> Result<HelpTarget> {
        self.help_target_through(Door::HelpPage, actor, grants, target)
            .await
    }

    /// [`Recovery::help_target`] through `door`.
    pub async fn help_target_through(
        &self,
        door: Door,
        actor: Uuid,
        grants: &[Grant],
        target: Uuid,
    ) -> Result<HelpTarget> {
        let ties = on_db!(self.store, pool => {
            let mut conn = pool.acquire().await?;
            conn.ties(actor, grants, target, false).await?
        });
        let powers = ties.map(|t| t.powers(door)).unwrap_or_default();
        if !powers.any() {
            return Err(StoreError::NotFound);
        }
        let user = self.store.accounts().user(target).await?;
        let recent_failures = self.recent_failures(&user).await?;
        Ok(HelpTarget {
            user,
            powers,
            recent_failures,
        })
    }

    /// Issues a one-time code for the pupil `target`; returns it (shown once, stored
    /// hashed). [`StoreError::NotFound`] unless `actor` may.
    pub async fn issue_one_time_code(
        &self,
        actor: Uuid,
        grants: &[Grant],
        target: Uuid,
    ) -> Result<String> {
        self.issue_one_time_code_through(Door::HelpPage, actor, grants, target)
            .await
    }

    /// [`Recovery::issue_one_time_code`] through `door`.
    pub async fn issue_one_time_code_through(
        &self,
        door: Door,
        actor: Uuid,
        grants: &[Grant],
        target: Uuid,
    ) -> Result<String> {
        let code = new_code();
        let at = self.store.now();
        let password_sql = self.locked_password_sql();
        on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            let powers = tx.ties(actor, grants, target, true).await?.map(|t| t.powers(door));
            if !powers.is_some_and(|p| p.one_time_code) {
                return Err(StoreError::NotFound);
            }
            let current: String = sqlx::query_scalar(&password_sql)
                .bind(target).fetch_one(&mut *tx).await?;
            sqlx::query(
                "INSERT INTO recovery_secrets
                   (secret_hash, user_id, kind, password_mark, issued_by, created_at, expires_at)
                 VALUES ($1, $2, 'one_time_code', $3, $4, $5, $6)",
            )
            .bind(code_hash(target, &code)).bind(target).bind(password_mark(&current))
            .bind(actor).bind(at).bind(at + one_time_code_lifetime())
            .execute(&mut *tx).await?;
            tx.log_help(actor, target, "one_time_code", at).await?;
            if let Some(from) = door.ticket() {
                tx.log_agent_help(actor, AgentAction::OneTimeCode, from, target, at).await?;
            }
            tx.commit().await?;
        });
        Ok(code)
    }

    /// Lifts the sign-in delays on `target`'s account: forgets its failed sign-ins, from
    /// every source. Returns how many were forgotten. [`StoreError::NotFound`] unless
    /// `actor` may.
    pub async fn unlock(&self, actor: Uuid, grants: &[Grant], target: Uuid) -> Result<u64> {
        self.unlock_through(Door::HelpPage, actor, grants, target)
            .await
    }

    /// [`Recovery::unlock`] through `door`.
    pub async fn unlock_through(
        &self,
        door: Door,
        actor: Uuid,
        grants: &[Grant],
        target: Uuid,
    ) -> Result<u64> {
        let user = self.store.accounts().user(target).await?;
        let keys = throttle_keys(&user);
        let at = self.store.now();
        on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            let powers = tx.ties(actor, grants, target, true).await?.map(|t| t.powers(door));
            if !powers.is_some_and(|p| p.unlock) {
                return Err(StoreError::NotFound);
            }
            let mut cleared = 0;
            for key in &keys {
                cleared += sqlx::query("DELETE FROM signin_failures WHERE account_key = $1")
                    .bind(key).execute(&mut *tx).await?.rows_affected();
            }
            tx.log_help(actor, target, "unlock", at).await?;
            if let Some(from) = door.ticket() {
                tx.log_agent_help(actor, AgentAction::Unlock, from, target, at).await?;
            }
            tx.commit().await?;
            Ok(cleared)
        })
    }

    /// Failed sign-ins on the account within the throttle's window.
    pub(crate) async fn recent_failures(&self, user: &User) -> Result<i64> {
        let since = self.store.now() - lawha_core::throttle::window();
        let mut total = 0;
        for key in throttle_keys(user) {
            let count: i64 = on_db!(self.store, pool => {
                sqlx::query_scalar(
                    "SELECT COUNT(*) FROM signin_failures WHERE account_key = $1 AND at > $2",
                )
                .bind(&key).bind(since).fetch_one(pool).await?
            });
            total += count;
        }
        Ok(total)
    }

    /// The help actions logged for `target`, newest first: (actor, action, when).
    pub async fn help_log(
        &self,
        target: Uuid,
    ) -> Result<Vec<(Option<Uuid>, String, DateTime<Utc>)>> {
        Ok(on_db!(self.store, pool => {
            sqlx::query_as(
                "SELECT actor_id, action, at FROM help_log WHERE target_id = $1 ORDER BY at DESC",
            )
            .bind(target).fetch_all(pool).await?
        }))
    }
}

/// The throttle keys an account's failures are counted under: one per identifier it signs
/// in with (see `accounts::signin`).
fn throttle_keys(user: &User) -> Vec<String> {
    [user.email.as_deref(), user.pupil_code.as_deref()]
        .into_iter()
        .flatten()
        .map(account_throttle_key)
        .collect()
}
