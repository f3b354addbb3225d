// Erasure carried into storage: the scrubbed form of every stored event about an erased person
// written over the original, and no snapshot left that still holds their data.
import { compactNow } from './compaction.js';
import { stored } from './internals.js';

/**
 * Writes the scrubbed form of every stored event about erased people over the original, so no
 * personal data of theirs stays in storage, then has storage destroy their keys (storage.shred:
 * every sealed copy of their events, wherever its bytes still lie, becomes unreadable). The
 * scrubbed forms are stored first and unsealed (nothing personal is left in them): a crash
 * between the two leaves the keys, and the next open destroys them. `stored` (optional) avoids
 * rewriting what is already scrubbed.
 */
export async function rewriteErased(core, store, candidateIds, stored = null) {
  if (candidateIds.length === 0) return [];
  const about = [];
  for (const id of candidateIds) about.push(...core.query({ type: 'eventsAbout', candidateId: id }).events);
  // the stored form of those events only (made a text of every stored event, this was a 0.3 s
  // task after an open at 100,000 people with anyone erased)
  let before = null;
  if (stored) {
    const wanted = new Set(about.map((e) => e.id));
    before = new Map();
    for (const e of stored) if (wanted.has(e.id)) before.set(e.id, JSON.stringify(e));
  }
  const scrubbed = about.filter((event) => !before || before.get(event.id) !== JSON.stringify(event));
  if (scrubbed.length > 0) await store.append(scrubbed, { scrubbed: true });
  await store.shred?.(candidateIds);
  return scrubbed;
}

/**
 * Moves a pool an earlier build stored unsealed over (storage.sealStored; once): the events about
 * people, erased ones apart, sealed under their keys. Resolves true when it moved the pool now,
 * which should then be compacted (its snapshot was stored unsealed).
 * @param {(progress: object) => void} [onProgress] `{phase: 'sealing', sealed, total}`
 */
export async function sealEarlierStorage(core, store, onProgress) {
  if (typeof store.sealStored !== 'function') return false;
  const { moved } = await store.sealStored(core.query({ type: 'erased' }).candidateIds, { onProgress });
  return moved;
}

/**
 * After people were erased here: their events scrubbed in storage (the older ones too, once the
 * history has loaded) and a snapshot stored, since no snapshot may keep the person's data.
 * Resolves with the scrubbed events.
 * @param {import('./internals.js').PoolInternals} p
 * @param {string[]} erased
 */
export async function scrubErased(p, erased) {
  if (!p.historyComplete) await p.history.catch(() => {}); // the older events too
  const scrubbed = await rewriteErased(p.core, p.storage, erased);
  stored(p, scrubbed);
  await compactNow(p); // no snapshot may keep the person's data
  return scrubbed;
}
