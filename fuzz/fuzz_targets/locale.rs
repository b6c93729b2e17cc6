//! Locale negotiation on arbitrary tag lists: no panic; the language is the first requested one
//! we have — by primary subtag, through the aliases (`no`/`nn` → `nb`, `tl` → `fil`, `iw` → `he`,
//! `in` → `id`) and, for Chinese, by script — else English with the tag "en".
#![no_main]

use bank_transfer_core::{negotiate, Lang};
use libfuzzer_sys::fuzz_target;

/// The oracle, written as a table rather than the negotiation's own code.
fn expected(tag: &str) -> Option<Lang> {
    let lower = tag.to_ascii_lowercase();
    let mut subtags = lower.split('-');
    let primary = subtags.next().unwrap_or("");
    let rest: Vec<&str> = subtags.collect();
    let code = match primary {
        "zh" if rest.contains(&"hant") => "zh-Hant",
        "zh" if rest.contains(&"hans") => "zh-Hans",
        "zh" if rest.iter().any(|s| ["tw", "hk", "mo"].contains(s)) => "zh-Hant",
        "zh" => "zh-Hans",
        "no" | "nn" => "nb",
        "tl" => "fil",
        "iw" => "he",
        "in" => "id",
        other => other,
    };
    Lang::ALL.into_iter().find(|l| l.code().eq_ignore_ascii_case(code))
}

fuzz_target!(|tags: Vec<&str>| {
    let locale = negotiate(tags.iter().copied());
    let first_known = tags.iter().find_map(|tag| {
        let tag = tag.trim().replace('_', "-");
        expected(&tag).map(|lang| (lang, tag))
    });
    match first_known {
        Some((lang, tag)) => {
            assert_eq!(locale.lang, lang);
            assert_eq!(locale.tag, tag);
        }
        None => {
            assert_eq!(locale.lang, Lang::En);
            assert_eq!(locale.tag, "en");
        }
    }
});
