use super::*;
use crate::json::Json;
#[allow(unused_imports)]
use std::{borrow::ToOwned, format, string::String, string::ToString, vec, vec::Vec};

fn json(s: &str) -> Json {
    serde_json::from_str(s).expect("test JSON parses")
}

fn parse_str(s: &str) -> Result<Instructions, Error> {
    parse(&json(s))
}

fn error_of(s: &str) -> (ErrorCode, String) {
    let err = parse_str(s).expect_err("should be refused");
    (err.code, err.message)
}

const EU: &str = include_str!("../../../reference/examples/next_action.eu_bank_transfer.docs.json");
const EVERY_FIELD: &str = include_str!("../../../tests/fixtures/every_field.json");
const SCHEMA: &str = include_str!("../../../reference/display_bank_transfer_instructions.schema.json");

/// The examples are PaymentIntent excerpts; this is their `next_action`.
fn next_action_of(example: &str) -> Json {
    json(example).get("next_action").cloned().expect("example has next_action")
}

fn text_fields(address: &FinancialAddress) -> Vec<(&'static str, String)> {
    match address {
        FinancialAddress::Known { fields, .. } => fields
            .iter()
            .filter_map(|(spec, v)| match v {
                Value::Text(t) => Some((spec.name, t.clone())),
                Value::Postal(_) => None,
            })
            .collect(),
        FinancialAddress::Unsupported { .. } => vec![],
    }
}

#[test]
fn parses_the_documented_eu_example_and_trims_the_tab_in_the_iban() {
    let parsed = parse(&next_action_of(EU)).unwrap();
    assert_eq!(parsed.transfer_type.as_deref(), Some("eu_bank_transfer"));
    assert_eq!(parsed.amount, Some(Money { minor: 1099, currency: Currency::parse("EUR").unwrap() }));
    assert_eq!(parsed.reference.as_deref(), Some("DVGBG97TZ6ZV"));
    assert!(parsed.hosted_instructions_url.as_deref().unwrap().starts_with("https://payments.stripe.com/"));
    assert_eq!(parsed.addresses.len(), 1);
    assert_eq!(
        text_fields(&parsed.addresses[0]),
        [
            ("account_holder_name", "Demo Test Inc.".to_owned()),
            ("iban", "NL40CITI7000799556".to_owned()),
            ("bic", "CITINL2XXXX".to_owned()),
            ("country", "NL".to_owned()),
        ]
    );
    let FinancialAddress::Known { networks, address_type, .. } = &parsed.addresses[0] else { panic!() };
    assert_eq!((*address_type, networks.as_slice()), (AddressType::Iban, ["sepa".to_owned()].as_slice()));
}

#[test]
fn accepts_next_action_inner_object_and_whole_payment_intent_alike() {
    let next_action = next_action_of(EU);
    let inner = next_action.get("display_bank_transfer_instructions").unwrap().clone();
    let mut intent = json(EU);
    if let Json::Object(entries) = &mut intent {
        entries.push(("object".into(), Json::String("payment_intent".into())));
    }
    let expected = parse(&next_action).unwrap();
    assert_eq!(parse(&inner).unwrap(), expected);
    assert_eq!(parse(&intent).unwrap(), expected);
}

