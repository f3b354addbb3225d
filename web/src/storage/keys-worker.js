// The key file's worker (dist/runnerup-keys.js): a pool's keys in one file of the Origin Private
// File System, written in place through a FileSystemSyncAccessHandle (only a dedicated worker may
// hold one) and flushed before it answers. Destroying a key overwrites its bytes in that file,
// where they were: no copy is left in a log or a database, as IndexedDB's LevelDB would keep.
//
// The file is an array of 64-byte slots: a 32-byte name (its first byte 1 for a person's key, 2
// for a snapshot's; all zeros: a free slot) and the 32-byte AES key. A person's destroyed key
// leaves a tombstone: the name with a key of zeros, so that no tab makes them a key again (an
// event about an erased person, recorded in a tab that had not yet heard of the erasure, is then
// refused instead of being sealed under a new key that nobody would destroy). Every operation runs under a
// Web Lock named after the file, so the pool's other tabs (each with its own worker and handle,
// opened 'readwrite-unsafe') never interleave with it. Where each name lies is remembered between
// operations and checked against the file (one slot read) before it is used: another tab may have
// destroyed or moved it meanwhile, and then the whole file is read again.
//
// Two copies of the file, as of the events (storage.js): one in the site's default storage, one in
// the Storage Bucket `runnerup-mirror` where the browser has buckets. A key is written to both and
// flushed in both before it is used, taken from the second where the first lacks it (and copied
// back), and destroyed in both.
//
// Messages: {id, op: 'get' | 'ensure' | 'destroy' | 'destroyKind', file, names?, keep?, kind?};
// answers {id, ok: true, bytes} (get, ensure: a slot per name asked, all zeros where there is
// none; else nothing) or {id, ok: false, name, message}.
const SLOT = 64;
const NAME = 32;
const MIRROR_BUCKET = 'runnerup-mirror'; // as storage.js
const files = new Map(); // copy + file -> Promise<{id, handle, shared, where: Map<name (binary string), offset>, free, size} | null>
// A browser whose sync access handles have no modes (Safari) gives one tab at a time the file: there
// the handle is held for one operation only (opened under the Web Lock, closed before it is
// released), so the pool's tabs take turns instead of the second one failing to open the file and
// storing unsealed. `?exclusive` on the worker's URL behaves so anywhere (the tests use it).
const TAKE_TURNS = new URL(self.location.href).searchParams.has('exclusive');

/** The key file's two copies: the main one, and the mirror bucket's (null where there is none). */
async function copiesOf(file) {
  const main = await fileOf(file, 'main');
  const mirror = await fileOf(file, 'mirror').catch(() => null);
  return mirror ? [main, mirror] : [main];
}

function fileOf(file, copy) {
  const id = `${copy}:${file}`;
  if (!files.has(id)) {
    const opening = (async () => {
      const root =
        copy === 'main'
          ? await navigator.storage.getDirectory()
          : await (await navigator.storageBuckets.open(MIRROR_BUCKET, { durability: 'strict' })).getDirectory();
      const dir = await root.getDirectoryHandle('runnerup-keys', { create: true });
      const entry = await dir.getFileHandle(file, { create: true });
      let handle = null;
      if (!TAKE_TURNS) {
        try {
          handle = await entry.createSyncAccessHandle({ mode: 'readwrite-unsafe' });
        } catch (error) {
          if (error?.name !== 'TypeError') throw error;
        }
      }
      handle ??= await entry.createSyncAccessHandle();
      // (a browser without modes ignores the option: its handle has no `mode`, and is exclusive)
      return { id, handle, shared: handle.mode === 'readwrite-unsafe', where: new Map(), free: [], size: 0 };
    })();
    files.set(id, opening);
    opening.catch(() => files.delete(id));
  }
  return files.get(id);
}

const key = (bytes, at) => String.fromCharCode.apply(null, bytes.subarray(at, at + NAME));

/** Whether a slot is a tombstone (a name, and a key of zeros). */
const isTombstone = (slot) => slot.subarray(NAME, SLOT).every((b) => b === 0);

/** Reads the whole file again: where each name lies and which slots are free. */
function index(f) {
  const size = f.handle.getSize();
  const bytes = new Uint8Array(size - (size % SLOT));
  f.handle.read(bytes, { at: 0 });
  f.where = new Map();
  f.free = [];
  for (let at = 0; at < bytes.length; at += SLOT) {
    let zero = true;
    for (let i = at; i < at + NAME; i++) {
      if (bytes[i] !== 0) {
        zero = false;
        break;
      }
    }
    if (zero) f.free.push(at);
    else f.where.set(key(bytes, at), at);
  }
  f.size = bytes.length;
}

