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
//! their own fonts; the page CSP forbids inline styles, so the renderer's spacing and colour
//! hints are dropped, which costs only fine spacing.
//!
//! Teachers write these texts and every pupil of a level reads them, so nothing a text says
//! may become markup (see [`formula`]): a formula is bounded before parsing ([`limits`]),
//! its user text is escaped inside the renderer's events, and the MathML that comes out is
//! rebuilt from an allow-list ([`sanitize`]); [`audit`] checks that whole property and is
//! what the fuzz target asserts. Rendered texts are kept in a bounded [`cache`], and pages
//! that show them are drawn on the blocking pool (`page::render_blocking`).

pub mod audit;
mod cache;
mod formula;
mod limits;
mod sanitize;
mod speech;

use std::fmt;
use std::sync::{Arc, LazyLock};

use askama::filters::{Escaper, Html};
use pulldown_latex::config::DisplayMode;

use cache::Cache;

/// HTML made from an exercise text by [`render`]: every byte of the text is escaped or
/// rendered as sanitised MathML, so it is written into pages as is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RichText(Arc<str>);

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

/// The texts of every page share one cache: the same set is drawn for every pupil of a
/// level, and authors' previews repeat most of their texts.
static CACHE: LazyLock<Cache> = LazyLock::new(|| Cache::new(cache::DEFAULT_BYTES));

/// Renders `text` (plain text with maths between delimiters) as HTML, from the shared cache
/// when it was rendered lately.
pub fn render_cached(text: &str) -> RichText {
    CACHE.render(text)
}

/// Renders `text` (plain text with maths between delimiters) as HTML.
pub fn render(text: &str) -> RichText {
    let mut html = String::with_capacity(text.len() + text.len() / 4);
    let mut rest = text;
    while let Some((start, open, close, mode)) = next_formula(rest) {
        escape_into(&mut html, &rest[..start]);
        let body_start = start + open.len();
        let body_len = rest[body_start..].find(close).unwrap_or(0);
        let source = &rest[body_start..body_start + body_len];
        formula::push(&mut html, source, mode);
        rest = &rest[body_start + body_len + close.len()..];
    }
    escape_into(&mut html, rest);
    RichText(html.into())
}

/// Whether `text` holds a formula at all (plain texts are not worth caching).
fn has_formula(text: &str) -> bool {
    next_formula(text).is_some()
}

