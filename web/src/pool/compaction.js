// Compaction: a snapshot of the pool in storage, so that the next open replays only what came
// after it. Runs when `compactAfter` events were stored since the last one, and after every
// erasure (an older snapshot would still hold the person's data).

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
    const covered = [...p.tailIds];
    await p.storage.saveSnapshot(p.core.snapshotBinary(), covered);
    for (const id of covered) p.tailIds.delete(id);
  });
}

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