#[test]
fn refuses_what_cannot_be_instructions_with_a_stable_code() {
    use ErrorCode::*;
    let cases: &[(&str, ErrorCode, &str)] = &[
        ("42", InvalidNextAction, "expected a next_action object, got a number"),
        ("null", InvalidNextAction, "expected a next_action object, got null"),
        ("[]", InvalidNextAction, "expected a next_action object, got an array"),
        ("{}", InvalidNextAction, "next_action has no display_bank_transfer_instructions"),
        (
            r#"{"type":"display_bank_transfer_instructions"}"#,
            InvalidNextAction,
            "next_action has no display_bank_transfer_instructions",
        ),
        (
            r#"{"type":"redirect_to_url","redirect_to_url":{"url":"https://x"}}"#,
            InvalidNextAction,
            r#"next_action of type "redirect_to_url" holds no bank-transfer instructions"#,
        ),
        (
            r#"{"type":"display_bank_transfer_instructions","display_bank_transfer_instructions":"x"}"#,
            InvalidNextAction,
            "display_bank_transfer_instructions must be an object, got a string",
        ),
        (
            r#"{"object":"payment_intent","status":"succeeded","next_action":null}"#,
            InvalidNextAction,
            "the PaymentIntent has no next_action: it is not waiting for a bank transfer",
        ),
        (
            r#"{"amount_remaining":-100,"currency":"eur"}"#,
            InvalidAmount,
            "amount_remaining must be a whole, non-negative number of minor units, got -100",
        ),
        (
            r#"{"amount_remaining":10.5,"currency":"eur"}"#,
            InvalidAmount,
            "amount_remaining must be a whole, non-negative number of minor units, got a fractional number",
        ),
        (
            r#"{"amount_remaining":100,"currency":"euro"}"#,
            InvalidCurrency,
            r#"currency must be a three-letter ISO code, got "euro""#,
        ),
        (
            r#"{"amount_remaining":100,"currency":978}"#,
            InvalidCurrency,
            "currency must be a three-letter ISO code, got a number",
        ),
    ];
    for (input, code, message) in cases {
        assert_eq!(error_of(input), (*code, (*message).to_owned()), "{input}");
    }
}

#[test]
fn unknown_and_incomplete_addresses_are_kept_as_unsupported() {
    let parsed = parse_str(
        r#"{"amount_remaining":5,"currency":"usd","financial_addresses":[
            {"type":"paynow","paynow":{"uen":"123"}},
            {"type":"iban"},
            {"iban":{"iban":"DE89370400440532013000"}},
            "not an address",
            {"type":"spei","spei":{"clabe":" 002180650612345670 "}}
        ]}"#,
    )
    .unwrap();
    let kinds: Vec<String> = parsed
        .addresses
        .iter()
        .map(|a| match a {
            FinancialAddress::Known { address_type, .. } => address_type.as_str().to_owned(),
            FinancialAddress::Unsupported { type_name } => format!("unsupported:{type_name}"),
        })
        .collect();
    assert_eq!(kinds, ["unsupported:paynow", "unsupported:iban", "unsupported:", "unsupported:", "spei"]);
    assert_eq!(text_fields(&parsed.addresses[4]), [("clabe", "002180650612345670".to_owned())]);
}

#[test]
fn fields_of_the_wrong_type_or_blank_are_left_out() {
    let parsed = parse_str(
        r#"{"financial_addresses":[{"type":"sort_code","supported_networks":["fps",7,"fps"," bacs "],
            "sort_code":{"account_holder_name":{"x":1},"account_number":12345678,"sort_code":"  ",
            "bank_address":{"city":null},"account_holder_address":"London"}}]}"#,
    )
    .unwrap();
    let FinancialAddress::Known { fields, networks, .. } = &parsed.addresses[0] else { panic!() };
    assert_eq!(fields, &[]);
    assert_eq!(networks, &["fps".to_owned(), "bacs".to_owned()]);
    assert_eq!((parsed.amount, parsed.reference), (None, None));
}

