use super::*;
use crate::json::Json;
use crate::model;
#[allow(unused_imports)]
use std::{borrow::ToOwned, format, string::String, string::ToString, vec, vec::Vec};

/// Stands in for the browser's `Intl`, with visibly fake output so tests show what came from it.
struct FakeIntl;

impl Intl for FakeIntl {
    fn money(&self, money: &Money) -> String {
        format!("{} {}", money.currency.code(), money.decimal())
    }
    fn plain_amount(&self, money: &Money) -> String {
        money.decimal()
    }
    fn region(&self, code: &str) -> Option<String> {
        match code {
            "NL" => Some("Netherlands".into()),
            "GB" => Some("United Kingdom".into()),
            "US" => Some("United States".into()),
            "CA" => Some("Canada".into()),
            _ => None,
        }
    }
}

fn view_of_example(example: &str, lang: Lang) -> View {
    let json: Json = serde_json::from_str(example).unwrap();
    let next_action = json.get("next_action").unwrap();
    build(&model::parse(next_action).unwrap(), lang, &FakeIntl)
}

fn every_field(lang: Lang) -> View {
    let json: Json = serde_json::from_str(include_str!("../../../tests/fixtures/every_field.json")).unwrap();
    build(&model::parse(&json).unwrap(), lang, &FakeIntl)
}

/// (data-field, display, copy) of each field of a section.
fn rows(section: &Section) -> Vec<(&str, &str, Option<&str>)> {
    section.fields.iter().map(|f| (f.name.as_str(), f.display.as_str(), f.copy.as_deref())).collect()
}

const EU: &str = include_str!("../../../reference/examples/next_action.eu_bank_transfer.docs.json");
const GB: &str = include_str!("../../../reference/examples/next_action.gb_bank_transfer.docs.json");
const GB_SANDBOX: &str = include_str!("../../../reference/examples/next_action.gb_bank_transfer.captured_sandbox.json");
const JP: &str = include_str!("../../../reference/examples/next_action.jp_bank_transfer.docs.json");
const MX: &str = include_str!("../../../reference/examples/next_action.mx_bank_transfer.docs.json");
const US: &str = include_str!("../../../reference/examples/next_action.us_bank_transfer.docs.json");

#[test]
fn eu_iban_is_grouped_for_reading_and_copied_raw() {
    let view = view_of_example(EU, Lang::En);
    let amount = view.amount.as_ref().unwrap();
    assert_eq!(
        (amount.name.as_str(), amount.display.as_str(), amount.copy.as_deref()),
        ("amount_remaining", "EUR 10.99", Some("10.99"))
    );
    assert_eq!(amount.copy_label, "Copy Amount to send");
    let reference = view.reference.as_ref().unwrap();
    assert_eq!((reference.display.as_str(), reference.copy.as_deref()), ("DVGBG97TZ6ZV", Some("DVGBG97TZ6ZV")));
    assert_eq!(view.reference_hint, Some("Include this reference in the reference or memo field of your transfer, so that your payment can be matched to your order."));
    assert_eq!(view.sections.len(), 1);
    let section = &view.sections[0];
    assert_eq!(section.heading, "Bank details (IBAN)");
    assert_eq!(
        rows(section),
        [
            ("iban.account_holder_name", "Demo Test Inc.", Some("Demo Test Inc.")),
            ("iban.iban", "NL40 CITI 7000 7995 56", Some("NL40CITI7000799556")),
            ("iban.bic", "CITINL2XXXX", Some("CITINL2XXXX")),
            ("iban.country", "Netherlands", None),
        ]
    );
    assert_eq!(section.fields[1].copy_label, "Copy IBAN");
    assert_eq!(view.copied, "Copied");
    assert_eq!(
        section.networks,
        [Network {
            name: "SEPA transfer".into(),
            settlement: Some("SEPA Instant: seconds, at most 30 minutes where your bank supports it. Otherwise a standard SEPA transfer; weekends and bank holidays can delay it.")
        }]
    );
    let link = view.hosted_link.as_ref().unwrap();
    assert!(link.href.starts_with("https://payments.stripe.com/bank_transfers/instructions/test_"));
    assert_eq!(link.text, "Open these instructions on a separate page");
}

