//! The guide's requests ("accept a bank transfer", Customers v1): both create forms, the IBAN's
//! country, cancellation, customers and the account.

use bank_transfer_sandbox::Config;
use reqwest::Method;
use serde_json::{json, Value};

use crate::support::*;

/// One of the guide's five currencies, as its instructions must show it.
struct Case {
    currency: &'static str,
    amount: &'static str,
    kind: &'static str,
    address_types: &'static [&'static str],
    reference_len: Option<usize>,
}

const fn case(
    currency: &'static str,
    amount: &'static str,
    kind: &'static str,
    address_types: &'static [&'static str],
    reference_len: Option<usize>,
) -> Case {
    Case { currency, amount, kind, address_types, reference_len }
}

const GUIDE: [Case; 5] = [
    case("usd", "1099", "us_bank_transfer", &["aba", "swift"], Some(12)),
    case("gbp", "1099", "gb_bank_transfer", &["sort_code"], Some(12)),
    case("eur", "1099", "eu_bank_transfer", &["iban"], Some(12)),
    case("jpy", "19000", "jp_bank_transfer", &["zengin"], None),
    case("mxn", "1099", "mx_bank_transfer", &["spei"], Some(7)),
];

#[tokio::test]
async fn the_automatic_form_works_for_all_five_currencies() {
    let api = Api::start(Config::default()).await;
    let customer =
        api.customer_with(&[("name", "Jenny Rosen"), ("email", "jenny.rosen@example.com")], Opts::default()).await;
    for Case { currency, amount, kind, address_types, reference_len } in GUIDE {
        let intent = api.automatic_intent(Opts::default(), &customer, amount, currency).await;
        let amount: i64 = amount.parse().unwrap();
        assert_eq!(
            (intent["status"].as_str(), intent["amount"].as_i64(), intent["currency"].as_str()),
            (Some("requires_action"), Some(amount), Some(currency))
        );
        assert_eq!(intent["automatic_payment_methods"], json!({"enabled": true}));
        assert_eq!(intent["payment_method_types"], json!(["customer_balance"]));
        assert!(intent["payment_method"].as_str().unwrap().starts_with("pm_"));
        let options = &intent["payment_method_options"]["customer_balance"];
        assert_eq!(
            (options["funding_type"].as_str(), options["bank_transfer"]["type"].as_str()),
            (Some("bank_transfer"), Some(kind))
        );
        assert_eq!(intent["next_action"]["type"], "display_bank_transfer_instructions");
        let dbti = instructions(&intent);
        assert_eq!(
            (dbti["type"].as_str(), dbti["amount_remaining"].as_i64(), dbti["currency"].as_str()),
            (Some(kind), Some(amount), Some(currency))
        );
        let types: Vec<&str> =
            dbti["financial_addresses"].as_array().unwrap().iter().map(|a| a["type"].as_str().unwrap()).collect();
        assert_eq!(types, address_types);
        assert_eq!(dbti["reference"].as_str().map(str::len), reference_len, "{currency}");
        crate::schema::assert_valid(dbti, "payment_intent_next_action_display_bank_transfer_instructions");
        if currency == "eur" {
            // No country asked, none on the customer: the account's (IE).
            assert_eq!(iban_of(&intent).0, "IE");
            assert_eq!(options["bank_transfer"]["eu_bank_transfer"], json!({"country": "IE"}));
        }
    }
}

#[tokio::test]
async fn the_automatic_form_needs_a_return_url_and_excludes_payment_method_types() {
    let api = Api::start(Config::default()).await;
    let customer = api.customer().await;
    let base = [
        ("amount", "1099"),
        ("currency", "eur"),
        ("customer", customer.as_str()),
        ("automatic_payment_methods[enabled]", "true"),
        ("payment_method_data[type]", "customer_balance"),
        ("confirm", "true"),
    ];
    let reply = api.send(Method::POST, "/v1/payment_intents", &base, Opts::key(SK)).await;
    assert_eq!(reply.error(), (400, Some("invalid_request_error"), Some("parameter_missing"), Some("return_url")));
    assert_eq!(
        reply.body["error"]["message"],
        "You must provide a `return_url` when confirming a PaymentIntent with automatic_payment_methods enabled and allow_redirects not set to `never`."
    );
    // No redirecting payment methods: no return URL needed.
    let never = [&base[..], &[("automatic_payment_methods[allow_redirects]", "never")]].concat();
    let intent = api.ok("/v1/payment_intents", &never, Opts::default()).await;
    assert_eq!(intent["status"], "requires_action");

    let both = [&base[..], &[("return_url", "https://example.com/r"), ("payment_method_types[0]", "customer_balance")]]
        .concat();
    let reply = api.send(Method::POST, "/v1/payment_intents", &both, Opts::key(SK)).await;
    assert_eq!(reply.error(), (400, Some("invalid_request_error"), Some("parameters_exclusive"), None));
    assert_eq!(
        reply.body["error"]["message"],
        "You may only specify one of these parameters: automatic_payment_methods, payment_method_types."
    );
    let bad_url = [&base[..], &[("return_url", "example.com/return")]].concat();
    let reply = api.send(Method::POST, "/v1/payment_intents", &bad_url, Opts::key(SK)).await;
    assert_eq!(reply.error(), (400, Some("invalid_request_error"), None, Some("return_url")));
}

