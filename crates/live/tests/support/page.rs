//! A stand-in for the page's janus.js: the same HTTP requests a browser sends to join a room,
//! without media (Janus accepts a publisher's join before any offer).

use serde_json::{json, Value};

/// One browser's session with one VideoRoom handle.
pub struct Page {
    http: reqwest::Client,
    base: String,
    session: u64,
    handle: u64,
    next: u64,
}

/// A VideoRoom answer: what `joined` said, or the error code and text.
pub type Joined = Result<Value, (i64, String)>;

impl Page {
    pub async fn open(api_url: &str, plugin: &str) -> Page {
        let http = reqwest::Client::new();
        let mut page = Page {
            http,
            base: api_url.to_owned(),
            session: 0,
            handle: 0,
            next: 0,
        };
        let created = page.post(api_url, json!({"janus": "create"})).await;
        page.session = created["data"]["id"].as_u64().unwrap();
        let url = format!("{api_url}/{}", page.session);
        let attached = page
            .post(&url, json!({"janus": "attach", "plugin": plugin}))
            .await;
        page.handle = attached["data"]["id"].as_u64().unwrap();
        page
    }

    async fn post(&mut self, url: &str, mut body: Value) -> Value {
        self.next += 1;
        body["transaction"] = json!(format!("page-{}", self.next));
        let body = serde_json::to_vec(&body).unwrap();
        let response = self.http.post(url).body(body).send().await.unwrap();
        serde_json::from_slice(&response.bytes().await.unwrap()).unwrap()
    }

    /// Sends a message to the plugin; returns the synchronous answer's plugin data, or, for
    /// an asynchronous request, the event that answers it (long-polled as janus.js does).
    pub async fn message(&mut self, body: Value) -> Value {
        let url = format!("{}/{}/{}", self.base, self.session, self.handle);
        let answer = self
            .post(&url, json!({"janus": "message", "body": body}))
            .await;
        let transaction = answer["transaction"].clone();
        match answer["janus"].as_str() {
            Some("success") => return answer["plugindata"]["data"].clone(),
            Some("ack") => {}
            other => panic!("unexpected answer {other:?}: {answer}"),
        }
        let poll = format!("{}/{}?maxev=1", self.base, self.session);
        for _ in 0..20 {
            let response = self.http.get(&poll).send().await.unwrap();
            let events: Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
            let events = match events {
                Value::Array(events) => events,
                single => vec![single],
            };
            for event in events {
                if event["janus"] == "event" && event["transaction"] == transaction {
                    return event["plugindata"]["data"].clone();
                }
            }
        }
        panic!("no answer to the join");
    }

    /// Joins a VideoRoom as a publisher (sending nothing yet).
    pub async fn join(&mut self, room: &str, pin: &str, token: Option<&str>, id: &str) -> Joined {
        let mut body = json!({
            "request": "join", "ptype": "publisher", "room": room, "pin": pin,
            "id": id, "display": "Page",
        });
        if let Some(token) = token {
            body["token"] = json!(token);
        }
        read(self.message(body).await, "joined")
    }
}

/// The plugin data of the expected kind, or its error.
pub fn read(data: Value, kind: &str) -> Joined {
    if let Some(code) = data["error_code"].as_i64() {
        return Err((code, data["error"].as_str().unwrap_or_default().to_owned()));
    }
    assert_eq!(data["videoroom"], kind, "{data}");
    Ok(data)
}
