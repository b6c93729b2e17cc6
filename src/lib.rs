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

pub use bank_transfer_core as core;

#[cfg(target_arch = "wasm32")]
mod dom;
#[cfg(target_arch = "wasm32")]
mod error;
#[cfg(target_arch = "wasm32")]
mod input;
#[cfg(target_arch = "wasm32")]
mod intl;
#[cfg(target_arch = "wasm32")]
mod instructions_view;

#[cfg(target_arch = "wasm32")]
pub use instructions_view::{render_instructions, InstructionsView};
