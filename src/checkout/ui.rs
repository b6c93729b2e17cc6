//! The live checkout's own elements around the instructions: the payment status (a polite
//! live region), an alert for failures, the "Country of your bank" selector (placed in the
//! IBAN's section, with the details it changes), and the confirmation that replaces the
//! instructions once paid.

use alloc::string::String;

use bank_transfer_core::view::country_name;
use bank_transfer_core::{CheckoutMsg as Msg, Lang, Locale};
use gloo_events::EventListener;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlSelectElement};

use super::email::EmailUi;
use crate::dom::{append, element, text_element};
use crate::intl::BrowserIntl;

/// `<option value="DE">Germany</option>`, the name in the checkout's language.
fn country_option(doc: &web_sys::Document, lang: Lang, intl: &BrowserIntl, code: &str) -> Result<Element, JsValue> {
    let name = country_name(lang, intl, code);
    let option = text_element(doc, "option", "", &name)?;
    option.set_attribute("value", code)?;
    Ok(option)
}

pub struct Ui {
    root: Element,
    status: Element,
    alert: Element,
    countries: Element,
    select: HtmlSelectElement,
    /// For the name of a country added to the selector later (see `select_country`).
    lang: Lang,
    intl: BrowserIntl,
    /// Where the instructions are rendered.
    pub instructions: Element,
    success: Element,
    /// The "Email me these instructions" form, where the merchant offers it.
    pub email: Option<EmailUi>,
}

impl Ui {
    /// Replaces the container's content with the checkout skeleton, "Loading…" announced.
    pub fn build(container: &Element, locale: &Locale, countries: &[String], email: bool) -> Result<Ui, JsValue> {
        let doc = container.owner_document().ok_or_else(|| JsValue::from_str("the container is not in a document"))?;
        let lang = locale.lang;
        let root = element(&doc, "div", "btc-checkout")?;
        root.set_attribute("lang", lang.code())?;
        root.set_attribute("dir", lang.dir())?;
        let status = text_element(&doc, "p", "btc-status", lang.text(Msg::Loading))?;
        status.set_attribute("role", "status")?;
        status.set_attribute("data-field", "status")?;
        let alert = element(&doc, "p", "btc-alert")?;
        alert.set_attribute("role", "alert")?;
        alert.set_attribute("hidden", "")?;

        let box_ = element(&doc, "div", "btc-country")?;
        box_.set_attribute("hidden", "")?;
        let label = text_element(&doc, "label", "btc-country-label", lang.text(Msg::CountryLabel))?;
        let select: HtmlSelectElement = element(&doc, "select", "btc-country-select")?.unchecked_into();
        // Unique per checkout: two checkouts on one page must not share an id.
        let id = ["btc-country-", &unique()].concat();
        select.set_id(&id);
        label.set_attribute("for", &id)?;
        select.set_attribute("data-field", "country")?;
        let intl = BrowserIntl { tag: locale.tag.clone() };
        for code in countries {
            append(&select, &country_option(&doc, lang, &intl, code)?)?;
        }
        append(&box_, &label)?;
        append(&box_, &select)?;

        let instructions = element(&doc, "div", "btc-instructions")?;
        let success = element(&doc, "section", "btc-succeeded")?;
        success.set_attribute("hidden", "")?;
        success.set_attribute("data-field", "succeeded")?;
        // The selector waits beside the instructions until they show an IBAN section.
        for el in [&status, &alert, &box_, &instructions] {
            append(&root, el)?;
        }
        let email = if email { Some(EmailUi::build(&doc, lang)?) } else { None };
        if let Some(email) = &email {
            append(&root, email.root())?;
        }
        append(&root, &success)?;
        container.replace_children_with_node_1(&root);
        Ok(Ui { root, status, alert, countries: box_, select, lang, intl, instructions, success, email })
    }

    pub fn status(&self, text: &str) {
        if !text.is_empty() || self.status.text_content().is_some_and(|t| !t.is_empty()) {
            self.status.set_text_content(Some(text));
        }
    }

    pub fn alert(&self, text: &str) {
        self.alert.set_text_content(Some(text));
        let _ = self.alert.remove_attribute("hidden");
    }

    pub fn clear_alert(&self) {
        self.alert.set_text_content(None);
        let _ = self.alert.set_attribute("hidden", "");
    }

