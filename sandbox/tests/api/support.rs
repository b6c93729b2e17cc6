//! The sandbox on a loopback port, a client that speaks to it as Stripe's SDKs do (form bodies,
//! Bearer keys, `Stripe-Account`, `Idempotency-Key`), and a webhook endpoint that records what
//! it is sent.

use bank_transfer_core::stripe::{SANDBOX_PUBLISHABLE_KEY, SANDBOX_SECRET_KEY};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bank_transfer_core::stripe::TransferType;
use bank_transfer_sandbox::{router, Config, Endpoint, Sandbox};
use reqwest::header::HeaderMap;
use reqwest::Method;
use serde_json::Value;

pub const SK: &str = SANDBOX_SECRET_KEY;
pub const PK: &str = SANDBOX_PUBLISHABLE_KEY;
pub const PLATFORM: &str = "acct_1SandboxPlatform0001";
pub const CONNECTED: &str = bank_transfer_sandbox::CONNECTED_ACCOUNT;
pub const COUNTRY_PARAM: &str = "payment_method_options[customer_balance][bank_transfer][eu_bank_transfer][country]";

pub struct Api {
    pub base: String,
    pub http: reqwest::Client,
}

/// One answer: status, headers and the JSON body.
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// `(status, error.type, error.code, error.param)`, for exact comparisons.
    pub fn error(&self) -> (u16, Option<&str>, Option<&str>, Option<&str>) {
        let e = &self.body["error"];
        (self.status, e["type"].as_str(), e["code"].as_str(), e["param"].as_str())
    }
}

/// What a request carries besides its parameters.
#[derive(Default, Clone, Copy)]
pub struct Opts<'a> {
    pub key: Option<&'a str>,
    pub account: Option<&'a str>,
    pub idempotency_key: Option<&'a str>,
    pub version: Option<&'a str>,
}

