//! `mountCheckout`: the live checkout. Gets a client secret from the merchant's backend,
//! retrieves the PaymentIntent, shows its instructions, lets an EU customer pick the country of
//! their bank (re-confirming the intent), and follows the payment until it succeeds.
//! The rules are the core's (`flow`); this module performs them: requests, timers, DOM, events.

mod ui;

use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;

use bank_transfer_core::flow::{self, Change, CountryOutcome, CountrySwitch, Failure, FailureKind, Snapshot, Step};
use bank_transfer_core::model::{Currency, Money};
use bank_transfer_core::{CheckoutMsg as Msg, ErrorCode, Intl, Json, Locale};
use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

use crate::api::{self, Body, InFlight};
use crate::error::{coded_error, js_error};
use crate::instructions_view::{resolve_container, view_of, Mounted};
use crate::intl::{resolve_locale, BrowserIntl};
use ui::Ui;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
export interface CheckoutOptions {
  /** The merchant backend's endpoint, POSTed `{ order }`; answers `{ clientSecret, publishableKey, stripeApiBase? }`. */
  clientSecretUrl: string;
  /** The order to pay; the backend looks its amount up (the browser never sends one). */
  order: string;
  /** BCP 47 tag(s); default `navigator.languages`. */
  locale?: string | string[];
  /** EU countries offered for the bank's country (default BE, DE, FR, IE, NL; never ES). */
  countries?: string[];
  /** Level of the title heading, 1–6 (default 2). */
  headingLevel?: number;
  /** How long to wait for any one answer before saying the service is unreachable, in ms (default 15000, at least 1000). */
  timeoutMs?: number;
}
"#;

struct Options {
    client_secret_url: String,
    order: String,
    locales: Vec<String>,
    countries: Vec<String>,
    heading_level: u8,
    timeout_ms: u32,
}

/// Where the checkout is, shared by the handle, the listeners and the timer.
struct State {
    container: Element,
    ui: Ui,
    locale: Locale,
    heading_level: u8,
    client_secret: String,
    publishable_key: String,
    api_base: String,
    mounted: Option<Mounted>,
    snapshot: Option<Snapshot>,
    currency: Option<Currency>,
    switch: CountrySwitch,
    poll_attempt: u32,
    /// The server's last `Retry-After`: the next poll waits at least this long.
    retry_after_ms: Option<u32>,
    /// The last poll failed for lack of an answer; said once, cleared by the next answer.
    offline: bool,
    poll_timer: Option<i32>,
    /// `visibilitychange` on the document, `online` and `offline` on its window.
    listeners: Vec<(web_sys::EventTarget, &'static str, js_sys::Function)>,
    timeout_ms: u32,
    /// Makes each confirmation's Idempotency-Key unique to this checkout and this choice.
    confirm_nonce: String,
    confirm_count: u32,
    destroyed: bool,
}

type Shared = Rc<RefCell<State>>;

/// Borrows the state or returns `$otherwise`: a conflicting borrow (a merchant's event
/// listener calling back into us mid-update) must never become a panic, which would trap
/// the whole module.
macro_rules! read_state {
    ($state:expr) => {
        match $state.try_borrow() {
            Ok(s) => s,
            Err(_) => return,
        }
    };
    ($state:expr, $otherwise:expr) => {
        match $state.try_borrow() {
            Ok(s) => s,
            Err(_) => return $otherwise,
        }
    };
}

macro_rules! write_state {
    ($state:expr) => {
        match $state.try_borrow_mut() {
            Ok(s) => s,
            Err(_) => return,
        }
    };
    ($state:expr, $otherwise:expr) => {
        match $state.try_borrow_mut() {
            Ok(s) => s,
            Err(_) => return $otherwise,
        }
    };
}

/// The running checkout. `destroy()` stops its timers and requests and empties the container.
#[wasm_bindgen]
pub struct Checkout {
    state: Shared,
    in_flight: Rc<InFlight>,
}

#[wasm_bindgen]
impl Checkout {
    /// Stops polling and every request in flight, removes listeners and empties the container.
    pub fn destroy(&self) {
        let Ok(mut s) = self.state.try_borrow_mut() else { return };
        if s.destroyed {
            return;
        }
        s.destroyed = true;
        if let Some(id) = s.poll_timer.take() {
            api::clear_timeout(id);
        }
        for (target, kind, listener) in core::mem::take(&mut s.listeners) {
            let _ = target.remove_event_listener_with_callback(kind, &listener);
        }
        if let Some(m) = s.mounted.take() {
            m.remove();
        }
        s.container.set_text_content(None);
        drop(s);
        self.in_flight.abort_all();
    }

