//! HLS playlists: reading the media playlists ffmpeg writes, measuring their bitrates the way
//! Apple's validator does, and writing (and reading back) the master playlist. Pure.

use crate::error::{MediaError, Result};

/// A media playlist: its segments in order.
#[derive(Debug, Clone, PartialEq)]
pub struct MediaPlaylist {
    /// `#EXT-X-TARGETDURATION`, seconds.
    pub target_duration: f64,
    /// The segments, in playback order.
    pub segments: Vec<Segment>,
    /// Whether `#EXT-X-ENDLIST` closes it (a complete VOD playlist).
    pub ended: bool,
}

/// One media segment.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// `#EXTINF` duration, seconds.
    pub duration: f64,
    /// The URI as written (relative to the playlist).
    pub uri: String,
}

impl MediaPlaylist {
    /// Reads a media playlist. Unknown tags are skipped, as players do.
    pub fn parse(text: &str) -> Result<MediaPlaylist> {
        let bad = |detail: String| MediaError::Ffmpeg {
            step: "reading an HLS playlist",
            detail,
        };
        let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
        if lines.next() != Some("#EXTM3U") {
            return Err(bad("missing #EXTM3U header".into()));
        }
        let mut playlist = MediaPlaylist {
            target_duration: 0.0,
            segments: Vec::new(),
            ended: false,
        };
        let mut pending: Option<f64> = None;
        for line in lines {
            if let Some(v) = line.strip_prefix("#EXT-X-TARGETDURATION:") {
                playlist.target_duration = v
                    .parse()
                    .map_err(|_| bad(format!("bad target duration {v:?}")))?;
            } else if let Some(v) = line.strip_prefix("#EXTINF:") {
                let seconds = v.split(',').next().unwrap_or_default();
                let d: f64 = seconds
                    .parse()
                    .map_err(|_| bad(format!("bad segment duration {v:?}")))?;
                pending = Some(d);
            } else if line == "#EXT-X-ENDLIST" {
                playlist.ended = true;
            } else if !line.starts_with('#') {
                let duration = pending
                    .take()
                    .ok_or_else(|| bad(format!("segment {line:?} has no #EXTINF")))?;
                playlist.segments.push(Segment {
                    duration,
                    uri: line.to_owned(),
                });
            }
        }
        Ok(playlist)
    }

    /// Total duration, seconds.
    pub fn duration(&self) -> f64 {
        self.segments.iter().map(|s| s.duration).sum()
    }
}

/// The bitrates of a media playlist, bits per second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bitrates {
    /// Peak segment bitrate: `BANDWIDTH`.
    pub peak: u64,
    /// Mean over the whole playlist: `AVERAGE-BANDWIDTH`.
    pub average: u64,
}

/// Measures bitrates from each segment's `(duration in seconds, size in bytes)`.
///
/// The peak follows RFC 8216 §4.3.4.2 as Apple's validator reads it: the highest bitrate of
/// any run of consecutive segments lasting 0.5 to 1.5 target durations. A short last segment
/// is thus measured together with the one before it instead of counting alone, where its
/// keyframe and headers would inflate it.
pub fn measure(segments: &[(f64, u64)], target_duration: f64) -> Bitrates {
    let rate = |seconds: f64, bytes: u64| {
        if seconds > 0.0 {
            (bytes as f64 * 8.0 / seconds).ceil() as u64
        } else {
            0
        }
    };
    let total_s: f64 = segments.iter().map(|s| s.0).sum();
    let total_b: u64 = segments.iter().map(|s| s.1).sum();
    let average = rate(total_s, total_b);

    let (low, high) = (0.5 * target_duration, 1.5 * target_duration);
    let mut peak = 0;
    for start in 0..segments.len() {
        let (mut seconds, mut bytes) = (0.0, 0);
        for &(d, b) in segments.iter().skip(start) {
            seconds += d;
            bytes += b;
            if seconds > high + 1e-6 {
                break;
            }
            if seconds + 1e-6 >= low {
                peak = peak.max(rate(seconds, bytes));
            }
        }
    }
    // A clip shorter than half a target duration: its one honest measure is the whole.
    Bitrates {
        peak: peak.max(average),
        average,
    }
}

