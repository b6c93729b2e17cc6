//! Promise callbacks without an async executor: the Rust futures executor (and the panic
//! formatting it brings) measured ~3 KB gz in a module that only ever waits for a clipboard
//! write, a share sheet and a language table.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// A promise, typed loosely so that any API's can be chained.
    pub(crate) type Thenable;
    /// `promise.then(onFulfilled, onRejected)`; either may be `undefined`.
    #[wasm_bindgen(method, js_name = then)]
    pub(crate) fn then(this: &Thenable, on_fulfilled: &JsValue, on_rejected: &JsValue) -> Thenable;
}

/// A JS function calling `f` once with the promise's value; what it returns (or throws) settles
/// the next promise. Owned by JS (`into_js_value`): freed with the settled promise, also when
/// the other callback of the pair is the one called.
pub(crate) fn callback(f: impl FnOnce(JsValue) -> Result<JsValue, JsValue> + 'static) -> JsValue {
    let mut f = Some(f);
    Closure::<dyn FnMut(JsValue) -> Result<JsValue, JsValue>>::new(move |value| match f.take() {
        Some(f) => f(value),
        None => Ok(JsValue::UNDEFINED),
    })
    .into_js_value()
}
