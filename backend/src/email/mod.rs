//! `POST /api/email {order, email, locale}`: "Email me these instructions". The shopper's own
//! order only; its PaymentIntent's instructions rendered as on the hosted page, in the language
//! asked for, with the link to that page built from `PUBLIC_URL` (never from the request's
//! `Host`, which the client chooses). Limited per order and per address (`limit.rs`).

mod compose;
mod limit;
mod mailer;

use std::net::IpAddr;
use std::time::Instant;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use bank_transfer_core::flow::email::MAX_ADDRESS_LEN;
use bank_transfer_core::stripe::IntentStatus;
use bank_transfer_core::Locale;
use lettre::message::Mailbox;
use lettre::Address;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::config::Config;
use crate::error::ApiError;
use crate::hosted;
use crate::json;
use crate::orders::owned_order;
use crate::AppState;
use limit::EmailLimits;
use mailer::Mailer;

/// What sending needs, made once at start.
pub struct Mail {
    /// `None`: real Stripe keys and no `SMTP_URL`.
    mailer: Option<Mailer>,
    from: Mailbox,
    limits: EmailLimits,
    /// Where customers reach this server: `PUBLIC_URL`, else the address it is bound to.
    public_url: String,
}

impl Mail {
    pub fn new(config: &Config, self_url: &str) -> Result<Mail, String> {
        let (mailer, from) = Mailer::from_config(config)?;
        let public_url = config.public_url.clone().unwrap_or_else(|| self_url.to_owned());
        Ok(Mail { mailer, from, limits: EmailLimits::default(), public_url })
    }
}

#[derive(Deserialize)]
pub struct EmailRequest {
    order: String,
    email: String,
    /// The checkout's BCP 47 tag; absent: the browser's `Accept-Language`.
    #[serde(default)]
    locale: Option<String>,
}

#[derive(Serialize)]
pub struct Sent {
    email: String,
}

pub async fn send(
    State(app): State<AppState>,
    headers: HeaderMap,
    json::Json(request): json::Json<EmailRequest>,
) -> Result<Json<Sent>, ApiError> {
    let shopper = app.identify.shopper(&headers).ok_or_else(ApiError::not_signed_in)?;
    let address = valid_address(&request.email)?;
    let mail = &app.mail;
    let Some(mailer) = &mail.mailer else {
        return Err(ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "email_unavailable", "This shop sends no emails."));
    };
    let order =
        owned_order(&app, &request.order, &shopper).await?.ok_or_else(|| ApiError::order_not_found(&request.order))?;
    let Some(intent_id) = order.payment_intent.as_deref() else {
        return Err(ApiError::new(StatusCode::CONFLICT, "busy", "The order's PaymentIntent is still being created."));
    };
    if let Err(wait) = mail.limits.admit(&order.order_id, address.as_ref(), Instant::now()) {
        let message = "Too many emails for this order or address; try again later.";
        return Err(ApiError::new(StatusCode::TOO_MANY_REQUESTS, "email_rate_limited", message)
            .with_retry_after(wait.as_secs().max(1)));
    }
    let intent = hosted::IntentInstructions::retrieve(&app, intent_id, order.account.as_deref()).await?;
    let locale = hosted::page_locale(request.locale.as_deref(), &headers);
    let rendered = match (IntentStatus::parse(&intent.status), &intent.next_action) {
        (Some(IntentStatus::RequiresAction), Some(next_action)) => hosted::instructions(next_action, &locale),
        _ => None,
    };
    let Some(rendered) = rendered else {
        let message = "This order has no bank-transfer instructions to send (paid, canceled or not open).";
        return Err(ApiError::new(StatusCode::CONFLICT, "instructions_unavailable", message));
    };
    let link = match &order.pay_token {
        Some(token) => Some(pay_link(&mail.public_url, token, &locale)),
        None => stripe_hosted_link(intent.next_action.as_ref()),
    };
    let letter = compose::letter(&rendered, &locale, &order.order_id, link.as_deref());
    if let Err(e) = mailer.send(&mail.from, Mailbox::new(None, address.clone()), letter).await {
        // The relay's words, without the customer's address.
        eprintln!("bank-transfer-backend: email for order {} not sent: {e}", order.order_id);
        return Err(ApiError::new(
            StatusCode::BAD_GATEWAY,
            "email_failed",
            "The email could not be sent; try again later.",
        ));
    }
    Ok(Json(Sent { email: address.to_string() }))
}

