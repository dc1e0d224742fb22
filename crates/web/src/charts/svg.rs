//! The SVG writing every chart shares: numbers rounded to one decimal, the root element
//! with its accessible texts, text placed by geometry whatever its direction, the hatching
//! that marks suppressed values, and a rough text-width estimate for layout.

use std::borrow::Cow;
use std::fmt::{self, Write};

use super::{escape, ChartText, Direction};

/// A coordinate or length written with one decimal at most (`12`, `12.5`, never `12.50`):
/// pages stay small and nobody sees a tenth of a pixel.
#[derive(Debug, Clone, Copy)]
pub struct Num(pub f64);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tenths = if self.0.is_finite() {
            (self.0 * 10.0).round() as i64
        } else {
            0
        };
        if tenths % 10 == 0 {
            write!(f, "{}", tenths / 10)
        } else {
            let sign = if tenths < 0 { "-" } else { "" };
            let abs = tenths.unsigned_abs();
            write!(f, "{sign}{}.{}", abs / 10, abs % 10)
        }
    }
}

/// An id prefix for one chart, from its kind and texts, so that two charts on one page get
/// different ids for their `<title>`, `<desc>` and patterns (ids are page-wide). It is a
/// hash rather than a counter so that the same chart always renders the same bytes; two
/// charts of one kind with identical title and description would share it.
pub fn chart_id(kind: &str, text: &ChartText) -> String {
    // FNV-1a, 32 bits: no cryptography needed, only spreading.
    let mut hash: u32 = 0x811c_9dc5;
    for byte in kind
        .bytes()
        .chain([0])
        .chain(text.title.bytes())
        .chain([0])
        .chain(text.description.bytes())
    {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    format!("{kind}{hash:08x}")
}

/// Writes the opening `<svg>` with its `viewBox`, accessible name and description, and
/// `direction="ltr"` so that the page's direction never moves what the chart placed.
///
/// `role="img"` makes a chart one image for screen readers. A chart holding links gets
/// `role="group"` instead, because children of an image are hidden from assistive
/// technologies and its drill-down links would be unreachable to them.
pub fn open(
    out: &mut String,
    id: &str,
    size: (f64, f64),
    font_size: f64,
    text: &ChartText,
    has_links: bool,
) {
    let role = if has_links { "group" } else { "img" };
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" width=\"100%\" \
         role=\"{role}\" aria-labelledby=\"{id}-t {id}-d\" font-family=\"sans-serif\" \
         font-size=\"{}\" direction=\"ltr\"><title id=\"{id}-t\">{}</title>\
         <desc id=\"{id}-d\">{}</desc>",
        Num(size.0),
        Num(size.1),
        Num(font_size),
        escape(&text.title),
        escape(&text.description),
    );
}

/// Closes the root opened by [`open`].
pub fn finish(mut out: String) -> super::Svg {
    out.push_str("</svg>");
    super::Svg(out)
}

/// Which side of its text a label's point is on, as seen on the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// The text starts at the point and extends to the right.
    Left,
    /// The text is centred on the point.
    Middle,
    /// The text ends at the point (it extends to the left).
    Right,
}

/// Writes a `<text>` at (`x`, `y`) with its visible edge at `anchor`, in `direction`.
///
/// SVG's `text-anchor` values `start`/`end` follow the text's own direction, so this maps
/// screen sides to them: a right-to-left label anchored on its right edge is `start`.
/// Labels take the page's direction (mixed Arabic and digits then order correctly);
/// numbers and ranges are always written [`Direction::Ltr`] (Western digits, and "10 – 20"
/// must not read "20 – 10"). `attrs` is extra markup such as ` fill="#555"`; `content` is
/// escaped here.
pub fn text(
    out: &mut String,
    (x, y): (f64, f64),
    anchor: Anchor,
    direction: Direction,
    attrs: &str,
    content: &str,
) {
    let text_anchor = match (anchor, direction) {
        (Anchor::Middle, _) => " text-anchor=\"middle\"",
        (Anchor::Left, Direction::Ltr) | (Anchor::Right, Direction::Rtl) => "",
        (Anchor::Right, Direction::Ltr) | (Anchor::Left, Direction::Rtl) => " text-anchor=\"end\"",
    };
    let dir = match direction {
        Direction::Ltr => "",
        Direction::Rtl => " direction=\"rtl\"",
    };
    let _ = write!(
        out,
        "<text x=\"{}\" y=\"{}\"{text_anchor}{dir}{attrs}>{}</text>",
        Num(x),
        Num(y),
        escape(content)
    );
}

