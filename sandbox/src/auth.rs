//! Who is calling, for which account, in which API version: Stripe's two kinds of API key
//! (`Authorization: Bearer`, Basic as the SDKs and curl's `-u` send it, or a `key` parameter as
//! Stripe.js sends publishable keys), the connected account (`Stripe-Account`, or
//! `_stripe_account` from a browser) and the version (`Stripe-Version` / `_stripe_version`).

use axum::http::{header, HeaderMap};

use crate::api_error::ApiError;
use crate::form::Node;
use crate::Sandbox;

#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Caller {
    Secret,
    Publishable,
}

/// One request's credentials.
#[derive(Clone, Debug)]
pub struct Context {
    pub caller: Caller,
    pub key: String,
    /// The account whose objects the request reads and writes.
    pub account: String,
    pub version: Option<String>,
}

impl Context {
    pub fn require_secret(&self) -> Result<(), ApiError> {
        match self.caller {
            Caller::Secret => Ok(()),
            Caller::Publishable => Err(ApiError::secret_key_required()),
        }
    }
}

/// Reads the credentials, taking the browser's meta parameters (`key`, `_stripe_account`,
/// `_stripe_version`) out of `params` so that the operation sees only its own.
pub fn authenticate(sandbox: &Sandbox, headers: &HeaderMap, params: &mut Node) -> Result<Context, ApiError> {
    let text = |node: Option<Node>| match node {
        Some(Node::Str(s)) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
        _ => None,
    };
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(|v| v.trim().to_owned());
    let key_param = text(params.take("key"));
    let account_param = text(params.take("_stripe_account"));
    let version_param = text(params.take("_stripe_version"));

    let from_header = header(header::AUTHORIZATION.as_str()).and_then(|v| {
        if let Some(token) = v.strip_prefix("Bearer ") {
            return Some(token.trim().to_owned());
        }
        let decoded = base64_decode(v.strip_prefix("Basic ")?.trim())?;
        Some(decoded.split(':').next().unwrap_or("").to_owned())
    });
    let key = from_header.or(key_param).ok_or_else(|| {
        ApiError::unauthorized(
            "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
        )
    })?;
    let caller = if key == sandbox.config.secret_key {
        Caller::Secret
    } else if key == sandbox.config.publishable_key {
        Caller::Publishable
    } else {
        return Err(ApiError::unauthorized(format!("Invalid API Key provided: {}", redact(&key))));
    };
    let account = match header("Stripe-Account").filter(|a| !a.is_empty()).or(account_param) {
        None => sandbox.config.account.id.clone(),
        Some(account) if sandbox.has_account(&account) => account,
        Some(account) => return Err(ApiError::account_invalid(&redact(&key), &account)),
    };
    let version = header("Stripe-Version").filter(|v| !v.is_empty()).or(version_param);
    if let Some(version) = &version {
        if !is_version(version) {
            return Err(ApiError::invalid("Stripe-Version", format!("Invalid Stripe API version: {version}")));
        }
    }
    Ok(Context { caller, key, account, version })
}

/// `2026-07-29` or `2026-07-29.dahlia`, Stripe's version format.
fn is_version(v: &str) -> bool {
    let (date, name) = v.split_once('.').unwrap_or((v, "x"));
    let b = date.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
        && !name.is_empty()
        && name.bytes().all(|c| c.is_ascii_lowercase())
}

/// Like Stripe: the key's prefix and last four characters only.
pub fn redact(key: &str) -> String {
    let prefix = key.find('_').map_or("", |i| &key[..=i]);
    let last4: String = key.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
    format!("{prefix}****{last4}")
}

fn base64_decode(s: &str) -> Option<String> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits: u32 = 0;
    let mut count = 0;
    let mut out = Vec::new();
    for c in s.bytes().filter(|&c| c != b'=') {
        let value = ALPHABET.iter().position(|&a| a == c)? as u32;
        bits = (bits << 6) | value;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn keys_are_redacted_like_stripe() {
        assert_eq!(super::redact("sk_test_abcdefgh1234"), "sk_****1234");
        assert_eq!(super::redact("nonsense"), "****ense");
    }

    #[test]
    fn basic_auth_decodes() {
        // "sk_test_sandbox:" in base64.
        assert_eq!(super::base64_decode("c2tfdGVzdF9zYW5kYm94Og==").as_deref(), Some("sk_test_sandbox:"));
        assert_eq!(super::base64_decode("!!"), None);
    }

    #[test]
    fn versions_have_stripes_format() {
        for ok in ["2026-07-29.dahlia", "2024-06-20", "2026-05-27.preview"] {
            assert!(super::is_version(ok), "{ok}");
        }
        for bad in ["latest", "2026-7-29", "2026-07-29.", "2026-07-29.Dahlia"] {
            assert!(!super::is_version(bad), "{bad}");
        }
    }
}
