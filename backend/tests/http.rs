//! The backend over real HTTP on loopback, in sandbox mode, as the browser module and Stripe use it.

mod common;

use bank_transfer_core::stripe::{SANDBOX_PUBLISHABLE_KEY, SANDBOX_SECRET_KEY};
use std::net::SocketAddr;
use std::path::PathBuf;

use bank_transfer_backend::config::Config;
use bank_transfer_backend::store::Store;
use bank_transfer_sandbox::webhooks::signature_header;
use common::{now, temp_db};
use serde_json::{json, Value};

struct Server {
    base: String,
    http: reqwest::Client,
    db_path: PathBuf,
}

impl Server {
    async fn start(db_path: PathBuf) -> Server {
        let config = Config {
            static_root: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".."),
            webhook_secret: "whsec_test_backend".into(),
            ..Config::sandbox(db_path.clone())
        };
        Server { base: common::start_in_process(config).await, http: shopper_client(), db_path }
    }

    /// The same server, seen by another browser (another shopper).
    fn other_shopper(&self) -> Server {
        Server { base: self.base.clone(), http: shopper_client(), db_path: PathBuf::new() }
    }

    /// `POST /api/session {persona}`: the demo's "switch shopper".
    async fn become_(&self, persona: &str) -> Value {
        let url = format!("{}/api/session", self.base);
        let response = self.http.post(url).json(&json!({ "persona": persona })).send().await.unwrap();
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    /// The IBAN, the reference and the customer of a checkout's intent.
    async fn iban_reference_customer(&self, checkout: &Value) -> (String, String, String) {
        let intent = self.intent(checkout).await;
        let dbti = &intent["next_action"]["display_bank_transfer_instructions"];
        let full = self.merchant_view(&self.base, SANDBOX_SECRET_KEY, intent["id"].as_str().unwrap()).await;
        (
            dbti["financial_addresses"][0]["iban"]["iban"].as_str().unwrap().to_owned(),
            dbti["reference"].as_str().unwrap().to_owned(),
            full["customer"].as_str().unwrap().to_owned(),
        )
    }

    async fn checkout(&self, body: Value) -> (u16, Value) {
        let response = self.http.post(format!("{}/api/checkout", self.base)).json(&body).send().await.unwrap();
        (response.status().as_u16(), response.json().await.unwrap())
    }

    /// The PaymentIntent as the browser sees it: publishable key + client secret.
    async fn intent(&self, checkout: &Value) -> Value {
        let secret = checkout["clientSecret"].as_str().unwrap();
        let id = secret.split("_secret_").next().unwrap();
        let url =
            format!("{}/v1/payment_intents/{id}?client_secret={secret}", checkout["stripeApiBase"].as_str().unwrap());
        let response =
            self.http.get(url).bearer_auth(checkout["publishableKey"].as_str().unwrap()).send().await.unwrap();
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    /// A PaymentIntent as the merchant sees it: secret key, every field (the customer too).
    async fn merchant_view(&self, api_base: &str, secret_key: &str, id: &str) -> Value {
        let response =
            self.http.get(format!("{api_base}/v1/payment_intents/{id}")).bearer_auth(secret_key).send().await.unwrap();
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    async fn fund(&self, intent: &Value, customer: &str, amount: i64) {
        let reference = intent["next_action"]["display_bank_transfer_instructions"]["reference"].as_str().unwrap_or("");
        let currency = intent["currency"].as_str().unwrap();
        let response = self
            .http
            .post(format!("{}/v1/test_helpers/customers/{customer}/fund_cash_balance", self.base))
            .bearer_auth(SANDBOX_SECRET_KEY)
            .form(&[("amount", amount.to_string().as_str()), ("currency", currency), ("reference", reference)])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
    }

    async fn order(&self, order: &str) -> Value {
        let response = self.http.get(format!("{}/api/orders/{order}", self.base)).send().await.unwrap();
        response.json().await.unwrap()
    }

    async fn webhook(&self, body: &str, signature: Option<String>) -> (u16, Value) {
        let mut request = self.http.post(format!("{}/webhook", self.base)).body(body.to_owned());
        if let Some(signature) = signature {
            request = request.header("Stripe-Signature", signature);
        }
        let response = request.send().await.unwrap();
        (response.status().as_u16(), response.json().await.unwrap())
    }

    /// Waits for webhook delivery to move the order to `status`.
    async fn wait_for(&self, order: &str, status: &str) -> Value {
        for _ in 0..250 {
            let now = self.order(order).await;
            if now["status"] == status {
                return now;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        panic!("order {order} never reached {status}: {}", self.order(order).await);
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if !self.db_path.as_os_str().is_empty() {
            common::remove_db(&self.db_path);
        }
    }
}

/// A browser: it keeps the session cookie the backend gives it.
fn shopper_client() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).build().unwrap()
}

#[tokio::test]
async fn one_order_one_payment_intent_across_reloads_and_concurrent_tabs() {
    let server = Server::start(temp_db("idem")).await;
    let (status, first) = server.checkout(json!({"order": "eu-reload"})).await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["publishableKey"], SANDBOX_PUBLISHABLE_KEY);
    assert_eq!(first["stripeApiBase"], server.base);
    let (_, again) = server.checkout(json!({"order": "eu-reload"})).await;
    assert_eq!(again["clientSecret"], first["clientSecret"]);
    // Many tabs at once still make one intent.
    let tabs = futures_join(&server, "eu-tabs").await;
    assert!(tabs.windows(2).all(|w| w[0] == w[1]), "{tabs:?}");
    let (_, other) = server.checkout(json!({"order": "eu-other"})).await;
    assert_ne!(other["clientSecret"], first["clientSecret"]);
}

async fn futures_join(server: &Server, order: &str) -> Vec<Value> {
    let mut handles = Vec::new();
    for _ in 0..5 {
        let (http, url) = (server.http.clone(), format!("{}/api/checkout", server.base));
        let body = json!({ "order": order });
        handles.push(tokio::spawn(async move {
            let response = http.post(url).json(&body).send().await.unwrap();
            response.json::<Value>().await.unwrap()["clientSecret"].clone()
        }));
    }
    let mut secrets = Vec::new();
    for handle in handles {
        secrets.push(handle.await.unwrap());
    }
    secrets
}

#[tokio::test]
async fn the_amount_comes_from_the_catalogue_never_from_the_client() {
    let server = Server::start(temp_db("amount")).await;
    let (_, checkout) = server.checkout(json!({"order": "jp-1", "amount": 1, "currency": "usd"})).await;
    let intent = server.intent(&checkout).await;
    assert_eq!((intent["amount"].as_i64(), intent["currency"].as_str()), (Some(19000), Some("jpy")));
    let (_, checkout) = server.checkout(json!({"order": "order_123"})).await;
    let intent = server.intent(&checkout).await;
    assert_eq!((intent["amount"].as_i64(), intent["currency"].as_str()), (Some(1099), Some("eur")));
    let dbti = &intent["next_action"]["display_bank_transfer_instructions"];
    assert_eq!(dbti["financial_addresses"][0]["iban"]["country"], "DE", "a new shopper is in Germany");
}

#[tokio::test]
async fn one_customer_per_shopper_reused_and_orders_private_to_their_shopper() {
    let server = Server::start(temp_db("shopper")).await;
    let (_, first) = server.checkout(json!({"order": "eu-first"})).await;
    let (_, second) = server.checkout(json!({"order": "eu-second"})).await;
    let (iban1, reference1, customer1) = server.iban_reference_customer(&first).await;
    let (iban2, reference2, customer2) = server.iban_reference_customer(&second).await;
    assert_eq!((&iban2, &customer2), (&iban1, &customer1), "the shopper's second order: same account");
    assert_ne!(reference2, reference1, "a new reference per order");
    assert!(iban1.starts_with("DE"), "{iban1}");
    // The Customer knows the shopper's country.
    let customer: Value = server
        .http
        .get(format!("{}/v1/customers/{customer1}", server.base))
        .bearer_auth(SANDBOX_SECRET_KEY)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(customer["address"]["country"], "DE");

    // Another browser: its own Customer and account; the first shopper's orders do not exist for it.
    let other = server.other_shopper();
    let (status, refused) = other.checkout(json!({"order": "eu-first"})).await;
    assert_eq!((status, &refused["error"]["code"]), (404, &json!("order_not_found")));
    let (status, unknown) = other.checkout(json!({"order": "nothing-here"})).await;
    assert_eq!((status, unknown["error"]["code"].as_str()), (404, Some("order_not_found")), "the same answer");
    let response = other.http.get(format!("{}/api/orders/eu-first", other.base)).send().await.unwrap();
    assert_eq!(response.status(), 404);
    assert_eq!(server.order("eu-first").await["status"], "requires_action", "its shopper still sees it");
    let (_, own) = other.checkout(json!({"order": "eu-third"})).await;
    let (iban3, _, customer3) = other.iban_reference_customer(&own).await;
    assert_ne!((&iban3, &customer3), (&iban1, &customer1));

    // Switching to a persona: a shopper in France gets a French IBAN without choosing.
    let session = other.become_("camille").await;
    assert_eq!(session["shopper"]["country"], "FR");
    let (_, camille) = other.checkout(json!({"order": "eu-camille"})).await;
    let (iban, _, _) = other.iban_reference_customer(&camille).await;
    assert!(iban.starts_with("FR"), "{iban}");
    let (status, _) = other.checkout(json!({"order": "eu-third"})).await;
    assert_eq!(status, 404, "the guest's order is not Camille's");
}

#[tokio::test]
async fn a_marketplace_order_lives_on_the_sellers_connected_account() {
    let server = Server::start(temp_db("connect")).await;
    let (status, checkout) = server.checkout(json!({"order": "maker-1"})).await;
    assert_eq!(status, 200, "{checkout}");
    assert_eq!(checkout["stripeAccount"], bank_transfer_sandbox::CONNECTED_ACCOUNT);
    let secret = checkout["clientSecret"].as_str().unwrap();
    let id = secret.split("_secret_").next().unwrap();
    let get = |query: String| {
        let http = server.http.clone();
        let url = format!("{}/v1/payment_intents/{id}?client_secret={secret}&key=pk_test_sandbox{query}", server.base);
        async move { http.get(url).send().await.unwrap().status().as_u16() }
    };
    assert_eq!(get(format!("&_stripe_account={}", bank_transfer_sandbox::CONNECTED_ACCOUNT)).await, 200);
    assert_eq!(get(String::new()).await, 404, "not on the platform's own account");
    let (_, again) = server.checkout(json!({"order": "maker-1"})).await;
    assert_eq!(again["clientSecret"], checkout["clientSecret"]);
    server.wait_for("maker-1", "requires_action").await;
}

#[tokio::test]
async fn a_stripe_refusal_is_a_sentence_for_the_customer_and_stripes_code_for_the_log() {
    let server = Server::start(temp_db("refusal")).await;
    let arm = |status: &'static str| {
        let http = server.http.clone();
        let url = format!("{}/v1/test_helpers/faults", server.base);
        async move {
            let form = [("path", "/v1/payment_intents"), ("method", "POST"), ("status", status)];
            let response = http.post(url).bearer_auth(SANDBOX_SECRET_KEY).form(&form).send().await.unwrap();
            assert_eq!(response.status(), 200);
        }
    };
    arm("400").await;
    let (status, refused) = server.checkout(json!({"order": "eu-refused"})).await;
    assert_eq!(
        (status, refused["error"]["code"].as_str(), refused["error"]["message"].as_str()),
        (
            422,
            Some("payment_unavailable"),
            Some("Bank transfer is not available for this order right now. Please choose another payment method or contact the shop.")
        )
    );
    arm("500").await;
    let (status, failed) = server.checkout(json!({"order": "eu-refused"})).await;
    assert_eq!((status, failed["error"]["code"].as_str()), (502, Some("stripe_unavailable")), "worth a retry");
    let (status, _) = server.checkout(json!({"order": "eu-refused"})).await;
    assert_eq!(status, 200, "the same order goes through once Stripe does");
}

