//! Announcements on SQLite and PostgreSQL: an administrator posts only inside their scope
//! (checked from the database's rows in the inserting transaction: another school, another
//! region, a class elsewhere, a teacher who is no administrator are refused); a post to
//! one level's learners reaches them and no one else, staff-only reaches staff, a
//! national one everyone; each person's read state is their own; the author sees how many
//! of those concerned read it, in one grouped query whose figures match each person's own
//! list; a last day hides it after, on the platform's clock; parents are reached through
//! the children they are linked to, never by staff-only posts.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use chrono::{Duration, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use lawha_core::role::Grant;
use lawha_core::{Role, Scope};
use lawha_store::announcements::{Announcements, Audience, NewAnnouncement, Place};
use lawha_store::on_both;
use lawha_store::testing::{school_with_class, school_with_class_of, TestStore};
use lawha_store::{Class, NewUser, School, Store, StoreError, User};
use uuid::Uuid;

/// The platform's default time zone.
const ZONE: Tz = chrono_tz::Africa::Casablanca;

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

/// Today on the platform's clock, in its zone: from 23:00 UTC Casablanca is a day ahead.
fn local_today(store: &Store) -> chrono::NaiveDate {
    store.clock().now().with_timezone(&ZONE).date_naive()
}

/// Posts `draft(author, place, audience, level)`, which must be accepted; its id.
async fn posted(
    ann: &Announcements<'_>,
    author: &User,
    place: Place,
    audience: Audience,
    level: Option<&str>,
) -> Uuid {
    ann.post(&draft(author, place, audience, level), ZONE)
        .await
        .unwrap()
}

