//! Errors with a stable machine-readable code: the browser glue turns them into a JS `Error`
//! whose `code` property is [`ErrorCode::as_str`], so merchants can match on it.

use alloc::string::String;
use core::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    /// Not bank-transfer instructions at all (not an object, wrong `next_action` type, bad JSON…).
    InvalidNextAction,
    /// `amount_remaining` is negative, fractional, too large or not a number.
    InvalidAmount,
    /// `currency` is not a three-letter code.
    InvalidCurrency,
    /// The container passed to `renderInstructions` is not a DOM element.
    InvalidContainer,
    /// The options object has a value of the wrong type.
    InvalidOptions,
    /// The view was used after `destroy()`.
    Destroyed,
    /// A language's texts could not be loaded (`loadLanguage`, `registerLanguage`).
    LanguageUnavailable,
}

impl ErrorCode {
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidNextAction => "invalid_next_action",
            ErrorCode::InvalidAmount => "invalid_amount",
            ErrorCode::InvalidCurrency => "invalid_currency",
            ErrorCode::InvalidContainer => "invalid_container",
            ErrorCode::InvalidOptions => "invalid_options",
            ErrorCode::Destroyed => "destroyed",
            ErrorCode::LanguageUnavailable => "language_unavailable",
        }
    }
}

/// An error for the merchant's developer (English, not localized: it goes to the console).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub code: ErrorCode,
    pub message: String,
}

impl Error {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error { code, message: message.into() }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl core::error::Error for Error {}
