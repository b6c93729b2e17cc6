//! Display and copy forms of bank identifiers. Display adds spacing that helps a person read
//! and compare; the copy form is what a bank's form field accepts: no spaces, no dashes.

use crate::model::{FieldKind, PostalAddress};
use alloc::borrow::ToOwned;
use alloc::string::String;

/// The value without whitespace or dashes (`AAAA-BB-CC-123` → `AAAABBCC123`).
pub fn compact(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if !c.is_whitespace() && c != '-' {
            out.push(c);
        }
    }
    out
}

/// Display and copy text for a text field of `kind`. `None` as copy means no copy button.
pub fn text_field(kind: FieldKind, raw: &str) -> (String, Option<String>) {
    match kind {
        FieldKind::Text => (raw.to_owned(), Some(raw.to_owned())),
        FieldKind::Code => (raw.to_owned(), Some(compact(raw))),
        FieldKind::Iban => {
            let iban = compact(raw).to_ascii_uppercase();
            (groups(&iban, &[4]), Some(iban))
        }
        FieldKind::SortCode => {
            let code = compact(raw);
            let display =
                if is_digits(&code, 6) { groups(&code, &[2, 2, 2]).replace(' ', "-") } else { raw.to_owned() };
            (display, Some(code))
        }
        FieldKind::Clabe => {
            let clabe = compact(raw);
            // 3-digit bank, 3-digit branch (plaza), 11-digit account, check digit.
            let display = if is_digits(&clabe, 18) { groups(&clabe, &[3, 3, 11, 1]) } else { raw.to_owned() };
            (display, Some(clabe))
        }
        FieldKind::AccountType | FieldKind::Country | FieldKind::PostalAddress => (raw.to_owned(), None),
    }
}

fn is_digits(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_digit())
}

/// Splits `s` into groups of the given sizes, separated by spaces; the last size repeats.
fn groups(s: &str, sizes: &[usize]) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 2);
    let (mut group, mut left) = (0, 0);
    for c in s.chars() {
        if left == 0 {
            if !out.is_empty() {
                out.push(' ');
            }
            left = sizes.get(group).or(sizes.last()).copied().unwrap_or(4).max(1);
            group += 1;
        }
        out.push(c);
        left -= 1;
    }
    out
}

/// A postal address on several lines (`\n`), the locality line in the order the country
/// writes it. `country_name` turns the ISO code into the customer's language.
/// Plain loops, not iterator chains: each chain is its own generic code in the Wasm download.
pub fn postal_text(a: &PostalAddress, country_name: impl Fn(&str) -> String) -> String {
    let [line1, line2, postal, city, state, country] =
        [&a.line1, &a.line2, &a.postal_code, &a.city, &a.state, &a.country].map(|p| p.as_deref());
    // "London, London" says nothing twice.
    let state = state.filter(|s| Some(*s) != city);
    let mut out = String::new();
    push_line(&mut out, &words(&[line1], ""));
    push_line(&mut out, &words(&[line2], ""));
    match country.map(str::to_ascii_uppercase).as_deref() {
        Some("US") | Some("CA") => {
            let region = words(&[state, postal], " ");
            push_line(&mut out, &words(&[city, (!region.is_empty()).then_some(region.as_str())], ", "));
        }
        Some("GB") | Some("IE") => {
            for part in [city, state, postal] {
                push_line(&mut out, &words(&[part], ""));
            }
        }
        _ => {
            push_line(&mut out, &words(&[postal, city], " "));
            push_line(&mut out, &words(&[state], ""));
        }
    }
    if let Some(code) = country {
        push_line(&mut out, &country_name(code));
    }
    out
}

/// The present parts, separated by `sep`.
fn words(parts: &[Option<&str>], sep: &str) -> String {
    let mut out = String::new();
    for part in parts.iter().flatten() {
        if !out.is_empty() {
            out.push_str(sep);
        }
        out.push_str(part);
    }
    out
}

fn push_line(out: &mut String, line: &str) {
    if line.is_empty() {
        return;
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(line);
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use std::{borrow::ToOwned, format, string::String, string::ToString, vec, vec::Vec};

    #[test]
    fn iban_is_grouped_by_four_and_copied_compact() {
        assert_eq!(
            text_field(FieldKind::Iban, "NL40CITI7000799556"),
            ("NL40 CITI 7000 7995 56".into(), Some("NL40CITI7000799556".into()))
        );
        assert_eq!(
            text_field(FieldKind::Iban, "de89 3704 0044 0532 0130 00"),
            ("DE89 3704 0044 0532 0130 00".into(), Some("DE89370400440532013000".into()))
        );
    }

    #[test]
    fn sort_code_is_dashed_only_when_it_is_six_digits() {
        assert_eq!(text_field(FieldKind::SortCode, "200000"), ("20-00-00".into(), Some("200000".into())));
        assert_eq!(text_field(FieldKind::SortCode, "10-88-00"), ("10-88-00".into(), Some("108800".into())));
        assert_eq!(text_field(FieldKind::SortCode, "12345"), ("12345".into(), Some("12345".into())));
    }

    #[test]
    fn clabe_is_grouped_by_its_parts() {
        assert_eq!(
            text_field(FieldKind::Clabe, "002180650612345670"),
            ("002 180 65061234567 0".into(), Some("002180650612345670".into()))
        );
        assert_eq!(text_field(FieldKind::Clabe, "0021"), ("0021".into(), Some("0021".into())));
    }

    #[test]
    fn codes_copy_without_spaces_or_dashes() {
        assert_eq!(
            text_field(FieldKind::Code, "AAAA-BB-CC-123"),
            ("AAAA-BB-CC-123".into(), Some("AAAABBCC123".into()))
        );
        assert_eq!(
            text_field(FieldKind::Text, "Demo Test Inc."),
            ("Demo Test Inc.".into(), Some("Demo Test Inc.".into()))
        );
        assert_eq!(text_field(FieldKind::AccountType, "futsu"), ("futsu".into(), None));
    }

    #[test]
    fn postal_lines_follow_the_country() {
        let name = |c: &str| format!("<{c}>");
        let gb = PostalAddress {
            line1: Some("9th Floor, 107 Cheapside".into()),
            postal_code: Some("EC2V6DN".into()),
            city: Some("London".into()),
            state: Some("London".into()),
            country: Some("GB".into()),
            ..Default::default()
        };
        assert_eq!(postal_text(&gb, name), "9th Floor, 107 Cheapside\nLondon\nEC2V6DN\n<GB>");
        let us = PostalAddress {
            line1: Some("420 Montgomery St".into()),
            city: Some("San Francisco".into()),
            state: Some("CA".into()),
            postal_code: Some("94104".into()),
            country: Some("US".into()),
            ..Default::default()
        };
        assert_eq!(postal_text(&us, name), "420 Montgomery St\nSan Francisco, CA 94104\n<US>");
        let us_no_city = PostalAddress { city: None, ..us };
        assert_eq!(postal_text(&us_no_city, name), "420 Montgomery St\nCA 94104\n<US>");
        let nl = PostalAddress { line2: Some("Unit 2".into()), city: Some("Amsterdam".into()), ..Default::default() };
        assert_eq!(postal_text(&nl, name), "Unit 2\nAmsterdam");
        assert_eq!(postal_text(&PostalAddress::default(), name), "");
    }
}
