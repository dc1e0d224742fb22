//! Bounds on a formula, checked before it reaches the parser, so that no exercise text can
//! hold a worker for long or crash the server:
//!
//! - pulldown-latex takes time quadratic in the nesting of groups (`{`, `\left`, `\begin`):
//!   a few kilobytes of nested braces took seconds on every view;
//! - it recurses once for a command whose argument is another command (`\sqrt\sqrt x`):
//!   a few hundred of them overflow a thread's stack, which aborts the whole process;
//! - macro definitions (`\def`, `\newcommand`) expand to text these bounds never saw.
//!
//! School formulas are short, shallow and define nothing; one that passes a bound is
//! shown as its source, like a formula the parser refuses.

/// The longest formula rendered, in bytes of its source.
pub const MAX_FORMULA_BYTES: usize = 4096;

/// The deepest nesting rendered (see [`depth`]).
pub const MAX_DEPTH: usize = 64;

/// Commands that define macros.
const DEFINITIONS: &[&[u8]] = &[
    b"def",
    b"let",
    b"futurelet",
    b"newcommand",
    b"renewcommand",
    b"providecommand",
];

/// Why a formula is not rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    TooLong,
    TooDeep,
    Definition,
}

/// Checks `source` against the bounds, in one pass over its bytes.
pub fn check(source: &str) -> Result<(), Refusal> {
    if source.len() > MAX_FORMULA_BYTES {
        return Err(Refusal::TooLong);
    }
    if depth(source)? > MAX_DEPTH {
        return Err(Refusal::TooDeep);
    }
    Ok(())
}

/// Where the scan stands inside one group.
#[derive(Clone, Copy, Default)]
struct Level {
    /// Commands in a row that may be each other's arguments.
    chain: usize,
    /// Characters since the last command, outside inner groups.
    loose: usize,
    /// Whether nothing but spaces came since the last command (a `[` there opens its
    /// optional argument, elsewhere it is a character: `]0, 1[` is an interval).
    after_command: bool,
    /// Whether this group is an optional argument, closed by `]`.
    bracket: bool,
}

/// How deeply `source` nests: groups (`{`, `\{`, `\left`, `\begin`) plus, inside the
/// innermost one, the commands in a row that may be arguments of each other.
///
/// A command with a command argument (`\frac{1}\frac{1}…`, `x^\sqrt…`) may come after
/// groups and up to two single characters, so a row goes on across those and ends after
/// a third character: an over-estimate, since arities are not known here, which only
/// costs a formula with some sixty commands joined by single operators in one group.
/// Closers without an opener count nothing (the parser refuses them); `\{` counts
/// although LaTeX does not pair it, which only makes the count stricter.
fn depth(source: &str) -> Result<usize, Refusal> {
    let bytes = source.as_bytes();
    let mut outer: Vec<Level> = Vec::new();
    let mut level = Level::default();
    let mut deepest = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        i += 1;
        let step = match b {
            b'{' => Step::Open,
            b'}' => Step::Close,
            b'[' if level.after_command => Step::OpenBracket,
            b']' if level.bracket => Step::Close,
            b'\\' => {
                let name_len = bytes
                    .get(i..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .count();
                let name = bytes.get(i..i + name_len).unwrap_or_default();
                // A control symbol (`\{`, `\\`) is one character after the backslash.
                let next = bytes.get(i).copied();
                i += name_len.max(1);
                match (name, next) {
                    (b"left" | b"begin", _) => Step::Open,
                    (b"right" | b"end", _) => Step::Close,
                    (b"", Some(b'{')) => Step::Open,
                    (b"", Some(b'}')) => Step::Close,
                    (b"", _) => Step::Loose,
                    (name, _) if DEFINITIONS.contains(&name) => return Err(Refusal::Definition),
                    _ => Step::Command,
                }
            }
            b if b.is_ascii_whitespace() => Step::Space,
            _ => Step::Loose,
        };
        match step {
            Step::Open | Step::OpenBracket => {
                outer.push(level);
                level = Level {
                    bracket: matches!(step, Step::OpenBracket),
                    ..Level::default()
                };
            }
            Step::Close => {
                // The group counts as nothing between the commands around it.
                level = outer.pop().unwrap_or_default();
                level.after_command = false;
            }
            Step::Command => {
                level.chain = if level.loose <= 2 { level.chain + 1 } else { 1 };
                level.loose = 0;
                level.after_command = true;
            }
            Step::Loose => {
                level.loose += 1;
                level.after_command = false;
            }
            Step::Space => {}
        }
        deepest = deepest.max(outer.len() + level.chain);
    }
    Ok(deepest)
}

enum Step {
    Open,
    OpenBracket,
    Close,
    Command,
    Loose,
    Space,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deep(source: &str) -> usize {
        depth(source).unwrap_or(usize::MAX)
    }

    #[test]
    fn depth_counts_groups() {
        assert_eq!(deep("x + 1"), 0);
        assert_eq!(deep("\\frac{1}{2}"), 1);
        assert_eq!(deep("\\frac{\\sqrt{x}}{2}"), 2);
        assert_eq!(deep("\\left( \\left[ x \\right] \\right)"), 2);
        assert_eq!(deep("\\begin{matrix} a \\end{matrix}"), 2);
        assert_eq!(deep("\\{ \\{ x \\} \\}"), 2);
        // Escaped backslashes and closers alone open nothing; intervals are not groups.
        assert_eq!(deep("a \\\\ b } } {"), 1);
        assert_eq!(deep("x \\in ]0, 1[ \\cup [2, 3[ \\cup ]4, 5["), 2);
        // A command's name stops at the first non-letter: `\lefty` is not `\left`.
        assert_eq!(deep("\\lefty + \\beginning"), 2);
    }

    #[test]
    fn depth_counts_commands_that_may_be_arguments_of_each_other() {
        assert_eq!(deep("\\sqrt\\sqrt\\sqrt x"), 3);
        assert_eq!(deep("\\frac{1}\\frac{2}\\frac 34"), 3);
        assert_eq!(deep("\\sqrt[123]\\sqrt[4]{x}"), 2);
        assert_eq!(deep("x^\\sqrt y^\\sqrt z"), 2);
        // Three characters between commands end the row.
        assert_eq!(deep("\\alpha + 12 \\beta + 12 \\gamma"), 1);
    }

    #[test]
    fn bounds_refuse_long_deep_and_defining_formulas() {
        assert_eq!(check("\\frac{1}{2}"), Ok(()));
        let at_bound = format!("{}x{}", "{".repeat(MAX_DEPTH), "}".repeat(MAX_DEPTH));
        assert_eq!(check(&at_bound), Ok(()));
        assert_eq!(check(&format!("{{{at_bound}}}")), Err(Refusal::TooDeep));
        assert_eq!(check(&"\\{".repeat(MAX_DEPTH + 1)), Err(Refusal::TooDeep));
        assert_eq!(check(&"\\vec".repeat(MAX_DEPTH + 1)), Err(Refusal::TooDeep));
        assert_eq!(check(&"x".repeat(MAX_FORMULA_BYTES)), Ok(()));
        assert_eq!(
            check(&"x".repeat(MAX_FORMULA_BYTES + 1)),
            Err(Refusal::TooLong)
        );
        for source in ["\\def\\a{x}\\a", "\\newcommand{\\a}{x}", "\\let\\a=b"] {
            assert_eq!(check(source), Err(Refusal::Definition), "{source}");
        }
    }
}
