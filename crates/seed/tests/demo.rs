//! The demo on both engines: seeded once, every account signs in with its role, and the
//! curriculum and exercises are in place; then its capsules and activity, also once.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use lawha_core::capsule::CapsuleStatus;
use lawha_core::{Role, Scope};
use lawha_seed::demo::capsules::{seed_capsules, DemoClip};
use lawha_seed::demo::{self, activity};
use lawha_store::on_both;
use lawha_store::testing::TestStore;

const ZONE: chrono_tz::Tz = chrono_tz::Africa::Casablanca;

async fn demo_seeds_once_and_every_account_signs_in(store: TestStore) {
    let first = demo::seed(&store).await.expect("seed");
    let again = demo::seed(&store).await.expect("seed again");
    assert_eq!(first, again);
    for role in Role::ALL {
        assert!(first.iter().any(|a| a.role == role.as_str()), "{role:?}");
    }
    for account in &first {
        let user = store
            .accounts()
            .verify_credentials(&account.login, &account.password)
            .await
            .expect("verify")
            .unwrap_or_else(|| panic!("demo account {} cannot sign in", account.login));
        assert!(!user.must_change_password);
        let grants = store.accounts().grants(user.id).await.expect("grants");
        assert!(
            grants.iter().any(|g| g.role.as_str() == account.role),
            "{} lacks its role {}",
            account.login,
            account.role
        );
    }
    let regions = store.org().regions().await.expect("regions");
    assert_eq!(regions.len(), 12);
    let counts = store
        .accounts()
        .scope_counts(&[Scope::National])
        .await
        .expect("counts");
    assert_eq!(counts.schools, 5);
    assert!(counts.pupils >= 20, "{counts:?}");
    let maths = store
        .catalog()
        .units_with_lessons("1AC", "MATH")
        .await
        .expect("curriculum");
    assert!(maths.len() >= 2 && maths.iter().all(|u| !u.lessons.is_empty()));
    let fractions = &maths[1].lessons[0];
    let sets = store
        .catalog()
        .sets_of_lesson(fractions.id)
        .await
        .expect("sets");
    assert_eq!(sets.len(), 2, "an Arabic and a French set");
    for set in sets {
        assert!(
            store
                .catalog()
                .set_items(set.id)
                .await
                .expect("items")
                .len()
                >= 3
        );
    }
    // The help centre's articles, published in both languages, written once.
    let articles = store.help().articles(false).await.expect("help articles");
    assert!((4..=6).contains(&articles.len()), "{}", articles.len());
    assert!(articles
        .iter()
        .all(|a| a.published && !a.title_ar.is_empty() && !a.body_fr.is_empty()));
    assert!(articles.iter().any(|a| a.slug == "mot-de-passe-oublie"));
}
on_both!(demo_seed, demo_seeds_once_and_every_account_signs_in);

/// The clip as `lawha demo` records it; the store does not look inside.
fn clip() -> DemoClip {
    DemoClip {
        source_key: "demo/source.mp4".into(),
        output_prefix: "demo".into(),
        manifest_json: "{}".into(),
        report_json: "{}".into(),
        compliant: true,
        duration_ms: 8_000,
    }
}

async fn capsules_and_activity_are_seeded_once(store: TestStore) {
    demo::seed(&store).await.expect("seed");
    let created = seed_capsules(&store, &clip()).await.expect("capsules");
    assert!(created > 50, "{created}");
    assert_eq!(seed_capsules(&store, &clip()).await.expect("again"), 0);
    let fractions = store
        .catalog()
        .capsule_by_ref("demo-1ac-math-3-fr")
        .await
        .expect("capsule")
        .expect("the unpublished capsule");
    assert_eq!(fractions.status, CapsuleStatus::Ready);

    let report = activity::seed_activity(&store, ZONE)
        .await
        .expect("activity")
        .expect("seeded the first time");
    assert_eq!(report.pupils, 900);
    assert!(report.events > 0);
    assert!(activity::seed_activity(&store, ZONE)
        .await
        .expect("again")
        .is_none());
    // The teachers' classes got generated pupils besides the named ones.
    let school = store
        .org()
        .school_by_code("CL-ANFA-ZERKTOUNI")
        .await
        .unwrap();
    let class = store
        .org()
        .find_class(school.id, "2025-2026", "1AC-1")
        .await
        .unwrap()
        .expect("1AC-1");
    let members = store.accounts().class_members(class.id).await.unwrap();
    assert!(members.len() > 6, "{}", members.len());
}
on_both!(
    demo_capsules_and_activity,
    capsules_and_activity_are_seeded_once
);
