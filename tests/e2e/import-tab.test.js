// A whole Greenhouse or Lever export through the widget's Import tab in real Chromium (the
// bundle's widget on an empty pool, real IndexedDB, the real wasm): the files chosen together or as a folder, each listed with
// what the core makes of it, the per-record report, and the people in the Pool tab as
// tests/data/imports/<vendor>/expected.json says; a Lever export without its archive reasons is
// refused with a clear message and stores nothing. Run `node scripts/bundle.mjs` first.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { launch, storedEventCount } from './browser.js';

const data = (vendor, file = '') => fileURLToPath(new URL(`../data/imports/${vendor}/${file}`, import.meta.url));
const expected = (vendor) => JSON.parse(readFileSync(data(vendor, 'expected.json'), 'utf8'));
const LEVER = ['opportunities.json', 'archive_reasons.json', 'postings.json', 'notes.json', 'users.json'];

let b;
let root;
let importTab;
before(async () => {
  b = await launch();
  await b.page.goto(`${b.server.url}/demo/`);
  await b.page.locator('runnerup-pool').getByRole('tab', { name: 'Pool', exact: true }).waitFor();
  // the widget of the bundle on an empty pool of its own (the demo's pool holds the mock ATS's
  // people, who would merge with the imported ones)
  await b.page.evaluate(() => {
    const demo = document.querySelector('runnerup-pool');
    const widget = document.createElement('runnerup-pool');
    widget.setAttribute('pool', 'e2e-imports');
    widget.setAttribute('actor', 'recruiter-e2e');
    demo.replaceWith(widget);
  });
  root = b.page.locator('runnerup-pool');
  await root.getByRole('tab', { name: 'Pool', exact: true }).waitFor();
  importTab = async () => {
    await root.getByRole('tab', { name: 'Import / export', exact: true }).click();
    return root.locator('runnerup-transfer-view');
  };
});
after(async () => {
  await b?.close();
});


/** The report table's rows against expected.json: one line per record, in order, with its document, id and result. */
async function assertReport(view, vendor) {
  const want = expected(vendor).records;
  const counts = { accepted: 0, merged: 0, refused: 0 };
  for (const r of want) counts[r.status]++;
  await view.getByRole('status').or(view.getByRole('alert')).getByText(/^(Imported|Nothing)/).waitFor();
  assert.equal(await view.getByRole('alert').innerText(), '');
  assert.equal(await view.getByRole('status').innerText(), `Imported: ${counts.accepted} accepted, ${counts.merged} merged, ${counts.refused} refused.`);
  const rows = view.locator('table[part="report"] tbody tr');
  assert.equal(await rows.count(), want.length);
  const status = { accepted: 'Accepted', merged: 'Merged', refused: 'Refused' };
  const documents = { opportunities: 'Opportunities', notes: 'Notes', candidates: 'Candidates', applications: 'Applications', activity_feed: 'Activity feed' };
  const cells = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent.trim())));
  let previous = '';
  want.forEach((w, i) => {
    const [number, document, id, result] = cells[i];
    assert.equal(document, documents[w.document], `line ${i}`);
    assert.equal(id, w.id, `line ${i}`);
    assert.equal(result, status[w.status], `line ${i}`);
    assert.equal(number, String(w.number), `line ${i} is numbered from 1 within its document`);
    if (w.document !== previous) assert.equal(number, '1', `the first record of ${w.document} is number 1`);
    previous = w.document;
  });
  assert.equal(await view.locator('table[part="report"] tbody tr.refused').count(), counts.refused);
  // done: the running counts ("so far") are gone, the report says the result
  assert.equal(await view.getByText(/so far/).count(), 0);
}

/** The Pool tab's rows of a person (one per outcome). */
async function poolRows(name) {
  await root.getByRole('tab', { name: 'Pool', exact: true }).click();
  await root.locator('#ru-filter').selectOption('*');
  const rows = root.locator('tbody tr[part="row"]').filter({ has: b.page.getByRole('button', { name, exact: true }) });
  await rows.first().waitFor();
  return rows;
}

test('a Lever export without archive_reasons.json is refused with a clear message, and nothing is stored', async () => {
  const view = await importTab();
  const before = await storedEventCount(b.page, 'runnerup:e2e-imports');
  await view.getByLabel('Files', { exact: true }).setInputFiles(LEVER.filter((f) => f !== 'archive_reasons.json').map((f) => data('lever', f)));
  const alert = view.getByRole('alert');
  await alert.getByText(/this Lever export has no archive_reasons\.json: without its archive reasons a hire cannot be told from a rejection, so nothing was imported/).waitFor();
  assert.equal(await view.getByRole('button', { name: 'Import', exact: true }).isDisabled(), true);
  assert.equal(await storedEventCount(b.page, 'runnerup:e2e-imports'), before);
  assert.deepEqual(b.errors, []);
});

