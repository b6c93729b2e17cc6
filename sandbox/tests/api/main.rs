//! The sandbox over real HTTP on loopback, as the backend, the browser module and Stripe's SDKs
//! use it. Stripe is the reference: each test pins what Stripe does (exact values, exact errors).

mod connect;
mod encoding;
mod guide;
mod hosted;
mod schema;
mod support;

use bank_transfer_sandbox::Config;
use serde_json::{json, Value};

use support::*;

#[tokio::test]
async fn every_currency_gets_schema_valid_instructions_the_renderer_reads() {
    let api = Api::start(Config::default()).await;
    let customer = api.customer().await;
    for (currency, country, kind, first_type) in [
        ("usd", None, "us_bank_transfer", "aba"),
        ("gbp", None, "gb_bank_transfer", "sort_code"),
        ("eur", Some("NL"), "eu_bank_transfer", "iban"),
        ("jpy", None, "jp_bank_transfer", "zengin"),
        ("mxn", None, "mx_bank_transfer", "spei"),
    ] {
        let intent = api.intent(&customer, "5000", currency, country).await;
        assert_eq!(intent["status"], "requires_action");
        let dbti = instructions(&intent);
        assert_eq!((dbti["type"].as_str(), dbti["amount_remaining"].as_i64()), (Some(kind), Some(5000)));
        assert_eq!(dbti["financial_addresses"][0]["type"], first_type);
        schema::assert_valid(dbti, "payment_intent_next_action_display_bank_transfer_instructions");
        match currency {
            "jpy" => assert_eq!(dbti["reference"], Value::Null),
            "mxn" => assert_eq!(dbti["reference"].as_str().unwrap().len(), 7),
            _ => assert_eq!(dbti["reference"].as_str().unwrap().len(), 12),
        }
        // The renderer's own parser accepts it as it is.
        let json: bank_transfer_core::Json = serde_json::from_value(intent["next_action"].clone()).unwrap();
        let parsed = bank_transfer_core::model::parse(&json).unwrap();
        assert!(matches!(parsed.addresses[0], bank_transfer_core::model::FinancialAddress::Known { .. }));
    }
    let us = api.intent(&customer, "100", "usd", None).await;
    assert_eq!(instructions(&us)["financial_addresses"].as_array().unwrap().len(), 2, "aba and swift");
}

#[tokio::test]
async fn details_are_stable_per_customer_and_differ_between_customers() {
    let api = Api::start(Config::default()).await;
    let (a, b) = (api.customer().await, api.customer().await);
    let iban = |i: &Value| instructions(i)["financial_addresses"][0]["iban"]["iban"].as_str().unwrap().to_owned();
    let first = iban(&api.intent(&a, "100", "eur", Some("DE")).await);
    let again = iban(&api.intent(&a, "200", "eur", Some("DE")).await);
    let other = iban(&api.intent(&b, "100", "eur", Some("DE")).await);
    assert_eq!(first, again);
    assert_ne!(first, other);
    assert!(first.starts_with("DE") && first.len() == 22, "{first}");
    assert!(first.parse::<iban::Iban>().is_ok(), "{first}");
}

#[tokio::test]
async fn publishable_key_sees_only_its_intent_and_stripes_public_fields() {
    let api = Api::start(Config::default()).await;
    let customer = api.customer().await;
    let intent = api.intent(&customer, "1099", "eur", Some("IE")).await;
    let (id, secret) = (intent["id"].as_str().unwrap(), intent["client_secret"].as_str().unwrap());
    assert!(secret.starts_with(&format!("{id}_secret_")));

    let (status, public) = api.get(Some(PK), &format!("/v1/payment_intents/{id}?client_secret={secret}")).await;
    assert_eq!(status, 200);
    let mut keys: Vec<&str> = public.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys.len(), 20);
    assert!(!keys.contains(&"customer") && !keys.contains(&"metadata") && !keys.contains(&"amount_received"));
    assert_eq!(public["next_action"], intent["next_action"]);

    // Stripe.js style: the publishable key as a `key` parameter.
    let (status, _) = api.get(None, &format!("/v1/payment_intents/{id}?client_secret={secret}&key={PK}")).await;
    assert_eq!(status, 200);

    let (status, error) = api.get(Some(PK), &format!("/v1/payment_intents/{id}?client_secret={id}_secret_wrong")).await;
    assert_eq!((status, error["error"]["param"].as_str()), (400, Some("client_secret")));
    let (status, error) = api.get(Some(PK), &format!("/v1/payment_intents/{id}")).await;
    assert_eq!((status, error["error"]["code"].as_str()), (400, Some("parameter_missing")));
    let (status, error) = api.post(PK, "/v1/payment_intents", &[("amount", "100"), ("currency", "eur")]).await;
    assert_eq!((status, error["error"]["code"].as_str()), (403, Some("secret_key_required")));
}

