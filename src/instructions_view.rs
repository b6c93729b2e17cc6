//! `renderInstructions` and the `InstructionsView` handle it returns.

use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;

use alloc::rc::Rc;
#[cfg(feature = "hydrate")]
use bank_transfer_core::view::markup::{self, Mode};
use bank_transfer_core::{ErrorCode, Json, Lang, Locale, View};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

use crate::dom::{self, CopyButtons, QrPainter};
use crate::error::{js_error, to_js};
use crate::input;
use crate::intl::{resolve_locale, BrowserIntl};
use crate::languages;
use crate::promise::callback;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/**
 * What `renderInstructions` and `update` accept: a PaymentIntent's `next_action`
 * (`{ type: "display_bank_transfer_instructions", display_bank_transfer_instructions: {...} }`),
 * the inner `display_bank_transfer_instructions` object, a whole PaymentIntent, or a JSON string of any of them.
 */
export type NextActionInput = object | string;

export interface RenderOptions {
  /** BCP 47 tag(s), most preferred first; default `navigator.languages`. Text in 37 languages, by
   *  language then script (`fr-BE` → French, `zh-TW` → Traditional Chinese, `no` → Bokmål), English
   *  otherwise; numbers and money formatted for the full tag by `Intl`. */
  locale?: string | string[];
  /** Level of the title heading, 1–6 (default 2); section headings go one level below. */
  headingLevel?: number;
}

/** Thrown for bad input; `code` is stable: invalid_next_action, invalid_amount, invalid_currency,
 *  invalid_container, invalid_options, destroyed, language_unavailable. */
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
    let wanted = resolve_locale(&options.locales);
    let json = input::next_action(&next_action)?;
    let locale = shown_locale(&wanted);
    let mounted = Mounted::new(&container, &view_of(&json, &locale)?, locale, options.heading_level)?;
    Ok(InstructionsView::new(mounted, json, wanted.lang))
}

#[cfg(feature = "hydrate")]
/// Makes server-rendered instructions (`renderInstructionsToString`, a hosted page) live in
/// `container`: the copy buttons, "Copy all", print and share are added to the markup already
/// there, without rendering it again (hydration). Instructions not found there are rendered.
#[wasm_bindgen(js_name = hydrateInstructions)]
pub fn hydrate_instructions(
    #[wasm_bindgen(unchecked_param_type = "Element | string")] container: JsValue,
    #[wasm_bindgen(unchecked_param_type = "NextActionInput")] next_action: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RenderOptions")] options: JsValue,
) -> Result<InstructionsView, JsValue> {
    let container = resolve_container(&container)?;
    let options = input::options(&options)?;
    let wanted = resolve_locale(&options.locales);
    let json = input::next_action(&next_action)?;
    let locale = shown_locale(&wanted);
    let mounted = Mounted::hydrate(&container, &view_of(&json, &locale)?, locale, options.heading_level)?;
    Ok(InstructionsView::new(mounted, json, wanted.lang))
}

#[cfg(feature = "hydrate")]
/// The instructions as an HTML string, for a server (Node, an edge function) to send in its
/// page or email: every value escaped, no buttons (they need script; `hydrateInstructions`
/// adds them), the same structure and `data-field`s as `renderInstructions`.
#[wasm_bindgen(js_name = renderInstructionsToString)]
pub fn render_instructions_to_string(
    #[wasm_bindgen(unchecked_param_type = "NextActionInput")] next_action: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RenderOptions")] options: JsValue,
) -> Result<String, JsValue> {
    let options = input::options(&options)?;
    let locale = resolve_locale(&options.locales);
    let view = view_of(&input::next_action(&next_action)?, &shown_locale(&locale))?;
    Ok(markup::to_html(&view, options.heading_level, Mode::Static))
}

/// The rendered instructions. `update` re-renders in place; `destroy` removes everything.
/// Dropping the handle without `destroy()` leaves the instructions working on the page.
#[wasm_bindgen]
pub struct InstructionsView {
    shown: Rc<RefCell<Shown>>,
}

/// What the view shows, shared with a language table on its way.
struct Shown {
    mounted: Option<Mounted>,
    /// The latest instructions, to render again in the language once its table arrives.
    json: Json,
}

impl InstructionsView {
    /// Holds `mounted`; when it had to start in English, loads `wanted`'s texts and renders
    /// again in that language.
    fn new(mounted: Mounted, json: Json, wanted: Lang) -> InstructionsView {
        let shown = Rc::new(RefCell::new(Shown { mounted: Some(mounted), json }));
        if !languages::loaded(wanted) {
            let shown = shown.clone();
            let relocalize = callback(move |_| {
                if let Ok(mut shown) = shown.try_borrow_mut() {
                    if let Shown { mounted: Some(m), json } = &mut *shown {
                        m.locale.lang = wanted;
                        m.show(&view_of(json, &m.locale)?)?;
                    }
                }
                Ok(JsValue::UNDEFINED)
            });
            // Not loaded: stays in English, readable, as a missing translation shows too.
            let stay = callback(|_| Ok(JsValue::UNDEFINED));
            languages::ensure(wanted).then(&relocalize, &stay);
        }
        InstructionsView { shown }
    }
}

/// The language to show now: the one asked for when its texts are here, else English (with
/// the asked-for tag, so amounts are already formatted for the customer).
fn shown_locale(wanted: &Locale) -> Locale {
    let lang = if languages::loaded(wanted.lang) { wanted.lang } else { Lang::En };
    Locale { lang, tag: wanted.tag.clone() }
}