/**
 * The slot of `name`, checked in the file; null where there is none. `op.indexed`: the file was
 * read whole in this operation already (once is enough: the lock keeps other tabs out).
 */
function slotOf(f, name, op) {
  const k = key(name, 0);
  const at = f.where.get(k);
  if (at !== undefined) {
    const slot = new Uint8Array(SLOT);
    f.handle.read(slot, { at });
    if (key(slot, 0) === k) return slot;
  }
  if (op.indexed) return null;
  index(f);
  op.indexed = true;
  return slotOf(f, name, op);
}

/** Writes `slot` (a name and its key) into `f`: over the name's slot where it has one, else in a free one. */
function put(f, slot, op) {
  const k = key(slot, 0);
  if (!op.indexed) {
    index(f);
    op.indexed = true;
  }
  let at = f.where.get(k);
  if (at === undefined) at = f.free.length > 0 ? f.free.shift() : (f.size += SLOT) - SLOT;
  f.handle.write(slot, { at });
  f.where.set(k, at);
}

const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

/** A tombstone: the name of an erased person with a key of zeros (never made again). */
function tombstone(name) {
  const slot = new Uint8Array(SLOT);
  slot.set(name, 0);
  return slot;
}

const ops = {
  // the named keys as the file holds them (the mirror's copy where the main one lacks them)
  get(copies, { names }) {
    const out = new Uint8Array(names.length * SLOT);
    const state = copies.map(() => ({ indexed: false }));
    names.forEach((name, k) => {
      for (let c = 0; c < copies.length; c++) {
        const slot = slotOf(copies[c], name, state[c]);
        if (slot) {
          out.set(slot, k * SLOT);
          break;
        }
      }
    });
    return out;
  },
  // the named keys, made (random) where neither copy has them, and written and flushed into each
  // copy that lacks them or holds another key under the name (the main copy's key wins; a
  // tombstone in either copy wins over a key: that person was erased)
  ensure(copies, { names }) {
    const out = new Uint8Array(names.length * SLOT);
    const state = copies.map(() => ({ indexed: false }));
    const written = copies.map(() => false);
    names.forEach((name, k) => {
      const found = copies.map((f, c) => slotOf(f, name, state[c]));
      let slot = found.find((s) => s && isTombstone(s)) ?? found.find(Boolean);
      if (!slot) {
        slot = new Uint8Array(SLOT);
        slot.set(name, 0);
        crypto.getRandomValues(slot.subarray(NAME));
      }
      copies.forEach((f, c) => {
        if (found[c] && same(found[c], slot)) return;
        put(f, slot, state[c]);
        written[c] = true;
      });
      out.set(slot, k * SLOT);
    });
    copies.forEach((f, c) => written[c] && f.handle.flush());
    return out;
  },
  // the named people's keys overwritten where they lie with their tombstones (written where they
  // had none), in each copy, flushed
  destroy(copies, { names }) {
    for (const f of copies) {
      const op = { indexed: false };
      for (const name of names) put(f, tombstone(name), op);
      f.handle.flush();
    }
    return new Uint8Array(0);
  },
  // every key of a kind (the first byte of its name) but `keep`, overwritten with zeros in each
  // copy, flushed
  destroyKind(copies, { kind, keep }) {
    const kept = keep ? key(keep, 0) : null;
    for (const f of copies) {
      index(f);
      let written = false;
      for (const [name, at] of [...f.where]) {
        if (name.charCodeAt(0) !== kind || name === kept) continue;
        f.handle.write(new Uint8Array(SLOT), { at });
        f.where.delete(name);
        f.free.push(at);
        written = true;
      }
      if (written) f.handle.flush();
    }
    return new Uint8Array(0);
  },
};

/** Closes an exclusive handle at the end of an operation (the next opens it again): the other tabs' turn. */
function release(f) {
  if (f.shared) return;
  files.delete(f.id);
  f.handle.close();
}

onmessage = ({ data: m }) => {
  navigator.locks
    .request(`runnerup-keys:${m.file}`, async () => {
      const copies = await copiesOf(m.file);
      try {
        return ops[m.op](copies, m);
      } finally {
        copies.forEach(release);
      }
    })
    .then(
      (bytes) => postMessage({ id: m.id, ok: true, bytes }, [bytes.buffer]),
      (error) => postMessage({ id: m.id, ok: false, name: error?.name ?? 'Error', message: String(error?.message ?? error) }),
    );
};
