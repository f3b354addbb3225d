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
 * @param {HostAdapter} [options.host] the ATS backend that keeps the event log too (see HostAdapter)
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
    // From the last snapshot and what was stored since, when there is one: the open costs the
    // size of the pool, not the length of its history. The history follows in the background.
    // The module compiles while storage reads (both wait on the browser, not on this thread);
    // a module that fails to load is the error reported, whatever storage did.
    const [made, read] = await Promise.allSettled([
      createCorePool({ wasmBinary }),
      typeof store.loadForOpen === 'function' ? store.loadForOpen() : Promise.resolve(null),
    ]);
    if (made.status === 'fulfilled') core = made.value;
    else throw made.reason;
    core.setUtcOffset(utcOffsetMinutes);
    if (read.status === 'rejected') throw read.reason;
    const fast = read.value;
    let opened = null;
    if (fast) {
      try {
        core.restore(fast.snapshot);
        await applyInChunks(core, fast.tail, onProgress);
        opened = { from: 'snapshot', tail: fast.tail.map((e) => e.id), stored: [] };
      } catch (error) {
        // a snapshot this build cannot read (damaged, or from a newer version): replay the log
        if (!(error instanceof RunnerUpError)) throw error;
        core.dispose();
        core = await createCorePool({ wasmBinary });
        core.setUtcOffset(utcOffsetMinutes);
        await store.dropSnapshot?.();
      }
    }
    if (!opened) {
      const events = await store.loadEvents();
      await applyInChunks(core, events, onProgress);
      // An erasure stored before a crash may have left the person's older events unscrubbed.
      await rewriteErased(core, store, core.query({ type: 'erased' }).candidateIds, events);
      opened = { from: 'log', tail: events.map((e) => e.id), stored: events.map((e) => e.id) };
    }
    pool = new Pool({ name, actor, core, storage: store, ownsStorage: !storage, channel, heard, now, host, hostTimeoutMs, opened, compactAfter });
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
    if (pool.openedFrom === 'log') await first;
  }
  await pool.eraseExpiredIfAutomatic();
  return pool;
}

/**
 * The ATS backend's side of the event log, given by the host page:
 *
 *   const host = {
 *     async load() { return (await fetch('/api/runnerup/events')).json(); },   // every event it holds
 *     async append(events) { await fetch('/api/runnerup/events', { method: 'POST', body: JSON.stringify(events) }); },
 *     subscribe(receive) { ... receive(events) when others record ...; return () => {} },  // optional
 *   };
 *
 * `load()` resolves with the events the backend holds (an array, in any order). `append(events)`
 * stores events the backend does not have yet; it must be idempotent and upsert by event `id`
 * (after an erasure, events come again in scrubbed form and must replace the originals).
 * `subscribe(receive)` (optional) pushes events recorded elsewhere as they arrive and returns an
 * unsubscribe function. The pool is local first: an action is acknowledged once stored in the
 * browser; it reaches the host afterwards, and anything the host missed (offline, an error) is
 * sent again by the next `sync()`.
 *
 * @typedef {object} HostAdapter
 * @property {() => Promise<object[]>} load
 * @property {(events: object[]) => Promise<void>} append
 * @property {(receive: (events: object[]) => void) => (() => void)} [subscribe]
 */

const HOST_TIMEOUT_MS = 10_000;
const COMPACT_AFTER = 1000;
const HISTORY_CHUNK = 500; // events given back to the core per step while the history loads
const APPLY_CHUNK = 500; // stored events applied per step while a pool opens from its log
const HOST_APPEND_CHUNK = 2000; // events per host.append() call
const EXPORT_CHUNK = 5000; // events the host lacks, exported from the core per step
// events checked or applied per step when many arrive at once, from the host or another tab (the
// first steps run the core's code before the engine has optimised it: a few times slower)
const RECEIVE_CHUNK = 1000;
const BROADCAST_CHUNK = 1000; // events per message to the pool's other tabs
const BURST_WAIT_MS = 50; // after a full message from another tab, how long to wait for the next before redrawing
const INDEX_STEP_ROWS = 2000; // rows of the search index built per step (tens of ms in wasm)

function checkHostAdapter(host) {
  if (host === undefined || host === null) return;
  if (typeof host !== 'object' || typeof host.load !== 'function' || typeof host.append !== 'function') {
    throw new RunnerUpError('invalid_field', 'The host adapter is an object with load() and append(events) functions (and optionally subscribe(receive)).', '/host');
  }
  if (host.subscribe !== undefined && typeof host.subscribe !== 'function') {
    throw new RunnerUpError('invalid_field', "The host adapter's subscribe, when given, is a function.", '/host/subscribe');
  }
}

