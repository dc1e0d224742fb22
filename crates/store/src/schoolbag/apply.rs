//! Applying a pack's content on a school node, in one transaction: the format version and
//! every reference are checked first (a row may point at a row of the pack or one already
//! on the node), then rows are written in dependency order, each only when it differs from
//! the node's, so that applying the same pack twice changes nothing. That includes the
//! catalog version, which the catalog triggers move for every write so that the node's
//! in-memory catalog reloads: PostgreSQL's triggers run per statement, even one that
//! changes no row, so an unconditional upsert would move it every time. Accounts edited on
//! both sides keep the later `updated_at`; the pupils' own data (answers, views, cards,
//! completions) is never written.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::content::{ApplySummary, PackContent, PackFault, FORMAT_VERSION};
use super::record_writes::RecordWrites;
use super::records::{CapsuleRow, Key, Record, UserRow, Value};
use super::Schoolbag;
use crate::{BeginWrite, Result, StoreError};

impl Schoolbag<'_> {
    /// Applies `content` on this node; refused whole, with nothing written, when its format
    /// version is unknown or a row names a row that is neither in the pack nor here. A
    /// school's pack carries its roster: those not on it are taken off the node in the same
    /// transaction, as a pull does (`sync::down::apply_pack_roster`).
    pub async fn apply_pack_content(&self, content: &PackContent) -> Result<ApplySummary> {
        if content.format_version != FORMAT_VERSION {
            return Err(PackFault::UnknownFormat {
                found: content.format_version,
            }
            .into());
        }
        let content = self.with_node_regions(content).await?;
        let at = self.store.now();
        let summary = on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            let mut summary = apply_rows(&mut *tx, &content, at).await?;
            summary.people_removed =
                crate::sync::down::apply_pack_roster(&mut *tx, &content).await?.people;
            record_install(&mut *tx, &content, &summary, at).await?;
            crate::sync::down::forget_roster(&mut *tx).await?;
            tx.commit().await?;
            summary
        });
        Ok(summary)
    }

    /// `content` with the platform's region ids replaced by this node's (matched by code).
    pub(crate) async fn with_node_regions(&self, content: &PackContent) -> Result<PackContent> {
        let mut map = HashMap::new();
        for region in &content.regions {
            match self.store.org().region_by_code(&region.code).await {
                Ok(here) => {
                    map.insert(region.id, here.id);
                }
                Err(StoreError::NotFound) => {
                    return Err(PackFault::UnknownRegion {
                        code: region.code.clone(),
                    }
                    .into())
                }
                Err(e) => return Err(e),
            }
        }
        let here = |id: Uuid| map.get(&id).copied().unwrap_or(id);
        let mut content = content.clone();
        for province in &mut content.provinces {
            province.region_id = here(province.region_id);
        }
        for school in &mut content.schools {
            school.region_id = here(school.region_id);
        }
        for class in &mut content.classes {
            class.region_id = here(class.region_id);
        }
        for grant in &mut content.grants {
            grant.region_id = grant.region_id.map(here);
        }
        for region in &mut content.regions {
            region.id = here(region.id);
        }
        Ok(content)
    }
}

/// Checks `content`'s references, then writes its rows (see the module doc), inside the
/// caller's transaction: a pack's, or a down batch's (`sync::down`), which also moves its
/// cursor. `content`'s regions must be this node's already ([`Schoolbag::with_node_regions`]).
pub(crate) async fn apply_rows<C: RecordWrites>(
    conn: &mut C,
    content: &PackContent,
    at: DateTime<Utc>,
) -> Result<ApplySummary> {
    check_references(conn, content).await?;
    write_rows(conn, content, at).await
}

