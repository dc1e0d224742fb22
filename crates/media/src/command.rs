//! Running ffmpeg and ffprobe as child processes: never through a shell, killed when the
//! future is dropped (a cancelled job leaves no encoder running), standard error kept as a
//! bounded tail for parsing and for error reports, progress read from `-progress pipe:1`.

use std::collections::VecDeque;
use std::ffi::OsString;
use std::path::Path;
use std::process::Stdio;

use tokio::io::{AsyncBufReadExt, AsyncRead, BufReader};
use tokio::process::Command;

use crate::error::{MediaError, Result};

/// How many lines of standard error are kept. ffmpeg's summaries (EBU R128, loudnorm JSON) are
/// printed last and fit easily; per-frame noise before them is dropped as it scrolls by.
const KEPT_LINES: usize = 400;

/// How many of the kept lines go into an error's detail.
const ERROR_LINES: usize = 20;

/// At most this much of standard output is kept (ffprobe's JSON is a few kilobytes).
const MAX_STDOUT: usize = 16 << 20;

/// The last lines a process wrote to standard error.
#[derive(Debug, Default)]
pub(crate) struct StderrTail {
    lines: VecDeque<String>,
}

impl StderrTail {
    fn push(&mut self, line: String) {
        if self.lines.len() == KEPT_LINES {
            self.lines.pop_front();
        }
        self.lines.push_back(line);
    }

    /// Every kept line, joined.
    pub(crate) fn text(&self) -> String {
        self.last(KEPT_LINES)
    }

    /// The last `n` lines, joined.
    pub(crate) fn last(&self, n: usize) -> String {
        let skip = self.lines.len().saturating_sub(n);
        let lines: Vec<&str> = self.lines.iter().skip(skip).map(String::as_str).collect();
        lines.join("\n")
    }
}

/// What a finished process left behind.
#[derive(Debug)]
pub(crate) struct Finished {
    pub(crate) stdout: Vec<u8>,
    pub(crate) stderr: StderrTail,
}

/// Runs `program` to completion, keeping its standard output (bounded) and the tail of its
/// standard error. A non-zero exit is an [`MediaError::Ffmpeg`] for `step`.
pub(crate) async fn output(
    program: &Path,
    args: Vec<OsString>,
    step: &'static str,
) -> Result<Finished> {
    let mut stdout = Vec::new();
    let stderr = run(program, args, step, |line| {
        if stdout.len() + line.len() <= MAX_STDOUT {
            stdout.extend_from_slice(line);
        }
    })
    .await?;
    Ok(Finished { stdout, stderr })
}

/// Runs ffmpeg with `-progress pipe:1` among `args`, reporting the share of `duration_s`
/// written so far to `on_progress`, never decreasing, within 0.0..=1.0.
pub(crate) async fn with_progress(
    program: &Path,
    args: Vec<OsString>,
    step: &'static str,
    duration_s: f64,
    on_progress: &mut (dyn FnMut(f64) + Send),
) -> Result<StderrTail> {
    let mut reported = 0.0_f64;
    run(program, args, step, |line| {
        if let Some(fraction) = progress_fraction(line, duration_s) {
            if fraction > reported {
                reported = fraction;
                on_progress(fraction);
            }
        }
    })
    .await
}

/// The share of the work done that a `-progress` line announces, if it is an `out_time_us`
/// line. (ffmpeg 5.1 also prints `out_time_ms`, which despite its name is in microseconds
/// too; reading only `out_time_us` avoids the confusion.)
pub(crate) fn progress_fraction(line: &[u8], duration_s: f64) -> Option<f64> {
    let line = std::str::from_utf8(line).ok()?.trim();
    let micros: f64 = line.strip_prefix("out_time_us=")?.parse().ok()?;
    if duration_s <= 0.0 || !micros.is_finite() {
        return None;
    }
    Some((micros / 1e6 / duration_s).clamp(0.0, 1.0))
}

async fn run(
    program: &Path,
    args: Vec<OsString>,
    step: &'static str,
    mut on_stdout_line: impl FnMut(&[u8]) + Send,
) -> Result<StderrTail> {
    let mut child = Command::new(program)
        .args(&args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| MediaError::io(format!("cannot start {}", program.display()), e))?;
    let (Some(stdout), Some(stderr)) = (child.stdout.take(), child.stderr.take()) else {
        return Err(MediaError::Ffmpeg {
            step,
            detail: "the child process has no output pipes".into(),
        });
    };

    let mut tail = StderrTail::default();
    let read_out = read_lines(stdout, |line| on_stdout_line(line));
    let read_err = read_lines(stderr, |line| {
        tail.push(String::from_utf8_lossy(line).trim_end().to_owned());
    });
    let (out_res, err_res, status) = tokio::join!(read_out, read_err, child.wait());
    let status =
        status.map_err(|e| MediaError::io(format!("waiting for {}", program.display()), e))?;
    out_res
        .and(err_res)
        .map_err(|e| MediaError::io(format!("reading from {}", program.display()), e))?;

    if !status.success() {
        return Err(MediaError::Ffmpeg {
            step,
            detail: format!(
                "{} exited with {status}:\n{}",
                program
                    .file_name()
                    .map(|n| n.to_string_lossy())
                    .unwrap_or_default(),
                tail.last(ERROR_LINES)
            ),
        });
    }
    Ok(tail)
}

