//! Reading BigBlueButton's XML answers. Every answer is a `<response>` whose `returncode` is
//! `SUCCESS` or `FAILED`; a failure carries a stable `messageKey` and an English `message`.
//! Anything else (HTML from a proxy, an empty body, a DTD, which roxmltree refuses) means the
//! engine is not answering as its API: [`DownReason::NotApiXml`].

use chrono::{DateTime, Utc};
use roxmltree::{Document, Node};
use uuid::Uuid;

use crate::attendance::Present;
use crate::{DownReason, LiveError, PlaybackFormat, Recording, RecordingId, RecordingState, Role};

/// The longest `message` kept from a failure (it goes to the log).
const MAX_MESSAGE_CHARS: usize = 200;

/// A successful `create`: the engine's creation mark, when it gives one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    pub create_time: Option<String>,
}

/// A successful `getMeetingInfo`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingInfo {
    pub running: bool,
    pub present: Vec<Present>,
}

pub fn parse_create(body: &str) -> Result<Created, LiveError> {
    let document = document(body)?;
    let response = success(&document)?;
    Ok(Created {
        create_time: text(response, "createTime").map(str::to_owned),
    })
}

/// `end` answers SUCCESS with nothing else worth reading.
pub fn parse_end(body: &str) -> Result<(), LiveError> {
    let document = document(body)?;
    success(&document).map(|_| ())
}

pub fn parse_running(body: &str) -> Result<bool, LiveError> {
    let document = document(body)?;
    let response = success(&document)?;
    boolean(response, "running")
}

pub fn parse_meeting_info(body: &str) -> Result<MeetingInfo, LiveError> {
    let document = document(body)?;
    let response = success(&document)?;
    let running = boolean(response, "running")?;
    let present = child(response, "attendees")
        .into_iter()
        .flat_map(|attendees| elements(attendees, "attendee"))
        .map(attendee)
        .collect::<Result<_, _>>()?;
    Ok(MeetingInfo { running, present })
}

pub fn parse_recordings(body: &str) -> Result<Vec<Recording>, LiveError> {
    let document = document(body)?;
    let response = success(&document)?;
    // No recordings: an empty `<recordings/>`, or none at all with messageKey noRecordings.
    child(response, "recordings")
        .into_iter()
        .flat_map(|recordings| elements(recordings, "recording"))
        .map(recording)
        .collect()
}

/// `publishRecordings`: the `published` flag echoed.
pub fn parse_published(body: &str) -> Result<bool, LiveError> {
    let document = document(body)?;
    let response = success(&document)?;
    boolean(response, "published")
}

/// `deleteRecordings`: the `deleted` flag.
pub fn parse_deleted(body: &str) -> Result<bool, LiveError> {
    let document = document(body)?;
    let response = success(&document)?;
    boolean(response, "deleted")
}

fn document(body: &str) -> Result<Document<'_>, LiveError> {
    Document::parse(body).map_err(|_| not_api("not XML"))
}

/// The `<response>` element of a SUCCESS, or the failure it reports.
fn success<'a, 'input>(document: &'a Document<'input>) -> Result<Node<'a, 'input>, LiveError> {
    let response = document.root_element();
    if !response.has_tag_name("response") {
        return Err(not_api("no response element"));
    }
    match text(response, "returncode") {
        Some(code) if code.eq_ignore_ascii_case("SUCCESS") => Ok(response),
        Some(code) if code.eq_ignore_ascii_case("FAILED") => {
            let key = text(response, "messageKey").unwrap_or_default();
            let message: String = text(response, "message")
                .unwrap_or_default()
                .chars()
                .take(MAX_MESSAGE_CHARS)
                .collect();
            Err(failed(key, message))
        }
        _ => Err(not_api("no returncode")),
    }
}

/// The documented keys for an unknown meeting map to [`LiveError::NoSuchRoom`].
fn failed(key: &str, message: String) -> LiveError {
    match key {
        "notFound" | "invalidMeetingIdentifier" | "invalidMeetingId" => LiveError::NoSuchRoom,
        _ => LiveError::Refused {
            key: key.chars().take(MAX_MESSAGE_CHARS).collect(),
            message,
        },
    }
}

fn attendee(node: Node<'_, '_>) -> Result<Present, LiveError> {
    let role = match text(node, "role") {
        Some(role) if role.eq_ignore_ascii_case("MODERATOR") => Role::Moderator,
        Some(role) if role.eq_ignore_ascii_case("VIEWER") => Role::Viewer,
        _ => return Err(not_api("attendee role")),
    };
    Ok(Present {
        // Lawha joins people with their id as `userID`; anything else is someone else.
        user: text(node, "userID").and_then(|id| Uuid::try_parse(id).ok()),
        role,
        listening_only: optional_boolean(node, "isListeningOnly")?,
        has_video: optional_boolean(node, "hasVideo")?,
    })
}

fn recording(node: Node<'_, '_>) -> Result<Recording, LiveError> {
    let id = text(node, "recordID").ok_or_else(|| not_api("recordID"))?;
    let state = match text(node, "state").unwrap_or_default() {
        "processing" => RecordingState::Processing,
        "processed" => RecordingState::Processed,
        "published" => RecordingState::Published,
        "unpublished" => RecordingState::Unpublished,
        "deleted" => RecordingState::Deleted,
        _ => RecordingState::Other,
    };
    let formats = child(node, "playback")
        .into_iter()
        .flat_map(|playback| elements(playback, "format"))
        .filter_map(|format| {
            Some(PlaybackFormat {
                kind: text(format, "type")?.to_owned(),
                url: text(format, "url")?.to_owned(),
                minutes: number(format, "length").unwrap_or(0),
            })
        })
        .collect();
    Ok(Recording {
        id: RecordingId(id.to_owned()),
        state,
        published: optional_boolean(node, "published")?,
        started: millis(node, "startTime"),
        ended: millis(node, "endTime"),
        participants: number(node, "participants").unwrap_or(0),
        formats,
    })
}

fn child<'a, 'input>(node: Node<'a, 'input>, name: &str) -> Option<Node<'a, 'input>> {
    node.children().find(|c| c.has_tag_name(name))
}

fn elements<'a, 'input>(
    node: Node<'a, 'input>,
    name: &'static str,
) -> impl Iterator<Item = Node<'a, 'input>> {
    node.children().filter(move |c| c.has_tag_name(name))
}

/// An element's text, trimmed (the documented `end` message spans lines).
fn text<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    child(node, name).and_then(|c| c.text()).map(str::trim)
}

fn boolean(node: Node<'_, '_>, name: &'static str) -> Result<bool, LiveError> {
    match text(node, name) {
        Some("true") => Ok(true),
        Some("false") => Ok(false),
        _ => Err(not_api(name)),
    }
}

/// A flag that may be left out (false then), but not misspelt.
fn optional_boolean(node: Node<'_, '_>, name: &'static str) -> Result<bool, LiveError> {
    match child(node, name) {
        None => Ok(false),
        Some(_) => boolean(node, name),
    }
}

fn number(node: Node<'_, '_>, name: &str) -> Option<u32> {
    text(node, name)?.parse().ok()
}

/// A time in milliseconds since 1970; BigBlueButton writes 0 for "not yet".
fn millis(node: Node<'_, '_>, name: &str) -> Option<DateTime<Utc>> {
    let millis: i64 = text(node, name)?.parse().ok()?;
    (millis > 0)
        .then(|| DateTime::from_timestamp_millis(millis))
        .flatten()
}

fn not_api(what: &'static str) -> LiveError {
    LiveError::EngineDown(DownReason::NotApiXml(what))
}

#[cfg(test)]
mod tests;
