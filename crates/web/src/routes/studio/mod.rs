//! The studio: where producers create capsules, upload their videos, follow processing,
//! read the broadcast compliance report, attach subtitles and worksheets, and publish.
//!
//! - [`list`]: the studio's listing (with each capsule's level, subject and lesson, and
//!   filters on them), and the curriculum coverage view.
//! - [`choose`]: choosing the lesson of a new capsule, step by step, without JavaScript.
//! - [`curriculum_names`]: the levels, programmes and subjects offered in both.
//! - [`form`]: creating and editing a capsule's description.
//! - [`detail`]: one capsule's versions, jobs and report; publish, withdraw, master export.
//! - [`upload`]: video and file uploads from a plain form (works without JavaScript).
//! - [`tus`]: resumable video uploads in chunks, for large files over poor links.
//! - [`ingest`]: what every upload path does once the bytes are in.

mod choose;
mod curriculum_names;
mod detail;
mod form;
pub(crate) mod ingest;
mod list;
pub mod tus;
mod upload;

pub use detail::{download_master, publish, request_master, show, withdraw};
pub use form::{create, edit_form, new_form, update};
pub use list::{coverage, index};
pub use upload::{upload_file, upload_video};
