// The widget's languages: the catalogues agree key for key and placeholder for placeholder,
// plural forms and fallbacks work, dates keep their calendar day, every code the real core
// returns has a German label, and no English is written into the element or its views.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { catalogue, daysBetween, negotiate, placeholders, resolveLocale, translator } from '../../web/src/i18n/index.js';
import { openPool } from '../../web/src/pool.js';
import { memoryStorage } from '../../web/src/storage.js';
import { renderCandidateCard } from '../../web/src/views/candidate-card.js';
import { describeEvent } from '../../web/src/views/fields.js';
import { renderOutcomeDialog, emptyOutcomeUi } from '../../web/src/views/outcome-form.js';
import { views } from '../../web/src/views/registry.js';
import { ana, chen, jose, runnerUp, seed, staff, wasmBinary } from './helpers.js';
import { flatten, viewContext } from './render.js';

const src = fileURLToPath(new URL('../../web/src/', import.meta.url));
const en = catalogue('en');
const de = catalogue('de');

test('German has exactly the keys English has, messages and error sentences alike', () => {
  for (const part of ['messages', 'errors']) {
    const missing = Object.keys(en[part]).filter((k) => !(k in de[part]));
    const extra = Object.keys(de[part]).filter((k) => !(k in en[part]));
    assert.deepEqual(missing, [], `${part} missing in de.js`);
    assert.deepEqual(extra, [], `${part} in de.js but not in en.js`);
  }
  assert.ok(Object.keys(en.messages).length > 400, 'the whole widget is in the catalogue');
});

test('every German message has the placeholders of its English one, and the same shape', () => {
  for (const [key, message] of Object.entries(en.messages)) {
    const german = de.messages[key];
    assert.deepEqual(placeholders(german), placeholders(message), `placeholders of ${key}`);
    assert.equal(typeof german, typeof message, `shape of ${key}`);
    if (typeof message === 'object') {
      assert.ok('other' in message && 'other' in german, `${key} has an "other" form`);
      for (const form of Object.keys(german)) assert.ok(['zero', 'one', 'two', 'few', 'many', 'other'].includes(form), `${key}.${form}`);
    } else {
      assert.ok(german.trim(), `${key} is translated`);
    }
  }
  for (const [code, sentence] of Object.entries(en.errors)) {
    const german = de.errors[code];
    assert.equal(Boolean(german.field), Boolean(sentence.field), `${code}: both name the field or neither`);
    assert.equal(Boolean(german.detail), Boolean(sentence.detail), `${code}: detail`);
    assert.deepEqual(placeholders(german.field || ''), placeholders(sentence.field || ''), `${code}: placeholders`);
  }
});

test('plural forms come from Intl.PluralRules for the locale', () => {
  const e = translator('en-US');
  const d = translator('de');
  assert.equal(e.t('owed.businessDays', { count: 1 }), '1 business day');
  assert.equal(e.t('owed.businessDays', { count: 3 }), '3 business days');
  assert.equal(e.t('owed.businessDays', { count: 1.5 }), '1.5 business days');
  assert.equal(d.t('owed.businessDays', { count: 1 }), '1 Arbeitstag');
  assert.equal(d.t('owed.businessDays', { count: 4 }), '4 Arbeitstagen');
  assert.equal(d.t('owed.businessDays', { count: 1.5 }), '1,5 Arbeitstagen', 'numbers in the German way');
  assert.equal(d.t('cadence.every.months', { count: 1 }), 'jeden Monat');
  assert.equal(d.t('cadence.every.months', { count: 3 }), 'alle 3 Monate');
  assert.equal(d.t('pool.count', { count: 12345 }), '12.345 im Pool');
  assert.equal(e.t('pool.count', { count: 12345 }), '12,345 in the pool');
});

test('a missing key falls back to English, an unknown one shows itself, and other languages get English', () => {
  const d = translator('de');
  const key = 'followUps.title';
  const saved = de.messages[key];
  try {
    delete de.messages[key];
    assert.equal(d.t(key), en.messages[key], 'English fills a gap in German');
  } finally {
    de.messages[key] = saved;
  }
  assert.equal(d.t(key), 'Fälliges Nachfassen');
  assert.equal(d.t('no.such.key'), 'no.such.key');
  assert.equal(translator('fr-FR').t('tab.next'), 'Next in line');
  assert.equal(translator('fr-FR').day('2026-11-22'), '22 nov. 2026', 'French dates though English words');
});

