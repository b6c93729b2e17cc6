//! Configuration from the environment, with defaults that run the sandbox.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;

#[derive(Clone)]
pub struct Config {
    pub host: IpAddr,
    pub port: u16,
    /// SQLite file for order → PaymentIntent and received events…
    pub database_path: PathBuf,
    /// … or PostgreSQL (`postgres://…`), for several instances on one database.
    pub database_url: Option<String>,
    /// Where `www/` and `pkg/` are (the repository root by default).
    pub static_root: PathBuf,
    /// `None` runs the built-in sandbox.
    pub stripe: Option<StripeKeys>,
    /// The webhook endpoint's signing secret.
    pub webhook_secret: String,
    /// Origins allowed to call `/api/*` from another site (CORS); empty: same origin only.
    pub allowed_origins: Vec<String>,
    /// `POST /api/checkout` per client IP: requests a minute, and the burst allowed.
    /// `None`: no limit (benchmarks).
    pub checkout_rate: Option<Rate>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rate {
    pub per_minute: u32,
    pub burst: u32,
}

/// A customer opens their checkout a few times; a script that opens hundreds of orders a minute
/// from one address is not a customer (each order is a Stripe customer + intent).
pub const DEFAULT_CHECKOUT_RATE: Rate = Rate { per_minute: 60, burst: 20 };

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
    /// `HOST`, `PORT`, `DATABASE_PATH` or `DATABASE_URL`, `STATIC_ROOT`, `STRIPE_SECRET_KEY` +
    /// `STRIPE_PUBLISHABLE_KEY` (+ `STRIPE_API_BASE`), `STRIPE_WEBHOOK_SECRET`,
    /// `ALLOWED_ORIGINS`, `CHECKOUT_RATE_PER_MINUTE`.
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
        let database_url = var("DATABASE_URL");
        if let Some(url) = &database_url {
            if !url.starts_with("postgres://") && !url.starts_with("postgresql://") {
                return Err("DATABASE_URL must be a postgres:// URL (SQLite: DATABASE_PATH)".into());
            }
        }
        let checkout_rate = match var("CHECKOUT_RATE_PER_MINUTE") {
            None => Some(DEFAULT_CHECKOUT_RATE),
            Some(n) => match n.parse::<u32>() {
                Ok(0) => None,
                Ok(per_minute) => Some(Rate { per_minute, burst: DEFAULT_CHECKOUT_RATE.burst.min(per_minute) }),
                Err(_) => return Err(format!("CHECKOUT_RATE_PER_MINUTE={n} is not a whole number (0: no limit)")),
            },
        };
        Ok(Config {
            host,
            port,
            database_path: var("DATABASE_PATH").map(PathBuf::from).unwrap_or_else(|| "data/checkout.sqlite".into()),
            database_url,
            static_root: var("STATIC_ROOT").map(PathBuf::from).unwrap_or_else(|| ".".into()),
            stripe,
            webhook_secret: var("STRIPE_WEBHOOK_SECRET").unwrap_or_else(|| SANDBOX_WEBHOOK_SECRET.into()),
            allowed_origins: var("ALLOWED_ORIGINS")
                .map(|list| {
                    list.split(',')
                        .map(|o| o.trim().trim_end_matches('/').to_owned())
                        .filter(|o| !o.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            checkout_rate,
        })
    }

    /// The sandbox on loopback with a SQLite file: what tests start from.
    pub fn sandbox(database_path: PathBuf) -> Config {
        Config {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
            database_path,
            database_url: None,
            static_root: ".".into(),
            stripe: None,
            webhook_secret: SANDBOX_WEBHOOK_SECRET.into(),
            allowed_origins: Vec::new(),
            checkout_rate: Some(DEFAULT_CHECKOUT_RATE),
        }
    }
}

/// Never prints a key or the webhook secret.
impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.debug_struct("Config")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("database", &if self.database_url.is_some() { "postgres" } else { "sqlite" })
            .field("database_path", &self.database_path)
            .field("static_root", &self.static_root)
            .field("mode", &if self.stripe.is_some() { "stripe" } else { "sandbox" })
            .field("allowed_origins", &self.allowed_origins)
            .field("checkout_rate", &self.checkout_rate)
            .finish_non_exhaustive()
    }
}
