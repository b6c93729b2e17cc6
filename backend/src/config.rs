//! Configuration from the environment, with defaults that run the sandbox.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;

use bank_transfer_core::stripe::TransferType;

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
    /// Acts for this connected account (Connect, `Stripe-Account`) on every order.
    pub stripe_account: Option<String>,
    /// Signs the demo's session cookies; `None`: a random secret per process (sessions end
    /// with it, and several instances must share one).
    pub session_secret: Option<String>,
    /// The currencies the shop offers (`SHOP_CURRENCIES=eur,gbp`); `None`: what the Stripe
    /// account takes (`GET /v1/account`), or all five in sandbox mode.
    pub shop_currencies: Option<Vec<String>>,
    /// Where customers reach this server (`PUBLIC_URL`, e.g. `https://shop.example`): the
    /// emailed link to the hosted page starts with it. `None`: `http://{host}:{port}` as bound.
    pub public_url: Option<String>,
    /// The email relay (`SMTP_URL`: `smtps://user:pass@host`, `smtp://host:port?tls=required`,
    /// plain `smtp://127.0.0.1:2525` for tests). May hold a password: never printed.
    pub smtp_url: Option<String>,
    /// The sender of the instructions' emails (`MAIL_FROM`).
    pub mail_from: String,
    /// Without `SMTP_URL`, in sandbox mode: the directory emails are written to (`MAIL_OUTBOX`,
    /// default `bank-transfer-checkout-outbox` in the system's temporary directory).
    pub mail_outbox: Option<PathBuf>,
}

/// The sender when `MAIL_FROM` is unset.
pub const DEFAULT_MAIL_FROM: &str = "Bank transfer checkout <noreply@localhost>";

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

pub use bank_transfer_core::stripe::{SANDBOX_PUBLISHABLE_KEY, SANDBOX_SECRET_KEY, SANDBOX_WEBHOOK_SECRET};

impl Config {
    /// `HOST`, `PORT`, `DATABASE_PATH` or `DATABASE_URL`, `STATIC_ROOT`, `STRIPE_SECRET_KEY` +
    /// `STRIPE_PUBLISHABLE_KEY` (+ `STRIPE_API_BASE`, `STRIPE_ACCOUNT`), `STRIPE_WEBHOOK_SECRET`,
    /// `ALLOWED_ORIGINS`, `CHECKOUT_RATE_PER_MINUTE`, `SESSION_SECRET`, `SHOP_CURRENCIES`,
    /// `PUBLIC_URL`, `SMTP_URL`, `MAIL_FROM`, `MAIL_OUTBOX`.
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
        let stripe_account = var("STRIPE_ACCOUNT");
        if stripe_account.as_deref().is_some_and(|a| !a.starts_with("acct_")) {
            return Err("STRIPE_ACCOUNT must be a connected account id (acct_…)".into());
        }
        let shop_currencies = match var("SHOP_CURRENCIES") {
            None => None,
            Some(list) => {
                let currencies: Vec<String> =
                    list.split(',').map(|c| c.trim().to_ascii_lowercase()).filter(|c| !c.is_empty()).collect();
                if let Some(bad) = currencies.iter().find(|c| TransferType::for_currency(c).is_none()) {
                    return Err(format!("SHOP_CURRENCIES: bank transfers do not take {bad} (usd, gbp, eur, jpy, mxn)"));
                }
                Some(currencies)
            }
        };
        let public_url = var("PUBLIC_URL").map(|url| url.trim().trim_end_matches('/').to_owned());
        if let Some(url) = &public_url {
            let valid = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")).is_some_and(|rest| {
                // Goes into emails' links and markup: no query, fragment, quotes or spaces.
                !rest.is_empty()
                    && !rest.starts_with('/')
                    && !rest.contains(['?', '#', '"', '\'', '<', '>', '\\'])
                    && !rest.contains(|c: char| c.is_whitespace() || c.is_control())
            });
            if !valid {
                return Err(format!(
                    "PUBLIC_URL={url} is not a URL such as https://shop.example or https://example.com/shop"
                ));
            }
        }
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
            stripe_account,
            session_secret: var("SESSION_SECRET"),
            shop_currencies,
            public_url,
            smtp_url: var("SMTP_URL"),
            mail_from: var("MAIL_FROM").unwrap_or_else(|| DEFAULT_MAIL_FROM.into()),
            mail_outbox: var("MAIL_OUTBOX").map(PathBuf::from),
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
            stripe_account: None,
            session_secret: None,
            shop_currencies: None,
            public_url: None,
            smtp_url: None,
            mail_from: DEFAULT_MAIL_FROM.into(),
            mail_outbox: None,
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
            .field("stripe_account", &self.stripe_account)
            .field("shop_currencies", &self.shop_currencies)
            .field("public_url", &self.public_url)
            .field("mail", &if self.smtp_url.is_some() { "smtp" } else { "outbox or none" })
            .field("mail_from", &self.mail_from)
            .finish_non_exhaustive()
    }
}
