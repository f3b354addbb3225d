// Where a pool's event log lives in the browser: IndexedDB through `idb`.
//
//   const storage = indexedDBStorage('default');   // database "runnerup:default"
//   const events = await storage.loadEvents();
//   await storage.append(newEvents);               // one readwrite transaction, resolved on commit
//
// Every call has a timeout and fails with a RunnerUpError whose code says what went wrong
// (storage_timeout, storage_full, storage_blocked, storage_closed, storage_version,
// storage_failed). `memoryStorage()` has the same interface and keeps nothing (node, tests).
// Beside it, web/src/storage/: schema.js (the database's versions, stores and meta keys),
// stores.js (how events lie in the stores, read and written), errors.js (failures as
// RunnerUpErrors), memory.js (memoryStorage), persistence.js (requestPersistence).
//
// A second copy (Chromium): where the browser offers Storage Buckets, every event is also written
// to the same database inside the bucket "runnerup-mirror", and loadEvents() merges the two and
// writes back whatever one of them lacks. Chromium keeps each bucket's IndexedDB in its own
// LevelDB. A crash (SIGKILL, OOM killer) between the two write() calls of one LevelDB log record
// leaves a torn record at the end of the log; LevelDB ignores it on reopen but keeps appending to
// the same log after it, and the reopen after that reports "Corruption: checksum mismatch", upon
// which Chromium deletes that backing store: every IndexedDB database of the origin, acknowledged
// or not (tests/e2e/hardening.test.js, SIGKILL x20). One crash tears at most the one store being
// written, so the other copy still holds every acknowledged event.
import { openDB } from 'idb';
import { RunnerUpError } from './errors.js';
import { toStorageError } from './storage/errors.js';
import { isSealed, openKeyRing } from './storage/keys.js';
import { SEALED_KEY, SNAPSHOT_KEY, TAIL_WRITTEN_KEY, openIn, upgrade } from './storage/schema.js';
import { BATCH, READ_CHUNK, committed, getEverything, mergeBatches, putAll, putMany, readInChunks, replaceStored } from './storage/stores.js';
import { yieldToPage } from './tasks.js';

export { memoryStorage } from './storage/memory.js';
export { requestPersistence } from './storage/persistence.js';

export const DEFAULT_TIMEOUT_MS = 10_000;
/** The Storage Bucket holding the second copy of every pool (where the browser has buckets). */
export const MIRROR_BUCKET = 'runnerup-mirror';

/**
 * @typedef {object} Storage
 * @property {() => Promise<object[]>} loadEvents every stored event
 * @property {(events: object[], options?: {scrubbed?: boolean, recorded?: boolean}) => Promise<void>} append
 *   stores events durably, all or nothing (`scrubbed`: an erased person's scrubbed events, stored as
 *   they are; `recorded`: an action recorded here, refused with `erased` if its person was erased
 *   in another tab meanwhile)
 * @property {(events: object[]) => Promise<void>} [appendMany] the same, for many events at once
 *   (an import): kept a thousand to a record
 * @property {() => void} close releases the storage; idempotent
 * @property {() => Promise<{snapshot: Uint8Array | string, tail: object[]} | null>} [loadForOpen]
 *   the last snapshot (the core's binary form, or JSON text as stored by earlier builds) and the
 *   events stored since (the `tail`), or null when the pool has no snapshot
 * @property {(snapshot: Uint8Array | string, coveredIds: string[]) => Promise<void>} [saveSnapshot]
 *   stores a snapshot and drops the covered ids from the tail, in one transaction
 * @property {() => Promise<void>} [dropSnapshot] forgets the snapshot (it could not be read)
 * @property {<T>(work: () => Promise<T>) => Promise<T>} [exclusive] runs a compaction with the
 *   pool's other tabs kept out of theirs
 */

/**
 * @param {string} poolName
 * @param {{timeoutMs?: number}} [options]
 * @returns {Storage & {readonly databaseName: string}}
 */
