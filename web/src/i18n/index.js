// The widget's words, dates and numbers in the recruiter's language.
//
//   const i = translator('de-AT');           // German words, Austrian dates and numbers
//   i.t('followUps.title');                  // "Fällige Nachfass-Termine"
//   i.t('feedback.waiting', { count: 3 });   // plural form through Intl.PluralRules: "3 Werktage"
//   i.h('card.recordFor', { name });         // a Lit value: the name inside <bdi> (any script, any direction)
//   i.day('2026-11-22');                     // "22. Nov. 2026": the calendar day as stored, never shifted
//   i.label('reasons', 'timing', 'Timing');  // "Timing" in English (the core's label), "Zeitpunkt" in German
//   i.error(runnerUpError);                  // {text, detail}: German by the error's code where the catalogue has it
//
// Catalogues (en.js, de.js) are flat `key -> message` objects. A message is a string with
// `{placeholders}` (`{name|lower}` lower-cases the value), or `{one, other, ...}` plural forms
// chosen by `params.count`. A key missing in a language falls back to English; a tag is negotiated
// to the closest catalogue ("de-AT" -> de, "pt-BR" -> en) while dates and numbers keep the full tag.
import { html } from 'lit';
import de, { errors as deErrors, taxonomy as deTaxonomy } from './de.js';
import en, { errors as enErrors } from './en.js';

const catalogues = {
  en: { messages: en, errors: enErrors, taxonomy: {} },
  de: { messages: de, errors: deErrors, taxonomy: deTaxonomy },
};

/** The languages the widget speaks. */
export const languages = Object.freeze(Object.keys(catalogues));

/** The canonical form of a BCP 47 tag, or "" when it is not one. */
export function canonicalLocale(tag) {
  if (typeof tag !== 'string' || !tag.trim()) return '';
  try {
    return Intl.getCanonicalLocales(tag.trim())[0] || '';
  } catch {
    return '';
  }
}

/** The catalogue language for a tag: "de-AT" -> "de", "en-GB" -> "en", anything else -> "en". */
export function negotiate(tag) {
  const canonical = canonicalLocale(tag);
  if (!canonical) return 'en';
  const lower = canonical.toLowerCase();
  if (catalogues[lower]) return lower;
  const language = lower.split('-')[0];
  return catalogues[language] ? language : 'en';
}

/**
 * The locale a widget uses: its own `locale` attribute, else the `lang` of the closest ancestor
 * that has one (through shadow roots, up to <html>), else the browser's language, else "en".
 * Tags that are not BCP 47 are skipped.
 * @param {string} attribute the element's `locale`
 * @param {Node} [node] the element
 */
export function resolveLocale(attribute, node) {
  const own = canonicalLocale(attribute);
  if (own) return own;
  for (let n = node; n; n = n.parentNode || n.host) {
    if (n.nodeType === 1 && n.hasAttribute('lang')) {
      const lang = canonicalLocale(n.getAttribute('lang'));
      if (lang) return lang;
    }
  }
  const browser = canonicalLocale(globalThis.navigator?.language);
  return browser || 'en';
}

const PLACEHOLDER = /\{(\w+)(?:\|(\w+))?\}/g;

/** The placeholder names of a message (plural forms together), sorted. */
export function placeholders(message) {
  const texts = typeof message === 'string' ? [message] : Object.values(message || {});
  const names = new Set();
  for (const text of texts) for (const m of String(text).matchAll(PLACEHOLDER)) names.add(m[1]);
  return [...names].sort();
}

const cache = new Map();

/**
 * The translator for a locale (cached). Every method is safe with any input: an unknown key
 * shows the key, an unreadable date shows as stored.
 * @param {string} [locale] BCP 47 tag
 */
export function translator(locale) {
  const tag = canonicalLocale(locale) || 'en';
  let i = cache.get(tag);
  if (!i) {
    i = makeTranslator(tag);
    cache.set(tag, i);
  }
  return i;
}

function safe(make, fallback) {
  try {
    return make();
  } catch {
    return fallback();
  }
}

