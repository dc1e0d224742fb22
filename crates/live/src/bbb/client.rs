//! The BigBlueButton client and its [`LiveEngine`] implementation.

use std::time::Duration;

use serde::Deserialize;
use url::Url;

use super::query::{signed_url, Query};
use super::xml;
use crate::attendance::Present;
use crate::callbacks::ended_callback_url;
use crate::http::{read_body, transport};
use crate::{
    Bandwidth, DownReason, JoinTicket, Joiner, LiveEngine, LiveError, Recording, RecordingId, Role,
    Room, RoomId, RoomSpec, Secret,
};

/// The largest answer read (a long getRecordings list is some hundreds of kilobytes).
const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;
/// The shortest shared secret accepted: with a short one, anyone could sign calls and forge
/// callbacks (`bbb-conf` makes 32 characters or more).
const MIN_SECRET_CHARS: usize = 16;
/// BigBlueButton's limits on a meeting's name (since 2.4).
const NAME_CHARS: std::ops::RangeInclusive<usize> = 2..=64;

/// Where the engine is and how Lawha reaches it (the deployment's configuration).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct BbbConfig {
    /// The API endpoint, e.g. `https://bbb.example.ma/bigbluebutton/api/` (or Scalelite's).
    pub api_url: Url,
    /// The shared secret (`bbb-conf --secret`, or Scalelite's).
    pub secret: Secret,
    /// Where Lawha receives callbacks, ending in `/`: `meeting-ended` and `recording-ready`
    /// are joined to it.
    pub callback_base: Url,
    /// How long one call may take before the engine counts as down.
    #[serde(default = "default_timeout", with = "crate::config::seconds")]
    pub timeout: Duration,
}

fn default_timeout() -> Duration {
    Duration::from_secs(10)
}

/// A BigBlueButton (or Scalelite) endpoint.
#[derive(Debug, Clone)]
pub struct BbbClient {
    http: reqwest::Client,
    api: String,
    secret: Secret,
    ended_endpoint: Url,
    ready_endpoint: Url,
}

impl BbbClient {
    pub fn new(config: BbbConfig) -> Result<Self, LiveError> {
        if config.secret.expose().chars().count() < MIN_SECRET_CHARS {
            return Err(LiveError::Invalid(
                "shared secret shorter than 16 characters",
            ));
        }
        let mut api = config.api_url.to_string();
        if !api.ends_with('/') {
            api.push('/');
        }
        if !config.callback_base.path().ends_with('/') {
            return Err(LiveError::Invalid("callback base must end with /"));
        }
        let join = |path| {
            config
                .callback_base
                .join(path)
                .map_err(|_| LiveError::Invalid("callback base"))
        };
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.timeout)
            // A redirect is not the API answering; following it would resend a signed URL.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|_| LiveError::Invalid("HTTP client"))?;
        Ok(BbbClient {
            http,
            api,
            ended_endpoint: join("meeting-ended")?,
            ready_endpoint: join("recording-ready")?,
            secret: config.secret,
        })
    }

    /// The signed join URL of one person (no call: the browser is sent there).
    pub fn join_url(&self, room: &Room, joiner: &Joiner) -> Result<String, LiveError> {
        let name = clean_text(&joiner.display_name);
        if name.is_empty() {
            return Err(LiveError::Invalid("display name is empty"));
        }
        let role = match joiner.role {
            Role::Moderator => "MODERATOR",
            Role::Viewer => "VIEWER",
        };
        let mut query = Query::new()
            .with("fullName", name)
            .with("meetingID", room.id.expose())
            .with("role", role)
            .with("userID", joiner.user.to_string())
            .with_some("createTime", room.created.clone());
        for (name, value) in bandwidth_settings(joiner.bandwidth) {
            query = query.with(name, *value);
        }
        Ok(signed_url(&self.api, "join", &query, &self.secret))
    }

    /// Makes one call and returns the answer's text; any transport failure, a non-2xx
    /// status, an oversized or non-UTF-8 body is the engine being down.
    async fn call(&self, call: &'static str, query: Query) -> Result<String, LiveError> {
        let url = signed_url(&self.api, call, &query, &self.secret);
        let result = self.fetch(&url).await;
        match &result {
            Ok(_) => tracing::debug!(call, "BigBlueButton answered"),
            Err(e) => tracing::warn!(call, error = %e, "BigBlueButton call failed"),
        }
        result
    }

    async fn fetch(&self, url: &str) -> Result<String, LiveError> {
        let response = self.http.get(url).send().await.map_err(transport)?;
        let body = read_body(response, MAX_BODY_BYTES).await?;
        String::from_utf8(body)
            .map_err(|_| LiveError::EngineDown(DownReason::NotApiXml("not UTF-8")))
    }
}

