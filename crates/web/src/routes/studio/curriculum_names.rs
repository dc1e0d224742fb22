//! The levels, programmes and subjects the studio offers in its filters and in the new
//! capsule's chooser, by code, with their names in both languages.

use lawha_core::reference;

/// A level, programme or subject to choose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub code: String,
    pub name_ar: String,
    pub name_fr: String,
}

/// Every level, then every programme (a unit belongs to one or the other).
pub fn levels() -> Vec<Choice> {
    reference::levels()
        .iter()
        .map(|l| Choice {
            code: l.code.clone(),
            name_ar: l.name_ar.clone(),
            name_fr: l.name_fr.clone(),
        })
        .chain(reference::programmes().iter().map(|p| Choice {
            code: p.code.clone(),
            name_ar: p.name_ar.clone(),
            name_fr: p.name_fr.clone(),
        }))
        .collect()
}

/// Every subject.
pub fn subjects() -> Vec<Choice> {
    reference::subjects()
        .iter()
        .map(|s| Choice {
            code: s.code.clone(),
            name_ar: s.name_ar.clone(),
            name_fr: s.name_fr.clone(),
        })
        .collect()
}

/// The choice whose code is `code` (any case), as the list spells it.
pub fn find(choices: &[Choice], code: &str) -> Option<Choice> {
    let code = code.trim();
    choices
        .iter()
        .find(|c| c.code.eq_ignore_ascii_case(code))
        .cloned()
}
