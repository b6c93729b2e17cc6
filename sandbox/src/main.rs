//! `bank-transfer-sandbox`: the sandbox on its own, for a backend of your own.
//! `HOST` (127.0.0.1), `PORT` (12111), `SANDBOX_SECRET_KEY` (sk_test_sandbox),
//! `SANDBOX_PUBLISHABLE_KEY` (pk_test_sandbox), `SANDBOX_WEBHOOK_URL` + `SANDBOX_WEBHOOK_SECRET`
//! (no webhooks without a URL).

use bank_transfer_sandbox::{router, Config, Endpoint, Sandbox};

#[tokio::main]
async fn main() {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let defaults = Config::default();
    let config = Config {
        secret_key: var("SANDBOX_SECRET_KEY").unwrap_or(defaults.secret_key),
        publishable_key: var("SANDBOX_PUBLISHABLE_KEY").unwrap_or(defaults.publishable_key),
        account_name: var("SANDBOX_ACCOUNT_NAME").unwrap_or(defaults.account_name),
        webhook: var("SANDBOX_WEBHOOK_URL").map(|url| Endpoint {
            url,
            secret: var("SANDBOX_WEBHOOK_SECRET").unwrap_or_else(|| "whsec_sandbox".into()),
        }),
    };
    let host = var("HOST").unwrap_or_else(|| "127.0.0.1".into());
    let port = var("PORT").unwrap_or_else(|| "12111".into());
    let listener = match tokio::net::TcpListener::bind(format!("{host}:{port}")).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("bank-transfer-sandbox: cannot listen on {host}:{port}: {e}");
            std::process::exit(1);
        }
    };
    if let Ok(address) = listener.local_addr() {
        println!("bank-transfer-sandbox: http://{address}/v1 (Stripe's API for bank transfers, offline)");
    }
    if let Err(e) = axum::serve(listener, router(Sandbox::new(config))).await {
        eprintln!("bank-transfer-sandbox: {e}");
        std::process::exit(1);
    }
}
