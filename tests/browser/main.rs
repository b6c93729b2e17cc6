//! Browser tests: the real module in headless Chromium (`cargo test --target wasm32-unknown-unknown`).
#![cfg(target_arch = "wasm32")]

mod support;

#[cfg(feature = "checkout")]
mod checkout;
mod copy;
mod errors;
mod render;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
