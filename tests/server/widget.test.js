// The widget on the demo served by the sync server (scripts/demo-server.mjs over a throwaway
// cluster), in Chromium: it shows the adapter's state (synced / waiting / offline), its alert
// about a failed send clears when the adapter's own retry gets the work through, and 10,000
// candidates handed over by the host go in batches while a recruiter's "Save to pool" is not
// kept waiting behind them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch } from '../e2e/browser.js';
import { startDemoOnCluster, until as poll } from './helpers.js';

const until = (check, what) => poll(check, what, { tries: 600, everyMs: 50 });

let demo;
before(async () => {
  demo = await startDemoOnCluster();
});
after(async () => {
  await demo?.close();
});


/** Every event the server holds for the demo pool, in sequence order. */
const demoFixture = JSON.parse(readFileSync(new URL('../../web/demo/fixture.json', import.meta.url), 'utf8'));

async function serverLog() {
  const jwt = await (await fetch(`${demo.url}/api/token?actor=reader&pool=acme-demo`)).text();
  const all = [];
  let after = 0;
  for (;;) {
    const page = await (await fetch(`${demo.url}/v1/pools/acme-demo/events?after=${after}&limit=10000`, { headers: { Authorization: `Bearer ${jwt}` } })).json();
    all.push(...page.events);
    if (page.events.length === 0 || page.last >= page.head) return all;
    after = page.last;
  }
}

const syncState = (page) => page.evaluate(() => document.querySelector('runnerup-pool').shadowRoot.querySelector('#ru-sync')?.dataset.state ?? null);
const alertText = (page) => page.evaluate(() => document.querySelector('runnerup-pool').shadowRoot.querySelector('[role="alert"]').textContent.trim());

/** Opens the outcome form filled for the `index`th candidate as a runner-up (the same person
 * twice would change nothing, so each test takes its own). */
async function openRunnerUpForm(root, index) {
  await root.getByRole('button', { name: 'Record outcome' }).click();
  await root.getByLabel('Candidate', { exact: true }).selectOption({ index });
  await root.getByLabel('Stage reached').selectOption({ label: 'Final round' });
  await root.getByLabel('Reason', { exact: true }).selectOption({ label: 'Stronger candidate selected' });
}

test('the widget shows synced / offline with what waits; the alert clears when the adapter sends it by itself', async () => {
  const b = await launch({ server: demo });
  try {
    await b.page.goto(`${demo.url}/demo/`);
    const root = b.page.locator('runnerup-pool');
    await root.getByRole('button', { name: 'Record outcome' }).waitFor();
    // the host's records (the demo's candidates and requisitions) are saved after the pool opens:
    // on the server before the browser goes offline, so that what waits is the recruiter's action
    const hostRecords = demoFixture.candidates.length + demoFixture.requisitions.length;
    await until(async () => (await serverLog()).filter((e) => e.actor === 'host').length >= hostRecords, 'the host records on the server');
    await until(async () => (await syncState(b.page)) === 'synced', 'the widget to say synced');
    assert.equal(await root.locator('#ru-sync').textContent(), 'Synced with the team');

    await b.context.setOffline(true);
    await openRunnerUpForm(root, 1);
    await root.getByRole('button', { name: 'Save to pool' }).click();
    await until(async () => (await syncState(b.page)) === 'offline', 'the widget to say offline');
    assert.match(await root.locator('#ru-sync').textContent(), /^Offline: 1 waiting$/);
    await until(async () => (await alertText(b.page)) !== '', 'the alert about the failed send');

    await b.context.setOffline(false);
    // nobody acts: the adapter sends it, and the widget hears its queue emptied
    await until(async () => (await syncState(b.page)) === 'synced', 'the widget to say synced again');
    await until(async () => (await alertText(b.page)) === '', 'the alert to clear');
    assert.ok((await serverLog()).some((e) => e.type === 'outcome.recorded' && e.actor === 'recruiter-sam-okafor'), 'the outcome on the server');
  } finally {
    await b.close();
  }
});

test("10,000 host candidates go in batches (a POST each), and a recruiter's Save to pool is not kept behind them", async () => {
  const b = await launch({ server: demo });
  try {
    await b.page.goto(`${demo.url}/demo/?as=priya`);
    const root = b.page.locator('runnerup-pool');
    await root.getByRole('button', { name: 'Record outcome' }).waitFor();
    await until(async () => (await syncState(b.page)) === 'synced', 'the widget to say synced');
    await openRunnerUpForm(root, 2);
    let posts = 0;
    b.page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/v1/pools/acme-demo/events') posts += 1;
    });
    // in one step of the page: the host hands over 10,000 candidates, and the recruiter saves
    await b.page.evaluate(() => {
      const widget = document.querySelector('runnerup-pool');
      const bulk = Array.from({ length: 10_000 }, (_, i) => ({ id: `bulk-${i}`, name: `Bulk Person ${i}` }));
      widget.candidates = [...widget.candidates, ...bulk];
      [...widget.shadowRoot.querySelectorAll('button[type="submit"]')].find((x) => x.textContent.trim() === 'Save to pool').click();
    });
    let log = [];
    await until(async () => {
      log = await serverLog();
      return log.filter((e) => e.type === 'candidate.saved' && e.data.candidate.id.startsWith('bulk-')).length === 10_000 && (await syncState(b.page)) === 'synced';
    }, 'the server to hold the 10,000 candidates');
    assert.ok(posts <= 22, `${posts} POSTs for 10,000 candidates: one per batch of 500 at most (and the recruiter's)`);
    const outcome = log.findIndex((e) => e.type === 'outcome.recorded' && e.actor === 'recruiter-priya-raman');
    const lastBulk = log.findLastIndex((e) => e.type === 'candidate.saved' && e.data.candidate.id.startsWith('bulk-'));
    assert.ok(outcome >= 0, `the recruiter's outcome on the server (the widget says: ${await alertText(b.page)} ${await b.page.evaluate(() => document.querySelector('runnerup-pool').shadowRoot.querySelector('.status').textContent)}; actors: ${[...new Set(log.map((e) => e.actor))]})`);
    assert.ok(outcome < lastBulk, `the recruiter's action (at ${outcome}) went before the bulk save ended (at ${lastBulk})`);
    assert.equal(await alertText(b.page), '');
  } finally {
    await b.close();
  }
});
