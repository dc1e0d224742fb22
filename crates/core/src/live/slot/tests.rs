//! Occurrences and overlaps, by example and against a naive minute-by-minute check.

use chrono::{Datelike, TimeZone, Timelike};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::*;

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0)
        .single()
        .unwrap_or_else(|| panic!("bad test time"))
}

fn day(y: i32, mo: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, mo, d).unwrap_or_else(|| panic!("bad test day"))
}

fn slot(starts_at: DateTime<Utc>, minutes: i64, recurrence: Recurrence) -> Slot {
    Slot {
        first: Occurrence {
            starts_at,
            ends_at: starts_at + Duration::minutes(minutes),
        },
        recurrence,
        zone: chrono_tz::UTC,
    }
}

/// Whether minute `m` lies inside an occurrence of `s` (a slot in UTC), by arithmetic on
/// the distance from the first start, without listing occurrences.
fn naive_covers(s: &Slot, m: DateTime<Utc>) -> bool {
    let since = (m - s.first.starts_at).num_minutes();
    if since < 0 {
        return false;
    }
    let week = 7 * 24 * 60;
    let (k, offset) = (since / week, since % week);
    if offset >= s.duration().num_minutes() {
        return false;
    }
    match s.recurrence {
        Recurrence::Once => k == 0,
        Recurrence::Weekly { until } => {
            (s.first.starts_at + Duration::weeks(k)).date_naive() <= until
        }
    }
}

fn minutes(from: DateTime<Utc>, to: DateTime<Utc>) -> impl Iterator<Item = DateTime<Utc>> {
    (0..(to - from).num_minutes()).map(move |i| from + Duration::minutes(i))
}

/// A one-off or weekly slot starting within `spread_minutes` of `base`, give or take whole
/// weeks.
fn random_slot(rng: &mut StdRng, base: DateTime<Utc>, spread_minutes: i64) -> Slot {
    let start = base
        + Duration::weeks(rng.gen_range(0..3))
        + Duration::minutes(rng.gen_range(0..spread_minutes));
    let length = rng.gen_range(1..=240);
    let recurrence = if rng.gen_bool(0.3) {
        Recurrence::Once
    } else {
        Recurrence::Weekly {
            until: start.date_naive() + Duration::days(rng.gen_range(0..40)),
        }
    };
    slot(start, length, recurrence)
}

#[test]
fn a_one_off_session_has_one_occurrence() {
    let s = slot(utc(2026, 10, 5, 9, 0), 60, Recurrence::Once);
    assert_eq!(s.count(), 1);
    assert_eq!(s.last_end(), utc(2026, 10, 5, 10, 0));
    assert_eq!(s.all().collect::<Vec<_>>(), [s.first]);
}

#[test]
fn a_weekly_series_ends_on_or_before_its_end_date() {
    let start = utc(2026, 10, 5, 9, 0);
    let on_the_day = slot(
        start,
        60,
        Recurrence::Weekly {
            until: day(2026, 10, 26),
        },
    );
    assert_eq!(on_the_day.count(), 4);
    assert_eq!(on_the_day.last_end(), utc(2026, 10, 26, 10, 0));
    let day_before = slot(
        start,
        60,
        Recurrence::Weekly {
            until: day(2026, 10, 25),
        },
    );
    assert_eq!(day_before.count(), 3);
    assert_eq!(
        on_the_day.occurrences(utc(2026, 10, 12, 9, 59), utc(2026, 10, 19, 9, 0)),
        [Occurrence {
            starts_at: utc(2026, 10, 12, 9, 0),
            ends_at: utc(2026, 10, 12, 10, 0),
        }]
    );
    assert_eq!(
        on_the_day.occurrence_starting(utc(2026, 10, 19, 9, 0)),
        Some(Occurrence {
            starts_at: utc(2026, 10, 19, 9, 0),
            ends_at: utc(2026, 10, 19, 10, 0),
        })
    );
    assert_eq!(
        on_the_day.occurrence_starting(utc(2026, 10, 19, 9, 1)),
        None
    );
    assert_eq!(on_the_day.occurrence_starting(utc(2026, 11, 2, 9, 0)), None);
}

