//! Janus's HTTP API: one session with one VideoRoom handle, kept and replaced when Janus
//! forgets it.
//!
//! Lawha only makes the VideoRoom's synchronous requests (create, allowed, exists,
//! listparticipants, destroy), each answered in the POST itself, so it never long-polls
//! events and sends no keepalives: a session left idle past Janus's `session_timeout` (or
//! lost to a restart) answers "no such session" (458) or "no such handle" (459), and the call
//! is sent once more on a fresh session. Nothing runs in the background.

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use rand::rngs::OsRng;
use rand::RngCore;
use serde_json::{json, Value};

use crate::http::{read_body, transport};
use crate::{DownReason, LiveError};

/// The largest answer read (a listparticipants of a full room is some kilobytes).
const MAX_BODY_BYTES: usize = 1024 * 1024;
/// Janus's core codes for a session or handle it does not know.
const NO_SUCH_SESSION: i64 = 458;
const NO_SUCH_HANDLE: i64 = 459;

/// A session and the VideoRoom handle attached in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Attached {
    session: u64,
    handle: u64,
}

/// The HTTP API of one Janus, as the VideoRoom's administrator.
#[derive(Debug)]
pub(super) struct JanusApi {
    http: reqwest::Client,
    /// The API's URL without a final `/` (`…/janus`); session and handle ids are appended.
    base: String,
    attached: Mutex<Option<Attached>>,
}

/// What one request gave: the answer, or a sign that the session is gone.
enum Outcome {
    Answer(Value),
    Stale,
}

impl JanusApi {
    pub(super) fn new(api_url: &url::Url, timeout: Duration) -> Result<Self, LiveError> {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|_| LiveError::Invalid("HTTP client"))?;
        Ok(JanusApi {
            http,
            base: api_url.as_str().trim_end_matches('/').to_owned(),
            attached: Mutex::new(None),
        })
    }

    /// Sends one synchronous VideoRoom request and returns the plugin's `data` object
    /// (errors in it are the caller's to read).
    pub(super) async fn videoroom(
        &self,
        request: &'static str,
        body: Value,
    ) -> Result<Value, LiveError> {
        let result = self.videoroom_once_or_twice(body).await;
        match &result {
            Ok(_) => tracing::debug!(request, "Janus answered"),
            Err(e) => tracing::warn!(request, error = %e, "Janus call failed"),
        }
        result
    }

    async fn videoroom_once_or_twice(&self, body: Value) -> Result<Value, LiveError> {
        for _ in 0..2 {
            let attached = match self.current() {
                Some(attached) => attached,
                None => self.attach().await?,
            };
            let path = format!("{}/{}", attached.session, attached.handle);
            let message = json!({"janus": "message", "body": body});
            match self.post(&path, message).await? {
                Outcome::Answer(answer) => return plugin_data(answer),
                Outcome::Stale => self.forget(attached),
            }
        }
        // A session made a moment ago is already unknown: Janus is not keeping sessions.
        Err(LiveError::EngineDown(DownReason::NotApiJson(
            "session lost at once",
        )))
    }

    fn current(&self) -> Option<Attached> {
        *self.attached.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Forgets `stale` unless another call already replaced it.
    fn forget(&self, stale: Attached) {
        let mut attached = self.attached.lock().unwrap_or_else(PoisonError::into_inner);
        if *attached == Some(stale) {
            *attached = None;
        }
    }

    /// Creates a session and attaches the VideoRoom plugin in it. Two calls racing here make
    /// two sessions; the one not kept times out on Janus by itself.
    async fn attach(&self) -> Result<Attached, LiveError> {
        let session = match self.post("", json!({"janus": "create"})).await? {
            Outcome::Answer(answer) => created_id(&answer)?,
            Outcome::Stale => return Err(LiveError::EngineDown(DownReason::NotApiJson("create"))),
        };
        let attach = json!({"janus": "attach", "plugin": "janus.plugin.videoroom"});
        let handle = match self.post(&session.to_string(), attach).await? {
            Outcome::Answer(answer) => created_id(&answer)?,
            Outcome::Stale => return Err(LiveError::EngineDown(DownReason::NotApiJson("attach"))),
        };
        let attached = Attached { session, handle };
        *self.attached.lock().unwrap_or_else(PoisonError::into_inner) = Some(attached);
        Ok(attached)
    }

    /// POSTs one Janus request (a transaction id is added) and reads the core's answer.
    async fn post(&self, path: &str, mut request: Value) -> Result<Outcome, LiveError> {
        let transaction = transaction_id();
        request["transaction"] = Value::String(transaction.clone());
        let url = if path.is_empty() {
            self.base.clone()
        } else {
            format!("{}/{path}", self.base)
        };
        let body = serde_json::to_vec(&request).map_err(|_| LiveError::Invalid("request"))?;
        let response = self
            .http
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body)
            .send()
            .await
            .map_err(transport)?;
        let answer = read_body(response, MAX_BODY_BYTES).await?;
        read_answer(&answer, &transaction)
    }
}

