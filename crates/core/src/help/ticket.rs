//! A ticket's vocabulary: its category, its state, the contact an anonymous filer leaves,
//! where it may be escalated, what an agent may do, and the canned replies agents start
//! from. Each has one stored spelling, written and parsed here only.

use crate::validate::{self, FieldError};

/// What a ticket is about. The stored name is also the translation key's tail
/// (`ticket-category-<name>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    CannotSignIn,
    VideoDoesNotPlay,
    DataConnection,
    ContentError,
    Device,
    Other,
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::CannotSignIn,
        Category::VideoDoesNotPlay,
        Category::DataConnection,
        Category::ContentError,
        Category::Device,
        Category::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::CannotSignIn => "cannot_sign_in",
            Category::VideoDoesNotPlay => "video",
            Category::DataConnection => "connection",
            Category::ContentError => "content",
            Category::Device => "device",
            Category::Other => "other",
        }
    }

    pub fn parse(name: &str) -> Option<Category> {
        Category::ALL
            .into_iter()
            .find(|c| c.as_str() == name.trim())
    }
}

/// Where a ticket stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TicketState {
    /// Filed, nobody has taken it.
    Open,
    /// An agent works on it.
    Taken,
    /// An agent asked the filer for information.
    Waiting,
    /// Handed to a school or AREF administrator.
    Escalated,
    Resolved,
}

impl TicketState {
    pub const ALL: [TicketState; 5] = [
        TicketState::Open,
        TicketState::Taken,
        TicketState::Waiting,
        TicketState::Escalated,
        TicketState::Resolved,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TicketState::Open => "open",
            TicketState::Taken => "taken",
            TicketState::Waiting => "waiting",
            TicketState::Escalated => "escalated",
            TicketState::Resolved => "resolved",
        }
    }

    pub fn parse(name: &str) -> Option<TicketState> {
        TicketState::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// Whether the ticket still counts in the backlog.
    pub fn is_open(self) -> bool {
        self != TicketState::Resolved
    }
}

/// How an anonymous filer can be found again: the pupil code they sign in with, or a
/// phone number. Neither is ever shown back to them with account details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contact {
    PupilCode(String),
    Phone(String),
}

impl Contact {
    /// The stored kind.
    pub fn kind(&self) -> &'static str {
        match self {
            Contact::PupilCode(_) => "pupil_code",
            Contact::Phone(_) => "phone",
        }
    }

    pub fn value(&self) -> &str {
        match self {
            Contact::PupilCode(v) | Contact::Phone(v) => v,
        }
    }

    /// Reads what the filer typed: a phone number when it looks like one (digits, spaces,
    /// dashes, dots and a leading `+`), else a pupil code.
    pub fn parse(raw: &str) -> Result<Contact, FieldError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(FieldError::new("required"));
        }
        let phone_like = raw.chars().enumerate().all(|(i, c)| {
            c.is_ascii_digit() || matches!(c, ' ' | '-' | '.') || (i == 0 && c == '+')
        });
        if phone_like {
            return phone(raw).map(Contact::Phone);
        }
        validate::pupil_code(raw).map(Contact::PupilCode)
    }
}

/// Normalises a Moroccan phone number to its national form `0XXXXXXXXX` (ten digits,
/// starting 05, 06, 07 or 08), from `06 12 34 56 78`, `+212 612345678` or `00212…`.
pub fn phone(raw: &str) -> Result<String, FieldError> {
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    let national = if let Some(rest) = digits.strip_prefix("00212") {
        format!("0{rest}")
    } else if let Some(rest) = digits
        .strip_prefix("212")
        .filter(|_| raw.trim().starts_with('+'))
    {
        format!("0{rest}")
    } else {
        digits
    };
    let valid = national.len() == 10
        && national.starts_with('0')
        && matches!(national.as_bytes().get(1), Some(b'5'..=b'8'));
    if valid {
        Ok(national)
    } else {
        Err(FieldError::new("invalid-phone"))
    }
}