/// Feeds each line (with its newline, if any) to `on_line`. Bytes need not be UTF-8: file
/// names and metadata in ffmpeg's logs are whatever the source holds.
async fn read_lines(
    pipe: impl AsyncRead + Unpin,
    mut on_line: impl FnMut(&[u8]),
) -> std::io::Result<()> {
    let mut reader = BufReader::new(pipe);
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line).await? == 0 {
            return Ok(());
        }
        on_line(&line);
    }
}

/// The demuxers a source may be read with. Anything else is refused before it is opened:
/// an uploaded HLS or concat playlist renamed `.mp4` would otherwise make ffmpeg fetch the
/// URLs or local files it lists.
const SOURCE_FORMATS: &str =
    "mov,matroska,avi,mpegts,mpeg,flv,asf,ogg,wav,w64,mp3,aac,flac,mxf,dv,nut";

/// The input options for reading an untrusted source: demuxers limited to
/// [`SOURCE_FORMATS`], local files only, an absolute path (so a name such as `clip:1.mp4` is
/// not taken for a protocol), optional decoder threads.
pub(crate) fn source_input(path: &Path, threads: Option<u32>) -> Result<Vec<OsString>> {
    let absolute = std::path::absolute(path)
        .map_err(|e| MediaError::io(format!("cannot resolve {}", path.display()), e))?;
    let mut a = args([
        "-protocol_whitelist",
        "file",
        "-format_whitelist",
        SOURCE_FORMATS,
    ]);
    if let Some(n) = threads {
        a.extend(args(["-threads".to_owned(), n.to_string()]));
    }
    a.push("-i".into());
    a.push(absolute.into());
    Ok(a)
}

/// The same restrictions as [`source_input`] for ffprobe, which takes the file name last and
/// without `-i`.
pub(crate) fn probe_input(path: &Path) -> Result<Vec<OsString>> {
    let mut a = source_input(path, None)?;
    let file = a.pop();
    a.pop();
    a.extend(file);
    Ok(a)
}

/// Runs ffprobe with `options` on `path` (restricted as by [`probe_input`]) and keeps its
/// output. A failure here means the file is not media ffprobe can read:
/// [`MediaError::NotMedia`], with ffprobe's complaint as the detail.
pub(crate) async fn probe(ffprobe: &Path, options: &[&str], path: &Path) -> Result<Finished> {
    let mut a = args(options);
    a.extend(probe_input(path)?);
    match output(ffprobe, a, "probing").await {
        Err(MediaError::Ffmpeg { detail, .. }) => Err(MediaError::NotMedia { detail }),
        other => other,
    }
}

/// The ffmpeg options every run starts with: no banner, no prompt, no interactive stats.
pub(crate) fn ffmpeg_base(log_level: &str) -> Vec<OsString> {
    args(["-hide_banner", "-nostdin", "-nostats", "-v", log_level])
}

/// Builds an argument list from string-like pieces.
pub(crate) fn args<I, S>(items: I) -> Vec<OsString>
where
    I: IntoIterator<Item = S>,
    S: Into<OsString>,
{
    items.into_iter().map(Into::into).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_reads_only_out_time_us() {
        assert_eq!(progress_fraction(b"out_time_us=3500000\n", 7.0), Some(0.5));
        assert_eq!(progress_fraction(b"out_time_us=9000000", 7.0), Some(1.0));
        assert_eq!(progress_fraction(b"out_time_us=-23000", 7.0), Some(0.0));
        assert_eq!(progress_fraction(b"out_time_us=N/A", 7.0), None);
        assert_eq!(progress_fraction(b"out_time_ms=3500000", 7.0), None);
        assert_eq!(progress_fraction(b"out_time_us=100", 0.0), None);
    }

    #[test]
    fn tail_keeps_the_last_lines() {
        let mut tail = StderrTail::default();
        for i in 0..(KEPT_LINES + 5) {
            tail.push(format!("line {i}"));
        }
        assert_eq!(
            tail.last(2),
            format!("line {}\nline {}", KEPT_LINES + 3, KEPT_LINES + 4)
        );
        assert!(tail.text().starts_with("line 5\n"));
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn failure_carries_the_stderr_tail() {
        let err = output(
            Path::new("/bin/sh"),
            args(["-c", "echo first >&2; echo last words >&2; exit 3"]),
            "testing",
        )
        .await
        .unwrap_err();
        let text = err.to_string();
        assert_eq!(err.code(), "ffmpeg");
        assert!(text.contains("last words") && text.contains("3"), "{text}");
    }
}
