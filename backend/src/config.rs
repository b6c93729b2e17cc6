//! Configuration from the environment, with defaults that run the sandbox.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;

#[derive(Clone)]
pub struct Config {
    pub host: IpAddr,
    pub port: u16,
    /// SQLite file for order → PaymentIntent and received events.
    pub database_path: PathBuf,
    /// Where `www/` and `pkg/` are (the repository root by default).
    pub static_root: PathBuf,
    /// `None` runs the built-in sandbox.
    pub stripe: Option<StripeKeys>,
    /// The webhook endpoint's signing secret.
    pub webhook_secret: String,
}

#[derive(Clone)]
pub struct StripeKeys {
    pub secret_key: String,
    pub publishable_key: String,
    pub api_base: String,
}

/// The sandbox's keys: not secrets, they only open the in-process sandbox.
pub const SANDBOX_SECRET_KEY: &str = "sk_test_sandbox";
pub const SANDBOX_PUBLISHABLE_KEY: &str = "pk_test_sandbox";
pub const SANDBOX_WEBHOOK_SECRET: &str = "whsec_sandbox";

impl Config {
    /// `HOST`, `PORT`, `DATABASE_PATH`, `STATIC_ROOT`, `STRIPE_SECRET_KEY` +
    /// `STRIPE_PUBLISHABLE_KEY` (+ `STRIPE_API_BASE`), `STRIPE_WEBHOOK_SECRET`.
    pub fn from_env() -> Result<Config, String> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let host = match var("HOST") {
            Some(h) => h.parse().map_err(|_| format!("HOST={h} is not an IP address"))?,
            None => IpAddr::V4(Ipv4Addr::LOCALHOST),
        };
        let port = match var("PORT") {
            Some(p) => p.parse().map_err(|_| format!("PORT={p} is not a port number"))?,
            None => 8080,
        };
        let stripe = match (var("STRIPE_SECRET_KEY"), var("STRIPE_PUBLISHABLE_KEY")) {
            (Some(secret_key), Some(publishable_key)) => Some(StripeKeys {
                secret_key,
                publishable_key,
                api_base: var("STRIPE_API_BASE").unwrap_or_else(|| "https://api.stripe.com".into()),
            }),
            (None, None) => None,
            _ => return Err("set both STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY, or neither for the sandbox".into()),
        };
        if stripe.is_some() && var("STRIPE_WEBHOOK_SECRET").is_none() {
            return Err("STRIPE_WEBHOOK_SECRET is required with real Stripe keys".into());
        }
        Ok(Config {
            host,
            port,
            database_path: var("DATABASE_PATH").map(PathBuf::from).unwrap_or_else(|| "data/checkout.sqlite".into()),
            static_root: var("STATIC_ROOT").map(PathBuf::from).unwrap_or_else(|| ".".into()),
            stripe,
            webhook_secret: var("STRIPE_WEBHOOK_SECRET").unwrap_or_else(|| SANDBOX_WEBHOOK_SECRET.into()),
        })
    }
}

/// Never prints a key or the webhook secret.
impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.debug_struct("Config")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("database_path", &self.database_path)
            .field("static_root", &self.static_root)
            .field("mode", &if self.stripe.is_some() { "stripe" } else { "sandbox" })
            .finish_non_exhaustive()
    }
}
