//! bank-transfer checkout: the exported JavaScript API. Everything here is thin glue; the
//! rules live in `bank-transfer-core` (re-exported as [`core`]).
//!
//! ```js
//! import init, { renderInstructions } from "bank-transfer-checkout";
//! await init();
//! const view = renderInstructions("#pay", paymentIntent.next_action, { locale: "de-DE" });
//! view.update(newerNextAction);
//! view.destroy();
//! ```

#![cfg_attr(all(target_arch = "wasm32", not(feature = "std")), no_std)]
extern crate alloc;

pub use bank_transfer_core as core;

#[cfg(all(target_arch = "wasm32", feature = "checkout"))]
mod checkout;
#[cfg(target_arch = "wasm32")]
mod dom;
#[cfg(target_arch = "wasm32")]
mod error;
#[cfg(target_arch = "wasm32")]
mod input;
#[cfg(target_arch = "wasm32")]
mod instructions_view;
#[cfg(target_arch = "wasm32")]
mod intl;
#[cfg(target_arch = "wasm32")]
mod languages;
#[cfg(target_arch = "wasm32")]
mod promise;

#[cfg(all(target_arch = "wasm32", feature = "checkout"))]
pub use checkout::{mount_checkout, Checkout};
#[cfg(all(target_arch = "wasm32", feature = "hydrate"))]
pub use instructions_view::{hydrate_instructions, render_instructions_to_string};
#[cfg(target_arch = "wasm32")]
pub use instructions_view::{render_instructions, InstructionsView};
#[cfg(target_arch = "wasm32")]
pub use languages::{load_language, register as register_language, set_language_loader};

/// Talc instead of Rust's default dlmalloc: measured 2.7 KB gz smaller for the same module
/// (talc is maintained, MIRI-tested, and documents this use on wasm32).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Without std (the package build), a panic is a bare trap: what `panic = "abort"` ends in
/// anyway, minus the formatting of a message nobody sees.
#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
#[panic_handler]
fn panic(_: &::core::panic::PanicInfo) -> ! {
    ::core::arch::wasm32::unreachable()
}
