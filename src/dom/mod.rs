//! The browser side of the view: builds elements from the core's view model (text only, never
//! markup) and wires the copy buttons. It holds no rules of its own.

mod copy;
mod render;

pub use copy::CopyButtons;
pub use render::render;

use wasm_bindgen::JsValue;
use web_sys::{Document, Element};

/// `<tag class="…">`.
pub(crate) fn element(doc: &Document, tag: &str, class: &str) -> Result<Element, JsValue> {
    let el = doc.create_element(tag)?;
    if !class.is_empty() {
        el.set_class_name(class);
    }
    Ok(el)
}

/// `<tag class="…">text</tag>`: the text is set with `textContent`, so API data stays text.
pub(crate) fn text_element(doc: &Document, tag: &str, class: &str, text: &str) -> Result<Element, JsValue> {
    let el = element(doc, tag, class)?;
    el.set_text_content(Some(text));
    Ok(el)
}

pub(crate) fn append(parent: &impl AsRef<web_sys::Node>, child: &impl AsRef<web_sys::Node>) -> Result<(), JsValue> {
    parent.as_ref().append_child(child.as_ref())?;
    Ok(())
}
