//! The browser side of the view: builds elements from the core's view model (text only, never
//! markup) and wires the copy buttons. It holds no rules of its own.

mod copy;
mod qr;
mod render;

pub use copy::CopyButtons;
pub(crate) use qr::QrPainter;
#[cfg(feature = "hydrate")]
pub use render::build;
pub use render::render;

use wasm_bindgen::JsValue;
use web_sys::{Document, Element};

/// `<tag class="…">`.
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `globalThis`, directly: `web_sys::window()` walks a chain of fallbacks that costs bytes.
    #[wasm_bindgen(thread_local_v2, js_name = globalThis)]
    static GLOBAL_THIS: js_sys::Object;
}

/// A property of `globalThis` (`document`, `navigator`), if there is one.
pub(crate) fn global(name: &str) -> Option<JsValue> {
    let value = GLOBAL_THIS.with(|g| js_sys::Reflect::get(g, &JsValue::from_str(name))).ok()?;
    (!value.is_undefined() && !value.is_null()).then_some(value)
}

// The live checkout's own elements use these; the instructions come from the markup tree.
#[cfg_attr(not(feature = "checkout"), allow(dead_code))]
pub(crate) fn element(doc: &Document, tag: &str, class: &str) -> Result<Element, JsValue> {
    let el = doc.create_element(tag)?;
    if !class.is_empty() {
        el.set_class_name(class);
    }
    Ok(el)
}

/// `<tag class="…">text</tag>`: the text is set with `textContent`, so API data stays text.
#[cfg_attr(not(feature = "checkout"), allow(dead_code))]
pub(crate) fn text_element(doc: &Document, tag: &str, class: &str, text: &str) -> Result<Element, JsValue> {
    let el = element(doc, tag, class)?;
    el.set_text_content(Some(text));
    Ok(el)
}

pub(crate) fn append(parent: &impl AsRef<web_sys::Node>, child: &impl AsRef<web_sys::Node>) -> Result<(), JsValue> {
    parent.as_ref().append_child(child.as_ref())?;
    Ok(())
}
