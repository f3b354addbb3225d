// Crypto-shredding: a pool's personal data is stored sealed (AES-GCM, WebCrypto) under keys that
// live in a key file of the Origin Private File System, written in place by a worker
// (keys-worker.js, bundled as dist/runnerup-keys.js beside runnerup.js). Each person has a key of
// their own: the events the core says are about them are sealed under it, and erasing them
// overwrites it in the key file, flushed, so the copies IndexedDB's LevelDB keeps (its log, its
// tables after a compaction, the mirror bucket's) can no longer be read by anyone. Each snapshot
// has a key of its own too, destroyed once the next snapshot is stored. The key file has a second
// copy in the mirror bucket's file system, kept by the worker alongside the first.
//
//   const ring = await openKeyRing('acme');               // null where the browser cannot
//   const record = await ring.seal(event, 'cand-1');      // {id, k, iv, body}
//   const event = await ring.open(record);                // null once the key is destroyed
//   await ring.destroyPeople(['cand-1']);                 // flushed before it resolves
import { RunnerUpError } from '../errors.js';
import { yieldToPage } from '../tasks.js';

const PERSON = 1;
const SNAPSHOT = 2;
const KEY_FILE_SUFFIX = '.keys';
// Records sealed or opened per step (decrypts in flight at once), key names made per step, and
// key slots taken per step: at 100,000 people each of these, done in one go, held the page for a
// second or more (a record is stringified or parsed as well as encrypted, and its key imported
// the first time it is used). The page gets its turn between steps.
const OPEN_CHUNK = 250;
const KEY_STEP = 2000;
const LEARN_STEP = 1000;

/** The worker's script: beside the bundle (runnerup.js), so a strict CSP's 'self' admits it. */
export const KEYS_WORKER = 'runnerup-keys.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
const hex = (bytes) => {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]];
  return out;
};

/** A name of the key file (32 bytes): its kind, then 31 bytes of the SHA-256 of `text`. */
async function nameOf(kind, text) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
  digest[0] = kind;
  return digest;
}

/**
 * Opens the key ring of a pool: a worker holding the pool's key file. Resolves with null where the
 * browser offers no worker, no Origin Private File System or no sync access handles (the pool is
 * then stored unsealed, as before), or where the page's policy refuses the worker.
 * @param {string} poolName
 * @param {{workerUrl?: string | URL}} [options]
 */
export async function openKeyRing(poolName, { workerUrl } = {}) {
  if (typeof Worker !== 'function' || !globalThis.crypto?.subtle || !globalThis.navigator?.storage?.getDirectory) return null;
  let worker;
  const url = String(workerUrl ?? new URL(`./${KEYS_WORKER}`, import.meta.url));
  try {
    worker = new Worker(trustedWorkerUrl(url));
  } catch {
    return null; // the page's policy (CSP, Trusted Types) refused it
  }
  const ring = new KeyRing(worker, `${encodeURIComponent(poolName)}${KEY_FILE_SUFFIX}`);
  try {
    await ring.ready(); // the worker runs and holds the key file
  } catch {
    worker.terminate();
    return null;
  }
  return ring;
}

export class KeyRing {
  #worker;
  #file;
  #next = 0;
  #waiting = new Map();
  /** @type {Map<string, {raw: string, key: CryptoKey}>} name (hex) -> the key (and its bytes, hex) */
  #keys = new Map();
  /** @type {Map<string, string>} person -> name (hex) */
  #names = new Map();
  /** @type {Set<string>} names (hex) of erased people: their tombstones in the key file */
  #erased = new Set();
  #failed = null;

