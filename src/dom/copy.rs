//! Copy buttons and the actions bar (copy all, print, share): one delegated click listener on
//! the view's root, the values to copy kept on the Rust side (by button position), feedback
//! through the polite live region. Print prints the instructions alone.

use alloc::borrow::ToOwned;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;

use bank_transfer_core::view::View;
use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Event};

use crate::promise::{callback, Thenable};

#[wasm_bindgen]
extern "C" {
    /// Caught: `navigator.clipboard` is missing outside secure contexts.
    #[wasm_bindgen(js_namespace = ["navigator", "clipboard"], js_name = writeText, catch)]
    fn write_text(text: &str) -> Result<Thenable, JsValue>;

    /// Caught: no share sheet on most desktop browsers.
    #[wasm_bindgen(js_namespace = navigator, js_name = share, catch)]
    fn share(data: &js_sys::Object) -> Result<Thenable, JsValue>;

    #[wasm_bindgen(js_name = print, catch)]
    fn print() -> Result<(), JsValue>;
    /// The window's `addEventListener(type, listener, options)`.
    #[wasm_bindgen(js_name = addEventListener)]
    fn listen(kind: &str, listener: &JsValue, options: &JsValue);
    type Sheet;
    /// Caught: no constructed stylesheets before Safari 16.4 (the whole page prints there).
    #[wasm_bindgen(constructor, js_class = CSSStyleSheet, catch)]
    fn new() -> Result<Sheet, JsValue>;
    #[wasm_bindgen(method, js_name = replaceSync)]
    fn replace_sync(this: &Sheet, text: &str);
    /// A node, a document or an element, seen through the few properties printing uses.
    type Dom;
    /// A shadow root's host (`undefined` on a document).
    #[wasm_bindgen(method, getter)]
    fn host(this: &Dom) -> Option<Element>;
    #[wasm_bindgen(method, getter = removeAttribute)]
    fn remove_attribute_fn(this: &Dom) -> js_sys::Function;
    #[wasm_bindgen(method, getter = adoptedStyleSheets)]
    fn sheets(this: &Dom) -> Sheets;
    #[wasm_bindgen(method, setter = adoptedStyleSheets)]
    fn set_sheets(this: &Dom, sheets: &Sheets);
    type Sheets;
    /// A new array: these sheets, then `sheet`.
    #[wasm_bindgen(method, js_name = concat)]
    fn with(this: &Sheets, sheet: &Sheet) -> Sheets;
}

const BUTTONS: &str = "[data-copy-for]";

struct State {
    /// The values to copy, in the document order of the copy buttons.
    values: Vec<String>,
    /// Every detail as labelled lines ("Copy all", the share sheet).
    all: String,
    title: &'static str,
    copied: &'static str,
    failed: &'static str,
    /// The rules of a print of these instructions alone, once made (`print_alone`).
    sheet: Option<Sheet>,
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
        let state = Rc::new(RefCell::new(State {
            values: Vec::new(),
            all: String::new(),
            title: "",
            copied: "",
            failed: "",
            sheet: None,
        }));
        let closure = {
            let state = state.clone();
            Closure::<dyn FnMut(Event)>::new(move |event: Event| on_click(&state, &event))
        };
        let listener: js_sys::Function = closure.into_js_value().unchecked_into();
        root.add_event_listener_with_callback("click", &listener)?;
        Ok(CopyButtons { state, listener })
    }

    /// Shows the share button where the browser has a share sheet.
    pub fn offer_share(root: &Element) {
        let navigator = crate::dom::global("navigator");
        let can_share = navigator.is_some_and(|n| js_sys::Reflect::has(&n, &"share".into()).unwrap_or(false));
        if let (true, Ok(Some(button))) = (can_share, root.query_selector("[data-action=share]")) {
            let _ = button.remove_attribute("hidden");
        }
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
        state.all = view.copy_all.clone();
        state.title = view.title;
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
    let target = event.target().and_then(|t| t.dyn_into::<Element>().ok());
    if let Some(action) = target.as_ref().and_then(|t| t.closest("[data-action]").ok().flatten()) {
        return on_action(state, root, action);
    }
    let Some(button) = target.and_then(|t| t.closest(BUTTONS).ok().flatten()) else {
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
    copy(root, button, &value, copied, failed);
}

/// Copy all, print, share.
fn on_action(state: &Rc<RefCell<State>>, root: Element, button: Element) {
    let Some((all, title, copied, failed)) =
        state.try_borrow().ok().map(|s| (s.all.clone(), s.title, s.copied, s.failed))
    else {
        return;
    };
    match button.get_attribute("data-action").as_deref() {
        Some("copy-all") => copy(root, button, &all, copied, failed),
        Some("print") => print_alone(state, &root),
        Some("share") => {
            let data = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&data, &"title".into(), &title.into());
            let _ = js_sys::Reflect::set(&data, &"text".into(), &all.into());
            // A refused or dismissed sheet is the customer's choice: nothing to say.
            if let Ok(promise) = share(&data) {
                let ignore = || callback(|_| Ok(JsValue::UNDEFINED));
                promise.then(&ignore(), &ignore());
            }
        }
        _ => {}
    }
}

