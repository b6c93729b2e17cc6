//! `mountCheckout` below the end-to-end level: the real module, the real DOM and timers, with
//! `fetch` answered by a stand-in for the merchant's backend and Stripe (no server). What the
//! driver performs is checked: the exact requests, the instructions and the selector, the
//! events on the page, `destroy()`.

use bank_transfer_checkout::mount_checkout;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{container, error_code, find, text};

#[wasm_bindgen(inline_js = r#"
const IBANS = { DE: "DE89370400440532013000", NL: "NL91ABNA0417164300", FR: "FR1420041010050500013M02606" };
function intent(country) {
  return {
    id: "pi_1", object: "payment_intent", status: "requires_action", currency: "eur",
    next_action: { type: "display_bank_transfer_instructions", display_bank_transfer_instructions: {
      amount_remaining: 1099, currency: "eur", reference: "REF12345", type: "eu_bank_transfer", hosted_instructions_url: null,
      financial_addresses: [{ type: "iban", supported_networks: ["sepa"], iban: {
        account_holder_name: "Shop", bic: "BANKXX", country, iban: IBANS[country] } }] } },
  };
}
// mode: "ok", or "unknown-order" (the backend refuses the order).
export function fakeFetch(mode) {
  const log = [];
  globalThis.fetch = async (request) => {
    const body = request.method === "GET" ? null : await request.text();
    log.push([request.method, request.url, body, request.headers.get("content-type") ?? "", [...request.headers.keys()].join(",")]);
    const url = new URL(request.url);
    let status = 200;
    let answer;
    if (url.pathname === "/api/checkout") {
      if (mode === "unknown-order") [status, answer] = [404, { error: { code: "order_not_found", message: "There is no order." } }];
      else answer = { clientSecret: "pi_1_secret_s", publishableKey: "pk_1", stripeApiBase: "https://api.test" };
    } else if (url.pathname === "/api/email") {
      const email = JSON.parse(body).email;
      if (email.startsWith("limit")) [status, answer] = [429, { error: { code: "email_rate_limited", message: "Too many." } }];
      else answer = { email };
    } else if (url.pathname.endsWith("/confirm")) {
      answer = intent(new URLSearchParams(body).get("payment_method_options[customer_balance][bank_transfer][eu_bank_transfer][country]"));
    } else {
      answer = intent("DE");
    }
    return new Response(JSON.stringify(answer), { status, headers: { "content-type": "application/json" } });
  };
  return log;
}
export function recordEvents(el) {
  const seen = [];
  for (const type of ["ready", "country-changed", "error", "partially-funded", "succeeded"]) {
    el.addEventListener(`banktransfer:${type}`, (e) => seen.push(`${type} ${JSON.stringify(e.detail)}`));
  }
  return seen;
}
export function choose(select, value) {
  select.value = value;
  select.dispatchEvent(new Event("change"));
}
export function submitEmail(form, value) {
  form.querySelector("input").value = value;
  form.requestSubmit();
}
export function sleep(ms) { return new Promise((resolve) => setTimeout(resolve, ms)); }
"#)]
extern "C" {
    #[wasm_bindgen(js_name = fakeFetch)]
    fn fake_fetch(mode: &str) -> Array;
    #[wasm_bindgen(js_name = recordEvents)]
    fn record_events(el: &web_sys::Element) -> Array;
    fn choose(select: &web_sys::Element, value: &str);
    #[wasm_bindgen(js_name = submitEmail)]
    fn submit_email(form: &web_sys::Element, value: &str);
    fn sleep(ms: u32) -> js_sys::Promise;
}

fn checkout_options(order: &str) -> JsValue {
    let o = Object::new();
    for (key, value) in [("clientSecretUrl", "/api/checkout"), ("order", order), ("locale", "en-US")] {
        Reflect::set(&o, &key.into(), &value.into()).unwrap();
    }
    o.into()
}

/// The recorded requests as "METHOD url | body | content-type | header names".
fn requests(log: &Array) -> Vec<String> {
    log.iter()
        .map(|entry| {
            let entry: Array = entry.unchecked_into();
            let part = |i| entry.get(i).as_string().unwrap_or_default();
            format!("{} {} | {} | {} | {}", part(0), part(1), part(2), part(3), part(4))
        })
        .collect()
}

fn strings(array: &Array) -> Vec<String> {
    array.iter().map(|v| v.as_string().unwrap()).collect()
}

/// Waits (up to 2 s) until `done` holds.
async fn until(mut done: impl FnMut() -> bool) {
    for _ in 0..200 {
        if done() {
            return;
        }
        wasm_bindgen_futures::JsFuture::from(sleep(10)).await.unwrap();
    }
    panic!("the condition never held");
}

