//! Live-class attendance per group (the vocational follow-up dashboard's figures) against a
//! brute-force count of the raw engine events, on both engines: seeded random joins and
//! leaves (several connections per person, leaves after the end, the host alone, nobody)
//! over two groups' weekly sessions, counted second by second, with the occurrences before
//! the period and the one not ended yet left out.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use lawha_core::live::{Audience, Movement, Repeat, SessionDraft};
use lawha_core::role::Grant;
use lawha_core::{Clock, Role, Scope};
use lawha_store::live::attendance::{EngineEvent, GroupLiveAttendance};
use lawha_store::on_both;
use lawha_store::testing::{self, school_with_class, TestStore};
use lawha_store::{Class, ClassInput, NewUser, Store};
use uuid::Uuid;

fn at(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 10, day, hour, minute, 0)
        .single()
        .unwrap()
}

/// A small deterministic generator (xorshift64*), so a failure replays.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n
    }
}

async fn person(store: &Store, role: Role, scope: Scope) -> Uuid {
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
                display_name: code,
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

fn class_scope(class: &Class) -> Scope {
    Scope::Class {
        region: class.region_id,
        school: class.school_id,
        class: class.id,
    }
}

/// An occurrence: its start and end.
type Span = (DateTime<Utc>, DateTime<Utc>);

/// One person's connection: occurrence start, person, join, leave.
type Connection = (DateTime<Utc>, Uuid, DateTime<Utc>, DateTime<Utc>);

/// The figures of one group counted second by second from the connections.
fn brute_force(
    occurrences: &[Span],
    members: &[Uuid],
    connections: &[Connection],
    from: DateTime<Utc>,
    now: DateTime<Utc>,
) -> GroupLiveAttendance {
    let mut figures = GroupLiveAttendance {
        members: members.len() as i64,
        ..GroupLiveAttendance::default()
    };
    for &(start, end) in occurrences {
        if start < from || end > now {
            continue;
        }
        let here: Vec<&Connection> = connections.iter().filter(|c| c.0 == start).collect();
        if here.is_empty() {
            continue;
        }
        figures.held += 1;
        for member in members {
            let mine: Vec<&&Connection> = here.iter().filter(|c| c.1 == *member).collect();
            if mine.is_empty() {
                continue;
            }
            figures.attended += 1;
            let mut seconds = 0;
            let mut t = start;
            while t < end {
                if mine.iter().any(|c| c.2 <= t && t < c.3) {
                    seconds += 1;
                }
                t += Duration::seconds(1);
            }
            figures.minutes += seconds / 60;
        }
    }
    figures.seats = figures.held * figures.members;
    figures
}

/// Two groups of one school, their trainer, and a weekly session for each: group A on
/// Mondays 9:00-10:00 (5, 12, 19, 26 Oct), group B on Tuesdays 14:00-15:00 (6, 13, 20 Oct).
struct Groups {
    trainer: Uuid,
    members: BTreeMap<Uuid, Vec<Uuid>>,
    /// Session, its group, its occurrences.
    sessions: Vec<(Uuid, Uuid, Vec<Span>)>,
}

async fn groups(store: &Store, code: &str) -> Groups {
    let (school, class_a) = school_with_class(store, "06", code).await;
    let class_b = store
        .org()
        .create_class(&ClassInput {
            school_id: school.id,
            name: "1AC-2".into(),
            school_year: "2025-2026".into(),
            level: lawha_core::import::ClassLevel::Level("1AC".into()),
        })
        .await
        .unwrap();
    let trainer = person(
        store,
        Role::Teacher,
        Scope::School {
            region: school.region_id,
            school: school.id,
        },
    )
    .await;
    let mut members = BTreeMap::new();
    for (class, size) in [(&class_a, 6), (&class_b, 4)] {
        store
            .accounts()
            .assign_teacher(class.id, trainer, None)
            .await
            .unwrap();
        let mut people = Vec::new();
        for _ in 0..size {
            people.push(person(store, Role::Pupil, class_scope(class)).await);
        }
        members.insert(class.id, people);
    }
    let mut sessions = Vec::new();
    for (class, day, hour, until) in [(&class_a, 5, 9, 26), (&class_b, 6, 14, 20)] {
        let valid = SessionDraft {
            title: "Atelier".into(),
            host: trainer,
            audience: Audience::Class(class.id),
            starts_at: at(day, hour, 0),
            ends_at: at(day, hour + 1, 0),
            repeat: Repeat::Weekly {
                until: NaiveDate::from_ymd_opt(2026, 10, until),
            },
            zone: chrono_tz::Africa::Casablanca,
        }
        .validate(at(1, 8, 0))
        .unwrap();
        let session = store.live().schedule(trainer, &valid).await.unwrap();
        let occurrences = session
            .slot
            .all()
            .map(|o| (o.starts_at, o.ends_at))
            .collect();
        sessions.push((session.id, class.id, occurrences));
    }
    Groups {
        trainer,
        members,
        sessions,
    }
}

async fn group_attendance_matches_a_brute_force_count(test: TestStore) {
    let clock = Clock::fixed(at(1, 8, 0));
    let store = test.store.clone().with_clock(clock.clone());
    let seeds = [7_u64, 1_234_567, 987_654_321_000];
    let mut worlds = Vec::new();
    for n in 0..seeds.len() {
        worlds.push(groups(&store, &format!("VOC-LIVE-{n}")).await);
    }
    // The 5 Oct occurrence is before the period; the 20 Oct one has not ended; the 26 Oct
    // one is to come.
    let (from, now) = (at(6, 0, 0), at(20, 14, 30));
    clock.advance(now - clock.now());

    for (seed, world) in seeds.into_iter().zip(&worlds) {
        let mut rng = Rng(seed);
        let mut connections: BTreeMap<Uuid, Vec<Connection>> = BTreeMap::new();
        let mut key = 0;
        for (session, class, occurrences) in &world.sessions {
            let mut events = Vec::new();
            let mut mine = Vec::new();
            for &(start, end) in occurrences.iter().filter(|(s, _)| *s < now) {
                // Sometimes nobody comes, sometimes the host alone.
                let mood = rng.below(5);
                let mut people: Vec<Uuid> = Vec::new();
                if mood > 0 {
                    people.push(world.trainer);
                }
                if mood > 1 {
                    people.extend(world.members[class].iter().filter(|_| rng.below(3) > 0));
                }
                for person in people {
                    for _ in 0..=rng.below(2) {
                        let span = (end - start).num_seconds() as u64 - 60;
                        let join = start + Duration::seconds(rng.below(span) as i64);
                        let leave = (join + Duration::seconds(1 + rng.below(2_400) as i64))
                            .min(end + Duration::minutes(10));
                        for (movement, t) in [(Movement::Join, join), (Movement::Leave, leave)] {
                            key += 1;
                            events.push(EngineEvent {
                                key: format!("seed{seed}-{key}"),
                                person,
                                movement,
                                at: t,
                            });
                        }
                        mine.push((start, person, join, leave));
                    }
                }
            }
            store
                .live()
                .record_attendance(*session, &events)
                .await
                .unwrap();
            connections.entry(*class).or_default().extend(mine);
        }

        let mut total = GroupLiveAttendance::default();
        let mut expected_total = GroupLiveAttendance::default();
        let mut held = 0;
        for (_, class, occurrences) in &world.sessions {
            let got = store
                .live()
                .group_live_attendance(*class, from, now, now)
                .await
                .unwrap();
            let expected = brute_force(
                occurrences,
                &world.members[class],
                connections.get(class).map_or(&[][..], |c| c.as_slice()),
                from,
                now,
            );
            assert_eq!(got, expected, "seed {seed}, class {class}");
            held += got.held;
            total.add(&got);
            expected_total.add(&expected);
        }
        assert_eq!(total, expected_total, "seed {seed}");
        assert_eq!(total.members, 10);
        assert!(held > 0, "seed {seed}: some sessions were held");
    }
}
on_both!(group_attendance_matches_a_brute_force_count);
