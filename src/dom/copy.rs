//! Copy buttons: one delegated click listener on the view's root, the values to copy kept
//! on the Rust side (by button position), feedback through the polite live region.

use std::cell::RefCell;
use std::rc::Rc;

use bank_transfer_core::view::View;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event};

#[wasm_bindgen]
extern "C" {
    /// Caught: `navigator.clipboard` is missing outside secure contexts.
    #[wasm_bindgen(js_namespace = ["navigator", "clipboard"], js_name = writeText, catch)]
    fn write_text(text: &str) -> Result<js_sys::Promise, JsValue>;
}

const BUTTONS: &str = "[data-copy-for]";

struct Entry {
    value: String,
    copied: String,
}

struct State {
    /// In the document order of the copy buttons.
    entries: Vec<Entry>,
    live: Option<Element>,
    failed: String,
}

pub struct CopyButtons {
    root: Element,
    state: Rc<RefCell<State>>,
    listener: Closure<dyn FnMut(Event)>,
}

impl CopyButtons {
    pub fn attach(root: &Element) -> Result<CopyButtons, JsValue> {
        let state = Rc::new(RefCell::new(State { entries: Vec::new(), live: None, failed: String::new() }));
        let listener = {
            let (root, state) = (root.clone(), state.clone());
            Closure::<dyn FnMut(Event)>::new(move |event: Event| on_click(&root, &state, &event))
        };
        root.add_event_listener_with_callback("click", listener.as_ref().unchecked_ref())?;
        Ok(CopyButtons { root: root.clone(), state, listener })
    }

    /// Takes the copy values of a freshly rendered `view`.
    pub fn set(&self, view: &View, live: Element) {
        let Ok(mut state) = self.state.try_borrow_mut() else { return };
        let summary = view.amount.iter().chain(&view.reference);
        let fields = summary.chain(view.sections.iter().flat_map(|s| &s.fields));
        state.entries = fields
            .filter_map(|f| Some(Entry { value: f.copy.clone()?, copied: f.copied.clone() }))
            .collect();
        state.live = Some(live);
        state.failed = view.copy_failed.to_owned();
    }
}

impl Drop for CopyButtons {
    fn drop(&mut self) {
        let _ = self.root.remove_event_listener_with_callback("click", self.listener.as_ref().unchecked_ref());
    }
}

fn on_click(root: &Element, state: &Rc<RefCell<State>>, event: &Event) {
    let Some(button) = event
        .target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|t| t.closest(BUTTONS).ok().flatten())
    else {
        return;
    };
    let Ok(buttons) = root.query_selector_all(BUTTONS) else { return };
    let Some(index) = (0..buttons.length()).find(|&i| buttons.item(i).is_some_and(|b| b.is_same_node(Some(&button))))
    else {
        return;
    };
    let Some((value, copied, failed, live)) = state.try_borrow().ok().and_then(|s| {
        let entry = s.entries.get(index as usize)?;
        Some((entry.value.clone(), entry.copied.clone(), s.failed.clone(), s.live.clone()?))
    }) else {
        return;
    };
    let (root, button) = (root.clone(), button.clone());
    wasm_bindgen_futures::spawn_local(async move {
        let written = match write_text(&value) {
            Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise).await.is_ok(),
            Err(_) => false,
        };
        if written {
            if let Ok(previous) = root.query_selector_all("[data-copied]") {
                for i in 0..previous.length() {
                    if let Some(el) = previous.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                        let _ = el.remove_attribute("data-copied");
                    }
                }
            }
            let _ = button.set_attribute("data-copied", "");
            announce(&live, &copied);
        } else {
            // Select the value so the customer can copy it with the keyboard or menu.
            if let (Some(value_el), Some(Ok(Some(selection)))) =
                (button.previous_element_sibling(), web_sys::window().map(|w| w.get_selection()))
            {
                let _ = selection.select_all_children(&value_el);
            }
            announce(&live, &failed);
        }
    });
}

fn announce(live: &Element, text: &str) {
    live.set_text_content(Some(text));
}
