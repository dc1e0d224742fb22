//! One formula as HTML: bounded ([`limits`]), parsed, its user text escaped inside the
//! parser's events, rendered, then rebuilt from an allow-list ([`sanitize`]). Anything that
//! fails on the way is shown as its escaped source.
//!
//! pulldown-latex writes some user text into the MathML as it is: the argument of
//! `\operatorname` and `\mathop` (`<mi><meta …></mi>`), and every character written as an
//! operator (`x < y` gives `<mo><</mo>`). Its events cannot carry markup, only strings and
//! characters, so those are changed before rendering: `<`, `>` and `&` become reserved
//! noncharacters that the renderer copies through, and the output turns them back into
//! entities. The escaping therefore covers every command, known or future, and the
//! sanitiser is the second line, not the only one.

use pulldown_latex::config::DisplayMode;
use pulldown_latex::event::{Content, Event, Grouping};
use pulldown_latex::{push_mathml, Parser, ParserError, RenderConfig, Storage};

use super::{escape_into, limits, sanitize, speech};

/// Stand-ins for the characters that would be markup, in the order of [`ENTITIES`]: Unicode
/// noncharacters, which no text should hold (a formula holding one is refused).
const STAND_INS: [char; 3] = ['\u{FDD0}', '\u{FDD1}', '\u{FDD2}'];
const ESCAPED: [char; 3] = ['<', '>', '&'];
const ENTITIES: [&str; 3] = ["&lt;", "&gt;", "&amp;"];

/// Appends the HTML of the formula `source` to `html`.
pub(super) fn push(html: &mut String, source: &str, mode: DisplayMode) {
    match mathml(source, mode) {
        Some(math) => {
            // Formulas read left to right, in Arabic pages too. A span even for displayed
            // maths (`<math display="block">` is a block by itself): texts sit in `<p>` and
            // `<legend>`, where a `<div>` is not allowed.
            html.push_str("<span class=\"math\" dir=\"ltr\">");
            // The formula's name for assistive technologies (see `speech`).
            html.push_str("<math aria-label=\"");
            escape_into(html, &speech::spoken(source));
            html.push('"');
            html.push_str(math.strip_prefix("<math").unwrap_or_default());
            html.push_str("</span>");
        }
        None => {
            html.push_str("<code class=\"math-source\" dir=\"ltr\">");
            escape_into(html, source);
            html.push_str("</code>");
        }
    }
}

/// The sanitised `<math>` element of `source`, or `None` when it is not rendered.
fn mathml(source: &str, mode: DisplayMode) -> Option<String> {
    limits::check(source).ok()?;
    if source.chars().any(|c| STAND_INS.contains(&c)) {
        return None;
    }
    let storage = Storage::new();
    let events = Parser::new(source, &storage)
        .collect::<Result<Vec<_>, _>>()
        .ok()?;
    // The escaped strings live here, so that the events can borrow them.
    let owned: Vec<Option<String>> = events.iter().map(escaped_string).collect();
    let events = events
        .into_iter()
        .zip(&owned)
        .map(|(event, owned)| escaped(event, owned.as_deref()))
        .collect::<Option<Vec<_>>>()?;
    let config = RenderConfig {
        display_mode: mode,
        ..RenderConfig::default()
    };
    let mut raw = String::new();
    push_mathml(
        &mut raw,
        events.into_iter().map(Ok::<_, ParserError>),
        config,
    )
    .ok()?;
    let math = sanitize::mathml(&repaired(&raw))?;
    math.starts_with("<math").then_some(math)
}

/// The stand-in of a markup character, if it is one.
fn stand_in(c: char) -> char {
    ESCAPED
        .iter()
        .position(|&e| e == c)
        .and_then(|i| STAND_INS.get(i).copied())
        .unwrap_or(c)
}

/// For an event the renderer copies a string from, that string with stand-ins, when it
/// holds a markup character.
fn escaped_string(event: &Event<'_>) -> Option<String> {
    match event {
        Event::Content(Content::Function(s) | Content::Number(s))
            if s.contains(ESCAPED.as_slice()) =>
        {
            Some(s.chars().map(stand_in).collect())
        }
        _ => None,
    }
}

