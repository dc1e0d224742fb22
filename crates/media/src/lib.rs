//! Lawha's media pipeline: capsule videos made fit for cheap phones, paid data and TV.
//!
//! - [`tools`]: [`Tools`], the located ffmpeg and ffprobe.
//! - [`probe`](mod@probe): what a source holds, and refusing damaged or mislabelled files.
//! - [`ladder`]: the HLS renditions a source gets (pure).
//! - [`transcode`](mod@transcode): the HLS ladder, audio-only rendition, progressive MP4,
//!   poster and thumbnail ([`images`]), in one directory described by a [`MediaManifest`]
//!   ([`manifest`]); playlists are read, measured and written by [`hls`].
//! - [`loudness`]: EBU R128 measurement; [`loudnorm`]: the measuring pass of the master.
//! - [`compliance`]: broadcast checks (pure), as a report, never an error.
//! - [`broadcast`]: the loudness-normalised master for TV.
//! - [`process`](mod@process): the whole upload job, probe to report.
//! - [`storage`]: [`MediaStorage`], the object store media lives in; [`content_type`](mod@content_type):
//!   the MIME type of each file it holds.
//! - [`recording`]: a live session's converted tracks joined into one source.
//! - [`ingest`]: a video becomes a version of a capsule (stored, recorded, queued).
//! - [`worker`]: runs the database's media job queue with the steps above.
//!
//! ffmpeg and ffprobe run as child processes (never through a shell), killed if the calling
//! future is dropped. Sources are read with a fixed list of demuxers and local files only, so
//! an uploaded playlist cannot make ffmpeg fetch what it names.

pub mod broadcast;
mod command;
pub mod compliance;
pub mod content_type;
pub mod demo;
pub mod error;
pub mod hls;
pub mod images;
pub mod ingest;
pub mod ladder;
pub mod loudness;
pub mod loudnorm;
pub mod manifest;
mod outputs;
pub mod probe;
pub mod process;
pub mod recording;
mod staging;
pub mod storage;
pub mod tools;
pub mod transcode;
pub mod worker;

pub use broadcast::broadcast_master;
pub use compliance::{check, BroadcastStandard, Check, CheckCode, ComplianceReport, Resolution};
pub use content_type::content_type;
pub use error::{MediaError, Result};
pub use ladder::{ladder_for, AudioRung, H264Profile, Rung};
pub use loudness::{measure_loudness, parse_ebur128_summary, Loudness};
pub use manifest::{MediaManifest, Rendition, RenditionKind};
pub use probe::{probe, AudioInfo, Probe, VideoInfo};
pub use process::{process, Processed};
pub use storage::{MediaStorage, ObjectInfo};
pub use tools::Tools;
pub use transcode::transcode;
