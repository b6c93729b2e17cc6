//! Stripe's request encoding: `application/x-www-form-urlencoded` (or a query string) whose keys
//! nest with brackets: `payment_method_options[customer_balance][bank_transfer][type]=eu_bank_transfer`,
//! `payment_method_types[]=customer_balance`. Decoded into a JSON value so handlers can read
//! `params["payment_method_options"]["customer_balance"]…`.

use serde_json::{Map, Value};

/// Nested parameters from an encoded body or query string. Later duplicates win, except `[]`
/// keys, which append.
pub fn parse(encoded: &[u8]) -> Value {
    let mut root = Value::Object(Map::new());
    for (key, value) in form_urlencoded::parse(encoded) {
        let path = key_path(&key);
        insert(&mut root, &path, Value::String(value.into_owned()));
    }
    root
}

/// `a[b][c]` → `["a", "b", "c"]`; `a[]` → `["a", ""]`.
fn key_path(key: &str) -> Vec<&str> {
    let (head, mut rest) = match key.find('[') {
        Some(i) => (&key[..i], &key[i..]),
        None => return vec![key],
    };
    let mut path = vec![head];
    while let Some(stripped) = rest.strip_prefix('[') {
        match stripped.find(']') {
            Some(end) => {
                path.push(&stripped[..end]);
                rest = &stripped[end + 1..];
            }
            None => break,
        }
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
}
