//! Shared test fixtures, generated with ffmpeg at test time (no media files in the repo).
//!
//! nextest runs each test in its own process, so an in-process cache would not be shared:
//! fixtures are written once into the target directory instead, under names that hash the
//! command that made them (a changed recipe makes a new file), through a temporary file and
//! a rename (two processes racing write the same bytes, and neither sees half a file).
#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

use std::collections::hash_map::DefaultHasher;
use std::ffi::OsStr;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;

use lawha_media::Tools;

/// ffmpeg and ffprobe, or a failure saying how to install them: these tests must not pass
/// silently on a machine that cannot run them.
pub fn tools() -> Tools {
    Tools::locate(None)
        .unwrap_or_else(|e| panic!("the lawha-media tests run ffmpeg and ffprobe: {e}"))
        .with_threads(2)
}

fn fixture_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("lawha-media-fixtures");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The file `name` made by ffmpeg with the arguments in `command` (split on spaces; `{in}`
/// stands for `input`, `{out}` for the output), made now unless an earlier run already made
/// it with the same command.
fn generated(name: &str, command: &str, input: Option<&Path>) -> PathBuf {
    let mut hasher = DefaultHasher::new();
    (command, input).hash(&mut hasher);
    let (stem, ext) = name.rsplit_once('.').unwrap();
    let path = fixture_dir().join(format!("{stem}-{:016x}.{ext}", hasher.finish()));
    if path.exists() {
        return path;
    }
    let tmp = path.with_extension(format!("tmp{}.{ext}", std::process::id()));
    let args: Vec<&OsStr> = command
        .split_whitespace()
        .map(|a| match a {
            "{in}" => input.unwrap().as_os_str(),
            "{out}" => tmp.as_os_str(),
            other => OsStr::new(other),
        })
        .collect();
    let status = Command::new(tools().ffmpeg())
        .args(["-hide_banner", "-nostdin", "-v", "error", "-y"])
        .args(&args)
        .status()
        .expect("ffmpeg runs");
    assert!(
        status.success(),
        "ffmpeg could not make the fixture {name}: {command}"
    );
    std::fs::rename(&tmp, &path).unwrap();
    path
}

/// A file written by `write` (for fixtures that are not ffmpeg's output).
fn written(name: &str, version: &str, write: impl FnOnce(&Path)) -> PathBuf {
    let path = fixture_dir().join(format!("{version}-{name}"));
    if !path.exists() {
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        write(&tmp);
        std::fs::rename(&tmp, &path).unwrap();
    }
    path
}

/// A lesson-like source: test pattern with a 1 kHz stereo tone, `seconds` long.
/// `gain_db` sets loudness: the tone is at -18 dBFS and, duplicated on two channels,
/// measures about as many LUFS as its peak level, so -5 dB gives about -23 LUFS.
fn tone_source(name: &str, size: &str, fps: u32, seconds: u32, gain_db: i32) -> PathBuf {
    let command = format!(
        "-f lavfi -i testsrc2=size={size}:rate={fps}:duration={seconds} \
         -f lavfi -i sine=frequency=1000:sample_rate=48000:duration={seconds} \
         -filter_complex [1:a]pan=stereo|c0=c0|c1=c0,volume={gain_db}dB[a] -map 0:v -map [a] \
         -c:v libx264 -preset ultrafast -crf 26 -pix_fmt yuv420p -c:a aac -b:a 128k {{out}}"
    );
    generated(name, &command, None)
}

/// 7 s of 640x360 at 25 fps with a tone near -23 LUFS: the ordinary upload.
pub fn normal_360p() -> PathBuf {
    tone_source("normal-360p.mp4", "640x360", 25, 7, -5)
}

/// 4 s at 360p with the tone near -4 LUFS and -4 dBFS: far too loud for TV.
pub fn loud_360p() -> PathBuf {
    tone_source("loud-360p.mp4", "640x360", 25, 4, 14)
}

/// 3 s of 1280x720 at 50 fps, tone near -23 LUFS: a broadcast format.
pub fn hd_720p50() -> PathBuf {
    tone_source("hd-720p50.mp4", "1280x720", 50, 3, -5)
}

/// 4 s at 360p with a digitally silent stereo track.
pub fn silent_360p() -> PathBuf {
    let command = "-f lavfi -i testsrc2=size=640x360:rate=25:duration=4 \
        -f lavfi -i anullsrc=r=48000:cl=stereo -map 0:v -map 1:a -shortest \
        -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac {out}";
    generated("silent-360p.mp4", command, None)
}

/// 2 s of 200x112 at 15 fps without sound: smaller than the lowest rung.
pub fn tiny_mute() -> PathBuf {
    let command = "-f lavfi -i testsrc2=size=200x112:rate=15:duration=2 \
        -c:v libx264 -preset ultrafast -pix_fmt yuv420p {out}";
    generated("tiny-mute.mp4", command, None)
}

/// 3 s of tone in an M4A: sound without picture.
pub fn audio_only() -> PathBuf {
    let command = "-f lavfi -i sine=frequency=440:sample_rate=48000:duration=3 -c:a aac {out}";
    generated("audio-only.m4a", command, None)
}

/// The normal source with its index moved first (`+faststart`).
fn normal_faststart() -> PathBuf {
    let command = "-i {in} -c copy -movflags +faststart {out}";
    generated("normal-faststart.mp4", command, Some(&normal_360p()))
}

/// The first half of `source`, as an interrupted upload leaves it.
fn truncated(name: &str, source: &Path) -> PathBuf {
    let bytes = std::fs::read(source).unwrap();
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    let version = format!("{:016x}", hasher.finish());
    written(name, &version, |p| {
        std::fs::write(p, &bytes[..bytes.len() / 2]).unwrap()
    })
}

/// Half of a normal MP4 (index at the end, so lost).
pub fn truncated_mp4() -> PathBuf {
    truncated("truncated.mp4", &normal_360p())
}

/// Half of a faststart MP4: the index survives and still claims 7 s.
pub fn truncated_faststart_mp4() -> PathBuf {
    truncated("truncated-faststart.mp4", &normal_faststart())
}

/// 200 kB of pseudo-random bytes named `.mp4`.
pub fn random_bytes() -> PathBuf {
    written("random.mp4", "v1", |p| {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let bytes: Vec<u8> = (0..200_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 24) as u8
            })
            .collect();
        std::fs::write(p, bytes).unwrap();
    })
}

