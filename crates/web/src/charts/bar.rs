//! Horizontal bar charts (e.g. a rate per level or per school): each row is its label on
//! its own line, so that long Arabic or French names keep the whole width, then the bar
//! with its value at the end. Suppressed values get a hatched stub and the caller's words;
//! a bar with a link drills down. Bars grow from the reading start (the right in Arabic).

use std::fmt::Write;

use super::svg::{self, Anchor, Num, MUTED_TEXT, SUPPRESSED_STROKE};
use super::{escape, format_integer, ChartText, Direction, Svg};

/// One row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Bar {
    /// What the bar is (a level, a school…), translated.
    pub label: String,
    /// Its value; `None` when suppressed (too few pupils to publish).
    pub value: Option<f64>,
    /// A page with the details, linked from the whole row.
    pub href: Option<String>,
}

/// Layout and words of a [`bar_chart`].
#[derive(Debug, Clone)]
pub struct BarOptions {
    /// The page's direction.
    pub direction: Direction,
    /// ViewBox width (default 400, for phones; see [`super::line::AxisOptions::width`]);
    /// the height follows from the number of bars.
    pub width: u32,
    /// Formats the values printed at the bars' ends. Defaults to [`format_integer`].
    pub format: fn(f64) -> String,
    /// The value of a full-length bar, e.g. `Some(100.0)` for percentages; by default the
    /// largest value.
    pub max: Option<f64>,
    /// Printed for suppressed values, e.g. "fewer than 10 pupils" (translated).
    pub suppressed_label: String,
    /// Shown when there are no bars at all (translated).
    pub no_data_label: String,
}

impl Default for BarOptions {
    fn default() -> Self {
        BarOptions {
            direction: Direction::Ltr,
            width: 400,
            format: format_integer,
            max: None,
            suppressed_label: String::new(),
            no_data_label: String::new(),
        }
    }
}

/// The bars' colour (Okabe–Ito blue: 5:1 contrast on white).
pub const BAR_FILL: &str = "#0072B2";

const FONT: f64 = 12.0;
const VALUE_FONT: f64 = 11.0;
const PAD: f64 = 4.0;
const ROW: f64 = 38.0;
const BAR_TOP: f64 = 18.0;
const BAR_HEIGHT: f64 = 14.0;
const STUB: f64 = 24.0;

/// Draws `bars` as a horizontal bar chart, in the order given.
pub fn bar_chart(text: &ChartText, bars: &[Bar], opts: &BarOptions) -> Svg {
    let width = f64::from(opts.width.max(160));
    let height = if bars.is_empty() {
        40.0
    } else {
        PAD + bars.len() as f64 * ROW
    };
    let id = svg::chart_id("bar", text);
    let mut out = String::with_capacity(512 + bars.len() * 320);
    let has_links = bars.iter().any(|b| b.href.is_some());
    svg::open(&mut out, &id, (width, height), FONT, text, has_links);
    if bars.is_empty() {
        let attrs = format!(" fill=\"{MUTED_TEXT}\"");
        let at = (width / 2.0, 24.0);
        svg::text(
            &mut out,
            at,
            Anchor::Middle,
            opts.direction,
            &attrs,
            &opts.no_data_label,
        );
        return svg::finish(out);
    }

    let hatch = format!("{id}-h");
    if bars.iter().any(|b| b.value.is_none()) {
        out.push_str("<defs>");
        svg::hatch_pattern(&mut out, &hatch);
        out.push_str("</defs>");
    }
    let printed: Vec<String> = bars
        .iter()
        .map(|b| b.value.map(opts.format).unwrap_or_default())
        .collect();
    let value_room = bars
        .iter()
        .zip(&printed)
        .map(|(b, p)| match b.value {
            Some(_) => svg::text_width(p, VALUE_FONT),
            None => STUB + svg::text_width(&opts.suppressed_label, VALUE_FONT),
        })
        .fold(0.0, f64::max)
        + 8.0;
    let longest = (width - 2.0 * PAD - value_room).max(20.0);
    let largest = bars.iter().filter_map(|b| b.value).fold(0.0, f64::max);
    let full = opts.max.filter(|m| *m > 0.0).unwrap_or(largest);
    let full = if full > 0.0 { full } else { 1.0 };

    for (i, (bar, value_text)) in bars.iter().zip(&printed).enumerate() {
        let top = PAD + i as f64 * ROW;
        let tooltip = format!(
            "{}: {}",
            bar.label,
            bar.value
                .map_or(opts.suppressed_label.as_str(), |_| value_text)
        );
        match &bar.href {
            Some(href) => {
                let _ = write!(out, "<a href=\"{}\">", escape(href));
            }
            None => out.push_str("<g>"),
        }
        let _ = write!(out, "<title>{}</title>", escape(&tooltip));

        let label = svg::fit(&bar.label, width - 2.0 * PAD, FONT);
        let underline = if bar.href.is_some() {
            " text-decoration=\"underline\""
        } else {
            ""
        };
        let (label_x, anchor) = start_edge(opts.direction, width);
        svg::text(
            &mut out,
            (label_x, top + 13.0),
            anchor,
            opts.direction,
            underline,
            &label,
        );

        let length = match bar.value {
            Some(v) => (v.max(0.0) / full).min(1.0) * longest,
            None => STUB,
        };
        let bar_x = match opts.direction {
            Direction::Ltr => PAD,
            Direction::Rtl => width - PAD - length,
        };
        let paint = match bar.value {
            Some(_) => format!("fill=\"{BAR_FILL}\""),
            None => format!("fill=\"url(#{hatch})\" stroke=\"{SUPPRESSED_STROKE}\""),
        };
        if length > 0.0 {
            let _ = write!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" {paint}/>",
                Num(bar_x),
                Num(top + BAR_TOP),
                Num(length),
                Num(BAR_HEIGHT)
            );
        }
        // The value (or the suppression note) just past the bar's end.
        let (end_x, end_anchor) = match opts.direction {
            Direction::Ltr => (PAD + length + 5.0, Anchor::Left),
            Direction::Rtl => (width - PAD - length - 5.0, Anchor::Right),
        };
        let at = (end_x, top + BAR_TOP + 11.0);
        let value_attrs = format!(" font-size=\"{}\" fill=\"{MUTED_TEXT}\"", Num(VALUE_FONT));
        match bar.value {
            Some(_) => svg::text(
                &mut out,
                at,
                end_anchor,
                Direction::Ltr,
                &value_attrs,
                value_text,
            ),
            None => svg::text(
                &mut out,
                at,
                end_anchor,
                opts.direction,
                &value_attrs,
                &opts.suppressed_label,
            ),
        }
        out.push_str(if bar.href.is_some() { "</a>" } else { "</g>" });
    }
    svg::finish(out)
}

/// Where lines of text begin: the left edge in LTR, the right edge in RTL.
fn start_edge(direction: Direction, width: f64) -> (f64, Anchor) {
    match direction {
        Direction::Ltr => (PAD, Anchor::Left),
        Direction::Rtl => (width - PAD, Anchor::Right),
    }
}
