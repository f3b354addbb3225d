// The sync server's API against a throwaway PostgreSQL cluster and the real wasm core: pushes
// and their verdicts, pulls, snapshots, every refusal of the token's rules (nothing stored),
// idempotency, dense sequences under concurrent pushes through two instances, resumable streams.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT, exportSPKI, generateKeyPair } from 'jose';
import pg from 'pg';
import { startSyncServer } from '../../server/http.js';
import { SECRET, api, newCore, push, record, startAll, token, wasmBinary } from './helpers.js';

let all;
let second; // another instance on the same database
before(async () => {
  all = await startAll();
  second = await startSyncServer({ databaseUrl: all.cluster.url, wasmBinary, secret: SECRET });
});
after(async () => {
  await second?.close();
  await all?.close();
});

const candidate = (id, name) => ({ type: 'saveCandidate', candidate: { id, name } });

async function head(pool) {
  const jwt = await token('reader', { [pool]: 'viewer' });
  return (await api(`${all.url}/v1/pools/${pool}/events?limit=1`, jwt)).json.head;
}

describe('pushing, pulling and snapshots', () => {
  test('a push answers a verdict per event with its sequence, and a pull gives the events after a cursor and the head', async () => {
    const core = await newCore();
    const events = record(core, 'alice', [candidate('c-1', 'Ana Núñez'), candidate('c-2', 'Chen Wei'), candidate('c-3', 'José')], 'p');
    const jwt = await token('alice', { p1: 'recruiter' });
    const pushed = await push(all.url, 'p1', jwt, events);
    assert.equal(pushed.status, 200);
    assert.deepEqual(pushed.json, {
      head: 3,
      verdicts: events.map((e, i) => ({ id: e.id, status: 'accepted', seq: i + 1 })),
    });
    const page = await api(`${all.url}/v1/pools/p1/events?after=1&limit=1`, jwt);
    assert.equal(page.status, 200);
    assert.equal(page.json.head, 3);
    assert.equal(page.json.last, 2);
    assert.deepEqual(page.json.events, [events[1]]);
    const rest = await api(`${all.url}/v1/pools/p1/events?after=2`, jwt);
    assert.deepEqual(rest.json.events, [events[2]]);
    const none = await api(`${all.url}/v1/pools/p1/events?after=3`, jwt);
    assert.deepEqual(none.json, { head: 3, last: 3, events: [] });
  });

  test('a snapshot is the folded state with the sequence it covers, and a new pool opens from it', async () => {
    const jwt = await token('alice', { p1: 'viewer' });
    const { status, json } = await api(`${all.url}/v1/pools/p1/snapshot`, jwt);
    assert.equal(status, 200);
    assert.equal(json.seq, 3);
    const fresh = await newCore();
    fresh.restore(json.snapshot);
    assert.equal(fresh.snapshot().candidates.find((c) => c.id === 'c-2').name, 'Chen Wei');
    assert.equal(fresh.snapshot().eventIds.length, 3);
  });

  test('asked for octet-stream, the snapshot is the binary one with its sequence in a header, and restores to the same state', async () => {
    const jwt = await token('alice', { p1: 'viewer' });
    const response = await fetch(`${all.url}/v1/pools/p1/snapshot`, { headers: { Authorization: `Bearer ${jwt}`, Accept: 'application/octet-stream' } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/octet-stream');
    assert.equal(response.headers.get('runnerup-seq'), '3');
    const bytes = new Uint8Array(await response.arrayBuffer());
    const fromBinary = await newCore();
    fromBinary.restore(bytes);
    const fromJson = await newCore();
    fromJson.restore((await api(`${all.url}/v1/pools/p1/snapshot`, jwt)).json.snapshot);
    assert.deepEqual(fromBinary.snapshot(), fromJson.snapshot());
    // the same bytes again while the pool has not moved on (kept by the instance), new ones after
    const again = new Uint8Array(await (await fetch(`${all.url}/v1/pools/p1/snapshot`, { headers: { Authorization: `Bearer ${jwt}`, Accept: 'application/octet-stream' } })).arrayBuffer());
    assert.deepEqual(again, bytes);
    // a build that cannot read it gets nothing half-restored: the core refuses damaged bytes
    const damaged = await newCore();
    assert.throws(() => damaged.restore(bytes.slice(0, bytes.length >> 1)), { name: 'RunnerUpError' });
    assert.equal(damaged.snapshot().candidates.length, 0);
  });

  test('an unknown pool reads as empty, and a malformed body or cursor is refused with its path', async () => {
    const jwt = await token('alice', { empty: 'recruiter' });
    assert.deepEqual((await api(`${all.url}/v1/pools/empty/events`, jwt)).json, { head: 0, last: 0, events: [] });
    const bad = await api(`${all.url}/v1/pools/empty/events`, jwt, { method: 'POST', body: '{"events": [' });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.code, 'malformed_json');
    const cursor = await api(`${all.url}/v1/pools/empty/events?after=-1`, jwt);
    assert.equal(cursor.status, 400);
    assert.equal(cursor.json.error.path, '/after');
    const notList = await api(`${all.url}/v1/pools/empty/events`, jwt, { method: 'POST', body: { events: {} } });
    assert.equal(notList.status, 400);
    assert.equal(notList.json.error.path, '/events');
  });
});

describe('the token decides who may do what, and a refused request stores nothing', () => {
  let events;
  let erasure;
  before(async () => {
    const core = await newCore();
    events = record(core, 'bob', [candidate('c-9', 'Mira Okafor')], 'auth');
    erasure = record(core, 'bob', [{ type: 'erasePerson', candidateId: 'c-9' }], 'auth-erase');
  });

  async function refused(response, status, code) {
    assert.equal(response.status, status, response.text);
    assert.equal(response.json.error.code, code);
    assert.ok(response.json.error.message.length > 10, 'the refusal says why');
    assert.equal(await head('auth'), 0, 'nothing was stored');
  }

  test('no token', async () => {
    await refused(await push(all.url, 'auth', null, events), 401, 'token_missing');
    await refused(await api(`${all.url}/v1/pools/auth/events`, null), 401, 'token_missing');
  });

  test('a token signed with another secret', async () => {
    await refused(await push(all.url, 'auth', await token('bob', { auth: 'admin' }, { secret: 'not-the-secret-of-this-server-000' }), events), 401, 'token_invalid');
  });

  test('an expired token', async () => {
    const old = await new SignJWT({ pools: { auth: 'admin' } })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('bob')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode(SECRET));
    await refused(await push(all.url, 'auth', old, events), 401, 'token_expired');
  });

  test('a read or a write of a pool the token does not grant', async () => {
    const other = await token('bob', { elsewhere: 'admin' });
    await refused(await push(all.url, 'auth', other, events), 403, 'pool_forbidden');
    await refused(await api(`${all.url}/v1/pools/auth/events`, other), 403, 'pool_forbidden');
    await refused(await api(`${all.url}/v1/pools/auth/snapshot`, other), 403, 'pool_forbidden');
    const stream = await fetch(`${all.url}/v1/pools/auth/stream`, { headers: { Authorization: `Bearer ${other}` } });
    assert.equal(stream.status, 403);
    await stream.body?.cancel();
  });

  test('a write by a viewer', async () => {
    await refused(await push(all.url, 'auth', await token('bob', { auth: 'viewer' }), events), 403, 'role_forbidden');
  });

  test('an event recorded as another actor than the token names', async () => {
    const response = await push(all.url, 'auth', await token('mallory', { auth: 'admin' }), events);
    await refused(response, 403, 'actor_mismatch');
    assert.equal(response.json.error.path, '/events/0/actor');
  });

  test('the host\'s records (candidates and requisitions, actor "host") pass with a recruiter\'s token; nothing else recorded as "host" does', async () => {
    const core = await newCore();
    const jwt = await token('bob', { hosted: 'recruiter' });
    const saved = record(core, 'host', [candidate('c-h', 'From the ATS'), { type: 'saveRequisition', requisition: { id: 'r-h', title: 'Staff engineer' } }], 'hosted');
    assert.deepEqual((await push(all.url, 'hosted', jwt, saved)).json.verdicts.map((v) => v.status), ['accepted', 'accepted']);
    const outcome = record(core, 'host', [{ type: 'recordOutcome', outcome: { candidateId: 'c-h', requisitionId: 'r-h', stage: 'final', outcome: 'runner_up', reason: { code: 'timing' } } }], 'hosted-outcome');
    const response = await push(all.url, 'hosted', jwt, outcome);
    assert.equal(response.status, 403);
    assert.equal(response.json.error.code, 'actor_mismatch');
  });

  test('an erasure by a recruiter', async () => {
    await refused(await push(all.url, 'auth', await token('bob', { auth: 'recruiter' }), [...events, ...erasure]), 403, 'erasure_forbidden');
  });

  test('an ATS signing with its private key: RS256 with the public key from configuration', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const keyed = await startSyncServer({ databaseUrl: all.cluster.url, wasmBinary, publicKey: await exportSPKI(publicKey) });
    try {
      const good = await new SignJWT({ pools: { keyed: 'recruiter' } }).setProtectedHeader({ alg: 'RS256' }).setSubject('bob').setExpirationTime('5m').sign(privateKey);
      assert.equal((await push(keyed.url, 'keyed', good, events)).status, 200);
      const hmac = await token('bob', { keyed: 'recruiter' });
      const wrong = await push(keyed.url, 'keyed', hmac, events);
      assert.equal(wrong.status, 401);
      assert.equal(wrong.json.error.code, 'token_invalid');
    } finally {
      await keyed.close();
    }
  });
});