    /// Shows the selector (EU transfers only) with `country` selected, under the heading of
    /// the IBAN's section: the country of the bank belongs with the bank details it changes.
    pub fn show_countries(&self, visible: bool, country: Option<&str>) {
        if visible {
            self.place_countries();
            let _ = self.countries.remove_attribute("hidden");
            self.select_country(country);
        } else {
            let _ = self.countries.set_attribute("hidden", "");
        }
    }

    /// Moves the selector after the IBAN section's heading, unless it is there already (moving
    /// a focused element would take the focus away). A re-render makes a new section.
    fn place_countries(&self) {
        let Ok(Some(heading)) = self.instructions.query_selector("[data-address-type=iban] > .btc-address-title")
        else {
            return;
        };
        let placed = self.countries.previous_element_sibling().is_some_and(|e| e == heading);
        if !placed {
            let _ = heading.insert_adjacent_element("afterend", &self.countries);
        }
    }

    /// Selects `country`. One the merchant did not offer (the PaymentIntent was opened there)
    /// is added first: the selector must always name the IBAN's country, never show a blank.
    pub fn select_country(&self, country: Option<&str>) {
        let Some(country) = country else { return };
        self.select.set_value(country);
        if self.select.value() == country {
            return;
        }
        if let Some(doc) = self.select.owner_document() {
            if let Ok(option) = country_option(&doc, self.lang, &self.intl, country) {
                let _ = self.select.insert_before(&option, self.select.first_child().as_ref());
                self.select.set_value(country);
            }
        }
    }

    /// A "Try again" button in the alert; `pressed` runs when the customer presses it (the
    /// alert, button included, is then cleared by the checkout). DOM-owned: it goes with the
    /// button.
    pub fn retry_button(&self, lang: Lang, pressed: impl FnOnce() + 'static) {
        let Some(doc) = self.root.owner_document() else { return };
        let Ok(button) = text_element(&doc, "button", "btc-retry", lang.text(Msg::Retry)) else { return };
        let _ = button.set_attribute("type", "button");
        let _ = button.set_attribute("data-action", "retry");
        let _ = append(&self.alert, &button);
        let listener = Closure::once_into_js(pressed);
        let _ = button.add_event_listener_with_callback("click", listener.unchecked_ref());
    }

    /// The busy state while a confirmation runs: the selector stays usable (a second choice
    /// wins); the status says what is happening.
    pub fn busy(&self, on: bool) {
        let _ = if on { self.root.set_attribute("aria-busy", "true") } else { self.root.remove_attribute("aria-busy") };
        let _ =
            if on { self.select.set_attribute("aria-busy", "true") } else { self.select.remove_attribute("aria-busy") };
    }

    /// Calls `on_change` with each chosen country code, while the returned handle lives.
    pub fn on_country_change(&self, mut on_change: impl FnMut(String) + 'static) -> EventListener {
        let select = self.select.clone();
        EventListener::new(&self.select, "change", move |_| on_change(select.value()))
    }

    /// Replaces the instructions with the confirmation.
    pub fn succeeded(&self, lang: Lang) {
        let Some(doc) = self.root.owner_document() else { return };
        self.instructions.set_text_content(None);
        self.success.set_text_content(None);
        if let (Ok(title), Ok(text)) = (
            text_element(&doc, "h2", "btc-succeeded-title", lang.text(Msg::SucceededTitle)),
            text_element(&doc, "p", "btc-succeeded-text", lang.text(Msg::SucceededText)),
        ) {
            let _ = append(&self.success, &title);
            let _ = append(&self.success, &text);
        }
        let _ = self.success.remove_attribute("hidden");
        self.clear_alert();
    }
}

/// A number no other element of the page got from here: ids that two checkouts never share.
pub(super) fn unique() -> String {
    use core::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(1);
    decimal(NEXT.fetch_add(1, Ordering::Relaxed))
}

/// `n` in decimal digits, without the integer formatting machinery (Wasm bytes).
fn decimal(mut n: u32) -> String {
    let mut digits = String::new();
    loop {
        digits.insert(0, char::from(b'0' + (n % 10) as u8));
        n /= 10;
        if n == 0 {
            return digits;
        }
    }
}
