//! `renderInstructions` and the `InstructionsView` handle it returns.

use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;

use bank_transfer_core::{ErrorCode, Locale, View};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

use crate::dom::{self, CopyButtons};
use crate::error::{js_error, to_js};
use crate::input;
use crate::intl::{resolve_locale, BrowserIntl};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/**
 * What `renderInstructions` and `update` accept: a PaymentIntent's `next_action`
 * (`{ type: "display_bank_transfer_instructions", display_bank_transfer_instructions: {...} }`),
 * the inner `display_bank_transfer_instructions` object, a whole PaymentIntent, or a JSON string of any of them.
 */
export type NextActionInput = object | string;

export interface RenderOptions {
  /** BCP 47 tag(s), most preferred first; default `navigator.languages`. Text in en, de, fr, nl, es or ja
   *  (by language: `fr-BE` → French), numbers and money formatted for the full tag by `Intl`. */
  locale?: string | string[];
  /** Level of the title heading, 1–6 (default 2); section headings go one level below. */
  headingLevel?: number;
}

/** Thrown for bad input; `code` is stable: invalid_next_action, invalid_amount, invalid_currency,
 *  invalid_container, invalid_options, destroyed. */
export interface BankTransferError extends Error {
  name: "BankTransferError";
  code: string;
}
"#;

/// Renders bank-transfer instructions into `container` (an element or a CSS selector),
/// replacing what it held. Throws a `BankTransferError` (and leaves the page untouched) when
/// the input cannot be instructions.
#[wasm_bindgen(js_name = renderInstructions)]
pub fn render_instructions(
    #[wasm_bindgen(unchecked_param_type = "Element | string")] container: JsValue,
    #[wasm_bindgen(unchecked_param_type = "NextActionInput")] next_action: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RenderOptions")] options: JsValue,
) -> Result<InstructionsView, JsValue> {
    let container = resolve_container(&container)?;
    let options = input::options(&options)?;
    let locale = resolve_locale(&options.locales);
    let view = build(&next_action, &locale)?;
    let mounted = Mounted::new(&container, &view, locale, options.heading_level)?;
    Ok(InstructionsView { mounted: Some(mounted) })
}

/// The rendered instructions. `update` re-renders in place; `destroy` removes everything.
/// Dropping the handle without `destroy()` leaves the instructions working on the page.
#[wasm_bindgen]
pub struct InstructionsView {
    mounted: Option<Mounted>,
}

/// Instructions on the page: what `InstructionsView` and the live checkout hold.
pub(crate) struct Mounted {
    root: Element,
    copy: CopyButtons,
    pub(crate) locale: Locale,
    heading_level: u8,
    /// The layout key and the values on the page, to patch values when only they changed.
    shown: RefCell<(String, Vec<String>)>,
}

impl Mounted {
    /// Renders `view` into `container`, replacing what it held.
    pub(crate) fn new(container: &Element, view: &View, locale: Locale, heading_level: u8) -> Result<Mounted, JsValue> {
        let doc = container
            .owner_document()
            .ok_or_else(|| js_error(ErrorCode::InvalidContainer, "the container is not in a document"))?;
        let root = doc.create_element("section")?;
        root.set_class_name("btc");
        dom::render(&doc, &root, view, heading_level)?;
        container.replace_children_with_node_1(&root);
        let copy = CopyButtons::attach(&root)?;
        copy.set(view);
        Ok(Mounted { root, copy, locale, heading_level, shown: RefCell::new(shown_of(view)) })
    }

    /// Re-renders in place; keyboard focus stays on the same copy button. When only values
    /// changed (a partial payment's amount), they are patched: no element is rebuilt.
    pub(crate) fn show(&self, view: &View) -> Result<(), JsValue> {
        let now = shown_of(view);
        let patched = match self.shown.try_borrow() {
            Ok(before) => before.0 == now.0 && self.patch(&before.1, view),
            Err(_) => false,
        };
        if let Ok(mut shown) = self.shown.try_borrow_mut() {
            *shown = now;
        }
        if patched {
            self.copy.set(view);
            return Ok(());
        }
        let doc = self.root.owner_document().ok_or_else(destroyed)?;
        let focused = doc
            .active_element()
            .filter(|el| self.root.contains(Some(el)))
            .and_then(|el| el.get_attribute("data-copy-for"));
        dom::render(&doc, &self.root, view, self.heading_level)?;
        self.copy.set(view);
        if let Some(name) = focused {
            let selector = ["[data-copy-for=\"", &name, "\"]"].concat();
            if let Some(el) = self.root.query_selector(&selector).ok().flatten() {
                let _ = el.unchecked_into::<HtmlElement>().focus();
            }
        }
        Ok(())
    }

