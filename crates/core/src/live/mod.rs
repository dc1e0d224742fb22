//! Live sessions (issue 17): the rules, with no I/O. The store keeps sessions and applies
//! these rules inside its transactions; the conferencing engines are `lawha-live`'s.
//!
//! - [`session`]: a session as scheduled, and the checks a schedule passes.
//! - [`slot`]: when it takes place (one-off or weekly), its occurrences, overlaps.
//! - [`window`]: when it may be joined.
//! - [`attendance`]: who came, when and for how long, from the engine's events.
//! - [`recording`]: a recording's way to a draft capsule.
//! - [`who`]: who may schedule for which class, group, programme or staff.

pub mod attendance;
pub mod recording;
pub mod session;
pub mod slot;
pub mod who;
pub mod window;

pub use attendance::{attendance, Attendance, AttendanceEvent, Movement, Presence};
pub use recording::RecordingStatus;
pub use session::{Audience, Invitation, Repeat, SessionDraft, ValidSession};
pub use slot::{slots_overlap, Occurrence, Recurrence, Slot};
pub use who::{may_oversee, may_schedule, AudiencePlace, Scheduler};
pub use window::{join_window, JoinWindow};
