// The widget's side: connect('/v1', {pool, token}) as the host adapter of two recruiters' pools
// (the real facade, memory storage, the real wasm core) against the real server and PostgreSQL.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSyncServer } from '../../server/http.js';
import { connect } from '../../web/src/connect.js';
import { openPool } from '../../web/src/pool.js';
import { memoryStorage } from '../../web/src/storage.js';
import { api, newCore, push, record, SECRET, startAll, switchableFetch, token, until, wasmBinary } from './helpers.js';

let all;
before(async () => {
  all = await startAll();
});
after(async () => {
  await all?.close();
});



test('two recruiters converge through the server; bulk candidates go one POST per batch; work recorded while it is down is sent by itself', async () => {
  const aliceFetch = switchableFetch();
  const statuses = [];
  const aliceHost = connect(`${all.url}/v1`, { pool: 'team', token: await token('alice', { team: 'recruiter' }), fetch: aliceFetch, retryMs: 50, maxRetryMs: 200, onStatus: (s) => statuses.push(s.state) });
  const bobHost = connect(`${all.url}/v1`, { pool: 'team', token: () => token('bob', { team: 'recruiter' }), retryMs: 50, maxRetryMs: 200 });
  const alice = await openPool({ name: 'team', actor: 'alice', storage: memoryStorage(), wasmBinary, sync: false, host: aliceHost });
  const bob = await openPool({ name: 'team', actor: 'bob', storage: memoryStorage(), wasmBinary, sync: false, host: bobHost });
  try {
    // 3,000 host candidates: recorded one action each, while earlier sends are in flight; the
    // adapter sends what waits together, so far fewer POSTs than events
    await alice.record({ type: 'saveRequisition', requisition: { id: 'r-1', title: 'Staff engineer' } });
    for (let i = 0; i < 3000; i += 1) await alice.record({ type: 'saveCandidate', candidate: { id: `c-${i}`, name: `Person ${i}` } });
    const jwt = await token('reader', { team: 'viewer' });
    await until(async () => (await api(`${all.url}/v1/pools/team/events?limit=1`, jwt)).json.head === 3001, 'the server to hold every event');
    assert.ok(aliceFetch.posts < 3001 / 10, `${aliceFetch.posts} POSTs for 3,001 events: sent in batches`);
    await until(() => snapshotIds(bob) >= 3001, 'bob to receive every event over the stream');

    // the server is down: alice's action is stored locally, and waits
    aliceFetch.down = true;
    await alice.record({ type: 'saveCandidate', candidate: { id: 'c-offline', name: 'Recorded offline' } });
    await until(() => aliceHost.status.state !== 'synced', 'alice to be waiting');
    assert.equal(aliceHost.status.pending, 1);
    // it comes back: nobody acts, and the event still arrives (the adapter's timer)
    aliceFetch.down = false;
    await until(() => aliceHost.status.state === 'synced', 'alice to be synced again');
    await until(() => bob.exportLog().events.some((e) => e.data.candidate?.id === 'c-offline'), 'bob to see what alice recorded while the server was down');
    assert.ok(statuses.includes('waiting') || statuses.includes('offline'));
  } finally {
    alice.dispose();
    bob.dispose();
    aliceHost.close();
    bobHost.close();
  }
});

function snapshotIds(pool) {
  return pool.exportLog().events.length;
}

test('a refused event is told to onRefused and not sent again', async () => {
  const refused = [];
  const host = connect(`${all.url}/v1`, { pool: 'team2', token: await token('carol', { team2: 'viewer' }), onRefused: (v) => refused.push(...v), retryMs: 50 });
  try {
    const event = { id: 'x-1', actor: 'carol', at: '2026-11-22T10:00:00Z', clock: 1, type: 'candidate.saved', data: { candidate: { id: 'c-1', name: 'A' } } };
    await assert.rejects(host.append([event]), (e) => e.code === 'role_forbidden');
    assert.equal(refused[0].error.code, 'role_forbidden');
    assert.equal(host.status.pending, 0);
  } finally {
    host.close();
  }
});

