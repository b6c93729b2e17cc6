//! Customers: who a virtual bank account belongs to, and their cash balance.

use std::collections::{BTreeMap, VecDeque};

use super::{now, random_id, Customer, Expand, Ledger};
use crate::api_error::ApiError;
use crate::objects::{self, Address, CashBalance, CashBalanceSettings, Event, Metadata};
use crate::requests::{AddressParam, CustomerParams, MetadataParam};

/// More confirmations than this for one customer within a minute are refused with
/// `payment_method_rate_limit_exceeded`, as Stripe does for bank transfers.
const CONFIRMS_PER_MINUTE: usize = 10;

impl Customer {
    pub fn country(&self) -> Option<&str> {
        self.address.as_ref().and_then(|a| a.country.as_deref())
    }

    pub fn balance(&self, currency: &str) -> i64 {
        self.balance.get(currency).copied().unwrap_or(0)
    }

    pub(super) fn set_balance(&mut self, currency: &str, amount: i64) {
        self.balance.insert(currency.to_owned(), amount);
    }

    /// Counts a confirmation; refuses one past the per-minute limit.
    pub(super) fn count_confirmation(&mut self) -> Result<(), ApiError> {
        let t = now();
        while self.recent_confirms.front().is_some_and(|&at| at <= t - 60) {
            self.recent_confirms.pop_front();
        }
        if self.recent_confirms.len() >= CONFIRMS_PER_MINUTE {
            return Err(ApiError::rate_limited());
        }
        self.recent_confirms.push_back(t);
        Ok(())
    }

    pub fn object(&self, expand: Expand) -> objects::Customer {
        objects::Customer {
            id: self.id.clone(),
            object: "customer",
            address: self.address.clone(),
            balance: 0,
            cash_balance: expand.cash_balance.then(|| self.cash_balance()),
            created: self.created,
            currency: None,
            default_source: None,
            delinquent: false,
            description: self.description.clone(),
            email: self.email.clone(),
            invoice_prefix: self.id.trim_start_matches("cus_").chars().take(8).collect::<String>().to_uppercase(),
            livemode: false,
            metadata: self.metadata.clone(),
            name: self.name.clone(),
            next_invoice_sequence: 1,
            phone: self.phone.clone(),
            preferred_locales: self.preferred_locales.clone(),
            shipping: None,
            tax_exempt: "none",
            test_clock: None,
        }
    }

    pub fn cash_balance(&self) -> CashBalance {
        CashBalance {
            object: "cash_balance",
            available: self.balance.clone(),
            customer: self.id.clone(),
            livemode: false,
            settings: CashBalanceSettings { reconciliation_mode: "automatic", using_merchant_default: true },
        }
    }

    /// Applies the parameters of a create or update: given fields replace, `metadata` and
    /// `address` merge key by key, an empty value unsets.
    fn apply(&mut self, params: CustomerParams) {
        let set = |field: &mut Option<String>, value: Option<String>| {
            if let Some(value) = value {
                *field = Some(value).filter(|v| !v.is_empty());
            }
        };
        set(&mut self.email, params.email);
        set(&mut self.name, params.name);
        set(&mut self.description, params.description);
        set(&mut self.phone, params.phone);
        if let Some(address) = params.address {
            merge_address(self.address.get_or_insert_with(Address::default), address);
        }
        if let Some(metadata) = params.metadata {
            merge_metadata(&mut self.metadata, metadata);
        }
        if let Some(locales) = params.preferred_locales {
            self.preferred_locales = locales;
        }
    }
}

impl Customer {
    /// An empty value sent for `field`: the optional ones become null (metadata: every key).
    fn unset(&mut self, field: &str) {
        match field {
            "address" => self.address = None,
            "description" => self.description = None,
            "email" => self.email = None,
            "metadata" => self.metadata.clear(),
            "name" => self.name = None,
            "phone" => self.phone = None,
            "preferred_locales" => self.preferred_locales.clear(),
            _ => {}
        }
    }
}

fn merge_address(address: &mut Address, with: AddressParam) {
    for (field, value) in [
        (&mut address.city, with.city),
        (&mut address.country, with.country.map(|c| c.trim().to_ascii_uppercase())),
        (&mut address.line1, with.line1),
        (&mut address.line2, with.line2),
        (&mut address.postal_code, with.postal_code),
        (&mut address.state, with.state),
    ] {
        if let Some(value) = value {
            *field = Some(value);
        }
    }
}

pub(super) fn merge_metadata(metadata: &mut Metadata, with: MetadataParam) {
    for (key, value) in with {
        match value {
            Some(value) => metadata.insert(key, value),
            None => metadata.remove(&key),
        };
    }
}

impl Ledger {
    pub fn customer(&self, id: &str) -> Result<&Customer, ApiError> {
        self.customers.get(id).ok_or_else(|| ApiError::resource_missing("customer", "customer", id))
    }

    pub(super) fn customer_mut(&mut self, id: &str) -> Result<&mut Customer, ApiError> {
        self.customers.get_mut(id).ok_or_else(|| ApiError::resource_missing("customer", "customer", id))
    }

    pub fn create_customer(&mut self, params: CustomerParams) -> Result<(objects::Customer, Vec<Event>), ApiError> {
        let expand = Expand::of(params.expand.as_deref(), &["cash_balance"])?;
        let mut customer = Customer {
            id: random_id("cus_", 14),
            created: now(),
            email: None,
            name: None,
            description: None,
            phone: None,
            address: None,
            metadata: BTreeMap::new(),
            preferred_locales: Vec::new(),
            balance: BTreeMap::new(),
            recent_confirms: VecDeque::new(),
        };
        customer.apply(params);
        let object = customer.object(expand);
        let event = self.event("customer.created", &customer.object(Expand::default()));
        self.customers.insert(customer.id.clone(), customer);
        Ok((object, vec![event]))
    }

    /// `unset`: the top-level parameters the request sent empty (`email=`, `address=`), which
    /// unset those fields, as Stripe reads an empty value.
    pub fn update_customer(
        &mut self,
        id: &str,
        params: CustomerParams,
        unset: &[String],
    ) -> Result<(objects::Customer, Vec<Event>), ApiError> {
        let expand = Expand::of(params.expand.as_deref(), &["cash_balance"])?;
        let customer = self.customer_mut(id)?;
        for field in unset {
            customer.unset(field);
        }
        customer.apply(params);
        let (object, plain) = (customer.object(expand), customer.object(Expand::default()));
        Ok((object, vec![self.event("customer.updated", &plain)]))
    }
}
