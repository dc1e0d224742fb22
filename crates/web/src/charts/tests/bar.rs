//! Bar charts: growth from the reading start, suppressed values, links, no data.

use super::*;

#[test]
fn charts_bars_grow_from_the_reading_start() {
    for direction in [Direction::Ltr, Direction::Rtl] {
        let svg = bars(direction);
        let root = root(&svg);
        let width = f64::from(BarOptions::default().width);
        let rects: Vec<&Element> = root
            .all("rect")
            .into_iter()
            .filter(|r| r.attr("fill") == Some(BAR_FILL))
            .collect();
        assert_eq!(rects.len(), 2);
        let (x, w) = (num(rects[0], "x"), num(rects[0], "width"));
        match direction {
            Direction::Ltr => assert_eq!(x, 4.0),
            Direction::Rtl => assert!((x + w - (width - 4.0)).abs() < 0.11, "{x} {w}"),
        }
        // 72 % of a 100 % scale is 72 % of the longest possible bar; 35.5 % about half.
        let ratio = num(rects[1], "width") / w;
        assert!((ratio - 35.5 / 72.0).abs() < 0.01, "{ratio}");
        let value = root
            .all("text")
            .into_iter()
            .find(|t| t.text() == "72%")
            .cloned()
            .unwrap();
        match direction {
            Direction::Ltr => assert!(num(&value, "x") > x + w),
            Direction::Rtl => assert!(num(&value, "x") < x),
        }
    }
}

#[test]
fn charts_bars_show_suppressed_values_and_links() {
    let svg = bars(Direction::Rtl);
    let root = root(&svg);
    let pattern = &root.all("pattern")[0];
    let fill = format!("url(#{})", pattern.attr("id").unwrap());
    assert!(root
        .all("rect")
        .iter()
        .any(|r| r.attr("fill") == Some(fill.as_str())));
    let texts: Vec<String> = root.all("text").iter().map(|t| t.text()).collect();
    assert!(texts.contains(&"moins de 10 élèves".to_string()));
    assert!(
        !texts.iter().any(|t| t == "0%"),
        "a suppressed value is not zero"
    );
    // One link, around the whole row, named by its title.
    let links = root.all("a");
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].title(), Some(format!("{TRICKY}: 72%")));
    assert!(!links[0].all("rect").is_empty() && !links[0].all("text").is_empty());
    // The long label is cut to the width and kept whole in the row's title.
    let long = root
        .all("g")
        .into_iter()
        .find(|g| g.title().is_some_and(|t| t.starts_with("الثانية")))
        .cloned()
        .unwrap();
    assert!(long.all("text")[0].text().ends_with('…'));
    assert_eq!(long.all("text")[0].attr("direction"), Some("rtl"));
}

#[test]
fn charts_bars_without_data_say_so() {
    let opts = BarOptions {
        no_data_label: "Aucune donnée".into(),
        ..BarOptions::default()
    };
    let svg = bar_chart(&text(), &[], &opts);
    let root = root(&svg);
    assert_eq!(root.all("text")[0].text(), "Aucune donnée");
}
