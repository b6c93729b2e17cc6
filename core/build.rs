//! Turns the translator-editable tables in `locales/*.txt` into static Rust arrays, and the set
//! of languages into the `Lang` enum: a language is a code with a file in each of `locales/`,
//! `locales/checkout/` and `locales/server/` (adding one is adding its files).
//!
//! `en.txt` defines the keys (one `Msg` variant each). Other locales may lack a key — the build
//! still succeeds and the text falls back to English — but the native test
//! `i18n::tests::every_locale_has_every_key` fails, so a gap never ships unnoticed.
//! Parsing here costs nothing at run time and no Wasm bytes, unlike a Fluent runtime (~58 KB gz).
//!
//! Without the `all-languages` feature only English is compiled in: the browser builds load the
//! other languages' tables at run time (`i18n::install`), so a merchant's page downloads only
//! the language it shows. Each table carries `VERSION`, a hash of its keys in order, so that a
//! table from another build of the package is refused instead of showing the wrong texts.

use std::collections::BTreeMap;
use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

/// Languages written right to left (the `dir` attribute next to `lang`).
const RIGHT_TO_LEFT: [&str; 4] = ["ar", "fa", "he", "ur"];

/// English first (the fallback, always compiled in), then the others by code: the order of
/// `Lang::ALL` and of the tables.
fn languages() -> Vec<String> {
    let mut codes: Vec<String> = fs::read_dir("locales")
        .expect("core/locales")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok()?.strip_suffix(".txt").map(str::to_owned))
        .filter(|code| code != "en")
        .collect();
    codes.sort();
    codes.insert(0, "en".into());
    for code in &codes {
        for dir in ["locales/checkout", "locales/server"] {
            let path = Path::new(dir).join(format!("{code}.txt"));
            assert!(path.exists(), "locales/{code}.txt has no {}: a language needs all three tables", path.display());
        }
    }
    codes
}

fn main() {
    println!("cargo:rerun-if-changed=locales");
    println!("cargo:rerun-if-changed=locales/checkout");
    println!("cargo:rerun-if-changed=locales/server");
    let langs = languages();
    let bundled = if env::var_os("CARGO_FEATURE_ALL_LANGUAGES").is_some() { langs.len() } else { 1 };
    let mut out = String::new();
    generate_lang(&mut out, &langs);
    // Three tables: the renderer's, the live checkout's and the server's (hosted page, email),
    // so that a module carries only the texts it can show.
    let tables = [
        ("locales", "Msg", "PACKED", "UNKNOWN_KEYS"),
        ("locales/checkout", "CheckoutMsg", "CHECKOUT_PACKED", "UNKNOWN_CHECKOUT_KEYS"),
        ("locales/server", "ServerMsg", "SERVER_PACKED", "UNKNOWN_SERVER_KEYS"),
    ];
    for (dir, enum_name, table, unknown) in tables {
        generate(&mut out, Path::new(dir), &langs, [enum_name, table, unknown], bundled);
    }
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("messages.rs");
    fs::write(dest, out).unwrap();
}

/// `enum Lang` (`ZhHant` for `zh-Hant`), with `ALL`, `code()` and `dir()`.
fn generate_lang(out: &mut String, langs: &[String]) {
    out.push_str("/// The languages we have tables for, English first.\n");
    out.push_str("#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]\npub enum Lang {\n");
    for code in langs {
        writeln!(out, "    {},", camel(&code.replace('-', "_"))).unwrap();
    }
    out.push_str("}\n\nimpl Lang {\n    /// In table order, English first.\n");
    writeln!(out, "    pub const ALL: [Lang; {}] = [", langs.len()).unwrap();
    for code in langs {
        writeln!(out, "        Lang::{},", camel(&code.replace('-', "_"))).unwrap();
    }
    // One string and the end of each code, not a `match` of string slices: a few hundred bytes
    // less in every merchant's download for 37 languages.
    let mut codes = String::new();
    let mut ends = Vec::new();
    for code in langs {
        codes.push_str(code);
        ends.push(codes.len());
    }
    out.push_str("    ];\n\n    /// The BCP 47 tag of the texts, also the `lang` attribute.\n");
    out.push_str("    pub fn code(self) -> &'static str {\n");
    writeln!(out, "        const CODES: &str = {codes:?};\n        const ENDS: [u8; {}] = {ends:?};", ends.len())
        .unwrap();
    out.push_str(
        "        let i = self as usize;\n        let start = if i == 0 { 0 } else { ENDS[i - 1] as usize };\n",
    );
    out.push_str("        CODES.get(start..ENDS[i] as usize).unwrap_or(\"en\")\n    }\n\n");
    out.push_str(
        "    /// The text direction, set as `dir` next to `lang`.\n    pub const fn dir(self) -> &'static str {\n",
    );
    let rtl: Vec<String> = langs
        .iter()
        .filter(|c| RIGHT_TO_LEFT.contains(&c.as_str()))
        .map(|c| format!("Lang::{}", camel(&c.replace('-', "_"))))
        .collect();
    if rtl.is_empty() {
        out.push_str("        \"ltr\"\n    }\n}\n\n");
    } else {
        writeln!(
            out,
            "        match self {{\n            {} => \"rtl\",\n            _ => \"ltr\",\n        }}\n    }}\n}}\n",
            rtl.join(" | ")
        )
        .unwrap();
    }
}

fn generate(out: &mut String, dir: &Path, langs: &[String], names: [&str; 3], bundled: usize) {
    let [enum_name, table, unknown] = names;
    let tables: Vec<(String, Vec<(String, String)>)> = langs
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
    writeln!(out, "static {table}: [(&str, [u16; {}]); {bundled}] = [", keys.len()).unwrap();
    let mut extra = Vec::new();
    for (i, (lang, entries)) in tables.iter().enumerate() {
        let map: BTreeMap<&str, &str> = entries.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let mut text = String::new();
        let mut ends = Vec::new();
        for key in &keys {
            text.push_str(map.get(key).copied().unwrap_or(""));
            ends.push(u16::try_from(text.len()).expect("a locale's texts fit in 64 KiB"));
        }
        if i < bundled {
            writeln!(out, "    // {lang}\n    ({text:?}, {ends:?}),").unwrap();
        }
        for k in map.keys().filter(|k| !keys.contains(k)) {
            extra.push(format!("({lang:?}, {k:?})"));
        }
    }
    out.push_str("];\n\n/// Keys a locale defines that English does not (typos, stale keys): must stay empty.\n");
    writeln!(out, "pub const {unknown}: &[(&str, &str)] = &[{}];\n", extra.join(", ")).unwrap();
    // FNV-1a over the keys in order: a loaded table must have been made for this build.
    let version = keys
        .iter()
        .flat_map(|k| k.bytes().chain([b'\n']))
        .fold(0x811c_9dc5u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193));
    writeln!(
        out,
        "impl Message for {enum_name} {{\n    const VERSION: u32 = {version};\n    \
         const COUNT: usize = {count};\n    \
         fn index(self) -> usize {{\n        self as usize\n    }}\n    \
         fn bundled(lang: usize) -> Option<(&'static str, &'static [u16])> {{\n        \
         {table}.get(lang).map(|(text, ends)| (*text, &ends[..]))\n    }}\n    \
         fn installed() -> &'static Installed {{\n        \
         static INSTALLED: Installed = Installed::new();\n        &INSTALLED\n    }}\n}}\n",
        count = keys.len()
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
