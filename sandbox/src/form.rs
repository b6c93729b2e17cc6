//! Stripe's request encoding, decoded into typed parameters.
//!
//! Bodies (and query strings) are `application/x-www-form-urlencoded` with Rack-style bracket
//! keys, as Stripe's SDKs and the docs' curl examples send them:
//! - `a[b][c]=x` nests objects;
//! - `a[]=x&a[]=y` (curl) and `a[0]=x&a[1]=y` (stripe-node, stripe-python…) are both arrays;
//! - `a[0][b]=x&a[0][c]=y` is an array of objects, as is `a[][b]=x&a[][c]=y` (a repeated
//!   member starts the next object);
//! - a repeated plain key keeps its last value;
//! - an empty value (`a=`) unsets an optional parameter.
//!
//! [`decode`] then reads the tree into a request struct: a parameter no field takes is
//! Stripe's `parameter_unknown`, a missing one `parameter_missing`, a number that is not one
//! `parameter_invalid_integer`, each with `param` naming it the way the request did.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};

use crate::api_error::ApiError;

/// Deeper keys are dropped: Stripe's go 6 levels deep, and insertion recurses once per level (a
/// 2 MB body of `[a]`s would otherwise overflow the stack).
pub const MAX_DEPTH: usize = 16;

/// The decoded parameters: strings in objects and arrays.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Str(String),
    Map(BTreeMap<String, Node>),
    Seq(Vec<Node>),
}

impl Node {
    fn empty_map() -> Node {
        Node::Map(BTreeMap::new())
    }

    /// A string at `path`, trimmed; empty is absent (for the few parameters read before a
    /// request is decoded: keys, client secrets).
    pub fn text(&self, path: &[&str]) -> Option<&str> {
        let mut node = self;
        for key in path {
            match node {
                Node::Map(map) => node = map.get(*key)?,
                _ => return None,
            }
        }
        match node {
            Node::Str(s) => Some(s.trim()).filter(|s| !s.is_empty()),
            _ => None,
        }
    }

    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Map(map) => map.get(key),
            _ => None,
        }
    }

    /// Takes a top-level parameter out (the `key`, `_stripe_account`… that are not the
    /// operation's own).
    pub fn take(&mut self, key: &str) -> Option<Node> {
        match self {
            Node::Map(map) => map.remove(key),
            _ => None,
        }
    }
}

/// The parameters of a request: the query string's, then the body's (a body value wins).
pub fn parse_request(query: Option<&str>, body: &[u8]) -> Node {
    let mut root = Node::empty_map();
    for encoded in [query.unwrap_or("").as_bytes(), body] {
        for (key, value) in form_urlencoded::parse(encoded) {
            let path = key_path(&key);
            // A nameless key would make the root an array (found by fuzzing); a malformed one
            // has no path at all.
            let named = path.first().is_some_and(|head| !head.is_empty());
            if named && path.len() <= MAX_DEPTH {
                set(&mut root, &path, value.into_owned());
            }
        }
    }
    root
}

/// One encoded body or query string (the fuzz target's entry point).
pub fn parse(encoded: &[u8]) -> Node {
    parse_request(None, encoded)
}

/// `a[b][c]` → `["a", "b", "c"]`; `a[]` → `["a", ""]`; a malformed key (`a[b`, `a[b]c`) → an
/// empty path, dropped: read as `a` it would overwrite a real `a` (found by fuzzing).
fn key_path(key: &str) -> Vec<&str> {
    let (head, mut rest) = match key.find('[') {
        Some(i) => (&key[..i], &key[i..]),
        None => return vec![key],
    };
    let mut path = vec![head];
    // One past the limit is enough for the caller to drop the key.
    while let (Some(stripped), true) = (rest.strip_prefix('['), path.len() <= MAX_DEPTH) {
        match stripped.find(']') {
            Some(end) => {
                path.push(&stripped[..end]);
                rest = &stripped[end + 1..];
            }
            None => return Vec::new(),
        }
    }
    if !rest.is_empty() && path.len() <= MAX_DEPTH {
        return Vec::new();
    }
    path
}

