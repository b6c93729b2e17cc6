//! The languages a page shows. The browser builds compile in English only (see the core's
//! `build.rs`): another language's table is a file next to the module (`locales/de.json`, made
//! by the core's `language_tables` example), fetched once when a page first shows it. Fetched by
//! a loader the module's JS glue hands over at `init()` (`scripts/warm-intl.mjs`): its
//! `new URL(`./locales/${code}.json`, import.meta.url)` is the pattern bundlers (Vite…) follow
//! to ship the files, which a URL computed here would hide from them. A server sets its own
//! loader (`setLanguageLoader`) or registers tables (`registerLanguage`). The bundler build
//! compiles every language in (feature `bundled-languages`): there this is a no-op.

use alloc::string::String;
use alloc::vec::Vec;
use bank_transfer_core::i18n::{install, Message};
use bank_transfer_core::{ErrorCode, Lang, Msg};
use core::cell::RefCell;
use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::error::js_error;
use crate::input;
use crate::intl::resolve_locale;
use crate::promise::{callback, Thenable};

/// The loader: `code => Promise<table>`.
struct Loader(RefCell<Option<Function>>);
// SAFETY: wasm32 without the atomics feature has one thread; the loader never leaves it.
unsafe impl Sync for Loader {}
static LOADER: Loader = Loader(RefCell::new(None));

/// Sets how language tables are loaded: `loader(code)` returns (a promise of) the parsed
/// `locales/<code>.json`. `init()` sets one that fetches the package's files; a server can set
/// one that reads them from disk.
#[wasm_bindgen(js_name = setLanguageLoader)]
pub fn set_language_loader(#[wasm_bindgen(unchecked_param_type = "(code: string) => unknown")] loader: Function) {
    if let Ok(mut slot) = LOADER.0.try_borrow_mut() {
        *slot = Some(loader);
    }
}

/// Whether `lang`'s texts are here (English always is).
pub(crate) fn loaded(lang: Lang) -> bool {
    #[cfg(feature = "checkout")]
    if !lang.has::<bank_transfer_core::CheckoutMsg>() {
        return false;
    }
    lang.has::<Msg>()
}

/// Makes `lang`'s texts available: a promise of its code, settled at once when they are here,
/// else after one request; rejected with a `language_unavailable` error.
pub(crate) fn ensure(lang: Lang) -> Thenable {
    let settled = if loaded(lang) { Ok(JsValue::from_str(lang.code())) } else { request(lang) };
    match settled {
        Ok(value) => Promise::resolve(&value).unchecked_into(),
        Err(error) => Promise::reject(&error).unchecked_into(),
    }
}

/// A promise (as a `JsValue`, for `Promise.resolve` to adopt) of `lang`'s table installed.
fn request(lang: Lang) -> Result<JsValue, JsValue> {
    let loader = LOADER.0.try_borrow().ok().and_then(|l| l.clone()).ok_or_else(|| unavailable(lang))?;
    let table = loader.call1(&JsValue::NULL, &lang.code().into()).map_err(|_| unavailable(lang))?;
    let install = callback(|table| register(&table).map(JsValue::from));
    let failed = callback(move |_| Err(unavailable(lang)));
    let table: Thenable = Promise::resolve(&table).unchecked_into();
    Ok(table.then(&install, &failed).into())
}

fn unavailable(lang: Lang) -> JsValue {
    js_error(ErrorCode::LanguageUnavailable, [lang.code(), ": the language table could not be loaded"].concat())
}

/// Loads the texts of the language negotiated from `locale` (a BCP 47 tag or a list, default
/// the browser's languages) and resolves to its code. Awaited before `renderInstructions`, the
/// first render is already in that language; without it, the instructions show in English and
/// switch when the table arrives.
#[wasm_bindgen(js_name = loadLanguage, unchecked_return_type = "Promise<string>")]
pub fn load_language(
    #[wasm_bindgen(unchecked_optional_param_type = "string | readonly string[]")] locale: JsValue,
) -> Result<JsValue, JsValue> {
    Ok(ensure(resolve_locale(&input::locales(&locale)?).lang).into())
}

/// Installs a language table read by other means (a server that has the package's
/// `locales/*.json` on disk, where `fetch` cannot read files) and returns its language.
#[wasm_bindgen(js_name = registerLanguage)]
pub fn register(table: &JsValue) -> Result<String, JsValue> {
    let code = get(table, "lang")?.as_string().unwrap_or_default();
    let lang = Lang::from_code(&code).ok_or_else(not_a_table)?;
    install_part::<Msg>(lang, table, "instructions")?;
    #[cfg(feature = "checkout")]
    install_part::<bank_transfer_core::CheckoutMsg>(lang, table, "checkout")?;
    Ok(code)
}

fn install_part<M: Message>(lang: Lang, table: &JsValue, part: &str) -> Result<(), JsValue> {
    let part = get(table, part)?;
    // `as` saturates: a missing or odd version is 0, which no table has.
    let version = get(&part, "version")?.as_f64().unwrap_or(0.0) as u32;
    let texts: Vec<String> =
        Array::from(&get(&part, "texts")?).iter().map(|t| t.as_string().unwrap_or_default()).collect();
    install::<M>(lang, version, &texts).map_err(|e| js_error(ErrorCode::LanguageUnavailable, e.message()))
}

/// `object[key]`; reading from something that is no object is no table either.
fn get(object: &JsValue, key: &str) -> Result<JsValue, JsValue> {
    if !object.is_object() {
        return Err(not_a_table());
    }
    Reflect::get(object, &key.into()).map_err(|_| not_a_table())
}

fn not_a_table() -> JsValue {
    js_error(ErrorCode::LanguageUnavailable, "not a language table of this package")
}