/// Instructions on the page: what `InstructionsView` and the live checkout hold.
pub(crate) struct Mounted {
    root: Element,
    copy: CopyButtons,
    qr: QrPainter,
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
        let mounted = Mounted::live(root, view, locale, heading_level)?;
        mounted.qr.paint(&mounted.root, view.qr.as_ref());
        Ok(mounted)
    }

    #[cfg(feature = "hydrate")]
    /// Makes instructions rendered elsewhere (the server's `renderInstructionsToString`, the
    /// hosted page) live: adds the copy buttons, the actions and the live region to the markup
    /// on the page, without rendering it again. Without such markup, renders afresh.
    pub(crate) fn hydrate(
        container: &Element,
        view: &View,
        locale: Locale,
        heading_level: u8,
    ) -> Result<Mounted, JsValue> {
        let Some(root) = container.query_selector("section.btc").ok().flatten() else {
            return Mounted::new(container, view, locale, heading_level);
        };
        let doc = root.owner_document().ok_or_else(destroyed)?;
        for field in view.fields() {
            let selector = ["[data-field=\"", &field.name, "\"]"].concat();
            let Some(value) = root.query_selector(&selector).ok().flatten() else { continue };
            let has_button = value.next_element_sibling().is_some_and(|b| b.has_attribute("data-copy-for"));
            if field.copy.is_some() && !has_button {
                let button = dom::build(&doc, &markup::copy_button(field, view.copy_text))?;
                value.after_with_node_1(&button.into())?;
            }
        }
        for (class, el) in [(".btc-actions", markup::actions(view)), (".btc-live", markup::live_region())] {
            if root.query_selector(class).ok().flatten().is_none() {
                dom::append(&root, &dom::build(&doc, &el)?)?;
            }
        }
        // The server drew the QR code (renderInstructionsToString does).
        Mounted::live(root, view, locale, heading_level)
    }

    /// Listens to the copy buttons and actions of rendered instructions.
    fn live(root: Element, view: &View, locale: Locale, heading_level: u8) -> Result<Mounted, JsValue> {
        let copy = CopyButtons::attach(&root)?;
        copy.set(view);
        CopyButtons::offer_share(&root);
        let qr = QrPainter::default();
        Ok(Mounted { root, copy, qr, locale, heading_level, shown: RefCell::new(shown_of(view)) })
    }

    /// Re-renders in place; keyboard focus stays on the same copy button. When only values
    /// changed (a partial payment's amount), they are patched: no element is rebuilt.
    pub(crate) fn show(&self, view: &View) -> Result<(), JsValue> {
        let now = shown_of(view);
        let patched = match self.shown.try_borrow() {
            Ok(before) if before.0 == now.0 => self.patch(&before.1, view),
            _ => None,
        };
        if let Ok(mut shown) = self.shown.try_borrow_mut() {
            *shown = now;
        }
        if let Some(changed) = patched {
            self.copy.set(view);
            // The code holds the amount, the IBAN, the name and the reference: values all.
            if changed {
                self.qr.paint(&self.root, view.qr.as_ref());
            }
            return Ok(());
        }
        let doc = self.root.owner_document().ok_or_else(destroyed)?;
        let focused = doc
            .active_element()
            .filter(|el| self.root.contains(Some(el)))
            .and_then(|el| el.get_attribute("data-copy-for"));
        dom::render(&doc, &self.root, view, self.heading_level)?;
        self.copy.set(view);
        self.qr.paint(&self.root, view.qr.as_ref());
        CopyButtons::offer_share(&self.root);
        if let Some(name) = focused {
            let selector = ["[data-copy-for=\"", &name, "\"]"].concat();
            if let Some(el) = self.root.query_selector(&selector).ok().flatten() {
                let _ = el.unchecked_into::<HtmlElement>().focus();
            }
        }
        Ok(())
    }

    /// Sets the changed values' text and says whether any changed; `None` if the page is not as
    /// expected (the caller then rebuilds it, so a half-done patch never stays).
    fn patch(&self, old: &[String], new: &View) -> Option<bool> {
        let elements = self.root.query_selector_all("[data-field]").ok()?;
        let mut changed = false;
        for (i, (field, before)) in new.fields().into_iter().zip(old).enumerate() {
            let el = elements.item(i as u32).and_then(|n| n.dyn_into::<Element>().ok())?;
            if el.get_attribute("data-field").as_deref() != Some(field.name.as_str()) {
                return None;
            }
            if *before != field.display {
                changed = true;
                el.set_text_content(Some(&field.display));
                // A "copied" mark would now be about the old value.
                if let Some(button) = el.next_element_sibling() {
                    let _ = button.remove_attribute("data-copied");
                }
            }
        }
        Some(changed)
    }

    pub(crate) fn remove(self) {
        self.qr.cancel();
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
        let mut shown = self.shown.try_borrow_mut().map_err(|_| destroyed())?;
        let json = input::next_action(&next_action)?;
        let m = shown.mounted.as_ref().ok_or_else(destroyed)?;
        m.show(&view_of(&json, &m.locale)?)?;
        shown.json = json;
        Ok(())
    }

    /// Removes the instructions and their listeners; the container is left empty.
    /// Calling it twice is harmless.
    pub fn destroy(&mut self) {
        if let Some(m) = self.shown.try_borrow_mut().ok().and_then(|mut s| s.mounted.take()) {
            m.remove();
        }
    }

    /// The language the instructions are shown in (`en`, `de`, `zh-Hant`…; the package's 37).
    #[wasm_bindgen(getter)]
    pub fn language(&self) -> Option<String> {
        let shown = self.shown.try_borrow().ok()?;
        shown.mounted.as_ref().map(|m| m.locale.lang.code().to_owned())
    }
}

fn shown_of(view: &View) -> (String, Vec<String>) {
    let mut values = Vec::new();
    for field in view.fields() {
        values.push(field.display.clone());
    }
    (view.layout_key(), values)
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
