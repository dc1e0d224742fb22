//! Live sessions on both engines: who may schedule for whom (a teacher only for their own
//! class, admins within their scope, staff meetings by role and scope), what each person
//! sees, overlaps refused inside the inserting transaction (racers included), attendance
//! from engine events, removals per occurrence, engine failures and recordings.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use lawha_core::capsule::CapsuleFields;
use lawha_core::import::ClassLevel;
use lawha_core::live::{
    Audience, Invitation, Movement, RecordingStatus, Repeat, SessionDraft, ValidSession,
};
use lawha_core::role::Grant;
use lawha_core::{Clock, Role, Scope};
use lawha_store::catalog::curriculum::Titles;
use lawha_store::live::attendance::EngineEvent;
use lawha_store::live::engine::EngineRoom;
use lawha_store::live::recordings::RecordingMove;
use lawha_store::live::Session;
use lawha_store::on_both;
use lawha_store::testing::{self, school_with_class, TestStore};
use lawha_store::{Class, ClassInput, NewUser, Refusal, School, Store, StoreError};
use uuid::Uuid;

/// 2026-10-`day` at `hour`:`minute` UTC.
fn at(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 10, day, hour, minute, 0)
        .single()
        .unwrap()
}

/// The store with its clock fixed on 1 October 2026, 08:00 UTC.
fn fixed(test: TestStore) -> (TestStore, Clock) {
    let clock = Clock::fixed(at(1, 8, 0));
    let mut test = test;
    test.store = test.store.clone().with_clock(clock.clone());
    (test, clock)
}

/// A new account named `name` holding `role` in `scope`.
async fn person(store: &Store, name: &str, role: Role, scope: Scope) -> Uuid {
    let grant = Grant::new(role, scope).unwrap();
    let code = format!("L{}", &Uuid::now_v7().simple().to_string()[20..]);
    let (email, pupil_code) = if role.signs_in_with_code() {
        (None, Some(code.to_uppercase()))
    } else {
        (Some(format!("{code}@lawha.test")), None)
    };
    store
        .accounts()
        .create_user_with_grant(
            &NewUser {
                display_name: name.into(),
                email,
                pupil_code,
                password: testing::PUPIL_PASSWORD.into(),
                locale: None,
                must_change_password: false,
            },
            Some(&grant),
        )
        .await
        .unwrap()
        .id
}

/// A new school of region 06 with one class (`code`) and its administrator.
async fn school_and_admin(store: &Store, code: &str) -> (School, Class, Uuid) {
    let (school, class) = school_with_class(store, "06", code).await;
    let admin = person(
        store,
        "Directrice",
        Role::SchoolAdmin,
        school_scope(&school),
    )
    .await;
    (school, class, admin)
}

fn school_scope(school: &School) -> Scope {
    Scope::School {
        region: school.region_id,
        school: school.id,
    }
}

fn class_scope(class: &Class) -> Scope {
    Scope::Class {
        region: class.region_id,
        school: class.school_id,
        class: class.id,
    }
}

/// A valid session of `host` for `audience`, on 5 October from `hour` for an hour,
/// repeating weekly until `until` when given.
fn draft(
    host: Uuid,
    audience: Audience,
    day: u32,
    hour: u32,
    until: Option<NaiveDate>,
) -> ValidSession {
    SessionDraft {
        title: "Cours en direct".into(),
        host,
        audience,
        starts_at: at(day, hour, 0),
        ends_at: at(day, hour + 1, 0),
        repeat: until.map_or(Repeat::Once, |d| Repeat::Weekly { until: Some(d) }),
        zone: chrono_tz::Africa::Casablanca,
    }
    .validate(at(1, 8, 0))
    .unwrap()
}

fn is_not_found<T: std::fmt::Debug>(result: Result<T, StoreError>) -> bool {
    matches!(result, Err(StoreError::NotFound))
}

async fn count_sessions(store: &Store) -> i64 {
    store.live_sessions_count_for_tests().await.unwrap()
}

