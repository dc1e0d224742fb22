//! Getting back in, on SQLite and PostgreSQL: who may help whom (a teacher only the pupils
//! of their classes, a parent only their own children, an admin only inside their scope),
//! one-time codes and reset links that work once, expire and go stale after any password
//! change, unlocking that forgets one account's failures only, the durable mail outbox
//! (claimed once, retried later, given up, never claimed again once sent) and the
//! throttle of "forgot password" requests.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use chrono::Duration;
use lawha_core::role::Grant;
use lawha_core::{Role, Scope};
use lawha_store::accounts::signin::SigninKeys;
use lawha_store::on_both;
use lawha_store::recovery::{outbox, requests, OutboxCounts, OutgoingMail};
use lawha_store::testing::{school_with_class, TestStore};
use lawha_store::{NewUser, Store, StoreError, User};
use uuid::Uuid;

const PASSWORD: &str = "cahier-bleu-42";
const NEW_PASSWORD: &str = "une phrase neuve";

async fn account(store: &Store, name: &str, login: &str, grant: Option<(Role, Scope)>) -> User {
    let (email, code) = if login.contains('@') {
        (Some(login.to_string()), None)
    } else {
        (None, Some(login.to_string()))
    };
    let new = NewUser {
        display_name: name.into(),
        email,
        pupil_code: code,
        password: PASSWORD.into(),
        locale: None,
        must_change_password: false,
    };
    let grant = grant.map(|(role, scope)| Grant::new(role, scope).unwrap());
    store
        .accounts()
        .create_user_with_grant(&new, grant.as_ref())
        .await
        .unwrap()
}

fn grants(role: Role, scope: Scope) -> Vec<Grant> {
    vec![Grant::new(role, scope).unwrap()]
}

/// School A (region 06) with classes A1 and A2, school B (region 01) with class B1; a
/// teacher of A1, a parent of one pupil of A1, and pupils in A1, A2 and B1.
struct Town {
    teacher: (User, Vec<Grant>),
    parent: (User, Vec<Grant>),
    school_admin_a: (User, Vec<Grant>),
    region_admin_b: (User, Vec<Grant>),
    pupil_a1: User,
    sibling_a1: User,
    pupil_a2: User,
    pupil_b1: User,
    staff_a: User,
}

async fn town(store: &Store) -> Town {
    let (school_a, a1) = school_with_class(store, "06", "SCH-A").await;
    let (school_b, b1) = school_with_class(store, "01", "SCH-B").await;
    let a2 = store
        .org()
        .create_class(&lawha_store::ClassInput {
            school_id: school_a.id,
            name: "1AC-2".into(),
            school_year: "2025-2026".into(),
            level: lawha_core::import::ClassLevel::Level("1AC".into()),
        })
        .await
        .unwrap();
    let teacher = account(
        store,
        "Prof",
        "prof@example.ma",
        Some((Role::Teacher, school_a.scope())),
    )
    .await;
    store
        .accounts()
        .assign_teacher(a1.id, teacher.id, None)
        .await
        .unwrap();
    let parent = account(
        store,
        "Parent",
        "parent@example.ma",
        Some((Role::Parent, school_a.scope())),
    )
    .await;
    let pupil_a1 = account(store, "A1", "PAA0001", Some((Role::Pupil, a1.scope()))).await;
    let sibling_a1 = account(store, "A1b", "PAB0001", Some((Role::Pupil, a1.scope()))).await;
    let pupil_a2 = account(store, "A2", "PAC0001", Some((Role::Pupil, a2.scope()))).await;
    let pupil_b1 = account(store, "B1", "PBA0001", Some((Role::Pupil, b1.scope()))).await;
    let staff_a = account(
        store,
        "Staff",
        "staff@example.ma",
        Some((Role::Teacher, school_a.scope())),
    )
    .await;
    let school_admin = account(
        store,
        "Admin A",
        "admin-a@example.ma",
        Some((Role::SchoolAdmin, school_a.scope())),
    )
    .await;
    let region_b = Scope::Region {
        region: school_b.region_id,
    };
    let region_admin = account(
        store,
        "Admin B",
        "admin-b@example.ma",
        Some((Role::RegionalAdmin, region_b)),
    )
    .await;
    store
        .accounts()
        .link_parent(parent.id, pupil_a1.id)
        .await
        .unwrap();
    Town {
        teacher: (teacher, grants(Role::Teacher, school_a.scope())),
        parent: (parent, grants(Role::Parent, school_a.scope())),
        school_admin_a: (school_admin, grants(Role::SchoolAdmin, school_a.scope())),
        region_admin_b: (region_admin, grants(Role::RegionalAdmin, region_b)),
        pupil_a1,
        sibling_a1,
        pupil_a2,
        pupil_b1,
        staff_a,
    }
}