export function indexedDBStorage(poolName = 'default', { timeoutMs = DEFAULT_TIMEOUT_MS, keys = true } = {}) {
  const databaseName = `runnerup:${poolName}`;
  // Crypto-shredding (storage/keys.js): the key ring of the pool, or null where the browser has
  // no way to keep keys apart from IndexedDB (the pool is then stored unsealed).
  /** @type {Promise<import('./storage/keys.js').KeyRing | null> | null} */
  let ringPromise = null;
  const keyRing = () => {
    if (!keys || closed) return Promise.resolve(null);
    ringPromise ??= openKeyRing(poolName).catch(() => null);
    return ringPromise;
  };
  /** @type {((events: object[]) => string[]) | null} whom each event is about (the core's answer) */
  let subjectsOf = null;

  // What is stored for events: each sealed under its person's key, unless it is about no one or
  // `scrubbed` (the core's scrubbed form of an erased person's event: nothing personal left).
  // `recorded`: an action recorded here, refused if it is about a person erased meanwhile.
  async function toRecords(events, scrubbed, recorded) {
    if (scrubbed || !subjectsOf) return events;
    const ring = await keyRing();
    if (!ring) return events;
    // asked a step at a time: the core's answer for an import's 240,000 events took a second
    const subjects = [];
    for (let at = 0; at < events.length; at += SUBJECTS_STEP) {
      if (at > 0) await yieldToPage();
      subjects.push(...subjectsOf(events.length <= SUBJECTS_STEP ? events : events.slice(at, at + SUBJECTS_STEP)));
    }
    if (!subjects.some(Boolean)) return events;
    return ring.seal(events, subjects, { refuseErased: recorded });
  }

  // The events of stored records: sealed ones opened; those whose key was destroyed (an erased
  // person's older versions a crash left behind in a copy) left out.
  async function fromRecords(records) {
    if (!records.some(isSealed)) return records;
    const ring = await keyRing();
    if (!ring) throw new RunnerUpError('storage_unavailable', "This pool's data is sealed under keys this browser cannot open here (its Origin Private File System is unavailable).");
    return (await ring.open(records)).events;
  }
  /** @type {Promise<import('idb').IDBPDatabase> | null} */
  let dbPromise = null;
  let blockedByOtherTab = false;
  let closed = false;
  let lostReason = '';

  function open() {
    if (closed) {
      return Promise.reject(new RunnerUpError('storage_closed', 'The runner-up pool storage was closed.'));
    }
    if (!globalThis.indexedDB) {
      return Promise.reject(
        new RunnerUpError('storage_unavailable', 'This browser does not offer IndexedDB, so the runner-up pool cannot be stored.'),
      );
    }
    if (!dbPromise) {
      blockedByOtherTab = false;
      const opening = openIn(globalThis.indexedDB, databaseName, {
        upgrade,
        blocked() {
          // another tab holds an older version open; openDB waits until it closes
          blockedByOtherTab = true;
        },
        blocking() {
          // a newer version wants to upgrade in another tab: step aside, reopen on next use
          opening.then((db) => db.close()).catch(() => {});
          dbPromise = null;
        },
        terminated() {
          // the browser closed the connection abnormally (e.g. the user cleared site data)
          lostReason = 'the browser closed the database connection';
          dbPromise = null;
        },
      });
      dbPromise = opening;
      opening
        .then(() => {
          blockedByOtherTab = false;
        })
        .catch(() => {
          if (dbPromise === opening) dbPromise = null;
        });
    }
    return dbPromise;
  }

  /** @type {Promise<import('idb').IDBPDatabase | null> | null} */
  let mirrorPromise = null;

  // The second copy, or null where the browser has no Storage Buckets or the bucket cannot be
  // opened (then the pool works on the one copy, as before). `deadline` (a Date.now() value):
  // a mirror that does not answer by then is skipped, so it never makes a call time out.
  function openMirror(deadline) {
    if (closed || !globalThis.navigator?.storageBuckets) return Promise.resolve(null);
    if (!mirrorPromise) {
      const opening = (async () => {
        const bucket = await globalThis.navigator.storageBuckets.open(MIRROR_BUCKET, { durability: 'strict' });
        return openIn(bucket.indexedDB, databaseName, {
          upgrade,
          blocking() {
            opening.then((db) => db.close()).catch(() => {});
            mirrorPromise = null;
          },
          terminated() {
            mirrorPromise = null;
          },
        });
      })();
      const attempt = opening.catch(() => null);
      mirrorPromise = attempt;
      attempt.then((db) => {
        if (!db && mirrorPromise === attempt) mirrorPromise = null; // try again next time
      });
    }
    return within(mirrorPromise, deadline).then((db) => db ?? null);
  }

  // Every call gets `timeoutMs`, plus time in proportion to the work it was given (`extend`):
  // a 100k-person import or snapshot takes longer than one action, and must not be cut off as
  // a hang. A call that stalls still fails once its allowance is spent.
  function withTimeout(what, run) {
    let timer;
    let allowed = timeoutMs;
    const started = Date.now();
    let fail;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (blockedByOtherTab) {
          fail(
            new RunnerUpError(
              'storage_blocked',
              'Another tab is keeping an older version of the runner-up pool open, so it cannot be opened here. Close the other tabs of this page and reload.',
            ),
          );
        } else {
          fail(
            new RunnerUpError(
              'storage_timeout',
              `The browser did not finish ${what} within ${formatSeconds(allowed)}, so the change was not applied. Try again.`,
            ),
          );
        }
      }, Math.max(0, started + allowed - Date.now()));
    };
    const timeout = new Promise((_, reject) => {
      fail = reject;
    });
    arm();
    const extend = (extraMs) => {
      if (extraMs > 0) {
        allowed += extraMs;
        arm();
      }
      return started + allowed;
    };
    const work = Promise.resolve()
      .then(() => run(extend))
      .catch((cause) => {
        throw toStorageError(cause, what, lostReason);
      });
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  }

  // Stores events durably, all or nothing, with `put` (putAll or putMany) into each copy.
  function storeEvents(method, what, given, put, scrubbed = false, recorded = false) {
    return withTimeout(what, async (extend) => {
      if (!Array.isArray(given)) throw new RunnerUpError('invalid_field', `${method}() takes an array of events`);
      if (given.length === 0) return;
      const deadline = extend(writeAllowance(given.length)) - timeoutMs * 0.2;
      // sealed first: a new person's key is in the key file, flushed, before anything under it
      const events = await toRecords(given, scrubbed, recorded);
      const db = await open();
      // The main copy decides: refused there, the change is refused and the mirror is not
      // written (nothing unacknowledged comes back from it).
      await put(db, events, { tail: true });
      // Then the second copy, never at the same time: a crash tears at most one of them. If
      // it fails the change still stands (the main copy has it); the next load re-copies it.
      const mirror = await openMirror(deadline);
      if (mirror) await within(put(mirror, events), deadline).catch(() => {});
    });
  }

  return {
    databaseName,

    loadForOpen() {
      return withTimeout('loading the runner-up pool', async (extend) => {
        const db = await open();
        const tx = db.transaction(['meta', 'tail', 'tailBatches', 'batches'], 'readonly');
        let snapshot = null;
        const tail = [];
        await committed(tx, async () => {
          const meta = tx.objectStore('meta');
          const [saved, written] = await Promise.all([meta.get(SNAPSHOT_KEY), meta.get(TAIL_WRITTEN_KEY)]);
          // version 3 keeps the bytes in a Blob: IndexedDB hands back a handle at once, and reading
          // it is about twice as fast as structured-cloning the same bytes (86 MB at 100k people).
          // The Blob is read while the tail is (a Blob outlives its transaction); a Blob whose file
          // cannot be read any more is a damaged snapshot: no bytes, so that the open replays the log.
          // version 4 holds them sealed under the snapshot's own key (storage/keys.js): a snapshot
          // whose key is gone opens as a damaged one, from the log
          if (saved?.version === 4 && saved.blob instanceof Blob) {
            snapshot = saved.blob.arrayBuffer().then(
              async (b) => (await (await keyRing())?.openBytes({ k: saved.k, iv: saved.iv, body: new Uint8Array(b) })) ?? new Uint8Array(0),
              () => new Uint8Array(0),
            );
          } else if (saved?.blob instanceof Blob) snapshot = saved.blob.arrayBuffer().then((b) => new Uint8Array(b), () => new Uint8Array(0));
          else if (saved?.bytes instanceof Uint8Array) snapshot = saved.bytes; // stored by an earlier build
          else if (typeof saved?.text === 'string') snapshot = saved.text; // and before it
          // The tail, unless nothing was written to it since a compaction emptied it: reading an
          // emptied tail costs as much as reading a full one until LevelDB compacts away the
          // deletions (80-200 ms after a 100k import). Else a chunk at a time, each chunk extending
          // the time allowed (a count() first to size it would cost another such read).
          const emptied = saved && 'tailEmptiedAt' in saved && saved.tailEmptiedAt === (written ?? null);
          if (!emptied) {
            const store = tx.objectStore('tail');
            const getAll = (range, n) => (extend(readAllowance(n)), store.getAll(range, n));
            await readInChunks(getAll, (e) => e.id, READ_CHUNK, (e) => tail.push(e));
            // and the batches of an import stored since (putMany), each read whole
            const keys = await tx.objectStore('tailBatches').getAllKeys();
            extend(readAllowance(keys.length * BATCH));
            const batches = await Promise.all(keys.map((key) => tx.objectStore('batches').get(key)));
            mergeBatches(tail, batches);
          }
        });
        const bytes = await snapshot;
        return bytes === null ? null : { snapshot: bytes, tail: await fromRecords(tail) };
      });
    },

    /**
     * Runs `work` (a compaction: the snapshot taken and stored) with the pool's other tabs kept
     * out of theirs, under a Web Lock per pool. Two tabs compacting at once each destroyed every
     * snapshot key but their own, so the snapshot stored last could lose its key (the next open
     * then replayed the whole log); and a tab that had not yet applied what another had just
     * stored could replace that tab's snapshot with an older state.
     */
    exclusive(work) {
      return oneTabAtATime(`runnerup-snapshot:${databaseName}`, work);
    },

    saveSnapshot(snapshot, coveredIds) {
      return withTimeout('compacting the runner-up pool', async (extend) => {
        extend(writeAllowance(coveredIds.length, snapshot.length));
        // version 4 holds the core's binary snapshot as a Blob, sealed under a key of its own that
        // is destroyed once a newer snapshot is stored (below); version 3 held it unsealed, where
        // the browser cannot keep keys it still does; earlier builds stored it as bytes (version
        // 2) or as JSON text (version 1), and both are still read
        const ring = snapshot instanceof Uint8Array ? await keyRing() : null;
        let record;
        if (ring) {
          const sealed = await ring.sealBytes(snapshot, await ring.newSnapshotKey());
          record = { format: 'runnerup.idb-snapshot', version: 4, blob: new Blob([sealed.body]), iv: sealed.iv, k: sealed.k };
        } else if (snapshot instanceof Uint8Array) record = { format: 'runnerup.idb-snapshot', version: 3, blob: new Blob([snapshot]) };
        else record = { format: 'runnerup.idb-snapshot', version: 1, text: snapshot };
        const db = await open();
        const tx = db.transaction(['meta', 'tail', 'tailBatches', 'batchIds'], 'readwrite', { durability: 'strict' });
        // the tail loses what the snapshot covers: usually all of it, which is one clear() rather
        // than a delete per event (240,000 after a 100k import); else the covered ones. An
        // emptied tail is marked with the last write to it, so that the next open need not read it.
        // A batch of an import (putMany) leaves the tail once the snapshot covers all its events.
        await committed(tx, async () => {
          const tail = tx.objectStore('tail');
          const tailBatches = tx.objectStore('tailBatches');
          const covered = new Set(coveredIds);
          const [keys, written, batchKeys] = await Promise.all([tail.getAllKeys(), tx.objectStore('meta').get(TAIL_WRITTEN_KEY), tailBatches.getAllKeys()]);
          const batchIds = await Promise.all(batchKeys.map((key) => tx.objectStore('batchIds').get(key)));
          const batchCovered = batchIds.map((r) => !r || r.ids.every((id) => covered.has(id)));
          if (keys.every((id) => covered.has(id)) && batchCovered.every(Boolean)) {
            tail.clear().catch(() => {});
            tailBatches.clear().catch(() => {});
            record.tailEmptiedAt = written ?? null;
          } else {
            for (const id of keys) if (covered.has(id)) tail.delete(id).catch(() => {});
            batchKeys.forEach((key, k) => batchCovered[k] && tailBatches.delete(key).catch(() => {}));
          }
          tx.objectStore('meta').put(record, SNAPSHOT_KEY).catch(() => {});
        });
        // every older snapshot unreadable from now on, wherever its bytes still lie
        if (ring) await ring.keepOnlySnapshot(record.k);
      });
    },

    dropSnapshot() {
      return withTimeout('compacting the runner-up pool', async () => {
        const db = await open();
        const tx = db.transaction('meta', 'readwrite', { durability: 'strict' });
        tx.store.delete(SNAPSHOT_KEY).catch(() => {});
        await tx.done;
      });
    },

    loadEvents() {
      return withTimeout('loading the runner-up pool', async (extend) => {
        const db = await open();
        const stored = (await db.count('events')) + (await db.count('batches')) * BATCH;
        const deadline = extend(readAllowance(stored)) - timeoutMs * 0.2;
        // Read and compared a chunk at a time, the page running between chunks: at 100,000
        // people the log is 240,000 events, and reading (structured clone) and comparing them in
        // one go froze the page for seconds.
        const events = await getEverything(db);
        const mirror = await openMirror(deadline);
        if (!mirror) return fromRecords(events);
        const copied = await within(getEverything(mirror), deadline).catch(() => undefined);
        if (!copied) return fromRecords(events);
        // Merge: what either copy holds is kept; on a difference (a crash between the two writes
        // of a scrubbed rewrite) the main copy wins. Each copy then gets what it lacked.
        const other = new Map();
        await inSteps(copied, (e) => other.set(e.id, e));
        const mainIds = new Set();
        const toMirror = [];
        await inSteps(events, (e) => {
          mainIds.add(e.id);
          if (!sameVersion(other.get(e.id), e)) toMirror.push(e);
        });
        const restore = copied.filter((e) => !mainIds.has(e.id));
        // best effort: if a write-back fails, the next load tries again
        if (restore.length > 0) await putMany(db, restore, { tail: true }).catch(() => {});
        if (toMirror.length > 0) await within(putMany(mirror, toMirror), deadline).catch(() => {});
        return fromRecords([...events, ...restore]);
      });
    },

    /**
     * Tells storage whom each event is about (the core's answer, CorePool.subjects): the events
     * about a person are stored sealed under their key. Until it is told, events are stored as
     * they are.
     * @param {(events: object[]) => string[]} subjects
     */
    subjectsFrom(subjects) {
      subjectsOf = subjects;
    },

    /**
     * Moves a pool stored by an earlier build over, once: every event stored as it is that the
     * core says is about a person is sealed under their key, written over its old version
     * wherever that is kept, `SEAL_STEP` events per transaction (`onProgress({phase: 'sealing',
     * sealed, total})` after each); the erased people's events (`erasedIds`: their scrubbed
     * forms) stay as they are. Then the mirror bucket is deleted, with the files of its LevelDB
     * (which still hold the old versions), and written again from the main copy. Resolves with
     * `{sealed, moved}`: `moved` when this call sealed anything (the pool should then store a
     * sealed snapshot: its last one was stored unsealed).
     * @param {string[]} erasedIds
     */
    sealStored(erasedIds, { onProgress } = {}) {
      return withTimeout('sealing the runner-up pool', async (extend) => {
        const ring = await keyRing();
        if (!ring || !subjectsOf) return { sealed: 0, moved: false };
        const db = await open();
        if ((await db.get('meta', SEALED_KEY)) === true) return { sealed: 0, moved: false };
        const records = await getEverything(db);
        extend(writeAllowance(records.length) * 2);
        const plain = records.filter((r) => !isSealed(r));
        const subjects = plain.length > 0 ? subjectsOf(plain) : [];
        const erased = new Set(erasedIds);
        const todo = plain.filter((r, k) => subjects[k] && !erased.has(subjects[k]));
        for (let at = 0; at < todo.length; at += SEAL_STEP) {
          const chunk = todo.slice(at, at + SEAL_STEP);
          await replaceStored(db, await ring.seal(chunk, subjectsOf(chunk)));
          onProgress?.({ phase: 'sealing', sealed: at + chunk.length, total: todo.length });
          await yieldToPage();
        }
        // the mirror: deleted with its files, then written again from the main copy
        if (todo.length > 0 && globalThis.navigator?.storageBuckets) {
          const mirror = mirrorPromise;
          mirrorPromise = null;
          await mirror?.then((m) => m?.close()).catch(() => {});
          await globalThis.navigator.storageBuckets.delete(MIRROR_BUCKET).catch(() => {});
          const fresh = await openMirror(Date.now() + timeoutMs);
          if (fresh) await putMany(fresh, await getEverything(db)).catch(() => {});
        }
        // the default storage's LevelDB still holds the unsealed versions in its log and tables:
        // enough writes elsewhere make it compact them away
        if (todo.length > 0) {
          extend((purgeBytes(todo.length) / 1e6) * 500); // 0.5 s per MB written
          await pushOutOldVersions(purgeBytes(todo.length), onProgress);
        }
        const tx = db.transaction('meta', 'readwrite', { durability: 'strict' });
        tx.store.put(true, SEALED_KEY).catch(() => {});
        await tx.done;
        return { sealed: todo.length, moved: todo.length > 0 };
      });
    },

    /**
     * Destroys the erased people's keys, flushed before it resolves: every sealed copy of their
     * events, in whichever file it lies, can no longer be read. Called once their scrubbed events
     * are stored (append with `scrubbed`).
     * @param {string[]} candidateIds
     */
    shred(candidateIds) {
      return withTimeout('erasing', async () => {
        const ring = await keyRing();
        if (ring) await ring.destroyPeople(candidateIds);
      });
    },

    // `scrubbed`: the core's scrubbed forms of an erased person's events, stored as they are;
    // `recorded`: an action recorded here (refused with `erased` when it is about a person another
    // tab erased meanwhile: storage/keys.js)
    append(events, { scrubbed = false, recorded = false } = {}) {
      return storeEvents('append', 'saving the change', events, putAll, scrubbed, recorded);
    },

    // the same for many events at once (an import): a thousand to a record
    appendMany(events) {
      return storeEvents('appendMany', 'saving the import', events, putMany);
    },

    close() {
      closed = true;
      const pending = dbPromise;
      dbPromise = null;
      if (pending) pending.then((db) => db.close()).catch(() => {});
      const mirror = mirrorPromise;
      mirrorPromise = null;
      if (mirror) mirror.then((db) => db?.close()).catch(() => {});
      const ring = ringPromise;
      ringPromise = null;
      if (ring) ring.then((r) => r?.close()).catch(() => {});
    },
  };
}

