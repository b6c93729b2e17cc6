//! Virtual bank accounts for sandbox customers: stable per customer, currency and EU country
//! (a customer's second order shows the same account), and valid in form (IBAN mod-97 and
//! national check digits, CLABE check digit, ABA checksum), so that banking-form validators
//! accept them. Clearly fake: the bank names say "Sandbox".

use bank_transfer_core::stripe::TransferType;
pub use bank_transfer_core::stripe::EU_COUNTRIES;

use crate::objects::{Aba, Address, FinancialAddress, Iban, SortCode, Spei, Swift, Zengin};

/// Deterministic digits from a seed string (FNV-1a then xorshift): same customer, same details.
struct Digits(u64);

impl Digits {
    fn new(seed: &str) -> Digits {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in seed.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        Digits(h | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// `n` decimal digits; the first is never 0 when `nonzero_first`.
    fn take(&mut self, n: usize, nonzero_first: bool) -> String {
        (0..n)
            .map(|i| {
                let d = self.next() % 10;
                let d = if i == 0 && nonzero_first && d == 0 { 1 } else { d };
                char::from(b'0' + d as u8)
            })
            .collect()
    }
}

/// ISO 13616 check digits for `country` + `bban`.
pub fn iban_check_digits(country: &str, bban: &str) -> String {
    let rearranged = format!("{bban}{country}00");
    let remainder = mod97(&rearranged);
    format!("{:02}", 98 - remainder)
}

/// The remainder mod 97 of an alphanumeric string read as a number (A = 10 … Z = 35).
pub fn mod97(s: &str) -> u32 {
    let mut rem: u32 = 0;
    for c in s.chars() {
        let value = c.to_digit(36).unwrap_or(0);
        rem = if value >= 10 { (rem * 100 + value) % 97 } else { (rem * 10 + value) % 97 };
    }
    rem
}

/// A valid IBAN for a supported EU country, its BIC, or `None` for another country.
pub fn iban(country: &str, seed: &str) -> Option<(String, &'static str)> {
    let mut d = Digits::new(seed);
    let (bban, bic) = match country {
        // Germany: bank code (8) + account (10).
        "DE" => (format!("10010010{}", d.take(10, true)), "SBXBDEFFXXX"),
        // France: bank (5) + branch (5) + account (11) + RIB key (2).
        "FR" => {
            let (bank, branch, account) = ("30003", "01000", d.take(11, true));
            let key = 97
                - ((89 * bank.parse::<u64>().ok()?
                    + 15 * branch.parse::<u64>().ok()?
                    + 3 * account.parse::<u64>().ok()?)
                    % 97);
            (format!("{bank}{branch}{account}{key:02}"), "SBXBFRPPXXX")
        }
        // Ireland: bank code (4 letters) + sort code (6) + account (8).
        "IE" => (format!("SBXB990105{}", d.take(8, true)), "SBXBIE2DXXX"),
        // Netherlands: bank code (4 letters) + account (10).
        "NL" => (format!("SBXB{}", d.take(10, true)), "SBXBNL2AXXX"),
        _ => return None,
    };
    Some((format!("{country}{}{bban}", iban_check_digits(country, &bban)), bic))
}

/// CLABE check digit: weights 3, 7, 1 over the first 17 digits, each product mod 10.
pub fn clabe_check_digit(first17: &str) -> u32 {
    let sum: u32 =
        first17.chars().filter_map(|c| c.to_digit(10)).zip([3, 7, 1].iter().cycle()).map(|(d, w)| (d * w) % 10).sum();
    (10 - sum % 10) % 10
}

/// ABA routing numbers: 3·(d1+d4+d7) + 7·(d2+d5+d8) + (d3+d6+d9) ≡ 0 (mod 10).
pub fn aba_is_valid(routing: &str) -> bool {
    let d: Vec<u32> = routing.chars().filter_map(|c| c.to_digit(10)).collect();
    d.len() == 9
        && routing.len() == 9
        && (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8])) % 10 == 0
}

fn aba_routing(d: &mut Digits) -> String {
    // Federal Reserve district prefix 01–12, six more digits, then the check digit.
    let first8 = format!("0{}{}", 1 + d.next() % 9, d.take(6, false));
    let digits: Vec<u32> = first8.chars().filter_map(|c| c.to_digit(10)).collect();
    let partial =
        3 * (digits[0] + digits[3] + digits[6]) + 7 * (digits[1] + digits[4] + digits[7]) + digits[2] + digits[5];
    format!("{first8}{}", (10 - partial % 10) % 10)
}

/// The sandbox bank's branch in the IBAN's country.
fn eu_bank_address(country: &str) -> Address {
    match country {
        "DE" => Address::new("Sandboxstraße 1", "Frankfurt am Main", "Hessen", "60311", "DE"),
        "FR" => Address::new("1 rue du Bac à sable", "Paris", "Île-de-France", "75002", "FR"),
        "NL" => Address::new("Zandbakstraat 1", "Amsterdam", "Noord-Holland", "1012 AB", "NL"),
        _ => Address::new("Sandbox Bank Plaza 1", "Dublin", "Dublin", "D02 XY45", country),
    }
}

