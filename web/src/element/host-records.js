// Saving the records the host page hands <runnerup-pool> (its `candidates` and `requisitions`
// properties) into the pool: unchanged records propose no events; each failure is reported on
// its own, wrapped with the record it was about.
//
// The host may hand over many at once (10,000 candidates from the ATS): they are saved in
// batches, each one step of the pool's queue (pool.recordMany: one storage transaction, one
// append to the host adapter), with the page running between batches. A recruiter's action asked
// for during a bulk save runs after the batch in progress, not after the whole save.
import { RunnerUpError } from '../errors.js';
import { translator } from '../i18n/index.js';
import { yieldToPage } from '../tasks.js';

/** Records saved per batch: one IndexedDB transaction and one host append each. */
const HOST_RECORDS_BATCH = 500;

/**
 * @param {import('../pool.js').Pool} pool
 * @param {{requisitions: unknown, candidates: unknown}} given the element's properties
 * @param {object} on
 * @param {(candidateId: string) => void} on.erased the host still sends someone erased here
 * @param {(error: RunnerUpError, extra: object) => void} on.failed a record could not be saved, or the
 *   property itself is malformed (not an array, an entry that is not an object with a string id)
 * @param {(kind: 'candidate' | 'requisition', id: string) => void} [on.refused] the core refused the record with this id
 * @param {number} [batchSize]
 */
export async function saveHostRecords(pool, { requisitions, candidates }, on, batchSize = HOST_RECORDS_BATCH) {
  const saves = [
    ...wellFormed(requisitions, 'requisitions', on).map((requisition) => [{ type: 'saveRequisition', requisition }, 'requisition', requisition]),
    ...wellFormed(candidates, 'candidates', on).map((candidate) => [{ type: 'saveCandidate', candidate }, 'candidate', candidate]),
  ];
  // The same record handed over twice: the last one given is the one saved, as when each was
  // saved on its own (in one batch both would be proposed against the same state).
  const last = new Map();
  saves.forEach(([, kind, record], i) => {
    if (record && typeof record === 'object' && typeof record.id === 'string') last.set(`${kind}:${record.id}`, i);
  });
  const unique = saves.filter(([, kind, record], i) => !(record && typeof record === 'object' && typeof record.id === 'string') || last.get(`${kind}:${record.id}`) === i);

  for (let at = 0; at < unique.length; at += batchSize) {
    if (at > 0) await yieldToPage();
    if (pool.disposed) return; // the element was removed meanwhile
    const batch = unique.slice(at, at + batchSize);
    let results;
    try {
      results = await pool.recordMany(batch.map(([command]) => command), { origin: 'host' });
    } catch (error) {
      if (pool.disposed) return;
      // storage failed for the whole batch: every record in it is reported
      results = batch.map(() => ({ events: [], error }));
    }
    results.forEach(({ error }, i) => {
      if (error) failed(error, batch[i], on);
    });
  }
}

/**
 * The entries of a `candidates` or `requisitions` value that can be records: an array of objects
 * with a string id. What is not is reported (invalid_field, naming the property and the entry's
 * index) and left out; null and undefined are "none".
 */
function wellFormed(given, property, on) {
  if (given === undefined || given === null) return [];
  const report = (key, params, path) => {
    const message = translator('en').t(key, params); // the host's developers read English; `path` says where
    on.failed(new RunnerUpError('invalid_field', message, path), { wrap: { key, params, inner: null } });
  };
  if (!Array.isArray(given)) {
    report(`host.${property}NotAnArray`, {}, `/${property}`);
    return [];
  }
  return given.filter((entry, index) => {
    const ok = entry && typeof entry === 'object' && !Array.isArray(entry) && typeof entry.id === 'string' && entry.id !== '';
    if (!ok) report(property === 'candidates' ? 'host.badCandidate' : 'host.badRequisition', { number: index + 1 }, `/${property}/${index}`);
    return ok;
  });
}

function failed(error, [, kind, record], on) {
  if (error.code === 'erased') {
    // The host still sends someone erased here: tell it, quietly, so it can erase its copy.
    on.erased(record.id);
    return;
  }
  if (record && typeof record === 'object' && typeof record.id === 'string') on.refused?.(kind, record.id);
  const label = record && typeof record === 'object' ? record.name || record.title || record.id : '';
  const key = `host.recordFailed.${kind}${label ? '' : 'Unnamed'}`;
  const wrapped = new RunnerUpError(
    error.code || 'internal',
    translator('en').t(key, { label, message: error.message }), // the host's developers read English
    error.path || '',
    { cause: error },
  );
  // shown in the recruiter's language: the wrapper from the catalogue, the core's error by its code
  const inner = { code: error.code || 'internal', message: error.message, path: error.path || '' };
  on.failed(wrapped, { wrap: { key, params: { label }, inner } });
}