describe('the event id is the idempotency key', () => {
  test('the same event again is a duplicate with its first sequence; other bytes under its id are refused as a conflict', async () => {
    const core = await newCore();
    const events = record(core, 'carol', [candidate('c-1', 'Ana Núñez'), candidate('c-2', 'Chen Wei')], 'idem');
    const jwt = await token('carol', { idem: 'recruiter' });
    await push(all.url, 'idem', jwt, events);
    const again = await push(all.url, 'idem', jwt, events);
    assert.deepEqual(again.json.verdicts, [
      { id: events[0].id, status: 'duplicate', seq: 1 },
      { id: events[1].id, status: 'duplicate', seq: 2 },
    ]);
    // the same event with its keys in another order is the same event
    const reordered = Object.fromEntries(Object.entries(events[0]).reverse());
    assert.equal((await push(all.url, 'idem', jwt, [reordered])).json.verdicts[0].status, 'duplicate');
    const forged = { ...events[1], data: { candidate: { id: 'c-2', name: 'Someone Else' } } };
    const conflict = await push(all.url, 'idem', jwt, [forged]);
    assert.equal(conflict.json.verdicts[0].status, 'refused');
    assert.equal(conflict.json.verdicts[0].error.code, 'conflict');
    assert.equal(conflict.json.head, 2);
    const { json } = await api(`${all.url}/v1/pools/idem/events`, jwt);
    assert.deepEqual(json.events, events, 'the first event stays as it was');
  });

  test('what the core refuses is refused with its error, kept, and answered again when the same id is retried', async () => {
    const jwt = await token('carol', { idem: 'recruiter' });
    const bad = { id: 'bad-1', actor: 'carol', at: '2026-11-22T10:00:00Z', clock: 9, type: 'candidate.saved', data: { candidate: { id: 'c-7', name: 'X', links: ['javascript:alert(1)'] } } };
    const first = await push(all.url, 'idem', jwt, [bad]);
    assert.equal(first.status, 200);
    const verdict = first.json.verdicts[0];
    assert.equal(verdict.status, 'refused');
    assert.match(verdict.error.path, /^\/data\/candidate\/links/);
    // the same id, now well formed: the refusal is final
    const fixed = { ...bad, data: { candidate: { id: 'c-7', name: 'X' } } };
    const retried = await push(all.url, 'idem', jwt, [fixed]);
    assert.deepEqual(retried.json.verdicts[0], verdict);
    // a batch mixing them: the good ones are stored, the refused one is not
    const core = await newCore();
    const good = record(core, 'carol', [candidate('c-8', 'Ola')], 'idem-mixed');
    const mixed = await push(all.url, 'idem', jwt, [good[0], { ...bad, id: 'bad-2', type: 'no.such.type' }]);
    assert.deepEqual(mixed.json.verdicts.map((v) => v.status), ['accepted', 'refused']);
    assert.equal(mixed.json.verdicts[1].error.code, 'unknown_type');
    // a clock far ahead of the pool's (it would drag every later clock to the end of its range)
    const [ahead] = record(core, 'carol', [candidate('c-9', 'Ahead')], 'idem-ahead');
    const far = await push(all.url, 'idem', jwt, [{ ...ahead, clock: 9e15 }, { ...ahead, id: 'near-1', clock: ahead.clock + 1000 }]);
    assert.deepEqual(far.json.verdicts.map((v) => v.status), ['refused', 'accepted']);
    assert.deepEqual([far.json.verdicts[0].error.code, far.json.verdicts[0].error.path], ['invalid_field', '/clock']);
    assert.match(far.json.verdicts[0].error.message, /ahead of the pool's/);
    const db = new pg.Client({ connectionString: all.cluster.url });
    await db.connect();
    try {
      const { rows } = await db.query("SELECT id FROM events WHERE pool = 'idem' AND (id LIKE 'bad-%' OR id = $1)", [ahead.id]);
      assert.deepEqual(rows, []);
    } finally {
      await db.end();
    }
  });
});

describe('sequences', () => {
  test('concurrent pushes from several clients through two instances get one dense sequence, each event once', async () => {
    const clients = 6;
    const pushes = 8;
    const all6 = [];
    const work = [];
    for (let c = 0; c < clients; c += 1) {
      const actor = `r${c}`;
      const jwt = await token(actor, { dense: 'recruiter' });
      const core = await newCore();
      const base = c % 2 === 0 ? all.url : second.url;
      work.push(
        (async () => {
          for (let p = 0; p < pushes; p += 1) {
            const events = record(core, actor, [candidate(`c-${c}-${p}-a`, 'A'), candidate(`c-${c}-${p}-b`, 'B')], `${actor}-${p}`);
            all6.push(...events);
            const response = await push(base, 'dense', jwt, events);
            assert.equal(response.status, 200, response.text);
            for (const v of response.json.verdicts) assert.equal(v.status, 'accepted');
          }
        })(),
      );
    }
    await Promise.all(work);
    const jwt = await token('reader', { dense: 'viewer' });
    const { json } = await api(`${all.url}/v1/pools/dense/events?limit=10000`, jwt);
    assert.equal(json.head, clients * pushes * 2);
    assert.equal(json.events.length, json.head);
    assert.deepEqual(new Set(json.events.map((e) => e.id)), new Set(all6.map((e) => e.id)));
    const db = new pg.Client({ connectionString: all.cluster.url });
    await db.connect();
    try {
      const { rows } = await db.query("SELECT min(seq)::int AS lo, max(seq)::int AS hi, count(*)::int AS n FROM events WHERE pool = 'dense'");
      assert.deepEqual(rows[0], { lo: 1, hi: json.head, n: json.head });
    } finally {
      await db.end();
    }
  });
});

/** Reads server-sent events from a fetch body: [{id, data}] as they come. */
function sse(url, jwt, lastEventId) {
  const controller = new AbortController();
  const messages = [];
  let wake = () => {};
  const ready = fetch(url, {
    headers: { Authorization: `Bearer ${jwt}`, ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}) },
    signal: controller.signal,
  }).then(async (response) => {
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type'), /^text\/event-stream/);
    (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of response.body) {
          buffer += decoder.decode(chunk, { stream: true });
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const id = /^id: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (data !== undefined) {
              messages.push({ id, data: JSON.parse(data) });
              wake();
            }
          }
        }
      } catch {
        // aborted
      }
    })();
  });
  return {
    ready,
    messages,
    async until(count) {
      while (messages.flatMap((m) => m.data).length < count) await new Promise((r) => (wake = r));
    },
    close: () => controller.abort(),
  };
}

