//! The live checkout as a state machine, free of I/O (sans-IO, as quinn-proto drives QUIC): the
//! glue feeds it [`Event`]s — answers and failures, timers, the page going offline or hidden,
//! the customer's choices — and performs the [`Effect`]s it returns, in order. Every decision
//! lives here: which request to send, when to ask again, what the customer is told, which
//! status shows which state, which change is announced, and what the merchant's page hears.

use alloc::borrow::ToOwned;
use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

use super::country::{CountrySwitch, Outcome, Step};
use super::email::{EmailForm, Reply, Submit};
use super::failure::{Failure, FailureKind};
use super::intent::{Change, Snapshot};
use super::{intent_id, jittered, poll_delay_ms, retry_delay_ms, StripeJs, GET_RETRIES};
use crate::i18n::{CheckoutMsg as Msg, Lang};
use crate::json::Json;
use crate::model::{Currency, Money};
use crate::view::Intl;

/// What the checkout is for.
pub struct Config {
    /// The merchant's backend, POSTed `{"order": …}`.
    pub client_secret_url: String,
    pub order: String,
    pub lang: Lang,
    /// How long any one request may take.
    pub timeout_ms: u32,
    /// The merchant's backend that emails the instructions (`emailUrl`), POSTed
    /// `{"order", "email", "locale"}`; `None`: no email form.
    pub email_url: Option<String>,
    /// The customer's BCP 47 tag, sent with the email request (money formats per region).
    pub locale: String,
}

/// The two timers the checkout runs, at most one of each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timer {
    /// The next try of a failed retrieval at mount.
    Retry,
    /// The next look at the payment while following it.
    Poll,
}

/// Which request an answer belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Call {
    Backend,
    Retrieve,
    Confirm,
    Email,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Body {
    None,
    Json(String),
    Form(String),
}

/// One request to send; its answer comes back as [`Event::Answer`] with the same `id`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub id: u32,
    pub call: Call,
    pub method: &'static str,
    pub url: String,
    pub body: Body,
    /// How its refusals read (the backend's or Stripe's).
    pub kind: FailureKind,
    pub timeout_ms: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// `mountCheckout` was called.
    Start,
    Answer {
        id: u32,
        result: Result<Json, Failure>,
    },
    TimerFired(Timer),
    CountryChosen(String),
    /// "Send" pressed in the email form, with what the field holds.
    EmailSubmitted(String),
    RetryPressed,
    Online,
    Offline,
    /// The page became visible (`true`) or hidden.
    Visible(bool),
    Destroy,
}

/// What the merchant's page hears (`banktransfer:*`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Emitted {
    Ready { status: String },
    CountryChanged { country: String },
    PartiallyFunded { status: String, amount_remaining: Option<u64> },
    Succeeded { status: String },
    Error { code: String, message: &'static str, developer_message: String },
}

#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    Fetch(Request),
    Schedule {
        timer: Timer,
        ms: u32,
    },
    Cancel(Timer),
    /// Abort every request in flight (destroy).
    AbortAll,
    /// Render (or patch) these valid instructions (`next_action`).
    ShowInstructions(Json),
    /// The country selector: shown (EU transfers) with this country selected, or hidden.
    Countries {
        visible: bool,
        selected: Option<String>,
    },
    /// Select this country again (a choice that did not happen).
    SelectCountry(Option<String>),
    /// A confirmation is running (`aria-busy`).
    Busy(bool),
    /// The confirmation replaces the instructions.
    ShowSucceeded,
    /// The polite status sentence; empty clears it.
    Status(String),
    /// The alert, with a "Try again" button when `retry`.
    Alert {
        message: &'static str,
        retry: bool,
    },
    ClearAlert,
    Emit(Emitted),
    /// `mountCheckout` resolves.
    Mounted,
    /// `mountCheckout` rejects: a refusal at mount.
    Rejected(Failure),
    /// Empty the container (destroy).
    Clear,
    /// The email form: shown under the instructions, or hidden.
    EmailForm(bool),
    /// An email request is on its way (`aria-busy`).
    EmailBusy(bool),
    /// The sentence under the email field; `invalid` marks the field (`aria-invalid`).
    EmailMessage {
        text: String,
        invalid: bool,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// Asking the backend, then Stripe, for the first time (`attempt`: retries of the GET).
    Mounting {
        attempt: u32,
    },
    /// A failure at mount, shown with "Try again".
    MountFailed,
    Following,
    /// Following stopped on a refusal, shown with "Try again".
    Stopped,
    /// Rejected at mount, or destroyed: nothing more happens.
    Done,
}

