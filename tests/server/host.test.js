// The demo page in real Chromium on the sync server (scripts/demo-server.mjs over a throwaway
// cluster): two browser profiles (two recruiters, two IndexedDBs) share the demo's pool through
// connect(). Events recorded in one profile reach the server and replay into a fresh profile
// identically; both recording at once converge; new events are pushed to the other widget as they
// happen.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launch, waitUntil } from '../e2e/browser.js';
import { startDemoOnCluster } from './helpers.js';

/** Every event the server holds for the demo's pool, in sequence order. */
async function serverEvents(server) {
  const jwt = await (await fetch(`${server.url}/api/token?actor=checker&pool=acme-demo`)).text();
  const events = [];
  for (let after = 0; ; ) {
    const response = await fetch(`${server.url}/v1/pools/acme-demo/events?after=${after}&limit=1000`, { headers: { Authorization: `Bearer ${jwt}` } });
    assert.equal(response.status, 200);
    const page = await response.json();
    events.push(...page.events);
    after = page.last;
    if (page.last >= page.head) return events;
  }
}

/** What a profile's pool holds, read from its IndexedDB through the public API. */
function readPool(page) {
  return page.evaluate(async () => {
    const { openPool } = await import('/runnerup.js');
    const pool = await openPool({ name: 'acme-demo', actor: 'checker', sync: false });
    await pool.whenComplete(); // a pool opened from the server's snapshot loads its history after
    const state = { log: pool.exportLog().events, list: pool.list(), candidates: pool.query({ type: 'candidates' }).candidates };
    pool.dispose();
    return state;
  });
}

/** Records `count` actions in the page through a pool with the demo host adapter, then syncs. */
function recordBurst(page, actor, prefix, count) {
  return page.evaluate(
    async ({ actor, prefix, count }) => {
      const { openPool, connect } = await import('/runnerup.js');
      const host = connect('/v1', { pool: 'acme-demo', token: () => fetch(`/api/token?actor=${actor}&pool=acme-demo`).then((r) => r.text()) });
      const pool = await openPool({ name: 'acme-demo', actor, host });
      for (let i = 0; i < count; i++) {
        await pool.record({ type: 'saveCandidate', candidate: { id: `${prefix}-${i}`, name: `${prefix} ${i}` } });
        // both recruiters also touch the same person, so the merge order matters
        await pool.record({ type: 'logTouchpoint', touchpoint: { candidateId: 'cand-jose-muller-garcia', at: '2026-11-20T10:00:00Z', channel: 'email', direction: 'outbound', note: `${prefix} ${i}` } });
      }
      // the sends run in the background: let them finish before the page moves on
      while (pool.hostStatus.pending > 0) await new Promise((resolve) => setTimeout(resolve, 20));
      pool.dispose();
    },
    { actor, prefix, count },
  );
}

function syncAll(page) {
  return page.evaluate(async () => {
    const { openPool, connect } = await import('/runnerup.js');
    const host = connect('/v1', { pool: 'acme-demo', token: () => fetch('/api/token?actor=sync&pool=acme-demo').then((r) => r.text()) });
    const pool = await openPool({ name: 'acme-demo', actor: 'sync', host });
    const result = await pool.sync();
    pool.dispose();
    return result;
  });
}