/// A teacher schedules for the class they teach and no other, not even one of another
/// school they are linked to without a grant there; a school admin for their school only.
async fn a_teacher_cannot_schedule_for_another_school_s_class(test: TestStore) {
    let (test, _) = fixed(test);
    let store = &test.store;
    let (school_a, class_a) = school_with_class(store, "06", "LIVE-A").await;
    let (school_b, class_b) = school_with_class(store, "06", "LIVE-B").await;
    let teacher = person(store, "Enseignante", Role::Teacher, school_scope(&school_a)).await;
    store
        .accounts()
        .assign_teacher(class_a.id, teacher, None)
        .await
        .unwrap();

    let own = store
        .live()
        .schedule(
            teacher,
            &draft(teacher, Audience::Class(class_a.id), 5, 9, None),
        )
        .await
        .unwrap();
    assert_eq!(own.audience, Audience::Class(class_a.id));
    assert_eq!(own.host_id, teacher);

    let other = draft(teacher, Audience::Class(class_b.id), 6, 9, None);
    assert!(is_not_found(store.live().schedule(teacher, &other).await));
    // A teaching link to the other school's class, without a grant there, is not enough.
    store
        .accounts()
        .assign_teacher(class_b.id, teacher, None)
        .await
        .unwrap();
    assert!(is_not_found(store.live().schedule(teacher, &other).await));
    // Scheduling as someone else is refused.
    let admin_b = person(
        store,
        "Directeur B",
        Role::SchoolAdmin,
        school_scope(&school_b),
    )
    .await;
    assert!(matches!(
        store.live().schedule(admin_b, &other).await,
        Err(StoreError::Invalid { field: "host", .. })
    ));
    // The school admin schedules for their own school's class, not the other's.
    let for_b = draft(admin_b, Audience::Class(class_b.id), 7, 9, None);
    store.live().schedule(admin_b, &for_b).await.unwrap();
    let for_a = draft(admin_b, Audience::Class(class_a.id), 8, 9, None);
    assert!(is_not_found(store.live().schedule(admin_b, &for_a).await));
    // A pupil schedules nothing, even for their own class.
    let pupil = person(store, "Élève", Role::Pupil, class_scope(&class_a)).await;
    let by_pupil = draft(pupil, Audience::Class(class_a.id), 9, 9, None);
    assert!(is_not_found(store.live().schedule(pupil, &by_pupil).await));
    assert_eq!(count_sessions(store).await, 2);
}
on_both!(a_teacher_cannot_schedule_for_another_school_s_class);

