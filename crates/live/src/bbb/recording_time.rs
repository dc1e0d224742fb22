//! When a BigBlueButton recording was made, read from its id. BigBlueButton names a
//! recording after its meeting's internal id: the SHA-1 (hex) of the meeting id, a dash, and
//! the meeting's creation time in milliseconds since the epoch
//! (`ffbfc4cc24428694e8b53a4e144f414052431693-1530718721124`). Lawha creates a room at an
//! occurrence's first join, so that time says which occurrence the recording is of, however
//! late its recording-ready callback arrives.

use chrono::{DateTime, Utc};

use crate::RecordingId;

/// The creation time of the meeting `id` records, when `id` has BigBlueButton's shape;
/// `None` for any other id (a time is never guessed).
pub fn recording_started(id: &RecordingId) -> Option<DateTime<Utc>> {
    let (hash, millis) = id.0.split_once('-')?;
    let hex = hash.len() == 40 && hash.bytes().all(|b| b.is_ascii_hexdigit());
    let digits = (1..=16).contains(&millis.len()) && millis.bytes().all(|b| b.is_ascii_digit());
    if !hex || !digits {
        return None;
    }
    DateTime::from_timestamp_millis(millis.parse().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> RecordingId {
        RecordingId(s.to_string())
    }

    #[test]
    fn the_documented_id_gives_its_meeting_s_creation_time() {
        let at = recording_started(&id(
            "ffbfc4cc24428694e8b53a4e144f414052431693-1530718721124",
        ));
        assert_eq!(at, DateTime::from_timestamp_millis(1_530_718_721_124));
    }

    #[test]
    fn other_ids_give_no_time() {
        for bad in [
            "",
            "rec-0001",
            "ffbfc4cc24428694e8b53a4e144f414052431693",
            "ffbfc4cc24428694e8b53a4e144f414052431693-",
            "ffbfc4cc24428694e8b53a4e144f41405243169-1530718721124",
            "gfbfc4cc24428694e8b53a4e144f414052431693-1530718721124",
            "ffbfc4cc24428694e8b53a4e144f414052431693-15307187211x4",
            "ffbfc4cc24428694e8b53a4e144f414052431693-1530718721124-2",
            "ffbfc4cc24428694e8b53a4e144f414052431693-99999999999999999",
            "ffbfc4cc24428694e8b53a4e144f414052431693--1530718721124",
        ] {
            assert_eq!(recording_started(&id(bad)), None, "{bad}");
        }
    }
}
