// Opening a pool: its stored events applied in steps, the history after a snapshot, and
// erasures carried into storage (the scrubbed form of an erased person's events).
import { yieldToPage } from '../tasks.js';
import { stored } from './internals.js';

const HISTORY_CHUNK = 500; // events given back to the core per step while the history loads
const APPLY_CHUNK = 500; // stored events applied per step while a pool opens from its log

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

/**
 * Writes the scrubbed form of every stored event about erased people over the original, so no
 * personal data of theirs stays in storage. `stored` (optional) avoids rewriting what is
 * already scrubbed.
 */
export async function rewriteErased(core, store, candidateIds, stored = null) {
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

/** Gives the core back the events its snapshot covers, a chunk at a time, page responsive. */
export async function loadHistory(p) {
  const all = await p.storage.loadEvents();
  for (let at = 0; at < all.length; at += HISTORY_CHUNK) {
    if (p.disposed) return;
    p.core.attachHistory(all.slice(at, at + HISTORY_CHUNK));
    await yieldToPage();
  }
  if (p.disposed) return;
  const { missing } = p.core.finishHistory();
  for (const event of all) p.storedIds.add(event.id);
  p.historyComplete = true;
  // An erasure stored before a crash may have left the person's older events unscrubbed.
  stored(p, await rewriteErased(p.core, p.storage, p.core.query({ type: 'erased' }).candidateIds, all));
  if (missing > 0) {
    console.warn(`runnerup: ${missing} event(s) of the pool's history are missing from storage; the pool's state is complete.`);
  }
  p.dispatchEvent(new CustomEvent('change', { detail: { events: [], remote: true, origin: 'history' } }));
}
