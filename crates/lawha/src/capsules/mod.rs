//! `lawha capsules import`: a catalog manifest (CSV or JSON) of hundreds of capsules with
//! their videos, subtitles and worksheets beside it.
//!
//! Everything is checked before anything changes — every row of the manifest, then every
//! file it names — and all problems are listed by row and column; one problem and nothing
//! is imported. A run then creates what is missing and updates what changed: capsules are
//! matched on their `ref`, videos on their SHA-256 (an unchanged video is not processed
//! again), files on their bytes. Re-running the same manifest changes nothing. `--dry-run`
//! stops after the plan; `--wait` processes the new videos here, with progress bars.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Subcommand};
use lawha_core::capsule::manifest::{self, ManifestEntry};
use lawha_core::capsule::{MediaStatus, ValidCapsule};
use lawha_core::import::RowError;
use lawha_media::ingest::sha256_of;
use lawha_media::storage::MediaStorage;
use lawha_store::catalog::capsules::Capsule;
use lawha_store::Store;

use crate::config::{Config, ConfigArgs};
use crate::media::{tools, worker};
use crate::progress::Bars;
use crate::server::open;

mod apply;
mod files;

use self::apply::apply;
use self::files::check_files;

#[derive(Debug, Subcommand)]
pub enum CapsulesCommand {
    /// Import or update capsules from a manifest (CSV or JSON) and the files beside it.
    Import(ImportArgs),
}

impl CapsulesCommand {
    pub fn config(&self) -> &ConfigArgs {
        match self {
            CapsulesCommand::Import(a) => &a.config,
        }
    }
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(flatten)]
    config: ConfigArgs,
    /// The manifest; the paths it names are relative to its folder.
    manifest: PathBuf,
    /// Check everything and print what would change; change nothing.
    #[arg(long)]
    dry_run: bool,
    /// Process the new videos now (needs ffmpeg), with progress bars, then exit.
    #[arg(long)]
    wait: bool,
}

/// What a row will do.
struct Planned {
    entry: ManifestEntry,
    existing: Option<Capsule>,
    video: PathBuf,
    video_bytes: u64,
    video_sha256: String,
    /// The video is already a version of the capsule (not failed).
    video_known: bool,
}

fn refuse(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("lawha: {message}");
    ExitCode::from(2)
}

pub async fn run(command: CapsulesCommand, config: &Config) -> anyhow::Result<ExitCode> {
    let CapsulesCommand::Import(args) = command;
    let bytes = match std::fs::read(&args.manifest) {
        Ok(b) => b,
        Err(e) => {
            return Ok(refuse(format!(
                "cannot read {}: {e}",
                args.manifest.display()
            )))
        }
    };
    let entries = match manifest::parse(&bytes) {
        Ok(entries) => entries,
        Err(errors) => return Ok(report_problems(&args.manifest, &errors)),
    };
    let folder = args
        .manifest
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let problems = check_files(&folder, &entries);
    if !problems.is_empty() {
        return Ok(report_problems(&args.manifest, &problems));
    }
    let store = open(config).await?;
    let storage = MediaStorage::open(&config.media_store).context("cannot open the media store")?;
    let plan = plan(&store, &folder, entries).await?;
    print_plan(&args.manifest, &plan);
    if args.dry_run {
        println!("Dry run: nothing was changed.");
        store.close().await;
        return Ok(ExitCode::SUCCESS);
    }
    let bars = Bars::new();
    let total: u64 = plan
        .iter()
        .filter(|p| !p.video_known)
        .map(|p| p.video_bytes)
        .sum();
    let bar = bars.bar("import", "capsules", total.max(1));
    for planned in &plan {
        apply(&store, &storage, &folder, planned)
            .await
            .with_context(|| {
                format!(
                    "row {} ({}): import stopped; fix the cause and run it again",
                    planned.entry.row, planned.entry.reference
                )
            })?;
        if !planned.video_known {
            bar.inc(planned.video_bytes);
        }
    }
    bar.finish_with_message("stored");
    println!("{} capsule(s) imported.", plan.len());
    if args.wait {
        match worker(config, &store, &storage, tools(config).as_ref(), 0) {
            Some(worker) => {
                let done = worker
                    .with_observer(bars.observer())
                    .run_until_idle()
                    .await?;
                bars.finish();
                println!("{done} video(s) processed.");
            }
            None => {
                eprintln!("lawha: ffmpeg was not found; the videos wait in the queue for a server with ffmpeg");
            }
        }
    }
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

fn report_problems(manifest: &Path, problems: &[RowError]) -> ExitCode {
    eprintln!(
        "lawha: {}: {} problem(s), nothing was imported:",
        manifest.display(),
        problems.len()
    );
    for problem in problems {
        eprintln!("  {problem}");
    }
    ExitCode::from(2)
}

async fn plan(
    store: &Store,
    folder: &Path,
    entries: Vec<ManifestEntry>,
) -> anyhow::Result<Vec<Planned>> {
    let mut plan = Vec::new();
    for entry in entries {
        let existing = store.catalog().capsule_by_ref(&entry.reference).await?;
        let video = folder.join(&entry.video);
        let video_bytes = std::fs::metadata(&video)?.len();
        let video_sha256 = sha256_of(&video).await?;
        let video_known = match &existing {
            Some(capsule) => store
                .media_jobs()
                .media_of_capsule(capsule.id)
                .await?
                .iter()
                .any(|v| v.source_sha256 == video_sha256 && v.status != MediaStatus::Failed),
            None => false,
        };
        plan.push(Planned {
            entry,
            existing,
            video,
            video_bytes,
            video_sha256,
            video_known,
        });
    }
    Ok(plan)
}

fn print_plan(manifest: &Path, plan: &[Planned]) {
    println!("{}: {} capsule(s)", manifest.display(), plan.len());
    for p in plan {
        let capsule = match &p.existing {
            None => "new capsule",
            Some(c) if same_fields(c, &p.entry.capsule) => "capsule unchanged",
            Some(_) => "capsule updated",
        };
        let video = if p.video_known {
            "video unchanged".to_string()
        } else {
            format!("new video ({:.1} MB)", p.video_bytes as f64 / 1_000_000.0)
        };
        println!(
            "  row {:<4} {:<24} {capsule}, {video}",
            p.entry.row, p.entry.reference
        );
    }
}

fn same_fields(capsule: &Capsule, fields: &ValidCapsule) -> bool {
    capsule.title_ar == fields.title_ar
        && capsule.title_fr == fields.title_fr
        && capsule.description_ar == fields.description_ar
        && capsule.description_fr == fields.description_fr
        && capsule.language == fields.language
        && capsule.teacher == fields.teacher
        && capsule.tags == fields.tags
}
