//! Tests of the finished charts. Here: the fixtures every chart's tests share and what
//! holds for all charts (markup that parses, no inline style for the CSP, escaping,
//! accessible names); each chart's own behaviour is tested in its file.

mod bar;
mod line;
mod map;

use super::bar::{bar_chart, Bar, BarOptions, BAR_FILL};
use super::classes::PALETTE;
use super::line::{line_chart, AxisOptions, Series};
use super::map::{region_map, MapLegend, RegionValue};
use super::xml_check::{parse, Element};
use super::{ChartText, Direction, Svg};

const TRICKY: &str = "A<B & \"C\" 'd'";

fn text() -> ChartText {
    ChartText {
        title: format!("Titre {TRICKY}"),
        description: "Ce que montre le graphique".into(),
    }
}

fn percent(v: f64) -> String {
    format!("{v}%")
}

fn weeks(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("{:02}/11", i + 1)).collect()
}

fn line(direction: Direction) -> Svg {
    let series = vec![
        Series {
            label: TRICKY.into(),
            points: vec![
                Some(10.0),
                Some(12.0),
                None,
                Some(30.0),
                Some(28.0),
                Some(41.0),
            ],
        },
        Series {
            label: "الوطني".into(),
            points: vec![
                Some(20.0),
                Some(21.0),
                Some(25.0),
                None,
                Some(26.0),
                Some(27.0),
            ],
        },
        Series {
            label: "Lycées".into(),
            points: vec![None, Some(5.0), None, None, Some(7.0), Some(8.0)],
        },
    ];
    let opts = AxisOptions {
        x_labels: weeks(6),
        direction,
        no_data_label: "Pas de données".into(),
        ..AxisOptions::default()
    };
    line_chart(&text(), &series, &opts)
}

fn bars(direction: Direction) -> Svg {
    let bars = vec![
        Bar {
            label: TRICKY.into(),
            value: Some(72.0),
            href: Some("/tableau?niveau=1AC&annee=2026".into()),
        },
        Bar {
            label: "الثانية باكالوريا علوم تجريبية، مسلك علوم الحياة والأرض، خيار فرنسية، \
                    الثانوية التأهيلية ابن خلدون، المديرية الإقليمية طنجة أصيلة"
                .into(),
            value: Some(35.5),
            href: None,
        },
        Bar {
            label: "Tronc commun".into(),
            value: None,
            href: None,
        },
    ];
    let opts = BarOptions {
        direction,
        format: percent,
        max: Some(100.0),
        suppressed_label: "moins de 10 élèves".into(),
        ..BarOptions::default()
    };
    bar_chart(&text(), &bars, &opts)
}

fn all_regions() -> Vec<RegionValue> {
    lawha_core::reference::regions()
        .iter()
        .enumerate()
        .map(|(i, r)| RegionValue {
            code: r.code.clone(),
            name: r.name_ar.clone(),
            value: (i != 7).then_some(40.0 + 4.5 * i as f64),
            href: Some(format!(
                "/tableau-de-bord/regions/{}?periode=2026-S12",
                r.code
            )),
            highlighted: r.code == "06",
        })
        .collect()
}

fn legend(direction: Direction) -> MapLegend {
    MapLegend {
        direction,
        format: percent,
        unit_label: "نسبة الحضور (%)".into(),
        suppressed_label: "أقل من 10 تلاميذ".into(),
    }
}

fn map(direction: Direction) -> Svg {
    region_map(&text(), &all_regions(), &legend(direction))
}

fn every_chart() -> Vec<(&'static str, Svg)> {
    vec![
        ("line ltr", line(Direction::Ltr)),
        ("line rtl", line(Direction::Rtl)),
        ("bar ltr", bars(Direction::Ltr)),
        ("bar rtl", bars(Direction::Rtl)),
        ("map ltr", map(Direction::Ltr)),
        ("map rtl", map(Direction::Rtl)),
        (
            "line empty",
            line_chart(&text(), &[], &AxisOptions::default()),
        ),
        ("bar empty", bar_chart(&text(), &[], &BarOptions::default())),
        ("map empty", region_map(&text(), &[], &MapLegend::default())),
    ]
}

fn root(svg: &Svg) -> Element {
    match parse(svg.as_str()) {
        Ok(root) => root,
        Err(e) => panic!("{e}\n{svg}"),
    }
}

fn num(e: &Element, attr: &str) -> f64 {
    e.attr(attr)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{attr} of {e:?}"))
}

