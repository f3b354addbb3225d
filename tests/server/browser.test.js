// The widget's adapter in Chromium: two browser profiles on the demo served by the sync server
// (scripts/demo-server.mjs over a throwaway cluster) share a pool through connect(); work
// recorded while the browser is offline is sent by itself when it comes back online.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from '../e2e/browser.js';
import { startDemoOnCluster, until as poll } from './helpers.js';

const until = (check, what) => poll(check, what, { tries: 200, everyMs: 50 });

let demo;
before(async () => {
  demo = await startDemoOnCluster();
});
after(async () => {
  await demo?.close();
});

/** Opens the pool `shared` in the page as `actor`, wired to the server; kept on window.team. */
async function openTeamPool(page, actor) {
  await page.evaluate(async (who) => {
    const { openPool, connect } = await import('/runnerup.js');
    const token = () => fetch(`/api/token?actor=${who}&pool=shared`).then((r) => r.text());
    const states = [];
    const host = connect('/v1', { pool: 'shared', token, retryMs: 200, maxRetryMs: 1000, onStatus: (s) => states.push(s.state) });
    const pool = await openPool({ name: 'shared', actor: who, host });
    window.team = { pool, host, states };
  }, actor);
}

const names = (page) => page.evaluate(async () => {
  const { pool } = window.team;
  await pool.whenComplete();
  return pool.exportLog().events.filter((e) => e.type === 'candidate.saved').map((e) => e.data.candidate.name).sort();
});


test('two browsers share a pool through the server, and what one records offline arrives once it is back online', async () => {
  const a = await launch({ server: demo });
  const b = await launch({ server: demo });
  try {
    for (const x of [a, b]) await x.page.goto(`${demo.url}/demo/`);
    await openTeamPool(a.page, 'alice');
    await openTeamPool(b.page, 'bob');
    await a.page.evaluate(() => window.team.pool.record({ type: 'saveCandidate', candidate: { id: 'c-1', name: 'Ana Núñez' } }));
    await until(async () => (await names(b.page)).includes('Ana Núñez'), 'bob to see what alice recorded');

    await a.context.setOffline(true);
    await a.page.evaluate(() => window.team.pool.record({ type: 'saveCandidate', candidate: { id: 'c-2', name: 'Recorded offline' } }));
    await until(() => a.page.evaluate(() => window.team.host.status.state !== 'synced'), 'alice to be waiting');
    assert.equal(await a.page.evaluate(() => window.team.host.status.pending), 1);
    await a.context.setOffline(false);
    // nobody acts: the adapter sends it by itself
    await until(async () => (await names(b.page)).includes('Recorded offline'), 'bob to see what alice recorded offline');
    await until(() => a.page.evaluate(() => window.team.host.status.state === 'synced'), 'alice to be synced');
    assert.deepEqual(a.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::/.test(e)), []);
    assert.deepEqual(b.errors, []);
  } finally {
    await a.close();
    await b.close();
  }
});
