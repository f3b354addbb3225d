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
 * @returns {Promise<Pool>}
 */
export async function openPool({ name = 'default', actor, storage, wasmBinary } = {}) {
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
  try {
    const events = await store.loadEvents();
    if (events.length > 0) core.apply(events);
  } catch (error) {
    core.dispose();
    if (!storage) store.close();
    throw error;
  }
  return new Pool({ name, actor, core, storage: store, ownsStorage: !storage });
}

/**
 * A runner-up pool. Fires `change` (a CustomEvent, detail `{events}`) after each recorded action
 * that changed something.
 */
export class Pool extends EventTarget {
  #name;
  #actor;
  #core;
  #storage;
  #ownsStorage;
  #queue = Promise.resolve();
  #disposed = false;

  /** @private use openPool() */
  constructor({ name, actor, core, storage, ownsStorage }) {
    super();
    this.#name = name;
    this.#actor = actor;
    this.#core = core;
    this.#storage = storage;
    this.#ownsStorage = ownsStorage;
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
      const events = this.#core.propose(command, this.#actor, new Date().toISOString(), newId());
      if (events.length === 0) return events;
      await this.#storage.append(events);
      this.#assertOpen('record');
      this.#core.apply(events);
      this.dispatchEvent(new CustomEvent('change', { detail: { events } }));
      return events;
    });
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
