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
    let mut out = String::new();
    // Two tables: the renderer's, and the live checkout's, so that a build without the
    // checkout (the package's instructions-only module) carries none of its texts.
    generate(&mut out, Path::new("locales"), "Msg", "PACKED", "UNKNOWN_KEYS");
    generate(&mut out, Path::new("locales/checkout"), "CheckoutMsg", "CHECKOUT_PACKED", "UNKNOWN_CHECKOUT_KEYS");
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("messages.rs");
    fs::write(dest, out).unwrap();
}

fn generate(out: &mut String, dir: &Path, enum_name: &str, table: &str, unknown: &str) {
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
    writeln!(out, "/// One variant per key of `{}/en.txt`.", dir.display()).unwrap();
    writeln!(
        out,
        "#[derive(Clone, Copy, Debug, PartialEq, Eq)]\n#[allow(clippy::enum_variant_names)]\npub enum {enum_name} {{"
    )
    .unwrap();
    for key in &keys {
        writeln!(out, "    {},", camel(key)).unwrap();
    }
    writeln!(out, "}}\n\nimpl {enum_name} {{\n    pub const ALL: &'static [{enum_name}] = &[").unwrap();
    for key in &keys {
        writeln!(out, "        {enum_name}::{},", camel(key)).unwrap();
    }
    out.push_str("    ];\n    pub const fn key(self) -> &'static str {\n        match self {\n");
    for key in &keys {
        writeln!(out, "            {enum_name}::{} => {:?},", camel(key), key).unwrap();
    }
    out.push_str("        }\n    }\n}\n\n");

    // Packed: per language one string of all texts and the end offset of each. Half the
    // bytes of a table of `&str` (no pointer + length per entry), in every merchant's download.
    writeln!(
        out,
        "/// Per language (in `Lang::ALL` order): all texts concatenated, and where each `{enum_name}` ends."
    )
    .unwrap();
    out.push_str("/// An empty range means untranslated.\n");
    writeln!(out, "static {table}: [(&str, [u16; {}]); {}] = [", keys.len(), LANGS.len()).unwrap();
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
    writeln!(out, "pub const {unknown}: &[(&str, &str)] = &[{}];\n", extra.join(", ")).unwrap();
    writeln!(
        out,
        "impl Message for {enum_name} {{\n    fn index(self) -> usize {{\n        self as usize\n    }}\n    \
         fn table(lang: usize) -> Option<(&'static str, &'static [u16])> {{\n        \
         {table}.get(lang).map(|(text, ends)| (*text, &ends[..]))\n    }}\n}}\n"
    )
    .unwrap();
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
