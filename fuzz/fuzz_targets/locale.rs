//! Locale negotiation on arbitrary tag lists: no panic; the language is the first requested one
//! we have (by primary subtag), else English with the tag "en".
#![no_main]

use bank_transfer_core::{negotiate, Lang};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|tags: Vec<&str>| {
    let locale = negotiate(tags.iter().copied());
    let first_known = tags.iter().find_map(|tag| {
        let tag = tag.trim().replace('_', "-");
        let primary = tag.split('-').next().unwrap_or("").to_owned();
        Lang::ALL.into_iter().find(|l| l.code().eq_ignore_ascii_case(&primary)).map(|l| (l, tag))
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