describe('the demo on the sync server across two browser profiles', () => {
  let server;
  let a;
  let b;

  before(async () => {
    server = await startDemoOnCluster();
    a = await launch({ server });
    b = await launch({ server });
  });

  after(async () => {
    await a?.close();
    await b?.close();
    await server?.close();
  });

  test('events recorded in one profile reach the server and replay into a fresh profile identically', async () => {
    await a.page.goto(`${server.url}/demo/`);
    const rootA = a.page.locator('runnerup-pool');
    await rootA.getByRole('button', { name: 'Record outcome' }).waitFor();
    await a.page.getByRole('button', { name: 'Load sample history' }).click();
    // on a timeout, say what the demo's activity log shows (an error message, or nothing: a hang)
    await a.page.locator('#activity').getByText(/Loaded the sample history/).waitFor({ timeout: 30_000 }).catch(async (error) => {
      assert.fail(`${error.message.split('\n')[0]}; the activity log shows: ${JSON.stringify(await a.page.locator('#activity').innerText())}; errors: ${JSON.stringify(a.errors)}`);
    });
    await rootA.getByRole('row').filter({ hasText: 'José Müller-García' }).waitFor();
    const stateA = await readPool(a.page);
    assert.ok(stateA.log.length > 20, `only ${stateA.log.length} events recorded`);
    // the sample history and the host's records (candidates, requisitions) all reached the server
    await waitUntil(async () => (await serverEvents(server)).length >= stateA.log.length, {
      message: `${stateA.log.length} events on the server`,
    });
    assert.deepEqual(new Set((await serverEvents(server)).map((e) => e.id)), new Set(stateA.log.map((e) => e.id)));

    // a fresh profile: nothing in its IndexedDB until the widget loads the server's events
    await b.page.goto(`${server.url}/demo/`);
    const rootB = b.page.locator('runnerup-pool');
    await rootB.getByRole('row').filter({ hasText: 'José Müller-García' }).waitFor();
    const stateB = await readPool(b.page);
    assert.deepEqual(stateB, stateA);
    assert.deepEqual(a.errors, []);
    assert.deepEqual(b.errors, []);
    assert.deepEqual([...a.foreignRequests, ...b.foreignRequests], []);
  });

  test('two recruiters recording at the same time converge, nothing lost or doubled', async () => {
    await Promise.all([recordBurst(a.page, 'recruiter-a', 'from-a', 15), recordBurst(b.page, 'recruiter-b', 'from-b', 15)]);
    await syncAll(a.page);
    await syncAll(b.page);
    const [stateA, stateB] = [await readPool(a.page), await readPool(b.page)];
    assert.deepEqual(stateB, stateA);
    const ids = stateA.log.map((e) => e.id);
    assert.equal(new Set(ids).size, ids.length, 'an event is doubled');
    const stored = (await serverEvents(server)).map((e) => e.id);
    assert.equal(new Set(stored).size, stored.length, 'the server holds an event twice');
    assert.deepEqual(new Set(stored), new Set(ids), 'the server lost an event, or holds one the browsers lack');
    for (const prefix of ['from-a', 'from-b']) {
      for (let i = 0; i < 15; i++) assert.ok(stateA.candidates.some((c) => c.id === `${prefix}-${i}`), `${prefix}-${i} is missing`);
    }
    assert.equal(stateA.log.filter((e) => e.type === 'touchpoint.logged' && /"from-[ab] \d+"/.test(JSON.stringify(e.data))).length, 30);
  });

  test('what one recruiter records appears in the other\'s open widget without a reload', async () => {
    await b.page.goto(`${server.url}/demo/`);
    const rootB = b.page.locator('runnerup-pool');
    await rootB.getByRole('button', { name: 'Record outcome' }).waitFor();
    const syncEvents = b.page.evaluate(
      () =>
        new Promise((resolve, reject) => {
          // (the widget's own first exchange on opening may come first, with nothing received)
          document.querySelector('runnerup-pool').addEventListener('runnerup-sync', (e) => {
            if (e.detail.received > 0 || e.detail.error) resolve(e.detail);
          });
          setTimeout(() => reject(new Error('no runnerup-sync event receiving anything within 15 s')), 15_000);
        }),
    );
    await a.page.evaluate(async () => {
      const { openPool, connect } = await import('/runnerup.js');
      const host = connect('/v1', { pool: 'acme-demo', token: () => fetch('/api/token?actor=recruiter-a&pool=acme-demo').then((r) => r.text()) });
      const pool = await openPool({ name: 'acme-demo', actor: 'recruiter-a', host });
      await pool.record({ type: 'saveCandidate', candidate: { id: 'cand-mariam', name: 'Mariam Haddad' } });
      await pool.record({
        type: 'recordOutcome',
        outcome: { candidateId: 'cand-mariam', requisitionId: 'req-101', stage: 'final', outcome: 'runner_up', rank: 5, reason: { code: 'stronger_candidate', note: '' }, futureFit: 'strong', note: '' },
      });
      await pool.sync();
      while (pool.hostStatus.pending > 0) await new Promise((resolve) => setTimeout(resolve, 20));
      pool.dispose();
    });
    await rootB.getByRole('row').filter({ hasText: 'Mariam Haddad' }).waitFor({ timeout: 15_000 });
    const detail = await syncEvents;
    assert.ok(detail.received >= 1, `runnerup-sync said ${JSON.stringify(detail)}`);
    assert.equal(detail.error, null);
    assert.deepEqual(b.errors, []);
  });
});
