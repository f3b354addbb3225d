// The JS facade (web/src/pool.js) against the real wasm core, with in-memory storage.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RunnerUpError } from '../../web/src/errors.js';
import { openPool } from '../../web/src/pool.js';
import { memoryStorage } from '../../web/src/storage.js';
import { ana, jose, runnerUp, seed, staff, wasmBinary } from './helpers.js';

async function freshPool(storage = memoryStorage()) {
  return openPool({ name: 'test', actor: 'recruiter-1', storage, wasmBinary });
}

/** Asserts `promiseOrFn` fails with a RunnerUpError of `code`, and returns the error. */
async function refuses(promiseOrFn, code) {
  let caught;
  try {
    await (typeof promiseOrFn === 'function' ? promiseOrFn() : promiseOrFn);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught, `expected a RunnerUpError "${code}", but nothing was thrown`);
  assert.ok(caught instanceof RunnerUpError, `expected a RunnerUpError, got ${caught?.name}: ${caught?.message}`);
  assert.equal(caught.code, code, caught.message);
  assert.equal(typeof caught.message, 'string');
  assert.ok(caught.message.length > 0);
  return caught;
}

describe('openPool', () => {
  test('records a runner-up and lists it in the pool', async () => {
    const storage = memoryStorage();
    const pool = await freshPool(storage);
    await seed(pool);
    const events = await pool.record(runnerUp(ana.id));
    assert.equal(events.length, 1);
    assert.equal(events[0].type, 'outcome.recorded');
    assert.equal(events[0].actor, 'recruiter-1');

    const { total, entries } = pool.list();
    assert.equal(total, 1);
    assert.equal(entries[0].candidate.name, 'Ana Núñez');
    assert.equal(entries[0].requisition.title, 'Staff engineer');
    assert.equal(entries[0].outcome.rank, 1);
    assert.equal(entries[0].outcome.reason.code, 'stronger_candidate');
    assert.equal(entries[0].outcome.initiator, 'we_decided', 'initiator defaults from the reason');

    assert.deepEqual(
      storage.events.map((e) => e.id),
      pool.exportLog().events.map((e) => e.id),
      'every applied event is in storage',
    );
    pool.dispose();
  });

  test('needs an actor', async () => {
    const error = await refuses(openPool({ storage: memoryStorage(), wasmBinary }), 'missing_field');
    assert.equal(error.path, '/actor');
  });

  test('restores the stored log when it opens', async () => {
    const storage = memoryStorage();
    const first = await freshPool(storage);
    await seed(first);
    await first.record(runnerUp(ana.id));
    const log = first.exportLog();
    first.dispose();

    const second = await freshPool(storage);
    assert.deepEqual(second.exportLog(), log);
    assert.equal(second.list().entries[0].candidate.id, ana.id);
    second.dispose();
  });

  test('replaying the exported log into a fresh pool gives an identical log', async () => {
    const pool = await freshPool();
    await seed(pool);
    await pool.record(runnerUp(ana.id, { rank: 1 }));
    await pool.record(runnerUp(jose.id, { rank: 2, reason: { code: 'other', note: 'Relocation fell through' } }));
    const log = pool.exportLog();
    assert.equal(log.format, 'runnerup.log');
    assert.equal(log.version, 1);

    const replayed = await freshPool(memoryStorage(log.events));
    assert.deepEqual(replayed.exportLog(), log);
    assert.deepEqual(replayed.list(), pool.list());

    // in reverse order too: the core orders events by clock, not by arrival
    const reversed = await freshPool(memoryStorage([...log.events].reverse()));
    assert.deepEqual(reversed.exportLog(), log);
    for (const p of [pool, replayed, reversed]) p.dispose();
  });

  test('saving an unchanged record appends nothing and fires no change', async () => {
    const pool = await freshPool();
    await seed(pool);
    let changes = 0;
    pool.addEventListener('change', () => changes++);
    const events = await pool.record({ type: 'saveCandidate', candidate: ana });
    assert.deepEqual(events, []);
    assert.equal(changes, 0);
    pool.dispose();
  });

  test('fires change with the appended events', async () => {
    const pool = await freshPool();
    await seed(pool);
    const seen = [];
    pool.addEventListener('change', (e) => seen.push(e.detail.events));
    const events = await pool.record(runnerUp(ana.id));
    assert.deepEqual(seen, [events]);
    pool.dispose();
  });
});