test('a whole Lever export chosen as several files: each file listed, every record reported, the people in the Pool tab', async () => {
  const view = await importTab();
  await view.getByLabel('Files', { exact: true }).setInputFiles(LEVER.map((f) => data('lever', f)));
  const files = view.locator('table.files tbody tr');
  await files.first().waitFor();
  assert.equal(await files.count(), LEVER.length);
  const listed = await files.allInnerTexts();
  assert.match(listed[0], /archive_reasons\.json\s+Archive reasons \(reference, read first\)/);
  assert.match(listed.find((l) => l.startsWith('opportunities.json')), /Opportunities$/);
  assert.equal(await view.getByRole('alert').innerText(), '');
  await view.getByRole('button', { name: 'Import', exact: true }).click();
  await assertReport(view, 'lever');

  const want = expected('lever');
  // a rejected finalist is in the pool with the ATS's outcome
  const kofi = await poolRows(want.candidates['c-5'].name);
  assert.equal(await kofi.getAttribute('data-outcome'), want.outcomes['c-5 post-2'].outcome);
  // the runner-up too
  const hanna = await poolRows(want.candidates['c-1'].name);
  assert.ok((await hanna.evaluateAll((trs) => trs.map((tr) => tr.dataset.outcome))).includes(want.outcomes['c-1 post-1'].outcome));
  // someone the ATS says not to contact is marked so
  const jun = await poolRows(want.candidates['c-3'].name);
  assert.equal(want.flags['c-3'].doNotContact, true);
  await jun.locator('.badge.dnc', { hasText: 'Do not contact' }).first().waitFor();
  // an anonymised record never becomes a person
  assert.equal(await root.locator('tbody tr[part="row"]').filter({ hasText: 'Anonymized' }).count(), 0);
  for (const id of want.absentCandidates) assert.equal(await root.locator(`tbody tr[data-candidate="${id}"]`).count(), 0, id);
  assert.deepEqual(b.errors, []);
  assert.deepEqual(b.foreignRequests, []);
});

test('a whole Greenhouse export chosen as its folder (activity feeds included) lands as expected', async () => {
  // the export's directory as a recruiter saves it: the fixture's files without expected.json
  const dir = mkdtempSync(join(tmpdir(), 'runnerup-greenhouse-'));
  try {
    const folder = join(dir, 'greenhouse-export');
    cpSync(data('greenhouse'), folder, { recursive: true, filter: (src) => !src.endsWith('expected.json') });
    const view = await importTab();
    await view.getByLabel('Or a whole export folder').setInputFiles(folder);
    const files = view.locator('table.files tbody tr');
    await files.first().waitFor();
    const listed = await files.allInnerTexts();
    assert.ok(listed.some((l) => /activity_feed\/60001\.json\s+Activity feed 60001/.test(l)), listed.join('\n'));
    await view.getByRole('button', { name: 'Import', exact: true }).click();
    await assertReport(view, 'greenhouse');

    const want = expected('greenhouse');
    const dana = await poolRows('Dana Ivanova');
    // a rejected finalist, on both requisitions, as the ATS recorded it
    assert.deepEqual((await dana.evaluateAll((trs) => trs.map((tr) => tr.dataset.outcome))).sort(),
      Object.entries(want.outcomes).filter(([k]) => k.startsWith('60004 ')).map(([, o]) => o.outcome).sort());
    const ben = await poolRows(want.candidates['60002'].name);
    assert.equal(want.flags['60002'].doNotContact, true);
    await ben.locator('.badge.dnc', { hasText: 'Do not contact' }).first().waitFor();
    for (const id of want.absentCandidates) assert.equal(await root.locator(`tbody tr[data-candidate="${id}"]`).count(), 0, id);
    assert.deepEqual(b.errors, []);
    assert.deepEqual(b.foreignRequests, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the same export again: nothing new, said as such, and nothing stored', async () => {
  // the Lever export of the test above is in this pool already
  const view = await importTab();
  const before = await storedEventCount(b.page, 'runnerup:e2e-imports');
  await view.getByLabel('Files', { exact: true }).setInputFiles(LEVER.map((f) => data('lever', f)));
  await view.locator('table.files tbody tr').first().waitFor();
  await view.getByRole('button', { name: 'Import', exact: true }).click();
  const want = expected('lever').records;
  const read = want.filter((r) => r.status !== 'refused').length;
  const refused = want.length - read;
  await view.getByRole('status').getByText(`Nothing new: all ${read} records read are in the pool already, as the file has them (${refused} refused).`).waitFor();
  assert.equal(await view.getByText('No one from this file is in the runner-up pool.').count(), 0);
  assert.equal(await view.locator('#imported-h').count(), 0, 'no list of runner-ups from an import that brought none');
  assert.equal(await view.getByText(/so far/).count(), 0);
  assert.equal(await view.locator('table[part="report"] tbody tr').count(), want.length);
  assert.equal(await storedEventCount(b.page, 'runnerup:e2e-imports'), before);
  assert.deepEqual(b.errors, []);
});
