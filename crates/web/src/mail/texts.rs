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