#[test]
fn a_weekly_series_keeps_its_wall_clock_across_morocco_s_ramadan_change() {
    // Morocco leaves UTC+1 for UTC+0 around Ramadan (February–March 2026).
    let zone = chrono_tz::Africa::Casablanca;
    let first = zone
        .with_ymd_and_hms(2026, 1, 12, 10, 0, 0)
        .single()
        .unwrap_or_else(|| panic!("bad local time"))
        .with_timezone(&Utc);
    let s = Slot {
        first: Occurrence {
            starts_at: first,
            ends_at: first + Duration::minutes(90),
        },
        recurrence: Recurrence::Weekly {
            until: day(2026, 4, 30),
        },
        zone,
    };
    let mut utc_hours = std::collections::BTreeSet::new();
    for o in s.all() {
        let local = o.starts_at.with_timezone(&zone);
        assert_eq!((local.hour(), local.minute()), (10, 0), "{o:?}");
        assert_eq!(local.weekday(), chrono::Weekday::Mon);
        assert_eq!(o.ends_at - o.starts_at, Duration::minutes(90));
        utc_hours.insert(o.starts_at.hour());
    }
    assert_eq!(s.count(), 16);
    assert_eq!(
        utc_hours.into_iter().collect::<Vec<_>>(),
        [9, 10],
        "the UTC hour moves"
    );
}

#[test]
fn touching_sessions_do_not_overlap() {
    let a = slot(utc(2026, 10, 5, 9, 0), 60, Recurrence::Once);
    let b = slot(utc(2026, 10, 5, 10, 0), 60, Recurrence::Once);
    assert!(!slots_overlap(&a, &b));
    assert!(!slots_overlap(&b, &a));
    let c = slot(utc(2026, 10, 5, 9, 59), 60, Recurrence::Once);
    assert!(slots_overlap(&a, &c));
    // A one-off meeting in the fourth week of a weekly class.
    let weekly = slot(
        utc(2026, 10, 5, 9, 0),
        120,
        Recurrence::Weekly {
            until: day(2026, 12, 31),
        },
    );
    let meeting = slot(utc(2026, 10, 26, 10, 30), 30, Recurrence::Once);
    assert!(slots_overlap(&weekly, &meeting));
    assert!(slots_overlap(&meeting, &weekly));
    let after_the_series = slot(utc(2027, 1, 4, 10, 30), 30, Recurrence::Once);
    assert!(!slots_overlap(&weekly, &after_the_series));
}

#[test]
fn occurrences_agree_with_a_minute_by_minute_check() {
    let mut rng = StdRng::seed_from_u64(17);
    let base = utc(2026, 9, 1, 0, 0);
    for _ in 0..200 {
        let s = random_slot(&mut rng, base, 14 * 24 * 60);
        let from = base + Duration::minutes(rng.gen_range(0..50 * 24 * 60));
        let to = from + Duration::minutes(rng.gen_range(1..10 * 24 * 60));
        let found = s.occurrences(from, to);
        let range = Occurrence {
            starts_at: from,
            ends_at: to,
        };
        assert!(found.iter().all(|o| o.overlaps(&range)), "{s:?} {found:?}");
        assert!(found.windows(2).all(|w| w[0].ends_at <= w[1].starts_at));
        for m in minutes(from, to) {
            let listed = found.iter().any(|o| o.contains(m));
            assert_eq!(listed, naive_covers(&s, m), "{s:?} at {m}");
        }
        // The last occurrence is the last minute covered.
        let last = s.last_end() - Duration::minutes(1);
        assert!(naive_covers(&s, last));
        assert!(!naive_covers(
            &s,
            s.last_end() + Duration::weeks(1) - s.duration()
        ));
    }
}

#[test]
fn overlaps_agree_with_a_minute_by_minute_check() {
    let mut rng = StdRng::seed_from_u64(1717);
    let base = utc(2026, 9, 1, 0, 0);
    let (mut yes, mut no) = (0, 0);
    for round in 0..300 {
        // Starts a few hours apart (modulo weeks) make overlaps common; days apart, rare.
        let spread = if round % 2 == 0 { 6 * 60 } else { 7 * 24 * 60 };
        let a = random_slot(&mut rng, base, spread);
        let b = random_slot(&mut rng, base, spread);
        let from = a.first.starts_at.min(b.first.starts_at);
        let to = a.last_end().max(b.last_end());
        let naive = minutes(from, to).any(|m| naive_covers(&a, m) && naive_covers(&b, m));
        assert_eq!(slots_overlap(&a, &b), naive, "{a:?} {b:?}");
        assert_eq!(slots_overlap(&b, &a), naive, "{b:?} {a:?}");
        if naive {
            yes += 1;
        } else {
            no += 1;
        }
    }
    // Both answers were exercised.
    assert!(yes > 30 && no > 30, "{yes} overlapping, {no} apart");
}
