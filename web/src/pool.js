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
  record(command, { origin = 'user' } = {}) {
    return this.#enqueue(async () => {
      this.#assertOpen('record');
      // The host's own records are saved by the actor "host": they are not the recruiter's
      // actions, so "undo" never offers them.
      const actor = origin === 'host' ? 'host' : this.#actor;
      const events = this.#core.propose(command, actor, this.#now().toISOString(), newId());
      if (events.length === 0) return events;
      await this.#storage.append(events);
      this.#assertOpen('record');
      this.#core.apply(events);
      const erased = erasedIn(events);
      if (erased.length > 0) await rewriteErased(this.#core, this.#storage, erased);
      this.#channel?.postMessage({ events });
      this.dispatchEvent(new CustomEvent('change', { detail: { events, remote: false, origin } }));
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

  // ---- import and export (the calls are described in wasm/bindings.cpp) ----

  /**
   * What a file looks like before importing it: its format (null when unsure) and, for CSV, its
   * first row with the field each column maps to, so the recruiter can adjust the mapping.
   * @param {Blob | string | Uint8Array} input
   * @param {{format?: string, mapping?: Record<string, string>}} [options]
   * @returns {Promise<{format: string | null, csv: {columns: {header: string, field: string}[], isHeader: boolean, fields: string[]} | null}>}
   */
  async previewImport(input, { format, mapping = {} } = {}) {
    this.#assertOpen('previewImport');
    const head = await readHead(input, PREVIEW_BYTES);
    this.#assertOpen('previewImport');
    const detected = format && format !== 'auto' ? format : this.#core.detectImportFormat(head);
    const csv = detected === 'csv' ? this.#core.previewCsv(head, mapping) : null;
    return { format: detected, csv };
  }

  /**
   * Imports a Greenhouse, Lever, CSV or pool file. The file is read in chunks (a large file never
   * becomes one string), the page stays responsive between chunks, and every record is checked
   * by the core. Then every event of the import is stored in one transaction and only then
   * applied: an import lands whole, or (a malformed file, a storage failure) not at all.
   *
   * Resolves with the report: `{format, accepted, merged, refused, records: [{index, id,
   * status, field, reason}], notes, error: null, events}` (events: how many were stored).
   * Rejects with a RunnerUpError when the file is malformed (its `report` property holds the
   * report, `error` says what and where) or cannot be stored; the pool is then unchanged.
   *
   * @param {Blob | string | Uint8Array | ReadableStream} input a File from an <input type=file>, text, bytes or a stream
   * @param {object} [options]
   * @param {'auto'|'greenhouse'|'lever'|'csv'|'pool'} [options.format] default: detected from the first bytes
   * @param {Record<string, string>} [options.mapping] CSV header -> field, over the default mapping
   * @param {string} [options.idPrefix] prepended to ATS ids
   * @param {object} [options.archiveReasons] Lever: the GET /archive_reasons response
   * @param {(progress: {bytesRead: number, totalBytes: number | null, accepted: number, merged: number, refused: number}) => void} [options.onProgress]
   * @param {number} [options.chunkSize] bytes per chunk (default 1 MiB)
   * @returns {Promise<object>}
   */
  importFile(input, { format = 'auto', mapping, idPrefix, archiveReasons, onProgress, chunkSize = IMPORT_CHUNK_BYTES } = {}) {
    return this.#enqueue(async () => {
      this.#assertOpen('importFile');
      const chunks = byteChunks(input, chunkSize);
      try {
        return await this.#importChunks(chunks, { format, mapping, idPrefix, archiveReasons, onProgress, totalBytes: sizeOf(input) });
      } finally {
        await chunks.return().catch(() => {}); // releases a stream's reader
      }
    });
  }

  async #importChunks(chunks, { format, mapping, idPrefix, archiveReasons, onProgress, totalBytes }) {
    const first = await chunks.next();
    this.#assertOpen('importFile');
    if (format === 'auto' || !format) {
      format = this.#core.detectImportFormat(first.done ? '' : first.value.subarray(0, PREVIEW_BYTES));
      if (!format) {
        throw new RunnerUpError(
          'unknown_format',
          'This file does not look like a Greenhouse, Lever, CSV or runner-up pool export. Choose its format and try again; nothing was imported.',
          '/format',
        );
      }
    }
    const options = {};
    if (mapping) options.mapping = mapping;
    if (idPrefix) options.idPrefix = idPrefix;
    if (archiveReasons) options.archiveReasons = archiveReasons;
    const batches = [];
    this.#core.importBegin(format, options, this.#actor, this.#now().toISOString(), newId());
    let report;
    try {
      for (let chunk = first; !chunk.done; chunk = await chunks.next()) {
        this.#assertOpen('importFile');
        const step = this.#core.importFeed(chunk.value);
        if (step.events.length) batches.push(step.events);
        const { bytesRead, accepted, merged, refused } = step;
        onProgress?.({ bytesRead, totalBytes, accepted, merged, refused });
        if (step.error) break;
        await yieldToPage();
      }
      this.#assertOpen('importFile');
      const last = this.#core.importFinish();
      if (last.events.length) batches.push(last.events);
      report = { format, ...last.report };
    } finally {
      this.#core.importAbort();
    }
    if (report.error) {
      const { code, message, path } = report.error;
      const error = new RunnerUpError(code, `Nothing was imported: ${message}${path ? ` (at ${path})` : ''}`, path);
      error.report = { ...report, events: 0 };
      throw error;
    }
    const events = batches.flat();
    if (events.length > 0) {
      await this.#storage.append(events);
      this.#assertOpen('importFile');
      for (const batch of batches) this.#core.apply(batch);
      this.#channel?.postMessage({ events });
      this.dispatchEvent(new CustomEvent('change', { detail: { events, remote: false, origin: 'import' } }));
    }
    return { ...report, events: events.length };
  }

  /**
   * The pool as CSV (RFC 4180, formula-looking cells neutralised): the whole pool, or the view
   * the recruiter is looking at (`ids`, in its order). `bom` adds a byte-order mark for Excel.
   * @param {{ids?: string[], bom?: boolean}} [options]
   * @returns {string}
   */
  exportCsv({ ids, bom = false } = {}) {
    this.#assertOpen('exportCsv');
    return this.#core.exportCsv(ids ? { ids, bom } : { bom });
  }

  /**
   * One candidate as a JSON Resume document (v1.0.0 schema), the pipeline under `meta.runnerup`.
   * @param {string} candidateId
   * @returns {object}
   */
  exportJsonResume(candidateId) {
    this.#assertOpen('exportJsonResume');
    return this.#core.exportJsonResume(candidateId);
  }

  /**
   * Open follow-ups as an iCalendar file of VTODOs. `names: false` leaves names and notes out.
   * @param {{names?: boolean}} [options]
   * @returns {string}
   */
  exportIcs({ names = true } = {}) {
    this.#assertOpen('exportIcs');
    return this.#core.exportIcs({ names }, this.#now().toISOString());
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

const IMPORT_CHUNK_BYTES = 1 << 20;
const PREVIEW_BYTES = 64 * 1024;

/** Lets the page handle input and paint between two chunks of an import. */
function yieldToPage() {
  const scheduler = globalThis.scheduler;
  if (scheduler && typeof scheduler.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function sizeOf(input) {
  if (typeof input === 'string') return null; // its UTF-8 size is known only once encoded
  if (typeof Blob !== 'undefined' && input instanceof Blob) return input.size;
  if (input instanceof ArrayBuffer || ArrayBuffer.isView(input)) return input.byteLength;
  return null;
}

/** The first `n` bytes of an input (a Blob is sliced, never read whole). */
async function readHead(input, n) {
  if (typeof input === 'string') return new TextEncoder().encode(input.slice(0, n));
  if (typeof Blob !== 'undefined' && input instanceof Blob) return new Uint8Array(await input.slice(0, n).arrayBuffer());
  if (input instanceof ArrayBuffer) return new Uint8Array(input, 0, Math.min(n, input.byteLength));
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, Math.min(n, input.byteLength));
  throw new RunnerUpError('invalid_field', 'A file to preview is a File, Blob, string or bytes.', '/input');
}

/**
 * An input as chunks of bytes of at most `size`: a Blob (File) is sliced, a string is sliced
 * through a Blob (so it is encoded piecewise), a stream is re-chunked.
 * @returns {AsyncGenerator<Uint8Array>}
 */
async function* byteChunks(input, size) {
  if (!(size > 0)) throw new RunnerUpError('invalid_field', 'chunkSize is a positive number of bytes.', '/chunkSize');
  if (typeof input === 'string') input = new Blob([input]);
  if (typeof Blob !== 'undefined' && input instanceof Blob) {
    for (let at = 0; at < input.size; at += size) {
      yield new Uint8Array(await input.slice(at, at + size).arrayBuffer());
    }
    return;
  }
  if (input instanceof ArrayBuffer) input = new Uint8Array(input);
  if (ArrayBuffer.isView(input)) {
    const bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
    return;
  }
  if (input && typeof input.getReader === 'function') {
    const reader = input.getReader();
    const encoder = new TextEncoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        const bytes = typeof value === 'string' ? encoder.encode(value) : new Uint8Array(value.buffer ?? value, value.byteOffset ?? 0, value.byteLength);
        for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
      }
    } finally {
      reader.releaseLock();
    }
  }
  throw new RunnerUpError('invalid_field', 'importFile() reads a File, Blob, string, bytes or a ReadableStream.', '/input');
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
