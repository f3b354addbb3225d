// Snapshots in storage (compaction): a pool that stored enough events since its last snapshot
// writes a new one; the next open restores it and applies only what came after, so opening
// costs the size of the pool, not the length of its history; the history follows in the
// background. Real wasm core, storage in memory (tests/e2e covers IndexedDB).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createCorePool } from '../../web/src/core.js';
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

/** The stored snapshot's text: the binary form keeps strings as UTF-8 bytes. */
const snapshotText = (storage) => (storage.snapshot instanceof Uint8Array ? new TextDecoder().decode(storage.snapshot) : storage.snapshot);

const viewOf = (pool) => ({ list: pool.list(), candidates: pool.query({ type: 'candidates' }), ana: pool.candidate(ana.id) });

/** A pool with a runner-up, compacted: its storage, the open pool (to dispose) and what it shows. */
async function compacted() {
  const storage = memoryStorage();
  const pool = await open(storage);
  await seed(pool);
  await pool.record(runnerUp(ana.id));
  await pool.compact();
  return { storage, pool, before: viewOf(pool) };
}

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
    assert.ok(storage.snapshot instanceof Uint8Array, 'the stored snapshot is the binary form');
    assert.match(snapshotText(storage), /José/);
    a.dispose();
    const b = await open(storage);
    await b.erase(jose.id);
    assert.doesNotMatch(snapshotText(storage), /José|Secret note/);
    assert.doesNotMatch(JSON.stringify(storage.events), /José|Secret note/);
    b.dispose();
    const c = await open(storage);
    await c.whenComplete();
    assert.doesNotMatch(JSON.stringify(c.exportLog()), /José|Secret note/);
    c.dispose();
  });

  test('a damaged snapshot is dropped and the pool opens from its log', async () => {
    const { storage, pool: a, before } = await compacted();
    a.dispose();
    const good = storage.snapshot;
    const damaged = [
      '{"format":"runnerup.snapshot","version":99}', // JSON from a newer build
      good.slice(0, good.length - 7), // cut short
      Uint8Array.from(good, (byte, i) => (i === good.length >> 1 ? byte ^ 1 : byte)), // one bit flipped
      Uint8Array.from(good, (byte, i) => (i === 8 ? 99 : byte)), // a binary version this build does not read
      new Uint8Array(0), // what IndexedDB storage gives for a snapshot Blob it cannot read any more
    ];
    for (const snapshot of damaged) {
      storage.snapshot = snapshot;
      const b = await open(storage);
      assert.equal(b.openedFrom, 'log');
      assert.equal(storage.snapshot, null);
      assert.deepEqual(viewOf(b), before);
      await b.whenComplete();
      b.dispose();
    }
  });

  test('a JSON snapshot stored by an earlier build still opens, and the next compaction stores the binary form', async () => {
    const { storage, pool: a, before } = await compacted();
    const core = await createCorePool({ wasmBinary });
    core.apply(a.exportLog().events);
    a.dispose();
    storage.snapshot = core.snapshotText(); // what builds before the binary form stored
    core.dispose();
    const b = await open(storage);
    assert.equal(b.openedFrom, 'snapshot');
    await b.whenComplete();
    assert.deepEqual(viewOf(b), before);
    await b.compact();
    assert.ok(storage.snapshot instanceof Uint8Array);
    b.dispose();
  });
});

describe('large logs', () => {
  /** `n` saveCandidate-style events by two actors, with interleaved clocks. */
  function bigLog(n) {
    const events = [];
    for (let i = 0; i < n; i++) {
      const actor = i % 2 ? 'recruiter-a' : 'recruiter-b';
      events.push({
        id: `big.${actor}.${i}`, actor, at: '2026-11-01T09:00:00Z', clock: Math.floor(i / 2) + 1, type: 'candidate.saved',
        data: { candidate: { id: `c-${i % 3000}`, name: `Person ${i}`, emails: [], phones: [], links: [], location: { city: '', region: '', country: '' }, title: `Title ${i}`, skills: [], seniority: '', source: '', tags: [] } },
      });
    }
    return events;
  }

  test('a log longer than one chunk opens in chunks, in any stored order, to the same state', async () => {
    const events = bigLog(5000);
    const shuffled = [...events].sort((a, b) => (a.id < b.id ? -1 : 1)); // as IndexedDB returns them: by id
    const progress = [];
    const chunked = await open(memoryStorage(shuffled), { compactAfter: 0, onProgress: (p) => progress.push(p) });
    assert.deepEqual(progress.map((p) => p.applied), [500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500, 5000]);
    assert.ok(progress.every((p) => p.total === 5000));
    const whole = await open(memoryStorage(), { compactAfter: 0 });
    await whole.importFile(JSON.stringify({ format: 'runnerup.log', version: 1, events }), { format: 'pool' });
    assert.equal(chunked.openedFrom, 'log');
    assert.deepEqual(chunked.query({ type: 'candidates' }), whole.query({ type: 'candidates' }));
    assert.equal(chunked.query({ type: 'candidates' }).candidates.length, 3000);
    assert.equal(chunked.candidate('c-1').candidate.name, 'Person 3001');
    assert.deepEqual(chunked.exportLog(), whole.exportLog());
    chunked.dispose();
    whole.dispose();
  });

  test('a large import reaches the host in slices, every event once', async () => {
    const slices = [];
    const host = { load: async () => [], append: async (batch) => { slices.push(batch.length); } };
    const pool = await open(memoryStorage(), { compactAfter: 0, host });
    await pool.importFile(JSON.stringify({ format: 'runnerup.log', version: 1, events: bigLog(4500) }), { format: 'pool' });
    await pool.sync();
    assert.ok(slices.length >= 3 && slices.every((n) => n <= 2000), slices.join());
    assert.equal(slices.reduce((a, b) => a + b, 0) >= 4500, true);
    assert.equal(pool.hostStatus.pending, 0);
    pool.dispose();
  });

  test('a snapshot stored before an erasure that a crash kept from finishing is replaced at the next open', async () => {
    const { storage, pool } = await compacted();
    assert.ok(snapshotText(storage).includes(ana.name));
    // the erasure is stored, then the "crash": the snapshot that should follow it is never written
    const save = storage.saveSnapshot;
    storage.saveSnapshot = async () => {
      throw new RunnerUpError('storage_failed', 'crashed before the snapshot');
    };
    await assert.rejects(pool.erase(ana.id), (e) => e.code === 'storage_failed');
    pool.dispose();
    storage.saveSnapshot = save;
    assert.ok(snapshotText(storage).includes(ana.name), 'the old snapshot still holds her');

    const again = await open(storage);
    assert.equal(again.openedFrom, 'snapshot');
    assert.equal(again.candidate(ana.id).erased, true);
    assert.ok(!snapshotText(storage).includes(ana.name), 'the snapshot that predates the erasure was replaced at open');
    await again.whenComplete();
    again.dispose();
  });
});
