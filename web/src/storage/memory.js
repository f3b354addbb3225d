// A pool's storage kept in memory only (node, tests, previews): the interface of
// indexedDBStorage (../storage.js), nothing kept once the page goes.
import { RunnerUpError } from '../errors.js';

/**
 * The same interface as indexedDBStorage, kept in memory only (node, tests, previews).
 * @param {object[]} [initialEvents]
 * @returns {import('../storage.js').Storage & {readonly events: object[]}}
 */
export function memoryStorage(initialEvents = []) {
  const byId = new Map();
  const tail = new Map();
  let snapshot = null;
  for (const event of initialEvents) byId.set(event.id, structuredClone(event));
  return {
    get snapshot() {
      return snapshot;
    },
    set snapshot(value) {
      snapshot = value; // tests: what a damaged snapshot does
    },
    async loadForOpen() {
      if (snapshot === null) return null;
      return { snapshot, tail: [...tail.values()].map((e) => structuredClone(e)) };
    },
    async saveSnapshot(value, coveredIds) {
      snapshot = value;
      for (const id of coveredIds) tail.delete(id);
    },
    async dropSnapshot() {
      snapshot = null;
    },
    get events() {
      return [...byId.values()].map((e) => structuredClone(e));
    },
    async loadEvents() {
      return [...byId.values()].map((e) => structuredClone(e));
    },
    async append(events) {
      if (!Array.isArray(events)) throw new RunnerUpError('invalid_field', 'append() takes an array of events');
      const copies = events.map((e) => structuredClone(e)); // all or nothing: clone before storing
      for (const event of copies) {
        byId.set(event.id, event);
        tail.set(event.id, event);
      }
    },
    appendMany(events) {
      return this.append(events);
    },
    close() {},
  };
}
