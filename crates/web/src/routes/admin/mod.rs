//! Administration screens for the organisation and the people in it.
//!
//! Every handler names who may call it with an extractor (`Admin`: any administrator;
//! `OrgAdmin`: regional or ministry) and then checks that the object it touches lies in the
//! admin's scopes — objects outside read as not found — before it reads the form, so a
//! person without access learns nothing from validation errors.
//!
//! - [`provinces`], [`schools`] and [`school_form`], [`classes`] and [`class_form`]: the
//!   organisation;
//! - [`users`], [`user_edit`], [`grants`] and [`account_fields`]: people, their roles and
//!   their passwords;
//! - [`import`], [`import_view`]: CSV uploads, previewed before anything is written;
//! - [`nodes`], [`node_form`] and [`node_view`]: the schools' nodes, registered and revoked;
//! - [`pagination`], [`shared`]: what the screens have in common.

use axum::routing::{get, post};
use axum::Router;

use crate::AppState;

mod account_fields;
mod class_form;
mod classes;
mod grants;
mod import;
mod import_view;
mod node_form;
mod node_view;
mod nodes;
pub(crate) mod pagination;
mod provinces;
mod school_form;
mod schools;
mod shared;
mod user_edit;
mod users;

/// The admin routes; each handler's extractors say who may call it.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/admin/provinces",
            get(provinces::list).post(provinces::create),
        )
        .route("/admin/schools", get(schools::list).post(schools::create))
        .route("/admin/schools/new", get(schools::new_form))
        .route(
            "/admin/schools/{id}",
            get(schools::edit).post(schools::update),
        )
        .route("/admin/schools/{id}/active", post(schools::set_active))
        .route("/admin/classes", get(classes::list).post(classes::create))
        .route("/admin/classes/new", get(classes::new_form))
        .route(
            "/admin/classes/{id}",
            get(classes::edit).post(classes::update),
        )
        .route("/admin/classes/{id}/active", post(classes::set_active))
        .route("/admin/users", get(users::list).post(users::create))
        .route("/admin/users/new", get(users::new_form))
        .route(
            "/admin/users/{id}",
            get(user_edit::show).post(user_edit::update),
        )
        .route("/admin/users/{id}/active", post(user_edit::set_active))
        .route(
            "/admin/users/{id}/password",
            post(user_edit::reset_password),
        )
        .route("/admin/users/{id}/grants", post(grants::add))
        .route(
            "/admin/users/{id}/grants/{grant_id}/delete",
            post(grants::remove),
        )
        .route("/admin/import", get(import::form).post(import::preview))
        .route("/admin/import/template/{kind}", get(import::template))
        .route("/admin/import/apply", post(import::apply))
        .route("/admin/nodes", get(nodes::list).post(nodes::create))
        .route("/admin/nodes/new", get(nodes::new_form))
        .route("/admin/nodes/{id}", get(nodes::show))
        .route("/admin/nodes/{id}/revoke", post(nodes::revoke))
}
