//! The hosted instructions page (`hosted_instructions_url`) and Stripe's response headers.

use bank_transfer_core::stripe::API_VERSION;
use bank_transfer_sandbox::Config;
use reqwest::Method;

use crate::support::*;

async fn page(api: &Api, url: &str) -> (u16, String, String) {
    let response = api.http.get(url).send().await.unwrap();
    let status = response.status().as_u16();
    let content_type = response.headers()["content-type"].to_str().unwrap().to_owned();
    (status, content_type, response.text().await.unwrap())
}

#[tokio::test]
async fn the_hosted_page_shows_the_instructions_escaped() {
    let api = Api::start_with(|base| {
        let mut config = Config { public_url: Some(base.to_owned()), ..Config::default() };
        config.account.name = "Shop <b>&</b> \"Co\"".into();
        config
    })
    .await;
    let customer = api.customer().await;
    let intent = api.intent(&customer, "1099", "eur", Some("NL")).await;
    let url = instructions(&intent)["hosted_instructions_url"].as_str().unwrap().to_owned();
    let token = url.strip_prefix(&format!("{}/bank_transfers/instructions/", api.base)).unwrap();
    assert!(api.base.starts_with("http://127.0.0.1:"), "http on loopback: {url}");
    assert!(token.len() >= 32 && token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'), "{token}");

    let (status, content_type, html) = page(&api, &url).await;
    assert_eq!((status, content_type.as_str()), (200, "text/html; charset=utf-8"));
    let (_, iban) = iban_of(&intent);
    let grouped: Vec<String> = iban.as_bytes().chunks(4).map(|c| String::from_utf8(c.to_vec()).unwrap()).collect();
    assert!(html.contains(&grouped.join(" ")), "the IBAN, grouped for reading: {html}");
    assert!(html.contains(instructions(&intent)["reference"].as_str().unwrap()));
    assert!(html.contains("10.99 EUR"), "{html}");
    assert!(html.contains("Shop &lt;b&gt;&amp;&lt;/b&gt; &quot;Co&quot;"), "{html}");
    assert!(!html.contains("<b>"), "markup in data is escaped");
    assert!(!html.contains("<script"), "no script");

    // Once paid, the page says so instead of the bank details.
    api.fund(&customer, "1099", "eur", instructions(&intent)["reference"].as_str()).await;
    let (status, _, html) = page(&api, &url).await;
    assert_eq!(status, 200);
    assert!(html.contains("no transfer is needed") && !html.contains(&grouped.join(" ")), "{html}");

    let (status, content_type, _) = page(&api, &format!("{}/bank_transfers/instructions/test_nope", api.base)).await;
    assert_eq!((status, content_type.as_str()), (404, "text/html; charset=utf-8"));
}

#[tokio::test]
async fn connected_accounts_have_hosted_pages_too_and_none_without_a_public_url() {
    let api = Api::start_with(|base| Config { public_url: Some(format!("{base}/")), ..Config::default() }).await;
    let seller = Opts::default().on(CONNECTED);
    let customer = api.customer_with(&[], seller).await;
    let intent = api.intent_on(seller, &customer, "19000", "jpy", None).await;
    let url = instructions(&intent)["hosted_instructions_url"].as_str().unwrap();
    assert!(url.starts_with(&format!("{}/bank_transfers/instructions/", api.base)), "one slash: {url}");
    let (status, _, html) = page(&api, url).await;
    assert_eq!(status, 200);
    let zengin = &instructions(&intent)["financial_addresses"][0]["zengin"];
    assert!(html.contains(zengin["account_number"].as_str().unwrap()), "{html}");

    let api = Api::start(Config::default()).await;
    let customer = api.customer().await;
    let intent = api.intent(&customer, "1099", "usd", None).await;
    assert_eq!(instructions(&intent)["hosted_instructions_url"], serde_json::Value::Null);
}

#[tokio::test]
async fn every_answer_carries_a_request_id_and_the_api_version() {
    let api = Api::start(Config::default()).await;
    let is_request_id =
        |id: &str| id.len() == 18 && id.starts_with("req_") && id[4..].bytes().all(|b| b.is_ascii_alphanumeric());
    let mut ids = Vec::new();
    for (method, path, key) in [
        (Method::POST, "/v1/customers", Some(SK)),
        (Method::GET, "/v1/account", Some(SK)),
        (Method::GET, "/v1/payment_intents/pi_nope", Some(SK)),
        (Method::GET, "/v1/account", None),
        (Method::GET, "/v1/account", Some("sk_test_wrong")),
        (Method::GET, "/v1/charges", Some(SK)),
    ] {
        let reply = api.send(method, path, &[], Opts { key, ..Opts::default() }).await;
        let id = reply.header("request-id").unwrap().to_owned();
        assert!(is_request_id(&id), "{path}: {id}");
        assert_eq!(reply.header("stripe-version"), Some(API_VERSION), "{path}");
        ids.push(id);
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 6, "one id per request");

    // The version asked for is the version answered; a malformed one is refused.
    let reply = api.send(Method::GET, "/v1/account", &[], Opts { version: Some("2024-06-20"), ..Opts::key(SK) }).await;
    assert_eq!((reply.status, reply.header("stripe-version")), (200, Some("2024-06-20")));
    let reply = api.send(Method::GET, "/v1/account", &[], Opts { version: Some("latest"), ..Opts::key(SK) }).await;
    assert_eq!(reply.error(), (400, Some("invalid_request_error"), None, Some("Stripe-Version")));
    // Stripe.js pins it with `_stripe_version`.
    let reply = api
        .send(Method::GET, "/v1/payment_intents/pi_1", &[("_stripe_version", "2025-03-31.basil")], Opts::key(PK))
        .await;
    assert_eq!((reply.status, reply.header("stripe-version")), (404, Some("2025-03-31.basil")));
}

#[tokio::test]
async fn a_replayed_answer_says_so() {
    let api = Api::start(Config::default()).await;
    let opts = Opts { idempotency_key: Some("order_1"), ..Opts::key(SK) };
    let first = api.send(Method::POST, "/v1/customers", &[("email", "a@example.com")], opts).await;
    let again = api.send(Method::POST, "/v1/customers", &[("email", "a@example.com")], opts).await;
    assert_eq!((first.header("idempotent-replayed"), again.header("idempotent-replayed")), (None, Some("true")));
    assert_eq!(first.body, again.body);
    assert_ne!(first.header("request-id"), again.header("request-id"));
    // The same key on another account is another request.
    let connected = api.send(Method::POST, "/v1/customers", &[("email", "a@example.com")], opts.on(CONNECTED)).await;
    assert_eq!(connected.header("idempotent-replayed"), None);
    assert_ne!(connected.body["id"], first.body["id"]);
    // Stripe binds a key to its first endpoint.
    let elsewhere = api.send(Method::POST, "/v1/payment_intents", &[("email", "a@example.com")], opts).await;
    assert_eq!(elsewhere.error(), (400, Some("idempotency_error"), None, None));
    assert_eq!(
        elsewhere.body["error"]["message"],
        "Keys for idempotent requests can only be used for the same endpoint they were first used for ('/v1/payment_intents' vs '/v1/customers'). Try using a key other than 'order_1' if you meant to execute a different request."
    );
    let other = api.send(Method::POST, "/v1/customers", &[("email", "b@example.com")], opts).await;
    assert_eq!(other.error(), (400, Some("idempotency_error"), None, None));
    assert_eq!(
        other.body["error"]["message"],
        "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than 'order_1' if you meant to execute a different request."
    );
}

#[tokio::test]
async fn an_intent_with_a_pay_token_links_to_the_merchants_page_when_one_is_configured() {
    let api = Api::start_with(|base| Config {
        public_url: Some(base.to_owned()),
        merchant_pages: Some("https://shop.example/pay/".into()),
        ..Config::default()
    })
    .await;
    let customer = api.customer().await;
    let form = [
        ("amount", "1099"),
        ("currency", "eur"),
        ("customer", customer.as_str()),
        ("metadata[pay_token]", "0a1b2c"),
        ("payment_method_types[0]", "customer_balance"),
        ("payment_method_data[type]", "customer_balance"),
        ("payment_method_options[customer_balance][funding_type]", "bank_transfer"),
        ("payment_method_options[customer_balance][bank_transfer][type]", "eu_bank_transfer"),
        (COUNTRY_PARAM, "DE"),
        ("confirm", "true"),
    ];
    let (status, intent) = api.post(SK, "/v1/payment_intents", &form).await;
    assert_eq!(status, 200, "{intent}");
    assert_eq!(instructions(&intent)["hosted_instructions_url"], "https://shop.example/pay/0a1b2c");
    // Without a token: the sandbox's own page, as before.
    let plain = api.intent(&customer, "1099", "eur", Some("DE")).await;
    let url = instructions(&plain)["hosted_instructions_url"].as_str().unwrap();
    assert!(url.starts_with(&format!("{}/bank_transfers/instructions/", api.base)), "{url}");
}