#[test]
fn amount_without_currency_is_not_shown_and_null_reference_is_absent() {
    let parsed =
        parse_str(r#"{"amount_remaining":19000,"currency":null,"reference":null,"type":"jp_bank_transfer"}"#).unwrap();
    assert_eq!((parsed.amount, parsed.reference), (None, None));
    let parsed = parse_str(r#"{"amount_remaining":null,"currency":"jpy"}"#).unwrap();
    assert_eq!(parsed.amount, None);
}

#[test]
fn unknown_transfer_types_are_kept_not_refused() {
    let parsed = parse_str(r#"{"type":"sg_bank_transfer","amount_remaining":100,"currency":"sgd"}"#).unwrap();
    assert_eq!(parsed.transfer_type.as_deref(), Some("sg_bank_transfer"));
    assert_eq!(parsed.amount.unwrap().decimal(), "1.00");
}

#[test]
fn only_https_and_loopback_links_are_kept() {
    for (url, kept) in [
        ("https://payments.stripe.com/x", true),
        ("http://127.0.0.1:8080/pay/x", true),
        ("http://localhost:8080/pay/x", true),
        ("http://localhost.evil.example/x", false),
        ("http://127.0.0.1.evil.example/x", false),
        (" HTTPS://payments.stripe.com/x ", true),
        ("javascript:alert(1)", false),
        ("http://payments.stripe.com/x", false),
        ("https://", false),
        ("https://evil.example/\u{0}x", false),
        ("https://a b", false),
        ("//evil.example", false),
    ] {
        let input = Json::Object(vec![("hosted_instructions_url".into(), Json::String(url.into()))]);
        assert_eq!(parse(&input).unwrap().hosted_instructions_url.is_some(), kept, "{url:?}");
    }
}

#[test]
fn every_field_of_every_address_type_is_read() {
    let parsed = parse(&json(EVERY_FIELD)).unwrap();
    assert_eq!(parsed.addresses.len(), 6);
    for address in &parsed.addresses {
        let FinancialAddress::Known { address_type, fields, .. } = address else { panic!("{address:?}") };
        let names: Vec<&str> = fields.iter().map(|(spec, _)| spec.name).collect();
        let expected: Vec<&str> = address_type.fields().iter().map(|s| s.name).collect();
        assert_eq!(names, expected, "{}", address_type.as_str());
    }
}

/// Our field table must cover every property of every record in Stripe's schema.
#[test]
fn field_table_matches_the_stripe_schema() {
    let schema = json(SCHEMA);
    let schemas = schema.get("components").and_then(|c| c.get("schemas")).unwrap();
    for address_type in AddressType::ALL {
        let record = schemas
            .get(&format!("funding_instructions_bank_transfer_{}_record", address_type.as_str()))
            .and_then(|r| r.get("properties"))
            .unwrap_or_else(|| panic!("schema has no {} record", address_type.as_str()));
        let Json::Object(props) = record else { panic!() };
        let mut in_schema: Vec<&str> = props.iter().map(|(k, _)| k.as_str()).collect();
        let mut ours: Vec<&str> = address_type.fields().iter().map(|f| f.name).collect();
        in_schema.sort_unstable();
        ours.sort_unstable();
        assert_eq!(ours, in_schema, "{}", address_type.as_str());
    }
    let Some(Json::Object(address_props)) = schemas.get("address").and_then(|a| a.get("properties")) else { panic!() };
    let mut names: Vec<&str> = address_props.iter().map(|(k, _)| k.as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["city", "country", "line1", "line2", "postal_code", "state"]);
}

/// `reference/` is a vendored copy of `../shared/reference` (so a lone clone builds and tests);
/// where the shared copy exists, they must not drift apart.
#[test]
fn vendored_reference_matches_the_shared_one() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let shared = root.join("../shared/reference");
    if !shared.exists() {
        return;
    }
    for name in [
        "display_bank_transfer_instructions.schema.json",
        "settlement_times.json",
        "confirm_customer_balance.params.json",
        "examples/next_action.eu_bank_transfer.docs.json",
        "examples/next_action.gb_bank_transfer.captured_sandbox.json",
        "examples/next_action.gb_bank_transfer.docs.json",
        "examples/next_action.jp_bank_transfer.docs.json",
        "examples/next_action.mx_bank_transfer.docs.json",
        "examples/next_action.us_bank_transfer.docs.json",
        "stripe-fixtures.json",
    ] {
        let ours = std::fs::read(root.join("reference").join(name)).unwrap();
        let theirs = std::fs::read(shared.join(name)).unwrap();
        assert!(ours == theirs, "reference/{name} differs from ../shared/reference/{name}");
    }
}
