//! Families on SQLite and PostgreSQL: a parent reaches only the children linked to them;
//! a child's activity over a period and latest results by set are counted from their own
//! events only; the weekly summary is queued once per parent and week (a rerun queues
//! nothing), only for active parents with an e-mail and a child.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use chrono::{Duration, NaiveDate};
use lawha_core::capsule::CapsuleFields;
use lawha_core::exercise::{Item, ItemKind};
use lawha_core::role::Grant;
use lawha_core::{Locale, Role};
use lawha_store::learning::watching::WatchEvent;
use lawha_store::on_both;
use lawha_store::recovery::{OutboxCounts, OutgoingMail};
use lawha_store::testing::{self, school_with_class, SubmitShown, TestStore};
use lawha_store::{NewUser, Store, StoreError, User};
use uuid::Uuid;

async fn parent(
    store: &Store,
    name: &str,
    email: Option<&str>,
    school: &lawha_store::School,
) -> User {
    let new = NewUser {
        display_name: name.into(),
        email: email.map(str::to_string),
        pupil_code: email
            .is_none()
            .then(|| format!("PAR{}", name.len() * 1000 + 7)),
        password: "cahier-bleu-42".into(),
        locale: None,
        must_change_password: false,
    };
    let grant = Grant::new(Role::Parent, school.scope()).unwrap();
    store
        .accounts()
        .create_user_with_grant(&new, Some(&grant))
        .await
        .unwrap()
}

fn true_false(n: usize) -> Vec<Item> {
    (0..n)
        .map(|i| {
            Item::new(
                format!("statement {i}"),
                ItemKind::TrueFalse {
                    answer: true,
                    feedback_true: None,
                    feedback_false: None,
                },
            )
        })
        .collect()
}

async fn a_parent_reaches_only_their_children(store: TestStore) {
    let (school, class) = school_with_class(&store, "06", "FAM-A").await;
    let child = testing::pupil(&store, "Child", "P1001").await;
    let other = testing::pupil(&store, "Other", "P1002").await;
    for p in [&child, &other] {
        let grant = Grant::new(Role::Pupil, class.scope()).unwrap();
        store.accounts().add_grant(p.id, &grant).await.unwrap();
    }
    let mum = parent(&store, "Mum", Some("mum@example.ma"), &school).await;
    store
        .accounts()
        .link_parent(mum.id, child.id)
        .await
        .unwrap();
    let seen = store
        .families()
        .followed_child(mum.id, child.id)
        .await
        .unwrap();
    assert_eq!(seen.id, child.id);
    assert!(matches!(
        store.families().followed_child(mum.id, other.id).await,
        Err(StoreError::NotFound)
    ));
    // The link is one way: a child does not follow their parent.
    assert!(matches!(
        store.families().followed_child(child.id, mum.id).await,
        Err(StoreError::NotFound)
    ));
}
on_both!(a_parent_reaches_only_their_children);

async fn a_childs_week_counts_their_own_events_in_the_period(store: TestStore) {
    let (_, class) = school_with_class(&store, "06", "FAM-B").await;
    let child = testing::pupil(&store, "Child", "P1001").await;
    let other = testing::pupil(&store, "Other", "P1002").await;
    for p in [&child, &other] {
        let grant = Grant::new(Role::Pupil, class.scope()).unwrap();
        store.accounts().add_grant(p.id, &grant).await.unwrap();
    }
    let (lesson, set, items) = testing::practice_set(&store, &true_false(3)).await;
    let now = store.clock().now();
    let old = now - Duration::days(10);
    let mut answers = Vec::new();
    // Two right answers and a wrong one this week, one answer ten days ago.
    for (i, item) in items.iter().enumerate() {
        let mut a = testing::true_answer(Uuid::now_v7(), child.id, item, now - Duration::hours(1));
        if i == 2 {
            a.response = lawha_core::exercise::Response::TrueFalse { answer: false };
            a.correction.score = 0.0;
            a.correction.correct = false;
        }
        answers.push(a);
    }
    answers.push(testing::true_answer(
        Uuid::now_v7(),
        child.id,
        &items[0],
        old,
    ));
    // Another pupil's answer counts for nobody else.
    answers.push(testing::true_answer(
        Uuid::now_v7(),
        other.id,
        &items[0],
        now - Duration::hours(1),
    ));
    store.submit_all_shown(&answers).await.unwrap();
    let fields = CapsuleFields {
        title_fr: "Capsule".into(),
        language: Some(Locale::Fr),
        ..CapsuleFields::default()
    };
    let capsule = testing::published_capsule(&store, lesson.id, fields).await;
    for pct in [10.0, 60.0] {
        let watch = WatchEvent {
            id: Uuid::now_v7(),
            user_id: child.id,
            capsule_id: capsule,
            position_ms: 1_000,
            watched_pct: pct,
            occurred_at: now - Duration::minutes(30),
        };
        store.learning().record_watch(&watch).await.unwrap();
    }
    let week = store
        .families()
        .activity(
            child.id,
            now - Duration::days(7),
            now + Duration::seconds(1),
        )
        .await
        .unwrap();
    assert_eq!(week.answers, 3);
    assert_eq!(week.correct, 2);
    assert_eq!(week.capsules_watched, 1);
    let before = store
        .families()
        .activity(child.id, now - Duration::days(14), now - Duration::days(7))
        .await
        .unwrap();
    assert_eq!(
        (before.answers, before.correct, before.capsules_watched),
        (1, 1, 0)
    );
    let results = store.families().recent_results(child.id, 5).await.unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0].set_id, set.id);
    assert_eq!(results[0].answers, 4);
    let mean = results[0].mean_score.unwrap();
    assert!((mean - 0.75).abs() < 1e-9, "{mean}");
    assert_eq!(
        results[0].last_at.timestamp(),
        (now - Duration::hours(1)).timestamp()
    );
}
on_both!(a_childs_week_counts_their_own_events_in_the_period);

