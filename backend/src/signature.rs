//! Verifies `Stripe-Signature` exactly as Stripe documents it: HMAC-SHA256 over
//! `"{t}.{raw body}"` with the endpoint secret; any `v1` may match (secret rotation); compared in
//! constant time; a timestamp more than 300 s away is refused (replays).

use hmac::{Hmac, Mac};
use sha2::Sha256;

pub const TOLERANCE_SECONDS: i64 = 300;

#[derive(Debug, PartialEq, Eq)]
pub enum SignatureError {
    Missing,
    Malformed,
    Stale,
    Mismatch,
}

pub fn verify(header: Option<&str>, payload: &[u8], secret: &str, now: i64) -> Result<(), SignatureError> {
    let header = header.ok_or(SignatureError::Missing)?;
    let mut timestamp = None;
    let mut candidates = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", t)) => timestamp = t.parse::<i64>().ok(),
            Some(("v1", v)) => candidates.extend(hex::decode(v).ok()),
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(SignatureError::Malformed)?;
    if candidates.is_empty() {
        return Err(SignatureError::Malformed);
    }
    // abs_diff: `now - timestamp` overflows for a timestamp near i64::MIN (found by fuzzing).
    if now.abs_diff(timestamp) > TOLERANCE_SECONDS.unsigned_abs() {
        return Err(SignatureError::Stale);
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).map_err(|_| SignatureError::Mismatch)?;
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(payload);
    // verify_slice compares in constant time.
    if candidates.iter().any(|candidate| mac.clone().verify_slice(candidate).is_ok()) {
        Ok(())
    } else {
        Err(SignatureError::Mismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bank_transfer_sandbox::webhooks::signature_header;

    const SECRET: &str = "whsec_test";
    const NOW: i64 = 1_700_000_000;

    #[test]
    fn accepts_a_good_signature_and_any_matching_v1() {
        let header = signature_header(SECRET, NOW, "{}");
        assert_eq!(verify(Some(&header), b"{}", SECRET, NOW + 10), Ok(()));
        let rotated = format!("t={NOW},v1={},v1={}", "00".repeat(32), header.split("v1=").nth(1).unwrap());
        assert_eq!(verify(Some(&rotated), b"{}", SECRET, NOW), Ok(()));
    }

    #[test]
    fn refuses_bad_stale_and_malformed_signatures() {
        let header = signature_header(SECRET, NOW, "{}");
        assert_eq!(verify(Some(&header), b"{ }", SECRET, NOW), Err(SignatureError::Mismatch));
        assert_eq!(verify(Some(&header), b"{}", "whsec_other", NOW), Err(SignatureError::Mismatch));
        assert_eq!(verify(Some(&header), b"{}", SECRET, NOW + 301), Err(SignatureError::Stale));
        assert_eq!(verify(Some(&header), b"{}", SECRET, NOW - 301), Err(SignatureError::Stale));
        assert_eq!(verify(None, b"{}", SECRET, NOW), Err(SignatureError::Missing));
        assert_eq!(verify(Some("v1=abcd"), b"{}", SECRET, NOW), Err(SignatureError::Malformed));
        assert_eq!(verify(Some(&format!("t={NOW},v0=abcd")), b"{}", SECRET, NOW), Err(SignatureError::Malformed));
        assert_eq!(verify(Some(&format!("t={NOW},v1=zz")), b"{}", SECRET, NOW), Err(SignatureError::Malformed));
    }

    /// Regression (fuzz/artifacts: stripe_signature): a timestamp at the end of i64's range
    /// overflowed `now - t` and panicked the webhook handler.
    #[test]
    fn extreme_timestamps_are_stale_not_a_panic() {
        for t in [i64::MIN, i64::MAX] {
            let header = format!("t={t},v1={}", "00".repeat(32));
            assert_eq!(verify(Some(&header), b"{}", SECRET, NOW), Err(SignatureError::Stale));
        }
        let header = format!("t={},v1={}", i64::MAX, "00".repeat(32));
        assert_eq!(verify(Some(&header), b"{}", SECRET, i64::MIN), Err(SignatureError::Stale));
    }
}
