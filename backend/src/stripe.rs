//! The few Stripe API calls the backend makes, with the secret key, pinned to one API version
//! and, for a connected account, its `Stripe-Account`; the same code talks to Stripe or to the
//! sandbox. Answers are typed (only the fields the backend reads); Stripe's error object comes
//! back as `StripeError`.

use std::fmt;

use bank_transfer_core::stripe::{IntentStatus, API_VERSION};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

#[derive(Clone)]
pub struct Stripe {
    http: reqwest::Client,
    base: String,
    secret_key: String,
}

#[derive(Deserialize, Debug, Clone)]
pub struct PaymentIntent {
    pub id: String,
    pub client_secret: Option<String>,
    pub status: String,
    pub currency: String,
    pub customer: Option<String>,
    pub next_action: Option<NextAction>,
}

#[derive(Deserialize, Debug, Clone)]
pub struct NextAction {
    pub display_bank_transfer_instructions: Option<Instructions>,
}

#[derive(Deserialize, Debug, Clone)]
pub struct Instructions {
    pub amount_remaining: Option<i64>,
}

/// What an event says of a PaymentIntent's state (all the webhook handler reads).
#[derive(Deserialize, Debug, Clone)]
pub struct IntentState {
    pub id: String,
    pub status: String,
    pub next_action: Option<NextAction>,
}

/// What is still to send: the instructions' `amount_remaining`, nothing once paid.
fn amount_remaining(status: &str, next_action: Option<&NextAction>) -> Option<i64> {
    if IntentStatus::parse(status) == Some(IntentStatus::Succeeded) {
        return Some(0);
    }
    next_action?.display_bank_transfer_instructions.as_ref()?.amount_remaining
}

impl PaymentIntent {
    pub fn amount_remaining(&self) -> Option<i64> {
        amount_remaining(&self.status, self.next_action.as_ref())
    }
}

impl IntentState {
    pub fn amount_remaining(&self) -> Option<i64> {
        amount_remaining(&self.status, self.next_action.as_ref())
    }
}

#[derive(Deserialize, Debug, Clone)]
pub struct Customer {
    pub id: String,
}

#[derive(Deserialize, Debug, Clone)]
pub struct Account {
    pub country: Option<String>,
    pub default_currency: Option<String>,
}

/// A simulated transfer (`fund_cash_balance`), as the demo shows it.
#[derive(Deserialize, Serialize, Debug, Clone)]
pub struct CashBalanceTransaction {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub net_amount: i64,
    pub ending_balance: i64,
    pub currency: String,
}

#[derive(Debug)]
pub struct StripeError {
    /// The HTTP status, when Stripe answered.
    pub status: Option<u16>,
    pub kind: Option<String>,
    /// Stripe's `error.code` (`resource_missing`…).
    pub code: Option<String>,
    pub param: Option<String>,
    pub message: String,
    pub request_id: Option<String>,
}

impl StripeError {
    fn unanswered(message: String) -> StripeError {
        StripeError { status: None, kind: None, code: None, param: None, message, request_id: None }
    }

    pub fn is(&self, code: &str, param: &str) -> bool {
        self.code.as_deref() == Some(code) && self.param.as_deref() == Some(param)
    }
}

/// For the operator's log: everything Stripe said, never the key (it travels in a header).
impl fmt::Display for StripeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let or = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
        match self.status {
            Some(status) => write!(
                f,
                "HTTP {status} {} code={} param={} request={}: {}",
                or(&self.kind),
                or(&self.code),
                or(&self.param),
                or(&self.request_id),
                self.message
            ),
            None => write!(f, "{}", self.message),
        }
    }
}

#[derive(Deserialize)]
struct ErrorBody {
    error: ErrorObject,
}

#[derive(Deserialize)]
struct ErrorObject {
    #[serde(rename = "type")]
    kind: Option<String>,
    code: Option<String>,
    param: Option<String>,
    message: Option<String>,
}

/// Form parameters, as Stripe reads them.
pub type Form = [(&'static str, String)];

impl Stripe {
    pub fn new(base: &str, secret_key: &str) -> Stripe {
        let http = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(20))
            .build()
            .unwrap_or_else(|_| reqwest::Client::new());
        Stripe { http, base: base.trim_end_matches('/').to_owned(), secret_key: secret_key.to_owned() }
    }

    /// A POST that must take effect once: `idempotency_key` makes a retry (ours or a taken-over
    /// one) get the first answer.
    pub async fn post<T: DeserializeOwned>(
        &self,
        path: &str,
        form: &Form,
        idempotency_key: &str,
        account: Option<&str>,
    ) -> Result<T, StripeError> {
        let body = form_urlencoded::Serializer::new(String::new()).extend_pairs(form).finish();
        let request = self
            .request(reqwest::Method::POST, path, account)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Idempotency-Key", idempotency_key)
            .body(body);
        answer(request.send().await).await
    }

    pub async fn get<T: DeserializeOwned>(&self, path: &str, account: Option<&str>) -> Result<T, StripeError> {
        answer(self.request(reqwest::Method::GET, path, account).send().await).await
    }

    fn request(&self, method: reqwest::Method, path: &str, account: Option<&str>) -> reqwest::RequestBuilder {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.secret_key)
            .header("Stripe-Version", API_VERSION);
        if let Some(account) = account {
            request = request.header("Stripe-Account", account);
        }
        request
    }
}

async fn answer<T: DeserializeOwned>(sent: reqwest::Result<reqwest::Response>) -> Result<T, StripeError> {
    // reqwest's error text can contain the URL, never the key (it travels in a header).
    let response = sent.map_err(|e| StripeError::unanswered(format!("Stripe unreachable: {e}")))?;
    let status = response.status();
    let request_id = response.headers().get("request-id").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let bytes =
        response.bytes().await.map_err(|e| StripeError::unanswered(format!("unreadable Stripe answer: {e}")))?;
    if status.is_success() {
        return serde_json::from_slice(&bytes)
            .map_err(|e| StripeError::unanswered(format!("unexpected Stripe answer: {e}")));
    }
    let error = serde_json::from_slice::<ErrorBody>(&bytes).ok().map(|b| b.error);
    Err(StripeError {
        status: Some(status.as_u16()),
        kind: error.as_ref().and_then(|e| e.kind.clone()),
        code: error.as_ref().and_then(|e| e.code.clone()),
        param: error.as_ref().and_then(|e| e.param.clone()),
        message: error.and_then(|e| e.message).unwrap_or_else(|| format!("Stripe answered HTTP {status}")),
        request_id,
    })
}