#[test]
fn gb_sort_code_is_dashed() {
    let view = view_of_example(GB, Lang::En);
    assert_eq!(view.amount.as_ref().unwrap().display, "GBP 10.99");
    assert_eq!(
        rows(&view.sections[0]),
        [
            ("sort_code.account_holder_name", "Demo Test Inc.", Some("Demo Test Inc.")),
            ("sort_code.sort_code", "20-00-00", Some("200000")),
            ("sort_code.account_number", "98765432", Some("98765432")),
        ]
    );
    let networks: Vec<(&str, Option<&str>)> =
        view.sections[0].networks.iter().map(|n| (n.name.as_str(), n.settlement)).collect();
    assert_eq!(networks, [("Bacs", Some("Up to 5 days")), ("Faster Payments", Some("Within 15 minutes"))]);
}

#[test]
fn gb_sandbox_example_shows_both_postal_addresses() {
    let view = view_of_example(GB_SANDBOX, Lang::En);
    assert_eq!(view.amount.as_ref().unwrap().display, "GBP 79.00");
    assert_eq!(
        rows(&view.sections[0]),
        [
            ("sort_code.account_holder_name", "Drill Jobs sandbox", Some("Drill Jobs sandbox")),
            ("sort_code.sort_code", "10-88-00", Some("108800")),
            ("sort_code.account_number", "19866865", Some("19866865")),
            ("sort_code.account_holder_address", "9th Floor, 107 Cheapside\nLondon\nEC2V6DN\nUnited Kingdom", None),
            ("sort_code.bank_address", "1 CHURCHILL PLACE\nLondon\nEngland\nE14 5HP\nUnited Kingdom", None),
        ]
    );
}

#[test]
fn jp_amount_is_not_divided_and_there_is_no_reference() {
    let view = view_of_example(JP, Lang::Ja);
    let amount = view.amount.as_ref().unwrap();
    assert_eq!((amount.display.as_str(), amount.copy.as_deref()), ("JPY 19000", Some("19000")));
    assert_eq!(amount.label, "お振込金額");
    assert_eq!((view.reference.as_ref(), view.reference_hint), (None, None));
    assert_eq!(
        rows(&view.sections[0]),
        [
            ("zengin.bank_name", "三井住友銀行", Some("三井住友銀行")),
            ("zengin.bank_code", "0009", Some("0009")),
            ("zengin.branch_name", "東京第二", Some("東京第二")),
            ("zengin.branch_code", "950", Some("950")),
            ("zengin.account_type", "普通", None),
            ("zengin.account_number", "1234567", Some("1234567")),
            (
                "zengin.account_holder_name",
                "ストライプジャパン（カ　シュウノウダイコウ",
                Some("ストライプジャパン（カ　シュウノウダイコウ")
            ),
            // What Japanese bank forms ask for: the same name in half-width katakana.
            ("zengin.account_holder_name_half_width", "ｽﾄﾗｲﾌﾟｼﾞｬﾊﾟﾝ(ｶ ｼｭｳﾉｳﾀﾞｲｺｳ", Some("ｽﾄﾗｲﾌﾟｼﾞｬﾊﾟﾝ(ｶ ｼｭｳﾉｳﾀﾞｲｺｳ")),
        ]
    );
    assert_eq!(view.sections[0].fields[6].copy_label, "口座名義をコピー");
    assert_eq!(view.sections[0].networks[0].name, "全銀振込");
}

#[test]
fn jp_account_types_are_localized() {
    let en = view_of_example(JP, Lang::En);
    assert_eq!(en.sections[0].fields[4].display, "Ordinary (futsu)");
    let toza = JP.replace("\"futsu\"", "\"toza\"");
    assert_eq!(view_of_example(&toza, Lang::Ja).sections[0].fields[4].display, "当座");
    let other = JP.replace("\"futsu\"", "\"chochiku\"");
    assert_eq!(view_of_example(&other, Lang::Ja).sections[0].fields[4].display, "chochiku");
}

#[test]
fn mx_clabe_is_grouped() {
    let view = view_of_example(MX, Lang::Es);
    assert_eq!(view.amount.as_ref().unwrap().display, "MXN 10.99");
    assert_eq!(view.reference.as_ref().unwrap().display, "123456");
    assert_eq!(
        rows(&view.sections[0]),
        [
            ("spei.clabe", "002 180 65061234567 0", Some("002180650612345670")),
            ("spei.bank_name", "BANAMEX", Some("BANAMEX")),
            ("spei.bank_code", "002", Some("002")),
        ]
    );
    assert_eq!(view.sections[0].fields[0].label, "CLABE");
    assert_eq!(view.sections[0].fields[0].copy_label, "Copiar CLABE");
}

