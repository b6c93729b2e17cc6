//! Money arriving: Stripe's `fund_cash_balance` test helper (partial, full, excess, and
//! `reversal_` references), reconciliation with open intents, and balances applied to them.

use bank_transfer_core::stripe::{IntentStatus, TransferType};

use super::{now, random_id, Expand, Ledger};
use crate::api_error::ApiError;
use crate::objects::{CashBalanceTransaction, Event, Expandable, Funded, FundedBankTransfer};
use crate::requests::FundParams;

/// References as customers type them: case and spacing do not matter.
fn normalize_reference(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect()
}

impl Ledger {
    /// Moves what the customer's cash balance can cover onto intent `index`; true if anything
    /// moved. `partial_event`: a part payment is announced (`partially_funded`), as it is when
    /// a transfer arrives, but not during confirmation (which announces `requires_action`).
    pub(super) fn apply_balance(&mut self, index: usize, events: &mut Vec<Event>, partial_event: bool) -> bool {
        let intent = &self.intents[index];
        let (currency, remaining, bank_transfer) =
            (intent.currency.clone(), intent.amount_remaining(), intent.funding.is_some());
        let Some(customer) = intent.customer.as_ref().and_then(|id| self.customers.get_mut(id)) else { return false };
        let available = customer.balance(&currency);
        // Without a bank transfer to wait for, only a balance that pays everything is used.
        let applied = if bank_transfer || available >= remaining { available.min(remaining) } else { 0 };
        if applied <= 0 {
            return false;
        }
        customer.set_balance(&currency, available - applied);
        let intent = &mut self.intents[index];
        intent.amount_received += applied;
        let kind = if intent.amount_remaining() == 0 {
            intent.status = IntentStatus::Succeeded;
            "payment_intent.succeeded"
        } else if partial_event {
            "payment_intent.partially_funded"
        } else {
            return true;
        };
        let object = self.intent_object(&self.intents[index], Expand::default());
        events.push(self.event(kind, &object));
        true
    }

    /// A canceled intent gives back what was applied to it.
    pub(super) fn return_to_balance(&mut self, index: usize, events: &mut Vec<Event>) {
        let intent = &mut self.intents[index];
        let returned = std::mem::take(&mut intent.amount_received);
        let currency = intent.currency.clone();
        let Some(customer_id) = intent.customer.clone() else { return };
        if returned > 0 {
            if let Ok(customer) = self.customer_mut(&customer_id) {
                let balance = customer.balance(&currency);
                customer.set_balance(&currency, balance + returned);
            }
            self.funds_available(&customer_id, events);
        }
    }

    /// `cash_balance.funds_available`: money is waiting in the balance, applied to nothing.
    fn funds_available(&self, customer_id: &str, events: &mut Vec<Event>) {
        if let Ok(customer) = self.customer(customer_id) {
            if customer.cash_balance().available.values().any(|&amount| amount > 0) {
                events.push(self.event("cash_balance.funds_available", &customer.cash_balance()));
            }
        }
    }

    /// Stripe's test helper: a bank transfer from the customer arrives.
    pub fn fund(&mut self, customer_id: &str, p: FundParams) -> Result<(CashBalanceTransaction, Vec<Event>), ApiError> {
        let expand = Expand::of(p.expand.as_deref(), &["customer"])?;
        if p.amount < 1 {
            return Err(ApiError::invalid_integer("amount", &p.amount.to_string())
                .message("This value must be greater than or equal to 1."));
        }
        let currency = p.currency.trim().to_ascii_lowercase();
        let Some(kind) = TransferType::for_currency(&currency) else {
            return Err(ApiError::invalid(
                "currency",
                format!(
                    "Bank transfers to a cash balance are not available in {currency}: use usd, gbp, eur, jpy or mxn."
                ),
            ));
        };
        let reference = p.reference.filter(|r| !r.trim().is_empty());
        let customer = self.customer_mut(customer_id)?;
        let balance = customer.balance(&currency);
        let mut events = Vec::new();

        // `reversal_…`: the sending bank recalls a transfer; what is still unapplied leaves.
        if reference.as_deref().is_some_and(|r| r.to_ascii_lowercase().starts_with("reversal_")) {
            let reversed = p.amount.min(balance);
            customer.set_balance(&currency, balance - reversed);
            let txn = self.transaction("funding_reversed", customer_id, &currency, -reversed, None, expand);
            return Ok((txn, events));
        }

        customer.set_balance(&currency, balance + p.amount);
        let funded = Funded { bank_transfer: FundedBankTransfer { reference: reference.clone(), kind: kind.as_str() } };
        let txn = self.transaction("funded", customer_id, &currency, p.amount, Some(funded), expand);
        let plain = self.transaction("funded", customer_id, &currency, p.amount, txn.funded.clone(), Expand::default());
        events.push(self.event(
            "customer_cash_balance_transaction.created",
            &CashBalanceTransaction { id: txn.id.clone(), ..plain },
        ));

        // Reconciliation: the reference first, then (Japan has none) the exact amount still due.
        let open =
            |i: &&super::Intent| i.is_open() && i.customer.as_deref() == Some(customer_id) && i.currency == currency;
        let by_reference = reference.as_ref().and_then(|r| {
            let wanted = normalize_reference(r);
            self.intents
                .iter()
                .filter(open)
                .find(|i| i.reference.as_deref().map(normalize_reference).as_deref() == Some(&wanted))
        });
        let target =
            by_reference.or_else(|| self.intents.iter().filter(open).find(|i| i.amount_remaining() == p.amount));
        if let Some(id) = target.map(|i| i.id.clone()) {
            let index = self.intent_index(&id)?;
            self.apply_balance(index, &mut events, true);
        }
        self.funds_available(customer_id, &mut events);
        Ok((txn, events))
    }

    /// A cash balance transaction; `ending_balance` is the balance right after it (before
    /// funds are applied to an intent, as Stripe's `funded` transactions show it).
    fn transaction(
        &self,
        kind: &'static str,
        customer_id: &str,
        currency: &str,
        net: i64,
        funded: Option<Funded>,
        expand: Expand,
    ) -> CashBalanceTransaction {
        let customer = self.customers.get(customer_id);
        CashBalanceTransaction {
            id: random_id("ccsbtxn_", 24),
            object: "customer_cash_balance_transaction",
            created: now(),
            currency: currency.to_owned(),
            customer: match customer {
                Some(c) if expand.customer => Expandable::Object(Box::new(c.object(Expand::default()))),
                _ => Expandable::Id(customer_id.to_owned()),
            },
            ending_balance: customer.map_or(0, |c| c.balance(currency)),
            funded,
            livemode: false,
            net_amount: net,
            kind,
        }
    }
}
