//! The life of a capsule and of each media version uploaded for it.
//!
//! A capsule is a *draft* until a video is uploaded; it is *processing* while its first
//! video is transcoded, *ready* (playable by producers and admins) once a version is done,
//! *published* when a producer releases it to pupils, *withdrawn* when taken down. A new
//! video for a capsule that already plays never interrupts it: the old version keeps
//! playing until the new one is ready, then takes its place.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CapsuleStatus {
    Draft,
    Processing,
    Ready,
    Published,
    Withdrawn,
}

impl CapsuleStatus {
    pub const ALL: [CapsuleStatus; 5] = [
        CapsuleStatus::Draft,
        CapsuleStatus::Processing,
        CapsuleStatus::Ready,
        CapsuleStatus::Published,
        CapsuleStatus::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CapsuleStatus::Draft => "draft",
            CapsuleStatus::Processing => "processing",
            CapsuleStatus::Ready => "ready",
            CapsuleStatus::Published => "published",
            CapsuleStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(text: &str) -> Option<CapsuleStatus> {
        CapsuleStatus::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Whether pupils and visitors may see it.
    pub fn is_public(self) -> bool {
        self == CapsuleStatus::Published
    }

    /// Publishing needs a playable video.
    pub fn can_publish(self) -> bool {
        matches!(self, CapsuleStatus::Ready | CapsuleStatus::Withdrawn)
    }

    pub fn can_withdraw(self) -> bool {
        self == CapsuleStatus::Published
    }

    /// After a video was uploaded: a capsule without one starts processing; one that
    /// already plays keeps its state.
    pub fn after_upload(self) -> CapsuleStatus {
        match self {
            CapsuleStatus::Draft => CapsuleStatus::Processing,
            other => other,
        }
    }

    /// After a version became ready.
    pub fn after_media_ready(self) -> CapsuleStatus {
        match self {
            CapsuleStatus::Draft | CapsuleStatus::Processing => CapsuleStatus::Ready,
            other => other,
        }
    }

    /// After a version failed for good: back to draft unless an earlier version plays.
    pub fn after_media_failed(self, has_playable_media: bool) -> CapsuleStatus {
        match (self, has_playable_media) {
            (CapsuleStatus::Processing, false) => CapsuleStatus::Draft,
            (CapsuleStatus::Processing, true) => CapsuleStatus::Ready,
            (other, _) => other,
        }
    }
}

/// One uploaded video of a capsule, from its upload to its renditions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MediaStatus {
    /// Stored, waiting for a worker.
    Queued,
    Processing,
    Ready,
    /// Refused (bad file) or failed too many times; the error says why.
    Failed,
}

impl MediaStatus {
    pub const ALL: [MediaStatus; 4] = [
        MediaStatus::Queued,
        MediaStatus::Processing,
        MediaStatus::Ready,
        MediaStatus::Failed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MediaStatus::Queued => "queued",
            MediaStatus::Processing => "processing",
            MediaStatus::Ready => "ready",
            MediaStatus::Failed => "failed",
        }
    }

    pub fn parse(text: &str) -> Option<MediaStatus> {
        MediaStatus::ALL.into_iter().find(|s| s.as_str() == text)
    }

    pub fn is_pending(self) -> bool {
        matches!(self, MediaStatus::Queued | MediaStatus::Processing)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CapsuleStatus::*;

    #[test]
    fn codes_round_trip() {
        for s in CapsuleStatus::ALL {
            assert_eq!(CapsuleStatus::parse(s.as_str()), Some(s));
        }
        for s in MediaStatus::ALL {
            assert_eq!(MediaStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(CapsuleStatus::parse("live"), None);
    }

    #[test]
    fn publishing_needs_a_video() {
        assert!(!Draft.can_publish());
        assert!(!Processing.can_publish());
        assert!(Ready.can_publish());
        assert!(Withdrawn.can_publish());
        assert!(!Published.can_publish());
        assert!(Published.can_withdraw() && !Ready.can_withdraw());
        assert!(Published.is_public() && !Withdrawn.is_public());
    }

    #[test]
    fn a_new_video_never_interrupts_a_playing_capsule() {
        assert_eq!(Draft.after_upload(), Processing);
        assert_eq!(Published.after_upload(), Published);
        assert_eq!(Ready.after_upload(), Ready);
        assert_eq!(Processing.after_media_ready(), Ready);
        assert_eq!(Published.after_media_ready(), Published);
        assert_eq!(Processing.after_media_failed(false), Draft);
        assert_eq!(Processing.after_media_failed(true), Ready);
        assert_eq!(Published.after_media_failed(true), Published);
    }
}
