// The facade a host page (or the element) uses: one async factory, then a Pool.
//
//   const pool = await openPool({ name: 'default', actor: 'recruiter-42' });
//   await pool.record({ type: 'recordOutcome', outcome: { ... } });  // persisted, then applied
//   pool.list().entries;                                               // the runner-up pool
//   pool.addEventListener('change', (e) => console.log(e.detail.events));
//   pool.dispose();
//
// Every change is proposed by the core, written to storage, and only then applied: if storage
// fails, nothing is applied and the error propagates. Actions run one at a time, in call order.
import { createCorePool } from './core.js';
import { RunnerUpError } from './errors.js';
import { indexedDBStorage } from './storage.js';

/**
 * Opens a pool: loads the wasm core, then restores the stored event log.
 *
 * @param {object} options
 * @param {string} [options.name] pool name; the IndexedDB database is `runnerup:<name>`
 * @param {string} options.actor id of the person acting (recorded on every event)
 * @param {import('./storage.js').Storage} [options.storage] defaults to IndexedDB
 * @param {ArrayBuffer | Uint8Array} [options.wasmBinary] the .wasm bytes (node)
 * @param {boolean} [options.sync] share new events with other tabs of the same pool (default true)
 * @param {() => Date} [options.now] the clock actions are stamped with (tests pin it)
 * @returns {Promise<Pool>}
 */
export async function openPool({ name = 'default', actor, storage, wasmBinary, sync = true, now = () => new Date() } = {}) {
  if (typeof name !== 'string' || name === '') {
    throw new RunnerUpError('invalid_field', 'openPool needs a pool name (a non-empty string).', '/name');
  }
  if (typeof actor !== 'string' || actor === '') {
    throw new RunnerUpError(
      'missing_field',
      'openPool needs an actor: the id of the person using the pool, recorded on every change.',
      '/actor',
    );
  }
  const core = await createCorePool({ wasmBinary });
  const store = storage ?? indexedDBStorage(name);
  let pool;
  try {
    const events = await store.loadEvents();
    if (events.length > 0) core.apply(events);
    // An erasure stored before a crash may have left the person's older events unscrubbed.
    await rewriteErased(core, store, erasedIn(events), events);
    pool = new Pool({ name, actor, core, storage: store, ownsStorage: !storage, sync, now });
  } catch (error) {
    core.dispose();
    if (!storage) store.close();
    throw error;
  }
  await pool.eraseExpiredIfAutomatic(localToday(now()));
  return pool;
}

/** The candidate ids a list of events erases. */
function erasedIn(events) {
  return [...new Set(events.filter((e) => e.type === 'person.erased').map((e) => e.data.candidateId))];
}

/**
 * Writes the scrubbed form of every stored event about erased people over the original, so no
 * personal data of theirs stays in storage. `stored` (optional) avoids rewriting what is
 * already scrubbed.
 */
async function rewriteErased(core, store, candidateIds, stored = null) {
  if (candidateIds.length === 0) return;
  const before = stored ? new Map(stored.map((e) => [e.id, JSON.stringify(e)])) : null;
  const scrubbed = [];
  for (const id of candidateIds) {
    for (const event of core.query({ type: 'eventsAbout', candidateId: id }).events) {
      if (!before || before.get(event.id) !== JSON.stringify(event)) scrubbed.push(event);
    }
  }
  if (scrubbed.length > 0) await store.append(scrubbed);
}

/** Today as the local calendar date, YYYY-MM-DD. */
export function localToday(now = new Date()) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * A runner-up pool. Fires `change` (a CustomEvent, detail `{events, remote}`) after each action
 * that changed something, recorded here or (remote: true) in another tab of the same pool; and
 * `erasure` (detail `{candidateIds}`) after people were erased here, so the host can erase its
 * own copies.
 */
export class Pool extends EventTarget {
  #name;
  #actor;
  #core;
  #storage;
  #ownsStorage;
  #queue = Promise.resolve();
  #disposed = false;
  #channel = null;
  #now;