/** How a promise ended: 'resolved', or the code of its error. */
function outcome(promise) {
  return promise.then(() => 'resolved', (error) => error.code);
}

test('a refusal that names one event of a batch drops that event only: the events of the other append() calls in the batch are stored', async () => {
  // the first POST is held back, so that the next append() calls wait together for one batch
  let release;
  const held = new Promise((r) => (release = r));
  let first = true;
  const posted = [];
  const gatedFetch = async (url, init) => {
    if (init?.method === 'POST') {
      posted.push(JSON.parse(init.body).events.map((e) => e.id));
      if (first) {
        first = false;
        await held;
      }
    }
    return fetch(url, init);
  };
  const refused = [];
  const host = connect(`${all.url}/v1`, { pool: 'team4', token: await token('erin', { team4: 'recruiter' }), fetch: gatedFetch, onRefused: (v) => refused.push(...v), retryMs: 50 });
  try {
    const core = await newCore();
    const [a1, a2, a3, a4] = record(core, 'erin', [1, 2, 3, 4].map((n) => ({ type: 'saveCandidate', candidate: { id: `c-${n}`, name: `Person ${n}` } })), 'r4');
    const [someoneElse] = record(core, 'mallory', [{ type: 'saveCandidate', candidate: { id: 'c-m', name: 'Not erin' } }], 'r4-m');
    // a recruiter may not erase: the server refuses the request naming this event (/events/N)
    const [erasure] = record(core, 'erin', [{ type: 'erasePerson', candidateId: 'c-1' }], 'r4-e');
    const answers = [host.append([a1]), host.append([a2, a3]), host.append([someoneElse]), host.append([erasure]), host.append([a4])].map(outcome);
    release();
    assert.deepEqual(await Promise.all(answers), ['resolved', 'resolved', 'actor_mismatch', 'erasure_forbidden', 'resolved']);
    assert.deepEqual(posted[1], [a2.id, a3.id, someoneElse.id, erasure.id, a4.id], 'the four later append() calls went in one batch');
    assert.deepEqual(
      refused.map((v) => [v.id, v.error.code, v.error.path]),
      [[someoneElse.id, 'actor_mismatch', '/actor'], [erasure.id, 'erasure_forbidden', '']],
    );
    assert.equal(host.status.pending, 0);
    const { json } = await api(`${all.url}/v1/pools/team4/events`, await token('reader', { team4: 'viewer' }));
    assert.deepEqual(json.events.map((e) => e.id), [a1.id, a2.id, a3.id, a4.id]);
  } finally {
    host.close();
  }
});

test('a batch too large for the server (413) is sent again in halves, and nothing of it is dropped', async () => {
  const refused = [];
  const host = connect(`${all.url}/v1`, { pool: 'team5', token: await token('erin', { team5: 'recruiter' }), onRefused: (v) => refused.push(...v), retryMs: 50 });
  try {
    // 1,001 events of about 18 KB: one request would carry more than the server's 16 MiB
    const core = await newCore();
    const note = 'n'.repeat(18000);
    const events = record(core, 'erin', [
      { type: 'saveCandidate', candidate: { id: 'c-big', name: 'Big' } },
      ...Array.from({ length: 1000 }, (_, i) => ({ type: 'logTouchpoint', touchpoint: { candidateId: 'c-big', at: '2026-11-21T10:00:00Z', channel: 'email', direction: 'outbound', note: `${i} ${note}` } })),
    ], 'big');
    assert.ok(JSON.stringify({ events }).length > 16 * 1024 * 1024);
    await host.append(events);
    assert.deepEqual(refused, []);
    assert.equal(host.status.pending, 0);
    const { json } = await api(`${all.url}/v1/pools/team5/events?limit=1`, await token('reader', { team5: 'viewer' }));
    assert.equal(json.head, events.length);
  } finally {
    host.close();
  }
});

