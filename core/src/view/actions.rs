//! What helps the customer get the transfer right and keep the instructions: the warnings that
//! fit the networks shown, the EPC QR code of a SEPA transfer, and every detail as text for
//! "Copy all" and sharing.

use alloc::string::String;
use alloc::vec::Vec;

use super::{Qr, View, Warning};
use crate::i18n::{Lang, Msg};
use crate::model::{FinancialAddress, Instructions, Value};

/// `n` in decimal digits, without the integer formatting machinery (Wasm bytes).
pub fn decimal(mut n: u32) -> String {
    let mut digits = String::new();
    loop {
        digits.insert(0, char::from(b'0' + (n % 10) as u8));
        n /= 10;
        if n == 0 {
            return digits;
        }
    }
}

/// One warning per risk the shown networks carry, in a fixed order.
pub fn warnings(lang: Lang, instructions: &Instructions) -> Vec<Warning> {
    let has_network = |name: &str| {
        instructions.addresses.iter().any(|a| match a {
            FinancialAddress::Known { networks, .. } => networks.iter().any(|n| n == name),
            FinancialAddress::Unsupported { .. } => false,
        })
    };
    let mut out = Vec::new();
    let rules: [(bool, &'static str, Msg); 4] = [
        // The EU's Verification of Payee and the UK's Confirmation of Payee compare the name typed.
        (has_network("sepa"), "name_match_sepa", Msg::WarningNameSepa),
        (has_network("bacs") || has_network("fps"), "name_match_uk", Msg::WarningNameUk),
        // Fees taken from the amount leave part of the payment unpaid.
        (has_network("swift"), "swift_charges", Msg::WarningSwiftCharges),
        // Japan matches transfers by amount; the sender pays the fee.
        (has_network("zengin"), "exact_amount_jp", Msg::WarningExactAmountJp),
    ];
    for (applies, kind, msg) in rules {
        if applies {
            out.push(Warning { kind, text: lang.text(msg) });
        }
    }
    if instructions.amount.is_some() {
        out.push(Warning { kind: "overpayment", text: lang.text(Msg::WarningOverpayment) });
    }
    out
}

/// The EPC QR code, for a EUR amount and an IBAN with its holder's name.
pub fn qr(lang: Lang, instructions: &Instructions) -> Option<Qr> {
    let amount = instructions.amount?;
    let iban = instructions.addresses.iter().find_map(|a| match a {
        FinancialAddress::Known { address_type: crate::model::AddressType::Iban, fields, .. } => Some(fields),
        _ => None,
    })?;
    let text = |name: &str| {
        iban.iter().find_map(|(spec, value)| match value {
            Value::Text(raw) if spec.name == name => Some(raw.as_str()),
            _ => None,
        })
    };
    let transfer = crate::epc::Transfer {
        bic: text("bic"),
        name: text("account_holder_name")?,
        iban: text("iban")?,
        amount,
        reference: instructions.reference.as_deref(),
    };
    let payload = crate::epc::payload(&transfer)?;
    Some(Qr { payload, caption: lang.text(Msg::QrCaption) })
}

/// `Label: value` lines, headed by each section's heading; multi-line values on one line.
pub fn copy_all(view: &View) -> String {
    let mut out = String::new();
    let mut line = |label: &str, value: &str| {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(label);
        if !value.is_empty() {
            out.push_str(": ");
            out.push_str(&value.replace('\n', ", "));
        }
    };
    line(view.title, "");
    for field in view.amount.iter().chain(&view.reference) {
        line(field.label, &field.display);
    }
    for section in &view.sections {
        line(section.heading, "");
        for field in &section.fields {
            line(field.label, &field.display);
        }
    }
    out
}