/// Who among `people` sees announcement `id` on their list.
async fn reached(store: &Store, id: Uuid, people: &[&User]) -> Vec<String> {
    let today = local_today(store);
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
    let level = posted(
        &ann,
        &w.school_admin,
        Place::School(w.school_a.id),
        Audience::Learners,
        Some("1AC"),
    )
    .await;
    assert_eq!(reached(&store, level, &everyone).await, vec!["P8001"]);
    // School A's staff: its admin and teacher.
    let staff = posted(
        &ann,
        &w.school_admin,
        Place::School(w.school_a.id),
        Audience::Staff,
        None,
    )
    .await;
    assert_eq!(
        reached(&store, staff, &everyone).await,
        vec!["dir@example.ma", "prof@example.ma"]
    );
    // A class: its pupil and its teacher.
    let class = posted(
        &ann,
        &w.school_admin,
        Place::Class(w.class_a1.id),
        Audience::Everyone,
        None,
    )
    .await;
    assert_eq!(
        reached(&store, class, &everyone).await,
        vec!["prof@example.ma", "P8001"]
    );
    // The region: everyone placed in it, not the ministry nor region 01.
    let region = posted(
        &ann,
        &w.region_admin,
        Place::Region(w.school_a.region_id),
        Audience::Everyone,
        None,
    )
    .await;
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
        .post(
            &draft(&w.ministry, Place::National, Audience::Everyone, None),
            ZONE,
        )
        .await
        .unwrap();
    assert_eq!(
        reached(&store, national, &everyone).await.len(),
        everyone.len()
    );
    // Newest first on a pupil's list.
    let today = local_today(&store);
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
            .post(&draft(author, place, Audience::Everyone, None), ZONE)
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
    ann.post(
        &draft(
            &w.region_admin,
            Place::School(w.school_a2.id),
            Audience::Everyone,
            None,
        ),
        ZONE,
    )
    .await
    .unwrap();
    ann.post(
        &draft(
            &w.ministry,
            Place::Class(w.class_b.id),
            Audience::Everyone,
            None,
        ),
        ZONE,
    )
    .await
    .unwrap();
    // Texts: a language needs its title and its text; a last day not past; a known level.
    let mut half = draft(&w.ministry, Place::National, Audience::Everyone, None);
    half.body_fr = String::new();
    assert!(matches!(
        ann.post(&half, ZONE).await,
        Err(StoreError::Invalid { .. })
    ));
    let mut past = draft(&w.ministry, Place::National, Audience::Everyone, None);
    past.ends_on = Some(local_today(&store) - Duration::days(1));
    assert!(matches!(
        ann.post(&past, ZONE).await,
        Err(StoreError::Invalid { .. })
    ));
    let unknown = draft(
        &w.ministry,
        Place::National,
        Audience::Everyone,
        Some("ZZZ"),
    );
    assert!(matches!(
        ann.post(&unknown, ZONE).await,
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
    new.ends_on = Some(local_today(&store));
    let id = ann.post(&new, ZONE).await.unwrap();
    let reach = ann.by_author(w.school_admin.id, 10).await.unwrap();
    // School A: its admin, teacher, two pupils and the parent.
    assert_eq!((reach[0].concerned, reach[0].read), (5, 0));
    ann.mark_read(w.pupil_1ac.id, &[id]).await.unwrap();
    ann.mark_read(w.pupil_1ac.id, &[id]).await.unwrap();
    // Someone not concerned marking it changes nothing.
    ann.mark_read(w.pupil_b.id, &[id]).await.unwrap();
    let reach = ann.by_author(w.school_admin.id, 10).await.unwrap();
    assert_eq!((reach[0].concerned, reach[0].read), (5, 1));
    let today = local_today(&store);
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

/// A parent of school A linked to `child`.
async fn parent_of(store: &Store, w: &World, login: &str, child: &User) -> User {
    let parent = person(store, login, Role::Parent, w.school_a.scope()).await;
    store
        .accounts()
        .link_parent(parent.id, child.id)
        .await
        .unwrap();
    parent
}

async fn parents_follow_what_their_children_are_told(store: TestStore) {
    let w = world(&store).await;
    let mother_1ac = parent_of(&store, &w, "mere1@example.ma", &w.pupil_1ac).await;
    let father_2ac = parent_of(&store, &w, "pere2@example.ma", &w.pupil_2ac).await;
    let parent_b = person(&store, "parb@example.ma", Role::Parent, w.school_b.scope()).await;
    store
        .accounts()
        .link_parent(parent_b.id, w.pupil_b.id)
        .await
        .unwrap();
    let people = [
        &w.school_admin,
        &w.teacher,
        &w.pupil_1ac,
        &w.pupil_2ac,
        &w.pupil_b,
        &w.parent,
        &mother_1ac,
        &father_2ac,
        &parent_b,
    ];
    let ann = store.announcements();
    // One level's learners: its pupil and her parent; not the 2AC pupil's, not school
    // B's, not the school's parent with no child there.
    let level = posted(
        &ann,
        &w.school_admin,
        Place::School(w.school_a.id),
        Audience::Learners,
        Some("1AC"),
    )
    .await;
    assert_eq!(
        reached(&store, level, &people).await,
        vec!["P8001", "mere1@example.ma"]
    );
    // Everyone at another level: that level's pupil and parent.
    let other_level = posted(
        &ann,
        &w.school_admin,
        Place::School(w.school_a.id),
        Audience::Everyone,
        Some("2AC"),
    )
    .await;
    assert_eq!(
        reached(&store, other_level, &people).await,
        vec!["P8002", "pere2@example.ma"]
    );
    // A class: its teacher, pupil and the pupil's parent.
    let class = posted(
        &ann,
        &w.school_admin,
        Place::Class(w.class_a1.id),
        Audience::Everyone,
        None,
    )
    .await;
    assert_eq!(
        reached(&store, class, &people).await,
        vec!["prof@example.ma", "P8001", "mere1@example.ma"]
    );
    // Staff only never reaches a parent, linked or not.
    let staff = posted(
        &ann,
        &w.school_admin,
        Place::School(w.school_a.id),
        Audience::Staff,
        None,
    )
    .await;
    assert_eq!(
        reached(&store, staff, &people).await,
        vec!["dir@example.ma", "prof@example.ma"]
    );
    // The parent may open it and their read counts in the reach.
    assert_eq!(ann.visible(mother_1ac.id, level).await.unwrap().id, level);
    assert!(matches!(
        ann.visible(father_2ac.id, level).await,
        Err(StoreError::NotFound)
    ));
    ann.mark_read(mother_1ac.id, &[level]).await.unwrap();
    ann.mark_read(father_2ac.id, &[level]).await.unwrap();
    let reach = ann.by_author(w.school_admin.id, 10).await.unwrap();
    let of_level = reach.iter().find(|r| r.announcement.id == level).unwrap();
    assert_eq!((of_level.concerned, of_level.read), (2, 1));
    // A child who left (inactive) no longer brings their parent.
    store
        .accounts()
        .set_user_active(w.pupil_2ac.id, false)
        .await
        .unwrap();
    // (Their own list is not filtered on their state: they cannot sign in.)
    assert_eq!(reached(&store, other_level, &people).await, vec!["P8002"]);
}
on_both!(parents_follow_what_their_children_are_told);

async fn the_reach_of_each_announcement_is_its_own(store: TestStore) {
    let w = world(&store).await;
    let mother = parent_of(&store, &w, "mere1@example.ma", &w.pupil_1ac).await;
    let people = [
        &w.ministry,
        &w.region_admin,
        &w.school_admin,
        &w.teacher,
        &w.pupil_1ac,
        &w.pupil_2ac,
        &w.pupil_a2,
        &w.pupil_b,
        &w.parent,
        &mother,
    ];
    let ann = store.announcements();
    let posts = [
        (Place::School(w.school_a.id), Audience::Everyone, None),
        (
            Place::School(w.school_a.id),
            Audience::Learners,
            Some("1AC"),
        ),
        (Place::School(w.school_a.id), Audience::Staff, None),
        (Place::Class(w.class_a1.id), Audience::Everyone, None),
        (Place::Class(w.class_b.id), Audience::Staff, None),
        (
            Place::Region(w.school_a.region_id),
            Audience::Everyone,
            None,
        ),
        (Place::National, Audience::Everyone, None),
    ];
    let mut ids = Vec::new();
    for (place, audience, level) in posts {
        let author = match place {
            Place::Class(class) if class == w.class_b.id => &w.ministry,
            Place::National => &w.ministry,
            Place::Region(_) => &w.region_admin,
            _ => &w.school_admin,
        };
        ids.push(
            ann.post(&draft(author, place, audience, level), ZONE)
                .await
                .unwrap(),
        );
    }
    // Some readers: the 1AC pupil everything shown to her, the teacher the first.
    let today = local_today(&store);
    let hers: Vec<Uuid> = ann
        .for_person(w.pupil_1ac.id, today, 50)
        .await
        .unwrap()
        .iter()
        .map(|s| s.announcement.id)
        .collect();
    ann.mark_read(w.pupil_1ac.id, &hers).await.unwrap();
    ann.mark_read(w.teacher.id, &ids[..1]).await.unwrap();
    ann.mark_read(mother.id, &ids[1..2]).await.unwrap();
    // The grouped figures against each person's own list, announcement by announcement.
    let mut expected = Vec::new();
    for id in &ids {
        let mut concerned = 0;
        let mut read = 0;
        for p in people {
            let list = ann.for_person(p.id, today, 50).await.unwrap();
            if let Some(seen) = list.iter().find(|s| s.announcement.id == *id) {
                concerned += 1;
                read += i64::from(seen.read);
            }
        }
        expected.push((*id, concerned, read));
    }
    let mut got: Vec<(Uuid, i64, i64)> = ann
        .by_author(w.school_admin.id, 50)
        .await
        .unwrap()
        .iter()
        .chain(ann.by_author(w.ministry.id, 50).await.unwrap().iter())
        .chain(ann.by_author(w.region_admin.id, 50).await.unwrap().iter())
        .map(|r| (r.announcement.id, r.concerned, r.read))
        .collect();
    got.sort();
    expected.sort();
    assert_eq!(got, expected);
    // And the figures themselves differ: school A everyone (admin, teacher, two pupils,
    // two parents), one level's learners (pupil, mother), staff (admin, teacher), class
    // (teacher, pupil, mother), class B's staff (none), region A everyone (all but the
    // ministry and the pupil of region B), the country (all ten).
    let figures: Vec<(i64, i64)> = ids
        .iter()
        .map(|id| {
            let (_, c, r) = expected.iter().find(|(e, _, _)| e == id).unwrap();
            (*c, *r)
        })
        .collect();
    assert_eq!(
        figures,
        vec![(6, 2), (2, 2), (2, 0), (3, 1), (0, 0), (8, 1), (10, 1)]
    );
    // Newest first, limited.
    let two = ann.by_author(w.school_admin.id, 2).await.unwrap();
    let two_ids: Vec<Uuid> = two.iter().map(|r| r.announcement.id).collect();
    assert_eq!(two_ids, vec![ids[3], ids[2]]);
}
on_both!(the_reach_of_each_announcement_is_its_own);

async fn the_last_day_is_a_day_of_the_platforms_clock(mut store: TestStore) {
    let w = world(&store).await;
    // 23:30 UTC: in Casablanca the same day or already the next, by the zone's offset.
    let day = chrono::NaiveDate::from_ymd_opt(2026, 5, 12).unwrap();
    let late = Utc.from_utc_datetime(&day.and_time(NaiveTime::from_hms_opt(23, 30, 0).unwrap()));
    let local_day = late.with_timezone(&ZONE).date_naive();
    let noon = late - Duration::hours(11) - Duration::minutes(30);
    let clock = lawha_core::Clock::fixed(noon);
    store.store = store.store.clone().with_clock(clock.clone());
    let ann = store.announcements();
    let mut new = draft(
        &w.school_admin,
        Place::School(w.school_a.id),
        Audience::Everyone,
        None,
    );
    new.ends_on = Some(day);
    let id = ann.post(&new, ZONE).await.unwrap();
    clock.advance(late - noon);
    // Posting with that last day at 23:30 UTC: refused where the zone is past it.
    let again = ann.post(&new, ZONE).await;
    if local_day > day {
        assert!(
            matches!(again, Err(StoreError::Invalid { .. })),
            "{again:?}"
        );
    } else {
        again.unwrap();
    }
    // In UTC it is still that day: always accepted.
    ann.post(&new, chrono_tz::UTC).await.unwrap();
    // The reader's list on the zone's day shows it only up to its last day.
    let shown = ann
        .for_person(w.pupil_1ac.id, local_day, 50)
        .await
        .unwrap()
        .iter()
        .any(|s| s.announcement.id == id);
    assert_eq!(shown, local_day <= day);
}
on_both!(the_last_day_is_a_day_of_the_platforms_clock);
