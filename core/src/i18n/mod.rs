//! Languages, locale negotiation and the message tables (generated from `locales/*.txt`).

mod installed;

use alloc::borrow::ToOwned;
use alloc::string::String;
pub use installed::{install, Installed, TableError};
include!(concat!(env!("OUT_DIR"), "/messages.rs"));

/// A message table generated from `locales/` (`Msg`: the renderer's; `CheckoutMsg`: the live
/// checkout's, kept apart so that a build without the checkout carries none of its texts;
/// `ServerMsg`: the hosted page's and the email's).
pub trait Message: Copy {
    /// A hash of the keys in order: a table loaded at run time must carry the same.
    const VERSION: u32;
    /// The number of keys.
    const COUNT: usize;
    fn index(self) -> usize;
    /// Language `lang`'s (in `Lang::ALL` order) compiled-in packed texts and end offsets: all
    /// languages with the `all-languages` feature, else English only.
    fn bundled(lang: usize) -> Option<(&'static str, &'static [u16])>;
    /// The tables installed at run time (`install`), one slot per language.
    fn installed() -> &'static Installed;

    /// Language `lang`'s texts: installed at run time, else compiled in.
    fn table(lang: usize) -> Option<(&'static str, &'static [u16])> {
        Self::installed().get(lang).or_else(|| Self::bundled(lang))
    }
}

// `Lang` (one variant per language, `ALL`, `code()`, `dir()`) is generated with the tables.

impl Lang {
    /// Whether this language's texts of table `M` are here (compiled in or installed): until
    /// then they fall back to English.
    pub fn has<M: Message>(self) -> bool {
        M::table(self as usize).is_some()
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code().eq_ignore_ascii_case(code))
    }

    /// The text for `msg`, falling back to English where a translation is missing.
    pub fn text<M: Message>(self, msg: M) -> &'static str {
        self.entry(msg).or(Lang::En.entry(msg)).unwrap_or("")
    }

    /// This language's own text for `msg`, if translated (and here: compiled in or installed).
    pub fn entry<M: Message>(self, msg: M) -> Option<&'static str> {
        let (text, ends) = M::table(self as usize)?;
        let row = msg.index();
        let start = if row == 0 { 0 } else { *ends.get(row - 1)? as usize };
        text.get(start..*ends.get(row)? as usize).filter(|t| !t.is_empty())
    }

    /// The text for `msg` with each `{name}` replaced by its value; unknown names stay as they are.
    pub fn fill<M: Message>(self, msg: M, args: &[(&str, &str)]) -> String {
        // Split-based rather than `str::replace`: no slicing that could panic, and no
        // substring searcher in the Wasm binary.
        let mut parts = self.text(msg).split('{');
        let mut out = String::from(parts.next().unwrap_or(""));
        for part in parts {
            match part.split_once('}') {
                Some((name, rest)) => {
                    match args.iter().find(|(n, _)| *n == name) {
                        Some((_, value)) => out.push_str(value),
                        None => out.extend(["{", name, "}"]),
                    }
                    out.push_str(rest);
                }
                None => out.extend(["{", part]),
            }
        }
        out
    }
}

/// The outcome of negotiation: our language, and the caller's tag to hand to `Intl`
/// (so `fr-BE` gets Belgian number formats with French text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Locale {
    pub lang: Lang,
    pub tag: String,
}

/// Picks the first requested tag whose language we have (`fr-BE` → French, `es-MX` → Spanish),
/// else English. Tags are BCP 47; POSIX-style `de_DE` is accepted too.
pub fn negotiate<'a>(requested: impl IntoIterator<Item = &'a str>) -> Locale {
    for tag in requested {
        let tag = tag.trim().replace('_', "-");
        if let Some(lang) = lang_of(&tag) {
            return Locale { lang, tag };
        }
    }
    Locale { lang: Lang::En, tag: "en".to_owned() }
}

