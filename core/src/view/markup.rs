//! The instructions' markup, written once: a small tree of elements and text built from the view
//! model, which the browser glue turns into DOM nodes (`createElement`, `textContent`) and the
//! server into an HTML string (`to_html`, escaped by construction). Both get the same structure,
//! classes and `data-field`s, so that the module can hydrate a server-rendered page: add the
//! copy buttons to it instead of rendering it again.

use alloc::string::String;
use alloc::vec::Vec;

use super::{Field, Section, View};

/// An element (`tag`, attributes, children) or a text.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Element(Element),
    Text(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Element {
    pub tag: &'static str,
    /// In the SVG namespace (`createElementNS`).
    pub svg: bool,
    pub attrs: Vec<(&'static str, String)>,
    pub children: Vec<Node>,
}

impl Element {
    fn new(tag: &'static str, class: &str) -> Element {
        let mut el = Element { tag, svg: false, attrs: Vec::new(), children: Vec::new() };
        if !class.is_empty() {
            el.attrs.push(("class", String::from(class)));
        }
        el
    }

    fn text(tag: &'static str, class: &str, text: &str) -> Element {
        Element::new(tag, class).child(Node::Text(String::from(text)))
    }

    fn attr(mut self, name: &'static str, value: &str) -> Element {
        self.attrs.push((name, String::from(value)));
        self
    }

    fn child(mut self, node: Node) -> Element {
        self.children.push(node);
        self
    }

    fn push(&mut self, el: Element) {
        self.children.push(Node::Element(el));
    }

    /// The value of attribute `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }
}

/// For the browser (copy buttons, the live region, the action buttons) or for a page that must
/// work without script (server-rendered, printed, emailed): no buttons at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Interactive,
    Static,
}

/// The `<section class="btc">`'s content (its own attributes are [`root_attrs`]).
pub fn instructions(view: &View, heading_level: u8, mode: Mode) -> Vec<Element> {
    let interactive = mode == Mode::Interactive;
    let mut out = Vec::new();
    out.push(Element::text(heading(heading_level), "btc-title", view.title));
    out.push(Element::text("p", "btc-intro", view.intro));
    let mut summary = Element::new("dl", "btc-summary");
    for field in view.amount.iter().chain(&view.reference) {
        summary.push(row(field, view.copy_text, interactive));
    }
    if !summary.children.is_empty() {
        out.push(summary);
    }
    if let Some(hint) = view.reference_hint {
        out.push(Element::text("p", "btc-reference-hint", hint));
    }
    for section in &view.sections {
        out.push(address_section(section, view.copy_text, heading_level + 1, interactive));
    }
    for notice in &view.notices {
        out.push(Element::text("p", "btc-notice", notice.text).attr("data-address-type", &notice.address_type));
    }
    if !view.warnings.is_empty() {
        let mut list = Element::new("ul", "btc-warnings");
        for warning in &view.warnings {
            list.push(Element::text("li", "btc-warning", warning.text).attr("data-warning", warning.kind));
        }
        out.push(list);
    }
    if let Some(qr) = &view.qr {
        // In the browser the code is drawn after the first paint (src/dom/qr.rs): the figure
        // comes empty, its size kept by the stylesheet. Without script it is drawn here.
        if interactive {
            out.push(qr_figure(qr, None));
        } else if let Some(drawing) = super::QrDrawing::of(&qr.payload) {
            out.push(qr_figure(qr, Some(&drawing)));
        }
    }
    out.push(Element::text("p", "btc-arrival", view.arrival_note));
    if let Some(link) = &view.hosted_link {
        let a = Element::text("a", "btc-hosted-link", link.text)
            .attr("href", &link.href)
            .attr("target", "_blank")
            .attr("rel", "noopener noreferrer")
            .attr("data-field", "hosted_instructions_url");
        out.push(Element::new("p", "btc-hosted").child(Node::Element(a)));
    }
    if interactive {
        out.push(actions(view));
        out.push(live_region());
    }
    out
}

/// `lang`, `dir` and the region's name (as its heading would give it through
/// `aria-labelledby`, without needing an id).
pub fn root_attrs(view: &View) -> [(&'static str, &'static str); 3] {
    [("lang", view.lang.code()), ("dir", view.lang.dir()), ("aria-label", view.title)]
}

/// The buttons only a browser can press: print, copy everything, share.
pub fn actions(view: &View) -> Element {
    let mut bar = Element::new("div", "btc-actions");
    for (action, text) in [("print", view.print_text), ("copy-all", view.copy_all_text), ("share", view.share_text)] {
        let button = Element::text("button", "btc-action", text).attr("type", "button").attr("data-action", action);
        // Shown by the module where the browser offers a share sheet.
        bar.push(if action == "share" { button.attr("hidden", "") } else { button });
    }
    bar
}

/// Where copy feedback is announced.
pub fn live_region() -> Element {
    Element::new("p", "btc-live").attr("aria-live", "polite").attr("aria-atomic", "true")
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

fn address_section(section: &Section, copy_text: &str, level: u8, interactive: bool) -> Element {
    let mut el = Element::new("section", "btc-address").attr("data-address-type", section.address_type.as_str());
    el.push(Element::text(heading(level), "btc-address-title", section.heading));
    if let Some(hint) = section.hint {
        el.push(Element::text("p", "btc-address-hint", hint));
    }
    let mut list = Element::new("dl", "btc-fields");
    for field in &section.fields {
        list.push(row(field, copy_text, interactive));
    }
    el.push(list);
    if !section.networks.is_empty() {
        el.push(Element::text(heading(level + 1), "btc-networks-title", section.networks_heading));
        let mut ul = Element::new("ul", "btc-networks");
        for network in &section.networks {
            let mut li = Element::new("li", "btc-network");
            li.push(Element::text("span", "btc-network-name", &network.name));
            if let Some(time) = network.settlement {
                li.push(Element::text("span", "btc-network-time", time));
            }
            ul.push(li);
        }
        el.push(ul);
    }
    el
}

/// `<div><dt>label</dt><dd><span data-field>value</span><button data-copy-for>Copy</button></dd></div>`
fn row(field: &Field, copy_text: &str, interactive: bool) -> Element {
    let class = if field.display.contains('\n') { "btc-value btc-multiline" } else { "btc-value" };
    // The reference is the one value customers forget: emphasised, semantically too.
    let tag = if field.name == "reference" { "strong" } else { "span" };
    let mut dd = Element::new("dd", "btc-data");
    dd.push(Element::text(tag, class, &field.display).attr("data-field", &field.name).attr("dir", value_dir(field)));
    if interactive && field.copy.is_some() {
        dd.push(copy_button(field, copy_text));
    }
    let mut row = Element::new("div", "btc-row");
    row.push(Element::text("dt", "btc-label", field.label));
    row.push(dd);
    row
}

/// Codes, numbers, amounts and the reference read left to right in every language (an IBAN in an
/// Arabic page is still `DE89 3704…`, not mirrored around its spaces); names and addresses take
/// the direction of their own script.
fn value_dir(field: &Field) -> &'static str {
    let free_text = field.copy.is_none() || field.name.ends_with("_name") || field.name.ends_with("_half_width");
    if free_text {
        "auto"
    } else {
        "ltr"
    }
}

/// The copy button of `field` (also what hydration adds to server-rendered markup).
pub fn copy_button(field: &Field, copy_text: &str) -> Element {
    Element::text("button", "btc-copy", copy_text)
        .attr("type", "button")
        .attr("data-copy-for", &field.name)
        .attr("aria-label", &field.copy_label)
}

/// The EPC QR code as SVG: one path of dark modules, with a caption; without `drawing`, an
/// empty one to draw into (its `viewBox` and its path's `d`).
fn qr_figure(qr: &super::Qr, drawing: Option<&super::QrDrawing>) -> Element {
    let mut svg = Element::new("svg", "btc-qr-code").attr("xmlns", "http://www.w3.org/2000/svg");
    if let Some(drawing) = drawing {
        svg = svg.attr("viewBox", &drawing.viewbox);
    }
    let mut svg = svg.attr("role", "img").attr("aria-label", qr.caption).attr("shape-rendering", "crispEdges");
    svg.svg = true;
    let mut background = Element::new("rect", "").attr("width", "100%").attr("height", "100%").attr("fill", "#fff");
    background.svg = true;
    let mut path = Element::new("path", "").attr("d", drawing.map_or("", |d| &d.path)).attr("fill", "#000");
    path.svg = true;
    svg.push(background);
    svg.push(path);
    let mut figure = Element::new("figure", "btc-qr").attr("data-field", "epc_qr");
    figure.push(svg);
    figure.push(Element::text("figcaption", "btc-qr-caption", qr.caption));
    figure
}

/// The whole section as HTML: `<section class="btc" lang dir aria-label>…</section>`. Every
/// text and attribute value is escaped here, so no data can become markup.
pub fn to_html(view: &View, heading_level: u8, mode: Mode) -> String {
    let mut section = Element::new("section", "btc");
    for (name, value) in root_attrs(view) {
        section = section.attr(name, value);
    }
    for el in instructions(view, heading_level, mode) {
        section.push(el);
    }
    let mut out = String::new();
    write_element(&mut out, &section);
    out
}

/// `el` as HTML (for callers with their own root, like the hosted page and the email).
pub fn element_html(el: &Element) -> String {
    let mut out = String::new();
    write_element(&mut out, el);
    out
}

fn write_element(out: &mut String, el: &Element) {
    out.push('<');
    out.push_str(el.tag);
    for (name, value) in &el.attrs {
        out.push(' ');
        out.push_str(name);
        out.push_str("=\"");
        escape_into(out, value);
        out.push('"');
    }
    out.push('>');
    for child in &el.children {
        match child {
            Node::Element(child) => write_element(out, child),
            Node::Text(text) => escape_into(out, text),
        }
    }
    // `path` and `rect` may self-close in SVG; a closing tag is valid for them too.
    out.push_str("</");
    out.push_str(el.tag);
    out.push('>');
}

/// Text and attribute values: the five characters that could end either.
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}