fn summary(to: &str) -> OutgoingMail {
    OutgoingMail {
        recipient: to.into(),
        subject: "Semaine".into(),
        body: "Résumé".into(),
    }
}

async fn a_weekly_summary_is_queued_once_per_parent_and_week(store: TestStore) {
    let (school, class) = school_with_class(&store, "06", "FAM-C").await;
    let child = testing::pupil(&store, "Child", "P1001").await;
    let grant = Grant::new(Role::Pupil, class.scope()).unwrap();
    store.accounts().add_grant(child.id, &grant).await.unwrap();
    let mum = parent(&store, "Mum", Some("mum@example.ma"), &school).await;
    let no_mail = parent(&store, "Dad", None, &school).await;
    let no_child = parent(&store, "Aunt", Some("aunt@example.ma"), &school).await;
    let gone = parent(&store, "Gone", Some("gone@example.ma"), &school).await;
    for p in [&mum, &no_mail, &gone] {
        store.accounts().link_parent(p.id, child.id).await.unwrap();
    }
    store
        .accounts()
        .set_user_active(gone.id, false)
        .await
        .unwrap();
    let _ = no_child;
    let week = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let due = store.families().parents_due(week).await.unwrap();
    assert_eq!(due.iter().map(|u| u.id).collect::<Vec<_>>(), vec![mum.id]);
    let families = store.families();
    assert!(families
        .queue_weekly_summary(mum.id, week, &summary("mum@example.ma"))
        .await
        .unwrap());
    // Queued: no longer due, and a second queuing (a rerun, another node) adds nothing.
    assert!(families.parents_due(week).await.unwrap().is_empty());
    assert!(!families
        .queue_weekly_summary(mum.id, week, &summary("mum@example.ma"))
        .await
        .unwrap());
    let counts = store.recovery().outbox_counts().await.unwrap();
    assert_eq!(
        counts,
        OutboxCounts {
            waiting: 1,
            sent: 0,
            given_up: 0
        }
    );
    // The next week is another summary.
    let next = week + Duration::days(7);
    assert_eq!(families.parents_due(next).await.unwrap().len(), 1);
    assert!(families
        .queue_weekly_summary(mum.id, next, &summary("mum@example.ma"))
        .await
        .unwrap());
    assert_eq!(store.recovery().outbox_counts().await.unwrap().waiting, 2);
}
on_both!(a_weekly_summary_is_queued_once_per_parent_and_week);

async fn parallel_queuings_send_one_summary(store: TestStore) {
    let (school, class) = school_with_class(&store, "06", "FAM-D").await;
    let child = testing::pupil(&store, "Child", "P1001").await;
    let grant = Grant::new(Role::Pupil, class.scope()).unwrap();
    store.accounts().add_grant(child.id, &grant).await.unwrap();
    let mum = parent(&store, "Mum", Some("mum@example.ma"), &school).await;
    store
        .accounts()
        .link_parent(mum.id, child.id)
        .await
        .unwrap();
    let week = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let mut racers = Vec::new();
    for _ in 0..4 {
        let store: Store = store.store.clone();
        racers.push(tokio::spawn(async move {
            store
                .families()
                .queue_weekly_summary(mum.id, week, &summary("mum@example.ma"))
                .await
        }));
    }
    let mut queued = 0;
    for r in racers {
        // A racer refused by the primary key on PostgreSQL's side still answers `false`.
        if r.await.unwrap().unwrap() {
            queued += 1;
        }
    }
    assert_eq!(queued, 1);
    assert_eq!(store.recovery().outbox_counts().await.unwrap().waiting, 1);
}
on_both!(racing parallel_queuings_send_one_summary);
