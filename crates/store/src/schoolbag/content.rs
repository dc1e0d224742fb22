//! What a pack's `content.json` holds ([`PackContent`]), what selects it
//! ([`PackSelection`]), what applying it reports ([`ApplySummary`]) and why content is
//! refused ([`PackFault`]).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::sync::down::Roster;

use super::records::{
    AssignmentPupilRow, AssignmentRow, CapsuleFileRow, CapsuleRow, ClassRow, ClassTeacherRow,
    ExerciseItemRow, ExerciseSetRow, GrantRow, LessonRow, MediaAssetRow, ParentLinkRow,
    ProvinceRow, RegionRow, SchoolRow, UnitRow, UserRow,
};

/// The version of [`PackContent`] this code writes and reads; content of another version
/// is refused whole.
pub const FORMAT_VERSION: u32 = 1;

/// What a pack is built for. Levels, subjects and programmes are reference-list codes; a
/// unit is selected when its level or programme is listed (any, when neither list is
/// given) and its subject is listed (any, when none is given); listed lessons come too.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackSelection {
    pub levels: Vec<String>,
    pub subjects: Vec<String>,
    pub programmes: Vec<String>,
    pub lessons: Vec<Uuid>,
    /// Only rows changed after this instant (a weekly delta).
    pub since: Option<DateTime<Utc>>,
    /// The school whose node the pack is for: its places, people and assignments come too.
    pub school: Option<Uuid>,
}

impl PackSelection {
    /// Whether the selection names any content.
    pub fn selects_content(&self) -> bool {
        !(self.levels.is_empty()
            && self.subjects.is_empty()
            && self.programmes.is_empty()
            && self.lessons.is_empty())
    }
}

/// A media file the node must carry for a capsule. The bytes are not here: the pack
/// builder streams them from media storage under `key`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaFile {
    pub capsule_id: Uuid,
    pub kind: MediaFileKind,
    /// The object key in media storage; for a rendition, the folder of its playlist and
    /// segments (every object under `{key}/`).
    pub key: String,
    /// Size in bytes, when the records know it (a rendition's segments, a capsule file);
    /// `None` for the playlist and images, whose sizes the media manifest does not keep.
    pub bytes: Option<u64>,
}

/// Which of a capsule's media a [`MediaFile`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaFileKind {
    /// The lowest video rung's folder (playlist and segments).
    LowestVideo,
    /// The sound-only rung's folder.
    SoundOnly,
    /// The master playlist. Storage's lists every rung: the pack builder carries one trimmed
    /// to the rungs above (`lawha_media::MediaManifest::trimmed_for_pack`).
    MasterPlaylist,
    /// The lowest rung as one MP4 file (`download.mp4`), when the version has one.
    Progressive,
    Poster,
    /// The poster's small copy, shown in listings.
    Thumbnail,
    Subtitles,
    Worksheet,
}

/// The rows of one pack, in the order they are applied. Every list holds whole rows as
/// their tables store them; see the module doc of `schoolbag` for what `since` carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackContent {
    pub format_version: u32,
    pub pack_id: Uuid,
    pub built_at: DateTime<Utc>,
    pub selection: PackSelection,
    /// The regions the rows below name, by code (nodes have ids of their own).
    pub regions: Vec<RegionRow>,
    pub provinces: Vec<ProvinceRow>,
    pub schools: Vec<SchoolRow>,
    pub classes: Vec<ClassRow>,
    pub users: Vec<UserRow>,
    pub grants: Vec<GrantRow>,
    pub class_teachers: Vec<ClassTeacherRow>,
    pub parent_links: Vec<ParentLinkRow>,
    pub units: Vec<UnitRow>,
    pub lessons: Vec<LessonRow>,
    pub capsules: Vec<CapsuleRow>,
    pub media_assets: Vec<MediaAssetRow>,
    pub capsule_files: Vec<CapsuleFileRow>,
    pub exercise_sets: Vec<ExerciseSetRow>,
    pub exercise_items: Vec<ExerciseItemRow>,
    pub assignments: Vec<AssignmentRow>,
    pub assignment_pupils: Vec<AssignmentPupilRow>,
    /// Capsules of the selection taken down (withdrawn, or back in processing) since
    /// `selection.since`: the node withdraws them. Rows deleted on the platform leave no
    /// trace the schema could tell, so they are not listed.
    pub withdrawn_capsules: Vec<Uuid>,
    /// The media files the node must carry.
    pub media: Vec<MediaFile>,
    /// A school's pack: who is of the school as the pack is built, the roster a pull's last
    /// page carries (`sync::down`). The node takes everyone else off, as a pull does, so a
    /// node reached only by USB loses those who left. `None` in a pack for no school, in
    /// packs built before it existed, and in a down batch's content (which carries its
    /// roster beside it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roster: Option<Roster>,
}

/// What applying a pack wrote: rows inserted or changed, by table (unchanged rows are not
/// counted, so a second apply of the same pack counts nothing).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplySummary {
    pub pack_id: Uuid,
    pub written: BTreeMap<String, u64>,
    /// People the pack's roster took off the node (left the school, or given rights
    /// beyond it). Absent from the records of packs applied before rosters travelled.
    #[serde(default)]
    pub people_removed: u64,
}

impl ApplySummary {
    /// Rows written in all.
    pub fn total(&self) -> u64 {
        self.written.values().sum()
    }

    /// Whether applying changed nothing: no row written, nobody taken off.
    pub fn changed_nothing(&self) -> bool {
        self.total() == 0 && self.people_removed == 0
    }
}

/// A pack on the node's record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InstalledPack {
    pub pack_id: Uuid,
    pub format_version: u32,
    pub built_at: DateTime<Utc>,
    pub applied_at: DateTime<Utc>,
    pub summary: ApplySummary,
}

/// Why a selection or a pack's content is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PackFault {
    #[error("the selection names no level, subject, programme, lesson or school")]
    EmptySelection,
    #[error("unknown {what} {code:?} in the selection")]
    UnknownCode { what: &'static str, code: String },
    #[error("no school {0}")]
    UnknownSchool(Uuid),
    #[error("pack format version {found} is not known (this build reads {FORMAT_VERSION})")]
    UnknownFormat { found: u32 },
    #[error("region {code} is not in this node's reference list")]
    UnknownRegion { code: String },
    #[error("{table} {row}: {column} names {target} {key}, which is neither in the pack nor on this node")]
    MissingReference {
        table: &'static str,
        row: String,
        column: &'static str,
        target: &'static str,
        key: String,
    },
}
