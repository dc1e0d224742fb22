//! An article's body as HTML. Authors write plain text with a few marks: a blank line
//! between paragraphs, `## ` before a heading, `- ` before each item of a list, `**…**`
//! around words in bold. Every character of the text is escaped first, and the only
//! markup that comes out is built here (`p`, `h2`, `ul`, `li`, `strong`, `br`) with no
//! attribute at all, so nothing an author types can become a link, a script or a style.

use std::fmt::{self, Write};

/// HTML made by [`render`]: written into pages as is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleHtml(String);

impl fmt::Display for ArticleHtml {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Renders an article's body.
pub fn render(body: &str) -> ArticleHtml {
    let mut html = String::with_capacity(body.len() + body.len() / 4);
    let normalized = body.replace("\r\n", "\n");
    for block in normalized.split("\n\n") {
        let lines: Vec<&str> = block
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let Some(first) = lines.first() else {
            continue;
        };
        let mut rest = &lines[..];
        if let Some(heading) = first.strip_prefix("## ") {
            html.push_str("<h2>");
            inline(&mut html, heading);
            html.push_str("</h2>");
            rest = &lines[1..];
        }
        if rest.is_empty() {
            continue;
        }
        if rest.iter().all(|l| l.starts_with("- ")) {
            html.push_str("<ul>");
            for item in rest {
                html.push_str("<li>");
                inline(&mut html, item.get(2..).unwrap_or_default());
                html.push_str("</li>");
            }
            html.push_str("</ul>");
        } else {
            html.push_str("<p>");
            for (i, line) in rest.iter().enumerate() {
                if i > 0 {
                    html.push_str("<br>");
                }
                inline(&mut html, line);
            }
            html.push_str("</p>");
        }
    }
    ArticleHtml(html)
}

/// The plain text of a body (marks removed), for a short excerpt.
pub fn excerpt(body: &str, max_chars: usize) -> String {
    let plain: String = body
        .split_whitespace()
        .filter(|w| *w != "##" && *w != "-")
        .collect::<Vec<_>>()
        .join(" ")
        .replace("**", "");
    match plain.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", plain.get(..cut).unwrap_or_default().trim_end()),
        None => plain,
    }
}

/// One line: escaped, with `**…**` pairs as `<strong>`; an unpaired `**` stays as typed.
fn inline(html: &mut String, line: &str) {
    let parts: Vec<&str> = line.split("**").collect();
    let paired = parts.len() % 2 == 1;
    for (i, part) in parts.iter().enumerate() {
        let bold = paired && i % 2 == 1;
        if !paired && i > 0 {
            escape(html, "**");
        }
        if bold {
            html.push_str("<strong>");
        }
        escape(html, part);
        if bold {
            html.push_str("</strong>");
        }
    }
}

fn escape(html: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '"' => html.push_str("&quot;"),
            '\'' => html.push_str("&#39;"),
            c => {
                let _ = html.write_char(c);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_become_the_few_allowed_tags() {
        let html = render("## Titre\nUn **mot** fort.\nSuite\n\n- un\n- deux\n\nFin");
        assert_eq!(
            html.to_string(),
            "<h2>Titre</h2><p>Un <strong>mot</strong> fort.<br>Suite</p>\
             <ul><li>un</li><li>deux</li></ul><p>Fin</p>"
        );
    }

    #[test]
    fn nothing_typed_becomes_markup() {
        let html =
            render("<script>alert(1)</script> **<img src=x onerror=y>** ** \"'&").to_string();
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(html.contains("&quot;&#39;&amp;"), "{html}");
        // Every tag that comes out is one of the allowed ones, without attributes.
        for tag in html.split('<').skip(1) {
            let name = tag.split('>').next().unwrap_or_default();
            assert!(
                ["p", "/p", "strong", "/strong", "br"].contains(&name),
                "{name} in {html}"
            );
        }
    }

    #[test]
    fn excerpts_are_plain_and_short() {
        assert_eq!(excerpt("## Titre\n- **un** deux trois", 9), "Titre un…");
        assert_eq!(excerpt("كلمة", 10), "كلمة");
    }
}
