//! View model → DOM: the core's markup tree (`view::markup`, the same one the server renders
//! to HTML) built with `createElement`/`createElementNS` and text nodes — never markup.

use bank_transfer_core::view::markup::{self, Mode, Node};
use bank_transfer_core::view::View;
use wasm_bindgen::JsValue;
use web_sys::{Document, Element};

use super::append;

const SVG: &str = "http://www.w3.org/2000/svg";

/// Replaces the children of `root` with the rendered `view`: built apart, then swapped in at
/// once, so that a live page sees one change (one style and layout pass) per render.
pub fn render(doc: &Document, root: &Element, view: &View, heading_level: u8) -> Result<(), JsValue> {
    let parts = doc.create_document_fragment();
    for el in markup::instructions(view, heading_level, Mode::Interactive) {
        append(&parts, &build(doc, &el)?)?;
    }
    for (name, value) in markup::root_attrs(view) {
        root.set_attribute(name, value)?;
    }
    root.replace_children_with_node_1(&parts);
    Ok(())
}

/// One element of the markup tree, with its subtree.
pub fn build(doc: &Document, el: &markup::Element) -> Result<Element, JsValue> {
    let node = if el.svg { doc.create_element_ns(Some(SVG), el.tag)? } else { doc.create_element(el.tag)? };
    for (name, value) in &el.attrs {
        node.set_attribute(name, value)?;
    }
    for child in &el.children {
        match child {
            Node::Element(child) => append(&node, &build(doc, child)?)?,
            // A text node: API data stays text.
            Node::Text(text) => node.append_with_str_1(text)?,
        }
    }
    Ok(node)
}
