// <runnerup-pool> in the demo page, in real Chromium with real IndexedDB and the real wasm.
// Run `node scripts/bundle.mjs` first: the server serves dist/.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launch, storedEvents } from './browser.js';

const DEMO = '/demo/';

/** The widget's locators (Playwright locators pierce its shadow root). */
function widget(page) {
  const root = page.locator('runnerup-pool');
  return {
    root,
    openForm: root.getByRole('button', { name: 'Record outcome' }),
    save: root.getByRole('button', { name: 'Save to pool' }),
    // the live regions stay in the DOM (hidden while empty) so that changes are announced
    alert: root.locator('[role="alert"]'),
    status: root.locator('[role="status"]'),
    candidate: root.getByLabel('Candidate', { exact: true }),
    requisition: root.getByLabel('Requisition', { exact: true }),
    stage: root.getByLabel('Stage reached'),
    outcome: root.getByLabel('Outcome', { exact: true }),
    reason: root.getByLabel('Reason', { exact: true }),
    initiator: root.getByLabel('Initiated by'),
    futureFit: root.getByLabel('Future fit'),
    rank: root.getByLabel('Rank'),
    reasonNote: root.getByLabel(/^Reason note/),
    note: root.getByLabel('Note', { exact: true }),
    row: (name) => root.getByRole('row').filter({ hasText: name }),
    rows: root.locator('tbody tr'),
  };
}

async function openDemo(b) {
  await b.page.goto(b.server.url + DEMO);
  const w = widget(b.page);
  await w.openForm.waitFor({ state: 'visible' }); // the pool is open
  return w;
}

async function recordRunnerUp(w, { name, reason, futureFit, rank, note }) {
  await w.openForm.click();
  await w.candidate.selectOption({ label: name });
  await w.stage.selectOption({ label: 'Final round' });
  await w.reason.selectOption({ label: reason });
  await w.futureFit.selectOption({ label: futureFit });
  if (rank !== undefined) await w.rank.fill(String(rank));
  if (note) await w.note.fill(note);
  await w.save.click();
}

