//! The live checkout's network-fault scenarios (the end-to-end suite's, `tests/e2e/faults.test.mjs`)
//! as native tests of the state machine: milliseconds each, every effect exact.

use std::boxed::Box;
use std::string::{String, ToString};
use std::vec::Vec;
use std::{format, vec};

use super::checkout::*;
use super::{Failure, FailureKind};
use crate::i18n::Lang;
use crate::json::Json;
use crate::model::Money;
use crate::view::Intl;

struct FakeIntl;

impl Intl for FakeIntl {
    fn money(&self, money: &Money) -> String {
        format!("{} {}", money.decimal(), money.currency.code())
    }
    fn plain_amount(&self, money: &Money) -> String {
        money.decimal()
    }
    fn region(&self, code: &str) -> Option<String> {
        Some(match code {
            "DE" => "Germany".into(),
            "FR" => "France".into(),
            "NL" => "Netherlands".into(),
            _ => return None,
        })
    }
}

const SECRET: &str = "pi_1_secret_s";

fn json(s: &str) -> Json {
    serde_json::from_str(s).unwrap()
}

/// A publishable PaymentIntent as Stripe answers it.
fn intent(status: &str, remaining: u64, country: &str) -> Json {
    let next_action = if status == "requires_action" {
        format!(
            r#"{{"type":"display_bank_transfer_instructions","display_bank_transfer_instructions":{{"amount_remaining":{remaining},"currency":"eur","type":"eu_bank_transfer","reference":"REF1","financial_addresses":[{{"type":"iban","supported_networks":["sepa"],"iban":{{"country":"{country}","iban":"{country}00123","bic":"B","account_holder_name":"Shop"}}}}]}}}}"#
        )
    } else {
        "null".into()
    };
    json(&format!(
        r#"{{"object":"payment_intent","id":"pi_1","status":"{status}","currency":"eur","next_action":{next_action}}}"#
    ))
}

