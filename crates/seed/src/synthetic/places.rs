//! The generated places: a province per region (reused if there), schools spread over
//! them, and classes at every school level in turn.

use lawha_core::import::ClassLevel;
use lawha_core::reference;
use lawha_store::{Class, ClassInput, Region, SchoolInput, SchoolKind, Store, StoreError};

use super::SyntheticConfig;
use crate::Result;

/// The generated schools' count and classes, each with its level code.
pub(super) struct Places {
    pub schools: usize,
    pub classes: Vec<(Class, String)>,
}

pub(super) async fn create(
    store: &Store,
    config: &SyntheticConfig,
    regions: &[Region],
) -> Result<Places> {
    let prefix = &config.code_prefix;
    let mut provinces = Vec::new();
    for (i, region) in regions.iter().enumerate() {
        let code = format!("{prefix}-P{:02}", i + 1);
        let province = match store.org().province_by_code(&code).await {
            Ok(p) => p,
            Err(StoreError::NotFound) => {
                store
                    .org()
                    .create_province(
                        region.id,
                        &code,
                        &format!("مديرية {}", region.name_ar),
                        &format!("Direction {}", region.name_fr),
                    )
                    .await?
            }
            Err(e) => return Err(e.into()),
        };
        provinces.push(province);
    }
    let levels: Vec<String> = reference::levels().iter().map(|l| l.code.clone()).collect();
    let pupils_per_school = config.pupils_per_class * config.classes_per_school;
    let school_count = config.pupils.div_ceil(pupils_per_school.max(1)).max(1);
    let mut places = Places {
        schools: 0,
        classes: Vec::new(),
    };
    for (s, province) in provinces.iter().cycle().take(school_count).enumerate() {
        let school = store
            .org()
            .create_school(&SchoolInput {
                province_id: province.id,
                code: format!("{prefix}-E{:05}", s + 1),
                kind: SchoolKind::School,
                name_ar: format!("المؤسسة التعليمية {}", s + 1),
                name_fr: format!("Établissement {}", s + 1),
            })
            .await?;
        places.schools += 1;
        for c in 0..config.classes_per_school {
            let Some(level) = levels.get((s * config.classes_per_school + c) % levels.len().max(1))
            else {
                continue;
            };
            let class = store
                .org()
                .create_class(&ClassInput {
                    school_id: school.id,
                    name: format!("{level}-{}", c + 1),
                    school_year: "2025-2026".into(),
                    level: ClassLevel::Level(level.clone()),
                })
                .await?;
            places.classes.push((class, level.clone()));
        }
    }
    Ok(places)
}
