//! `bank-transfer-sandbox`: the sandbox on its own, for a backend of your own.
//! `HOST` (127.0.0.1), `PORT` (12111), `SANDBOX_SECRET_KEY` (sk_test_sandbox),
//! `SANDBOX_PUBLISHABLE_KEY` (pk_test_sandbox), `SANDBOX_ACCOUNT_NAME` (Sandbox Shop),
//! `SANDBOX_PUBLIC_URL` (where it is reached, for `hosted_instructions_url`; default its own
//! address), `SANDBOX_MERCHANT_PAGES` (a prefix such as `https://shop.example/pay/`: intents
//! created with `metadata[pay_token]` link to that prefix + the token), `SANDBOX_WEBHOOK_URL` + `SANDBOX_WEBHOOK_SECRET` (no webhooks without a URL).

use bank_transfer_sandbox::{router, Config, Endpoint, Sandbox};

#[tokio::main]
async fn main() {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let host = var("HOST").unwrap_or_else(|| "127.0.0.1".into());
    let port = var("PORT").unwrap_or_else(|| "12111".into());
    let listener = match tokio::net::TcpListener::bind(format!("{host}:{port}")).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("bank-transfer-sandbox: cannot listen on {host}:{port}: {e}");
            std::process::exit(1);
        }
    };
    let address = listener.local_addr().map(|a| format!("http://{a}")).unwrap_or_default();
    let defaults = Config::default();
    let mut account = defaults.account.clone();
    if let Some(name) = var("SANDBOX_ACCOUNT_NAME") {
        account.name = name;
    }
    let config = Config {
        secret_key: var("SANDBOX_SECRET_KEY").unwrap_or(defaults.secret_key),
        publishable_key: var("SANDBOX_PUBLISHABLE_KEY").unwrap_or(defaults.publishable_key),
        account,
        connected_accounts: defaults.connected_accounts,
        public_url: Some(var("SANDBOX_PUBLIC_URL").unwrap_or_else(|| address.clone())),
        merchant_pages: var("SANDBOX_MERCHANT_PAGES"),
        webhook: var("SANDBOX_WEBHOOK_URL").map(|url| Endpoint {
            url,
            secret: var("SANDBOX_WEBHOOK_SECRET")
                .unwrap_or_else(|| bank_transfer_core::stripe::SANDBOX_WEBHOOK_SECRET.into()),
        }),
    };
    println!("bank-transfer-sandbox: {address}/v1 (Stripe's API for bank transfers, offline)");
    if let Err(e) = axum::serve(listener, router(Sandbox::new(config))).await {
        eprintln!("bank-transfer-sandbox: {e}");
        std::process::exit(1);
    }
}
