// The IndexedDB schema of a pool's database (`runnerup:<pool>`, in the page's IndexedDB and in the
// mirror's Storage Bucket): its version and the stores each version added, the keys of the
// `meta` store, and opening the database on a given IDBFactory.
import { wrap } from 'idb';

export const DB_VERSION = 3;
/** The key of the compacted pool (a core snapshot) in the `meta` store. */
export const SNAPSHOT_KEY = 'snapshot';
/**
 * The key of a mark (any string, new on every write) of the last write to the `tail` store; a
 * snapshot record whose `tailEmptiedAt` equals it emptied the tail, and nothing came since.
 */
export const TAIL_WRITTEN_KEY = 'tail-written';
/**
 * The key of the mark (true) that every event about a person is stored sealed (storage/keys.js):
 * set once a pool stored by an earlier build has been moved over (storage.js sealStored).
 */
export const SEALED_KEY = 'sealed';

// Version 1: `events` (every event, by id) and `meta`. Version 2 adds `tail`: a copy of each
// event stored since the last snapshot (meta "snapshot"), so a pool opens from the snapshot
// and its tail instead of replaying the whole log.
export function upgrade(db, oldVersion) {
  if (oldVersion < 1) {
    db.createObjectStore('events', { keyPath: 'id' });
    db.createObjectStore('meta');
  }
  if (oldVersion < 2) db.createObjectStore('tail', { keyPath: 'id' });
  if (oldVersion < 3) {
    // Version 3: events stored many at once (an import; stores.js putMany) are kept BATCH to a record:
    // `batches` {key, events}, `batchIds` {key, ids} (indexed by event id, so that a later
    // version of an event, an erasure's scrubbed one, replaces it there too) and `tailBatches`
    // {key} (the batches stored since the last snapshot).
    db.createObjectStore('batches', { keyPath: 'key' });
    db.createObjectStore('batchIds', { keyPath: 'key' }).createIndex('byEvent', 'ids', { multiEntry: true });
    db.createObjectStore('tailBatches', { keyPath: 'key' });
  }
}

/** idb's openDB, on a given IDBFactory (the page's, or a Storage Bucket's). */
export function openIn(factory, name, { upgrade: onUpgrade, blocked, blocking, terminated }) {
  const request = factory.open(name, DB_VERSION);
  const opening = wrap(request);
  request.addEventListener('upgradeneeded', (event) => onUpgrade(wrap(request.result), event.oldVersion));
  if (blocked) request.addEventListener('blocked', () => blocked());
  opening
    .then((db) => {
      if (terminated) db.addEventListener('close', () => terminated());
      if (blocking) db.addEventListener('versionchange', () => blocking());
    })
    .catch(() => {});
  return opening;
}
