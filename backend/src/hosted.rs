//! `GET /pay/{token}`: an order's hosted instructions page, like Stripe's hosted link — reached
//! by an unguessable per-order token (no session: it is opened later, often on another
//! device), in the visitor's language, complete with scripts off. The instructions are the
//! core's markup rendered to HTML (escaped by construction); `www/pay.js` hydrates them (copy
//! buttons, "Copy all", print, share) from the same `next_action`, sent along as JSON.

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bank_transfer_core::stripe::IntentStatus;
use bank_transfer_core::view::markup::{self, escape_into, Mode};
use bank_transfer_core::{negotiate, Json, Locale, Msg, ServerMsg, View};
use serde::Deserialize;
use serde_json::Value;

use crate::error::ApiError;
use crate::intl::ServerIntl;
use crate::AppState;

#[derive(Deserialize)]
pub struct PageQuery {
    /// A BCP 47 tag that overrides the browser's languages (the email's links carry it).
    lang: Option<String>,
}

/// What the hosted page and the email need of an order's PaymentIntent.
#[derive(Deserialize)]
pub struct IntentInstructions {
    pub status: String,
    pub next_action: Option<Value>,
}

impl IntentInstructions {
    pub async fn retrieve(app: &AppState, intent_id: &str, account: Option<&str>) -> Result<Self, ApiError> {
        Ok(app.stripe.get(&format!("/v1/payment_intents/{intent_id}"), account).await?)
    }
}

pub async fn page(
    State(app): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
    Query(query): Query<PageQuery>,
) -> Result<Response, ApiError> {
    let locale = page_locale(query.lang.as_deref(), &headers);
    let order = app.db.order_by_pay_token(&token).await?;
    let Some((order, intent_id)) = order.and_then(|o| o.payment_intent.clone().map(|i| (o, i))) else {
        return Ok(html(StatusCode::NOT_FOUND, &message_page(&locale, ServerMsg::PageNotFound)));
    };
    let intent = IntentInstructions::retrieve(&app, &intent_id, order.account.as_deref()).await?;
    let body = match (IntentStatus::parse(&intent.status), intent.next_action) {
        (Some(IntentStatus::Succeeded), _) => message_page(&locale, ServerMsg::PagePaid),
        (Some(IntentStatus::Canceled), _) => message_page(&locale, ServerMsg::PageCanceled),
        (_, Some(next_action)) => match instructions(&next_action, &locale) {
            Some(rendered) => instructions_page(&locale, &rendered),
            None => message_page(&locale, ServerMsg::PageUnavailable),
        },
        (_, None) => message_page(&locale, ServerMsg::PageUnavailable),
    };
    Ok(html(StatusCode::OK, &body))
}

/// The instructions rendered on the server: the view model (for the email's text part), its
/// HTML, and the `next_action` the browser hydrates from. Without the hosted link: on the
/// hosted page it would point at itself, and the email carries it on its own.
pub struct Rendered {
    pub view: View,
    pub html: String,
    pub next_action: Value,
}

pub fn instructions(next_action: &Value, locale: &Locale) -> Option<Rendered> {
    let mut next_action = next_action.clone();
    if let Some(Value::Object(fields)) = next_action.get_mut("display_bank_transfer_instructions") {
        fields.remove("hosted_instructions_url");
    }
    let json: Json = serde_json::from_value(next_action.clone()).ok()?;
    let view = bank_transfer_core::view_of(&json, locale.lang, &ServerIntl::new(&locale.tag)).ok()?;
    let html = markup::to_html(&view, 1, Mode::Static);
    Some(Rendered { view, html, next_action })
}

