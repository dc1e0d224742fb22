//! The route table. Every route's access rule lives in its handler's extractors
//! (`Signed`, `Admin`, `OrgAdmin`) and scope checks; `tests/authz.rs` walks every route
//! with every role.

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::routing::{get, post};
use axum::{middleware, Router};
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::{
    app_shell, assets, health, live_page, metrics_layer, page, run_to_end, session, AppState,
};

mod admin;
mod announcements;
mod authoring;
pub(crate) mod capsules;
mod classes;
mod content_language;
mod curriculum;
mod dashboards;
mod exercises;
mod families;
pub(crate) mod help;
mod home;
mod lesson;
mod live;
pub(crate) mod media;
pub(crate) mod offline;
mod profile;
mod progress;
mod recovery;
pub(crate) mod revision;
mod search;
mod signin;
pub(crate) mod studio;
mod sync;
mod sync_packs;
mod tickets;

// The headers a school node signs its batches with, for the node's client.
pub use sync::{NODE_HEADER, SIGNATURE_HEADER};
pub use sync_packs::TIME_HEADER;

/// Largest accepted request body: CSV imports of a whole school fit well within it.
const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

// `media-src blob:`: hls.js plays through Media Source Extensions, whose URLs are blobs.
// `worker-src` and `manifest-src` say outright what `default-src` already allows: the
// service worker and the manifest come from our origin only.
const CSP: &str = "default-src 'self'; img-src 'self' data:; media-src 'self' blob:; style-src 'self'; script-src 'self'; \
                   worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// Browsers keep to https for a year, subdomains included, once they have seen this.
const HSTS: &str = "max-age=31536000; includeSubDomains";

async fn not_found() -> crate::AppError {
    crate::AppError::NotFound
}

