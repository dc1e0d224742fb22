//! Passwords: hashing, checking sign-in credentials and a current password, and replacing
//! one (which ends the account's sessions).

use lawha_core::role::Grant;
use lawha_core::{password, validate};
use uuid::Uuid;

use super::guard::lock_managed;
use super::users::{UserRow, USER_COLS};
use super::Accounts;
use crate::rows::found;
use crate::BeginWrite;
use crate::{Admission, Result, Store, StoreError, User};

/// Hashes off the async runtime, through the store's gate: argon2 takes tens of
/// milliseconds and 19 MiB on purpose.
pub(crate) async fn hash_password(store: &Store, plain: String) -> Result<String> {
    Ok(store
        .password_hashing()
        .run(move || password::hash(&plain))
        .await??)
}

impl Accounts<'_> {
    /// Replaces a password (checked against the policy) and ends every session of the
    /// account. `must_change` forces a change at next sign-in (after an admin reset).
    pub async fn set_password(&self, id: Uuid, plain: &str, must_change: bool) -> Result<()> {
        self.write_password(None, id, plain, must_change).await
    }

    /// An admin's reset: like [`Accounts::set_password`] with a change forced at next sign-in,
    /// on behalf of the admin holding `actor`. [`StoreError::NotFound`] unless every grant
    /// of the account lies in their scopes.
    pub async fn reset_password_as_admin(
        &self,
        actor: &[Grant],
        id: Uuid,
        plain: &str,
    ) -> Result<()> {
        self.write_password(Some(actor), id, plain, true).await
    }

    async fn write_password(
        &self,
        actor: Option<&[Grant]>,
        id: Uuid,
        plain: &str,
        must_change: bool,
    ) -> Result<()> {
        password::check_policy(plain).map_err(|e| StoreError::invalid("password", e))?;
        let hash = hash_password(self.store, plain.to_string()).await?;
        let changed = on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            if let Some(actor) = actor {
                lock_managed(&mut *tx, id, actor).await?;
            }
            let changed = sqlx::query(
                "UPDATE users SET password_hash = $2, must_change_password = $3, updated_at = $4
                 WHERE id = $1",
            )
            .bind(id).bind(&hash).bind(must_change).bind(self.store.now())
            .execute(&mut *tx).await?.rows_affected();
            sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id).execute(&mut *tx).await?;
            tx.commit().await?;
            changed
        });
        found(changed)
    }

    /// Checks sign-in credentials: the identifier is an e-mail or a pupil code. Returns the
    /// active user when the password matches. Unknown identifiers cost the same hashing
    /// time as known ones, so timing does not reveal which accounts exist.
    pub async fn verify_credentials(&self, identifier: &str, plain: &str) -> Result<Option<User>> {
        let admission = self.store.password_hashing().admit()?;
        self.verify_credentials_admitted(admission, identifier, plain)
            .await
    }

    /// [`Accounts::verify_credentials`] with a place in the hashing gate taken beforehand
    /// (the sign-in form takes it before recording the attempt, so that a busy refusal
    /// leaves no trace).
    pub async fn verify_credentials_admitted(
        &self,
        admission: Admission,
        identifier: &str,
        plain: &str,
    ) -> Result<Option<User>> {
        let (column, value) = if validate::is_email_login(identifier) {
            ("email", identifier.trim().to_lowercase())
        } else {
            ("pupil_code", identifier.trim().to_ascii_uppercase())
        };
        #[derive(sqlx::FromRow)]
        struct Row {
            #[sqlx(flatten)]
            user: UserRow,
            password_hash: String,
        }
        let row = on_db!(self.store, pool => {
            sqlx::query_as::<_, Row>(&format!(
                "SELECT {USER_COLS}, password_hash FROM users WHERE {column} = $1"
            ))
            .bind(&value).fetch_optional(pool).await?
        });
        let stored = row
            .as_ref()
            .map(|r| r.password_hash.clone())
            .unwrap_or_else(|| password::dummy_hash().to_string());
        let attempt = plain.to_string();
        let matches = admission
            .run(move || password::verify(&attempt, &stored))
            .await?;
        Ok(match row {
            Some(r) if matches && r.user.active => Some(r.user.into()),
            _ => None,
        })
    }

    /// Checks a person's current password (for changing it).
    pub async fn check_password(&self, id: Uuid, plain: &str) -> Result<bool> {
        let stored: String = on_db!(self.store, pool => {
            sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
                .bind(id).fetch_one(pool).await?
        });
        let attempt = plain.to_string();
        self.store
            .password_hashing()
            .run(move || password::verify(&attempt, &stored))
            .await
    }
}