#[test]
fn charts_are_well_formed_without_inline_style() {
    for (name, svg) in every_chart() {
        let root = root(&svg);
        assert_eq!(root.name, "svg", "{name}");
        assert_eq!(
            root.namespace.as_deref(),
            Some("http://www.w3.org/2000/svg")
        );
        assert_eq!(root.attr("width"), Some("100%"), "{name}");
        assert!(root.attr("height").is_none(), "{name}: fixed height");
        assert!(root.attr("viewBox").is_some(), "{name}");
        for e in root.descendants() {
            assert_ne!(e.name, "style", "{name}: <style> breaks the CSP");
            assert!(e.attr("style").is_none(), "{name}: style= breaks the CSP");
            assert!(e.name != "script" && e.name != "foreignObject", "{name}");
        }
        assert!(!svg.as_str().contains("style="), "{name}");
        // Coordinates keep one decimal at most.
        for e in root.descendants() {
            for (attr, value) in &e.attrs {
                if ["x", "y", "cx", "cy", "width", "height"].contains(&attr.as_str()) {
                    let decimals = value.split('.').nth(1).map_or(0, str::len);
                    assert!(decimals <= 1, "{name}: {attr}={value}");
                }
            }
        }
    }
}

#[test]
fn charts_escape_labels() {
    for (name, svg) in every_chart() {
        assert!(!svg.as_str().contains("A<B"), "{name}");
        assert!(!svg.as_str().contains("\"C\""), "{name}");
        let root = root(&svg);
        assert_eq!(root.title(), Some(format!("Titre {TRICKY}")), "{name}");
    }
    let svg = line(Direction::Ltr);
    let root = root(&svg);
    assert!(root.all("text").iter().any(|t| t.text() == TRICKY));
    let svg = bars(Direction::Ltr);
    let root = self::root(&svg);
    let link = &root.all("a")[0];
    assert_eq!(link.attr("href"), Some("/tableau?niveau=1AC&annee=2026"));
    assert!(svg.as_str().contains("niveau=1AC&amp;annee"));
}

#[test]
fn charts_have_an_accessible_name_and_description() {
    for (name, svg) in every_chart() {
        let root = root(&svg);
        let role = root.attr("role");
        let has_links = !root.all("a").is_empty();
        // Charts without links are one image; with links, a group whose links stay
        // reachable by screen readers.
        assert_eq!(
            role,
            Some(if has_links { "group" } else { "img" }),
            "{name}"
        );
        let ids: Vec<&str> = root
            .attr("aria-labelledby")
            .unwrap_or_default()
            .split(' ')
            .collect();
        assert_eq!(ids.len(), 2, "{name}");
        let by_id = |id: &str| {
            root.descendants()
                .into_iter()
                .find(|e| e.attr("id") == Some(id))
                .map(|e| (e.name.clone(), e.text()))
        };
        assert_eq!(
            by_id(ids[0]),
            Some(("title".into(), format!("Titre {TRICKY}")))
        );
        assert_eq!(
            by_id(ids[1]),
            Some(("desc".into(), "Ce que montre le graphique".into()))
        );
    }
    let plain = line(Direction::Ltr);
    assert_eq!(root(&plain).attr("role"), Some("img"));
}

/// Writes sample charts to `target/chart-samples/` to look at in a browser:
/// `cargo test -p lawha-web charts_write_samples -- --ignored`.
#[test]
#[ignore = "writes files for a person to look at"]
fn charts_write_samples() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/chart-samples");
    std::fs::create_dir_all(&dir).unwrap();
    let mut page = String::from("<!doctype html><meta charset=utf-8><body>");
    for (name, svg) in every_chart() {
        std::fs::write(
            dir.join(format!("{}.svg", name.replace(' ', "-"))),
            svg.as_str(),
        )
        .unwrap();
        let dir_attr = if name.contains("rtl") { "rtl" } else { "ltr" };
        page.push_str(&format!(
            "<h2>{name}</h2><div dir={dir_attr} style=\"max-width:480px\">{svg}</div>"
        ));
    }
    std::fs::write(dir.join("index.html"), page).unwrap();
}

#[test]
fn charts_integers_are_grouped_with_narrow_spaces() {
    use crate::charts::format_integer;
    assert_eq!(format_integer(0.0), "0");
    assert_eq!(format_integer(999.4), "999");
    assert_eq!(format_integer(1000.0), "1\u{202F}000");
    assert_eq!(format_integer(-1234567.0), "-1\u{202F}234\u{202F}567");
    assert_eq!(format_integer(12345.0), "12\u{202F}345");
    assert_eq!(format_integer(f64::NAN), "");
}