/// A pupil sees only their class's sessions; a parent sees their child's; "live now" and
/// "next" follow the joining window.
async fn a_pupil_sees_only_their_class_s_sessions(test: TestStore) {
    let (test, clock) = fixed(test);
    let store = &test.store;
    let (school_a, class_a) = school_with_class(store, "06", "SEE-A").await;
    let (school_b, class_b) = school_with_class(store, "01", "SEE-B").await;
    let admin_a = person(
        store,
        "Directrice A",
        Role::SchoolAdmin,
        school_scope(&school_a),
    )
    .await;
    let admin_b = person(
        store,
        "Directeur B",
        Role::SchoolAdmin,
        school_scope(&school_b),
    )
    .await;
    let pupil_a = person(store, "Amal", Role::Pupil, class_scope(&class_a)).await;
    let pupil_b = person(store, "Badr", Role::Pupil, class_scope(&class_b)).await;
    let parent = person(store, "Parent", Role::Parent, school_scope(&school_a)).await;
    store.accounts().link_parent(parent, pupil_a).await.unwrap();

    let weekly_until = NaiveDate::from_ymd_opt(2026, 10, 26);
    let for_a = store
        .live()
        .schedule(
            admin_a,
            &draft(admin_a, Audience::Class(class_a.id), 5, 9, weekly_until),
        )
        .await
        .unwrap();
    let for_b = store
        .live()
        .schedule(
            admin_b,
            &draft(admin_b, Audience::Class(class_b.id), 5, 9, None),
        )
        .await
        .unwrap();

    let seen: Vec<Uuid> = ids(&store
        .live()
        .sessions_for(pupil_a, clock.now())
        .await
        .unwrap());
    assert_eq!(seen, [for_a.id]);
    let seen = ids(&store
        .live()
        .sessions_for(pupil_b, clock.now())
        .await
        .unwrap());
    assert_eq!(seen, [for_b.id]);
    assert!(store.live().may_join(pupil_a, for_a.id).await.unwrap());
    assert!(!store.live().may_join(pupil_a, for_b.id).await.unwrap());
    assert!(!store.live().may_join(parent, for_a.id).await.unwrap());
    assert!(
        store.live().may_join(admin_a, for_a.id).await.unwrap(),
        "the host"
    );
    assert!(!store.live().may_join(admin_a, for_b.id).await.unwrap());

    // Before the window: nothing live, the first occurrence next.
    let upcoming = store
        .live()
        .upcoming_for(pupil_a, clock.now())
        .await
        .unwrap();
    assert!(upcoming.live_now.is_empty());
    let next = upcoming.next.unwrap();
    assert_eq!(
        (next.session.id, next.occurrence.starts_at),
        (for_a.id, at(5, 9, 0))
    );
    // Ten minutes before the second occurrence, it is live (open for joining).
    let in_window = at(12, 8, 50);
    let upcoming = store.live().upcoming_for(pupil_a, in_window).await.unwrap();
    assert_eq!(upcoming.live_now.len(), 1);
    assert_eq!(upcoming.live_now[0].occurrence.starts_at, at(12, 9, 0));
    assert_eq!(upcoming.next.unwrap().occurrence.starts_at, at(19, 9, 0));
    // The parent sees their child's, and nothing of the other class.
    let children = store
        .live()
        .upcoming_for_children(parent, in_window)
        .await
        .unwrap();
    assert_eq!(children.len(), 1);
    assert_eq!(children[0].0.id, pupil_a);
    assert_eq!(children[0].1.live_now[0].session.id, for_a.id);
    // After the last occurrence, nothing is listed.
    let after = at(26, 10, 0);
    assert!(store
        .live()
        .sessions_for(pupil_a, after)
        .await
        .unwrap()
        .is_empty());
}
on_both!(a_pupil_sees_only_their_class_s_sessions);

fn ids(sessions: &[Session]) -> Vec<Uuid> {
    sessions.iter().map(|s| s.id).collect()
}

/// One host cannot be in two sessions at once, a weekly series included; touching
/// sessions and other hosts are fine; a refused session writes nothing.
async fn overlapping_sessions_of_one_host_are_refused(test: TestStore) {
    let (test, _) = fixed(test);
    let store = &test.store;
    let (school, class, admin) = school_and_admin(store, "OVER").await;
    let other = person(store, "Adjoint", Role::SchoolAdmin, school_scope(&school)).await;
    let audience = || Audience::Class(class.id);
    store
        .live()
        .schedule(
            admin,
            &draft(
                admin,
                audience(),
                5,
                9,
                NaiveDate::from_ymd_opt(2026, 12, 31),
            ),
        )
        .await
        .unwrap();
    // The fourth Monday of the series, half an hour in.
    let mut clash = draft(admin, audience(), 26, 9, None);
    clash.slot.first.starts_at += Duration::minutes(30);
    clash.slot.first.ends_at += Duration::minutes(30);
    assert!(matches!(
        store.live().schedule(admin, &clash).await,
        Err(StoreError::Conflict(Refusal::SessionOverlap))
    ));
    // A weekly series on the same weekday starting later in the term meets the first too.
    let series = draft(
        admin,
        audience(),
        19,
        9,
        NaiveDate::from_ymd_opt(2026, 11, 30),
    );
    assert!(matches!(
        store.live().schedule(admin, &series).await,
        Err(StoreError::Conflict(Refusal::SessionOverlap))
    ));
    assert_eq!(count_sessions(store).await, 1);
    // Right after, the same day: touching is no overlap.
    store
        .live()
        .schedule(admin, &draft(admin, audience(), 26, 10, None))
        .await
        .unwrap();
    // Another host at the very same time.
    store
        .live()
        .schedule(other, &draft(other, audience(), 26, 9, None))
        .await
        .unwrap();
    assert_eq!(count_sessions(store).await, 3);
}
on_both!(overlapping_sessions_of_one_host_are_refused);