/** A host call that fails or takes too long becomes a RunnerUpError `host_failed` / `host_timeout`. */
function callHost(what, timeoutMs, run) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(
      () => reject(new RunnerUpError('host_timeout', `The ATS did not answer ${what} within ${Math.round(timeoutMs / 1000)} s; the pool keeps working here and tries again on the next sync.`)),
      timeoutMs,
    );
  });
  const work = Promise.resolve()
    .then(run)
    .catch((cause) => {
      if (cause instanceof RunnerUpError) throw cause;
      throw new RunnerUpError('host_failed', `The ATS failed ${what}${cause?.message ? ` (${cause.message})` : ''}; the pool keeps working here and tries again on the next sync.`, '', { cause });
    });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Applies stored events a chunk at a time with the page free in between: opening a pool of
 * 100,000 people from its log is tens of seconds of work in wasm, and must not freeze the host
 * page. One call when there are few. The core keeps them all (stage) and applies them in its
 * fold order, a chunk per step (applyStaged), so each step folds on top of the last.
 */
async function applyInChunks(core, events, onProgress) {
  if (events.length === 0) return;
  if (events.length <= APPLY_CHUNK) {
    core.apply(events);
    return;
  }
  for (let at = 0; at < events.length; at += APPLY_CHUNK) core.stage(events.slice(at, at + APPLY_CHUNK));
  for (let remaining = events.length; remaining > 0; ) {
    ({ remaining } = core.applyStaged(APPLY_CHUNK));
    onProgress?.({ applied: events.length - remaining, total: events.length });
    await yieldToPage();
  }
}

/** Hands events to the host adapter in slices, so no single request carries a whole import. */
async function appendToHost(host, events, timeoutMs) {
  for (let at = 0; at < events.length; at += HOST_APPEND_CHUNK) {
    const slice = events.slice(at, at + HOST_APPEND_CHUNK);
    await callHost('storing events', timeoutMs, () => host.append(slice));
  }
}

/**
 * Writes the scrubbed form of every stored event about erased people over the original, so no
 * personal data of theirs stays in storage. `stored` (optional) avoids rewriting what is
 * already scrubbed.
 */
async function rewriteErased(core, store, candidateIds, stored = null) {
  if (candidateIds.length === 0) return [];
  const before = stored ? new Map(stored.map((e) => [e.id, JSON.stringify(e)])) : null;
  const scrubbed = [];
  for (const id of candidateIds) {
    for (const event of core.query({ type: 'eventsAbout', candidateId: id }).events) {
      if (!before || before.get(event.id) !== JSON.stringify(event)) scrubbed.push(event);
    }
  }
  if (scrubbed.length > 0) await store.append(scrubbed);
  return scrubbed;
}