/// Puts `value` at `path` below `node` (an object or array slot), Rack's way.
fn set(node: &mut Node, path: &[&str], value: String) {
    let Some((first, rest)) = path.split_first() else {
        *node = Node::Str(value);
        return;
    };
    if first.is_empty() {
        // `[]`: append, or fill the last object until one of its members repeats.
        if !matches!(node, Node::Seq(_)) {
            *node = Node::Seq(Vec::new());
        }
        let Node::Seq(items) = node else { return };
        let merge = match (rest.first(), items.last()) {
            (Some(member), Some(Node::Map(last))) => {
                !member.is_empty() && !matches!(last.get(*member), Some(Node::Str(_)))
            }
            _ => false,
        };
        if !merge {
            items.push(if rest.is_empty() { Node::Str(String::new()) } else { Node::empty_map() });
        }
        if let Some(last) = items.last_mut() {
            set(last, rest, value);
        }
        return;
    }
    if !matches!(node, Node::Map(_)) {
        *node = Node::empty_map();
    }
    if let Node::Map(map) = node {
        set(map.entry((*first).to_owned()).or_insert_with(Node::empty_map), rest, value);
    }
}

/// Reads the parameters into `T`, or says which one is wrong as Stripe does.
pub fn decode<T: DeserializeOwned>(params: &Node) -> Result<T, ApiError> {
    let mut unknown: Vec<String> = Vec::new();
    let decoded = {
        let mut record = |path: serde_ignored::Path<'_>| unknown.push(param_of_ignored(&path));
        let ignored = serde_ignored::Deserializer::new(NodeDe(params), &mut record);
        serde_path_to_error::deserialize::<_, T>(ignored)
    };
    // Stripe names the first unknown parameter even when others are also wrong.
    if let Some(param) = unknown.into_iter().min() {
        return Err(ApiError::unknown_parameter(&param));
    }
    decoded.map_err(|error| {
        let mut path: Vec<String> = error
            .path()
            .iter()
            .filter_map(|segment| match segment {
                serde_path_to_error::Segment::Map { key } => Some(key.clone()),
                serde_path_to_error::Segment::Seq { index } => Some(index.to_string()),
                _ => None,
            })
            .collect();
        let error = error.into_inner();
        if let FormError::Missing(field) = &error {
            path.push((*field).to_owned());
        }
        error.into_api_error(&bracketed(&path))
    })
}

/// `["a", "b", "0"]` → `a[b][0]`, as Stripe names parameters in errors.
pub fn bracketed(path: &[String]) -> String {
    let mut out = String::new();
    for (i, part) in path.iter().enumerate() {
        if i == 0 {
            out.push_str(part);
        } else {
            out.push('[');
            out.push_str(part);
            out.push(']');
        }
    }
    out
}

fn param_of_ignored(path: &serde_ignored::Path<'_>) -> String {
    fn walk(path: &serde_ignored::Path<'_>, out: &mut Vec<String>) {
        use serde_ignored::Path;
        match path {
            Path::Root => {}
            Path::Seq { parent, index } => {
                walk(parent, out);
                out.push(index.to_string());
            }
            Path::Map { parent, key } => {
                walk(parent, out);
                out.push(key.clone());
            }
            Path::Some { parent } | Path::NewtypeStruct { parent } | Path::NewtypeVariant { parent } => {
                walk(parent, out)
            }
        }
    }
    let mut parts = Vec::new();
    walk(path, &mut parts);
    bracketed(&parts)
}

/// Why a parameter could not be read.
#[derive(Debug)]
enum FormError {
    Missing(&'static str),
    Empty,
    Integer(String),
    Boolean(String),
    /// An object where a string was expected, a string where an array was…
    Shape(&'static str),
    Enum(String, &'static [&'static str]),
    Other(String),
}

impl fmt::Display for FormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self:?}")
    }
}

impl std::error::Error for FormError {}

