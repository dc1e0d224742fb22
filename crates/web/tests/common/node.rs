//! Another node of the same platform: the same database and media as a [`TestApp`], with its
//! own caches and search index, as a second `lawha serve` behind the balancer would have.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use lawha_web::{router, AppState, CatalogSearch, WebConfig};
use tower::ServiceExt;

use super::{Client, TestApp};

pub struct Node {
    pub state: AppState,
    app: Router,
}

impl Node {
    /// A node beside `first`, configured with `config`.
    pub fn beside(first: &TestApp, config: WebConfig) -> Node {
        let search = CatalogSearch::open(None).expect("search index");
        Node::of(AppState::with_services(
            first.store.store.clone(),
            config,
            first.state.media.clone(),
            search,
        ))
    }

    /// A node serving `state`.
    pub fn of(state: AppState) -> Node {
        Node {
            app: router(state.clone()),
            state,
        }
    }

    /// What the node's feed reader does every refresh interval.
    pub async fn read_feed(&self) {
        self.state
            .sessions
            .read_feed(&self.state.store)
            .await
            .expect("read the feed");
    }

    /// The status of `GET /` for this browser, and the page.
    pub async fn home(&self, client: &Client) -> (StatusCode, String) {
        self.get(client, "/").await
    }

    /// The status of `GET path` for this browser, and the page.
    pub async fn get(&self, client: &Client, path: &str) -> (StatusCode, String) {
        let cookies: Vec<String> = client
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let req = Request::get(path)
            .header(header::COOKIE, cookies.join("; "))
            .body(Body::empty())
            .expect("request");
        let resp = self.app.clone().oneshot(req).await.expect("response");
        let status = resp.status();
        let body = axum::body::to_bytes(resp.into_body(), usize::MAX)
            .await
            .expect("body");
        (status, String::from_utf8_lossy(&body).into_owned())
    }
}