test('a tag is negotiated to the closest catalogue; the widget takes its locale from the nearest lang', () => {
  assert.equal(negotiate('de-AT'), 'de');
  assert.equal(negotiate('de-CH'), 'de');
  assert.equal(negotiate('DE'), 'de');
  assert.equal(negotiate('en-GB'), 'en');
  assert.equal(negotiate('pt-BR'), 'en');
  assert.equal(negotiate('not a tag!'), 'en');
  assert.equal(negotiate(''), 'en');
  assert.equal(translator('de-AT').locale, 'de-AT', 'dates and numbers keep the region');

  const node = (lang, parent = null, host = null) => ({
    nodeType: 1,
    parentNode: parent,
    host,
    hasAttribute: (n) => n === 'lang' && lang !== null,
    getAttribute: () => lang,
  });
  const html = node('de-AT');
  const div = node(null, html);
  const shadowRoot = { nodeType: 11, parentNode: null, host: div };
  const widget = node(null, shadowRoot);
  assert.equal(resolveLocale('en-GB', widget), 'en-GB', 'the attribute wins');
  assert.equal(resolveLocale('', widget), 'de-AT', 'else the closest lang, through shadow roots');
  assert.equal(resolveLocale('', node(null, node('fr', div))), 'fr');
  assert.equal(resolveLocale('', node(null, node('', html))), 'de-AT', 'an empty lang is no language');
  assert.equal(resolveLocale('', node(null)), globalThis.navigator?.language || 'en', 'else the browser');
});

test('dates keep the calendar day they were stored with, in any time zone; relative days through Intl', () => {
  const d = translator('de');
  const e = translator('en-US');
  assert.equal(d.day('2026-11-22'), '22. Nov. 2026');
  assert.equal(d.day('2026-11-22T23:59:00Z'), '22. Nov. 2026', 'the stored day, not the local one');
  assert.equal(d.day('2026-01-01T00:00:00Z'), '1. Jan. 2026');
  assert.equal(e.day('2026-11-22'), 'Nov 22, 2026');
  assert.equal(d.day('someday'), 'someday');
  assert.equal(d.fromToday('2026-11-23', '2026-11-22'), 'morgen');
  assert.equal(d.fromToday('2026-11-19', '2026-11-22'), 'vor 3 Tagen');
  assert.equal(e.fromToday('2026-12-02', '2026-11-22'), 'in 10 days');
  assert.equal(daysBetween('2026-03-28', '2026-03-30'), 2, 'across a daylight-saving change');
  assert.equal(e.compare('Émile', 'Zoë') < 0, true);
  assert.deepEqual(['Zoë', 'Ärger', 'Anna'].sort(d.compare), ['Anna', 'Ärger', 'Zoë'], 'German order: Ä with A');
});

test('every taxonomy code the real core returns has a German label; English keeps the core’s', async () => {
  const pool = await openPool({ actor: 'r-1', storage: memoryStorage(), wasmBinary });
  try {
    const taxonomy = pool.taxonomy();
    const d = translator('de');
    const e = translator('en');
    for (const [kind, items] of Object.entries(taxonomy)) {
      for (const item of items) {
        assert.ok(de.taxonomy[kind]?.[item.code], `de.js taxonomy.${kind}.${item.code}`);
        assert.equal(e.label(kind, item.code, item.label), item.label);
        if (kind === 'retentionPolicies') assert.ok(de.taxonomy.retentionPolicyBases[item.code], `basis of ${item.code}`);
      }
    }
    assert.equal(d.label('reasons', 'other', 'Other'), 'Sonstiges');
    assert.equal(d.label('reasons', 'invented', 'Invented'), 'Invented', 'a code German lacks shows the core’s label');
  } finally {
    pool.dispose();
  }
});

