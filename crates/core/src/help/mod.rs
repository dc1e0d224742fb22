//! The hotline (issue 18): tickets' categories and states, who files them and how they are
//! reached again ([`ticket`]), who sees which ticket ([`reach`]), and what the player
//! reports when playback fails ([`playback`]). No I/O: the store applies these rules inside
//! its transactions, the web layer renders them.

pub mod playback;
pub mod reach;
pub mod ticket;

pub use playback::{PlaybackErrorCode, Rendition};
pub use reach::{agent_may_help, AgentReach, TicketPlace};
pub use ticket::{AgentAction, Category, Contact, Escalation, TicketState, CANNED_REPLIES};