/// Schedules racing for one host at one time: exactly one is stored, round after round.
async fn racing_schedules_cannot_both_pass(test: TestStore) {
    let (test, _) = fixed(test);
    let store = test.store.clone();
    let (_, class, admin) = school_and_admin(&store, "RACE").await;
    // Open the pool's connections first, so the racers start together.
    let warm: Vec<_> = (0..8)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move { store.ping().await })
        })
        .collect();
    for w in warm {
        w.await.unwrap().unwrap();
    }
    for day in 5..10 {
        let mut racers = Vec::new();
        for minute in 0..8 {
            let store = store.clone();
            let mut session = draft(admin, Audience::Class(class.id), day, 9, None);
            session.slot.first.starts_at += Duration::minutes(minute);
            session.slot.first.ends_at += Duration::minutes(minute);
            racers.push(tokio::spawn(async move {
                store.live().schedule(admin, &session).await
            }));
        }
        let mut stored = 0;
        for racer in racers {
            match racer.await.unwrap() {
                Ok(_) => stored += 1,
                Err(StoreError::Conflict(Refusal::SessionOverlap)) => {}
                Err(other) => panic!("unexpected: {other}"),
            }
        }
        assert_eq!(stored, 1, "on the {day}th");
    }
    assert_eq!(count_sessions(&store).await, 5);
}
on_both!(racing racing_schedules_cannot_both_pass);

/// Staff meetings: invitations by role and scope, scheduled by admins whose scopes hold
/// them; the invited see them, others do not; a meeting inviting nobody is refused.
async fn staff_meetings_invite_by_role_and_scope(test: TestStore) {
    let (test, clock) = fixed(test);
    let store = &test.store;
    let (school_a, _) = school_with_class(store, "06", "STAFF-A").await;
    let (school_far, _) = school_with_class(store, "01", "STAFF-F").await;
    let region = Scope::Region {
        region: school_a.region_id,
    };
    let regional = person(store, "AREF", Role::RegionalAdmin, region).await;
    let head_a = person(
        store,
        "Directrice A",
        Role::SchoolAdmin,
        school_scope(&school_a),
    )
    .await;
    let head_far = person(
        store,
        "Directeur F",
        Role::SchoolAdmin,
        school_scope(&school_far),
    )
    .await;
    let teacher_a = person(store, "Prof A", Role::Teacher, school_scope(&school_a)).await;
    let minister = person(store, "Ministère", Role::MinistryAdmin, Scope::National).await;

    let managers = Invitation {
        role: Role::SchoolAdmin,
        scope: region,
    };
    let meeting = store
        .live()
        .schedule(
            regional,
            &draft(regional, Audience::Staff(vec![managers]), 5, 14, None),
        )
        .await
        .unwrap();
    assert_eq!(meeting.audience, Audience::Staff(vec![managers]));
    assert_eq!(store.live().session(meeting.id).await.unwrap(), meeting);
    assert!(store.live().may_join(head_a, meeting.id).await.unwrap());
    assert!(!store.live().may_join(head_far, meeting.id).await.unwrap());
    assert!(!store.live().may_join(teacher_a, meeting.id).await.unwrap());
    assert_eq!(
        ids(&store
            .live()
            .sessions_for(head_a, clock.now())
            .await
            .unwrap()),
        [meeting.id]
    );
    assert!(store
        .live()
        .sessions_for(head_far, clock.now())
        .await
        .unwrap()
        .is_empty());

    // The region's admin cannot invite the ministry, nor another region's school, even
    // when the invitation claims their own region for it.
    let ministry = Invitation {
        role: Role::MinistryAdmin,
        scope: Scope::National,
    };
    let up = draft(regional, Audience::Staff(vec![ministry]), 6, 14, None);
    assert!(is_not_found(store.live().schedule(regional, &up).await));
    let forged = Invitation {
        role: Role::SchoolAdmin,
        scope: Scope::School {
            region: school_a.region_id,
            school: school_far.id,
        },
    };
    let far = draft(regional, Audience::Staff(vec![forged]), 6, 14, None);
    assert!(is_not_found(store.live().schedule(regional, &far).await));
    // The ministry may, and the forged region is replaced by the school's own.
    let national = store
        .live()
        .schedule(
            minister,
            &draft(minister, Audience::Staff(vec![forged]), 6, 14, None),
        )
        .await
        .unwrap();
    assert_eq!(
        national.audience,
        Audience::Staff(vec![Invitation {
            role: Role::SchoolAdmin,
            scope: school_scope(&school_far),
        }])
    );
    assert!(store.live().may_join(head_far, national.id).await.unwrap());
    assert!(!store.live().may_join(head_a, national.id).await.unwrap());

    // Invitations that reach nobody but the host are refused.
    let producers = Invitation {
        role: Role::Producer,
        scope: Scope::National,
    };
    let empty = draft(minister, Audience::Staff(vec![producers]), 7, 14, None);
    assert!(matches!(
        store.live().schedule(minister, &empty).await,
        Err(StoreError::Conflict(Refusal::NoInvitees))
    ));
    let only_me = Invitation {
        role: Role::MinistryAdmin,
        scope: Scope::National,
    };
    let alone = draft(minister, Audience::Staff(vec![only_me]), 7, 14, None);
    assert!(matches!(
        store.live().schedule(minister, &alone).await,
        Err(StoreError::Conflict(Refusal::NoInvitees))
    ));
    // A teacher calls no staff meeting.
    let teachers = Invitation {
        role: Role::Teacher,
        scope: school_scope(&school_a),
    };
    let by_teacher = draft(teacher_a, Audience::Staff(vec![teachers]), 7, 14, None);
    assert!(is_not_found(
        store.live().schedule(teacher_a, &by_teacher).await
    ));
}
on_both!(staff_meetings_invite_by_role_and_scope);

