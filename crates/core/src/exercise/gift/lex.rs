//! Cutting a GIFT file into question blocks of characters with escapes resolved.
//!
//! Moodle's rules: questions are separated by blank lines; a line whose first non-space
//! characters are `//` is a comment, wherever it is (comments do not end a block); a
//! backslash escapes `~ = # { } :` and itself, and `\n` stands for a line break. Any other
//! backslash is kept as is, so LaTeX such as `$\frac12$` survives (but `\n` in `\neq` is a
//! line break, as in Moodle: write `\\neq`).

/// One character of a block. `escaped` characters never have a GIFT meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Sym {
    pub c: char,
    pub escaped: bool,
    pub line: usize,
}

impl Sym {
    /// Whether this is the unescaped control character `c`.
    pub fn is(&self, c: char) -> bool {
        !self.escaped && self.c == c
    }
}

/// The lines of one question (or category command), comments removed, joined by `\n`.
#[derive(Debug)]
pub(super) struct Block {
    pub syms: Vec<Sym>,
}

/// Splits `text` into blocks at blank lines.
pub(super) fn blocks(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current: Option<Block> = None;
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            blocks.extend(current.take());
            continue;
        }
        if trimmed.starts_with("//") {
            continue;
        }
        let block = current.get_or_insert_with(|| Block { syms: Vec::new() });
        if !block.syms.is_empty() {
            block.syms.push(Sym {
                c: '\n',
                escaped: false,
                line,
            });
        }
        unescape_into(raw, line, &mut block.syms);
    }
    blocks.extend(current);
    blocks
}

fn unescape_into(raw: &str, line: usize, out: &mut Vec<Sym>) {
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        // A carriage return that is not part of a line ending (old Mac files, pasted
        // text) and a byte order mark anywhere (files converted twice, concatenated)
        // mean nothing in a question: dropped, as export drops them (found by fuzzing).
        if c == '\r' || c == '\u{FEFF}' {
            continue;
        }
        let escaped = match (c, chars.peek()) {
            ('\\', Some(&next)) if "~=#{}:\\".contains(next) => Some(next),
            ('\\', Some('n')) => Some('\n'),
            _ => None,
        };
        match escaped {
            Some(literal) => {
                chars.next();
                out.push(Sym {
                    c: literal,
                    escaped: true,
                    line,
                });
            }
            None => out.push(Sym {
                c,
                escaped: false,
                line,
            }),
        }
    }
}

/// The characters of `syms` as text.
pub(super) fn text(syms: &[Sym]) -> String {
    syms.iter().map(|s| s.c).collect()
}

/// `syms` without surrounding whitespace.
pub(super) fn trim(syms: &[Sym]) -> &[Sym] {
    let start = syms
        .iter()
        .position(|s| !s.c.is_whitespace())
        .unwrap_or(syms.len());
    let end = syms
        .iter()
        .rposition(|s| !s.c.is_whitespace())
        .map_or(start, |i| i + 1);
    syms.get(start..end).unwrap_or_default()
}

/// Where the first unescaped `c` is.
pub(super) fn find(syms: &[Sym], c: char) -> Option<usize> {
    syms.iter().position(|s| s.is(c))
}

/// Where the first unescaped occurrence of `pattern` starts, at or after `from`.
pub(super) fn find_seq(syms: &[Sym], pattern: &str, from: usize) -> Option<usize> {
    let pattern: Vec<char> = pattern.chars().collect();
    (from..syms.len()).find(|&start| starts_with_at(syms, &pattern, start))
}

/// Where the last unescaped occurrence of `pattern` starts.
pub(super) fn rfind_seq(syms: &[Sym], pattern: &str) -> Option<usize> {
    let pattern: Vec<char> = pattern.chars().collect();
    (0..syms.len())
        .rev()
        .find(|&start| starts_with_at(syms, &pattern, start))
}

/// Whether `syms` begins with the unescaped characters of `pattern`.
pub(super) fn starts_with(syms: &[Sym], pattern: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    starts_with_at(syms, &pattern, 0)
}