test('the core’s errors are German by their code; every code the core declares is covered', async () => {
  const header = readFileSync(fileURLToPath(new URL('../../core/include/runnerup/error.hpp', import.meta.url)), 'utf8');
  const enumBody = header.slice(header.indexOf('enum class ErrorCode'), header.indexOf('};', header.indexOf('enum class ErrorCode')));
  const coreCodes = [...enumBody.matchAll(/^\s+([a-z_]+),/gm)].map((m) => m[1]);
  assert.ok(coreCodes.length >= 12, 'the enum was read');
  const facade = ['disposed', 'internal', 'wasm_load_failed', 'csp_blocks_wasm', 'storage_unavailable', 'storage_timeout',
    'storage_full', 'storage_blocked', 'storage_closed', 'storage_version', 'storage_failed', 'host_timeout', 'host_failed'];
  for (const code of [...coreCodes, ...facade]) assert.ok(de.errors[code], `de.js errors.${code}`);

  const pool = await openPool({ actor: 'r-1', storage: memoryStorage(), wasmBinary });
  try {
    await seed(pool);
    const d = translator('de');
    const refused = await pool.record(runnerUp(ana.id, { reason: { code: 'other', note: '' } })).catch((e) => e);
    assert.equal(refused.code, 'note_required');
    assert.deepEqual(d.error(refused), { text: 'Der Grund „Sonstiges“ braucht eine Notiz, die ihn erklärt.', detail: '', translated: true });
    assert.equal(translator('en').error(refused).text, refused.message, 'English shows the core’s own words');

    await pool.record({ type: 'setFlags', candidateId: jose.id, flags: { doNotContact: true, doNotContactReason: 'asked us' } });
    const blocked = await pool.record({ type: 'scheduleFollowUp', followUp: { candidateId: jose.id, due: '2027-01-10' } }).catch((e) => e);
    assert.equal(blocked.code, 'blocked');
    assert.match(d.error(blocked).text, /^Diese Person darf nicht kontaktiert werden/);

    const missing = await pool.record({ type: 'saveCandidate', candidate: { id: 'c-x', name: '' } }).catch((e) => e);
    assert.equal(missing.code, 'missing_field');
    assert.equal(d.error(missing).text, '„Name“ ist eine Pflichtangabe.', 'names the field its path points to');

    const conflict = await pool.record(runnerUp(jose.id, { rank: 1 })).then(() => pool.record(runnerUp(ana.id, { rank: 1 }))).catch((e) => e);
    const shown = d.error(conflict);
    assert.equal(shown.text, '„Rang“ widerspricht dem, was der Pool schon enthält.');
    assert.equal(shown.detail, conflict.message, 'the specifics follow in the original words');

    assert.deepEqual(d.error({ code: 'made_up', message: 'As it came.', path: '' }), { text: 'As it came.', detail: '', translated: false });
    assert.match(d.error({ code: 'storage_full', message: 'The browser refused…' }).text, /Speicher der Website ist voll/);
  } finally {
    pool.dispose();
  }
});

test('event descriptions are catalogue messages; English stays as before', () => {
  const event = { type: 'outcome.recorded', data: { outcome: { candidateId: 'c-1', requisitionId: 'r-1', outcome: 'runner_up', rank: 2 } } };
  const names = { candidateName: () => 'نور الهدى', requisitionTitle: () => 'Staff engineer' };
  assert.equal(describeEvent(event, { ...names, label: () => 'Runner-up' }), 'Recorded نور الهدى as runner-up #2 on Staff engineer');
  const d = translator('de');
  assert.equal(
    describeEvent(event, { ...names, label: (k, c) => d.label(k, c), i: d }),
    'نور الهدى als „Zweitplatziert“ auf Rang 2 für Staff engineer erfasst',
  );
  assert.equal(describeEvent({ type: 'followup.snoozed', data: { until: '2027-01-05' } }, { i: d, day: d.day }), 'Nachfassen zurückgestellt bis 5. Jan. 2027');
});

// ---- no English left in the code: a static scan ---------------------------------------------

/**
 * The string literals of a JavaScript file: quoted strings, and template literals (tagged or
 * not, nesting followed) with each `${…}` as "\u0000"; comments skipped. Each as {text, tag, line}.
 */
