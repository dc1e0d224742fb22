//! Lawha's domain: the types and rules every other crate speaks, with no I/O.
//!
//! - [`role`]: the roles a person can hold and the scope each one applies to.
//! - [`scope_key`]: the one text spelling of a scope, as the database stores it.
//! - [`reference`]: the national reference lists (regions, school levels, subjects).
//! - [`validate`]: the shape of identifiers, names and other user input.
//! - [`password`]: password policy and argon2id hashing.
//! - [`import`]: parsing the CSV files schools export (pupils, teachers, classes).
//! - [`locale`]: the interface languages.
//! - [`capsule`]: video lessons, their states, catalog manifests and subtitles.
//! - [`exercise`]: exercise items, their correction, answer normalisation and Moodle GIFT.
//! - [`revision`]: each pupil's spaced-repetition schedule per item (FSRS).
//! - [`help`]: the hotline's tickets: categories, states, contacts, who sees which.
//! - [`live`]: live sessions: scheduling, joining windows, attendance, who schedules.
//! - [`mastery`]: how far a pupil is with a lesson.
//! - [`clock`]: the platform's clock, the one place that reads the system time.
//! - [`throttle`]: the growing delays that slow password guessing without locking anyone out.

pub mod arabic;
pub mod capsule;
pub mod clock;
pub mod content_language;
pub mod exercise;
pub mod help;
pub mod id;
pub mod import;
pub mod live;
pub mod locale;
pub mod mastery;
pub mod password;
pub mod reference;
pub mod revision;
pub mod role;
pub mod scope_key;
pub mod throttle;
pub mod validate;

pub use clock::Clock;
#[cfg(test)]
mod test_support;

pub use id::new_id;
pub use locale::Locale;
pub use role::{Role, Scope};
pub use scope_key::ScopeKey;