impl<'a> Opts<'a> {
    pub fn key(key: &'a str) -> Opts<'a> {
        Opts { key: Some(key), ..Opts::default() }
    }

    pub fn on(mut self, account: &'a str) -> Opts<'a> {
        self.account = Some(account);
        self
    }
}

impl Api {
    pub async fn start(config: Config) -> Api {
        Api::start_with(|_| config).await
    }

    /// `config` is given the server's own address (for `public_url`).
    pub async fn start_with(config: impl FnOnce(&str) -> Config) -> Api {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let app = router(Sandbox::new(config(&base)));
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Api { base, http: reqwest::Client::new() }
    }

    /// A request; `params` go in the body of a POST and in the query string of a GET.
    pub async fn send(&self, method: Method, path: &str, params: &[(&str, &str)], opts: Opts<'_>) -> Reply {
        let encoded: String = form_urlencoded::Serializer::new(String::new()).extend_pairs(params).finish();
        let mut url = format!("{}{path}", self.base);
        let mut request = if method == Method::GET {
            if !encoded.is_empty() {
                url.push(if path.contains('?') { '&' } else { '?' });
                url.push_str(&encoded);
            }
            self.http.get(url)
        } else {
            self.http.request(method, url).header("Content-Type", "application/x-www-form-urlencoded").body(encoded)
        };
        for (name, value) in [
            ("Stripe-Account", opts.account),
            ("Idempotency-Key", opts.idempotency_key),
            ("Stripe-Version", opts.version),
        ] {
            if let Some(value) = value {
                request = request.header(name, value);
            }
        }
        if let Some(key) = opts.key {
            request = request.bearer_auth(key);
        }
        let response = request.send().await.unwrap();
        let (status, headers) = (response.status().as_u16(), response.headers().clone());
        let text = response.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
        Reply { status, headers, body }
    }

    pub async fn post(&self, key: &str, path: &str, form: &[(&str, &str)]) -> (u16, Value) {
        let reply = self.send(Method::POST, path, form, Opts::key(key)).await;
        (reply.status, reply.body)
    }

    pub async fn post_with(&self, key: &str, path: &str, form: &[(&str, &str)], idem: Option<&str>) -> (u16, Value) {
        let reply = self.send(Method::POST, path, form, Opts { idempotency_key: idem, ..Opts::key(key) }).await;
        (reply.status, reply.body)
    }

    pub async fn get(&self, key: Option<&str>, path: &str) -> (u16, Value) {
        let reply = self.send(Method::GET, path, &[], Opts { key, ..Opts::default() }).await;
        (reply.status, reply.body)
    }

    /// `POST` with the secret key that must succeed.
    pub async fn ok(&self, path: &str, form: &[(&str, &str)], opts: Opts<'_>) -> Value {
        let opts = Opts { key: Some(opts.key.unwrap_or(SK)), ..opts };
        let reply = self.send(Method::POST, path, form, opts).await;
        assert_eq!(reply.status, 200, "POST {path}: {}", reply.body);
        reply.body
    }

    pub async fn customer(&self) -> String {
        self.customer_with(&[("email", "jenny@example.com")], Opts::default()).await
    }

    pub async fn customer_with(&self, form: &[(&str, &str)], opts: Opts<'_>) -> String {
        let body = self.ok("/v1/customers", form, opts).await;
        body["id"].as_str().unwrap().to_owned()
    }

    /// A confirmed bank-transfer intent, the guide's manual form; `country` only for EUR.
    pub async fn intent(&self, customer: &str, amount: &str, currency: &str, country: Option<&str>) -> Value {
        self.intent_on(Opts::default(), customer, amount, currency, country).await
    }

    pub async fn intent_on(
        &self,
        opts: Opts<'_>,
        customer: &str,
        amount: &str,
        currency: &str,
        country: Option<&str>,
    ) -> Value {
        let kind = TransferType::for_currency(currency).unwrap().as_str();
        let mut form = vec![
            ("amount", amount),
            ("currency", currency),
            ("customer", customer),
            ("payment_method_types[]", "customer_balance"),
            ("payment_method_data[type]", "customer_balance"),
            ("payment_method_options[customer_balance][funding_type]", "bank_transfer"),
            ("payment_method_options[customer_balance][bank_transfer][type]", kind),
            ("confirm", "true"),
        ];
        if let Some(country) = country {
            form.push((COUNTRY_PARAM, country));
        }
        self.ok("/v1/payment_intents", &form, opts).await
    }

    /// The guide's other form: Stripe chooses the payment method (`automatic_payment_methods`).
    pub async fn automatic_intent(&self, opts: Opts<'_>, customer: &str, amount: &str, currency: &str) -> Value {
        let form = [
            ("amount", amount),
            ("customer", customer),
            ("currency", currency),
            ("automatic_payment_methods[enabled]", "true"),
            ("return_url", "https://example.com/return_url"),
            ("payment_method_data[type]", "customer_balance"),
            ("confirm", "true"),
        ];
        self.ok("/v1/payment_intents", &form, opts).await
    }

    pub async fn fund(&self, customer: &str, amount: &str, currency: &str, reference: Option<&str>) -> Value {
        let mut form = vec![("amount", amount), ("currency", currency)];
        if let Some(r) = reference {
            form.push(("reference", r));
        }
        self.ok(&format!("/v1/test_helpers/customers/{customer}/fund_cash_balance"), &form, Opts::default()).await
    }

    pub async fn retrieve(&self, intent: &Value) -> Value {
        self.retrieve_on(Opts::default(), intent).await
    }

    pub async fn retrieve_on(&self, opts: Opts<'_>, intent: &Value) -> Value {
        let id = intent["id"].as_str().unwrap();
        let opts = Opts { key: Some(opts.key.unwrap_or(SK)), ..opts };
        let reply = self.send(Method::GET, &format!("/v1/payment_intents/{id}"), &[], opts).await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        reply.body
    }

    /// The customer with its cash balance (`expand[]=cash_balance`).
    pub async fn balance(&self, customer: &str, currency: &str) -> i64 {
        let path = format!("/v1/customers/{customer}");
        let reply = self.send(Method::GET, &path, &[("expand[]", "cash_balance")], Opts::key(SK)).await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        reply.body["cash_balance"]["available"][currency].as_i64().unwrap_or(0)
    }
}

pub fn instructions(intent: &Value) -> &Value {
    &intent["next_action"]["display_bank_transfer_instructions"]
}

/// The first IBAN of an intent's instructions: (country, iban).
pub fn iban_of(intent: &Value) -> (String, String) {
    let iban = &instructions(intent)["financial_addresses"][0]["iban"];
    (iban["country"].as_str().unwrap().to_owned(), iban["iban"].as_str().unwrap().to_owned())
}

/// A webhook endpoint on loopback that keeps (Stripe-Signature, raw body) of each delivery.
pub struct Sink {
    pub url: String,
    pub secret: &'static str,
    received: Arc<Mutex<Vec<(String, String)>>>,
}

impl Sink {
    pub async fn start() -> Sink {
        let received: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/webhook", listener.local_addr().unwrap());
        let sink = received.clone();
        let app = axum::Router::new().route(
            "/webhook",
            axum::routing::post(move |headers: axum::http::HeaderMap, body: String| {
                let sink = sink.clone();
                async move {
                    let signature = headers["Stripe-Signature"].to_str().unwrap().to_owned();
                    sink.lock().unwrap().push((signature, body));
                    "ok"
                }
            }),
        );
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Sink { url, secret: "whsec_test_secret", received }
    }

    pub fn endpoint(&self) -> Endpoint {
        Endpoint { url: self.url.clone(), secret: self.secret.into() }
    }

    /// Every event received so far, each signature checked against the secret.
    pub fn events(&self) -> Vec<Value> {
        let received = self.received.lock().unwrap().clone();
        received
            .iter()
            .map(|(signature, body)| {
                let (t, v1) = signature.split_once(",v1=").unwrap();
                let t: i64 = t.trim_start_matches("t=").parse().unwrap();
                assert_eq!(v1, bank_transfer_sandbox::webhooks::sign(self.secret, t, body), "signature of {body}");
                serde_json::from_str(body).unwrap()
            })
            .collect()
    }

    /// Waits (5 s at most) until `done` holds for the events received.
    pub async fn wait_until(&self, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        for _ in 0..250 {
            let events = self.events();
            if done(&events) {
                return events;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("webhooks never got there: {:#?}", self.events());
    }

    /// Waits for `n` events, then a little longer to be sure no more come.
    pub async fn exactly(&self, n: usize) -> Vec<Value> {
        self.wait_until(|e| e.len() >= n).await;
        tokio::time::sleep(Duration::from_millis(150)).await;
        let events = self.events();
        assert_eq!(events.len(), n, "{events:#?}");
        events
    }
}

/// `type` of each event, in order.
pub fn types(events: &[Value]) -> Vec<&str> {
    events.iter().map(|e| e["type"].as_str().unwrap()).collect()
}

/// The default configuration, sending webhooks to `sink`.
pub fn with_webhooks(sink: &Sink) -> Config {
    Config { webhook: Some(sink.endpoint()), ..Config::default() }
}
