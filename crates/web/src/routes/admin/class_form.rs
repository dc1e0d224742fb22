//! The class form, shared by creating and editing: the level or programme choices (grouped
//! by cycle, and only those fitting the school when it is known) and reading its fields.

use askama::Template;
use lawha_core::import::ClassLevel;
use lawha_core::{reference, validate};
use lawha_store::{Class, ClassInput, Level, School, SchoolKind};
use serde::Deserialize;

use super::shared::{check_name, school_in_scope, SchoolChoice};
use crate::error::AppResult;
use crate::forms::FieldErrors;
use crate::page::PageCtx;
use crate::session::Admin;
use crate::AppState;

/// The class form's fields.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ClassFields {
    /// The school's code (create form only).
    pub school: String,
    pub name: String,
    pub school_year: String,
    /// A level or programme code.
    pub level: String,
}

pub struct LevelOption {
    pub code: String,
    pub label: String,
}

/// Levels of one cycle (or programmes of one kind), under a translated heading.
pub struct LevelGroup {
    pub key: String,
    pub options: Vec<LevelOption>,
}

/// Whether a level suits a kind of school: schools teach the 26 levels, vocational and
/// preparatory establishments their programmes (the same rule as the CSV import).
fn fits(kind: SchoolKind, level: &ClassLevel) -> bool {
    matches!(
        (level, kind),
        (ClassLevel::Level(_), SchoolKind::School)
            | (
                ClassLevel::Programme(_),
                SchoolKind::Vocational | SchoolKind::Preparatory
            )
    )
}

fn class_level(code: &str) -> Option<ClassLevel> {
    reference::level(code)
        .map(|l| ClassLevel::Level(l.code.clone()))
        .or_else(|| reference::programme(code).map(|p| ClassLevel::Programme(p.code.clone())))
}

/// The level choices, grouped by cycle; only those fitting `kind` when the school is known.
fn level_groups(levels: &[Level], page: &PageCtx, kind: Option<SchoolKind>) -> Vec<LevelGroup> {
    let mut groups: Vec<LevelGroup> = Vec::new();
    for l in levels {
        if let (Some(kind), Some(level)) = (kind, class_level(&l.code)) {
            if !fits(kind, &level) {
                continue;
            }
        }
        let key = format!("cycle-{}", l.cycle);
        let option = LevelOption {
            code: l.code.clone(),
            label: format!("{} ({})", page.pick(&l.name_ar, &l.name_fr), l.code),
        };
        match groups.last_mut() {
            Some(g) if g.key == key => g.options.push(option),
            _ => groups.push(LevelGroup {
                key,
                options: vec![option],
            }),
        }
    }
    groups
}

#[derive(Template)]
#[template(path = "admin/class_form.html")]
pub struct ClassForm {
    page: PageCtx,
    title: String,
    action: String,
    /// The class being edited; `None` on the create form.
    class: Option<Class>,
    school_label: String,
    schools: SchoolChoice,
    levels: Vec<LevelGroup>,
    form: ClassFields,
    errors: FieldErrors,
    pub notice_key: &'static str,
}

impl ClassForm {
    pub async fn new(
        state: &AppState,
        admin: &Admin,
        page: PageCtx,
        existing: Option<(Class, School)>,
        form: ClassFields,
        errors: FieldErrors,
    ) -> AppResult<ClassForm> {
        let store = &state.store;
        let levels = store.org().levels_and_programmes().await?;
        let (class, school, schools) = match existing {
            Some((c, s)) => (Some(c), Some(s), SchoolChoice::default()),
            None => {
                let chosen = school_in_scope(store, admin, &form.school).await?;
                (
                    None,
                    chosen,
                    SchoolChoice::load(store, admin, page.locale).await?,
                )
            }
        };
        let levels = level_groups(&levels, &page, school.as_ref().map(|s| s.kind));
        let school_label = school
            .as_ref()
            .map(|s| format!("{} ({})", s.name(page.locale), s.code))
            .unwrap_or_default();
        let (title, action) = match &class {
            Some(c) => (c.name.clone(), format!("/admin/classes/{}", c.id)),
            None => (page.t("classes-new"), "/admin/classes".to_string()),
        };
        Ok(ClassForm {
            page,
            title,
            action,
            class,
            school_label,
            schools,
            levels,
            form,
            errors,
            notice_key: "",
        })
    }
}
/// The form filled with a class's values.
pub fn fields_of(class: &Class) -> ClassFields {
    ClassFields {
        school: String::new(),
        name: class.name.clone(),
        school_year: class.school_year.clone(),
        level: class.level_or_programme().to_string(),
    }
}

/// Checks name, year and level (for a school of `kind`) into a [`ClassInput`].
pub fn read_input(
    form: &ClassFields,
    school: Option<&School>,
    errors: &mut FieldErrors,
) -> Option<ClassInput> {
    let name = check_name(&form.name, "name", errors);
    let year = validate::school_year(&form.school_year)
        .map_err(|e| errors.add("school_year", e.code))
        .ok();
    let level = match class_level(&form.level) {
        None if form.level.is_empty() => {
            errors.add("level", "required");
            None
        }
        None => {
            errors.add("level", "unknown-level");
            None
        }
        Some(level) => {
            if school.is_some_and(|s| !fits(s.kind, &level)) {
                errors.add("level", "level-not-for-school");
            }
            Some(level)
        }
    };
    Some(ClassInput {
        school_id: school?.id,
        name,
        school_year: year?,
        level: level?,
    })
}
