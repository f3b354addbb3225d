// The host adapter (the ATS backend that keeps the event log too): what it is (HostAdapter),
// checking it, calling it with a timeout, sending it what was recorded here, receiving what it
// holds, the full exchange, and the history it gives after its snapshot.
import { RunnerUpError } from '../errors.js';
import { yieldToPage } from '../tasks.js';
import { compactIfDue, compactNow } from './compaction.js';
import { rewriteErased } from './erasure.js';
import { RECEIVE_CHUNK, finishHistoryInSteps, storeMany, stored } from './internals.js';
import { broadcast } from './tabs.js';

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
 * sent again by the next `sync()`, or by the adapter itself when it keeps a queue of its own.
 * `watchStatus(listener)` (optional) tells the pool the adapter's own state,
 * `{state: 'synced' | 'waiting' | 'offline', pending}`, on every change, and returns a function
 * that stops it: the widget shows it, and once the adapter's queue is empty nothing waits here.
 * `snapshot()` (optional) resolves with `{snapshot, events}` (a compacted state and the events
 * since it) or null: a browser with nothing stored opens a large pool from it instead of
 * replaying the whole log. connect() (web/src/connect.js) implements all of them for the sync
 * server.
 *
 * @typedef {object} HostAdapter
 * @property {() => Promise<object[]>} load
 * @property {(events: object[]) => Promise<void>} append
 * @property {(receive: (events: object[]) => void) => (() => void)} [subscribe]
 * @property {(listener: (status: {state: string, pending: number}) => void) => (() => void)} [watchStatus]
 * @property {() => Promise<{snapshot: object, events: object[]} | null>} [snapshot]
 */

export const HOST_TIMEOUT_MS = 10_000;
const HOST_APPEND_CHUNK = 2000; // events per host.append() call
const EXPORT_CHUNK = 5000; // events the host lacks, exported from the core per step

export function checkHostAdapter(host) {
  if (host === undefined || host === null) return;
  if (typeof host !== 'object' || typeof host.load !== 'function' || typeof host.append !== 'function') {
    throw new RunnerUpError('invalid_field', 'The host adapter is an object with load() and append(events) functions (and optionally subscribe(receive)).', '/host');
  }
  for (const optional of ['subscribe', 'watchStatus', 'snapshot']) {
    if (host[optional] !== undefined && typeof host[optional] !== 'function') {
      throw new RunnerUpError('invalid_field', `The host adapter's ${optional}, when given, is a function.`, `/host/${optional}`);
    }
  }
}

/**
 * Follows the adapter's own state (optional `watchStatus(listener)`: connect() has it), so the
 * widget shows synced / waiting (n) / offline, and an alert about a failed send clears when the
 * adapter's own retry succeeds: once its queue is empty, nothing here waits for the host.
 * @param {import('./internals.js').PoolInternals} p
 */
export function watchHostStatus(p) {
  const heard = (status) => {
    if (p.disposed || !status || typeof status !== 'object') return;
    const { state, pending = 0 } = status;
    if (state !== 'synced' && state !== 'waiting' && state !== 'offline') return;
    const was = p.hostStatus;
    p.hostStatus = { ...was, adapter: { state, pending: Number(pending) || 0 } };
    if (state === 'synced' && pending === 0) {
      const sent = p.unsent.size;
      p.unsent.clear();
      if (was.error) {
        p.hostStatus = { ...p.hostStatus, lastSync: p.now().toISOString(), error: null };
        p.dispatchEvent(new CustomEvent('sync', { detail: { received: 0, sent, error: null } }));
      }
    }
    p.dispatchEvent(new CustomEvent('hoststatus', { detail: { ...p.hostStatus.adapter } }));
  };
  const stop = p.host.watchStatus(heard);
  p.unwatch = typeof stop === 'function' ? stop : null;
  if (p.host.status) heard(p.host.status);
}

