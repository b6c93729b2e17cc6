//! The demo shop: what it sells, and — with real keys — only what the Stripe account can take
//! by bank transfer.

use serde::Serialize;
use tokio::sync::OnceCell;

use bank_transfer_core::stripe::TransferType;

use crate::stripe::{Account, Stripe};

/// A catalogue item: what the order costs, in minor units.
#[derive(Serialize, Debug)]
pub struct Item {
    pub id: &'static str,
    pub description: &'static str,
    pub amount: u64,
    pub currency: &'static str,
    /// Sold by a connected account (Connect) rather than the shop itself.
    #[serde(rename = "connected")]
    pub sold_by_connected_account: bool,
}

/// An order id is an item id, optionally followed by `-` and a suffix of the shop's choosing
/// (`eu-7f3a9`), so that every visit can be a new order of the same item.
pub const CATALOGUE: [Item; 7] = [
    item("order_123", "Espresso cups, set of 2", 1099, "eur"),
    item("us", "Merino wool sweater", 8900, "usd"),
    item("gb", "Waxed cotton jacket", 7900, "gbp"),
    item("eu", "Leather weekender bag", 24900, "eur"),
    item("jp", "Cast iron teapot", 19000, "jpy"),
    item("mx", "Hand-woven rug", 349900, "mxn"),
    // A marketplace seller's item: the PaymentIntent lives on their connected account.
    Item {
        id: "maker",
        description: "Hand-thrown stoneware bowl (sold by Sandbox Makers)",
        amount: 4500,
        currency: "eur",
        sold_by_connected_account: true,
    },
];

const fn item(id: &'static str, description: &'static str, amount: u64, currency: &'static str) -> Item {
    Item { id, description, amount, currency, sold_by_connected_account: false }
}

pub fn item_for(order: &str) -> Option<&'static Item> {
    let valid = !order.is_empty()
        && order.len() <= 64
        && order.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if !valid {
        return None;
    }
    let item_id = order.split('-').next().unwrap_or(order);
    CATALOGUE.iter().find(|item| item.id == item_id)
}

/// The EEA countries whose Stripe accounts take EUR bank transfers.
const EUR_COUNTRIES: [&str; 30] = [
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IS", "IT", "LI", "LT",
    "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK",
];

/// The bank-transfer currencies an account in `country` can take (our reading of Stripe's
/// availability: the local currency of the US, UK, Japan and Mexico, EUR in the EEA). Override
/// with `SHOP_CURRENCIES`.
pub fn currencies_for_country(country: &str) -> Vec<String> {
    let currency = match country {
        "US" => "usd",
        "GB" => "gbp",
        "JP" => "jpy",
        "MX" => "mxn",
        c if EUR_COUNTRIES.contains(&c) => "eur",
        _ => return Vec::new(),
    };
    vec![currency.to_owned()]
}

/// What the Stripe account is, asked once (`GET /v1/account`, retried while Stripe cannot be
/// reached): its country decides the IBAN's country when the shopper's cannot, and with real
/// keys which currencies the shop offers.
pub struct AccountFacts {
    account: OnceCell<Account>,
    /// `SHOP_CURRENCIES`, or all five in sandbox mode: no need to ask.
    fixed_currencies: Option<Vec<String>>,
}

impl AccountFacts {
    pub fn new(fixed_currencies: Option<Vec<String>>) -> AccountFacts {
        AccountFacts { account: OnceCell::new(), fixed_currencies }
    }

    async fn account(&self, stripe: &Stripe, account: Option<&str>) -> Option<&Account> {
        let asked = self.account.get_or_try_init(|| async {
            stripe.get::<Account>("/v1/account", account).await.inspect_err(|e| {
                eprintln!("bank-transfer-backend: Stripe: GET /v1/account: {e}");
            })
        });
        asked.await.ok()
    }

    pub async fn country(&self, stripe: &Stripe, account: Option<&str>) -> Option<String> {
        self.account(stripe, account).await.and_then(|a| a.country.clone())
    }

    /// The currencies the shop sells in; none while the account cannot be asked.
    pub async fn currencies(&self, stripe: &Stripe, account: Option<&str>) -> Vec<String> {
        if let Some(fixed) = &self.fixed_currencies {
            return fixed.clone();
        }
        let Some(answer) = self.account(stripe, account).await else { return Vec::new() };
        let mut currencies = answer.country.as_deref().map(currencies_for_country).unwrap_or_default();
        let default = answer.default_currency.clone().filter(|c| TransferType::for_currency(c).is_some());
        currencies.extend(default.filter(|c| !currencies.contains(c)));
        currencies
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_map_to_catalogue_items() {
        assert_eq!(item_for("order_123").map(|i| i.amount), Some(1099));
        assert_eq!(item_for("eu-7f3a9").map(|i| (i.amount, i.currency)), Some((24900, "eur")));
        assert_eq!(item_for("jp").map(|i| i.currency), Some("jpy"));
        assert!(item_for("maker-1").is_some_and(|i| i.sold_by_connected_account));
        for bad in ["", "xx", "eu 1", "eu-<script>", &"e".repeat(65)] {
            assert!(item_for(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn an_account_takes_its_countrys_currency() {
        assert_eq!(currencies_for_country("US"), ["usd"]);
        assert_eq!(currencies_for_country("NL"), ["eur"]);
        assert_eq!(currencies_for_country("JP"), ["jpy"]);
        assert!(currencies_for_country("BR").is_empty());
    }
}
