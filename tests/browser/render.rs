use bank_transfer_checkout::render_instructions;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::*;

const NBSP: &str = "\u{a0}";

#[wasm_bindgen_test]
fn eu_instructions_in_german() {
    let c = container();
    let view = render_instructions(c.clone().into(), next_action(EU), options("de-DE")).unwrap();
    assert_eq!(view.language().as_deref(), Some("de"));
    let root = find(&c, "section.btc");
    assert_eq!(root.get_attribute("lang").as_deref(), Some("de"));
    assert_eq!(root.get_attribute("dir").as_deref(), Some("ltr"));
    assert_eq!(text(&c, "h2"), "Per Banküberweisung bezahlen");
    assert_eq!(
        fields(&c),
        [
            ("amount_remaining".to_owned(), format!("10,99{NBSP}€")),
            ("reference".to_owned(), "DVGBG97TZ6ZV".to_owned()),
            ("iban.account_holder_name".to_owned(), "Demo Test Inc.".to_owned()),
            ("iban.iban".to_owned(), "NL40 CITI 7000 7995 56".to_owned()),
            ("iban.bic".to_owned(), "CITINL2XXXX".to_owned()),
            ("iban.country".to_owned(), "Niederlande".to_owned()),
            ("hosted_instructions_url".to_owned(), "Diese Anleitung auf einer eigenen Seite öffnen".to_owned()),
        ]
    );
    assert_eq!(find(&c, "[data-field=reference]").tag_name(), "STRONG");
    assert_eq!(find(&c, "[data-copy-for='iban.iban']").get_attribute("aria-label").as_deref(), Some("IBAN kopieren"));
    assert_eq!(text(&c, "[data-copy-for='iban.iban']"), "Kopieren");
    assert_eq!(find(&c, "[data-copy-for='iban.iban']").get_attribute("type").as_deref(), Some("button"));
    assert_eq!(text(&c, "section.btc-address h3"), "Bankverbindung (IBAN)");
    assert_eq!(text(&c, ".btc-network-name"), "SEPA-Überweisung");
    let link = find(&c, "a[data-field=hosted_instructions_url]");
    assert!(link
        .get_attribute("href")
        .unwrap()
        .starts_with("https://payments.stripe.com/bank_transfers/instructions/test_"));
    assert_eq!(link.get_attribute("target").as_deref(), Some("_blank"));
    assert_eq!(link.get_attribute("rel").as_deref(), Some("noopener noreferrer"));
    let live = find(&c, ".btc-live");
    assert_eq!(live.get_attribute("aria-live").as_deref(), Some("polite"));
}

#[wasm_bindgen_test]
fn jpy_is_not_divided_and_japan_has_no_reference() {
    let c = container();
    render_instructions(c.clone().into(), next_action(JP), options("ja-JP")).unwrap();
    assert_eq!(text(&c, "[data-field=amount_remaining]"), "￥19,000");
    assert!(c.query_selector("[data-field=reference]").unwrap().is_none());
    assert!(c.query_selector(".btc-reference-hint").unwrap().is_none());
    assert_eq!(text(&c, "[data-field='zengin.account_type']"), "普通");
    assert_eq!(text(&c, "[data-field='zengin.branch_name']"), "東京第二");
    let c = container();
    render_instructions(c.clone().into(), next_action(JP), options("en-US")).unwrap();
    assert_eq!(text(&c, "[data-field=amount_remaining]"), "¥19,000");
}

#[wasm_bindgen_test]
fn money_follows_the_full_locale_and_text_the_language() {
    let cases = [
        (GB, "en-GB", "£10.99".to_owned(), "Amount to send"),
        (EU, "fr-BE", format!("10,99{NBSP}€"), "Montant à envoyer"),
        (EU, "nl-NL", format!("€{NBSP}10,99"), "Over te maken bedrag"),
        (MX, "es-MX", "$10.99".to_owned(), "Importe a enviar"),
        (US, "en-US", "$10.99".to_owned(), "Amount to send"),
        (US, "de-CH", format!("${NBSP}10.99"), "Zu überweisender Betrag"),
    ];
    for (example, locale, amount, label) in cases {
        let c = container();
        render_instructions(c.clone().into(), next_action(example), options(locale)).unwrap();
        assert_eq!(text(&c, "[data-field=amount_remaining]"), amount, "{locale}");
        assert_eq!(text(&c, ".btc-summary dt"), label, "{locale}");
    }
}

