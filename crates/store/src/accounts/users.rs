//! Accounts: creating and editing them, deactivating them, reading and listing them.

use chrono::{DateTime, Utc};
use lawha_core::capsule::DataSaver;
use lawha_core::role::Grant;
use lawha_core::{new_id, password, validate, Locale, Scope};
use sqlx::{Database, Encode, QueryBuilder, Type};
use uuid::Uuid;

use super::grants::GrantWrites;
use super::guard::lock_managed;
use super::passwords::hash_password;
use super::Accounts;
use crate::model::search_text;
use crate::rows::{found, Listing, ListingWhere, StoredName};
use crate::scope_sql::{push_scope, push_search};
use crate::BeginWrite;
use crate::{ListFilter, NewUser, Page, Paged, Result, ScopeCounts, StoreError, User, UserEdit};

#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    id: Uuid,
    email: Option<String>,
    pupil_code: Option<String>,
    display_name: String,
    locale: Option<String>,
    pub(crate) active: bool,
    must_change_password: bool,
    created_at: DateTime<Utc>,
    #[sqlx(try_from = "StoredName<DataSaver>")]
    data_saver: DataSaver,
}

impl From<UserRow> for User {
    fn from(r: UserRow) -> User {
        User {
            id: r.id,
            email: r.email,
            pupil_code: r.pupil_code,
            display_name: r.display_name,
            locale: r.locale.as_deref().and_then(Locale::parse),
            active: r.active,
            must_change_password: r.must_change_password,
            created_at: r.created_at,
            data_saver: r.data_saver,
        }
    }
}

pub(crate) const USER_COLS: &str =
    "id, email, pupil_code, display_name, locale, active, must_change_password, created_at, \
     data_saver";

