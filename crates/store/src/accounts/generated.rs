//! Pupils of generated datasets (the synthetic national generator): thousands of accounts
//! and their class grants in a few statements and one transaction. They cannot sign in —
//! their password hash is unusable — because they exist to be counted.

use lawha_core::{new_id, Role, Scope};
use uuid::Uuid;

use super::Accounts;
use crate::{BeginWrite, Class, Result};

/// A generated pupil and the class it belongs to.
#[derive(Debug, Clone)]
pub struct GeneratedPupil<'a> {
    pub id: Uuid,
    pub pupil_code: String,
    pub display_name: String,
    pub class: &'a Class,
}

/// Matches no argon2 hash, so no password signs in.
const NO_PASSWORD: &str = "!synthetic";

/// Nine binds per user row: well under either engine's limit.
const ROWS_PER_STATEMENT: usize = 500;

impl Accounts<'_> {
    /// Inserts the pupils, each with a pupil grant on its class, in one transaction.
    pub async fn insert_generated_pupils(&self, pupils: &[GeneratedPupil<'_>]) -> Result<()> {
        let at = self.store.now();
        let rows: Vec<Row> = pupils.iter().map(Row::of).collect();
        on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            for chunk in rows.chunks(ROWS_PER_STATEMENT) {
                let mut q = sqlx::QueryBuilder::new(
                    "INSERT INTO users (id, pupil_code, display_name, search_text, password_hash,
                       active, must_change_password, created_at, updated_at) ",
                );
                q.push_values(chunk, |mut b, row| {
                    let p = row.pupil;
                    b.push_bind(p.id).push_bind(p.pupil_code.as_str())
                        .push_bind(p.display_name.as_str()).push_bind(row.search_text.as_str())
                        .push_bind(NO_PASSWORD).push_bind(true).push_bind(false)
                        .push_bind(at).push_bind(at);
                });
                q.build().execute(&mut *tx).await?;
                let mut q = sqlx::QueryBuilder::new(
                    "INSERT INTO role_grants (id, user_id, role, scope_key, region_id, school_id,
                       class_id, created_at) ",
                );
                q.push_values(chunk, |mut b, row| {
                    let class = row.pupil.class;
                    b.push_bind(new_id()).push_bind(row.pupil.id).push_bind(Role::Pupil.as_str())
                        .push_bind(row.scope_key.as_str()).push_bind(class.region_id)
                        .push_bind(class.school_id).push_bind(class.id).push_bind(at);
                });
                q.build().execute(&mut *tx).await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }
}

/// A pupil with the texts its rows need.
struct Row<'p, 'c> {
    pupil: &'p GeneratedPupil<'c>,
    search_text: String,
    scope_key: String,
}

impl<'p, 'c> Row<'p, 'c> {
    fn of(pupil: &'p GeneratedPupil<'c>) -> Self {
        let class = pupil.class;
        let scope = Scope::Class {
            region: class.region_id,
            school: class.school_id,
            class: class.id,
        };
        Row {
            pupil,
            search_text: format!("{} {}", pupil.display_name, pupil.pupil_code).to_lowercase(),
            scope_key: scope.key().to_string(),
        }
    }
}
