//! "Save for offline", the server's side (issue 16): the bundle a pupil's phone downloads to
//! keep a lesson ([`bundle`]), the "Saved" page shell ([`saved`]), the "Save for offline
//! (size)" button of the lesson and capsule pages ([`SaveButton`]) and the strings the
//! device scripts show ([`strings`]). The device side (the service worker, `shell.js`,
//! `saved.js`) keeps what the bundle names; see ARCHITECTURE.md, *Offline app shell*.

mod bundle;
mod files;
mod playlist;
mod saved;
pub mod size;
pub mod strings;

use lawha_core::Locale;
use lawha_store::catalog::capsules::Capsule;
use lawha_store::catalog::snapshot::CatalogSnapshot;
use lawha_store::{SessionInfo, StoreError};
use uuid::Uuid;

pub use bundle::bundle;
pub use saved::saved;

use self::size::{CapsuleDownload, OfflineFile};
use crate::error::AppResult;
use crate::AppState;

/// The player's hls.js, downloaded once with any saved capsule (browsers without native HLS
/// need it to play offline).
fn player_file() -> OfflineFile {
    OfflineFile {
        url: crate::assets::hls_js_href().to_owned(),
        bytes: crate::assets::hls_js_bytes(),
    }
}

/// What each of `capsules` (already filtered to those the viewer may watch) brings offline
/// for `viewer`, at their data-saver rung; capsules with nothing that plays are left out.
pub async fn downloads(
    state: &AppState,
    catalog: &CatalogSnapshot,
    viewer: &SessionInfo,
    locale: Locale,
    capsules: &[Capsule],
) -> AppResult<Vec<CapsuleDownload>> {
    let mut found = Vec::with_capacity(capsules.len());
    for capsule in capsules {
        let Some(media_id) = capsule.media_id else {
            continue;
        };
        let asset = match state.store.media_jobs().media(media_id).await {
            Ok(asset) => asset,
            Err(StoreError::NotFound) => continue,
            Err(e) => return Err(e.into()),
        };
        let title = capsule.title(locale).to_owned();
        let capsule_files = catalog.capsule_files(capsule.id);
        let saver = viewer.user.data_saver;
        if let Some(download) =
            files::capsule_download(state, capsule, title, &asset, saver, &capsule_files).await?
        {
            found.push(download);
        }
    }
    Ok(found)
}

/// The "Save for offline (2.3 MB)" button of a lesson page (`capsule: None`) or a capsule
/// page; its size is what the bundle of the same lesson (and capsule) will announce.
#[derive(Debug, Clone)]
pub struct SaveButton {
    pub lesson: Uuid,
    pub capsule: Option<Uuid>,
    pub bytes: u64,
    /// The button's text, with the size in the page's language.
    pub label: String,
}

impl SaveButton {
    pub fn new(
        locale: Locale,
        lesson: Uuid,
        capsule: Option<Uuid>,
        downloads: &[CapsuleDownload],
    ) -> SaveButton {
        let bytes = size::download_bytes(downloads, &player_file());
        let label = crate::i18n::t_args(
            locale,
            "offline-save-size",
            &[("size", size::label(locale, bytes))],
        );
        SaveButton {
            lesson,
            capsule,
            bytes,
            label,
        }
    }

    /// The button for `viewer` on the page of `lesson` (or of one capsule of it).
    pub async fn for_page(
        state: &AppState,
        catalog: &CatalogSnapshot,
        viewer: &SessionInfo,
        locale: Locale,
        lesson: Uuid,
        capsules: &[Capsule],
        capsule: Option<Uuid>,
    ) -> AppResult<SaveButton> {
        let downloads = downloads(state, catalog, viewer, locale, capsules).await?;
        Ok(SaveButton::new(locale, lesson, capsule, &downloads))
    }
}
