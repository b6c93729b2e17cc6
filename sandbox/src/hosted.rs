//! `GET /bank_transfers/instructions/{token}`: the page `hosted_instructions_url` points at,
//! as Stripe hosts one for every intent awaiting a transfer. Plain HTML from the core's view
//! model (English; amounts as decimal + currency code), every value escaped, no script.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use bank_transfer_core::model::Money;
use bank_transfer_core::stripe::IntentStatus;
use bank_transfer_core::{Intl, Json, Lang};

use crate::Sandbox;

/// Formatting without a browser: `109.90 EUR`, `19000 JPY`.
struct PlainIntl;

impl Intl for PlainIntl {
    fn money(&self, money: &Money) -> String {
        format!("{} {}", money.decimal(), money.currency.code())
    }

    fn plain_amount(&self, money: &Money) -> String {
        money.decimal()
    }

    fn region(&self, _code: &str) -> Option<String> {
        None
    }
}

/// Escaped by the core's markup escaper (the one the widget's server rendering uses).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    bank_transfer_core::view::markup::escape_into(&mut out, text);
    out
}

pub async fn page(State(sandbox): State<Arc<Sandbox>>, Path(token): Path<String>) -> Response {
    let found = sandbox.ledgers().values().find_map(|ledger| {
        let intent = ledger.intent_by_hosted_token(&token)?;
        let object = ledger.intent_object(intent, Default::default());
        Some((intent.status, serde_json::to_value(object.next_action).ok()))
    });
    let body = match found {
        Some((IntentStatus::RequiresAction, Some(next_action))) => instructions(&next_action),
        Some((status, _)) => format!("<p>This payment is {}: no transfer is needed.</p>", escape(status.as_str())),
        None => {
            return (StatusCode::NOT_FOUND, html("Not found", "<p>These instructions do not exist.</p>"))
                .into_response()
        }
    };
    html("Bank transfer instructions", &body).into_response()
}

fn instructions(next_action: &serde_json::Value) -> String {
    let view = serde_json::from_value::<Json>(next_action.clone())
        .ok()
        .and_then(|json| bank_transfer_core::view_of(&json, Lang::En, &PlainIntl).ok());
    let Some(view) = view else { return "<p>These instructions cannot be shown.</p>".into() };
    let mut out = format!("<p>{}</p><dl>", escape(view.intro));
    for field in [&view.amount, &view.reference].into_iter().flatten() {
        out.push_str(&format!("<dt>{}</dt><dd>{}</dd>", escape(field.label), escape(&field.display)));
    }
    out.push_str("</dl>");
    for section in &view.sections {
        out.push_str(&format!("<h2>{}</h2><dl>", escape(section.heading)));
        for field in &section.fields {
            let display = escape(&field.display).replace('\n', "<br>");
            out.push_str(&format!("<dt>{}</dt><dd>{display}</dd>", escape(field.label)));
        }
        out.push_str("</dl>");
    }
    out.push_str(&format!("<p>{}</p>", escape(view.arrival_note)));
    out
}

fn html(title: &str, body: &str) -> impl IntoResponse {
    let page = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>{0}</title></head><body><main><h1>{0}</h1>{body}<p><small>Stripe sandbox (offline): test data, no money moves.</small></p></main></body></html>",
        escape(title)
    );
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page)
}

#[cfg(test)]
mod tests {
    #[test]
    fn markup_in_values_is_escaped() {
        assert_eq!(super::escape("<b a=\"1\">'&'"), "&lt;b a=&quot;1&quot;&gt;&#39;&amp;&#39;");
    }
}