pub struct Checkout {
    config: Config,
    intl: Box<dyn Intl>,
    /// A number in [0, 1) for jitter.
    random: Box<dyn FnMut() -> f64>,
    phase: Phase,
    client_secret: String,
    stripe_js: StripeJs,
    api_base: String,
    snapshot: Option<Snapshot>,
    currency: Option<Currency>,
    switch: CountrySwitch,
    email: EmailForm,
    poll_attempt: u32,
    /// The server's last `Retry-After`: the next poll waits at least this long.
    retry_after_ms: Option<u32>,
    /// A failure to reach the service was said; said once, until an answer comes.
    unreachable_said: bool,
    online: bool,
    visible: bool,
    poll_scheduled: bool,
    /// Requests in flight.
    pending: Vec<(u32, Call)>,
    next_id: u32,
    effects: Vec<Effect>,
}

impl Checkout {
    pub fn new(config: Config, intl: Box<dyn Intl>, random: Box<dyn FnMut() -> f64>) -> Checkout {
        Checkout {
            config,
            intl,
            random,
            phase: Phase::Mounting { attempt: 0 },
            client_secret: String::new(),
            stripe_js: StripeJs::default(),
            api_base: String::new(),
            snapshot: None,
            currency: None,
            switch: CountrySwitch::new(None),
            email: EmailForm::default(),
            poll_attempt: 0,
            retry_after_ms: None,
            unreachable_said: false,
            online: true,
            visible: true,
            poll_scheduled: false,
            pending: Vec::new(),
            next_id: 0,
            effects: Vec::new(),
        }
    }

    /// The PaymentIntent's status as last seen.
    pub fn status(&self) -> Option<&str> {
        self.snapshot.as_ref().map(|s| s.status.as_str())
    }

    /// The country of the IBAN shown (EU transfers).
    pub fn country(&self) -> Option<&str> {
        self.switch.shown()
    }

    /// Handles one event; returns what to do, in order.
    pub fn handle(&mut self, event: Event) -> Vec<Effect> {
        if self.phase != Phase::Done || event == Event::Start {
            self.on(event);
        }
        core::mem::take(&mut self.effects)
    }

    fn on(&mut self, event: Event) {
        match event {
            Event::Start => self.connect(),
            Event::Answer { id, result } => {
                let Some(at) = self.pending.iter().position(|(pending, _)| *pending == id) else { return };
                let (_, call) = self.pending.remove(at);
                match call {
                    Call::Backend => self.on_backend(result),
                    Call::Retrieve => self.on_retrieved(result),
                    Call::Confirm => self.on_confirmed(result),
                    Call::Email => self.on_emailed(result),
                }
            }
            Event::TimerFired(Timer::Retry) => {
                if matches!(self.phase, Phase::Mounting { .. }) {
                    self.retrieve();
                }
            }
            Event::TimerFired(Timer::Poll) => {
                self.poll_scheduled = false;
                self.poll();
            }
            Event::CountryChosen(country) => {
                if self.phase == Phase::Following || self.phase == Phase::Stopped {
                    if let Step::Confirm(country) = self.switch.choose(&country) {
                        self.confirm(country);
                    }
                }
            }
            Event::EmailSubmitted(text) => self.send_email(&text),
            Event::RetryPressed => match self.phase {
                Phase::MountFailed => {
                    self.effects.push(Effect::ClearAlert);
                    self.effects.push(Effect::Status(self.text(Msg::Loading).into()));
                    self.phase = Phase::Mounting { attempt: 0 };
                    self.connect();
                }
                Phase::Stopped => {
                    self.effects.push(Effect::ClearAlert);
                    self.phase = Phase::Following;
                    self.poll_attempt = 0;
                    self.poll();
                }
                _ => {}
            },
            Event::Online => {
                self.online = true;
                self.resume();
            }
            Event::Visible(visible) => {
                self.visible = visible;
                self.resume();
            }
            Event::Offline => {
                self.online = false;
                self.cancel_poll();
                if self.phase == Phase::Following && !self.unreachable_said {
                    self.unreachable_said = true;
                    let failure = Failure::new(FailureKind::Network, "the browser went offline");
                    let message = self.text(Msg::ErrorOffline);
                    self.effects.push(Effect::Alert { message, retry: false });
                    self.emit_error(&failure, message);
                }
            }
            Event::Destroy => {
                self.cancel_poll();
                self.effects.push(Effect::Cancel(Timer::Retry));
                self.effects.push(Effect::AbortAll);
                self.effects.push(Effect::Clear);
                self.pending.clear();
                self.phase = Phase::Done;
            }
        }
    }