/// Our language for a tag: by language, then script. Chinese by script (`zh-Hant`, or a
/// region that writes it: TW, HK, MO), else simplified; Norwegian (`no`, `nn`) reads Bokmål;
/// Tagalog is Filipino; the withdrawn codes `iw` and `in` are Hebrew and Indonesian.
fn lang_of(tag: &str) -> Option<Lang> {
    let mut subtags = tag.split('-');
    let language = subtags.next()?;
    let is = |code: &str| language.eq_ignore_ascii_case(code);
    let code = if is("zh") {
        let (mut hant, mut hans, mut traditional_region) = (false, false, false);
        for s in subtags {
            hant |= s.eq_ignore_ascii_case("hant");
            hans |= s.eq_ignore_ascii_case("hans");
            traditional_region |= ["tw", "hk", "mo"].iter().any(|r| s.eq_ignore_ascii_case(r));
        }
        if hant || (traditional_region && !hans) {
            "zh-Hant"
        } else {
            "zh-Hans"
        }
    } else if is("no") || is("nn") {
        "nb"
    } else if is("tl") {
        "fil"
    } else if is("iw") {
        "he"
    } else if is("in") {
        "id"
    } else {
        language
    };
    Lang::from_code(code)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use std::{borrow::ToOwned, format, string::String, string::ToString, vec, vec::Vec};

    /// Every key of `all` in every language, from the files under `dir`.
    fn assert_complete<M: Message>(all: &[M], key: fn(M) -> &'static str, dir: &str) {
        for lang in Lang::ALL {
            for &msg in all {
                assert!(lang.entry(msg).is_some(), "{dir}/{}.txt lacks `{}`", lang.code(), key(msg));
            }
        }
    }

    #[test]
    fn every_locale_has_every_key() {
        assert_complete(Msg::ALL, Msg::key, "locales");
        assert_complete(CheckoutMsg::ALL, CheckoutMsg::key, "locales/checkout");
        assert_complete(ServerMsg::ALL, ServerMsg::key, "locales/server");
        assert_eq!(UNKNOWN_SERVER_KEYS, &[] as &[(&str, &str)], "keys that server/en.txt does not define");
        assert_eq!(UNKNOWN_KEYS, &[] as &[(&str, &str)], "keys that en.txt does not define");
        assert_eq!(UNKNOWN_CHECKOUT_KEYS, &[] as &[(&str, &str)], "keys that checkout/en.txt does not define");
    }

    fn placeholders(s: &str) -> Vec<&str> {
        let mut out: Vec<&str> = s.split('{').skip(1).filter_map(|p| p.split('}').next()).collect();
        out.sort_unstable();
        out
    }

    fn assert_same_placeholders<M: Message>(all: &[M], key: fn(M) -> &'static str) {
        for lang in Lang::ALL {
            for &msg in all {
                assert_eq!(
                    placeholders(lang.text(msg)),
                    placeholders(Lang::En.text(msg)),
                    "{}:{}",
                    lang.code(),
                    key(msg)
                );
            }
        }
    }

    #[test]
    fn every_translation_keeps_the_placeholders_of_english() {
        assert_same_placeholders(Msg::ALL, Msg::key);
        assert_same_placeholders(CheckoutMsg::ALL, CheckoutMsg::key);
        assert_same_placeholders(ServerMsg::ALL, ServerMsg::key);
    }

    #[test]
    fn negotiates_by_language_prefix() {
        let cases: &[(&[&str], &str, &str)] = &[
            (&["fr-BE"], "fr", "fr-BE"),
            (&["es-MX"], "es", "es-MX"),
            (&["de-DE"], "de", "de-DE"),
            (&["nl"], "nl", "nl"),
            (&["JA-jp"], "ja", "JA-jp"),
            (&["en-GB"], "en", "en-GB"),
            (&["de_AT"], "de", "de-AT"),
            (&["sw-KE", "es-419", "en"], "es", "es-419"),
            (&["sw", "x-klingon"], "en", "en"),
            (&[], "en", "en"),
            (&["", "  "], "en", "en"),
            (&["frisian"], "en", "en"),
        ];
        for (requested, lang, tag) in cases {
            let got = negotiate(requested.iter().copied());
            assert_eq!((got.lang.code(), got.tag.as_str()), (*lang, *tag), "{requested:?}");
        }
    }

    #[test]
    fn negotiates_chinese_by_script_and_the_aliases_by_language() {
        let cases: &[(&str, &str)] = &[
            ("zh", "zh-Hans"),
            ("zh-CN", "zh-Hans"),
            ("zh-SG", "zh-Hans"),
            ("zh-Hans-HK", "zh-Hans"),
            ("zh-TW", "zh-Hant"),
            ("zh-HK", "zh-Hant"),
            ("zh-MO", "zh-Hant"),
            ("zh-Hant", "zh-Hant"),
            ("zh-Hant-CN", "zh-Hant"),
            ("no", "nb"),
            ("nn-NO", "nb"),
            ("NN", "nb"), // the fuzzer's find (an earlier try): aliases match in any case
            ("nb-NO", "nb"),
            ("pt-BR", "pt"),
            ("pt-PT", "pt"),
            ("fil-PH", "fil"),
            ("tl", "fil"),
            ("iw-IL", "he"),
            ("in", "id"),
            ("ar-EG", "ar"),
            ("ko-KR", "ko"),
        ];
        for (tag, code) in cases {
            let got = negotiate([*tag]);
            assert_eq!((got.lang.code(), got.tag.as_str()), (*code, *tag), "{tag}");
        }
        assert_eq!(Lang::from_code("ar").map(Lang::dir), Some("rtl"));
        assert_eq!(Lang::from_code("he").map(Lang::dir), Some("rtl"));
        assert_eq!(Lang::from_code("fa"), None, "no table, no language");
        assert!(Lang::ALL.iter().filter(|l| l.dir() == "rtl").all(|l| ["ar", "he"].contains(&l.code())));
    }

    /// Names and codes, the same in every language (IBAN, BIC, SPEI…); scripts/check-locales.mjs
    /// holds the same list for translators.
    const SAME_AS_ENGLISH: &[&str] = &[
        "field_iban",
        "field_bic",
        "field_clabe",
        "field_swift_code",
        "field_sort_code",
        "field_routing_number",
        "network_ach",
        "network_bacs",
        "network_chaps",
        "network_spei",
        "network_fps",
        "network_swift",
        "heading_spei",
    ];

    fn assert_translated<M: Message>(all: &[M], key: fn(M) -> &'static str) {
        for lang in Lang::ALL.into_iter().filter(|&l| l != Lang::En) {
            for &msg in all {
                // Country names (`country_*`, CLDR's) too: fil, ms, vi write "Ireland" as English does.
                if !SAME_AS_ENGLISH.contains(&key(msg)) && !key(msg).starts_with("country_") {
                    assert_ne!(lang.text(msg), Lang::En.text(msg), "{}:{} is still English", lang.code(), key(msg));
                }
            }
        }
    }

    #[test]
    fn no_language_leaves_a_text_in_english() {
        assert_translated(Msg::ALL, Msg::key);
        assert_translated(CheckoutMsg::ALL, CheckoutMsg::key);
        assert_translated(ServerMsg::ALL, ServerMsg::key);
    }

    #[test]
    fn fills_placeholders() {
        assert_eq!(Lang::En.fill(Msg::CopyLabel, &[("label", "IBAN")]), "Copy IBAN");
        assert_eq!(Lang::De.fill(Msg::CopyLabel, &[("label", "IBAN")]), "IBAN kopieren");
        assert_eq!(Lang::Ja.fill(Msg::CopyLabel, &[("label", "口座番号")]), "口座番号をコピー");
        assert_eq!(Lang::En.fill(Msg::CopyLabel, &[("other", "x")]), "Copy {label}");
        assert_eq!(Lang::En.fill(Msg::Copy, &[("label", "x")]), "Copy");
    }
}