/// A text file renamed `.mp4`.
pub fn text_file() -> PathBuf {
    written("text.mp4", "v1", |p| {
        std::fs::write(p, "Leçon 3 : les fractions\nالدرس الثالث\n".repeat(50)).unwrap();
    })
}

/// An HLS playlist renamed `.mp4` that names a real video: ffmpeg would follow it.
pub fn playlist_in_disguise() -> PathBuf {
    let target = normal_360p();
    let version = target.file_stem().unwrap().to_string_lossy().into_owned();
    written("playlist.mp4", &version, |p| {
        let text = format!(
            "#EXTM3U\n#EXT-X-TARGETDURATION:7\n#EXTINF:7.0,\nfile://{}\n#EXT-X-ENDLIST\n",
            target.display()
        );
        std::fs::write(p, text).unwrap();
    })
}

/// A zero-byte file.
pub fn empty_file() -> PathBuf {
    written("empty.mp4", "v1", |p| std::fs::write(p, b"").unwrap())
}

/// ffprobe's JSON for `path` (test-side check of what this crate wrote).
pub fn ffprobe_json(path: &Path) -> serde_json::Value {
    let out = Command::new(tools().ffprobe())
        .args([
            "-v",
            "error",
            "-print_format",
            "json",
            "-show_format",
            "-show_streams",
        ])
        .arg(path)
        .output()
        .expect("ffprobe runs");
    assert!(
        out.status.success(),
        "ffprobe {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The `codec_type`s of `path`'s streams.
pub fn stream_types(json: &serde_json::Value) -> Vec<String> {
    json["streams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["codec_type"].as_str().unwrap().to_owned())
        .collect()
}

/// The first stream of `kind` in ffprobe's JSON.
pub fn stream<'a>(json: &'a serde_json::Value, kind: &str) -> &'a serde_json::Value {
    json["streams"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["codec_type"] == kind)
        .unwrap_or_else(|| panic!("no {kind} stream in {json}"))
}
