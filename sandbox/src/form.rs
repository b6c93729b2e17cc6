//! Stripe's request encoding: `application/x-www-form-urlencoded` (or a query string) whose keys
//! nest with brackets: `payment_method_options[customer_balance][bank_transfer][type]=eu_bank_transfer`,
//! `payment_method_types[]=customer_balance`. Decoded into a JSON value so handlers can read
//! `params["payment_method_options"]["customer_balance"]…`.

use serde_json::{Map, Value};

/// Deeper keys are dropped: Stripe's go 6 levels deep, and `insert` recurses once per level (a
/// 2 MB body of `[a]`s would otherwise overflow the stack).
pub const MAX_DEPTH: usize = 16;

/// Nested parameters from an encoded body or query string: always an object. Later duplicates
/// win, except `[]` keys, which append. Keys without a name (`=x`, `[a]=x`) and keys nested
/// deeper than [`MAX_DEPTH`] are dropped.
pub fn parse(encoded: &[u8]) -> Value {
    let mut root = Value::Object(Map::new());
    for (key, value) in form_urlencoded::parse(encoded) {
        let path = key_path(&key);
        // A nameless key would turn the root into an array (found by fuzzing); a malformed one
        // has no path at all.
        let named = path.first().is_some_and(|head| !head.is_empty());
        if !named || path.len() > MAX_DEPTH {
            continue;
        }
        insert(&mut root, &path, Value::String(value.into_owned()));
    }
    root
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

fn insert(node: &mut Value, path: &[&str], value: Value) {
    let Some((first, rest)) = path.split_first() else { return };
    if first.is_empty() {
        // `[]`: append to an array.
        if !node.is_array() {
            *node = Value::Array(Vec::new());
        }
        if let Value::Array(items) = node {
            if rest.is_empty() {
                items.push(value);
            } else {
                let mut child = Value::Object(Map::new());
                insert(&mut child, rest, value);
                items.push(child);
            }
        }
        return;
    }
    if !node.is_object() {
        *node = Value::Object(Map::new());
    }
    if let Value::Object(map) = node {
        if rest.is_empty() {
            map.insert((*first).to_owned(), value);
        } else {
            let child = map.entry(*first).or_insert_with(|| Value::Object(Map::new()));
            insert(child, rest, value);
        }
    }
}

/// A string parameter at `path`, trimmed; empty is absent.
pub fn text<'a>(params: &'a Value, path: &[&str]) -> Option<&'a str> {
    let mut node = params;
    for key in path {
        node = node.get(key)?;
    }
    node.as_str().map(str::trim).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nests_bracket_keys_and_appends_arrays() {
        let body = "amount=1099&currency=eur&payment_method_types[]=customer_balance\
            &payment_method_options[customer_balance][funding_type]=bank_transfer\
            &payment_method_options[customer_balance][bank_transfer][type]=eu_bank_transfer\
            &payment_method_options[customer_balance][bank_transfer][eu_bank_transfer][country]=NL\
            &metadata[order]=order%5F1&confirm=true";
        assert_eq!(
            parse(body.as_bytes()),
            json!({
                "amount": "1099", "currency": "eur", "confirm": "true",
                "payment_method_types": ["customer_balance"],
                "payment_method_options": {"customer_balance": {
                    "funding_type": "bank_transfer",
                    "bank_transfer": {"type": "eu_bank_transfer", "eu_bank_transfer": {"country": "NL"}}}},
                "metadata": {"order": "order_1"}
            })
        );
    }

    #[test]
    fn odd_keys_do_not_panic() {
        for body in ["a[", "a]", "[]=1", "a[b=1", "a[][x]=1&a[]=2", "=", "&&", "a[b]=1&a=2&a[c]=3"] {
            let _ = parse(body.as_bytes());
        }
        assert_eq!(text(&parse(b"a[b]=%20x%20"), &["a", "b"]), Some("x"));
        assert_eq!(text(&parse(b"a="), &["a"]), None);
    }

    /// Regression (fuzz/artifacts: form_body): a key without a name (`=x`, `[]=x`) turned the
    /// whole body into an array, so every parameter read as missing.
    #[test]
    fn nameless_keys_are_dropped_and_the_root_stays_an_object() {
        assert_eq!(parse(b"amount=500&=currency&[]=x&[a]=y"), json!({"amount": "500"}));
    }

    /// Regression (fuzz/regressions/form_body/unclosed-bracket): `expand[=` was read as
    /// `expand` and overwrote the real `expand` before it.
    #[test]
    fn malformed_bracket_keys_are_dropped() {
        assert_eq!(parse(b"expand=x&expand[=y&a[b]c=1&a[b=2"), json!({"expand": "x"}));
    }

    #[test]
    fn keys_deeper_than_the_limit_are_dropped_without_exhausting_the_stack() {
        let deep = format!("a{}=1&b=2", "[x]".repeat(700_000)); // 2 MB, the body limit
        assert_eq!(parse(deep.as_bytes()), json!({"b": "2"}));
        let ok = format!("a{}=1", "[x]".repeat(MAX_DEPTH - 1));
        assert!(parse(ok.as_bytes())["a"]["x"]["x"].is_object());
    }
}
