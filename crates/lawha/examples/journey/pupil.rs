//! The journey of one virtual pupil, as a phone's browser plays it: sign in (the form for its
//! CSRF field and pre-session cookie, then the POST), the home page, a lesson, a capsule
//! page, its HLS master playlist, the lowest rung's playlist and first segments, then an
//! exercise set whose items it answers one by one (each answer followed by the set page the
//! redirect leads to), pausing between steps. It signs out and in again every few rounds.

use std::sync::Arc;
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use reqwest::StatusCode;

use crate::browser::{Browser, Stop};
use crate::page;
use crate::stats::Stats;
use crate::{Account, Catalog};

/// Segments fetched after the playlists: what a player buffers before it starts.
const FIRST_SEGMENTS: usize = 2;

pub struct Pupil {
    account: Account,
    browser: Browser,
    catalog: Arc<Catalog>,
    stats: Arc<Stats>,
    think: Duration,
    rounds_per_sign_in: u32,
    rng: StdRng,
}

impl Pupil {
    pub fn new(
        number: u64,
        account: Account,
        browser: Browser,
        catalog: Arc<Catalog>,
        stats: Arc<Stats>,
        think: Duration,
        rounds_per_sign_in: u32,
    ) -> Pupil {
        Pupil {
            account,
            browser,
            catalog,
            stats,
            think,
            rounds_per_sign_in,
            rng: StdRng::seed_from_u64(number),
        }
    }

    /// Plays rounds until `deadline` (time since the run started).
    pub async fn play(mut self, deadline: Duration) {
        let mut csrf = None;
        let mut rounds = 0;
        while self.stats.elapsed() < deadline {
            if csrf.is_none() || rounds >= self.rounds_per_sign_in {
                if let Some(token) = csrf.take() {
                    let _ = self.sign_out(token).await;
                }
                rounds = 0;
                csrf = self.sign_in().await.ok();
                self.pause().await;
                continue;
            }
            match self.round().await {
                Ok(()) => rounds += 1,
                // A failed step counts as a round: the pupil starts again from the home
                // page after a pause, and signs in afresh when its rounds are up.
                Err(Stop) => {
                    rounds += 1;
                    self.pause().await;
                }
            }
        }
    }

    /// Waits a think time: uniform between none and twice the mean.
    async fn pause(&mut self) {
        if self.think.is_zero() {
            return;
        }
        let ms = self.think.as_millis() as u64;
        let wait = self.rng.gen_range(0..=2 * ms);
        tokio::time::sleep(Duration::from_millis(wait)).await;
    }

    async fn sign_in(&mut self) -> Result<String, Stop> {
        // A sign-out that failed leaves the old session's cookie; the phone keeps the rest
        // (the known-device cookie the platform set at the last sign-in).
        self.browser.forget_cookie("lawha_session");
        let form = self.browser.get("login_form", "/login").await?;
        let csrf = page::csrf(&form).ok_or(Stop)?;
        let fields = [
            ("csrf", csrf.as_str()),
            ("next", ""),
            ("identifier", self.account.login.as_str()),
            ("password", self.account.password.as_str()),
        ];
        self.browser
            .post(
                "sign_in",
                "/login",
                &owned(&fields),
                &[StatusCode::SEE_OTHER],
            )
            .await?;
        let home = self.browser.get("home", "/").await?;
        page::csrf(&home).ok_or(Stop)
    }

    async fn sign_out(&mut self, csrf: String) -> Result<(), Stop> {
        let fields = [("csrf".to_string(), csrf)];
        self.browser
            .post("sign_out", "/logout", &fields, &[StatusCode::SEE_OTHER])
            .await
            .map(|_| ())
    }

    async fn round(&mut self) -> Result<(), Stop> {
        self.browser.get("home", "/").await?;
        self.pause().await;
        let lesson = pick(&mut self.rng, &self.catalog.lessons);
        self.browser.get("lesson", &lesson).await?;
        self.pause().await;
        let capsule = pick(&mut self.rng, &self.catalog.capsules);
        let capsule_page = self.browser.get("capsule", &capsule).await?;
        if let Some(master) = page::master_playlist(&capsule_page) {
            self.first_segments(&master).await?;
        }
        self.pause().await;
        let set = pick(&mut self.rng, &self.catalog.sets);
        self.answer_set(&set).await
    }

    /// The master playlist, the first (lowest) rung's playlist and its first segments.
    async fn first_segments(&mut self, master: &str) -> Result<(), Stop> {
        let listing = self.browser.get("playlist", master).await?;
        let Some(rung) = page::playlist_entries(&listing, 1).pop() else {
            return Ok(());
        };
        let rung = sibling(master, &rung);
        let rung_listing = self.browser.get("playlist", &rung).await?;
        for segment in page::playlist_entries(&rung_listing, FIRST_SEGMENTS) {
            self.browser
                .get("segment", &sibling(&rung, &segment))
                .await?;
        }
        Ok(())
    }

    /// Answers the set's items one after the other, each from the page the last answer led
    /// back to (as a pupil does: the form of the next item carries its own event id).
    async fn answer_set(&mut self, set: &str) -> Result<(), Stop> {
        let mut html = self.browser.get("set", set).await?;
        let items = page::answers(&html).len();
        for index in 0..items {
            self.pause().await;
            let Some(answer) = page::answers(&html).into_iter().nth(index) else {
                break;
            };
            let expected = [
                StatusCode::SEE_OTHER,
                StatusCode::CONFLICT,
                StatusCode::UNPROCESSABLE_ENTITY,
            ];
            let reply = self
                .browser
                .post("answer", &answer.action, &answer.fields, &expected)
                .await?;
            match (reply.status, reply.location) {
                (StatusCode::SEE_OTHER, Some(to)) if to.starts_with("/exercises/") => {
                    self.stats.acknowledged(&answer.event_id);
                    let back = to.split('#').next().unwrap_or(&to).to_string();
                    html = self.browser.get("set", &back).await?;
                }
                // Sent to sign in: the session is gone, which a pupil would not expect.
                (StatusCode::SEE_OTHER, _) => return Err(Stop),
                // A quiz's attempts used up, or an answer the server asks again for.
                _ => self.stats.refused_answer(),
            }
        }
        Ok(())
    }
}

/// One of `from` at random (the catalog's lists are never empty: see `Catalog::discover`).
fn pick(rng: &mut StdRng, from: &[String]) -> String {
    let index = rng.gen_range(0..from.len().max(1));
    from.get(index).cloned().unwrap_or_else(|| "/".to_string())
}

/// `entry` resolved against the folder of the playlist at `path`.
fn sibling(path: &str, entry: &str) -> String {
    if entry.starts_with('/') {
        return entry.to_string();
    }
    match path.rsplit_once('/') {
        Some((folder, _)) => format!("{folder}/{entry}"),
        None => entry.to_string(),
    }
}

fn owned(fields: &[(&str, &str)]) -> Vec<(String, String)> {
    fields
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn playlist_entries_resolve_against_their_folder() {
        assert_eq!(
            sibling("/media/v1/master.m3u8", "144p/index.m3u8"),
            "/media/v1/144p/index.m3u8"
        );
        assert_eq!(
            sibling("/media/v1/144p/index.m3u8", "seg_0000.ts"),
            "/media/v1/144p/seg_0000.ts"
        );
        assert_eq!(
            sibling("/media/v1/a.m3u8", "/media/v2/b.ts"),
            "/media/v2/b.ts"
        );
    }
}