/** Runs `work` under the Web Lock `name` (one tab of the origin at a time), or as it is where the browser has no Web Locks. */
function oneTabAtATime(name, work) {
  const locks = globalThis.navigator?.locks;
  return locks && typeof locks.request === 'function' ? locks.request(name, work) : work();
}

/**
 * Whether two stored records of one event id are one version of it: sealed ones by their key
 * and IV (new on every seal), compared byte by byte (a text made of each IV took 0.1 s of one
 * step at 100,000 people); others by their JSON.
 */
function sameVersion(a, b) {
  if (!a || !b) return false;
  if (isSealed(a) !== isSealed(b)) return false;
  if (!isSealed(a)) return JSON.stringify(a) === JSON.stringify(b);
  if (a.k !== b.k || a.iv.length !== b.iv.length) return false;
  for (let i = 0; i < a.iv.length; i++) if (a.iv[i] !== b.iv[i]) return false;
  return true;
}

const PURGE_DATABASE = 'runnerup-purge'; // written and deleted once a pool stored unsealed is moved over
const PURGE_VALUE = 4000; // bytes per value: small enough to stay in LevelDB (larger ones go to files of their own)
const PURGE_PER_TX = 256; // values per transaction (about 1 MB)
const PURGE_MIN = 16e6; // bytes written at least: 16 MB made Chromium drop a small pool's old versions
const PURGE_MAX = 512e6;

