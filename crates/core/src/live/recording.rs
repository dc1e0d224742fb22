//! A recording's way from the engine to a draft capsule: pending (the engine reported it),
//! converting (the engine's tools and ffmpeg at work), then ready (a draft capsule holds it)
//! or failed with a reason the session page shows. A failed one may be tried again.

use serde::Serialize;

/// Where a recording stands.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, strum::IntoStaticStr, strum::EnumString,
)]
#[strum(serialize_all = "snake_case")]
pub enum RecordingStatus {
    Pending,
    Converting,
    Ready,
    Failed,
}

impl RecordingStatus {
    /// The stable name stored in the database.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Whether a recording may move from `self` to `to`: forward through conversion, to
    /// failed from any unfinished state, and from failed back to pending (a retry). A ready
    /// recording stays ready: its draft capsule is the producers' from then on.
    pub fn can_move_to(self, to: RecordingStatus) -> bool {
        use RecordingStatus::{Converting, Failed, Pending, Ready};
        matches!(
            (self, to),
            (Pending, Converting)
                | (Converting, Ready)
                | (Pending | Converting, Failed)
                | (Failed, Pending)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::RecordingStatus::{self, Converting, Failed, Pending, Ready};

    #[test]
    fn names_round_trip() {
        for status in [Pending, Converting, Ready, Failed] {
            assert_eq!(status.as_str().parse::<RecordingStatus>(), Ok(status));
        }
        assert_eq!(Converting.as_str(), "converting");
    }

    #[test]
    fn recordings_move_forward_or_fail_and_retry() {
        let all = [Pending, Converting, Ready, Failed];
        let allowed: Vec<_> = all
            .iter()
            .flat_map(|&a| all.iter().map(move |&b| (a, b)))
            .filter(|&(a, b)| a.can_move_to(b))
            .collect();
        assert_eq!(
            allowed,
            [
                (Pending, Converting),
                (Pending, Failed),
                (Converting, Ready),
                (Converting, Failed),
                (Failed, Pending),
            ]
        );
    }
}
