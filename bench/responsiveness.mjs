// Responsiveness in Chromium: the long tasks (Long Tasks API: any task over 50 ms) while the
// widget does its longest work over a generated pool of N runner-ups (tests/e2e/generated.js):
// an import, the same import reaching another tab of the pool, compaction, a new browser taking
// the pool from its host, opening the demo page from IndexedDB, the Search tab preparing its
// index, typing a search and scrolling the results to the end. The tests check that this work
// runs in steps with the page getting its turn between them; this measures how long the steps
// take. Not a test: nothing here passes or fails.
//
//   node bench/responsiveness.mjs [N]   (default 100000)   -> a table, then one JSON line
import { launch } from '../tests/e2e/browser.js';
import { generatedLog } from '../tests/e2e/generated.js';

const HISTORY_WINDOW_MS = 20_000; // how long the history's loading in the background is watched

const N = Number(process.argv[2]) || 100_000;

// In the page: start and stop collecting long tasks (their durations, ms).
// `buffered`: also the tasks since the page started (an open, measured from its reload).
const startObserving = (buffered) => {
  window.benchTasks = [];
  window.benchObserver?.disconnect();
  window.benchObserver = new PerformanceObserver((list) => window.benchTasks.push(...list.getEntries().map((e) => e.duration)));
  window.benchObserver.observe({ type: 'longtask', buffered });
};
const stopObserving = async () => {
  await new Promise((resolve) => setTimeout(resolve, 100)); // the last task's entry arrives after it
  window.benchTasks.push(...window.benchObserver.takeRecords().map((e) => e.duration));
  window.benchObserver.disconnect();
  return window.benchTasks;
};

const rows = [];
/** Runs `work` while `pages` collect their long tasks; one row per page. */
async function phase(names, pages, work, { buffered = false } = {}) {
  for (const page of pages) await page.evaluate(startObserving, buffered);
  const started = Date.now();
  await work();
  const wallMs = Date.now() - started;
  for (const [k, page] of pages.entries()) {
    const tasks = await page.evaluate(stopObserving);
    rows.push({
      phase: names[k],
      wallMs,
      longTasks: tasks.length,
      longestMs: Math.round(Math.max(0, ...tasks)),
      over200: tasks.filter((ms) => ms > 200).length,
      blockingMs: Math.round(tasks.reduce((sum, ms) => sum + Math.max(0, ms - 50), 0)),
    });
    console.error(`${names[k]}: done`);
  }
}

const b = await launch();
b.context.setDefaultTimeout(1_800_000);
try {
  const people = `${N.toLocaleString('en')} people`;
  // Two tabs of the demo's pool, on pages of the widget's origin with nothing else running.
  const [a, other] = [b.page, await b.context.newPage()];
  for (const p of [a, other]) await p.goto(`${b.server.url}/runnerup.js`);
  for (const p of [a, other]) {
    await p.evaluate(async () => {
      const { openPool } = await import('/runnerup.js');
      window.pool = await openPool({ name: 'acme-demo', actor: 'bench' });
    });
  }
  await a.evaluate(`window.generatedLog = new Blob([(${generatedLog})(${N})], { type: 'application/json' })`);
  await phase([`import of ${people} (the importing page)`, 'the same import reaching another tab of the pool'], [a, other], async () => {
    await a.evaluate(() => window.pool.importFile(window.generatedLog, { format: 'pool' }).then(() => delete window.generatedLog));
    await other.waitForFunction((n) => window.pool.query({ type: 'pool', limit: 1 }).total === n, N, { polling: 250 });
  });
  await phase(['compaction after the import'], [a], () => a.evaluate(() => window.pool.compact()));
  for (const p of [a, other]) await p.evaluate(() => window.pool.dispose());
  await other.close();

  // A new browser meeting a host that holds the whole log (another pool, in the same profile).
  await a.evaluate(`window.hostEvents = JSON.parse((${generatedLog})(${N})).events`);
  await phase([`a new browser taking ${people} from its host`], [a], () =>
    a.evaluate(async () => {
      const { openPool } = await import('/runnerup.js');
      const host = { load: async () => window.hostEvents, append: async () => {} };
      const pool = await openPool({ name: 'from-host', actor: 'bench', host, sync: false });
      await pool.sync();
      pool.dispose();
      delete window.hostEvents;
    }),
  );

  // The demo page over the imported pool: open, search, type, scroll.
  const page = a;
  await page.goto(`${b.server.url}/demo/`);
  const root = page.locator('runnerup-pool');
  await root.getByRole('button', { name: 'Record outcome' }).waitFor();
  const opening = Date.now();
  await page.reload();
  await phase(['opening the demo page from IndexedDB, to interactive'], [page], () => root.getByRole('button', { name: 'Record outcome' }).waitFor(), { buffered: true });
  rows.at(-1).wallMs = Date.now() - opening; // from the reload, as its tasks are counted from the new page's start
  // The demo page of `npm run serve` has no host (the team's server is `npm start`'s): what follows
  // the open is the history loading in the background, which fires nothing; a fixed window of it
  await phase([`the ${HISTORY_WINDOW_MS / 1000} s after the open (the history loading in the background)`], [page], () => page.waitForTimeout(HISTORY_WINDOW_MS));
  const search = root.locator('runnerup-search');
  await phase(['the Search tab preparing its index'], [page], async () => {
    await root.getByRole('tab', { name: 'Search', exact: true }).click();
    await search.locator('#ru-search-summary').getByText(/runner-ups found/).waitFor();
  });
  const mullers = Math.ceil(N / 12).toLocaleString('en');
  await phase(['typing a search ("muller") and a filter'], [page], async () => {
    const box = search.getByLabel('Search names, skills, titles and notes');
    await box.pressSequentially('muller', { delay: 30 });
    await search.locator('#ru-search-summary').getByText(`${mullers} runner-ups found`).waitFor();
    await search.getByLabel('Reason').selectOption({ label: 'Compensation expectations' });
    await search.getByLabel('Reason').selectOption({ label: 'Any' });
    await box.fill('');
    await search.locator('#ru-search-summary').getByText(`${N.toLocaleString('en')} runner-ups found`).waitFor();
  });
  await phase(['scrolling the results to the end and back'], [page], async () => {
    const list = search.locator('.results');
    await list.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await search.locator(`.hit[aria-posinset="${N}"]`).waitFor();
    await list.evaluate((el) => el.scrollTo(0, 0));
    await search.locator('.hit[aria-posinset="1"]').waitFor();
  });
  if (b.errors.length) console.error(`errors in the page: ${b.errors.join(' | ')}`);
} finally {
  await b.close();
}

const HEAD = ['work', 'wall', 'long tasks', 'longest', 'over 200 ms', 'blocking (sum over 50 ms)'];
const table = rows.map((r) => [r.phase, `${(r.wallMs / 1000).toFixed(1)} s`, String(r.longTasks), `${r.longestMs} ms`, String(r.over200), `${r.blockingMs} ms`]);
const width = HEAD.map((_, i) => Math.max(...[HEAD, ...table].map((r) => r[i].length)));
console.log(`Long tasks in Chromium, ${N.toLocaleString('en')} runner-ups:`);
for (const r of [HEAD, ...table]) console.log(r.map((c, i) => c.padEnd(width[i])).join('  '));
console.log(JSON.stringify({ n: N, rows }));