#[wasm_bindgen_test]
async fn mounts_with_stripe_js_requests_switches_country_and_destroys() {
    let log = fake_fetch("ok");
    let c = container();
    let events = record_events(&c);
    let checkout = mount_checkout(c.clone().into(), checkout_options("eu-1")).await.unwrap();
    assert_eq!(
        requests(&log),
        [
            "POST http://127.0.0.1/api/checkout | {\"order\":\"eu-1\"} | application/json | content-type"
                .replace("http://127.0.0.1", &web_sys::window().unwrap().location().origin().unwrap()),
            "GET https://api.test/v1/payment_intents/pi_1?client_secret=pi_1_secret_s&key=pk_1&_stripe_version=2026-07-29.dahlia |  |  | "
                .to_owned(),
        ]
    );
    assert_eq!(text(&c, "[data-field='iban.iban']"), "DE89 3704 0044 0532 0130 00");
    assert_eq!(checkout.status().as_deref(), Some("requires_action"));
    assert_eq!(checkout.country().as_deref(), Some("DE"));
    // The selector sits in the IBAN's section, right under its heading, on the IBAN's country.
    let select = find(&c, "[data-address-type=iban] > .btc-country select");
    assert_eq!(select.unchecked_ref::<web_sys::HtmlSelectElement>().value(), "DE");
    assert_eq!(strings(&events), ["ready {\"status\":\"requires_action\"}"]);

    choose(&select, "NL");
    until(|| text(&c, "[data-field='iban.iban']").starts_with("NL")).await;
    let confirm = requests(&log).pop().unwrap();
    assert_eq!(
        confirm,
        "POST https://api.test/v1/payment_intents/pi_1/confirm | client_secret=pi_1_secret_s\
         &payment_method_data%5Btype%5D=customer_balance\
         &payment_method_options%5Bcustomer_balance%5D%5Bfunding_type%5D=bank_transfer\
         &payment_method_options%5Bcustomer_balance%5D%5Bbank_transfer%5D%5Btype%5D=eu_bank_transfer\
         &payment_method_options%5Bcustomer_balance%5D%5Bbank_transfer%5D%5Beu_bank_transfer%5D%5Bcountry%5D=NL\
         &key=pk_1&_stripe_version=2026-07-29.dahlia | application/x-www-form-urlencoded | content-type"
    );
    assert_eq!(text(&c, "[data-field=status]"), "Bank details updated for Netherlands.");
    assert_eq!(strings(&events)[1], "country-changed {\"country\":\"NL\"}");
    assert_eq!(checkout.country().as_deref(), Some("NL"));

    checkout.destroy();
    assert_eq!(c.child_element_count(), 0, "emptied");
    let sent = log.length();
    choose(&select, "FR");
    wasm_bindgen_futures::JsFuture::from(sleep(50)).await.unwrap();
    assert_eq!(log.length(), sent, "nothing more is sent");
}

#[wasm_bindgen_test]
async fn a_refused_order_rejects_with_the_backends_code_and_says_why() {
    let log = fake_fetch("unknown-order");
    let c = container();
    let events = record_events(&c);
    let error = mount_checkout(c.clone().into(), checkout_options("nope")).await.err().expect("rejected");
    assert_eq!(error_code(&error), "order_not_found");
    assert_eq!(
        text(&c, "[role=alert]"),
        "This payment could not be found. Please reload the page or contact the shop."
    );
    assert!(c.query_selector("[data-action=retry]").unwrap().is_none(), "a refusal is final: no Try again");
    assert_eq!(log.length(), 1, "Stripe is never asked");
    assert!(strings(&events)[0].starts_with("error {\"code\":\"order_not_found\""), "{:?}", strings(&events));
}

#[wasm_bindgen_test]
async fn the_email_form_posts_the_order_the_address_and_the_locale_and_says_the_answer() {
    let log = fake_fetch("ok");
    let c = container();
    let options = checkout_options("eu-1");
    Reflect::set(&options, &"emailUrl".into(), &"/api/email".into()).unwrap();
    // Kept: the checkout (its listeners included) lives as long as its handle.
    let _checkout = mount_checkout(c.clone().into(), options).await.unwrap();
    let form = find(&c, "form.btc-email");
    assert!(!form.has_attribute("hidden"), "shown with the instructions");
    let input = find(&c, "input[data-field=email]");
    let label = find(&c, "label.btc-email-label");
    assert_eq!(label.get_attribute("for"), input.get_attribute("id"));
    assert_eq!(label.text_content().as_deref(), Some("Email me these instructions"));
    assert_eq!(input.get_attribute("type").as_deref(), Some("email"));
    assert_eq!(input.get_attribute("autocomplete").as_deref(), Some("email"));
    let message = find(&c, "[data-field=email-message]");
    assert_eq!(input.get_attribute("aria-describedby"), message.get_attribute("id"));
    let sent = log.length();

    submit_email(&form, "not an address");
    assert_eq!(text(&c, "[data-field=email-message]"), "Enter a valid email address, like name@example.com.");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(log.length(), sent, "nothing asked");

    submit_email(&form, "jenny@example.com");
    until(|| text(&c, "[data-field=email-message]").starts_with("Sent")).await;
    assert_eq!(text(&c, "[data-field=email-message]"), "Sent to jenny@example.com. Check your inbox.");
    assert_eq!(input.get_attribute("aria-invalid"), None);
    let origin = web_sys::window().unwrap().location().origin().unwrap();
    assert_eq!(
        requests(&log).pop().unwrap(),
        format!(
            "POST {origin}/api/email | {{\"order\":\"eu-1\",\"email\":\"jenny@example.com\",\"locale\":\"en-US\"}} \
             | application/json | content-type"
        )
    );
    submit_email(&form, "limit@example.com");
    until(|| text(&c, "[data-field=email-message]").starts_with("Too many")).await;
    assert_eq!(text(&c, "[data-field=email-message]"), "Too many emails for this order. Please try again later.");
}

#[wasm_bindgen_test]
async fn without_email_url_there_is_no_form_and_a_wrong_one_is_refused() {
    fake_fetch("ok");
    let c = container();
    mount_checkout(c.clone().into(), checkout_options("eu-1")).await.unwrap();
    assert!(c.query_selector("form.btc-email").unwrap().is_none());
    let options = checkout_options("eu-1");
    Reflect::set(&options, &"emailUrl".into(), &42.into()).unwrap();
    let error = mount_checkout(container().into(), options).await.err().expect("rejected");
    assert_eq!(error_code(&error), "invalid_options");
}