/// [`USER_COLS`] of the table aliased `alias`, for joins.
pub(crate) fn user_columns(alias: &str) -> String {
    USER_COLS
        .split(", ")
        .map(|c| format!("{alias}.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Validated identity fields of an account.
struct Identity {
    display_name: String,
    email: Option<String>,
    pupil_code: Option<String>,
}

fn checked_identity(
    display_name: &str,
    email: Option<&str>,
    pupil_code: Option<&str>,
) -> Result<Identity> {
    let display_name =
        validate::name(display_name).map_err(|e| StoreError::invalid("display_name", e))?;
    let email = email
        .filter(|e| !e.trim().is_empty())
        .map(validate::email)
        .transpose()
        .map_err(|e| StoreError::invalid("email", e))?;
    let pupil_code = pupil_code
        .filter(|c| !c.trim().is_empty())
        .map(validate::pupil_code)
        .transpose()
        .map_err(|e| StoreError::invalid("pupil_code", e))?;
    if email.is_none() && pupil_code.is_none() {
        return Err(StoreError::invalid(
            "email",
            validate::FieldError::new("email-or-code-required"),
        ));
    }
    Ok(Identity {
        display_name,
        email,
        pupil_code,
    })
}

impl Accounts<'_> {
    /// Creates an account. The password must meet the policy; it is hashed here.
    pub async fn create_user(&self, new: &NewUser) -> Result<User> {
        self.create_user_with_grant(new, None).await
    }

    /// Creates an account and its first role in one transaction: a failure leaves neither.
    pub async fn create_user_with_grant(
        &self,
        new: &NewUser,
        grant: Option<&Grant>,
    ) -> Result<User> {
        let identity = checked_identity(
            &new.display_name,
            new.email.as_deref(),
            new.pupil_code.as_deref(),
        )?;
        password::check_policy(&new.password).map_err(|e| StoreError::invalid("password", e))?;
        let hash = hash_password(self.store, new.password.clone()).await?;
        let id = new_id();
        let at = self.store.now();
        on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO users (id, email, pupil_code, display_name, search_text, password_hash,
                   locale, active, must_change_password, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, TRUE, $8, $9, $9)",
            )
            .bind(id).bind(&identity.email).bind(&identity.pupil_code)
            .bind(&identity.display_name)
            .bind(user_search_text(&identity))
            .bind(&hash).bind(new.locale.map(Locale::code))
            .bind(new.must_change_password).bind(at)
            .execute(&mut *tx).await?;
            if let Some(grant) = grant {
                tx.insert_grant(id, grant.role, &grant.scope, at).await?;
            }
            tx.commit().await?;
        });
        self.user(id).await
    }

    /// Edits an account's identity and language.
    pub async fn update_user(&self, id: Uuid, edit: &UserEdit) -> Result<User> {
        self.edit_user(None, id, edit).await
    }

    /// Edits an account's identity and language on behalf of the admin holding `actor`:
    /// [`StoreError::NotFound`] unless every grant of the account lies in their scopes.
    pub async fn update_user_as_admin(
        &self,
        actor: &[Grant],
        id: Uuid,
        edit: &UserEdit,
    ) -> Result<User> {
        self.edit_user(Some(actor), id, edit).await
    }

    async fn edit_user(&self, actor: Option<&[Grant]>, id: Uuid, edit: &UserEdit) -> Result<User> {
        let identity = checked_identity(
            &edit.display_name,
            edit.email.as_deref(),
            edit.pupil_code.as_deref(),
        )?;
        let changed = on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            if let Some(actor) = actor {
                lock_managed(&mut *tx, id, actor).await?;
            }
            let changed = sqlx::query(
                "UPDATE users SET email = $2, pupil_code = $3, display_name = $4, search_text = $5,
                   locale = $6, updated_at = $7 WHERE id = $1",
            )
            .bind(id).bind(&identity.email).bind(&identity.pupil_code)
            .bind(&identity.display_name).bind(user_search_text(&identity))
            .bind(edit.locale.map(Locale::code)).bind(self.store.now())
            .execute(&mut *tx).await?.rows_affected();
            tx.commit().await?;
            changed
        });
        found(changed)?;
        self.user(id).await
    }

    /// Sets the interface language a person prefers.
    pub async fn set_user_locale(&self, id: Uuid, locale: Locale) -> Result<()> {
        on_db!(self.store, pool => {
            sqlx::query("UPDATE users SET locale = $2, updated_at = $3 WHERE id = $1")
                .bind(id).bind(locale.code()).bind(self.store.now()).execute(pool).await?;
        });
        Ok(())
    }

    /// Deactivates (or reactivates) an account; a deactivated account's sessions end.
    pub async fn set_user_active(&self, id: Uuid, active: bool) -> Result<()> {
        self.write_active(None, id, active).await
    }

    /// [`Accounts::set_user_active`] on behalf of the admin holding `actor`:
    /// [`StoreError::NotFound`] unless every grant of the account lies in their scopes.
    pub async fn set_user_active_as_admin(
        &self,
        actor: &[Grant],
        id: Uuid,
        active: bool,
    ) -> Result<()> {
        self.write_active(Some(actor), id, active).await
    }

    async fn write_active(&self, actor: Option<&[Grant]>, id: Uuid, active: bool) -> Result<()> {
        let changed = on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            if let Some(actor) = actor {
                lock_managed(&mut *tx, id, actor).await?;
            }
            let changed = sqlx::query("UPDATE users SET active = $2, updated_at = $3 WHERE id = $1")
                .bind(id).bind(active).bind(self.store.now()).execute(&mut *tx).await?.rows_affected();
            if !active {
                sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            changed
        });
        found(changed)
    }

    pub async fn user(&self, id: Uuid) -> Result<User> {
        let sql = format!("SELECT {USER_COLS} FROM users WHERE id = $1");
        Ok(self.store.fetch_one::<UserRow>(&sql, id).await?.into())
    }

    /// People holding a grant within the filter's scopes (and role and school, if given).
    pub async fn list_users(&self, filter: &ListFilter, page: Page) -> Result<Paged<User>> {
        let columns = user_columns("u");
        let listing = Listing {
            columns: &columns,
            from: "FROM users u WHERE ",
            order: "u.display_name, u.id",
        };
        let rows: Paged<UserRow> = self
            .store
            .fetch_page(&listing, &UsersWhere(filter), page)
            .await?;
        Ok(rows.map(User::from))
    }

    /// How many schools, classes, pupils and teachers lie within the given admin scopes.
    pub async fn scope_counts(&self, scopes: &[Scope]) -> Result<ScopeCounts> {
        Ok(on_db!(self.store, pool => {
            let mut schools = QueryBuilder::new("SELECT COUNT(*) FROM schools WHERE active = TRUE AND ");
            push_scope(&mut schools, scopes, "region_id", "id");
            let mut classes = QueryBuilder::new("SELECT COUNT(*) FROM classes WHERE active = TRUE AND ");
            push_scope(&mut classes, scopes, "region_id", "school_id");
            let mut pupils = QueryBuilder::new(
                "SELECT COUNT(DISTINCT user_id) FROM role_grants WHERE role IN ('pupil', 'trainee') AND ");
            push_scope(&mut pupils, scopes, "region_id", "school_id");
            let mut teachers = QueryBuilder::new(
                "SELECT COUNT(DISTINCT user_id) FROM role_grants WHERE role IN ('teacher', 'vocational_trainer') AND ");
            push_scope(&mut teachers, scopes, "region_id", "school_id");
            ScopeCounts {
                schools: schools.build_query_scalar().fetch_one(pool).await?,
                classes: classes.build_query_scalar().fetch_one(pool).await?,
                pupils: pupils.build_query_scalar().fetch_one(pool).await?,
                teachers: teachers.build_query_scalar().fetch_one(pool).await?,
            }
        }))
    }
}

/// Which people a listing shows: holding a grant within the scopes (and of the role, in
/// the school, if given), matching the search.
struct UsersWhere<'f>(&'f ListFilter);

impl ListingWhere for UsersWhere<'_> {
    fn push<'a, DB: Database>(&'a self, qb: &mut QueryBuilder<'a, DB>)
    where
        Uuid: Encode<'a, DB> + Type<DB>,
        String: Encode<'a, DB> + Type<DB>,
        &'a str: Encode<'a, DB> + Type<DB>,
    {
        let filter = self.0;
        let ministry = filter.scopes.iter().any(|s| matches!(s, Scope::National));
        let narrowed = filter.role.is_some() || filter.school.is_some();
        if ministry && !narrowed {
            // The ministry also sees people without any grant yet.
            qb.push("(1 = 1)");
        } else {
            qb.push("EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = u.id AND ");
            push_scope(qb, &filter.scopes, "g.region_id", "g.school_id");
            if let Some(role) = filter.role {
                qb.push(" AND g.role = ").push_bind(role.as_str());
            }
            if let Some(school) = filter.school {
                qb.push(" AND g.school_id = ").push_bind(school);
            }
            qb.push(")");
        }
        push_search(qb, "u.search_text", filter.query.as_deref());
        if !filter.include_inactive {
            qb.push(" AND u.active = TRUE");
        }
    }
}

fn user_search_text(identity: &Identity) -> String {
    search_text(&[
        identity.display_name.as_str(),
        identity.email.as_deref().unwrap_or_default(),
        identity.pupil_code.as_deref().unwrap_or_default(),
    ])
}
