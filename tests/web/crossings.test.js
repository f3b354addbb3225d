// How often a recruiter's action crosses into the wasm core (docs/ARCHITECTURE.md): the JS
// facade against the real module, with every call of the raw embind handle counted.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadCoreModule } from '../../web/src/core.js';
import { openPool } from '../../web/src/pool.js';
import { memoryStorage } from '../../web/src/storage.js';
import { RunnerUpError } from '../../web/src/errors.js';
import { ana, jose, runnerUp, seed, staff, wasmBinary } from './helpers.js';

const calls = [];
const originals = new Map();

before(async () => {
  const M = await loadCoreModule({ wasmBinary });
  for (const name of Object.getOwnPropertyNames(M.Pool.prototype)) {
    const f = M.Pool.prototype[name];
    if (typeof f !== 'function' || name === 'constructor' || name === 'delete') continue;
    originals.set(name, f);
    M.Pool.prototype[name] = function counted(...args) {
      calls.push({ name, args });
      return f.apply(this, args);
    };
  }
});

after(async () => {
  const M = await loadCoreModule({ wasmBinary });
  for (const [name, f] of originals) M.Pool.prototype[name] = f;
});

async function seeded(storage = memoryStorage()) {
  const pool = await openPool({ name: 'crossings', actor: 'recruiter-1', storage, wasmBinary, sync: false });
  await seed(pool);
  return pool;
}

test('recording an outcome crosses into the core twice: propose, then commit by number', async () => {
  const pool = await seeded();
  try {
    calls.length = 0;
    const events = await pool.record(runnerUp(ana.id));
    assert.equal(events.length, 1);
    assert.deepEqual(calls.map((c) => c.name), ['propose', 'commit']);
    assert.equal(typeof calls[1].args[0], 'number', 'the events are not sent back: only the proposal number');
    assert.equal(pool.list().entries[0].candidate.id, ana.id, 'committed: the pool shows it');
  } finally {
    pool.dispose();
  }
});

test('a proposal whose events storage refused is never committed, and the next action is', async () => {
  const storage = memoryStorage();
  const pool = await seeded(storage);
  try {
    const append = storage.append.bind(storage);
    storage.append = async () => {
      throw new RunnerUpError('storage_full', 'The disk is full.');
    };
    await assert.rejects(pool.record(runnerUp(ana.id)), (e) => e.code === 'storage_full');
    assert.equal(pool.list().total, 0, 'nothing applied');
    storage.append = append;
    await pool.record(runnerUp(jose.id));
    assert.deepEqual(pool.list().entries.map((e) => e.candidate.id), [jose.id]);
  } finally {
    pool.dispose();
  }
});

test('exporting the CSV of a view sends the view, not ids built in JS: one crossing', async () => {
  const pool = await seeded();
  try {
    await pool.record(runnerUp(ana.id));
    await pool.record(runnerUp(jose.id, { rank: 2 }));
    const byIds = pool.exportCsv({ ids: pool.query({ type: 'pool', requisitionId: staff.id }).entries.map((e) => e.candidate.id) });
    calls.length = 0;
    const csv = pool.exportCsv({ view: { requisitionId: staff.id } });
    assert.deepEqual(calls.map((c) => c.name), ['exportCsv']);
    assert.equal(csv, byIds, 'the same rows, in the same order, as the pool table lists them');
  } finally {
    pool.dispose();
  }
});

test('one batch query answers the four questions of the element\'s redraw (pool page, names, requisitions, last action) in one crossing', async () => {
  const pool = await seeded();
  try {
    await pool.record(runnerUp(ana.id));
    calls.length = 0;
    const { answers } = pool.query({
      type: 'batch',
      queries: [{ type: 'pool', limit: 500 }, { type: 'candidates', fields: 'names' }, { type: 'requisitions' }, { type: 'lastAction', actor: 'recruiter-1' }],
    });
    assert.equal(calls.length, 1);
    assert.equal(answers[0].total, 1);
    assert.equal(answers[3].events[0].type, 'outcome.recorded');
  } finally {
    pool.dispose();
  }
});

test('the rules the widget shows come from the core: next rank, limits, why someone is blocked, today', async () => {
  const pool = await seeded();
  try {
    await pool.record(runnerUp(ana.id));
    assert.deepEqual(pool.query({ type: 'nextRank', requisitionId: staff.id, candidateId: jose.id }), { nextRank: 2, suggestedRank: 2 });
    assert.equal(pool.query({ type: 'nextRank', requisitionId: staff.id, candidateId: ana.id }).suggestedRank, 1);
    const hired = await pool.record(runnerUp(staff.hiredCandidateId, { rank: 2 })).catch((e) => e);
    assert.equal(hired.code, 'conflict');
    assert.equal(hired.path, '/outcome/candidateId');
    assert.equal(pool.limits().noteBytes, 20000);
    await pool.record({ type: 'withdrawConsent', candidateId: ana.id });
    const card = pool.query({ type: 'candidate', id: ana.id, today: pool.today() });
    assert.match(card.outreachBlocked, /withdrew consent/);
    assert.equal(card.doNotContact, false, 'not do-not-contact, and still blocked');
    assert.match(pool.today(), /^\d{4}-\d{2}-\d{2}$/);
  } finally {
    pool.dispose();
  }
});

test('today is the core\'s date in the time zone the pool was opened with', async () => {
  const now = () => new Date('2026-11-20T23:30:00Z');
  const utc = await openPool({ name: 'tz', actor: 'r', storage: memoryStorage(), wasmBinary, sync: false, now, utcOffsetMinutes: 0 });
  const berlin = await openPool({ name: 'tz', actor: 'r', storage: memoryStorage(), wasmBinary, sync: false, now, utcOffsetMinutes: 60 });
  try {
    assert.equal(utc.today(), '2026-11-20');
    assert.equal(berlin.today(), '2026-11-21');
  } finally {
    utc.dispose();
    berlin.dispose();
  }
});
