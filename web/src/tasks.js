// Long work in the page (opening, indexing, importing, syncing a large pool) is cut into steps;
// between two steps the page handles input and paints.

/** Resolves after the page had its turn: scheduler.yield() where the browser has it. */
export function yieldToPage() {
  const scheduler = globalThis.scheduler;
  if (scheduler && typeof scheduler.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}
