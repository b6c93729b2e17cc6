//! Backend abuse: body size and nesting limits, the checkout's per-IP rate limit, CORS only for
//! configured origins, security headers on every response (refusals included), and the secret
//! key and webhook secret never in any response or line of output.

mod common;

use std::path::PathBuf;

use bank_transfer_backend::config::{Config, Rate};
use bank_transfer_sandbox::webhooks::signature_header;
use common::*;
use serde_json::{json, Value};

fn config(db: PathBuf) -> Config {
    Config {
        static_root: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".."),
        // One a minute after a burst of 8: nothing replenishes while the test runs, however slow.
        checkout_rate: Some(Rate { per_minute: 1, burst: 8 }),
        allowed_origins: vec!["https://shop.example".into()],
        ..Config::sandbox(db)
    }
}

/// The headers every response must carry, whatever it is.
fn assert_secure(what: &str, response: &reqwest::Response) {
    let headers = response.headers();
    for (name, expected) in [
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("referrer-policy", "no-referrer"),
        ("cache-control", "no-store"),
    ] {
        assert_eq!(headers.get(name).and_then(|v| v.to_str().ok()), Some(expected), "{what}: {name}");
    }
    let csp = headers.get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or("");
    assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval'"), "{what}: {csp}");
}

#[tokio::test]
async fn limits_refuse_with_our_error_shape_and_secure_headers() {
    let db = temp_db("limits");
    let base = start_in_process(config(db.clone())).await;
    // One shopper (session cookie) throughout, as one browser.
    let http = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let post = |path: &str, body: Vec<u8>| {
        http.post(format!("{base}{path}")).header("content-type", "application/json").body(body)
    };

    // Too big: 413 before any parsing.
    let response =
        post("/api/checkout", format!("{{\"order\":\"{}\"}}", "x".repeat(5000)).into_bytes()).send().await.unwrap();
    assert_eq!(response.status(), 413);
    assert_secure("413 checkout", &response);
    let response = post("/webhook", vec![b' '; 600 * 1024]).send().await.unwrap();
    assert_eq!(response.status(), 413);
    assert_secure("413 webhook", &response);
    // Nested 1,000 deep (within the size limit): a clear 400, no stack trouble.
    let deep = format!("{{\"order\":{}{}}}", "[".repeat(1000), "]".repeat(1000));
    let response = post("/api/checkout", deep.into_bytes()).send().await.unwrap();
    assert_eq!(response.status(), 400);
    assert_secure("400 deep", &response);
    assert_eq!(response.json::<Value>().await.unwrap()["error"]["code"], "invalid_request");

    // The rate limit: 8 in a burst (2 used above), then 429 with Retry-After, our JSON shape.
    let mut statuses = Vec::new();
    let mut refused = None;
    for _ in 0..8 {
        let response = post("/api/checkout", br#"{"order":"eu-limits"}"#.to_vec()).send().await.unwrap();
        statuses.push(response.status().as_u16());
        if response.status() == 429 {
            assert_secure("429", &response);
            let retry: u64 = response.headers()["retry-after"].to_str().unwrap().parse().unwrap();
            assert!((1..=60).contains(&retry), "{retry}");
            refused = Some(response.json::<Value>().await.unwrap());
        }
    }
    assert_eq!(statuses, [200, 200, 200, 200, 200, 200, 429, 429]);
    assert_eq!(refused.unwrap()["error"]["code"], "rate_limited");
    // Only the checkout is limited: reads go on.
    let response = http.get(format!("{base}/api/orders/eu-limits")).send().await.unwrap();
    assert_eq!(response.status(), 200);

    // Refusals and ordinary answers alike carry the security headers.
    for (what, response) in [
        ("405", http.get(format!("{base}/api/checkout")).send().await.unwrap()),
        ("404 file", http.get(format!("{base}/pkg/nothing-here.js")).send().await.unwrap()),
        ("404 order", http.get(format!("{base}/api/orders/eu-nobody")).send().await.unwrap()),
        ("400 webhook", post("/webhook", b"{}".to_vec()).send().await.unwrap()),
        ("page", http.get(format!("{base}/")).send().await.unwrap()),
        ("sandbox", http.get(format!("{base}/v1/payment_intents/pi_x")).send().await.unwrap()),
    ] {
        assert_secure(what, &response);
    }
    remove_db(&db);
}

#[tokio::test]
async fn cors_only_for_configured_origins() {
    let (db1, db2) = (temp_db("cors"), temp_db("cors-none"));
    let configured = start_in_process(config(db1.clone())).await;
    let default = start_in_process(Config::sandbox(db2.clone())).await;
    let http = reqwest::Client::new();
    let preflight = |base: &str, origin: &str| {
        http.request(reqwest::Method::OPTIONS, format!("{base}/api/checkout"))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .send()
    };
    let allow =
        |r: &reqwest::Response| r.headers().get("access-control-allow-origin").map(|v| v.to_str().unwrap().to_owned());

    let ok = preflight(&configured, "https://shop.example").await.unwrap();
    assert_eq!(allow(&ok).as_deref(), Some("https://shop.example"));
    assert_secure("preflight", &ok);
    assert_eq!(allow(&preflight(&configured, "https://evil.example").await.unwrap()), None);
    assert_eq!(allow(&preflight(&configured, "https://shop.example.evil.example").await.unwrap()), None);
    assert_eq!(allow(&preflight(&default, "https://shop.example").await.unwrap()), None, "same origin only by default");
    // The real request from the allowed origin gets the header too.
    let response = http
        .post(format!("{configured}/api/checkout"))
        .header("origin", "https://shop.example")
        .json(&json!({"order": "eu-cors"}))
        .send()
        .await
        .unwrap();
    assert_eq!(allow(&response).as_deref(), Some("https://shop.example"));
    remove_db(&db1);
    remove_db(&db2);
}

#[tokio::test]
async fn the_secret_key_and_webhook_secret_never_leave_the_server() {
    let db = temp_db("secrets");
    let port = free_port();
    let (stripe_base, _sandbox) = stripe(Some(format!("http://127.0.0.1:{port}/webhook"))).await;
    let backend = Backend::spawn(port, &stripe_base, &[("DATABASE_PATH", db.display().to_string())], &[]);
    let http = reqwest::Client::builder().cookie_store(true).build().unwrap();
    backend.ready(&http).await;
    let mut seen = String::new();
    let record = |response: reqwest::Response| {
        let headers = format!("{:?}", response.headers());
        async move { format!("{} {headers} {}\n", response.status(), response.text().await.unwrap_or_default()) }
    };
    let base = backend.base.clone();
    let event = json!({"id": "evt_secret_1", "type": "payment_intent.succeeded", "data": {"object": {"object": "payment_intent", "id": "pi_none", "status": "succeeded"}}}).to_string();
    for request in [
        http.post(format!("{base}/api/checkout")).json(&json!({"order": "eu-secret"})),
        http.post(format!("{base}/api/checkout")).json(&json!({"order": "nope"})),
        http.post(format!("{base}/api/checkout")).body("not json"),
        http.get(format!("{base}/api/orders/eu-secret")),
        http.post(format!("{base}/api/demo/fund")).json(&json!({"order": "eu-secret", "amount": 100})),
        http.post(format!("{base}/webhook"))
            .header("Stripe-Signature", signature_header(WEBHOOK_SECRET, now(), &event))
            .body(event.clone()),
        http.post(format!("{base}/webhook"))
            .header("Stripe-Signature", signature_header("whsec_wrong", now(), &event))
            .body(event.clone()),
        http.post(format!("{base}/webhook"))
            .header("Stripe-Signature", signature_header(WEBHOOK_SECRET, now(), "x"))
            .body("x"),
        http.get(format!("{base}/")),
        http.get(format!("{base}/v1/payment_intents/pi_x")),
    ] {
        seen += &record(request.send().await.unwrap()).await;
    }
    // Stripe unreachable: the error the customer's browser gets.
    let dead_port = free_port();
    let dead = Backend::spawn(
        dead_port,
        "http://127.0.0.1:9",
        &[("DATABASE_PATH", temp_db("dead").display().to_string())],
        &[],
    );
    dead.ready(&http).await;
    let response =
        http.post(format!("{}/api/checkout", dead.base)).json(&json!({"order": "eu-dead"})).send().await.unwrap();
    assert_eq!(response.status(), 502);
    seen += &record(response).await;
    // A configuration error is printed, without the key.
    let misconfigured = std::process::Command::new(env!("CARGO_BIN_EXE_bank-transfer-backend"))
        .env_clear()
        .env("STRIPE_SECRET_KEY", STRIPE_SECRET)
        .env("DATABASE_URL", format!("mysql://root:{WEBHOOK_SECRET}@db/x"))
        .output()
        .unwrap();
    assert_eq!(misconfigured.status.code(), Some(2));
    seen += &String::from_utf8_lossy(&misconfigured.stderr);

    seen += &backend.output();
    seen += &dead.output();
    assert!(seen.contains("eu-secret") && seen.contains("invalid_signature"), "the requests were made: {seen}");
    for secret in [STRIPE_SECRET, WEBHOOK_SECRET, &STRIPE_SECRET[8..], &WEBHOOK_SECRET[6..]] {
        assert!(!seen.contains(secret), "{secret} appeared in:\n{seen}");
    }
    remove_db(&db);
}
