//! The last line against markup in formulas: the renderer's MathML is parsed as XML and
//! written again from an allow-list of MathML Core elements and attributes, every text and
//! attribute value escaped. Whatever the renderer might let through — an element, an event
//! handler, a link, a style — is dropped; markup that does not parse is refused whole.
//!
//! The lists are also what [`super::audit`] holds the final HTML to.

use std::fmt::Write as _;

use roxmltree::{Document, Node, ParsingOptions};

use super::escape_into;

/// MathML Core's presentation elements (no `semantics`/`annotation-xml`, which may hold
/// HTML, and no `maction`).
pub const ELEMENTS: &[&str] = &[
    "math",
    "merror",
    "mfrac",
    "mi",
    "mmultiscripts",
    "mn",
    "mo",
    "mover",
    "mpadded",
    "mphantom",
    "mprescripts",
    "mroot",
    "mrow",
    "ms",
    "mspace",
    "msqrt",
    "mstyle",
    "msub",
    "msubsup",
    "msup",
    "mtable",
    "mtd",
    "mtext",
    "mtr",
    "munder",
    "munderover",
];

/// Layout attributes of MathML Core, plus `class` (the renderer names table layouts with
/// it). No `style`, `href`, `id`, `on…` or namespaced attribute.
pub const ATTRIBUTES: &[&str] = &[
    "accent",
    "accentunder",
    "class",
    "columnalign",
    "columnlines",
    "columnspacing",
    "columnspan",
    "depth",
    "dir",
    "display",
    "displaystyle",
    "fence",
    "form",
    "height",
    "largeop",
    "linethickness",
    "lspace",
    "mathvariant",
    "maxsize",
    "minsize",
    "movablelimits",
    "rowalign",
    "rowlines",
    "rowspacing",
    "rowspan",
    "rspace",
    "scriptlevel",
    "separator",
    "stretchy",
    "symmetric",
    "voffset",
    "width",
];

/// Whether an attribute value is a plain word, number, length or list of them: nothing
/// the renderer writes needs more, and nothing here can be a URL or a script.
pub fn plain_value(value: &str) -> bool {
    value.len() <= 64
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '.' | '-' | '+' | '%'))
}

/// `markup` (one `<math>` element) rebuilt from the allow-lists, or `None` when it does not
/// parse as XML or its root is not `<math>`.
pub fn mathml(markup: &str) -> Option<String> {
    let options = ParsingOptions {
        allow_dtd: false,
        ..ParsingOptions::default()
    };
    let doc = Document::parse_with_options(markup, options).ok()?;
    let root = doc.root_element();
    if root.tag_name().name() != "math" {
        return None;
    }
    let mut out = String::with_capacity(markup.len());
    // A walk in document order without recursion (a formula may nest deeply): down to the
    // first child of a kept element, else across to the next sibling, else up.
    let mut node = root;
    loop {
        let kept = node.is_element() && allowed_element(node);
        if kept {
            open_tag(&mut out, node);
        } else if node.is_text() {
            escape_into(&mut out, node.text().unwrap_or_default());
        }
        // Other elements are dropped with their content; so are comments and processing
        // instructions.
        if let Some(child) = node.first_child().filter(|_| kept) {
            node = child;
            continue;
        }
        if kept {
            close_tag(&mut out, node);
        }
        loop {
            if node == root {
                return Some(out);
            }
            if let Some(next) = node.next_sibling() {
                node = next;
                break;
            }
            node = node.parent()?;
            // Every parent on the way up was kept, or the walk would not be below it.
            close_tag(&mut out, node);
        }
    }
}

/// An allow-listed element without a namespace (the HTML parser puts `<math>` and its
/// children in MathML's) or in MathML's.
fn allowed_element(node: Node<'_, '_>) -> bool {
    let name = node.tag_name();
    matches!(
        name.namespace(),
        None | Some("http://www.w3.org/1998/Math/MathML")
    ) && ELEMENTS.contains(&name.name())
}

fn open_tag(out: &mut String, node: Node<'_, '_>) {
    out.push('<');
    out.push_str(node.tag_name().name());
    for attr in node.attributes() {
        let allowed = attr.namespace().is_none()
            && ATTRIBUTES.contains(&attr.name())
            && plain_value(attr.value());
        if allowed {
            out.push(' ');
            out.push_str(attr.name());
            out.push_str("=\"");
            escape_into(out, attr.value());
            out.push('"');
        }
    }
    out.push('>');
}

fn close_tag(out: &mut String, node: Node<'_, '_>) {
    let _ = write!(out, "</{}>", node.tag_name().name());
}

#[cfg(test)]
mod tests {
    use super::mathml;

    #[test]
    fn allowed_markup_is_kept() {
        let markup = "<math display=\"block\"><mfrac><mrow><mn>1</mn></mrow>\
                      <mspace width=\"0.1667em\" /></mfrac></math>";
        assert_eq!(
            mathml(markup).as_deref(),
            Some(
                "<math display=\"block\"><mfrac><mrow><mn>1</mn></mrow>\
                 <mspace width=\"0.1667em\"></mspace></mfrac></math>"
            )
        );
    }

    #[test]
    fn other_elements_and_attributes_are_dropped() {
        let markup = "<math><mi onclick=\"x()\" style=\"color: red\" href=\"javascript:x\" \
                      class=\"menv-arraylike\">a</mi><meta http-equiv=\"refresh\" content=\"0\"/>\
                      <mtext>b<script>alert(1)</script></mtext>\
                      <annotation-xml><svg/></annotation-xml><!-- c --></math>";
        assert_eq!(
            mathml(markup).as_deref(),
            Some("<math><mi class=\"menv-arraylike\">a</mi><mtext>b</mtext></math>")
        );
    }

    #[test]
    fn attribute_values_must_be_plain() {
        let markup =
            "<math><mi mathvariant=\"x&quot; onload=&quot;y\" width=\"url(x)\">a</mi></math>";
        assert_eq!(mathml(markup).as_deref(), Some("<math><mi>a</mi></math>"));
    }

    #[test]
    fn text_is_escaped_again() {
        assert_eq!(
            mathml("<math><mi>&lt;b&gt; &amp;</mi></math>").as_deref(),
            Some("<math><mi>&#60;b&#62; &#38;</mi></math>")
        );
    }

    #[test]
    fn markup_that_does_not_parse_or_is_not_maths_is_refused() {
        for markup in [
            "<math><mo><</mo></math>",
            "<math><mi>a</math>",
            "<math>&nbsp;</math>",
            "<mi>a</mi>",
            "<math></math><math></math>",
            "<!DOCTYPE math [<!ENTITY a \"<b>\">]><math>&a;</math>",
            "",
        ] {
            assert_eq!(mathml(markup), None, "{markup}");
        }
    }
}
