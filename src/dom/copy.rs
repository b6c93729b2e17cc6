//! Copy buttons: one delegated click listener on the view's root, the values to copy kept
//! on the Rust side (by button position), feedback through the polite live region.

use alloc::borrow::ToOwned;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;

use bank_transfer_core::view::View;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event};

#[wasm_bindgen]
extern "C" {
    /// Caught: `navigator.clipboard` is missing outside secure contexts.
    #[wasm_bindgen(js_namespace = ["navigator", "clipboard"], js_name = writeText, catch)]
    fn write_text(text: &str) -> Result<ClipboardWrite, JsValue>;

    /// The promise `writeText` returns.
    type ClipboardWrite;
    /// `promise.then(onFulfilled, onRejected)` with plain functions.
    #[wasm_bindgen(method, js_name = then)]
    fn then_or(this: &ClipboardWrite, on_fulfilled: &js_sys::Function, on_rejected: &js_sys::Function);
}

const BUTTONS: &str = "[data-copy-for]";

struct State {
    /// The values to copy, in the document order of the copy buttons.
    values: Vec<String>,
    copied: &'static str,
    failed: &'static str,
}

/// The copy listener of one rendered view.
///
/// The listener is owned by the DOM (`Closure::into_js_value`), not by this struct: a merchant
/// who drops the `InstructionsView` handle (or lets it be garbage-collected) without calling
/// `destroy()` still has working copy buttons. Neither the closure nor its state holds an
/// element — the root comes from `event.currentTarget` — so once the root leaves the page and
/// is collected, the listener and its Rust state are collected with it: no cycle through Wasm.
pub struct CopyButtons {
    state: Rc<RefCell<State>>,
    listener: js_sys::Function,
}

impl CopyButtons {
    pub fn attach(root: &Element) -> Result<CopyButtons, JsValue> {
        let state = Rc::new(RefCell::new(State { values: Vec::new(), copied: "", failed: "" }));
        let closure = {
            let state = state.clone();
            Closure::<dyn FnMut(Event)>::new(move |event: Event| on_click(&state, &event))
        };
        let listener: js_sys::Function = closure.into_js_value().unchecked_into();
        root.add_event_listener_with_callback("click", &listener)?;
        Ok(CopyButtons { state, listener })
    }

    /// Takes the copy values of a freshly rendered `view`.
    pub fn set(&self, view: &View) {
        let Ok(mut state) = self.state.try_borrow_mut() else { return };
        // In the order `render` draws them: summary first, then each section.
        let mut values = Vec::new();
        for field in [&view.amount, &view.reference].into_iter().flatten() {
            values.extend(field.copy.clone());
        }
        for section in &view.sections {
            for field in &section.fields {
                values.extend(field.copy.clone());
            }
        }
        state.values = values;
        state.copied = view.copied;
        state.failed = view.copy_failed;
    }

    /// Stops listening (for `destroy()`).
    pub fn detach(&self, root: &Element) {
        let _ = root.remove_event_listener_with_callback("click", &self.listener);
    }
}

fn on_click(state: &Rc<RefCell<State>>, event: &Event) {
    let Some(root) = event.current_target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
    let Some(button) =
        event.target().and_then(|t| t.dyn_into::<Element>().ok()).and_then(|t| t.closest(BUTTONS).ok().flatten())
    else {
        return;
    };
    let Ok(buttons) = root.query_selector_all(BUTTONS) else { return };
    let Some(index) = (0..buttons.length()).find(|&i| buttons.item(i).is_some_and(|b| b.is_same_node(Some(&button))))
    else {
        return;
    };
    let Some((value, copied, failed)) =
        state.try_borrow().ok().and_then(|s| Some((s.values.get(index as usize)?.clone(), s.copied, s.failed)))
    else {
        return;
    };
    // Plain promise callbacks rather than an async task: no executor in the download. Each is
    // owned by JS (`into_js_value`) and freed once the settled promise lets go of it.
    match write_text(&value) {
        Ok(promise) => {
            let done = settled(root.clone(), button.clone(), copied, true);
            let refused = settled(root, button, failed, false);
            promise.then_or(&done, &refused);
        }
        Err(_) => finish(&root, &button, failed, false),
    }
}

fn settled(root: Element, button: Element, message: &'static str, written: bool) -> js_sys::Function {
    Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| finish(&root, &button, message, written))
        .into_js_value()
        .unchecked_into()
}

fn finish(root: &Element, button: &Element, message: &str, written: bool) {
    if written {
        if let Ok(previous) = root.query_selector_all("[data-copied]") {
            for i in 0..previous.length() {
                if let Some(el) = previous.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                    let _ = el.remove_attribute("data-copied");
                }
            }
        }
        let _ = button.set_attribute("data-copied", "");
    } else if let (Some(value_el), Some(Ok(Some(selection)))) =
        (button.previous_element_sibling(), button.owner_document().map(|d| d.get_selection()))
    {
        // Select the value so the customer can copy it with the keyboard or menu.
        let _ = selection.select_all_children(&value_el);
    }
    announce(root, message);
}

fn announce(root: &Element, text: &str) {
    if let Ok(Some(live)) = root.query_selector(".btc-live") {
        // Screen readers only announce a change: a second "Copied" in a row gets a trailing
        // no-break space so that it is a change too.
        let repeat = live.text_content().as_deref() == Some(text);
        live.set_text_content(Some(&if repeat { [text, "\u{a0}"].concat() } else { text.to_owned() }));
    }
}
