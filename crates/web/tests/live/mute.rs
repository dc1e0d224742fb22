//! The host mutes a participant who speaks (and lets them speak again) through Lawha, which
//! asks the engine to mute exactly the participant the room showed: only the host and the
//! administrators who oversee the session may, never the host, only streams with plain
//! names, only while an occurrence is open; a participant id that names nobody is muted as
//! it is, never the person it pretends to be. (What the host's join page carries for its
//! script: `janus_page.rs`.)

use super::*;

on_both!(the_host_mutes_a_participant_through_the_engine);
async fn the_host_mutes_a_participant_through_the_engine(backend: Backend) {
    let w = world(backend).await;
    let id = w.class_session("Atelier").await;
    let mute = format!("/live/{id}/mute");
    let pupil = FakeEngine::participant_of(w.pupil.id);
    let fields = |participant: &str, streams: &str, mute: &str| {
        vec![
            ("participant", participant.to_owned()),
            ("streams", streams.to_owned()),
            ("mute", mute.to_owned()),
        ]
    };
    let post = |client: &Client, fields: Vec<(&'static str, String)>| {
        let mute = mute.clone();
        let app = &w.app;
        let client = client.clone();
        async move {
            let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post(&client, &mute, &refs).await
        }
    };

    // Before the window opens: nothing to mute yet.
    let early = post(&w.teacher, fields(&pupil, "0", "true")).await;
    assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.body);

    w.set_time(w.start + Duration::minutes(5));
    let host_joined = w
        .app
        .post(&w.teacher, &format!("/live/{id}/join"), &[])
        .await;
    assert_eq!(host_joined.status, StatusCode::OK, "{}", host_joined.body);
    let joined = w
        .app
        .post(&w.pupil_client, &format!("/live/{id}/join"), &[])
        .await;
    assert_eq!(joined.status, StatusCode::OK, "{}", joined.body);

    // Neither the pupil nor an outsider may mute anyone.
    let resp = post(&w.pupil_client, fields(&pupil, "0", "true")).await;
    assert_eq!(resp.status, StatusCode::FORBIDDEN);
    let resp = post(&w.outsider, fields(&pupil, "0", "true")).await;
    assert_eq!(resp.status, StatusCode::NOT_FOUND);
    assert!(w.engine.muted().is_empty());

    // Not the host, nobody, not malformed streams or a muting that is neither.
    let host = w.app.state.store.live().session(id).await.unwrap().host_id;
    let host_id = FakeEngine::participant_of(host);
    for (bad, why) in [
        (fields(&host_id, "0", "true"), "the host"),
        (fields("", "0", "true"), "nobody"),
        (fields(&pupil, "", "true"), "no stream"),
        (fields(&pupil, "0;1", "true"), "a bad list"),
        (fields(&pupil, "<b>", "true"), "a bad name"),
        (fields(&pupil, "0,1,2,3,4,5,6,7,8", "true"), "too many"),
        (fields(&pupil, "0", "yes"), "neither mute nor not"),
    ] {
        let resp = post(&w.teacher, bad).await;
        assert_eq!(resp.status, StatusCode::CONFLICT, "{why}: {}", resp.body);
    }
    assert!(w.engine.muted().is_empty());

    // The host mutes the pupil's streams, then lets them speak again; an id that names
    // nobody (a page's own making, dressed as the pupil's) is muted as it is.
    let resp = post(&w.teacher, fields(&pupil, "0, 1", "true")).await;
    assert_eq!(resp.status, StatusCode::NO_CONTENT, "{}", resp.body);
    let resp = post(&w.teacher, fields(&pupil, "0", "false")).await;
    assert_eq!(resp.status, StatusCode::NO_CONTENT, "{}", resp.body);
    let forged = format!("{}.x.forged", w.pupil.id);
    let resp = post(&w.teacher, fields(&forged, "0", "true")).await;
    assert_eq!(resp.status, StatusCode::NO_CONTENT, "{}", resp.body);
    assert_eq!(
        w.engine.muted(),
        vec![
            (pupil.clone(), vec!["0".to_owned(), "1".to_owned()], true),
            (pupil.clone(), vec!["0".to_owned()], false),
            (forged, vec!["0".to_owned()], true),
        ]
    );

    // An engine that is down: a clear message, and the session marked.
    w.engine.down.store(true, Ordering::SeqCst);
    let resp = post(&w.teacher, fields(&pupil, "0", "true")).await;
    assert_eq!(resp.status, StatusCode::CONFLICT);
    let session = w.app.state.store.live().session(id).await.unwrap();
    assert!(session.engine_failure.is_some(), "{session:?}");
}
