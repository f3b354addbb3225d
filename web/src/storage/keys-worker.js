// The key file's worker (dist/runnerup-keys.js): a pool's keys in one file of the Origin Private
// File System, written in place through a FileSystemSyncAccessHandle (only a dedicated worker may
// hold one) and flushed before it answers. Destroying a key overwrites its bytes in that file,
// where they were: no copy is left in a log or a database, as IndexedDB's LevelDB would keep.
//
// The file is an array of 64-byte slots: a 32-byte name (its first byte 1 for a person's key, 2
// for a snapshot's; all zeros: a free slot) and the 32-byte AES key. Every operation runs under a
// Web Lock named after the file, so the pool's other tabs (each with its own worker and handle,
// opened 'readwrite-unsafe') never interleave with it. Where each name lies is remembered between
// operations and checked against the file (one slot read) before it is used: another tab may have
// destroyed or moved it meanwhile, and then the whole file is read again.
//
// Messages: {id, op: 'get' | 'ensure' | 'destroy' | 'destroyKind', file, names?, keep?, kind?};
// answers {id, ok: true, bytes} (get, ensure: a slot per name asked, all zeros where there is
// none; else nothing) or {id, ok: false, name, message}.
const SLOT = 64;
const NAME = 32;
const files = new Map(); // file -> Promise<{handle, where: Map<name (binary string), offset>, size}>

function fileOf(file) {
  if (!files.has(file)) {
    const opening = (async () => {
      const root = await navigator.storage.getDirectory();
      const dir = await root.getDirectoryHandle('runnerup-keys', { create: true });
      const entry = await dir.getFileHandle(file, { create: true });
      let handle;
      try {
        handle = await entry.createSyncAccessHandle({ mode: 'readwrite-unsafe' });
      } catch (error) {
        if (error?.name !== 'TypeError') throw error;
        handle = await entry.createSyncAccessHandle(); // a browser without modes: one tab at a time
      }
      return { handle, where: new Map(), free: [], size: 0 };
    })();
    files.set(file, opening);
    opening.catch(() => files.delete(file));
  }
  return files.get(file);
}

const key = (bytes, at) => String.fromCharCode.apply(null, bytes.subarray(at, at + NAME));

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

const ops = {
  // the named keys as the file holds them
  get(f, { names }) {
    const out = new Uint8Array(names.length * SLOT);
    const op = { indexed: false };
    names.forEach((name, k) => {
      const slot = slotOf(f, name, op);
      if (slot) out.set(slot, k * SLOT);
    });
    return out;
  },
  // the named keys, made (random) and flushed where missing
  ensure(f, { names }) {
    const out = new Uint8Array(names.length * SLOT);
    const op = { indexed: false };
    let written = false;
    names.forEach((name, k) => {
      const found = slotOf(f, name, op);
      if (found) {
        out.set(found, k * SLOT);
        return;
      }
      const slot = out.subarray(k * SLOT, (k + 1) * SLOT);
      slot.set(name, 0);
      crypto.getRandomValues(slot.subarray(NAME));
      const at = f.free.length > 0 ? f.free.shift() : (f.size += SLOT) - SLOT;
      f.handle.write(slot, { at });
      f.where.set(key(name, 0), at);
      written = true;
    });
    if (written) f.handle.flush();
    return out;
  },
  // the named keys overwritten with zeros where they lie, flushed
  destroy(f, { names }) {
    index(f);
    let written = false;
    for (const name of names) {
      const at = f.where.get(key(name, 0));
      if (at === undefined) continue;
      f.handle.write(new Uint8Array(SLOT), { at });
      f.where.delete(key(name, 0));
      f.free.push(at);
      written = true;
    }
    if (written) f.handle.flush();
    return new Uint8Array(0);
  },
  // every key of a kind (the first byte of its name) but `keep`, overwritten with zeros, flushed
  destroyKind(f, { kind, keep }) {
    index(f);
    const kept = keep ? key(keep, 0) : null;
    let written = false;
    for (const [name, at] of [...f.where]) {
      if (name.charCodeAt(0) !== kind || name === kept) continue;
      f.handle.write(new Uint8Array(SLOT), { at });
      f.where.delete(name);
      f.free.push(at);
      written = true;
    }
    if (written) f.handle.flush();
    return new Uint8Array(0);
  },
};

onmessage = ({ data: m }) => {
  navigator.locks
    .request(`runnerup-keys:${m.file}`, async () => ops[m.op](await fileOf(m.file), m))
    .then(
      (bytes) => postMessage({ id: m.id, ok: true, bytes }, [bytes.buffer]),
      (error) => postMessage({ id: m.id, ok: false, name: error?.name ?? 'Error', message: String(error?.message ?? error) }),
    );
};
