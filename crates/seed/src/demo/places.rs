//! The demo's provinces, schools and classes, with the classes' pupils (or trainees).

use std::collections::HashMap;

use lawha_core::Locale;
use lawha_store::{Class, ClassInput, School, SchoolInput, Store};
use uuid::Uuid;

use super::data::Organisation;
use super::{grant, new_user};
use crate::{Result, SeedError};

/// What was created, by the codes the data files use.
pub(super) struct Places {
    schools: HashMap<String, School>,
    /// By (school code, class name).
    classes: HashMap<(String, String), Class>,
    /// Pupil ids by pupil code.
    pupils: HashMap<String, Uuid>,
}

impl Places {
    pub fn school(&self, code: &str) -> Result<&School> {
        self.schools
            .get(code)
            .ok_or_else(|| unknown(format!("school {code}")))
    }

    pub fn class(&self, school: &str, name: &str) -> Result<&Class> {
        self.classes
            .get(&(school.to_string(), name.to_string()))
            .ok_or_else(|| unknown(format!("class {name} of {school}")))
    }

    pub fn pupil(&self, code: &str) -> Result<Uuid> {
        self.pupils
            .get(code)
            .copied()
            .ok_or_else(|| unknown(format!("pupil {code}")))
    }
}

fn unknown(what: String) -> SeedError {
    SeedError::data("demo", format!("no {what}"))
}

pub(super) async fn seed(store: &Store, data: &Organisation) -> Result<Places> {
    let mut provinces = HashMap::new();
    for p in &data.provinces {
        let region = store.org().region_by_code(&p.region).await?;
        let province = store
            .org()
            .create_province(region.id, &p.code, &p.name_ar, &p.name_fr)
            .await?;
        provinces.insert(p.code.as_str(), province.id);
    }
    let mut places = Places {
        schools: HashMap::new(),
        classes: HashMap::new(),
        pupils: HashMap::new(),
    };
    for s in &data.schools {
        let province_id = *provinces
            .get(s.province.as_str())
            .ok_or_else(|| unknown(format!("province {}", s.province)))?;
        let school = store
            .org()
            .create_school(&SchoolInput {
                province_id,
                code: s.code.clone(),
                kind: s.kind()?,
                name_ar: s.name_ar.clone(),
                name_fr: s.name_fr.clone(),
            })
            .await?;
        places.schools.insert(s.code.clone(), school);
    }
    for c in &data.classes {
        let class = store
            .org()
            .create_class(&ClassInput {
                school_id: places.school(&c.school)?.id,
                name: c.name.clone(),
                school_year: data.school_year.clone(),
                level: c.taught.class_level(),
            })
            .await?;
        for member in &c.members {
            let locale = if member.name.is_ascii() {
                Locale::Fr
            } else {
                Locale::Ar
            };
            let user = new_user(store, &member.name, None, Some(&member.code), locale).await?;
            store
                .accounts()
                .add_grant(user.id, &grant(c.member_role(), class.scope())?)
                .await?;
            places.pupils.insert(member.code.clone(), user.id);
        }
        places
            .classes
            .insert((c.school.clone(), c.name.clone()), class);
    }
    Ok(places)
}