#[wasm_bindgen_test]
fn every_field_of_every_address_type_is_rendered_with_its_copy_button() {
    let c = container();
    render_instructions(c.clone().into(), json(EVERY_FIELD), options("en")).unwrap();
    let names: Vec<String> = fields(&c).into_iter().map(|(name, _)| name).collect();
    for expected in [
        "aba.account_holder_name",
        "aba.bank_name",
        "aba.routing_number",
        "aba.account_number",
        "aba.account_type",
        "aba.account_holder_address",
        "aba.bank_address",
        "swift.swift_code",
        "swift.account_type",
        "sort_code.sort_code",
        "sort_code.account_number",
        "iban.iban",
        "iban.bic",
        "iban.country",
        "zengin.bank_code",
        "zengin.branch_code",
        "zengin.branch_name",
        "spei.clabe",
        "spei.bank_code",
        "spei.account_holder_address",
        "spei.bank_address",
    ] {
        assert!(names.iter().any(|n| n == expected), "{expected} missing from {names:?}");
    }
    assert_eq!(text(&c, "[data-field='spei.clabe']"), "002 180 65061234567 0");
    assert_eq!(text(&c, "[data-field='sort_code.sort_code']"), "10-88-00");
    assert_eq!(text(&c, "[data-field='aba.account_type']"), "Checking");
    assert_eq!(
        text(&c, "[data-field='aba.bank_address']"),
        "464 California St\nFloor 2\nSan Francisco, CA 94104\nUnited States"
    );
    // Every copy button points at a rendered value and has an accessible name.
    let buttons = c.query_selector_all("button[data-copy-for]").unwrap();
    assert_eq!(buttons.length(), 26);
    for i in 0..buttons.length() {
        let b: web_sys::Element = wasm_bindgen::JsCast::dyn_into(buttons.item(i).unwrap()).unwrap();
        let target = b.get_attribute("data-copy-for").unwrap();
        assert!(names.contains(&target));
        assert!(b.get_attribute("aria-label").unwrap().starts_with("Copy "));
    }
    // Addresses, account types and countries have no copy button.
    assert!(c.query_selector("[data-copy-for='aba.bank_address']").unwrap().is_none());
    assert!(c.query_selector("[data-copy-for='iban.country']").unwrap().is_none());
}

#[wasm_bindgen_test]
fn us_domestic_and_international_sections_are_separate() {
    let c = container();
    render_instructions(c.clone().into(), next_action(US), JsValue::UNDEFINED).unwrap();
    let headings = c.query_selector_all("section.btc-address h3").unwrap();
    assert_eq!(headings.length(), 2);
    let texts: Vec<String> = (0..2).map(|i| headings.item(i).unwrap().text_content().unwrap()).collect();
    assert_eq!(texts, ["Transfer from a bank in the United States", "Transfer from a bank outside the United States"]);
    assert_eq!(text(&c, "[data-address-type=swift] .btc-network-time"), "1–5 business days");
}

#[wasm_bindgen_test]
fn accepts_the_inner_object_a_json_string_and_a_whole_payment_intent() {
    let inner = js_sys::Reflect::get(&next_action(EU), &"display_bank_transfer_instructions".into()).unwrap();
    let string: JsValue = js_sys::JSON::stringify(&next_action(EU)).unwrap().into();
    let intent = json(EU);
    js_sys::Reflect::set(&intent, &"object".into(), &"payment_intent".into()).unwrap();
    for input in [inner, string, intent] {
        let c = container();
        render_instructions(c.clone().into(), input, options("en")).unwrap();
        assert_eq!(text(&c, "[data-field='iban.iban']"), "NL40 CITI 7000 7995 56");
    }
}

#[wasm_bindgen_test]
fn container_can_be_a_selector_and_its_old_content_is_replaced() {
    let c = container();
    c.set_id("pay-here");
    c.set_text_content(Some("Loading…"));
    render_instructions("#pay-here".into(), next_action(GB), options("en")).unwrap();
    assert_eq!(c.children().length(), 1);
    assert!(!c.text_content().unwrap().contains("Loading"));
    c.remove_attribute("id").unwrap();
}

#[wasm_bindgen_test]
fn locale_is_negotiated_by_language_and_defaults_to_the_browser() {
    for (locale, lang) in [("fr-BE", "fr"), ("es-MX", "es"), ("nl", "nl"), ("pt-BR", "en"), ("not a tag!", "en")] {
        let view = render_instructions(container().into(), next_action(EU), options(locale)).unwrap();
        assert_eq!(view.language().as_deref(), Some(lang), "{locale}");
    }
    let list = js_sys::Object::new();
    js_sys::Reflect::set(&list, &"locale".into(), &js_sys::Array::of2(&"pt".into(), &"ja".into())).unwrap();
    let view = render_instructions(container().into(), next_action(EU), list.into()).unwrap();
    assert_eq!(view.language().as_deref(), Some("ja"));
    // Headless Chromium reports en-US.
    let view = render_instructions(container().into(), next_action(EU), JsValue::UNDEFINED).unwrap();
    assert_eq!(view.language().as_deref(), Some("en"));
}

#[wasm_bindgen_test]
fn heading_level_is_configurable() {
    let c = container();
    let o = options("en");
    js_sys::Reflect::set(&o, &"headingLevel".into(), &3.into()).unwrap();
    render_instructions(c.clone().into(), next_action(US), o).unwrap();
    assert_eq!(text(&c, "h3.btc-title"), "Pay by bank transfer");
    assert_eq!(c.query_selector_all("h4.btc-address-title").unwrap().length(), 2);
}

