//! The charts' tests read the SVG as XML (roxmltree, which refuses anything that is not
//! well-formed: unbalanced tags, raw `<` or stray `&`, unquoted or repeated attributes,
//! more than one root) into an owned tree that is easy to look into.

/// An element with its attributes (entities decoded) and children.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    pub name: String,
    /// The element's namespace (`xmlns` is a declaration, not an attribute).
    pub namespace: Option<String>,
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

/// Parses `xml` (one root element, nothing around it but whitespace).
pub fn parse(xml: &str) -> Result<Element, String> {
    let document = roxmltree::Document::parse(xml).map_err(|e| e.to_string())?;
    Ok(element(document.root_element()))
}

fn element(node: roxmltree::Node<'_, '_>) -> Element {
    Element {
        name: node.tag_name().name().to_string(),
        namespace: node.tag_name().namespace().map(str::to_string),
        attrs: node
            .attributes()
            .map(|a| (a.name().to_string(), a.value().to_string()))
            .collect(),
        children: node
            .children()
            .filter_map(|child| {
                if child.is_element() {
                    Some(Node::Element(element(child)))
                } else if child.is_text() {
                    child.text().map(|t| Node::Text(t.to_string()))
                } else {
                    None
                }
            })
            .collect(),
    }
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
