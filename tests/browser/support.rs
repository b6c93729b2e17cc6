//! Fixtures and DOM helpers shared by the browser tests.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

pub const EU: &str = include_str!("../../reference/examples/next_action.eu_bank_transfer.docs.json");
pub const GB: &str = include_str!("../../reference/examples/next_action.gb_bank_transfer.docs.json");
pub const JP: &str = include_str!("../../reference/examples/next_action.jp_bank_transfer.docs.json");
pub const MX: &str = include_str!("../../reference/examples/next_action.mx_bank_transfer.docs.json");
pub const US: &str = include_str!("../../reference/examples/next_action.us_bank_transfer.docs.json");
pub const EVERY_FIELD: &str = include_str!("../fixtures/every_field.json");

#[wasm_bindgen(inline_js = r#"
export function stubClipboard(fail) {
  const calls = [];
  Object.defineProperty(navigator, "clipboard", {
    configurable: true,
    value: { writeText(text) { calls.push(text); return fail ? Promise.reject(new Error("denied")) : Promise.resolve(); } },
  });
  return calls;
}
export function throwingGetter() {
  const o = {};
  Object.defineProperty(o, "display_bank_transfer_instructions", { enumerable: true, get() { throw new Error("boom"); } });
  return o;
}
export function cyclic() {
  const o = { amount_remaining: 100, currency: "eur", financial_addresses: [] };
  o.financial_addresses.push(o);
  return o;
}
export function aFunction() { return () => 1; }
export function nextTick() { return new Promise((resolve) => setTimeout(resolve, 0)); }
export function nextPaint() { return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))); }
export function errorCode(e) { return e instanceof Error ? e.code : "not an Error"; }
export function errorMessage(e) { return e instanceof Error ? e.message : String(e); }
"#)]
extern "C" {
    /// Replaces `navigator.clipboard` with a recorder; returns the array of written texts.
    #[wasm_bindgen(js_name = stubClipboard)]
    pub fn stub_clipboard(fail: bool) -> js_sys::Array;
    #[wasm_bindgen(js_name = throwingGetter)]
    pub fn throwing_getter() -> JsValue;
    pub fn cyclic() -> JsValue;
    #[wasm_bindgen(js_name = aFunction)]
    pub fn a_function() -> JsValue;
    #[wasm_bindgen(js_name = nextTick)]
    fn next_tick() -> js_sys::Promise;
    #[wasm_bindgen(js_name = nextPaint)]
    fn next_paint() -> js_sys::Promise;
    #[wasm_bindgen(js_name = errorCode)]
    pub fn error_code(e: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = errorMessage)]
    pub fn error_message(e: &JsValue) -> String;
}

/// Lets pending promise callbacks (the clipboard write) run.
pub async fn settle() {
    let _ = wasm_bindgen_futures::JsFuture::from(next_tick()).await;
}

/// Lets the next frame paint, and what waits for it (the QR code's drawing) run.
pub async fn after_paint() {
    let _ = wasm_bindgen_futures::JsFuture::from(next_paint()).await;
}

/// The `next_action` of an example PaymentIntent file, as a JS object.
pub fn next_action(example: &str) -> JsValue {
    let intent = js_sys::JSON::parse(example).expect("fixture is JSON");
    js_sys::Reflect::get(&intent, &"next_action".into()).expect("fixture has next_action")
}

pub fn json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).expect("test JSON parses")
}

/// A fresh, attached container.
pub fn container() -> Element {
    let doc = web_sys::window().unwrap().document().unwrap();
    let el = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&el).unwrap();
    el
}

pub fn options(locale: &str) -> JsValue {
    let o = js_sys::Object::new();
    js_sys::Reflect::set(&o, &"locale".into(), &locale.into()).unwrap();
    o.into()
}

pub fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("nothing matches {selector}"))
}

pub fn text(root: &Element, selector: &str) -> String {
    find(root, selector).text_content().unwrap_or_default()
}

/// The `data-field` → text pairs in document order.
pub fn fields(root: &Element) -> Vec<(String, String)> {
    let list = root.query_selector_all("[data-field]").unwrap();
    (0..list.length())
        .map(|i| {
            let el: Element = list.item(i).unwrap().dyn_into().unwrap();
            (el.get_attribute("data-field").unwrap(), el.text_content().unwrap())
        })
        .collect()
}

pub fn click(el: &Element) {
    el.dyn_ref::<HtmlElement>().unwrap().click();
}