/// `?lang=`, else the browser's `Accept-Language` by preference, else English.
pub fn page_locale(lang: Option<&str>, headers: &HeaderMap) -> Locale {
    let accept = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let mut ranked: Vec<(&str, f32)> = accept
        .split(',')
        .filter_map(|part| {
            let mut pieces = part.split(';');
            let tag = pieces.next()?.trim();
            let q =
                pieces.find_map(|p| p.trim().strip_prefix("q=")).map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
            (!tag.is_empty() && tag != "*" && q > 0.0).then_some((tag, q))
        })
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1)); // stable: equal weights keep their order
    negotiate(lang.into_iter().chain(ranked.into_iter().map(|(tag, _)| tag)))
}

fn instructions_page(locale: &Locale, rendered: &Rendered) -> String {
    let mut main = rendered.html.clone();
    // The data `www/pay.js` hydrates from. JSON in a script element ends at `</script`: no `<`.
    main.push_str("\n<script type=\"application/json\" id=\"btc-next-action\">");
    main.push_str(&rendered.next_action.to_string().replace('<', "\\u003c"));
    main.push_str("</script>");
    document(locale, &main)
}

fn message_page(locale: &Locale, message: ServerMsg) -> String {
    let mut main = String::from("<section class=\"btc\"><h1 class=\"btc-title\">");
    escape_into(&mut main, locale.lang.text(Msg::Title));
    main.push_str("</h1><p class=\"btc-intro\" role=\"status\">");
    escape_into(&mut main, locale.lang.text(message));
    main.push_str("</p></section>");
    document(locale, &main)
}

/// The page around `main`: the package's stylesheet, the page's own, and the hydration script
/// (a module: deferred, and refused by no strict CSP since it is a file of this origin).
fn document(locale: &Locale, main: &str) -> String {
    let mut out = String::from("<!doctype html>\n<html lang=\"");
    escape_into(&mut out, &locale.tag);
    out.push_str("\" dir=\"");
    out.push_str(locale.lang.dir());
    out.push_str("\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta name=\"robots\" content=\"noindex\">\n<title>");
    escape_into(&mut out, locale.lang.text(Msg::Title));
    out.push_str("</title>\n<link rel=\"stylesheet\" href=\"/pkg/bank-transfer-checkout.css\">\n");
    out.push_str("<link rel=\"stylesheet\" href=\"/pay.css\">\n");
    out.push_str("<script type=\"module\" src=\"/pay.js\"></script>\n</head>\n<body>\n<main id=\"pay\">\n");
    out.push_str(main);
    out.push_str("\n</main>\n</body>\n</html>\n");
    out
}

