//! What a dashboard request asks for: a period and, for a download, one of its tables.

use serde::Deserialize;

/// The periods offered, in days.
pub const PERIODS: [i64; 3] = [7, 30, 90];
/// The period shown when none (or one not offered) is asked for.
const DEFAULT_PERIOD: i64 = 30;

/// `?period=…&section=…&export=…`
#[derive(Debug, Deserialize, Default)]
pub struct DashQuery {
    #[serde(default)]
    period: Option<i64>,
    /// The detail section to show open (the others stay folded under their heading).
    #[serde(default)]
    section: Option<String>,
    /// A table to download as CSV instead of the page.
    #[serde(default)]
    pub export: Option<Export>,
}

impl DashQuery {
    /// The number of days shown, one of [`PERIODS`].
    pub fn days(&self) -> i64 {
        self.period
            .filter(|p| PERIODS.contains(p))
            .unwrap_or(DEFAULT_PERIOD)
    }

    /// The section asked to be open, if it is one of [`SECTIONS`].
    pub fn section(&self) -> Option<&'static str> {
        let asked = self.section.as_deref()?;
        SECTIONS.into_iter().find(|s| *s == asked)
    }
}

/// The detail sections of a dashboard page, below its summary (key figures and map), in
/// page order. Each is its element's `id` and the `?section=` value that opens it.
pub const SECTIONS: [&str; 6] = [
    "days", "children", "levels", "subjects", "capsules", "coverage",
];

/// The tables of a dashboard that download as CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Export {
    Children,
    Levels,
    Days,
    Subjects,
    Capsules,
    Coverage,
    /// A table no dashboard has: answered 404, like any other missing resource.
    #[serde(other)]
    Unknown,
}

impl Export {
    /// The file's name: `lawha-{name}.csv`.
    pub fn file_name(self) -> &'static str {
        match self {
            Export::Children => "children",
            Export::Levels => "levels",
            Export::Days => "days",
            Export::Subjects => "subjects",
            Export::Capsules => "capsules",
            Export::Coverage => "coverage",
            Export::Unknown => "unknown",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(query: &str) -> DashQuery {
        serde_urlencoded::from_str(query).unwrap_or_else(|e| panic!("{query}: {e}"))
    }

    #[test]
    fn periods_not_offered_fall_back_to_the_default() {
        assert_eq!(parse("").days(), 30);
        assert_eq!(parse("period=7").days(), 7);
        assert_eq!(parse("period=8").days(), 30);
        assert!(serde_urlencoded::from_str::<DashQuery>("period=abc").is_err());
    }

    #[test]
    fn only_known_sections_open() {
        assert_eq!(parse("").section(), None);
        assert_eq!(parse("section=levels").section(), Some("levels"));
        assert_eq!(parse("section=nope").section(), None);
    }

    #[test]
    fn exports_are_named_tables() {
        assert_eq!(parse("").export, None);
        assert_eq!(parse("export=levels").export, Some(Export::Levels));
        assert_eq!(
            parse("period=7&export=coverage").export,
            Some(Export::Coverage)
        );
        assert_eq!(parse("export=pupils").export, Some(Export::Unknown));
        for export in [
            Export::Children,
            Export::Days,
            Export::Subjects,
            Export::Capsules,
        ] {
            let query = format!("export={}", export.file_name());
            assert_eq!(parse(&query).export, Some(export));
        }
    }
}
