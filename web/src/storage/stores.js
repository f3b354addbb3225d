// How a pool's events lie in its IndexedDB stores, and reading and writing them there: one by one
// in `events` (and in `tail` while no snapshot covers them), or, when many are stored at once (an
// import), a thousand to a record in `batches`; read in chunks, written in strict transactions
// that resolve once they are on disk.
import { TAIL_WRITTEN_KEY } from './schema.js';

export const READ_CHUNK = 5000; // events read from IndexedDB per request while loading a pool's log
/**
 * Events per record when many new events are stored at once (putMany): a put costs about 0.1 ms
 * in Chromium whatever its size, so 240,000 events one by one, to two stores and the mirror,
 * took 55-72 s; in records of 1,000 it is 720 puts.
 */
export const BATCH = 1000;
const STORE_STEP_MS = 40; // putMany's work between waits for a put to land (see there)

/**
 * Every record of a store, in key order, `count` records per request (each its own task):
 * `getAll(range, count)` is the store's getAll (in a transaction, or the database's for one
 * store), `keyOf` a record's key. Calls `each` on every record.
 */
export async function readInChunks(getAll, keyOf, count, each) {
  for (let after = null; ; ) {
    const chunk = await getAll(after === null ? null : IDBKeyRange.lowerBound(after, true), count);
    for (const record of chunk) each(record);
    if (chunk.length < count) return;
    after = keyOf(chunk[chunk.length - 1]);
  }
}

/** Every event a database holds: those stored one by one, then those stored in batches. */
export async function getEverything(db) {
  const events = [];
  await readInChunks((range, n) => db.getAll('events', range, n), (e) => e.id, READ_CHUNK, (e) => events.push(e));
  // each batch taken as it is read (all at once after the last read, 240,000 events were a
  // 50 ms piece of a long task)
  const take = batchTaker(events);
  await readInChunks((range, n) => db.getAll('batches', range, n), (b) => b.key, READ_CHUNK / BATCH, take);
  return events;
}

/**
 * A function that appends to `events` the events of a batch whose id is not in `events` as it is
 * now: an event kept one by one and in a batch is the same version in both (putAll rewrites the
 * batch), and is taken once. A missing batch (undefined) is nothing.
 */
export function batchTaker(events) {
  const single = new Set(events.map((e) => e.id));
  return (b) => {
    if (b) for (const e of b.events) if (!single.has(e.id)) events.push(e);
  };
}

/** batchTaker(events) given every batch. */
export function mergeBatches(events, batches) {
  batches.forEach(batchTaker(events));
}

/**
 * One readwrite transaction putting every event (and, with `tail`, its copy in the tail),
 * resolved once it is on disk.
 */
export async function putAll(db, events, { tail = false } = {}) {
  // 'strict': the browser flushes to disk before the transaction completes. Chromium's
  // default ('relaxed') acknowledges first, and a crash can then lose acknowledged actions
  // (the SIGKILL test in tests/e2e/hardening.test.js caught exactly that).
  const tx = db.transaction(['events', 'batches', 'batchIds', ...(tail ? ['tail', 'meta'] : [])], 'readwrite', { durability: 'strict' });
  const stores = tail ? [tx.objectStore('events'), tx.objectStore('tail')] : [tx.objectStore('events')];
  for (const event of events) {
    // per-request failures also abort the transaction; tx.done carries the real cause
    for (const store of stores) store.put(event).catch(() => {});
  }
  if (tail) markTailWritten(tx);
  // An event an import stored in a batch is rewritten there too: an id holds one version
  // wherever it is kept (an erasure's scrubbed rewrite must reach every copy).
  await committed(tx, () => rewriteInBatches(tx, events));
}

/** In `tx`, each event's new version written over its old one in the batch that holds it, if any. */
async function rewriteInBatches(tx, events) {
  const batchIds = tx.objectStore('batchIds');
  if ((await batchIds.count()) === 0) return;
  const byEvent = batchIds.index('byEvent');
  const keys = await Promise.all(events.map((e) => byEvent.getKey(e.id)));
  const touched = new Map(); // batch key -> the new versions of its events, by id
  keys.forEach((key, k) => {
    if (key === undefined) return;
    if (!touched.has(key)) touched.set(key, new Map());
    touched.get(key).set(events[k].id, events[k]);
  });
  const batches = tx.objectStore('batches');
  await Promise.all(
    [...touched].map(async ([key, versions]) => {
      const batch = await batches.get(key);
      if (!batch) return;
      batch.events = batch.events.map((e) => versions.get(e.id) ?? e);
      await batches.put(batch);
    }),
  );
}