/// One `#EXT-X-STREAM-INF` entry of a master playlist.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// The media playlist, relative to the master.
    pub uri: String,
    /// Peak bitrate, bit/s.
    pub bandwidth: u64,
    /// Average bitrate, bit/s.
    pub average_bandwidth: u64,
    /// RFC 6381 codecs, comma-separated.
    pub codecs: String,
    /// Width and height; `None` for audio only.
    pub resolution: Option<(u32, u32)>,
    /// Frame rate; `None` for audio only or when unknown.
    pub frame_rate: Option<f64>,
}

/// Writes a master playlist listing `variants` in the order given.
pub fn master_playlist(variants: &[Variant]) -> String {
    let mut out = String::from("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n");
    for v in variants {
        out.push_str(&format!(
            "#EXT-X-STREAM-INF:BANDWIDTH={},AVERAGE-BANDWIDTH={}",
            v.bandwidth, v.average_bandwidth
        ));
        if let Some((w, h)) = v.resolution {
            out.push_str(&format!(",RESOLUTION={w}x{h}"));
        }
        out.push_str(&format!(",CODECS=\"{}\"", v.codecs));
        if let Some(fps) = v.frame_rate {
            out.push_str(&format!(",FRAME-RATE={fps:.3}"));
        }
        out.push('\n');
        out.push_str(&v.uri);
        out.push('\n');
    }
    out
}

/// Reads a master playlist back (the variants, in order).
pub fn parse_master(text: &str) -> Result<Vec<Variant>> {
    let bad = |detail: String| MediaError::Ffmpeg {
        step: "reading an HLS master playlist",
        detail,
    };
    let mut variants = Vec::new();
    let mut pending: Option<Variant> = None;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some(attrs) = line.strip_prefix("#EXT-X-STREAM-INF:") {
            let mut v = Variant {
                uri: String::new(),
                bandwidth: 0,
                average_bandwidth: 0,
                codecs: String::new(),
                resolution: None,
                frame_rate: None,
            };
            for (key, value) in attributes(attrs) {
                match key {
                    "BANDWIDTH" => {
                        v.bandwidth = value
                            .parse()
                            .map_err(|_| bad(format!("BANDWIDTH={value}")))?
                    }
                    "AVERAGE-BANDWIDTH" => {
                        v.average_bandwidth = value
                            .parse()
                            .map_err(|_| bad(format!("AVERAGE-BANDWIDTH={value}")))?
                    }
                    "CODECS" => v.codecs = value.to_owned(),
                    "RESOLUTION" => {
                        let parsed = value
                            .split_once('x')
                            .and_then(|(w, h)| Some((w.parse().ok()?, h.parse().ok()?)));
                        v.resolution =
                            Some(parsed.ok_or_else(|| bad(format!("RESOLUTION={value}")))?);
                    }
                    "FRAME-RATE" => v.frame_rate = value.parse().ok(),
                    _ => {}
                }
            }
            pending = Some(v);
        } else if !line.starts_with('#') {
            let mut v = pending
                .take()
                .ok_or_else(|| bad(format!("{line:?} has no #EXT-X-STREAM-INF")))?;
            v.uri = line.to_owned();
            variants.push(v);
        }
    }
    Ok(variants)
}

/// Splits an attribute list (`A=1,B="x,y"`) into pairs, quotes removed.
fn attributes(list: &str) -> Vec<(&str, &str)> {
    let mut pairs = Vec::new();
    let mut rest = list;
    while let Some((key, after)) = rest.split_once('=') {
        let (value, next) = if let Some(quoted) = after.strip_prefix('"') {
            let end = quoted.find('"').unwrap_or(quoted.len());
            let tail = quoted.get(end + 1..).unwrap_or_default();
            (
                quoted.get(..end).unwrap_or_default(),
                tail.strip_prefix(',').unwrap_or(tail),
            )
        } else {
            match after.split_once(',') {
                Some((value, next)) => (value, next),
                None => (after, ""),
            }
        };
        pairs.push((key.trim(), value));
        rest = next;
    }
    pairs
}

#[cfg(test)]
#[path = "hls_tests.rs"]
mod tests;
