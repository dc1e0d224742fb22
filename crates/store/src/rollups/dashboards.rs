//! What governance dashboards read: the rollup counters of a scope (the nation, a region,
//! province or school) and of its children, by day, week, level and subject. Every query
//! reads counter rows of one scope or of one parent's children — never learner events — so
//! a national dashboard costs the same as a school's. The privacy rule (no group under
//! [`MIN_GROUP`] pupils) is applied by the caller with [`GroupFigures::suppressed`], and
//! to sibling groups shown beside their total with [`hidden_groups`].

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};
use lawha_core::ScopeKey;
use serde::Serialize;
use uuid::Uuid;

use super::Rollups;
use crate::{days, Result};

/// Smallest group of pupils whose figures may be shown.
pub const MIN_GROUP: i64 = 10;

/// Which of sibling groups, of these sizes, a table beside their total must hide. Each
/// group under [`MIN_GROUP`] is hidden; and since the total minus the groups shown gives the
/// hidden ones away, groups are hidden as well, smallest first, until no hidden figure can
/// be worked out: none is hidden, or at least two with [`MIN_GROUP`] pupils or more between
/// them (complementary suppression). Empty groups have nothing to protect.
pub fn hidden_groups(sizes: &[i64]) -> Vec<bool> {
    let mut hidden: Vec<bool> = sizes.iter().map(|n| *n < MIN_GROUP).collect();
    loop {
        let (count, pupils) = sizes
            .iter()
            .zip(&hidden)
            .filter(|(n, h)| **h && **n > 0)
            .fold((0, 0), |(count, pupils), (n, _)| (count + 1, pupils + n));
        if count == 0 || (count >= 2 && pupils >= MIN_GROUP) {
            return hidden;
        }
        let smallest_shown = (0..sizes.len())
            .filter(|i| !hidden[*i])
            .min_by_key(|i| sizes[*i]);
        match smallest_shown {
            Some(i) => hidden[i] = true,
            None => return hidden,
        }
    }
}

/// The days a dashboard covers (`first..=last`) and the week whose active pupils it
/// counts (by its Monday).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub week: NaiveDate,
}

impl Period {
    /// The `days` days up to `today`, and today's week.
    pub fn ending(today: NaiveDate, days: i64) -> Period {
        let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
        Period {
            first: today - Duration::days(days - 1),
            last: today,
            week: monday,
        }
    }

    /// Every day of the period, in order.
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.first.iter_days().take_while(|d| *d <= self.last)
    }

    /// The days and week as stored.
    fn text(&self) -> (String, String, String) {
        (
            days::text(self.first),
            days::text(self.last),
            days::text(self.week),
        )
    }
}

/// One day of a scope's activity (all levels).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayUsage {
    pub day: NaiveDate,
    pub active_pupils: i64,
    pub answers: i64,
    pub correct_answers: i64,
    pub watch_seconds: i64,
}

/// A group's figures over a period: a child scope, or a level of a scope.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct GroupFigures {
    /// The child scope's key (parse it with [`ScopeKey`]'s `FromStr`), or the level code.
    pub key: String,
    /// Pupils enrolled (the privacy rule's group size).
    pub pupils: i64,
    /// Pupils active in the latest week of the period.
    pub active_week: i64,
    pub answers: i64,
    pub correct_answers: i64,
    pub watch_seconds: i64,
    /// Pupil-lessons mastered among those started.
    pub mastered: i64,
    pub started: i64,
    pub assigned: i64,
    pub assignments_completed: i64,
}

impl GroupFigures {
    /// Whether the group is too small to show.
    pub fn suppressed(&self) -> bool {
        self.pupils < MIN_GROUP
    }

    pub fn correct_rate(&self) -> Option<f64> {
        (self.answers > 0).then(|| self.correct_answers as f64 / self.answers as f64)
    }

    pub fn mastery_rate(&self) -> Option<f64> {
        (self.started > 0).then(|| self.mastered as f64 / self.started as f64)
    }

    pub fn completion_rate(&self) -> Option<f64> {
        (self.assigned > 0).then(|| self.assignments_completed as f64 / self.assigned as f64)
    }

    pub fn active_rate(&self) -> Option<f64> {
        (self.pupils > 0).then(|| self.active_week as f64 / self.pupils as f64)
    }
}

/// A capsule's reach in a scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct CapsuleReach {
    pub capsule_id: Uuid,
    pub starts: i64,
    pub completions: i64,
}

/// How a set of groups is selected: the children of a scope, or the levels of one.
enum Groups {
    Children(ScopeKey),
    Levels(ScopeKey),
}

