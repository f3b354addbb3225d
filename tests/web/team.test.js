// A team on one pool: concurrent rankings folded to distinct ranks, the adapter's own state
// (synced / waiting / offline) followed by the pool, and the host's records saved in batches.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { saveHostRecords } from '../../web/src/element/host-records.js';
import { openPool } from '../../web/src/pool.js';
import { memoryStorage } from '../../web/src/storage.js';
import { ana, chen, jose, runnerUp, seed, wasmBinary } from './helpers.js';

/** A backend in memory that upserts by id and counts its appends. */
function memoryHost() {
  const byId = new Map();
  return {
    appends: [],
    async load() {
      return [...byId.values()].map((e) => structuredClone(e));
    },
    async append(events) {
      this.appends.push(events.length);
      for (const event of events) byId.set(event.id, structuredClone(event));
    },
  };
}

/** memoryStorage that logs each append (one transaction each) as a label. */
function loggingStorage(log) {
  const storage = memoryStorage();
  const append = storage.append.bind(storage);
  storage.append = async (events) => {
    log.push(events.every((e) => e.actor === 'host') ? `host:${events.length}` : `recruiter:${events.length}`);
    return append(events);
  };
  return storage;
}

const open = (actor, host, storage = memoryStorage()) => openPool({ name: 'team', actor, storage, wasmBinary, host, sync: false });

const ranks = (pool) =>
  Object.fromEntries(pool.list().entries.filter((e) => e.outcome.requisitionId === 'r-staff').map((e) => [e.outcome.candidateId, e.outcome.rank]));

describe('a team on one pool', () => {
  test('two recruiters ranking different people first at the same moment end with distinct ranks, the same in both browsers', async () => {
    const host = memoryHost();
    const a = await open('recruiter-a', host);
    await seed(a);
    await a.sync();
    const b = await open('recruiter-b', host);
    // neither has seen the other's: both are offered rank 1
    await a.record(runnerUp(ana.id, { rank: 1 }));
    await b.record(runnerUp(jose.id, { rank: 1 }));
    await a.sync();
    await b.sync();
    await a.sync();
    assert.deepEqual(ranks(a), ranks(b));
    // the log's order (same clock, then actor): recruiter-a keeps rank 1
    assert.deepEqual(ranks(a), { [ana.id]: 1, [jose.id]: 2 });
    // the one next in line is one person, and the dialog offers rank 3 to the next
    assert.equal(a.query({ type: 'nextRank', requisitionId: 'r-staff', candidateId: chen.id }).nextRank, 3);
    a.dispose();
    b.dispose();
  });

  test("the pool follows the adapter's own state, and its alert clears when the adapter's retry succeeds", async () => {
    const listeners = new Set();
    let status = { state: 'synced', pending: 0 };
    const tell = (next) => {
      status = next;
      for (const l of listeners) l(next);
    };
    let down = true;
    const host = {
      load: async () => [],
      append: async (events) => {
        if (down) {
          tell({ state: 'offline', pending: events.length });
          throw new Error('the sync server cannot be reached');
        }
      },
      watchStatus(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      get status() {
        return status;
      },
    };
    const pool = await open('recruiter-a', host);
    const heard = [];
    pool.addEventListener('sync', (e) => heard.push(e.detail));
    await pool.record({ type: 'saveCandidate', candidate: ana });
    await new Promise((r) => setImmediate(r));
    assert.equal(pool.hostStatus.error?.code, 'host_failed');
    assert.equal(pool.hostStatus.state, 'offline');
    assert.equal(pool.hostStatus.waiting, 1);
    // back online: the adapter sends what waited by itself and says its queue is empty
    down = false;
    tell({ state: 'waiting', pending: 1 });
    assert.equal(pool.hostStatus.state, 'waiting');
    assert.equal(pool.hostStatus.error?.code, 'host_failed', 'cleared before anything was sent');
    tell({ state: 'synced', pending: 0 });
    assert.equal(pool.hostStatus.error, null);
    assert.equal(pool.hostStatus.state, 'synced');
    assert.equal(pool.hostStatus.pending, 0);
    assert.deepEqual(heard.at(-1), { received: 0, sent: 1, error: null });
    pool.dispose();
    assert.equal(listeners.size, 0, 'the pool stopped following the adapter');
  });

  test("10,000 host candidates are saved in batches (one transaction, one append each); a recruiter's action runs after the batch in progress", async () => {
    const log = [];
    const host = memoryHost();
    const pool = await open('recruiter-a', host, loggingStorage(log));
    await seed(pool);
    log.length = 0;
    host.appends.length = 0;
    const candidates = Array.from({ length: 10_000 }, (_, i) => ({ id: `h-${i}`, name: `Host Person ${i}` }));
    let recruiter = null;
    const failed = [];
    const saving = saveHostRecords(pool, { requisitions: [], candidates }, { erased: () => {}, failed: (e) => failed.push(e) });
    // the recruiter saves while the first batch is being stored
    const first = new Promise((resolve) => {
      const onChange = () => {
        pool.removeEventListener('change', onChange);
        resolve();
      };
      pool.addEventListener('change', onChange);
    });
    await Promise.resolve();
    recruiter = pool.record(runnerUp(ana.id));
    await first;
    await Promise.all([saving, recruiter]);
    assert.deepEqual(failed, []);
    const batches = log.filter((l) => l.startsWith('host:'));
    assert.equal(batches.length, 20, `20 batches of 500, one transaction each: ${log.join(' ')}`);
    assert.ok(batches.every((l) => l === 'host:500'));
    // the recruiter's action went right after the batch in progress, not after the whole save
    assert.equal(log.indexOf('recruiter:1'), 1, log.slice(0, 4).join(' '));
    await new Promise((r) => setImmediate(r));
    assert.equal(host.appends.filter((n) => n === 500).length, 20, 'one host append per batch');
    assert.equal(pool.query({ type: 'candidates', fields: 'names' }).candidates.length, 10_000 + 3);
    // saved again unchanged: nothing is proposed, nothing stored
    log.length = 0;
    await saveHostRecords(pool, { requisitions: [], candidates }, { erased: () => {}, failed: (e) => failed.push(e) });
    assert.deepEqual(log, []);
    pool.dispose();
  });

  test('a record the core refuses in a batch is reported on its own; the rest of the batch is saved', async () => {
    const pool = await open('recruiter-a', memoryHost());
    const failed = [];
    await saveHostRecords(pool, { requisitions: [], candidates: [ana, { id: 'bad', name: '' }, chen] }, { erased: () => {}, failed: (e) => failed.push(e) }, 2);
    assert.equal(failed.length, 1);
    assert.match(failed[0].message, /bad|candidate/);
    assert.equal(pool.candidate(chen.id).candidate.name, chen.name);
    assert.equal(pool.candidate(ana.id).candidate.name, ana.name);
    pool.dispose();
  });
});
