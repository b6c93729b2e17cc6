//! Who is shopping. A virtual bank account belongs to a Stripe Customer, so the backend keeps
//! one Customer per shopper and reuses it for every order; the shopper comes from the
//! merchant's session, never from the request body.
//!
//! **Plugging in your own identity**: implement [`Identify::shopper`] (read your session cookie
//! or token, return your user's id, name, email and country) and pass it to
//! [`crate::app_with`]. The demo's implementation, [`DemoSessions`], issues a signed, HttpOnly,
//! SameSite session cookie to every visitor and lets the demo page switch between a few
//! shoppers.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::error::ApiError;
use crate::AppState;

/// The merchant's customer, as Stripe's Customer should know them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Shopper {
    /// The merchant's own, stable id for this person (or guest session).
    pub id: String,
    pub name: Option<String>,
    pub email: Option<String>,
    /// ISO 3166 country: decides the IBAN's country for EUR transfers.
    pub country: Option<String>,
}

/// The one function a merchant replaces.
pub trait Identify: Send + Sync {
    /// The shopper this request's session belongs to, or `None` (the checkout answers 401).
    fn shopper(&self, headers: &HeaderMap) -> Option<Shopper>;
}

const COOKIE: &str = "btc_shopper";

/// The demo's shoppers: switch between them to see that each has their own Customer, virtual
/// account and orders.
const PERSONAS: [(&str, &str, &str, &str); 4] = [
    ("jenny", "Jenny Rosen", "jenny.rosen@example.com", "DE"),
    ("camille", "Camille Martin", "camille.martin@example.com", "FR"),
    ("aoife", "Aoife Byrne", "aoife.byrne@example.com", "IE"),
    ("sam", "Sam Lee", "sam.lee@example.com", "US"),
];

/// A visitor who has not picked a shopper is a new guest in Germany (the demo shop's market).
const GUEST_COUNTRY: &str = "DE";

/// Demo sessions: the cookie holds a shopper id and its HMAC under the server's secret.
pub struct DemoSessions {
    secret: Vec<u8>,
}

impl DemoSessions {
    pub fn new(secret: &[u8]) -> DemoSessions {
        DemoSessions { secret: secret.to_vec() }
    }

    fn sign(&self, shopper: &str) -> String {
        // HMAC takes keys of any length.
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.secret).expect("HMAC takes any key length");
        mac.update(shopper.as_bytes());
        format!("{shopper}.{}", hex::encode(mac.finalize().into_bytes()))
    }

    fn verify(&self, value: &str) -> Option<String> {
        let (shopper, signature) = value.rsplit_once('.')?;
        let signature = hex::decode(signature).ok()?;
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.secret).ok()?;
        mac.update(shopper.as_bytes());
        mac.verify_slice(&signature).ok()?;
        Some(shopper.to_owned())
    }

    fn session_of(&self, headers: &HeaderMap) -> Option<String> {
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().strip_prefix(COOKIE)?.strip_prefix('='))
            .find_map(|value| self.verify(value))
    }

    fn set_cookie(&self, shopper: &str) -> Option<HeaderValue> {
        let cookie = format!("{COOKIE}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000", self.sign(shopper));
        HeaderValue::from_str(&cookie).ok()
    }

    /// A request cookie header carrying `shopper`'s session (tests send it directly).
    pub fn cookie(&self, shopper: &str) -> String {
        format!("{COOKIE}={}", self.sign(shopper))
    }
}

fn profile(id: &str) -> Shopper {
    match PERSONAS.iter().find(|(persona, ..)| *persona == id) {
        Some((id, name, email, country)) => Shopper {
            id: (*id).into(),
            name: Some((*name).into()),
            email: Some((*email).into()),
            country: Some((*country).into()),
        },
        None => Shopper { id: id.into(), name: None, email: None, country: Some(GUEST_COUNTRY.into()) },
    }
}

fn new_guest() -> String {
    let mut bytes = [0u8; 12];
    let _ = getrandom::fill(&mut bytes);
    format!("guest_{}", hex::encode(bytes))
}