#[tokio::test]
async fn errors_have_stripes_shape_and_status() {
    let api = Api::start(Config::default()).await;
    let (status, error) = api.get(None, "/v1/payment_intents/pi_123").await;
    assert_eq!(status, 401);
    assert_eq!(error["error"]["type"], "invalid_request_error");
    let (status, error) = api.get(Some("sk_test_wrongkey1234"), "/v1/payment_intents/pi_123").await;
    assert_eq!((status, error["error"]["message"].as_str()), (401, Some("Invalid API Key provided: sk_****1234")));
    let (status, error) = api.get(Some(SK), "/v1/payment_intents/pi_missing").await;
    assert_eq!(status, 404);
    assert_eq!(
        error,
        // Issue 10 (item 8): every coded error carries Stripe's `doc_url` too.
        json!({"error": {"type": "invalid_request_error", "code": "resource_missing", "param": "intent",
            "message": "No such payment_intent: 'pi_missing'",
            "doc_url": "https://docs.stripe.com/error-codes/resource-missing"}})
    );
    let (status, error) = api.post(SK, "/v1/payment_intents", &[("currency", "eur")]).await;
    assert_eq!(
        (status, error["error"]["code"].as_str(), error["error"]["param"].as_str()),
        (400, Some("parameter_missing"), Some("amount"))
    );
    let (status, _) = api.get(Some(SK), "/v1/charges").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn confirming_another_eu_country_gives_an_iban_of_that_country() {
    let api = Api::start(Config::default()).await;
    let customer = api.customer().await;
    let intent = api.intent(&customer, "1099", "eur", Some("IE")).await;
    let (id, secret) = (intent["id"].as_str().unwrap(), intent["client_secret"].as_str().unwrap());
    let confirm = |country: &'static str| {
        let path = format!("/v1/payment_intents/{id}/confirm");
        let secret = secret.to_owned();
        let api = &api;
        async move {
            api.post(
                PK,
                &path,
                &[
                    ("client_secret", secret.as_str()),
                    ("payment_method_data[type]", "customer_balance"),
                    ("payment_method_options[customer_balance][funding_type]", "bank_transfer"),
                    ("payment_method_options[customer_balance][bank_transfer][type]", "eu_bank_transfer"),
                    ("payment_method_options[customer_balance][bank_transfer][eu_bank_transfer][country]", country),
                ],
            )
            .await
        }
    };
    let (status, confirmed) = confirm("FR").await;
    assert_eq!(status, 200, "{confirmed}");
    let address = &instructions(&confirmed)["financial_addresses"][0]["iban"];
    assert_eq!(address["country"], "FR");
    assert!(address["iban"].as_str().unwrap().starts_with("FR"));
    assert_eq!(
        instructions(&confirmed)["reference"],
        instructions(&intent)["reference"],
        "same payment, same reference"
    );

    let (status, error) = confirm("ES").await;
    assert_eq!(
        (status, error["error"]["code"].as_str(), error["error"]["param"].as_str()),
        (400, Some("country_unsupported"), Some(COUNTRY_PARAM))
    );
    // Issue 10 (item 3): a country outside Stripe's list (BE included) is refused as Stripe
    // refuses a value outside an enum: invalid_request_error, no code, `param` naming the field.
    for country in ["US", "BE"] {
        let (status, error) = confirm(country).await;
        assert_eq!(
            error,
            json!({"error": {"type": "invalid_request_error", "param": COUNTRY_PARAM,
                "message": format!("Invalid {COUNTRY_PARAM}: must be one of DE, FR, IE, or NL")}})
        );
        assert_eq!(status, 400);
    }
    // A failed confirmation changes nothing.
    assert_eq!(instructions(&api.retrieve(&intent).await)["financial_addresses"][0]["iban"]["country"], "FR");
}

