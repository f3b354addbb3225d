// Snapshots in storage (compaction): a pool that stored enough events since its last snapshot
// writes a new one; the next open restores it and applies only what came after, so opening
// costs the size of the pool, not the length of its history; the history follows in the
// background. Real wasm core, storage in memory (tests/e2e covers IndexedDB).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RunnerUpError } from '../../web/src/errors.js';
import { openPool } from '../../web/src/pool.js';
import { memoryStorage } from '../../web/src/storage.js';
import { ana, chen, jose, runnerUp, seed, wasmBinary } from './helpers.js';

const open = (storage, options = {}) => openPool({ name: 'c', actor: 'recruiter-1', storage, wasmBinary, sync: false, compactAfter: 20, ...options });

/** Records `n` touchpoints: the log grows, the pool (three people) does not. */
async function churn(pool, n, from = 0) {
  for (let i = from; i < from + n; i++) {
    await pool.record({ type: 'logTouchpoint', touchpoint: { candidateId: [ana, chen, jose][i % 3].id, at: '2026-11-19T10:00:00Z', channel: 'email', direction: 'outbound', note: `call ${i}` } });
  }
}

const viewOf = (pool) => ({ list: pool.list(), candidates: pool.query({ type: 'candidates' }), ana: pool.candidate(ana.id) });

describe('compaction', () => {
  test('a compacted pool opens from its snapshot and only the events after it', async () => {
    const storage = memoryStorage();
    const a = await open(storage);
    await seed(a);
    await a.record(runnerUp(ana.id));
    await churn(a, 60);
    await a.compact();
    await churn(a, 5, 60);
    const before = viewOf(a);
    const log = a.exportLog();
    a.dispose();
    assert.ok(storage.snapshot, 'no snapshot was stored');

    const b = await open(storage);
    assert.equal(b.openedFrom, 'snapshot');
    const tail = (await storage.loadForOpen()).tail.length;
    assert.ok(tail <= 20, `${tail} events replayed at open`);
    assert.deepEqual(viewOf(b).list, before.list);
    // the history arrives in the background; then everything is as before
    assert.throws(() => b.exportLog(), (e) => e instanceof RunnerUpError && e.code === 'loading');
    await b.whenComplete();
    assert.deepEqual(b.exportLog(), log);
    assert.deepEqual(viewOf(b), before);
    b.dispose();
  });

  test('what is replayed at open stays flat as the log grows', async () => {
    const storage = memoryStorage();
    const pool = await open(storage);
    await seed(pool);
    const replayed = [];
    for (let round = 0; round < 4; round++) {
      await churn(pool, 50, round * 50);
      await new Promise((r) => setTimeout(r, 0)); // the compaction queued after the last action
      await pool.compact(); // (already done by itself every 20 events; a no-op tail here)
      replayed.push((await storage.loadForOpen()).tail.length);
    }
    pool.dispose();
    assert.ok(storage.events.length > 200);
    assert.deepEqual(replayed, [0, 0, 0, 0]);
  });

  test('undo and a person\'s timeline reach back before the snapshot once the history is in', async () => {
    const storage = memoryStorage();
    const a = await open(storage);
    await seed(a);
    await a.record(runnerUp(ana.id));
    await a.compact();
    a.dispose();
    const b = await open(storage);
    await b.whenComplete();
    const history = b.candidate(ana.id).history;
    assert.ok(history.some((h) => h.type === 'outcome.recorded'), 'the timeline lost the outcome');
    await b.record({ type: 'undoLast' });
    assert.equal(b.list().total, 0, 'undo did not reach the outcome recorded before the snapshot');
    b.dispose();
  });

  test('an erasure writes a new snapshot: no stored snapshot keeps the person', async () => {
    const storage = memoryStorage();
    const a = await open(storage);
    await seed(a);
    await a.record(runnerUp(jose.id, { note: 'Secret note about José' }));
    await a.compact();
    assert.match(storage.snapshot, /José/);
    a.dispose();
    const b = await open(storage);
    await b.erase(jose.id);
    assert.doesNotMatch(storage.snapshot, /José|Secret note/);
    assert.doesNotMatch(JSON.stringify(storage.events), /José|Secret note/);
    b.dispose();
    const c = await open(storage);
    await c.whenComplete();
    assert.doesNotMatch(JSON.stringify(c.exportLog()), /José|Secret note/);
    c.dispose();
  });

  test('a damaged snapshot is dropped and the pool opens from its log', async () => {
    const storage = memoryStorage();
    const a = await open(storage);
    await seed(a);
    await a.record(runnerUp(ana.id));
    await a.compact();
    const before = viewOf(a);
    a.dispose();
    storage.snapshot = '{"format":"runnerup.snapshot","version":99}';
    const b = await open(storage);
    assert.equal(b.openedFrom, 'log');
    assert.equal(storage.snapshot, null);
    assert.deepEqual(viewOf(b), before);
    b.dispose();
  });
});
