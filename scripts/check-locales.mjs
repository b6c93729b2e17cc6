// Checks translator-edited locale files against English, before the build compiles them:
// every key of core/locales{,/checkout,/server}/en.txt, in the same order, each with its
// `# where:` comment, the same {placeholders}, no empty or leftover English text (names and codes
// excepted), and the glossary's terms in their field labels (core/locales/glossary/<code>.txt).
// The Rust tests check the same once a language is in core/build.rs's list.
//
// Usage: node scripts/check-locales.mjs [code...]   (default: every file in core/locales)
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const LOCALES = fileURLToPath(new URL("../core/locales", import.meta.url));
const TABLES = ["", "checkout", "server"];
/** Texts that may equal English: names and codes, the same in every language. */
export const SAME_AS_ENGLISH = new Set([
  "field_iban", "field_bic", "field_clabe", "field_swift_code", "field_sort_code", "field_routing_number",
  "network_ach", "network_bacs", "network_chaps", "network_spei", "network_fps", "network_swift", "heading_spei",
]);
/** Country names (`country_*`, CLDR's) may equal English too: fil, ms, vi write "Ireland". */
export const mayEqualEnglish = (key) => SAME_AS_ENGLISH.has(key) || key.startsWith("country_");
/** Glossary term → the field label that must contain it. */
const GLOSSARY_LABELS = {
  account_holder: "field_account_holder_name",
  account_number: "field_account_number",
  reference: "reference",
  iban: "field_iban",
  bic: "field_bic",
  swift_code: "field_swift_code",
  sort_code: "field_sort_code",
  bank_code: "field_bank_code",
};

/** `key = value` lines in order, each with the comment line right above it. */
function parse(path) {
  const entries = [];
  const lines = readFileSync(path, "utf8").split("\n");
  lines.forEach((line, i) => {
    const m = /^([a-z0-9_]+)\s*=\s*(.*)$/.exec(line.trim());
    if (m) entries.push({ key: m[1], value: m[2].trim(), comment: (lines[i - 1] ?? "").trim(), line: i + 1 });
    else if (line.trim() && !line.trim().startsWith("#")) entries.push({ key: null, line: i + 1, raw: line });
  });
  return entries;
}

const placeholders = (s) => [...s.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]).sort().join(",");

export function check(code) {
  const problems = [];
  for (const table of TABLES) {
    const dir = join(LOCALES, table);
    const path = join(dir, `${code}.txt`);
    if (!existsSync(path)) {
      problems.push(`${path}: missing`);
      continue;
    }
    const english = parse(join(dir, "en.txt"));
    const mine = parse(path);
    for (const bad of mine.filter((e) => e.key === null)) problems.push(`${path}:${bad.line}: not \`key = text\`: ${bad.raw}`);
    const keys = mine.filter((e) => e.key).map((e) => e.key);
    const expected = english.map((e) => e.key);
    if (keys.join() !== expected.join()) {
      const missing = expected.filter((k) => !keys.includes(k));
      const extra = keys.filter((k) => !expected.includes(k));
      problems.push(`${path}: keys differ from en.txt (missing: ${missing.join(" ") || "-"}; unknown: ${extra.join(" ") || "-"}; or another order)`);
    }
    for (const e of mine.filter((e) => e.key)) {
      const en = english.find((x) => x.key === e.key);
      if (!en) continue;
      if (!e.value) problems.push(`${path}:${e.line}: ${e.key} is empty`);
      if (e.comment !== en.comment) problems.push(`${path}:${e.line}: ${e.key} needs the \`# where:\` comment of en.txt above it`);
      if (placeholders(e.value) !== placeholders(en.value)) problems.push(`${path}:${e.line}: ${e.key} has {${placeholders(e.value)}}, English {${placeholders(en.value)}}`);
      if (code !== "en" && e.value === en.value && !mayEqualEnglish(e.key)) problems.push(`${path}:${e.line}: ${e.key} is still English`);
    }
  }
  // A copy button's accessible name must contain its visible text (WCAG 2.5.3, axe's
  // label-content-name-mismatch): "Copy" inside "Copy IBAN".
  const texts = Object.fromEntries(parse(join(LOCALES, `${code}.txt`)).map((e) => [e.key, e.value]));
  if (texts.copy && texts.copy_label && !texts.copy_label.toLocaleLowerCase(code).includes(texts.copy.toLocaleLowerCase(code))) {
    problems.push(`${code}.txt: copy_label “${texts.copy_label}” must contain the button's text copy “${texts.copy}”`);
  }
  const glossaryPath = join(LOCALES, "glossary", `${code}.txt`);
  if (!existsSync(glossaryPath)) {
    problems.push(`${glossaryPath}: missing`);
  } else {
    const labels = Object.fromEntries(parse(join(LOCALES, `${code}.txt`)).map((e) => [e.key, e.value]));
    const glossary = Object.fromEntries(parse(glossaryPath).map((e) => [e.key, e.value]));
    for (const [term, label] of Object.entries(GLOSSARY_LABELS)) {
      const word = glossary[term];
      if (!word) problems.push(`${glossaryPath}: no \`${term} = …\``);
      else if (!labels[label]?.toLocaleLowerCase(code).includes(word.toLocaleLowerCase(code))) {
        problems.push(`${glossaryPath}: ${term} “${word}” is not in the label ${label} (“${labels[label]}”)`);
      }
    }
    if (!glossary.bank_transfer) problems.push(`${glossaryPath}: no \`bank_transfer = …\``);
  }
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const codes = process.argv.slice(2).length
    ? process.argv.slice(2)
    : readdirSync(LOCALES).filter((f) => f.endsWith(".txt")).map((f) => f.slice(0, -4));
  let failed = false;
  for (const code of codes) {
    const problems = check(code);
    failed ||= problems.length > 0;
    console.log(problems.length ? `${code}: ${problems.length} problem(s)\n  ${problems.join("\n  ")}` : `${code}: ok`);
  }
  process.exit(failed ? 1 : 0);
}