    /// Sets the changed values' text; false if the page is not as expected (the caller then
    /// rebuilds it, so a half-done patch never stays).
    fn patch(&self, old: &[String], new: &View) -> bool {
        let Ok(elements) = self.root.query_selector_all("[data-field]") else { return false };
        for (i, (field, before)) in new.fields().into_iter().zip(old).enumerate() {
            let Some(el) = elements.item(i as u32).and_then(|n| n.dyn_into::<Element>().ok()) else { return false };
            if el.get_attribute("data-field").as_deref() != Some(field.name.as_str()) {
                return false;
            }
            if *before != field.display {
                el.set_text_content(Some(&field.display));
                // A "copied" mark would now be about the old value.
                if let Some(button) = el.next_element_sibling() {
                    let _ = button.remove_attribute("data-copied");
                }
            }
        }
        true
    }

    pub(crate) fn remove(self) {
        self.copy.detach(&self.root);
        self.root.remove();
    }
}

#[wasm_bindgen]
impl InstructionsView {
    /// Re-renders with newer instructions (after a partial payment, say). On bad input it
    /// throws and the previous instructions stay. Keyboard focus stays on the same copy button.
    pub fn update(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "NextActionInput")] next_action: JsValue,
    ) -> Result<(), JsValue> {
        let m = self.mounted.as_ref().ok_or_else(destroyed)?;
        m.show(&build(&next_action, &m.locale)?)
    }

    /// Removes the instructions and their listeners; the container is left empty.
    /// Calling it twice is harmless.
    pub fn destroy(&mut self) {
        if let Some(m) = self.mounted.take() {
            m.remove();
        }
    }

    /// The language the instructions are shown in (`en`, `de`, `fr`, `nl`, `es` or `ja`).
    #[wasm_bindgen(getter)]
    pub fn language(&self) -> Option<String> {
        self.mounted.as_ref().map(|m| m.locale.lang.code().to_owned())
    }
}

fn shown_of(view: &View) -> (String, Vec<String>) {
    let mut values = Vec::new();
    for field in view.fields() {
        values.push(field.display.clone());
    }
    (view.layout_key(), values)
}

fn build(next_action: &JsValue, locale: &Locale) -> Result<View, JsValue> {
    view_of(&input::next_action(next_action)?, locale)
}

/// The view model of instructions already read into the core's JSON tree.
pub(crate) fn view_of(json: &bank_transfer_core::Json, locale: &Locale) -> Result<View, JsValue> {
    let intl = BrowserIntl { tag: locale.tag.clone() };
    bank_transfer_core::view_of(json, locale.lang, &intl).map_err(to_js)
}

fn destroyed() -> JsValue {
    js_error(ErrorCode::Destroyed, "this view was destroyed")
}

pub(crate) fn resolve_container(value: &JsValue) -> Result<Element, JsValue> {
    if let Some(el) = value.dyn_ref::<Element>() {
        return Ok(el.clone());
    }
    if let Some(selector) = value.as_string() {
        let doc: web_sys::Document = crate::dom::global("document")
            .and_then(|d| d.dyn_into().ok())
            .ok_or_else(|| js_error(ErrorCode::InvalidContainer, "there is no document"))?;
        return match doc.query_selector(&selector) {
            Ok(Some(el)) => Ok(el),
            Ok(None) => Err(js_error(ErrorCode::InvalidContainer, ["no element matches \"", &selector, "\""].concat())),
            Err(_) => {
                Err(js_error(ErrorCode::InvalidContainer, ["\"", &selector, "\" is not a valid CSS selector"].concat()))
            }
        };
    }
    Err(js_error(ErrorCode::InvalidContainer, "container must be a DOM element or a CSS selector"))
}