/// Writes the `<pattern>` (to be placed in `<defs>`) that marks suppressed values: grey
/// with diagonal hatching, so it is told apart from any colour of a scale without relying
/// on colour.
pub fn hatch_pattern(out: &mut String, id: &str) {
    let _ = write!(
        out,
        "<pattern id=\"{id}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" \
         patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"{}\"/>\
         <path d=\"M3 0v6\" stroke=\"{}\" stroke-width=\"2\"/></pattern>",
        SUPPRESSED_FILL, SUPPRESSED_STROKE
    );
}

/// The background of the hatching of suppressed values.
pub const SUPPRESSED_FILL: &str = "#e0e0e0";
/// The hatching lines and the outline of suppressed values.
pub const SUPPRESSED_STROKE: &str = "#8c8c8c";
/// Secondary text (axis labels, notes): dark enough for 4.5:1 contrast on white.
pub const MUTED_TEXT: &str = "#555";

/// How wide a chart is drawn on a 360 px phone: the screen less the page's padding.
pub const PHONE_CHART_PX: f64 = 328.0;
/// The smallest text a chart may show on that phone, in CSS pixels.
pub const MIN_TEXT_PX: f64 = 12.0;

/// The text size, in viewBox units, that a chart `width` units wide needs for its text to
/// be drawn at [`MIN_TEXT_PX`] or more on a phone (charts scale to their container).
pub fn text_size(width: f64) -> f64 {
    // Rounded up to a tenth so that the written size never falls under the minimum.
    (MIN_TEXT_PX * width / PHONE_CHART_PX * 10.0).ceil() / 10.0
}

/// A rough width of `text` at `font_size`, for layout only (no font metrics on the
/// server). Measured averages of common sans-serif fonts, rounded up so as to err on the
/// side of room: Latin text about 0.5 em a character, digits 0.56, joined Arabic letters
/// about 0.4.
pub fn text_width(text: &str, font_size: f64) -> f64 {
    let ems: f64 = text
        .chars()
        .map(|c| match c {
            '\u{202F}' | '\u{2009}' => 0.2,
            ' ' => 0.28,
            '0'..='9' => 0.56,
            // Arabic combining marks (tashkeel) take no room of their own.
            '\u{064B}'..='\u{065F}' | '\u{0670}' => 0.0,
            '\u{0600}'..='\u{06FF}' => 0.45,
            _ => 0.56,
        })
        .sum();
    ems * font_size
}

/// `text` cut with an ellipsis so that it fits `max_width` at `font_size`.
pub fn fit(text: &str, max_width: f64, font_size: f64) -> Cow<'_, str> {
    if text_width(text, font_size) <= max_width {
        return Cow::Borrowed(text);
    }
    let budget = max_width - text_width("…", font_size);
    let mut cut = String::new();
    for c in text.chars() {
        let mut next = cut.clone();
        next.push(c);
        if text_width(&next, font_size) > budget {
            break;
        }
        cut = next;
    }
    let mut cut = cut.trim_end().to_string();
    cut.push('…');
    Cow::Owned(cut)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_numbers_have_one_decimal_at_most() {
        assert_eq!(Num(12.0).to_string(), "12");
        assert_eq!(Num(12.04).to_string(), "12");
        assert_eq!(Num(12.06).to_string(), "12.1");
        assert_eq!(Num(-0.04).to_string(), "0");
        assert_eq!(Num(-3.25).to_string(), "-3.3");
        assert_eq!(Num(-0.5).to_string(), "-0.5");
        assert_eq!(Num(f64::NAN).to_string(), "0");
    }

    #[test]
    fn charts_anchor_follows_the_screen_side() {
        let mut out = String::new();
        text(
            &mut out,
            (10.0, 5.0),
            Anchor::Right,
            Direction::Rtl,
            "",
            "أ",
        );
        assert_eq!(out, "<text x=\"10\" y=\"5\" direction=\"rtl\">أ</text>");
        out.clear();
        text(
            &mut out,
            (10.0, 5.0),
            Anchor::Right,
            Direction::Ltr,
            "",
            "a<",
        );
        assert_eq!(
            out,
            "<text x=\"10\" y=\"5\" text-anchor=\"end\">a&lt;</text>"
        );
    }

    #[test]
    fn charts_long_labels_are_cut_with_an_ellipsis() {
        let long = "Établissement scolaire Ibn Khaldoun de Tanger";
        let cut = fit(long, 100.0, 12.0);
        assert!(
            cut.ends_with('…') && text_width(&cut, 12.0) <= 100.0,
            "{cut}"
        );
        assert_eq!(fit("court", 100.0, 12.0), "court");
    }

    #[test]
    fn charts_ids_differ_by_text() {
        let a = ChartText {
            title: "A".into(),
            description: String::new(),
        };
        let b = ChartText {
            title: "B".into(),
            description: String::new(),
        };
        assert_ne!(chart_id("line", &a), chart_id("line", &b));
        assert_eq!(chart_id("line", &a), chart_id("line", &a));
    }
}
