//! Why the state refuses a write ([`crate::StoreError::Conflict`]): a fixed set of reasons,
//! each with a stable code that the interface turns into a message or a form field.

/// A state that forbids a write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::IntoStaticStr)]
#[strum(serialize_all = "kebab-case")]
pub enum Refusal {
    /// The work is already assigned, and still open (its due date not passed), to one of
    /// the pupils chosen in this class.
    AlreadyAssigned,
    /// The capsule is not in a state that can be published.
    CannotPublish,
    /// A recording cannot move from its status to the one asked (ready stays ready).
    CannotMoveRecording,
    /// The capsule is not published.
    CannotWithdraw,
    /// A media worker's lease on its job ran out and another took the job over.
    LeaseLost,
    /// The media version is not ready (a broadcast master needs a ready one).
    MediaNotReady,
    /// The pupil used every attempt the quiz allows.
    NoAttemptsLeft,
    /// A staff meeting whose invitations match nobody but its host.
    NoInvitees,
    /// An assignment to nobody: the class has no pupils (or none was chosen).
    NoPupils,
    /// An answer to an item that was never shown to the pupil.
    NotPresented,
    /// An assignment names a pupil who is not in the class.
    PupilNotInClass,
    /// A live session sharing an instant with another session of the same host.
    SessionOverlap,
    /// An assignment of work the class cannot see (unpublished, or another level's).
    WorkUnavailable,
}

impl Refusal {
    /// The stable code, e.g. `no-pupils` (translation keys are built from it).
    pub fn code(self) -> &'static str {
        self.into()
    }
}

#[cfg(test)]
mod tests {
    use super::Refusal;

    #[test]
    fn codes_are_the_kebab_case_names() {
        assert_eq!(Refusal::NoPupils.code(), "no-pupils");
        assert_eq!(Refusal::PupilNotInClass.code(), "pupil-not-in-class");
        assert_eq!(Refusal::MediaNotReady.code(), "media-not-ready");
        assert_eq!(Refusal::SessionOverlap.code(), "session-overlap");
        assert_eq!(Refusal::AlreadyAssigned.code(), "already-assigned");
    }
}
