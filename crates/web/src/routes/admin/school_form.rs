//! The school form, shared by creating and editing: which provinces and kinds it offers,
//! and reading its fields. A school admin sees the names only; regional and ministry admins
//! also the code, kind and province.

use askama::Template;
use lawha_core::{validate, Scope};
use lawha_store::{Province, School, SchoolInput, SchoolKind, StoreError};
use serde::Deserialize;
use uuid::Uuid;

use super::shared::{check_name, org_covers};
use crate::error::{AppError, AppResult};
use crate::forms::FieldErrors;
use crate::page::PageCtx;
use crate::session::Admin;
use crate::AppState;

pub fn kind_key(kind: SchoolKind) -> &'static str {
    match kind {
        SchoolKind::School => "school-kind-school",
        SchoolKind::Vocational => "school-kind-vocational",
        SchoolKind::Preparatory => "school-kind-preparatory",
    }
}

/// The school form's fields.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SchoolFields {
    /// The province's id.
    pub province: String,
    pub code: String,
    pub kind: String,
    pub name_ar: String,
    pub name_fr: String,
}

pub struct ProvinceOption {
    pub id: String,
    pub label: String,
}

pub struct KindOption {
    pub value: &'static str,
    pub key: &'static str,
}

#[derive(Template)]
#[template(path = "admin/school_form.html")]
pub struct SchoolForm {
    page: PageCtx,
    title: String,
    action: String,
    /// The school being edited; `None` on the create form.
    school: Option<School>,
    form: SchoolFields,
    errors: FieldErrors,
    provinces: Vec<ProvinceOption>,
    kinds: Vec<KindOption>,
    /// Whether province, code and kind may be changed (regional and ministry admins).
    can_restructure: bool,
    can_toggle: bool,
    province_label: String,
    pub notice_key: &'static str,
}

impl SchoolForm {
    /// The form for `school` (or a new one), with the provinces the admin may choose:
    /// those of the regions they administer, and for an existing school only those of its
    /// own region, because its classes and grants are filed under that region.
    pub async fn new(
        state: &AppState,
        admin: &Admin,
        page: PageCtx,
        school: Option<School>,
        form: SchoolFields,
        errors: FieldErrors,
    ) -> AppResult<SchoolForm> {
        let regions = state.store.org().regions().await?;
        let all = state.store.org().provinces(None).await?;
        let label = |p: &Province| {
            let region = regions
                .iter()
                .find(|r| r.id == p.region_id)
                .map(|r| page.pick(&r.name_ar, &r.name_fr))
                .unwrap_or_default();
            format!(
                "{} ({}) — {}",
                page.pick(&p.name_ar, &p.name_fr),
                p.code,
                region
            )
        };
        let province_label = school
            .as_ref()
            .and_then(|s| all.iter().find(|p| p.id == s.province_id))
            .map(label)
            .unwrap_or_default();
        let provinces = all
            .iter()
            .filter(|p| {
                org_covers(
                    admin,
                    &Scope::Region {
                        region: p.region_id,
                    },
                )
            })
            .filter(|p| school.as_ref().is_none_or(|s| s.region_id == p.region_id))
            .map(|p| ProvinceOption {
                id: p.id.to_string(),
                label: label(p),
            })
            .collect();
        let (title, action, can_restructure, can_toggle) = match &school {
            Some(s) => {
                let org = org_covers(admin, &s.scope());
                (
                    s.name(page.locale).to_string(),
                    format!("/admin/schools/{}", s.id),
                    org,
                    org,
                )
            }
            None => (
                page.t("schools-new"),
                "/admin/schools".to_string(),
                true,
                false,
            ),
        };
        Ok(SchoolForm {
            title,
            action,
            school,
            form,
            errors,
            provinces,
            kinds: SchoolKind::ALL
                .into_iter()
                .map(|k| KindOption {
                    value: k.as_str(),
                    key: kind_key(k),
                })
                .collect(),
            can_restructure,
            can_toggle,
            province_label,
            notice_key: "",
            page,
        })
    }
}

/// The form filled with a school's values.
pub fn fields_of(school: &School) -> SchoolFields {
    SchoolFields {
        province: school.province_id.to_string(),
        code: school.code.clone(),
        kind: school.kind.as_str().to_string(),
        name_ar: school.name_ar.clone(),
        name_fr: school.name_fr.clone(),
    }
}

/// Reads the province field. A province outside the admin's regions is refused outright
/// (403), before anything else in the form is looked at.
pub async fn province_field(
    state: &AppState,
    admin: &Admin,
    form: &SchoolFields,
    errors: &mut FieldErrors,
) -> AppResult<Option<Province>> {
    let raw = form.province.as_str();
    if raw.is_empty() {
        errors.add("province", "required");
        return Ok(None);
    }
    let Ok(id) = Uuid::parse_str(raw) else {
        errors.add("province", "unknown-province");
        return Ok(None);
    };
    match state.store.org().province(id).await {
        Ok(p)
            if org_covers(
                admin,
                &Scope::Region {
                    region: p.region_id,
                },
            ) =>
        {
            Ok(Some(p))
        }
        Ok(_) => Err(AppError::Forbidden),
        Err(StoreError::NotFound) => {
            errors.add("province", "unknown-province");
            Ok(None)
        }
        Err(e) => Err(e.into()),
    }
}

/// Checks code, kind and names into a [`SchoolInput`] (the province is checked apart).
pub fn read_input(form: &SchoolFields, province_id: Uuid, errors: &mut FieldErrors) -> SchoolInput {
    if let Err(e) = validate::org_code(&form.code) {
        errors.add("code", e.code);
    }
    let kind = SchoolKind::parse(&form.kind).unwrap_or_else(|| {
        errors.add("kind", "required");
        SchoolKind::School
    });
    SchoolInput {
        province_id,
        code: form.code.clone(),
        kind,
        name_ar: check_name(&form.name_ar, "name_ar", errors),
        name_fr: check_name(&form.name_fr, "name_fr", errors),
    }
}
