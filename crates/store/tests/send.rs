//! The writes built from transaction steps (`GrantWrites`, `AnswerWrites`, …) are called
//! from web handlers, whose futures must be `Send`. A step generic over `sqlx::Executor`
//! would make them not `Send` ("implementation of `Executor` is not general enough"): this
//! file then fails to compile, naming the write.

use lawha_core::import::ParsedImport;
use lawha_core::role::Grant;
use lawha_store::exercises::{AnswerEvent, NewExerciseSet};
use lawha_store::media::NewMedia;
use lawha_store::watching::WatchEvent;
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
) {
    send(store.create_user_with_grant(user, Some(grant)));
    send(store.add_grant(Uuid::nil(), grant));
    send(store.add_grant_as_admin(&[], Uuid::nil(), grant));
    send(store.apply_import(import, &[]));
    send(store.create_exercise_set_with_items(set, &[]));
    send(store.add_items(Uuid::nil(), &[]));
    send(store.add_media(media));
    send(store.request_master(Uuid::nil()));
    send(store.submit_answers(answers));
    send(store.record_watches(watches));
    send(store.apply_rollups(1, chrono_tz::UTC, "worker"));
}