/// `event` with stand-ins for its markup characters (`owned`: its string, escaped by
/// [`escaped_string`]); `None` for an event that cannot be made safe.
fn escaped<'a>(event: Event<'a>, owned: Option<&'a str>) -> Option<Event<'a>> {
    let content = match event {
        Event::Content(content) => content,
        Event::Begin(Grouping::LeftRight(open, close)) => {
            return Some(Event::Begin(Grouping::LeftRight(
                open.map(stand_in),
                close.map(stand_in),
            )))
        }
        other => return Some(other),
    };
    Some(Event::Content(match content {
        Content::Function(s) => Content::Function(owned.unwrap_or(s)),
        Content::Number(s) => Content::Number(owned.unwrap_or(s)),
        // The parser writes `~` as the HTML entity `&nbsp;`, which the renderer then
        // escapes (it would show "&nbsp;"): the character itself is meant.
        Content::Text("&nbsp;") => Content::Text("\u{a0}"),
        // The renderer escapes text itself.
        Content::Text(s) => Content::Text(s),
        Content::Ordinary { content, stretchy } => Content::Ordinary {
            content: stand_in(content),
            stretchy,
        },
        Content::LargeOp { content, small } => Content::LargeOp {
            content: stand_in(content),
            small,
        },
        Content::BinaryOp { content, small } => Content::BinaryOp {
            content: stand_in(content),
            small,
        },
        Content::Delimiter { content, size, ty } => Content::Delimiter {
            content: stand_in(content),
            size,
            ty,
        },
        Content::Punctuation(content) => Content::Punctuation(stand_in(content)),
        Content::Relation { content, small } => {
            // A relation's characters cannot be rebuilt from outside the crate; one markup
            // character alone (`<`, `>`) is written as the same `<mo>` through
            // punctuation, and a pair holding one is refused.
            let mut buf = [0u8; 8];
            let text = std::str::from_utf8(content.encode_utf8_to_buf(&mut buf)).ok()?;
            if !text.contains(ESCAPED.as_slice()) {
                return Some(Event::Content(Content::Relation { content, small }));
            }
            let mut chars = text.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => Content::Punctuation(stand_in(c)),
                _ => return None,
            }
        }
    }))
}

/// The renderer's output made well-formed: stand-ins back to entities, `&nbsp;` (which
/// XML does not know; the renderer writes it around spaced text) as its character, and
/// the space the renderer forgets between `stretchy` and `minsize` (`\big(`).
fn repaired(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + raw.len() / 8);
    let mut rest = raw;
    while let Some(at) = rest.find(['&', '"', '\u{FDD0}', '\u{FDD1}', '\u{FDD2}']) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some(after) = rest.strip_prefix("&nbsp;") {
            out.push('\u{a0}');
            rest = after;
        } else if let Some(after) = rest.strip_prefix("\"minsize=") {
            out.push_str("\" minsize=");
            rest = after;
        } else {
            let mut chars = rest.chars();
            let c = chars.next().unwrap_or_default();
            match STAND_INS.iter().position(|&s| s == c) {
                Some(i) => out.push_str(ENTITIES.get(i).copied().unwrap_or_default()),
                None => out.push(c),
            }
            rest = chars.as_str();
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn math(source: &str) -> String {
        mathml(source, DisplayMode::Inline).unwrap_or_else(|| format!("REFUSED {source}"))
    }

    #[test]
    fn operators_that_are_markup_characters_are_escaped() {
        assert_eq!(
            math("x < y"),
            "<math display=\"inline\"><mi>x</mi><mo>&#60;</mo><mi>y</mi></math>"
        );
        assert!(math("\\lt \\gt").contains("<mo>&#60;</mo><mo>&#62;</mo>"));
        assert!(math("a \\& b").contains("<mi>&#38;</mi>"));
        assert!(math("\\mathrm{<b>}").contains("<mo>&#60;</mo>"));
    }

    #[test]
    fn operator_names_are_text_not_markup() {
        let out = math("\\operatorname{<meta http-equiv=\"refresh\" content=\"0;url=//x\">}");
        assert!(!out.contains("<meta"), "{out}");
        assert!(
            out.contains("<mi>&#60;meta http-equiv=&#34;refresh&#34;"),
            "{out}"
        );
        for source in [
            "\\mathop{<b>}",
            "\\operatorname*{<b>}",
            "\\mathbin{<b>}",
            "\\mathrel{&}",
        ] {
            let out = math(source);
            assert!(!out.contains("<b>") && !out.contains("<mo>&</mo>"), "{out}");
        }
    }

    #[test]
    fn renderer_quirks_are_repaired_not_refused() {
        // `~` is a no-break space, not the text "&nbsp;".
        let out = math("a~b");
        assert!(
            out.contains("<mtext>\u{a0}") && !out.contains("nbsp"),
            "{out}"
        );
        assert!(math("\\text{ a }").contains("<mtext>\u{a0}a\u{a0}</mtext>"));
        assert!(math("\\big( x \\big)").contains("stretchy=\"true\" minsize="));
    }

    #[test]
    fn stand_ins_in_the_source_are_refused() {
        assert_eq!(mathml("x \u{FDD0} y", DisplayMode::Inline), None);
    }
}
