//! The host puts a participant out of the occurrence open now: the engine is told (Janus:
//! token off the list, kicked), and joining again is refused; only the host and the
//! administrators who oversee the session may, never the host themselves.

use super::*;

on_both!(the_host_removes_a_participant_who_cannot_join_again);
async fn the_host_removes_a_participant_who_cannot_join_again(backend: Backend) {
    let w = world(backend).await;
    let id = w.class_session("Atelier").await;
    w.set_time(w.start + Duration::minutes(5));
    let join = format!("/live/{id}/join");
    let remove = format!("/live/{id}/remove");
    let joined = w.app.post(&w.pupil_client, &join, &[]).await;
    assert_eq!(joined.status, StatusCode::OK, "{}", joined.body);
    w.engine.set_present(&[w.pupil.id]);

    let engine: &dyn lawha_web::LiveRooms = w.engine.as_ref();
    poll_once(&w.app.state.store, engine, w.app.state.now())
        .await
        .unwrap();

    // The host's page offers to remove the pupil (a plain form beside their attendance).
    let page = w.app.get(&w.teacher, &format!("/live/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let pupil = w.pupil.id.to_string();
    assert!(
        page.body.contains(&format!("action=\"/live/{id}/remove\"")),
        "{}",
        page.body
    );
    assert!(page
        .body
        .contains(&format!("name=\"user\" value=\"{pupil}\"")));

    // Neither the pupil nor an outsider may remove anyone.
    let fields = [("user", pupil.as_str())];
    assert_eq!(
        w.app.post(&w.pupil_client, &remove, &fields).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        w.app.post(&w.outsider, &remove, &fields).await.status,
        StatusCode::NOT_FOUND
    );
    assert!(w.engine.removed().is_empty());

    // The host cannot remove themselves, nor someone the session does not concern.
    let host = w.app.state.store.live().session(id).await.unwrap().host_id;
    let host_text = host.to_string();
    let resp = w
        .app
        .post(&w.teacher, &remove, &[("user", host_text.as_str())])
        .await;
    assert_eq!(resp.status, StatusCode::CONFLICT);
    let stranger = Uuid::now_v7().to_string();
    let resp = w
        .app
        .post(&w.teacher, &remove, &[("user", stranger.as_str())])
        .await;
    assert_eq!(resp.status, StatusCode::CONFLICT);
    assert!(w.engine.removed().is_empty());

    // The host removes the pupil: the engine puts them out, and they cannot join again.
    let resp = w.app.post(&w.teacher, &remove, &fields).await;
    assert_eq!(resp.status, StatusCode::SEE_OTHER, "{}", resp.body);
    assert_eq!(w.engine.removed(), vec![w.pupil.id]);
    let again = w.app.post(&w.pupil_client, &join, &[]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.body.contains("أخرجك المنشّط"), "{}", again.body);
    // Removing twice changes nothing in the store.
    let resp = w.app.post(&w.teacher, &remove, &fields).await;
    assert_eq!(resp.status, StatusCode::SEE_OTHER);
    let live = w.app.state.store.live();
    assert!(live.is_removed(id, w.start, w.pupil.id).await.unwrap());
    assert!(!live.is_removed(id, w.start, host).await.unwrap());
    // The host still joins.
    let host_join = w.app.post(&w.teacher, &join, &[]).await;
    assert_eq!(host_join.status, StatusCode::OK, "{}", host_join.body);
}