/** How much to write to push out the old versions of `moved` events: about twice what they took. */
function purgeBytes(moved) {
  return Math.min(PURGE_MAX, Math.max(PURGE_MIN, moved * 2000));
}

/**
 * Writes `bytes` of random values into a scratch database of the site's default storage, then
 * deletes it. A page cannot make IndexedDB's LevelDB drop the old versions of records it
 * overwrote (its log and table files keep them until its own compaction); this much writing makes
 * LevelDB flush and compact its tables, which drops every version that a newer one hides
 * (`onProgress({phase: 'purging', written, total})` as it goes). Measured in Chromium: 16 MB
 * removed the unsealed versions of a small pool from every file (8 MB did not); a large pool's
 * older versions lie in deeper tables, hence twice the size of what was moved.
 */
async function pushOutOldVersions(bytes, onProgress) {
  const db = await openDB(PURGE_DATABASE, 1, {
    upgrade(d) {
      if (!d.objectStoreNames.contains('filler')) d.createObjectStore('filler');
    },
  }).catch(() => null);
  if (!db) return;
  try {
    const rounds = Math.ceil(bytes / (PURGE_VALUE * PURGE_PER_TX));
    for (let round = 0; round < rounds; round++) {
      const tx = db.transaction('filler', 'readwrite');
      for (let k = 0; k < PURGE_PER_TX; k++) {
        const value = new Uint8Array(PURGE_VALUE);
        for (let at = 0; at < PURGE_VALUE; at += 65536) crypto.getRandomValues(value.subarray(at, Math.min(PURGE_VALUE, at + 65536)));
        tx.store.put(value, round * PURGE_PER_TX + k);
      }
      await tx.done;
      onProgress?.({ phase: 'purging', written: (round + 1) * PURGE_PER_TX * PURGE_VALUE, total: rounds * PURGE_PER_TX * PURGE_VALUE });
      if (round % 16 === 15) await yieldToPage();
    }
  } finally {
    db.close();
    await new Promise((resolve) => {
      const request = globalThis.indexedDB.deleteDatabase(PURGE_DATABASE);
      request.onsuccess = request.onerror = request.onblocked = () => resolve();
    });
  }
}