test('a pool opened while the server cannot be reached gets, once it can, what others pushed before its stream connected', async () => {
  const aliceFetch = switchableFetch();
  aliceFetch.down = true;
  const host = connect(`${all.url}/v1`, { pool: 'team6', token: await token('alice', { team6: 'recruiter' }), fetch: aliceFetch, retryMs: 50, maxRetryMs: 200 });
  // the pool's load() at open fails: it is not made again
  const alice = await openPool({ name: 'team6', actor: 'alice', storage: memoryStorage(), wasmBinary, sync: false, host });
  try {
    const core = await newCore();
    const events = record(core, 'bob', [1, 2, 3].map((n) => ({ type: 'saveCandidate', candidate: { id: `c-${n}`, name: `Person ${n}` } })), 'bob6');
    assert.equal((await push(all.url, 'team6', await token('bob', { team6: 'recruiter' }), events)).status, 200);
    aliceFetch.down = false;
    await until(() => alice.exportLog().events.length === events.length, 'alice to receive what bob pushed while she could not reach the server');
    assert.deepEqual(alice.exportLog().events.map((e) => e.id).sort(), events.map((e) => e.id).sort());
  } finally {
    alice.dispose();
    host.close();
  }
});

test('a stream that started at the head before any load() starts again from 0 when the load() fails', async () => {
  const jwt = await token('fay', { team7: 'recruiter' });
  const core = await newCore();
  const before = record(core, 'fay', [1, 2].map((n) => ({ type: 'saveCandidate', candidate: { id: `c-${n}`, name: `Person ${n}` } })), 'fay7');
  assert.equal((await push(all.url, 'team7', jwt, before)).status, 200);
  // load()'s pages fail; the head and the stream answer
  const cursors = [];
  const loadFails = async (url, init) => {
    if (/\/events\?after=\d+&limit=5000$/.test(url)) throw new TypeError('fetch failed');
    if (url.endsWith('/stream')) cursors.push(init.headers['Last-Event-ID']);
    return fetch(url, init);
  };
  const received = [];
  const host = connect(`${all.url}/v1`, { pool: 'team7', token: jwt, fetch: loadFails, retryMs: 50, maxRetryMs: 200 });
  const stop = host.subscribe((events) => received.push(...events.map((e) => e.id)));
  try {
    await until(() => cursors.length === 1, 'the stream to connect');
    assert.equal(cursors[0], '2', 'no load() yet: the stream starts at the head');
    await assert.rejects(host.load());
    await until(() => received.length === before.length, 'the stream to give what came before the head it started at');
    assert.deepEqual(received, before.map((e) => e.id));
    assert.equal(cursors.at(-1), '0');
  } finally {
    stop();
    host.close();
  }
});

test('a stream that loses the server reconnects and resumes after the last sequence it saw', async () => {
  const port = all.server.port;
  const jwt = await token('dan', { team3: 'recruiter' });
  const received = [];
  const host = connect(`${all.url}/v1`, { pool: 'team3', token: jwt, retryMs: 50, maxRetryMs: 200 });
  const stop = host.subscribe((events) => received.push(...events));
  let other = null;
  try {
    const one = { id: 's-1', actor: 'dan', at: '2026-11-22T10:00:00Z', clock: 1, type: 'candidate.saved', data: { candidate: { id: 'c-1', name: 'A' } } };
    const two = { ...one, id: 's-2', clock: 2, data: { candidate: { id: 'c-2', name: 'B' } } };
    await new Promise((r) => setTimeout(r, 300)); // the stream is open
    await host.append([one]);
    await until(() => received.length === 1, 'the first event');
    // the instance goes away and another takes its port
    await all.server.close();
    other = await startSyncServer({ databaseUrl: all.cluster.url, wasmBinary, secret: SECRET, port });
    await host.append([two]);
    await until(() => received.length === 2, 'the second event after the reconnection');
    assert.deepEqual(received.map((e) => e.id), ['s-1', 's-2']);
  } finally {
    stop();
    host.close();
    await other?.close();
  }
});
