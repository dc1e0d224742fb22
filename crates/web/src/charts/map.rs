//! A choropleth of Morocco's 12 regions (e.g. attendance rate per region): five sequential
//! classes at most (see [`super::classes`] for how breaks are chosen), suppressed values
//! hatched, each region a link with its name and value, the region being viewed outlined.
//!
//! Geography is never mirrored. Only the legend follows the page's direction: in French it
//! sits top left (over the Atlantic), in Arabic bottom right (east of the Saharan
//! regions), both empty parts of the map, with its text on the reading side.

use std::fmt::Write;

use super::classes::Classes;
use super::regions::map_data;
use super::svg::{self, Anchor, Num, MUTED_TEXT, SUPPRESSED_STROKE};
use super::{escape, format_integer, ChartText, Direction, Svg};

/// One region's value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RegionValue {
    /// The region's code, `01`…`12` (see `lawha_core::reference::regions`).
    pub code: String,
    /// Its name in the page's language.
    pub name: String,
    /// Its value; `None` when suppressed (too few pupils to publish).
    pub value: Option<f64>,
    /// A page with the region's details.
    pub href: Option<String>,
    /// The region being viewed: drawn with a thick outline.
    pub highlighted: bool,
}

/// The legend's words and number format.
#[derive(Debug, Clone)]
pub struct MapLegend {
    /// The page's direction (moves the legend, never the map).
    pub direction: Direction,
    /// Formats values in tooltips and class bounds. Defaults to [`format_integer`].
    pub format: fn(f64) -> String,
    /// The legend's heading: what the colours measure and in which unit, e.g.
    /// "Attendance (%)" (translated).
    pub unit_label: String,
    /// The legend entry and tooltip of suppressed regions, e.g. "fewer than 10 pupils".
    pub suppressed_label: String,
}

impl Default for MapLegend {
    fn default() -> Self {
        MapLegend {
            direction: Direction::Ltr,
            format: format_integer,
            unit_label: String::new(),
            suppressed_label: String::new(),
        }
    }
}

/// The borders between regions: grey rather than white, so that the lightest class still
/// stands out from the page.
pub const BORDER: &str = "#8c8c8c";

/// The fill of a region the caller gave no value for.
pub const NO_VALUE_FILL: &str = "#f2f2f2";

// The viewBox is 480 wide: on a 360 px phone, 15 units are 11 px.
const FONT: f64 = 15.0;
const ROW: f64 = 22.0;
const SWATCH: f64 = 15.0;
const MARGIN: f64 = 8.0;

/// Draws the 12 regions coloured by `regions`' values. Regions missing from `regions` are
/// drawn plain, without link or tooltip; unknown codes are ignored.
pub fn region_map(text: &ChartText, regions: &[RegionValue], legend: &MapLegend) -> Svg {
    let map = map_data();
    let (width, height) = map.size;
    let id = svg::chart_id("map", text);
    let mut out = String::with_capacity(12 * 1024);
    let has_links = regions.iter().any(|r| r.href.is_some());
    svg::open(&mut out, &id, map.size, FONT, text, has_links);

    let values: Vec<f64> = regions.iter().filter_map(|r| r.value).collect();
    let classes = Classes::from_values(&values);
    let any_suppressed = regions.iter().any(|r| r.value.is_none());
    let hatch = format!("{id}-h");
    if any_suppressed {
        out.push_str("<defs>");
        svg::hatch_pattern(&mut out, &hatch);
        out.push_str("</defs>");
    }

    // Plain regions first, the highlighted ones last so their outline is not covered.
    let _ = write!(
        out,
        "<g stroke=\"{BORDER}\" stroke-width=\"0.6\" stroke-linejoin=\"round\">"
    );
    let given = |code: &str| regions.iter().find(|r| r.code == code);
    for shape in map
        .regions
        .iter()
        .filter(|s| !given(s.code).is_some_and(|r| r.highlighted))
    {
        match given(shape.code) {
            Some(r) => region(&mut out, shape.path, r, classes.as_ref(), legend, &hatch),
            None => {
                let _ = write!(out, "<path d=\"{}\" fill=\"{NO_VALUE_FILL}\"/>", shape.path);
            }
        }
    }
    for shape in &map.regions {
        if let Some(r) = given(shape.code).filter(|r| r.highlighted) {
            region(&mut out, shape.path, r, classes.as_ref(), legend, &hatch);
        }
    }
    out.push_str("</g>");

    legend_box(
        &mut out,
        (width, height),
        classes.as_ref(),
        any_suppressed,
        legend,
        &hatch,
    );
    // ODbL asks that whoever sees a map made from the data can tell where it comes from.
    let (x, anchor) = match legend.direction {
        Direction::Ltr => (width - MARGIN, Anchor::Right),
        Direction::Rtl => (MARGIN, Anchor::Left),
    };
    let attrs = format!(" font-size=\"9\" fill=\"{MUTED_TEXT}\"");
    let y = match legend.direction {
        Direction::Ltr => height - MARGIN,
        Direction::Rtl => MARGIN + 9.0,
    };
    svg::text(
        &mut out,
        (x, y),
        anchor,
        Direction::Ltr,
        &attrs,
        "© OpenStreetMap contributors",
    );
    svg::finish(out)
}