/// Every key the pack brings, by table.
fn pack_keys(content: &PackContent) -> HashSet<(&'static str, Key)> {
    fn add<R: Record>(keys: &mut HashSet<(&'static str, Key)>, rows: &[R]) {
        keys.extend(rows.iter().filter_map(|r| match r.values().first() {
            Some(Value::Id(Some(id))) => Some((R::TABLE, Key::Id(*id))),
            _ => None,
        }));
    }
    let mut keys = HashSet::new();
    add(&mut keys, &content.provinces);
    add(&mut keys, &content.schools);
    add(&mut keys, &content.classes);
    add(&mut keys, &content.users);
    add(&mut keys, &content.units);
    add(&mut keys, &content.lessons);
    add(&mut keys, &content.capsules);
    add(&mut keys, &content.media_assets);
    add(&mut keys, &content.exercise_sets);
    add(&mut keys, &content.assignments);
    keys
}

/// Keys already found on the node, so that each is looked up once.
type Found = HashSet<(&'static str, Key)>;

/// Refuses the first row whose reference is found neither in the pack nor on the node.
async fn check_references<C: RecordWrites>(conn: &mut C, content: &PackContent) -> Result<()> {
    let in_pack = pack_keys(content);
    let mut found = Found::new();
    check_rows(conn, &content.provinces, &in_pack, &mut found).await?;
    check_rows(conn, &content.schools, &in_pack, &mut found).await?;
    check_rows(conn, &content.classes, &in_pack, &mut found).await?;
    check_rows(conn, &content.grants, &in_pack, &mut found).await?;
    check_rows(conn, &content.class_teachers, &in_pack, &mut found).await?;
    check_rows(conn, &content.parent_links, &in_pack, &mut found).await?;
    check_rows(conn, &content.units, &in_pack, &mut found).await?;
    check_rows(conn, &content.lessons, &in_pack, &mut found).await?;
    check_rows(conn, &content.capsules, &in_pack, &mut found).await?;
    check_rows(conn, &content.media_assets, &in_pack, &mut found).await?;
    check_rows(conn, &content.capsule_files, &in_pack, &mut found).await?;
    check_rows(conn, &content.exercise_sets, &in_pack, &mut found).await?;
    check_rows(conn, &content.exercise_items, &in_pack, &mut found).await?;
    check_rows(conn, &content.assignments, &in_pack, &mut found).await?;
    check_rows(conn, &content.assignment_pupils, &in_pack, &mut found).await?;
    Ok(())
}

async fn check_rows<C: RecordWrites, R: Record>(
    conn: &mut C,
    rows: &[R],
    in_pack: &Found,
    found: &mut Found,
) -> Result<()> {
    for row in rows {
        for reference in row.references() {
            let entry = (reference.table, reference.key.clone());
            if in_pack.contains(&entry) || found.contains(&entry) {
                continue;
            }
            if !conn.has_row(reference.table, &reference.key).await? {
                return Err(PackFault::MissingReference {
                    table: R::TABLE,
                    row: row.key(),
                    column: reference.column,
                    target: reference.table,
                    key: reference.key.to_string(),
                }
                .into());
            }
            found.insert(entry);
        }
    }
    Ok(())
}

/// The platform owns the row: it replaces the node's whenever they differ.
fn when_different<R: PartialEq>(stored: &R, incoming: &R) -> bool {
    stored != incoming
}

/// The node's row stands (it holds the pupils' own data, such as a completion).
fn never<R>(_: &R, _: &R) -> bool {
    false
}

/// An account edited on both sides: the later edit wins. At the same edit time the
/// platform's row stands: both are the same edit, and the one change a node makes to an
/// account without an edit time of its own is taking it off the node when its person left
/// the school (`sync::down`), which the platform's row undoes when they come back.
fn when_newer(stored: &UserRow, incoming: &UserRow) -> bool {
    stored != incoming && incoming.updated_at >= stored.updated_at
}

/// Writes the pack's rows in dependency order; counts what it inserted or changed.
async fn write_rows<C: RecordWrites>(
    conn: &mut C,
    content: &PackContent,
    at: DateTime<Utc>,
) -> Result<ApplySummary> {
    let mut summary = ApplySummary {
        pack_id: content.pack_id,
        ..ApplySummary::default()
    };
    let mut count = |table: &str, n: u64| {
        if n > 0 {
            *summary.written.entry(table.to_string()).or_default() += n;
        }
    };
    count(
        "provinces",
        write(conn, &content.provinces, when_different).await?,
    );
    count(
        "schools",
        write(conn, &content.schools, when_different).await?,
    );
    count(
        "classes",
        write(conn, &content.classes, when_different).await?,
    );
    count("users", write(conn, &content.users, when_newer).await?);
    count(
        "role_grants",
        write(conn, &content.grants, when_different).await?,
    );
    count(
        "class_teachers",
        write(conn, &content.class_teachers, when_different).await?,
    );
    count(
        "parent_links",
        write(conn, &content.parent_links, when_different).await?,
    );
    count("units", write(conn, &content.units, when_different).await?);
    count(
        "lessons",
        write(conn, &content.lessons, when_different).await?,
    );
    // A capsule and its playing version name each other: a new capsule goes in first
    // without its version, and gets it once the version is in.
    let without_media: Vec<CapsuleRow> = content
        .capsules
        .iter()
        .map(|c| CapsuleRow {
            media_id: None,
            ..c.clone()
        })
        .collect();
    write(conn, &without_media, never).await?;
    count(
        "media_assets",
        write(conn, &content.media_assets, when_different).await?,
    );
    count(
        "capsules",
        write(conn, &content.capsules, when_different).await?,
    );
    count(
        "capsule_files",
        write(conn, &content.capsule_files, when_different).await?,
    );
    count(
        "exercise_sets",
        write(conn, &content.exercise_sets, when_different).await?,
    );
    count(
        "exercise_items",
        write(conn, &content.exercise_items, when_different).await?,
    );
    count(
        "assignments",
        write(conn, &content.assignments, when_different).await?,
    );
    count(
        "assignment_pupils",
        write(conn, &content.assignment_pupils, never).await?,
    );
    count(
        "withdrawn_capsules",
        withdraw(conn, &content.withdrawn_capsules, at).await?,
    );
    Ok(summary)
}

/// Writes each row missing here, or replacing the stored one when `replace` says so;
/// how many it wrote.
async fn write<C: RecordWrites, R: Record>(
    conn: &mut C,
    rows: &[R],
    replace: fn(&R, &R) -> bool,
) -> Result<u64> {
    let mut written = 0;
    for row in rows {
        let put = match conn.stored(row).await? {
            Some(stored) => replace(&stored, row),
            None => true,
        };
        if put {
            conn.put(row).await?;
            written += 1;
        }
    }
    Ok(written)
}

/// Withdraws the capsules the platform took down; those already withdrawn or absent are
/// left alone.
async fn withdraw<C: RecordWrites>(conn: &mut C, ids: &[Uuid], at: DateTime<Utc>) -> Result<u64> {
    let mut withdrawn = 0;
    for id in ids {
        withdrawn += conn.withdraw_capsule(*id, at).await?;
    }
    Ok(withdrawn)
}

/// Records the pack as applied; a pack applied again keeps its first record.
async fn record_install<C: RecordWrites>(
    conn: &mut C,
    content: &PackContent,
    summary: &ApplySummary,
    at: DateTime<Utc>,
) -> Result<()> {
    let summary = serde_json::to_string(summary)
        .map_err(|e| StoreError::Corrupt(format!("pack summary: {e}")))?;
    conn.record_install(content, &summary, at).await
}