/// The document's rules while our Print button prints: the marked target (the view's root, or
/// the shadow host it is in: the document's rules cannot reach inside) and what it holds are all
/// that prints, from the top of an A4 page. Its ancestors lose their boxes (`display: contents`),
/// everything else is gone, so that a long page prints no blank sheets. A constructed
/// stylesheet: a strict `style-src 'self'` allows it, and it is in the document even when the
/// package's stylesheet is in a shadow root.
const ALONE: &str = "@page btc{size:A4;margin:12mm}@media print{:is(html,body):has([data-btc-print]){background:#fff!important;margin:0!important;padding:0!important}body :has([data-btc-print]){display:contents!important}body:has([data-btc-print]) :not([data-btc-print],[data-btc-print] *,:has([data-btc-print])){display:none!important}[data-btc-print]{page:btc;position:static!important;margin:0!important;inline-size:auto!important;max-inline-size:none!important}}";

/// What marks the print target; the rules above only apply while it is there.
const MARK: &str = "data-btc-print";

/// Prints the instructions alone: the target is marked, the rules adopted by the document (once
/// per view; a page that replaced its list since prints whole, as with Ctrl+P). The mark goes
/// when the print is over (`afterprint`, once: `print()` returns at once in some browsers), by
/// the browser's own `removeAttribute` bound to it, no Rust closure; the rules stay, inert.
/// Without constructed stylesheets (Safari < 16.4) nothing is marked: the whole page prints.
fn print_alone(state: &Rc<RefCell<State>>, root: &Element) {
    if let (Some(doc), Ok(mut state)) = (root.owner_document(), state.try_borrow_mut()) {
        isolate(&doc, root, &mut state.sheet);
    }
    let _ = print();
}

fn isolate(doc: &Document, root: &Element, sheet: &mut Option<Sheet>) {
    // In a shadow root, the document's rules reach only the (outermost) host.
    let mut target = root.clone();
    while let Some(host) = target.get_root_node().unchecked_ref::<Dom>().host() {
        target = host;
    }
    if sheet.is_none() {
        let Ok(new) = Sheet::new() else { return };
        new.replace_sync(ALONE);
        let doc: &Dom = doc.unchecked_ref();
        doc.set_sheets(&doc.sheets().with(&new));
        *sheet = Some(new);
    }
    let _ = target.set_attribute(MARK, "");
    let once = js_sys::Object::new();
    let _ = Reflect::set(&once, &"once".into(), &JsValue::TRUE);
    let unmark = target.unchecked_ref::<Dom>().remove_attribute_fn().bind1(&target, &MARK.into());
    listen("afterprint", &unmark, &once);
}

fn copy(root: Element, button: Element, value: &str, copied: &'static str, failed: &'static str) {
    match write_text(value) {
        Ok(promise) => {
            let done = settled(root.clone(), button.clone(), copied, true);
            let refused = settled(root, button, failed, false);
            promise.then(&done, &refused);
        }
        Err(_) => finish(&root, &button, failed, false),
    }
}

fn settled(root: Element, button: Element, message: &'static str, written: bool) -> JsValue {
    callback(move |_| {
        finish(&root, &button, message, written);
        Ok(JsValue::UNDEFINED)
    })
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
