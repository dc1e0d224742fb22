//! The region map: every region a link, classes, hatching, legend placement, weight.

use super::*;

/// The region paths of a map (inside `<a>` or not), with their titles.
fn region_paths(root: &Element) -> Vec<(Element, Option<String>)> {
    let group = root
        .all("g")
        .into_iter()
        .find(|g| g.attr("stroke") == Some(crate::charts::map::BORDER))
        .cloned()
        .unwrap();
    let mut out = Vec::new();
    for e in group.descendants() {
        match e.name.as_str() {
            "a" => out.push((e.all("path")[0].clone(), e.title())),
            "path" if !out.iter().any(|(p, _)| p == e) => out.push((e.clone(), e.title())),
            _ => {}
        }
    }
    out
}

#[test]
fn charts_map_draws_every_region_as_a_link() {
    let svg = map(Direction::Ltr);
    let root = root(&svg);
    let paths = region_paths(&root);
    assert_eq!(paths.len(), 12);
    let data = crate::charts::regions::map_data();
    for shape in &data.regions {
        assert!(
            paths.iter().any(|(p, _)| p.attr("d") == Some(shape.path)),
            "region {} has no path",
            shape.code
        );
    }
    let links = root.all("a");
    assert_eq!(links.len(), 12);
    for (link, r) in links.iter().zip(
        // Drawn in code order, the highlighted region (06) last.
        all_regions()
            .into_iter()
            .filter(|r| !r.highlighted)
            .chain(all_regions().into_iter().filter(|r| r.highlighted)),
    ) {
        assert_eq!(link.attr("href"), r.href.as_deref());
        let value = r.value.map_or("أقل من 10 تلاميذ".to_string(), percent);
        assert_eq!(link.title(), Some(format!("{}: {value}", r.name)));
    }
    let highlighted = &links[11].all("path")[0];
    assert_eq!(highlighted.attr("stroke"), Some("#000"));
    assert!(links[0].all("path")[0].attr("stroke").is_none());
}

#[test]
fn charts_map_classes_hold_the_extremes_and_suppressed_is_hatched() {
    let svg = map(Direction::Ltr);
    let root = root(&svg);
    let paths = region_paths(&root);
    let fill_of = |name: &str| {
        paths
            .iter()
            .find(|(_, t)| {
                t.as_deref()
                    .is_some_and(|t| t.starts_with(&format!("{name}:")))
            })
            .and_then(|(p, _)| p.attr("fill").map(str::to_string))
            .unwrap()
    };
    let names: Vec<String> = lawha_core::reference::regions()
        .iter()
        .map(|r| r.name_ar.clone())
        .collect();
    // Region 01 has the smallest value (40), region 12 the largest (89.5).
    assert_eq!(fill_of(&names[0]), PALETTE[0]);
    assert_eq!(fill_of(&names[11]), PALETTE[4]);
    // Region 08 is suppressed: hatched, and named so in the legend.
    let pattern = &root.all("pattern")[0];
    let hatched = format!("url(#{})", pattern.attr("id").unwrap());
    assert_eq!(fill_of(&names[7]), hatched);
    let texts: Vec<String> = root.all("text").iter().map(|t| t.text()).collect();
    assert!(texts.contains(&"أقل من 10 تلاميذ".to_string()), "{texts:?}");
    assert!(texts.contains(&"نسبة الحضور (%)".to_string()));
    // Class ranges are round, formatted by the caller's function, left to right.
    assert!(texts.contains(&"40% – 50%".to_string()), "{texts:?}");
    assert!(texts.contains(&"80% – 90%".to_string()), "{texts:?}");
}

#[test]
fn charts_map_legend_follows_direction_but_not_the_map() {
    let (ltr, rtl) = (root(&map(Direction::Ltr)), root(&map(Direction::Rtl)));
    let ds = |r: &Element| {
        let mut ds: Vec<String> = region_paths(r)
            .iter()
            .filter_map(|(p, _)| p.attr("d").map(str::to_string))
            .collect();
        ds.sort();
        ds
    };
    assert_eq!(ds(&ltr), ds(&rtl), "geography is never mirrored");
    let heading_x = |r: &Element| {
        let heading = r
            .all("text")
            .into_iter()
            .find(|t| t.text() == "نسبة الحضور (%)")
            .cloned()
            .unwrap();
        num(&heading, "x")
    };
    let width = crate::charts::regions::map_data().size.0;
    assert!(heading_x(&ltr) < width / 2.0);
    assert!(heading_x(&rtl) > width / 2.0);
}

#[test]
fn charts_map_stays_light() {
    let svg = map(Direction::Rtl);
    let size = svg.as_str().len();
    assert!(size < 14 * 1024, "map is {size} bytes");
    let paths: usize = crate::charts::regions::map_data()
        .regions
        .iter()
        .map(|r| r.path.len())
        .sum();
    assert!(
        (6 * 1024..10 * 1024).contains(&paths),
        "paths are {paths} bytes"
    );
}

#[test]
fn charts_map_without_values_draws_plain_regions() {
    let svg = region_map(&text(), &[], &MapLegend::default());
    let root = root(&svg);
    let paths = region_paths(&root);
    assert_eq!(paths.len(), 12);
    assert!(paths
        .iter()
        .all(|(p, t)| t.is_none() && p.attr("fill") == Some(crate::charts::map::NO_VALUE_FILL)));
    assert!(root.all("a").is_empty());
}

#[test]
fn charts_map_with_one_value_has_one_class() {
    let regions = [RegionValue {
        code: "04".into(),
        name: "Rabat-Salé-Kénitra".into(),
        value: Some(1234.0),
        href: None,
        highlighted: false,
    }];
    let svg = region_map(&text(), &regions, &MapLegend::default());
    let root = root(&svg);
    let paths = region_paths(&root);
    let titled: Vec<_> = paths.iter().filter(|(_, t)| t.is_some()).collect();
    assert_eq!(titled.len(), 1);
    assert_eq!(
        titled[0].1.as_deref(),
        Some("Rabat-Salé-Kénitra: 1\u{202F}234")
    );
    assert_eq!(titled[0].0.attr("fill"), Some(PALETTE[2]));
    assert!(
        root.all("pattern").is_empty(),
        "nothing suppressed, no hatching"
    );
}
