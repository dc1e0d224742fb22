//! `since` deltas, and an account edited on both sides.

use chrono::Duration;
use lawha_core::capsule::CapsuleStatus;
use lawha_core::Clock;
use lawha_store::on_both;
use lawha_store::schoolbag::PackSelection;
use lawha_store::testing::TestStore;
use lawha_store::Store;

use super::platform::{platform, titles};
use super::{carried, node_like, selection};

async fn a_delta_carries_what_changed_since_with_its_parents(store: TestStore) {
    let clock = Clock::fixed(store.clock().now() - Duration::days(1));
    let store = Store::clone(&store).with_clock(clock.clone());
    let made = platform(&store).await;
    let full = store
        .schoolbag()
        .select(&selection(made.school.id))
        .await
        .unwrap();
    let node = node_like(&store).await;
    node.schoolbag().apply_pack_content(&full).await.unwrap();

    clock.advance(Duration::seconds(60));
    let since = clock.now();
    clock.advance(Duration::seconds(60));
    let unit = full.units.first().unwrap();
    let lesson = store
        .catalog()
        .create_lesson(unit.id, &titles("Nouvelle leçon"))
        .await
        .unwrap();
    let pupil = &made.people[1];
    store
        .accounts()
        .set_password(pupil.id, "a new long password", false)
        .await
        .unwrap();
    store
        .catalog()
        .withdraw_capsule(made.capsule_id)
        .await
        .unwrap();
    let delta = store
        .schoolbag()
        .select(&PackSelection {
            since: Some(since),
            ..selection(made.school.id)
        })
        .await
        .unwrap();
    assert_eq!(
        delta.lessons.iter().map(|l| l.id).collect::<Vec<_>>(),
        [lesson.id]
    );
    assert_eq!(
        delta.units.iter().map(|u| u.id).collect::<Vec<_>>(),
        [unit.id]
    );
    assert_eq!(
        delta.users.iter().map(|u| u.id).collect::<Vec<_>>(),
        [pupil.id]
    );
    assert!(delta.grants.iter().all(|g| g.user_id == pupil.id));
    assert!(delta.capsules.is_empty() && delta.exercise_sets.is_empty());
    assert_eq!(delta.withdrawn_capsules, [made.capsule_id]);
    assert!(delta.classes.is_empty() && delta.assignments.is_empty());

    let summary = node
        .schoolbag()
        .apply_pack_content(&carried(&delta))
        .await
        .unwrap();
    assert_eq!(summary.written.get("lessons"), Some(&1));
    assert_eq!(summary.written.get("users"), Some(&1));
    let signed = node
        .accounts()
        .verify_credentials(pupil.pupil_code.as_deref().unwrap(), "a new long password")
        .await
        .unwrap();
    assert!(signed.is_some(), "the new password signs in on the node");
    assert_eq!(node.catalog().lesson(lesson.id).await.unwrap(), lesson);
    let withdrawn = node.catalog().capsule(made.capsule_id).await.unwrap();
    assert_eq!(withdrawn.status, CapsuleStatus::Withdrawn);
}
on_both!(a_delta_carries_what_changed_since_with_its_parents);

async fn an_account_edited_later_on_the_node_keeps_the_node_edit(store: TestStore) {
    let clock = Clock::fixed(store.clock().now() - Duration::days(1));
    let store = Store::clone(&store).with_clock(clock.clone());
    let made = platform(&store).await;
    let content = store
        .schoolbag()
        .select(&selection(made.school.id))
        .await
        .unwrap();
    let node_store = node_like(&store).await;
    let node = Store::clone(&node_store).with_clock(clock.clone());
    node.schoolbag().apply_pack_content(&content).await.unwrap();
    clock.advance(Duration::seconds(60));
    let pupil = &made.people[0];
    node.accounts()
        .set_password(pupil.id, "changed on the node", false)
        .await
        .unwrap();
    // The same pack again, older than the node's edit: the edit stands.
    node.schoolbag().apply_pack_content(&content).await.unwrap();
    let signed = node
        .accounts()
        .verify_credentials(pupil.pupil_code.as_deref().unwrap(), "changed on the node")
        .await
        .unwrap();
    assert!(signed.is_some());
}
on_both!(an_account_edited_later_on_the_node_keeps_the_node_edit);