    fn text(&self, msg: Msg) -> &'static str {
        self.config.lang.text(msg)
    }

    fn send(&mut self, call: Call, method: &'static str, url: String, body: Body, kind: FailureKind) {
        self.next_id = self.next_id.wrapping_add(1);
        let id = self.next_id;
        self.pending.push((id, call));
        let timeout_ms = self.config.timeout_ms;
        self.effects.push(Effect::Fetch(Request { id, call, method, url, body, kind, timeout_ms }));
    }

    fn in_flight(&self, call: Call) -> bool {
        self.pending.iter().any(|(_, c)| *c == call)
    }

    fn emit_error(&mut self, failure: &Failure, message: &'static str) {
        self.effects.push(Effect::Emit(Emitted::Error {
            code: failure.code().to_owned(),
            message,
            developer_message: failure.message.clone(),
        }));
    }

    /// The merchant's backend: a client secret for this order (a POST: asked once per attempt).
    fn connect(&mut self) {
        let body = ["{\"order\":", &json_string(&self.config.order), "}"].concat();
        let url = self.config.client_secret_url.clone();
        self.send(Call::Backend, "POST", url, Body::Json(body), FailureKind::Backend);
    }

    fn on_backend(&mut self, result: Result<Json, Failure>) {
        match result.and_then(read_backend_answer) {
            Ok((client_secret, stripe_js, api_base)) => {
                self.client_secret = client_secret;
                self.stripe_js = stripe_js;
                self.api_base = api_base;
                self.retrieve();
            }
            Err(failure) => self.mount_failed(failure),
        }
    }

    fn retrieve(&mut self) {
        let path = self.stripe_js.retrieve_path(&self.client_secret).unwrap_or_default();
        let url = [self.api_base.as_str(), &path].concat();
        self.send(Call::Retrieve, "GET", url, Body::None, FailureKind::Stripe);
    }

    fn on_retrieved(&mut self, result: Result<Json, Failure>) {
        match self.phase {
            Phase::Mounting { attempt } => match result {
                // A failure worth repeating is asked again, at once, a few times (GETs only).
                Err(failure) if failure.retryable() && attempt < GET_RETRIES => {
                    let pause = jittered(retry_delay_ms(attempt), (self.random)(), failure.retry_after_ms);
                    self.phase = Phase::Mounting { attempt: attempt + 1 };
                    self.effects.push(Effect::Schedule { timer: Timer::Retry, ms: pause });
                }
                Err(failure) => self.mount_failed(failure),
                Ok(intent) => match self.show(&intent, None) {
                    Ok(()) => self.mounted(),
                    Err(failure) => self.mount_failed(failure),
                },
            },
            Phase::Following => self.on_polled(result),
            _ => {}
        }
    }

    fn mounted(&mut self) {
        self.phase = Phase::Following;
        let status = self.status().unwrap_or_default().to_owned();
        self.effects.push(Effect::Emit(Emitted::Ready { status }));
        self.effects.push(Effect::Mounted);
        self.schedule_poll();
    }

    /// Said with "Try again" when worth repeating (the customer decides when); a refusal is
    /// final and rejects the mount.
    fn mount_failed(&mut self, failure: Failure) {
        let message = failure.customer_message(self.config.lang);
        self.effects.push(Effect::Alert { message, retry: failure.retryable() });
        self.effects.push(Effect::Status(String::new()));
        self.emit_error(&failure, message);
        if failure.retryable() {
            self.phase = Phase::MountFailed;
        } else {
            self.phase = Phase::Done;
            self.effects.push(Effect::Rejected(failure));
        }
    }

    /// Shows what `intent` holds; `announce` is the status sentence.
    fn show(&mut self, intent: &Json, announce: Option<String>) -> Result<(), Failure> {
        let bad = |what: &str| Failure::new(FailureKind::BadAnswer, what);
        let snapshot = Snapshot::of(intent).ok_or_else(|| bad("not a PaymentIntent"))?;
        self.currency = intent.get("currency").and_then(Json::as_str).and_then(Currency::parse);
        match snapshot.status.as_str() {
            "requires_action" => {
                let next_action = intent.get("next_action").ok_or_else(|| bad("no next_action"))?;
                crate::model::parse(next_action).map_err(|_| bad("unreadable instructions"))?;
                self.effects.push(Effect::ShowInstructions(next_action.clone()));
                let is_eu = snapshot.transfer_type.as_deref() == Some("eu_bank_transfer");
                // A newer intent is the truth, except while the customer's choice is on its way.
                if self.switch.shown().is_none() || !self.switch.busy() {
                    self.switch = CountrySwitch::new(snapshot.eu_country.clone());
                }
                self.effects.push(Effect::Countries { visible: is_eu, selected: snapshot.eu_country.clone() });
                self.show_email_form(true);
            }
            "succeeded" | "processing" => {
                self.effects.push(Effect::Countries { visible: false, selected: None });
                self.show_email_form(false);
                self.effects.push(Effect::ShowSucceeded);
            }
            "canceled" => {
                self.effects.push(Effect::Countries { visible: false, selected: None });
                self.show_email_form(false);
                self.effects.push(Effect::Alert { message: self.text(Msg::Canceled), retry: false });
            }
            _ => return Err(bad("the PaymentIntent does not await a bank transfer")),
        }
        self.effects.push(Effect::Status(announce.unwrap_or_default()));
        self.snapshot = Some(snapshot);
        Ok(())
    }

    /// The next look at the payment, unless there is nothing to follow or nobody to show it to.
    fn schedule_poll(&mut self) {
        let final_ = self.snapshot.as_ref().is_some_and(Snapshot::is_final);
        if self.phase != Phase::Following || self.poll_scheduled || final_ || !self.visible || !self.online {
            return;
        }
        // Jittered: checkouts that lost the same server together do not all come back at once.
        let retry_after = self.retry_after_ms.take();
        let ms = jittered(poll_delay_ms(self.poll_attempt), (self.random)(), retry_after);
        self.poll_scheduled = true;
        self.effects.push(Effect::Schedule { timer: Timer::Poll, ms });
    }

    fn cancel_poll(&mut self) {
        if self.poll_scheduled {
            self.poll_scheduled = false;
            self.effects.push(Effect::Cancel(Timer::Poll));
        }
    }

    fn poll(&mut self) {
        if self.phase != Phase::Following || self.in_flight(Call::Retrieve) {
            return;
        }
        // A confirmation in flight answers with the newest intent itself.
        if self.switch.busy() {
            return self.schedule_poll();
        }
        self.retrieve();
    }

    /// Back online, or the page shown again: look at once.
    fn resume(&mut self) {
        self.cancel_poll();
        if self.phase == Phase::Following && self.visible && self.online {
            self.poll_attempt = 0;
            self.poll();
        }
    }

    fn on_polled(&mut self, result: Result<Json, Failure>) {
        match result {
            Ok(intent) => {
                if self.unreachable_said {
                    self.unreachable_said = false;
                    self.effects.push(Effect::ClearAlert);
                }
                if !self.switch.busy() {
                    self.apply_newer(&intent);
                }
                self.schedule_poll();
            }
            // Offline, slow, or a server error: said once, following goes on with the same
            // backoff (and no sooner than a Retry-After). What is on screen stays.
            Err(failure) if failure.retryable() => {
                self.poll_attempt = self.poll_attempt.saturating_add(1);
                self.retry_after_ms = failure.retry_after_ms;
                if !self.unreachable_said {
                    self.unreachable_said = true;
                    let message = failure.customer_message(self.config.lang);
                    self.effects.push(Effect::Alert { message, retry: false });
                    self.emit_error(&failure, message);
                }
                self.schedule_poll();
            }
            // A refusal (the intent is gone, the key is wrong): following stops until the
            // customer asks again; the instructions stay.
            Err(failure) => {
                let message = failure.customer_message(self.config.lang);
                self.effects.push(Effect::Alert { message, retry: true });
                self.emit_error(&failure, message);
                self.phase = Phase::Stopped;
            }
        }
    }

    /// What a newer intent means for the customer: shown, announced, and told the page.
    fn apply_newer(&mut self, intent: &Json) {
        let Some(newer) = Snapshot::of(intent) else { return };
        let change = self.snapshot.as_ref().map_or(Change::Instructions, |old| old.change_to(&newer));
        if change == Change::Same {
            self.poll_attempt = self.poll_attempt.saturating_add(1);
            return;
        }
        let announce = match change {
            Change::PartiallyFunded => {
                let amount = self.money(newer.amount_remaining.unwrap_or(0));
                Some(self.config.lang.fill(Msg::StatusPartial, &[("amount", &amount)]))
            }
            Change::Succeeded => Some(self.text(Msg::StatusSucceeded).into()),
            Change::Canceled => Some(self.text(Msg::Canceled).into()),
            Change::Instructions | Change::Same => None,
        };
        let _ = self.show(intent, announce);
        let status = newer.status.clone();
        match change {
            Change::PartiallyFunded => {
                let amount_remaining = newer.amount_remaining;
                self.effects.push(Effect::Emit(Emitted::PartiallyFunded { status, amount_remaining }));
            }
            Change::Succeeded => self.effects.push(Effect::Emit(Emitted::Succeeded { status })),
            _ => {}
        }
        self.poll_attempt = 0;
    }

    fn money(&self, minor: u64) -> String {
        match self.currency {
            Some(currency) => self.intl.money(&Money { minor, currency }),
            None => String::new(),
        }
    }

    fn country_name(&self, code: &str) -> String {
        crate::view::country_name(self.config.lang, &*self.intl, code)
    }

    /// A simple request (form fields only), as Stripe.js confirms: never repeated on its own;
    /// choosing again is a new request.
    fn confirm(&mut self, country: String) {
        let name = self.country_name(&country);
        self.effects.push(Effect::Busy(true));
        self.effects.push(Effect::Status(self.config.lang.fill(Msg::CountryBusy, &[("country", &name)])));
        let path = super::confirm_path(&self.client_secret).unwrap_or_default();
        let url = [self.api_base.as_str(), &path].concat();
        let body = self.stripe_js.confirm_body(&self.client_secret, &country);
        self.send(Call::Confirm, "POST", url, Body::Form(body), FailureKind::Stripe);
    }

    fn on_confirmed(&mut self, result: Result<Json, Failure>) {
        match (self.switch.answered(result.is_ok()), result) {
            (Outcome::Apply(country), Ok(intent)) => {
                let name = self.country_name(&country);
                let announce = self.config.lang.fill(Msg::CountryChanged, &[("country", &name)]);
                let _ = self.show(&intent, Some(announce));
                self.effects.push(Effect::Busy(false));
                self.effects.push(Effect::ClearAlert);
                self.effects.push(Effect::Emit(Emitted::CountryChanged { country }));
            }
            (Outcome::Stale(Step::Confirm(next)), _) => self.confirm(next),
            (Outcome::Stale(Step::Idle), _) => {
                self.effects.push(Effect::Busy(false));
                self.effects.push(Effect::SelectCountry(self.switch.shown().map(str::to_owned)));
            }
            (Outcome::Revert(shown), result) => {
                let failure = result.err().unwrap_or_else(|| Failure::new(FailureKind::BadAnswer, "unexpected answer"));
                let message = failure.customer_message(self.config.lang);
                self.effects.push(Effect::Busy(false));
                self.effects.push(Effect::SelectCountry(shown));
                self.effects.push(Effect::Alert { message, retry: false });
                self.emit_error(&failure, message);
            }
            (Outcome::Apply(_), Err(_)) => {}
        }
    }
}