#[tokio::test]
async fn bad_checkout_requests_get_clear_errors() {
    let server = Server::start(temp_db("bad")).await;
    let (status, body) = server.checkout(json!({"order": "nothing-here"})).await;
    assert_eq!((status, body["error"]["code"].as_str()), (404, Some("order_not_found")));
    let (status, body) = server.checkout(json!({"amount": 5})).await;
    assert_eq!((status, body["error"]["code"].as_str()), (400, Some("invalid_request")));
    let response = server.http.post(format!("{}/api/checkout", server.base)).body("not json").send().await.unwrap();
    assert_eq!(response.status(), 400);
    let (_, ok) = server.checkout(json!({"order": "us-1"})).await;
    assert!(!ok.to_string().contains("sk_"), "the secret key never leaves the server: {ok}");
}

#[tokio::test]
async fn webhook_signatures_good_bad_stale_and_duplicate() {
    let server = Server::start(temp_db("webhook")).await;
    let event = json!({"id": "evt_test_1", "object": "event", "type": "customer.created", "data": {"object": {"object": "customer"}}}).to_string();
    let secret = "whsec_test_backend";
    let before = Store::sqlite(&server.db_path).unwrap().event_count().await.unwrap();

    let (status, body) = server.webhook(&event, Some(signature_header(secret, now(), &event))).await;
    assert_eq!((status, &body), (200, &json!({"received": true, "duplicate": false})));
    let (status, body) = server.webhook(&event, Some(signature_header(secret, now(), &event))).await;
    assert_eq!((status, &body), (200, &json!({"received": true, "duplicate": true})));

    let (status, body) = server.webhook(&event, Some(signature_header("whsec_wrong", now(), &event))).await;
    assert_eq!((status, body["error"]["code"].as_str()), (400, Some("invalid_signature")));
    let (status, _) = server.webhook(&event, Some(signature_header(secret, now() - 301, &event))).await;
    assert_eq!(status, 400);
    let (status, _) = server.webhook(&event, None).await;
    assert_eq!(status, 400);
    let tampered = event.replace("customer.created", "payment_intent.succeeded");
    let (status, _) = server.webhook(&tampered, Some(signature_header(secret, now(), &event))).await;
    assert_eq!(status, 400);

    let after = Store::sqlite(&server.db_path).unwrap().event_count().await.unwrap();
    assert_eq!(after - before, 1, "stored once");
}

