//! Amounts in minor units with their currency. Formatting for people is `Intl`'s job (see
//! `view::Intl`); this module only knows how many minor units a major unit has, per Stripe.

use crate::error::{Error, ErrorCode};
use crate::json::Json;
use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;

/// An ISO 4217 code, upper-case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Currency([u8; 3]);

impl Currency {
    /// Accepts three ASCII letters in any case, with surrounding whitespace.
    pub fn parse(code: &str) -> Option<Currency> {
        match code.trim().as_bytes() {
            &[a, b, c] if [a, b, c].iter().all(u8::is_ascii_alphabetic) => {
                Some(Currency([a.to_ascii_uppercase(), b.to_ascii_uppercase(), c.to_ascii_uppercase()]))
            }
            _ => None,
        }
    }

    pub fn code(&self) -> String {
        // ASCII letters only, so byte by byte; no UTF-8 validation needed (or shipped).
        let mut code = String::with_capacity(3);
        for byte in self.0 {
            code.push(char::from(byte));
        }
        code
    }

    /// Decimal places of the minor unit as Stripe counts them
    /// (docs.stripe.com/currencies: zero-decimal and three-decimal currencies).
    pub fn exponent(&self) -> u32 {
        const ZERO_DECIMAL: [&str; 16] = [
            "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF",
            "XPF",
        ];
        const THREE_DECIMAL: [&str; 5] = ["BHD", "JOD", "KWD", "OMR", "TND"];
        let is = |list: &[&str]| list.iter().any(|c| c.as_bytes() == self.0);
        if is(&ZERO_DECIMAL) {
            0
        } else if is(&THREE_DECIMAL) {
            3
        } else {
            2
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Money {
    /// Minor units, as Stripe sends them (1099 = 10.99 EUR; 19000 = 19000 JPY).
    pub minor: u64,
    pub currency: Currency,
}

impl Money {
    /// The exact amount as a plain decimal string ("10.99", "19000", "0.05"), which
    /// `Intl.NumberFormat` formats without going through a float.
    pub fn decimal(&self) -> String {
        let digits = digits(self.minor);
        let exp = self.currency.exponent() as usize;
        if exp == 0 {
            return digits;
        }
        let padded = "0".repeat((exp + 1).saturating_sub(digits.len())) + &digits;
        // Digits are ASCII, so the char count is the length; no slicing that could panic.
        let point = padded.len() - exp;
        let mut out = String::with_capacity(padded.len() + 1);
        for (i, digit) in padded.chars().enumerate() {
            if i == point {
                out.push('.');
            }
            out.push(digit);
        }
        out
    }
}

/// Decimal digits of `n`. Not `to_string()`: that drags `core::fmt` integer formatting into
/// the Wasm binary for two call sites.
fn digits(mut n: u64) -> String {
    let mut out = Vec::with_capacity(20);
    loop {
        out.push(b'0' + (n % 10) as u8);
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.iter().rev().map(|&b| b as char).collect()
}

/// JavaScript's `Number.MAX_SAFE_INTEGER`: beyond it a JS number no longer holds an exact integer.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// `amount_remaining`: absent or null is fine (the schema allows it); anything but a
/// non-negative whole number is an error, since showing a wrong amount is worse than none.
pub fn parse_amount(value: Option<&Json>) -> Result<Option<u64>, Error> {
    match value {
        None | Some(Json::Null) => Ok(None),
        Some(Json::Number(n)) if n.is_finite() && *n >= 0.0 && is_whole(*n) && *n <= MAX_SAFE_INTEGER => {
            Ok(Some(*n as u64))
        }
        Some(Json::Number(n)) => Err(Error::new(
            ErrorCode::InvalidAmount,
            ["amount_remaining must be a whole, non-negative number of minor units, got ", &describe(*n)].concat(),
        )),
        Some(other) => Err(Error::new(
            ErrorCode::InvalidAmount,
            ["amount_remaining must be a number of minor units, got ", other.kind()].concat(),
        )),
    }
}

/// `f64::fract` is std-only (libm); the remainder is in `core`.
fn is_whole(n: f64) -> bool {
    n % 1.0 == 0.0
}

/// The number as a person reads it. Deliberately not `f64`'s `Display`: that formatter alone
/// costs ~14 KB of Wasm, more than all our locale tables compressed.
fn describe(n: f64) -> String {
    if n.is_nan() || n.is_infinite() {
        "a number that is not finite".to_owned()
    } else if !is_whole(n) {
        "a fractional number".to_owned()
    } else if n.abs() < 1e15 {
        let sign = if n < 0.0 { "-" } else { "" };
        [sign, &digits(n.abs() as u64)].concat()
    } else {
        "a number beyond the safe integer range".to_owned()
    }
}

/// `currency`: absent or null is fine; otherwise it must look like an ISO 4217 code.
pub fn parse_currency(value: Option<&Json>) -> Result<Option<Currency>, Error> {
    match value {
        None | Some(Json::Null) => Ok(None),
        Some(Json::String(s)) => Currency::parse(s).map(Some).ok_or_else(|| {
            Error::new(
                ErrorCode::InvalidCurrency,
                ["currency must be a three-letter ISO code, got \"", s, "\""].concat(),
            )
        }),
        Some(other) => Err(Error::new(
            ErrorCode::InvalidCurrency,
            ["currency must be a three-letter ISO code, got ", other.kind()].concat(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use std::{borrow::ToOwned, format, string::String, string::ToString, vec, vec::Vec};

    fn money(minor: u64, code: &str) -> Money {
        Money { minor, currency: Currency::parse(code).unwrap() }
    }

    #[test]
    fn decimal_respects_the_currency_exponent() {
        assert_eq!(money(1099, "eur").decimal(), "10.99");
        assert_eq!(money(19000, "jpy").decimal(), "19000");
        assert_eq!(money(5, "usd").decimal(), "0.05");
        assert_eq!(money(0, "gbp").decimal(), "0.00");
        assert_eq!(money(1234, "KWD").decimal(), "1.234");
        assert_eq!(money(9_007_199_254_740_991, "mxn").decimal(), "90071992547409.91");
    }

    #[test]
    fn currency_codes_are_three_letters_in_any_case() {
        assert_eq!(Currency::parse(" eur\t").unwrap().code(), "EUR");
        for bad in ["", "eu", "euro", "e1r", "€€€", "ÉUR"] {
            assert_eq!(Currency::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn amount_must_be_a_non_negative_whole_number() {
        assert_eq!(parse_amount(None), Ok(None));
        assert_eq!(parse_amount(Some(&Json::Null)), Ok(None));
        assert_eq!(parse_amount(Some(&Json::Number(1099.0))), Ok(Some(1099)));
        assert_eq!(parse_amount(Some(&Json::Number(0.0))), Ok(Some(0)));
        for bad in [-1.0, 10.5, f64::NAN, f64::INFINITY, 1e300] {
            assert_eq!(parse_amount(Some(&Json::Number(bad))).unwrap_err().code, ErrorCode::InvalidAmount);
        }
        let err = parse_amount(Some(&Json::String("1099".into()))).unwrap_err();
        assert_eq!(err.message, "amount_remaining must be a number of minor units, got a string");
        let message = |n: f64| parse_amount(Some(&Json::Number(n))).unwrap_err().message;
        assert_eq!(message(-5.0), "amount_remaining must be a whole, non-negative number of minor units, got -5");
        assert_eq!(
            message(10.5),
            "amount_remaining must be a whole, non-negative number of minor units, got a fractional number"
        );
        assert_eq!(message(1e300), "amount_remaining must be a whole, non-negative number of minor units, got a number beyond the safe integer range");
        assert_eq!(
            message(f64::NAN),
            "amount_remaining must be a whole, non-negative number of minor units, got a number that is not finite"
        );
    }
}
