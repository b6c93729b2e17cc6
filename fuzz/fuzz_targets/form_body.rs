//! The sandbox's decoder of Stripe-style form bodies (`a[b][c]=v`, `list[]=v`, `list[0]=v`):
//! no panic and no stack overflow for any body (keys nest only so deep), typed decoding never
//! panics, and a plain `key=value` pair of the body is found again under its key.
#![no_main]

use bank_transfer_sandbox::form::{self, Node};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let params = form::parse(data);
    assert!(matches!(params, Node::Map(_)));
    let _ = form::decode::<std::collections::BTreeMap<String, serde_json::Value>>(&params);
    // The last plain (bracket-free, non-empty) key wins: its value is what the handlers read.
    let mut last = None;
    for (key, value) in form_urlencoded::parse(data) {
        if !key.is_empty() && !key.contains('[') {
            last = Some((key.into_owned(), value.into_owned()));
        }
    }
    if let Some((key, value)) = last {
        if let Some(Node::Str(found)) = params.get(&key) {
            assert_eq!(found, &value);
        }
    }
});
