//! `bank-transfer-backend`: see README. Configured by environment variables; without Stripe
//! keys it runs the offline sandbox.

#[tokio::main]
async fn main() {
    let config = match bank_transfer_backend::config::Config::from_env() {
        Ok(config) => config,
        Err(message) => {
            eprintln!("bank-transfer-backend: {message}");
            std::process::exit(2);
        }
    };
    let mode = if config.stripe.is_some() { "Stripe" } else { "the offline sandbox" };
    let served = bank_transfer_backend::serve(config, |address| {
        println!("bank-transfer-backend: http://{address}/ (payments through {mode})");
    })
    .await;
    if let Err(e) = served {
        eprintln!("bank-transfer-backend: {e}");
        std::process::exit(1);
    }
}
