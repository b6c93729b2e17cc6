//! The few Stripe API calls the backend makes, with the secret key; the same code talks to
//! Stripe or to the sandbox. Stripe's error object comes back as `StripeError`.

use serde_json::Value;

#[derive(Clone)]
pub struct Stripe {
    http: reqwest::Client,
    base: String,
    secret_key: String,
}

#[derive(Debug)]
pub struct StripeError {
    /// Stripe's `error.code` (`resource_missing`…), when the API answered.
    pub code: Option<String>,
    pub message: String,
}

impl Stripe {
    pub fn new(base: &str, secret_key: &str) -> Stripe {
        let http = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(20))
            .build()
            .unwrap_or_else(|_| reqwest::Client::new());
        Stripe { http, base: base.trim_end_matches('/').to_owned(), secret_key: secret_key.to_owned() }
    }

    pub async fn post(&self, path: &str, form: &[(&str, &str)], idempotency_key: &str) -> Result<Value, StripeError> {
        let body = form_urlencoded::Serializer::new(String::new()).extend_pairs(form).finish();
        let request = self
            .http
            .post(format!("{}{path}", self.base))
            .bearer_auth(&self.secret_key)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Idempotency-Key", idempotency_key)
            .body(body);
        answer(request.send().await).await
    }

    pub async fn get(&self, path: &str) -> Result<Value, StripeError> {
        answer(self.http.get(format!("{}{path}", self.base)).bearer_auth(&self.secret_key).send().await).await
    }
}

async fn answer(sent: reqwest::Result<reqwest::Response>) -> Result<Value, StripeError> {
    // reqwest's error text can contain the URL, never the key (it travels in a header).
    let response = sent.map_err(|e| StripeError { code: None, message: format!("Stripe unreachable: {e}") })?;
    let ok = response.status().is_success();
    let body: Value = response
        .json()
        .await
        .map_err(|e| StripeError { code: None, message: format!("unreadable Stripe answer: {e}") })?;
    if ok {
        return Ok(body);
    }
    let error = &body["error"];
    Err(StripeError {
        code: error["code"].as_str().map(str::to_owned),
        message: error["message"].as_str().unwrap_or("Stripe refused the request").to_owned(),
    })
}

/// A fresh Idempotency-Key for requests that are new by nature (each simulated transfer).
pub fn random_key() -> String {
    bank_transfer_sandbox::random_id("", 20)
}
