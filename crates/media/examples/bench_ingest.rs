//! Timing of the upload pipeline for `bench/ingest_media.sh` (ingest speed against a plain
//! ffmpeg run of the same ladder). Not a test; prints one machine-readable line.
//!
//! ```sh
//! cargo run --release -p lawha-media --example bench_ingest -- process SOURCE OUT_DIR
//! cargo run --release -p lawha-media --example bench_ingest -- stages SOURCE OUT_DIR
//! ```
//!
//! - `process`: `lawha_media::process` as the media worker calls it (probe, loudness, the
//!   one-run ladder transcode, poster and thumbnail, playlist measurement, master, report);
//!   prints `BENCH_PROCESS {"wall_s":…, …}`.
//! - `stages`: the same work step by step through the public API — `probe`,
//!   `measure_loudness`, `transcode` (ladder run + poster + measurement) — each timed;
//!   prints `BENCH_STAGES {"probe_s":…,"loudness_s":…,"transcode_s":…}`.
//!
//! `OUT_DIR` must not exist or be empty. `LAWHA_BENCH_FFMPEG` may name the ffmpeg to run
//! (the bench points it at a logging wrapper once, to check its hand-written command).

use std::path::{Path, PathBuf};
use std::time::Instant;

use lawha_media::compliance::BroadcastStandard;
use lawha_media::{measure_loudness, probe, process, transcode, Tools};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: bench_ingest process|stages SOURCE OUT_DIR";
    let mode = args.next().ok_or(usage)?;
    let source = PathBuf::from(args.next().ok_or(usage)?);
    let out = PathBuf::from(args.next().ok_or(usage)?);
    let configured = std::env::var_os("LAWHA_BENCH_FFMPEG").map(PathBuf::from);
    let tools = Tools::locate(configured.as_deref())?;
    match mode.as_str() {
        "process" => run_process(&tools, &source, &out).await,
        "stages" => run_stages(&tools, &source, &out).await,
        _ => Err(usage.into()),
    }
}

async fn run_process(tools: &Tools, source: &Path, out: &Path) -> Result<()> {
    let start = Instant::now();
    let processed = process(tools, source, out, &BroadcastStandard::default(), |_| {}).await?;
    let wall = start.elapsed().as_secs_f64();
    let renditions: Vec<serde_json::Value> = processed
        .manifest
        .renditions
        .iter()
        .map(|r| {
            serde_json::json!({
                "name": r.name,
                "bytes": r.bytes,
                "average_bandwidth": r.average_bandwidth,
            })
        })
        .collect();
    let line = serde_json::json!({
        "wall_s": wall,
        "duration_s": processed.probe.duration_s,
        "renditions": renditions,
        "progressive_bytes": processed.manifest.progressive_bytes,
        "compliant": processed.report.compliant,
    });
    println!("BENCH_PROCESS {line}");
    Ok(())
}

async fn run_stages(tools: &Tools, source: &Path, out: &Path) -> Result<()> {
    let start = Instant::now();
    let probed = probe(tools, source).await?;
    let probe_s = start.elapsed().as_secs_f64();

    let start = Instant::now();
    let loudness = measure_loudness(tools, source).await?;
    let loudness_s = start.elapsed().as_secs_f64();

    let start = Instant::now();
    transcode(tools, source, &probed, out, |_| {}).await?;
    let transcode_s = start.elapsed().as_secs_f64();

    let line = serde_json::json!({
        "probe_s": probe_s,
        "loudness_s": loudness_s,
        "transcode_s": transcode_s,
        "integrated_lufs": loudness.map(|l| l.integrated_lufs),
    });
    println!("BENCH_STAGES {line}");
    Ok(())
}