/// Reads the core's answer to one request: `success` (or `ack`), or a core `error`.
fn read_answer(body: &[u8], transaction: &str) -> Result<Outcome, LiveError> {
    let answer: Value = serde_json::from_slice(body)
        .map_err(|_| LiveError::EngineDown(DownReason::NotApiJson("not JSON")))?;
    if answer.get("transaction").and_then(Value::as_str) != Some(transaction) {
        return Err(LiveError::EngineDown(DownReason::NotApiJson("transaction")));
    }
    match answer.get("janus").and_then(Value::as_str) {
        Some("success") => Ok(Outcome::Answer(answer)),
        Some("error") => {
            let error = answer.get("error");
            let code = error.and_then(|e| e.get("code")).and_then(Value::as_i64);
            if matches!(code, Some(NO_SUCH_SESSION | NO_SUCH_HANDLE)) {
                return Ok(Outcome::Stale);
            }
            let reason = error
                .and_then(|e| e.get("reason"))
                .and_then(Value::as_str)
                .unwrap_or_default();
            Err(LiveError::Refused {
                key: format!("janus-{}", code.unwrap_or(0)),
                message: reason.chars().take(200).collect(),
            })
        }
        _ => Err(LiveError::EngineDown(DownReason::NotApiJson("janus"))),
    }
}

/// The id in a `create` or `attach` answer.
fn created_id(answer: &Value) -> Result<u64, LiveError> {
    answer
        .get("data")
        .and_then(|d| d.get("id"))
        .and_then(Value::as_u64)
        .ok_or(LiveError::EngineDown(DownReason::NotApiJson("id")))
}

/// The plugin's `data` in a synchronous answer.
fn plugin_data(answer: Value) -> Result<Value, LiveError> {
    let mut answer = answer;
    let data = answer
        .get_mut("plugindata")
        .filter(|p| p.get("plugin").and_then(Value::as_str) == Some("janus.plugin.videoroom"))
        .and_then(|p| p.get_mut("data"))
        .map(Value::take);
    data.filter(Value::is_object)
        .ok_or(LiveError::EngineDown(DownReason::NotApiJson("plugindata")))
}

/// A fresh transaction id (Janus echoes it; an answer with another is not ours).
fn transaction_id() -> String {
    let mut bytes = [0u8; 9];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn down(result: Result<Outcome, LiveError>) -> DownReason {
        match result {
            Err(LiveError::EngineDown(reason)) => reason,
            Err(e) => panic!("{e}"),
            Ok(_) => panic!("answer accepted"),
        }
    }

    #[test]
    fn answers_are_read_by_their_transaction() {
        let ok = br#"{"janus":"success","transaction":"t1","data":{"id":42}}"#;
        let Ok(Outcome::Answer(answer)) = read_answer(ok, "t1") else {
            panic!("not an answer")
        };
        assert_eq!(created_id(&answer).ok(), Some(42));
        assert_eq!(
            down(read_answer(ok, "t2")),
            DownReason::NotApiJson("transaction")
        );
        assert_eq!(
            down(read_answer(b"<html>", "t1")),
            DownReason::NotApiJson("not JSON")
        );
        let odd = br#"{"janus":"event","transaction":"t1"}"#;
        assert_eq!(
            down(read_answer(odd, "t1")),
            DownReason::NotApiJson("janus")
        );
    }

    #[test]
    fn a_forgotten_session_is_stale_and_other_errors_are_refusals() {
        for code in [458, 459] {
            let body = format!(
                r#"{{"janus":"error","transaction":"t","error":{{"code":{code},"reason":"No such session"}}}}"#
            );
            assert!(matches!(
                read_answer(body.as_bytes(), "t"),
                Ok(Outcome::Stale)
            ));
        }
        let body = br#"{"janus":"error","transaction":"t","error":{"code":403,"reason":"Unauthorized request (wrong or missing secret/token)"}}"#;
        match read_answer(body, "t") {
            Err(LiveError::Refused { key, .. }) => assert_eq!(key, "janus-403"),
            _ => panic!("not a refusal"),
        }
    }

    #[test]
    fn plugin_data_must_come_from_the_videoroom() {
        let answer = json!({"plugindata": {"plugin": "janus.plugin.videoroom", "data": {"videoroom": "success"}}});
        assert_eq!(
            plugin_data(answer).ok(),
            Some(json!({"videoroom": "success"}))
        );
        let other = json!({"plugindata": {"plugin": "janus.plugin.echotest", "data": {}}});
        assert!(plugin_data(other).is_err());
        assert!(plugin_data(json!({"janus": "success"})).is_err());
    }
}
