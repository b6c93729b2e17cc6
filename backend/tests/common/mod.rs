//! What the backend's stress tests share: a stand-in for Stripe (the sandbox, in this process,
//! so it outlives a backend that is killed), the backend binary as a child process, temporary
//! databases.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use bank_transfer_sandbox::{Endpoint, Sandbox};

pub const STRIPE_SECRET: &str = "sk_test_CANARY7f3a9e2b";
pub const STRIPE_PUBLISHABLE: &str = "pk_test_canary";
pub const WEBHOOK_SECRET: &str = "whsec_CANARY51c0d4e8";
pub const SESSION_SECRET: &str = "session_CANARY9d2e4f60";

/// The session cookie of shopper `id`, as the backends started here sign it.
pub fn session_cookie(id: &str) -> String {
    bank_transfer_backend::shopper::DemoSessions::new(SESSION_SECRET.as_bytes()).cookie(id)
}

pub use bank_transfer_backend::clock::now;

pub fn temp_db(name: &str) -> PathBuf {
    let mut bytes = [0u8; 6];
    let _ = getrandom::fill(&mut bytes);
    std::env::temp_dir().join(format!("btc-test-{name}-{}.sqlite", hex::encode(bytes)))
}

pub fn remove_db(path: &std::path::Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut file = path.to_path_buf().into_os_string();
        file.push(suffix);
        let _ = std::fs::remove_file(file);
    }
}

