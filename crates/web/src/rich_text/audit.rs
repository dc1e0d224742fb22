//! What [`super::render`] promises, checked on its output: the HTML parses as XML (so no
//! stray `<` or `&` reaches the page), and holds only escaped text, the two wrappers it
//! writes (`<span class="math">`, `<code class="math-source">`), and inside a span one
//! `<math>` of allow-listed MathML elements and attributes.
//!
//! The fuzz target (`fuzz/fuzz_targets/maths.rs`) and the unit tests hold every rendering
//! to it; pages do not call it.

use roxmltree::{Document, Node, NodeType};

use super::sanitize::{plain_value, ATTRIBUTES, ELEMENTS};

/// `Ok` when `html`, an output of [`super::render`], keeps the promise; otherwise what
/// breaks it.
pub fn check(html: &str) -> Result<(), String> {
    // XML refuses control characters that HTML takes as text; they are text here either way.
    let xml: String = html
        .chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            c if c < ' ' || ('\u{FFFE}'..='\u{FFFF}').contains(&c) => '\u{FFFD}',
            c => c,
        })
        .collect();
    let wrapped = format!("<root>{xml}</root>");
    let doc = Document::parse(&wrapped).map_err(|e| format!("does not parse: {e}"))?;
    for node in doc.root_element().children() {
        match node.node_type() {
            NodeType::Text => {}
            NodeType::Element => wrapper(node)?,
            other => return Err(format!("unexpected {other:?} at top level")),
        }
    }
    Ok(())
}

fn wrapper(node: Node<'_, '_>) -> Result<(), String> {
    match node.tag_name().name() {
        "code" => {
            attributes_are(node, &[("class", "math-source"), ("dir", "ltr")])?;
            if node.children().all(|c| c.is_text()) {
                Ok(())
            } else {
                Err("markup inside a formula's source".into())
            }
        }
        "span" => {
            attributes_are(node, &[("class", "math"), ("dir", "ltr")])?;
            let mut children = node.children();
            match (children.next(), children.next()) {
                (Some(math), None) if math.tag_name().name() == "math" => maths(math),
                _ => Err("a maths span holds something else than one <math>".into()),
            }
        }
        other => Err(format!("element <{other}> outside maths")),
    }
}

fn attributes_are(node: Node<'_, '_>, expected: &[(&str, &str)]) -> Result<(), String> {
    let found: Vec<(&str, &str)> = node.attributes().map(|a| (a.name(), a.value())).collect();
    if found == expected {
        Ok(())
    } else {
        Err(format!(
            "attributes {found:?} on <{}>",
            node.tag_name().name()
        ))
    }
}

fn maths(math: Node<'_, '_>) -> Result<(), String> {
    for node in math.descendants() {
        match node.node_type() {
            NodeType::Text => {}
            NodeType::Element => {
                let name = node.tag_name().name();
                if node.tag_name().namespace().is_some() || !ELEMENTS.contains(&name) {
                    return Err(format!("element <{name}> in maths"));
                }
                for attr in node.attributes() {
                    let label = node == math && attr.name() == "aria-label";
                    let allowed = attr.namespace().is_none()
                        && ATTRIBUTES.contains(&attr.name())
                        && plain_value(attr.value());
                    if !label && !allowed {
                        return Err(format!(
                            "attribute {}={:?} on <{name}>",
                            attr.name(),
                            attr.value()
                        ));
                    }
                }
            }
            other => return Err(format!("unexpected {other:?} in maths")),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn the_check_catches_what_it_should() {
        assert_eq!(
            check("a &#60; b <code class=\"math-source\" dir=\"ltr\">x</code>"),
            Ok(())
        );
        for bad in [
            "a < b",
            "<meta http-equiv=\"refresh\">",
            "<span class=\"math\" dir=\"ltr\"><math><mi onclick=\"x\">a</mi></math></span>",
            "<span class=\"math\" dir=\"ltr\"><math><img/></math></span>",
            "<span class=\"math\" dir=\"ltr\"><b>x</b></span>",
            "<code class=\"math-source\" dir=\"ltr\"><b>x</b></code>",
            "<code class=\"other\">x</code>",
        ] {
            assert!(check(bad).is_err(), "{bad}");
        }
    }
}
