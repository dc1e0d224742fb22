//! Exercise texts as HTML: the text escaped, with LaTeX-style maths rendered as MathML on
//! the server, so that no client library (and no download) is needed to read a formula.
//!
//! Delimiters are those of Moodle's MathJax filter, so imported questions render as they
//! did in Moodle: `\( … \)` inline, `\[ … \]` and `$$ … $$` displayed. A single `$` is left
//! alone (prices and currencies are common in problem texts). An opening delimiter
//! without its closing one is plain text. A formula the parser refuses is shown as its
//! source in `<code>`, never half-rendered.
//!
//! The MathML is MathML Core (pulldown-latex), which current browsers draw natively with
//! their own fonts; the page CSP forbids inline styles, so the few spacing and colour
//! hints the renderer writes as `style` are ignored, which costs only fine spacing.

mod speech;

use std::fmt;

use askama::filters::{Escaper, Html};
use pulldown_latex::config::DisplayMode;
use pulldown_latex::{push_mathml, Parser, RenderConfig, Storage};

/// HTML made from an exercise text by [`render`]: every byte of the text is escaped or
/// rendered as MathML, so it is written into pages as is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RichText(String);

impl fmt::Display for RichText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The delimiter pairs, tried at each position in this order.
const DELIMITERS: [(&str, &str, DisplayMode); 3] = [
    ("\\(", "\\)", DisplayMode::Inline),
    ("\\[", "\\]", DisplayMode::Block),
    ("$$", "$$", DisplayMode::Block),
];

/// Renders `text` (plain text with maths between delimiters) as HTML.
pub fn render(text: &str) -> RichText {
    let mut html = String::with_capacity(text.len() + text.len() / 4);
    let mut rest = text;
    while let Some((start, open, close, mode)) = next_formula(rest) {
        escape_into(&mut html, &rest[..start]);
        let body_start = start + open.len();
        let body_len = rest[body_start..].find(close).unwrap_or(0);
        let source = &rest[body_start..body_start + body_len];
        push_formula(&mut html, source, mode);
        rest = &rest[body_start + body_len + close.len()..];
    }
    escape_into(&mut html, rest);
    RichText(html)
}

/// The first complete formula in `text`: where its opening delimiter starts, the
/// delimiters and how to display it.
fn next_formula(text: &str) -> Option<(usize, &'static str, &'static str, DisplayMode)> {
    let mut from = 0;
    while from < text.len() {
        let found = DELIMITERS
            .iter()
            .filter_map(|&(open, close, mode)| {
                let at = from + text[from..].find(open)?;
                Some((at, open, close, mode))
            })
            .min_by_key(|&(at, ..)| at)?;
        let (at, open, close, _) = found;
        if text[at + open.len()..].contains(close) {
            return Some(found);
        }
        // Unclosed: the opener is text; look for another formula after it.
        from = at + open.len();
    }
    None
}

fn push_formula(html: &mut String, source: &str, mode: DisplayMode) {
    let storage = Storage::new();
    let events: Result<Vec<_>, _> = Parser::new(source, &storage).collect();
    let config = RenderConfig {
        display_mode: mode,
        ..RenderConfig::default()
    };
    // Formulas read left to right, in Arabic pages too. A span even for displayed maths
    // (`<math display="block">` is a block by itself): texts sit in `<p>` and `<legend>`,
    // where a `<div>` is not allowed.
    let open = "<span class=\"math\" dir=\"ltr\">";
    let close = "</span>";
    let mut mathml = String::new();
    let rendered = events.is_ok_and(|events| {
        push_mathml(
            &mut mathml,
            events.into_iter().map(Ok::<_, pulldown_latex::ParserError>),
            config,
        )
        .is_ok()
    });
    if let (true, Some(rest)) = (rendered, mathml.strip_prefix("<math")) {
        html.push_str(open);
        // The formula's name for assistive technologies (see `speech`).
        html.push_str("<math aria-label=\"");
        escape_into(html, &speech::spoken(source));
        html.push('"');
        html.push_str(rest);
        html.push_str(close);
    } else {
        html.push_str("<code class=\"math-source\" dir=\"ltr\">");
        escape_into(html, source);
        html.push_str("</code>");
    }
}

fn escape_into(html: &mut String, text: &str) {
    // Writing into a String cannot fail.
    let _ = Html.write_escaped_str(&mut *html, text);
}

/// The askama filter: `{{ item.prompt|math }}`.
pub mod filters {
    use std::fmt::Display;

    use askama::filters::Safe;
    use askama::Values;

    use super::RichText;

    pub fn math<T: Display>(text: T, _: &dyn Values) -> askama::Result<Safe<RichText>> {
        Ok(Safe(super::render(&text.to_string())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(text: &str) -> String {
        render(text).to_string()
    }

    #[test]
    fn plain_text_is_escaped() {
        assert_eq!(
            html("a < b & \"c\" <script>"),
            "a &#60; b &#38; &#34;c&#34; &#60;script&#62;"
        );
    }

    #[test]
    fn inline_maths_becomes_mathml() {
        let out = html("Simplifier \\(\\frac{6}{8}\\) :");
        assert!(
            out.starts_with("Simplifier <span class=\"math\" dir=\"ltr\"><math"),
            "{out}"
        );
        assert!(
            out.contains("<mfrac><mrow><mn>6</mn></mrow><mrow><mn>8</mn></mrow></mfrac>"),
            "{out}"
        );
        assert!(out.ends_with("</math></span> :"), "{out}");
        assert!(out.contains("<math aria-label=\"6/8\""), "{out}");
        assert!(!out.contains("\\frac"), "{out}");
    }

    #[test]
    fn displayed_maths_both_delimiters() {
        for text in ["$$x^2$$", "\\[x^2\\]"] {
            let out = html(text);
            assert!(
                out.starts_with(
                    "<span class=\"math\" dir=\"ltr\"><math aria-label=\"x²\" display=\"block\""
                ),
                "{out}"
            );
            assert!(out.contains("<msup><mi>x</mi><mn>2</mn></msup>"), "{out}");
        }
    }

    #[test]
    fn arabic_text_around_maths_is_kept() {
        let out = html("احسب \\(2+3\\) من فضلك");
        assert!(out.starts_with("احسب <span"), "{out}");
        assert!(out.ends_with("</span> من فضلك"), "{out}");
    }

    #[test]
    fn single_dollars_and_unclosed_delimiters_are_text() {
        assert_eq!(html("5$ et 6$"), "5$ et 6$");
        assert_eq!(html("\\( sans fin"), "\\( sans fin");
        let out = html("\\( ouvert, puis \\[y\\]");
        assert!(out.starts_with("\\( ouvert, puis <span"), "{out}");
    }

    #[test]
    fn markup_inside_maths_cannot_escape() {
        let out = html("\\(\\text{<img src=x onerror=alert(1)>}\\)");
        assert!(!out.contains("<img"), "{out}");
    }

    #[test]
    fn refused_formula_shows_its_source() {
        let out = html("avant \\(\\frac{1}\\) après");
        assert_eq!(
            out,
            "avant <code class=\"math-source\" dir=\"ltr\">\\frac{1}</code> après"
        );
    }
}