#[test]
fn us_has_a_domestic_and_an_international_section() {
    let view = view_of_example(US, Lang::En);
    assert_eq!(view.amount.as_ref().unwrap().display, "USD 10.99");
    let [aba, swift] = view.sections.as_slice() else { panic!("two sections") };
    assert_eq!(
        (aba.heading, aba.hint),
        ("Transfer from a bank in the United States", Some("Use these details for ACH and domestic wire transfers."))
    );
    assert_eq!(
        (swift.heading, swift.hint),
        (
            "Transfer from a bank outside the United States",
            Some("Use these details for international (SWIFT) wire transfers.")
        )
    );
    assert_eq!(
        rows(aba),
        [
            ("aba.bank_name", "Wells Fargo Bank, NA", Some("Wells Fargo Bank, NA")),
            ("aba.routing_number", "444555666", Some("444555666")),
            ("aba.account_number", "111222333444", Some("111222333444")),
        ]
    );
    assert_eq!(
        rows(swift),
        [
            ("swift.bank_name", "Wells Fargo Bank, NA", Some("Wells Fargo Bank, NA")),
            ("swift.swift_code", "AAAA-BB-CC-123", Some("AAAABBCC123")),
            ("swift.account_number", "111222333444", Some("111222333444")),
        ]
    );
    let networks: Vec<(&str, Option<&str>)> = aba.networks.iter().map(|n| (n.name.as_str(), n.settlement)).collect();
    assert_eq!(
        networks,
        [
            ("ACH", Some("1–3 business days")),
            ("Domestic wire (US)", Some("Same day if sent before your bank's cut-off time"))
        ]
    );
    assert_eq!(swift.networks[0].settlement, Some("1–5 business days"));
}

#[test]
fn every_field_of_every_type_renders_in_every_locale() {
    for lang in Lang::ALL {
        let view = every_field(lang);
        assert_eq!(view.sections.len(), 6, "{lang:?}");
        for section in &view.sections {
            // The schema's fields, plus the half-width name where a holder name is in katakana.
            let names: Vec<String> =
                section.fields.iter().map(|f| f.name.clone()).filter(|n| !n.ends_with("_half_width")).collect();
            let expected: Vec<String> = section
                .address_type
                .fields()
                .iter()
                .map(|s| format!("{}.{}", section.address_type.as_str(), s.name))
                .collect();
            assert_eq!(names, expected, "{lang:?}");
            for field in section.fields.iter().filter(|f| !f.name.ends_with("_half_width")) {
                let bare = field.name.split('.').nth(1).unwrap();
                let label_msg = field_label(bare).unwrap_or_else(|| panic!("no label for {bare}"));
                assert_eq!(field.label, lang.text(label_msg));
                assert!(!field.display.is_empty(), "{lang:?} {}", field.name);
                assert_eq!(field.copy.is_some(), !field.copy_label.is_empty());
            }
            assert!(section.networks.iter().all(|n| n.settlement.is_some()), "{lang:?}");
            assert!(!section.heading.is_empty());
        }
    }
}

#[test]
fn every_schema_field_has_a_label_of_its_own() {
    let mut seen: Vec<(&str, Msg)> = Vec::new();
    for address_type in AddressType::ALL {
        for spec in address_type.fields() {
            let msg = field_label(spec.name).unwrap_or_else(|| panic!("no label for {}", spec.name));
            if let Some((name, _)) = seen.iter().find(|(n, m)| *m == msg && *n != spec.name) {
                panic!("{} and {name} share a label", spec.name);
            }
            seen.push((spec.name, msg));
        }
    }
}

