//! School nodes: the list of those in the admin's scopes with what each last reported,
//! registering one (its school, a name, its public key) and revoking one. A revoked node
//! stays listed, for the record; the platform refuses what it sends from then on.
//!
//! The store returns every node in the scopes at once (a few per school at most), so the
//! list is paged in memory, like provinces.

use askama::Template;
use axum::response::Response;
use lawha_store::sync::nodes::NewNode;
use lawha_store::StoreError;

use super::node_form::{read_public_key, NodeFields, NodeForm};
use super::node_view::{rows, NodeRow, SILENT_AFTER_DAYS};
use super::pagination::{page_of, ListQuery, Pager};
use super::shared::{
    back_with_notice, check_name, parse_id, school_in_scope, unprocessable, AdminPage,
};
use crate::error::{AppError, AppResult};
use crate::extract::{Path, Query};
use crate::forms::{FieldErrors, Form};
use crate::page::{render, PageCtx};

#[derive(Template)]
#[template(path = "admin/nodes.html")]
struct NodesPage {
    page: PageCtx,
    items: Vec<NodeRow>,
    pager: Pager,
    silent_days: i64,
    notice_key: &'static str,
}

#[derive(Template)]
#[template(path = "admin/node.html")]
struct NodePage {
    page: PageCtx,
    node: NodeRow,
    notice_key: &'static str,
}

/// The notices after a node change: `done` code → message key.
const NOTICES: &[(&str, &str)] = &[
    ("registered", "nodes-registered"),
    ("revoked", "nodes-revoked"),
];

/// `GET /admin/nodes`: the nodes of the schools in the admin's scopes.
pub async fn list(
    AdminPage { state, admin, page }: AdminPage,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    let all = state.store.sync().nodes_in(&admin.scopes).await?;
    let paged = page_of(&all, query.page());
    let pager = Pager::new(page.locale, &paged, "/admin/nodes", &[]);
    let items = rows(&state, &page, &paged.items).await?;
    render(&NodesPage {
        notice_key: query.notice(NOTICES),
        page,
        items,
        pager,
        silent_days: SILENT_AFTER_DAYS,
    })
}

/// `GET /admin/nodes/new`: the register form.
pub async fn new_form(
    AdminPage { state, admin, page }: AdminPage,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    let form = NodeFields {
        school: query.school_code(),
        ..NodeFields::default()
    };
    render(&NodeForm::new(&state, &admin, page, form, FieldErrors::default()).await?)
}

/// `POST /admin/nodes`: registers a node of a school the admin covers. A school outside
/// their scopes reads as unknown, like one that does not exist.
pub async fn create(
    AdminPage { state, admin, page }: AdminPage,
    Form(form): Form<NodeFields>,
) -> AppResult<Response> {
    let mut errors = FieldErrors::default();
    let school = school_in_scope(&state.store, &admin, &form.school).await?;
    if school.is_none() {
        let code = if form.school.trim().is_empty() {
            "required"
        } else {
            "unknown-school"
        };
        errors.add("school", code);
    }
    let name = check_name(&form.name, "name", &mut errors);
    let key = read_public_key(&form.public_key, &mut errors);
    if let (Some(school), Some(public_key), true) = (school, key, errors.is_empty()) {
        let new = NewNode {
            school_id: school.id,
            name: &name,
            public_key,
        };
        let registered = state
            .store
            .sync()
            .register_node(admin.session.user.id, admin.grants(), &new)
            .await;
        // The only unique rule on a node is its key's.
        let registered = match registered {
            Err(StoreError::Taken(_)) => {
                errors.add("public_key", "key-taken");
                None
            }
            other => errors.saved(other, "name")?,
        };
        if let Some(node) = registered {
            tracing::info!(node = %node.id, school = %node.school_id, "school node registered");
            return back_with_notice(&format!("/admin/nodes/{}", node.id), "registered");
        }
    }
    unprocessable(&NodeForm::new(&state, &admin, page, form, errors).await?)
}

/// `GET /admin/nodes/{id}`: one node, with the button that revokes it.
pub async fn show(
    AdminPage { state, admin, page }: AdminPage,
    Path(id): Path<String>,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    let node = state.store.sync().node(parse_id(&id)?).await?;
    let school = state.store.org().school(node.school_id).await?;
    if !admin.covers(&school.scope()) {
        return Err(AppError::NotFound);
    }
    let mut rows = rows(&state, &page, std::slice::from_ref(&node)).await?;
    let node = rows.pop().ok_or(AppError::NotFound)?;
    render(&NodePage {
        notice_key: query.notice(NOTICES),
        page,
        node,
    })
}

/// `POST /admin/nodes/{id}/revoke`: revokes a node of a school the admin covers (others
/// are not found; the store checks the scope in the transaction that writes).
pub async fn revoke(
    AdminPage { state, admin, .. }: AdminPage,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id = parse_id(&id)?;
    state.store.sync().revoke_node(admin.grants(), id).await?;
    tracing::info!(node = %id, "school node revoked");
    back_with_notice(&format!("/admin/nodes/{id}"), "revoked")
}
