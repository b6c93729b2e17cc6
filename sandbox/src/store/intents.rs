//! PaymentIntents paid from the customer's cash balance, funded by bank transfer: creation in
//! both of the guide's forms, confirmation (again, for another EU country), cancellation.

use bank_transfer_core::stripe::{default_eu_country, IntentStatus, TransferType, EU_COUNTRIES};

use super::customers::merge_metadata;
use super::{now, random_id, Expand, Intent, Ledger};
use crate::api_error::ApiError;
use crate::objects::{self, Event, Expandable, Metadata, NextAction, PaymentIntent};
use crate::requests::{
    CancellationReason, CreateIntentParams, CustomerBalanceOptionsParam, FundingType, PaymentMethodDataParam,
    PaymentMethodOptionsParam,
};
use crate::virtual_accounts;

/// What a PaymentIntent response can expand.
pub const EXPANDABLE: [&str; 6] =
    ["customer", "latest_charge", "payment_method", "review", "on_behalf_of", "application"];

/// The payment method types Stripe knows (`payment_method_data[type]`); the sandbox's
/// account has only `customer_balance` activated.
#[rustfmt::skip]
const STRIPE_METHOD_TYPES: [&str; 52] = [
    "acss_debit", "affirm", "afterpay_clearpay", "alipay", "alma", "amazon_pay", "au_becs_debit", "bacs_debit",
    "bancontact", "billie", "bizum", "blik", "boleto", "card", "cashapp", "crypto", "customer_balance", "eps", "fpx",
    "giropay", "grabpay", "ideal", "kakao_pay", "klarna", "konbini", "kr_card", "link", "mb_way", "mobilepay",
    "multibanco", "naver_pay", "nz_bank_account", "oxxo", "p24", "pay_by_bank", "payco", "paynow", "paypal", "payto",
    "pix", "promptpay", "revolut_pay", "samsung_pay", "satispay", "scalapay", "sepa_debit", "sofort", "sunbit", "swish",
    "twint", "upi", "us_bank_account",
];

const COUNTRY_PARAM: &str = "payment_method_options[customer_balance][bank_transfer][eu_bank_transfer][country]";
const TYPE_PARAM: &str = "payment_method_options[customer_balance][bank_transfer][type]";
const ADDRESS_TYPES_PARAM: &str = "payment_method_options[customer_balance][bank_transfer][requested_address_types]";

/// How the customer funds the rest: set by a confirmation with `funding_type=bank_transfer`.
#[derive(Clone, Debug)]
pub(super) struct Funding {
    kind: TransferType,
    eu_country: Option<String>,
    requested_address_types: Vec<String>,
}

/// What a confirmation brings: the create request's (`confirm=true`) or the confirm endpoint's.
#[derive(Default)]
pub struct ConfirmInput {
    pub payment_method: Option<String>,
    pub payment_method_data: Option<PaymentMethodDataParam>,
    pub payment_method_options: Option<PaymentMethodOptionsParam>,
    pub return_url: Option<String>,
    pub receipt_email: Option<String>,
}

/// Only `customer_balance` is activated on the sandbox's accounts.
fn not_activated(param: &str, kind: &str) -> ApiError {
    ApiError::payment_intent_invalid_parameter(
        param,
        format!("The payment method type provided: {kind} is invalid. Please ensure the provided type is activated in your dashboard (https://dashboard.stripe.com/account/payments/settings) and your account is enabled for any preview features that you are trying to use."),
    )
}

fn check_method_type(param: &str, kind: &str) -> Result<(), ApiError> {
    match kind {
        "customer_balance" => Ok(()),
        known if STRIPE_METHOD_TYPES.contains(&known) => Err(not_activated(param, known)),
        _ => Err(ApiError::invalid(param, format!("Invalid {param}: {kind}"))),
    }
}

fn check_url(param: &str, url: &str) -> Result<(), ApiError> {
    let scheme = url.split_once("://").map(|(scheme, _)| scheme);
    match scheme {
        Some(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'.') => Ok(()),
        _ => Err(ApiError::invalid(param, "Not a valid URL")),
    }
}