#[tokio::test]
async fn without_a_country_the_iban_follows_the_customers_address_then_the_account() {
    let api = Api::start(Config::default()).await;
    let customer = api.customer_with(&[("name", "Jenny Rosen"), ("address[country]", "DE")], Opts::default()).await;
    let german = api.automatic_intent(Opts::default(), &customer, "1099", "eur").await;
    let (country, iban) = iban_of(&german);
    assert_eq!(country, "DE");
    assert!(iban.starts_with("DE") && iban.len() == 22, "{iban}");
    // The manual form without a country follows the same rule.
    assert_eq!(iban_of(&api.intent(&customer, "500", "eur", None).await), (country, iban.clone()));
    // An explicit country wins over the address.
    assert_eq!(iban_of(&api.intent(&customer, "500", "eur", Some("NL")).await).0, "NL");

    // The customer moves to France: new intents show a French IBAN; the open one keeps its own.
    let moved = api.ok(&format!("/v1/customers/{customer}"), &[("address[country]", "FR")], Opts::default()).await;
    assert_eq!(moved["address"]["country"], "FR");
    let french = api.automatic_intent(Opts::default(), &customer, "1099", "eur").await;
    assert_eq!(iban_of(&french).0, "FR");
    assert!(iban_of(&french).1.starts_with("FR"));
    assert_eq!(iban_of(&api.retrieve(&german).await), iban_of(&german));

    // Belgium and Spain get no new IBANs: the account's country (IE) instead.
    for country in ["BE", "ES", "US"] {
        let elsewhere = api.customer_with(&[("address[country]", country)], Opts::default()).await;
        let intent = api.automatic_intent(Opts::default(), &elsewhere, "1099", "eur").await;
        assert_eq!(iban_of(&intent).0, "IE", "customer in {country}");
    }
    // A country typed in lower case is the same country.
    let lower = api.customer_with(&[("address[country]", "nl")], Opts::default()).await;
    assert_eq!(iban_of(&api.automatic_intent(Opts::default(), &lower, "1099", "eur").await).0, "NL");
}

#[tokio::test]
async fn an_account_outside_the_iban_countries_falls_back_to_ireland() {
    let mut config = Config::default();
    config.account.country = "US".into();
    config.account.default_currency = "usd".into();
    let api = Api::start(config).await;
    let belgian = api.customer_with(&[("address[country]", "BE")], Opts::default()).await;
    assert_eq!(iban_of(&api.automatic_intent(Opts::default(), &belgian, "1099", "eur").await).0, "IE");
}

