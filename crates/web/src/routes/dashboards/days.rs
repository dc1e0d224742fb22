//! The table of days: one row for every day of the period, days without activity included
//! (the rollups keep rows only for days that had some).

use lawha_store::rollups::dashboards::{DayUsage, Period};

use super::figures::{minutes, percent};

/// One day of a scope's activity, as shown.
pub struct DayRow {
    /// `dd/mm`.
    pub label: String,
    pub active: i64,
    pub answers: i64,
    pub correct: String,
    pub minutes: i64,
    /// Whether the rollups hold the day (some activity). Days before the first such day
    /// are left out of the charts: the scope may simply not have existed yet.
    pub has_data: bool,
}

/// A row per day of `period`, from the days of `series` that had activity.
pub fn day_rows(period: &Period, series: &[DayUsage]) -> Vec<DayRow> {
    period
        .days()
        .map(|date| {
            let usage = series.iter().find(|s| s.day == date);
            let (active, answers, correct, seconds) = usage.map_or((0, 0, 0, 0), |s| {
                (
                    s.active_pupils,
                    s.answers,
                    s.correct_answers,
                    s.watch_seconds,
                )
            });
            DayRow {
                label: date.format("%d/%m").to_string(),
                active,
                answers,
                correct: percent((answers > 0).then(|| correct as f64 / answers as f64)),
                minutes: minutes(seconds),
                has_data: usage.is_some(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    #[test]
    fn days_without_activity_are_filled_in() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
        let period = Period::ending(day(4), 3);
        let series = [DayUsage {
            day: day(3),
            active_pupils: 2,
            answers: 4,
            correct_answers: 1,
            watch_seconds: 120,
        }];
        let rows = day_rows(&period, &series);
        let labels: Vec<&str> = rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, ["02/03", "03/03", "04/03"]);
        assert_eq!(rows.iter().map(|r| r.active).collect::<Vec<_>>(), [0, 2, 0]);
        assert_eq!(rows[1].correct, "25%");
        assert_eq!(rows[1].minutes, 2);
        assert_eq!(rows[0].correct, "—");
        assert_eq!(
            rows.iter().map(|r| r.has_data).collect::<Vec<_>>(),
            [false, true, false]
        );
    }
}