describe('the demo page', () => {
  let b;
  before(async () => {
    b = await launch();
  });
  after(async () => {
    await b?.close();
  });

  test('a runner-up recorded through the form is listed, and is still there after a reload', async () => {
    const w = await openDemo(b);
    assert.equal(await w.rows.count(), 0, 'a fresh profile starts with an empty pool');

    await recordRunnerUp(w, {
      name: 'José Müller-García',
      reason: 'Stronger candidate selected',
      futureFit: 'Strong fit',
      note: 'Excellent system design; would hire for the next platform role.',
    });

    const row = w.row('José Müller-García');
    await row.waitFor({ state: 'visible' });
    const cells = await row.locator('td').allInnerTexts();
    assert.equal(cells[1], 'Senior Backend Engineer');
    assert.equal(cells[2], 'Final round');
    assert.equal(cells[3], 'Stronger candidate selected');
    assert.equal(cells[4], 'We decided', 'the initiator follows the reason');
    assert.equal(cells[5], 'Strong fit');
    assert.match(cells[6], /^1\s+next in line$/);
    assert.equal(cells[7], 'Excellent system design; would hire for the next platform role.');
    assert.match(await w.status.innerText(), /Recorded José Müller-García as runner-up/);
    assert.equal(await w.alert.textContent(), '');

    // the host page heard about it through runnerup-change
    await b.page.locator('#activity li', { hasText: 'runnerup-change: 1 event(s) (outcome.recorded)' }).waitFor();

    const stored = await storedEvents(b.page);
    assert.equal(stored.filter((e) => e.type === 'outcome.recorded').length, 1);
    assert.equal(stored.filter((e) => e.type === 'candidate.saved').length, 7, 'the host’s candidates were saved');

    await b.page.reload();
    const again = widget(b.page);
    await again.row('José Müller-García').waitFor({ state: 'visible' });
    assert.equal(await again.rows.count(), 1);
    assert.deepEqual(await again.row('José Müller-García').locator('td').allInnerTexts(), cells);
    // the host feeds the same records again after the reload: nothing new is stored
    await b.page.waitForTimeout(200);
    assert.equal((await storedEvents(b.page)).length, stored.length);

    assert.deepEqual(b.errors, [], 'no console errors or page errors');
    assert.deepEqual(b.foreignRequests, [], 'every request goes to the page’s own server');
    assert.ok(b.requests.some((u) => u.endsWith('/runnerup-core.wasm')), 'the wasm came from beside the bundle');
  });

  test('an error from the core shows in the widget, marks the field, and saves nothing', async () => {
    const w = await openDemo(b);
    const before = await w.rows.count();
    assert.ok(before >= 1, 'continues from the previous test');

    await recordRunnerUp(w, {
      name: 'Aiyana Begay',
      reason: 'Skills gap',
      futureFit: 'Qualified, not selected',
      rank: 1, // José already holds rank 1
    });
    await w.alert.getByText(/rank/i).waitFor();
    assert.equal(await w.rank.getAttribute('aria-invalid'), 'true');
    assert.equal(await w.rank.evaluate((el) => el.getRootNode().activeElement === el), true, 'focus moves to the field');
    assert.equal(await w.rows.count(), before, 'nothing was added');
    await b.page.locator('#activity li.error', { hasText: 'runnerup-error: conflict' }).waitFor();

    // correcting the rank saves it
    await w.rank.fill('2');
    await w.save.click();
    await w.row('Aiyana Begay').waitFor();
    assert.equal(await w.rows.count(), before + 1);
    assert.match((await w.row('Aiyana Begay').locator('td').allInnerTexts())[6], /^2$/);
    assert.equal(await w.alert.textContent(), '');
    assert.deepEqual(b.errors, []);
  });

  test('"Other" needs a note before the form submits', async () => {
    const w = await openDemo(b);
    await w.openForm.click();
    await w.candidate.selectOption({ label: 'Priya Raman' });
    await w.reason.selectOption({ label: 'Other' });
    assert.equal(await w.reasonNote.getAttribute('required'), '');
    assert.match(await b.page.locator('runnerup-pool').getByText(/^Reason note/).innerText(), /required/);
    await w.save.click();
    assert.equal(await w.reasonNote.evaluate((el) => el.validity.valueMissing), true);
    await w.reasonNote.fill('Asked to pause: relocating in spring');
    await w.save.click();
    await w.row('Priya Raman').waitFor();
    assert.match(
      (await w.row('Priya Raman').locator('td').allInnerTexts())[3],
      /Other\s+Asked to pause: relocating in spring/,
    );
    assert.deepEqual(b.errors, []);
  });

  test('a full disk shows in the widget and nothing is kept, in memory or after a reload', async () => {
    // Chromium reports a full disk by aborting the transaction with an error: make the next
    // puts do exactly that, through the real IndexedDB and idb code paths.
    await b.page.addInitScript(() => {
      const put = IDBObjectStore.prototype.put;
      IDBObjectStore.prototype.put = function (...args) {
        const request = put.apply(this, args);
        const tx = this.transaction;
        if (window.runnerupDiskFull && !tx.runnerupAborting) {
          // once per transaction (a write puts into several stores)
          tx.runnerupAborting = true;
          Object.defineProperty(tx, 'error', { value: new DOMException('disk full', 'UnknownError') });
          queueMicrotask(() => tx.abort());
        }
        return request;
      };
    });
    const w = await openDemo(b);
    const before = await w.rows.count();
    await b.page.evaluate(() => (window.runnerupDiskFull = true));

    await w.openForm.click();
    await w.candidate.selectOption({ label: 'Siobhán Ní Bhriain' });
    await w.requisition.selectOption({ label: 'Product Designer' });
    await w.reason.selectOption({ label: 'Timing' });
    await w.save.click();
    await w.alert.getByText(/The browser refused to store this change: storage is full/).waitFor();
    await b.page.keyboard.press('Escape'); // the dialog is modal: close it to reach the pool's filter
    await w.candidate.waitFor({ state: 'detached' });
    await w.root.locator('select#ru-filter').selectOption('*');
    assert.equal(await w.rows.count(), before, 'nothing was applied');
    assert.equal(await w.row('Siobhán').count(), 0);

    await b.page.reload();
    const again = widget(b.page);
    await again.openForm.waitFor();
    await again.root.locator('select#ru-filter').selectOption('*');
    assert.equal(await again.row('Siobhán').count(), 0, 'nothing was stored');
    assert.deepEqual(b.errors, []);
  });

  test('every control is labelled and the form works from the keyboard', async () => {
    const w = await openDemo(b);
    const unlabelled = await w.root.evaluate((host) =>
      [...host.shadowRoot.querySelectorAll('input, select, textarea')]
        .filter((c) => c.labels.length === 0 && !c.getAttribute('aria-label'))
        .map((c) => c.id || c.outerHTML.slice(0, 60)),
    );
    assert.deepEqual(unlabelled, []);

    await w.openForm.focus();
    await b.page.keyboard.press('Enter');
    await w.candidate.waitFor();
    assert.equal(await w.candidate.evaluate((el) => el.getRootNode().activeElement === el), true);
    const unlabelledInForm = await w.root.evaluate((host) =>
      [...host.shadowRoot.querySelectorAll('form input, form select, form textarea')].filter((c) => c.labels.length === 0)
        .length,
    );
    assert.equal(unlabelledInForm, 0);
    await b.page.keyboard.press('Escape');
    await w.candidate.waitFor({ state: 'detached' });
    assert.equal(await w.openForm.evaluate((el) => el.getRootNode().activeElement === el), true);

    // moving the element disposes its pool and opens it again, with the same content
    const rowsBefore = await w.rows.count();
    await b.page.evaluate(() => {
      const el = document.querySelector('runnerup-pool');
      const slot = el.parentElement;
      el.remove();
      slot.append(el);
    });
    await w.openForm.waitFor();
    await w.rows.nth(rowsBefore - 1).waitFor();
    assert.equal(await w.rows.count(), rowsBefore);

    // registering the element a second time (another copy of the bundle) does not throw
    await b.page.evaluate(() => import('../runnerup.js?second-copy'));
    assert.deepEqual(b.errors, []);
  });

  test('a person rejected as not a fit stays in the pool; the outcome and not-a-fit filters are the recruiter\'s, and say what they leave out', async () => {
    const w = await openDemo(b);
    await w.openForm.click();
    await w.candidate.selectOption({ label: 'Yuki Tanaka' });
    await w.stage.selectOption({ label: 'Final round' });
    await w.outcome.selectOption({ label: 'Rejected' });
    await w.reason.selectOption({ label: 'Stronger candidate selected' });
    await w.futureFit.selectOption({ label: 'Not a fit' });
    await w.save.click();
    const yuki = w.row('Yuki Tanaka');
    await yuki.waitFor({ state: 'visible' });
    assert.equal(await yuki.getAttribute('data-outcome'), 'rejected');
    const all = await w.rows.count();
    assert.ok(all >= 2, 'the people recorded before are listed beside her');

    // only the rejected
    const outcome = w.root.locator('#ru-pool-outcome');
    await outcome.selectOption({ label: 'Rejected' });
    await w.rows.filter({ hasNotText: 'Yuki Tanaka' }).first().waitFor({ state: 'detached' });
    assert.deepEqual(await w.rows.evaluateAll((rows) => rows.map((r) => r.dataset.outcome)), ['rejected']);
    await outcome.selectOption({ label: 'Any outcome' });
    await w.rows.nth(all - 1).waitFor();

    // people who are not a fit left out, and the count says so
    await w.root.getByLabel('include people who are not a fit').uncheck();
    await yuki.waitFor({ state: 'detached' });
    assert.equal(await w.rows.count(), all - 1);
    assert.match(await w.root.locator('#ru-pool-left-out').innerText(), /^1 more left out by these filters$/);
    await w.root.getByLabel('include people who are not a fit').check();
    await yuki.waitFor({ state: 'visible' });
    assert.deepEqual(b.errors, []);
  });
});

