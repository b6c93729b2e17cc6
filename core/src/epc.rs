//! The EPC QR code ("GiroCode") of a SEPA credit transfer: EPC069-12 version 002, UTF-8, the
//! payload a banking app reads to fill in the transfer, drawn as an SVG path.

use alloc::string::String;

use qrcodegen_no_heap::{QrCode, QrCodeEcc, Version};

use crate::model::Money;

/// The largest version EPC069-12 allows (and the data's 331 bytes need at most).
const MAX_VERSION: u8 = 13;
const BUFFER: usize = Version::new(MAX_VERSION).buffer_len();

/// What a SEPA transfer needs.
pub struct Transfer<'a> {
    pub bic: Option<&'a str>,
    pub name: &'a str,
    pub iban: &'a str,
    pub amount: Money,
    pub reference: Option<&'a str>,
}

/// The payload, or `None` when the transfer cannot be one (not EUR, no IBAN or name, an amount
/// outside 0.01–999,999,999.99).
pub fn payload(t: &Transfer) -> Option<String> {
    if t.amount.currency.code() != "EUR" || t.amount.minor == 0 || t.amount.minor > 99_999_999_999 {
        return None;
    }
    let iban: String = t.iban.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
    let name = truncate(t.name.trim(), 70);
    if iban.is_empty() || name.is_empty() {
        return None;
    }
    let bic: String = t.bic.unwrap_or("").chars().filter(|c| !c.is_whitespace()).collect();
    let reference = t.reference.map(str::trim).unwrap_or("");
    // An ISO 11649 creditor reference goes in the structured field; anything else is text.
    let (structured, text) =
        if is_creditor_reference(reference) { (reference, "") } else { ("", truncate(reference, 140)) };
    let lines = [
        "BCD",
        "002",
        "1", // UTF-8
        "SCT",
        &bic,
        name,
        &iban,
        &["EUR", &t.amount.decimal()].concat(),
        "", // purpose
        structured,
        text,
    ];
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(line);
    }
    // Trailing empty fields may be left out.
    while out.ends_with('\n') {
        out.pop();
    }
    Some(out)
}

/// At most `max` characters (never a cut UTF-8 sequence).
fn truncate(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((at, _)) => s.get(..at).unwrap_or(s),
        None => s,
    }
}

/// `RF` + two check digits + up to 21 letters/digits, valid mod 97 (ISO 11649).
fn is_creditor_reference(r: &str) -> bool {
    let r = r.as_bytes();
    if r.len() < 5 || r.len() > 25 || !r.starts_with(b"RF") || !r.iter().all(u8::is_ascii_alphanumeric) {
        return false;
    }
    // The body, then "RF" and the check digits, read as one big number mod 97.
    let mut rem: u32 = 0;
    for &b in r[4..].iter().chain(&r[..4]) {
        let value =
            if b.is_ascii_digit() { u32::from(b - b'0') } else { u32::from(b.to_ascii_uppercase() - b'A') + 10 };
        rem = if value >= 10 { (rem * 100 + value) % 97 } else { (rem * 10 + value) % 97 };
    }
    rem == 1
}

/// A QR code (error correction M, version ≤ 13) of `data`: its size in modules and an SVG path
/// of its dark modules, offset by a four-module quiet zone. `None` if it does not fit.
pub fn qr_path(data: &str) -> Option<(u32, String)> {
    let bytes = data.as_bytes();
    if bytes.len() > BUFFER {
        return None;
    }
    let mut temp = [0u8; BUFFER];
    let mut out = [0u8; BUFFER];
    temp[..bytes.len()].copy_from_slice(bytes);
    let qr = QrCode::encode_binary(
        &mut temp,
        bytes.len(),
        &mut out,
        QrCodeEcc::Medium,
        Version::MIN,
        Version::new(MAX_VERSION),
        None,
        false, // exactly M, as EPC069-12 asks
    )
    .ok()?;
    let size = qr.size();
    let mut path = String::new();
    // One rectangle per run of dark modules in a row: `M x y h n v1 h -n z`.
    for y in 0..size {
        let mut x = 0;
        while x < size {
            if !qr.get_module(x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while x < size && qr.get_module(x, y) {
                x += 1;
            }
            let run = super::view::decimal((x - start) as u32);
            for part in [
                "M",
                &super::view::decimal((start + 4) as u32),
                " ",
                &super::view::decimal((y + 4) as u32),
                "h",
                &run,
                "v1h-",
                &run,
                "z",
            ] {
                path.push_str(part);
            }
        }
    }
    Some((size as u32, path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Currency;

    fn eur(minor: u64) -> Money {
        Money { minor, currency: Currency::parse("eur").unwrap() }
    }

    #[test]
    fn the_payload_is_epc069_12_version_002() {
        let transfer = Transfer {
            bic: Some("CITINL2X XXX"),
            name: "Demo Test Inc.",
            iban: "NL40 CITI 7000 7995 56 ",
            amount: eur(1099),
            reference: Some("REF-1234"),
        };
        assert_eq!(
            payload(&transfer).unwrap(),
            "BCD\n002\n1\nSCT\nCITINL2XXXX\nDemo Test Inc.\nNL40CITI7000799556\nEUR10.99\n\n\nREF-1234"
        );
        // A creditor reference goes in the structured field, the text field stays empty.
        let rf = Transfer { reference: Some("RF18539007547034"), ..transfer };
        assert!(payload(&rf).unwrap().ends_with("EUR10.99\n\nRF18539007547034"));
        let bad_rf = Transfer { reference: Some("RF19539007547034"), ..rf };
        assert!(payload(&bad_rf).unwrap().ends_with("\n\n\nRF19539007547034"), "a wrong check digit is text");
        let no_reference = Transfer { reference: None, bic: None, ..bad_rf };
        assert_eq!(payload(&no_reference).unwrap(), "BCD\n002\n1\nSCT\n\nDemo Test Inc.\nNL40CITI7000799556\nEUR10.99");
    }

    #[test]
    fn only_eur_and_sane_amounts_and_names_of_at_most_70_characters() {
        let base = Transfer { bic: None, name: "A", iban: "DE89370400440532013000", amount: eur(1), reference: None };
        assert!(payload(&Transfer { amount: Money { minor: 100, currency: Currency::parse("gbp").unwrap() }, ..base })
            .is_none());
        assert!(payload(&Transfer { amount: eur(0), ..base }).is_none());
        assert!(payload(&Transfer { name: " ", ..base }).is_none());
        let long = "ä".repeat(80);
        let p = payload(&Transfer { name: &long, ..base }).unwrap();
        assert_eq!(p.lines().nth(5).unwrap().chars().count(), 70);
    }

    #[test]
    fn the_code_fits_version_13_at_level_m_even_for_the_longest_payload() {
        let name = "N".repeat(70);
        let reference = "R".repeat(140);
        let longest = Transfer {
            bic: Some("ABCDEFGHXXX"),
            name: &name,
            iban: "MT84MALT011000012345MTLCAST001S",
            amount: eur(99_999_999_999),
            reference: Some(&reference),
        };
        let data = payload(&longest).unwrap();
        let (size, path) = qr_path(&data).unwrap();
        assert!(size <= 4 * 13 + 17, "{size}");
        assert!(path.starts_with("M4 4h7v1h-7z"), "the finder pattern's top row: {}", &path[..20]);
    }
}