/// Three letters, lower-cased (Stripe accepts `EUR` and answers `eur`).
fn currency_param(currency: &str) -> Result<String, ApiError> {
    let currency = currency.trim().to_ascii_lowercase();
    if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_lowercase()) {
        return Err(ApiError::invalid("currency", format!("Invalid currency: {currency}.")));
    }
    Ok(currency)
}

impl Ledger {
    pub fn create_intent(&mut self, p: CreateIntentParams) -> Result<(PaymentIntent, Vec<Event>), ApiError> {
        let expand = Expand::of(p.expand.as_deref(), &EXPANDABLE)?;
        if p.amount < 1 {
            return Err(ApiError::invalid_integer("amount", &p.amount.to_string())
                .message("This value must be greater than or equal to 1."));
        }
        let currency = currency_param(&p.currency)?;
        let automatic = p.payment_method_types.is_none();
        match (&p.automatic_payment_methods, &p.payment_method_types) {
            (Some(a), Some(_)) if a.enabled => {
                return Err(ApiError::parameters_exclusive(&["automatic_payment_methods", "payment_method_types"]))
            }
            (Some(a), None) if !a.enabled => return Err(ApiError::missing("payment_method_types")),
            _ => {}
        }
        for (i, kind) in p.payment_method_types.iter().flatten().enumerate() {
            check_method_type(&format!("payment_method_types[{i}]"), kind)?;
        }
        if let Some(id) = &p.customer {
            self.customer(id)?;
        }
        if let Some(url) = &p.return_url {
            check_url("return_url", url)?;
        }
        let confirm = p.confirm == Some(true);
        let may_redirect =
            p.automatic_payment_methods.as_ref().is_none_or(|a| a.allow_redirects.as_deref() != Some("never"));
        if confirm && automatic && may_redirect && p.return_url.is_none() {
            // Stripe needs somewhere to send a customer whose payment method redirects.
            return Err(ApiError::missing("return_url").message(
                "You must provide a `return_url` when confirming a PaymentIntent with automatic_payment_methods enabled and allow_redirects not set to `never`.",
            ));
        }
        let mut metadata = Metadata::new();
        merge_metadata(&mut metadata, p.metadata.unwrap_or_default());
        let id = random_id("pi_", 24);
        let intent = Intent {
            client_secret: format!("{id}_secret_{}", random_id("", 25)),
            id: id.clone(),
            amount: p.amount,
            currency,
            customer: p.customer,
            status: IntentStatus::RequiresPaymentMethod,
            amount_received: 0,
            created: now(),
            description: p.description,
            metadata,
            payment_method_types: p.payment_method_types,
            options: p.payment_method_options.as_ref().and_then(|o| o.customer_balance.clone()),
            funding: None,
            payment_method: None,
            reference: None,
            hosted_token: random_id("test_", 40),
            canceled_at: None,
            cancellation_reason: None,
            receipt_email: p.receipt_email.clone(),
            statement_descriptor: p.statement_descriptor,
            statement_descriptor_suffix: p.statement_descriptor_suffix,
        };
        self.intents.push(intent);
        let index = self.intents.len() - 1;
        let mut events =
            vec![self.event("payment_intent.created", &self.intent_object(&self.intents[index], Expand::default()))];
        let input = ConfirmInput {
            payment_method: p.payment_method,
            payment_method_data: p.payment_method_data,
            payment_method_options: p.payment_method_options,
            return_url: p.return_url,
            receipt_email: p.receipt_email,
        };
        if confirm {
            // On failure the intent stays created (unconfirmed), as with Stripe.
            self.confirm_at(index, input, &mut events)?;
        } else if let Some(data) = &input.payment_method_data {
            check_method_type("payment_method_data[type]", &data.kind)?;
            self.intents[index].payment_method = Some(random_id("pm_", 24));
            self.intents[index].status = IntentStatus::RequiresConfirmation;
        }
        Ok((self.intent_object(&self.intents[index], expand), events))
    }

    pub fn confirm_intent(
        &mut self,
        id: &str,
        input: ConfirmInput,
        expand: Expand,
    ) -> Result<(PaymentIntent, Vec<Event>), ApiError> {
        let index = self.intent_index(id)?;
        let mut events = Vec::new();
        self.confirm_at(index, input, &mut events)?;
        Ok((self.intent_object(&self.intents[index], expand), events))
    }