  /** @private use openPool() */
  constructor({ name, actor, core, storage, ownsStorage, sync = true, now = () => new Date() }) {
    super();
    this.#now = now;
    this.#name = name;
    this.#actor = actor;
    this.#core = core;
    this.#storage = storage;
    this.#ownsStorage = ownsStorage;
    // Other tabs of the same pool: they stored their events already; apply them here too.
    if (sync && typeof globalThis.BroadcastChannel === 'function') {
      this.#channel = new BroadcastChannel(`runnerup:${name}`);
      this.#channel.onmessage = (message) => {
        const events = message.data?.events;
        if (this.#disposed || !Array.isArray(events)) return;
        this.#enqueue(async () => {
          if (this.#disposed) return;
          const { applied } = this.#core.apply(events);
          if (applied > 0) this.dispatchEvent(new CustomEvent('change', { detail: { events, remote: true } }));
        });
      };
    }
  }

  get name() {
    return this.#name;
  }

  get actor() {
    return this.#actor;
  }

  get disposed() {
    return this.#disposed;
  }

  /**
   * Records a command (docs/BOUNDARY.md "Commands"): propose, persist, apply, notify.
   * Resolves with the events appended (empty when nothing changed).
   * @param {object} command
   * @returns {Promise<object[]>}
   */
  record(command) {
    return this.#enqueue(async () => {
      this.#assertOpen('record');
      const events = this.#core.propose(command, this.#actor, this.#now().toISOString(), newId());
      if (events.length === 0) return events;
      await this.#storage.append(events);
      this.#assertOpen('record');
      this.#core.apply(events);
      const erased = erasedIn(events);
      if (erased.length > 0) await rewriteErased(this.#core, this.#storage, erased);
      this.#channel?.postMessage({ events });
      this.dispatchEvent(new CustomEvent('change', { detail: { events, remote: false } }));
      if (erased.length > 0) this.dispatchEvent(new CustomEvent('erasure', { detail: { candidateIds: erased } }));
      return events;
    });
  }

  /**
   * Everything held about one person (notes, feedback, scores, consent, retention, the history of
   * who did what), as the JSON document `runnerup.access-export`. Taking it is recorded in the
   * audit trail, by actor and time, without personal data.
   * @param {string} candidateId
   * @param {string} [today] YYYY-MM-DD
   */
  async accessExport(candidateId, today = localToday(this.#now())) {
    await this.record({ type: 'recordAccessExport', candidateId });
    return this.query({ type: 'accessExport', candidateId, today });
  }

  /**
   * Erases a person's personal data from the pool, from every stored event and from other tabs;
   * the anonymous facts (reason, stage, dates) stay for insights. Cannot be undone.
   * @param {string} candidateId
   */
  erase(candidateId) {
    return this.record({ type: 'erasePerson', candidateId });
  }

  /** When the team chose automatic erasure, erases everyone past their retention date. */
  async eraseExpiredIfAutomatic(today = localToday(this.#now())) {
    const retention = this.query({ type: 'retention', today });
    if (!retention.autoErase || retention.expired.length === 0) return [];
    return this.record({ type: 'eraseExpired' });
  }

  /**
   * Runs a query (docs/BOUNDARY.md "Queries") against the current state.
   * @param {object} query
   */
  query(query) {
    this.#assertOpen('query');
    return this.#core.query(query);
  }

  /** @returns {{total: number, entries: object[]}} the runner-up pool */
  list() {
    return this.query({ type: 'pool' });
  }

  /** @param {string} id */
  candidate(id) {
    return this.query({ type: 'candidate', id });
  }

  taxonomy() {
    return this.query({ type: 'taxonomy' });
  }

  /** @returns {{format: 'runnerup.log', version: number, events: object[]}} */
  exportLog() {
    this.#assertOpen('exportLog');
    return this.#core.exportLog();
  }

  /** Frees the core and closes storage it opened. Idempotent; never throws. */
  dispose() {
    if (this.#disposed) return;
    this.#disposed = true;
    try {
      this.#channel?.close();
    } catch {
      // closing is best effort
    }
    this.#core.dispose();
    if (this.#ownsStorage) {
      try {
        this.#storage.close?.();
      } catch {
        // closing is best effort
      }
    }
  }

  #assertOpen(method) {
    if (this.#disposed) {
      throw new RunnerUpError('disposed', `This runner-up pool was disposed; ${method}() cannot be used.`);
    }
  }

  #enqueue(action) {
    const run = this.#queue.then(action);
    this.#queue = run.catch(() => {});
    return run;
  }
}

function newId() {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  // randomUUID needs a secure context; getRandomValues does not
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