impl de::Error for FormError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        FormError::Other(msg.to_string())
    }

    fn missing_field(field: &'static str) -> Self {
        FormError::Missing(field)
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        FormError::Enum(variant.to_owned(), expected)
    }
}

impl FormError {
    fn into_api_error(self, param: &str) -> ApiError {
        match self {
            FormError::Missing(_) => ApiError::missing(param),
            FormError::Empty => ApiError::invalid_empty(param),
            FormError::Integer(value) => ApiError::invalid_integer(param, &value),
            FormError::Boolean(value) => ApiError::invalid(param, format!("Invalid boolean: {value}")),
            FormError::Shape(expected) => ApiError::invalid(param, format!("Invalid {expected}")),
            FormError::Enum(value, expected) => ApiError::invalid(
                param,
                format!("Invalid {param}: must be one of {} (got {value:?})", one_of(expected)),
            ),
            FormError::Other(message) => ApiError::invalid(param, format!("Invalid {param}: {message}")),
        }
    }
}

/// `a, b, or c`, as Stripe lists permitted values.
pub fn one_of(values: &[&str]) -> String {
    match values {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{}, or {last}", init.join(", ")),
    }
}

/// The tree as a serde `Deserializer`: strings become numbers and booleans where the struct
/// asks for them, integer-keyed objects become arrays.
#[derive(Clone, Copy)]
struct NodeDe<'a>(&'a Node);

impl<'de> NodeDe<'de> {
    fn str(self) -> Result<&'de str, FormError> {
        match self.0 {
            Node::Str(s) if s.is_empty() => Err(FormError::Empty),
            Node::Str(s) => Ok(s),
            _ => Err(FormError::Shape("string")),
        }
    }

    fn integer<T: std::str::FromStr>(self) -> Result<T, FormError> {
        let s = self.str()?;
        s.trim().parse().map_err(|_| FormError::Integer(s.to_owned()))
    }

    /// The array items: an array, or an object whose keys are all indices (`a[0]`, `a[1]`),
    /// in index order. An empty string is an empty array.
    fn items(self) -> Result<Vec<&'de Node>, FormError> {
        match self.0 {
            Node::Seq(items) => Ok(items.iter().collect()),
            Node::Str(s) if s.is_empty() => Ok(Vec::new()),
            Node::Map(map) => {
                let mut indexed = Vec::with_capacity(map.len());
                for (key, value) in map {
                    let index: usize = key.parse().map_err(|_| FormError::Shape("array"))?;
                    indexed.push((index, value));
                }
                indexed.sort_by_key(|(index, _)| *index);
                Ok(indexed.into_iter().map(|(_, value)| value).collect())
            }
            Node::Str(_) => Err(FormError::Shape("array")),
        }
    }
}

