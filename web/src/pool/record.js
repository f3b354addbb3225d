// Recording what is done here: each command proposed by the core, its events stored, and only
// then applied; then what follows every change made here: an erasure carried into storage, the
// other tabs told, the host sent the events, a compaction when due, `change` and `erasure` fired.
import { RunnerUpError } from '../errors.js';
import { compactIfDue } from './compaction.js';
import { scrubErased } from './erasure.js';
import { sendToHost } from './host.js';
import { newId, stored } from './internals.js';
import { broadcast } from './tabs.js';

/**
 * One command (see Pool.record): propose, persist, apply, notify. Resolves with the events
 * appended (empty when nothing changed).
 * @param {import('./internals.js').PoolInternals} p
 */
export async function recordCommand(p, command, origin) {
  p.assertOpen('record');
  // The host's own records are saved by the actor "host": they are not the recruiter's
  // actions, so "undo" never offers them.
  const actor = origin === 'host' ? 'host' : p.actor;
  // One crossing each way: the core holds the events it proposed; they are stored, then
  // committed by number (never sent back, never decoded again).
  const { proposal, events } = p.core.hold(command, actor, p.now().toISOString(), newId());
  if (events.length === 0) {
    p.core.drop();
    return events;
  }
  try {
    await p.storage.append(events, { recorded: true });
  } catch (error) {
    p.core.drop();
    throw error;
  }
  stored(p, events);
  p.assertOpen('record');
  const { erased } = p.core.commit(proposal);
  await applied(p, events, erased, origin);
  return events;
}

/**
 * Many independent commands as one step (see Pool.recordMany): each proposed against the pool as
 * it stands, the events of all of them stored in one storage transaction, then applied. Resolves
 * with one `{events}` or `{events: [], error}` per command, in order.
 * @param {import('./internals.js').PoolInternals} p
 */
export async function recordCommands(p, commands, origin) {
  p.assertOpen('record');
  const actor = origin === 'host' ? 'host' : p.actor;
  const at = p.now().toISOString();
  const results = [];
  const all = [];
  for (const command of commands) {
    try {
      const events = p.core.propose(command, actor, at, newId());
      results.push({ events });
      all.push(...events);
    } catch (error) {
      if (!(error instanceof RunnerUpError) || error.code === 'disposed') throw error;
      results.push({ events: [], error });
    }
  }
  if (all.length === 0) return results;
  await p.storage.append(all, { recorded: true }); // one transaction for the batch
  stored(p, all);
  p.assertOpen('record');
  const { erased } = p.core.apply(all);
  await applied(p, all, erased, origin);
  return results;
}

/** What follows events recorded here once they are stored and applied (`erased`: whom they erased). */
async function applied(p, events, erased, origin) {
  const scrubbed = erased.length > 0 ? await scrubErased(p, erased) : [];
  await broadcast(p, events);
  // the host gets the new events, and the scrubbed form of the erased people's older ones
  sendToHost(p, [...events, ...scrubbed.filter((e) => !events.some((n) => n.id === e.id))]);
  p.dispatchEvent(new CustomEvent('change', { detail: { events, remote: false, origin } }));
  if (erased.length > 0) p.dispatchEvent(new CustomEvent('erasure', { detail: { candidateIds: erased } }));
  compactIfDue(p);
}
