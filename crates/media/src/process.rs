//! The whole job for an uploaded capsule: probe (refusing what is not usable video), measure
//! loudness, transcode, and report broadcast compliance.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::compliance::{check, BroadcastStandard, ComplianceReport};
use crate::error::Result;
use crate::loudness::measure_loudness;
use crate::manifest::MediaManifest;
use crate::probe::{probe, Probe};
use crate::tools::Tools;
use crate::transcode::transcode;

/// Shares of the progress bar: probing and measuring are quick next to encoding.
const PROBED: f64 = 0.02;
const MEASURED: f64 = 0.08;

/// What [`process`] found and made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Processed {
    /// What the source holds.
    pub probe: Probe,
    /// The capsule directory written.
    pub manifest: MediaManifest,
    /// Whether the source could go on air as it is.
    pub report: ComplianceReport,
}

/// Probes, measures and transcodes `source` into `out_dir` (which must not exist or be
/// empty), and checks it against `standard`. On any error nothing is left in `out_dir`.
/// `on_progress` receives the share done, 0.0 to 1.0, never decreasing.
pub async fn process(
    tools: &Tools,
    source: &Path,
    out_dir: &Path,
    standard: &BroadcastStandard,
    mut on_progress: impl FnMut(f64) + Send,
) -> Result<Processed> {
    let probe = probe(tools, source).await?;
    on_progress(PROBED);
    let loudness = match probe.audio {
        Some(_) => measure_loudness(tools, source).await?,
        None => None,
    };
    on_progress(MEASURED);
    let manifest = transcode(tools, source, &probe, out_dir, |f| {
        on_progress(MEASURED + f * (1.0 - MEASURED));
    })
    .await?;
    let report = check(&probe, loudness.as_ref(), standard);
    Ok(Processed {
        probe,
        manifest,
        report,
    })
}
