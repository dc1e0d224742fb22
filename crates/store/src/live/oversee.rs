//! Who oversees a session without hosting it or being in its audience: the administrators
//! whose scope holds its class, group or establishment, or every line of a staff meeting's
//! invitations (`core::live::may_oversee`). They see its page — attendance, the CSV,
//! recordings — and may retry a failed recording; they neither join as host nor end it.

use lawha_core::live::{may_oversee, Audience, AudiencePlace};
use lawha_core::role::Grant;
use lawha_core::Scope;
use uuid::Uuid;

use super::Live;
use crate::Result;

impl Live<'_> {
    /// Whether `person` oversees `session` as an administrator in scope. A class or
    /// establishment that is gone or inactive is overseen by nobody.
    pub async fn may_oversee(&self, person: Uuid, session: Uuid) -> Result<bool> {
        let grants: Vec<Grant> = self
            .store
            .accounts()
            .grants(person)
            .await?
            .into_iter()
            .map(|g| Grant {
                role: g.role,
                scope: g.scope,
            })
            .collect();
        if grants.is_empty() {
            return Ok(false);
        }
        let audience = self.session(session).await?.audience;
        let scope = match &audience {
            Audience::Class(class) => {
                let found: Option<(Uuid, Uuid)> = on_db!(self.store, pool => {
                    sqlx::query_as("SELECT school_id, region_id FROM classes WHERE id = $1 AND active")
                        .bind(class).fetch_optional(pool).await?
                });
                found.map(|(school, region)| {
                    AudiencePlace::Class(Scope::Class {
                        region,
                        school,
                        class: *class,
                    })
                })
            }
            Audience::Programme { school, .. } => {
                let found: Option<Uuid> = on_db!(self.store, pool => {
                    sqlx::query_scalar("SELECT region_id FROM schools WHERE id = $1 AND active")
                        .bind(school).fetch_optional(pool).await?
                });
                found.map(|region| {
                    AudiencePlace::Programme(Scope::School {
                        region,
                        school: *school,
                    })
                })
            }
            // Stored with each school's own region (see `schedule`).
            Audience::Staff(lines) => Some(AudiencePlace::Staff(lines)),
        };
        Ok(scope.is_some_and(|place| may_oversee(&grants, &place)))
    }
}
