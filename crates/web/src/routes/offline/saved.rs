//! `GET /saved`: the "Saved" page shell. What a phone keeps is known to the phone only, so
//! the server draws an empty list that `saved.js` fills from the pupil's own cache (and the
//! service worker keeps this page for offline use); without JavaScript it says saving needs it.

use askama::Template;
use axum::response::Response;

use crate::error::AppResult;
use crate::page::{render, PageCtx};
use crate::session::Signed;

#[derive(Template)]
#[template(path = "offline/saved.html")]
struct SavedPage {
    page: PageCtx,
}

/// Draws the shell of the Saved page for the signed-in viewer.
pub async fn saved(Signed(_): Signed, page: PageCtx) -> AppResult<Response> {
    render(&SavedPage { page })
}