/// The join settings of each bandwidth mode (the HTML5 client's `userdata-bbb_*`
/// parameters, documented under "Passing custom parameters to the client on join").
fn bandwidth_settings(bandwidth: Bandwidth) -> &'static [(&'static str, &'static str)] {
    match bandwidth {
        Bandwidth::Full => &[],
        // Webcams off in this client (none shown, none sent); sound joined at once, listen-only
        // for viewers (no microphone, no echo test).
        Bandwidth::ScreenAndSound => &[
            ("userdata-bbb_enable_video", "false"),
            ("userdata-bbb_auto_join_audio", "true"),
            ("userdata-bbb_force_listen_only", "true"),
        ],
        // BigBlueButton has no setting that withholds the shared screen; it starts minimised.
        Bandwidth::SoundOnly => &[
            ("userdata-bbb_enable_video", "false"),
            ("userdata-bbb_auto_join_audio", "true"),
            ("userdata-bbb_force_listen_only", "true"),
            ("userdata-bbb_hide_presentation_on_join", "true"),
        ],
    }
}

/// Text for the API's String type: no control characters (0x00–0x1F are refused), trimmed.
fn clean_text(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_owned()
}

/// A meeting name within BigBlueButton's 2 to 64 characters: cut when longer.
fn meeting_name(title: &str) -> Result<String, LiveError> {
    let name: String = clean_text(title).chars().take(*NAME_CHARS.end()).collect();
    let name = name.trim_end().to_owned();
    if name.chars().count() < *NAME_CHARS.start() {
        return Err(LiveError::Invalid("room title shorter than 2 characters"));
    }
    Ok(name)
}

/// A recording id BigBlueButton reads as exactly one recording: its ids are a SHA-1 in hex,
/// a dash and a time in milliseconds. A comma would name several, and a short prefix is a
/// wildcard (documented for getRecordings), so a publish or delete could reach others.
fn checked_recording(id: &RecordingId) -> Result<&str, LiveError> {
    let value = id.0.as_str();
    let well_formed = value.len() >= 42
        && value.len() <= 100
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if well_formed {
        Ok(value)
    } else {
        Err(LiveError::Invalid("recording id"))
    }
}

impl LiveEngine for BbbClient {
    async fn create_room(&self, spec: &RoomSpec) -> Result<Room, LiveError> {
        let name = meeting_name(&spec.title)?;
        let id = RoomId::random();
        let secret = Secret::random();
        let ended = ended_callback_url(
            &self.ended_endpoint,
            spec.session,
            spec.callbacks_until,
            &self.secret,
        )?;
        let record = if spec.record { "true" } else { "false" };
        let query = Query::new()
            .with("name", name)
            .with("meetingID", id.expose())
            .with("moderatorPW", secret.expose())
            // Joins use `role`; a random viewer password that nobody keeps closes the old
            // password path.
            .with("attendeePW", Secret::random().expose())
            .with("record", record)
            .with("autoStartRecording", "false")
            .with("allowStartStopRecording", record)
            .with_some("duration", spec.max_minutes.map(|m| m.to_string()))
            .with("meta_endCallbackUrl", ended.as_str())
            .with_some(
                "meta_bbb-recording-ready-url",
                spec.record.then(|| self.ready_endpoint.to_string()),
            )
            .with("meta_lawha-session", spec.session.to_string());
        let created = xml::parse_create(&self.call("create", query).await?)?;
        Ok(Room {
            id,
            secret,
            created: created.create_time,
        })
    }

