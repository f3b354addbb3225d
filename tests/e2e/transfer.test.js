// <runnerup-transfer-view> in real Chromium with real IndexedDB and the real wasm: import the
// Greenhouse sample, see the runner-ups with their reasons, export the view as CSV and read the
// download; a malformed file shows a clear error and changes nothing. The view is mounted on its
// own test page (tests/e2e/pages), bundled here with esbuild.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { build } from 'esbuild';
import { launch, storedEventCount } from './browser.js';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const greenhouse = here('../data/formats/greenhouse-candidates.json');

let root;
let b;
before(async () => {
  root = mkdtempSync(join(tmpdir(), 'runnerup-pages-'));
  await build({
    entryPoints: [here('./pages/transfer-page.js')],
    outdir: join(root, 'pages'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'warning',
  });
  cpSync(here('./pages/transfer.html'), join(root, 'pages', 'transfer.html'));
  cpSync(here('../../build/wasm/runnerup-core.wasm'), join(root, 'pages', 'runnerup-core.wasm'));
  cpSync(here('../../dist/runnerup-keys.js'), join(root, 'pages', 'runnerup-keys.js'));
  b = await launch({ root });
});
after(async () => {
  await b?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});


test('import a Greenhouse export, see the runner-ups and their reasons, export the view as CSV', async () => {
  const { page } = b;
  await page.goto(`${b.server.url}/pages/transfer.html`);
  await page.locator('body[data-ready="true"]').waitFor();
  const view = page.locator('runnerup-transfer-view');

  await view.getByLabel('Files', { exact: true }).setInputFiles(greenhouse);
  await view.getByText('Looks like: Greenhouse').waitFor();
  await view.getByRole('button', { name: 'Import', exact: true }).click();
  await view.getByRole('status').getByText('Imported: 5 accepted, 1 merged, 1 refused.').waitFor();

  // the per-record report: every record, refused ones with field and reason
  const report = view.locator('table[part="report"] tbody tr');
  assert.equal(await report.count(), 7);
  const refused = view.locator('table[part="report"] tbody tr.refused');
  assert.equal(await refused.count(), 1);
  for (const text of await refused.allInnerTexts()) assert.match(text, /Refused\s+\S.*\S/);

  // the runner-ups, each with the reason the pool shows
  const entries = await page.evaluate(() => globalThis.runnerupPool.list().entries);
  assert.ok(entries.length >= 2);
  const imported = view.locator('section[aria-labelledby="imported-h"] tbody tr');
  assert.equal(await imported.count(), entries.length);
  for (const e of entries) {
    // a person is listed once per outcome: their row of this requisition
    const row = imported.filter({ hasText: e.candidate.name }).filter({ hasText: e.requisition?.title ?? e.outcome.requisitionId });
    assert.match(await row.innerText(), new RegExp(e.outcome.reasonLabel.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  }
  assert.equal(await storedEventCount(page, 'runnerup:e2e-transfer'), await page.evaluate(() => globalThis.runnerupPool.exportLog().events.length));

  // export the current view as CSV and read the download
  const exportView = view.getByRole('button', { name: `CSV of the current view (${entries.length})` });
  const [download] = await Promise.all([page.waitForEvent('download'), exportView.click()]);
  assert.equal(download.suggestedFilename(), 'runner-ups-view-2026-11-22.csv');
  const csv = readFileSync(await download.path(), 'utf8');
  const lines = csv.trimEnd().split('\r\n');
  assert.match(lines[0], /^Candidate ID,Name,Email,/);
  assert.equal(lines.length, entries.length + 1);
  entries.forEach((e, i) => {
    assert.ok(lines[i + 1].startsWith(`${e.candidate.id},`), lines[i + 1]);
    assert.ok(lines[i + 1].includes(e.outcome.reasonLabel));
  });
  assert.equal(csv, await page.evaluate((ids) => globalThis.runnerupPool.exportCsv({ ids }), entries.map((e) => e.candidate.id)));

  // the other downloads work too, without leaving the page
  for (const name of ['Follow-ups (iCalendar)', 'JSON Resume', 'The whole pool (JSON)']) {
    const [d] = await Promise.all([page.waitForEvent('download'), view.getByRole('button', { name }).click()]);
    assert.ok(readFileSync(await d.path(), 'utf8').length > 0, name);
  }
  // the JSON Resume picker finds a person by part of the name, whatever the case and accents
  const find = view.getByLabel('Find a person');
  const picker = view.getByRole('combobox', { name: 'Candidate' });
  const offered = () => picker.locator('option').allTextContents();
  const until = async (check) => {
    for (let k = 0; k < 100 && !check(await offered()); k++) await page.waitForTimeout(50);
    assert.ok(check(await offered()), JSON.stringify(await offered()));
  };
  await find.fill('OKAF');
  await until((names) => names.join('|') === 'Ben Okafor');
  const [resume] = await Promise.all([page.waitForEvent('download'), view.getByRole('button', { name: 'JSON Resume' }).click()]);
  assert.equal(JSON.parse(readFileSync(await resume.path(), 'utf8')).basics.name, 'Ben Okafor');
  await find.fill('nunez');
  await until((names) => names.length > 0 && names.every((n) => /^Ana N[uú][nñ]ez$/.test(n)));
  await find.fill('nobody at all');
  await view.getByRole('button', { name: 'JSON Resume' }).and(view.locator('[disabled]')).waitFor();
  await find.fill('');
  assert.deepEqual(b.errors, []);
  assert.deepEqual(b.foreignRequests, []);
});

test('a malformed file shows a clear error and changes nothing', async () => {
  const { page } = b;
  const view = page.locator('runnerup-transfer-view');
  const before = await storedEventCount(page, 'runnerup:e2e-transfer');
  const logBefore = await page.evaluate(() => JSON.stringify(globalThis.runnerupPool.exportLog()));
  const text = readFileSync(greenhouse);
  await view.getByLabel('Files', { exact: true }).setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: text.subarray(0, 1500) });
  await view.getByText('Looks like: Greenhouse').waitFor();
  await view.getByRole('button', { name: 'Import', exact: true }).click();
  const alert = view.getByRole('alert');
  await alert.getByText(/Nothing was imported: .*truncated/).waitFor();
  await view.getByText('The file could not be read to the end, so nothing was imported.').waitFor();
  assert.equal(await storedEventCount(page, 'runnerup:e2e-transfer'), before);
  assert.equal(await page.evaluate(() => JSON.stringify(globalThis.runnerupPool.exportLog())), logBefore);
  // a file of no known format: the recruiter is asked to choose
  await view.getByLabel('Files', { exact: true }).setInputFiles({ name: 'jobs.json', mimeType: 'application/json', buffer: Buffer.from('{"jobs":[]}') });
  await view.getByText('The format could not be recognised: choose it above.').waitFor();
  assert.deepEqual(b.errors, []);
  assert.deepEqual(b.foreignRequests, []);
});

test('a Lever export is refused without its archive reasons and imported with them', async () => {
  const { page } = b;
  const view = page.locator('runnerup-transfer-view');
  const lever = (file) => here(`../data/imports/lever/${file}`);
  const before = await storedEventCount(page, 'runnerup:e2e-transfer');
  await view.getByLabel('Files', { exact: true }).setInputFiles(lever('opportunities.json'));
  await view.getByText('Looks like: Lever').waitFor();
  await view.getByRole('button', { name: 'Import', exact: true }).click();
  await view.getByRole('alert').getByText(/archive reasons/).waitFor();
  assert.equal(await storedEventCount(page, 'runnerup:e2e-transfer'), before, 'nothing guessed, nothing stored');
  await view.getByLabel('Archive reasons (Lever: archive_reasons.json)').setInputFiles(lever('archive_reasons.json'));
  await view.getByRole('button', { name: 'Import', exact: true }).click();
  // as tests/data/imports/lever/expected.json says for the opportunities (without postings and notes)
  await view.getByRole('status').getByText('Imported: 6 accepted, 1 merged, 2 refused.').waitFor();
  const hanna = await page.evaluate(() => globalThis.runnerupPool.query({ type: 'candidate', id: 'c-1' }));
  const runnerUp = hanna.outcomes.find((o) => o.requisitionId === 'post-1');
  assert.equal(runnerUp.outcome, 'runner_up');
  assert.equal(runnerUp.reason.text, '+1 – Strong runner-up');
  assert.equal(runnerUp.stageName, 'Face to Face');
  assert.equal(runnerUp.initiator, 'not_specified');
  const jun = await page.evaluate(() => globalThis.runnerupPool.query({ type: 'candidate', id: 'c-3' }));
  assert.equal(jun.doNotContact, true);
  assert.equal(jun.followUps?.length ?? 0, 0);
  assert.deepEqual(b.errors, []);
  assert.deepEqual(b.foreignRequests, []);
});
