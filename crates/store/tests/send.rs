//! The writes built from transaction steps (`GrantWrites`, `AnswerWrites`, …) are called
//! from web handlers, whose futures must be `Send`. A step generic over `sqlx::Executor`
//! would make them not `Send` ("implementation of `Executor` is not general enough"): this
//! file then fails to compile, naming the write.

use lawha_core::import::ParsedImport;
use lawha_core::live::ValidSession;
use lawha_core::role::Grant;
use lawha_store::learning::exercises::{AnswerEvent, NewExerciseSet};
use lawha_store::learning::watching::WatchEvent;
use lawha_store::media_jobs::media::NewMedia;
use lawha_store::{NewUser, Store};
use uuid::Uuid;

fn send<T: Send>(_: T) {}

/// Never called: it only has to type-check.
#[allow(dead_code)]
#[allow(clippy::too_many_arguments)]
fn writes_are_send(
    store: &Store,
    user: &NewUser,
    grant: &Grant,
    import: &ParsedImport,
    set: &NewExerciseSet,
    media: &NewMedia,
    answers: &[AnswerEvent],
    watches: &[WatchEvent],
    session: &ValidSession,
) {
    send(store.accounts().create_user_with_grant(user, Some(grant)));
    send(store.accounts().add_grant(Uuid::nil(), grant));
    send(store.accounts().add_grant_as_admin(&[], Uuid::nil(), grant));
    send(store.accounts().apply_import(import, &[]));
    send(store.catalog().create_exercise_set_with_items(set, &[]));
    send(store.catalog().add_items(Uuid::nil(), &[]));
    send(store.media_jobs().add_media(media));
    send(store.media_jobs().request_master(Uuid::nil()));
    send(store.learning().submit_answers(answers));
    send(store.learning().record_watches(watches));
    send(store.rollups().apply_rollups(1, chrono_tz::UTC, "worker"));
    send(store.live().schedule(Uuid::nil(), session));
    send(store.live().record_attendance(Uuid::nil(), &[]));
}
