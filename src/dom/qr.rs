//! The EPC QR code, drawn just after the first paint. Encoding it (the encoder tries eight
//! masks) was half of a first render on a fresh page (~15 of ~30 ms, measured), and nothing the
//! customer reads first waits for it: the amount, IBAN and reference appear one frame earlier,
//! the code in its reserved square (the stylesheet keeps the size) right after. A burst of
//! updates (one partial payment, then another) draws once, the latest.

use alloc::rc::Rc;
use core::cell::Cell;

use bank_transfer_core::view::{Qr, QrDrawing};
use wasm_bindgen::prelude::*;
use web_sys::Element;

use crate::promise::callback;

#[wasm_bindgen]
extern "C" {
    /// Caught: a DOM without rendering (a test double) has none; the code is drawn at once.
    #[wasm_bindgen(js_name = requestAnimationFrame, catch)]
    fn request_animation_frame(callback: &JsValue) -> Result<JsValue, JsValue>;
    /// `setTimeout.bind(null, callback, 0)`: a function that starts a zero timeout (one
    /// closure for the two hops, where a second one measured +0.1 KB gz).
    #[wasm_bindgen(js_namespace = setTimeout, js_name = bind)]
    fn timeout_starter(this: &JsValue, callback: &JsValue, delay: i32) -> JsValue;
}

/// Draws a view's QR code after the next paint; only the latest of several requests draws.
#[derive(Default)]
pub(crate) struct QrPainter {
    latest: Rc<Cell<u32>>,
}

impl QrPainter {
    /// Draws `qr` into the `svg.btc-qr-code` of `root` once the frame is painted.
    pub(crate) fn paint(&self, root: &Element, qr: Option<&Qr>) {
        let (Some(qr), Ok(Some(svg))) = (qr, root.query_selector(".btc-qr-code")) else { return };
        let this = self.latest.get().wrapping_add(1);
        self.latest.set(this);
        let latest = self.latest.clone();
        let payload = qr.payload.clone();
        let target = svg.clone();
        let draw_latest = callback(move |_| {
            if latest.get() == this {
                draw(&target, &payload);
            }
            Ok(JsValue::UNDEFINED)
        });
        // requestAnimationFrame runs before the frame's paint; the timeout it starts, after.
        if request_animation_frame(&timeout_starter(&JsValue::NULL, &draw_latest, 0)).is_err() {
            draw(&svg, &qr.payload);
        }
    }

    /// Drops the drawing asked for, if not done yet (the view is being removed).
    pub(crate) fn cancel(&self) {
        self.latest.set(self.latest.get().wrapping_add(1));
    }
}

fn draw(svg: &Element, payload: &str) {
    if let (Some(drawing), Some(dark)) = (QrDrawing::of(payload), svg.last_element_child()) {
        let _ = svg.set_attribute("viewBox", &drawing.viewbox);
        let _ = dark.set_attribute("d", &drawing.path);
    }
}
