//! The browser's `Intl`, on the server: money, plain amounts and country names in the
//! shopper's language for the hosted page and the email, from ICU4X (the Unicode Consortium's
//! Rust ICU, with its compiled CLDR data) — the same data the browser's `Intl` formats with.

use bank_transfer_core::model::Money;
use bank_transfer_core::Intl;
use fixed_decimal::Decimal;
use icu_decimal::options::{DecimalFormatterOptions, GroupingStrategy};
use icu_decimal::DecimalFormatter;
use icu_experimental::dimension::currency::formatter::CurrencyFormatter;
use icu_experimental::dimension::currency::CurrencyCode;
use icu_experimental::displaynames::{DisplayNamesOptions, RegionDisplayNames};
use icu_locale_core::subtags::Region;
use icu_locale_core::Locale;
use writeable::Writeable;

pub struct ServerIntl {
    locale: Locale,
}

impl ServerIntl {
    /// For a BCP 47 tag (`de-DE`); an unreadable one formats as English.
    pub fn new(tag: &str) -> ServerIntl {
        ServerIntl { locale: tag.parse().unwrap_or(Locale::UNKNOWN) }
    }

    fn decimal(money: &Money) -> Decimal {
        let mut value = Decimal::from(money.minor);
        value.multiply_pow10(-(money.currency.exponent() as i16));
        value
    }
}

impl Intl for ServerIntl {
    fn money(&self, money: &Money) -> String {
        let code = money.currency.code();
        let formatted = CurrencyFormatter::try_new((&self.locale).into(), Default::default()).ok().and_then(|f| {
            let currency = CurrencyCode(code.parse().ok()?);
            Some(f.format_fixed_decimal(&ServerIntl::decimal(money), currency).write_to_string().into_owned())
        });
        // Without data for the locale: the number and the code, still unambiguous.
        formatted.unwrap_or_else(|| [self.plain_amount(money).as_str(), " ", &code].concat())
    }

    fn plain_amount(&self, money: &Money) -> String {
        let mut options = DecimalFormatterOptions::default();
        options.grouping_strategy = Some(GroupingStrategy::Never);
        match DecimalFormatter::try_new((&self.locale).into(), options) {
            Ok(formatter) => formatter.format(&ServerIntl::decimal(money)).write_to_string().into_owned(),
            Err(_) => money.decimal(),
        }
    }

    fn region(&self, code: &str) -> Option<String> {
        let region: Region = code.trim().to_ascii_uppercase().parse().ok()?;
        let names = RegionDisplayNames::try_new((&self.locale).into(), DisplayNamesOptions::default()).ok()?;
        names.of(region).map(str::to_owned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bank_transfer_core::model::Currency;

    fn money(minor: u64, code: &str) -> Money {
        Money { minor, currency: Currency::parse(code).unwrap() }
    }

    #[test]
    fn formats_as_the_browser_does() {
        let de = ServerIntl::new("de-DE");
        assert_eq!(de.money(&money(1099, "eur")), "10,99\u{a0}€");
        assert_eq!(de.plain_amount(&money(123456, "eur")), "1234,56");
        assert_eq!(de.region("NL").as_deref(), Some("Niederlande"));
        let ja = ServerIntl::new("ja-JP");
        assert_eq!(ja.money(&money(19000, "jpy")), "￥19,000");
        assert_eq!(ja.plain_amount(&money(19000, "jpy")), "19000");
        let en = ServerIntl::new("en-US");
        assert_eq!(en.money(&money(8900, "usd")), "$89.00");
        assert_eq!(en.region("GB").as_deref(), Some("United Kingdom"));
    }
}
