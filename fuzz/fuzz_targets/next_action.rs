//! Arbitrary bytes → JSON → `next_action` parser → view model, in every language. Checked, not
//! just run: no panic; every copy value equals its display with separators removed; every
//! non-empty string field of a known address type appears exactly once in the view, and
//! nothing else does (no value dropped, none invented).
#![no_main]

use bank_transfer_core::json::Json;
use bank_transfer_core::kana;
use bank_transfer_core::model::{self, AddressType, FieldKind, Money};
use bank_transfer_core::view::{self, compact, Intl, View};
use bank_transfer_core::Lang;
use libfuzzer_sys::fuzz_target;

struct FakeIntl;

impl Intl for FakeIntl {
    fn money(&self, money: &Money) -> String {
        format!("{} {}", money.currency.code(), money.decimal())
    }
    fn plain_amount(&self, money: &Money) -> String {
        money.decimal()
    }
    fn region(&self, code: &str) -> Option<String> {
        (code == "NL").then(|| "Netherlands".to_owned())
    }
}

fuzz_target!(|data: &[u8]| {
    let mut de = serde_json::Deserializer::from_slice(data);
    let Ok(json) = Json::from_deserializer(&mut de) else { return };
    let Ok(instructions) = model::parse(&json) else { return };
    for lang in Lang::ALL {
        let view = view::build(&instructions, lang, &FakeIntl);
        let _ = view.layout_key();
        check_separators(&view);
        check_addresses(&json, &view);
    }
});

/// Display without spaces and dashes = the copy value (for codes exactly; for names and other
/// free text, the copy keeps its inner spaces, so both sides are compared compacted).
fn check_separators(view: &View) {
    for field in view.fields() {
        let Some(copy) = &field.copy else { continue };
        if field.name == "amount_remaining" {
            continue; // display has the currency, copy is the bare decimal: checked by unit tests
        }
        assert_eq!(compact(&field.display), compact(copy), "{}", field.name);
    }
}

/// The `display_bank_transfer_instructions` object the parser used (it accepted the input).
fn inner(json: &Json) -> &Json {
    if let Some(inner) = json.get("display_bank_transfer_instructions") {
        return inner;
    }
    if json.get("object").and_then(Json::as_str) == Some("payment_intent") {
        if let Some(next) = json.get("next_action") {
            return next.get("display_bank_transfer_instructions").unwrap_or(next);
        }
    }
    json
}

fn text(value: Option<&Json>) -> Option<&str> {
    value?.as_str().map(str::trim).filter(|s| !s.is_empty())
}

fn check_addresses(json: &Json, view: &View) {
    let Some(Json::Array(addresses)) = inner(json).get("financial_addresses") else {
        assert!(view.sections.is_empty() && view.notices.is_empty());
        return;
    };
    let mut sections = view.sections.iter();
    let mut notices = 0;
    for address in addresses {
        let type_name = text(address.get("type")).unwrap_or("");
        let record = address.get(type_name).filter(|r| r.is_object());
        let (Some(address_type), Some(record)) = (AddressType::parse(type_name), record) else {
            notices += 1;
            continue;
        };
        let section = sections.next().expect("a section for every known address");
        assert_eq!(section.address_type, address_type);
        let mut expected = 0;
        for spec in address_type.fields() {
            let raw = record.get(spec.name);
            let name = format!("{}.{}", address_type.as_str(), spec.name);
            let shown: Vec<_> = section.fields.iter().filter(|f| f.name == name).collect();
            let present = match spec.kind {
                FieldKind::PostalAddress => raw.is_some_and(|a| {
                    ["line1", "line2", "postal_code", "city", "state", "country"]
                        .iter()
                        .any(|k| text(a.get(k)).is_some())
                }),
                _ => text(raw).is_some(),
            };
            assert_eq!(shown.len(), usize::from(present), "{name} shown {} times", shown.len());
            if !present {
                continue;
            }
            expected += 1;
            let field = shown[0];
            let raw = text(raw).unwrap_or("");
            // Derived, not invented: a Japanese holder name also in half-width katakana.
            if (address_type, spec.name) == (AddressType::Zengin, "account_holder_name") {
                if let Some(half) = kana::half_width(raw) {
                    let derived: Vec<_> =
                        section.fields.iter().filter(|f| f.name == format!("{name}_half_width")).collect();
                    assert_eq!(derived.len(), 1, "{name}: one half-width copy");
                    assert_eq!(
                        (derived[0].display.as_str(), derived[0].copy.as_deref()),
                        (half.as_str(), Some(half.as_str()))
                    );
                    expected += 1;
                }
            }
            match spec.kind {
                FieldKind::Text => {
                    assert_eq!(field.display, raw, "{name}: shown as received");
                    assert_eq!(field.copy.as_deref(), Some(raw), "{name}: copied as received");
                }
                FieldKind::Code | FieldKind::SortCode | FieldKind::Clabe => {
                    assert_eq!(field.copy.as_deref(), Some(compact(raw).as_str()), "{name}");
                }
                FieldKind::Iban => {
                    assert_eq!(field.copy.as_deref(), Some(compact(raw).to_ascii_uppercase().as_str()), "{name}");
                }
                FieldKind::AccountType | FieldKind::Country | FieldKind::PostalAddress => {
                    assert!(!field.display.is_empty() && field.copy.is_none(), "{name}");
                }
            }
        }
        assert_eq!(section.fields.len(), expected, "no field invented in {}", address_type.as_str());
    }
    assert!(sections.next().is_none(), "no section invented");
    assert_eq!(view.notices.len(), notices);
}
