//! The rule that an administrator changes only accounts lying wholly inside their scopes
//! ([`can_manage_account`]), checked inside the transaction that writes.
//!
//! Checking in one transaction and writing in another would race: a grant elsewhere added
//! in between, or a pupil moved to another school, would be overwritten by a change decided
//! on rows that no longer hold. So each write an admin makes to an existing account (forms
//! and imports alike) first locks the account's row — `SELECT … FOR UPDATE` on PostgreSQL;
//! on SQLite the write transaction (`BEGIN IMMEDIATE`) already shuts out every other
//! writer — then reads the account's grants in the same transaction. Every admin write
//! path locks the same row, so two of them on one account take turns.
//!
//! The reads are one trait implemented per engine's connection (`guard/each_engine.rs`),
//! like [`crate::BeginWrite`]: a function generic over `sqlx::Executor` would make the web
//! handlers' futures not `Send`.

use lawha_core::import::codes;
use lawha_core::role::{can_manage_account, Grant};
use lawha_core::Scope;
use uuid::Uuid;

use super::Accounts;
use crate::accounts::roles::scope_of;
use crate::{Result, StoreError};

/// The sign-in identifier an import row names an account by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Login {
    Email,
    PupilCode,
}

impl Login {
    pub(crate) fn column(self) -> &'static str {
        match self {
            Login::Email => "email",
            Login::PupilCode => "pupil_code",
        }
    }
}

pub(super) type ScopeIds = (Option<Uuid>, Option<Uuid>, Option<Uuid>);

pub(super) const GRANT_SCOPES: &str =
    "SELECT region_id, school_id, class_id FROM role_grants WHERE user_id = $1";

pub(super) fn scopes(rows: Vec<ScopeIds>) -> Vec<Scope> {
    rows.into_iter()
        .map(|(region, school, class)| scope_of(region, school, class))
        .collect()
}

/// Locking reads inside a write transaction, one implementation per engine.
pub(crate) trait AccountGuard {
    /// The account whose `login` is `value`, locked until the transaction ends.
    async fn lock_by_login(&mut self, login: Login, value: &str) -> Result<Option<Uuid>>;
    /// Locks the account `id` until the transaction ends; false when there is none.
    async fn lock_by_id(&mut self, id: Uuid) -> Result<bool>;
    /// The scopes of every grant the account holds, whatever their roles.
    async fn grant_scopes(&mut self, id: Uuid) -> Result<Vec<Scope>>;
}

compile_per_engine!("guard");

/// Locks the account `id` for an admin's change: [`StoreError::NotFound`] when there is no
/// such account or when one of its grants lies outside `actor`'s admin scopes (outside,
/// accounts read as not found, as everywhere in administration).
pub(crate) async fn lock_managed(
    conn: &mut impl AccountGuard,
    id: Uuid,
    actor: &[Grant],
) -> Result<()> {
    if !conn.lock_by_id(id).await? {
        return Err(StoreError::NotFound);
    }
    if can_manage_account(actor, conn.grant_scopes(id).await?) {
        Ok(())
    } else {
        Err(StoreError::NotFound)
    }
}

/// Locks the account an import row names by `login` = `value` and checks it again inside
/// the applying transaction: it must lie inside `actor`'s scopes and be the account the
/// plan saw (`planned`; `None`: no account yet). Returns the row's error code otherwise.
pub(crate) async fn recheck_named_account(
    conn: &mut impl AccountGuard,
    login: Login,
    value: &str,
    planned: Option<Uuid>,
    actor: &[Grant],
) -> Result<Option<&'static str>> {
    let current = conn.lock_by_login(login, value).await?;
    if let Some(id) = current {
        if !can_manage_account(actor, conn.grant_scopes(id).await?) {
            return Ok(Some(codes::ACCOUNT_OUT_OF_SCOPE));
        }
    }
    Ok((current != planned).then_some(codes::ACCOUNT_CHANGED))
}

impl Accounts<'_> {
    /// Whether `actor` may change the account `id`: every grant it holds lies inside their
    /// admin scopes. A read for planning and display; writes check again under a lock.
    pub async fn manages_account(&self, actor: &[Grant], id: Uuid) -> Result<bool> {
        let rows: Vec<ScopeIds> = on_db!(self.store, pool => {
            sqlx::query_as(GRANT_SCOPES).bind(id).fetch_all(pool).await?
        });
        Ok(can_manage_account(actor, scopes(rows)))
    }
}
