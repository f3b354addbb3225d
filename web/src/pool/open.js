// Opening a pool: a core holding its state, from the last snapshot and what came after it, from
// the host's snapshot in a new browser, or from the stored log applied in steps; then the
// history after a snapshot, in the background.
import { createCorePool } from '../core.js';
import { RunnerUpError } from '../errors.js';
import { yieldToPage } from '../tasks.js';
import { compactNow } from './compaction.js';
import { rewriteErased, sealEarlierStorage } from './erasure.js';
import { callHost } from './host.js';
import { finishHistoryInSteps, stored } from './internals.js';

const HISTORY_CHUNK = 500; // events given back to the core per step while the history loads
const APPLY_CHUNK = 500; // stored events applied per step while a pool opens from its log

/**
 * A new core holding the pool's state (openPool), and where it opened from: `from` ('snapshot',
 * 'host' or 'log'), the ids of the events in the snapshot's tail (`tail`) and of those known to
 * be stored (`stored`). A core it made is disposed when opening fails.
 */
export async function openCore(store, { wasmBinary, utcOffsetMinutes, host, hostTimeoutMs, onProgress }) {
  let core = null;
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
    tellSubjects(store, core);
    if (read.status === 'rejected') throw read.reason;
    const fast = read.value;
    let opened = null;
    if (fast) {
      try {
        await core.restoreInSteps(fast.snapshot, yieldToPage);
        const before = new Set(core.query({ type: 'erased' }).candidateIds);
        await applyInChunks(core, fast.tail, onProgress);
        // People erased after the snapshot was taken: an erasure stores a snapshot before it is
        // acknowledged, so a crash came first. The snapshot still holds their data, readable
        // under its key: a new one is stored at once (openPool).
        const erasedSince = core.query({ type: 'erased' }).candidateIds.filter((id) => !before.has(id));
        opened = { from: 'snapshot', tail: fast.tail.map((e) => e.id), stored: [], erasedSince };
      } catch (error) {
        // a snapshot this build cannot read (damaged, or from a newer version): replay the log
        if (!(error instanceof RunnerUpError)) throw error;
        core.dispose();
        core = await createCorePool({ wasmBinary });
        core.setUtcOffset(utcOffsetMinutes);
        tellSubjects(store, core);
        await store.dropSnapshot?.();
      }
    }
    // The stored log, read once: empty in a new browser, which opens a large pool from the
    // host's snapshot (when the host has one) instead of replaying its whole log; the first
    // sync brings what came after it.
    const events = opened ? null : await store.loadEvents();
    if (!opened && events.length === 0 && host && typeof host.snapshot === 'function') {
      opened = await openFromHostSnapshot(core, store, host, hostTimeoutMs, onProgress);
    }
    if (!opened) {
      await applyInChunks(core, events, onProgress);
      // An erasure stored before a crash may have left the person's older events unscrubbed.
      await rewriteErased(core, store, core.query({ type: 'erased' }).candidateIds, events);
      opened = { from: 'log', tail: events.map((e) => e.id), stored: events.map((e) => e.id) };
      // a pool an earlier build stored unsealed moves over now (a snapshot follows: openPool)
      opened.moved = await sealEarlierStorage(core, store, onProgress);
    }
    return { core, opened };
  } catch (error) {
    core?.dispose();
    throw error;
  }
}

/** Storage seals each person's events under their key: whom an event is about is the core's answer. */
function tellSubjects(store, core) {
  store.subjectsFrom?.((events) => core.subjects(events));
}

/**
 * Restores the host's snapshot (HostAdapter.snapshot) into an empty pool and keeps it in storage,
 * so the next open starts from it too. Null when the host has none or cannot give it now (the
 * pool then opens from its log and the first sync brings everything).
 */
async function openFromHostSnapshot(core, store, host, timeoutMs, onProgress) {
  let given;
  try {
    given = await callHost('giving its snapshot', timeoutMs, () => host.snapshot());
  } catch {
    return null; // unreachable now: the sync that follows reports it
  }
  if (!given || given.snapshot === undefined || given.snapshot === null) return null;
  try {
    await core.restoreInSteps(given.snapshot, yieldToPage);
  } catch (error) {
    if (!(error instanceof RunnerUpError)) throw error;
    // a binary snapshot is tied to the core's build: from a server that runs another version,
    // the document instead; one this build cannot read at all changes nothing: the log
    if (!(given.snapshot instanceof Uint8Array)) return null;
    try {
      given = await callHost('giving its snapshot', timeoutMs, () => host.snapshot({ binary: false }));
      if (!given || given.snapshot === undefined || given.snapshot === null) return null;
      await core.restoreInSteps(given.snapshot, yieldToPage);
    } catch {
      return null; // unreadable or unreachable: the log, as above
    }
  }
  const events = Array.isArray(given.events) ? given.events : [];
  if (events.length > 0) {
    await store.append(events);
    await applyInChunks(core, events, onProgress);
  }
  // kept as it came when it is the state (the core read it: this build's form), else written anew
  const keep = given.snapshot instanceof Uint8Array && events.length === 0 ? given.snapshot : await core.snapshotBinaryInSteps(yieldToPage);
  await store.saveSnapshot?.(keep, []);
  return { from: 'host', tail: events.map((e) => e.id), stored: events.map((e) => e.id) };
}

/**
 * Applies stored events a chunk at a time with the page free in between: opening a pool of
 * 100,000 people from its log is tens of seconds of work in wasm, and must not freeze the host
 * page. One call when there are few. The core keeps them all (stage) and applies them in its
 * fold order, a chunk per step (applyStaged), so each step folds on top of the last.
 */
export async function applyInChunks(core, events, onProgress) {
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

/** Gives the core back the events its snapshot covers, a chunk at a time, page responsive. */
export async function loadHistory(p) {
  const all = await p.storage.loadEvents();
  for (let at = 0; at < all.length; at += HISTORY_CHUNK) {
    if (p.disposed) return;
    p.core.attachHistory(all.slice(at, at + HISTORY_CHUNK));
    await yieldToPage();
  }
  const finished = await finishHistoryInSteps(p);
  if (!finished) return;
  const { missing } = finished;
  for (const event of all) p.storedIds.add(event.id);
  p.historyComplete = true;
  // An erasure stored before a crash may have left the person's older events unscrubbed.
  stored(p, await rewriteErased(p.core, p.storage, p.core.query({ type: 'erased' }).candidateIds, all));
  // A pool an earlier build stored unsealed moves over, and its snapshot is stored sealed (in the
  // queue, not awaited: an action in it may be waiting for this history)
  if (await sealEarlierStorage(p.core, p.storage, p.onProgress)) p.enqueue(() => compactNow(p)).catch(() => {});
  if (missing > 0) {
    console.warn(`runnerup: ${missing} event(s) of the pool's history are missing from storage; the pool's state is complete.`);
  }
  p.dispatchEvent(new CustomEvent('change', { detail: { events: [], remote: true, origin: 'history' } }));
}
