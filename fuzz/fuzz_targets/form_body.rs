//! The sandbox's decoder of Stripe-style form bodies (`a[b][c]=v`, `list[]=v`): no panic and no
//! stack overflow for any body (keys nest only so deep), and a plain `key=value` pair of the
//! body is found again under its key.
#![no_main]

use bank_transfer_sandbox::form;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let params = form::parse(data);
    assert!(params.is_object());
    // The last plain (bracket-free, non-empty) key wins: its value is what the handlers read.
    let mut last = None;
    for (key, value) in form_urlencoded::parse(data) {
        if !key.is_empty() && !key.contains('[') {
            last = Some((key.into_owned(), value.into_owned()));
        }
    }
    if let Some((key, value)) = last {
        if params[&key].is_string() {
            assert_eq!(params[&key].as_str(), Some(value.as_str()));
        }
    }
});
