//! Checks sandbox output against the Stripe schema extract in `reference/`: types, required
//! members, nullability, enums, and no member the schema does not have (we must not invent fields).

use serde_json::Value;

const INSTRUCTIONS: &str = include_str!("../../../reference/display_bank_transfer_instructions.schema.json");
const CUSTOMER_BALANCE: &str = include_str!("../../../reference/confirm_customer_balance.params.json");

/// Both reference files' schemas, as one `components.schemas` map.
fn doc() -> Value {
    let mut doc: Value = serde_json::from_str(INSTRUCTIONS).unwrap();
    let more: Value = serde_json::from_str(CUSTOMER_BALANCE).unwrap();
    if let (Some(schemas), Some(extra)) =
        (doc["components"]["schemas"].as_object_mut(), more["components"]["schemas"].as_object())
    {
        for (name, schema) in extra {
            schemas.entry(name.clone()).or_insert_with(|| schema.clone());
        }
    }
    doc
}

pub fn assert_valid(value: &Value, schema_name: &str) {
    let doc = doc();
    let mut errors = Vec::new();
    check(&doc, value, &doc["components"]["schemas"][schema_name], schema_name, &mut errors);
    assert!(errors.is_empty(), "{schema_name}: {errors:#?}\n{value:#}");
}

fn check(doc: &Value, value: &Value, schema: &Value, path: &str, errors: &mut Vec<String>) {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.trim_start_matches("#/components/schemas/");
        let target = &doc["components"]["schemas"][name];
        // The reference is an extract: a schema it does not include cannot be checked here.
        if !target.is_null() {
            check(doc, value, target, path, errors);
        }
        return;
    }
    if let Some(alternatives) = schema["anyOf"].as_array() {
        if value.is_null() && schema["nullable"] == Value::Bool(true) {
            return;
        }
        // Valid when one alternative fits (a string id or the expanded object); otherwise
        // report against the first.
        let mut best = Vec::new();
        for (i, alternative) in alternatives.iter().enumerate() {
            let mut found = Vec::new();
            check(doc, value, alternative, path, &mut found);
            if found.is_empty() {
                return;
            }
            if i == 0 {
                best = found;
            }
        }
        return errors.extend(best);
    }
    if schema.is_null() {
        return errors.push(format!("{path}: no schema"));
    }
    if value.is_null() {
        if schema["nullable"] != Value::Bool(true) {
            errors.push(format!("{path}: null but not nullable"));
        }
        return;
    }
    let ok = match schema["type"].as_str() {
        Some("object") => value.is_object(),
        Some("string") => value.is_string(),
        Some("integer") => value.is_i64() || value.is_u64(),
        Some("array") => value.is_array(),
        Some("boolean") => value.is_boolean(),
        _ => true,
    };
    if !ok {
        return errors.push(format!("{path}: expected {}, got {value}", schema["type"]));
    }
    if let Some(allowed) = schema["enum"].as_array() {
        if !allowed.contains(value) {
            errors.push(format!("{path}: {value} not in {allowed:?}"));
        }
    }
    if let (Some(items), Some(schema_items)) = (value.as_array(), schema.get("items")) {
        for (i, item) in items.iter().enumerate() {
            check(doc, item, schema_items, &format!("{path}[{i}]"), errors);
        }
    }
    if let Some(object) = value.as_object() {
        let properties = &schema["properties"];
        for required in schema["required"].as_array().into_iter().flatten() {
            let name = required.as_str().unwrap_or("");
            if !object.contains_key(name) {
                errors.push(format!("{path}.{name}: required but missing"));
            }
        }
        for (name, member) in object {
            match properties.get(name) {
                Some(member_schema) => check(doc, member, member_schema, &format!("{path}.{name}"), errors),
                None => errors.push(format!("{path}.{name}: not in the schema")),
            }
        }
    }
}
