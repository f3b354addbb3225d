// <runnerup-pool> in German and back, in real Chromium with the real wasm: the page says
// lang="de-AT", so the widget speaks German without being told; `locale` switches it at run time;
// dates come from Intl in the locale; names in Arabic, Hebrew, Chinese and Devanagari, with
// combining marks and emoji, display in their own direction and sort in the locale's order.
// Run `node scripts/bundle.mjs` first: the server serves dist/.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch } from './browser.js';

const PAGE = '/locale-test.html';

const PEOPLE = [
  { id: 'c-noor', name: 'نور الهدى' }, // Arabic
  { id: 'c-avigail', name: 'אביגיל כהן' }, // Hebrew
  { id: 'c-wang', name: '王小明' },
  { id: 'c-ananya', name: 'अनन्या शर्मा' }, // Devanagari, with combining vowel signs
  { id: 'c-zoe', name: 'Zoë Ødegård 🚀' },
  { id: 'c-aerger', name: 'Ärne Ahlberg' },
  { id: 'c-jose', name: 'Jose\u0301 Müller' }, // é as e + combining acute
];

// A host page of its own: German page language, the widget with no locale attribute.
const html = `<!doctype html>
<html lang="de-AT">
<head><meta charset="utf-8"><link rel="icon" href="data:,"><title>runnerup: languages (test page)</title></head>
<body>
  <runnerup-pool pool="e2e-locale" actor="recruiter-e2e" requisition="r-platform"></runnerup-pool>
  <script type="module">
    import '/runnerup.js';
    const widget = document.querySelector('runnerup-pool');
    widget.today = '2026-11-22';
    widget.requisitions = [{ id: 'r-platform', title: 'Plattform-Engineering', status: 'filled' }];
    widget.candidates = ${JSON.stringify(PEOPLE)};
  </script>
</body>
</html>`;

