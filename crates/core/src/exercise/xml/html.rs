//! Moodle XML texts are usually HTML (`format="html"`). Lawha shows exercise texts as plain
//! text with server-rendered maths and never writes an author's HTML into pages (safety and
//! page weight), so HTML texts are reduced to their text here: tags dropped, paragraphs and
//! line breaks kept as line breaks, character references decoded. LaTeX in them survives.

/// The text of an HTML fragment.
pub fn to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&decode(&rest[..start]));
        let Some(end) = rest[start..].find('>') else {
            // A lone '<' is text ("a < b").
            out.push_str(&decode(&rest[start..]));
            rest = "";
            break;
        };
        let tag = rest[start + 1..start + end].trim().to_ascii_lowercase();
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or_default();
        if matches!(name, "br" | "p" | "div" | "li" | "tr") && !out.ends_with('\n') {
            out.push('\n');
        }
        rest = &rest[start + end + 1..];
    }
    out.push_str(&decode(rest));
    collapse(&out)
}

/// Spaces inside lines collapsed, blank lines removed, surrounding space trimmed.
fn collapse(text: &str) -> String {
    text.lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Decodes the character references HTML editors write; unknown ones stay as written.
fn decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let decoded = after.find(';').filter(|&end| end <= 10).and_then(|end| {
            let name = &after[..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_go_paragraphs_stay() {
        assert_eq!(
            to_text("<p>Quelle est la <b>capitale</b> ?</p><p>Réponds&nbsp;vite.</p>"),
            "Quelle est la capitale ?\nRéponds vite."
        );
        assert_eq!(to_text("a<br/>b<br>c"), "a\nb\nc");
    }

    #[test]
    fn references_and_lone_brackets() {
        assert_eq!(
            to_text("a &lt; b &amp;&amp; c &#8805; d &#x627;"),
            "a < b && c ≥ d ا"
        );
        assert_eq!(
            to_text("2 < 3 et &unknown; reste"),
            "2 < 3 et &unknown; reste"
        );
    }

    #[test]
    fn latex_survives() {
        assert_eq!(to_text("<p>\\(\\frac{1}{2}\\)</p>"), "\\(\\frac{1}{2}\\)");
    }
}
