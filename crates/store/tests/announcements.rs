//! Announcements on SQLite and PostgreSQL: an administrator posts only inside their scope
//! (checked from the database's rows in the inserting transaction: another school, another
//! region, a class elsewhere, a teacher who is no administrator are refused); a post to
//! one level's learners reaches them and no one else, staff-only reaches staff, a
//! national one everyone; each person's read state is their own; the author sees how many
//! of those concerned read it; a last day hides it after.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use chrono::Duration;
use lawha_core::role::Grant;
use lawha_core::{Role, Scope};
use lawha_store::announcements::{Audience, NewAnnouncement, Place};
use lawha_store::on_both;
use lawha_store::testing::{school_with_class, school_with_class_of, TestStore};
use lawha_store::{Class, NewUser, School, Store, StoreError, User};
use uuid::Uuid;

async fn person(store: &Store, login: &str, role: Role, scope: Scope) -> User {
    let (email, code) = if login.contains('@') {
        (Some(login.to_string()), None)
    } else {
        (None, Some(login.to_string()))
    };
    let new = NewUser {
        display_name: login.into(),
        email,
        pupil_code: code,
        password: "cahier-bleu-42".into(),
        locale: None,
        must_change_password: false,
    };
    let grant = Grant::new(role, scope).unwrap();
    store
        .accounts()
        .create_user_with_grant(&new, Some(&grant))
        .await
        .unwrap()
}

struct World {
    school_a: School,
    class_a1: Class,
    school_a2: School,
    school_b: School,
    class_b: Class,
    ministry: User,
    region_admin: User,
    school_admin: User,
    teacher: User,
    /// A 1AC pupil and a 2AC pupil of school A, a pupil of school A2 (same region) and
    /// one of school B (another region), a parent of school A.
    pupil_1ac: User,
    pupil_2ac: User,
    pupil_a2: User,
    pupil_b: User,
    parent: User,
}

async fn world(store: &Store) -> World {
    let (school_a, class_a1) = school_with_class(store, "06", "ANN-A").await;
    let class_a2 = store
        .org()
        .create_class(&lawha_store::ClassInput {
            school_id: school_a.id,
            name: "2AC-1".into(),
            school_year: "2025-2026".into(),
            level: lawha_core::import::ClassLevel::Level("2AC".into()),
        })
        .await
        .unwrap();
    let (school_a2, class_x) = school_with_class(store, "06", "ANN-A2").await;
    let (school_b, class_b) = school_with_class_of(store, "01", "ANN-B", "1AC-1", "1AC").await;
    let region_a = Scope::Region {
        region: school_a.region_id,
    };
    let teacher = person(store, "prof@example.ma", Role::Teacher, school_a.scope()).await;
    store
        .accounts()
        .assign_teacher(class_a1.id, teacher.id, None)
        .await
        .unwrap();
    World {
        ministry: person(
            store,
            "min@example.ma",
            Role::MinistryAdmin,
            Scope::National,
        )
        .await,
        region_admin: person(store, "aref@example.ma", Role::RegionalAdmin, region_a).await,
        school_admin: person(store, "dir@example.ma", Role::SchoolAdmin, school_a.scope()).await,
        teacher,
        pupil_1ac: person(store, "P8001", Role::Pupil, class_a1.scope()).await,
        pupil_2ac: person(store, "P8002", Role::Pupil, class_a2.scope()).await,
        pupil_a2: person(store, "P8003", Role::Pupil, class_x.scope()).await,
        pupil_b: person(store, "P8004", Role::Pupil, class_b.scope()).await,
        parent: person(store, "par@example.ma", Role::Parent, school_a.scope()).await,
        school_a,
        class_a1,
        school_a2,
        school_b,
        class_b,
    }
}

fn draft(author: &User, place: Place, audience: Audience, level: Option<&str>) -> NewAnnouncement {
    NewAnnouncement {
        author_id: author.id,
        place,
        level_code: level.map(str::to_string),
        audience,
        title_ar: String::new(),
        title_fr: "Rentrée".into(),
        body_ar: String::new(),
        body_fr: "Les cours reprennent lundi.".into(),
        ends_on: None,
    }
}

