//! Connect: objects live on the account that made them, reached with `Stripe-Account` (or
//! `_stripe_account` from a browser, as Stripe.js sends it).

use bank_transfer_sandbox::Config;
use reqwest::Method;
use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn an_intent_of_a_connected_account_is_missing_elsewhere() {
    let api = Api::start(Config::default()).await;
    let seller = Opts::default().on(CONNECTED);
    let customer = api.customer_with(&[("name", "Jenny Rosen")], seller).await;
    let intent = api.intent_on(seller, &customer, "1099", "eur", None).await;
    let (id, secret) = (intent["id"].as_str().unwrap(), intent["client_secret"].as_str().unwrap());
    let path = format!("/v1/payment_intents/{id}");

    // The platform itself does not have it, nor the customer.
    let reply = api.send(Method::GET, &path, &[], Opts::key(SK)).await;
    assert_eq!(
        (reply.status, reply.body),
        (
            404,
            json!({"error": {"type": "invalid_request_error", "code": "resource_missing", "param": "intent",
                "message": format!("No such payment_intent: '{id}'"),
                "doc_url": "https://docs.stripe.com/error-codes/resource-missing"}})
        )
    );
    let reply = api.send(Method::GET, &format!("/v1/customers/{customer}"), &[], Opts::key(SK)).await;
    assert_eq!(reply.error(), (404, Some("invalid_request_error"), Some("resource_missing"), Some("customer")));
    let fund = format!("/v1/test_helpers/customers/{customer}/fund_cash_balance");
    let reply = api.send(Method::POST, &fund, &[("amount", "1"), ("currency", "eur")], Opts::key(SK)).await;
    assert_eq!(reply.status, 404);
    // A platform customer cannot pay on the connected account either.
    let platform_customer = api.customer().await;
    let form = [("amount", "100"), ("currency", "eur"), ("customer", platform_customer.as_str())];
    let reply = api.send(Method::POST, "/v1/payment_intents", &form, Opts::key(SK).on(CONNECTED)).await;
    assert_eq!(reply.error(), (404, Some("invalid_request_error"), Some("resource_missing"), Some("customer")));

    // The connected account has it; so does the browser with the client secret and `_stripe_account`.
    assert_eq!(api.retrieve_on(seller, &intent).await, intent);
    let browser = [("client_secret", secret), ("_stripe_account", CONNECTED)];
    let reply = api.send(Method::GET, &path, &browser, Opts::key(PK)).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body.as_object().unwrap().len(), 20, "the publishable key's fields");
    assert_eq!((&reply.body["id"], &reply.body["next_action"]), (&intent["id"], &intent["next_action"]));
    // Stripe.js style: the key as a parameter too.
    let reply = api
        .send(
            Method::GET,
            &path,
            &[("key", PK), ("client_secret", secret), ("_stripe_account", CONNECTED)],
            Opts::default(),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let reply = api.send(Method::GET, &path, &[("client_secret", secret)], Opts::key(PK)).await;
    assert_eq!(reply.error(), (404, Some("invalid_request_error"), Some("resource_missing"), Some("intent")));

    // A confirmation from the browser: `_stripe_account` in the body.
    let confirm = [
        ("client_secret", secret),
        ("_stripe_account", CONNECTED),
        ("payment_method_data[type]", "customer_balance"),
        ("payment_method_options[customer_balance][funding_type]", "bank_transfer"),
        ("payment_method_options[customer_balance][bank_transfer][type]", "eu_bank_transfer"),
        (COUNTRY_PARAM, "FR"),
    ];
    let reply = api.send(Method::POST, &format!("{path}/confirm"), &confirm, Opts::key(PK)).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(iban_of(&reply.body).0, "FR");
    // The connected account's name is the holder of its virtual accounts.
    let holder = &instructions(&reply.body)["financial_addresses"][0]["iban"]["account_holder_name"];
    assert_eq!(holder, "Sandbox Makers (connected)");
}

#[tokio::test]
async fn an_unknown_account_is_refused() {
    let api = Api::start(Config::default()).await;
    let reply = api.send(Method::GET, "/v1/account", &[], Opts::key(SK).on("acct_nope")).await;
    assert_eq!(
        (reply.status, reply.body),
        (
            403,
            json!({"error": {"type": "invalid_request_error", "code": "account_invalid",
                "message": "The provided key 'sk_****dbox' does not have access to account 'acct_nope' (or that account does not exist). Application access may have been revoked.",
                "doc_url": "https://docs.stripe.com/error-codes/account-invalid"}})
        )
    );
    let reply = api.send(Method::POST, "/v1/customers", &[("_stripe_account", "acct_nope")], Opts::key(SK)).await;
    assert_eq!(reply.error(), (403, Some("invalid_request_error"), Some("account_invalid"), None));
    let reply =
        api.send(Method::GET, "/v1/payment_intents/pi_1", &[("_stripe_account", "acct_nope")], Opts::key(PK)).await;
    assert_eq!(reply.error(), (403, Some("invalid_request_error"), Some("account_invalid"), None));
    assert!(reply.body["error"]["message"].as_str().unwrap().starts_with("The provided key 'pk_****dbox'"));
}

#[tokio::test]
async fn the_iban_of_a_connected_account_falls_back_to_its_own_country() {
    let api = Api::start(Config::default()).await;
    let seller = Opts::default().on(CONNECTED);
    // The connected account is Dutch: a Belgian customer gets a Dutch IBAN there, an Irish one
    // on the (Irish) platform.
    let belgian = api.customer_with(&[("address[country]", "BE")], seller).await;
    assert_eq!(iban_of(&api.automatic_intent(seller, &belgian, "1099", "eur").await).0, "NL");
    let on_platform = api.customer_with(&[("address[country]", "BE")], Opts::default()).await;
    assert_eq!(iban_of(&api.automatic_intent(Opts::default(), &on_platform, "1099", "eur").await).0, "IE");
}

#[tokio::test]
async fn events_of_a_connected_account_name_it() {
    let sink = Sink::start().await;
    let api = Api::start(with_webhooks(&sink)).await;
    let seller = Opts::default().on(CONNECTED);
    let customer = api.customer_with(&[("email", "jenny@example.com")], seller).await;
    let intent = api.intent_on(seller, &customer, "1000", "gbp", None).await;
    let path = format!("/v1/test_helpers/customers/{customer}/fund_cash_balance");
    // 250 more than due: the intent succeeds, the rest waits in the cash balance.
    api.ok(
        &path,
        &[("amount", "1250"), ("currency", "gbp"), ("reference", instructions(&intent)["reference"].as_str().unwrap())],
        seller,
    )
    .await;
    let platform_customer = api.customer().await;

    let events = sink.exactly(7).await;
    assert_eq!(
        types(&events),
        [
            "customer.created",
            "payment_intent.created",
            "payment_intent.requires_action",
            "customer_cash_balance_transaction.created",
            "payment_intent.succeeded",
            "cash_balance.funds_available",
            "customer.created",
        ]
    );
    for event in &events[..6] {
        assert_eq!(event["account"], CONNECTED, "{event}");
    }
    assert_eq!(events[6].get("account"), None, "the platform's own event");
    assert_eq!(events[6]["data"]["object"]["id"], platform_customer.as_str());
    let available = &events[5]["data"]["object"];
    assert_eq!(
        available,
        &json!({"object": "cash_balance", "available": {"gbp": 250}, "customer": customer, "livemode": false,
            "settings": {"reconciliation_mode": "automatic", "using_merchant_default": true}})
    );
}
