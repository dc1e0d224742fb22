//! National reference lists, embedded in the binary: the 12 regions (each with its regional
//! academy, AREF), the 26 school levels, the school subjects, and the vocational (OFPPT) and
//! preparatory-class (CPGE) programmes, which are organised apart from the school levels.

use std::sync::LazyLock;

/// A region and its regional academy (AREF).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct RegionRef {
    pub code: String,
    pub name_fr: String,
    pub name_ar: String,
}

/// One of the 26 school levels, e.g. `1AC` (first year of middle school).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct LevelRef {
    pub code: String,
    /// `primaire`, `college` or `lycee`.
    pub cycle: String,
    pub name_fr: String,
    pub name_ar: String,
}

/// A school subject.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct SubjectRef {
    pub code: String,
    pub name_fr: String,
    pub name_ar: String,
}

/// A vocational or preparatory programme, the counterpart of a level for groups of
/// trainees (OFPPT) and preparatory classes (CPGE).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct ProgrammeRef {
    pub code: String,
    /// `vocational` or `preparatory`.
    pub kind: String,
    pub name_fr: String,
    pub name_ar: String,
}

fn parse<T: serde::de::DeserializeOwned>(csv_text: &str) -> Vec<T> {
    csv::Reader::from_reader(csv_text.as_bytes())
        .deserialize()
        .collect::<Result<Vec<T>, _>>()
        // The files are compiled in and covered by the tests below.
        .unwrap_or_default()
}

static REGIONS: LazyLock<Vec<RegionRef>> =
    LazyLock::new(|| parse(include_str!("../data/regions.csv")));
static LEVELS: LazyLock<Vec<LevelRef>> =
    LazyLock::new(|| parse(include_str!("../data/levels.csv")));
static SUBJECTS: LazyLock<Vec<SubjectRef>> =
    LazyLock::new(|| parse(include_str!("../data/subjects.csv")));
static PROGRAMMES: LazyLock<Vec<ProgrammeRef>> =
    LazyLock::new(|| parse(include_str!("../data/programmes.csv")));

pub fn regions() -> &'static [RegionRef] {
    &REGIONS
}

pub fn levels() -> &'static [LevelRef] {
    &LEVELS
}

pub fn subjects() -> &'static [SubjectRef] {
    &SUBJECTS
}

pub fn programmes() -> &'static [ProgrammeRef] {
    &PROGRAMMES
}

/// Looks a school level up by its code (case-insensitive).
pub fn level(code: &str) -> Option<&'static LevelRef> {
    LEVELS
        .iter()
        .find(|l| l.code.eq_ignore_ascii_case(code.trim()))
}

/// Looks a programme up by its code (case-insensitive).
pub fn programme(code: &str) -> Option<&'static ProgrammeRef> {
    PROGRAMMES
        .iter()
        .find(|p| p.code.eq_ignore_ascii_case(code.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_lists_are_complete() {
        assert_eq!(regions().len(), 12);
        assert_eq!(levels().len(), 26);
        assert!(subjects().len() >= 10);
        assert!(programmes().iter().any(|p| p.kind == "vocational"));
        assert!(programmes().iter().any(|p| p.kind == "preparatory"));
        for l in levels() {
            assert!(["primaire", "college", "lycee"].contains(&l.cycle.as_str()));
            assert!(!l.name_ar.is_empty() && !l.name_fr.is_empty());
        }
    }

    #[test]
    fn lookups_ignore_case() {
        assert_eq!(level("1ac").map(|l| l.cycle.as_str()), Some("college"));
        assert!(level("13AP").is_none());
        assert!(programme("cpge-mpsi").is_some());
    }
}