describe('when the engine cannot load', () => {
  let b;
  before(async () => {
    b = await launch();
  });
  after(async () => {
    await b?.close();
  });

  test('the widget says so in its alert region instead of going blank', async () => {
    await b.page.route('**/runnerup-core.wasm', (route) => route.fulfill({ status: 404, body: 'gone' }));
    await b.page.addInitScript(() => {
      window.runnerupErrors = [];
      document.addEventListener('runnerup-error', (e) => window.runnerupErrors.push(e.detail));
    });
    await b.page.goto(b.server.url + DEMO);
    const w = widget(b.page);
    await w.alert.getByText(/could not be loaded/).waitFor();
    assert.match(await w.alert.innerText(), /WebAssembly/);
    const details = await b.page.evaluate(() => window.runnerupErrors);
    assert.deepEqual(
      details.map((d) => d.code),
      ['wasm_load_failed'],
    );
    assert.equal(await w.openForm.count(), 0);
    assert.deepEqual(b.foreignRequests, []);
  });

  test('without an actor the widget asks for one instead of going blank', async () => {
    await b.page.unroute('**/runnerup-core.wasm');
    await b.page.goto(b.server.url + DEMO);
    await widget(b.page).openForm.waitFor();
    const text = await b.page.evaluate(async () => {
      const el = document.createElement('runnerup-pool');
      el.setAttribute('pool', 'no-actor');
      document.body.append(el);
      await el.updateComplete;
      await new Promise((r) => setTimeout(r, 0));
      await el.updateComplete;
      return el.shadowRoot.querySelector('[role="alert"]').textContent;
    });
    assert.match(text, /set the actor attribute/);
  });
});