/// "Stripe": the sandbox with the canary keys on a port of its own, sending its webhooks to
/// `webhook_url` when given.
pub async fn stripe(webhook_url: Option<String>) -> (String, Arc<Sandbox>) {
    let defaults = bank_transfer_sandbox::Config::default();
    let sandbox = Sandbox::new(bank_transfer_sandbox::Config {
        secret_key: STRIPE_SECRET.into(),
        publishable_key: STRIPE_PUBLISHABLE.into(),
        account: bank_transfer_sandbox::AccountInfo { name: "Stress Shop".into(), ..defaults.account.clone() },
        webhook: webhook_url.map(|url| Endpoint { url, secret: WEBHOOK_SECRET.into() }),
        ..defaults
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let app = bank_transfer_sandbox::router(sandbox.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{address}"), sandbox)
}

/// The backend in this process with `config` (a test's own limits); its base URL.
pub async fn start_in_process(config: bank_transfer_backend::config::Config) -> String {
    let (tx, rx) = tokio::sync::oneshot::channel::<SocketAddr>();
    tokio::spawn(async move {
        bank_transfer_backend::serve(config, |address| {
            let _ = tx.send(address);
        })
        .await
        .unwrap()
    });
    local(rx.await.unwrap())
}

/// A free loopback port (bound and released: good enough for a test that binds it next).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The backend binary, talking to `stripe_base` with the canary keys; output captured.
pub struct Backend {
    pub child: Child,
    pub base: String,
}

impl Backend {
    pub fn spawn(port: u16, stripe_base: &str, database: &[(&str, String)], extra: &[(&str, &str)]) -> Backend {
        let mut command = Command::new(env!("CARGO_BIN_EXE_bank-transfer-backend"));
        command
            .env_clear()
            .env("PORT", port.to_string())
            .env("STRIPE_SECRET_KEY", STRIPE_SECRET)
            .env("STRIPE_PUBLISHABLE_KEY", STRIPE_PUBLISHABLE)
            .env("STRIPE_API_BASE", stripe_base)
            .env("STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET)
            .env("SESSION_SECRET", SESSION_SECRET)
            // The stand-in for Stripe is an IE account: EUR, which the stress tests order.
            .env("SHOP_CURRENCIES", "eur,usd,gbp,jpy,mxn")
            .env("STATIC_ROOT", concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (name, value) in database {
            command.env(name, value);
        }
        for (name, value) in extra {
            command.env(name, value);
        }
        let child = command.spawn().unwrap();
        Backend { child, base: format!("http://127.0.0.1:{port}") }
    }

    /// Waits until it answers.
    pub async fn ready(&self, http: &reqwest::Client) {
        for _ in 0..400 {
            if http.get(format!("{}/api/catalogue", self.base)).send().await.is_ok() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("the backend at {} did not start", self.base);
    }

    /// SIGKILL: no shutdown, no flush, as a crash or an OOM kill.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Everything it printed, once it has ended.
    pub fn output(mut self) -> String {
        self.kill();
        let mut all = String::new();
        use std::io::Read;
        if let Some(mut out) = self.child.stdout.take() {
            let _ = out.read_to_string(&mut all);
        }
        if let Some(mut err) = self.child.stderr.take() {
            let _ = err.read_to_string(&mut all);
        }
        all
    }
}

impl Drop for Backend {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `POST /api/checkout {order}` → (status, body), by a shopper of the order's own (a shopper
/// placing forty orders a minute would meet Stripe's per-customer rate limit).
pub async fn checkout(
    http: &reqwest::Client,
    base: &str,
    order: &str,
) -> Result<(u16, serde_json::Value), reqwest::Error> {
    let response = http
        .post(format!("{base}/api/checkout"))
        .header("Cookie", session_cookie(&format!("guest_{order}")))
        .json(&serde_json::json!({ "order": order }))
        .send()
        .await?;
    let status = response.status().as_u16();
    Ok((status, response.json().await.unwrap_or_default()))
}

/// The intent id in a client secret (`pi_…_secret_…`).
pub fn intent_id(checkout: &serde_json::Value) -> String {
    checkout["clientSecret"].as_str().unwrap_or_default().split("_secret_").next().unwrap_or_default().to_owned()
}

pub fn local(address: SocketAddr) -> String {
    format!("http://{address}")
}

/// What both stores must guarantee, by their constraints and conditional updates, whatever
/// the timing: `one` and `two` are two connections (two instances) to one database.
pub async fn check_constraints(one: &bank_transfer_backend::store::Store, two: &bank_transfer_backend::store::Store) {
    let t = now();
    let stale = t + bank_transfer_backend::store::CLAIM_TIMEOUT_SECONDS + 1;
    // Two instances claim the same new order at once: exactly one wins.
    let (x, y) =
        tokio::join!(one.claim("eu-race", "jo", None, "tok-a", t), two.claim("eu-race", "jo", None, "tok-b", t));
    assert_eq!([x.unwrap(), y.unwrap()].iter().filter(|won| **won).count(), 1);
    let token = one.order("eu-race").await.unwrap().unwrap().pay_token.unwrap();
    assert!(token == "tok-a" || token == "tok-b", "{token}");
    // A claim cannot be taken while it is fresh, and can once it is stale — by its shopper only.
    assert!(!two.claim("eu-race", "jo", None, "tok-c", t + 1).await.unwrap());
    assert!(!two.claim("eu-race", "someone-else", None, "tok-d", stale).await.unwrap());
    assert!(two.claim("eu-race", "jo", None, "tok-e", stale).await.unwrap());
    one.set_intent("eu-race", "pi_1", "requires_action", Some(100)).await.unwrap();
    let order = one.order("eu-race").await.unwrap().unwrap();
    assert_eq!((order.shopper_id.as_deref(), order.account.as_deref()), (Some("jo"), None));
    // The hosted page's token stays the order's first, and finds it.
    assert_eq!(order.pay_token.as_deref(), Some(token.as_str()));
    assert_eq!(two.order_by_pay_token(&token).await.unwrap().map(|o| o.order_id).as_deref(), Some("eu-race"));
    assert_eq!(two.order_by_pay_token("tok-e").await.unwrap(), None);
    // Once it has its intent, nobody claims it again, however old.
    assert!(!two.claim("eu-race", "jo", None, "tok-f", t + 3600).await.unwrap());
    // One intent, one order: the UNIQUE constraint refuses a second order with it.
    assert!(two.claim("eu-other", "jo", Some("acct_1"), "tok-g", t).await.unwrap());
    assert_eq!(one.order("eu-other").await.unwrap().unwrap().account.as_deref(), Some("acct_1"));
    let err = two.set_intent("eu-other", "pi_1", "requires_action", Some(100)).await.unwrap_err();
    assert!(err.0.to_lowercase().contains("unique constraint"), "{err}");
    // The state only moves forward.
    assert_eq!(one.update_status("pi_1", "succeeded", Some(0)).await.unwrap(), 1);
    assert_eq!(one.update_status("pi_1", "requires_action", Some(50)).await.unwrap(), 0);
    assert_eq!(one.order("eu-race").await.unwrap().unwrap().status, "succeeded");

    // One Customer per shopper and account: one claim wins, the customer is UNIQUE.
    let (x, y) = tokio::join!(one.claim_shopper("jo", "", t), two.claim_shopper("jo", "", t));
    assert_eq!([x.unwrap(), y.unwrap()].iter().filter(|won| **won).count(), 1);
    assert!(!two.claim_shopper("jo", "", t + 1).await.unwrap());
    one.set_shopper_customer("jo", "", "cus_1").await.unwrap();
    assert_eq!(two.shopper_customer("jo", "").await.unwrap().unwrap().customer_id.as_deref(), Some("cus_1"));
    assert!(!two.claim_shopper("jo", "", t + 3600).await.unwrap(), "made: never claimed again");
    assert!(two.claim_shopper("jo", "acct_1", t).await.unwrap(), "another account, another Customer");
    let err = two.set_shopper_customer("jo", "acct_1", "cus_1").await.unwrap_err();
    assert!(err.0.to_lowercase().contains("unique constraint"), "{err}");
    // A Customer Stripe forgot is replaced in a new generation.
    assert!(one.reclaim_customer("jo", "", "cus_1").await.unwrap());
    assert!(!one.reclaim_customer("jo", "", "cus_1").await.unwrap());
    let row = one.shopper_customer("jo", "").await.unwrap().unwrap();
    assert_eq!((row.customer_id, row.generation), (None, 1));
    assert!(two.claim_shopper("jo", "", t).await.unwrap());
}