#[tokio::test]
async fn funding_moves_the_order_through_partial_to_succeeded() {
    let server = Server::start(temp_db("funding")).await;
    let (_, checkout) = server.checkout(json!({"order": "gb-fund"})).await;
    server.wait_for("gb-fund", "requires_action").await;
    let intent = server.intent(&checkout).await;
    // The publishable view has no customer: read it with the secret key, as a merchant would.
    let full = server.merchant_view(&server.base, SANDBOX_SECRET_KEY, intent["id"].as_str().unwrap()).await;
    let customer = full["customer"].as_str().unwrap().to_owned();

    server.fund(&intent, &customer, 2900).await;
    let partial = server.wait_for("gb-fund", "requires_action").await;
    for _ in 0..250 {
        if server.order("gb-fund").await["amountRemaining"] == 5000 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(server.order("gb-fund").await["amountRemaining"], 5000, "{partial}");
    server.fund(&intent, &customer, 5000).await;
    let done = server.wait_for("gb-fund", "succeeded").await;
    assert_eq!(done["amountRemaining"], 0);
    assert_eq!(server.intent(&checkout).await["status"], "succeeded");
}

#[tokio::test]
async fn pages_carry_a_strict_content_security_policy() {
    let server = Server::start(temp_db("headers")).await;
    for path in ["/", "/pkg/does-not-exist.js", "/api/orders/none"] {
        let response = server.http.get(format!("{}{path}", server.base)).send().await.unwrap();
        let csp = response.headers()["content-security-policy"].to_str().unwrap().to_owned();
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"), "{csp}");
        assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    }
    let index = server.http.get(format!("{}/", server.base)).send().await.unwrap();
    assert_eq!(index.status(), 200);
    assert!(index.text().await.unwrap().contains("<script type=\"module\""));
}

/// "Real Stripe" mode (both keys set), pointed at a separate sandbox standing in for Stripe:
/// the same client code path the backend uses with api.stripe.com, webhooks included.
#[tokio::test]
async fn with_stripe_keys_it_talks_to_the_configured_api() {
    use bank_transfer_backend::config::StripeKeys;
    let backend_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let backend_address = backend_listener.local_addr().unwrap();
    let stripe_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let stripe_base = format!("http://{}", stripe_listener.local_addr().unwrap());
    let secret = "whsec_test_live_mode";
    // An account in the US: the shop offers what it can take, dollars.
    let defaults = bank_transfer_sandbox::Config::default();
    let account = bank_transfer_sandbox::AccountInfo {
        name: "Elsewhere".into(),
        country: "US".into(),
        default_currency: "usd".into(),
        ..defaults.account.clone()
    };
    let stripe = bank_transfer_sandbox::Sandbox::new(bank_transfer_sandbox::Config {
        secret_key: "sk_test_elsewhere".into(),
        publishable_key: "pk_test_elsewhere".into(),
        account,
        webhook: Some(bank_transfer_sandbox::Endpoint {
            url: format!("http://{backend_address}/webhook"),
            secret: secret.into(),
        }),
        ..defaults
    });
    tokio::spawn(async move { axum::serve(stripe_listener, bank_transfer_sandbox::router(stripe)).await.unwrap() });
    let db_path = temp_db("live");
    let config = Config {
        port: backend_address.port(),
        static_root: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".."),
        stripe: Some(StripeKeys {
            secret_key: "sk_test_elsewhere".into(),
            publishable_key: "pk_test_elsewhere".into(),
            api_base: stripe_base.clone(),
        }),
        webhook_secret: secret.into(),
        ..Config::sandbox(db_path.clone())
    };
    let app = bank_transfer_backend::app(config, backend_address).await.unwrap();
    let app = app.into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move { axum::serve(backend_listener, app).await.unwrap() });
    let server = Server { base: format!("http://{backend_address}"), http: shopper_client(), db_path };

    let catalogue: Value =
        server.http.get(format!("{}/api/catalogue", server.base)).send().await.unwrap().json().await.unwrap();
    let currencies: Vec<&str> =
        catalogue["items"].as_array().unwrap().iter().map(|i| i["currency"].as_str().unwrap()).collect();
    assert_eq!(currencies, ["usd"], "a US account takes dollars; no marketplace seller with real keys");
    let (status, _) = server.checkout(json!({"order": "eu-live"})).await;
    assert_eq!(status, 404, "not sold: the account cannot take euros");

    let (status, checkout) = server.checkout(json!({"order": "us-live"})).await;
    assert_eq!(status, 200, "{checkout}");
    assert_eq!(
        (checkout["publishableKey"].as_str(), checkout["stripeApiBase"].as_str()),
        (Some("pk_test_elsewhere"), Some(stripe_base.as_str()))
    );
    assert!(!checkout.to_string().contains("sk_test"), "{checkout}");
    // No sandbox on the backend in this mode: /v1 is just the page's fallback, not an API.
    let response = server.http.get(format!("{}/v1/payment_intents/x", server.base)).send().await.unwrap();
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let csp = server.http.get(format!("{}/", server.base)).send().await.unwrap().headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains(&format!("connect-src 'self' {stripe_base}")), "{csp}");

    let id = checkout["clientSecret"].as_str().unwrap().split("_secret_").next().unwrap().to_owned();
    let full = server.merchant_view(&stripe_base, "sk_test_elsewhere", &id).await;
    let customer = full["customer"].as_str().unwrap();
    let reference = full["next_action"]["display_bank_transfer_instructions"]["reference"].as_str().unwrap();
    let funded = server
        .http
        .post(format!("{stripe_base}/v1/test_helpers/customers/{customer}/fund_cash_balance"))
        .bearer_auth("sk_test_elsewhere")
        .form(&[("amount", "8900"), ("currency", "usd"), ("reference", reference)])
        .send()
        .await
        .unwrap();
    assert_eq!(funded.status(), 200);
    assert_eq!(server.wait_for("us-live", "succeeded").await["amountRemaining"], 0);
}
