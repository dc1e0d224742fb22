//! The outlines of Morocco's 12 regions, compiled in from `data/regions.svgpaths` (made by
//! `tools/map/make_regions.py` from OpenStreetMap data, ODbL 1.0: see
//! `data/REGIONS-MAP-LICENSE.md`) and parsed once.

use std::sync::LazyLock;

const DATA: &str = include_str!("../../data/regions.svgpaths");

/// One region's outline, in the map's viewBox units.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionShape {
    /// The platform's region code, `01`…`12` (ISO 3166-2:MA order).
    pub code: &'static str,
    /// The SVG path data of its outline (already compact and safe to write as is: digits,
    /// spaces, `-` and path commands only).
    pub path: &'static str,
    /// A point well inside its largest part, for a label or a marker.
    pub anchor: (f64, f64),
}

/// The regions and the viewBox they are drawn in.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionMapData {
    /// ViewBox width and height.
    pub size: (f64, f64),
    /// The regions in code order.
    pub regions: Vec<RegionShape>,
}

impl RegionMapData {
    /// The outline of region `code`.
    pub fn region(&self, code: &str) -> Option<&RegionShape> {
        self.regions.iter().find(|r| r.code == code)
    }
}

static MAP: LazyLock<RegionMapData> = LazyLock::new(|| parse(DATA));

/// The embedded map (parsed at first use).
pub fn map_data() -> &'static RegionMapData {
    &MAP
}

/// Reads the data file: `#` comments, a `viewbox W H` line, then `code x y d` lines,
/// tab-separated. Lines that do not parse are skipped; a test checks that none is, and
/// that the 12 regions are there.
pub fn parse(data: &'static str) -> RegionMapData {
    let mut size = (0.0, 0.0);
    let mut regions = Vec::with_capacity(12);
    for line in data
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let fields: Vec<&'static str> = line.split('\t').collect();
        match fields.as_slice() {
            ["viewbox", w, h] => {
                if let (Ok(w), Ok(h)) = (w.parse(), h.parse()) {
                    size = (w, h);
                }
            }
            [code, x, y, path] if is_path_data(path) => {
                if let (Ok(x), Ok(y)) = (x.parse(), y.parse()) {
                    regions.push(RegionShape {
                        code,
                        path,
                        anchor: (x, y),
                    });
                }
            }
            _ => {}
        }
    }
    regions.sort_by_key(|r| r.code);
    RegionMapData { size, regions }
}

/// Path data that can be written into an attribute without escaping.
fn is_path_data(d: &str) -> bool {
    !d.is_empty()
        && d.chars().all(|c| {
            c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | 'M' | 'm' | 'l' | 'L' | 'z' | 'Z')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_map_data_has_the_twelve_regions() {
        let map = map_data();
        let codes: Vec<&str> = map.regions.iter().map(|r| r.code).collect();
        let expected: Vec<String> = (1..=12).map(|i| format!("{i:02}")).collect();
        assert_eq!(codes, expected);
        assert_eq!(map.size, (480.0, 513.0));
        let data_lines = DATA.lines().filter(|l| !l.starts_with('#')).count();
        assert_eq!(data_lines, 13, "a line did not parse");
        for r in &map.regions {
            let (x, y) = r.anchor;
            assert!(
                x > 0.0 && x < map.size.0 && y > 0.0 && y < map.size.1,
                "{r:?}"
            );
            assert!(r.path.starts_with('M') && r.path.ends_with('z'));
        }
    }

    #[test]
    fn charts_map_data_matches_the_reference_list() {
        // The same codes as lawha-core's reference list of regions.
        let ours: Vec<&str> = map_data().regions.iter().map(|r| r.code).collect();
        let reference: Vec<&str> = lawha_core::reference::regions()
            .iter()
            .map(|r| r.code.as_str())
            .collect();
        assert_eq!(ours, reference);
    }

    #[test]
    fn charts_map_data_skips_bad_lines() {
        let data =
            "# c\nviewbox\t10\t20\n01\t1\t2\tM1 2l3 4z\n02\tx\t2\tM1 2z\n03\t1\t2\t<script>\n";
        let map = parse(data);
        assert_eq!(map.size, (10.0, 20.0));
        assert_eq!(map.regions.len(), 1);
    }
}
