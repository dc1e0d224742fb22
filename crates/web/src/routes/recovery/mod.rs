//! Getting back in (issue 18): "forgot password" for accounts with an e-mail (a
//! single-use link by mail, [`forgot`] and [`reset`]), a pupil's one-time code issued by a
//! helper and redeemed with a new password ([`code`]), and the helper's page for a person:
//! issue that code, lift the sign-in delays ([`help`]).
//!
//! The anonymous forms carry the pre-session CSRF token, like the sign-in form. Secrets
//! travel in forms and query strings, never in paths, which the request log records.

pub mod code;
pub mod forgot;
pub mod help;
pub mod reset;
