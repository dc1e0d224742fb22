//! The weekly summary by e-mail: a durable job. Once a week, at a configured day and hour
//! on the platform's clock ([`WeeklySchedule`]), every active parent with an e-mail who
//! follows a child gets one message, in their language, with each child's report
//! ([`super::report`]). Each message is queued in the store's mail outbox together with
//! its (parent, week) key, in one transaction (`Families::queue_weekly_summary`), so the
//! job can run again — after a restart, on several nodes, from `lawha families weekly` —
//! and send nothing twice; the outbox worker sends it and retries while the SMTP server
//! is down. Logs carry counts only, never an address or a name.

use std::time::Duration as StdDuration;

use chrono::{DateTime, Datelike, Days, NaiveDate, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use lawha_core::Locale;
use lawha_store::{Store, StoreError};

use super::report;
use crate::mail::texts;

/// When the summaries go out: a day of the week and an hour, on the platform's clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeeklySchedule {
    pub weekday: Weekday,
    /// 0..=23.
    pub hour: u32,
}

impl Default for WeeklySchedule {
    /// Sunday at 18:00: the week just worked, before the next begins.
    fn default() -> Self {
        WeeklySchedule {
            weekday: Weekday::Sun,
            hour: 18,
        }
    }
}

/// What the job needs besides the store.
#[derive(Debug, Clone)]
pub struct WeeklySettings {
    pub zone: Tz,
    /// The language of parents who have not chosen one.
    pub default_locale: Locale,
    /// Where the message's links point, e.g. `https://lawha.example.ma`.
    pub public_base_url: String,
    pub schedule: WeeklySchedule,
}

/// The Monday of the week `now` falls in, on `zone`'s clock: the summary's key.
pub fn week_start(now: DateTime<Utc>, zone: Tz) -> NaiveDate {
    let today = now.with_timezone(&zone).date_naive();
    today - Days::new(u64::from(today.weekday().num_days_from_monday()))
}

/// The instant of this week's sending (the week `now` falls in).
pub fn this_weeks_slot(now: DateTime<Utc>, settings: &WeeklySettings) -> DateTime<Utc> {
    let monday = week_start(now, settings.zone);
    let day = monday + Days::new(u64::from(settings.schedule.weekday.num_days_from_monday()));
    let local = day
        .and_hms_opt(settings.schedule.hour.min(23), 0, 0)
        .unwrap_or(day.and_time(chrono::NaiveTime::MIN));
    // A time skipped by a clock change counts from the hour after.
    settings
        .zone
        .from_local_datetime(&local)
        .earliest()
        .unwrap_or_else(|| settings.zone.from_utc_datetime(&local))
        .with_timezone(&Utc)
}

/// What one run of the job did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WeeklyRun {
    /// Messages queued now.
    pub queued: usize,
    /// Parents whose summary for this week was queued by another run meanwhile.
    pub already: usize,
}

/// Queues this week's summary for every parent due one, at `now`.
pub async fn queue_week(
    store: &Store,
    settings: &WeeklySettings,
    now: DateTime<Utc>,
) -> Result<WeeklyRun, StoreError> {
    let week = week_start(now, settings.zone);
    let mut run = WeeklyRun::default();
    for parent in store.families().parents_due(week).await? {
        let Some(email) = parent.email.as_deref() else {
            continue;
        };
        let locale = parent.locale.unwrap_or(settings.default_locale);
        let mut reports = Vec::new();
        for child in store.accounts().children_of(parent.id).await? {
            reports.push(report(store, &child, locale, settings.zone, now).await?);
        }
        let mail = texts::weekly_summary(
            locale,
            email,
            &parent.display_name,
            &reports,
            &settings.public_base_url,
        );
        if store
            .families()
            .queue_weekly_summary(parent.id, week, &mail)
            .await?
        {
            run.queued += 1;
        } else {
            run.already += 1;
        }
    }
    Ok(run)
}

/// How often the scheduler looks at the clock.
pub const CHECK_EVERY: StdDuration = StdDuration::from_secs(600);

/// Runs the job each week once its slot has passed, for ever. A node that was down at the
/// slot runs it when it comes back, the same week; the keys make every later look a no-op.
pub async fn run(store: Store, settings: WeeklySettings, check_every: StdDuration) {
    loop {
        let now = store.clock().now();
        if now >= this_weeks_slot(now, &settings) {
            match queue_week(&store, &settings, now).await {
                Ok(run) if run.queued > 0 => {
                    tracing::info!(queued = run.queued, "weekly summaries queued");
                }
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "weekly summaries"),
            }
        }
        tokio::time::sleep(check_every).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(weekday: Weekday, hour: u32) -> WeeklySettings {
        WeeklySettings {
            zone: chrono_tz::Africa::Casablanca,
            default_locale: Locale::Ar,
            public_base_url: "http://localhost".into(),
            schedule: WeeklySchedule { weekday, hour },
        }
    }

    #[test]
    fn the_week_starts_on_monday_on_the_platforms_clock() {
        // Sunday 23:30 UTC is Monday 00:30 in Casablanca (UTC+1): the next week.
        let late_sunday = Utc.with_ymd_and_hms(2026, 12, 6, 23, 30, 0).unwrap();
        let zone = chrono_tz::Africa::Casablanca;
        assert_eq!(
            week_start(late_sunday, zone),
            NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()
        );
        let wednesday = Utc.with_ymd_and_hms(2026, 12, 2, 12, 0, 0).unwrap();
        assert_eq!(
            week_start(wednesday, zone),
            NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
        );
    }

    #[test]
    fn the_slot_is_the_configured_day_and_hour() {
        let wednesday = Utc.with_ymd_and_hms(2026, 12, 2, 12, 0, 0).unwrap();
        let slot = this_weeks_slot(wednesday, &settings(Weekday::Sun, 18));
        // Sunday 6 December, 18:00 in Casablanca = 17:00 UTC.
        assert_eq!(slot, Utc.with_ymd_and_hms(2026, 12, 6, 17, 0, 0).unwrap());
        assert!(wednesday < slot);
        let monday_slot = this_weeks_slot(wednesday, &settings(Weekday::Mon, 8));
        assert_eq!(
            monday_slot,
            Utc.with_ymd_and_hms(2026, 11, 30, 7, 0, 0).unwrap()
        );
        assert!(wednesday >= monday_slot);
    }
}
