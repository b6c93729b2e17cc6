// The demo pages' language pickers: every language the package has texts for (core/locales),
// each named in itself ("Deutsch", "日本語") by the browser's Intl.DisplayNames.
export const LANGUAGES = [
  "en", "ar", "bg", "cs", "da", "de", "el", "es", "et", "fi", "fil", "fr", "he", "hr", "hu", "id", "it", "ja", "ko",
  "lt", "lv", "ms", "mt", "nb", "nl", "pl", "pt", "ro", "ru", "sk", "sl", "sv", "th", "tr", "vi", "zh-Hans", "zh-Hant",
];

/** Adds an option for each language `select` does not offer yet (by its language subtag). */
export function addLanguageOptions(select) {
  const offered = new Set([...select.options].map((o) => o.value.split("-")[0].toLowerCase()).filter(Boolean));
  for (const code of LANGUAGES) {
    if (offered.has(code.split("-")[0]) && !code.startsWith("zh")) continue;
    let name = code;
    try {
      name = new Intl.DisplayNames([code], { type: "language" }).of(code) ?? code;
    } catch {
      // An old browser: the code itself.
    }
    select.append(new Option(name, code));
  }
}
