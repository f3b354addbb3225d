// Saving the records the host page hands <runnerup-pool> (its `candidates` and `requisitions`
// properties) into the pool: unchanged records propose no events; each failure is reported on
// its own, wrapped with the record it was about.
import { RunnerUpError } from '../errors.js';
import { translator } from '../i18n/index.js';

/**
 * @param {import('../pool.js').Pool} pool
 * @param {{requisitions: unknown, candidates: unknown}} given the element's properties
 * @param {object} on
 * @param {(candidateId: string) => void} on.erased the host still sends someone erased here
 * @param {(error: RunnerUpError, extra: object) => void} on.failed a record could not be saved
 */
export async function saveHostRecords(pool, { requisitions, candidates }, on) {
  const saves = [
    ...(Array.isArray(requisitions) ? requisitions : []).map((requisition) => [{ type: 'saveRequisition', requisition }, 'requisition', requisition]),
    ...(Array.isArray(candidates) ? candidates : []).map((candidate) => [{ type: 'saveCandidate', candidate }, 'candidate', candidate]),
  ].map(([command, kind, record]) =>
    pool.record(command, { origin: 'host' }).catch((error) => {
      if (pool.disposed) return; // the element was removed meanwhile
      if (error.code === 'erased') {
        // The host still sends someone erased here: tell it, quietly, so it can erase its copy.
        on.erased(record.id);
        return;
      }
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
    }),
  );
  await Promise.all(saves);
}
