use bank_transfer_checkout::render_instructions;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::*;

fn refused(input: JsValue) -> (String, String) {
    let c = container();
    c.set_text_content(Some("keep me"));
    let err = render_instructions(c.clone().into(), input, options("en")).map(|_| ()).unwrap_err();
    // A refused render leaves the page as it was.
    assert_eq!(c.text_content().as_deref(), Some("keep me"));
    (error_code(&err).as_string().unwrap_or_default(), error_message(&err))
}

#[wasm_bindgen_test]
fn invalid_input_throws_an_error_with_a_stable_code() {
    let cases: Vec<(JsValue, &str, &str)> = vec![
        (JsValue::from(42), "invalid_next_action", "expected a next_action object, got a number"),
        (JsValue::NULL, "invalid_next_action", "expected a next_action object, got null"),
        (JsValue::UNDEFINED, "invalid_next_action", "expected a next_action object, got null"),
        ("{not json".into(), "invalid_next_action", "the next_action string is not valid JSON"),
        (
            json(r#"{"type":"redirect_to_url"}"#),
            "invalid_next_action",
            r#"next_action of type "redirect_to_url" holds no bank-transfer instructions"#,
        ),
        (
            json(r#"{"amount_remaining":-1,"currency":"eur"}"#),
            "invalid_amount",
            "amount_remaining must be a whole, non-negative number of minor units, got -1",
        ),
        (
            json(r#"{"amount_remaining":10.5,"currency":"eur"}"#),
            "invalid_amount",
            "amount_remaining must be a whole, non-negative number of minor units, got a fractional number",
        ),
        (
            json(r#"{"amount_remaining":"1099","currency":"eur"}"#),
            "invalid_amount",
            "amount_remaining must be a number of minor units, got a string",
        ),
        (
            json(r#"{"amount_remaining":100,"currency":"€"}"#),
            "invalid_currency",
            r#"currency must be a three-letter ISO code, got "€""#,
        ),
        (
            throwing_getter(),
            "invalid_next_action",
            "next_action cannot be read: it is nested too deeply, cyclic or throws when read",
        ),
        (
            cyclic(),
            "invalid_next_action",
            "next_action cannot be read: it is nested too deeply, cyclic or throws when read",
        ),
    ];
    for (input, code, message) in cases {
        assert_eq!(refused(input), (code.to_owned(), message.to_owned()));
    }
}

#[wasm_bindgen_test]
fn errors_are_real_error_objects() {
    let err = render_instructions(container().into(), JsValue::from(1), JsValue::UNDEFINED).map(|_| ()).unwrap_err();
    let err: js_sys::Error = wasm_bindgen::JsCast::dyn_into(err).expect("an Error instance");
    assert_eq!(String::from(err.name()), "BankTransferError");
}

#[wasm_bindgen_test]
fn bad_containers_and_options_are_refused() {
    let na = next_action(EU);
    let code = |r: Result<bank_transfer_checkout::InstructionsView, JsValue>| {
        error_code(&r.map(|_| ()).unwrap_err()).as_string().unwrap()
    };
    assert_eq!(code(render_instructions(JsValue::NULL, na.clone(), JsValue::UNDEFINED)), "invalid_container");
    assert_eq!(
        code(render_instructions("#does-not-exist".into(), na.clone(), JsValue::UNDEFINED)),
        "invalid_container"
    );
    assert_eq!(code(render_instructions("##".into(), na.clone(), JsValue::UNDEFINED)), "invalid_container");
    assert_eq!(code(render_instructions(container().into(), na.clone(), "de".into())), "invalid_options");
    assert_eq!(code(render_instructions(container().into(), na.clone(), json(r#"{"locale":7}"#))), "invalid_options");
    assert_eq!(
        code(render_instructions(container().into(), na.clone(), json(r#"{"headingLevel":9}"#))),
        "invalid_options"
    );
}

#[wasm_bindgen_test]
fn the_module_keeps_working_after_every_kind_of_bad_input() {
    for junk in [
        JsValue::from(f64::NAN),
        JsValue::from(true),
        js_sys::Symbol::for_("x").into(),
        a_function(),
        throwing_getter(),
        cyclic(),
        "[[[[".into(),
    ] {
        let _ = render_instructions(container().into(), junk, JsValue::UNDEFINED);
    }
    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let _ = render_instructions(container().into(), deep.into(), JsValue::UNDEFINED);
    // A panic would have killed the module ("unreachable"); this render proves it is alive.
    let c = container();
    render_instructions(c.clone().into(), next_action(MX), options("es-MX")).unwrap();
    assert_eq!(text(&c, "[data-field='spei.clabe']"), "002 180 65061234567 0");
}

#[wasm_bindgen_test]
fn a_bad_update_keeps_the_previous_instructions() {
    let c = container();
    let mut view = render_instructions(c.clone().into(), next_action(GB), options("en")).unwrap();
    let err = view.update(json(r#"{"amount_remaining":-5,"currency":"gbp"}"#)).unwrap_err();
    assert_eq!(error_code(&err), "invalid_amount");
    assert_eq!(text(&c, "[data-field=amount_remaining]"), "£10.99");
    view.update(next_action(GB)).unwrap();
}
