// Compaction: a snapshot of the pool in storage, so that the next open replays only what came
// after it. Runs when `compactAfter` events were stored since the last one, and after every
// erasure (an older snapshot would still hold the person's data).

import { RunnerUpError } from '../errors.js';
import { yieldToPage } from '../tasks.js';

export const COMPACT_AFTER = 1000;

/**
 * Stores a snapshot now and drops what it covers from the tail. With the pool's other tabs kept
 * out (storage.exclusive), and only once this tab has applied what they stored and told it
 * before: its snapshot replaces theirs, and must not be older than what they stored.
 */
export async function compactNow(p) {
  if (p.disposed || typeof p.storage.saveSnapshot !== 'function') return;
  const exclusive = typeof p.storage.exclusive === 'function' ? (work) => p.storage.exclusive(work) : (work) => work();
  await exclusive(async () => {
    if (p.drainHeard) {
      await messagesDelivered();
      p.drainHeard();
    }
    if (p.disposed) return;
    const bytes = await snapshotInSteps(p);
    if (!bytes) return; // disposed meanwhile
    // what the snapshot covers, read in the same turn as its last step: nothing was applied since
    const covered = [...p.tailIds];
    await p.storage.saveSnapshot(bytes, covered);
    for (const id of covered) p.tailIds.delete(id);
  });
}

/**
 * The pool's binary snapshot, written a step at a time with the page's turn between steps (at
 * 100,000 people in one go it was most of a 0.24 s task). Events applied meanwhile (another tab's,
 * the history coming back) make the core start again; after three such starts it is written in
 * one go. Null when the pool was disposed meanwhile.
 */
async function snapshotInSteps(p) {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await p.core.snapshotBinaryInSteps(async () => {
        await yieldToPage();
        if (p.disposed) throw new PoolDisposed();
      });
    } catch (error) {
      if (error instanceof PoolDisposed) return null;
      if (!(error instanceof RunnerUpError && error.code === 'conflict')) throw error;
    }
  }
  return p.core.snapshotBinary();
}

class PoolDisposed extends Error {}

/** Compacts in the pool's queue when enough was stored since the last snapshot. */
export function compactIfDue(p) {
  if (p.compactAfter > 0 && p.tailIds.size >= p.compactAfter) p.enqueue(() => compactNow(p)).catch(() => {});
}

/**
 * Resolves after the messages already sent to this page (another tab's events) were delivered: a
 * task of the same kind queued behind them. Not a timer, which a hidden tab throttles to a second
 * or more while this tab holds the pool's compaction lock.
 */
function messagesDelivered() {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