#[tokio::test]
async fn cancel_returns_applied_funds_to_the_cash_balance() {
    let sink = Sink::start().await;
    let api = Api::start(with_webhooks(&sink)).await;
    let customer = api.customer().await;
    let intent = api.intent(&customer, "10000", "gbp", None).await;
    let id = intent["id"].as_str().unwrap().to_owned();
    let reference = instructions(&intent)["reference"].as_str().unwrap().to_owned();
    api.fund(&customer, "4000", "gbp", Some(&reference)).await;
    assert_eq!(api.retrieve(&intent).await["amount_received"], 4000);
    assert_eq!(api.balance(&customer, "gbp").await, 0);

    let canceled = api
        .ok(
            &format!("/v1/payment_intents/{id}/cancel"),
            &[("cancellation_reason", "requested_by_customer")],
            Opts::default(),
        )
        .await;
    assert_eq!(
        (canceled["status"].as_str(), canceled["cancellation_reason"].as_str(), &canceled["next_action"]),
        (Some("canceled"), Some("requested_by_customer"), &Value::Null)
    );
    let canceled_at = canceled["canceled_at"].as_i64().unwrap();
    assert!(canceled_at >= canceled["created"].as_i64().unwrap());
    assert_eq!(api.retrieve(&intent).await, canceled);
    // The 4000 already received are the customer's again…
    assert_eq!(api.balance(&customer, "gbp").await, 4000);
    let events = sink.wait_until(|e| types(e).contains(&"cash_balance.funds_available")).await;
    let tail: Vec<&str> = types(&events).into_iter().rev().take(2).rev().collect();
    assert_eq!(tail, ["payment_intent.canceled", "cash_balance.funds_available"]);
    let canceled_event = &events[events.len() - 2]["data"]["object"];
    assert_eq!(
        (canceled_event["id"].as_str(), canceled_event["status"].as_str()),
        (Some(id.as_str()), Some("canceled"))
    );
    let available = &events[events.len() - 1]["data"]["object"];
    assert_eq!(
        (available["object"].as_str(), available["customer"].as_str()),
        (Some("cash_balance"), Some(customer.as_str()))
    );
    assert_eq!(available["available"]["gbp"], 4000);
    // …and pay the next intent at once.
    let next = api.intent(&customer, "4000", "gbp", None).await;
    assert_eq!(next["status"], "succeeded");

    // A canceled intent cannot be canceled, or confirmed, again.
    let reply = api.send(Method::POST, &format!("/v1/payment_intents/{id}/cancel"), &[], Opts::key(SK)).await;
    assert_eq!(reply.error(), (400, Some("invalid_request_error"), Some("payment_intent_unexpected_state"), None));
    let reply = api
        .send(
            Method::POST,
            &format!("/v1/payment_intents/{id}/confirm"),
            &[("payment_method_data[type]", "customer_balance")],
            Opts::key(SK),
        )
        .await;
    assert_eq!(reply.error(), (400, Some("invalid_request_error"), Some("payment_intent_unexpected_state"), None));
    assert_eq!(
        reply.body["error"]["message"],
        "You cannot confirm this PaymentIntent because it has a status of canceled. Only a PaymentIntent with one of the following statuses may be confirmed: requires_payment_method, requires_confirmation, requires_action."
    );
}

#[tokio::test]
async fn a_succeeded_intent_cannot_be_canceled_and_reasons_are_stripes() {
    let api = Api::start(Config::default()).await;
    let customer = api.customer().await;
    let intent = api.intent(&customer, "1099", "usd", None).await;
    let path = format!("/v1/payment_intents/{}/cancel", intent["id"].as_str().unwrap());

    let reply = api.send(Method::POST, &path, &[("cancellation_reason", "bored")], Opts::key(SK)).await;
    assert_eq!(reply.error(), (400, Some("invalid_request_error"), None, Some("cancellation_reason")));
    let reply = api.send(Method::POST, &path, &[], Opts::key(PK)).await;
    assert_eq!(reply.error(), (403, Some("invalid_request_error"), Some("secret_key_required"), None));

    api.fund(&customer, "1099", "usd", instructions(&intent)["reference"].as_str()).await;
    let reply = api.send(Method::POST, &path, &[], Opts::key(SK)).await;
    assert_eq!(
        (reply.status, reply.body),
        (
            400,
            json!({"error": {"type": "invalid_request_error", "code": "payment_intent_unexpected_state",
                "message": "You cannot cancel this PaymentIntent because it has a status of succeeded. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.",
                "doc_url": "https://docs.stripe.com/error-codes/payment-intent-unexpected-state"}})
        )
    );
    // Without a reason, the reason stays null.
    let other = api.intent(&customer, "500", "usd", None).await;
    let canceled =
        api.ok(&format!("/v1/payment_intents/{}/cancel", other["id"].as_str().unwrap()), &[], Opts::default()).await;
    assert_eq!((canceled["status"].as_str(), &canceled["cancellation_reason"]), (Some("canceled"), &Value::Null));
    let reply = api.send(Method::POST, "/v1/payment_intents/pi_nope/cancel", &[], Opts::key(SK)).await;
    assert_eq!(reply.error(), (404, Some("invalid_request_error"), Some("resource_missing"), Some("intent")));
}