function literals(code) {
  const out = [];
  let i = 0;
  let line = 1;
  const stack = []; // templates inside whose ${} we are: {tag, parts, line, braces}
  let braces = 0;
  const tagBefore = (pos) => /([A-Za-z_$][\w$]*)\s*$/.exec(code.slice(Math.max(0, pos - 20), pos))?.[1] || '';
  // reads template text up to ` (returns null: the template is done) or ${ (returns the template)
  const readTemplate = (tpl) => {
    let text = '';
    while (i < code.length) {
      const ch = code[i];
      if (ch === '\\') {
        text += code.slice(i, i + 2);
        i += 2;
        continue;
      }
      if (ch === '`') {
        i++;
        tpl.parts.push(text);
        out.push({ text: tpl.parts.join('\u0000'), tag: tpl.tag, line: tpl.line });
        return null;
      }
      if (ch === '$' && code[i + 1] === '{') {
        i += 2;
        tpl.parts.push(text);
        return tpl;
      }
      if (ch === '\n') line++;
      text += ch;
      i++;
    }
    return null;
  };
  while (i < code.length) {
    const ch = code[i];
    if (ch === '\n') {
      line++;
      i++;
    } else if (ch === '/' && code[i + 1] === '/') {
      while (i < code.length && code[i] !== '\n') i++;
    } else if (ch === '/' && code[i + 1] === '*') {
      const end = code.indexOf('*/', i + 2);
      line += (code.slice(i, end).match(/\n/g) || []).length;
      i = end + 2;
    } else if (ch === "'" || ch === '"') {
      let j = i + 1;
      while (j < code.length && code[j] !== ch) j += code[j] === '\\' ? 2 : 1;
      out.push({ text: code.slice(i + 1, j), tag: '', line });
      i = j + 1;
    } else if (ch === '`') {
      const tpl = { tag: tagBefore(i), parts: [], line, braces };
      i++;
      if (readTemplate(tpl)) {
        stack.push(tpl);
        braces = 0;
      }
    } else if (ch === '{') {
      braces++;
      i++;
    } else if (ch === '}') {
      if (braces === 0 && stack.length) {
        const tpl = stack.pop();
        i++;
        if (readTemplate(tpl)) {
          stack.push(tpl);
          braces = 0;
        } else {
          braces = tpl.braces;
        }
      } else {
        braces--;
        i++;
      }
    } else {
      i++;
    }
  }
  return out;
}

