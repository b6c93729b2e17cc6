//! The view model: every text the customer sees, already localized and formatted, with the
//! `data-field` name and copy value of each field. The DOM layer only turns this into elements.

use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;
mod actions;
mod format;
pub mod markup;

pub use actions::decimal;
pub use format::compact;

use crate::i18n::{Lang, Msg};
use crate::model::{AddressType, FieldKind, FieldSpec, FinancialAddress, Instructions, Money, Value};

/// Locale-aware formatting the browser does best (`Intl` in the Wasm glue; a fake in tests).
pub trait Intl {
    /// The amount with its currency, as the customer reads it (`10,99 €`).
    fn money(&self, money: &Money) -> String;
    /// The amount as typed into a bank's amount field: locale decimal separator, no grouping,
    /// no currency (`10,99`; `19000` for JPY).
    fn plain_amount(&self, money: &Money) -> String;
    /// The country's name for an ISO 3166 code, in the customer's language.
    fn region(&self, code: &str) -> Option<String>;
}

/// A country's name in `lang`, for an ISO 3166 code: from the tables for the countries of
/// Stripe's bank details (`country_*`, CLDR's names), else from `Intl` (the server's ICU4X; the
/// browser's module asks no `Intl.DisplayNames`), else the code. Tables because the first
/// `Intl.DisplayNames` on a page cost ~3 ms of its first render (ICU loads its region names),
/// and so that the server and the browser show the same name.
pub fn country_name(lang: Lang, intl: &dyn Intl, code: &str) -> String {
    let code = code.trim();
    // A loop over data rather than a `match`: fewer Wasm bytes.
    for (iso, msg) in TABLE_COUNTRIES {
        if code.as_bytes().eq_ignore_ascii_case(iso) {
            return lang.text(msg).to_owned();
        }
    }
    intl.region(code).unwrap_or_else(|| code.to_owned())
}

const TABLE_COUNTRIES: [(&[u8; 2], Msg); 10] = [
    (b"DE", Msg::CountryDe),
    (b"FR", Msg::CountryFr),
    (b"IE", Msg::CountryIe),
    (b"NL", Msg::CountryNl),
    (b"US", Msg::CountryUs),
    (b"GB", Msg::CountryGb),
    (b"JP", Msg::CountryJp),
    (b"MX", Msg::CountryMx),
    // No longer offered for new accounts, but customers' older IBANs can be from there.
    (b"BE", Msg::CountryBe),
    (b"ES", Msg::CountryEs),
];

#[derive(Clone, Debug, PartialEq)]
pub struct View {
    pub lang: Lang,
    pub title: &'static str,
    pub intro: &'static str,
    pub amount: Option<Field>,
    pub reference: Option<Field>,
    pub reference_hint: Option<&'static str>,
    pub sections: Vec<Section>,
    /// One per address that cannot be shown (unknown type).
    pub notices: Vec<Notice>,
    pub arrival_note: &'static str,
    pub hosted_link: Option<Link>,
    /// Visible text of every copy button.
    pub copy_text: &'static str,
    /// Announced after a successful copy. Short on purpose: the customer just pressed
    /// "Copy IBAN", so the field is known.
    pub copied: &'static str,
    /// Announced when the clipboard refuses.
    pub copy_failed: &'static str,
    /// What to watch for on this network, in this language (name checks, charges…).
    pub warnings: Vec<Warning>,
    /// The EPC QR code, for EUR instructions with an IBAN.
    pub qr: Option<Qr>,
    /// Every detail as labelled lines, for "Copy all" and sharing.
    pub copy_all: String,
    pub copy_all_text: &'static str,
    pub print_text: &'static str,
    pub share_text: &'static str,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Warning {
    /// Stable id (`data-warning`): `name_match_sepa`, `name_match_uk`, `swift_charges`,
    /// `exact_amount_jp`, `overpayment`.
    pub kind: &'static str,
    pub text: &'static str,
}

