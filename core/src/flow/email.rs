//! "Email me these instructions": which input is worth sending, one request at a time, and the
//! sentence each answer gets. The merchant's backend decides what a valid address is; this
//! only refuses what is obviously not one, so that a typo is said at once.

use alloc::string::String;

use super::failure::{Failure, FailureKind};
use crate::i18n::{CheckoutMsg as Msg, Lang};

/// RFC 5321's limit on a forward path (the backend checks the same).
pub const MAX_ADDRESS_LEN: usize = 254;

/// Something that could be an address: `local@domain`, no spaces or control characters, no
/// second `@` in the domain, within the length limit. Quoted local parts may hold an `@`.
pub fn plausible_address(text: &str) -> bool {
    // Bytes rather than `str` searches and slices: no substring searcher and no slicing that
    // could panic (with its formatting machinery) in the Wasm download.
    let bytes = text.as_bytes();
    let Some(at) = bytes.iter().rposition(|b| *b == b'@') else { return false };
    let (Some(local), Some(domain)) = (bytes.get(..at), bytes.get(at + 1..)) else { return false };
    // ASCII spaces and controls, and the no-break and ideographic spaces phone keyboards type.
    let space = |c: char| c <= ' ' || c == '\u{7f}' || c == '\u{a0}' || c == '\u{3000}';
    bytes.len() <= MAX_ADDRESS_LEN
        && !local.is_empty()
        && !domain.is_empty()
        && domain.first() != Some(&b'.')
        && domain.last() != Some(&b'.')
        && !domain.windows(2).any(|pair| pair == b"..")
        && !text.chars().any(space)
}

/// What a press of "Send" leads to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Submit {
    /// Said in the field; nothing is sent.
    Invalid,
    /// A request is on its way: this press is ignored.
    Busy,
    /// Send this (trimmed) address.
    Send(String),
}

/// How the backend answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reply {
    Sent,
    Invalid,
    RateLimited,
    Failed,
}

impl Reply {
    pub fn of(result: &Result<crate::json::Json, Failure>) -> Reply {
        let Err(failure) = result else { return Reply::Sent };
        match (failure.kind, failure.code.as_deref(), failure.http_status) {
            (FailureKind::Backend, Some("email_invalid"), _) => Reply::Invalid,
            (FailureKind::Backend, Some("email_rate_limited"), _) | (FailureKind::Backend, _, 429) => {
                Reply::RateLimited
            }
            _ => Reply::Failed,
        }
    }

    /// The sentence shown under the field; `address` is the one sent.
    pub fn message(self, lang: Lang, address: &str) -> String {
        match self {
            Reply::Sent => lang.fill(Msg::EmailSent, &[("email", address)]),
            Reply::Invalid => lang.text(Msg::EmailInvalid).into(),
            Reply::RateLimited => lang.text(Msg::EmailRateLimited).into(),
            Reply::Failed => lang.text(Msg::EmailFailed).into(),
        }
    }
}

/// The form's state: shown or not, and the address on its way.
#[derive(Debug, Default)]
pub struct EmailForm {
    shown: bool,
    sending: Option<String>,
}

impl EmailForm {
    /// Shows or hides the form; `Some(visible)` when that is a change.
    pub fn show(&mut self, visible: bool) -> Option<bool> {
        (self.shown != visible).then(|| {
            self.shown = visible;
            visible
        })
    }

    pub fn submit(&mut self, text: &str) -> Submit {
        if !self.shown || self.sending.is_some() {
            return Submit::Busy;
        }
        let address = text.trim();
        if !plausible_address(address) {
            return Submit::Invalid;
        }
        self.sending = Some(String::from(address));
        Submit::Send(String::from(address))
    }

    /// The answer came: how it reads, and to which address it was sent.
    pub fn answered(&mut self, result: &Result<crate::json::Json, Failure>) -> (Reply, String) {
        (Reply::of(result), self.sending.take().unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::vec::Vec;

    #[test]
    fn obviously_bad_addresses_are_refused_before_sending() {
        for good in ["name@example.com", "a@b", "\"a@b\"@example.com", "jenny.rosen+shop@example.co.uk", "名前@例え.jp"]
        {
            assert!(plausible_address(good), "{good}");
        }
        let long = ["a@", &"b".repeat(MAX_ADDRESS_LEN)].concat();
        for bad in ["", "name", "name@", "@example.com", "name@.com", "name@example.", "a@b..c", "na me@example.com"] {
            assert!(!plausible_address(bad), "{bad}");
        }
        assert!(!plausible_address("name@example.com\r\nBcc: x@y.z"));
        assert!(!plausible_address("name\u{3000}@example.com") && !plausible_address("name@example.com\u{a0}"));
        assert!(!plausible_address(&long));
    }

    #[test]
    fn one_request_at_a_time_and_only_while_shown() {
        let mut form = EmailForm::default();
        assert_eq!(form.submit("a@b.c"), Submit::Busy, "hidden: nothing to send");
        assert_eq!(form.show(true), Some(true));
        assert_eq!(form.show(true), None);
        assert_eq!(form.submit("  nope "), Submit::Invalid);
        assert_eq!(form.submit(" a@b.c "), Submit::Send("a@b.c".into()));
        assert_eq!(form.submit("other@b.c"), Submit::Busy);
        assert_eq!(form.answered(&Ok(crate::json::Json::Null)), (Reply::Sent, "a@b.c".into()));
        assert_eq!(form.submit("other@b.c"), Submit::Send("other@b.c".into()));
    }

    #[test]
    fn each_answer_has_its_sentence() {
        let refused = |status: u16, code: &str| {
            let body = crate::json::Json::Object(Vec::from([(
                "error".into(),
                crate::json::Json::Object(Vec::from([("code".into(), crate::json::Json::String(code.into()))])),
            )]));
            Err(Failure::from_answer(FailureKind::Backend, status, Some(&body)))
        };
        assert_eq!(Reply::of(&refused(422, "email_invalid")), Reply::Invalid);
        assert_eq!(Reply::of(&refused(429, "email_rate_limited")), Reply::RateLimited);
        assert_eq!(Reply::of(&refused(429, "rate_limited")), Reply::RateLimited);
        assert_eq!(Reply::of(&refused(502, "email_failed")), Reply::Failed);
        assert_eq!(Reply::of(&refused(404, "order_not_found")), Reply::Failed);
        assert_eq!(Reply::of(&Err(Failure::new(FailureKind::Network, "offline"))), Reply::Failed);
        assert_eq!(Reply::Sent.message(Lang::En, "a@b.c"), "Sent to a@b.c. Check your inbox.");
        assert_eq!(Reply::Invalid.message(Lang::De, "x"), Lang::De.text(Msg::EmailInvalid));
        assert_eq!(Reply::RateLimited.message(Lang::Ja, "x"), Lang::Ja.text(Msg::EmailRateLimited));
    }
}
