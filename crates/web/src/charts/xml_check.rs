//! A strict little XML reader for the charts' tests (lawha-web has no XML parser and its
//! dependencies stay as they are): it refuses unbalanced or misnamed tags, raw `<` or
//! stray `&` in text and attributes, unquoted or repeated attributes, and more than one
//! root; it returns a tree to look into.

/// An element with its attributes (entities decoded) and children.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

/// A child: an element or text (entities decoded).
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// This element and all below it, in document order.
    pub fn descendants(&self) -> Vec<&Element> {
        let mut all = vec![self];
        for child in &self.children {
            if let Node::Element(e) = child {
                all.extend(e.descendants());
            }
        }
        all
    }

    /// Elements named `name`, in document order.
    pub fn all(&self, name: &str) -> Vec<&Element> {
        self.descendants()
            .into_iter()
            .filter(|e| e.name == name)
            .collect()
    }

    /// The text directly inside.
    pub fn text(&self) -> String {
        self.children
            .iter()
            .filter_map(|c| match c {
                Node::Text(t) => Some(t.as_str()),
                Node::Element(_) => None,
            })
            .collect()
    }

    /// The `<title>` child's text.
    pub fn title(&self) -> Option<String> {
        self.children.iter().find_map(|c| match c {
            Node::Element(e) if e.name == "title" => Some(e.text()),
            _ => None,
        })
    }
}

/// Parses `xml` (one root element, nothing around it).
pub fn parse(xml: &str) -> Result<Element, String> {
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let mut rest = xml;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('<') {
            let end = after.find('>').ok_or("unclosed tag")?;
            let tag = &after[..end];
            rest = &after[end + 1..];
            if let Some(name) = tag.strip_prefix('/') {
                let open = stack.pop().ok_or_else(|| format!("stray </{name}>"))?;
                if open.name != name {
                    return Err(format!("<{}> closed by </{name}>", open.name));
                }
                attach(&mut stack, &mut root, open)?;
            } else {
                let (tag, self_closing) = match tag.strip_suffix('/') {
                    Some(t) => (t, true),
                    None => (tag, false),
                };
                let element = element(tag)?;
                if self_closing {
                    attach(&mut stack, &mut root, element)?;
                } else {
                    stack.push(element);
                }
            }
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let text = decode(&rest[..end])?;
            rest = &rest[end..];
            match stack.last_mut() {
                Some(parent) => parent.children.push(Node::Text(text)),
                None if text.trim().is_empty() => {}
                None => return Err(format!("text outside the root: {text:?}")),
            }
        }
    }
    if let Some(open) = stack.last() {
        return Err(format!("<{}> never closed", open.name));
    }
    root.ok_or_else(|| "no root element".to_string())
}

fn attach(stack: &mut [Element], root: &mut Option<Element>, done: Element) -> Result<(), String> {
    match stack.last_mut() {
        Some(parent) => parent.children.push(Node::Element(done)),
        None if root.is_none() => *root = Some(done),
        None => return Err("two root elements".into()),
    }
    Ok(())
}

fn element(tag: &str) -> Result<Element, String> {
    let name_end = tag.find(char::is_whitespace).unwrap_or(tag.len());
    let name = &tag[..name_end];
    check_name(name)?;
    let mut attrs: Vec<(String, String)> = Vec::new();
    let mut rest = tag[name_end..].trim_start();
    while !rest.is_empty() {
        let eq = rest
            .find('=')
            .ok_or_else(|| format!("attribute without value in <{name}>"))?;
        let attr = rest[..eq].trim();
        check_name(attr)?;
        let after = rest[eq + 1..]
            .strip_prefix('"')
            .ok_or_else(|| format!("unquoted {attr} in <{name}>"))?;
        let close = after.find('"').ok_or("unclosed attribute")?;
        let value = decode(&after[..close])?;
        if attrs.iter().any(|(n, _)| n == attr) {
            return Err(format!("{attr} twice in <{name}>"));
        }
        attrs.push((attr.to_string(), value));
        let next = &after[close + 1..];
        if !next.is_empty() && !next.starts_with(char::is_whitespace) {
            return Err(format!("no space after {attr} in <{name}>"));
        }
        rest = next.trim_start();
    }
    Ok(Element {
        name: name.to_string(),
        attrs,
        children: Vec::new(),
    })
}

fn check_name(name: &str) -> Result<(), String> {
    let mut chars = name.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    if first_ok && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | ':' | '-' | '.')) {
        Ok(())
    } else {
        Err(format!("bad name {name:?}"))
    }
}

fn decode(raw: &str) -> Result<String, String> {
    if raw.contains('<') {
        return Err(format!("raw < in {raw:?}"));
    }
    let mut out = String::new();
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let semi = after
            .find(';')
            .ok_or_else(|| format!("stray & in {raw:?}"))?;
        let entity = &after[..semi];
        let c = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => entity
                .strip_prefix('#')
                .and_then(|n| n.parse::<u32>().ok())
                .and_then(char::from_u32)
                .ok_or_else(|| format!("unknown entity &{entity};"))?,
        };
        out.push(c);
        rest = &after[semi + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[test]
fn charts_xml_check_refuses_bad_markup() {
    assert!(parse("<a><b/></a>").is_ok());
    assert!(parse("<a x=\"1 &amp; 2\">t &lt; u</a>").is_ok());
    for bad in [
        "<a><b></a>",
        "<a>",
        "<a></a><b/>",
        "<a x=1/>",
        "<a x=\"1\" x=\"2\"/>",
        "<a>&</a>",
        "<a x=\"<\"/>",
        "<a>&nbsp;</a>",
        "text<a/>",
    ] {
        assert!(parse(bad).is_err(), "{bad}");
    }
}