/// The EPC QR code: its payload and caption. Drawing it ([`QrDrawing::of`]) is the costliest part
/// of a render (a QR encoder trying eight masks), so the browser draws it after the first paint.
#[derive(Clone, Debug, PartialEq)]
pub struct Qr {
    /// The EPC069-12 payload the code holds.
    pub payload: String,
    pub caption: &'static str,
}

/// A drawn QR code, as SVG.
#[derive(Clone, Debug, PartialEq)]
pub struct QrDrawing {
    /// `0 0 n n`: the modules per side, with four modules of quiet zone on each side.
    pub viewbox: String,
    /// Path data of the dark modules, quiet zone included in the coordinates.
    pub path: String,
}

impl QrDrawing {
    /// The code of an EPC payload (error correction M, version ≤ 13, where any EPC payload of
    /// at most 331 bytes fits).
    pub fn of(payload: &str) -> Option<QrDrawing> {
        let (size, path) = crate::epc::qr_path(payload)?;
        let side = decimal(size + 8);
        Some(QrDrawing { viewbox: ["0 0 ", &side, " ", &side].concat(), path })
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// Schema path, the public `data-field` value: `amount_remaining`, `iban.iban`…
    pub name: String,
    pub label: &'static str,
    /// What is shown; lines are separated by `\n`.
    pub display: String,
    /// What the copy button copies; `None` when the field has no copy button.
    pub copy: Option<String>,
    /// The copy button's accessible name ("Copy IBAN").
    pub copy_label: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub address_type: AddressType,
    pub heading: &'static str,
    /// When to use this address rather than another (US: domestic vs international).
    pub hint: Option<&'static str>,
    pub fields: Vec<Field>,
    pub networks_heading: &'static str,
    pub networks: Vec<Network>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Network {
    pub name: String,
    /// Expected settlement time; `None` for a network this version does not know.
    pub settlement: Option<&'static str>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    /// The address `type` we could not show, for the merchant's debugging (`data-address-type`).
    pub address_type: String,
    pub text: &'static str,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    pub href: String,
    pub text: &'static str,
}

impl View {
    /// The fields in the order they are rendered: amount, reference, then each section's.
    pub fn fields(&self) -> Vec<&Field> {
        let mut out = Vec::new();
        for field in [&self.amount, &self.reference].into_iter().flatten() {
            out.push(field);
        }
        for section in &self.sections {
            for field in &section.fields {
                out.push(field);
            }
        }
        out
    }

    /// Everything the page shows except the fields' values, as one string: two views with the
    /// same key differ only in values shown and copied (a partial payment changes the amount,
    /// nothing else), so the page can be patched in place. A string rather than a derived
    /// comparison of the whole view, which costs more Wasm than the render it saves.
    pub fn layout_key(&self) -> String {
        let mut key = String::new();
        let mut add = |part: &str| push_part(&mut key, part);
        for part in [self.lang.code(), self.title, self.intro, self.reference_hint.unwrap_or(""), self.arrival_note] {
            add(part);
        }
        for part in [self.copy_text, self.copied, self.copy_failed] {
            add(part);
        }
        if let Some(link) = &self.hosted_link {
            add(&link.href);
            add(link.text);
        }
        for notice in &self.notices {
            add(&notice.address_type);
            add(notice.text);
        }
        for warning in &self.warnings {
            add(warning.text);
        }
        for part in [self.copy_all_text, self.print_text, self.share_text] {
            add(part);
        }
        // The code itself is drawn in place (its size and path follow the amount).
        if let Some(qr) = &self.qr {
            add(qr.caption);
        }
        for section in &self.sections {
            add(section.address_type.as_str());
            add(section.heading);
            add(section.hint.unwrap_or(""));
            add(section.networks_heading);
            for network in &section.networks {
                add(&network.name);
                add(network.settlement.unwrap_or(""));
            }
            add("|");
        }
        for field in self.fields() {
            add(&field.name);
            add(field.label);
            add(&field.copy_label);
            // A value that gains or loses lines changes its element's class.
            add(if field.display.contains('\n') { "multiline" } else { "line" });
        }
        key
    }
}

#[inline(never)]
fn push_part(key: &mut String, part: &str) {
    key.push_str(part);
    key.push('\u{1f}');
}

pub fn build(instructions: &Instructions, lang: Lang, intl: &dyn Intl) -> View {
    let t = |msg| lang.text(msg);
    let amount = instructions.amount.map(|money| {
        field(lang, "amount_remaining".into(), t(Msg::Amount), intl.money(&money), Some(intl.plain_amount(&money)))
    });
    let reference = instructions
        .reference
        .as_ref()
        .map(|r| field(lang, "reference".into(), t(Msg::Reference), r.clone(), Some(compact(r))));
    let mut sections = Vec::new();
    let mut notices = Vec::new();
    for address in &instructions.addresses {
        match address {
            FinancialAddress::Known { address_type, fields, networks } => {
                sections.push(section(lang, intl, *address_type, fields, networks))
            }
            FinancialAddress::Unsupported { type_name } => {
                notices.push(Notice { address_type: type_name.clone(), text: t(Msg::UnknownAddress) })
            }
        }
    }
    let warnings = actions::warnings(lang, instructions);
    let qr = actions::qr(lang, instructions);
    let mut view = View {
        lang,
        title: t(Msg::Title),
        intro: t(Msg::Intro),
        reference_hint: reference.as_ref().map(|_| t(Msg::ReferenceHint)),
        amount,
        reference,
        sections,
        notices,
        arrival_note: t(Msg::ArrivalNote),
        hosted_link: instructions
            .hosted_instructions_url
            .as_ref()
            .map(|href| Link { href: href.clone(), text: t(Msg::HostedLink) }),
        copy_text: t(Msg::Copy),
        copied: t(Msg::Copied),
        copy_failed: t(Msg::CopyFailed),
        warnings,
        qr,
        copy_all: String::new(),
        copy_all_text: t(Msg::CopyAll),
        print_text: t(Msg::Print),
        share_text: t(Msg::Share),
    };
    view.copy_all = actions::copy_all(&view);
    view
}

fn field(lang: Lang, name: String, label: &'static str, display: String, copy: Option<String>) -> Field {
    let copy_label = match copy {
        Some(_) => lang.fill(Msg::CopyLabel, &[("label", label)]),
        None => String::new(),
    };
    Field { name, label, display, copy, copy_label }
}

fn section(
    lang: Lang,
    intl: &dyn Intl,
    address_type: AddressType,
    values: &[(FieldSpec, Value)],
    networks: &[String],
) -> Section {
    let (heading, hint) = match address_type {
        AddressType::Aba => (Msg::HeadingAba, Some(Msg::HintAba)),
        AddressType::Swift => (Msg::HeadingSwift, Some(Msg::HintSwift)),
        AddressType::SortCode => (Msg::HeadingSortCode, None),
        AddressType::Iban => (Msg::HeadingIban, None),
        AddressType::Zengin => (Msg::HeadingZengin, None),
        AddressType::Spei => (Msg::HeadingSpei, None),
    };
    let region = |code: &str| country_name(lang, intl, code);
    // Loops rather than iterator chains here and below: same behaviour, less generic code in Wasm.
    let mut fields = Vec::with_capacity(values.len());
    for (spec, value) in values {
        let (display, copy) = match (spec.kind, value) {
            (FieldKind::AccountType, Value::Text(raw)) => (account_type(lang, raw), None),
            (FieldKind::Country, Value::Text(raw)) => (region(raw), None),
            (kind, Value::Text(raw)) => format::text_field(kind, raw),
            (_, Value::Postal(address)) => (format::postal_text(address, region), None),
        };
        let name = [address_type.as_str(), ".", spec.name].concat();
        let label = field_label(spec.name).map_or(spec.name, |msg| lang.text(msg));
        // Japanese bank forms ask for the holder's name in half-width katakana: a second row.
        let half_width = match (address_type, spec.name, value) {
            (AddressType::Zengin, "account_holder_name", Value::Text(raw)) => crate::kana::half_width(raw),
            _ => None,
        };
        fields.push(field(lang, name.clone(), label, display, copy));
        if let Some(half) = half_width {
            let label = lang.text(Msg::FieldAccountHolderNameHalfWidth);
            fields.push(field(lang, [name.as_str(), "_half_width"].concat(), label, half.clone(), Some(half)));
        }
    }
    let mut network_list = Vec::with_capacity(networks.len());
    for id in networks {
        network_list.push(network(lang, id));
    }
    Section {
        address_type,
        heading: lang.text(heading),
        hint: hint.map(|h| lang.text(h)),
        fields,
        networks_heading: lang.text(Msg::Networks),
        networks: network_list,
    }
}

// Lookup tables rather than `match` on strings: a table is data, a string match is code
// (one comparison chain per arm), and this module ships in every merchant's download.

const FIELD_LABELS: [(&str, Msg); 16] = [
    ("account_holder_name", Msg::FieldAccountHolderName),
    ("account_number", Msg::FieldAccountNumber),
    ("account_type", Msg::FieldAccountType),
    ("routing_number", Msg::FieldRoutingNumber),
    ("bank_name", Msg::FieldBankName),
    ("swift_code", Msg::FieldSwiftCode),
    ("bic", Msg::FieldBic),
    ("iban", Msg::FieldIban),
    ("country", Msg::FieldCountry),
    ("sort_code", Msg::FieldSortCode),
    ("bank_code", Msg::FieldBankCode),
    ("branch_code", Msg::FieldBranchCode),
    ("branch_name", Msg::FieldBranchName),
    ("clabe", Msg::FieldClabe),
    ("account_holder_address", Msg::FieldAccountHolderAddress),
    ("bank_address", Msg::FieldBankAddress),
];

const ACCOUNT_TYPES: [(&str, Msg); 4] = [
    ("futsu", Msg::AccountTypeFutsu),
    ("toza", Msg::AccountTypeToza),
    ("checking", Msg::AccountTypeChecking),
    ("savings", Msg::AccountTypeSavings),
];

/// Network id → (name, expected settlement time).
const NETWORKS: [(&str, Msg, Msg); 9] = [
    ("ach", Msg::NetworkAch, Msg::SettleAch),
    ("domestic_wire_us", Msg::NetworkDomesticWireUs, Msg::SettleDomesticWireUs),
    ("swift", Msg::NetworkSwift, Msg::SettleSwift),
    ("bacs", Msg::NetworkBacs, Msg::SettleBacs),
    ("fps", Msg::NetworkFps, Msg::SettleFps),
    ("chaps", Msg::NetworkChaps, Msg::SettleChaps),
    ("sepa", Msg::NetworkSepa, Msg::SettleSepa),
    ("zengin", Msg::NetworkZengin, Msg::SettleZengin),
    ("spei", Msg::NetworkSpei, Msg::SettleSpei),
];

/// `None` is not reached with our schema table (a test checks); the raw name beats a crash.
fn field_label(name: &str) -> Option<Msg> {
    FIELD_LABELS.iter().find(|(n, _)| *n == name).map(|(_, msg)| *msg)
}

fn account_type(lang: Lang, raw: &str) -> String {
    match ACCOUNT_TYPES.iter().find(|(id, _)| id.eq_ignore_ascii_case(raw)) {
        Some((_, msg)) => lang.text(*msg).to_owned(),
        None => raw.to_owned(),
    }
}

fn network(lang: Lang, id: &str) -> Network {
    match NETWORKS.iter().find(|(n, _, _)| *n == id) {
        Some((_, name, settlement)) => {
            Network { name: lang.text(*name).to_owned(), settlement: Some(lang.text(*settlement)) }
        }
        None => Network { name: id.to_owned(), settlement: None },
    }
}

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;