/// A vocational establishment with two groups of one programme.
async fn establishment(store: &Store) -> (School, Class, Class) {
    let (plain, _) = school_with_class(store, "06", "OFP-P").await;
    let school = store
        .org()
        .create_school(&lawha_store::SchoolInput {
            province_id: plain.province_id,
            code: "OFP-1".into(),
            kind: lawha_store::SchoolKind::Vocational,
            name_ar: "معهد".into(),
            name_fr: "Institut".into(),
        })
        .await
        .unwrap();
    let mut groups = Vec::new();
    for name in ["DD-101", "DD-102"] {
        let group = store
            .org()
            .create_class(&ClassInput {
                school_id: school.id,
                name: name.into(),
                school_year: "2025-2026".into(),
                level: ClassLevel::Programme("OFPPT-DD".into()),
            })
            .await
            .unwrap();
        groups.push(group);
    }
    let second = groups.pop().unwrap();
    let first = groups.pop().unwrap();
    (school, first, second)
}

/// A trainer schedules for their group and for their establishment's programme; the
/// programme's trainees in every group see the latter; a programme at a plain school is
/// refused.
async fn trainers_schedule_for_groups_and_programmes(test: TestStore) {
    let (test, clock) = fixed(test);
    let store = &test.store;
    let (school, group_1, group_2) = establishment(store).await;
    let trainer = person(
        store,
        "Formateur",
        Role::VocationalTrainer,
        school_scope(&school),
    )
    .await;
    store
        .accounts()
        .assign_teacher(group_1.id, trainer, None)
        .await
        .unwrap();
    let trainee_1 = person(store, "Stagiaire 1", Role::Trainee, class_scope(&group_1)).await;
    let trainee_2 = person(store, "Stagiaire 2", Role::Trainee, class_scope(&group_2)).await;

    let own_group = store
        .live()
        .schedule(
            trainer,
            &draft(trainer, Audience::Class(group_1.id), 5, 9, None),
        )
        .await
        .unwrap();
    let programme = Audience::Programme {
        school: school.id,
        programme: "OFPPT-DD".into(),
    };
    let whole = store
        .live()
        .schedule(trainer, &draft(trainer, programme, 5, 11, None))
        .await
        .unwrap();
    // Not a trainer of the second group: no session for it alone.
    let other_group = draft(trainer, Audience::Class(group_2.id), 6, 9, None);
    assert!(is_not_found(
        store.live().schedule(trainer, &other_group).await
    ));

    assert_eq!(
        ids(&store
            .live()
            .sessions_for(trainee_1, clock.now())
            .await
            .unwrap()),
        [own_group.id, whole.id]
    );
    assert_eq!(
        ids(&store
            .live()
            .sessions_for(trainee_2, clock.now())
            .await
            .unwrap()),
        [whole.id]
    );

    let (plain, _) = school_with_class(store, "06", "OFP-X").await;
    let admin = person(store, "Directrice", Role::SchoolAdmin, school_scope(&plain)).await;
    let at_a_school = Audience::Programme {
        school: plain.id,
        programme: "OFPPT-DD".into(),
    };
    assert!(matches!(
        store
            .live()
            .schedule(admin, &draft(admin, at_a_school, 5, 9, None))
            .await,
        Err(StoreError::Invalid {
            field: "audience",
            ..
        })
    ));
}
on_both!(trainers_schedule_for_groups_and_programmes);