/// Builds the application with all its layers.
pub fn router(state: AppState) -> Router {
    // Make sure the recorder exists before the first request is counted.
    let _ = health::metrics_handle();
    let pages = Router::new()
        .route("/", get(home::home))
        .route("/login", get(signin::form).post(signin::submit))
        .route("/logout", post(signin::logout))
        .route(
            "/login/forgot",
            get(recovery::forgot::form).post(recovery::forgot::submit),
        )
        .route(
            "/login/reset",
            get(recovery::reset::form).post(recovery::reset::submit),
        )
        .route(
            "/login/code",
            get(recovery::code::form).post(recovery::code::submit),
        )
        .route("/people/{id}/help", get(recovery::help::show))
        .route(
            "/people/{id}/one-time-code",
            post(recovery::help::issue_code),
        )
        .route("/people/{id}/unlock", post(recovery::help::unlock))
        .route("/announcements", get(announcements::list))
        .route(
            "/announcements/new",
            get(announcements::new_form).post(announcements::create),
        )
        .route("/announcements/{id}", get(announcements::show))
        .route("/children/{id}", get(families::show))
        .route("/children/{id}/week.csv", get(families::week_csv))
        .route("/lang/{code}", get(signin::switch_language))
        .route("/profile", get(profile::show))
        .route("/profile/password", post(profile::change_password))
        .route("/profile/language", post(profile::set_language))
        .route("/classes/{id}", get(classes::show))
        .route("/classes/{id}/pupils/{pupil}", get(classes::pupil))
        .route("/classes/{id}/assignments", post(classes::assign))
        .route("/classes/{id}/export.csv", get(classes::export_csv))
        .route("/classes/{id}/export.xlsx", get(classes::export_xlsx))
        .route("/classes/{id}/slips.pdf", post(classes::slips))
        .route("/curriculum", get(curriculum::levels))
        .route("/curriculum/{level}", get(curriculum::subjects))
        .route("/curriculum/{level}/{subject}", get(curriculum::units))
        .route("/lessons/{id}", get(lesson::show))
        .route(
            "/lessons/{id}/sets/new",
            get(authoring::form).post(authoring::submit),
        )
        .route("/exercises/{set_id}", get(exercises::show))
        .route(
            "/exercises/{set_id}/items/{item_id}/answer",
            post(exercises::submit),
        )
        .route(
            "/exercises/{set_id}/items/{item_id}/show-answer",
            post(exercises::show_answer),
        )
        .route("/capsules/{id}", get(capsules::show))
        .route("/capsules/{id}/progress", post(capsules::progress))
        .route(
            "/capsules/{id}/playback-error",
            post(capsules::playback_error),
        )
        .route("/capsules/{id}/files/{file_id}", get(capsules::file))
        .route("/profile/data-saver", post(capsules::set_data_saver))
        .route("/media/{id}/{*path}", get(media::serve))
        .route("/search", get(search::search))
        .route("/studio", get(studio::index))
        .route("/studio/coverage", get(studio::coverage))
        .route("/studio/new", get(studio::new_form).post(studio::create))
        .route("/studio/capsules/{id}", get(studio::show))
        .route(
            "/studio/capsules/{id}/edit",
            get(studio::edit_form).post(studio::update),
        )
        .route("/studio/capsules/{id}/publish", post(studio::publish))
        .route("/studio/capsules/{id}/withdraw", post(studio::withdraw))
        .route(
            "/studio/capsules/{id}/video",
            // A whole video in one form post (the no-JavaScript path); streamed to disk.
            post(studio::upload_video).layer(DefaultBodyLimit::max(
                usize::try_from(state.config.max_video_bytes).unwrap_or(usize::MAX),
            )),
        )
        .route("/studio/capsules/{id}/files", post(studio::upload_file))
        .route(
            "/studio/media/{id}/master",
            get(studio::download_master).post(studio::request_master),
        )
        .route("/uploads", post(studio::tus::create))
        .route(
            "/uploads/{id}",
            axum::routing::head(studio::tus::offset).patch(studio::tus::append),
        )
        .route("/dashboards", get(dashboards::index))
        .route("/dashboards/national", get(dashboards::national))
        .route("/dashboards/regions/{id}", get(dashboards::region))
        .route("/dashboards/provinces/{id}", get(dashboards::province))
        .route("/dashboards/schools/{id}", get(dashboards::school))
        .route("/dashboards/vocational", get(dashboards::vocational))
        .route("/revision", get(revision::show))
        .route("/progress", get(progress::show))
        // Save for offline (issue 16): the lesson's bundle and the Saved page.
        .route("/offline/lessons/{lesson_id}", get(offline::bundle))
        .route("/saved", get(offline::saved))
        .merge(admin::routes())
        .merge(live::routes())
        .merge(help::routes())
        .merge(tickets::routes())
        .fallback(not_found)
        // Outermost last: load the session, render error pages (also for CSRF refusals),
        // then check the CSRF token, then run the handler to its end in a task of its own.
        .layer(middleware::from_fn(run_to_end::run_to_end))
        .layer(middleware::from_fn(session::csrf_guard))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            page::render_errors,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            session::load_session,
        ));

    let request_id = header::HeaderName::from_static("x-request-id");
    Router::new()
        .merge(pages)
        // Machines, not browsers: no session, no CSRF; the node's signature authenticates.
        .route(
            "/sync/up",
            post(sync::up).layer(DefaultBodyLimit::max(sync::MAX_BATCH_BYTES)),
        )
        .merge(live::callback_routes())
        .route("/sync/packs", get(sync_packs::list))
        .route("/sync/packs/{pack_id}/{file}", get(sync_packs::file))
        .route(
            "/sync/down",
            post(sync::down).layer(DefaultBodyLimit::max(sync::MAX_REQUEST_BYTES)),
        )
        .route("/static/{name}", get(assets::serve))
        .route("/favicon.ico", get(assets::favicon))
        // The live page's janus.js and Janus's API on our origin (see `live_page`): the
        // proxy checks the session cookie itself and takes JSON only, so no CSRF form token.
        .route("/static/vendor/{name}", get(live_page::vendor::serve))
        .route("/janus", post(live_page::proxy::forward))
        .route(
            "/janus/{*rest}",
            get(live_page::proxy::forward).post(live_page::proxy::forward),
        )
        // The app shell: public, the same for everyone, outside the session layers so
        // that nothing personal can reach what the service worker keeps.
        .route("/manifest.webmanifest", get(app_shell::manifest::serve))
        .route("/sw.js", get(app_shell::worker::serve))
        .route("/offline/{lang}", get(app_shell::offline::serve))
        .route("/healthz", get(health::healthz))
        .route("/metrics", get(health::metrics))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn(metrics_layer::track))
        // Media is already compressed, and a compressed range would be wrong.
        .layer(
            CompressionLayer::new().compress_when(
                DefaultPredicate::new()
                    .and(NotForContentType::const_new("video/"))
                    .and(NotForContentType::const_new("audio/"))
                    .and(NotForContentType::const_new("application/pdf"))
                    .and(NotForContentType::const_new("application/octet-stream")),
            ),
        )
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        // Only when the platform is reached over https (a plain-http demo must stay usable).
        .layer(SetResponseHeaderLayer::if_not_present(
            header::STRICT_TRANSPORT_SECURITY,
            state
                .config
                .secure_cookies()
                .then(|| HeaderValue::from_static(HSTS)),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
                // The route's pattern, not the path: paths may carry secrets (a ticket's
                // reference) and query strings search terms such as names.
                let id = req
                    .headers()
                    .get("x-request-id")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default();
                let path = req
                    .extensions()
                    .get::<axum::extract::MatchedPath>()
                    .map_or("(no route)", axum::extract::MatchedPath::as_str);
                tracing::info_span!("request", id, method = %req.method(), path)
            }),
        )
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
        .with_state(state)
}