#[test]
fn every_field_values_in_german() {
    let view = every_field(Lang::De);
    assert_eq!(view.title, "Per Banküberweisung bezahlen");
    assert_eq!(view.amount.as_ref().unwrap().display, "MXN 2500.00");
    assert_eq!(view.reference.as_ref().unwrap().display, "REF-123 456");
    assert_eq!(view.reference.as_ref().unwrap().copy.as_deref(), Some("REF123456"));
    let aba = &view.sections[0];
    assert_eq!(
        rows(aba),
        [
            ("aba.account_holder_name", "Example Merchant LLC", Some("Example Merchant LLC")),
            ("aba.bank_name", "Wells Fargo Bank, NA", Some("Wells Fargo Bank, NA")),
            ("aba.routing_number", "121000248", Some("121000248")),
            ("aba.account_number", "111222333444", Some("111222333444")),
            ("aba.account_type", "Girokonto", None),
            ("aba.account_holder_address", "420 Montgomery St\nSan Francisco, CA 94104\nVereinigte Staaten", None),
            ("aba.bank_address", "464 California St\nFloor 2\nSan Francisco, CA 94104\nVereinigte Staaten", None),
        ]
    );
    assert_eq!(aba.fields[2].copy_label, "Routing-Nummer (ABA) kopieren");
    let sort_code = &view.sections[2];
    let chaps = &sort_code.networks[2];
    assert_eq!(
        (chaps.name.as_str(), chaps.settlement),
        ("CHAPS", Some("Für diese Zahlung nicht möglich: Bitte wählen Sie einen anderen Weg"))
    );
    // The countries of Stripe's bank details are named from the tables, in the view's language.
    assert_eq!(view.sections[4].fields[9].display, "1-1-2 Marunouchi\n100-0005 Chiyoda-ku\nTokyo\nJapan");
}

#[test]
fn country_names_come_from_the_tables_then_intl_then_the_code() {
    // Tables: any case, stray whitespace; the language's own name.
    assert_eq!(country_name(Lang::De, &FakeIntl, "NL"), "Niederlande");
    assert_eq!(country_name(Lang::Fr, &FakeIntl, " de "), "Allemagne");
    assert_eq!(country_name(Lang::Ja, &FakeIntl, "ie"), "アイルランド");
    assert_eq!(country_name(Lang::En, &FakeIntl, "MX"), "Mexico");
    assert_eq!(country_name(Lang::Ar, &FakeIntl, "GB"), "المملكة المتحدة");
    assert_eq!(country_name(Lang::Nl, &FakeIntl, "BE"), "België");
    // Other countries: Intl's name (FakeIntl knows CA), else the code as it came.
    assert_eq!(country_name(Lang::En, &FakeIntl, "CA"), "Canada");
    assert_eq!(country_name(Lang::En, &FakeIntl, "CH"), "CH");
    assert_eq!(country_name(Lang::En, &FakeIntl, "DEU"), "DEU");
    assert_eq!(country_name(Lang::En, &FakeIntl, ""), "");
}

#[test]
fn unknown_addresses_and_networks_degrade_to_a_notice_and_a_raw_name() {
    let json: Json = serde_json::from_str(
        r#"{"amount_remaining":100,"currency":"eur","financial_addresses":[
            {"type":"paynow","paynow":{}},
            {"type":"iban","supported_networks":["sepa_instant_v2"],"iban":{"iban":"DE89370400440532013000"}}]}"#,
    )
    .unwrap();
    let view = build(&model::parse(&json).unwrap(), Lang::Fr, &FakeIntl);
    assert_eq!(
        view.notices,
        [Notice {
            address_type: "paynow".into(),
            text: "Un autre moyen de paiement est disponible mais ne peut pas être affiché ici."
        }]
    );
    assert_eq!(view.sections[0].networks, [Network { name: "sepa_instant_v2".into(), settlement: None }]);
    assert_eq!(view.sections[0].fields[0].display, "DE89 3704 0044 0532 0130 00");
    assert_eq!(view.hosted_link, None);
}

#[test]
fn an_amount_change_keeps_the_layout_other_changes_do_not() {
    let view = view_of_example(GB, Lang::En);
    let partial = view_of_example(&GB.replace("\"amount_remaining\": 1099", "\"amount_remaining\": 99"), Lang::En);
    assert_ne!(view, partial);
    assert_eq!(view.layout_key(), partial.layout_key());
    let names: Vec<&str> = partial.fields().iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "amount_remaining",
            "reference",
            "sort_code.account_holder_name",
            "sort_code.sort_code",
            "sort_code.account_number"
        ]
    );
    assert_eq!(partial.fields()[0].display, "GBP 0.99");

    let no_reference = view_of_example(&GB.replace("\"reference\": \"DVGBG97TZ6ZV\"", "\"reference\": null"), Lang::En);
    assert_ne!(view.layout_key(), no_reference.layout_key(), "a field went away");
    assert_ne!(view.layout_key(), view_of_example(GB, Lang::De).layout_key(), "another language");
    assert_ne!(view.layout_key(), view_of_example(EU, Lang::En).layout_key(), "another address type");
    let other_link = view_of_example(&GB.replace("payments.stripe.com", "pay.stripe.com"), Lang::En);
    assert_ne!(view.layout_key(), other_link.layout_key(), "another link");
}