/// One region: its path with fill, tooltip and, when given, link and thick outline.
fn region(
    out: &mut String,
    path: &str,
    r: &RegionValue,
    classes: Option<&Classes>,
    legend: &MapLegend,
    hatch: &str,
) {
    let (fill, value_text) = match (r.value, classes) {
        (Some(v), Some(c)) => (c.colour(c.class_of(v)).to_string(), (legend.format)(v)),
        _ => (format!("url(#{hatch})"), legend.suppressed_label.clone()),
    };
    let outline = if r.highlighted {
        " stroke=\"#000\" stroke-width=\"2.5\""
    } else {
        ""
    };
    let title = escape(&format!("{}: {}", r.name, value_text));
    match &r.href {
        Some(href) => {
            let _ = write!(
                out,
                "<a href=\"{}\"><title>{title}</title><path d=\"{path}\" fill=\"{fill}\"{outline}/></a>",
                escape(href)
            );
        }
        None => {
            let _ = write!(
                out,
                "<path d=\"{path}\" fill=\"{fill}\"{outline}><title>{title}</title></path>"
            );
        }
    }
}

/// The legend: the unit as a heading, one swatch per class with its bounds, then the
/// suppressed entry when some region is suppressed.
fn legend_box(
    out: &mut String,
    (width, height): (f64, f64),
    classes: Option<&Classes>,
    any_suppressed: bool,
    legend: &MapLegend,
    hatch: &str,
) {
    let count = classes.map_or(0, |c| c.count);
    let rows = 1 + count + usize::from(any_suppressed);
    let top = match legend.direction {
        Direction::Ltr => MARGIN,
        Direction::Rtl => height - MARGIN - rows as f64 * ROW,
    };
    let dir = legend.direction;
    // Swatches on the reading side, text after them.
    let (edge, swatch_x, text_x, anchor) = match dir {
        Direction::Ltr => (MARGIN, MARGIN, MARGIN + SWATCH + 6.0, Anchor::Left),
        Direction::Rtl => (
            width - MARGIN,
            width - MARGIN - SWATCH,
            width - MARGIN - SWATCH - 6.0,
            Anchor::Right,
        ),
    };
    let heading = svg::fit(&legend.unit_label, width / 2.0, FONT);
    svg::text(
        out,
        (edge, top + 14.0),
        anchor,
        dir,
        " font-weight=\"bold\"",
        &heading,
    );

    let mut y = top + ROW;
    let swatch = |out: &mut String, y: f64, paint: &str| {
        let _ = write!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{SWATCH}\" height=\"{SWATCH}\" {paint}/>",
            Num(swatch_x),
            Num(y + 3.0)
        );
    };
    if let Some(c) = classes {
        for i in 0..c.count {
            swatch(out, y, &format!("fill=\"{}\" stroke=\"#999\"", c.colour(i)));
            let (lo, hi) = c.bounds(i);
            let range = format!("{} – {}", (legend.format)(lo), (legend.format)(hi));
            // A range is numbers: written left to right, or "10 – 20" would read "20 – 10".
            svg::text(out, (text_x, y + 16.0), anchor, Direction::Ltr, "", &range);
            y += ROW;
        }
    }
    if any_suppressed {
        swatch(
            out,
            y,
            &format!("fill=\"url(#{hatch})\" stroke=\"{SUPPRESSED_STROKE}\""),
        );
        let label = svg::fit(&legend.suppressed_label, width / 2.0, FONT);
        svg::text(out, (text_x, y + 16.0), anchor, dir, "", &label);
    }
}
