//! Turns the translator-editable tables in `locales/*.txt` into static Rust arrays.
//!
//! `en.txt` defines the keys (one `Msg` variant each). Other locales may lack a key — the build
//! still succeeds and the text falls back to English — but the native test
//! `i18n::tests::every_locale_has_every_key` fails, so a gap never ships unnoticed.
//! Parsing here costs nothing at run time and no Wasm bytes, unlike a Fluent runtime (~58 KB gz).

use std::collections::BTreeMap;
use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

/// Order matters: it is the order of `Lang::ALL`. English first: it is the fallback.
const LANGS: [&str; 6] = ["en", "de", "fr", "nl", "es", "ja"];

fn main() {
    println!("cargo:rerun-if-changed=locales");
    let dir = Path::new("locales");
    let tables: Vec<(String, Vec<(String, String)>)> = LANGS
        .iter()
        .map(|lang| {
            let path = dir.join(format!("{lang}.txt"));
            println!("cargo:rerun-if-changed={}", path.display());
            let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            (lang.to_string(), parse(&text, &path))
        })
        .collect();

    let keys: Vec<&str> = tables[0].1.iter().map(|(k, _)| k.as_str()).collect();
    let mut out = String::new();
    out.push_str("/// One variant per key of `locales/en.txt`.\n");
    out.push_str(
        "#[derive(Clone, Copy, Debug, PartialEq, Eq)]\n#[allow(clippy::enum_variant_names)]\npub enum Msg {\n",
    );
    for key in &keys {
        writeln!(out, "    {},", camel(key)).unwrap();
    }
    out.push_str("}\n\nimpl Msg {\n    pub const ALL: &'static [Msg] = &[\n");
    for key in &keys {
        writeln!(out, "        Msg::{},", camel(key)).unwrap();
    }
    out.push_str("    ];\n    pub const fn key(self) -> &'static str {\n        match self {\n");
    for key in &keys {
        writeln!(out, "            Msg::{} => {:?},", camel(key), key).unwrap();
    }
    out.push_str("        }\n    }\n}\n\n");

    writeln!(out, "const KEY_COUNT: usize = {};", keys.len()).unwrap();
    // Packed: per language one string of all texts and the end offset of each. Half the
    // bytes of a table of `&str` (no pointer + length per entry), in every merchant's download.
    out.push_str("/// Per language (in `Lang::ALL` order): all texts concatenated, and where each `Msg` ends.\n");
    out.push_str("/// An empty range means untranslated.\n");
    writeln!(out, "static PACKED: [(&str, [u16; KEY_COUNT]); {}] = [", LANGS.len()).unwrap();
    let mut extra = Vec::new();
    for (lang, entries) in &tables {
        let map: BTreeMap<&str, &str> = entries.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let mut text = String::new();
        let mut ends = Vec::new();
        for key in &keys {
            text.push_str(map.get(key).copied().unwrap_or(""));
            ends.push(u16::try_from(text.len()).expect("a locale's texts fit in 64 KiB"));
        }
        writeln!(out, "    // {lang}\n    ({text:?}, {ends:?}),").unwrap();
        for k in map.keys().filter(|k| !keys.contains(k)) {
            extra.push(format!("({lang:?}, {k:?})"));
        }
    }
    out.push_str("];\n\n/// Keys a locale defines that English does not (typos, stale keys): must stay empty.\n");
    writeln!(out, "pub const UNKNOWN_KEYS: &[(&str, &str)] = &[{}];", extra.join(", ")).unwrap();

    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("messages.rs");
    fs::write(dest, out).unwrap();
}

/// `key = value` lines; `#` starts a comment line; a key may appear once.
fn parse(text: &str, path: &Path) -> Vec<(String, String)> {
    let mut entries: Vec<(String, String)> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) =
            line.split_once('=').unwrap_or_else(|| panic!("{}:{}: expected `key = value`", path.display(), n + 1));
        let (key, value) = (key.trim(), value.trim());
        assert!(
            !key.is_empty() && key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
            "{}:{}: keys are lower_snake_case",
            path.display(),
            n + 1
        );
        assert!(!value.is_empty(), "{}:{}: empty text for `{key}`", path.display(), n + 1);
        assert!(entries.iter().all(|(k, _)| k != key), "{}:{}: `{key}` is defined twice", path.display(), n + 1);
        entries.push((key.to_string(), value.to_string()));
    }
    entries
}

fn camel(key: &str) -> String {
    key.split('_')
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect()
}
