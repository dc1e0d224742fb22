//! The messages Lawha sends, in the recipient's language (Fluent, like the pages).

use lawha_core::Locale;
use lawha_store::recovery::OutgoingMail;

use crate::i18n;

/// The reset-link message for `name` at `email`, with the link to follow.
pub fn reset_link(
    locale: Locale,
    email: &str,
    name: &str,
    link: &str,
    minutes: i64,
) -> OutgoingMail {
    OutgoingMail {
        recipient: email.to_string(),
        subject: i18n::t(locale, "mail-reset-subject"),
        body: i18n::t_args_count(
            locale,
            "mail-reset-body",
            &[("name", name.to_string()), ("link", link.to_string())],
            ("minutes", minutes),
        ),
    }
}

/// The weekly summary for the parent `name` at `email`: each child's report, and the link
/// to each child's page under `base_url`.
pub fn weekly_summary(
    locale: Locale,
    email: &str,
    name: &str,
    reports: &[crate::families::WeekReport],
    base_url: &str,
) -> OutgoingMail {
    let t = |key: &str| i18n::t(locale, key);
    let n = |key: &str, name: &'static str, count: i64| i18n::t_count(locale, key, name, count);
    let mut body = i18n::t_args(locale, "mail-weekly-hello", &[("name", name.to_string())]);
    body.push_str("\n\n");
    for r in reports {
        body.push_str(&format!("== {} ==\n", r.name));
        for class in &r.classes {
            body.push_str(&format!("{class}\n"));
        }
        body.push_str(&i18n::t_args(
            locale,
            "mail-weekly-period",
            &[("from", r.from.clone()), ("to", r.to.clone())],
        ));
        body.push('\n');
        let a = &r.activity;
        body.push_str(&format!(
            "- {}\n- {}\n- {}\n",
            n("child-capsules-watched-n", "count", a.capsules_watched),
            n("child-answers-n", "count", a.answers),
            n("child-answers-right-n", "count", a.correct),
        ));
        if !r.assignments.is_empty() {
            body.push_str(&format!("\n{}\n", t("child-assignments")));
            for line in &r.assignments {
                body.push_str(&format!(
                    "- {} — {} ({})\n",
                    line.title,
                    t(line.state.key()),
                    line.due
                ));
            }
        }
        if !r.subjects.is_empty() {
            body.push_str(&format!("\n{}\n", t("child-mastery")));
            for s in &r.subjects {
                body.push_str(&format!(
                    "- {}: {} {}, {} {}, {} {}\n",
                    s.name,
                    s.mastered,
                    t("mastery-mastered"),
                    s.in_progress,
                    t("mastery-in-progress"),
                    s.not_started,
                    t("mastery-not-started"),
                ));
            }
        }
        if !r.results.is_empty() {
            body.push_str(&format!("\n{}\n", t("child-results")));
            for res in &r.results {
                let mean = res.mean_pct.map(|p| format!(" {p}%")).unwrap_or_default();
                body.push_str(&format!("- {}:{mean} ({})\n", res.title, res.last));
            }
        }
        if !r.live.is_empty() {
            body.push_str(&format!("\n{}\n", t("child-live")));
            for l in &r.live {
                body.push_str(&format!("- {} — {}\n", l.title, l.when));
            }
        }
        body.push_str(&format!(
            "\n{} {}/children/{}\n\n",
            t("mail-weekly-more"),
            base_url.trim_end_matches('/'),
            r.child_id
        ));
    }
    body.push_str(&t("mail-weekly-footer"));
    OutgoingMail {
        recipient: email.to_string(),
        subject: t("mail-weekly-subject"),
        body,
    }
}
