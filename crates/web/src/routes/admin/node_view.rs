//! How a school node reads on the admin pages: its school and who registered it by name,
//! its key's fingerprint, what it last reported, and its state — active, revoked, never
//! contacted, or silent for longer than [`SILENT_AFTER_DAYS`].

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use lawha_store::sync::nodes::SchoolNode;
use lawha_store::{School, StoreError};
use uuid::Uuid;

use super::node_form::fingerprint;
use crate::error::AppResult;
use crate::page::PageCtx;
use crate::AppState;

/// A node that has not been heard from for this many days is shown as silent: a node
/// with a link syncs several times a day, and one fed by USB stick at least weekly.
pub const SILENT_AFTER_DAYS: i64 = 7;

/// Where a node stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeState {
    Active,
    Revoked,
    NeverContacted,
    /// Heard from last this many whole days ago (more than [`SILENT_AFTER_DAYS`]).
    Silent(i64),
}

impl NodeState {
    pub fn of(node: &SchoolNode, now: DateTime<Utc>) -> NodeState {
        if node.revoked_at.is_some() {
            return NodeState::Revoked;
        }
        match node.last_contact_at {
            None => NodeState::NeverContacted,
            Some(at) => {
                let days = (now - at).num_days();
                if days > SILENT_AFTER_DAYS {
                    NodeState::Silent(days)
                } else {
                    NodeState::Active
                }
            }
        }
    }
}

/// When the node was last heard from, both ways of saying it.
pub struct Contact {
    /// "il y a 3 heures".
    pub relative: String,
    /// The date and time in the platform's time zone.
    pub absolute: String,
}

/// One node as its row and its page show it.
pub struct NodeRow {
    pub id: Uuid,
    pub school: String,
    pub name: String,
    pub fingerprint: String,
    pub public_key: String,
    pub registered_by: String,
    pub registered_at: String,
    pub last_contact: Option<Contact>,
    pub pack: String,
    pub backlog: Option<String>,
    pub app_version: String,
    /// Events and edits of its batches set aside (about people outside its school).
    pub set_aside: String,
    pub revoked_at: String,
    pub state_label: String,
    /// `tag` plus `off` (revoked) or `warn` (never contacted, silent).
    pub state_class: &'static str,
    pub revoked: bool,
}

/// The date and time `at` in the platform's time zone, in the page's language.
fn date_time(state: &AppState, page: &PageCtx, at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&state.config.time_zone);
    format!(
        "{} {}",
        crate::format::date(page.locale, &local),
        local.format("%H:%M")
    )
}

/// How long ago `at` was, in the largest whole unit (minutes, hours, days).
fn ago(page: &PageCtx, at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let elapsed = (now - at).max(chrono::TimeDelta::zero());
    if elapsed.num_hours() < 1 {
        page.tn("ago-minutes", "count", elapsed.num_minutes())
    } else if elapsed.num_days() < 1 {
        page.tn("ago-hours", "count", elapsed.num_hours())
    } else {
        page.tn("ago-days", "count", elapsed.num_days())
    }
}

/// The rows of `nodes`, naming schools and registrars (each looked up once).
pub async fn rows(
    state: &AppState,
    page: &PageCtx,
    nodes: &[SchoolNode],
) -> AppResult<Vec<NodeRow>> {
    let now = state.now();
    let mut schools: HashMap<Uuid, School> = HashMap::new();
    let mut people: HashMap<Uuid, String> = HashMap::new();
    let mut out = Vec::with_capacity(nodes.len());
    for node in nodes {
        if let Entry::Vacant(slot) = schools.entry(node.school_id) {
            slot.insert(state.store.org().school(node.school_id).await?);
        }
        if let Entry::Vacant(slot) = people.entry(node.registered_by) {
            slot.insert(
                match state.store.accounts().user(node.registered_by).await {
                    Ok(u) => u.display_name,
                    Err(StoreError::NotFound) => String::new(),
                    Err(e) => return Err(e.into()),
                },
            );
        }
        let school = schools
            .get(&node.school_id)
            .map(|s| format!("{} — {}", s.code, s.name(page.locale)))
            .unwrap_or_default();
        let state_now = NodeState::of(node, now);
        let (state_label, state_class) = match state_now {
            NodeState::Active => (page.t("nodes-state-active"), "tag"),
            NodeState::Revoked => (page.t("nodes-state-revoked"), "tag off"),
            NodeState::NeverContacted => (page.t("nodes-state-never"), "tag warn"),
            NodeState::Silent(days) => (page.tn("nodes-state-silent", "days", days), "tag warn"),
        };
        out.push(NodeRow {
            id: node.id,
            school,
            name: node.name.clone(),
            fingerprint: fingerprint(&node.public_key),
            public_key: hex::encode(&node.public_key),
            registered_by: people.get(&node.registered_by).cloned().unwrap_or_default(),
            registered_at: date_time(state, page, node.registered_at),
            last_contact: node.last_contact_at.map(|at| Contact {
                relative: ago(page, at, now),
                absolute: date_time(state, page, at),
            }),
            pack: node.last_pack_id.clone().unwrap_or_default(),
            backlog: node.last_backlog.map(|n| page.num(n)),
            app_version: node.last_app_version.clone().unwrap_or_default(),
            set_aside: page.num(node.set_aside),
            revoked_at: node
                .revoked_at
                .map(|at| date_time(state, page, at))
                .unwrap_or_default(),
            state_label,
            state_class,
            revoked: state_now == NodeState::Revoked,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(contact: Option<DateTime<Utc>>, revoked: Option<DateTime<Utc>>) -> SchoolNode {
        SchoolNode {
            id: Uuid::nil(),
            school_id: Uuid::nil(),
            name: "n".into(),
            public_key: vec![0; 32],
            registered_by: Uuid::nil(),
            registered_at: DateTime::UNIX_EPOCH,
            revoked_at: revoked,
            last_contact_at: contact,
            last_pack_id: None,
            last_backlog: None,
            last_app_version: None,
            set_aside: 0,
        }
    }

    #[test]
    fn states_follow_revocation_then_the_last_contact() {
        let now = DateTime::UNIX_EPOCH + chrono::TimeDelta::days(100);
        let days_ago = |d| Some(now - chrono::TimeDelta::days(d));
        assert_eq!(
            NodeState::of(&node(None, None), now),
            NodeState::NeverContacted
        );
        assert_eq!(
            NodeState::of(&node(days_ago(7), None), now),
            NodeState::Active
        );
        assert_eq!(
            NodeState::of(&node(days_ago(8), None), now),
            NodeState::Silent(8)
        );
        assert_eq!(
            NodeState::of(&node(days_ago(0), days_ago(1)), now),
            NodeState::Revoked
        );
    }
}