/// Who among `people` sees announcement `id` on their list.
async fn reached(store: &Store, id: Uuid, people: &[&User]) -> Vec<String> {
    let today = store.clock().now().date_naive();
    let mut out = Vec::new();
    for p in people {
        let list = store
            .announcements()
            .for_person(p.id, today, 50)
            .await
            .unwrap();
        if list.iter().any(|s| s.announcement.id == id) {
            out.push(p.display_name.clone());
        }
    }
    out
}

async fn an_announcement_reaches_whom_it_names(store: TestStore) {
    let w = world(&store).await;
    let everyone = [
        &w.ministry,
        &w.region_admin,
        &w.school_admin,
        &w.teacher,
        &w.pupil_1ac,
        &w.pupil_2ac,
        &w.pupil_a2,
        &w.pupil_b,
        &w.parent,
    ];
    let ann = store.announcements();
    // One level's learners in school A: its 1AC pupil only.
    let level = ann
        .post(&draft(
            &w.school_admin,
            Place::School(w.school_a.id),
            Audience::Learners,
            Some("1AC"),
        ))
        .await
        .unwrap();
    assert_eq!(reached(&store, level, &everyone).await, vec!["P8001"]);
    // School A's staff: its admin and teacher.
    let staff = ann
        .post(&draft(
            &w.school_admin,
            Place::School(w.school_a.id),
            Audience::Staff,
            None,
        ))
        .await
        .unwrap();
    assert_eq!(
        reached(&store, staff, &everyone).await,
        vec!["dir@example.ma", "prof@example.ma"]
    );
    // A class: its pupil and its teacher.
    let class = ann
        .post(&draft(
            &w.school_admin,
            Place::Class(w.class_a1.id),
            Audience::Everyone,
            None,
        ))
        .await
        .unwrap();
    assert_eq!(
        reached(&store, class, &everyone).await,
        vec!["prof@example.ma", "P8001"]
    );
    // The region: everyone placed in it, not the ministry nor region 01.
    let region = ann
        .post(&draft(
            &w.region_admin,
            Place::Region(w.school_a.region_id),
            Audience::Everyone,
            None,
        ))
        .await
        .unwrap();
    let mut in_region = reached(&store, region, &everyone).await;
    in_region.sort();
    assert_eq!(
        in_region,
        vec![
            "P8001",
            "P8002",
            "P8003",
            "aref@example.ma",
            "dir@example.ma",
            "par@example.ma",
            "prof@example.ma"
        ]
    );
    // National: everyone.
    let national = ann
        .post(&draft(
            &w.ministry,
            Place::National,
            Audience::Everyone,
            None,
        ))
        .await
        .unwrap();
    assert_eq!(
        reached(&store, national, &everyone).await.len(),
        everyone.len()
    );
    // Newest first on a pupil's list.
    let today = store.clock().now().date_naive();
    let list = ann.for_person(w.pupil_1ac.id, today, 50).await.unwrap();
    let ids: Vec<Uuid> = list.iter().map(|s| s.announcement.id).collect();
    assert_eq!(ids, vec![national, region, class, level]);
    // Seen by a person who is not concerned: nothing shows.
    assert!(matches!(
        ann.visible(w.pupil_2ac.id, level).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(ann.visible(w.pupil_1ac.id, level).await.unwrap().id, level);
    assert_eq!(
        ann.visible(w.school_admin.id, level).await.unwrap().id,
        level
    );
}
on_both!(an_announcement_reaches_whom_it_names);

async fn posting_outside_ones_scope_is_refused(store: TestStore) {
    let w = world(&store).await;
    let ann = store.announcements();
    let refused = [
        // Another school of the same region, a class of another region, another region.
        (&w.school_admin, Place::School(w.school_a2.id)),
        (&w.school_admin, Place::Class(w.class_b.id)),
        (&w.school_admin, Place::Region(w.school_a.region_id)),
        (&w.school_admin, Place::National),
        (&w.region_admin, Place::School(w.school_b.id)),
        (&w.region_admin, Place::Region(w.school_b.region_id)),
        (&w.region_admin, Place::National),
        // No administrator: a teacher, a parent.
        (&w.teacher, Place::Class(w.class_a1.id)),
        (&w.parent, Place::School(w.school_a.id)),
        // A place that does not exist.
        (&w.ministry, Place::School(Uuid::now_v7())),
    ];
    for (author, place) in refused {
        let result = ann
            .post(&draft(author, place, Audience::Everyone, None))
            .await;
        assert!(
            matches!(result, Err(StoreError::NotFound)),
            "{} → {place:?}: {result:?}",
            author.display_name
        );
    }
    // Nothing was written.
    assert!(ann
        .by_author(w.school_admin.id, 10)
        .await
        .unwrap()
        .is_empty());
    assert!(ann
        .by_author(w.region_admin.id, 10)
        .await
        .unwrap()
        .is_empty());
    // Inside: the regional admin to a school of theirs, the ministry anywhere.
    ann.post(&draft(
        &w.region_admin,
        Place::School(w.school_a2.id),
        Audience::Everyone,
        None,
    ))
    .await
    .unwrap();
    ann.post(&draft(
        &w.ministry,
        Place::Class(w.class_b.id),
        Audience::Everyone,
        None,
    ))
    .await
    .unwrap();
    // Texts: a language needs its title and its text; a last day not past; a known level.
    let mut half = draft(&w.ministry, Place::National, Audience::Everyone, None);
    half.body_fr = String::new();
    assert!(matches!(
        ann.post(&half).await,
        Err(StoreError::Invalid { .. })
    ));
    let mut past = draft(&w.ministry, Place::National, Audience::Everyone, None);
    past.ends_on = Some(store.clock().now().date_naive() - Duration::days(1));
    assert!(matches!(
        ann.post(&past).await,
        Err(StoreError::Invalid { .. })
    ));
    let unknown = draft(
        &w.ministry,
        Place::National,
        Audience::Everyone,
        Some("ZZZ"),
    );
    assert!(matches!(
        ann.post(&unknown).await,
        Err(StoreError::Invalid { .. })
    ));
}
on_both!(posting_outside_ones_scope_is_refused);

async fn read_state_is_per_person_and_the_author_sees_the_reach(store: TestStore) {
    let w = world(&store).await;
    let ann = store.announcements();
    let mut new = draft(
        &w.school_admin,
        Place::School(w.school_a.id),
        Audience::Everyone,
        None,
    );
    new.ends_on = Some(store.clock().now().date_naive());
    let id = ann.post(&new).await.unwrap();
    let reach = ann.by_author(w.school_admin.id, 10).await.unwrap();
    // School A: its admin, teacher, two pupils and the parent.
    assert_eq!((reach[0].concerned, reach[0].read), (5, 0));
    ann.mark_read(w.pupil_1ac.id, &[id]).await.unwrap();
    ann.mark_read(w.pupil_1ac.id, &[id]).await.unwrap();
    // Someone not concerned marking it changes nothing.
    ann.mark_read(w.pupil_b.id, &[id]).await.unwrap();
    let reach = ann.by_author(w.school_admin.id, 10).await.unwrap();
    assert_eq!((reach[0].concerned, reach[0].read), (5, 1));
    let today = store.clock().now().date_naive();
    assert!(ann.for_person(w.pupil_1ac.id, today, 10).await.unwrap()[0].read);
    assert!(!ann.for_person(w.pupil_2ac.id, today, 10).await.unwrap()[0].read);
    // Past its last day it leaves the lists.
    assert!(ann
        .for_person(w.pupil_2ac.id, today + Duration::days(1), 10)
        .await
        .unwrap()
        .is_empty());
}
on_both!(read_state_is_per_person_and_the_author_sees_the_reach);