/// The first complete formula in `text`: where its opening delimiter starts, the
/// delimiters and how to display it.
///
/// Linear in the text: a delimiter with no closing one after some opener has none after
/// any later opener either, so it is dropped from the search instead of being tried at
/// each of its openers (thousands of unclosed `\(` would otherwise cost quadratic time).
fn next_formula(text: &str) -> Option<(usize, &'static str, &'static str, DisplayMode)> {
    let mut open_kinds = DELIMITERS.to_vec();
    let mut from = 0;
    while from < text.len() {
        let found = open_kinds
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
        // Unclosed: the opener is text, and so is every later one of its kind.
        open_kinds.retain(|&(o, ..)| o != open);
        from = at + open.len();
    }
    None
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
        Ok(Safe(super::render_cached(&text.to_string())))
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

    /// Commands that take text, or characters that are markup, each with markup inside.
    const INJECTIONS: &[&str] = &[
        "\\operatorname{<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">}",
        "\\operatorname*{<script>alert(1)</script>}",
        "\\mathop{<img src=x onerror=alert(1)>}",
        "\\mathbin{<b>}",
        "\\mathrel{<b>}",
        "\\mathord{<b>}",
        "\\mathrm{<b>}",
        "\\mathbf{<b>}",
        "\\mathbb{<}",
        "\\text{<script>x</script>}",
        "\\textbf{<script>x</script>}",
        "\\textit{</mtext><script>x</script>}",
        "\\mbox{<script>x</script>}",
        "\\href{javascript:alert(1)}{x}",
        "\\url{javascript:alert(1)}",
        "\\class{x\" onclick=\"y}{z}",
        "\\style{background:url(x)}{y}",
        "\\color{red\" onclick=\"x}{y}",
        "\\textcolor{red}{<script>}",
        "\\verb|<script>|",
        "\\begin{<script>}x\\end{<script>}",
        "\\begin{matrix}<script>&<b>\\\\x\\end{matrix}",
        "\\unknown{<script>}",
        "\\lt script \\gt",
        "x < y > z & w",
        "\\overset{<}{\\underset{>}{x}}",
        "\\operatorname{\"><svg onload=alert(1)>}",
        "\\operatorname{&lt;script&gt;}",
        "\\operatorname{&nbsp;<b>}",
    ];

    /// Every output element and attribute is allow-listed, and nothing above is markup.
    fn assert_safe(out: &str) {
        if let Err(e) = audit::check(out) {
            panic!("{e}: {out}");
        }
        for tag in ["<meta", "<script", "<img", "<svg", "<b>"] {
            assert!(!out.contains(tag), "{tag} in {out}");
        }
    }

    #[test]
    fn no_command_writes_markup_from_the_text() {
        for source in INJECTIONS {
            for text in [format!("\\({source}\\)"), format!("$${source}$$")] {
                assert_safe(&html(&text));
            }
        }
        // The injection of the security report is rendered, as text.
        let out = html("\\(\\operatorname{<meta http-equiv=\"refresh\">}\\)");
        assert!(
            out.contains("<mi>&#60;meta http-equiv=&#34;refresh&#34;&#62;</mi>"),
            "{out}"
        );
    }

    #[test]
    fn comparisons_render_as_well_formed_operators() {
        let out = html("\\(x < y\\)");
        assert!(out.contains("<mo>&#60;</mo>"), "{out}");
        assert_safe(&out);
    }

    #[test]
    fn deeply_nested_formulas_are_refused_quickly() {
        // The report's formula: 20,000 nested `\{`, which took 14 s.
        let nested = format!("{}x{}", "\\{".repeat(20_000), "\\}".repeat(20_000));
        // Within the length bound but too deep, for each kind of group.
        let deep = limits::MAX_DEPTH + 1;
        let groups = [
            nested,
            format!("{}x{}", "{".repeat(deep), "}".repeat(deep)),
            format!("{}x{}", "\\left(".repeat(deep), "\\right)".repeat(deep)),
            format!("{}x{}", "\\sqrt{".repeat(deep), "}".repeat(deep)),
        ];
        for source in groups {
            let started = std::time::Instant::now();
            let out = html(&format!("\\({source}\\)"));
            assert!(
                out.starts_with("<code class=\"math-source\" dir=\"ltr\">"),
                "{}",
                &out[..80]
            );
            assert_safe(&out);
            // Generous: a refusal is a scan of the source, milliseconds even unoptimised.
            assert!(started.elapsed() < std::time::Duration::from_secs(2));
        }
        // Just within the bounds still renders.
        let ok = format!(
            "{}x{}",
            "{".repeat(limits::MAX_DEPTH),
            "}".repeat(limits::MAX_DEPTH)
        );
        assert!(html(&format!("\\({ok}\\)")).starts_with("<span"));
    }

    #[test]
    fn the_worst_formulas_within_bounds_render_in_bounded_time() {
        let fill = |unit: &str| unit.repeat(limits::MAX_FORMULA_BYTES / unit.len());
        for source in [
            fill("\\sqrt"),
            fill("\\vec"),
            fill("\\frac{1}"),
            fill("x^\\sqrt"),
            format!("{}x", "\\sqrt".repeat(limits::MAX_DEPTH)),
            fill("x^{y}_{z}"),
            fill("\\frac{1}{2}"),
            fill("\\left(x\\right)"),
            fill("\\operatorname{ab}"),
            format!("{}x{}", "{\\left(".repeat(31), "\\right)}".repeat(31)),
        ] {
            let started = std::time::Instant::now();
            assert_safe(&html(&format!("\\({source}\\)")));
            assert!(
                started.elapsed() < std::time::Duration::from_secs(2),
                "{}",
                &source[..20]
            );
        }
        // Thousands of unclosed openers are text, found in linear time.
        let started = std::time::Instant::now();
        let unclosed = "\\( \\[ ".repeat(20_000);
        assert_eq!(html(&unclosed), unclosed);
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
    }

    /// A small deterministic fuzz in every test run (the real one is `fuzz/`): fragments
    /// of LaTeX and markup glued in many orders, every output held to the audit.
    #[test]
    fn glued_fragments_always_render_safely() {
        let fragments = [
            "\\operatorname{",
            "\\text{",
            "\\mathop{",
            "\\mathrm{",
            "}",
            "{",
            "<",
            ">",
            "&",
            "\"",
            "'",
            "<meta a=\"b\">",
            "</mi>",
            "\\left(",
            "\\right)",
            "\\frac",
            "^",
            "_",
            "~",
            " ",
            "\\\\",
            "&amp;",
            "&nbsp;",
            "\\big(",
            "\\color{red}",
            "\\begin{matrix}",
            "\\end{matrix}",
            "x",
            "1",
            "\\sin",
            "\\not<",
            "\\)",
            "\\(",
            "$$",
            "\u{FDD0}",
            "\u{1}",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..3000 {
            let mut source = String::new();
            for _ in 0..(next() % 12) {
                let i = (next() % fragments.len() as u64) as usize;
                source.push_str(fragments[i]);
            }
            assert_safe(&html(&format!("a < \\({source}\\) b")));
            assert_safe(&html(&format!("$${source}$$")));
        }
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