describe('errors surface as RunnerUpError and change nothing', () => {
  test('an unknown reason code', async () => {
    const pool = await freshPool();
    await seed(pool);
    const before = pool.exportLog();
    const error = await refuses(pool.record(runnerUp(ana.id, { reason: { code: 'vibes', note: '' } })), 'unknown_reason');
    assert.equal(error.path, '/outcome/reason/code');
    assert.deepEqual(pool.exportLog(), before);
    assert.equal(pool.list().total, 0);
    pool.dispose();
  });

  test('"other" without a note', async () => {
    const pool = await freshPool();
    await seed(pool);
    const before = pool.exportLog();
    const error = await refuses(pool.record(runnerUp(ana.id, { reason: { code: 'other', note: '' } })), 'note_required');
    assert.equal(error.path, '/outcome/reason/note');
    assert.deepEqual(pool.exportLog(), before);
    pool.dispose();
  });

  test('a rank already taken', async () => {
    const pool = await freshPool();
    await seed(pool);
    await pool.record(runnerUp(ana.id, { rank: 1 }));
    const before = pool.exportLog();
    const error = await refuses(pool.record(runnerUp(jose.id, { rank: 1 })), 'conflict');
    assert.equal(error.path, '/outcome/rank');
    assert.deepEqual(pool.exportLog(), before);
    pool.dispose();
  });

  test('an unknown candidate', async () => {
    const pool = await freshPool();
    await seed(pool);
    await refuses(pool.record(runnerUp('c-nobody')), 'not_found');
    pool.dispose();
  });

  test('an unknown command type', async () => {
    const pool = await freshPool();
    await refuses(pool.record({ type: 'hireEveryone' }), 'unknown_type');
    pool.dispose();
  });

  test('an unknown query type', async () => {
    const pool = await freshPool();
    const error = await refuses(() => pool.query({ type: 'everything' }), 'unknown_type');
    assert.equal(error.path, '/type');
    pool.dispose();
  });

  test('a stored event of an unknown type refuses to open, naming it', async () => {
    const storage = memoryStorage([
      { id: 'e-1', actor: 'a', at: '2026-11-22T10:00:00Z', clock: 1, type: 'candidate.teleported', data: {} },
    ]);
    const error = await refuses(freshPool(storage), 'unknown_type');
    assert.match(error.message, /candidate\.teleported/);
    assert.match(error.path, /^\/0\/type$/);
  });

  test('storage that fails leaves the pool unchanged, and the error propagates', async () => {
    const inner = memoryStorage();
    let failing = false;
    const storage = {
      loadEvents: () => inner.loadEvents(),
      append: (events) =>
        failing
          ? Promise.reject(new RunnerUpError('storage_full', 'The browser refused to store this change: storage is full'))
          : inner.append(events),
      close() {},
    };
    const pool = await freshPool(storage);
    await seed(pool);
    const before = pool.exportLog();
    let changes = 0;
    pool.addEventListener('change', () => changes++);

    failing = true;
    await refuses(pool.record(runnerUp(ana.id)), 'storage_full');
    assert.deepEqual(pool.exportLog(), before);
    assert.equal(pool.list().total, 0);
    assert.equal(changes, 0);
    assert.equal(inner.events.length, before.events.length);

    failing = false; // the same action succeeds once storage recovers
    await pool.record(runnerUp(ana.id));
    assert.equal(pool.list().total, 1);
    pool.dispose();
  });

  test('a storage error that is not a RunnerUpError still propagates unchanged in kind', async () => {
    const storage = {
      loadEvents: async () => [],
      append: async () => {
        throw new TypeError('boom');
      },
      close() {},
    };
    const pool = await freshPool(storage);
    await assert.rejects(pool.record({ type: 'saveCandidate', candidate: ana }), TypeError);
    assert.equal(pool.exportLog().events.length, 0);
    pool.dispose();
  });
});

describe('actions run one at a time', () => {
  test('a second record proposes against the state the first one left', async () => {
    const inner = memoryStorage();
    const appended = [];
    const storage = {
      loadEvents: () => inner.loadEvents(),
      async append(events) {
        await new Promise((r) => setTimeout(r, 20)); // slow disk: the two calls would overlap
        appended.push(events.map((e) => e.type));
        return inner.append(events);
      },
      close() {},
    };
    const pool = await freshPool(storage);
    await seed(pool);
    const first = pool.record(runnerUp(ana.id, { rank: 1 }));
    const second = pool.record(runnerUp(jose.id, { rank: 1 }));
    await first;
    await refuses(second, 'conflict'); // it saw Ana at rank 1: the records did not interleave
    const third = await pool.record(runnerUp(jose.id, { rank: 2 }));
    assert.equal(third.length, 1);
    assert.deepEqual(
      pool.list().entries.map((e) => [e.candidate.id, e.outcome.rank]),
      [
        [ana.id, 1],
        [jose.id, 2],
      ],
    );
    pool.dispose();
  });
});

