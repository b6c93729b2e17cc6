use bank_transfer_checkout::render_instructions;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::*;

const NBSP: &str = "\u{a0}";

#[wasm_bindgen_test]
async fn eu_instructions_in_german() {
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
            ("epc_qr".to_owned(), "Mit Ihrer Banking-App scannen".to_owned()),
            ("hosted_instructions_url".to_owned(), "Diese Anleitung auf einer eigenen Seite öffnen".to_owned()),
        ]
    );
    assert_eq!(find(&c, "[data-field=reference]").tag_name(), "STRONG");
    // The EPC QR code: SVG built with createElementNS, one path of dark modules, drawn once the
    // rest is painted.
    let svg = find(&c, "[data-field=epc_qr] svg");
    assert_eq!(svg.namespace_uri().as_deref(), Some("http://www.w3.org/2000/svg"));
    assert_eq!(find(&c, "[data-field=epc_qr] path").get_attribute("d").as_deref(), Some(""));
    after_paint().await;
    assert!(find(&c, "[data-field=epc_qr] path").get_attribute("d").unwrap().starts_with("M4 4h7v1h-7z"));
    assert_eq!(svg.get_attribute("viewBox").as_deref(), Some("0 0 45 45"));
    assert_eq!(svg.get_attribute("aria-label").as_deref(), Some("Mit Ihrer Banking-App scannen"));
    // The warnings for a SEPA transfer: the name check, and what an overpayment becomes.
    let warnings = c.query_selector_all("[data-warning]").unwrap();
    let kinds: Vec<String> = (0..warnings.length())
        .map(|i| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(warnings.item(i).unwrap()).unwrap())
        .map(|w| w.get_attribute("data-warning").unwrap())
        .collect();
    assert_eq!(kinds, ["name_match_sepa", "overpayment"]);
    // The actions: print and copy all; share only where the browser has a share sheet.
    assert_eq!(text(&c, "[data-action=copy-all]"), "Alle Angaben kopieren");
    assert!(find(&c, "[data-action=print]").get_attribute("type").as_deref() == Some("button"));
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
    // One per copyable field, the half-width katakana holder name included.
    assert_eq!(buttons.length(), 27);
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
fn right_to_left_languages_mirror_while_codes_and_amounts_stay_left_to_right() {
    for (locale, dir) in [("ar", "rtl"), ("he-IL", "rtl"), ("de", "ltr")] {
        let c = container();
        render_instructions(c.clone().into(), next_action(EU), options(locale)).unwrap();
        let section = c.query_selector("section.btc").unwrap().unwrap();
        assert_eq!(section.get_attribute("dir").as_deref(), Some(dir), "{locale}");
        for field in ["iban.iban", "iban.bic", "amount_remaining", "reference"] {
            let value = c.query_selector(&format!("[data-field='{field}']")).unwrap().unwrap();
            assert_eq!(value.get_attribute("dir").as_deref(), Some("ltr"), "{locale} {field}");
        }
        let holder = c.query_selector("[data-field='iban.account_holder_name']").unwrap().unwrap();
        assert_eq!(
            holder.get_attribute("dir").as_deref(),
            Some("auto"),
            "{locale}: a name takes its own script's direction"
        );
        assert_eq!(
            c.query_selector("[data-field='iban.iban']").unwrap().unwrap().text_content().as_deref(),
            Some("NL40 CITI 7000 7995 56")
        );
    }
}

#[wasm_bindgen_test]
fn locale_is_negotiated_by_language_and_defaults_to_the_browser() {
    let cases = [
        ("fr-BE", "fr"),
        ("es-MX", "es"),
        ("nl", "nl"),
        ("pt-BR", "pt"),
        ("zh-TW", "zh-Hant"),
        ("zh-CN", "zh-Hans"),
        ("no", "nb"),
        ("tl", "fil"),
        ("sw-KE", "en"),
        ("not a tag!", "en"),
    ];
    for (locale, lang) in cases {
        let view = render_instructions(container().into(), next_action(EU), options(locale)).unwrap();
        assert_eq!(view.language().as_deref(), Some(lang), "{locale}");
    }
    let list = js_sys::Object::new();
    js_sys::Reflect::set(&list, &"locale".into(), &js_sys::Array::of2(&"sw".into(), &"ja".into())).unwrap();
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

/// The QR code's path in `root` (empty until drawn).
fn qr_path(root: &web_sys::Element) -> String {
    find(root, ".btc-qr-code path").get_attribute("d").unwrap_or_default()
}

#[wasm_bindgen_test]
async fn the_qr_code_is_drawn_after_the_paint_once_for_a_burst_of_updates_and_never_into_a_destroyed_view() {
    let partial = EU.replace("\"amount_remaining\": 1099", "\"amount_remaining\": 599");
    let expected = container();
    render_instructions(expected.clone().into(), next_action(&partial), options("en")).unwrap();
    let c = container();
    let mut view = render_instructions(c.clone().into(), next_action(EU), options("en")).unwrap();
    let full = container();
    render_instructions(full.clone().into(), next_action(EU), options("en")).unwrap();
    view.update(next_action(&partial)).unwrap();
    assert_eq!(qr_path(&c), "", "nothing drawn before the paint");
    after_paint().await;
    // The latest instructions' code (5.99 €), not the first one's.
    assert!(qr_path(&c).starts_with("M4 4h7v1h-7z"));
    assert_eq!(qr_path(&c), qr_path(&expected));
    assert_ne!(qr_path(&c), qr_path(&full));
    // Updated back, then destroyed before the paint: nothing is drawn, nothing throws.
    view.update(next_action(EU)).unwrap();
    let svg = find(&c, ".btc-qr-code");
    view.destroy();
    after_paint().await;
    assert_eq!(c.child_nodes().length(), 0);
    assert_eq!(svg.last_element_child().unwrap().get_attribute("d"), Some(qr_path(&expected)));
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

#[wasm_bindgen_test]
fn server_rendered_instructions_are_hydrated_not_rendered_again() {
    use bank_transfer_checkout::{hydrate_instructions, render_instructions_to_string};
    let html = render_instructions_to_string(next_action(EU), options("de-DE")).unwrap();
    assert!(html.starts_with("<section class=\"btc\" lang=\"de\" dir=\"ltr\""), "{html}");
    assert!(!html.contains("<button"), "no buttons without script");
    let c = container();
    // The server's HTML, as a page would carry it (the test plays the server).
    c.set_inner_html(&html);
    let iban = find(&c, "[data-field='iban.iban']");
    let _view = hydrate_instructions(c.clone().into(), next_action(EU), options("de-DE")).unwrap();
    assert!(find(&c, "[data-field='iban.iban']").is_same_node(Some(&iban)), "not rendered again");
    let copy_for =
        |selector: &str| find(&c, selector).next_element_sibling().and_then(|b| b.get_attribute("data-copy-for"));
    assert_eq!(copy_for("[data-field='iban.iban']").as_deref(), Some("iban.iban"));
    assert_eq!(copy_for("[data-field=amount_remaining]").as_deref(), Some("amount_remaining"));
    assert_eq!(c.query_selector_all("[data-copy-for]").unwrap().length(), 5);
    assert_eq!(c.query_selector_all(".btc-actions").unwrap().length(), 1);
    assert_eq!(c.query_selector_all(".btc-live").unwrap().length(), 1);
}