fn event(key: &str, person: Uuid, movement: Movement, at: DateTime<Utc>) -> EngineEvent {
    EngineEvent {
        key: key.into(),
        person,
        movement,
        at,
    }
}

/// Attendance from engine events: each counted once whatever the retries, per occurrence,
/// listed per session and per pupil of the class; events before the window are refused
/// with nothing written.
async fn attendance_comes_from_engine_events(test: TestStore) {
    let (test, _) = fixed(test);
    let store = &test.store;
    let (_, class, admin) = school_and_admin(store, "ATT").await;
    let amal = person(store, "Amal", Role::Pupil, class_scope(&class)).await;
    let badr = person(store, "Badr", Role::Pupil, class_scope(&class)).await;
    let session = store
        .live()
        .schedule(
            admin,
            &draft(
                admin,
                Audience::Class(class.id),
                5,
                9,
                NaiveDate::from_ymd_opt(2026, 10, 12),
            ),
        )
        .await
        .unwrap();
    let live = store.live();
    let first = [
        event("e1", admin, Movement::Join, at(5, 8, 55)),
        event("e2", amal, Movement::Join, at(5, 9, 5)),
        event("e3", amal, Movement::Leave, at(5, 9, 35)),
        // A leave reported after the end belongs to the occurrence just ended.
        event("e4", admin, Movement::Leave, at(5, 10, 1)),
    ];
    assert_eq!(live.record_attendance(session.id, &first).await.unwrap(), 4);
    // The same events again (a retried callback), and one new.
    let mut again = first.to_vec();
    again.push(event("e5", amal, Movement::Join, at(12, 9, 0)));
    assert_eq!(live.record_attendance(session.id, &again).await.unwrap(), 1);
    // An event before the first window refuses the batch, new events included.
    let early = [
        event("e6", badr, Movement::Join, at(12, 9, 10)),
        event("e7", badr, Movement::Join, at(5, 8, 49)),
    ];
    assert!(matches!(
        live.record_attendance(session.id, &early).await,
        Err(StoreError::Invalid { field: "at", .. })
    ));

    let list = live.attendance(session.id, at(5, 9, 0)).await.unwrap();
    let summary: Vec<(&str, i64, bool)> = list
        .people
        .iter()
        .map(|a| {
            (
                a.display_name.as_str(),
                a.presence.minutes(),
                a.presence.stayed_to_end,
            )
        })
        .collect();
    assert_eq!(summary, [("Directrice", 60, false), ("Amal", 30, false)]);
    let second = live.attendance(session.id, at(12, 9, 0)).await.unwrap();
    assert_eq!(second.people.len(), 1);
    assert!(second.people[0].presence.stayed_to_end);
    assert!(is_not_found(
        live.attendance(session.id, at(12, 9, 1)).await
    ));

    // Per pupil, once both occurrences are over.
    let per_pupil = live
        .class_attendance(class.id, at(1, 0, 0), at(31, 0, 0), at(13, 0, 0))
        .await
        .unwrap();
    assert_eq!(per_pupil.held, 2);
    let rows: Vec<(&str, i64, i64)> = per_pupil
        .pupils
        .iter()
        .map(|p| (p.display_name.as_str(), p.attended, p.minutes))
        .collect();
    assert_eq!(rows, [("Amal", 2, 30 + 60), ("Badr", 0, 0)]);
    // Before the second occurrence ended, only the first counts.
    let midway = live
        .class_attendance(class.id, at(1, 0, 0), at(31, 0, 0), at(12, 9, 30))
        .await
        .unwrap();
    assert_eq!(midway.held, 1);
    assert_eq!(midway.pupils[0].minutes, 30);
}
on_both!(attendance_comes_from_engine_events);