/**
 * New versions of events already stored, written over the old ones wherever those are kept (one
 * by one, in the tail, in a batch) and nowhere else, in one strict transaction.
 */
export async function replaceStored(db, events) {
  const tx = db.transaction(['events', 'tail', 'batches', 'batchIds'], 'readwrite', { durability: 'strict' });
  await committed(tx, async () => {
    const single = tx.objectStore('events');
    const tail = tx.objectStore('tail');
    const [inSingle, inTail] = await Promise.all([Promise.all(events.map((e) => single.getKey(e.id))), Promise.all(events.map((e) => tail.getKey(e.id)))]);
    events.forEach((e, k) => {
      if (inSingle[k] !== undefined) single.put(e).catch(() => {});
      if (inTail[k] !== undefined) tail.put(e).catch(() => {});
    });
    await rewriteInBatches(tx, events);
  });
}

/**
 * Runs `work` (requests in `tx`) and resolves once the transaction has committed. A failure is
 * the transaction's own error where it has one: a full disk aborts it, and the pending request
 * then fails with an AbortError that says less.
 */
export async function committed(tx, work) {
  const done = tx.done;
  done.catch(() => {}); // awaited below, whatever happens
  try {
    await work();
  } catch (error) {
    await done;
    throw error;
  }
  await done;
}

/** A new mark of the last write to the tail (loadForOpen: the tail was written since it was emptied). */
function markTailWritten(tx) {
  tx.objectStore('meta').put(uniqueToken(), TAIL_WRITTEN_KEY).catch(() => {});
}

/** A string no other write made: the time and a random part. */
function uniqueToken() {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/**
 * New events, many at once (an import), in one transaction: BATCH to a record in `batches`, their
 * ids in `batchIds` and, with `tail`, the record's key in `tailBatches`. Events of which a version
 * is stored already (by id), or an id given twice, go through putAll instead, which keeps one
 * version of each id.
 */
export async function putMany(db, events, { tail = false } = {}) {
  if (events.length < BATCH) return putAll(db, events, { tail });
  const tx = db.transaction(['events', 'batches', 'batchIds', ...(tail ? ['tailBatches', 'meta'] : [])], 'readwrite', { durability: 'strict' });
  let fresh = true;
  await committed(tx, async () => {
    const [single, batched] = await Promise.all([tx.objectStore('events').getAllKeys(), tx.objectStore('batchIds').getAll()]);
    const known = new Set(single);
    for (const r of batched) for (const id of r.ids) known.add(id);
    const ids = new Set();
    fresh = events.every((e) => !known.has(e.id) && !ids.has(e.id) && ids.add(e.id));
    if (!fresh) return; // nothing written in this transaction
    const prefix = uniqueToken();
    // Each put clones its thousand events here, on the page's thread: after about a step's
    // worth, wait for the last put to land (the transaction stays open while a put is pending),
    // so that the page runs between steps rather than freezing for the whole batch.
    let stepStart = performance.now();
    for (let at = 0; at < events.length; at += BATCH) {
      const chunk = events.slice(at, at + BATCH);
      const key = `${prefix}-${String(at / BATCH).padStart(6, '0')}`;
      const stored = tx.objectStore('batches').put({ key, events: chunk });
      stored.catch(() => {});
      if (performance.now() - stepStart > STORE_STEP_MS && at + BATCH < events.length) {
        await stored;
        stepStart = performance.now();
      }
      tx.objectStore('batchIds').put({ key, ids: chunk.map((e) => e.id) }).catch(() => {});
      if (tail) tx.objectStore('tailBatches').put({ key }).catch(() => {});
    }
    if (tail) markTailWritten(tx);
  });
  if (!fresh) await putAll(db, events, { tail });
}