describe('streams', () => {
  test('a stream sends what follows its cursor with the sequence as id, live across instances, and resumes from Last-Event-ID', async () => {
    const core = await newCore();
    const jwt = await token('dave', { live: 'recruiter' });
    const first = record(core, 'dave', [candidate('c-1', 'A'), candidate('c-2', 'B')], 'live1');
    await push(all.url, 'live', jwt, first);
    // opened on the second instance, from the start
    const stream = sse(`${second.url}/v1/pools/live/stream?after=0`, jwt);
    await stream.ready;
    await stream.until(2);
    assert.deepEqual(stream.messages.flatMap((m) => m.data), first);
    assert.equal(stream.messages.at(-1).id, '2');
    // pushed on the first instance: it reaches the second instance's stream (LISTEN/NOTIFY)
    const later = record(core, 'dave', [candidate('c-3', 'C')], 'live2');
    await push(all.url, 'live', jwt, later);
    await stream.until(3);
    assert.deepEqual(stream.messages.at(-1), { id: '3', data: later });
    stream.close();
    // what was pushed while no stream was open comes after Last-Event-ID, and nothing before it
    const missed = record(core, 'dave', [candidate('c-4', 'D'), candidate('c-5', 'E')], 'live3');
    await push(second.url, 'live', jwt, missed);
    // as an EventSource reconnects: its first URL again, with Last-Event-ID
    const resumed = sse(`${all.url}/v1/pools/live/stream?after=0`, jwt, '3');
    await resumed.ready;
    await resumed.until(2);
    assert.deepEqual(resumed.messages.flatMap((m) => m.data), missed);
    assert.equal(resumed.messages.at(-1).id, '5');
    resumed.close();
  });
});
