//! When something happened, as a device says: answers and watch progress made offline reach
//! the server later, with the time they were made (`answered_at`, `watched_at`, milliseconds
//! since the Unix epoch). The claim is the device's word, so it is kept within bounds: never
//! in the future (a fast clock would count an answer for a day not yet begun) and never older
//! than [`MAX_AGE_DAYS`] (a wrong clock or a stale outbox would rewrite past days' figures).

use chrono::{DateTime, Duration, Utc};

/// How far back a device may date what it sends.
pub const MAX_AGE_DAYS: i64 = 14;

/// The time to record for a claim of `claimed` (the field's text, absent or blank when the
/// page sent none): the claim clamped to `[now - 14 days, now]`, or `now` when there is none
/// or it is not a whole number of milliseconds (an online form sends none; a device that
/// sends nonsense loses only its timing, not its answer).
pub fn occurred_at(claimed: Option<&str>, now: DateTime<Utc>) -> DateTime<Utc> {
    let Some(at) = claimed
        .map(str::trim)
        .and_then(|ms| ms.parse::<i64>().ok())
        .and_then(DateTime::<Utc>::from_timestamp_millis)
    else {
        return now;
    };
    at.clamp(now - Duration::days(MAX_AGE_DAYS), now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 5, 10, 0, 0)
            .single()
            .unwrap_or_default()
    }

    fn ms(at: DateTime<Utc>) -> String {
        at.timestamp_millis().to_string()
    }

    #[test]
    fn a_claim_within_bounds_is_kept_to_the_millisecond() {
        let at = now() - Duration::hours(30) + Duration::milliseconds(123);
        assert_eq!(occurred_at(Some(&ms(at)), now()), at);
        assert_eq!(occurred_at(Some(&ms(now())), now()), now());
    }

    #[test]
    fn claims_out_of_bounds_are_clamped() {
        let future = now() + Duration::minutes(5);
        assert_eq!(occurred_at(Some(&ms(future)), now()), now());
        let old = now() - Duration::days(40);
        assert_eq!(
            occurred_at(Some(&ms(old)), now()),
            now() - Duration::days(MAX_AGE_DAYS)
        );
        assert_eq!(
            occurred_at(Some("0"), now()),
            now() - Duration::days(MAX_AGE_DAYS)
        );
    }

    #[test]
    fn no_claim_or_nonsense_is_now() {
        for claim in [
            None,
            Some(""),
            Some("soon"),
            Some("1.5e12"),
            Some("99999999999999999999"),
        ] {
            assert_eq!(occurred_at(claim, now()), now(), "{claim:?}");
        }
    }
}