#[wasm_bindgen_test]
fn api_strings_are_text_never_markup() {
    let hostile = r#"{"amount_remaining":100,"currency":"usd","reference":"<b id=x>REF</b>",
        "hosted_instructions_url":"javascript:window.__xss=1",
        "financial_addresses":[{"type":"aba","supported_networks":["<i>ach</i>"],"aba":{
            "bank_name":"<img src=x onerror=\"window.__xss=1\">",
            "account_holder_name":"<script>window.__xss=1</script>",
            "routing_number":"\"><svg onload=window.__xss=1>"}},
          {"type":"<img src=y onerror=window.__xss=1>"}]}"#;
    let c = container();
    render_instructions(c.clone().into(), json(hostile), options("en")).unwrap();
    assert_eq!(text(&c, "[data-field='aba.bank_name']"), "<img src=x onerror=\"window.__xss=1\">");
    assert_eq!(text(&c, "[data-field='aba.account_holder_name']"), "<script>window.__xss=1</script>");
    assert_eq!(text(&c, "[data-field=reference]"), "<b id=x>REF</b>");
    assert_eq!(text(&c, ".btc-network-name"), "<i>ach</i>");
    for tag in ["img", "script", "svg", "b", "i"] {
        assert!(c.query_selector(tag).unwrap().is_none(), "a <{tag}> element was created");
    }
    // The javascript: link was dropped, not rendered.
    assert!(c.query_selector("a").unwrap().is_none());
    let notice = find(&c, ".btc-notice");
    assert_eq!(notice.get_attribute("data-address-type").as_deref(), Some("<img src=y onerror=window.__xss=1>"));
    let window = web_sys::window().unwrap();
    assert!(js_sys::Reflect::get(&window, &"__xss".into()).unwrap().is_undefined());
}

#[wasm_bindgen_test]
fn unknown_address_types_render_a_notice_and_the_rest() {
    let c = container();
    let input = r#"{"amount_remaining":500,"currency":"eur","type":"xx_bank_transfer","financial_addresses":[
        {"type":"paynow","paynow":{"uen":"1"}},
        {"type":"iban","supported_networks":["sepa","sepa_plus"],"iban":{"iban":"DE89370400440532013000"}}]}"#;
    render_instructions(c.clone().into(), json(input), options("nl")).unwrap();
    assert_eq!(text(&c, ".btc-notice"), "Er is nog een betaalmogelijkheid, maar die kan hier niet worden getoond.");
    assert_eq!(text(&c, "[data-field='iban.iban']"), "DE89 3704 0044 0532 0130 00");
    let networks = c.query_selector_all(".btc-network-name").unwrap();
    assert_eq!(networks.item(1).unwrap().text_content().unwrap(), "sepa_plus");
}

#[wasm_bindgen_test]
fn update_re_renders_in_place_and_destroy_leaves_the_container_empty() {
    let c = container();
    let mut view = render_instructions(c.clone().into(), next_action(GB), options("en")).unwrap();
    let root = find(&c, "section.btc");
    let partial = GB.replace("\"amount_remaining\": 1099", "\"amount_remaining\": 99");
    view.update(next_action(&partial)).unwrap();
    assert!(find(&c, "section.btc").is_same_node(Some(&root)), "same root element");
    assert_eq!(text(&c, "[data-field=amount_remaining]"), "£0.99");
    assert_eq!(c.query_selector_all("[data-field=amount_remaining]").unwrap().length(), 1);

    view.destroy();
    assert_eq!(c.child_nodes().length(), 0);
    view.destroy(); // twice is harmless
    let err = view.update(next_action(GB)).unwrap_err();
    assert_eq!(error_code(&err), "destroyed");
    assert_eq!(view.language(), None);
}

#[wasm_bindgen_test]
fn a_value_only_update_patches_the_page_instead_of_rebuilding_it() {
    let c = container();
    let mut view = render_instructions(c.clone().into(), next_action(EU), options("en")).unwrap();
    let iban = find(&c, "[data-field='iban.iban']");
    let amount = find(&c, "[data-field=amount_remaining]");
    view.update(next_action(&EU.replace("\"amount_remaining\": 1099", "\"amount_remaining\": 599"))).unwrap();
    assert_eq!(text(&c, "[data-field=amount_remaining]"), "€5.99");
    assert!(find(&c, "[data-field='iban.iban']").is_same_node(Some(&iban)), "untouched elements stay");
    assert!(find(&c, "[data-field=amount_remaining]").is_same_node(Some(&amount)), "the value is patched");
    // Anything else changes the layout: rebuilt.
    view.update(next_action(GB)).unwrap();
    assert!(c.query_selector("[data-field='iban.iban']").unwrap().is_none());
    assert_eq!(text(&c, "[data-field='sort_code.sort_code']"), "20-00-00");
}