async fn help_log_len(store: &Store, target: Uuid) -> usize {
    store.recovery().help_log(target).await.unwrap().len()
}

async fn codes_reach_only_the_helpers_rows(store: TestStore) {
    let t = town(&store).await;
    let r = store.recovery();
    let (teacher, tg) = (&t.teacher.0, &t.teacher.1);
    let (parent, pg) = (&t.parent.0, &t.parent.1);
    let (sa, sag) = (t.school_admin_a.0.id, &t.school_admin_a.1);
    let (ra, rag) = (t.region_admin_b.0.id, &t.region_admin_b.1);
    // (actor, grants, target, may issue a code, may unlock)
    let cases: Vec<(Uuid, &[Grant], &User, bool, bool)> = vec![
        (teacher.id, tg, &t.pupil_a1, true, true),
        (teacher.id, tg, &t.sibling_a1, true, true),
        (teacher.id, tg, &t.pupil_a2, false, false),
        // The class link counts only with the teacher's role still held.
        (teacher.id, &[], &t.pupil_a1, false, false),
        (teacher.id, tg, &t.pupil_b1, false, false),
        (teacher.id, tg, &t.staff_a, false, false),
        (parent.id, pg, &t.pupil_a1, true, false),
        (parent.id, pg, &t.sibling_a1, false, false),
        (parent.id, pg, &t.pupil_b1, false, false),
        (sa, sag, &t.pupil_a2, true, true),
        (sa, sag, &t.staff_a, false, true),
        (sa, sag, &t.pupil_b1, false, false),
        (ra, rag, &t.pupil_a1, false, false),
        (ra, rag, &t.pupil_b1, true, true),
    ];
    for (actor, grants, target, code, unlock) in cases {
        let who = format!("{actor} → {}", target.display_name);
        let page = r.help_target(actor, grants, target.id).await;
        assert_eq!(page.is_ok(), code || unlock, "{who}: page");
        if let Ok(page) = page {
            assert_eq!(page.powers.one_time_code, code, "{who}: code power");
            assert_eq!(page.powers.unlock, unlock, "{who}: unlock power");
        }
        let before = help_log_len(&store, target.id).await;
        match r.issue_one_time_code(actor, grants, target.id).await {
            Ok(issued) => {
                assert!(code, "{who}: a code was issued");
                assert_eq!(issued.len(), 8);
            }
            Err(StoreError::NotFound) => assert!(!code, "{who}: code refused"),
            Err(e) => panic!("{who}: {e}"),
        }
        match r.unlock(actor, grants, target.id).await {
            Ok(_) => assert!(unlock, "{who}: unlocked"),
            Err(StoreError::NotFound) => assert!(!unlock, "{who}: unlock refused"),
            Err(e) => panic!("{who}: {e}"),
        }
        // One log row per action done, none for a refusal.
        let after = help_log_len(&store, target.id).await;
        assert_eq!(
            after - before,
            usize::from(code) + usize::from(unlock),
            "{who}: log"
        );
    }
    let log = r.help_log(t.pupil_a1.id).await.unwrap();
    assert!(log
        .iter()
        .any(|(actor, action, _)| *actor == Some(teacher.id) && action == "one_time_code"));
    // No one helps themselves here.
    assert!(r.help_target(teacher.id, tg, teacher.id).await.is_err());
}
on_both!(codes_reach_only_the_helpers_rows);

