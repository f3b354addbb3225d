// The key file's worker (dist/runnerup-keys.js): a pool's keys in one file of the Origin Private
// File System, written in place through a FileSystemSyncAccessHandle (only a dedicated worker may
// hold one) and flushed before it answers. Destroying a key overwrites its bytes in that file,
// where they were: no copy is left in a log or a database, as IndexedDB's LevelDB would keep.
//
// The file is an array of 64-byte slots: a 32-byte name (its first byte 1 for a person's key, 2
// for a snapshot's; all zeros: a free slot) and the 32-byte AES key. Every operation runs under a
// Web Lock named after the file, so the pool's other tabs (each with its own worker and handle,
// opened 'readwrite-unsafe') never interleave with it.
//
// Messages: {id, op: 'read' | 'ensure' | 'destroy' | 'destroyKind', file, names?, keep?, kind?};
// answers {id, ok: true, bytes} (read: the whole file; ensure: the slots asked for; else none) or {id, ok: false, name, message}.
const SLOT = 64;
const NAME = 32;
const handles = new Map(); // file -> Promise<FileSystemSyncAccessHandle>

function handleOf(file) {
  if (!handles.has(file)) {
    const opening = (async () => {
      const root = await navigator.storage.getDirectory();
      const dir = await root.getDirectoryHandle('runnerup-keys', { create: true });
      const entry = await dir.getFileHandle(file, { create: true });
      try {
        return await entry.createSyncAccessHandle({ mode: 'readwrite-unsafe' });
      } catch (error) {
        if (error?.name !== 'TypeError') throw error;
        return entry.createSyncAccessHandle(); // a browser without modes: one tab at a time
      }
    })();
    handles.set(file, opening);
    opening.catch(() => handles.delete(file));
  }
  return handles.get(file);
}

function readAll(handle) {
  const bytes = new Uint8Array(handle.getSize() - (handle.getSize() % SLOT));
  handle.read(bytes, { at: 0 });
  return bytes;
}

const isZero = (bytes, at, n) => {
  for (let i = at; i < at + n; i++) if (bytes[i] !== 0) return false;
  return true;
};
const sameName = (bytes, at, name) => {
  for (let i = 0; i < NAME; i++) if (bytes[at + i] !== name[i]) return false;
  return true;
};
function find(bytes, name) {
  for (let at = 0; at < bytes.length; at += SLOT) if (sameName(bytes, at, name)) return at;
  return -1;
}

const ops = {
  read(handle) {
    return readAll(handle);
  },
  // every named key, made (random) and flushed where missing; answers their slots
  ensure(handle, { names }) {
    const bytes = readAll(handle);
    const out = new Uint8Array(names.length * SLOT);
    let written = false;
    let end = bytes.length;
    const free = [];
    for (let at = 0; at < bytes.length; at += SLOT) if (isZero(bytes, at, NAME)) free.push(at);
    names.forEach((name, k) => {
      const found = find(bytes, name);
      if (found >= 0) {
        out.set(bytes.subarray(found, found + SLOT), k * SLOT);
        return;
      }
      const slot = out.subarray(k * SLOT, (k + 1) * SLOT);
      slot.set(name, 0);
      crypto.getRandomValues(slot.subarray(NAME));
      const at = free.length > 0 ? free.shift() : (end += SLOT) - SLOT;
      handle.write(slot, { at });
      if (at < bytes.length) bytes.set(slot, at);
      written = true;
    });
    if (written) handle.flush();
    return out;
  },
  // the named keys overwritten with zeros where they lie, flushed
  destroy(handle, { names }) {
    const bytes = readAll(handle);
    let written = false;
    for (const name of names) {
      for (let at = find(bytes, name); at >= 0; at = find(bytes, name)) {
        handle.write(new Uint8Array(SLOT), { at });
        bytes.fill(0, at, at + SLOT);
        written = true;
      }
    }
    if (written) handle.flush();
    return new Uint8Array(0);
  },
  // every key of a kind (the first byte of its name) but `keep`, overwritten with zeros, flushed
  destroyKind(handle, { kind, keep }) {
    const bytes = readAll(handle);
    let written = false;
    for (let at = 0; at < bytes.length; at += SLOT) {
      if (bytes[at] !== kind || (keep && sameName(bytes, at, keep))) continue;
      handle.write(new Uint8Array(SLOT), { at });
      bytes.fill(0, at, at + SLOT);
      written = true;
    }
    if (written) handle.flush();
    return new Uint8Array(0);
  },
};

onmessage = ({ data: m }) => {
  navigator.locks
    .request(`runnerup-keys:${m.file}`, async () => ops[m.op](await handleOf(m.file), m))
    .then(
      (bytes) => postMessage({ id: m.id, ok: true, bytes }, [bytes.buffer]),
      (error) => postMessage({ id: m.id, ok: false, name: error?.name ?? 'Error', message: String(error?.message ?? error) }),
    );
};