/// Whom an agent hands a ticket to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escalation {
    /// The school administrators of the filer's school.
    School,
    /// The AREF's (region's) administrators.
    Region,
}

impl Escalation {
    pub fn as_str(self) -> &'static str {
        match self {
            Escalation::School => "school",
            Escalation::Region => "region",
        }
    }

    pub fn parse(name: &str) -> Option<Escalation> {
        [Escalation::School, Escalation::Region]
            .into_iter()
            .find(|e| e.as_str() == name)
    }
}

/// What the audit log records an agent doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgentAction {
    Take,
    Reply,
    AskInformation,
    Resolve,
    Escalate,
    Unlock,
    OneTimeCode,
    ResendLink,
}

impl AgentAction {
    pub const ALL: [AgentAction; 8] = [
        AgentAction::Take,
        AgentAction::Reply,
        AgentAction::AskInformation,
        AgentAction::Resolve,
        AgentAction::Escalate,
        AgentAction::Unlock,
        AgentAction::OneTimeCode,
        AgentAction::ResendLink,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AgentAction::Take => "take",
            AgentAction::Reply => "reply",
            AgentAction::AskInformation => "ask_information",
            AgentAction::Resolve => "resolve",
            AgentAction::Escalate => "escalate",
            AgentAction::Unlock => "unlock",
            AgentAction::OneTimeCode => "one_time_code",
            AgentAction::ResendLink => "resend_link",
        }
    }

    pub fn parse(name: &str) -> Option<AgentAction> {
        AgentAction::ALL.into_iter().find(|a| a.as_str() == name)
    }

    /// The state a ticket moves to after a message of this kind.
    pub fn state_after(self) -> Option<TicketState> {
        match self {
            AgentAction::Reply => Some(TicketState::Taken),
            AgentAction::AskInformation => Some(TicketState::Waiting),
            AgentAction::Resolve => Some(TicketState::Resolved),
            AgentAction::Escalate => Some(TicketState::Escalated),
            AgentAction::Take => Some(TicketState::Taken),
            _ => None,
        }
    }
}

/// The canned replies agents choose from, by translation key (`ticket-canned-<name>`, in
/// Arabic and French); the agent edits the text before sending.
pub const CANNED_REPLIES: &[&str] = &[
    "code-from-teacher",
    "data-saver",
    "offline",
    "restart-device",
    "need-details",
    "forwarded",
];

/// The longest description or message accepted, in characters.
pub const MAX_TEXT_CHARS: usize = 4000;

/// Trims a description or a message; refuses an empty or over-long one.
pub fn text(raw: &str) -> Result<String, FieldError> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(FieldError::new("required"));
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(FieldError::new("too-long"));
    }
    Ok(text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for c in Category::ALL {
            assert_eq!(Category::parse(c.as_str()), Some(c));
        }
        for s in TicketState::ALL {
            assert_eq!(TicketState::parse(s.as_str()), Some(s));
        }
        for a in AgentAction::ALL {
            assert_eq!(AgentAction::parse(a.as_str()), Some(a));
        }
        assert_eq!(Category::parse("nonsense"), None);
    }

    #[test]
    fn contacts_are_phones_or_pupil_codes() {
        assert_eq!(
            Contact::parse("06 12 34 56 78"),
            Ok(Contact::Phone("0612345678".into()))
        );
        assert_eq!(
            Contact::parse("+212 612-345-678"),
            Ok(Contact::Phone("0612345678".into()))
        );
        assert_eq!(
            Contact::parse("00212712345678"),
            Ok(Contact::Phone("0712345678".into()))
        );
        assert_eq!(
            Contact::parse("j130012345"),
            Ok(Contact::PupilCode("J130012345".into()))
        );
        for bad in [
            "",
            "0112345678",
            "06123",
            "212612345678",
            "<script>",
            "06 12 34 56 78 9",
        ] {
            assert!(Contact::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn texts_are_bounded() {
        assert!(text("  ").is_err());
        assert!(text(&"x".repeat(MAX_TEXT_CHARS + 1)).is_err());
        assert_eq!(text(" ok "), Ok("ok".to_string()));
    }
}