/**
 * The browser's local calendar date, YYYY-MM-DD (kept for host pages that used it; the widget
 * and its views ask the pool: `pool.today()`, the core's answer).
 */
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
  #host = null;
  #hostTimeoutMs = HOST_TIMEOUT_MS;
  #unsubscribe = null;
  #storedIds = new Set(); // ids of the events in storage (what the host may still need to see)
  #unsent = new Map(); // events recorded here that the host has not confirmed, by id
  #hostStatus = { connected: false, pending: 0, lastSync: null, error: null };
  #openedFrom = 'log';
  #tailIds = new Set(); // ids of the events stored since the last snapshot
  #compactAfter = COMPACT_AFTER;
  #history = Promise.resolve();
  #historyComplete = true;
  #limits = null;

  /** @private use openPool() */
  constructor({ name, actor, core, storage, ownsStorage, channel = null, heard = [], now = () => new Date(), host = null, hostTimeoutMs = HOST_TIMEOUT_MS, opened = null, compactAfter = COMPACT_AFTER }) {
    super();
    this.#now = now;
    this.#host = host ?? null;
    this.#hostTimeoutMs = hostTimeoutMs;
    this.#openedFrom = opened?.from ?? 'log';
    this.#storedIds = new Set(opened?.stored ?? []);
    this.#tailIds = new Set(opened?.tail ?? []);
    this.#compactAfter = compactAfter;
    this.#name = name;
    this.#actor = actor;
    this.#core = core;
    this.#storage = storage;
    this.#ownsStorage = ownsStorage;
    // Other tabs of the same pool: they stored their events already; apply them here too.
    if (channel) {
      this.#channel = channel;
      // What the other tabs send is applied a step at a time (another tab's import of 100,000
      // people is seconds of work that must not freeze this one). Messages that arrive while
      // earlier ones are being applied join them, and the burst is one change: the widget
      // redraws once, not once per message.
      const pending = [];
      let draining = false;
      const receive = (events) => {
        if (this.#disposed || !Array.isArray(events)) return;
        pending.push(events);
        if (draining) return;
        draining = true;
        this.#enqueue(async () => {
          const burst = [];
          let applied = 0;
          try {
            for (let steps = 0; pending.length > 0; ) {
              const events = pending.shift();
              for (const event of events) {
                this.#storedIds.add(event.id);
                this.#tailIds.add(event.id);
              }
              for (let at = 0; at < events.length; at += RECEIVE_CHUNK) {
                if (steps++ > 0) await yieldToPage();
                if (this.#disposed) return;
                applied += this.#core.apply(events.length <= RECEIVE_CHUNK ? events : events.slice(at, at + RECEIVE_CHUNK)).applied;
              }
              for (const event of events) burst.push(event);
              // a full message says more are coming (a sender lets its page run between them):
              // wait for them rather than end the burst, and a redraw, after each one
              if (pending.length === 0 && events.length >= BROADCAST_CHUNK) await new Promise((resolve) => setTimeout(resolve, BURST_WAIT_MS));
            }
          } finally {
            draining = false;
          }
          if (applied > 0) this.dispatchEvent(new CustomEvent('change', { detail: { events: burst, remote: true } }));
        });
      };
      this.#channel.onmessage = (message) => receive(message.data?.events);
      // what other tabs recorded while this one was loading storage (it may or may not be in
      // what was loaded: applying is idempotent)
      for (const events of heard) receive(events);
    }
    // Other recruiters' events, pushed by the host as they arrive.
    if (this.#host?.subscribe) {
      const unsubscribe = this.#host.subscribe((events) => {
        if (this.#disposed) return;
        this.#enqueue(() => this.#receive(events)).then(
          (received) => {
            if (received > 0) this.dispatchEvent(new CustomEvent('sync', { detail: { received, sent: 0, error: null } }));
          },
          (error) => this.#hostFailed(error),
        );
      });
      this.#unsubscribe = typeof unsubscribe === 'function' ? unsubscribe : null;
    }
    if (this.#openedFrom === 'snapshot') {
      this.#historyComplete = false;
      this.#history = this.#loadHistory();
      this.#history.catch(() => {}); // reported through whenComplete()
    }
    this.#compactIfDue();
  }

  /** 'snapshot' when the pool opened from its last snapshot and what came after, else 'log'. */
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
    return this.#history;
  }

  /** Gives the core back the events its snapshot covers, a chunk at a time, page responsive. */
  async #loadHistory() {
    const all = await this.#storage.loadEvents();
    for (let at = 0; at < all.length; at += HISTORY_CHUNK) {
      if (this.#disposed) return;
      this.#core.attachHistory(all.slice(at, at + HISTORY_CHUNK));
      await yieldToPage();
    }
    if (this.#disposed) return;
    const { missing } = this.#core.finishHistory();
    for (const event of all) this.#storedIds.add(event.id);
    this.#historyComplete = true;
    // An erasure stored before a crash may have left the person's older events unscrubbed.
    this.#stored(await rewriteErased(this.#core, this.#storage, this.#core.query({ type: 'erased' }).candidateIds, all));
    if (missing > 0) {
      console.warn(`runnerup: ${missing} event(s) of the pool's history are missing from storage; the pool's state is complete.`);
    }
    this.dispatchEvent(new CustomEvent('change', { detail: { events: [], remote: true, origin: 'history' } }));
  }

  /**
   * Stores a snapshot of the pool and drops what it covers from the tail, so the next open
   * replays only what comes after. Runs by itself when 1,000 events (openPool's `compactAfter`)
   * were stored since the last one, and after every erasure (an older snapshot would still hold
   * the person's data).
   */
  compact() {
    return this.#enqueue(() => this.#compactNow());
  }

  async #compactNow() {
    if (this.#disposed || typeof this.#storage.saveSnapshot !== 'function') return;
    const covered = [...this.#tailIds];
    await this.#storage.saveSnapshot(this.#core.snapshotBinary(), covered);
    for (const id of covered) this.#tailIds.delete(id);
  }

  #compactIfDue() {
    if (this.#compactAfter > 0 && this.#tailIds.size >= this.#compactAfter) this.compact().catch(() => {});
  }

  /**
   * Where the pool stands with the host adapter: `connected` (a host was given), `pending`
   * (events recorded here the host has not confirmed), `lastSync` (ISO time of the last full
   * sync), `error` (the last failure, `{code, message}`, null once a call succeeds).
   */
  get hostStatus() {
    return { ...this.#hostStatus, connected: this.#host !== null, pending: this.#unsent.size };
  }

  /**
   * Exchanges events with the host adapter: applies and stores the events the host holds that
   * this browser lacks, and sends the host what it lacks. Resolves with `{received, sent}`;
   * rejects with a RunnerUpError (`host_failed`, `host_timeout`, or the core's error for a
   * malformed event, with its path) and then changes nothing it had not stored. Fires `sync`.
   */
  sync() {
    return this.#enqueue(async () => {
      this.#assertOpen('sync');
      if (!this.#host) return { received: 0, sent: 0 };
      await this.#history; // what the host lacks is known once the whole log is here
      try {
        const remote = await callHost('loading the event log', this.#hostTimeoutMs, () => this.#host.load());
        if (!Array.isArray(remote)) {
          throw new RunnerUpError('host_failed', 'The host adapter\'s load() must resolve with an array of events.', '/host/load');
        }
        this.#assertOpen('sync');
        const received = await this.#receive(remote);
        const held = new Set();
        for (const event of remote) if (event && typeof event.id === 'string') held.add(event.id);
        // What the host lacks, by id: every event here was stored first, so the stored ids are
        // the log's. Only those events are exported, a chunk at a time with the page running
        // between chunks (a host that lacks a 100k pool's whole log would otherwise freeze the
        // page for seconds).
        const lacking = [];
        for (const id of this.#storedIds) if (!held.has(id)) lacking.push(id);
        const missing = [];
        for (let at = 0; at < lacking.length; at += EXPORT_CHUNK) {
          if (at > 0) await yieldToPage();
          this.#assertOpen('sync');
          missing.push(...this.#core.query({ type: 'events', ids: lacking.slice(at, at + EXPORT_CHUNK) }).events);
        }
        // The host may still hold erased people's events in their original form (an earlier
        // send failed): it gets the scrubbed form again.
        const erased = new Set(this.#core.query({ type: 'erased' }).candidateIds);
        if (erased.size > 0) {
          const theirs = new Map(remote.filter((e) => e && held.has(e.id)).map((e) => [e.id, JSON.stringify(e)]));
          for (const id of erased) {
            for (const event of this.#core.query({ type: 'eventsAbout', candidateId: id }).events) {
              if (theirs.has(event.id) && theirs.get(event.id) !== JSON.stringify(event)) missing.push(event);
            }
          }
        }
        if (missing.length > 0) {
          await appendToHost(this.#host, missing, this.#hostTimeoutMs);
        }
        this.#unsent.clear();
        this.#hostStatus = { ...this.#hostStatus, lastSync: this.#now().toISOString(), error: null };
        this.dispatchEvent(new CustomEvent('sync', { detail: { received, sent: missing.length, error: null } }));
        return { received, sent: missing.length };
      } catch (error) {
        this.#hostFailed(error);
        throw error;
      }
    });
  }

  /** Applies and stores events from the host that are new here. Returns how many were new. */
  async #receive(events) {
    if (this.#disposed) return 0;
    if (!Array.isArray(events)) {
      throw new RunnerUpError('host_failed', 'The host adapter sent something other than a list of events.', '/host');
    }
    const fresh = new Map();
    for (const event of events) {
      const id = event && typeof event === 'object' ? event.id : undefined;
      if (typeof id === 'string' && !this.#storedIds.has(id)) fresh.set(id, event);
    }
    if (fresh.size === 0) return 0;
    const batch = [...fresh.values()];
    // The core checks every event first (a malformed one refuses the batch, with its path),
    // then the batch is stored, so what this browser holds is always what it shows. A large
    // batch (a host holding a whole pool's log, met by a new browser) is checked, then applied,
    // a chunk at a time with the page running in between: at once, 100,000 people's events
    // would freeze the page for seconds.
    const large = batch.length > RECEIVE_CHUNK;
    let applied = 0;
    const erased = []; // the people these events erased, as the core says
    let offset = 0; // where the events the core is looking at begin in the batch
    try {
      if (!large) {
        const report = this.#core.apply(batch);
        applied = report.applied;
        erased.push(...report.erased);
      } else {
        for (; offset < batch.length; offset += RECEIVE_CHUNK) {
          if (offset > 0) await yieldToPage();
          this.#assertOpen('sync');
          this.#core.check(batch.slice(offset, offset + RECEIVE_CHUNK));
        }
      }
    } catch (error) {
      if (!(error instanceof RunnerUpError) || error.code === 'disposed') throw error;
      // the core's path points into what it was given: say which of the host's events it is
      const m = /^\/(\d+)(\/.*)?$/.exec(error.path || '');
      const index = m ? offset + Number(m[1]) : -1;
      const event = m ? batch[index] : null;
      const path = m ? `/${index}${m[2] || ''}` : error.path;
      const where = event ? ` (event "${event.id}", at ${m[2] || '/'})` : path ? ` (at ${path})` : '';
      throw new RunnerUpError(error.code, `The ATS sent an event this pool cannot read, so nothing from it was applied: ${error.message}${where}.`, path, { cause: error });
    }
    await this.#storeMany(batch);
    this.#stored(batch);
    if (large) {
      for (let at = 0; at < batch.length; at += RECEIVE_CHUNK) {
        if (at > 0) await yieldToPage();
        if (this.#disposed) return applied; // stored: the next open shows it
        const report = this.#core.apply(batch.slice(at, at + RECEIVE_CHUNK));
        applied += report.applied;
        erased.push(...report.erased);
      }
    }
    if (erased.length > 0) {
      this.#stored(await rewriteErased(this.#core, this.#storage, erased));
      await this.#compactNow();
    }
    this.#compactIfDue();
    await this.#broadcast(batch);
    if (applied > 0) this.dispatchEvent(new CustomEvent('change', { detail: { events: batch, remote: true, origin: 'host' } }));
    if (erased.length > 0) this.dispatchEvent(new CustomEvent('erasure', { detail: { candidateIds: erased } }));
    return applied;
  }

  /**
   * Tells the pool's other tabs about events stored here: in messages of BROADCAST_CHUNK events,
   * letting the page breathe between them (cloning a 100k import's 240,000 events into one
   * message is a long task here, and applying them at once would freeze the other tabs).
   */
  async #broadcast(events) {
    for (let at = 0; at < events.length; at += BROADCAST_CHUNK) {
      if (at > 0) await yieldToPage();
      if (this.#disposed || !this.#channel) return;
      this.#channel.postMessage({ events: events.length <= BROADCAST_CHUNK ? events : events.slice(at, at + BROADCAST_CHUNK) });
    }
  }

  /**
   * Stores many events at once (an import, the host's): a thousand to a record where the storage
   * can (a storage given to openPool may only have append).
   */
  #storeMany(events) {
    return typeof this.#storage.appendMany === 'function' ? this.#storage.appendMany(events) : this.#storage.append(events);
  }

  /** Sends events recorded here to the host, in the background; a failure leaves them for sync(). */
  #send(events) {
    if (!this.#host || events.length === 0) return;
    for (const event of events) this.#unsent.set(event.id, event);
    const ids = events.map((e) => e.id);
    appendToHost(this.#host, events, this.#hostTimeoutMs).then(
      () => {
        for (const id of ids) this.#unsent.delete(id);
        if (this.#hostStatus.error) this.#hostStatus = { ...this.#hostStatus, error: null };
        this.dispatchEvent(new CustomEvent('sync', { detail: { received: 0, sent: events.length, error: null } }));
      },
      (error) => this.#hostFailed(error),
    );
  }

  /** Notes events just written to storage (they are in its tail until the next snapshot). */
  #stored(events) {
    for (const event of events) {
      this.#storedIds.add(event.id);
      this.#tailIds.add(event.id);
    }
  }

  #hostFailed(error) {
    const { code = 'host_failed', message = String(error) } = error ?? {};
    this.#hostStatus = { ...this.#hostStatus, error: { code, message } };
    if (!this.#disposed) this.dispatchEvent(new CustomEvent('sync', { detail: { received: 0, sent: 0, error: { code, message } } }));
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
      // One crossing each way: the core holds the events it proposed; they are stored, then
      // committed by number (never sent back, never decoded again).
      const { proposal, events } = this.#core.hold(command, actor, this.#now().toISOString(), newId());
      if (events.length === 0) {
        this.#core.drop();
        return events;
      }
      try {
        await this.#storage.append(events);
      } catch (error) {
        this.#core.drop();
        throw error;
      }
      this.#stored(events);
      this.#assertOpen('record');
      const { erased } = this.#core.commit(proposal);
      let scrubbed = [];
      if (erased.length > 0) {
        if (!this.#historyComplete) await this.#history.catch(() => {}); // the older events too
        scrubbed = await rewriteErased(this.#core, this.#storage, erased);
        this.#stored(scrubbed);
        await this.#compactNow(); // no snapshot may keep the person's data
      }
      await this.#broadcast(events);
      // the host gets the new events, and the scrubbed form of the erased people's older ones
      this.#send([...events, ...scrubbed.filter((e) => !events.some((n) => n.id === e.id))]);
      this.dispatchEvent(new CustomEvent('change', { detail: { events, remote: false, origin } }));
      if (erased.length > 0) this.dispatchEvent(new CustomEvent('erasure', { detail: { candidateIds: erased } }));
      this.#compactIfDue();
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
  async accessExport(candidateId, today = this.today()) {
    await this.#history; // everything held about them, including what came before the snapshot
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
    return this.#core.query({ type: 'today', at: this.#now().toISOString() }).today;
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
    let lastProgress = { bytesRead: 0, totalBytes, accepted: 0, merged: 0, refused: 0 };
    this.#core.importBegin(format, options, this.#actor, this.#now().toISOString(), newId());
    let report;
    let events = [];
    try {
      for (let chunk = first; !chunk.done; chunk = await chunks.next()) {
        this.#assertOpen('importFile');
        const step = this.#core.importFeed(chunk.value);
        if (step.events.length) batches.push(step.events);
        const { bytesRead, accepted, merged, refused } = step;
        lastProgress = { bytesRead, totalBytes, accepted, merged, refused };
        onProgress?.({ ...lastProgress, phase: 'reading' });
        if (step.error) break;
        await yieldToPage();
      }
      this.#assertOpen('importFile');
      const last = this.#core.importFinish();
      if (last.events.length) batches.push(last.events);
      report = { format, ...last.report };
      if (report.error) {
        const { code, message, path } = report.error;
        const error = new RunnerUpError(code, `Nothing was imported: ${message}${path ? ` (at ${path})` : ''}`, path);
        error.report = { ...report, events: 0 };
        throw error;
      }
      events = batches.flat();
      if (events.length > 0) {
        onProgress?.({ ...lastProgress, phase: 'storing', applied: 0, total: events.length });
        await this.#storeMany(events);
        this.#stored(events);
        this.#assertOpen('importFile');
        // Stored: now the pool shows them. The core read them into a copy of the pool, applying
        // each record as it came; that copy becomes the pool when nothing changed it meanwhile.
        // Else they are folded in here, a batch (about 1 MiB of the file) at a time, letting the
        // page breathe between batches (a 100k-person import is seconds of work).
        if (this.#core.importAdopt()) {
          onProgress?.({ ...lastProgress, phase: 'applying', applied: events.length, total: events.length });
        } else {
          let applied = 0;
          for (const batch of batches) {
            this.#core.apply(batch);
            applied += batch.length;
            onProgress?.({ ...lastProgress, phase: 'applying', applied, total: events.length });
            if (batches.length > 1) await yieldToPage();
          }
        }
      }
    } finally {
      this.#core.importAbort();
    }
    if (events.length > 0) {
      await this.#broadcast(events);
      this.#send(events);
      this.dispatchEvent(new CustomEvent('change', { detail: { events, remote: false, origin: 'import' } }));
      this.#compactIfDue();
    }
    return { ...report, events: events.length };
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
    return this.#core.exportIcs({ names }, this.#now().toISOString());
  }

  /** @returns {{format: 'runnerup.log', version: number, events: object[]}} */
  exportLog() {
    this.#assertOpen('exportLog');
    if (!this.#historyComplete) {
      throw new RunnerUpError('loading', "The pool's history is still loading from storage; await pool.whenComplete() and export again.");
    }
    return this.#core.exportLog();
  }

  /** Frees the core and closes storage it opened. Idempotent; never throws. */
  dispose() {
    if (this.#disposed) return;
    this.#disposed = true;
    try {
      this.#unsubscribe?.();
    } catch {
      // the host's unsubscribe is best effort
    }
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