    fn confirm_at(&mut self, index: usize, input: ConfirmInput, events: &mut Vec<Event>) -> Result<(), ApiError> {
        let intent = &self.intents[index];
        use IntentStatus::*;
        if !matches!(intent.status, RequiresPaymentMethod | RequiresConfirmation | RequiresAction) {
            return Err(ApiError::unexpected_state(format!(
                "You cannot confirm this PaymentIntent because it has a status of {}. Only a PaymentIntent with one of the following statuses may be confirmed: requires_payment_method, requires_confirmation, requires_action.",
                intent.status.as_str()
            )));
        }
        // The payment method: new data, one issued before, or the intent's own.
        let payment_method = match (&input.payment_method_data, &input.payment_method) {
            (Some(data), _) => {
                check_method_type("payment_method_data[type]", &data.kind)?;
                None
            }
            (None, Some(pm)) => {
                let ours = self.intents.iter().any(|i| i.payment_method.as_ref() == Some(pm) && i.customer == intent.customer);
                if !ours {
                    return Err(ApiError::resource_missing("payment_method", "PaymentMethod", pm));
                }
                Some(pm.clone())
            }
            (None, None) => match &intent.payment_method {
                Some(pm) => Some(pm.clone()),
                None => {
                    return Err(ApiError::unexpected_state(
                        "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method or ConfirmationToken.",
                    ))
                }
            },
        };
        if intent.payment_method_types.as_ref().is_some_and(|t| !t.iter().any(|t| t == "customer_balance")) {
            return Err(not_activated("payment_method_data[type]", "customer_balance"));
        }
        let Some(customer_id) = intent.customer.clone() else {
            return Err(ApiError::payment_intent_invalid_parameter(
                "customer",
                "A customer_balance payment (bank transfer) needs a customer: create the PaymentIntent with `customer`.",
            ));
        };
        let Some(kind) = TransferType::for_currency(&intent.currency) else {
            return Err(ApiError::payment_intent_invalid_parameter(
                "currency",
                format!(
                    "customer_balance payments are not available in {}; bank transfers take usd, gbp, eur, jpy or mxn.",
                    intent.currency
                ),
            ));
        };
        let options = input
            .payment_method_options
            .as_ref()
            .and_then(|o| o.customer_balance.clone())
            .or_else(|| intent.options.clone())
            .unwrap_or_default();
        // With automatic payment methods the dashboard's setting applies: bank transfers.
        let funding_type =
            options.funding_type.or(intent.payment_method_types.is_none().then_some(FundingType::BankTransfer));
        let funding = match funding_type {
            Some(FundingType::BankTransfer) => Some(self.funding(index, kind, &options, &customer_id)?),
            None => None,
        };
        if let Some(url) = &input.return_url {
            check_url("return_url", url)?;
        }
        self.customer_mut(&customer_id)?.count_confirmation()?;

        let intent = &mut self.intents[index];
        intent.payment_method = Some(payment_method.unwrap_or_else(|| random_id("pm_", 24)));
        if input.receipt_email.is_some() {
            intent.receipt_email = input.receipt_email;
        }
        if let Some(funding) = funding {
            if intent.reference.is_none() && funding.kind.has_reference() {
                intent.reference = Some(reference_for(funding.kind));
            }
            intent.funding = Some(funding);
            intent.status = IntentStatus::RequiresAction;
        } else {
            // No funding type: the balance pays, or the intent needs another payment method.
            intent.status = IntentStatus::RequiresPaymentMethod;
        }
        // A cash balance the customer already has pays first.
        self.apply_balance(index, events, false);
        if self.intents[index].is_open() {
            let object = self.intent_object(&self.intents[index], Expand::default());
            events.push(self.event("payment_intent.requires_action", &object));
        }
        Ok(())
    }