impl Checkout {
    /// The email form goes with the instructions, where the merchant offers it.
    fn show_email_form(&mut self, visible: bool) {
        if self.config.email_url.is_some() {
            if let Some(visible) = self.email.show(visible) {
                self.effects.push(Effect::EmailForm(visible));
            }
        }
    }

    /// A POST to the merchant's backend, never repeated on its own: a second press while it
    /// is on its way is ignored, and pressing again later is a new request.
    fn send_email(&mut self, text: &str) {
        let Some(url) = self.config.email_url.clone() else { return };
        match self.email.submit(text) {
            Submit::Busy => {}
            Submit::Invalid => {
                let text = self.text(Msg::EmailInvalid).into();
                self.effects.push(Effect::EmailMessage { text, invalid: true });
            }
            Submit::Send(address) => {
                let body = [
                    "{\"order\":",
                    &json_string(&self.config.order),
                    ",\"email\":",
                    &json_string(&address),
                    ",\"locale\":",
                    &json_string(&self.config.locale),
                    "}",
                ]
                .concat();
                self.effects.push(Effect::EmailBusy(true));
                self.effects.push(Effect::EmailMessage { text: String::new(), invalid: false });
                self.send(Call::Email, "POST", url, Body::Json(body), FailureKind::Backend);
            }
        }
    }

