//! [`DownWrites`] for one engine's connection.

use std::collections::HashSet;

use uuid::Uuid;

use super::Conn;
use crate::schoolbag::PackContent;
use crate::sync::down::apply::{DownWrites, Removed};
use crate::sync::down::Roster;
use crate::Result;

impl DownWrites for Conn {
    async fn state(&mut self, key: &str) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT value FROM sync_state WHERE key = $1")
                .bind(key)
                .fetch_optional(&mut *self)
                .await?,
        )
    }

    async fn set_state(&mut self, key: &str, value: Option<&str>) -> Result<()> {
        match value {
            Some(value) => sqlx::query(
                "INSERT INTO sync_state (key, value) VALUES ($1, $2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )
            .bind(key)
            .bind(value),
            None => sqlx::query("DELETE FROM sync_state WHERE key = $1").bind(key),
        }
        .execute(&mut *self)
        .await?;
        Ok(())
    }

    async fn remove_departed(
        &mut self,
        school: Uuid,
        roster: &Roster,
        content: &PackContent,
    ) -> Result<Removed> {
        let people: HashSet<Uuid> = roster.people.iter().copied().collect();
        let grants: HashSet<Uuid> = roster.grants.iter().copied().collect();
        let mut removed = Removed::default();

        // The node's people are those holding a grant in its school (every grant a node
        // holds is: accounts with others never travel).
        let holders: Vec<Uuid> =
            sqlx::query_scalar("SELECT DISTINCT user_id FROM role_grants WHERE school_id = $1")
                .bind(school)
                .fetch_all(&mut *self)
                .await?;
        for person in holders.into_iter().filter(|p| !people.contains(p)) {
            for sql in [
                "DELETE FROM role_grants WHERE user_id = $1",
                "DELETE FROM class_teachers WHERE user_id = $1",
                "DELETE FROM parent_links WHERE parent_id = $1 OR pupil_id = $1",
                "DELETE FROM sessions WHERE user_id = $1",
            ] {
                removed.links += sqlx::query(sql)
                    .bind(person)
                    .execute(&mut *self)
                    .await?
                    .rows_affected();
            }
            // Inactive, with its edit time unchanged: the account cannot sign in, nothing
            // of it goes up, and the platform's row puts it back if they return.
            sqlx::query("UPDATE users SET active = $2 WHERE id = $1")
                .bind(person)
                .bind(false)
                .execute(&mut *self)
                .await?;
            removed.people += 1;
        }

        let held: Vec<Uuid> = sqlx::query_scalar("SELECT id FROM role_grants WHERE school_id = $1")
            .bind(school)
            .fetch_all(&mut *self)
            .await?;
        for grant in held.into_iter().filter(|g| !grants.contains(g)) {
            removed.links += sqlx::query("DELETE FROM role_grants WHERE id = $1")
                .bind(grant)
                .execute(&mut *self)
                .await?
                .rows_affected();
        }

        let teaching: HashSet<(Uuid, Uuid)> = content
            .class_teachers
            .iter()
            .map(|t| (t.class_id, t.user_id))
            .collect();
        let taught: Vec<(Uuid, Uuid)> = sqlx::query_as(
            "SELECT t.class_id, t.user_id FROM class_teachers t
             JOIN classes c ON c.id = t.class_id WHERE c.school_id = $1",
        )
        .bind(school)
        .fetch_all(&mut *self)
        .await?;
        for (class, user) in taught.into_iter().filter(|k| !teaching.contains(k)) {
            removed.links += sqlx::query("DELETE FROM class_teachers WHERE class_id = $1 AND user_id = $2")
                .bind(class)
                .bind(user)
                .execute(&mut *self)
                .await?
                .rows_affected();
        }

        let linked: HashSet<(Uuid, Uuid)> = content
            .parent_links
            .iter()
            .map(|l| (l.parent_id, l.pupil_id))
            .collect();
        let links: Vec<(Uuid, Uuid)> = sqlx::query_as("SELECT parent_id, pupil_id FROM parent_links")
            .fetch_all(&mut *self)
            .await?;
        for (parent, pupil) in links.into_iter().filter(|k| !linked.contains(k)) {
            removed.links += sqlx::query("DELETE FROM parent_links WHERE parent_id = $1 AND pupil_id = $2")
                .bind(parent)
                .bind(pupil)
                .execute(&mut *self)
                .await?
                .rows_affected();
        }
        Ok(removed)
    }
}
