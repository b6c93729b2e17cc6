//! `mountCheckout`: the live checkout. Every rule is the core's state machine
//! (`bank_transfer_core::flow::checkout`); this module only performs its effects — requests
//! (`http`), timers and listeners (gloo handles, cleared when dropped), the DOM (`ui`), and the
//! `banktransfer:*` events on the page — and feeds it what happens.

mod email;
mod http;
mod options;
mod ui;

use alloc::boxed::Box;
use alloc::rc::{Rc, Weak};
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::{Cell, RefCell};

use bank_transfer_core::flow::checkout::{self as machine, Effect, Emitted, Event, Timer};
use bank_transfer_core::{flow, Locale};
use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

use crate::error::coded_error;
use crate::instructions_view::{resolve_container, view_of, Mounted};
use crate::intl::{resolve_locale, BrowserIntl};
use http::InFlight;
use ui::Ui;

/// Performs one checkout's effects.
struct Driver {
    machine: RefCell<machine::Checkout>,
    container: Element,
    ui: Ui,
    locale: Locale,
    heading_level: u8,
    mounted: RefCell<Option<Mounted>>,
    retry_timer: RefCell<Option<Timeout>>,
    poll_timer: RefCell<Option<Timeout>>,
    /// The page's visibility, the window's online/offline, the selector's changes.
    listeners: RefCell<Vec<EventListener>>,
    in_flight: InFlight,
    /// The `mountCheckout` promise's resolve and reject, until it settles.
    settle: RefCell<Option<(js_sys::Function, js_sys::Function)>>,
    destroyed: Cell<bool>,
}

impl Driver {
    /// Feeds an event and performs what the machine answers, in order. A borrow conflict (a
    /// merchant's listener calling back into us mid-update) is never a panic: the event waits
    /// for nothing and is dropped, as the old glue did.
    fn feed(self: &Rc<Self>, event: Event) {
        let effects = match self.machine.try_borrow_mut() {
            Ok(mut machine) => machine.handle(event),
            Err(_) => return,
        };
        for effect in effects {
            // A listener of an event we dispatched may have destroyed the checkout.
            if self.destroyed.get() {
                return;
            }
            self.perform(effect);
        }
    }

    fn perform(self: &Rc<Self>, effect: Effect) {
        let lang = self.locale.lang;
        match effect {
            Effect::Fetch(request) => {
                let driver = Rc::downgrade(self);
                js_sys::futures::spawn_local(async move {
                    let Some(d) = driver.upgrade() else { return };
                    let result = http::send(&request, &d.in_flight).await;
                    d.feed(Event::Answer { id: request.id, result });
                });
            }
            Effect::Schedule { timer, ms } => {
                let driver = Rc::downgrade(self);
                let timeout = Timeout::new(ms, move || {
                    if let Some(d) = driver.upgrade() {
                        d.feed(Event::TimerFired(timer));
                    }
                });
                *self.timer(timer).borrow_mut() = Some(timeout);
            }
            Effect::Cancel(timer) => drop(self.timer(timer).borrow_mut().take()),
            Effect::AbortAll => self.in_flight.abort_all(),
            Effect::ShowInstructions(next_action) => {
                let Ok(view) = view_of(&next_action, &self.locale) else { return };
                let mut mounted = self.mounted.borrow_mut();
                match &*mounted {
                    Some(m) => drop(m.show(&view)),
                    None => {
                        *mounted =
                            Mounted::new(&self.ui.instructions, &view, self.locale.clone(), self.heading_level).ok()
                    }
                }
            }
            Effect::Countries { visible, selected } => self.ui.show_countries(visible, selected.as_deref()),
            Effect::SelectCountry(country) => self.ui.select_country(country.as_deref()),
            Effect::Busy(on) => self.ui.busy(on),
            Effect::ShowSucceeded => {
                if let Some(m) = self.mounted.borrow_mut().take() {
                    m.remove();
                }
                self.ui.succeeded(lang);
            }
            Effect::Status(text) => self.ui.status(&text),
            Effect::Alert { message, retry } => {
                self.ui.alert(message);
                if retry {
                    let driver = Rc::downgrade(self);
                    self.ui.retry_button(lang, move || {
                        if let Some(d) = driver.upgrade() {
                            d.feed(Event::RetryPressed);
                        }
                    });
                }
            }
            Effect::ClearAlert => self.ui.clear_alert(),
            Effect::Emit(emitted) => self.emit(emitted),
            Effect::Mounted => {
                if let Some((resolve, _)) = self.settle.borrow_mut().take() {
                    let _ = resolve.call0(&JsValue::UNDEFINED);
                }
            }
            Effect::Rejected(failure) => {
                if let Some((_, reject)) = self.settle.borrow_mut().take() {
                    let _ = reject.call1(&JsValue::UNDEFINED, &coded_error(failure.code(), &failure.message));
                }
            }
            Effect::EmailForm(visible) => self.email(|e| e.show(visible)),
            Effect::EmailBusy(on) => self.email(|e| e.busy(on)),
            Effect::EmailMessage { text, invalid } => self.email(|e| e.message(&text, invalid)),
            Effect::Clear => {
                self.destroyed.set(true);
                if let Some(m) = self.mounted.borrow_mut().take() {
                    m.remove();
                }
                self.listeners.borrow_mut().clear();
                self.container.set_text_content(None);
            }
        }
    }

    fn email(&self, act: impl FnOnce(&email::EmailUi)) {
        if let Some(email) = &self.ui.email {
            act(email);
        }
    }

    fn timer(&self, timer: Timer) -> &RefCell<Option<Timeout>> {
        match timer {
            Timer::Retry => &self.retry_timer,
            Timer::Poll => &self.poll_timer,
        }
    }

