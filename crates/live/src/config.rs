//! The engine a deployment picks in its configuration, and the one value that runs it.

use serde::Deserialize;

use crate::attendance::Present;
use crate::bbb::{BbbClient, BbbConfig};
use crate::janus::{JanusClient, JanusConfig};
use crate::{
    JoinTicket, Joiner, LiveEngine, LiveError, Recording, RecordingId, Role, Room, RoomSpec,
    Secret, StreamId,
};

/// The `[live]` section of a deployment's configuration: which engine, and its settings.
/// The binary reads it from its `[live]` table (see ARCHITECTURE.md, *Live sessions on the web*).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "engine", rename_all = "snake_case")]
pub enum LiveConfig {
    /// The embedded Janus (the default a deployment starts with).
    Janus(JanusConfig),
    /// BigBlueButton alone or behind Scalelite.
    Bigbluebutton(BbbConfig),
}

/// The configured engine. An enum rather than a `dyn LiveEngine`: the trait's futures are not
/// boxed, and a new engine is one more variant, each method one more arm.
#[derive(Debug, Clone)]
pub enum Engine {
    Janus(JanusClient),
    BigBlueButton(BbbClient),
}

impl Engine {
    pub fn from_config(config: LiveConfig) -> Result<Self, LiveError> {
        match config {
            LiveConfig::Janus(config) => JanusClient::new(config).map(Engine::Janus),
            LiveConfig::Bigbluebutton(config) => BbbClient::new(config).map(Engine::BigBlueButton),
        }
    }
}

impl LiveEngine for Engine {
    async fn create_room(&self, spec: &RoomSpec) -> Result<Room, LiveError> {
        match self {
            Engine::Janus(engine) => engine.create_room(spec).await,
            Engine::BigBlueButton(engine) => engine.create_room(spec).await,
        }
    }

    async fn join(&self, room: &Room, joiner: &Joiner) -> Result<JoinTicket, LiveError> {
        match self {
            Engine::Janus(engine) => engine.join(room, joiner).await,
            Engine::BigBlueButton(engine) => engine.join(room, joiner).await,
        }
    }

    async fn end(&self, room: &Room) -> Result<(), LiveError> {
        match self {
            Engine::Janus(engine) => engine.end(room).await,
            Engine::BigBlueButton(engine) => engine.end(room).await,
        }
    }

    async fn remove(&self, room: &Room, user: uuid::Uuid) -> Result<(), LiveError> {
        match self {
            Engine::Janus(engine) => engine.remove(room, user).await,
            Engine::BigBlueButton(engine) => engine.remove(room, user).await,
        }
    }

    async fn mute(
        &self,
        room: &Room,
        participant: &str,
        streams: &[StreamId],
        mute: bool,
    ) -> Result<(), LiveError> {
        match self {
            Engine::Janus(engine) => engine.mute(room, participant, streams, mute).await,
            Engine::BigBlueButton(engine) => engine.mute(room, participant, streams, mute).await,
        }
    }

    fn identify(&self, room: &Room, participant: &str) -> Option<(uuid::Uuid, Role)> {
        match self {
            Engine::Janus(engine) => engine.identify(room, participant),
            Engine::BigBlueButton(engine) => engine.identify(room, participant),
        }
    }

    async fn kick(&self, room: &Room, participant: &str) -> Result<(), LiveError> {
        match self {
            Engine::Janus(engine) => engine.kick(room, participant).await,
            Engine::BigBlueButton(engine) => engine.kick(room, participant).await,
        }
    }

    async fn is_running(&self, room: &Room) -> Result<bool, LiveError> {
        match self {
            Engine::Janus(engine) => engine.is_running(room).await,
            Engine::BigBlueButton(engine) => engine.is_running(room).await,
        }
    }

    async fn present(&self, room: &Room) -> Result<Vec<Present>, LiveError> {
        match self {
            Engine::Janus(engine) => engine.present(room).await,
            Engine::BigBlueButton(engine) => engine.present(room).await,
        }
    }

    async fn recordings(&self, room: &Room) -> Result<Vec<Recording>, LiveError> {
        match self {
            Engine::Janus(engine) => engine.recordings(room).await,
            Engine::BigBlueButton(engine) => engine.recordings(room).await,
        }
    }

