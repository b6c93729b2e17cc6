#[allow(unused_imports)]
use std::{borrow::ToOwned, format, string::String, string::ToString, vec, vec::Vec};

use super::*;
use crate::i18n::Lang;
use crate::json::Json;

fn json(s: &str) -> Json {
    serde_json::from_str(s).unwrap()
}

const SECRET: &str = "pi_3Nabc123_secret_xyz789";

#[test]
fn the_intent_id_is_the_part_of_the_secret_before_secret() {
    assert_eq!(intent_id(SECRET), Some("pi_3Nabc123"));
    for bad in [
        "",
        "pi_3Nabc123",
        "pi__secret_x",
        "pi_1_secret_",
        "seti_1_secret_x",
        "pi_1_secret_x&a=b",
        "pi_1_secret_x/../y",
    ] {
        assert_eq!(intent_id(bad), None, "{bad}");
    }
}

#[test]
fn requests_have_stripes_exact_paths_and_parameters_as_stripe_js_sends_them() {
    let js = StripeJs { publishable_key: "pk_test_1".into(), account: None };
    assert_eq!(
        js.retrieve_path(SECRET).as_deref(),
        Some("/v1/payment_intents/pi_3Nabc123?client_secret=pi_3Nabc123_secret_xyz789&key=pk_test_1&_stripe_version=2026-07-29.dahlia")
    );
    assert_eq!(confirm_path(SECRET).as_deref(), Some("/v1/payment_intents/pi_3Nabc123/confirm"));
    assert_eq!(
        js.confirm_body(SECRET, "DE"),
        [
            "client_secret=pi_3Nabc123_secret_xyz789",
            "&payment_method_data%5Btype%5D=customer_balance",
            "&payment_method_options%5Bcustomer_balance%5D%5Bfunding_type%5D=bank_transfer",
            "&payment_method_options%5Bcustomer_balance%5D%5Bbank_transfer%5D%5Btype%5D=eu_bank_transfer",
            "&payment_method_options%5Bcustomer_balance%5D%5Bbank_transfer%5D%5Beu_bank_transfer%5D%5Bcountry%5D=DE",
            "&key=pk_test_1&_stripe_version=2026-07-29.dahlia",
        ]
        .concat()
    );
    // Connect: the account travels as a parameter too, never as a header.
    let connected = StripeJs { account: Some("acct_1X".into()), ..js };
    assert!(connected
        .retrieve_path(SECRET)
        .unwrap()
        .ends_with("&_stripe_version=2026-07-29.dahlia&_stripe_account=acct_1X"));
    assert!(connected.confirm_body(SECRET, "NL").ends_with("&_stripe_account=acct_1X"));
}

#[test]
fn merchants_configure_countries_but_only_those_stripe_opens_ibans_in() {
    let list = |codes: &[&str]| eu_countries(&codes.iter().map(|c| c.to_string()).collect::<Vec<_>>());
    assert_eq!(list(&[]), ["DE", "FR", "IE", "NL"]);
    assert_eq!(list(&["nl", " de ", "NL", "ES", "BE", "xx1", "FR"]), ["NL", "DE", "FR"]);
    assert_eq!(list(&["ES", "BE"]), ["DE", "FR", "IE", "NL"]);
}