    async fn join(&self, room: &Room, joiner: &Joiner) -> Result<JoinTicket, LiveError> {
        self.join_url(room, joiner)
            .map(|url| JoinTicket::Redirect(Secret::new(url)))
    }

    async fn end(&self, room: &Room) -> Result<(), LiveError> {
        let query = Query::new().with("meetingID", room.id.expose());
        match xml::parse_end(&self.call("end", query).await?) {
            Err(LiveError::NoSuchRoom) => Ok(()),
            other => other,
        }
    }

    /// BigBlueButton's API has no call to put someone out (its own client does it): nothing
    /// is asked. Someone already in stays until the meeting ends; Lawha refuses them a new
    /// join URL, and the one they hold is for this meeting only (`createTime`).
    async fn remove(&self, _room: &Room, _user: uuid::Uuid) -> Result<(), LiveError> {
        Ok(())
    }

    /// BigBlueButton's moderators mute in its own client, which its join URL opens; its API
    /// has no call for it.
    async fn mute(
        &self,
        _room: &Room,
        _participant: &str,
        _streams: &[crate::StreamId],
        _mute: bool,
    ) -> Result<(), LiveError> {
        Err(LiveError::Unsupported(
            "BigBlueButton mutes in its own client",
        ))
    }

    /// Nobody joins a BigBlueButton meeting through Lawha's pages under an id of their own.
    async fn kick(&self, _room: &Room, _participant: &str) -> Result<(), LiveError> {
        Err(LiveError::Unsupported(
            "BigBlueButton puts people out in its own client",
        ))
    }

    async fn is_running(&self, room: &Room) -> Result<bool, LiveError> {
        let query = Query::new().with("meetingID", room.id.expose());
        xml::parse_running(&self.call("isMeetingRunning", query).await?)
    }

    async fn present(&self, room: &Room) -> Result<Vec<Present>, LiveError> {
        let query = Query::new().with("meetingID", room.id.expose());
        match xml::parse_meeting_info(&self.call("getMeetingInfo", query).await?) {
            Ok(info) => Ok(info.present),
            Err(LiveError::NoSuchRoom) => Ok(Vec::new()),
            Err(e) => Err(e),
        }
    }

    async fn recordings(&self, room: &Room) -> Result<Vec<Recording>, LiveError> {
        let query = Query::new()
            .with("meetingID", room.id.expose())
            .with("state", "any");
        xml::parse_recordings(&self.call("getRecordings", query).await?)
    }

    async fn publish_recording(
        &self,
        recording: &RecordingId,
        publish: bool,
    ) -> Result<(), LiveError> {
        let query = Query::new()
            .with("recordID", checked_recording(recording)?)
            .with("publish", if publish { "true" } else { "false" });
        let published = xml::parse_published(&self.call("publishRecordings", query).await?)?;
        if published == publish {
            Ok(())
        } else {
            Err(LiveError::EngineDown(DownReason::NotApiXml("published")))
        }
    }

    async fn delete_recording(&self, recording: &RecordingId) -> Result<(), LiveError> {
        let query = Query::new().with("recordID", checked_recording(recording)?);
        if xml::parse_deleted(&self.call("deleteRecordings", query).await?)? {
            Ok(())
        } else {
            Err(LiveError::Refused {
                key: "notDeleted".into(),
                message: "the engine did not delete the recording".into(),
            })
        }
    }

    fn callback_secret(&self) -> Option<&Secret> {
        Some(&self.secret)
    }
}

#[cfg(test)]
mod tests;