    async fn publish_recording(
        &self,
        recording: &RecordingId,
        publish: bool,
    ) -> Result<(), LiveError> {
        match self {
            Engine::Janus(engine) => engine.publish_recording(recording, publish).await,
            Engine::BigBlueButton(engine) => engine.publish_recording(recording, publish).await,
        }
    }

    async fn delete_recording(&self, recording: &RecordingId) -> Result<(), LiveError> {
        match self {
            Engine::Janus(engine) => engine.delete_recording(recording).await,
            Engine::BigBlueButton(engine) => engine.delete_recording(recording).await,
        }
    }

    fn callback_secret(&self) -> Option<&Secret> {
        match self {
            Engine::Janus(engine) => engine.callback_secret(),
            Engine::BigBlueButton(engine) => engine.callback_secret(),
        }
    }
}

/// Durations given in seconds (`timeout = 2.5`).
pub(crate) mod seconds {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer};

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        f64::deserialize(d).and_then(|s| {
            Duration::try_from_secs_f64(s).map_err(|_| serde::de::Error::custom("bad duration"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deployment_picks_bigbluebutton_by_name() {
        let config: LiveConfig = serde_json::from_str(
            r#"{"engine":"bigbluebutton","api_url":"https://bbb.example/bigbluebutton/api/",
                "secret":"s3cr3t-0123456789abcdef","callback_base":"https://lawha.example/live/bbb/","timeout":2.5}"#,
        )
        .unwrap();
        let shown = format!("{config:?}");
        assert!(!shown.contains("s3cr3t"), "{shown}");
        let LiveConfig::Bigbluebutton(bbb) = &config else {
            panic!("not BigBlueButton");
        };
        assert_eq!(bbb.timeout, std::time::Duration::from_millis(2500));
        assert!(matches!(
            Engine::from_config(config),
            Ok(Engine::BigBlueButton(_))
        ));
        let unknown = serde_json::from_str::<LiveConfig>(r#"{"engine":"zoom"}"#);
        assert!(unknown.is_err());
    }

    #[test]
    fn a_deployment_picks_janus_by_name() {
        let config: LiveConfig = serde_json::from_str(
            r#"{"engine":"janus","api_url":"http://127.0.0.1:8088/janus",
                "admin_key":"k3y-0123456789abcdef","recordings_dir":"/var/lib/lawha/janus"}"#,
        )
        .unwrap();
        let shown = format!("{config:?}");
        assert!(!shown.contains("k3y"), "{shown}");
        let LiveConfig::Janus(janus) = &config else {
            panic!("not Janus");
        };
        assert_eq!(janus.public_path, "/janus");
        assert!(matches!(Engine::from_config(config), Ok(Engine::Janus(_))));
        for bad in [
            r#"{"engine":"janus","api_url":"http://127.0.0.1:8088/janus","admin_key":"short","recordings_dir":"/rec"}"#,
            r#"{"engine":"janus","api_url":"http://127.0.0.1:8088/janus","admin_key":"k3y-0123456789abcdef","recordings_dir":"rec"}"#,
            r#"{"engine":"janus","api_url":"ftp://127.0.0.1/janus","admin_key":"k3y-0123456789abcdef","recordings_dir":"/rec"}"#,
        ] {
            let config: LiveConfig = serde_json::from_str(bad).unwrap();
            assert!(
                matches!(Engine::from_config(config), Err(LiveError::Invalid(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_short_secret_is_refused() {
        let config: LiveConfig = serde_json::from_str(
            r#"{"engine":"bigbluebutton","api_url":"https://bbb.example/bigbluebutton/api/",
                "secret":"0123456789abcde","callback_base":"https://lawha.example/live/bbb/"}"#,
        )
        .unwrap();
        assert!(matches!(
            Engine::from_config(config),
            Err(LiveError::Invalid(_))
        ));
    }

    #[test]
    fn a_callback_base_without_a_final_slash_is_refused() {
        let config: LiveConfig = serde_json::from_str(
            r#"{"engine":"bigbluebutton","api_url":"https://bbb.example/bigbluebutton/api",
                "secret":"0123456789abcdef","callback_base":"https://lawha.example/live/bbb"}"#,
        )
        .unwrap();
        assert!(matches!(
            Engine::from_config(config),
            Err(LiveError::Invalid(_))
        ));
    }
}
