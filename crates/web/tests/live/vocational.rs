//! The vocational follow-up dashboard shows real live-class attendance (from the engine's
//! events), to the group's trainer in full and to the establishment's administrator under
//! the privacy threshold (a group of three trainees is hidden, live figures included).

use lawha_core::live::{Audience, Movement, Repeat, SessionDraft};
use lawha_store::live::attendance::EngineEvent;
use lawha_store::{ClassInput, SchoolInput, SchoolKind};

use super::*;

on_both!(the_vocational_dashboard_counts_live_attendance_from_the_engine);
async fn the_vocational_dashboard_counts_live_attendance_from_the_engine(backend: Backend) {
    let w = world(backend).await;
    let store = &w.app.state.store;
    let region = store.org().region_by_code("06").await.unwrap();
    let province = store
        .org()
        .create_province(region.id, "P-ISTA", "مديرية", "Direction")
        .await
        .unwrap();
    let school = store
        .org()
        .create_school(&SchoolInput {
            province_id: province.id,
            code: "ISTA-1".into(),
            kind: SchoolKind::Vocational,
            name_ar: "معهد".into(),
            name_fr: "ISTA Un".into(),
        })
        .await
        .unwrap();
    let group = store
        .org()
        .create_class(&ClassInput {
            school_id: school.id,
            name: "DEV-101".into(),
            school_year: "2025-2026".into(),
            level: lawha_core::import::ClassLevel::Level("1AC".into()),
        })
        .await
        .unwrap();
    let trainer = w
        .app
        .user(
            "Formateur",
            "formateur@example.ma",
            &[(Role::VocationalTrainer, school.scope())],
        )
        .await;
    store
        .accounts()
        .assign_teacher(group.id, trainer.id, None)
        .await
        .unwrap();
    w.app
        .user(
            "Directeur ISTA",
            "directeur@example.ma",
            &[(Role::SchoolAdmin, school.scope())],
        )
        .await;
    let mut trainees = Vec::new();
    for n in 0..3 {
        trainees.push(
            w.app
                .user(
                    &format!("Stagiaire {n}"),
                    &format!("VOCTR{n}"),
                    &[(Role::Trainee, group.scope())],
                )
                .await
                .id,
        );
    }
    // Tomorrow 15:00-16:00 (the world's clock is two hours before 10:00).
    let starts = w.start + Duration::hours(5);
    let valid = SessionDraft {
        title: "Atelier".into(),
        host: trainer.id,
        audience: Audience::Class(group.id),
        starts_at: starts,
        ends_at: starts + Duration::hours(1),
        repeat: Repeat::Once,
        zone: ZONE,
    }
    .validate(w.app.state.now())
    .unwrap();
    let session = store.live().schedule(trainer.id, &valid).await.unwrap();
    // Two of the three came: 30 and 45 minutes.
    let mut events = Vec::new();
    for (n, (person, minutes)) in [(trainees[0], 30), (trainees[1], 45)]
        .into_iter()
        .enumerate()
    {
        for (k, (movement, at)) in [
            (Movement::Join, starts),
            (Movement::Leave, starts + Duration::minutes(minutes)),
        ]
        .into_iter()
        .enumerate()
        {
            events.push(EngineEvent {
                key: format!("e{n}-{k}"),
                person,
                movement,
                at,
            });
        }
    }
    store
        .live()
        .record_attendance(session.id, &events)
        .await
        .unwrap();

    // The trainer, before the session ends: nothing held yet.
    let trainer_client = w.app.sign_in("formateur@example.ma", PASSWORD).await;
    let page = w.app.get(&trainer_client, "/dashboards/vocational").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body.contains("<td class=\"live-att\">—</td>"),
        "{}",
        page.body
    );
    // After it: 2 of 3 seats (67%), 75 minutes over 3 trainees (25 each).
    w.set_time(starts + Duration::hours(2));
    let page = w.app.get(&trainer_client, "/dashboards/vocational").await;
    assert!(page.body.contains("DEV-101"), "{}", page.body);
    assert!(
        page.body.contains("<td class=\"live-att\">67%"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("<td class=\"live-min\">25</td>"),
        "{}",
        page.body
    );

    // The establishment's administrator: a group under the threshold is hidden whole.
    let admin = w.app.sign_in("directeur@example.ma", PASSWORD).await;
    let page = w.app.get(&admin, "/dashboards/vocational").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("ISTA") || page.body.contains("معهد"));
    assert!(
        !page.body.contains("class=\"live-att\">67%"),
        "{}",
        page.body
    );
    assert!(
        !page.body.contains("class=\"live-min\">25<"),
        "{}",
        page.body
    );
    assert!(page.body.contains("class=\"suppressed\""), "{}", page.body);
}