#[tokio::test]
async fn funding_partial_full_over_and_reversal() {
    let api = Api::start(Config::default()).await;
    let customer = api.customer().await;
    let intent = api.intent(&customer, "10000", "gbp", None).await;
    let reference = instructions(&intent)["reference"].as_str().unwrap().to_owned();

    // A partial transfer with the reference typed loosely.
    let txn = api.fund(&customer, "4000", "gbp", Some(&format!(" {} ", reference.to_lowercase()))).await;
    assert_eq!((txn["type"].as_str(), txn["net_amount"].as_i64()), (Some("funded"), Some(4000)));
    let now = api.retrieve(&intent).await;
    assert_eq!(
        (now["status"].as_str(), instructions(&now)["amount_remaining"].as_i64()),
        (Some("requires_action"), Some(6000))
    );
    assert_eq!(now["amount_received"], 4000);

    // More than what is left: the intent succeeds, the excess stays in the cash balance…
    // (A `funded` transaction shows the balance before the funds are applied, as Stripe's do.)
    let txn = api.fund(&customer, "7500", "gbp", Some(&reference)).await;
    assert_eq!(txn["ending_balance"], 7500);
    let done = api.retrieve(&intent).await;
    assert_eq!((done["status"].as_str(), &done["next_action"]), (Some("succeeded"), &Value::Null));

    // …and pays the next intent at once.
    let next = api.intent(&customer, "1000", "gbp", None).await;
    assert_eq!(next["status"], "succeeded");
    let partly = api.intent(&customer, "2000", "gbp", None).await;
    assert_eq!(
        (partly["status"].as_str(), instructions(&partly)["amount_remaining"].as_i64()),
        (Some("requires_action"), Some(1500))
    );

    // A reversal takes back what is unapplied, never more.
    api.fund(&customer, "300", "gbp", Some("no match")).await;
    let txn = api.fund(&customer, "1000", "gbp", Some("reversal_abc")).await;
    assert_eq!(
        (txn["type"].as_str(), txn["net_amount"].as_i64(), txn["ending_balance"].as_i64()),
        (Some("funding_reversed"), Some(-300), Some(0))
    );
}

#[tokio::test]
async fn japan_has_no_reference_and_matches_by_amount() {
    let api = Api::start(Config::default()).await;
    let customer = api.customer().await;
    let small = api.intent(&customer, "19000", "jpy", None).await;
    let large = api.intent(&customer, "50000", "jpy", None).await;
    api.fund(&customer, "50000", "jpy", None).await;
    assert_eq!(api.retrieve(&large).await["status"], "succeeded");
    assert_eq!(api.retrieve(&small).await["status"], "requires_action");
    let (status, error) = api
        .post(
            SK,
            &format!("/v1/test_helpers/customers/{customer}/fund_cash_balance"),
            &[("amount", "-5"), ("currency", "jpy")],
        )
        .await;
    assert_eq!((status, error["error"]["param"].as_str()), (400, Some("amount")));
}

#[tokio::test]
async fn idempotency_keys_replay_and_refuse_other_parameters() {
    let api = Api::start(Config::default()).await;
    let form = [("email", "a@example.com")];
    let (_, first) = api.post_with(SK, "/v1/customers", &form, Some("order_1")).await;
    let (_, again) = api.post_with(SK, "/v1/customers", &form, Some("order_1")).await;
    assert_eq!(first["id"], again["id"]);
    let (status, error) = api.post_with(SK, "/v1/customers", &[("email", "b@example.com")], Some("order_1")).await;
    assert_eq!((status, error["error"]["type"].as_str()), (400, Some("idempotency_error")));
    let (_, other) = api.post_with(SK, "/v1/customers", &form, Some("order_2")).await;
    assert_ne!(first["id"], other["id"]);
}

