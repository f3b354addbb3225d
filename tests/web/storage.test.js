// web/src/storage.js (and storage/) in node: the in-memory storage, the error mapping, and the IndexedDB
// storage's timeout and blocked handling through a stand-in IDBFactory that never answers.
// (The real IndexedDB path runs in Chromium: tests/e2e.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RunnerUpError } from '../../web/src/errors.js';
import { indexedDBStorage, memoryStorage } from '../../web/src/storage.js';
import { toStorageError } from '../../web/src/storage/errors.js';

const event = (id) => ({ id, actor: 'a', at: '2026-11-22T10:00:00Z', clock: 1, type: 'candidate.saved', data: {} });

test('memoryStorage keeps copies, dedupes by id, and loads them back', async () => {
  const storage = memoryStorage([event('e-1')]);
  const fresh = event('e-2');
  await storage.append([fresh, event('e-1')]);
  fresh.actor = 'changed after append';
  const loaded = await storage.loadEvents();
  assert.deepEqual(loaded.map((e) => e.id).sort(), ['e-1', 'e-2']);
  assert.equal(loaded.find((e) => e.id === 'e-2').actor, 'a');
  loaded[0].actor = 'changed after load';
  assert.equal((await storage.loadEvents())[0].actor, 'a');
});

test('memoryStorage refuses a non-array append', async () => {
  await assert.rejects(memoryStorage().append({}), (e) => e instanceof RunnerUpError && e.code === 'invalid_field');
});

test('QuotaExceededError and UnknownError both mean the storage is full', () => {
  for (const name of ['QuotaExceededError', 'UnknownError']) {
    const error = toStorageError(new DOMException('nope', name));
    assert.ok(error instanceof RunnerUpError);
    assert.equal(error.code, 'storage_full');
    assert.match(error.message, /^The browser refused to store this change: storage is full/);
    assert.equal(error.cause.name, name);
  }
});

test('other IndexedDB failures map to codes a host can act on', () => {
  assert.equal(toStorageError(new DOMException('x', 'VersionError')).code, 'storage_version');
  assert.equal(toStorageError(new DOMException('x', 'InvalidStateError')).code, 'storage_closed');
  assert.equal(toStorageError(new DOMException('x', 'AbortError')).code, 'storage_full');
  const same = new RunnerUpError('storage_timeout', 'slow');
  assert.equal(toStorageError(same), same);
});

/**
 * Runs `body` with a stand-in global IndexedDB whose open requests never succeed; `onOpen`
 * may fire events on them. idb checks `instanceof IDBRequest` & co., so those exist too.
 */
async function withSilentIndexedDB(onOpen, body) {
  const names = ['IDBRequest', 'IDBDatabase', 'IDBObjectStore', 'IDBIndex', 'IDBCursor', 'IDBTransaction'];
  const saved = Object.fromEntries(['indexedDB', ...names].map((n) => [n, globalThis[n]]));
  for (const n of names) globalThis[n] = class extends EventTarget {};
  globalThis.indexedDB = {
    open() {
      const request = new globalThis.IDBRequest();
      queueMicrotask(() => onOpen(request));
      return request;
    },
  };
  try {
    await body();
  } finally {
    for (const [n, v] of Object.entries(saved)) {
      if (v === undefined) delete globalThis[n];
      else globalThis[n] = v;
    }
  }
}

/** Where a promise stands, read without waiting for it. */
function watch(promise) {
  const state = { settled: false, error: undefined };
  promise.then(
    () => (state.settled = true),
    (error) => Object.assign(state, { settled: true, error }),
  );
  return state;
}

/** Lets every pending promise callback run (setImmediate is not among the mocked timers). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Advances the mocked clock by `ms`, then lets what it woke up run. */
async function advance(t, ms) {
  t.mock.timers.tick(ms);
  await settle();
}

// The clock is node:test's mock (setTimeout and Date): a timeout is checked at the exact moment
// it is due, the machine's load cannot make these tests pass or fail.
test('a call that IndexedDB never answers fails with storage_timeout once its time is spent, not before', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  await withSilentIndexedDB(
    () => {},
    async () => {
      const storage = indexedDBStorage('slow', { timeoutMs: 50 });
      const load = watch(storage.loadEvents());
      await settle();
      await advance(t, 49);
      assert.equal(load.settled, false, 'given up before its time');
      await advance(t, 1);
      assert.ok(load.error instanceof RunnerUpError && load.error.code === 'storage_timeout', String(load.error));
      // an append of one event is allowed the base time and half a millisecond
      const append = watch(storage.append([event('e-1')]));
      await settle();
      await advance(t, 50);
      assert.equal(append.settled, false, 'given up before its time');
      await advance(t, 1);
      assert.equal(append.error?.code, 'storage_timeout');
      assert.match(append.error.message, /not applied/);
      storage.close();
    },
  );
});

test('the timeout grows with the work: a large write is given longer before it counts as a hang', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  await withSilentIndexedDB(
    () => {},
    async () => {
      const storage = indexedDBStorage('slow-large', { timeoutMs: 50 });
      // 2,000 events: 50 ms plus 0.5 ms for each
      const many = Array.from({ length: 2000 }, (_, i) => event(`e-${i}`));
      const write = watch(storage.append(many));
      await settle();
      await advance(t, 1049);
      assert.equal(write.settled, false, 'a large write was cut off as early as a small one');
      await advance(t, 1);
      assert.equal(write.error?.code, 'storage_timeout');
      assert.match(write.error.message, /within 1 s/);
      storage.close();
    },
  );
});

test('an upgrade blocked by another tab fails with storage_blocked', async () => {
  const block = (request) => request.dispatchEvent(Object.assign(new Event('blocked'), { oldVersion: 0, newVersion: 1 }));
  await withSilentIndexedDB(block, async () => {
    const storage = indexedDBStorage('blocked', { timeoutMs: 50 });
    await assert.rejects(storage.loadEvents(), (e) => e instanceof RunnerUpError && e.code === 'storage_blocked');
    storage.close();
  });
});

test('without IndexedDB (as in node) the storage says so', async () => {
  assert.equal(globalThis.indexedDB, undefined);
  const storage = indexedDBStorage('none');
  await assert.rejects(storage.loadEvents(), (e) => e instanceof RunnerUpError && e.code === 'storage_unavailable');
});

test('a closed storage refuses further calls', async () => {
  const storage = indexedDBStorage('closed');
  storage.close();
  storage.close();
  await assert.rejects(storage.append([event('e-1')]), (e) => e.code === 'storage_closed');
});

test('the database is named after the pool', () => {
  assert.equal(indexedDBStorage('acme').databaseName, 'runnerup:acme');
});