fn backend_answer() -> Json {
    json(&format!(r#"{{"clientSecret":"{SECRET}","publishableKey":"pk_1","stripeApiBase":"https://api.test/"}}"#))
}

/// A failed request: no answer (`status` 0) or an error answer with Stripe's `code`.
fn failure(kind: FailureKind, status: u16, code: Option<&str>) -> Failure {
    if status == 0 {
        return Failure::new(kind, "fetch failed");
    }
    let body = code.map(|c| json(&format!(r#"{{"error":{{"code":"{c}","message":"m"}}}}"#)));
    Failure::from_answer(kind, status, body.as_ref())
}

struct Harness {
    machine: Checkout,
    /// Requests sent and not yet answered, in order.
    sent: Vec<Request>,
}

impl Harness {
    fn new() -> Harness {
        Harness::with_email(None)
    }

    /// `emailUrl` set (or not), in German.
    fn with_email(email_url: Option<&str>) -> Harness {
        let config = Config {
            client_secret_url: "/api/checkout".into(),
            order: "eu-1".into(),
            lang: if email_url.is_some() { Lang::De } else { Lang::En },
            timeout_ms: 15_000,
            email_url: email_url.map(String::from),
            locale: if email_url.is_some() { "de-DE".into() } else { "en-US".into() },
        };
        // Jitter in the middle of its range: delays are exactly what the rule says.
        Harness { machine: Checkout::new(config, Box::new(FakeIntl), Box::new(|| 0.5)), sent: Vec::new() }
    }

    fn event(&mut self, event: Event) -> Vec<Effect> {
        let effects = self.machine.handle(event);
        for effect in &effects {
            if let Effect::Fetch(request) = effect {
                self.sent.push(request.clone());
            }
        }
        effects
    }

    /// Answers the oldest request of `call`.
    fn answer(&mut self, call: Call, result: Result<Json, Failure>) -> Vec<Effect> {
        let at = self.sent.iter().position(|r| r.call == call).unwrap_or_else(|| panic!("no {call:?} sent"));
        let request = self.sent.remove(at);
        self.event(Event::Answer { id: request.id, result })
    }

    fn pending(&self, call: Call) -> usize {
        self.sent.iter().filter(|r| r.call == call).count()
    }

    /// Mounted on an EU intent in DE.
    fn mounted() -> Harness {
        let mut h = Harness::new();
        h.event(Event::Start);
        h.answer(Call::Backend, Ok(backend_answer()));
        let effects = h.answer(Call::Retrieve, Ok(intent("requires_action", 1000, "DE")));
        assert!(effects.contains(&Effect::Mounted), "{effects:?}");
        h
    }
}

fn schedules(effects: &[Effect]) -> Vec<(Timer, u32)> {
    effects
        .iter()
        .filter_map(|e| if let Effect::Schedule { timer, ms } = e { Some((*timer, *ms)) } else { None })
        .collect()
}

fn alerts(effects: &[Effect]) -> Vec<(&'static str, bool)> {
    effects
        .iter()
        .filter_map(|e| if let Effect::Alert { message, retry } = e { Some((*message, *retry)) } else { None })
        .collect()
}

fn error_codes(effects: &[Effect]) -> Vec<String> {
    effects
        .iter()
        .filter_map(|e| if let Effect::Emit(Emitted::Error { code, .. }) = e { Some(code.clone()) } else { None })
        .collect()
}

#[test]
fn a_mount_asks_the_backend_then_stripe_as_stripe_js_does_then_follows() {
    let mut h = Harness::new();
    let effects = h.event(Event::Start);
    assert_eq!(
        effects,
        vec![Effect::Fetch(Request {
            id: 1,
            call: Call::Backend,
            method: "POST",
            url: "/api/checkout".into(),
            body: Body::Json(r#"{"order":"eu-1"}"#.into()),
            kind: FailureKind::Backend,
            timeout_ms: 15_000,
        })]
    );
    h.answer(Call::Backend, Ok(backend_answer()));
    assert_eq!(
        h.sent[0].url,
        "https://api.test/v1/payment_intents/pi_1?client_secret=pi_1_secret_s&key=pk_1&_stripe_version=2026-07-29.dahlia"
    );
    let effects = h.answer(Call::Retrieve, Ok(intent("requires_action", 1000, "DE")));
    assert!(matches!(&effects[0], Effect::ShowInstructions(_)));
    assert_eq!(
        effects[1..].to_vec(),
        vec![
            Effect::Countries { visible: true, selected: Some("DE".into()) },
            Effect::Status(String::new()),
            Effect::Emit(Emitted::Ready { status: "requires_action".into() }),
            Effect::Mounted,
            Effect::Schedule { timer: Timer::Poll, ms: 3000 },
        ]
    );
    assert_eq!((h.machine.status(), h.machine.country()), (Some("requires_action"), Some("DE")));
}

#[test]
fn backend_down_at_mount_is_said_with_try_again_and_the_post_is_not_repeated_on_its_own() {
    for (failure, code, message) in [
        (
            failure(FailureKind::Network, 0, None),
            "network_error",
            "The payment service cannot be reached. Check your internet connection.",
        ),
        (failure(FailureKind::Backend, 500, None), "backend_error", "Something went wrong. Please try again."),
        (failure(FailureKind::Backend, 502, None), "backend_error", "Something went wrong. Please try again."),
        (
            Failure::new(FailureKind::BadAnswer, "the answer is not JSON"),
            "invalid_response",
            "Something went wrong. Please try again.",
        ),
    ] {
        let mut h = Harness::new();
        h.event(Event::Start);
        let effects = h.answer(Call::Backend, Err(failure));
        assert_eq!(alerts(&effects), [(message, true)]);
        assert_eq!(error_codes(&effects), [code]);
        assert!(!effects.iter().any(|e| matches!(e, Effect::Rejected(_) | Effect::Fetch(_))), "{effects:?}");
        // Nothing happens by itself; the customer's press asks once more.
        assert!(h.event(Event::TimerFired(Timer::Retry)).is_empty());
        let effects = h.event(Event::RetryPressed);
        assert_eq!(effects[..2], [Effect::ClearAlert, Effect::Status("Loading the payment instructions…".into())]);
        assert_eq!(h.pending(Call::Backend), 1);
        h.answer(Call::Backend, Ok(backend_answer()));
        assert!(h.answer(Call::Retrieve, Ok(intent("requires_action", 1000, "DE"))).contains(&Effect::Mounted));
    }
}

#[test]
fn a_refusal_at_mount_rejects_with_the_backends_code() {
    let mut h = Harness::new();
    h.event(Event::Start);
    let effects = h.answer(Call::Backend, Err(failure(FailureKind::Backend, 404, Some("order_not_found"))));
    assert_eq!(
        alerts(&effects),
        [("This payment could not be found. Please reload the page or contact the shop.", false)]
    );
    assert!(matches!(effects.last(), Some(Effect::Rejected(f)) if f.code() == "order_not_found"));
    assert!(h.event(Event::RetryPressed).is_empty(), "final");
}

#[test]
fn a_failed_get_at_mount_is_retried_on_its_own_with_growing_pauses() {
    let mut h = Harness::new();
    h.event(Event::Start);
    h.answer(Call::Backend, Ok(backend_answer()));
    let effects = h.answer(Call::Retrieve, Err(failure(FailureKind::Stripe, 502, None)));
    assert_eq!(schedules(&effects), [(Timer::Retry, 500)]);
    h.event(Event::TimerFired(Timer::Retry));
    let effects = h.answer(Call::Retrieve, Err(Failure::new(FailureKind::BadAnswer, "the answer is not JSON")));
    assert_eq!(schedules(&effects), [(Timer::Retry, 1000)]);
    h.event(Event::TimerFired(Timer::Retry));
    let effects = h.answer(Call::Retrieve, Ok(intent("requires_action", 1000, "DE")));
    assert!(effects.contains(&Effect::Mounted) && alerts(&effects).is_empty(), "no click needed");
    // A Retry-After longer than the pause wins.
    let mut h = Harness::new();
    h.event(Event::Start);
    h.answer(Call::Backend, Ok(backend_answer()));
    let mut limited = failure(FailureKind::Stripe, 429, None);
    limited.retry_after_ms = Some(6000);
    assert_eq!(schedules(&h.answer(Call::Retrieve, Err(limited))), [(Timer::Retry, 6000)]);
}

#[test]
fn a_get_that_never_answers_is_retried_three_times_then_said() {
    let mut h = Harness::new();
    h.event(Event::Start);
    h.answer(Call::Backend, Ok(backend_answer()));
    let mut pauses = Vec::new();
    for _ in 0..3 {
        let effects = h.answer(Call::Retrieve, Err(Failure::new(FailureKind::Timeout, "no answer in time")));
        pauses.extend(schedules(&effects).into_iter().map(|(_, ms)| ms));
        h.event(Event::TimerFired(Timer::Retry));
    }
    assert_eq!(pauses, [500, 1000, 2000]);
    let effects = h.answer(Call::Retrieve, Err(Failure::new(FailureKind::Timeout, "no answer in time")));
    assert_eq!(alerts(&effects), [("The payment service took too long to answer. Please try again.", true)]);
    assert_eq!(error_codes(&effects), ["timeout"]);
}

#[test]
fn while_following_429_with_retry_after_delays_the_next_poll_and_says_it_once() {
    let mut h = Harness::mounted();
    h.event(Event::TimerFired(Timer::Poll));
    let mut limited = failure(FailureKind::Stripe, 429, Some("rate_limit"));
    limited.retry_after_ms = Some(6000);
    let effects = h.answer(Call::Retrieve, Err(limited.clone()));
    assert_eq!(schedules(&effects), [(Timer::Poll, 6000)]);
    assert_eq!(alerts(&effects).len(), 1);
    h.event(Event::TimerFired(Timer::Poll));
    let effects = h.answer(Call::Retrieve, Err(limited));
    assert!(alerts(&effects).is_empty() && error_codes(&effects).is_empty(), "said once");
    // An answer clears it; the instructions never went.
    h.event(Event::TimerFired(Timer::Poll));
    let effects = h.answer(Call::Retrieve, Ok(intent("requires_action", 1000, "DE")));
    assert_eq!(effects[0], Effect::ClearAlert);
    assert!(!effects.iter().any(|e| matches!(e, Effect::ShowInstructions(_) | Effect::Clear)));
}

#[test]
fn a_refusal_while_following_stops_it_until_try_again() {
    let mut h = Harness::mounted();
    h.event(Event::TimerFired(Timer::Poll));
    let effects = h.answer(Call::Retrieve, Err(failure(FailureKind::Stripe, 404, Some("resource_missing"))));
    assert_eq!(
        alerts(&effects),
        [("This payment could not be found. Please reload the page or contact the shop.", true)]
    );
    assert_eq!(error_codes(&effects), ["resource_missing"]);
    assert!(schedules(&effects).is_empty(), "following stops");
    let effects = h.event(Event::RetryPressed);
    assert_eq!(effects[0], Effect::ClearAlert);
    assert_eq!(h.pending(Call::Retrieve), 1, "asks at once");
}

#[test]
fn offline_is_said_at_once_polling_pauses_and_online_looks_at_once() {
    let mut h = Harness::mounted();
    let effects = h.event(Event::Offline);
    assert_eq!(effects[0], Effect::Cancel(Timer::Poll));
    assert_eq!(
        alerts(&effects),
        [("You are offline. The details below stay valid; we will check again once you are back online.", false)]
    );
    assert_eq!(error_codes(&effects), ["network_error"]);
    assert!(h.event(Event::Offline).is_empty(), "said once");
    // Nothing is scheduled while offline, even after a failed look.
    assert_eq!(h.pending(Call::Retrieve), 0);
    h.event(Event::Online);
    assert_eq!(h.pending(Call::Retrieve), 1, "a look at once");
    let effects = h.answer(Call::Retrieve, Ok(intent("requires_action", 1000, "DE")));
    assert_eq!(effects[0], Effect::ClearAlert);
    assert_eq!(schedules(&effects), [(Timer::Poll, 4500)]);
}

#[test]
fn a_hidden_page_is_not_polled_and_a_shown_one_is_at_once() {
    let mut h = Harness::mounted();
    assert_eq!(h.event(Event::Visible(false)), [Effect::Cancel(Timer::Poll)]);
    h.event(Event::Visible(true));
    assert_eq!(h.pending(Call::Retrieve), 1);
    h.event(Event::Visible(true));
    assert_eq!(h.pending(Call::Retrieve), 1, "never two looks at once");
}

#[test]
fn funds_arriving_are_announced_then_the_confirmation_replaces_the_instructions() {
    let mut h = Harness::mounted();
    h.event(Event::TimerFired(Timer::Poll));
    let effects = h.answer(Call::Retrieve, Ok(intent("requires_action", 400, "DE")));
    assert!(effects.contains(&Effect::Status("We received part of your payment. Still to send: 4.00 EUR.".into())));
    assert!(effects.contains(&Effect::Emit(Emitted::PartiallyFunded {
        status: "requires_action".into(),
        amount_remaining: Some(400)
    })));
    assert_eq!(schedules(&effects), [(Timer::Poll, 3000)], "backoff starts again after a change");
    h.event(Event::TimerFired(Timer::Poll));
    let effects = h.answer(Call::Retrieve, Ok(intent("succeeded", 0, "DE")));
    assert!(effects.contains(&Effect::ShowSucceeded));
    assert!(effects.contains(&Effect::Status("Payment received. Thank you!".into())));
    assert!(effects.contains(&Effect::Emit(Emitted::Succeeded { status: "succeeded".into() })));
    assert!(schedules(&effects).is_empty(), "nothing more to follow");
}

#[test]
fn a_failing_confirmation_is_said_reverted_and_not_repeated() {
    let mut h = Harness::mounted();
    let effects = h.event(Event::CountryChosen("NL".into()));
    assert_eq!(effects[..2], [Effect::Busy(true), Effect::Status("Getting bank details for Netherlands…".into())]);
    let request = h.sent.last().unwrap().clone();
    assert_eq!((request.method, request.url.as_str()), ("POST", "https://api.test/v1/payment_intents/pi_1/confirm"));
    assert!(
        matches!(&request.body, Body::Form(body) if body.contains("eu_bank_transfer%5D%5Bcountry%5D=NL&key=pk_1&_stripe_version="))
    );
    let effects = h.answer(Call::Confirm, Err(failure(FailureKind::Stripe, 500, None)));
    assert_eq!(effects[..2], [Effect::Busy(false), Effect::SelectCountry(Some("DE".into()))]);
    assert_eq!(alerts(&effects), [("Something went wrong. Please try again.", false)]);
    assert_eq!(h.pending(Call::Confirm), 0, "not repeated on its own");
    h.event(Event::CountryChosen("NL".into()));
    let effects = h.answer(Call::Confirm, Ok(intent("requires_action", 1000, "NL")));
    assert!(effects.contains(&Effect::Status("Bank details updated for Netherlands.".into())));
    assert!(effects.contains(&Effect::Emit(Emitted::CountryChanged { country: "NL".into() })));
    assert_eq!(h.machine.country(), Some("NL"));
}

#[test]
fn a_confirmation_answered_after_a_newer_choice_gives_way_to_it() {
    let mut h = Harness::mounted();
    h.event(Event::CountryChosen("FR".into()));
    assert!(h.event(Event::CountryChosen("NL".into())).is_empty(), "never two in flight");
    // A poll meanwhile leaves the screen to the confirmations.
    h.event(Event::TimerFired(Timer::Poll));
    assert_eq!(h.pending(Call::Retrieve), 0);
    let effects = h.answer(Call::Confirm, Ok(intent("requires_action", 1000, "FR")));
    assert!(!effects.iter().any(|e| matches!(e, Effect::ShowInstructions(_))), "the stale FR answer is not shown");
    assert_eq!(h.pending(Call::Confirm), 1);
    assert!(h.sent.last().unwrap().body_text().contains("%5Bcountry%5D=NL"), "the newer choice is sent");
    let effects = h.answer(Call::Confirm, Ok(intent("requires_action", 1000, "NL")));
    assert!(effects.contains(&Effect::Emit(Emitted::CountryChanged { country: "NL".into() })));
}

#[test]
fn destroy_stops_everything_and_late_answers_change_nothing() {
    let mut h = Harness::mounted();
    h.event(Event::TimerFired(Timer::Poll));
    let effects = h.event(Event::Destroy);
    assert_eq!(effects, [Effect::Cancel(Timer::Retry), Effect::AbortAll, Effect::Clear]);
    assert!(h.answer(Call::Retrieve, Ok(intent("succeeded", 0, "DE"))).is_empty());
    assert!(h.event(Event::Online).is_empty() && h.event(Event::CountryChosen("FR".into())).is_empty());
}

#[test]
fn an_unusable_backend_answer_is_the_backends_failure() {
    for answer in [
        r#"{"clientSecret":"x","publishableKey":"pk"}"#,
        r#"{"publishableKey":"pk"}"#,
        r#"{"clientSecret":"pi_1_secret_s","publishableKey":"pk","stripeAccount":"cus_1"}"#,
    ] {
        let mut h = Harness::new();
        h.event(Event::Start);
        let effects = h.answer(Call::Backend, Ok(json(answer)));
        assert_eq!(error_codes(&effects), ["backend_error"], "{answer}");
    }
    // Connect: the account travels with every request to Stripe.
    let mut h = Harness::new();
    h.event(Event::Start);
    h.answer(
        Call::Backend,
        Ok(json(r#"{"clientSecret":"pi_1_secret_s","publishableKey":"pk","stripeAccount":"acct_9"}"#)),
    );
    assert!(h.sent[0].url.ends_with("&_stripe_account=acct_9"), "{}", h.sent[0].url);
    assert!(h.sent[0].url.starts_with("https://api.stripe.com/v1/"), "Stripe's own API by default");
}

impl Request {
    fn body_text(&self) -> String {
        match &self.body {
            Body::Form(text) | Body::Json(text) => text.to_string(),
            Body::None => String::new(),
        }
    }
}

/// Mounted with `emailUrl`, in German.
fn mounted_with_email() -> (Harness, Vec<Effect>) {
    let mut h = Harness::with_email(Some("/api/email"));
    h.event(Event::Start);
    h.answer(Call::Backend, Ok(backend_answer()));
    let effects = h.answer(Call::Retrieve, Ok(intent("requires_action", 1000, "DE")));
    (h, effects)
}

fn email_messages(effects: &[Effect]) -> Vec<(String, bool)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::EmailMessage { text, invalid } if !text.is_empty() => Some((text.clone(), *invalid)),
            _ => None,
        })
        .collect()
}

#[test]
fn the_email_form_comes_with_the_instructions_where_the_merchant_offers_it() {
    let effects = Harness::mounted().event(Event::TimerFired(Timer::Poll));
    assert!(!effects.iter().any(|e| matches!(e, Effect::EmailForm(_))));
    let (mut h, effects) = mounted_with_email();
    assert_eq!(effects.iter().filter(|e| matches!(e, Effect::EmailForm(true))).count(), 1);
    // Shown once; a newer intent does not show it again, the confirmation hides it.
    h.event(Event::TimerFired(Timer::Poll));
    let effects = h.answer(Call::Retrieve, Ok(intent("requires_action", 400, "DE")));
    assert!(!effects.iter().any(|e| matches!(e, Effect::EmailForm(_))), "{effects:?}");
    h.event(Event::TimerFired(Timer::Poll));
    let effects = h.answer(Call::Retrieve, Ok(intent("succeeded", 0, "DE")));
    assert!(effects.contains(&Effect::EmailForm(false)));
    assert!(h.event(Event::EmailSubmitted("a@b.c".into())).is_empty(), "nothing to send once paid");
}

#[test]
fn an_email_request_is_sent_once_with_the_order_the_address_and_the_locale() {
    let (mut h, _) = mounted_with_email();
    let effects = h.event(Event::EmailSubmitted(" jenny@example.com ".into()));
    assert_eq!(effects[..2], [Effect::EmailBusy(true), Effect::EmailMessage { text: String::new(), invalid: false }]);
    let Effect::Fetch(request) = &effects[2] else { panic!("{effects:?}") };
    assert_eq!((request.call, request.method, request.url.as_str()), (Call::Email, "POST", "/api/email"));
    assert_eq!(request.body, Body::Json(r#"{"order":"eu-1","email":"jenny@example.com","locale":"de-DE"}"#.into()));
    assert!(h.event(Event::EmailSubmitted("jenny@example.com".into())).is_empty(), "one at a time");
    let effects = h.answer(Call::Email, Ok(json(r#"{"sent":true}"#)));
    assert_eq!(effects[0], Effect::EmailBusy(false));
    assert_eq!(
        email_messages(&effects),
        [("An jenny@example.com gesendet. Bitte sehen Sie in Ihrem Posteingang nach.".into(), false)]
    );
    assert_eq!(h.pending(Call::Email), 0, "never repeated on its own");
}

#[test]
fn a_bad_address_is_said_in_the_field_and_nothing_is_sent() {
    let (mut h, _) = mounted_with_email();
    let invalid = Lang::De.text(crate::i18n::CheckoutMsg::EmailInvalid).to_string();
    let effects = h.event(Event::EmailSubmitted("jenny@".into()));
    assert_eq!(effects, [Effect::EmailMessage { text: invalid.clone(), invalid: true }]);
    assert_eq!(h.pending(Call::Email), 0);
    // The server decides what passes this check.
    h.event(Event::EmailSubmitted("jenny@-example.com".into()));
    let refused = failure(FailureKind::Backend, 422, Some("email_invalid"));
    assert_eq!(email_messages(&h.answer(Call::Email, Err(refused))), [(invalid, true)]);
}

#[test]
fn rate_limits_and_failures_have_their_own_sentences() {
    let (mut h, _) = mounted_with_email();
    for (failure, msg) in [
        (failure(FailureKind::Backend, 429, Some("email_rate_limited")), crate::i18n::CheckoutMsg::EmailRateLimited),
        (failure(FailureKind::Backend, 502, Some("email_failed")), crate::i18n::CheckoutMsg::EmailFailed),
        (failure(FailureKind::Backend, 503, Some("email_unavailable")), crate::i18n::CheckoutMsg::EmailFailed),
        (failure(FailureKind::Network, 0, None), crate::i18n::CheckoutMsg::EmailFailed),
    ] {
        h.event(Event::EmailSubmitted("jenny@example.com".into()));
        let effects = h.answer(Call::Email, Err(failure));
        assert_eq!(email_messages(&effects), [(Lang::De.text(msg).to_string(), false)]);
        assert!(alerts(&effects).is_empty(), "the instructions' alert is not the email's business");
    }
}
