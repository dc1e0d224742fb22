//! What pupils do and what their teachers follow: what each pupil was shown and answered
//! (`item_presentations`, `learner_events`), the revision schedule (`review_cards`), what
//! they watched (`capsule_views`, the data-saver choice), assignments (`assignments`,
//! `assignment_pupils`), and the progress pages of pupils and classes, which also read the
//! per-pupil tables the rollups keep (`pupil_lessons`, `pupil_capsules`, `pupil_days`).

pub(crate) mod answers;
pub mod assignments;
pub mod class_progress;
pub(crate) mod counting;
pub mod exercises;
pub mod progress;
pub(crate) mod review_writes;
pub mod revision;
pub(crate) mod watch_writes;
pub mod watching;

use crate::Store;

/// The store's answers, revision, watching, progress and assignments: `store.learning()`.
#[derive(Clone, Copy)]
pub struct Learning<'a> {
    pub(crate) store: &'a Store,
}

impl Store {
    /// This store's [`Learning`].
    pub fn learning(&self) -> Learning<'_> {
        Learning { store: self }
    }
}
