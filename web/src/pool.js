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
// Behind this facade, web/src/pool/: open.js (opening and the history), record.js (recording),
// erasure.js (erasures carried into storage), tabs.js (other tabs), host.js (the host adapter),
// compaction.js, import.js; internals.js names the state they share.
import { RunnerUpError } from './errors.js';
import { COMPACT_AFTER, compactIfDue, compactNow } from './pool/compaction.js';
import { HOST_TIMEOUT_MS, checkHostAdapter, loadHostHistory, subscribeToHost, syncWithHost, watchHostStatus } from './pool/host.js';
import { IMPORT_CHUNK_BYTES, PREVIEW_BYTES, byteChunks, importChunks, importExport, planExport, readHead, sizeOf } from './pool/import.js';
import { loadHistory, openCore } from './pool/open.js';
import { recordCommand, recordCommands } from './pool/record.js';
import { listenToTabs } from './pool/tabs.js';
import { indexedDBStorage } from './storage.js';
import { yieldToPage } from './tasks.js';

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
 * @param {import('./pool/host.js').HostAdapter} [options.host] the ATS backend that keeps the event log too (see HostAdapter)
 * @param {number} [options.hostTimeoutMs] how long a host call may take (default 10 s)
 * @param {number} [options.compactAfter] events stored since the last snapshot before the pool is
 *   compacted again (default 1,000; 0 never compacts)
 * @param {number} [options.utcOffsetMinutes] the recruiter's offset from UTC (default: the
 *   browser's at `now()`): the core's "today", for its rules and every view, is the date there
 * @returns {Promise<Pool>}
 */
export async function openPool({
  name = 'default',
  actor,
  storage,
  wasmBinary,
  sync = true,
  now = () => new Date(),
  host,
  hostTimeoutMs = HOST_TIMEOUT_MS,
  compactAfter = COMPACT_AFTER,
  onProgress,
  utcOffsetMinutes = -now().getTimezoneOffset(),
} = {}) {
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
  checkHostAdapter(host);
  const store = storage ?? indexedDBStorage(name);
  // Other tabs of the same pool: listen before loading storage, so that nothing another tab
  // records while this one loads is missed (it is applied once the pool is open).
  const channel = sync && typeof globalThis.BroadcastChannel === 'function' ? new BroadcastChannel(`runnerup:${name}`) : null;
  const heard = [];
  if (channel) channel.onmessage = (message) => heard.push(message.data?.events);
  let core = null;
  let pool;
  try {
    let opened;
    ({ core, opened } = await openCore(store, { wasmBinary, utcOffsetMinutes, host, hostTimeoutMs, onProgress }));
    pool = new Pool({ name, actor, core, storage: store, ownsStorage: !storage, channel, heard, now, host, hostTimeoutMs, opened, compactAfter, onProgress });
    // a pool an earlier build stored unsealed was moved over: its snapshot too; a snapshot that
    // predates an erasure (a crash came between them) is replaced at once
    if (opened.moved || opened.erasedSince?.length > 0) await pool.compact();
  } catch (error) {
    channel?.close();
    core?.dispose();
    if (!storage) store.close();
    throw error;
  }
  // The host's events (other recruiters', or this one's from another browser) before the first
  // render; an unreachable host does not stop the pool from opening (pool.hostStatus says why).
  if (host) {
    const first = pool.sync().catch(() => {});
    // opened from a snapshot, the exchange waits for the history: it need not hold up the open
    if (pool.openedFrom !== 'snapshot') await first;
  }
  await pool.eraseExpiredIfAutomatic();
  return pool;
}

function deepFreeze(value) {
  if (value && typeof value === 'object') for (const v of Object.values(Object.freeze(value))) deepFreeze(v);
  return value;
}

const INDEX_STEP_ROWS = 2000; // rows of the search index built per step (tens of ms in wasm)

/**
 * A runner-up pool. Fires `change` (a CustomEvent, detail `{events, remote}`) after each action
 * that changed something, recorded here or (remote: true) in another tab of the same pool; and
 * `erasure` (detail `{candidateIds}`) after people were erased here, so the host can erase its
 * own copies.
 */
