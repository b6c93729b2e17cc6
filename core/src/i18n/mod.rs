//! Languages, locale negotiation and the message tables (generated from `locales/*.txt`).

use alloc::borrow::ToOwned;
use alloc::string::String;
include!(concat!(env!("OUT_DIR"), "/messages.rs"));

/// A message table generated from `locales/` (`Msg`: the renderer's; `CheckoutMsg`: the live
/// checkout's, kept apart so that a build without the checkout carries none of its texts).
pub trait Message: Copy {
    fn index(self) -> usize;
    /// Language `lang`'s (in `Lang::ALL` order) packed texts and end offsets.
    fn table(lang: usize) -> Option<(&'static str, &'static [u16])>;
}

/// The languages we ship tables for. Between them they cover every country Stripe bank
/// transfers serve (US, UK, IE, DE, FR, NL, BE, ES, JP, MX).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    En,
    De,
    Fr,
    Nl,
    Es,
    Ja,
}

impl Lang {
    /// Same order as the tables built by `build.rs`.
    pub const ALL: [Lang; 6] = [Lang::En, Lang::De, Lang::Fr, Lang::Nl, Lang::Es, Lang::Ja];

    /// The BCP 47 language subtag, also used as the `lang` attribute.
    pub const fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
            Lang::Fr => "fr",
            Lang::Nl => "nl",
            Lang::Es => "es",
            Lang::Ja => "ja",
        }
    }

    /// The text direction, set as `dir` next to `lang`: the widget's text keeps its own direction
    /// on a page of the other one (an English widget on an Arabic page reads left to right). All
    /// six languages are left-to-right; the stylesheet uses logical properties, so a
    /// right-to-left language added here mirrors the layout with no CSS change.
    pub const fn dir(self) -> &'static str {
        "ltr"
    }

    fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code().eq_ignore_ascii_case(code))
    }

    /// The text for `msg`, falling back to English where a translation is missing.
    pub fn text<M: Message>(self, msg: M) -> &'static str {
        self.entry(msg).or(Lang::En.entry(msg)).unwrap_or("")
    }

    /// This language's own text for `msg`, if translated.
    fn entry<M: Message>(self, msg: M) -> Option<&'static str> {
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
        let primary = tag.split('-').next().unwrap_or("");
        if let Some(lang) = Lang::from_code(primary) {
            return Locale { lang, tag };
        }
    }
    Locale { lang: Lang::En, tag: "en".to_owned() }
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
    }

    #[test]
    fn negotiates_by_language_prefix() {
        let cases: &[(&[&str], Lang, &str)] = &[
            (&["fr-BE"], Lang::Fr, "fr-BE"),
            (&["es-MX"], Lang::Es, "es-MX"),
            (&["de-DE"], Lang::De, "de-DE"),
            (&["nl"], Lang::Nl, "nl"),
            (&["JA-jp"], Lang::Ja, "JA-jp"),
            (&["en-GB"], Lang::En, "en-GB"),
            (&["de_AT"], Lang::De, "de-AT"),
            (&["pt-BR", "es-419", "en"], Lang::Es, "es-419"),
            (&["pt-BR", "zh"], Lang::En, "en"),
            (&[], Lang::En, "en"),
            (&["", "  "], Lang::En, "en"),
            (&["frisian"], Lang::En, "en"),
        ];
        for (requested, lang, tag) in cases {
            let got = negotiate(requested.iter().copied());
            assert_eq!((got.lang, got.tag.as_str()), (*lang, *tag), "{requested:?}");
        }
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
