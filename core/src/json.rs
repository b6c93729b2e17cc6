//! A small, lenient JSON tree that both `serde_json` (native) and `serde-wasm-bindgen` (browser) can fill.
//!
//! We parse into this instead of derived structs so that validation is ours: a wrong type in one
//! optional field degrades that field instead of failing the whole render, and every error we do
//! raise has a precise, stable code. One `deserialize_any` visitor is also smaller in Wasm than a
//! derived visitor per record type.

use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// Nesting deeper than this is refused: Stripe's objects are 4 levels deep, and a hostile or cyclic
/// JS object must not exhaust the Wasm stack.
pub const MAX_DEPTH: usize = 32;

#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    /// The value at `key` when `self` is an object (the last one wins, as in `JSON.parse`).
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(entries) => entries.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_object(&self) -> bool {
        matches!(self, Json::Object(_))
    }

    /// A short name of the value's kind, for error messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(_) => "a number",
            Json::String(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }

    /// Parses with any serde deserializer, refusing nesting deeper than [`MAX_DEPTH`].
    pub fn from_deserializer<'de, D: Deserializer<'de>>(d: D) -> Result<Json, D::Error> {
        Seed { depth: 0 }.deserialize(d)
    }
}

impl<'de> serde::Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Json::from_deserializer(d)
    }
}

#[derive(Clone, Copy)]
struct Seed {
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for Seed {
    type Value = Json;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Json, D::Error> {
        if self.depth > MAX_DEPTH {
            return Err(de::Error::custom("nested too deeply"));
        }
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_none<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Json, D::Error> {
        self.deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Json, E> {
        Ok(Json::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Json, E> {
        Ok(Json::Number(v as f64))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Json, E> {
        Ok(Json::Number(v as f64))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Json, E> {
        Ok(Json::Number(v))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Json, E> {
        Ok(Json::Number(v as f64))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Json, E> {
        Ok(Json::Number(v as f64))
    }
    // Bytes and enums have no JSON form. Overriding serde's defaults also keeps its
    // `Unexpected` formatter (and with it `f64`'s, ~14 KB of Wasm) out of the module.
    fn visit_bytes<E>(self, _: &[u8]) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, _: A) -> Result<Json, A::Error> {
        Err(de::Error::custom("unsupported value"))
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Json, D::Error> {
        self.deserialize(d)
    }
    fn visit_str<E>(self, v: &str) -> Result<Json, E> {
        Ok(Json::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Json, E> {
        Ok(Json::String(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let inner = Seed { depth: self.depth + 1 };
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(inner)? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let inner = Seed { depth: self.depth + 1 };
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            entries.push((key, map.next_value_seed(inner)?));
        }
        Ok(Json::Object(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use std::{borrow::ToOwned, format, string::String, string::ToString, vec, vec::Vec};

    fn parse(s: &str) -> Result<Json, serde_json::Error> {
        serde_json::from_str(s)
    }

    #[test]
    fn reads_every_kind_of_value() {
        let v = parse(r#"{"a":[1,2.5,-3],"b":null,"c":true,"d":"x"}"#).unwrap();
        assert_eq!(v.get("a"), Some(&Json::Array(vec![Json::Number(1.0), Json::Number(2.5), Json::Number(-3.0)])));
        assert_eq!(v.get("b"), Some(&Json::Null));
        assert_eq!(v.get("c"), Some(&Json::Bool(true)));
        assert_eq!(v.get("d").and_then(Json::as_str), Some("x"));
        assert_eq!(v.get("missing"), None);
    }

    #[test]
    fn duplicate_keys_resolve_like_json_parse() {
        let v = parse(r#"{"a":1,"a":2}"#).unwrap();
        assert_eq!(v.get("a"), Some(&Json::Number(2.0)));
    }

    #[test]
    fn refuses_nesting_beyond_the_limit() {
        let ok = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert!(parse(&ok).is_ok());
        let deep = "[".repeat(MAX_DEPTH + 2) + &"]".repeat(MAX_DEPTH + 2);
        let err = parse(&deep).unwrap_err().to_string();
        assert!(err.contains("nested too deeply"), "{err}");
    }
}
