//! What the module needs from a PaymentIntent (the publishable-key subset), and what a newer
//! one means for the customer.

use alloc::borrow::ToOwned;
use alloc::string::String;

use crate::json::Json;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub status: String,
    /// From `next_action.display_bank_transfer_instructions`, when it is there.
    pub amount_remaining: Option<u64>,
    /// The country of the IBAN shown, for EU transfers.
    pub eu_country: Option<String>,
    pub transfer_type: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Nothing the customer needs to know.
    Same,
    /// Money arrived, some is still due.
    PartiallyFunded,
    /// Paid in full.
    Succeeded,
    /// The merchant canceled it: stop following.
    Canceled,
    /// Different instructions (another country, say): render them.
    Instructions,
}

impl Snapshot {
    /// `None` when this is not a PaymentIntent object.
    pub fn of(intent: &Json) -> Option<Snapshot> {
        if intent.get("object").and_then(Json::as_str) != Some("payment_intent") {
            return None;
        }
        let status = intent.get("status").and_then(Json::as_str)?.to_owned();
        let instructions = intent.get("next_action").and_then(|n| n.get("display_bank_transfer_instructions"));
        let amount_remaining = match instructions.and_then(|i| i.get("amount_remaining")) {
            Some(Json::Number(n)) if *n >= 0.0 && *n % 1.0 == 0.0 => Some(*n as u64),
            _ => None,
        };
        let first_address = instructions.and_then(|i| match i.get("financial_addresses") {
            Some(Json::Array(items)) => items.first(),
            _ => None,
        });
        let eu_country = first_address
            .and_then(|a| a.get("iban"))
            .and_then(|iban| iban.get("country"))
            .and_then(Json::as_str)
            .map(|c| c.trim().to_ascii_uppercase());
        let transfer_type = instructions.and_then(|i| i.get("type")).and_then(Json::as_str).map(str::to_owned);
        Some(Snapshot { status, amount_remaining, eu_country, transfer_type })
    }

    /// No more changes will come: stop following.
    pub fn is_final(&self) -> bool {
        matches!(self.status.as_str(), "succeeded" | "canceled" | "processing")
    }

    /// What `newer` means compared with `self`, the one on screen.
    pub fn change_to(&self, newer: &Snapshot) -> Change {
        match newer.status.as_str() {
            // Stripe moves a fully funded customer-balance intent to succeeded.
            "succeeded" | "processing" if self.status != newer.status => Change::Succeeded,
            "canceled" if self.status != "canceled" => Change::Canceled,
            "requires_action" => match (self.amount_remaining, newer.amount_remaining) {
                (Some(before), Some(now)) if now < before => Change::PartiallyFunded,
                _ if self.eu_country != newer.eu_country || self.amount_remaining != newer.amount_remaining => {
                    Change::Instructions
                }
                _ => Change::Same,
            },
            _ => Change::Same,
        }
    }
}