macro_rules! integers {
    ($($method:ident => $visit:ident: $ty:ty),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
            visitor.$visit(self.integer::<$ty>()?)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for NodeDe<'de> {
    type Error = FormError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
        match self.0 {
            Node::Str(s) => visitor.visit_borrowed_str(s),
            Node::Map(map) => visitor.visit_map(MapAccess { entries: map.iter(), value: None }),
            Node::Seq(items) => visitor.visit_seq(SeqAccess(items.iter().collect::<Vec<_>>().into_iter())),
        }
    }

    integers!(deserialize_i64 => visit_i64: i64, deserialize_u64 => visit_u64: u64,
        deserialize_i32 => visit_i32: i32, deserialize_u32 => visit_u32: u32);

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
        match self.str()? {
            "true" => visitor.visit_bool(true),
            "false" => visitor.visit_bool(false),
            other => Err(FormError::Boolean(other.to_owned())),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
        visitor.visit_borrowed_str(self.str()?)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
        match self.0 {
            Node::Str(s) if s.is_empty() => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
        visitor.visit_seq(SeqAccess(self.items()?.into_iter()))
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
        static EMPTY: BTreeMap<String, Node> = BTreeMap::new();
        match self.0 {
            Node::Map(map) => visitor.visit_map(MapAccess { entries: map.iter(), value: None }),
            Node::Str(s) if s.is_empty() => visitor.visit_map(MapAccess { entries: EMPTY.iter(), value: None }),
            _ => Err(FormError::Shape("object")),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, FormError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, FormError> {
        visitor.visit_enum(self.str()?.into_deserializer())
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i128 u8 u16 u128 f32 f64 char bytes byte_buf unit unit_struct newtype_struct
        tuple tuple_struct identifier
    }
}

struct MapAccess<'a> {
    entries: std::collections::btree_map::Iter<'a, String, Node>,
    value: Option<&'a Node>,
}

impl<'de> de::MapAccess<'de> for MapAccess<'de> {
    type Error = FormError;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, FormError> {
        match self.entries.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(de::value::BorrowedStrDeserializer::new(key)).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, FormError> {
        let value = self.value.take().ok_or_else(|| FormError::Other("value without a key".into()))?;
        seed.deserialize(NodeDe(value))
    }
}

struct SeqAccess<'a>(std::vec::IntoIter<&'a Node>);

impl<'de> de::SeqAccess<'de> for SeqAccess<'de> {
    type Error = FormError;

    fn next_element_seed<T: de::DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, FormError> {
        self.0.next().map(|node| seed.deserialize(NodeDe(node))).transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    fn s(v: &str) -> Node {
        Node::Str(v.into())
    }

    fn map<const N: usize>(entries: [(&str, Node); N]) -> Node {
        Node::Map(entries.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
    }

    #[test]
    fn nests_bracket_keys_and_reads_both_array_styles() {
        let curl = parse(b"payment_method_types[]=customer_balance&metadata[order]=o%5F1&confirm=true");
        let node = parse(b"payment_method_types[0]=customer_balance&metadata[order]=o_1&confirm=true");
        assert_eq!(curl.text(&["metadata", "order"]), Some("o_1"));
        #[derive(Deserialize, Debug, PartialEq)]
        struct P {
            payment_method_types: Vec<String>,
            metadata: BTreeMap<String, String>,
            confirm: bool,
        }
        let want = P {
            payment_method_types: vec!["customer_balance".into()],
            metadata: [("order".to_owned(), "o_1".to_owned())].into(),
            confirm: true,
        };
        assert_eq!(decode::<P>(&curl).unwrap(), want);
        assert_eq!(decode::<P>(&node).unwrap(), want);
    }

    #[test]
    fn indexed_arrays_keep_index_order_and_objects_in_arrays_merge_like_rack() {
        #[derive(Deserialize, Debug, PartialEq)]
        struct Item {
            a: String,
            b: Option<String>,
        }
        #[derive(Deserialize, Debug, PartialEq)]
        struct P {
            items: Vec<Item>,
            expand: Vec<String>,
        }
        let item = |a: &str, b: Option<&str>| Item { a: a.into(), b: b.map(Into::into) };
        let indexed = parse(b"items[10][a]=k&items[2][a]=c&items[2][b]=d&items[0][a]=x&expand[1]=y&expand[0]=x");
        let want = P {
            items: vec![item("x", None), item("c", Some("d")), item("k", None)],
            expand: vec!["x".into(), "y".into()],
        };
        assert_eq!(decode::<P>(&indexed).unwrap(), want);
        // `[]`: members fill the last object until one repeats.
        let rack = parse(b"items[][a]=x&items[][a]=c&items[][b]=d&items[][a]=k&expand[]=x&expand[]=y");
        assert_eq!(decode::<P>(&rack).unwrap(), want);
    }

    #[test]
    fn repeated_keys_keep_the_last_value_and_the_body_wins_over_the_query() {
        assert_eq!(parse(b"amount=1&amount=2").text(&["amount"]), Some("2"));
        let both = parse_request(Some("amount=1&key=pk"), b"amount=3");
        assert_eq!((both.text(&["amount"]), both.text(&["key"])), (Some("3"), Some("pk")));
    }

    #[test]
    fn errors_name_the_parameter_as_stripe_does() {
        #[derive(Deserialize, Debug)]
        #[allow(dead_code)]
        struct Inner {
            r#type: String,
            count: Option<i64>,
        }
        #[derive(Deserialize, Debug)]
        #[allow(dead_code)]
        struct P {
            amount: i64,
            currency: String,
            options: Option<Inner>,
            list: Option<Vec<Inner>>,
        }
        let err = |body: &str| decode::<P>(&parse(body.as_bytes())).unwrap_err();
        let e = err("currency=eur");
        assert_eq!((e.code, e.param.as_deref()), (Some("parameter_missing"), Some("amount")));
        let e = err("amount=12x&currency=eur");
        assert_eq!(
            (e.code, e.param.as_deref(), e.message.as_str()),
            (Some("parameter_invalid_integer"), Some("amount"), "Invalid integer: 12x")
        );
        let e = err("amount=1&currency=eur&options[count]=2");
        assert_eq!((e.code, e.param.as_deref()), (Some("parameter_missing"), Some("options[type]")));
        let e = err("amount=1&currency=eur&options[type]=x&options[colour]=red&zzz=1");
        assert_eq!((e.code, e.param.as_deref()), (Some("parameter_unknown"), Some("options[colour]")));
        assert_eq!(e.message, "Received unknown parameter: options[colour]");
        let e = err("amount=1&currency=eur&list[0][type]=x&list[1][type]=y&list[1][nope]=1");
        assert_eq!(e.param.as_deref(), Some("list[1][nope]"));
        let e = err("amount=1&currency=");
        assert_eq!((e.code, e.param.as_deref()), (Some("parameter_invalid_empty"), Some("currency")));
        let e = err("amount=1&currency=eur&options=x");
        assert_eq!((e.param.as_deref(), e.message.as_str()), (Some("options"), "Invalid object"));
        let e = err("amount=1&currency=eur&list=x");
        assert_eq!((e.param.as_deref(), e.message.as_str()), (Some("list"), "Invalid array"));
        // An empty value unsets an optional parameter.
        assert!(decode::<P>(&parse(b"amount=1&currency=eur&options=")).unwrap().options.is_none());
    }

    #[test]
    fn odd_keys_do_not_panic() {
        for body in ["a[", "a]", "[]=1", "a[b=1", "a[][x]=1&a[]=2", "=", "&&", "a[b]=1&a=2&a[c]=3", "a[]=1&a[x]=2"] {
            let _ = parse(body.as_bytes());
        }
        assert_eq!(parse(b"a[b]=%20x%20").text(&["a", "b"]), Some("x"));
        assert_eq!(parse(b"a=").text(&["a"]), None);
    }

    /// Regression (fuzz/artifacts: form_body): a key without a name (`=x`, `[]=x`) turned the
    /// whole body into an array, so every parameter read as missing.
    #[test]
    fn nameless_keys_are_dropped_and_the_root_stays_an_object() {
        assert_eq!(parse(b"amount=500&=currency&[]=x&[a]=y"), map([("amount", s("500"))]));
    }

    /// Regression (fuzz/regressions/form_body/unclosed-bracket): `expand[=` was read as
    /// `expand` and overwrote the real `expand` before it.
    #[test]
    fn malformed_bracket_keys_are_dropped() {
        assert_eq!(parse(b"expand=x&expand[=y&a[b]c=1&a[b=2"), map([("expand", s("x"))]));
    }

    #[test]
    fn keys_deeper_than_the_limit_are_dropped_without_exhausting_the_stack() {
        let deep = format!("a{}=1&b=2", "[x]".repeat(700_000)); // 2 MB, the body limit
        assert_eq!(parse(deep.as_bytes()), map([("b", s("2"))]));
        let ok = format!("a{}=1", "[x]".repeat(MAX_DEPTH - 1));
        assert!(parse(ok.as_bytes())
            .text(&["a", "x", "x", "x", "x", "x", "x", "x", "x", "x", "x", "x", "x", "x", "x", "x"])
            .is_some());
    }
}