async fn a_code_works_once_and_not_after_expiry_or_a_password_change(store: TestStore) {
    let t = town(&store).await;
    let r = store.recovery();
    let (teacher, tg) = (&t.teacher.0, &t.teacher.1);
    let pupil = &t.pupil_a1;
    let code = r
        .issue_one_time_code(teacher.id, tg, pupil.id)
        .await
        .unwrap();
    // A wrong code, another pupil's code, and an unknown pupil are refused alike.
    assert!(matches!(
        r.reset_with_code("PAA0001", "WRONG234", NEW_PASSWORD).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        r.reset_with_code("PAB0001", &code, NEW_PASSWORD).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        r.reset_with_code("NOBODY", &code, NEW_PASSWORD).await,
        Err(StoreError::NotFound)
    ));
    // A session open before is ended by the reset.
    let session = store
        .accounts()
        .create_session(pupil.id, Duration::hours(1))
        .await
        .unwrap();
    // Typed in lower case, it still matches.
    let id = r
        .reset_with_code("paa0001", &code.to_lowercase(), NEW_PASSWORD)
        .await
        .unwrap();
    assert_eq!(id, pupil.id);
    assert!(store.accounts().session(&session).await.unwrap().is_none());
    assert!(store
        .accounts()
        .verify_credentials("PAA0001", NEW_PASSWORD)
        .await
        .unwrap()
        .is_some());
    assert!(store
        .accounts()
        .verify_credentials("PAA0001", PASSWORD)
        .await
        .unwrap()
        .is_none());
    // Used: refused the second time.
    assert!(matches!(
        r.reset_with_code("PAA0001", &code, "another new one").await,
        Err(StoreError::NotFound)
    ));

    // Expired.
    let late = r
        .issue_one_time_code(teacher.id, tg, pupil.id)
        .await
        .unwrap();
    store
        .clock()
        .advance(Duration::hours(2) + Duration::seconds(1));
    assert!(matches!(
        r.reset_with_code("PAA0001", &late, "another new one").await,
        Err(StoreError::NotFound)
    ));

    // Stale: the password changed (by any path) after the code was issued.
    let stale = r
        .issue_one_time_code(teacher.id, tg, pupil.id)
        .await
        .unwrap();
    store
        .accounts()
        .set_password(pupil.id, "changed elsewhere", false)
        .await
        .unwrap();
    assert!(matches!(
        r.reset_with_code("PAA0001", &stale, "another new one")
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(store
        .accounts()
        .verify_credentials("PAA0001", "changed elsewhere")
        .await
        .unwrap()
        .is_some());

    // A weak new password is refused and the code stays usable.
    let fresh = r
        .issue_one_time_code(teacher.id, tg, pupil.id)
        .await
        .unwrap();
    assert!(matches!(
        r.reset_with_code("PAA0001", &fresh, "short").await,
        Err(StoreError::Invalid { .. })
    ));
    r.reset_with_code("PAA0001", &fresh, "another new one")
        .await
        .unwrap();
}
on_both!(a_code_works_once_and_not_after_expiry_or_a_password_change);

fn mail_to(recipient: &str) -> OutgoingMail {
    OutgoingMail {
        recipient: recipient.into(),
        subject: "Reset".into(),
        body: "the link".into(),
    }
}

async fn a_reset_link_works_once_and_is_queued_with_its_mail(store: TestStore) {
    let t = town(&store).await;
    let r = store.recovery();
    let user = r
        .account_by_email(" Prof@Example.ma ")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(user.id, t.teacher.0.id);
    assert!(r
        .account_by_email("nobody@example.ma")
        .await
        .unwrap()
        .is_none());
    r.issue_reset_link(user.id, "token-one", &mail_to("prof@example.ma"))
        .await
        .unwrap();
    r.issue_reset_link(user.id, "token-two", &mail_to("prof@example.ma"))
        .await
        .unwrap();
    assert_eq!(
        r.outbox_counts().await.unwrap(),
        OutboxCounts {
            waiting: 2,
            sent: 0,
            given_up: 0
        }
    );
    assert!(r.reset_link_valid("token-one").await.unwrap());
    assert!(!r.reset_link_valid("forged").await.unwrap());
    assert!(matches!(
        r.reset_with_link("forged", NEW_PASSWORD).await,
        Err(StoreError::NotFound)
    ));
    r.reset_with_link("token-one", NEW_PASSWORD).await.unwrap();
    assert!(store
        .accounts()
        .verify_credentials("prof@example.ma", NEW_PASSWORD)
        .await
        .unwrap()
        .is_some());
    // Used; and the other token went with it.
    assert!(!r.reset_link_valid("token-one").await.unwrap());
    assert!(matches!(
        r.reset_with_link("token-one", "x another one").await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        r.reset_with_link("token-two", "x another one").await,
        Err(StoreError::NotFound)
    ));
    // Stale after a password change made elsewhere; expired after 30 minutes.
    r.issue_reset_link(user.id, "token-three", &mail_to("prof@example.ma"))
        .await
        .unwrap();
    store
        .accounts()
        .set_password(user.id, "changed elsewhere", false)
        .await
        .unwrap();
    assert!(!r.reset_link_valid("token-three").await.unwrap());
    assert!(matches!(
        r.reset_with_link("token-three", "x another one").await,
        Err(StoreError::NotFound)
    ));
    r.issue_reset_link(user.id, "token-four", &mail_to("prof@example.ma"))
        .await
        .unwrap();
    store.clock().advance(Duration::minutes(31));
    assert!(!r.reset_link_valid("token-four").await.unwrap());
    assert!(matches!(
        r.reset_with_link("token-four", "x another one").await,
        Err(StoreError::NotFound)
    ));
}
on_both!(a_reset_link_works_once_and_is_queued_with_its_mail);

async fn the_outbox_hands_each_message_out_once(store: TestStore) {
    let t = town(&store).await;
    let r = store.recovery();
    let lease = Duration::minutes(5);
    assert!(r.claim_mail(lease).await.unwrap().is_none());
    r.issue_reset_link(t.teacher.0.id, "t", &mail_to("prof@example.ma"))
        .await
        .unwrap();
    let first = r.claim_mail(lease).await.unwrap().unwrap();
    assert_eq!(first.recipient, "prof@example.ma");
    assert_eq!(first.attempts, 1);
    // Held by its lease: no second worker gets it.
    assert!(r.claim_mail(lease).await.unwrap().is_none());
    // A failure puts it back later, not at once.
    r.mail_failed(&first).await.unwrap();
    assert!(r.claim_mail(lease).await.unwrap().is_none());
    store.clock().advance(outbox::retry_delay(1));
    let second = r.claim_mail(lease).await.unwrap().unwrap();
    assert_eq!((second.id, second.attempts), (first.id, 2));
    // A worker that died holding it: taken again once the lease ran out.
    store.clock().advance(lease);
    let third = r.claim_mail(lease).await.unwrap().unwrap();
    assert_eq!(third.attempts, 3);
    r.mail_sent(third.id).await.unwrap();
    store.clock().advance(Duration::days(1));
    assert!(r.claim_mail(lease).await.unwrap().is_none());
    assert_eq!(
        r.outbox_counts().await.unwrap(),
        OutboxCounts {
            waiting: 0,
            sent: 1,
            given_up: 0
        }
    );

    // Given up after the last attempt.
    r.issue_reset_link(t.teacher.0.id, "u", &mail_to("prof@example.ma"))
        .await
        .unwrap();
    for attempt in 1..=outbox::MAX_ATTEMPTS {
        let mail = r.claim_mail(lease).await.unwrap().unwrap();
        assert_eq!(mail.attempts, attempt);
        r.mail_failed(&mail).await.unwrap();
        store.clock().advance(outbox::retry_delay(attempt));
    }
    store.clock().advance(Duration::days(1));
    assert!(r.claim_mail(lease).await.unwrap().is_none());
    assert_eq!(
        r.outbox_counts().await.unwrap(),
        OutboxCounts {
            waiting: 0,
            sent: 1,
            given_up: 1
        }
    );
}
on_both!(the_outbox_hands_each_message_out_once);

async fn unlocking_forgets_one_accounts_failures(store: TestStore) {
    let t = town(&store).await;
    let r = store.recovery();
    let at = store.clock().now();
    for login in ["PAA0001", "PAB0001"] {
        for i in 0..6 {
            let keys = SigninKeys::new(login, &format!("198.51.100.{i}"), None);
            store
                .accounts()
                .record_signin_attempt(&keys, at)
                .await
                .unwrap();
        }
    }
    let (teacher, tg) = (&t.teacher.0, &t.teacher.1);
    assert_eq!(
        r.help_target(teacher.id, tg, t.pupil_a1.id)
            .await
            .unwrap()
            .recent_failures,
        6
    );
    assert_eq!(r.unlock(teacher.id, tg, t.pupil_a1.id).await.unwrap(), 6);
    assert_eq!(
        r.help_target(teacher.id, tg, t.pupil_a1.id)
            .await
            .unwrap()
            .recent_failures,
        0
    );
    assert_eq!(
        r.help_target(teacher.id, tg, t.sibling_a1.id)
            .await
            .unwrap()
            .recent_failures,
        6
    );
}
on_both!(unlocking_forgets_one_accounts_failures);

async fn forgot_requests_are_throttled_per_address_and_client(store: TestStore) {
    let r = store.recovery();
    for _ in 0..requests::PER_ADDRESS {
        assert!(r
            .admit_reset_request("a@example.ma", "192.0.2.1")
            .await
            .unwrap());
    }
    assert!(!r
        .admit_reset_request("A@example.ma", "192.0.2.2")
        .await
        .unwrap());
    // Another address from the same client still goes, up to the client's limit.
    for i in 0..requests::PER_CLIENT - requests::PER_ADDRESS {
        assert!(r
            .admit_reset_request(&format!("b{i}@example.ma"), "192.0.2.1")
            .await
            .unwrap());
    }
    assert!(!r
        .admit_reset_request("c@example.ma", "192.0.2.1")
        .await
        .unwrap());
    assert!(r
        .admit_reset_request("c@example.ma", "192.0.2.3")
        .await
        .unwrap());
    store
        .clock()
        .advance(requests::window() + Duration::seconds(1));
    assert!(r
        .admit_reset_request("a@example.ma", "192.0.2.1")
        .await
        .unwrap());
}
on_both!(forgot_requests_are_throttled_per_address_and_client);