export class Pool extends EventTarget {
  #taxonomy = null;
  #name;
  #actor;
  #core;
  #storage;
  #ownsStorage;
  #queue = Promise.resolve();
  #disposed = false;
  #openedFrom = 'log';
  #limits = null;
  /** @type {import('./pool/internals.js').PoolInternals} what the modules of web/src/pool/ share */
  #p;

  /** @private use openPool() */
  constructor({ name, actor, core, storage, ownsStorage, channel = null, heard = [], now = () => new Date(), host = null, hostTimeoutMs = HOST_TIMEOUT_MS, opened = null, compactAfter = COMPACT_AFTER, onProgress = null }) {
    super();
    this.#openedFrom = opened?.from ?? 'log';
    this.#name = name;
    this.#actor = actor;
    this.#core = core;
    this.#storage = storage;
    this.#ownsStorage = ownsStorage;
    const pool = this;
    this.#p = {
      core,
      storage,
      actor,
      now,
      host: host ?? null,
      hostTimeoutMs,
      channel: null,
      unsubscribe: null,
      unwatch: null,
      storedIds: new Set(opened?.stored ?? []),
      tailIds: new Set(opened?.tail ?? []),
      unsent: new Map(),
      hostStatus: { connected: false, pending: 0, lastSync: null, error: null },
      compactAfter,
      onProgress,
      history: Promise.resolve(),
      historyComplete: true,
      get disposed() {
        return pool.#disposed;
      },
      assertOpen: (method) => this.#assertOpen(method),
      enqueue: (action) => this.#enqueue(action),
      dispatchEvent: (event) => this.dispatchEvent(event),
    };
    // Other tabs of the same pool: they stored their events already; apply them here too.
    if (channel) listenToTabs(this.#p, channel, heard);
    // Other recruiters' events, pushed by the host as they arrive.
    if (this.#p.host?.subscribe) subscribeToHost(this.#p);
    if (this.#p.host?.watchStatus) watchHostStatus(this.#p);
    if (this.#openedFrom === 'snapshot') {
      this.#p.historyComplete = false;
      this.#p.history = loadHistory(this.#p);
      this.#p.history.catch(() => {}); // reported through whenComplete()
    } else if (this.#openedFrom === 'host') {
      this.#p.historyComplete = false;
      this.#p.historyFromHost = true;
      // a microtask later: openPool has queued the first sync by then, and the history follows it
      this.#p.history = Promise.resolve().then(() => loadHostHistory(this.#p));
      this.#p.history.catch(() => {}); // reported through whenComplete()
    }
    compactIfDue(this.#p);
  }

  /**
   * 'snapshot' when the pool opened from its last snapshot and what came after; 'host' when it
   * opened from the host's snapshot (nothing was stored here: a new browser; the history before
   * it follows from the host in the background, as after 'snapshot'); else 'log'.
   */
  get openedFrom() {
    return this.#openedFrom;
  }

  /**
   * Resolves once the pool's whole history is loaded (at once when it opened from the log; in
   * the background after opening from a snapshot). Until then the state and every query are
   * complete, but `exportLog()` and a person's timeline only hold what came after the snapshot.
   * @returns {Promise<void>}
   */
  whenComplete() {
    return this.#p.history;
  }

  /**
   * Stores a snapshot of the pool and drops what it covers from the tail, so the next open
   * replays only what comes after. Runs by itself when 1,000 events (openPool's `compactAfter`)
   * were stored since the last one, and after every erasure (an older snapshot would still hold
   * the person's data).
   */
  compact() {
    return this.#enqueue(() => compactNow(this.#p));
  }

  /**
   * Where the pool stands with the host adapter: `connected` (a host was given), `pending`
   * (events recorded here the host has not confirmed), `lastSync` (ISO time of the last full
   * sync), `error` (the last failure, `{code, message}`, null once a call succeeds), `state`
   * ('synced', 'waiting' or 'offline': the adapter's own when it tells it, else whether events
   * wait here) and `waiting` (how many events wait, here or in the adapter).
   */
  get hostStatus() {
    const { adapter, ...status } = this.#p.hostStatus;
    const pending = this.#p.unsent.size;
    const state = adapter?.state ?? (pending > 0 || status.error ? 'waiting' : 'synced');
    const waiting = adapter ? Math.max(adapter.pending, adapter.state === 'synced' ? 0 : pending) : pending;
    return { ...status, connected: this.#p.host !== null, pending, state, waiting };
  }

  /**
   * Exchanges events with the host adapter: applies and stores the events the host holds that
   * this browser lacks, and sends the host what it lacks. Resolves with `{received, sent}`;
   * rejects with a RunnerUpError (`host_failed`, `host_timeout`, or the core's error for a
   * malformed event, with its path) and then changes nothing it had not stored. Fires `sync`.
   */
  sync() {
    return this.#enqueue(() => syncWithHost(this.#p));
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
    return this.#enqueue(() => recordCommand(this.#p, command, origin));
  }

  /**
   * Records many independent commands as one step (the host's records handed over in bulk):
   * each is proposed against the pool as it stands, the events of all of them are stored in one
   * storage transaction, applied, and handed to the host in one append. One step of the pool's
   * queue: a recruiter's action asked for meanwhile runs right after it, not after a whole bulk
   * save. Resolves with one `{events}` or `{events: [], error}` per command, in order; a command
   * the core refuses does not stop the others.
   * @param {object[]} commands
   * @returns {Promise<{events: object[], error?: RunnerUpError}[]>}
   */
  recordMany(commands, { origin = 'user' } = {}) {
    return this.#enqueue(() => recordCommands(this.#p, commands, origin));
  }

  /**
   * Everything held about one person (notes, feedback, scores, consent, retention, the history of
   * who did what), as the JSON document `runnerup.access-export`. Taking it is recorded in the
   * audit trail, by actor and time, without personal data.
   * @param {string} candidateId
   * @param {string} [today] YYYY-MM-DD
   */
  async accessExport(candidateId, today = this.today()) {
    await this.#p.history; // everything held about them, including what came before the snapshot
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

  /**
   * When the team chose automatic erasure, erases everyone past their retention date (the core
   * says whether it is due: the `erasureDue` query's `run`).
   * @param {string} [today] YYYY-MM-DD (default: pool.today())
   */
  async eraseExpiredIfAutomatic(today = this.today()) {
    if (!this.query({ type: 'erasureDue', today }).run) return [];
    return this.record({ type: 'eraseExpired' });
  }

  /**
   * Today for the rules and every view: the core's date at this moment, in the recruiter's
   * time zone (openPool's utcOffsetMinutes). YYYY-MM-DD.
   * @returns {string}
   */
  today() {
    this.#assertOpen('today');
    return this.#core.query({ type: 'today', at: this.#p.now().toISOString() }).today;
  }

  /**
   * The limits the core enforces on what it is given (bytes of a line, of a note, of an id,
   * items of a list, the clock skew, the Retention tab's window), for forms to say them.
   * @returns {{lineBytes: number, noteBytes: number, idBytes: number, listItems: number, clockSkewMs: number, expiringWithinDays: number}}
   */
  limits() {
    this.#assertOpen('limits');
    this.#limits ??= this.#core.query({ type: 'limits' });
    return this.#limits;
  }

  /**
   * Runs a query (docs/BOUNDARY.md "Queries") against the current state.
   * @param {object} query
   */
  query(query) {
    this.#assertOpen('query');
    return this.#core.query(query);
  }

  /**
   * Whether the search index for `today` is ready: a `search` query then answers at once
   * (otherwise it builds the index first, which takes seconds at 100,000 people).
   * @param {string} today YYYY-MM-DD
   */
  searchReady(today) {
    this.#assertOpen('searchReady');
    return this.#core.indexStep(today, 0).done;
  }

  /**
   * Builds the search index for `today` in steps, the page running between them, so that the
   * first search of a large pool does not freeze it. Resolves when the index is ready (a change
   * meanwhile starts the build over for the new state).
   * @param {string} today YYYY-MM-DD
   * @param {{onProgress?: (fraction: number) => void}} [options]
   */
  async prepareSearch(today, { onProgress } = {}) {
    this.#assertOpen('prepareSearch');
    for (;;) {
      const { progress, done } = this.#core.indexStep(today, INDEX_STEP_ROWS);
      if (done) return;
      onProgress?.(progress);
      await yieldToPage();
      if (this.#disposed) return;
    }
  }

  /** @returns {{total: number, entries: object[]}} the runner-up pool */
  list() {
    return this.query({ type: 'pool' });
  }

  /** @param {string} id */
  candidate(id) {
    return this.query({ type: 'candidate', id });
  }

  /** The shipped vocabulary (stages, outcomes, reasons, ...): fixed for a build, so asked once and frozen. */
  taxonomy() {
    this.#taxonomy ??= deepFreeze(this.query({ type: 'taxonomy' }));
    return this.#taxonomy;
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
   * Resolves with the report: `{format, accepted, merged, refused, changed, unchanged, records:
   * [{index, number, id, status, changed, field, reason}], notes, error: null, events}` (events:
   * how many were stored; changed / unchanged: the records accepted or merged that changed the
   * pool, and those it held already; number: from 1 within its document, index: from 0).
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
        return await importChunks(this.#p, chunks, { format, mapping, idPrefix, archiveReasons, onProgress, totalBytes: sizeOf(input) });
      } finally {
        await chunks.return().catch(() => {}); // releases a stream's reader
      }
    });
  }

  /**
   * Where the core places each file of a whole Greenhouse or Lever export, in the order it reads
   * them; rejects with the core's refusal (a file it cannot place, a file of the other ATS, a
   * Lever export without archive_reasons.json), naming the file. Reads only each file's first bytes.
   * @param {(File | Blob | {name: string, file: Blob})[]} files
   * @param {{format?: 'auto' | 'greenhouse' | 'lever', archiveReasons?: object}} [options]
   * @returns {Promise<{format: string, files: {index: number, name: string, kind: string, subject: string, reference: boolean}[]}>}
   */
  previewExport(files, { format = 'auto', archiveReasons } = {}) {
    return this.#enqueue(async () => {
      this.#assertOpen('previewExport');
      return planExport(this.#p, [...files], { format, archiveReasons });
    });
  }

  /**
   * Imports a whole Greenhouse (candidates, applications, jobs, job_stages, rejection_reasons,
   * users, activity_feed/<id>.json) or Lever export (opportunities, archive_reasons, postings,
   * notes, users): several files, placed and ordered by the core (previewExport). The reference
   * files are read whole (they are small), every document in chunks. Lands whole or not at all,
   * as importFile(); the report adds `files` (the plan) and each record's `document`.
   * A folder's File objects keep their path (webkitRelativePath); else give {name, file}.
   * @param {(File | Blob | {name: string, file: Blob})[]} files
   * @param {object} [options] format ('auto', 'greenhouse', 'lever'), idPrefix, archiveReasons,
   *   onProgress (as importFile's, with `file`, `kind`, `fileIndex`, `fileCount`), chunkSize
   * @returns {Promise<object>}
   */
  importFiles(files, { format = 'auto', idPrefix, archiveReasons, onProgress, chunkSize = IMPORT_CHUNK_BYTES } = {}) {
    return this.#enqueue(async () => {
      this.#assertOpen('importFiles');
      return importExport(this.#p, [...files], { format, idPrefix, archiveReasons, onProgress, chunkSize });
    });
  }

  /**
   * The pool as CSV (RFC 4180, formula-looking cells neutralised): the whole pool, or the view
   * the recruiter is looking at: `view`, the pool table's request (`{}` or `{requisitionId}`),
   * read in the core, or `ids` (those people, in that order). `bom` adds a byte-order mark for Excel.
   * @param {{view?: {requisitionId?: string}, ids?: string[], bom?: boolean}} [options]
   * @returns {string}
   */
  exportCsv({ view, ids, bom = false } = {}) {
    this.#assertOpen('exportCsv');
    const options = { bom };
    if (view) options.view = view;
    if (ids) options.ids = ids;
    return this.#core.exportCsv(options);
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
    return this.#core.exportIcs({ names }, this.#p.now().toISOString());
  }

  /** @returns {{format: 'runnerup.log', version: number, events: object[]}} */
  exportLog() {
    this.#assertOpen('exportLog');
    if (!this.#p.historyComplete) {
      throw new RunnerUpError('loading', "The pool's history is still loading from storage; await pool.whenComplete() and export again.");
    }
    return this.#core.exportLog();
  }

  /** Frees the core and closes storage it opened. Idempotent; never throws. */
  dispose() {
    if (this.#disposed) return;
    this.#disposed = true;
    try {
      this.#p.unsubscribe?.();
      this.#p.unwatch?.();
    } catch {
      // the host's unsubscribe is best effort
    }
    try {
      this.#p.channel?.close();
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
