//! Server-side SVG charts for the governance dashboards: line charts over time
//! ([`line::line_chart`]), horizontal bars ([`bar::bar_chart`]) and a choropleth of
//! Morocco's 12 regions ([`map::region_map`]). No dependency, no script.
//!
//! This module owns what the charts share: the [`Svg`] they return (already escaped
//! markup, written by templates with `|safe`), the accessible texts ([`ChartText`]), the
//! reading [`Direction`], text [`escape`]ing and the default number format.
//!
//! Rules every chart follows, because of where it is shown:
//! - **CSP.** The site's Content-Security-Policy forbids inline `style` attributes and
//!   `<style>` elements, so charts use presentation attributes only (`fill=`, `stroke=`,
//!   `font-size=`…).
//! - **Phones and data.** Sizes are a `viewBox` with `width="100%"` (the height follows the
//!   aspect ratio), coordinates are rounded to one decimal at most, and nothing is drawn that
//!   a reader does not need.
//! - **Direction.** Arabic pages are RTL: time axes run right to left and bars grow from the
//!   right, while numbers stay Western digits written left to right. The root carries
//!   `direction="ltr"` so that geometry never depends on the page's direction; each label is
//!   given its own direction (see [`svg::text`]).
//! - **Accessibility.** Each chart has a `<title>` and `<desc>` that name it through
//!   `aria-labelledby`, with `role="img"` (`role="group"` when it holds drill-down links,
//!   which an image would hide from screen readers); marks that matter carry a `<title>`
//!   (a tooltip and an accessible name).

use std::fmt;

pub mod bar;
pub mod classes;
pub mod line;
pub mod map;
pub mod regions;
pub mod svg;
pub mod ticks;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod xml_check;

/// A finished chart: SVG markup that is already escaped. Templates write it with `|safe`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Svg(String);

impl Svg {
    /// The markup.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The markup, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for Svg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a chart says to those who cannot see it, already translated: the `<title>` (its
/// accessible name, e.g. "Attendance per week") and the `<desc>` (one or two sentences on
/// what it shows, e.g. "Share of pupils who answered at least one exercise, last 12 weeks").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChartText {
    /// The chart's name.
    pub title: String,
    /// What it shows.
    pub description: String,
}

/// The page's reading direction. Arabic pages are [`Direction::Rtl`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Direction {
    /// French pages: time runs left to right, bars grow from the left.
    #[default]
    Ltr,
    /// Arabic pages: time runs right to left, bars grow from the right.
    Rtl,
}

impl Direction {
    /// The value of SVG's `direction` attribute.
    pub fn as_attr(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// Escapes text for SVG/XML (and HTML) content and attribute values (`& < > " '`).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The default number format: rounded to a whole number, thousands grouped with a narrow
/// no-break space (`12 345`), which reads the same in Arabic and French and never breaks a
/// number across lines. Pages that need another format pass their own function.
pub fn format_integer(value: f64) -> String {
    if !value.is_finite() {
        return String::new();
    }
    // Whole numbers beyond ±2^53 are not exact in f64 anyway; saturating is fine here.
    let n = value.round() as i64;
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + 8);
    if n < 0 {
        out.push('-');
    }
    // Digits left before the next group separator: the first group holds 1 to 3.
    let mut until_group = match digits.len() % 3 {
        0 => 3,
        n => n,
    };
    for c in digits.chars() {
        if until_group == 0 {
            out.push('\u{202F}');
            until_group = 3;
        }
        out.push(c);
        until_group -= 1;
    }
    out
}