fn html(status: StatusCode, body: &str) -> Response {
    let mut response = (status, body.to_owned()).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    // A payment page is nobody's search result.
    headers.insert("X-Robots-Tag", HeaderValue::from_static("noindex"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use bank_transfer_core::Lang;

    /// A holder name that tries to end the markup, the attribute and the JSON's script element.
    const HOSTILE: &str = r#"</script><script>alert(1)</script>"'><img src=x onerror=alert(2)>&amp;"#;

    fn hostile_next_action() -> Value {
        serde_json::json!({
            "type": "display_bank_transfer_instructions",
            "display_bank_transfer_instructions": {
                "amount_remaining": 1099, "currency": "eur", "reference": HOSTILE, "type": "eu_bank_transfer",
                "hosted_instructions_url": "https://payments.stripe.com/x",
                "financial_addresses": [{ "type": "iban", "supported_networks": ["sepa"], "iban": {
                    "account_holder_name": HOSTILE, "bic": "SBXBDEFFXXX", "country": "DE",
                    "iban": "DE35100100108559343554" } }]
            }
        })
    }

    #[test]
    fn the_page_escapes_every_value_and_keeps_the_json_inside_its_script_element() {
        let locale = Locale { lang: Lang::De, tag: "de-DE".into() };
        let rendered = instructions(&hostile_next_action(), &locale).unwrap();
        let page = instructions_page(&locale, &rendered);
        assert_eq!(page.matches("<script").count(), 2, "the module and the JSON, nothing else: {page}");
        assert_eq!(page.matches("</script>").count(), 2);
        assert!(!page.contains("<img"), "{page}");
        assert!(page.contains("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&gt;&lt;img src=x"));
        // The hydration data round-trips, minus the hosted link (this page is it).
        let start = page.find("id=\"btc-next-action\">").unwrap() + "id=\"btc-next-action\">".len();
        let json: Value = serde_json::from_str(&page[start..page.rfind("</script>").unwrap()]).unwrap();
        let instructions = &json["display_bank_transfer_instructions"];
        assert_eq!(instructions["financial_addresses"][0]["iban"]["account_holder_name"], HOSTILE);
        assert_eq!(instructions.get("hosted_instructions_url"), None);
        assert!(
            page.contains("<html lang=\"de-DE\" dir=\"ltr\">")
                && page.contains("<title>Per Banküberweisung bezahlen</title>")
        );
        assert!(page.contains("data-field=\"iban.iban\" dir=\"ltr\">DE35 1001 0010 8559 3435 54</span>"));
    }

    #[test]
    fn every_language_gets_its_page_right_to_left_where_it_reads_so() {
        let next_action = serde_json::json!({
            "type": "display_bank_transfer_instructions",
            "display_bank_transfer_instructions": {
                "amount_remaining": 1099, "currency": "eur", "reference": "DVGBG97TZ6ZV", "type": "eu_bank_transfer",
                "financial_addresses": [{ "type": "iban", "supported_networks": ["sepa"], "iban": {
                    "account_holder_name": "Sandbox Shop GmbH", "bic": "SBXBDEFFXXX", "country": "DE",
                    "iban": "DE35100100108559343554" } }]
            }
        });
        for lang in Lang::ALL {
            let locale = Locale { lang, tag: lang.code().into() };
            let page = instructions_page(&locale, &instructions(&next_action, &locale).unwrap());
            let dir = if matches!(lang, Lang::Ar | Lang::He) { "rtl" } else { "ltr" };
            assert_eq!(lang.dir(), dir);
            assert!(page.contains(&format!("<html lang=\"{}\" dir=\"{dir}\">", lang.code())), "{lang:?}");
            assert!(page.contains(&format!("<title>{}</title>", lang.text(Msg::Title))), "{lang:?}");
            // Values read left to right inside a right-to-left page.
            assert!(
                page.contains("data-field=\"iban.iban\" dir=\"ltr\">DE35 1001 0010 8559 3435 54</span>"),
                "{lang:?}"
            );
            if lang != Lang::En {
                assert!(!page.contains(Lang::En.text(Msg::Title)), "{lang:?} shows English");
            }
        }
    }

    #[test]
    fn message_pages_are_in_the_visitors_language() {
        let page = message_page(&Locale { lang: Lang::Ja, tag: "ja".into() }, ServerMsg::PagePaid);
        assert!(page.contains("<h1 class=\"btc-title\">銀行振込でのお支払い</h1>"), "{page}");
        assert!(page.contains(Lang::Ja.text(ServerMsg::PagePaid)));
        assert!(!page.contains("btc-next-action"));
    }

    fn accept(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn the_language_follows_the_query_then_the_browsers_preferences() {
        let pick = |lang: Option<&str>, value: &str| {
            let l = page_locale(lang, &accept(value));
            (l.lang.code(), l.tag)
        };
        assert_eq!(pick(None, "sw-KE,de-AT;q=0.8,fr;q=0.9"), ("fr", "fr".into()));
        assert_eq!(pick(None, "ja-JP, en;q=0.5"), ("ja", "ja-JP".into()));
        assert_eq!(pick(None, "de;q=0,nl;q=0.1"), ("nl", "nl".into()));
        assert_eq!(pick(None, "*, es;q=bad"), ("en", "en".into()));
        assert_eq!(pick(Some("es-MX"), "de"), ("es", "es-MX".into()));
        assert_eq!(pick(Some("xx"), "nl-BE"), ("nl", "nl-BE".into()));
        assert_eq!(page_locale(None, &HeaderMap::new()).lang, bank_transfer_core::Lang::En);
    }
}
