// A team on the server (the real facade, memory storage, the real wasm core, connect() against
// the real server and a throwaway PostgreSQL): a new browser opens a large pool from the
// server's snapshot instead of replaying its log; two recruiters ranking at once end with the
// same distinct ranks in both browsers and on the server; the pool follows the adapter's state,
// and its alert clears when the adapter's own retry gets the work through.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from '../../web/src/connect.js';
import { openPool } from '../../web/src/pool.js';
import { memoryStorage } from '../../web/src/storage.js';
import { api, startAll, switchableFetch, token, until, wasmBinary } from './helpers.js';

let all;
before(async () => {
  all = await startAll();
});
after(async () => {
  await all?.close();
});



/** The name the pool holds for a candidate, or null while it holds none. */
function nameIn(pool, id) {
  try {
    return pool.candidate(id).candidate.name;
  } catch {
    return null;
  }
}

const view = (pool) => ({
  names: pool.query({ type: 'candidates', fields: 'names' }).candidates,
  list: pool.list(),
});

function adapter(actor, pool, options = {}) {
  return connect(`${all.url}/v1`, { pool, token: () => token(actor, { [pool]: 'recruiter' }), retryMs: 50, maxRetryMs: 200, ...options });
}

test("a new browser opens the pool from the server's snapshot, not its whole log, and follows what comes after", async () => {
  const aliceHost = adapter('alice', 'big');
  const alice = await openPool({ name: 'big', actor: 'alice', storage: memoryStorage(), wasmBinary, sync: false, host: aliceHost });
  const bobFetch = switchableFetch();
  const bobHost = adapter('bob', 'big', { fetch: bobFetch });
  const bobStorage = memoryStorage();
  let bob = null;
  try {
    await alice.record({ type: 'saveRequisition', requisition: { id: 'r-1', title: 'Staff engineer', status: 'filled' } });
    await alice.recordMany(Array.from({ length: 1500 }, (_, i) => ({ type: 'saveCandidate', candidate: { id: `c-${i}`, name: `Person ${i}` } })));
    await alice.record({ type: 'recordOutcome', outcome: { candidateId: 'c-7', requisitionId: 'r-1', stage: 'final', outcome: 'runner_up', rank: 1, reason: { code: 'stronger_candidate', note: '' } } });
    const jwt = await token('reader', { big: 'viewer' });
    await until(async () => (await api(`${all.url}/v1/pools/big/events?limit=1`, jwt)).json.head === 1502, 'the server to hold every event');

    bob = await openPool({ name: 'big', actor: 'bob', storage: bobStorage, wasmBinary, sync: false, host: bobHost });
    assert.equal(bob.openedFrom, 'host');
    assert.equal(bobFetch.snapshots, 1);
    // no pull from the start of the log: only after the snapshot's sequence
    assert.ok(bobFetch.pulls.length > 0 && bobFetch.pulls.every((after) => after >= 1502), `pulled after ${bobFetch.pulls.join(', ')}`);
    assert.deepEqual(view(bob), view(alice));

    // what alice records next reaches bob over the stream, on top of the snapshot
    await alice.record({ type: 'saveCandidate', candidate: { id: 'c-new', name: 'Arrived later' } });
    await until(() => nameIn(bob, 'c-new') === 'Arrived later', 'bob to receive the later event');
    // the history before the snapshot follows in the background: the whole log, as alice's
    await bob.whenComplete();
    const ids = (pool) => pool.exportLog().events.map((e) => e.id).sort();
    assert.deepEqual(ids(bob), ids(alice));

    // bob's browser kept the snapshot: it opens from it next time, without asking the server's
    bob.dispose();
    bobHost.close();
    const again = adapter('bob', 'big');
    bob = await openPool({ name: 'big', actor: 'bob', storage: bobStorage, wasmBinary, sync: false, host: again });
    assert.equal(bob.openedFrom, 'snapshot');
    await bob.sync();
    await bob.whenComplete();
    assert.deepEqual(view(bob), view(alice));
    assert.deepEqual(ids(bob), ids(alice));
    again.close();
  } finally {
    alice.dispose();
    bob?.dispose();
    aliceHost.close();
    bobHost.close();
  }
});

