//! WebVTT subtitles: checked before they are stored (a broken file would silently show no
//! subtitles) and read as plain text, which search indexes as the capsule's transcript.
//!
//! Follows the W3C WebVTT format closely enough for what studios produce: the `WEBVTT`
//! signature, cue blocks of an optional identifier, a timing line
//! `[hh:]mm:ss.ttt --> [hh:]mm:ss.ttt [settings]` and text lines; `NOTE`, `STYLE` and
//! `REGION` blocks are skipped. Cue text markup (`<b>`, `<v Speaker>`…) is dropped from the
//! transcript.

/// Largest subtitle file accepted.
pub const MAX_VTT_BYTES: usize = 2 * 1024 * 1024;

/// One cue: when it shows and its text (markup removed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    pub start_ms: u64,
    pub end_ms: u64,
    pub text: String,
}

/// Why a subtitle file was refused: its line and a stable code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("WebVTT line {line}: {code}")]
pub struct VttError {
    pub line: usize,
    /// `too-large`, `not-utf8`, `not-webvtt`, `bad-timing` or `no-cues`.
    pub code: &'static str,
}

/// Reads a whole WebVTT file.
pub fn parse(bytes: &[u8]) -> Result<Vec<Cue>, VttError> {
    let error = |line, code| VttError { line, code };
    if bytes.len() > MAX_VTT_BYTES {
        return Err(error(1, "too-large"));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let valid = bytes.get(..e.valid_up_to()).unwrap_or_default();
        error(
            1 + valid.iter().filter(|&&b| b == b'\n').count(),
            "not-utf8",
        )
    })?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().collect();
    let signature = lines.first().copied().unwrap_or_default();
    let rest = signature
        .strip_prefix("WEBVTT")
        .ok_or(error(1, "not-webvtt"))?;
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return Err(error(1, "not-webvtt"));
    }
    let mut cues = Vec::new();
    let mut i = 1;
    while i < lines.len() {
        // Skip to the next block.
        while i < lines.len() && lines[i].trim().is_empty() {
            i += 1;
        }
        let start = i;
        while i < lines.len() && !lines[i].trim().is_empty() {
            i += 1;
        }
        let block = &lines[start..i];
        let Some(first) = block.first() else { break };
        if ["NOTE", "STYLE", "REGION"]
            .iter()
            .any(|k| first.starts_with(k))
        {
            continue;
        }
        let (timing_at, timing) = match block.iter().position(|l| l.contains("-->")) {
            Some(at) if at <= 1 => (at, block[at]),
            _ => return Err(error(start + 1, "bad-timing")),
        };
        let (start_ms, end_ms) =
            timings(timing).ok_or(error(start + timing_at + 1, "bad-timing"))?;
        let text = block[timing_at + 1..]
            .iter()
            .map(|l| strip_markup(l))
            .collect::<Vec<_>>()
            .join("\n");
        cues.push(Cue {
            start_ms,
            end_ms,
            text,
        });
    }
    if cues.is_empty() {
        return Err(error(1, "no-cues"));
    }
    Ok(cues)
}

/// The words of all cues, one cue a line, for search.
pub fn transcript(cues: &[Cue]) -> String {
    cues.iter()
        .map(|c| c.text.replace('\n', " "))
        .filter(|t| !t.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn timings(line: &str) -> Option<(u64, u64)> {
    let (from, to) = line.split_once("-->")?;
    let start = timestamp(from.trim())?;
    let end = timestamp(to.split_whitespace().next()?)?;
    (end >= start).then_some((start, end))
}

/// `[hh:]mm:ss.ttt` in milliseconds.
fn timestamp(text: &str) -> Option<u64> {
    let (clock, millis) = text.split_once('.')?;
    if millis.len() != 3 || !millis.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let parts: Vec<&str> = clock.split(':').collect();
    let number = |p: &str| {
        (p.len() >= 2 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u64>().ok())
            .flatten()
    };
    let (h, m, s) = match parts.as_slice() {
        [m, s] => (0, number(m)?, number(s)?),
        [h, m, s] => (number(h)?, number(m)?, number(s)?),
        _ => return None,
    };
    if m > 59 || s > 59 {
        return None;
    }
    Some(((h * 60 + m) * 60 + s) * 1000 + millis.parse::<u64>().ok()?)
}

/// Cue text without its tags (`<b>`, `<v Name>`, `<00:01.000>`), entities decoded.
fn strip_markup(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_tag = false;
    for c in line.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "WEBVTT - درس الكسور\n\nNOTE studio take 3\n\n1\n00:00.000 --> 00:02.500\n<v Prof>نبسّط <b>الكسر</b>\n\n00:00:02.500 --> 00:00:05.000 align:start\nSix huitièmes &amp; trois quarts\nsur deux lignes\n";

    #[test]
    fn cues_and_transcript() {
        let cues = parse(GOOD.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(cues.len(), 2);
        assert_eq!((cues[0].start_ms, cues[0].end_ms), (0, 2500));
        assert_eq!(cues[0].text, "نبسّط الكسر");
        assert_eq!((cues[1].start_ms, cues[1].end_ms), (2500, 5000));
        assert_eq!(
            transcript(&cues),
            "نبسّط الكسر\nSix huitièmes & trois quarts sur deux lignes"
        );
    }

    #[test]
    fn problems_name_their_line() {
        let code = |text: &str| parse(text.as_bytes()).err().map(|e| (e.line, e.code));
        assert_eq!(
            code("1\n00:00.000 --> 00:01.000\nx"),
            Some((1, "not-webvtt"))
        );
        assert_eq!(code("WEBVTTX\n"), Some((1, "not-webvtt")));
        assert_eq!(
            code("WEBVTT\n\n00:00.000 --> 00:01\nx"),
            Some((3, "bad-timing"))
        );
        assert_eq!(
            code("WEBVTT\n\n00:02.000 --> 00:01.000\nx"),
            Some((3, "bad-timing"))
        );
        assert_eq!(code("WEBVTT\n\njust text\nmore"), Some((3, "bad-timing")));
        assert_eq!(
            code("WEBVTT\n\n00:61.000 --> 01:01.000\nx"),
            Some((3, "bad-timing"))
        );
        assert_eq!(code("WEBVTT\n"), Some((1, "no-cues")));
        assert_eq!(
            parse(b"WEBVTT\n\n\xFF").err().map(|e| e.code),
            Some("not-utf8")
        );
    }
}