    /// The bank transfer a confirmation asks for, checked against the intent's currency.
    fn funding(
        &self,
        index: usize,
        kind: TransferType,
        options: &CustomerBalanceOptionsParam,
        customer_id: &str,
    ) -> Result<Funding, ApiError> {
        let bank_transfer = options.bank_transfer.as_ref();
        if let Some(asked) = bank_transfer.map(|b| b.kind.name()).filter(|asked| *asked != kind.as_str()) {
            return Err(ApiError::payment_intent_invalid_parameter(
                TYPE_PARAM,
                format!("{asked} cannot be used for a {} payment; use {}.", kind.currency(), kind.as_str()),
            ));
        }
        let eu_country = match kind {
            TransferType::Eu => Some(self.eu_country(
                index,
                bank_transfer.and_then(|b| b.eu_bank_transfer.as_ref()).map(|e| e.country.as_str()),
                customer_id,
            )?),
            _ => None,
        };
        let requested = bank_transfer.and_then(|b| b.requested_address_types.clone()).unwrap_or_default();
        let fits: &[&str] = match kind {
            TransferType::Us => &["aba", "swift"],
            TransferType::Gb => &["sort_code"],
            TransferType::Eu => &["iban", "sepa"],
            TransferType::Jp => &["zengin"],
            TransferType::Mx => &["spei"],
        };
        if let Some((i, wrong)) = requested.iter().enumerate().find(|(_, t)| !fits.contains(&t.as_str())) {
            return Err(ApiError::invalid(
                &format!("{ADDRESS_TYPES_PARAM}[{i}]"),
                format!("{wrong} is not an address type of {}: use {}.", kind.as_str(), crate::form::one_of(fits)),
            ));
        }
        Ok(Funding { kind, eu_country, requested_address_types: requested })
    }

    /// The IBAN's country: the one asked for, else the one shown, else the guide's default
    /// (the customer's country, the account's, `IE`).
    fn eu_country(&self, index: usize, asked: Option<&str>, customer_id: &str) -> Result<String, ApiError> {
        if let Some(country) = asked {
            let country = country.trim().to_ascii_uppercase();
            if country == "ES" {
                return Err(ApiError::country_unsupported(
                    COUNTRY_PARAM,
                    "Creating new localized virtual bank account numbers is currently unavailable for Spain (ES). Use any of the other EU VBAN countries instead: DE, FR, IE, or NL.",
                ));
            }
            if !EU_COUNTRIES.contains(&country.as_str()) {
                return Err(ApiError::not_one_of(COUNTRY_PARAM, &EU_COUNTRIES));
            }
            return Ok(country);
        }
        if let Some(shown) = self.intents[index].funding.as_ref().and_then(|f| f.eu_country.clone()) {
            return Ok(shown);
        }
        let customer = self.customer(customer_id)?.country();
        Ok(default_eu_country(customer, Some(&self.account.country)).to_owned())
    }

    pub fn cancel_intent(
        &mut self,
        id: &str,
        reason: Option<CancellationReason>,
        expand: Expand,
    ) -> Result<(PaymentIntent, Vec<Event>), ApiError> {
        let index = self.intent_index(id)?;
        let status = self.intents[index].status;
        if matches!(status, IntentStatus::Succeeded | IntentStatus::Canceled) {
            return Err(ApiError::unexpected_state(format!(
                "You cannot cancel this PaymentIntent because it has a status of {}. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.",
                status.as_str()
            )));
        }
        let mut events = Vec::new();
        // What was already applied goes back to the customer's cash balance.
        self.return_to_balance(index, &mut events);
        let intent = &mut self.intents[index];
        intent.status = IntentStatus::Canceled;
        intent.canceled_at = Some(now());
        intent.cancellation_reason = reason.map(CancellationReason::name);
        let object = self.intent_object(&self.intents[index], Expand::default());
        events.insert(0, self.event("payment_intent.canceled", &object));
        Ok((self.intent_object(&self.intents[index], expand), events))
    }