#[test]
fn polling_backs_off_to_a_minute() {
    let delays: Vec<u32> = (0..12).map(poll_delay_ms).collect();
    assert_eq!(&delays[..6], &[3000, 4500, 6750, 10125, 15187, 22780]);
    assert!(delays.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(poll_delay_ms(11), 60_000);
    assert_eq!(poll_delay_ms(u32::MAX), 60_000);
}

fn intent(status: &str, remaining: Option<u64>, country: Option<&str>) -> Json {
    let address = country.map_or(String::new(), |c| format!(r#"{{"type":"iban","iban":{{"country":"{c}"}}}}"#));
    let next_action = match remaining {
        Some(r) => format!(
            r#"{{"type":"display_bank_transfer_instructions","display_bank_transfer_instructions":{{"amount_remaining":{r},"currency":"eur","type":"eu_bank_transfer","financial_addresses":[{address}]}}}}"#
        ),
        None => "null".to_string(),
    };
    json(&format!(r#"{{"object":"payment_intent","id":"pi_1","status":"{status}","next_action":{next_action}}}"#))
}

#[test]
fn snapshots_read_the_publishable_intent() {
    let s = Snapshot::of(&intent("requires_action", Some(1099), Some("nl"))).unwrap();
    assert_eq!(
        s,
        Snapshot {
            status: "requires_action".into(),
            amount_remaining: Some(1099),
            eu_country: Some("NL".into()),
            transfer_type: Some("eu_bank_transfer".into())
        }
    );
    assert!(!s.is_final());
    assert!(Snapshot::of(&intent("succeeded", None, None)).unwrap().is_final());
    assert_eq!(Snapshot::of(&json(r#"{"object":"customer","status":"x"}"#)), None);
    assert_eq!(Snapshot::of(&json(r#"[]"#)), None);
}

#[test]
fn a_newer_intent_is_read_as_what_happened() {
    let shown = Snapshot::of(&intent("requires_action", Some(1000), Some("IE"))).unwrap();
    let change = |j: Json| shown.change_to(&Snapshot::of(&j).unwrap());
    assert_eq!(change(intent("requires_action", Some(1000), Some("IE"))), Change::Same);
    assert_eq!(change(intent("requires_action", Some(400), Some("IE"))), Change::PartiallyFunded);
    assert_eq!(change(intent("requires_action", Some(1000), Some("DE"))), Change::Instructions);
    assert_eq!(change(intent("succeeded", None, None)), Change::Succeeded);
    assert_eq!(change(intent("canceled", None, None)), Change::Canceled);
}

#[test]
fn failures_have_stable_codes_and_customer_sentences() {
    let stripe = |code: &str| {
        let body = json(&format!(r#"{{"error":{{"type":"invalid_request_error","code":"{code}","message":"m"}}}}"#));
        Failure::from_answer(FailureKind::Stripe, 400, Some(&body))
    };
    let limited = stripe("payment_method_rate_limit_exceeded");
    assert_eq!(
        (limited.code(), limited.message.as_str(), limited.http_status),
        ("payment_method_rate_limit_exceeded", "m", 400)
    );
    assert_eq!(
        limited.customer_message(Lang::En),
        "Too many attempts for this payment right now. Please try again later, or choose another payment method."
    );
    assert_eq!(
        stripe("resource_missing").customer_message(Lang::De),
        "Diese Zahlung wurde nicht gefunden. Bitte laden Sie die Seite neu oder wenden Sie sich an den Shop."
    );
    assert_eq!(
        stripe("payment_intent_unexpected_state").customer_message(Lang::En),
        "This payment can no longer be changed."
    );
    assert_eq!(stripe("something_new").customer_message(Lang::En), "Something went wrong. Please try again.");
    // The backend's word for a payment Stripe refused to open: a refusal, not worth a retry.
    let body = json(r#"{"error":{"code":"payment_unavailable","message":"m"}}"#);
    let refused = Failure::from_answer(FailureKind::Backend, 422, Some(&body));
    assert!(!refused.retryable());
    assert_eq!(
        refused.customer_message(Lang::De),
        "Banküberweisung ist für diese Bestellung gerade nicht möglich. Bitte wählen Sie eine andere Zahlungsart oder wenden Sie sich an den Shop."
    );

    let offline = Failure::new(FailureKind::Network, "fetch failed");
    assert_eq!(
        (offline.code(), offline.customer_message(Lang::Fr)),
        ("network_error", "Le service de paiement est injoignable. Vérifiez votre connexion Internet.")
    );
    assert_eq!(Failure::new(FailureKind::Timeout, "").code(), "timeout");
    let bare = Failure::from_answer(FailureKind::Backend, 502, None);
    assert_eq!((bare.code(), bare.message.as_str()), ("backend_error", "HTTP status 502"));
}

#[test]
fn forms_are_encoded_like_a_browser_does() {
    assert_eq!(
        form_encode(&[
            ("payment_method_options[customer_balance][type]", "eu bank/transfer"),
            ("key", "pk_test_1"),
            ("é", "&=")
        ]),
        "payment_method_options%5Bcustomer_balance%5D%5Btype%5D=eu+bank%2Ftransfer&key=pk_test_1&%C3%A9=%26%3D"
    );
    assert_eq!(form_encode(&[]), "");
}

#[test]
fn retries_back_off_with_jitter_and_respect_retry_after() {
    let delays: Vec<u32> = (0..7).map(retry_delay_ms).collect();
    assert_eq!(delays, [500, 1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
    assert_eq!(jittered(1_000, 0.0, None), 800);
    assert_eq!(jittered(1_000, 0.5, None), 1_000);
    assert_eq!(jittered(1_000, 0.999_999, None), 1_199);
    assert_eq!(jittered(1_000, f64::NAN, None), 1_000, "a broken random source degrades to no jitter");
    assert_eq!(jittered(1_000, 0.0, Some(30_000)), 30_000, "Retry-After wins when longer");
    assert_eq!(jittered(60_000, 0.9, Some(1_000)), 69_600);
}

#[test]
fn only_failures_worth_repeating_are_retried() {
    let answered = |kind, status, code: Option<&str>| {
        let body = code.map(|c| serde_json::from_str::<Json>(&format!("{{\"error\":{{\"code\":\"{c}\"}}}}")).unwrap());
        Failure::from_answer(kind, status, body.as_ref())
    };
    for retryable in [
        Failure::new(FailureKind::Network, "offline"),
        Failure::new(FailureKind::Timeout, "slow"),
        Failure::new(FailureKind::BadAnswer, "html"),
        answered(FailureKind::Stripe, 500, None),
        answered(FailureKind::Backend, 502, None),
        answered(FailureKind::Stripe, 503, None),
        answered(FailureKind::Stripe, 429, Some("rate_limit")),
    ] {
        assert!(retryable.retryable(), "{retryable:?}");
    }
    for final_ in [
        answered(FailureKind::Stripe, 429, Some("payment_method_rate_limit_exceeded")),
        answered(FailureKind::Stripe, 404, Some("resource_missing")),
        answered(FailureKind::Backend, 404, Some("order_not_found")),
        answered(FailureKind::Stripe, 400, Some("country_unsupported")),
        answered(FailureKind::Backend, 401, None),
    ] {
        assert!(!final_.retryable(), "{final_:?}");
    }
}
