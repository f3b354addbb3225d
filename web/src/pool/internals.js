// The state the Pool facade (../pool.js) shares with its modules: one object per pool, made by
// the facade, passed to every function here and in the other modules of web/src/pool/.
//
// @typedef {object} PoolInternals
// @property {import('../core.js').CorePool} core
// @property {import('../storage.js').Storage} storage
// @property {string} actor
// @property {() => Date} now
// @property {object | null} host the host adapter
// @property {number} hostTimeoutMs
// @property {BroadcastChannel | null} channel the pool's other tabs
// @property {(() => void) | undefined} [drainHeard] applies at once what the other tabs sent and is still waiting (tabs.js)
// @property {(() => void) | null} unsubscribe the host's
// @property {(() => void) | null} unwatch stops following the host adapter's status (watchStatus)
// @property {Set<string>} storedIds ids of the events in storage (what the host may still need to see)
// @property {Set<string>} tailIds ids of the events stored since the last snapshot
// @property {Map<string, object>} unsent events recorded here the host has not confirmed, by id
// @property {{lastSync: string | null, error: object | null, adapter?: {state: string, pending: number}}} hostStatus
// @property {number} compactAfter
// @property {((progress: object) => void) | null} onProgress openPool's (the move of a pool stored unsealed reports through it)
// @property {Promise<void>} history the history's loading (after opening from a snapshot)
// @property {boolean} historyComplete
// @property {boolean} [historyFromHost] the history is loading from the host (opened from its snapshot)
// @property {boolean} disposed
// @property {(method: string) => void} assertOpen
// @property {<T>(action: () => Promise<T>) => Promise<T>} enqueue runs actions one at a time, in call order
// @property {(event: Event) => void} dispatchEvent the facade's
import { yieldToPage } from '../tasks.js';

/** Events checked or applied per step when many arrive at once, from the host or another tab
 * (the first steps run the core's code before the engine has optimised it: a few times slower). */
export const RECEIVE_CHUNK = 1000;
/** Events put in their place per step as the history's return ends (finishHistoryInSteps). */
const FINISH_STEP = 20_000;

/** Notes events just written to storage (they are in its tail until the next snapshot). */
export function stored(p, events) {
  for (const event of events) {
    p.storedIds.add(event.id);
    p.tailIds.add(event.id);
  }
}

/**
 * Stores many events at once (an import, the host's): a thousand to a record where the storage
 * can (a storage given to openPool may only have append).
 */
export function storeMany(p, events) {
  return typeof p.storage.appendMany === 'function' ? p.storage.appendMany(events) : p.storage.append(events);
}

/** A unique string event ids derive from. */
export function newId() {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  // randomUUID needs a secure context; getRandomValues does not
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * Ends the history's return a step at a time, the page getting its turn between steps (in one
 * call it was a 0.13 s task at 100,000 people): the core's last answer, or null when the pool
 * was disposed meanwhile.
 */
export async function finishHistoryInSteps(p) {
  for (;;) {
    if (p.disposed) return null;
    const step = p.core.finishHistoryStep(FINISH_STEP);
    if (step.done) return step;
    await yieldToPage();
  }
}
