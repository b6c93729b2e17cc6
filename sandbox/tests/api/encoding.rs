//! Stripe's form encoding as the SDKs send it (indexed arrays, arrays of objects, `expand`) and
//! the errors Stripe answers a parameter it cannot take with.

use reqwest::Method;
use serde_json::{json, Value};

use crate::support::*;

/// The guide's manual form with stripe-node's indexed arrays.
fn indexed_form<'a>(customer: &'a str, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![
        ("amount", "1099"),
        ("currency", "usd"),
        ("customer", customer),
        ("payment_method_types[0]", "customer_balance"),
        ("payment_method_data[type]", "customer_balance"),
        ("payment_method_options[customer_balance][funding_type]", "bank_transfer"),
        ("payment_method_options[customer_balance][bank_transfer][type]", "us_bank_transfer"),
        ("confirm", "true"),
    ];
    form.extend_from_slice(extra);
    form
}

fn address_types(intent: &Value) -> Vec<&str> {
    let addresses = instructions(intent)["financial_addresses"].as_array().unwrap();
    addresses.iter().map(|a| a["type"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn indexed_arrays_are_arrays_like_bracket_arrays() {
    let api = Api::start(Default::default()).await;
    let customer = api.customer().await;
    let intent = api.ok("/v1/payment_intents", &indexed_form(&customer, &[]), Opts::default()).await;
    assert_eq!(intent["status"], "requires_action");
    assert_eq!(intent["payment_method_types"], json!(["customer_balance"]));
    assert_eq!(intent["automatic_payment_methods"], Value::Null);
    assert_eq!(address_types(&intent), ["aba", "swift"]);

    // A nested array, both ways, and in index order whatever the order on the wire.
    const TYPES: &str = "payment_method_options[customer_balance][bank_transfer][requested_address_types]";
    let (first, second) = (format!("{TYPES}[0]"), format!("{TYPES}[1]"));
    let extra = [(second.as_str(), "aba"), (first.as_str(), "swift")];
    let both = api.ok("/v1/payment_intents", &indexed_form(&customer, &extra), Opts::default()).await;
    let options = &both["payment_method_options"]["customer_balance"]["bank_transfer"];
    assert_eq!(options["requested_address_types"], json!(["swift", "aba"]));
    let key = format!("{TYPES}[]");
    let only_swift = api.ok("/v1/payment_intents", &indexed_form(&customer, &[(&key, "swift")]), Opts::default()).await;
    assert_eq!(address_types(&only_swift), ["swift"]);

    // An item that is wrong is named by its index.
    let key = format!("{TYPES}[0]");
    let reply =
        api.send(Method::POST, "/v1/payment_intents", &indexed_form(&customer, &[(&key, "iban")]), Opts::key(SK)).await;
    assert_eq!(reply.error(), (400, Some("invalid_request_error"), None, Some(key.as_str())));

    let form = [
        ("amount", "1099"),
        ("currency", "usd"),
        ("payment_method_types[0]", "customer_balance"),
        ("payment_method_types[1]", "card"),
    ];
    let reply = api.send(Method::POST, "/v1/payment_intents", &form, Opts::key(SK)).await;
    assert_eq!(
        reply.error(),
        (400, Some("invalid_request_error"), Some("payment_intent_invalid_parameter"), Some("payment_method_types[1]"))
    );
}

#[tokio::test]
async fn a_repeated_plain_key_keeps_its_last_value() {
    let api = Api::start(Default::default()).await;
    let customer = api.customer().await;
    let form = indexed_form(&customer, &[("amount", "2500")]);
    let intent = api.ok("/v1/payment_intents", &form, Opts::default()).await;
    assert_eq!(
        (intent["amount"].as_i64(), instructions(&intent)["amount_remaining"].as_i64()),
        (Some(2500), Some(2500))
    );
}

/// Stripe's customer create takes `tax_id_data`, an array of objects: `[0][type]`, `[0][value]`.
#[tokio::test]
async fn arrays_of_objects_in_both_notations() {
    let api = Api::start(Default::default()).await;
    let post = |form: Vec<(&'static str, &'static str)>| {
        let api = &api;
        async move { api.send(Method::POST, "/v1/customers", &form, Opts::key(SK)).await }
    };
    let indexed = post(vec![
        ("name", "Jenny Rosen"),
        ("tax_id_data[1][type]", "eu_vat"),
        ("tax_id_data[1][value]", "NL123456789B01"),
        ("tax_id_data[0][type]", "eu_vat"),
        ("tax_id_data[0][value]", "DE123456789"),
    ])
    .await;
    assert_eq!((indexed.status, indexed.body["name"].as_str()), (200, Some("Jenny Rosen")), "{}", indexed.body);
    // curl's `[]`: a member that repeats starts the next object.
    let rack = post(vec![
        ("tax_id_data[][type]", "eu_vat"),
        ("tax_id_data[][value]", "DE123456789"),
        ("tax_id_data[][type]", "eu_vat"),
        ("tax_id_data[][value]", "NL123456789B01"),
    ])
    .await;
    assert_eq!(rack.status, 200, "{}", rack.body);

    // Each object is checked, and a wrong member is named with its index.
    let missing = post(vec![
        ("tax_id_data[0][type]", "eu_vat"),
        ("tax_id_data[0][value]", "DE1"),
        ("tax_id_data[1][type]", "eu_vat"),
    ])
    .await;
    assert_eq!(
        missing.body,
        json!({"error": {"type": "invalid_request_error", "code": "parameter_missing", "param": "tax_id_data[1][value]",
            "message": "Missing required param: tax_id_data[1][value].",
            "doc_url": "https://docs.stripe.com/error-codes/parameter-missing"}})
    );
    let unknown = post(vec![
        ("tax_id_data[0][type]", "eu_vat"),
        ("tax_id_data[0][value]", "DE1"),
        ("tax_id_data[0][colour]", "red"),
    ])
    .await;
    assert_eq!(
        unknown.error(),
        (400, Some("invalid_request_error"), Some("parameter_unknown"), Some("tax_id_data[0][colour]"))
    );
    let not_an_array = post(vec![("tax_id_data[type]", "eu_vat")]).await;
    assert_eq!(not_an_array.error(), (400, Some("invalid_request_error"), None, Some("tax_id_data")));

    // An update takes no tax ids (Stripe's customer update has no such parameter).
    let id = indexed.body["id"].as_str().unwrap();
    let form = [("tax_id_data[0][type]", "eu_vat"), ("tax_id_data[0][value]", "DE1")];
    let update = api.send(Method::POST, &format!("/v1/customers/{id}"), &form, Opts::key(SK)).await;
    assert_eq!(update.error(), (400, Some("invalid_request_error"), Some("parameter_unknown"), Some("tax_id_data")));
}

#[tokio::test]
async fn expand_in_both_notations_makes_the_customer_an_object() {
    let api = Api::start(Default::default()).await;
    let customer =
        api.customer_with(&[("name", "Jenny Rosen"), ("email", "jenny.rosen@example.com")], Opts::default()).await;
    let intent = api.intent(&customer, "1099", "gbp", None).await;
    assert_eq!(intent["customer"], customer.as_str(), "an id unless expanded");
    let path = format!("/v1/payment_intents/{}", intent["id"].as_str().unwrap());
    for key in ["expand[0]", "expand[]"] {
        let reply = api.send(Method::GET, &path, &[(key, "customer")], Opts::key(SK)).await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        let expanded = &reply.body["customer"];
        assert_eq!(
            (
                expanded["id"].as_str(),
                expanded["object"].as_str(),
                expanded["name"].as_str(),
                expanded["email"].as_str()
            ),
            (Some(customer.as_str()), Some("customer"), Some("Jenny Rosen"), Some("jenny.rosen@example.com")),
        );
        assert_eq!(reply.body["next_action"], intent["next_action"]);
    }
    // A customer's cash balance, and the customer of a cash balance transaction.
    let reply = api
        .send(Method::GET, &format!("/v1/customers/{customer}"), &[("expand[0]", "cash_balance")], Opts::key(SK))
        .await;
    assert_eq!(reply.body["cash_balance"]["object"], "cash_balance");
    let reply = api
        .send(
            Method::POST,
            &format!("/v1/test_helpers/customers/{customer}/fund_cash_balance"),
            &[("amount", "5"), ("currency", "gbp"), ("expand[0]", "customer")],
            Opts::key(SK),
        )
        .await;
    assert_eq!(reply.body["customer"]["id"], customer.as_str());

    // What cannot be expanded is refused, naming it.
    let reply =
        api.send(Method::GET, &path, &[("expand[0]", "customer"), ("expand[1]", "colour")], Opts::key(SK)).await;
    assert_eq!(
        (reply.status, reply.body),
        (
            400,
            json!({"error": {"type": "invalid_request_error", "param": "expand",
                "message": "This property cannot be expanded (colour)."}})
        )
    );
    let reply =
        api.send(Method::GET, &format!("/v1/customers/{customer}"), &[("expand[]", "customer")], Opts::key(SK)).await;
    assert_eq!(reply.error(), (400, Some("invalid_request_error"), None, Some("expand")));
}

#[tokio::test]
async fn unknown_parameters_are_named_in_brackets_wherever_they_are() {
    let api = Api::start(Default::default()).await;
    let customer = api.customer().await;
    for (key, path) in [
        ("payment_method_options[customer_balance][foo]", "/v1/payment_intents"),
        ("payment_method_options[customer_balance][bank_transfer][eu_bank_transfer][city]", "/v1/payment_intents"),
        ("colour", "/v1/payment_intents"),
        ("address[planet]", "/v1/customers"),
    ] {
        let form = match path {
            "/v1/customers" => vec![("email", "jenny@example.com"), (key, "x")],
            _ => indexed_form(&customer, &[(key, "x")]),
        };
        let reply = api.send(Method::POST, path, &form, Opts::key(SK)).await;
        assert_eq!(
            (reply.status, reply.body),
            (
                400,
                json!({"error": {"type": "invalid_request_error", "code": "parameter_unknown", "param": key,
                    "message": format!("Received unknown parameter: {key}"),
                    "doc_url": "https://docs.stripe.com/error-codes/parameter-unknown"}})
            )
        );
    }
    // On the confirm endpoint too.
    let intent = api.intent(&customer, "100", "usd", None).await;
    let path = format!("/v1/payment_intents/{}/confirm", intent["id"].as_str().unwrap());
    let reply = api.send(Method::POST, &path, &[("payment_method_data[colour]", "red")], Opts::key(SK)).await;
    assert_eq!(
        reply.error(),
        (400, Some("invalid_request_error"), Some("parameter_unknown"), Some("payment_method_data[colour]"))
    );
    // On a GET too (query parameters).
    let path = format!("/v1/payment_intents/{}", intent["id"].as_str().unwrap());
    let reply = api.send(Method::GET, &path, &[("colour", "red")], Opts::key(SK)).await;
    assert_eq!(reply.error(), (400, Some("invalid_request_error"), Some("parameter_unknown"), Some("colour")));
}

#[tokio::test]
async fn bad_integers_empty_values_and_missing_parameters() {
    let api = Api::start(Default::default()).await;
    let create = |form: Vec<(&'static str, &'static str)>| {
        let api = &api;
        async move { api.send(Method::POST, "/v1/payment_intents", &form, Opts::key(SK)).await }
    };
    for amount in ["abc", "10.5", "1e3"] {
        let reply = create(vec![("amount", amount), ("currency", "eur")]).await;
        assert_eq!(
            (reply.status, reply.body),
            (
                400,
                json!({"error": {"type": "invalid_request_error", "code": "parameter_invalid_integer", "param": "amount",
                    "message": format!("Invalid integer: {amount}"),
                    "doc_url": "https://docs.stripe.com/error-codes/parameter-invalid-integer"}})
            )
        );
    }
    let reply = create(vec![("amount", "0"), ("currency", "eur")]).await;
    assert_eq!(reply.error(), (400, Some("invalid_request_error"), Some("parameter_invalid_integer"), Some("amount")));
    assert_eq!(reply.body["error"]["message"], "This value must be greater than or equal to 1.");

    let reply = create(vec![("amount", "1099"), ("currency", "")]).await;
    assert_eq!(
        (reply.status, reply.body),
        (
            400,
            json!({"error": {"type": "invalid_request_error", "code": "parameter_invalid_empty", "param": "currency",
                "message": "You passed an empty string for 'currency'. We assume empty values are an attempt to unset a parameter; however 'currency' cannot be unset. You should remove 'currency' from your request or supply a non-empty value.",
                "doc_url": "https://docs.stripe.com/error-codes/parameter-invalid-empty"}})
        )
    );
    let reply = create(vec![("amount", ""), ("currency", "eur")]).await;
    assert_eq!(reply.error(), (400, Some("invalid_request_error"), Some("parameter_invalid_empty"), Some("amount")));

    let reply = create(vec![("amount", "1099")]).await;
    assert_eq!(
        (reply.status, reply.body),
        (
            400,
            json!({"error": {"type": "invalid_request_error", "code": "parameter_missing", "param": "currency",
                "message": "Missing required param: currency.",
                "doc_url": "https://docs.stripe.com/error-codes/parameter-missing"}})
        )
    );
    // A nested object without its required member.
    let reply =
        create(vec![("amount", "1099"), ("currency", "eur"), ("payment_method_data[billing_details][name]", "J")])
            .await;
    assert_eq!(
        reply.error(),
        (400, Some("invalid_request_error"), Some("parameter_missing"), Some("payment_method_data[type]"))
    );
    let reply = create(vec![("amount", "1099"), ("currency", "eur"), ("confirm", "yes")]).await;
    assert_eq!(reply.error(), (400, Some("invalid_request_error"), None, Some("confirm")));

    // The test helper's integers too.
    let customer = api.customer().await;
    let path = format!("/v1/test_helpers/customers/{customer}/fund_cash_balance");
    let reply = api.send(Method::POST, &path, &[("amount", "ten"), ("currency", "eur")], Opts::key(SK)).await;
    assert_eq!(reply.error(), (400, Some("invalid_request_error"), Some("parameter_invalid_integer"), Some("amount")));
}