impl Rollups<'_> {
    /// A scope's activity on the days from `from` to `to` (inclusive) that had any.
    pub async fn usage_series(
        &self,
        scope: ScopeKey,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<DayUsage>> {
        let (scope, from, to) = (scope.to_string(), days::text(from), days::text(to));
        let rows = on_db!(self.store, pool => {
            sqlx::query_as::<_, (String, i64, i64, i64, i64)>(
                "SELECT day, CAST(SUM(active_pupils) AS BIGINT) AS active_pupils, CAST(SUM(answers) AS BIGINT) AS answers,
                        CAST(SUM(correct_answers) AS BIGINT) AS correct_answers, CAST(SUM(watch_seconds) AS BIGINT) AS watch_seconds
                 FROM usage_daily WHERE scope_key = $1 AND day >= $2 AND day <= $3
                 GROUP BY day ORDER BY day",
            )
            .bind(scope).bind(from).bind(to).fetch_all(pool).await?
        });
        rows.into_iter()
            .map(
                |(day, active_pupils, answers, correct_answers, watch_seconds)| {
                    Ok(DayUsage {
                        day: days::parse(&day)?,
                        active_pupils,
                        answers,
                        correct_answers,
                        watch_seconds,
                    })
                },
            )
            .collect()
    }

    /// A scope's weekly active pupils (weeks by their Monday) from `from` to `to`.
    pub async fn weekly_active(
        &self,
        scope: ScopeKey,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(NaiveDate, i64)>> {
        let (scope, from, to) = (scope.to_string(), days::text(from), days::text(to));
        let rows = on_db!(self.store, pool => {
            sqlx::query_as::<_, (String, i64)>(
                "SELECT week, CAST(SUM(active_pupils) AS BIGINT) FROM usage_weekly
                 WHERE scope_key = $1 AND week >= $2 AND week <= $3 GROUP BY week ORDER BY week",
            )
            .bind(scope).bind(from).bind(to).fetch_all(pool).await?
        });
        rows.into_iter()
            .map(|(week, pupils)| Ok((days::parse(&week)?, pupils)))
            .collect()
    }

    /// The scope's own figures over the period.
    pub async fn scope_figures(&self, scope: ScopeKey, period: &Period) -> Result<GroupFigures> {
        let mut levels = self.level_figures(scope, period).await?;
        let mut total = GroupFigures {
            key: scope.to_string(),
            ..GroupFigures::default()
        };
        for f in levels.drain(..) {
            total.pupils += f.pupils;
            total.active_week += f.active_week;
            total.answers += f.answers;
            total.correct_answers += f.correct_answers;
            total.watch_seconds += f.watch_seconds;
            total.mastered += f.mastered;
            total.started += f.started;
            total.assigned += f.assigned;
            total.assignments_completed += f.assignments_completed;
        }
        Ok(total)
    }

    /// The figures of each child scope of `parent` (regions of the nation, provinces of a
    /// region, schools of a province).
    pub async fn children_figures(
        &self,
        parent: ScopeKey,
        period: &Period,
    ) -> Result<Vec<GroupFigures>> {
        self.group_figures(Groups::Children(parent), period).await
    }

    /// The figures of each level (or programme) of a scope.
    pub async fn level_figures(
        &self,
        scope: ScopeKey,
        period: &Period,
    ) -> Result<Vec<GroupFigures>> {
        self.group_figures(Groups::Levels(scope), period).await
    }

    async fn group_figures(&self, groups: Groups, period: &Period) -> Result<Vec<GroupFigures>> {
        let (from, to, week) = period.text();
        // Each statement reads one scope's rows (grouped by level) or one parent's
        // children's rows (grouped by child), per the primary keys and `parent_key` indexes.
        let (filter, group, key) = match groups {
            Groups::Children(parent) => ("parent_key = $1", "scope_key", parent),
            Groups::Levels(scope) => ("scope_key = $1", "level_code", scope),
        };
        let key = key.to_string();
        let population = format!("SELECT {group}, CAST(SUM(pupils) AS BIGINT) FROM population WHERE {filter} GROUP BY {group}");
        let usage = format!(
            "SELECT {group}, CAST(SUM(answers) AS BIGINT), CAST(SUM(correct_answers) AS BIGINT), CAST(SUM(watch_seconds) AS BIGINT) FROM usage_daily
             WHERE {filter} AND day >= $2 AND day <= $3 GROUP BY {group}");
        let weekly = format!("SELECT {group}, CAST(SUM(active_pupils) AS BIGINT) FROM usage_weekly WHERE {filter} AND week = $2 GROUP BY {group}");
        let mastery = format!(
            "SELECT {group}, CAST(SUM(CASE WHEN state = 3 THEN pupil_lessons ELSE 0 END) AS BIGINT), CAST(SUM(pupil_lessons) AS BIGINT)
             FROM mastery_counts WHERE {filter} GROUP BY {group}");
        let assignments = format!("SELECT {group}, CAST(SUM(assigned) AS BIGINT), CAST(SUM(completed) AS BIGINT) FROM assignment_counts WHERE {filter} GROUP BY {group}");
        let mut figures: BTreeMap<String, GroupFigures> = BTreeMap::new();
        let (pop, use_rows, week_rows, mastery_rows, assign_rows) = on_db!(self.store, pool => {
            let pop: Vec<(String, i64)> = sqlx::query_as(&population).bind(&key).fetch_all(pool).await?;
            let use_rows: Vec<(String, i64, i64, i64)> =
                sqlx::query_as(&usage).bind(&key).bind(&from).bind(&to).fetch_all(pool).await?;
            let week_rows: Vec<(String, i64)> = sqlx::query_as(&weekly).bind(&key).bind(&week).fetch_all(pool).await?;
            let mastery_rows: Vec<(String, i64, i64)> = sqlx::query_as(&mastery).bind(&key).fetch_all(pool).await?;
            let assign_rows: Vec<(String, i64, i64)> = sqlx::query_as(&assignments).bind(&key).fetch_all(pool).await?;
            (pop, use_rows, week_rows, mastery_rows, assign_rows)
        });
        let entry = |figures: &mut BTreeMap<String, GroupFigures>, k: String| -> GroupFigures {
            figures.remove(&k).unwrap_or(GroupFigures {
                key: k,
                ..GroupFigures::default()
            })
        };
        for (k, n) in pop {
            let mut f = entry(&mut figures, k);
            f.pupils = n;
            figures.insert(f.key.clone(), f);
        }
        for (k, answers, correct, watch) in use_rows {
            let mut f = entry(&mut figures, k);
            (f.answers, f.correct_answers, f.watch_seconds) = (answers, correct, watch);
            figures.insert(f.key.clone(), f);
        }
        for (k, n) in week_rows {
            let mut f = entry(&mut figures, k);
            f.active_week = n;
            figures.insert(f.key.clone(), f);
        }
        for (k, mastered, started) in mastery_rows {
            let mut f = entry(&mut figures, k);
            (f.mastered, f.started) = (mastered, started);
            figures.insert(f.key.clone(), f);
        }
        for (k, assigned, completed) in assign_rows {
            let mut f = entry(&mut figures, k);
            (f.assigned, f.assignments_completed) = (assigned, completed);
            figures.insert(f.key.clone(), f);
        }
        Ok(figures.into_values().collect())
    }

    /// Answers, correct answers and watching per subject of a scope over the period.
    pub async fn subject_figures(
        &self,
        scope: ScopeKey,
        period: &Period,
    ) -> Result<Vec<(String, i64, i64, i64)>> {
        let scope = scope.to_string();
        let (from, to, _) = period.text();
        Ok(on_db!(self.store, pool => {
            sqlx::query_as::<_, (String, i64, i64, i64)>(
                "SELECT subject_code, CAST(SUM(answers) AS BIGINT), CAST(SUM(correct_answers) AS BIGINT), CAST(SUM(watch_seconds) AS BIGINT)
                 FROM subject_daily WHERE scope_key = $1 AND day >= $2 AND day <= $3
                 GROUP BY subject_code ORDER BY subject_code",
            )
            .bind(scope).bind(from).bind(to).fetch_all(pool).await?
        }))
    }

    /// The most watched capsules of a scope (by pupils who started them), and those least
    /// completed among capsules at least `min_starts` pupils started.
    pub async fn capsule_reach(
        &self,
        scope: ScopeKey,
        limit: i64,
        min_starts: i64,
    ) -> Result<(Vec<CapsuleReach>, Vec<CapsuleReach>)> {
        let scope = scope.to_string();
        Ok(on_db!(self.store, pool => {
            let most = sqlx::query_as::<_, CapsuleReach>(
                "SELECT capsule_id, starts, completions FROM capsule_reach WHERE scope_key = $1
                 ORDER BY starts DESC, capsule_id LIMIT $2",
            )
            .bind(&scope).bind(limit).fetch_all(pool).await?;
            let least = sqlx::query_as::<_, CapsuleReach>(
                "SELECT capsule_id, starts, completions FROM capsule_reach
                 WHERE scope_key = $1 AND starts >= $3
                 ORDER BY CAST(completions AS DOUBLE PRECISION) / starts, starts DESC, capsule_id LIMIT $2",
            )
            .bind(&scope).bind(limit).bind(min_starts).fetch_all(pool).await?;
            (most, least)
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::hidden_groups;

    #[test]
    fn small_groups_are_hidden_with_enough_others_to_keep_them_secret() {
        // Nothing small: everything shown.
        assert_eq!(hidden_groups(&[10, 40, 25]), [false, false, false]);
        // One small group alone would be the total minus the others: the smallest other
        // group goes too.
        assert_eq!(hidden_groups(&[40, 5, 25, 30]), [false, true, true, false]);
        // Two small groups of 3 and 4 together are still under 10: a third is hidden.
        assert_eq!(
            hidden_groups(&[3, 50, 4, 20, 12]),
            [true, false, true, false, true]
        );
        // Two small groups of 10 pupils or more between them are safe as they are.
        assert_eq!(hidden_groups(&[6, 7, 30]), [true, true, false]);
        // Empty groups hide nothing, and need no company.
        assert_eq!(hidden_groups(&[0, 25, 30]), [true, false, false]);
        // When everything must go, everything goes.
        assert_eq!(hidden_groups(&[4, 12]), [true, true]);
        assert_eq!(hidden_groups(&[]), Vec::<bool>::new());
    }
}