#[tokio::test]
async fn rapid_confirmations_are_rate_limited_like_stripe() {
    let api = Api::start(Config::default()).await;
    let customer = api.customer().await;
    let mut codes = Vec::new();
    for _ in 0..11 {
        // Issue 10: confirming needs a payment method, as with Stripe (`payment_method_data`).
        let form = [
            ("amount", "100"),
            ("currency", "usd"),
            ("customer", customer.as_str()),
            ("payment_method_types[]", "customer_balance"),
            ("payment_method_data[type]", "customer_balance"),
            ("confirm", "true"),
        ];
        let (status, body) = api.post(SK, "/v1/payment_intents", &form).await;
        codes.push((status, body["error"]["code"].as_str().map(str::to_owned)));
    }
    assert!(codes[..10].iter().all(|(s, _)| *s == 200), "{codes:?}");
    assert_eq!(codes[10], (400, Some("payment_method_rate_limit_exceeded".into())));
}

#[tokio::test]
async fn events_arrive_signed_at_the_webhook_endpoint() {
    let sink = Sink::start().await;
    let api = Api::start(with_webhooks(&sink)).await;
    let customer = api.customer().await;
    let intent = api.intent(&customer, "500", "mxn", None).await;
    let reference = instructions(&intent)["reference"].as_str().unwrap().to_owned();
    api.fund(&customer, "200", "mxn", Some(&reference)).await;
    api.fund(&customer, "300", "mxn", Some(&reference)).await;

    // Issue 10 added customer.*, payment_intent.created and the cash balance transactions to
    // the three payment_intent events this test pinned before.
    let events = sink.exactly(7).await;
    assert_eq!(
        types(&events),
        [
            "customer.created",
            "payment_intent.created",
            "payment_intent.requires_action",
            "customer_cash_balance_transaction.created",
            "payment_intent.partially_funded",
            "customer_cash_balance_transaction.created",
            "payment_intent.succeeded",
        ]
    );
    for event in &events {
        assert!(event["id"].as_str().unwrap().starts_with("evt_"));
        assert_eq!((event["object"].as_str(), event["livemode"].as_bool()), (Some("event"), Some(false)));
        assert_eq!(event["api_version"], bank_transfer_core::stripe::API_VERSION);
        assert_eq!(event.get("account"), None, "the platform's own events name no account");
        let object = &event["data"]["object"];
        match object["object"].as_str().unwrap() {
            "payment_intent" => assert_eq!(object["id"], intent["id"]),
            "customer" => assert_eq!(object["id"], customer.as_str()),
            "customer_cash_balance_transaction" => assert_eq!(object["customer"], customer.as_str()),
            other => panic!("unexpected {other}"),
        }
    }
    let amounts: Vec<_> = events
        .iter()
        .map(|e| &e["data"]["object"])
        .filter(|o| o["object"] == "payment_intent")
        .map(|o| (o["status"].as_str(), o["amount_received"].as_i64()))
        .collect();
    assert_eq!(
        amounts,
        [
            (Some("requires_payment_method"), Some(0)),
            (Some("requires_action"), Some(0)),
            (Some("requires_action"), Some(200)),
            (Some("succeeded"), Some(500)),
        ]
    );
}

#[test]
fn the_schema_check_catches_invented_and_mistyped_fields() {
    let good = json!({"type": "eu_bank_transfer", "amount_remaining": 5, "currency": "eur", "reference": null});
    schema::assert_valid(&good, "payment_intent_next_action_display_bank_transfer_instructions");
    for bad in [
        json!({"type": "eu_bank_transfer", "amount_due": 5}),
        json!({"type": "eu_bank_transfer", "amount_remaining": "5"}),
        json!({"amount_remaining": 5}),
        json!({"type": "eu_bank_transfer", "financial_addresses": [{"type": "iban", "iban": {"iban": "x", "bic": null}}]}),
    ] {
        let outcome = std::panic::catch_unwind(|| {
            schema::assert_valid(&bad, "payment_intent_next_action_display_bank_transfer_instructions")
        });
        assert!(outcome.is_err(), "accepted {bad}");
    }
}

