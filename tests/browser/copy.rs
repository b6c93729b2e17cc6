use bank_transfer_checkout::render_instructions;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::*;

fn written(calls: &js_sys::Array) -> Vec<String> {
    calls.iter().map(|v| v.as_string().unwrap()).collect()
}

#[wasm_bindgen_test]
async fn copy_writes_the_raw_trimmed_value_and_announces_it() {
    let calls = stub_clipboard(false);
    let c = container();
    let _view = render_instructions(c.clone().into(), next_action(EU), options("de-DE")).unwrap();
    click(&find(&c, "[data-copy-for='iban.iban']"));
    settle().await;
    // The documented IBAN ends in a TAB; display is grouped; the copy is neither.
    assert_eq!(written(&calls), ["NL40CITI7000799556"]);
    assert_eq!(text(&c, ".btc-live"), "Kopiert");
    assert!(find(&c, "[data-copy-for='iban.iban']").has_attribute("data-copied"));

    click(&find(&c, "[data-copy-for=amount_remaining]"));
    settle().await;
    assert_eq!(written(&calls), ["NL40CITI7000799556", "10,99"]);
    // The same words again are still a change for screen readers.
    assert_eq!(text(&c, ".btc-live"), "Kopiert\u{a0}");
    assert!(!find(&c, "[data-copy-for='iban.iban']").has_attribute("data-copied"));
}

#[wasm_bindgen_test]
async fn copy_strips_spaces_and_dashes_from_codes() {
    let calls = stub_clipboard(false);
    let c = container();
    let _view = render_instructions(c.clone().into(), json(EVERY_FIELD), options("en")).unwrap();
    for name in ["sort_code.sort_code", "spei.clabe", "reference", "iban.iban", "zengin.account_holder_name"] {
        click(&find(&c, &format!("[data-copy-for='{name}']")));
        settle().await;
    }
    assert_eq!(
        written(&calls),
        [
            "108800",
            "002180650612345670",
            "REF123456",
            "NL40CITI7000799556",
            "ストライプジャパン（カ　シュウノウダイコウ"
        ]
    );
    click(&find(&c, "[data-copy-for=amount_remaining]"));
    settle().await;
    assert_eq!(written(&calls).last().map(String::as_str), Some("2500.00"));
}

#[wasm_bindgen_test]
async fn a_refused_clipboard_selects_the_value_and_says_so() {
    let calls = stub_clipboard(true);
    let c = container();
    let _view = render_instructions(c.clone().into(), next_action(GB), options("en")).unwrap();
    click(&find(&c, "[data-copy-for='sort_code.account_number']"));
    settle().await;
    assert_eq!(written(&calls), ["98765432"]);
    assert_eq!(text(&c, ".btc-live"), "Could not copy. Select the text and copy it yourself.");
    let selection = web_sys::window().unwrap().get_selection().unwrap().unwrap();
    assert_eq!(String::from(selection.to_string()), "98765432");
}

#[wasm_bindgen_test]
async fn destroyed_views_no_longer_listen() {
    let calls = stub_clipboard(false);
    let c = container();
    let mut view = render_instructions(c.clone().into(), next_action(GB), options("en")).unwrap();
    let button = find(&c, "[data-copy-for='sort_code.sort_code']");
    view.destroy();
    click(&button);
    settle().await;
    assert_eq!(calls.length(), 0);
}

#[wasm_bindgen_test]
async fn copy_buttons_work_after_update_and_keep_focus() {
    let calls = stub_clipboard(false);
    let c = container();
    let mut view = render_instructions(c.clone().into(), next_action(GB), options("en")).unwrap();
    let button = find(&c, "[data-copy-for=amount_remaining]");
    wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlElement>(&button).unwrap().focus().unwrap();
    let partial = GB.replace("\"amount_remaining\": 1099", "\"amount_remaining\": 500");
    view.update(next_action(&partial)).unwrap();
    let doc = web_sys::window().unwrap().document().unwrap();
    let active = doc.active_element().unwrap();
    assert_eq!(active.get_attribute("data-copy-for").as_deref(), Some("amount_remaining"));
    click(&active);
    settle().await;
    assert_eq!(written(&calls), ["5.00"]);
}

#[wasm_bindgen_test]
async fn copy_buttons_outlive_a_dropped_handle() {
    // Merchants often ignore the returned handle; the garbage collector then frees it.
    let calls = stub_clipboard(false);
    let c = container();
    drop(render_instructions(c.clone().into(), next_action(GB), options("en")).unwrap());
    click(&find(&c, "[data-copy-for='sort_code.sort_code']"));
    settle().await;
    assert_eq!(written(&calls), ["200000"]);
    assert_eq!(text(&c, ".btc-live"), "Copied");
}