    /// The PaymentIntent object as a secret key sees it.
    pub fn intent_object(&self, intent: &Intent, expand: Expand) -> PaymentIntent {
        let customer = intent.customer.as_ref().map(|id| match self.customers.get(id) {
            Some(c) if expand.customer => Expandable::Object(Box::new(c.object(Expand::default()))),
            _ => Expandable::Id(id.clone()),
        });
        let next_action = match (&intent.funding, intent.status) {
            (Some(funding), IntentStatus::RequiresAction) => Some(self.next_action(intent, funding)),
            _ => None,
        };
        let customer_balance = intent.funding.as_ref().map(|f| objects::CustomerBalanceOptions {
            bank_transfer: Some(objects::BankTransferOptions {
                eu_bank_transfer: f.eu_country.clone().map(|country| objects::EuBankTransfer { country }),
                requested_address_types: f.requested_address_types.clone(),
                kind: f.kind.as_str(),
            }),
            funding_type: Some("bank_transfer"),
            setup_future_usage: None,
        });
        PaymentIntent {
            id: intent.id.clone(),
            object: "payment_intent",
            amount: intent.amount,
            amount_capturable: 0,
            amount_received: intent.amount_received,
            application: None,
            application_fee_amount: None,
            automatic_payment_methods: intent
                .payment_method_types
                .is_none()
                .then_some(objects::AutomaticPaymentMethods { enabled: true }),
            canceled_at: intent.canceled_at,
            cancellation_reason: intent.cancellation_reason.map(str::to_owned),
            capture_method: "automatic",
            client_secret: intent.client_secret.clone(),
            confirmation_method: "automatic",
            created: intent.created,
            currency: intent.currency.clone(),
            customer,
            description: intent.description.clone(),
            last_payment_error: None,
            latest_charge: None,
            livemode: false,
            metadata: intent.metadata.clone(),
            next_action,
            on_behalf_of: None,
            payment_method: intent.payment_method.clone(),
            payment_method_options: objects::PaymentMethodOptions { customer_balance },
            payment_method_types: intent
                .payment_method_types
                .clone()
                .unwrap_or_else(|| vec!["customer_balance".to_owned()]),
            processing: None,
            receipt_email: intent.receipt_email.clone(),
            review: None,
            setup_future_usage: None,
            shipping: None,
            source: None,
            statement_descriptor: intent.statement_descriptor.clone(),
            statement_descriptor_suffix: intent.statement_descriptor_suffix.clone(),
            status: intent.status.as_str(),
            transfer_data: None,
            transfer_group: None,
        }
    }

    fn next_action(&self, intent: &Intent, funding: &Funding) -> NextAction {
        let customer = intent.customer.as_deref().unwrap_or("");
        let mut addresses = virtual_accounts::financial_addresses(
            customer,
            funding.kind,
            funding.eu_country.as_deref(),
            &self.account.name,
        )
        .unwrap_or_default();
        if !funding.requested_address_types.is_empty() {
            let wanted = |kind: &str| {
                funding.requested_address_types.iter().any(|t| t == kind || (t == "sepa" && kind == "iban"))
            };
            addresses.retain(|a| wanted(a.kind));
        }
        NextAction {
            kind: "display_bank_transfer_instructions",
            display_bank_transfer_instructions: objects::Instructions {
                amount_remaining: intent.amount_remaining(),
                currency: intent.currency.clone(),
                financial_addresses: addresses,
                hosted_instructions_url: self.hosted_url(intent),
                reference: intent.reference.clone(),
                kind: funding.kind.as_str(),
            },
        }
    }

    /// Where the customer can read the instructions outside the checkout.
    pub fn hosted_url(&self, intent: &Intent) -> Option<String> {
        if let (Some(pages), Some(token)) = (&self.links.merchant_pages, intent.metadata.get("pay_token")) {
            return Some(format!("{pages}{token}"));
        }
        let base = self.links.public_url.as_deref()?;
        Some(format!("{}/bank_transfers/instructions/{}", base.trim_end_matches('/'), intent.hosted_token))
    }
}

/// A new reference for the customer's bank transfer: 7 digits for SPEI, else 12 letters and
/// digits without look-alikes (no 0/O, 1/I).
fn reference_for(kind: TransferType) -> String {
    const ALNUM: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    if kind == TransferType::Mx {
        let mut bytes = [0u8; 7];
        let _ = getrandom::fill(&mut bytes);
        return bytes.iter().map(|b| char::from(b'0' + b % 10)).collect();
    }
    let mut bytes = [0u8; 12];
    let _ = getrandom::fill(&mut bytes);
    bytes.iter().map(|b| char::from(ALNUM[usize::from(*b) % ALNUM.len()])).collect()
}