/** A host call that fails or takes too long becomes a RunnerUpError `host_failed` / `host_timeout`. */
export function callHost(what, timeoutMs, run) {
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

/** Hands events to the host adapter in slices, so no single request carries a whole import. */
async function appendToHost(host, events, timeoutMs) {
  for (let at = 0; at < events.length; at += HOST_APPEND_CHUNK) {
    const slice = events.slice(at, at + HOST_APPEND_CHUNK);
    await callHost('storing events', timeoutMs, () => host.append(slice));
  }
}

/**
 * Subscribes to the events the host pushes as other recruiters record them.
 * @param {import('./internals.js').PoolInternals} p
 */
export function subscribeToHost(p) {
  const unsubscribe = p.host.subscribe((events) => {
    if (p.disposed) return;
    p.enqueue(() => receiveFromHost(p, events)).then(
      (received) => {
        if (received > 0) p.dispatchEvent(new CustomEvent('sync', { detail: { received, sent: 0, error: null } }));
      },
      (error) => hostFailed(p, error),
    );
  });
  p.unsubscribe = typeof unsubscribe === 'function' ? unsubscribe : null;
}

/**
 * Exchanges events with the host adapter (Pool.sync): applies and stores what it holds that is
 * new here, and sends it what it lacks.
 * @param {import('./internals.js').PoolInternals} p
 */
export async function syncWithHost(p) {
  p.assertOpen('sync');
  if (!p.host) return { received: 0, sent: 0 };
  // what the host lacks is known once the whole log is here; a history that comes from the host
  // itself (opened from its snapshot) is the host's already, and follows this sync
  if (!p.historyFromHost) await p.history;
  try {
    const remote = await callHost('loading the event log', p.hostTimeoutMs, () => p.host.load());
    if (!Array.isArray(remote)) {
      throw new RunnerUpError('host_failed', 'The host adapter\'s load() must resolve with an array of events.', '/host/load');
    }
    p.assertOpen('sync');
    const received = await receiveFromHost(p, remote);
    const held = new Set();
    for (const event of remote) if (event && typeof event.id === 'string') held.add(event.id);
    // What the host lacks, by id: every event here was stored first, so the stored ids are
    // the log's. Only those events are exported, a chunk at a time with the page running
    // between chunks (a host that lacks a 100k pool's whole log would otherwise freeze the
    // page for seconds).
    const lacking = [];
    for (const id of p.storedIds) if (!held.has(id)) lacking.push(id);
    const missing = [];
    for (let at = 0; at < lacking.length; at += EXPORT_CHUNK) {
      if (at > 0) await yieldToPage();
      p.assertOpen('sync');
      missing.push(...p.core.query({ type: 'events', ids: lacking.slice(at, at + EXPORT_CHUNK) }).events);
    }
    // The host may still hold erased people's events in their original form (an earlier
    // send failed): it gets the scrubbed form again.
    const erased = new Set(p.core.query({ type: 'erased' }).candidateIds);
    if (erased.size > 0) {
      const theirs = new Map(remote.filter((e) => e && held.has(e.id)).map((e) => [e.id, JSON.stringify(e)]));
      for (const id of erased) {
        for (const event of p.core.query({ type: 'eventsAbout', candidateId: id }).events) {
          if (theirs.has(event.id) && theirs.get(event.id) !== JSON.stringify(event)) missing.push(event);
        }
      }
    }
    if (missing.length > 0) {
      await appendToHost(p.host, missing, p.hostTimeoutMs);
    }
    p.unsent.clear();
    p.hostStatus = { ...p.hostStatus, lastSync: p.now().toISOString(), error: null };
    p.dispatchEvent(new CustomEvent('sync', { detail: { received, sent: missing.length, error: null } }));
    return { received, sent: missing.length };
  } catch (error) {
    hostFailed(p, error);
    throw error;
  }
}

/** Applies and stores events from the host that are new here. Returns how many were new. */
async function receiveFromHost(p, events) {
  if (p.disposed) return 0;
  if (!Array.isArray(events)) {
    throw new RunnerUpError('host_failed', 'The host adapter sent something other than a list of events.', '/host');
  }
  const fresh = new Map();
  for (const event of events) {
    const id = event && typeof event === 'object' ? event.id : undefined;
    if (typeof id === 'string' && !p.storedIds.has(id)) fresh.set(id, event);
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
      const report = p.core.apply(batch);
      applied = report.applied;
      erased.push(...report.erased);
    } else {
      for (; offset < batch.length; offset += RECEIVE_CHUNK) {
        if (offset > 0) await yieldToPage();
        p.assertOpen('sync');
        p.core.check(batch.slice(offset, offset + RECEIVE_CHUNK));
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
  await storeMany(p, batch);
  stored(p, batch);
  if (large) {
    for (let at = 0; at < batch.length; at += RECEIVE_CHUNK) {
      if (at > 0) await yieldToPage();
      if (p.disposed) return applied; // stored: the next open shows it
      const report = p.core.apply(batch.slice(at, at + RECEIVE_CHUNK));
      applied += report.applied;
      erased.push(...report.erased);
    }
  }
  if (erased.length > 0) {
    stored(p, await rewriteErased(p.core, p.storage, erased));
    await compactNow(p);
  }
  compactIfDue(p);
  await broadcast(p, batch);
  if (applied > 0) p.dispatchEvent(new CustomEvent('change', { detail: { events: batch, remote: true, origin: 'host' } }));
  if (erased.length > 0) p.dispatchEvent(new CustomEvent('erasure', { detail: { candidateIds: erased } }));
  return applied;
}

/**
 * After the pool opened from the host's snapshot (a new browser): the history before the
 * snapshot, from the host's load(), stored here and given to the core a chunk at a time with the
 * page running, in the background (what `whenComplete()` waits for). A snapshot covering it is
 * stored afterwards, so the next open does not read it again.
 * @param {import('./internals.js').PoolInternals} p
 */
export async function loadHostHistory(p) {
  p.historyFromHost = true;
  try {
    await loadHistoryFromHost(p);
  } finally {
    p.historyFromHost = false;
  }
}

async function loadHistoryFromHost(p) {
  await p.enqueue(async () => {}); // after the first sync, which takes what came after the snapshot
  if (p.disposed) return;
  const events = await callHost("loading the pool's history", p.hostTimeoutMs, () => p.host.load());
  if (p.disposed) return;
  if (!Array.isArray(events)) {
    throw new RunnerUpError('host_failed', "The host adapter's load() must resolve with an array of events.", '/host/load');
  }
  const fresh = events.filter((e) => e && typeof e === 'object' && typeof e.id === 'string' && !p.storedIds.has(e.id));
  for (let at = 0; at < fresh.length; at += RECEIVE_CHUNK) {
    if (at > 0) await yieldToPage();
    if (p.disposed) return;
    p.core.attachHistory(fresh.slice(at, at + RECEIVE_CHUNK));
  }
  if (!(await finishHistoryInSteps(p))) return;
  if (fresh.length > 0) {
    await storeMany(p, fresh);
    stored(p, fresh);
    await p.enqueue(() => compactNow(p));
  }
  p.historyComplete = true;
  p.dispatchEvent(new CustomEvent('change', { detail: { events: [], remote: true, origin: 'history' } }));
}

/** Sends events recorded here to the host, in the background; a failure leaves them for sync(). */
export function sendToHost(p, events) {
  if (!p.host || events.length === 0) return;
  for (const event of events) p.unsent.set(event.id, event);
  const ids = events.map((e) => e.id);
  appendToHost(p.host, events, p.hostTimeoutMs).then(
    () => {
      for (const id of ids) p.unsent.delete(id);
      if (p.hostStatus.error) p.hostStatus = { ...p.hostStatus, error: null };
      p.dispatchEvent(new CustomEvent('sync', { detail: { received: 0, sent: events.length, error: null } }));
    },
    (error) => hostFailed(p, error),
  );
}

function hostFailed(p, error) {
  const { code = 'host_failed', message = String(error) } = error ?? {};
  p.hostStatus = { ...p.hostStatus, error: { code, message } };
  if (!p.disposed) p.dispatchEvent(new CustomEvent('sync', { detail: { received: 0, sent: 0, error: { code, message } } }));
}
