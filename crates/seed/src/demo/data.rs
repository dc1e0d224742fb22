//! The demo's data files (`data/demo/*.toml`), as read.

use lawha_core::{Locale, Role};
use lawha_store::learning::exercises::SetMode;
use lawha_store::SchoolKind;
use serde::Deserialize;

use crate::data::{parse, Taught, Title};
use crate::{Result, SeedError};

const ORGANISATION: &str = "demo/organisation.toml";
const STAFF: &str = "demo/staff.toml";
const CURRICULUM: &str = "demo/curriculum.toml";

/// Provinces, schools and classes with their members.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Organisation {
    pub school_year: String,
    pub provinces: Vec<ProvinceSeed>,
    pub schools: Vec<SchoolSeed>,
    pub classes: Vec<ClassSeed>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProvinceSeed {
    /// The reference region's code.
    pub region: String,
    pub code: String,
    pub name_ar: String,
    pub name_fr: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SchoolSeed {
    pub province: String,
    pub code: String,
    kind: String,
    pub name_ar: String,
    pub name_fr: String,
}

impl SchoolSeed {
    pub fn kind(&self) -> Result<SchoolKind> {
        SchoolKind::parse(&self.kind)
            .ok_or_else(|| SeedError::data(ORGANISATION, format!("school kind {}", self.kind)))
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct ClassSeed {
    pub school: String,
    pub name: String,
    #[serde(flatten)]
    pub taught: Taught,
    pub members: Vec<MemberSeed>,
}

impl ClassSeed {
    /// Members of an OFPPT group are trainees; all others are pupils.
    pub fn member_role(&self) -> Role {
        match &self.taught {
            Taught::Programme(code) if code.starts_with("OFPPT") => Role::Trainee,
            _ => Role::Pupil,
        }
    }
}

/// A pupil (or trainee): pupil code and name.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MemberSeed {
    pub code: String,
    pub name: String,
}

/// Staff accounts and the parent.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct People {
    pub staff: Vec<StaffSeed>,
    pub parent: ParentSeed,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StaffSeed {
    pub role: Role,
    pub email: String,
    pub name: String,
    pub locale: Locale,
    pub at: At,
    #[serde(default)]
    pub teaches: Vec<Teaching>,
}

/// Where a staff account's single grant applies.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum At {
    National,
    Region(String),
    School(String),
}

/// A class taught, by school code and class name, with the subject if one.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Teaching {
    pub school: String,
    pub class: String,
    pub subject: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ParentSeed {
    pub email: String,
    pub name: String,
    pub locale: Locale,
    /// The child's pupil code.
    pub child: String,
    /// The school the parent's grant is at (the child's).
    pub school: String,
}

/// Units with their lessons, and exercise sets.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Curriculum {
    pub units: Vec<UnitSeed>,
    pub exercise_sets: Vec<SetSeed>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct UnitSeed {
    #[serde(flatten)]
    pub taught: Taught,
    pub subject: String,
    pub title: Title,
    pub lessons: Vec<Title>,
}

/// An exercise set in GIFT, on lesson `lesson` of unit `unit` (1-based) of a level's subject.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SetSeed {
    pub level: String,
    pub subject: String,
    pub unit: i32,
    pub lesson: i32,
    pub title: Title,
    mode: String,
    pub file: String,
}

impl SetSeed {
    pub fn mode(&self) -> Result<SetMode> {
        SetMode::parse(&self.mode)
            .ok_or_else(|| SeedError::data(CURRICULUM, format!("set mode {}", self.mode)))
    }

    /// The set's questions, in GIFT.
    pub fn gift(&self) -> Result<&'static str> {
        let text = match self.file.as_str() {
            "1ac-fractions-ar.gift" => include_str!("../../data/exercises/1ac-fractions-ar.gift"),
            "1ac-fractions-fr.gift" => include_str!("../../data/exercises/1ac-fractions-fr.gift"),
            "1ac-narrative-tenses-fr.gift" => {
                include_str!("../../data/exercises/1ac-narrative-tenses-fr.gift")
            }
            "2bac-limits-fr.gift" => include_str!("../../data/exercises/2bac-limits-fr.gift"),
            "2bac-waves-fr.gift" => include_str!("../../data/exercises/2bac-waves-fr.gift"),
            "6ap-percent-ar.gift" => include_str!("../../data/exercises/6ap-percent-ar.gift"),
            "6ap-verbal-sentence-ar.gift" => {
                include_str!("../../data/exercises/6ap-verbal-sentence-ar.gift")
            }
            other => return Err(SeedError::data(CURRICULUM, format!("no file {other}"))),
        };
        Ok(text)
    }
}

pub(crate) fn organisation() -> Result<Organisation> {
    parse(
        ORGANISATION,
        include_str!("../../data/demo/organisation.toml"),
    )
}

pub(crate) fn people() -> Result<People> {
    parse(STAFF, include_str!("../../data/demo/staff.toml"))
}

pub(crate) fn curriculum() -> Result<Curriculum> {
    parse(CURRICULUM, include_str!("../../data/demo/curriculum.toml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_data_is_valid() {
        let organisation = organisation().unwrap_or_else(|e| panic!("{e}"));
        for class in &organisation.classes {
            for member in &class.members {
                let code = &member.code;
                assert!(lawha_core::validate::pupil_code(code).is_ok(), "{code}");
            }
        }
        for school in &organisation.schools {
            assert!(school.kind().is_ok(), "{}", school.code);
            assert!(
                lawha_core::validate::org_code(&school.code).is_ok(),
                "{}",
                school.code
            );
        }
        let people = people().unwrap_or_else(|e| panic!("{e}"));
        let is_school = |code: &str| organisation.schools.iter().any(|s| s.code == code);
        for staff in &people.staff {
            if let At::School(code) = &staff.at {
                assert!(is_school(code), "{}: no school {code}", staff.email);
            }
        }
        assert!(is_school(&people.parent.school));
    }
}