/** True for text a person reads: a phrase of words, or a capitalised word; not identifiers, selectors, paths. */
function wordy(text) {
  const t = text.replace(/\u0000/g, ' ').trim();
  if (!/[A-Za-z]{2,}/.test(t)) return false;
  if (/^[\w$.:/#@*=[\]"'(),-]*$/.test(t) && !/^[A-Z][a-z]{2,}[.…]?$/.test(t)) return false; // one code-like token
  return /\b[A-Za-z]{2,}\b[ ,]+\b[a-z]{2,}\b/.test(t) || /(^|\s)[A-Z][a-z]{2,}/.test(t) || /(^|\s)[a-z]{3,}[.…!?]?$/.test(t);
}

/** Words a person would read in a literal (tags, attribute names and technical strings left out). */
function englishIn(piece) {
  if (piece.tag === 'css') return [];
  const found = [];
  if (piece.tag === 'html' || piece.tag === 'svg') {
    const text = piece.text;
    for (const m of text.matchAll(/\b(aria-label|title|placeholder|alt|aria-description|aria-roledescription)="([^"]*)"/g)) {
      if (wordy(m[2])) found.push(`${m[1]}="${m[2].replace(/\u0000/g, '${…}')}"`);
    }
    const between = text.replace(/<[^>]*>/g, '\u0000').replace(/&[a-z]+;/g, ' ');
    for (const part of between.split('\u0000')) if (wordy(part)) found.push(part.trim());
    return found;
  }
  for (const part of piece.text.split('\u0000')) if (wordy(part)) found.push(part.trim());
  return found;
}

/** Strings that are code, not words (event names, key names, MIME types, DOM tags, CSS). */
const TECHNICAL = new Set(['ArrowUp', 'ArrowDown', 'ArrowRight', 'ArrowLeft', 'Home', 'End', 'BUTTON', 'FIELDSET', 'Intl', 'Unnamed']);

function scanFile(path) {
  const code = readFileSync(path, 'utf8');
  const hits = [];
  for (const piece of literals(code)) {
    for (const words of englishIn(piece)) {
      if (TECHNICAL.has(words)) continue;
      hits.push(`${path.slice(src.length)}:${piece.line}: ${words}`);
    }
  }
  return hits;
}

const uiFiles = () => [join(src, 'element.js'), ...['element', 'views'].flatMap((dir) => readdirSync(join(src, dir)).filter((f) => f.endsWith('.js')).map((f) => join(src, dir, f)))];

test('the scan finds English written into a template or a string (so it can fail)', () => {
  const sample = [
    "const a = html`<p>Nothing here yet.</p><button aria-label=\"Close it\">${x}</button>`;",
    "const b = { status: `Saved ${name}.` }; const c = 'Choose a reason';",
    "const ok = html`<p class=\"x\">${t('a')}</p>`; const s = css`.a { color: red }`; const k = 'ArrowUp';",
  ].join('\n');
  const found = literals(sample).flatMap(englishIn).filter((w) => !TECHNICAL.has(w));
  assert.deepEqual(found, ['aria-label="Close it"', 'Nothing here yet.', 'Saved', 'Choose a reason']);
});

test('no English is hard-coded in the element or its views: every word comes from the catalogue', () => {
  const hits = uiFiles().flatMap(scanFile);
  assert.deepEqual(hits, []);
});

// ---- rendered in German: the views' output holds no English sentence of the catalogue ------

test('rendered in German, the views show German words and no English sentence of the catalogue', async () => {
  const pool = await openPool({ actor: 'r-1', storage: memoryStorage(), wasmBinary });
  try {
    await seed(pool);
    await pool.record({ ...runnerUp(ana.id), flags: { openToContract: true }, followUp: { due: '2026-12-01', cadence: { every: 3, unit: 'months' } } });
    await pool.record(runnerUp(jose.id, { rank: 2, reason: { code: 'timing', note: '' } }));
    await pool.record({ type: 'requestFeedback', request: { candidateId: jose.id, requisitionId: staff.id, requestedAt: '2026-11-02T12:00:00Z' } });
    await pool.record({ type: 'markHireBackedOut', backOut: { requisitionId: staff.id, reason: 'offer_declined', note: '' } });

    const render = (locale) => {
      const ctx = viewContext(pool, locale);
      const parts = views.map((v) => flatten(v.render(ctx)));
      parts.push(flatten(renderCandidateCard(ctx, ana.id, () => {})));
      parts.push(flatten(renderOutcomeDialog(ctx, { ui: { ...emptyOutcomeUi(), scoreRows: [0], withFollowUp: true, openToPartTime: true, doNotContact: true }, onUi() {}, onSubmit() {}, onCancel() {}, saving: false })));
      return parts.join('\n');
    };
    const german = render('de');
    const english = render('en');
    for (const word of ['Nachfassen', 'Zweitplatziert', 'Finale Runde', 'Ergebnis erfassen', 'Fälliges Nachfassen', 'Einstellung geplatzt', '1. Dez. 2026', 'Offen für freie Mitarbeit', 'alle 3 Monate']) {
      assert.ok(german.includes(word), `German rendering shows “${word}”`);
    }
    for (const word of ['Next in line', 'Runner-ups of', 'Final round', 'Dec 1, 2026', 'every 3 months']) assert.ok(english.includes(word), `English shows “${word}”`);
    // every fixed English sentence that differs in German must not appear in the German rendering
    const leaks = Object.entries(en.messages)
      .filter(([key, m]) => typeof m === 'string' && !m.includes('{') && m.length > 6 && m !== de.messages[key] && / /.test(m))
      .filter(([, m]) => german.includes(m))
      .map(([key, m]) => `${key}: ${m}`);
    assert.deepEqual(leaks, []);
  } finally {
    pool.dispose();
  }
});