const MERGE_STEP = 4000; // events compared per step when the two copies are merged
const SUBJECTS_STEP = 4000; // events whose subjects the core is asked per step before they are sealed (toRecords)
const SEAL_STEP = 5000; // events sealed per transaction when a pool stored unsealed is moved over

/** Calls `each` on every item, yielding to the page every MERGE_STEP items. */
async function inSteps(items, each) {
  for (let at = 0; at < items.length; at += MERGE_STEP) {
    await yieldToPage(); // also before the first: the read that gave `items` ended a task's work
    const end = Math.min(items.length, at + MERGE_STEP);
    for (let k = at; k < end; k++) each(items[k]);
  }
}

/**
 * Time allowed beyond the base timeout for reading or writing `events` events (and `bytes` of
 * snapshot text): generous (a loaded machine writes a 100k-person import, about 240,000 events
 * twice over, in 30-60 s), so only a stalled call runs out of it.
 */
function writeAllowance(events, bytes = 0) {
  return events * 0.5 + bytes / 20_000;
}
function readAllowance(events) {
  return events * 0.2;
}

/** Resolves like `promise`, or with undefined once Date.now() reaches `deadline`. */
function within(promise, deadline) {
  let timer;
  const late = new Promise((resolve) => {
    timer = setTimeout(() => resolve(undefined), Math.max(0, deadline - Date.now()));
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

function formatSeconds(ms) {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}