    /// `new CustomEvent("banktransfer:…", { detail, bubbles: true })` on the container.
    fn emit(&self, emitted: Emitted) {
        let detail = Object::new();
        let set = |key: &str, value: JsValue| drop(Reflect::set(&detail, &key.into(), &value));
        let kind = match emitted {
            Emitted::Ready { status } => {
                set("status", status.into());
                "banktransfer:ready"
            }
            Emitted::CountryChanged { country } => {
                set("country", country.into());
                "banktransfer:country-changed"
            }
            Emitted::PartiallyFunded { status, amount_remaining } => {
                set("status", status.into());
                if let Some(remaining) = amount_remaining {
                    set("amountRemaining", (remaining as f64).into());
                }
                "banktransfer:partially-funded"
            }
            Emitted::Succeeded { status } => {
                set("status", status.into());
                "banktransfer:succeeded"
            }
            Emitted::Error { code, message, developer_message } => {
                set("code", code.into());
                set("message", message.into());
                set("developerMessage", developer_message.into());
                "banktransfer:error"
            }
        };
        let init = web_sys::CustomEventInit::new();
        init.set_bubbles(true);
        init.set_detail(&detail);
        if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(kind, &init) {
            let _ = self.container.dispatch_event(&event);
        }
    }

    /// Pauses polling while the tab is hidden or the device offline; the machine decides what
    /// follows. The selector's choices go to the machine too.
    fn listen(self: &Rc<Self>) {
        let feed = |event: fn(&web_sys::Event) -> Event| {
            let driver: Weak<Driver> = Rc::downgrade(self);
            move |e: &web_sys::Event| {
                if let Some(d) = driver.upgrade() {
                    d.feed(event(e));
                }
            }
        };
        let mut listeners = Vec::new();
        if let Some(doc) = self.container.owner_document() {
            let visible = |e: &web_sys::Event| {
                let hidden =
                    e.target().and_then(|t| t.dyn_into::<web_sys::Document>().ok()).is_some_and(|d| d.hidden());
                Event::Visible(!hidden)
            };
            listeners.push(EventListener::new(&doc, "visibilitychange", feed(visible)));
        }
        // globalThis is the window (as in dom::global), without web-sys' Window bindings.
        if let Ok(window) = js_sys::global().dyn_into::<web_sys::EventTarget>() {
            listeners.push(EventListener::new(&window, "online", feed(|_| Event::Online)));
            listeners.push(EventListener::new(&window, "offline", feed(|_| Event::Offline)));
        }
        let driver = Rc::downgrade(self);
        listeners.push(self.ui.on_country_change(move |country| {
            if let Some(d) = driver.upgrade() {
                d.feed(Event::CountryChosen(country));
            }
        }));
        if let Some(email) = &self.ui.email {
            let driver = Rc::downgrade(self);
            listeners.push(email.on_submit(move |text| {
                if let Some(d) = driver.upgrade() {
                    d.feed(Event::EmailSubmitted(text));
                }
            }));
        }
        *self.listeners.borrow_mut() = listeners;
    }
}

/// The running checkout. `destroy()` stops its timers and requests and empties the container.
#[wasm_bindgen]
pub struct Checkout {
    driver: Rc<Driver>,
}

#[wasm_bindgen]
impl Checkout {
    /// Stops polling and every request in flight, removes listeners and empties the container.
    pub fn destroy(&self) {
        self.driver.feed(Event::Destroy);
    }

    /// The PaymentIntent's status as last seen (`requires_action`, `succeeded`…).
    #[wasm_bindgen(getter)]
    pub fn status(&self) -> Option<String> {
        self.driver.machine.try_borrow().ok()?.status().map(String::from)
    }

    /// The country of the IBAN shown (EU transfers).
    #[wasm_bindgen(getter)]
    pub fn country(&self) -> Option<String> {
        self.driver.machine.try_borrow().ok()?.country().map(String::from)
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
    let options = options::read(&options)?;
    let mut locale = resolve_locale(&options.locales);
    // The language's texts first (one request, unless compiled in or already here); if they
    // cannot be had, the checkout runs in English.
    let texts = crate::languages::ensure(locale.lang).unchecked_into::<js_sys::Promise>();
    if js_sys::futures::JsFuture::from(texts).await.is_err() {
        locale.lang = bank_transfer_core::Lang::En;
    }
    let countries = flow::eu_countries(&options.countries);
    let ui = Ui::build(&container, &locale, &countries, options.email_url.is_some())?;
    let config = machine::Config {
        client_secret_url: options.client_secret_url,
        order: options.order,
        lang: locale.lang,
        timeout_ms: options.timeout_ms,
        email_url: options.email_url,
        locale: locale.tag.clone(),
    };
    let intl = Box::new(BrowserIntl { tag: locale.tag.clone() });
    let driver = Rc::new(Driver {
        machine: RefCell::new(machine::Checkout::new(config, intl, Box::new(js_sys::Math::random))),
        container,
        ui,
        locale,
        heading_level: options.heading_level,
        mounted: RefCell::new(None),
        retry_timer: RefCell::new(None),
        poll_timer: RefCell::new(None),
        listeners: RefCell::new(Vec::new()),
        in_flight: InFlight::default(),
        settle: RefCell::new(None),
        destroyed: Cell::new(false),
    });
    let settled = js_sys::Promise::new(&mut |resolve, reject| {
        *driver.settle.borrow_mut() = Some((resolve, reject));
    });
    driver.listen();
    driver.feed(Event::Start);
    js_sys::futures::JsFuture::from(settled).await?;
    Ok(Checkout { driver })
}
