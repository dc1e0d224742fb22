//! Reading what a browser would read off Lawha's pages: the CSRF field, links of a kind, the
//! player's playlist, a playlist's first entries and the answer forms of an exercise set,
//! filled the way a pupil who picks the first option would. Plain patterns over the HTML the
//! templates write; a template change that breaks one shows as a journey that cannot go on.

use std::sync::LazyLock;

use regex::Regex;

fn pattern(source: &str) -> Regex {
    match Regex::new(source) {
        Ok(regex) => regex,
        Err(e) => panic!("bad pattern {source:?}: {e}"),
    }
}

static CSRF: LazyLock<Regex> =
    LazyLock::new(|| pattern(r#"<input type="hidden" name="csrf" value="([^"]+)""#));
static HREF: LazyLock<Regex> = LazyLock::new(|| pattern(r##"href="(/[^"#?]*)[^"]*""##));
static MASTER: LazyLock<Regex> = LazyLock::new(|| pattern(r#"data-master="([^"]+)""#));
static FORM: LazyLock<Regex> = LazyLock::new(|| {
    pattern(r#"(?s)<form method="post" action="(/exercises/[^"]+/answer)">(.*?)</form>"#)
});
static INPUT: LazyLock<Regex> = LazyLock::new(|| pattern(r"<(input|select)\b([^>]*)>"));
static ATTRIBUTE: LazyLock<Regex> = LazyLock::new(|| pattern(r#"\b(type|name|value)="([^"]*)""#));

/// The first CSRF token of a page.
pub fn csrf(html: &str) -> Option<String> {
    CSRF.captures(html).map(|c| decode(&c[1]))
}

/// Every distinct link of a page that starts with `prefix`, in page order.
pub fn links(html: &str, prefix: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for capture in HREF.captures_iter(html) {
        let href = &capture[1];
        if href.starts_with(prefix) && href.len() > prefix.len() && !found.iter().any(|f| f == href)
        {
            found.push(href.to_string());
        }
    }
    found
}

/// The HLS master playlist of a capsule page's player.
pub fn master_playlist(html: &str) -> Option<String> {
    MASTER.captures(html).map(|c| decode(&c[1]))
}

/// The first `count` URIs of a playlist (variants of a master, segments of a media playlist).
pub fn playlist_entries(playlist: &str, count: usize) -> Vec<String> {
    playlist
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .take(count)
        .map(str::to_string)
        .collect()
}

/// An answer form of an exercise set page, filled in.
pub struct Answer {
    pub action: String,
    pub event_id: String,
    pub fields: Vec<(String, String)>,
}

/// Every answer form of a set page, each filled with the first choice, `1` for typed
/// answers, and entries in their shown order for ordering items: right or wrong, every
/// answer is a valid one the server records.
pub fn answers(html: &str) -> Vec<Answer> {
    FORM.captures_iter(html)
        .filter_map(|form| fill(&form[1], &form[2]))
        .collect()
}

fn fill(action: &str, body: &str) -> Option<Answer> {
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut event_id = None;
    for input in INPUT.captures_iter(body) {
        let element = &input[1];
        let mut kind = if element == "select" {
            "select"
        } else {
            "text"
        };
        let (mut name, mut value) = (None, None);
        for attribute in ATTRIBUTE.captures_iter(&input[2]) {
            match &attribute[1] {
                "type" => kind = attribute.get(2).map_or("text", |m| m.as_str()),
                "name" => name = Some(attribute[2].to_string()),
                _ => value = Some(decode(&attribute[2])),
            }
        }
        let Some(name) = name else { continue };
        if fields.iter().any(|(n, _)| *n == name) {
            continue; // the first radio button or checkbox of a group is the one ticked
        }
        let filled = match kind {
            "hidden" | "radio" | "checkbox" => value.unwrap_or_default(),
            "select" => match name.strip_prefix("order") {
                Some(position) => position.to_string(),
                None => "0".to_string(),
            },
            _ => "1".to_string(),
        };
        if name == "event_id" {
            event_id = Some(filled.clone());
        }
        fields.push((name, filled));
    }
    Some(Answer {
        action: decode(action),
        event_id: event_id?,
        fields,
    })
}

/// The few entities askama writes into attribute values.
fn decode(text: &str) -> String {
    text.replace("&#x2f;", "/")
        .replace("&#x2F;", "/")
        .replace("&#43;", "+")
        .replace("&#61;", "=")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_each_kind_of_input() {
        let html = r#"<form method="post" action="/exercises/s1/items/i1/answer">
<input type="hidden" name="csrf" value="tok&#x2f;en">
<input type="hidden" name="event_id" value="e1">
<label><input type="radio" name="choice" value="0" required></label>
<label><input type="radio" name="choice" value="1"></label>
<input type="text" id="q1-text" name="text" required>
<select id="q1-o0" name="order0" required><option value="">—</option></select>
<select id="q1-o1" name="order1" required><option value="">—</option></select>
<select name="blank0" required></select>
</form>"#;
        let answers = answers(html);
        assert_eq!(answers.len(), 1);
        let answer = &answers[0];
        assert_eq!(answer.action, "/exercises/s1/items/i1/answer");
        assert_eq!(answer.event_id, "e1");
        let fields: Vec<(&str, &str)> = answer
            .fields
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("csrf", "tok/en"),
                ("event_id", "e1"),
                ("choice", "0"),
                ("text", "1"),
                ("order0", "0"),
                ("order1", "1"),
                ("blank0", "0"),
            ]
        );
    }

    #[test]
    fn reads_links_and_playlists() {
        let html = r#"<a href="/lessons/a">x</a><a href="/lessons/a">y</a><a href="/lessons/b#t">z</a>
<video data-master="/media/v1/master.m3u8">"#;
        assert_eq!(links(html, "/lessons/"), ["/lessons/a", "/lessons/b"]);
        assert_eq!(
            master_playlist(html).as_deref(),
            Some("/media/v1/master.m3u8")
        );
        let playlist = "#EXTM3U\n#EXTINF:4,\nseg_0000.ts\n#EXTINF:4,\nseg_0001.ts\nseg_0002.ts\n";
        assert_eq!(
            playlist_entries(playlist, 2),
            ["seg_0000.ts", "seg_0001.ts"]
        );
    }
}
