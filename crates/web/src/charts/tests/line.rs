//! Line charts: time mirrored in RTL, ticks, gaps, series styles, thinning, no data.

use super::*;

/// The x of the texts equal to `labels`, in the order of `labels`.
fn label_xs(root: &Element, labels: &[String]) -> Vec<f64> {
    let texts = root.all("text");
    labels
        .iter()
        .filter_map(|l| texts.iter().find(|t| &t.text() == l))
        .map(|t| num(t, "x"))
        .collect()
}

#[test]
fn charts_line_time_runs_right_to_left_in_rtl() {
    let labels = weeks(6);
    let ltr = label_xs(&root(&line(Direction::Ltr)), &labels);
    let rtl = label_xs(&root(&line(Direction::Rtl)), &labels);
    assert_eq!(ltr.len(), 6);
    assert_eq!(rtl.len(), 6);
    assert!(ltr.windows(2).all(|w| w[0] < w[1]), "{ltr:?}");
    assert!(rtl.windows(2).all(|w| w[0] > w[1]), "{rtl:?}");
    assert!(rtl[0] > rtl[5]);
    // Values stay Western digits written left to right, and the axis is on the right.
    let root = root(&line(Direction::Rtl));
    let zero = root
        .all("text")
        .into_iter()
        .find(|t| t.text() == "0")
        .cloned()
        .unwrap();
    assert_eq!(zero.attr("direction"), None);
    assert!(num(&zero, "x") > rtl[0]);
}

#[test]
fn charts_line_ticks_labels_and_gaps() {
    let svg = line(Direction::Ltr);
    let root = root(&svg);
    let texts: Vec<String> = root.all("text").iter().map(|t| t.text()).collect();
    for tick in ["0", "20", "40", "60"] {
        assert!(texts.contains(&tick.to_string()), "{tick}: {texts:?}");
    }
    let paths = root.all("path");
    let lines: Vec<&&Element> = paths
        .iter()
        .filter(|p| p.attr("fill") == Some("none"))
        .collect();
    assert_eq!(lines.len(), 3, "one path per series");
    // A suppressed point breaks the line: two pieces, each starting with M.
    let first = lines[0].attr("d").unwrap();
    assert_eq!(first.matches('M').count(), 2, "{first}");
    // Colour and dash both differ.
    let styles: Vec<(Option<&str>, Option<&str>)> = lines
        .iter()
        .map(|p| (p.attr("stroke"), p.attr("stroke-dasharray")))
        .collect();
    assert_eq!(styles[0].1, None);
    assert!(styles[1].0 != styles[0].0 && styles[1].1.is_some());
    assert!(styles[2].0 != styles[1].0 && styles[2].1 != styles[1].1);
    // Lone points (the third series' 5.0) are drawn as dots.
    assert_eq!(root.all("circle").len(), 1);
    // The legend names every series.
    for label in [TRICKY, "الوطني", "Lycées"] {
        assert!(texts.iter().any(|t| t == label), "{label}");
    }
}

#[test]
fn charts_line_thins_crowded_labels() {
    let labels = weeks(52);
    let opts = AxisOptions {
        x_labels: labels.clone(),
        ..AxisOptions::default()
    };
    let series = [Series {
        label: "Régions".into(),
        points: (0..52).map(|i| Some(f64::from(i) * 3.0)).collect(),
    }];
    let svg = line_chart(&text(), &series, &opts);
    let xs = label_xs(&root(&svg), &labels);
    assert!(xs.len() < 20 && xs.len() > 5, "{}", xs.len());
    let min_gap = xs.windows(2).map(|w| w[1] - w[0]).fold(f64::MAX, f64::min);
    assert!(
        min_gap >= crate::charts::svg::text_width("52/11", 11.0),
        "{min_gap}"
    );
    assert!(svg.as_str().len() < 8 * 1024, "{}", svg.as_str().len());
}

#[test]
fn charts_line_without_data_says_so() {
    let opts = AxisOptions {
        x_labels: weeks(4),
        no_data_label: "لا توجد بيانات".into(),
        direction: Direction::Rtl,
        ..AxisOptions::default()
    };
    let series = [Series {
        label: "الجهة".into(),
        points: vec![None; 4],
    }];
    let svg = line_chart(&text(), &series, &opts);
    let root = root(&svg);
    let texts: Vec<String> = root.all("text").iter().map(|t| t.text()).collect();
    assert!(texts.contains(&"لا توجد بيانات".to_string()), "{texts:?}");
    assert!(texts.contains(&"0".to_string()), "the baseline is labelled");
    assert_eq!(
        label_xs(&root, &weeks(4)).len(),
        4,
        "the time axis is drawn"
    );
    assert!(root
        .all("path")
        .iter()
        .all(|p| p.attr("fill") != Some("none")));
}
