//! View model → DOM. Structure: a `<section>` with a heading, a summary `<dl>` (amount,
//! reference), one `<section>` per financial address with its own `<dl>` and network list,
//! notices, the hosted-instructions link and a polite live region for copy feedback.

use bank_transfer_core::view::{Field, Section, View};
use wasm_bindgen::JsValue;
use web_sys::{Document, DocumentFragment, Element};

use super::{append, element, text_element};

/// Replaces the children of `root` with the rendered `view`: built apart, then swapped in at
/// once, so that a live page sees one change (one style and layout pass) per render.
pub fn render(doc: &Document, root: &Element, view: &View, heading_level: u8) -> Result<(), JsValue> {
    let parts = doc.create_document_fragment();
    fill(doc, &parts, view, heading_level)?;
    root.set_attribute("lang", view.lang.code())?;
    root.set_attribute("dir", view.lang.dir())?;
    // Names the region like its heading would through aria-labelledby, without needing an id.
    root.set_attribute("aria-label", view.title)?;
    root.replace_children_with_node_1(&parts);
    Ok(())
}

fn fill(doc: &Document, root: &DocumentFragment, view: &View, heading_level: u8) -> Result<(), JsValue> {
    append(root, &text_element(doc, heading(heading_level), "btc-title", view.title)?)?;
    append(root, &text_element(doc, "p", "btc-intro", view.intro)?)?;

    let summary = element(doc, "dl", "btc-summary")?;
    for field in view.amount.iter().chain(&view.reference) {
        append(&summary, &row(doc, field, view.copy_text)?)?;
    }
    if summary.has_child_nodes() {
        append(root, &summary)?;
    }
    if let Some(hint) = view.reference_hint {
        append(root, &text_element(doc, "p", "btc-reference-hint", hint)?)?;
    }
    for section in &view.sections {
        append(root, &address_section(doc, section, view.copy_text, heading_level + 1)?)?;
    }
    for notice in &view.notices {
        let p = text_element(doc, "p", "btc-notice", notice.text)?;
        p.set_attribute("data-address-type", &notice.address_type)?;
        append(root, &p)?;
    }
    append(root, &text_element(doc, "p", "btc-arrival", view.arrival_note)?)?;
    if let Some(link) = &view.hosted_link {
        let p = element(doc, "p", "btc-hosted")?;
        let a = text_element(doc, "a", "btc-hosted-link", link.text)?;
        // Only https: URLs reach here (checked in the core).
        a.set_attribute("href", &link.href)?;
        a.set_attribute("target", "_blank")?;
        a.set_attribute("rel", "noopener noreferrer")?;
        a.set_attribute("data-field", "hosted_instructions_url")?;
        append(&p, &a)?;
        append(root, &p)?;
    }
    let live = element(doc, "p", "btc-live")?;
    live.set_attribute("aria-live", "polite")?;
    live.set_attribute("aria-atomic", "true")?;
    append(root, &live)?;
    Ok(())
}

fn heading(level: u8) -> &'static str {
    match level {
        0 | 1 => "h1",
        2 => "h2",
        3 => "h3",
        4 => "h4",
        5 => "h5",
        _ => "h6",
    }
}

fn address_section(doc: &Document, section: &Section, copy_text: &str, level: u8) -> Result<Element, JsValue> {
    let el = element(doc, "section", "btc-address")?;
    el.set_attribute("data-address-type", section.address_type.as_str())?;
    append(&el, &text_element(doc, heading(level), "btc-address-title", section.heading)?)?;
    if let Some(hint) = section.hint {
        append(&el, &text_element(doc, "p", "btc-address-hint", hint)?)?;
    }
    let list = element(doc, "dl", "btc-fields")?;
    for field in &section.fields {
        append(&list, &row(doc, field, copy_text)?)?;
    }
    append(&el, &list)?;
    if !section.networks.is_empty() {
        append(&el, &text_element(doc, heading(level + 1), "btc-networks-title", section.networks_heading)?)?;
        let ul = element(doc, "ul", "btc-networks")?;
        for network in &section.networks {
            let li = element(doc, "li", "btc-network")?;
            append(&li, &text_element(doc, "span", "btc-network-name", &network.name)?)?;
            if let Some(time) = network.settlement {
                append(&li, &text_element(doc, "span", "btc-network-time", time)?)?;
            }
            append(&ul, &li)?;
        }
        append(&el, &ul)?;
    }
    Ok(el)
}

/// `<div><dt>label</dt><dd><span data-field>value</span><button data-copy-for>Copy</button></dd></div>`
fn row(doc: &Document, field: &Field, copy_text: &str) -> Result<Element, JsValue> {
    let row = element(doc, "div", "btc-row")?;
    append(&row, &text_element(doc, "dt", "btc-label", field.label)?)?;
    let dd = element(doc, "dd", "btc-data")?;
    let class = if field.display.contains('\n') { "btc-value btc-multiline" } else { "btc-value" };
    // The reference is the one value customers forget: emphasised, semantically too.
    let tag = if field.name == "reference" { "strong" } else { "span" };
    let value = text_element(doc, tag, class, &field.display)?;
    value.set_attribute("data-field", &field.name)?;
    append(&dd, &value)?;
    if field.copy.is_some() {
        let button = text_element(doc, "button", "btc-copy", copy_text)?;
        button.set_attribute("type", "button")?;
        button.set_attribute("data-copy-for", &field.name)?;
        button.set_attribute("aria-label", &field.copy_label)?;
        append(&dd, &button)?;
    }
    append(&row, &dd)?;
    Ok(row)
}
