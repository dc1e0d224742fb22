//! The host puts a participant out of the occurrence open now: the engine is told (Janus:
//! token off the list, kicked), and joining again is refused; only the host and the
//! administrators who oversee the session may, never the host themselves. A removal holds
//! for its occurrence only: next week the person joins again.

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
    // The live page names participants as the room shows them: an id that names nobody
    // (a page's own making, dressed as a classmate's) is put out as it is, and nobody's
    // removal is stored for it; the pupil's own id removes the pupil.
    let forged = format!("{}.x.forged", w.pupil.id);
    let resp = w
        .app
        .post(&w.teacher, &remove, &[("participant", forged.as_str())])
        .await;
    assert_eq!(resp.status, StatusCode::SEE_OTHER, "{}", resp.body);
    assert_eq!(w.engine.kicked(), vec![forged]);
    assert_eq!(w.engine.removed(), vec![w.pupil.id, w.pupil.id]);
    let pupil_id = FakeEngine::participant_of(w.pupil.id);
    let resp = w
        .app
        .post(&w.teacher, &remove, &[("participant", pupil_id.as_str())])
        .await;
    assert_eq!(resp.status, StatusCode::SEE_OTHER, "{}", resp.body);
    assert_eq!(w.engine.removed().len(), 3);
    // The host still joins.
    let host_join = w.app.post(&w.teacher, &join, &[]).await;
    assert_eq!(host_join.status, StatusCode::OK, "{}", host_join.body);
}

on_both!(a_removed_pupil_joins_the_next_weekly_occurrence);
/// A pupil removed from the first occurrence of a weekly session stays out of it (a fresh
/// page, a fresh sign-in change nothing) and joins the second; a classmate never removed is
/// never refused.
async fn a_removed_pupil_joins_the_next_weekly_occurrence(backend: Backend) {
    let w = world(backend).await;
    let id = w.weekly_class_session("Hebdo", 3).await;
    w.app
        .user("Salma", "LIVEA2", &[(Role::Pupil, w.class_a.scope())])
        .await;
    let classmate = w.app.sign_in("LIVEA2", PASSWORD).await;
    let join = format!("/live/{id}/join");
    let page = format!("/live/{id}");
    let pupil = w.pupil.id.to_string();
    let fields = [("user", pupil.as_str())];

    // The first occurrence: both pupils join, the host removes Amina.
    w.set_time(w.start + Duration::minutes(5));
    for client in [&w.pupil_client, &classmate] {
        let joined = w.app.post(client, &join, &[]).await;
        assert_eq!(joined.status, StatusCode::OK, "{}", joined.body);
    }
    let resp = w
        .app
        .post(&w.teacher, &format!("/live/{id}/remove"), &fields)
        .await;
    assert_eq!(resp.status, StatusCode::SEE_OTHER, "{}", resp.body);
    assert_eq!(w.engine.removed(), vec![w.pupil.id]);

    // Amina is refused this occurrence, after a fresh page and a fresh sign-in too.
    let refused = |resp: Resp| {
        assert_eq!(resp.status, StatusCode::CONFLICT, "{}", resp.body);
        assert!(resp.body.contains("أخرجك المنشّط"), "{}", resp.body);
    };
    refused(w.app.post(&w.pupil_client, &join, &[]).await);
    assert_eq!(
        w.app.get(&w.pupil_client, &page).await.status,
        StatusCode::OK
    );
    refused(w.app.post(&w.pupil_client, &join, &[]).await);
    w.set_time(w.start + Duration::minutes(40));
    let signed_again = w.app.sign_in("LIVEA1", PASSWORD).await;
    refused(w.app.post(&signed_again, &join, &[]).await);
    // Salma, never removed, joins again.
    let joined = w.app.post(&classmate, &join, &[]).await;
    assert_eq!(joined.status, StatusCode::OK, "{}", joined.body);

    // The next week's occurrence (sign-ins of last week have expired): both join.
    let next_week = w.start + Duration::weeks(1);
    w.set_time(next_week + Duration::minutes(5));
    for login in ["LIVEA1", "LIVEA2"] {
        let client = w.app.sign_in(login, PASSWORD).await;
        let shown = w.app.get(&client, &page).await;
        assert!(shown.body.contains(&join), "{login}: {}", shown.body);
        let joined = w.app.post(&client, &join, &[]).await;
        assert_eq!(joined.status, StatusCode::OK, "{login}: {}", joined.body);
    }
    let live = w.app.state.store.live();
    assert!(live.is_removed(id, w.start, w.pupil.id).await.unwrap());
    assert!(!live.is_removed(id, next_week, w.pupil.id).await.unwrap());
}
