//! People: accounts, their role grants, the classes teachers teach and the children
//! parents follow.

use chrono::{DateTime, Utc};
use lawha_core::role::{can_grant, Grant};
use lawha_core::{new_id, password, validate, Locale, Role, Scope};
use sqlx::QueryBuilder;
use uuid::Uuid;

use super::Accounts;
use crate::accounts::grants::GrantWrites;
use crate::accounts::guard::lock_managed;
use crate::model::search_text;
use crate::scope_sql::{push_scope, push_search};
use crate::BeginWrite;
use crate::{
    Admission, ClassSummary, ListFilter, NewUser, Page, Paged, Result, ScopeCounts, Store,
    StoreError, StoredGrant, User, UserEdit,
};

#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    id: Uuid,
    email: Option<String>,
    pupil_code: Option<String>,
    display_name: String,
    locale: Option<String>,
    active: bool,
    must_change_password: bool,
    created_at: DateTime<Utc>,
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
        }
    }
}

pub(crate) const USER_COLS: &str =
    "id, email, pupil_code, display_name, locale, active, must_change_password, created_at";

#[derive(sqlx::FromRow)]
struct GrantRow {
    id: Uuid,
    role: String,
    region_id: Option<Uuid>,
    school_id: Option<Uuid>,
    class_id: Option<Uuid>,
}

impl GrantRow {
    /// Rebuilds the grant; rows with an unknown role (from a newer release) are skipped.
    fn into_grant(self) -> Option<StoredGrant> {
        let role = Role::parse(&self.role)?;
        Some(StoredGrant {
            id: self.id,
            role,
            scope: scope_of(self.region_id, self.school_id, self.class_id),
        })
    }
}