    fn on_emailed(&mut self, result: Result<Json, Failure>) {
        let (reply, address) = self.email.answered(&result);
        self.effects.push(Effect::EmailBusy(false));
        let text = reply.message(self.config.lang, &address);
        self.effects.push(Effect::EmailMessage { text, invalid: reply == Reply::Invalid });
    }
}

/// The client secret, Stripe.js' parameters and the API's base from the backend's answer
/// `{clientSecret, publishableKey, stripeApiBase?, stripeAccount?}`.
fn read_backend_answer(answer: Json) -> Result<(String, StripeJs, String), Failure> {
    let text = |key: &str| answer.get(key).and_then(Json::as_str).map(String::from);
    let refuse = |why: &str| Err(Failure::new(FailureKind::Backend, why));
    let (Some(client_secret), Some(publishable_key)) = (text("clientSecret"), text("publishableKey")) else {
        return refuse("the backend answer lacks clientSecret or publishableKey");
    };
    if intent_id(&client_secret).is_none() {
        return refuse("the backend's clientSecret is not a PaymentIntent's");
    }
    // Connect: the account the intent lives on, sent with every request as Stripe.js does.
    let account = text("stripeAccount");
    if account.as_deref().is_some_and(|a| !a.starts_with("acct_")) {
        return refuse("the backend's stripeAccount is not an account id");
    }
    let base = text("stripeApiBase").unwrap_or_else(|| String::from("https://api.stripe.com"));
    Ok((client_secret, StripeJs { publishable_key, account }, String::from(base.trim_end_matches('/'))))
}

/// JSON string literal of `s` (the order id; our own JSON, so no serializer needed).
fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