/// An address the relay can deliver to on the public network: lettre's RFC 5321 parsing, the
/// path's length limit, and a domain with a dot that is not an IP address (no mail to the
/// relay's own hosts).
fn valid_address(text: &str) -> Result<Address, ApiError> {
    let invalid = || {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "email_invalid",
            "Enter a valid email address, like name@example.com.",
        )
    };
    let text = text.trim();
    if text.len() > MAX_ADDRESS_LEN {
        return Err(invalid());
    }
    let address: Address = text.parse().map_err(|_| invalid())?;
    let domain = address.domain();
    let public =
        domain.contains('.') && !domain.starts_with('[') && !domain.ends_with('.') && domain.parse::<IpAddr>().is_err();
    public.then_some(address).ok_or_else(invalid)
}

/// `{PUBLIC_URL}/pay/{token}?lang={tag}`: the tag only if it is plainly one (it came from the
/// client), else the language's code.
fn pay_link(public_url: &str, token: &str, locale: &Locale) -> String {
    let tag = &locale.tag;
    let plain = tag.len() <= 35 && tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    format!("{public_url}/pay/{token}?lang={}", if plain { tag } else { locale.lang.code() })
}

/// An order older than hosted pages: Stripe's own hosted instructions, if it sent a safe link.
fn stripe_hosted_link(next_action: Option<&Value>) -> Option<String> {
    let url = next_action?.get("display_bank_transfer_instructions")?.get("hosted_instructions_url")?.as_str()?;
    url.starts_with("https://").then(|| url.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use bank_transfer_core::Lang;

    #[test]
    fn addresses_are_parsed_by_lettre_and_kept_to_public_domains() {
        for good in ["jenny@example.com", " jenny.rosen+shop@example.co.uk ", "名前@例え.jp"] {
            assert!(valid_address(good).is_ok(), "{good}");
        }
        let long = format!("{}@example.com", "a".repeat(250));
        for bad in [
            "",
            "jenny",
            "jenny@",
            "jenny@localhost",
            "jenny@127.0.0.1",
            "jenny@[127.0.0.1]",
            "jenny@-example.com",
            "a@b@example.com",
            "jenny@example.com\r\nBcc: x@example.com",
            "Jenny <jenny@example.com>",
            long.as_str(),
        ] {
            let refused = valid_address(bad).unwrap_err();
            assert_eq!((refused.status.as_u16(), refused.code), (422, "email_invalid"), "{bad:?}");
        }
    }

    #[test]
    fn the_link_is_this_servers_page_with_a_plain_language_tag() {
        let locale = |tag: &str| Locale { lang: Lang::De, tag: tag.into() };
        assert_eq!(
            pay_link("https://shop.example", "ab12", &locale("de-AT")),
            "https://shop.example/pay/ab12?lang=de-AT"
        );
        assert_eq!(
            pay_link("https://shop.example", "ab12", &locale("de\"><script>")),
            "https://shop.example/pay/ab12?lang=de"
        );
        let next_action =
            |url: &str| serde_json::json!({ "display_bank_transfer_instructions": { "hosted_instructions_url": url } });
        assert_eq!(
            stripe_hosted_link(Some(&next_action("https://payments.stripe.com/x"))).as_deref(),
            Some("https://payments.stripe.com/x")
        );
        assert_eq!(stripe_hosted_link(Some(&next_action("javascript:alert(1)"))), None);
    }
}