test('two recruiters giving rank 1 at the same moment end with distinct ranks, the same in both browsers and on the server', async () => {
  const aliceHost = adapter('alice', 'ranks');
  const bobHost = adapter('bob', 'ranks');
  const alice = await openPool({ name: 'ranks', actor: 'alice', storage: memoryStorage(), wasmBinary, sync: false, host: aliceHost });
  const bob = await openPool({ name: 'ranks', actor: 'bob', storage: memoryStorage(), wasmBinary, sync: false, host: bobHost });
  const ranks = (pool) => Object.fromEntries(pool.list().entries.map((e) => [e.outcome.candidateId, e.outcome.rank]));
  try {
    await alice.recordMany([
      { type: 'saveRequisition', requisition: { id: 'r-1', title: 'Staff engineer', status: 'filled' } },
      { type: 'saveCandidate', candidate: { id: 'c-ana', name: 'Ana Núñez' } },
      { type: 'saveCandidate', candidate: { id: 'c-jose', name: 'José Müller-García' } },
    ]);
    await until(() => nameIn(bob, 'c-jose') !== null, 'bob to have the finalists');
    await bob.sync();
    await alice.sync();
    // neither has seen the other's: both record rank 1
    const outcome = (candidateId) => ({ type: 'recordOutcome', outcome: { candidateId, requisitionId: 'r-1', stage: 'final', outcome: 'runner_up', rank: 1, reason: { code: 'stronger_candidate', note: '' } } });
    await Promise.all([alice.record(outcome('c-ana')), bob.record(outcome('c-jose'))]);
    await until(() => Object.keys(ranks(alice)).length === 2 && Object.keys(ranks(bob)).length === 2, 'both to hold both outcomes');
    assert.deepEqual(ranks(alice), ranks(bob));
    assert.deepEqual(Object.values(ranks(alice)).sort(), [1, 2]);
    // the server folds with the same core: its snapshot says the same
    const jwt = await token('reader', { ranks: 'viewer' });
    const { snapshot } = (await api(`${all.url}/v1/pools/ranks/snapshot`, jwt)).json;
    const onServer = Object.fromEntries(JSON.stringify(snapshot).match(/"candidateId":"c-(ana|jose)","requisitionId":"r-1"[^}]*?"rank":\d/g).map((m) => [m.match(/c-(ana|jose)/)[0], Number(m.at(-1))]));
    assert.deepEqual(onServer, ranks(alice));
  } finally {
    alice.dispose();
    bob.dispose();
    aliceHost.close();
    bobHost.close();
  }
});

test("the pool follows connect()'s state; its alert clears when the adapter's own retry gets the work through", async () => {
  const f = switchableFetch();
  const host = adapter('carol', 'status', { fetch: f });
  const pool = await openPool({ name: 'status', actor: 'carol', storage: memoryStorage(), wasmBinary, sync: false, host });
  const syncs = [];
  pool.addEventListener('sync', (e) => syncs.push(e.detail));
  try {
    assert.equal(pool.hostStatus.state, 'synced');
    f.down = true;
    await pool.record({ type: 'saveCandidate', candidate: { id: 'c-off', name: 'Recorded while the server was away' } });
    await until(() => pool.hostStatus.error !== null, 'the failed send to show');
    assert.notEqual(pool.hostStatus.state, 'synced');
    assert.equal(pool.hostStatus.waiting, 1);
    // back: nobody acts; the adapter's timer sends it, and the pool hears that nothing waits
    f.down = false;
    await until(() => pool.hostStatus.state === 'synced', 'the pool to be synced again');
    assert.equal(pool.hostStatus.error, null);
    assert.equal(pool.hostStatus.pending, 0);
    assert.deepEqual(syncs.at(-1), { received: 0, sent: 1, error: null });
    const jwt = await token('reader', { status: 'viewer' });
    const { events } = (await api(`${all.url}/v1/pools/status/events?after=0`, jwt)).json;
    assert.ok(events.some((e) => e.data.candidate?.id === 'c-off'));
  } finally {
    pool.dispose();
    host.close();
  }
});
