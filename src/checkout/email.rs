//! The "Email me these instructions" form under the instructions: a labelled email field, a
//! Send button, and the sentence that answers — a polite live region the field points at
//! (`aria-describedby`). What is sent, and which sentence follows, is the core's decision.

use alloc::string::String;

use bank_transfer_core::{CheckoutMsg as Msg, Lang};
use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement};

use super::ui::unique;
use crate::dom::{append, element, text_element};

pub struct EmailUi {
    form: Element,
    input: HtmlInputElement,
    message: Element,
}

impl EmailUi {
    /// The form, hidden until the instructions show.
    pub fn build(doc: &Document, lang: Lang) -> Result<EmailUi, JsValue> {
        let form = element(doc, "form", "btc-email")?;
        form.set_attribute("hidden", "")?;
        // Our sentences, in the checkout's language, rather than the browser's bubble.
        form.set_attribute("novalidate", "")?;
        let n = unique();
        let (id, message_id) = (["btc-email-", &n].concat(), ["btc-email-message-", &n].concat());
        let label = text_element(doc, "label", "btc-email-label", lang.text(Msg::EmailLabel))?;
        label.set_attribute("for", &id)?;
        let input: HtmlInputElement = element(doc, "input", "btc-email-input")?.unchecked_into();
        for (name, value) in [
            ("type", "email"),
            ("id", id.as_str()),
            ("name", "email"),
            ("autocomplete", "email"),
            ("spellcheck", "false"),
            ("data-field", "email"),
            ("aria-describedby", message_id.as_str()),
        ] {
            input.set_attribute(name, value)?;
        }
        let button = text_element(doc, "button", "btc-email-send", lang.text(Msg::EmailButton))?;
        button.set_attribute("type", "submit")?;
        button.set_attribute("data-action", "email")?;
        let row = element(doc, "div", "btc-email-row")?;
        append(&row, &input)?;
        append(&row, &button)?;
        let message = element(doc, "p", "btc-email-message")?;
        message.set_attribute("id", &message_id)?;
        message.set_attribute("role", "status")?;
        message.set_attribute("data-field", "email-message")?;
        for el in [&label, &row, &message] {
            append(&form, el)?;
        }
        Ok(EmailUi { form, input, message })
    }

    pub fn root(&self) -> &Element {
        &self.form
    }

    pub fn show(&self, visible: bool) {
        let _ = if visible { self.form.remove_attribute("hidden") } else { self.form.set_attribute("hidden", "") };
    }

    pub fn busy(&self, on: bool) {
        let _ = if on { self.form.set_attribute("aria-busy", "true") } else { self.form.remove_attribute("aria-busy") };
    }

    /// The sentence under the field; an invalid address marks the field and takes the focus
    /// back to it, so that the customer can correct it at once.
    pub fn message(&self, text: &str, invalid: bool) {
        self.message.set_text_content(Some(text));
        if invalid {
            let _ = self.input.set_attribute("aria-invalid", "true");
            let _ = self.input.unchecked_ref::<HtmlElement>().focus();
        } else {
            let _ = self.input.remove_attribute("aria-invalid");
        }
    }

    /// Calls `on_submit` with the field's text on each Send (Enter included), while the
    /// returned handle lives. The page is not reloaded: the submission is ours.
    pub fn on_submit(&self, mut on_submit: impl FnMut(String) + 'static) -> EventListener {
        let input = self.input.clone();
        let options = EventListenerOptions::enable_prevent_default();
        EventListener::new_with_options(&self.form, "submit", options, move |event| {
            event.prevent_default();
            on_submit(input.value());
        })
    }
}