/// The engine's room and secret are stored but never part of a session; an engine failure
/// is marked on the session, which keeps everything else.
async fn engine_rooms_stay_off_sessions_and_failures_are_marked(test: TestStore) {
    let (test, _) = fixed(test);
    let store = &test.store;
    let (_, class, admin) = school_and_admin(store, "ENG").await;
    let session = store
        .live()
        .schedule(admin, &draft(admin, Audience::Class(class.id), 5, 9, None))
        .await
        .unwrap();
    let live = store.live();
    assert_eq!(live.engine_room(session.id).await.unwrap(), None);
    let room = EngineRoom {
        room_id: "room-7f3a".into(),
        secret: "very-secret-pin".into(),
    };
    live.attach_room(session.id, &room).await.unwrap();
    assert_eq!(live.engine_room(session.id).await.unwrap(), Some(room));
    let shown = serde_json::to_string(&live.session(session.id).await.unwrap()).unwrap();
    assert!(!shown.contains("room-7f3a") && !shown.contains("very-secret-pin"));

    live.mark_engine_failure(session.id, "live-engine-down")
        .await
        .unwrap();
    let failed = live.session(session.id).await.unwrap();
    let failure = failed.engine_failure.clone().unwrap();
    assert_eq!(
        (failure.code.as_str(), failure.at),
        ("live-engine-down", at(1, 8, 0))
    );
    assert_eq!(failed.slot, session.slot, "nothing else changed");
    assert!(matches!(
        live.mark_engine_failure(session.id, "Connection refused (http://bbb)")
            .await,
        Err(StoreError::Invalid { field: "code", .. })
    ));
    assert!(is_not_found(
        live.mark_engine_failure(Uuid::now_v7(), "live-engine-down")
            .await
    ));
    // A room made again clears the failure.
    live.attach_room(
        session.id,
        &EngineRoom {
            room_id: "room-2".into(),
            secret: "another".into(),
        },
    )
    .await
    .unwrap();
    assert_eq!(live.session(session.id).await.unwrap().engine_failure, None);
}
on_both!(engine_rooms_stay_off_sessions_and_failures_are_marked);

/// A removal holds for one occurrence of one session and one person: the next week's
/// occurrence, another session at the same time and another pupil are not affected.
async fn a_removal_holds_for_its_occurrence_only(test: TestStore) {
    let (test, _) = fixed(test);
    let store = &test.store;
    let (school, class, admin) = school_and_admin(store, "REM").await;
    let teacher = person(store, "Prof", Role::Teacher, school_scope(&school)).await;
    let amal = person(store, "Amal", Role::Pupil, class_scope(&class)).await;
    let badr = person(store, "Badr", Role::Pupil, class_scope(&class)).await;
    let weekly = store
        .live()
        .schedule(
            admin,
            &draft(
                admin,
                Audience::Class(class.id),
                5,
                9,
                NaiveDate::from_ymd_opt(2026, 10, 19),
            ),
        )
        .await
        .unwrap();
    // Another host's session at the same hour, for the same class.
    store
        .accounts()
        .assign_teacher(class.id, teacher, None)
        .await
        .unwrap();
    let other = store
        .live()
        .schedule(
            teacher,
            &draft(teacher, Audience::Class(class.id), 5, 9, None),
        )
        .await
        .unwrap();
    let live = store.live();
    let (first, second) = (at(5, 9, 0), at(12, 9, 0));
    live.remove_participant(weekly.id, first, amal, admin)
        .await
        .unwrap();
    // Removing twice changes nothing.
    live.remove_participant(weekly.id, first, amal, admin)
        .await
        .unwrap();

    assert!(live.is_removed(weekly.id, first, amal).await.unwrap());
    assert!(!live.is_removed(weekly.id, second, amal).await.unwrap());
    assert!(!live.is_removed(weekly.id, first, badr).await.unwrap());
    assert!(!live.is_removed(other.id, first, amal).await.unwrap());
}
on_both!(a_removal_holds_for_its_occurrence_only);

