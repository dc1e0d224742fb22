//! The reads of [`HelpReads`], for one engine's connection (`super::Conn`).

use chrono::{DateTime, Utc};
use lawha_core::help::{AgentAction, AgentReach, TicketPlace};
use lawha_core::role::{can_manage_account, Grant};
use lawha_core::Role;
use uuid::Uuid;

use super::Conn;
use crate::accounts::guard::AccountGuard;
use crate::recovery::helpers::{FromTicket, HelpReads, Ties};
use crate::Result;

impl HelpReads for Conn {
    async fn ties(
        &mut self,
        actor: Uuid,
        grants: &[Grant],
        target: Uuid,
        lock: bool,
    ) -> Result<Option<Ties>> {
        if actor == target {
            return Ok(None);
        }
        let exists = match lock {
            true => self.lock_by_id(target).await?,
            false => {
                let found: Option<i32> = sqlx::query_scalar("SELECT 1 FROM users WHERE id = $1")
                    .bind(target)
                    .fetch_optional(&mut *self)
                    .await?;
                found.is_some()
            }
        };
        if !exists {
            return Ok(None);
        }
        let (teaches, parent, is_pupil): (i64, i64, i64) = sqlx::query_as(
            "SELECT
               (SELECT COUNT(*) FROM role_grants g
                  JOIN class_teachers ct ON ct.class_id = g.class_id
                 WHERE g.user_id = $1 AND g.role = 'pupil' AND ct.user_id = $2),
               (SELECT COUNT(*) FROM parent_links WHERE pupil_id = $1 AND parent_id = $2),
               (SELECT COUNT(*) FROM users WHERE id = $1 AND pupil_code IS NOT NULL)",
        )
        .bind(target)
        .bind(actor)
        .fetch_one(&mut *self)
        .await?;
        let held = self.grant_scopes(target).await?;
        let roles: Vec<String> = sqlx::query_scalar("SELECT role FROM role_grants WHERE user_id = $1")
            .bind(target)
            .fetch_all(&mut *self)
            .await?;
        // Only people an agent may help: never administrators or other staff.
        let helpable = !roles.is_empty()
            && roles
                .iter()
                .all(|r| Role::parse(r).is_some_and(lawha_core::help::agent_may_help));
        // A support agent helps the people placed wholly inside their regions (or anyone
        // placed, nationally).
        let reach = AgentReach::of(grants);
        let agent = reach.is_agent()
            && helpable
            && !held.is_empty()
            && held.iter().all(|s| {
                reach.covers(TicketPlace {
                    region: s.region(),
                    school: s.school(),
                })
            });
        let manages = can_manage_account(grants, held);
        // The links count only while the helper still holds the role they come from.
        let holds = |roles: &[Role]| grants.iter().any(|g| roles.contains(&g.role));
        Ok(Some(Ties {
            teaches: teaches > 0 && holds(&[Role::Teacher, Role::VocationalTrainer]),
            parent: parent > 0 && holds(&[Role::Parent]),
            manages,
            agent,
            is_pupil: is_pupil > 0,
        }))
    }

    async fn log_help(
        &mut self,
        actor: Uuid,
        target: Uuid,
        action: &str,
        at: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query("INSERT INTO help_log (id, actor_id, target_id, action, at) VALUES ($1, $2, $3, $4, $5)")
            .bind(lawha_core::id::new_id())
            .bind(actor)
            .bind(target)
            .bind(action)
            .bind(at)
            .execute(&mut *self)
            .await?;
        Ok(())
    }

    async fn log_agent_help(
        &mut self,
        actor: Uuid,
        action: AgentAction,
        from: FromTicket,
        target: Uuid,
        at: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query(crate::help::audit::INSERT)
            .bind(lawha_core::id::new_id())
            .bind(actor)
            .bind(action.as_str())
            .bind(from.ticket)
            .bind(target)
            .bind(from.region)
            .bind(at)
            .execute(&mut *self)
            .await?;
        Ok(())
    }
}