let b;
before(async () => {
  b = await launch();
  await b.page.route(`${b.server.url}${PAGE}`, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
});
after(async () => {
  await b?.close();
});

const tabNames = (root) => root.getByRole('tab').allInnerTexts();

test('German from the page’s lang, German dates and dialog, English after locale="en", an RTL name in its direction', async () => {
  const { page } = b;
  await page.goto(b.server.url + PAGE);
  const root = page.locator('runnerup-pool');
  const open = root.getByRole('button', { name: 'Ergebnis erfassen', exact: true });
  await open.waitFor();

  // no locale attribute: the page's lang="de-AT" speaks German
  assert.deepEqual(await tabNames(root), ['Pool', 'Suche', 'Nachrücken', 'Abschließen', 'Nachfassen', 'Offenes Feedback', 'Auswertungen', 'Aufbewahrung', 'Import / Export']);
  assert.equal(await root.locator('section.base').getAttribute('lang'), 'de-AT');
  await root.getByText('Für diese Stelle gibt es noch keine Zweitplatzierten.').waitFor();

  // the record-outcome dialog in German; candidates sorted the German way
  await open.click();
  const dialog = root.getByRole('dialog', { name: 'Ergebnis erfassen' });
  await dialog.waitFor();
  const candidate = dialog.getByLabel('Kandidat:in', { exact: true });
  const names = (await candidate.locator('option').allInnerTexts()).slice(1);
  assert.deepEqual(names, [...PEOPLE.map((p) => p.name)].sort(new Intl.Collator('de-AT', { sensitivity: 'base', numeric: true }).compare));
  assert.ok(names.indexOf('Ärne Ahlberg') < names.indexOf('Zoë Ødegård 🚀'), 'Ä sorts with A in German');
  await candidate.selectOption({ label: 'نور الهدى' });
  await dialog.getByLabel('Erreichte Phase').selectOption({ label: 'Finale Runde' });
  const outcome = dialog.getByLabel('Ergebnis', { exact: true });
  assert.equal(await outcome.locator('option:checked').innerText(), 'Zweitplatziert');
  const reason = dialog.getByLabel('Grund', { exact: true });
  assert.equal(await reason.locator('option').first().innerText(), 'Grund wählen');
  await reason.selectOption({ label: 'Stärkere Kandidat:in ausgewählt' });
  await dialog.getByLabel('Künftige Eignung').selectOption({ label: 'Sehr gut geeignet' });
  await dialog.getByText('1 = rückt als Nächstes nach. Nur für Zweitplatzierte.').waitFor();
  await dialog.getByLabel('Nachfassen planen').check();
  await dialog.getByLabel('Nachfassen fällig am').fill('2026-12-01');
  await dialog.getByRole('button', { name: 'Im Pool speichern' }).click();
  await dialog.waitFor({ state: 'detached' });
  await root.getByRole('status').getByText('نور الهدى als „Zweitplatziert“ erfasst.').waitFor();

  // the pool in German: an Intl date in the German style, German taxonomy labels
  const row = root.locator('tbody tr', { hasText: 'نور الهدى' });
  await row.waitFor();
  const rowText = await row.innerText();
  for (const word of ['Plattform-Engineering', 'Finale Runde', 'Stärkere Kandidat:in ausgewählt', 'Unsere Entscheidung', 'Sehr gut geeignet', 'rückt als Nächstes nach', '1. Dez. 2026']) {
    assert.ok(rowText.includes(word), `the row shows “${word}”: ${rowText}`);
  }
  assert.match(await root.locator('#ru-undo').innerText(), /^Rückgängig: نور الهدى als „Zweitplatziert“ auf Rang 1 für Plattform-Engineering erfasst$/);

  // the RTL name runs right to left in its own cell, isolated from the German around it
  const nameButton = row.getByRole('button', { name: 'نور الهدى' });
  assert.equal(await nameButton.getAttribute('dir'), 'auto');
  assert.equal(await nameButton.evaluate((el) => getComputedStyle(el).direction), 'rtl');
  await nameButton.click();
  const recordFor = root.getByRole('button', { name: 'Ergebnis für نور الهدى erfassen' });
  await recordFor.waitFor();
  assert.equal(await recordFor.locator('bdi').innerText(), 'نور الهدى', 'the name sits in running text inside <bdi>');
  assert.equal(await recordFor.locator('bdi').evaluate((el) => getComputedStyle(el).direction), 'rtl');
  assert.equal(await root.locator('#ru-card-title').evaluate((el) => getComputedStyle(el).direction), 'rtl');
  await root.getByText('Fällig am').first().waitFor();
  await root.getByText('(in 9 Tagen)').waitFor(); // Intl.RelativeTimeFormat from today 2026-11-22 to 1. Dez.
  await root.getByRole('button', { name: '← Zurück' }).click();

  // the follow-ups tab: German heading and the date in the German style
  await root.getByRole('tab', { name: 'Nachfassen', exact: true }).click();
  await root.getByRole('heading', { name: 'Fälliges Nachfassen' }).waitFor();
  await root.locator('[data-followup]').getByText('1. Dez. 2026').waitFor();

  // locale="en" at run time: everything re-renders in English, dates the English way
  await page.evaluate(() => document.querySelector('runnerup-pool').setAttribute('locale', 'en-US'));
  await root.getByRole('heading', { name: 'Follow-ups due' }).waitFor();
  assert.deepEqual(await tabNames(root), ['Pool', 'Search', 'Next in line', 'Close out', 'Follow-ups', 'Feedback owed', 'Insights', 'Retention', 'Import / export']);
  await root.locator('[data-followup]').getByText('Dec 1, 2026').waitFor();
  assert.equal(await root.locator('section.base').getAttribute('lang'), 'en-US');
  await root.getByRole('tab', { name: 'Pool', exact: true }).click();
  const english = await root.locator('tbody tr', { hasText: 'نور الهدى' }).innerText();
  for (const word of ['Final round', 'Stronger candidate selected', 'We decided', 'Strong fit', 'next in line', 'Dec 1, 2026']) {
    assert.ok(english.includes(word), `the row shows “${word}”: ${english}`);
  }
  await root.getByRole('button', { name: 'Record outcome', exact: true }).click();
  const englishDialog = root.getByRole('dialog', { name: 'Record outcome' });
  await englishDialog.getByLabel('Stage reached').waitFor();
  await englishDialog.getByRole('button', { name: 'Cancel' }).click();

  // and back: without the attribute the page's German returns
  await page.evaluate(() => document.querySelector('runnerup-pool').removeAttribute('locale'));
  await root.getByRole('tab', { name: 'Nachrücken', exact: true }).waitFor();
  // the page changing its own language is followed too
  await page.evaluate(() => document.documentElement.setAttribute('lang', 'en-GB'));
  await root.getByRole('tab', { name: 'Next in line', exact: true }).waitFor();
  assert.match(await root.locator('tbody tr', { hasText: 'نور الهدى' }).innerText(), /1 Dec 2026/);

  assert.deepEqual(b.errors, [], 'no console errors or page errors');
});