describe('dispose', () => {
  test('is idempotent and never throws', async () => {
    const pool = await freshPool();
    pool.dispose();
    pool.dispose();
    assert.equal(pool.disposed, true);
  });

  test('any call after dispose throws "disposed"', async () => {
    const pool = await freshPool();
    await seed(pool);
    pool.dispose();
    await refuses(pool.record({ type: 'saveCandidate', candidate: ana }), 'disposed');
    await refuses(() => pool.list(), 'disposed');
    await refuses(() => pool.query({ type: 'pool' }), 'disposed');
    await refuses(() => pool.candidate(ana.id), 'disposed');
    await refuses(() => pool.taxonomy(), 'disposed');
    await refuses(() => pool.exportLog(), 'disposed');
  });

  test('a record already queued when the pool is disposed fails with "disposed" and stores nothing', async () => {
    const storage = memoryStorage();
    const pool = await freshPool(storage);
    await seed(pool);
    const stored = storage.events.length;
    const pending = pool.record(runnerUp(ana.id));
    pool.dispose();
    await refuses(pending, 'disposed');
    assert.equal(storage.events.length, stored);
  });
});

describe('queries', () => {
  test('taxonomy lists the reasons with labels, and "other" needs a note', async () => {
    const pool = await freshPool();
    const { reasons, stages, outcomes, initiators, futureFits } = pool.taxonomy();
    for (const list of [reasons, stages, outcomes, initiators, futureFits]) {
      assert.ok(list.length > 0);
      for (const item of list) assert.ok(item.code && item.label);
    }
    assert.equal(reasons.find((r) => r.code === 'other').noteRequired, true);
    pool.dispose();
  });

  test('candidate(id) returns the candidate, their outcomes and history', async () => {
    const pool = await freshPool();
    await seed(pool);
    await pool.record(runnerUp(ana.id));
    const card = pool.candidate(ana.id);
    assert.equal(card.candidate.name, ana.name);
    assert.equal(card.outcomes.length, 1);
    assert.deepEqual(
      card.history.map((e) => e.type),
      ['candidate.saved', 'outcome.recorded'],
    );
    await refuses(() => pool.candidate('c-nobody'), 'not_found');
    pool.dispose();
  });

  test('requisitions and candidates list what was saved', async () => {
    const pool = await freshPool();
    await seed(pool);
    assert.deepEqual(
      pool.query({ type: 'requisitions' }).requisitions.map((r) => r.id),
      [staff.id],
    );
    assert.equal(pool.query({ type: 'candidates' }).candidates.length, 3);
    pool.dispose();
  });
});

describe('search index', () => {
  test('is built in steps with the page running between them, and again after a change', async () => {
    const pool = await freshPool();
    await seed(pool);
    const rows = Array.from({ length: 3000 }, (_, k) => `Person ${k},p${k}@example.com,Internal candidate,Backend engineer`);
    await pool.importFile(new File([`name,email,reason,requisition\n${rows.join('\n')}\n`], 'finalists.csv'), { format: 'auto' });
    const today = '2026-11-22';
    assert.equal(pool.searchReady(today), false);
    const seen = [];
    let turns = 0; // the page's turns between steps
    const ticker = setInterval(() => turns++, 0);
    await pool.prepareSearch(today, { onProgress: (p) => seen.push(p) });
    clearInterval(ticker);
    assert.ok(seen.length > 3, `${seen.length} steps`);
    assert.deepEqual([...seen].sort((a, b) => a - b), seen, 'progress only grows');
    assert.ok(seen.every((p) => p >= 0 && p < 1));
    assert.ok(turns > 0, 'the page ran between the steps');
    assert.equal(pool.searchReady(today), true);
    const twentyNines = rows.filter((_, k) => String(k).startsWith('29')).length; // 29, 290-299, 2900-2999
    assert.equal(pool.query({ type: 'search', today, text: 'person 29', fields: 'row' }).total, twentyNines);
    assert.equal(pool.searchReady('2026-11-23'), false); // another day: another index
    await pool.record(runnerUp(ana.id));
    assert.equal(pool.searchReady(today), false); // the state changed
    await pool.prepareSearch(today);
    assert.equal(pool.searchReady(today), true);
    pool.dispose();
  });
});
