//! Which dashboard scope a request is about, who may see it, and how to name it.

use lawha_core::role::can_administer;
use lawha_core::{Role, Scope, ScopeKey};
use lawha_store::{SessionInfo, Store};
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::page::PageCtx;

/// A scope a dashboard shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DashScope {
    National,
    Region(Uuid),
    Province {
        region: Uuid,
        province: Uuid,
    },
    School {
        region: Uuid,
        province: Uuid,
        school: Uuid,
    },
}

/// A link in the breadcrumbs.
pub struct Crumb {
    pub href: String,
    pub label: String,
}

impl DashScope {
    /// The key its rollup counters are kept under.
    pub fn key(self) -> ScopeKey {
        match self {
            DashScope::National => ScopeKey::National,
            DashScope::Region(r) => ScopeKey::Region(r),
            DashScope::Province { province, .. } => ScopeKey::Province(province),
            DashScope::School { school, .. } => ScopeKey::School(school),
        }
    }

    pub fn href(self) -> String {
        match self {
            DashScope::National => "/dashboards/national".into(),
            DashScope::Region(r) => format!("/dashboards/regions/{r}"),
            DashScope::Province { province, .. } => format!("/dashboards/provinces/{province}"),
            DashScope::School { school, .. } => format!("/dashboards/schools/{school}"),
        }
    }

    /// The administrative scope a viewer must cover to see it.
    fn admin_scope(self) -> Scope {
        match self {
            DashScope::National => Scope::National,
            DashScope::Region(region) | DashScope::Province { region, .. } => {
                Scope::Region { region }
            }
            DashScope::School { region, school, .. } => Scope::School { region, school },
        }
    }

    /// 404 for a scope outside the viewer's (as for admin objects: nothing is revealed).
    pub fn require(self, session: &SessionInfo) -> AppResult<()> {
        let admin = session.grants.iter().any(|g| {
            matches!(
                g.role,
                Role::SchoolAdmin | Role::RegionalAdmin | Role::MinistryAdmin
            )
        });
        if !admin {
            return Err(AppError::Forbidden);
        }
        if can_administer(&session.grants, &self.admin_scope()) {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }

    /// What the children rows are: regions, provinces, schools (a school's are levels).
    pub fn children_key(self) -> &'static str {
        match self {
            DashScope::National => "dash-children-regions",
            DashScope::Region(_) => "dash-children-provinces",
            DashScope::Province { .. } => "dash-children-schools",
            DashScope::School { .. } => "dash-children-levels",
        }
    }
}

/// The scope's name and its breadcrumbs (the scopes above it the viewer may open).
pub async fn describe(
    store: &Store,
    scope: DashScope,
    page: &PageCtx,
    session: &SessionInfo,
) -> AppResult<(String, Vec<Crumb>)> {
    let mut crumbs = Vec::new();
    let visible = |s: DashScope| s.require(session).is_ok();
    let national = page.t("scope-national");
    let name = match scope {
        DashScope::National => national,
        DashScope::Region(r) => {
            if visible(DashScope::National) {
                crumbs.push(Crumb {
                    href: DashScope::National.href(),
                    label: national,
                });
            }
            let region = store.org().region(r).await?;
            page.pick(&region.name_ar, &region.name_fr).to_string()
        }
        DashScope::Province { region, province } => {
            let r = store.org().region(region).await?;
            if visible(DashScope::National) {
                crumbs.push(Crumb {
                    href: DashScope::National.href(),
                    label: national,
                });
            }
            if visible(DashScope::Region(region)) {
                crumbs.push(Crumb {
                    href: DashScope::Region(region).href(),
                    label: page.pick(&r.name_ar, &r.name_fr).to_string(),
                });
            }
            let p = store.org().province(province).await?;
            page.pick(&p.name_ar, &p.name_fr).to_string()
        }
        DashScope::School {
            region,
            province,
            school,
        } => {
            let r = store.org().region(region).await?;
            let p = store.org().province(province).await?;
            if visible(DashScope::National) {
                crumbs.push(Crumb {
                    href: DashScope::National.href(),
                    label: national,
                });
            }
            if visible(DashScope::Region(region)) {
                crumbs.push(Crumb {
                    href: DashScope::Region(region).href(),
                    label: page.pick(&r.name_ar, &r.name_fr).to_string(),
                });
                crumbs.push(Crumb {
                    href: DashScope::Province { region, province }.href(),
                    label: page.pick(&p.name_ar, &p.name_fr).to_string(),
                });
            }
            store
                .org()
                .school(school)
                .await?
                .name(page.locale)
                .to_string()
        }
    };
    Ok((name, crumbs))
}