/// The `financial_addresses` for a customer's bank transfers of `kind` (EU: in `country`).
/// `holder` is the merchant's account name, as in Stripe's sandbox.
pub fn financial_addresses(
    customer: &str,
    kind: TransferType,
    country: Option<&str>,
    holder: &str,
) -> Option<Vec<FinancialAddress>> {
    let seed = format!("{customer}/{}/{}", kind.currency(), country.unwrap_or(""));
    let mut d = Digits::new(&seed);
    let holder_name = holder.to_owned();
    Some(match kind {
        TransferType::Us => {
            let account_number = d.take(12, true);
            let holder_address = Address::new("354 Oyster Point Blvd", "South San Francisco", "CA", "94080", "US");
            let bank_address = Address::new("100 Sandbox Way", "New York", "NY", "10001", "US");
            let bank_name = "Sandbox Bank, N.A.".to_owned();
            let aba = Aba {
                account_holder_address: holder_address.clone(),
                account_holder_name: holder_name.clone(),
                account_number: account_number.clone(),
                account_type: "checking",
                bank_address: bank_address.clone(),
                bank_name: bank_name.clone(),
                routing_number: aba_routing(&mut d),
            };
            let swift = Swift {
                account_holder_address: holder_address,
                account_holder_name: holder_name,
                account_number,
                account_type: "checking",
                bank_address,
                bank_name,
                swift_code: "SBXBUS33XXX".into(),
            };
            vec![
                FinancialAddress { aba: Some(aba), ..FinancialAddress::of("aba", vec!["ach", "domestic_wire_us"]) },
                FinancialAddress { swift: Some(swift), ..FinancialAddress::of("swift", vec!["swift"]) },
            ]
        }
        TransferType::Gb => {
            let sort_code = SortCode {
                account_holder_address: Address::new("9th Floor, 107 Cheapside", "London", "London", "EC2V 6DN", "GB"),
                account_holder_name: holder_name,
                account_number: d.take(8, true),
                bank_address: Address::new("1 Sandbox Place", "London", "England", "E14 5HP", "GB"),
                sort_code: format!("04{}", d.take(4, false)),
            };
            vec![FinancialAddress {
                sort_code: Some(sort_code),
                ..FinancialAddress::of("sort_code", vec!["bacs", "fps"])
            }]
        }
        TransferType::Eu => {
            let country = country?;
            let (iban, bic) = iban(country, &seed)?;
            let iban = Iban {
                account_holder_address: Address::new(
                    "1 Grand Canal Street Lower",
                    "Dublin",
                    "Dublin",
                    "D02 P820",
                    "IE",
                ),
                account_holder_name: holder_name,
                bank_address: eu_bank_address(country),
                bic: bic.into(),
                country: country.into(),
                iban,
            };
            vec![FinancialAddress { iban: Some(iban), ..FinancialAddress::of("iban", vec!["sepa"]) }]
        }
        TransferType::Jp => {
            let zengin = Zengin {
                account_holder_address: Address::new("1-1-1 Marunouchi", "Chiyoda-ku", "Tokyo", "100-0005", "JP"),
                // Japanese banks show the holder in katakana, whatever the account's name.
                account_holder_name: "ストライプジャパン（カ".into(),
                account_number: d.take(7, true),
                account_type: "futsu",
                bank_address: Address::new("2-2-2 Otemachi", "Chiyoda-ku", "Tokyo", "100-0004", "JP"),
                bank_code: "0999".into(),
                bank_name: "サンドボックス銀行".into(),
                branch_code: format!("{}", 100 + d.next() % 900),
                branch_name: "本店".into(),
            };
            vec![FinancialAddress { zengin: Some(zengin), ..FinancialAddress::of("zengin", vec!["zengin"]) }]
        }
        TransferType::Mx => {
            let first17 = format!("646180{}", d.take(11, false));
            let spei = Spei {
                account_holder_address: Address::new(
                    "Av. Paseo de la Reforma 222",
                    "Ciudad de México",
                    "CDMX",
                    "06600",
                    "MX",
                ),
                account_holder_name: holder_name,
                bank_address: Address::new("Av. Insurgentes Sur 1", "Ciudad de México", "CDMX", "03100", "MX"),
                bank_code: "646".into(),
                bank_name: "SANDBOX".into(),
                clabe: format!("{first17}{}", clabe_check_digit(&first17)),
            };
            vec![FinancialAddress { spei: Some(spei), ..FinancialAddress::of("spei", vec!["spei"]) }]
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ibans_are_valid_for_every_supported_country_and_stable() {
        for country in EU_COUNTRIES {
            for customer in ["cus_a", "cus_b", "cus_c"] {
                let (iban, _) = iban(country, customer).unwrap();
                use iban::IbanLike;
                let parsed: iban::Iban = iban.parse().unwrap_or_else(|e| panic!("{iban}: {e:?}"));
                assert_eq!(parsed.country_code(), country);
                assert_eq!(parsed.electronic_str(), iban);
                assert_eq!(self::iban(country, customer).unwrap().0, iban, "stable");
            }
        }
        assert_eq!(iban("ES", "cus_a"), None);
        assert_eq!(iban("BE", "cus_a"), None, "Stripe no longer opens Belgian accounts");
        assert_ne!(iban("NL", "cus_a").unwrap().0, iban("NL", "cus_b").unwrap().0);
    }

    #[test]
    fn check_digit_algorithms_match_known_good_numbers() {
        // ISO 13616's own examples. (Stripe's documented test IBAN NL40CITI7000799556 fails
        // this check — its check digits would be 39 — as test-mode details may.)
        assert_eq!(iban_check_digits("GB", "NWBK60161331926819"), "29");
        assert_eq!(iban_check_digits("DE", "370400440532013000"), "89");
        assert_eq!(iban_check_digits("NL", "CITI7000799556"), "39");
        assert_eq!(clabe_check_digit("00218065061234567"), 0);
        assert!(aba_is_valid("121000248"));
        assert!(!aba_is_valid("444555666"));
    }

    #[test]
    fn every_currency_gets_well_formed_details() {
        for customer in ["cus_1", "cus_2", "cus_3", "cus_4"] {
            let us = financial_addresses(customer, TransferType::Us, None, "Shop").unwrap();
            assert!(aba_is_valid(&us[0].aba.as_ref().unwrap().routing_number));
            assert_eq!(us[0].aba.as_ref().unwrap().account_number, us[1].swift.as_ref().unwrap().account_number);
            let gb = financial_addresses(customer, TransferType::Gb, None, "Shop").unwrap();
            let sort_code = gb[0].sort_code.as_ref().unwrap();
            assert_eq!((sort_code.sort_code.len(), sort_code.account_number.len()), (6, 8));
            let mx = financial_addresses(customer, TransferType::Mx, None, "Shop").unwrap();
            let clabe = &mx[0].spei.as_ref().unwrap().clabe;
            assert_eq!(clabe.len(), 18);
            assert_eq!(clabe_check_digit(&clabe[..17]).to_string(), &clabe[17..]);
            let jp = financial_addresses(customer, TransferType::Jp, None, "Shop").unwrap();
            assert_eq!(jp[0].zengin.as_ref().unwrap().account_number.len(), 7);
        }
        assert_eq!(financial_addresses("cus_1", TransferType::Eu, None, "Shop"), None);
        assert_eq!(financial_addresses("cus_1", TransferType::Eu, Some("BE"), "Shop"), None);
    }

    use proptest::prelude::*;

    proptest! {
        /// Whatever the customer id: every generated IBAN passes ISO 13616 (and the national
        /// checks the iban crate knows), every CLABE its check digit, every ABA number its
        /// checksum; the same customer always gets the same details.
        #[test]
        fn generated_identifiers_pass_their_checksums(customer in "cus_[A-Za-z0-9]{1,24}") {
            for country in EU_COUNTRIES {
                let (iban, _) = iban(country, &customer).unwrap();
                prop_assert_eq!(mod97(&format!("{}{}", &iban[4..], &iban[..4])), 1, "{}", iban);
                prop_assert!(iban.parse::<iban::Iban>().is_ok(), "{}", iban);
            }
            let us = financial_addresses(&customer, TransferType::Us, None, "Shop").unwrap();
            prop_assert!(aba_is_valid(&us[0].aba.as_ref().unwrap().routing_number));
            let mx = financial_addresses(&customer, TransferType::Mx, None, "Shop").unwrap();
            let clabe = mx[0].spei.as_ref().unwrap().clabe.clone();
            prop_assert_eq!(clabe.len(), 18);
            prop_assert_eq!(clabe_check_digit(&clabe[..17]).to_string(), &clabe[17..]);
            prop_assert_eq!(financial_addresses(&customer, TransferType::Mx, None, "Shop").unwrap(), mx);
        }

        /// The check-digit helpers agree with their definitions on any digits.
        #[test]
        fn check_digits_complete_any_number(bban in "[0-9A-Z]{10,30}", first17 in "[0-9]{17}") {
            let check = iban_check_digits("DE", &bban);
            prop_assert_eq!(mod97(&format!("{bban}DE{check}")), 1);
            let clabe = format!("{first17}{}", clabe_check_digit(&first17));
            let weighted: u32 = clabe.chars().zip([3, 7, 1].iter().cycle()).map(|(c, w)| (c.to_digit(10).unwrap() * w) % 10).sum();
            prop_assert_eq!(weighted % 10, 0);
        }
    }
}