#[tokio::test]
async fn every_object_it_returns_validates_against_the_reference() {
    let api = Api::start(Config::default()).await;
    // Issue 10: a customer shows its cash balance only when asked (`expand`), as with Stripe;
    // BE is no longer an IBAN country.
    let (_, customer) =
        api.post(SK, "/v1/customers", &[("email", "a@example.com"), ("expand[]", "cash_balance")]).await;
    schema::assert_valid(&customer["cash_balance"], "cash_balance");
    let id = customer["id"].as_str().unwrap().to_owned();
    let intent = api.intent(&id, "1000", "eur", Some("FR")).await;
    schema::assert_valid(instructions(&intent), "payment_intent_next_action_display_bank_transfer_instructions");
    let statuses = [
        "canceled",
        "processing",
        "requires_action",
        "requires_capture",
        "requires_confirmation",
        "requires_payment_method",
        "succeeded",
    ];
    assert!(statuses.contains(&intent["status"].as_str().unwrap()));
    let reference = instructions(&intent)["reference"].as_str().unwrap().to_owned();
    for txn in [
        api.fund(&id, "400", "eur", Some(&reference)).await,
        api.fund(&id, "600", "eur", None).await,
        api.fund(&id, "50", "eur", Some("reversal_x")).await,
    ] {
        schema::assert_valid(&txn, "customer_cash_balance_transaction");
        if txn["type"] == "funded" {
            schema::assert_valid(
                &txn["funded"]["bank_transfer"],
                "customer_balance_resource_cash_balance_transaction_resource_funded_transaction_resource_bank_transfer",
            );
        }
    }
    assert_eq!(api.retrieve(&intent).await["status"], "succeeded");
    for (status, error) in [
        api.get(None, "/v1/payment_intents/pi_1").await,
        api.get(Some(SK), "/v1/payment_intents/pi_1").await,
        api.post(PK, "/v1/customers", &[]).await,
        api.post(SK, "/v1/payment_intents", &[("amount", "x")]).await,
    ] {
        assert!(status >= 400);
        schema::assert_valid(&error, "error");
    }
}

#[tokio::test]
async fn fault_switches_answer_instead_of_the_api_then_step_aside() {
    let api = Api::start(Config::default()).await;
    let (status, _) = api.post(PK, "/v1/test_helpers/faults", &[("path", "/v1/customers")]).await;
    assert_eq!(status, 403, "only the secret key arms faults");
    let arm = [("path", "/v1/customers"), ("method", "POST"), ("status", "503"), ("times", "2"), ("retry_after", "7")];
    let (status, armed) = api.post(SK, "/v1/test_helpers/faults", &arm).await;
    assert_eq!((status, armed["times"].as_u64()), (200, Some(2)));
    for _ in 0..2 {
        let response = api.http.post(format!("{}/v1/customers", api.base)).bearer_auth(SK).send().await.unwrap();
        assert_eq!(response.status(), 503);
        assert_eq!(response.headers()["retry-after"], "7");
        assert_eq!(response.headers()["access-control-allow-origin"], "*", "CORS on faults too");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["type"], "api_error");
    }
    api.customer().await; // used up: the API answers again

    api.post(SK, "/v1/test_helpers/faults", &[("path", "/v1/customers"), ("status", "502"), ("body", "malformed")])
        .await;
    let response = api.http.post(format!("{}/v1/customers", api.base)).bearer_auth(SK).send().await.unwrap();
    assert_eq!(response.status(), 502);
    assert!(serde_json::from_str::<Value>(&response.text().await.unwrap()).is_err(), "malformed on purpose");

    // A delay only (status 0), then the real answer.
    api.post(SK, "/v1/test_helpers/faults", &[("path", "/v1/customers"), ("status", "0"), ("delay_ms", "300")]).await;
    let started = std::time::Instant::now();
    api.customer().await;
    assert!(started.elapsed() >= std::time::Duration::from_millis(300));

    // Disarm everything.
    api.post(SK, "/v1/test_helpers/faults", &[("path", "/v1/customers"), ("status", "500"), ("times", "100")]).await;
    let response =
        api.http.delete(format!("{}/v1/test_helpers/faults", api.base)).bearer_auth(SK).send().await.unwrap();
    assert_eq!(response.status(), 200);
    api.customer().await;
    let (status, body) = api.post(SK, "/v1/test_helpers/faults", &[("path", "/nope")]).await;
    assert_eq!((status, body["error"]["param"].as_str()), (400, Some("path")));
}
