//! Writes one JSON file per language other than English into a package directory, for the
//! browser builds to load when a page shows that language (`loadLanguage`):
//!
//! `{"lang":"de","instructions":{"version":…,"texts":[…]},"checkout":{…}}`
//!
//! Usage: `cargo run -p bank-transfer-core --features all-languages --example language_tables --
//! <dir> [--checkout]` (with `--checkout`, the live checkout's texts too: the full package).

use bank_transfer_core::i18n::Message;
use bank_transfer_core::{CheckoutMsg, Lang, Msg};
use serde::Serialize;
use std::path::PathBuf;

#[derive(Serialize)]
struct File<'a> {
    lang: &'a str,
    instructions: Table,
    #[serde(skip_serializing_if = "Option::is_none")]
    checkout: Option<Table>,
}

#[derive(Serialize)]
struct Table {
    version: u32,
    texts: Vec<&'static str>,
}

fn table<M: Message>(lang: Lang, all: &[M]) -> Table {
    // An untranslated key stays empty: the module falls back to its built-in English.
    let texts = all.iter().map(|&m| lang.entry(m).unwrap_or("")).collect();
    Table { version: M::VERSION, texts }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().expect("usage: language_tables <dir> [--checkout]"));
    let checkout = args.next().as_deref() == Some("--checkout");
    std::fs::create_dir_all(&dir).expect("create the output directory");
    for lang in Lang::ALL.into_iter().filter(|&l| l != Lang::En) {
        let file = File {
            lang: lang.code(),
            instructions: table(lang, Msg::ALL),
            checkout: checkout.then(|| table(lang, CheckoutMsg::ALL)),
        };
        let path = dir.join(format!("{}.json", lang.code()));
        std::fs::write(&path, serde_json::to_string(&file).expect("serialize")).expect("write a table");
    }
}
