//! Cutting a GIFT file into question blocks of characters with escapes resolved.
//!
//! Moodle's rules: questions are separated by blank lines; a line whose first non-space
//! characters are `//` is a comment, wherever it is (comments do not end a block); a
//! backslash escapes `~ = # { } :` and itself, and `\n` stands for a line break. Any other
//! backslash is kept as is, so LaTeX such as `$\frac12$` survives (but `\n` in `\neq` is a
//! line break, as in Moodle: write `\\neq`).
//!
//! Formulas are written as in LaTeX, braces unescaped: inside `\( \)`, `\[ \]` and
//! `$$ $$` opened and closed on one line, braces that pair up among themselves are text
//! ([`literal_maths_braces`]). Braces escaped by hand (`\{`) still read the same. Export
//! writes every brace and backslash escaped, so what it writes never relies on this.

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
        let start = block.syms.len();
        unescape_into(raw, line, &mut block.syms);
        if let Some(written) = block.syms.get_mut(start..) {
            literal_maths_braces(written);
        }
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

/// The formula delimiters: an unescaped backslash (or `$`) then the character.
const MATHS: [(&str, &str); 3] = [("\\(", "\\)"), ("\\[", "\\]"), ("$$", "$$")];

/// Marks as text the braces of each formula on one line, so `\(\frac{3}{4}\)` needs no
/// escapes. A formula's braces count only when they pair up inside it, so a formula that
/// straddles an answer block's brace, or an unclosed delimiter, changes nothing. (A whole
/// answer block inside one formula would read as text; export, which puts each answer on
/// its own line, never writes one.)
fn literal_maths_braces(line: &mut [Sym]) {
    let mut from = 0;
    while let Some((open, (_, close))) = MATHS
        .iter()
        .filter_map(|pair| find_seq(line, pair.0, from).map(|at| (at, *pair)))
        .min_by_key(|(at, _)| *at)
    {
        let inside = open + 2;
        let Some(end) = find_seq(line, close, inside) else {
            // An opener never closed on this line is text; later formulas still count.
            from = inside;
            continue;
        };
        if let Some(formula) = line.get_mut(inside..end) {
            if braces_pair_up(formula) {
                formula
                    .iter_mut()
                    .filter(|s| s.is('{') || s.is('}'))
                    .for_each(|s| s.escaped = true);
            }
        }
        from = end + 2;
    }
}

/// Whether the unescaped braces of `syms` open and close in pairs, in order.
fn braces_pair_up(syms: &[Sym]) -> bool {
    let mut depth = 0usize;
    for sym in syms {
        if sym.is('{') {
            depth += 1;
        } else if sym.is('}') {
            match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return false,
            }
        }
    }
    depth == 0
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
    fn braces_inside_formulas_need_no_escape() {
        let found = blocks(r"Q \(\frac{3}{4}\) $$x^{2}$$ \[\sqrt{2}\] {=a}");
        let syms = &found[0].syms;
        assert_eq!(text(syms), r"Q \(\frac{3}{4}\) $$x^{2}$$ \[\sqrt{2}\] {=a}");
        // Only the answer block's braces remain GIFT's.
        let open = find(syms, '{').unwrap();
        assert_eq!(text(&syms[open..]), "{=a}");
        assert_eq!(syms.iter().filter(|s| s.is('}')).count(), 1);
    }

    #[test]
    fn an_unclosed_opener_leaves_later_formulas_alone() {
        let found = blocks(r"Q \( puis $$x^{2}$$ {=a}");
        let syms = &found[0].syms;
        let open = find(syms, '{').unwrap();
        assert_eq!(text(&syms[open..]), "{=a}");
    }

    #[test]
    fn formulas_never_swallow_an_answer_block() {
        // The block's braces open or close outside the formula, or do not pair up in it.
        // An unclosed formula leaves its braces to GIFT (and the question is refused).
        for (line, braces_left) in [
            (r"\(x {=b\)}", 2),
            (r"Q \(\frac{1}{2} {=a}", 6),
            ("$$a\n{=b}$$", 2),
        ] {
            let found = blocks(line);
            let braces = found
                .iter()
                .flat_map(|b| &b.syms)
                .filter(|s| s.is('{') || s.is('}'))
                .count();
            assert_eq!(braces, braces_left, "{line}");
        }
        // Escaped by hand, as before: the same text.
        let found = blocks(r"\(\frac\{3\}\{4\}\) {=a}");
        assert_eq!(text(&found[0].syms), r"\(\frac{3}{4}\) {=a}");
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