/// A grant's scope from its denormalised region, school and class columns.
pub(crate) fn scope_of(region: Option<Uuid>, school: Option<Uuid>, class: Option<Uuid>) -> Scope {
    match (region, school, class) {
        (Some(region), Some(school), Some(class)) => Scope::Class {
            region,
            school,
            class,
        },
        (Some(region), Some(school), None) => Scope::School { region, school },
        (Some(region), None, None) => Scope::Region { region },
        _ => Scope::National,
    }
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

/// Hashes off the async runtime, through the store's gate: argon2 takes tens of
/// milliseconds and 19 MiB on purpose.
pub(crate) async fn hash_password(store: &Store, plain: String) -> Result<String> {
    Ok(store
        .password_hashing()
        .run(move || password::hash(&plain))
        .await??)
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
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
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
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

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
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    pub async fn user(&self, id: Uuid) -> Result<User> {
        let row = on_db!(self.store, pool => {
            sqlx::query_as::<_, UserRow>(&format!("SELECT {USER_COLS} FROM users WHERE id = $1"))
                .bind(id).fetch_one(pool).await?
        });
        Ok(row.into())
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

    /// People holding a grant within the filter's scopes (and role and school, if given).
    pub async fn list_users(&self, filter: &ListFilter, page: Page) -> Result<Paged<User>> {
        let (rows, total) = on_db!(self.store, pool => {
            let mut count = QueryBuilder::new("SELECT COUNT(*) FROM users u WHERE ");
            let mut select = QueryBuilder::new(format!(
                "SELECT {} FROM users u WHERE ",
                USER_COLS.split(", ").map(|c| format!("u.{c}")).collect::<Vec<_>>().join(", ")
            ));
            for qb in [&mut count, &mut select] {
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
            select.push(" ORDER BY u.display_name, u.id LIMIT ").push_bind(page.limit())
                .push(" OFFSET ").push_bind(page.offset());
            let total: i64 = count.build_query_scalar().fetch_one(pool).await?;
            let rows: Vec<UserRow> = select.build_query_as().fetch_all(pool).await?;
            (rows, total)
        });
        Ok(Paged {
            items: rows.into_iter().map(User::from).collect(),
            total,
            number: page.number,
            size: page.size,
        })
    }

    // ---- grants ----

    /// Grants a role within a scope (idempotent).
    pub async fn add_grant(&self, user_id: Uuid, grant: &Grant) -> Result<()> {
        on_db!(self.store, pool => {
            let mut conn = pool.acquire().await?;
            conn.insert_grant(user_id, grant.role, &grant.scope, self.store.now()).await?;
        });
        Ok(())
    }

    /// Grants a role on behalf of the admin holding `actor`: the grant must lie in their
    /// scopes ([`can_grant`]) and so must every grant the person already holds, else
    /// [`StoreError::NotFound`]. Otherwise a grant in the admin's school would bring an
    /// account of another school under their hand.
    pub async fn add_grant_as_admin(
        &self,
        actor: &[Grant],
        user_id: Uuid,
        grant: &Grant,
    ) -> Result<()> {
        if !can_grant(actor, grant) {
            return Err(StoreError::NotFound);
        }
        on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            lock_managed(&mut *tx, user_id, actor).await?;
            tx.insert_grant(user_id, grant.role, &grant.scope, self.store.now()).await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Removes one grant of a person.
    pub async fn remove_grant(&self, user_id: Uuid, grant_id: Uuid) -> Result<()> {
        let changed = on_db!(self.store, pool => {
            sqlx::query("DELETE FROM role_grants WHERE id = $1 AND user_id = $2")
                .bind(grant_id).bind(user_id).execute(pool).await?.rows_affected()
        });
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// A person's grants, widest role first.
    pub async fn grants(&self, user_id: Uuid) -> Result<Vec<StoredGrant>> {
        let rows = on_db!(self.store, pool => {
            sqlx::query_as::<_, GrantRow>(
                "SELECT id, role, region_id, school_id, class_id FROM role_grants
                 WHERE user_id = $1 ORDER BY role, scope_key",
            )
            .bind(user_id).fetch_all(pool).await?
        });
        Ok(rows.into_iter().filter_map(GrantRow::into_grant).collect())
    }

    /// The distinct roles each of the given people holds, for listings (one query).
    pub async fn roles_of(&self, user_ids: &[Uuid]) -> Result<Vec<(Uuid, Role)>> {
        if user_ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<(Uuid, String)> = on_db!(self.store, pool => {
            let mut q = QueryBuilder::new("SELECT DISTINCT user_id, role FROM role_grants WHERE user_id IN (");
            let mut ids = q.separated(", ");
            for id in user_ids {
                ids.push_bind(*id);
            }
            q.push(") ORDER BY role");
            q.build_query_as().fetch_all(pool).await?
        });
        Ok(rows
            .into_iter()
            .filter_map(|(user, role)| Some((user, Role::parse(&role)?)))
            .collect())
    }

    // ---- teaching and family links ----

    /// Records that a teacher (or trainer) teaches a class, optionally one subject.
    pub async fn assign_teacher(
        &self,
        class_id: Uuid,
        user_id: Uuid,
        subject: Option<&str>,
    ) -> Result<()> {
        on_db!(self.store, pool => {
            sqlx::query(
                "INSERT INTO class_teachers (class_id, user_id, subject_code) VALUES ($1, $2, $3)
                 ON CONFLICT (class_id, user_id) DO UPDATE SET subject_code = excluded.subject_code",
            )
            .bind(class_id).bind(user_id).bind(subject).execute(pool).await?;
        });
        Ok(())
    }

    /// Whether a teacher (or trainer) is assigned to a class.
    pub async fn teaches(&self, user_id: Uuid, class_id: Uuid) -> Result<bool> {
        let n: i64 = on_db!(self.store, pool => {
            sqlx::query_scalar("SELECT COUNT(*) FROM class_teachers WHERE user_id = $1 AND class_id = $2")
                .bind(user_id).bind(class_id).fetch_one(pool).await?
        });
        Ok(n > 0)
    }

    /// Classes a teacher teaches (or a pupil belongs to), with pupil counts.
    pub async fn classes_of(&self, user_id: Uuid) -> Result<Vec<ClassSummary>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            #[sqlx(flatten)]
            class: crate::Class,
            school_name_ar: String,
            school_name_fr: String,
            pupils: i64,
        }
        let rows = on_db!(self.store, pool => {
            sqlx::query_as::<_, Row>(
                "SELECT c.id, c.school_id, c.region_id, c.name, c.school_year, c.level_code,
                   c.programme_code, c.active, s.name_ar AS school_name_ar, s.name_fr AS school_name_fr,
                   (SELECT COUNT(*) FROM role_grants p WHERE p.class_id = c.id
                      AND p.role IN ('pupil', 'trainee')) AS pupils
                 FROM classes c JOIN schools s ON s.id = c.school_id
                 WHERE c.id IN (SELECT class_id FROM class_teachers WHERE user_id = $1
                                UNION SELECT class_id FROM role_grants WHERE user_id = $1 AND class_id IS NOT NULL)
                 ORDER BY c.school_year DESC, c.name",
            )
            .bind(user_id).fetch_all(pool).await?
        });
        Ok(rows
            .into_iter()
            .map(|r| ClassSummary {
                class: r.class,
                school_name_ar: r.school_name_ar,
                school_name_fr: r.school_name_fr,
                pupils: r.pupils,
            })
            .collect())
    }

    /// Pupils and trainees of a class, by name.
    pub async fn class_members(&self, class_id: Uuid) -> Result<Vec<User>> {
        let rows = on_db!(self.store, pool => {
            sqlx::query_as::<_, UserRow>(&format!(
                "SELECT {} FROM users u WHERE u.id IN (SELECT user_id FROM role_grants
                   WHERE class_id = $1 AND role IN ('pupil', 'trainee'))
                 ORDER BY u.display_name",
                USER_COLS.split(", ").map(|c| format!("u.{c}")).collect::<Vec<_>>().join(", ")
            ))
            .bind(class_id).fetch_all(pool).await?
        });
        Ok(rows.into_iter().map(User::from).collect())
    }

    /// Links a parent to a pupil (idempotent).
    pub async fn link_parent(&self, parent_id: Uuid, pupil_id: Uuid) -> Result<()> {
        on_db!(self.store, pool => {
            sqlx::query(
                "INSERT INTO parent_links (parent_id, pupil_id) VALUES ($1, $2)
                 ON CONFLICT (parent_id, pupil_id) DO NOTHING",
            )
            .bind(parent_id).bind(pupil_id).execute(pool).await?;
        });
        Ok(())
    }

    /// The pupils a parent follows.
    pub async fn children_of(&self, parent_id: Uuid) -> Result<Vec<User>> {
        let rows = on_db!(self.store, pool => {
            sqlx::query_as::<_, UserRow>(&format!(
                "SELECT {} FROM users u JOIN parent_links l ON l.pupil_id = u.id
                 WHERE l.parent_id = $1 ORDER BY u.display_name",
                USER_COLS.split(", ").map(|c| format!("u.{c}")).collect::<Vec<_>>().join(", ")
            ))
            .bind(parent_id).fetch_all(pool).await?
        });
        Ok(rows.into_iter().map(User::from).collect())
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

fn user_search_text(identity: &Identity) -> String {
    search_text(&[
        identity.display_name.as_str(),
        identity.email.as_deref().unwrap_or_default(),
        identity.pupil_code.as_deref().unwrap_or_default(),
    ])
}