  constructor(worker, file) {
    this.#worker = worker;
    this.#file = file;
    worker.onmessage = ({ data }) => {
      const waiting = this.#waiting.get(data.id);
      if (!waiting) return;
      this.#waiting.delete(data.id);
      if (data.ok) waiting.resolve(data.bytes);
      else waiting.reject(new RunnerUpError('storage_failed', `The browser could not keep the pool's keys (${data.name}: ${data.message}); nothing was changed.`));
    };
    worker.onerror = (event) => {
      event.preventDefault?.();
      this.#failed = new RunnerUpError('storage_failed', "The pool's key file could not be opened in this browser; nothing was changed.");
      for (const w of this.#waiting.values()) w.reject(this.#failed);
      this.#waiting.clear();
    };
  }

  #ask(op, fields = {}) {
    if (this.#failed) return Promise.reject(this.#failed);
    const id = ++this.#next;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.#worker.postMessage({ id, op, file: this.#file, ...fields });
    });
  }

  /** Takes key slots as the worker answered them (a slot of zeros: no such key). */
  async #learn(bytes) {
    for (let at = 0, slot = 0; at + 64 <= bytes.length; at += 64, slot++) {
      if (slot > 0 && slot % LEARN_STEP === 0) await yieldToPage();
      if (bytes[at] === 0) continue;
      const name = hex(bytes.subarray(at, at + 32));
      const raw = bytes.subarray(at + 32, at + 64);
      if (raw.every((b) => b === 0)) {
        // a tombstone: the person was erased (here or in another tab); no key, ever again
        this.#keys.delete(name);
        this.#erased.add(name);
        continue;
      }
      // an answer given before the tombstone, taken in steps while a later one was: still erased
      if (this.#erased.has(name)) continue;
      const rawHex = hex(raw);
      // a key another tab destroyed and made again is another key: taken anew. Kept as its
      // text and imported when first used (#key): importing 100,000 keys as they were read was
      // most of a long task, and 100,000 live ArrayBuffers slow every garbage collection.
      if (this.#keys.get(name)?.raw !== rawHex) this.#keys.set(name, { raw: rawHex, key: null });
    }
  }

  /** The named key as a CryptoKey (a promise of it), imported on first use; null when not held. */
  #key(name) {
    const entry = this.#keys.get(name);
    if (!entry) return null;
    if (!entry.key) {
      entry.key = crypto.subtle.importKey('raw', fromHex(entry.raw), 'AES-GCM', false, ['encrypt', 'decrypt']);
      entry.key.catch(() => {});
    }
    return entry.key;
  }

  /** Resolves once the worker runs and holds the key file. */
  async ready() {
    await this.#ask('get', { names: [] });
  }

  /** Takes the named keys (hex) this ring lacks from the key file, where it has them. */
  async #fetch(names) {
    const missing = [...new Set(names)].filter((n) => !this.#keys.has(n) && !this.#erased.has(n));
    if (missing.length > 0) await this.#learn(await this.#ask('get', { names: missing.map(fromHex) }));
  }

  async #personName(person) {
    let name = this.#names.get(person);
    if (!name) {
      name = hex(await nameOf(PERSON, person));
      this.#names.set(person, name);
    }
    return name;
  }

  /**
   * Makes sure each person has a key, made and flushed in the key file where missing, and takes
   * them as the file holds them now: asked every time, so that a key another tab destroyed (it
   * erased the person) is never used again here.
   */
  async ensurePeople(people) {
    const unique = [...new Set(people)];
    const names = [];
    for (let at = 0; at < unique.length; at += KEY_STEP) {
      if (at > 0) await yieldToPage();
      for (const name of await Promise.all(unique.slice(at, at + KEY_STEP).map((p) => this.#personName(p)))) names.push(fromHex(name));
    }
    if (names.length > 0) await this.#learn(await this.#ask('ensure', { names }));
  }

  /**
   * Each event sealed under its person's key (`subjects[i]`: whom event i is about, '' for no one:
   * then it is kept as it is). Keys are made first, flushed, before anything is sealed under them.
   * An event about a person erased meanwhile (their key is a tombstone: another tab erased them
   * while this one recorded) is refused when `refuseErased` (an action recorded here: it fails
   * with `erased`, nothing stored); else (events received from elsewhere, which the core folds
   * as erased) it is sealed under a key made for it and never kept: stored, never readable.
   */
  async seal(events, subjects, { refuseErased = false } = {}) {
    await this.ensurePeople(subjects.filter(Boolean));
    const erasedNames = new Set();
    for (const person of new Set(subjects)) {
      if (!person) continue;
      const name = this.#names.get(person) ?? (await this.#personName(person)); // named by ensurePeople
      if (this.#erased.has(name)) erasedNames.add(name);
    }
    let discarded = null;
    if (erasedNames.size > 0) {
      if (refuseErased) {
        throw new RunnerUpError('erased', "This person's personal data was erased in another tab or window of this pool; nothing was recorded.");
      }
      discarded = crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt']);
    }
    const out = new Array(events.length);
    for (let at = 0; at < events.length; at += OPEN_CHUNK) {
      if (at > 0) await yieldToPage();
      const end = Math.min(events.length, at + OPEN_CHUNK);
      const work = [];
      for (let i = at; i < end; i++) {
        if (!subjects[i]) {
          out[i] = events[i];
          continue;
        }
        work.push(
          this.#personName(subjects[i]).then(async (k) => {
            const iv = crypto.getRandomValues(new Uint8Array(12));
            const key = erasedNames.has(k) ? await discarded : await this.#key(k);
            const body = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, encoder.encode(JSON.stringify(events[i])));
            out[i] = { id: events[i].id, k, iv, body: new Uint8Array(body) };
          }),
        );
      }
      await Promise.all(work);
    }
    return out;
  }

  /**
   * The events of stored records: a sealed one opened (its key read from the key file the first
   * time), one kept as it is returned as it is. A record whose key was destroyed
   * (its person was erased) is left out: `unreadable` counts them.
   */
  async open(records) {
    await this.#fetch(records.filter(isSealed).map((r) => r.k));
    const events = [];
    let unreadable = 0;
    for (let at = 0; at < records.length; at += OPEN_CHUNK) {
      if (at > 0) await yieldToPage();
      const chunk = records.slice(at, at + OPEN_CHUNK);
      const opened = await Promise.all(
        chunk.map(async (r) => {
          if (!isSealed(r)) return r;
          const key = this.#key(r.k);
          if (!key) return null;
          try {
            return JSON.parse(decoder.decode(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: r.iv }, await key, r.body)));
          } catch {
            return null;
          }
        }),
      );
      for (const e of opened) {
        if (e) events.push(e);
        else unreadable++;
      }
    }
    return { events, unreadable };
  }

  /** Destroys the people's keys: overwritten in the key file with their tombstones, flushed. */
  async destroyPeople(people) {
    if (people.length === 0) return;
    const names = await Promise.all(people.map((p) => nameOf(PERSON, p)));
    await this.#ask('destroy', { names });
    for (const name of names) {
      this.#keys.delete(hex(name));
      this.#erased.add(hex(name));
    }
  }

  /** A new snapshot's key (made and flushed) and its name, for sealSnapshot and keepOnlySnapshot. */
  async newSnapshotKey() {
    const name = await nameOf(SNAPSHOT, `${Date.now()}-${hex(crypto.getRandomValues(new Uint8Array(16)))}`);
    await this.#learn(await this.#ask('ensure', { names: [name] }));
    return hex(name);
  }

  /** The snapshot's bytes sealed under the snapshot key `k`. */
  async sealBytes(bytes, k) {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    return { k, iv, body: new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await this.#key(k), bytes)) };
  }

  /** Sealed bytes opened, or null once their key is destroyed (or they are damaged). */
  async openBytes({ k, iv, body }) {
    await this.#fetch([k]);
    const key = this.#key(k);
    if (!key) return null;
    try {
      return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, await key, body));
    } catch {
      return null;
    }
  }

  /** Destroys every snapshot key but `k` (the stored snapshot's): older snapshots become unreadable. */
  async keepOnlySnapshot(k) {
    await this.#ask('destroyKind', { kind: SNAPSHOT, keep: k ? fromHex(k) : null });
    const kind = SNAPSHOT.toString(16).padStart(2, '0');
    for (const name of [...this.#keys.keys()]) if (name.startsWith(kind) && name !== k) this.#keys.delete(name);
  }

  close() {
    this.#worker.terminate();
    this.#failed ??= new RunnerUpError('storage_closed', 'The runner-up pool storage was closed.');
  }
}

let workerPolicy;

/**
 * The worker's URL as the page's Trusted Types enforcement wants it: through a policy named
 * `runnerup` (a host enforcing Trusted Types lists it in its `trusted-types` directive), which
 * admits only the key worker beside the bundle; the URL itself where Trusted Types are not enforced.
 */
function trustedWorkerUrl(url) {
  const tt = globalThis.trustedTypes;
  if (!tt || typeof tt.createPolicy !== 'function') return url;
  try {
    workerPolicy ??= tt.createPolicy('runnerup', {
      createScriptURL: (u) => {
        if (new URL(u, globalThis.location?.href).pathname.endsWith(`/${KEYS_WORKER}`)) return u;
        throw new TypeError(`runnerup: only its key worker may be loaded, not ${u}`);
      },
    });
  } catch {
    return url; // the policy is not allowed: the Worker constructor decides
  }
  return workerPolicy.createScriptURL(url);
}

/** Whether a stored record is sealed (else it is an event kept as it is). */
export function isSealed(record) {
  return record && typeof record.k === 'string' && record.body instanceof Uint8Array;
}

// The bytes of a name as hex() wrote it (lower case). By character code, not parseInt of each
// pair: the names of 100,000 people took 0.16 s that way.
function fromHex(text) {
  const out = new Uint8Array(text.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = (nibble(text.charCodeAt(2 * i)) << 4) | nibble(text.charCodeAt(2 * i + 1));
  return out;
}
const nibble = (c) => (c <= 57 ? c - 48 : (c | 32) - 87); // '0'-'9', 'a'-'f' (or 'A'-'F')