fn starts_with_at(syms: &[Sym], pattern: &[char], start: usize) -> bool {
    pattern
        .iter()
        .enumerate()
        .all(|(offset, &c)| syms.get(start + offset).is_some_and(|s| s.is(c)))
}

/// The pieces of `syms` cut before each unescaped marker, with the marker that opened them
/// (`None` for the text before the first marker).
pub(super) fn split_before_markers<'a>(
    syms: &'a [Sym],
    markers: &[char],
) -> Vec<(Option<Sym>, &'a [Sym])> {
    let mut pieces = Vec::new();
    let mut marker = None;
    let mut rest = syms;
    while let Some(at) = rest.iter().position(|s| markers.iter().any(|&m| s.is(m))) {
        let (piece, from_marker) = rest.split_at(at);
        pieces.push((marker, piece));
        marker = from_marker.first().copied();
        rest = from_marker.get(1..).unwrap_or_default();
    }
    pieces.push((marker, rest));
    pieces
}

/// The line of the first character, or `fallback` for none.
pub(super) fn line_of(syms: &[Sym], fallback: usize) -> usize {
    syms.first().map_or(fallback, |s| s.line)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_cut_at_blank_lines_and_comments_are_dropped() {
        let file = "// header\nQ1 {T}\n\n\n  // inside\nQ2\n// still Q2\n{F}\n   \nQ3{T}";
        let blocks = blocks(file);
        let texts: Vec<String> = blocks.iter().map(|b| text(&b.syms)).collect();
        assert_eq!(texts, vec!["Q1 {T}", "Q2\n{F}", "Q3{T}"]);
        assert_eq!(blocks[1].syms[0].line, 6);
        assert_eq!(blocks[1].syms.last().unwrap().line, 8);
    }

    #[test]
    fn windows_line_endings() {
        let blocks = blocks("Q1 {T}\r\n\r\nQ2 {F}\r\n");
        assert_eq!(blocks.len(), 2);
        assert_eq!(text(&blocks[0].syms), "Q1 {T}");
    }

    #[test]
    fn lone_carriage_returns_are_dropped() {
        // Found by the `gift` fuzz target: kept, they did not survive export.
        let found = blocks("en second\r\r\res {T}");
        assert_eq!(text(&found[0].syms), "en secondes {T}");
        let found = blocks("\n\u{FEFF}Q1 {T}");
        assert_eq!(text(&found[0].syms), "Q1 {T}");
    }

    #[test]
    fn escapes_are_resolved_and_marked() {
        let blocks = blocks(r"a\~b\=c\#d\{e\}f\:g\\h\ni\frac");
        let syms = &blocks[0].syms;
        assert_eq!(text(syms), "a~b=c#d{e}f:g\\h\ni\\frac");
        assert!(syms.iter().filter(|s| s.escaped).count() == 8);
        assert_eq!(find(syms, '~'), None);
        assert_eq!(find(syms, '\\'), Some(syms.len() - 5));
    }

    #[test]
    fn url_slashes_inside_a_line_are_not_comments() {
        let blocks = blocks("See http://example.org {T}");
        assert_eq!(text(&blocks[0].syms), "See http://example.org {T}");
    }

    #[test]
    fn splitting_before_markers() {
        let blocks = blocks(r"x ~a =b \~c ~d");
        let pieces = split_before_markers(&blocks[0].syms, &['~', '=']);
        let shown: Vec<(Option<char>, String)> = pieces
            .iter()
            .map(|(m, s)| (m.map(|m| m.c), text(s)))
            .collect();
        assert_eq!(
            shown,
            vec![
                (None, "x ".into()),
                (Some('~'), "a ".into()),
                (Some('='), "b ~c ".into()),
                (Some('~'), "d".into())
            ]
        );
    }

    #[test]
    fn sequences_and_trimming() {
        let blocks = blocks("  ::a::b #### c ####d  ");
        let syms = trim(&blocks[0].syms);
        assert_eq!(text(syms), "::a::b #### c ####d");
        assert!(starts_with(syms, "::"));
        assert_eq!(find_seq(syms, "::", 2), Some(3));
        assert_eq!(rfind_seq(syms, "####"), Some(14));
        assert_eq!(trim(&[]).len(), 0);
    }
}