#[tokio::test]
async fn customers_are_created_retrieved_and_updated() {
    let sink = Sink::start().await;
    let api = Api::start(with_webhooks(&sink)).await;
    let created = api
        .ok(
            "/v1/customers",
            &[
                ("name", "Jenny Rosen"),
                ("email", "jenny.rosen@example.com"),
                ("address[country]", "de"),
                ("address[city]", "Berlin"),
                ("metadata[shopper]", "s_1"),
                ("preferred_locales[0]", "de-DE"),
            ],
            Opts::default(),
        )
        .await;
    let id = created["id"].as_str().unwrap().to_owned();
    assert!(id.starts_with("cus_"));
    assert_eq!(
        (
            created["object"].as_str(),
            created["name"].as_str(),
            created["email"].as_str(),
            created["livemode"].as_bool()
        ),
        (Some("customer"), Some("Jenny Rosen"), Some("jenny.rosen@example.com"), Some(false))
    );
    assert_eq!(
        created["address"],
        json!({"city": "Berlin", "country": "DE", "line1": null, "line2": null, "postal_code": null, "state": null})
    );
    assert_eq!((&created["metadata"], &created["preferred_locales"]), (&json!({"shopper": "s_1"}), &json!(["de-DE"])));
    assert_eq!(created.get("cash_balance"), None, "only when expanded");

    let path = format!("/v1/customers/{id}");
    let (status, retrieved) = api.get(Some(SK), &path).await;
    assert_eq!((status, &retrieved), (200, &created));

    // Given fields replace, the address and metadata merge key by key, empty unsets.
    let updated = api
        .ok(
            &path,
            &[
                ("email", "jenny@example.org"),
                ("address[line1]", "Unter den Linden 1"),
                ("metadata[shopper]", ""),
                ("metadata[tier]", "gold"),
            ],
            Opts::default(),
        )
        .await;
    assert_eq!(updated["email"], "jenny@example.org");
    assert_eq!(
        updated["address"],
        json!({"city": "Berlin", "country": "DE", "line1": "Unter den Linden 1", "line2": null, "postal_code": null, "state": null})
    );
    assert_eq!((&updated["metadata"], &updated["name"]), (&json!({"tier": "gold"}), &json!("Jenny Rosen")));
    assert_eq!(api.get(Some(SK), &path).await.1, updated);
    let cleared = api.ok(&path, &[("address", ""), ("email", ""), ("metadata", "")], Opts::default()).await;
    assert_eq!(
        (&cleared["address"], &cleared["email"], &cleared["metadata"]),
        (&Value::Null, &Value::Null, &json!({}))
    );
    assert_eq!(cleared["name"], "Jenny Rosen", "what was not sent stays");

    let reply = api.send(Method::GET, "/v1/customers/cus_nope", &[], Opts::key(SK)).await;
    assert_eq!(
        (reply.status, reply.body),
        (
            404,
            json!({"error": {"type": "invalid_request_error", "code": "resource_missing", "param": "customer",
                "message": "No such customer: 'cus_nope'",
                "doc_url": "https://docs.stripe.com/error-codes/resource-missing"}})
        )
    );
    let reply = api.send(Method::POST, "/v1/customers/cus_nope", &[("email", "a@b.c")], Opts::key(SK)).await;
    assert_eq!(reply.error(), (404, Some("invalid_request_error"), Some("resource_missing"), Some("customer")));
    let reply = api.send(Method::GET, &path, &[], Opts::key(PK)).await;
    assert_eq!(reply.error(), (403, Some("invalid_request_error"), Some("secret_key_required"), None));
    let reply = api
        .send(
            Method::POST,
            "/v1/payment_intents",
            &[("amount", "5"), ("currency", "eur"), ("customer", "cus_nope")],
            Opts::key(SK),
        )
        .await;
    assert_eq!(reply.error(), (404, Some("invalid_request_error"), Some("resource_missing"), Some("customer")));

    let events = sink.exactly(3).await;
    assert_eq!(types(&events), ["customer.created", "customer.updated", "customer.updated"]);
    assert_eq!(events[0]["data"]["object"], created);
    assert_eq!(events[1]["data"]["object"], updated);
    assert_eq!(events[2]["data"]["object"], cleared);
}

#[tokio::test]
async fn the_account_is_the_platform_or_the_connected_one() {
    let api = Api::start(Config::default()).await;
    let platform = api.send(Method::GET, "/v1/account", &[], Opts::key(SK)).await;
    assert_eq!(
        (platform.status, platform.body),
        (
            200,
            json!({"id": PLATFORM, "object": "account", "business_profile": {"name": "Sandbox Shop", "url": null},
                "business_type": "company", "charges_enabled": true, "country": "IE", "created": 1_700_000_000,
                "default_currency": "eur", "details_submitted": true, "email": null, "metadata": {},
                "payouts_enabled": true, "type": "standard"})
        )
    );
    let connected = api.send(Method::GET, "/v1/account", &[], Opts::key(SK).on(CONNECTED)).await;
    assert_eq!(connected.status, 200);
    let body = &connected.body;
    assert_eq!(
        (body["id"].as_str(), body["country"].as_str(), body["default_currency"].as_str(), body["type"].as_str()),
        (Some(CONNECTED), Some("NL"), Some("eur"), Some("custom"))
    );
    assert_eq!(body["business_profile"]["name"], "Sandbox Makers (connected)");
    let reply = api.send(Method::GET, "/v1/account", &[("colour", "red")], Opts::key(SK)).await;
    assert_eq!(reply.error(), (400, Some("invalid_request_error"), Some("parameter_unknown"), Some("colour")));
}