/// Recordings: reported once whatever the replays, moved through conversion to a draft
/// capsule or to a failure with its reason, never skipping a step.
async fn recordings_move_to_a_draft_capsule_or_fail_with_a_reason(test: TestStore) {
    let (test, _) = fixed(test);
    let store = &test.store;
    let (_, class, admin) = school_and_admin(store, "REC").await;
    let session = store
        .live()
        .schedule(admin, &draft(admin, Audience::Class(class.id), 5, 9, None))
        .await
        .unwrap();
    let live = store.live();
    let engine_id = "183f0bf3a0982a127bdb8161e0c44eb696b3e75c-1761210000000";
    let recording = live
        .add_recording(session.id, engine_id, at(5, 9, 2))
        .await
        .unwrap();
    assert_eq!(recording.status, RecordingStatus::Pending);
    assert_eq!(recording.occurrence_start, at(5, 9, 0));
    let replay = live
        .add_recording(session.id, engine_id, at(5, 9, 2))
        .await
        .unwrap();
    assert_eq!(replay.id, recording.id);
    assert_eq!(live.recordings(session.id).await.unwrap().len(), 1);

    let titles = Titles {
        ar: "درس".into(),
        fr: "Leçon".into(),
    };
    let lesson = testing::lesson(store, "1AC", "MATH", &titles).await;
    let capsule = testing::capsule(
        store,
        lesson.id,
        CapsuleFields {
            title_fr: "Séance enregistrée".into(),
            language: Some(lawha_core::Locale::Fr),
            ..CapsuleFields::default()
        },
    )
    .await;
    let ready = RecordingMove::Ready {
        capsule: capsule.id,
    };
    // Not ready before it was converted.
    assert!(matches!(
        live.move_recording(recording.id, &ready).await,
        Err(StoreError::Conflict(Refusal::CannotMoveRecording))
    ));
    live.move_recording(recording.id, &RecordingMove::Converting)
        .await
        .unwrap();
    let failed = live
        .move_recording(
            recording.id,
            &RecordingMove::Failed {
                reason: "conversion-failed".into(),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (failed.status, failed.failure.as_deref()),
        (RecordingStatus::Failed, Some("conversion-failed"))
    );
    let retried = live
        .move_recording(recording.id, &RecordingMove::Retry)
        .await
        .unwrap();
    assert_eq!(
        (retried.status, retried.failure),
        (RecordingStatus::Pending, None)
    );
    live.move_recording(recording.id, &RecordingMove::Converting)
        .await
        .unwrap();
    let done = live.move_recording(recording.id, &ready).await.unwrap();
    assert_eq!(
        (done.status, done.capsule_id),
        (RecordingStatus::Ready, Some(capsule.id))
    );
    // Ready stays ready.
    assert!(matches!(
        live.move_recording(recording.id, &RecordingMove::Retry)
            .await,
        Err(StoreError::Conflict(Refusal::CannotMoveRecording))
    ));
    // The same engine id reported for another session is not this one's.
    let other = store
        .live()
        .schedule(admin, &draft(admin, Audience::Class(class.id), 6, 9, None))
        .await
        .unwrap();
    assert!(is_not_found(
        live.add_recording(other.id, engine_id, at(6, 9, 5)).await
    ));
}
on_both!(recordings_move_to_a_draft_capsule_or_fail_with_a_reason);
