//! Turning a probed source into a capsule directory: every HLS rendition and the progressive
//! MP4 in one ffmpeg run (the source is decoded once, each output scales and encodes its
//! own copy), then the poster and thumbnail, then the master playlist written from the
//! measured segments.

use std::path::Path;

use crate::command::{self, args};
use crate::error::{MediaError, Result};
use crate::hls::{self, MediaPlaylist};
use crate::images;
use crate::ladder::{audio_rung, ladder_for, AAC_LC};
use crate::manifest::{master_playlist_of, MediaManifest, Rendition, RenditionKind};
use crate::outputs::{self, PLAYLIST, PROGRESSIVE};
use crate::probe::Probe;
use crate::staging::Staging;
use crate::tools::Tools;

/// The master playlist's file name.
pub const MASTER: &str = "master.m3u8";
/// Share of the progress bar given to the ffmpeg run (the images and measures follow).
const ENCODE_SHARE: f64 = 0.9;

/// Writes the capsule directory `out_dir` for `source` (see [`MediaManifest`] for its
/// contents) and describes it. `out_dir` must not exist or be empty; it appears only once
/// complete, so on error (or if the future is dropped) nothing is left there.
///
/// `on_progress` receives the share done, 0.0 to 1.0, never decreasing.
pub async fn transcode(
    tools: &Tools,
    source: &Path,
    probe: &Probe,
    out_dir: &Path,
    mut on_progress: impl FnMut(f64) + Send,
) -> Result<MediaManifest> {
    let video = probe.video.as_ref().ok_or(MediaError::NoVideo)?;
    let rungs = ladder_for(video);
    let audio = probe.audio.as_ref().map(|a| (a, audio_rung()));

    let staging = Staging::new(out_dir)?;
    let dir = staging.path();
    let names = rungs.iter().map(|r| r.name.as_str());
    for name in names.chain(audio.as_ref().map(|(_, a)| a.name.as_str())) {
        let sub = dir.join(name);
        tokio::fs::create_dir(&sub)
            .await
            .map_err(|e| MediaError::io(format!("cannot create {}", sub.display()), e))?;
    }

    let mut a = command::ffmpeg_base("warning");
    a.extend(args(["-y", "-progress", "pipe:1"]));
    if let Some(n) = tools.threads() {
        a.extend(args(["-filter_threads".to_owned(), n.to_string()]));
    }
    a.extend(command::source_input(source, tools.threads())?);
    a.extend(outputs::output_args(
        &rungs,
        audio.as_ref().map(|(i, r)| (*i, r)),
        probe.duration_s,
        dir,
        tools.threads(),
    ));
    let mut encode_progress = |f: f64| on_progress(f * ENCODE_SHARE);
    command::with_progress(
        tools.ffmpeg(),
        a,
        "transcoding",
        probe.duration_s,
        &mut encode_progress,
    )
    .await?;

    images::poster_and_thumbnail(tools, source, probe.duration_s, video, dir).await?;
    on_progress(0.95);

    let mut renditions = Vec::new();
    for rung in &rungs {
        let codecs = match audio {
            Some(_) => format!("{},{AAC_LC}", rung.video_codec()),
            None => rung.video_codec(),
        };
        let measured = measure(dir, &rung.name, probe.duration_s).await?;
        renditions.push(Rendition {
            kind: RenditionKind::Video,
            width: rung.width,
            height: rung.height,
            frame_rate: rung.fps,
            codecs,
            ..measured
        });
    }
    if let Some((_, audio_rung)) = &audio {
        let measured = measure(dir, &audio_rung.name, probe.duration_s).await?;
        renditions.push(Rendition {
            kind: RenditionKind::Audio,
            codecs: AAC_LC.into(),
            ..measured
        });
    }
    write_master(dir, &renditions).await?;

    let progressive = dir.join(PROGRESSIVE);
    let progressive_bytes = tokio::fs::metadata(&progressive)
        .await
        .map_err(|e| MediaError::io(format!("cannot read {}", progressive.display()), e))?
        .len();

    staging.commit()?;
    on_progress(1.0);
    Ok(MediaManifest {
        duration_ms: (probe.duration_s * 1000.0).round() as u64,
        width: video.width,
        height: video.height,
        renditions,
        master: MASTER.into(),
        progressive: PROGRESSIVE.into(),
        progressive_bytes,
        poster: images::POSTER.into(),
        thumbnail: images::THUMBNAIL.into(),
    })
}

/// Reads a rendition's playlist, checks its segments exist and measures them. Name, kind,
/// bitrates, playlist and bytes are filled in; the caller sets the rest.
async fn measure(dir: &Path, name: &str, duration_s: f64) -> Result<Rendition> {
    let path = dir.join(name).join(PLAYLIST);
    let text = tokio::fs::read_to_string(&path)
        .await
        .map_err(|e| MediaError::io(format!("cannot read {}", path.display()), e))?;
    let playlist = MediaPlaylist::parse(&text)?;
    let mut sizes = Vec::with_capacity(playlist.segments.len());
    for segment in &playlist.segments {
        if segment.uri.contains('/') || segment.uri.contains('\\') {
            return Err(MediaError::Ffmpeg {
                step: "transcoding",
                detail: format!("unexpected segment path {:?} in {name}", segment.uri),
            });
        }
        let file = dir.join(name).join(&segment.uri);
        let bytes = tokio::fs::metadata(&file)
            .await
            .map_err(|e| MediaError::io(format!("missing segment {}", file.display()), e))?
            .len();
        sizes.push((segment.duration, bytes));
    }
    // ffmpeg stops quietly at the end of the readable data: a rendition much shorter than
    // the source means the source was cut off beyond what the probe's checks saw.
    if playlist.duration() < duration_s * 0.9 - 0.5 {
        return Err(MediaError::NotMedia {
            detail: format!(
                "only {:.1} s of {duration_s:.1} s could be decoded (truncated or damaged file)",
                playlist.duration()
            ),
        });
    }
    let rates = hls::measure(&sizes, playlist.target_duration);
    Ok(Rendition {
        name: name.to_owned(),
        kind: RenditionKind::Audio,
        width: 0,
        height: 0,
        frame_rate: 0.0,
        bandwidth: rates.peak,
        average_bandwidth: rates.average,
        codecs: String::new(),
        playlist: format!("{name}/{PLAYLIST}"),
        bytes: sizes.iter().map(|s| s.1).sum(),
    })
}

/// Writes `master.m3u8`: video lowest first (players start with the first listed, which on
/// paid data should be the cheapest), the audio-only variant last.
async fn write_master(dir: &Path, renditions: &[Rendition]) -> Result<()> {
    let path = dir.join(MASTER);
    tokio::fs::write(&path, master_playlist_of(renditions))
        .await
        .map_err(|e| MediaError::io(format!("cannot write {}", path.display()), e))
}
