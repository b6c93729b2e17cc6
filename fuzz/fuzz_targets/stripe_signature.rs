//! The backend's `Stripe-Signature` check: no panic for any header, payload or clock; a header
//! the sandbox signs verifies; a payload changed after signing never does.
#![no_main]

use bank_transfer_backend::signature::{verify, SignatureError};
use bank_transfer_sandbox::webhooks::signature_header;
use libfuzzer_sys::fuzz_target;

const SECRET: &str = "whsec_fuzz";

fuzz_target!(|input: (&str, &[u8], i64)| {
    let (header, payload, now) = input;
    // Anything at all: an answer, never a panic; a random header almost never matches.
    let _ = verify(Some(header), payload, SECRET, now);
    let Ok(body) = std::str::from_utf8(payload) else { return };
    let t = now.clamp(0, 4_000_000_000);
    let signed = signature_header(SECRET, t, body);
    assert_eq!(verify(Some(&signed), payload, SECRET, t), Ok(()));
    let mut tampered = payload.to_vec();
    tampered.push(b' ');
    assert_eq!(verify(Some(&signed), &tampered, SECRET, t), Err(SignatureError::Mismatch));
});