impl Identify for DemoSessions {
    fn shopper(&self, headers: &HeaderMap) -> Option<Shopper> {
        self.session_of(headers).map(|id| profile(&id))
    }
}

/// The demo's session middleware: a visitor without a valid session becomes a new guest, on
/// this very request (the handler sees the cookie) and the next ones (`Set-Cookie`).
pub async fn ensure_session(State(app): State<AppState>, mut request: Request, next: Next) -> Response {
    let Some(sessions) = &app.sessions else { return next.run(request).await };
    let path = request.uri().path();
    if path.starts_with("/v1/") || path == "/webhook" || sessions.session_of(request.headers()).is_some() {
        return next.run(request).await;
    }
    let guest = new_guest();
    if let Ok(cookie) = HeaderValue::from_str(&sessions.cookie(&guest)) {
        request.headers_mut().append(header::COOKIE, cookie);
    }
    let mut response = next.run(request).await;
    if let Some(set) = sessions.set_cookie(&guest) {
        response.headers_mut().append(header::SET_COOKIE, set);
    }
    response
}

#[derive(Serialize)]
pub struct SessionAnswer {
    shopper: Shopper,
    personas: Vec<Shopper>,
}

#[derive(Deserialize)]
pub struct SwitchRequest {
    /// A persona's id, or `guest` for a new guest.
    persona: String,
}

/// `GET /api/session`: who the demo thinks you are, and who else you could be.
pub async fn current(State(app): State<AppState>, headers: HeaderMap) -> Result<Json<SessionAnswer>, ApiError> {
    let shopper = app.identify.shopper(&headers).ok_or_else(ApiError::not_signed_in)?;
    Ok(Json(SessionAnswer { shopper, personas: PERSONAS.iter().map(|(id, ..)| profile(id)).collect() }))
}

/// `POST /api/session {persona}`: the demo's "switch shopper".
pub async fn switch(
    State(app): State<AppState>,
    crate::json::Json(request): crate::json::Json<SwitchRequest>,
) -> Result<Response, ApiError> {
    let Some(sessions) = &app.sessions else {
        return Err(ApiError::new(axum::http::StatusCode::NOT_FOUND, "not_found", "Sessions are the merchant's own."));
    };
    let id = match request.persona.as_str() {
        "guest" => new_guest(),
        persona if PERSONAS.iter().any(|(id, ..)| *id == persona) => persona.to_owned(),
        other => {
            return Err(ApiError::new(
                axum::http::StatusCode::BAD_REQUEST,
                "invalid_request",
                format!("There is no demo shopper {other:?}."),
            ))
        }
    };
    let answer =
        SessionAnswer { shopper: profile(&id), personas: PERSONAS.iter().map(|(id, ..)| profile(id)).collect() };
    let mut response = Json(answer).into_response();
    if let Some(set) = sessions.set_cookie(&id) {
        response.headers_mut().append(header::SET_COOKIE, set);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_session_verifies_and_a_forged_one_does_not() {
        let sessions = DemoSessions::new(b"secret");
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_str(&format!("a=1; {}", sessions.cookie("jenny"))).unwrap());
        assert_eq!(sessions.shopper(&headers).map(|s| (s.id, s.country)), Some(("jenny".into(), Some("DE".into()))));
        let other = DemoSessions::new(b"other secret");
        assert_eq!(other.shopper(&headers), None, "signed with another secret");
        let forged = sessions.cookie("jenny").replace("jenny", "camille");
        headers.insert(header::COOKIE, HeaderValue::from_str(&forged).unwrap());
        assert_eq!(sessions.shopper(&headers), None);
        headers.insert(header::COOKIE, HeaderValue::from_static("btc_shopper=jenny"));
        assert_eq!(sessions.shopper(&headers), None, "unsigned");
    }

    #[test]
    fn guests_are_in_germany_and_personas_have_their_profile() {
        assert_eq!(profile("guest_ab").country.as_deref(), Some("DE"));
        assert_eq!(profile("camille").email.as_deref(), Some("camille.martin@example.com"));
    }
}