function makeTranslator(locale) {
  const lang = negotiate(locale);
  const cat = catalogues[lang];
  const plural = safe(() => new Intl.PluralRules(locale), () => new Intl.PluralRules('en'));
  const numbers = safe(() => new Intl.NumberFormat(locale), () => new Intl.NumberFormat('en'));
  const days = safe(
    () => new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }),
    () => new Intl.DateTimeFormat('en', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }),
  );
  const instants = safe(
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }),
    () => new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }),
  );
  const relative = safe(
    () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }),
    () => new Intl.RelativeTimeFormat('en', { numeric: 'auto' }),
  );
  const collator = safe(
    () => new Intl.Collator(locale, { sensitivity: 'base', numeric: true }),
    () => new Intl.Collator('en', { sensitivity: 'base', numeric: true }),
  );

  const number = (n) => (typeof n === 'number' && Number.isFinite(n) ? numbers.format(n) : String(n ?? ''));

  /** The message for a key: this language, else English, else the key itself. */
  const message = (key, params) => {
    let m = cat.messages[key] ?? en[key];
    if (m === undefined) return key;
    if (typeof m === 'object') {
      const count = Number(params?.count);
      m = m[Number.isFinite(count) ? plural.select(count) : 'other'] ?? m.other;
    }
    return m;
  };

  const value = (params, name, modifier) => {
    const v = params?.[name];
    if (v === undefined || v === null) return '';
    const text = typeof v === 'number' ? number(v) : v;
    return modifier === 'lower' && typeof text === 'string' ? text.toLocaleLowerCase(locale) : text;
  };

  /** The message with its placeholders filled in: a string. */
  const t = (key, params) => message(key, params).replace(PLACEHOLDER, (_, name, mod) => String(value(params, name, mod)));

  /**
   * The message as a Lit value: string parameters (names, titles, notes: anyone's text, in any
   * script and direction) are isolated in <bdi>; numbers are formatted; Lit values pass through.
   */
  const h = (key, params) => {
    const text = message(key, params);
    const parts = [];
    let last = 0;
    for (const m of text.matchAll(PLACEHOLDER)) {
      parts.push(text.slice(last, m.index));
      const v = value(params, m[1], m[2]);
      parts.push(typeof params?.[m[1]] === 'string' && v ? html`<bdi>${v}</bdi>` : v);
      last = m.index + m[0].length;
    }
    parts.push(text.slice(last));
    return parts;
  };

  /** A stored calendar day ("2026-11-22", or the day of "2026-11-22T12:00:00Z") as the locale writes it. */
  const day = (stored) => {
    if (!stored) return '';
    const d = String(stored).slice(0, 10);
    const [y, mo, da] = d.split('-').map(Number);
    if (!y || !mo || !da) return String(stored);
    return days.format(new Date(Date.UTC(y, mo - 1, da)));
  };

  /** A moment ("2026-11-22T10:05:00Z") in the browser's time zone, date and time. */
  const instant = (stored) => {
    if (!stored) return '';
    const date = new Date(stored);
    return Number.isNaN(date.getTime()) ? String(stored) : instants.format(date);
  };

  /** Whole days from `today` to `target` (both YYYY-MM-DD), e.g. "in 3 days", "yesterday". */
  const fromToday = (target, today) => {
    const n = daysBetween(today, target);
    return n === null ? '' : relative.format(n, 'day');
  };

  /** A taxonomy label: this language's for the code, else the core's English label, else the code. */
  const label = (kind, code, coreLabel) => (code ? cat.taxonomy[kind]?.[code] ?? coreLabel ?? code : '');

  /**
   * How to show a RunnerUpError. English: the message as it came (the core's words are English).
   * Other languages: the catalogue's sentence for `<code>` (naming the field its path points to);
   * for codes whose sentence is generic the original message follows as `detail` (English).
   * Codes the catalogue lacks show the original message.
   * @returns {{text: string, detail: string, translated: boolean}}
   */
  const error = (e) => {
    const code = e?.code || 'internal';
    const original = String(e?.message ?? e ?? '');
    const path = e?.path || '';
    if (lang === 'en') return { text: original, detail: '', translated: false };
    const entry = cat.errors[`${code}:${path}`] ?? cat.errors[code];
    if (!entry) return { text: original, detail: '', translated: false };
    const field = fieldOf(path, (key) => cat.messages[key]);
    const text = (field && entry.field ? entry.field : entry.text).replace(PLACEHOLDER, (_, name) => (name === 'field' ? field : ''));
    return { text, detail: entry.detail ? original : '', translated: true };
  };

  return Object.freeze({ locale, lang, t, h, number, day, instant, fromToday, label, error, collator, compare: collator.compare });
}

/** The label of the field a JSON Pointer names ("/outcome/scores/0/by" -> field.by), or "". */
function fieldOf(path, lookup) {
  const segments = String(path || '')
    .split('/')
    .filter((s) => s && !/^\d+$/.test(s));
  for (let n = 0; n < segments.length; n++) {
    const label = lookup(`field.${segments.slice(n).join('.')}`);
    if (label) return label;
  }
  return '';
}

/** Whole days from a to b (YYYY-MM-DD), or null. */
export function daysBetween(a, b) {
  const parse = (s) => {
    const [y, m, d] = String(s || '').slice(0, 10).split('-').map(Number);
    return y && m && d ? Date.UTC(y, m - 1, d) : NaN;
  };
  const n = (parse(b) - parse(a)) / 86_400_000;
  return Number.isFinite(n) ? Math.round(n) : null;
}

/** The catalogues, for tests and tools. */
export function catalogue(lang) {
  const c = catalogues[lang];
  return c ? { messages: c.messages, errors: c.errors, taxonomy: c.taxonomy } : null;
}
