//! The financial-address types of Stripe's `display_bank_transfer_instructions` and, per type,
//! the record fields a customer needs, in the order a bank's transfer form asks for them.
//! Field names are the schema's (`shared/reference/display_bank_transfer_instructions.schema.json`);
//! a native test checks this table against that file.

/// How a field's value is shown and copied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// Free text (names): shown and copied trimmed.
    Text,
    /// An identifier (account number, routing number, BIC…): shown trimmed, copied without
    /// spaces or dashes.
    Code,
    /// Shown in groups of four, copied compact.
    Iban,
    /// Shown as `20-00-00`, copied as `200000`.
    SortCode,
    /// Shown as bank / branch / account / check digit, copied compact.
    Clabe,
    /// `futsu`, `toza`, `checking`…: shown as a localized name, not copied.
    AccountType,
    /// A country code: shown as the country's name, not copied.
    Country,
    /// A postal address object: shown on several lines, not copied.
    PostalAddress,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldSpec {
    pub name: &'static str,
    pub kind: FieldKind,
}

const fn field(name: &'static str, kind: FieldKind) -> FieldSpec {
    FieldSpec { name, kind }
}

use FieldKind::*;

const HOLDER: FieldSpec = field("account_holder_name", Text);
const HOLDER_ADDRESS: FieldSpec = field("account_holder_address", PostalAddress);
const BANK_ADDRESS: FieldSpec = field("bank_address", PostalAddress);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddressType {
    Aba,
    Swift,
    SortCode,
    Iban,
    Zengin,
    Spei,
}

impl AddressType {
    pub const ALL: [AddressType; 6] = [
        AddressType::Aba,
        AddressType::Swift,
        AddressType::SortCode,
        AddressType::Iban,
        AddressType::Zengin,
        AddressType::Spei,
    ];

    /// The `type` value, which is also the key of the record in the financial address.
    pub const fn as_str(self) -> &'static str {
        match self {
            AddressType::Aba => "aba",
            AddressType::Swift => "swift",
            AddressType::SortCode => "sort_code",
            AddressType::Iban => "iban",
            AddressType::Zengin => "zengin",
            AddressType::Spei => "spei",
        }
    }

    pub fn parse(s: &str) -> Option<AddressType> {
        AddressType::ALL.into_iter().find(|t| t.as_str() == s)
    }

    pub const fn fields(self) -> &'static [FieldSpec] {
        match self {
            AddressType::Aba => &ABA,
            AddressType::Swift => &SWIFT,
            AddressType::SortCode => &SORT_CODE,
            AddressType::Iban => &IBAN,
            AddressType::Zengin => &ZENGIN,
            AddressType::Spei => &SPEI,
        }
    }
}

const ABA: [FieldSpec; 7] = [
    HOLDER,
    field("bank_name", Text),
    field("routing_number", Code),
    field("account_number", Code),
    field("account_type", AccountType),
    HOLDER_ADDRESS,
    BANK_ADDRESS,
];
const SWIFT: [FieldSpec; 7] = [
    HOLDER,
    field("bank_name", Text),
    field("swift_code", Code),
    field("account_number", Code),
    field("account_type", AccountType),
    HOLDER_ADDRESS,
    BANK_ADDRESS,
];
const SORT_CODE: [FieldSpec; 5] =
    [HOLDER, field("sort_code", SortCode), field("account_number", Code), HOLDER_ADDRESS, BANK_ADDRESS];
const IBAN: [FieldSpec; 6] =
    [HOLDER, field("iban", Iban), field("bic", Code), field("country", Country), HOLDER_ADDRESS, BANK_ADDRESS];
/// The order of a Japanese furikomi form: bank, branch, account type, number, name.
const ZENGIN: [FieldSpec; 9] = [
    field("bank_name", Text),
    field("bank_code", Code),
    field("branch_name", Text),
    field("branch_code", Code),
    field("account_type", AccountType),
    field("account_number", Code),
    HOLDER,
    HOLDER_ADDRESS,
    BANK_ADDRESS,
];
const SPEI: [FieldSpec; 6] =
    [HOLDER, field("clabe", Clabe), field("bank_name", Text), field("bank_code", Code), HOLDER_ADDRESS, BANK_ADDRESS];
