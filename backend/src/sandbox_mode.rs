//! Sandbox mode: with no Stripe keys, the offline sandbox is mounted on this server at `/v1`
//! and plays Stripe (its webhooks come back to `/webhook`). Only in builds with the cargo
//! feature `sandbox`, which the demo and the tests enable; a production build has none of it.

use axum::Router;

use crate::stripe::Stripe;

/// The sandbox for a server at `self_url`: its routes, the client that talks to it, and the
/// publishable key the browser gets.
#[cfg(feature = "sandbox")]
pub fn start(self_url: &str, webhook_secret: &str) -> Result<(Router, Stripe, String), String> {
    use crate::config::{SANDBOX_PUBLISHABLE_KEY, SANDBOX_SECRET_KEY};
    use bank_transfer_sandbox as sandbox;
    let sandbox = sandbox::Sandbox::new(sandbox::Config {
        secret_key: SANDBOX_SECRET_KEY.into(),
        publishable_key: SANDBOX_PUBLISHABLE_KEY.into(),
        public_url: Some(self_url.to_owned()),
        // The intents' hosted link is this server's own page (`hosted.rs`), as in the email.
        merchant_pages: Some(format!("{self_url}/pay/")),
        webhook: Some(sandbox::Endpoint { url: format!("{self_url}/webhook"), secret: webhook_secret.to_owned() }),
        ..sandbox::Config::default()
    });
    Ok((sandbox::router(sandbox), Stripe::new(self_url, SANDBOX_SECRET_KEY), SANDBOX_PUBLISHABLE_KEY.to_owned()))
}

#[cfg(not(feature = "sandbox"))]
pub fn start(_self_url: &str, _webhook_secret: &str) -> Result<(Router, Stripe, String), String> {
    Err("no Stripe keys: set STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY (this build has no sandbox: build with --features sandbox)".into())
}

/// The demo marketplace seller's connected account, where the sandbox has one.
pub fn connected_account() -> Option<&'static str> {
    #[cfg(feature = "sandbox")]
    return Some(bank_transfer_sandbox::CONNECTED_ACCOUNT);
    #[cfg(not(feature = "sandbox"))]
    None
}