    /// The PaymentIntent's status as last seen (`requires_action`, `succeeded`…).
    #[wasm_bindgen(getter)]
    pub fn status(&self) -> Option<String> {
        self.state.try_borrow().ok()?.snapshot.as_ref().map(|s| s.status.clone())
    }

    /// The country of the IBAN shown (EU transfers).
    #[wasm_bindgen(getter)]
    pub fn country(&self) -> Option<String> {
        self.state.try_borrow().ok()?.switch.shown().map(String::from)
    }
}

/// Mounts the live checkout in `container`. Resolves once the instructions are shown. A
/// failure worth repeating (no answer, a server error) is shown with a "Try again" button and
/// the promise waits for it; any other failure rejects with a `BankTransferError` (and shows
/// the customer why).
#[wasm_bindgen(js_name = mountCheckout)]
pub async fn mount_checkout(
    #[wasm_bindgen(unchecked_param_type = "Element | string")] container: JsValue,
    #[wasm_bindgen(unchecked_param_type = "CheckoutOptions")] options: JsValue,
) -> Result<Checkout, JsValue> {
    let container = resolve_container(&container)?;
    let options = read_options(&options)?;
    let locale = resolve_locale(&options.locales);
    let countries = flow::eu_countries(&options.countries);
    let ui = Ui::build(&container, &locale, &countries)?;
    let in_flight = Rc::new(InFlight::default());
    let state = Rc::new(RefCell::new(State {
        container: container.clone(),
        ui,
        locale,
        heading_level: options.heading_level,
        client_secret: String::new(),
        publishable_key: String::new(),
        api_base: String::new(),
        mounted: None,
        snapshot: None,
        currency: None,
        switch: CountrySwitch::new(None),
        poll_attempt: 0,
        retry_after_ms: None,
        offline: false,
        poll_timer: None,
        listeners: Vec::new(),
        timeout_ms: options.timeout_ms,
        confirm_nonce: nonce(),
        confirm_count: 0,
        destroyed: false,
    }));
    let busy = || coded_error("busy", "the checkout was re-entered while mounting");
    loop {
        let failure = match connect(&state, &options, &in_flight).await {
            Ok(()) => match retrieve_retrying(&state, &in_flight).await {
                Ok(intent) => match show(&state, &intent, None) {
                    Ok(()) => break,
                    Err(failure) => failure,
                },
                Err(failure) => failure,
            },
            Err(failure) => failure,
        };
        let (retry, lang) = {
            let s = read_state!(state, Err(busy()));
            let message = failure.customer_message(s.locale.lang);
            s.ui.alert(message);
            s.ui.status("");
            dispatch(&container, "banktransfer:error", &error_detail(&failure, message));
            (failure.retryable().then(|| s.ui.retry(s.locale.lang)), s.locale.lang)
        };
        // The customer decides when to ask again; a refusal is final.
        let Some(Ok(pressed)) = retry else { return Err(coded_error(failure.code(), &failure.message)) };
        let _ = js_sys::futures::JsFuture::from(pressed).await;
        read_state!(state, Err(busy())).ui.status(lang.text(Msg::Loading));
    }
    ui::on_country_change(&read_state!(state, Err(busy())).ui, {
        let (state, in_flight) = (state.clone(), in_flight.clone());
        move |country| choose_country(&state, &in_flight, country)
    })?;
    watch_page(&state, &in_flight);
    let detail = Object::new();
    if let Some(s) = &read_state!(state, Err(busy())).snapshot {
        let _ = Reflect::set(&detail, &"status".into(), &s.status.as_str().into());
    }
    dispatch(&container, "banktransfer:ready", &detail);
    schedule_poll(&state, &in_flight);
    Ok(Checkout { state, in_flight })
}

/// The merchant's backend: a client secret for this order (a POST: asked once per attempt).
async fn connect(state: &Shared, options: &Options, in_flight: &InFlight) -> Result<(), Failure> {
    let timeout_ms = read_state!(state, Err(Failure::new(FailureKind::BadAnswer, "busy"))).timeout_ms;
    let body = ["{\"order\":", &json_string(&options.order), "}"].concat();
    let how = api::Send { kind: FailureKind::Backend, timeout_ms, idempotency_key: None };
    let answer = api::request("POST", &options.client_secret_url, Body::Json(&body), in_flight, how).await?;
    let text = |key: &str| answer.get(key).and_then(Json::as_str).map(String::from);
    let (Some(client_secret), Some(publishable_key)) = (text("clientSecret"), text("publishableKey")) else {
        return Err(Failure::new(FailureKind::Backend, "the backend answer lacks clientSecret or publishableKey"));
    };
    if flow::intent_id(&client_secret).is_none() {
        return Err(Failure::new(FailureKind::Backend, "the backend's clientSecret is not a PaymentIntent's"));
    }
    let api_base =
        text("stripeApiBase").unwrap_or_else(|| String::from("https://api.stripe.com")).trim_end_matches('/').into();
    let mut s = write_state!(state, Err(Failure::new(FailureKind::BadAnswer, "busy")));
    s.client_secret = client_secret;
    s.publishable_key = publishable_key;
    s.api_base = api_base;
    Ok(())
}

/// A random token (base 36), so that two checkouts' Idempotency-Keys never meet.
fn nonce() -> String {
    let mut n = (api::random() * 4_294_967_296.0) as u64 ^ ((api::random() * 4_294_967_296.0) as u64) << 32;
    let mut out = String::new();
    while n > 0 {
        let digit = (n % 36) as u8;
        out.push(char::from(if digit < 10 { b'0' + digit } else { b'a' + digit - 10 }));
        n /= 36;
    }
    out
}

fn read_options(value: &JsValue) -> Result<Options, JsValue> {
    let invalid = |m: &str| js_error(ErrorCode::InvalidOptions, m);
    if !value.is_object() {
        return Err(invalid("mountCheckout needs options { clientSecretUrl, order }"));
    }
    let get = |key: &str| Reflect::get(value, &key.into()).unwrap_or(JsValue::UNDEFINED);
    let client_secret_url = get("clientSecretUrl").as_string().filter(|s| !s.is_empty());
    let order = get("order").as_string().filter(|s| !s.is_empty());
    let (Some(client_secret_url), Some(order)) = (client_secret_url, order) else {
        return Err(invalid("options.clientSecretUrl and options.order must be non-empty strings"));
    };
    let common = crate::input::options(value)?;
    let mut countries = Vec::new();
    let list = get("countries");
    if let Some(array) = list.dyn_ref::<js_sys::Array>() {
        for item in array.iter() {
            countries.push(item.as_string().ok_or_else(|| invalid("options.countries must hold strings"))?);
        }
    } else if !list.is_undefined() && !list.is_null() {
        return Err(invalid("options.countries must be an array of country codes"));
    }
    let timeout = get("timeoutMs");
    let timeout_ms = match timeout.as_f64() {
        None if timeout.is_undefined() || timeout.is_null() => api::TIMEOUT_MS,
        Some(ms) if (1_000.0..=600_000.0).contains(&ms) => ms as u32,
        _ => return Err(invalid("options.timeoutMs must be a number of milliseconds from 1000 to 600000")),
    };
    Ok(Options {
        client_secret_url,
        order,
        locales: common.locales,
        countries,
        heading_level: common.heading_level,
        timeout_ms,
    })
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

async fn retrieve(state: &Shared, in_flight: &InFlight) -> Result<Json, Failure> {
    let (url, timeout_ms) = {
        let s = read_state!(state, Err(Failure::new(FailureKind::BadAnswer, "busy")));
        let path = flow::retrieve_path(&s.client_secret).unwrap_or_default();
        ([s.api_base.as_str(), &path, "&key=", &s.publishable_key].concat(), s.timeout_ms)
    };
    let how = api::Send { kind: FailureKind::Stripe, timeout_ms, idempotency_key: None };
    api::request("GET", &url, Body::None, in_flight, how).await
}

/// `retrieve`, asked again after a failure worth repeating (up to `flow::GET_RETRIES` times,
/// with growing, jittered pauses, never sooner than a `Retry-After`).
async fn retrieve_retrying(state: &Shared, in_flight: &InFlight) -> Result<Json, Failure> {
    let mut attempt = 0;
    loop {
        match retrieve(state, in_flight).await {
            Err(failure) if failure.retryable() && attempt < flow::GET_RETRIES => {
                let pause = flow::jittered(flow::retry_delay_ms(attempt), api::random(), failure.retry_after_ms);
                api::sleep(pause).await;
                if read_state!(state, Err(failure)).destroyed {
                    return Err(failure);
                }
                attempt += 1;
            }
            answer => return answer,
        }
    }
}

/// Shows what `intent` holds, and says what changed. `announce` is the status sentence.
fn show(state: &Shared, intent: &Json, announce: Option<String>) -> Result<(), Failure> {
    let snapshot = Snapshot::of(intent).ok_or_else(|| Failure::new(FailureKind::BadAnswer, "not a PaymentIntent"))?;
    let mut s = write_state!(state, Err(Failure::new(FailureKind::BadAnswer, "busy")));
    let s = &mut *s;
    s.currency = intent.get("currency").and_then(Json::as_str).and_then(Currency::parse);
    match snapshot.status.as_str() {
        "requires_action" => {
            let next_action =
                intent.get("next_action").ok_or_else(|| Failure::new(FailureKind::BadAnswer, "no next_action"))?;
            let view = view_of(next_action, &s.locale)
                .map_err(|_| Failure::new(FailureKind::BadAnswer, "unreadable instructions"))?;
            match &s.mounted {
                Some(m) => m.show(&view).map_err(|_| Failure::new(FailureKind::BadAnswer, "render failed"))?,
                None => {
                    let slot = s.ui.instructions.clone();
                    s.mounted = Some(
                        Mounted::new(&slot, &view, s.locale.clone(), s.heading_level)
                            .map_err(|_| Failure::new(FailureKind::BadAnswer, "render failed"))?,
                    );
                }
            }
            let is_eu = snapshot.transfer_type.as_deref() == Some("eu_bank_transfer");
            if s.switch.shown().is_none() || !s.switch.busy() {
                s.switch = CountrySwitch::new(snapshot.eu_country.clone());
            }
            s.ui.show_countries(is_eu, snapshot.eu_country.as_deref());
        }
        "succeeded" | "processing" => {
            if let Some(m) = s.mounted.take() {
                m.remove();
            }
            s.ui.show_countries(false, None);
            s.ui.succeeded(s.locale.lang);
        }
        "canceled" => {
            s.ui.show_countries(false, None);
            s.ui.alert(s.locale.lang.text(Msg::Canceled));
        }
        _ => return Err(Failure::new(FailureKind::BadAnswer, "the PaymentIntent does not await a bank transfer")),
    }
    s.ui.status(announce.as_deref().unwrap_or(""));
    s.snapshot = Some(snapshot);
    Ok(())
}

fn money_text(s: &State, minor: u64) -> String {
    let intl = BrowserIntl { tag: s.locale.tag.clone() };
    match s.currency {
        Some(currency) => intl.money(&Money { minor, currency }),
        None => String::new(),
    }
}

fn schedule_poll(state: &Shared, in_flight: &Rc<InFlight>) {
    let Ok(mut s) = state.try_borrow_mut() else { return };
    if s.destroyed
        || s.poll_timer.is_some()
        || s.snapshot.as_ref().is_some_and(Snapshot::is_final)
        || page_hidden(&s)
        || !online()
        || !s.container.is_connected()
    {
        return;
    }
    // Jittered: checkouts that lost the same server together do not all come back at once.
    let retry_after = s.retry_after_ms.take();
    let delay = flow::jittered(flow::poll_delay_ms(s.poll_attempt), api::random(), retry_after) as i32;
    let tick = {
        let (state, in_flight) = (state.clone(), in_flight.clone());
        Closure::<dyn FnMut()>::new(move || {
            if let Ok(mut s) = state.try_borrow_mut() {
                s.poll_timer = None;
            }
            let (state, in_flight) = (state.clone(), in_flight.clone());
            js_sys::futures::spawn_local(async move { poll(&state, &in_flight).await });
        })
        .into_js_value()
    };
    s.poll_timer = Some(api::set_timeout(tick.unchecked_ref(), delay));
}

async fn poll(state: &Shared, in_flight: &Rc<InFlight>) {
    let (destroyed, busy) = {
        let s = read_state!(state);
        (s.destroyed, s.switch.busy())
    };
    if destroyed {
        return;
    }
    // A confirmation in flight answers with the newest intent itself.
    if busy {
        return schedule_poll(state, in_flight);
    }
    match retrieve(state, in_flight).await {
        Ok(intent) => {
            let (destroyed, busy) = {
                let mut s = write_state!(state);
                if s.offline {
                    s.offline = false;
                    s.ui.clear_alert();
                }
                (s.destroyed, s.switch.busy())
            };
            if destroyed || busy {
                return schedule_poll(state, in_flight);
            }
            let Some(newer) = Snapshot::of(&intent) else { return schedule_poll(state, in_flight) };
            let (change, container, lang) = {
                let s = read_state!(state);
                let change = s.snapshot.as_ref().map_or(Change::Instructions, |old| old.change_to(&newer));
                (change, s.container.clone(), s.locale.lang)
            };
            let announce = match change {
                Change::Same => None,
                Change::PartiallyFunded => {
                    let s = read_state!(state);
                    let amount = money_text(&s, newer.amount_remaining.unwrap_or(0));
                    Some(lang.fill(Msg::StatusPartial, &[("amount", &amount)]))
                }
                Change::Succeeded => Some(String::from(lang.text(Msg::StatusSucceeded))),
                Change::Canceled => Some(String::from(lang.text(Msg::Canceled))),
                Change::Instructions => None,
            };
            if change != Change::Same {
                let _ = show(state, &intent, announce);
                let detail = Object::new();
                let _ = Reflect::set(&detail, &"status".into(), &newer.status.as_str().into());
                if let Some(remaining) = newer.amount_remaining {
                    let _ = Reflect::set(&detail, &"amountRemaining".into(), &(remaining as f64).into());
                }
                match change {
                    Change::PartiallyFunded => dispatch(&container, "banktransfer:partially-funded", &detail),
                    Change::Succeeded => dispatch(&container, "banktransfer:succeeded", &detail),
                    _ => {}
                }
                if let Ok(mut s) = state.try_borrow_mut() {
                    s.poll_attempt = 0;
                }
            } else if let Ok(mut s) = state.try_borrow_mut() {
                s.poll_attempt = s.poll_attempt.saturating_add(1);
            }
        }
        // Offline, slow, or a server error: say so once, keep following with the same backoff
        // (and no sooner than a Retry-After). What is on screen stays.
        Err(failure) if failure.retryable() => {
            let first = {
                let mut s = write_state!(state);
                s.poll_attempt = s.poll_attempt.saturating_add(1);
                s.retry_after_ms = failure.retry_after_ms;
                let first = !s.offline;
                s.offline = true;
                if first {
                    s.ui.alert(failure.customer_message(s.locale.lang));
                }
                first.then(|| (s.container.clone(), failure.customer_message(s.locale.lang)))
            };
            if let Some((container, message)) = first {
                dispatch(&container, "banktransfer:error", &error_detail(&failure, message));
            }
        }
        // A refusal (the intent is gone, the key is wrong): following stops, the customer can
        // ask again; the instructions stay.
        Err(failure) => {
            let (container, message, pressed) = {
                let s = read_state!(state);
                let message = failure.customer_message(s.locale.lang);
                s.ui.alert(message);
                (s.container.clone(), message, s.ui.retry(s.locale.lang).ok())
            };
            dispatch(&container, "banktransfer:error", &error_detail(&failure, message));
            if let Some(pressed) = pressed {
                let _ = js_sys::futures::JsFuture::from(pressed).await;
                if let Ok(mut s) = state.try_borrow_mut() {
                    s.poll_attempt = 0;
                }
                let (state, in_flight) = (state.clone(), in_flight.clone());
                js_sys::futures::spawn_local(async move { poll(&state, &in_flight).await });
            }
            return;
        }
    }
    schedule_poll(state, in_flight);
}

fn choose_country(state: &Shared, in_flight: &Rc<InFlight>, country: String) {
    let step = match state.try_borrow_mut() {
        Ok(mut s) if !s.destroyed => s.switch.choose(&country),
        _ => return,
    };
    if let Step::Confirm(country) = step {
        let (state, in_flight) = (state.clone(), in_flight.clone());
        js_sys::futures::spawn_local(async move { confirm(&state, &in_flight, country).await });
    }
}

async fn confirm(state: &Shared, in_flight: &Rc<InFlight>, mut country: String) {
    loop {
        let (url, body, key, timeout_ms) = {
            let mut s = write_state!(state);
            let intl = BrowserIntl { tag: s.locale.tag.clone() };
            let name = intl.region(&country).unwrap_or_else(|| country.clone());
            s.ui.busy(true, &s.locale.lang.fill(Msg::CountryBusy, &[("country", &name)]));
            let path = flow::confirm_path(&s.client_secret).unwrap_or_default();
            let mut params = flow::confirm_params(&s.client_secret, &country);
            params.push(("key", s.publishable_key.clone()));
            let pairs: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
            // One key per choice: a transport retry of this request is answered once by Stripe;
            // choosing the same country again later is a new choice, with a new key.
            s.confirm_count = s.confirm_count.wrapping_add(1);
            let intent = flow::intent_id(&s.client_secret).unwrap_or_default();
            let key =
                ["btc-confirm-", intent, "-", &country, "-", &s.confirm_nonce, "-", &ui::decimal(s.confirm_count)]
                    .concat();
            ([s.api_base.as_str(), &path].concat(), flow::form_encode(&pairs), key, s.timeout_ms)
        };
        let how = api::Send { kind: FailureKind::Stripe, timeout_ms, idempotency_key: Some(&key) };
        let answer = api::request("POST", &url, Body::Form(&body), in_flight, how).await;
        let outcome = {
            let mut s = write_state!(state);
            if s.destroyed {
                return;
            }
            s.switch.answered(answer.is_ok())
        };
        match (outcome, answer) {
            (CountryOutcome::Apply(applied), Ok(intent)) => {
                let (container, name, lang) = {
                    let s = read_state!(state);
                    let intl = BrowserIntl { tag: s.locale.tag.clone() };
                    (s.container.clone(), intl.region(&applied).unwrap_or_else(|| applied.clone()), s.locale.lang)
                };
                let announce = lang.fill(Msg::CountryChanged, &[("country", &name)]);
                let _ = show(state, &intent, Some(announce));
                {
                    let s = read_state!(state);
                    s.ui.busy(false, "");
                    s.ui.clear_alert();
                }
                let detail = Object::new();
                let _ = Reflect::set(&detail, &"country".into(), &applied.as_str().into());
                dispatch(&container, "banktransfer:country-changed", &detail);
                return;
            }
            (CountryOutcome::Stale(Step::Confirm(next)), _) => country = next,
            (CountryOutcome::Stale(Step::Idle), _) => {
                let s = read_state!(state);
                s.ui.busy(false, "");
                s.ui.select_country(s.switch.shown());
                return;
            }
            (CountryOutcome::Revert(shown), answer) => {
                let failure = answer.err().unwrap_or_else(|| Failure::new(FailureKind::BadAnswer, "unexpected answer"));
                let (container, message) = {
                    let s = read_state!(state);
                    let message = failure.customer_message(s.locale.lang);
                    s.ui.busy(false, "");
                    s.ui.select_country(shown.as_deref());
                    s.ui.alert(message);
                    (s.container.clone(), message)
                };
                dispatch(&container, "banktransfer:error", &error_detail(&failure, message));
                return;
            }
            (CountryOutcome::Apply(_), Err(_)) => return,
        }
    }
}

fn page_hidden(s: &State) -> bool {
    s.container.owner_document().is_some_and(|d| d.hidden())
}

fn online() -> bool {
    let navigator = Reflect::get(&js_sys::global(), &"navigator".into()).unwrap_or(JsValue::UNDEFINED);
    Reflect::get(&navigator, &"onLine".into()).ok().and_then(|v| v.as_bool()).unwrap_or(true)
}

/// Pauses polling while the tab is hidden or the device offline; polls at once when the page
/// is shown again or the connection comes back. Going offline is said at once.
fn watch_page(state: &Shared, in_flight: &Rc<InFlight>) {
    let Some(doc) = read_state!(state).container.owner_document() else { return };
    // globalThis is the window (as in dom::global), without web-sys' Window bindings.
    let window: Option<web_sys::EventTarget> = js_sys::global().dyn_into().ok();
    let resume: js_sys::Function = {
        let (state, in_flight) = (state.clone(), in_flight.clone());
        Closure::<dyn FnMut()>::new(move || {
            let active = match state.try_borrow_mut() {
                Ok(mut s) => {
                    if let Some(id) = s.poll_timer.take() {
                        api::clear_timeout(id);
                    }
                    let active = !page_hidden(&s) && online() && !s.destroyed;
                    if active {
                        s.poll_attempt = 0;
                    }
                    active
                }
                Err(_) => return,
            };
            if active {
                let (state, in_flight) = (state.clone(), in_flight.clone());
                js_sys::futures::spawn_local(async move { poll(&state, &in_flight).await });
            }
        })
        .into_js_value()
        .unchecked_into()
    };
    let offline: js_sys::Function = {
        let state = state.clone();
        Closure::<dyn FnMut()>::new(move || {
            let said = {
                let Ok(mut s) = state.try_borrow_mut() else { return };
                if let Some(id) = s.poll_timer.take() {
                    api::clear_timeout(id);
                }
                let first = !s.offline && !s.destroyed;
                s.offline = true;
                let message = s.locale.lang.text(Msg::ErrorOffline);
                if first {
                    s.ui.alert(message);
                }
                first.then(|| (s.container.clone(), message))
            };
            if let Some((container, message)) = said {
                let failure = Failure::new(FailureKind::Network, "the browser went offline");
                dispatch(&container, "banktransfer:error", &error_detail(&failure, message));
            }
        })
        .into_js_value()
        .unchecked_into()
    };
    let mut listeners: Vec<(web_sys::EventTarget, &'static str, js_sys::Function)> =
        alloc::vec![(doc.into(), "visibilitychange", resume.clone())];
    if let Some(window) = window {
        listeners.push((window.clone(), "online", resume));
        listeners.push((window, "offline", offline));
    }
    for (target, kind, listener) in &listeners {
        let _ = target.add_event_listener_with_callback(kind, listener);
    }
    if let Ok(mut s) = state.try_borrow_mut() {
        s.listeners = listeners;
    }
}

fn error_detail(failure: &Failure, message: &str) -> Object {
    let detail = Object::new();
    let _ = Reflect::set(&detail, &"code".into(), &failure.code().into());
    let _ = Reflect::set(&detail, &"message".into(), &message.into());
    let _ = Reflect::set(&detail, &"developerMessage".into(), &failure.message.as_str().into());
    detail
}

/// `new CustomEvent(type, { detail, bubbles: true })` on the container.
fn dispatch(container: &Element, kind: &str, detail: &Object) {
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_detail(detail);
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(kind, &init) {
        let _ = container.dispatch_event(&event);
    }
}
