// A seeded simulation of a team on the sync server: 50 clients, each with the wasm core and its
// own store, record and sync in rounds with random offline periods and batches, through a proxy
// that drops, delays and cuts connections. Malicious clients forge actors, reuse ids with other
// bytes, send oversize events and clocks far in the future. The server is killed (SIGKILL) after
// INSERT before COMMIT, after COMMIT before the reply, and at random; PostgreSQL once; for a
// stretch two server instances share the database. At the end: every event a client saw
// acknowledged is on the server, the server and all 50 clients hold one state, the sequence is
// dense, no refused event is stored, and an erased person's texts are nowhere.
//
// RUNNERUP_SIM_SEED=N replays a run (the seed is printed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, connect as tcpConnect } from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort, killCluster, startCluster } from '../../scripts/pg.mjs';
import { SECRET, newCore, token } from './helpers.js';

const SEED = Number(process.env.RUNNERUP_SIM_SEED ?? 20261207);
const CLIENTS = 50;
const ROUNDS = 14;
const POOL = 'sim';
const ERASED_NAME = 'Philippa Quenby-Strathmore';
const ERASED_NOTE = 'mentioned her sabbatical in Reykjavik';

/** mulberry32: a small seeded generator. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const mainJs = fileURLToPath(new URL('../../server/main.js', import.meta.url));

/** A server instance as its own process, so that it can be killed. */
async function spawnServer(databaseUrl, port, crashAt = '') {
  const child = spawn(process.execPath, [mainJs], {
    env: { ...process.env, RUNNERUP_DATABASE_URL: databaseUrl, RUNNERUP_JWT_SECRET: SECRET, PORT: String(port), RUNNERUP_CRASH_AT: crashAt },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      if (String(d).includes('sync server on')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${err}`)));
  });
  child.removeAllListeners('exit');
  return child;
}

function kill9(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** A TCP proxy that drops, delays and cuts connections (as `faults` says), to one of `targets`. */
function startProxy(random, faults) {
  const state = { targets: [], dropped: 0, delayed: 0, cut: 0, connections: 0 };
  const server = createServer((socket) => {
    state.connections += 1;
    socket.on('error', () => {});
    const r = random();
    if (r < faults.drop) {
      state.dropped += 1;
      socket.destroy();
      return;
    }
    const target = state.targets[Math.floor(random() * state.targets.length)];
    const delay = random() < faults.delay ? Math.floor(random() * 200) : 0;
    if (delay) state.delayed += 1;
    const cutAfter = random() < faults.cut ? Math.floor(random() * 400) : -1;
    if (cutAfter >= 0) state.cut += 1;
    const upstream = tcpConnect(target, '127.0.0.1');
    upstream.on('error', () => socket.destroy());
    socket.on('close', () => upstream.destroy());
    upstream.on('close', () => socket.destroy());
    socket.pause();
    setTimeout(() => {
      socket.pipe(upstream);
      socket.resume();
      let sent = 0;
      upstream.on('data', (chunk) => {
        if (cutAfter >= 0 && sent + chunk.length > cutAfter) {
          socket.write(chunk.subarray(0, Math.max(0, cutAfter - sent)));
          socket.destroy();
          upstream.destroy();
          return;
        }
        sent += chunk.length;
        socket.write(chunk);
      });
    }, delay);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ state, port: server.address().port, close: () => new Promise((r) => server.close(() => r())) }));
  });
}

async function http(base, jwt, path, { method = 'GET', body } = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { Authorization: `Bearer ${jwt}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body,
    signal: AbortSignal.timeout(8000),
  });
  const text = await response.text();
  return { status: response.status, json: JSON.parse(text) };
}

const hash = (text) => createHash('sha256').update(text).digest('hex').slice(0, 16);

test(`a seeded simulation of 50 clients with faults ends with one state everywhere (seed ${SEED})`, { timeout: 8 * 60 * 1000 }, async () => {
  console.log(`# simulation seed ${SEED} (RUNNERUP_SIM_SEED=${SEED} replays it)`);
  const random = rng(SEED);
  const cluster = await startCluster();
  const servers = [];
  let proxy = null;
  const faults = { kills: 0, killsAfterInsert: 0, killsAfterCommit: 0, postgresKills: 0, twoInstances: false, malicious: {} };
  try {
    const port1 = await freePort();
    const port2 = await freePort();
    servers[0] = await spawnServer(cluster.url, port1);
    proxy = await startProxy(rng(SEED ^ 0x5eed), { drop: 0.04, delay: 0.15, cut: 0.04 });
    proxy.state.targets = [port1];
    const base = `http://127.0.0.1:${proxy.port}/v1/pools/${POOL}`;
    const direct = `http://127.0.0.1:${port1}/v1/pools/${POOL}`;

    // the clients: 0 is the privacy officer, 47-49 are malicious, the rest recruiters
    const clients = [];
    for (let i = 0; i < CLIENTS; i += 1) {
      const actor = i === 0 ? 'dpo' : `r${i}`;
      clients.push({
        i,
        actor,
        jwt: await token(actor, { [POOL]: i === 0 ? 'privacy' : 'recruiter' }),
        core: await newCore(),
        outbox: new Map(),
        cursor: 0,
        acked: new Set(),
        malicious: i >= CLIENTS - 3,
        counter: 0,
        people: [],
        random: rng(SEED + 1000 * (i + 1)),
      });
    }
    const everAcked = new Set();
    const refusedBytes = new Map(); // id -> the bytes that were refused
    let recorded = 0;

    const at = (round) => `2026-11-${String(10 + (round % 18)).padStart(2, '0')}T10:00:00Z`;
    function act(client, round) {
      const random = client.random;
      const n = 1 + Math.floor(random() * 4);
      for (let k = 0; k < n; k += 1) {
        const id = `c-${client.i}-${client.counter}`;
        let command;
        if (client.people.length > 0 && random() < 0.4) {
          const target = client.people[Math.floor(random() * client.people.length)];
          command = { type: 'logTouchpoint', touchpoint: { candidateId: target, at: at(round), channel: 'email', direction: 'outbound', note: `follow-up ${client.actor} ${round}` } };
        } else {
          command = { type: 'saveCandidate', candidate: { id, name: `Person ${client.i}.${client.counter}` } };
          client.people.push(id);
        }
        client.counter += 1;
        try {
          const events = client.core.propose(command, client.actor, at(round), `${client.actor}-${client.counter}-${round}`);
          client.core.apply(events);
          for (const e of events) client.outbox.set(e.id, e);
          recorded += events.length;
        } catch (error) {
          if (error.code !== 'erased' && error.code !== 'blocked') throw error;
        }
      }
    }

    async function pushOutbox(client, via = base) {
      if (client.outbox.size === 0) return;
      const batch = [...client.outbox.values()].slice(0, 1 + Math.floor(client.random() * 40));
      try {
        const { status, json } = await http(via, client.jwt, '/events', { method: 'POST', body: JSON.stringify({ events: batch }) });
        if (status !== 200) return; // the server is away (503): the batch waits
        for (const v of json.verdicts) {
          assert.notEqual(v.status, 'refused', `an honest client's event was refused: ${JSON.stringify(v)}`);
          client.outbox.delete(v.id);
          client.acked.add(v.id);
          everAcked.add(v.id);
        }
      } catch {
        // dropped, cut or timed out: the batch waits
      }
    }

    async function pull(client, via = base) {
      try {
        for (;;) {
          const { status, json } = await http(via, client.jwt, `/events?after=${client.cursor}&limit=500`);
          if (status !== 200) return;
          if (json.events.length > 0) client.core.apply(json.events);
          client.cursor = json.last;
          if (json.last >= json.head) return;
        }
      } catch {
        // later
      }
    }

    async function misbehave(client, round) {
      const kind = ['forged-actor', 'reused-id', 'oversize', 'future-clock'][(client.i + round) % 4];
      faults.malicious[kind] = (faults.malicious[kind] ?? 0) + 1;
      const [honest] = client.core.propose({ type: 'saveCandidate', candidate: { id: `m-${client.i}-${round}`, name: 'Mallory' } }, client.actor, at(round), `${client.actor}-m-${round}`);
      let events;
      if (kind === 'forged-actor') events = [{ ...honest, actor: 'r1' }];
      else if (kind === 'reused-id') {
        const victim = [...everAcked][Math.floor(client.random() * everAcked.size)];
        if (!victim) return;
        events = [{ ...honest, id: victim }];
      } else if (kind === 'oversize') events = [{ ...honest, data: { candidate: { id: honest.data.candidate.id, name: 'x'.repeat(30000) } } }];
      else events = [{ ...honest, clock: 9e15 }];
      try {
        const { status, json } = await http(base, client.jwt, '/events', { method: 'POST', body: JSON.stringify({ events }) });
        if (kind === 'forged-actor') assert.ok(status === 403 || status === 503, `a forged actor got ${status}`);
        if (status === 200) {
          const v = json.verdicts[0];
          if (v.status === 'refused') refusedBytes.set(events[0].id, JSON.stringify(events[0]));
          if (kind !== 'forged-actor') assert.equal(v.status, 'refused', `${kind} was ${v.status}`);
          if (v.status === 'accepted') {
            client.core.apply(events);
            everAcked.add(v.id);
          }
        }
      } catch {
        // dropped
      }
    }

    const instance = { current: servers[0], ports: [port1] };
    async function restart(crashAt = '') {
      await kill9(instance.current);
      instance.current = await spawnServer(cluster.url, port1, crashAt);
      servers[0] = instance.current;
    }

    for (let round = 0; round < ROUNDS; round += 1) {
      // fixed faults
      if (round === 3) {
        // killed after INSERT, before COMMIT: the batch was not stored, the retry is accepted
        await restart('after-insert');
        const c = clients[1];
        const batch = c.core.propose({ type: 'saveCandidate', candidate: { id: 'c-insert', name: 'Sent as the server died' } }, c.actor, at(round), 'crash-insert');
        c.core.apply(batch);
        await assert.rejects(http(direct, c.jwt, '/events', { method: 'POST', body: JSON.stringify({ events: batch }) }));
        faults.kills += 1;
        faults.killsAfterInsert += 1;
        await restart();
        const { json } = await http(direct, c.jwt, '/events', { method: 'POST', body: JSON.stringify({ events: batch }) });
        assert.deepEqual(json.verdicts.map((v) => v.status), batch.map(() => 'accepted'));
        for (const v of json.verdicts) everAcked.add(v.id);
      }
      if (round === 5) {
        // killed after COMMIT, before the reply: the batch is stored, the retry is a duplicate
        await restart('after-commit');
        const c = clients[2];
        const batch = c.core.propose({ type: 'saveCandidate', candidate: { id: 'c-commit', name: 'Stored as the server died' } }, c.actor, at(round), 'crash-commit');
        c.core.apply(batch);
        await assert.rejects(http(direct, c.jwt, '/events', { method: 'POST', body: JSON.stringify({ events: batch }) }));
        faults.kills += 1;
        faults.killsAfterCommit += 1;
        await restart();
        const { json } = await http(direct, c.jwt, '/events', { method: 'POST', body: JSON.stringify({ events: batch }) });
        assert.deepEqual(json.verdicts.map((v) => v.status), batch.map(() => 'duplicate'));
        for (const v of json.verdicts) everAcked.add(v.id);
      }
      if (round === 6) {
        // two instances on one database, behind the proxy
        servers[1] = await spawnServer(cluster.url, port2);
        proxy.state.targets = [port1, port2];
        faults.twoInstances = true;
      }
      if (round === 9) {
        proxy.state.targets = [port1];
        await kill9(servers[1]);
        faults.kills += 1;
      }
      if (round === 8) {
        // PostgreSQL dies once; the server's connections come back with it
        killCluster(cluster.dir);
        faults.postgresKills += 1;
        for (let attempt = 0; ; attempt += 1) {
          await new Promise((r) => setTimeout(r, 500));
          try {
            await startCluster({ dir: cluster.dir, port: cluster.port });
            break;
          } catch (error) {
            if (attempt > 20) throw error; // the old backends still hold its shared memory
          }
        }
      }
      if (round === 4) {
        // the person the privacy officer will erase, with texts about them
        const c = clients[3];
        const events = c.core.propose({ type: 'saveCandidate', candidate: { id: 'c-erased', name: ERASED_NAME } }, c.actor, at(round), 'erase-me');
        c.core.apply(events);
        const note = c.core.propose({ type: 'logTouchpoint', touchpoint: { candidateId: 'c-erased', at: at(round), channel: 'phone', direction: 'inbound', note: ERASED_NOTE } }, c.actor, at(round), 'erase-me-note');
        c.core.apply(note);
        for (const e of [...events, ...note]) c.outbox.set(e.id, e);
      }
      if (round === 10) {
        const dpo = clients[0];
        await pull(dpo);
        if (dpo.core.exportLog().events.some((e) => e.data?.candidate?.id === 'c-erased')) {
          const events = dpo.core.propose({ type: 'erasePerson', candidateId: 'c-erased' }, dpo.actor, at(round), 'erasure');
          dpo.core.apply(events);
          for (const e of events) dpo.outbox.set(e.id, e);
        }
      }
      let killed = Promise.resolve();
      if (round === 7 || round === 11) {
        // a kill at a random moment of the round's traffic
        killed = new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 300))).then(() => restart());
        faults.kills += 1;
      }

      // the round: each client online or not, records, sends a batch, pulls (each decision from
      // the client's own stream of the seed, whatever order the network answers in)
      await Promise.all(
        clients.map(async (client) => {
          if (client.random() < 0.25) return; // offline this round
          if (client.malicious && client.random() < 0.5) await misbehave(client, round);
          if (client.i !== 0) act(client, round);
          await pushOutbox(client);
          await pull(client);
        }),
      );
      await killed;
    }

    // the end: every client online until all it holds is sent and it has pulled everything
    proxy.state.targets = [port1];
    for (let attempt = 0; attempt < 40 && clients.some((c) => c.outbox.size > 0); attempt += 1) {
      await Promise.all(clients.map((c) => pushOutbox(c, direct)));
    }
    assert.deepEqual(clients.filter((c) => c.outbox.size > 0).map((c) => c.actor), [], 'every client sent everything');
    await Promise.all(clients.map((c) => pull(c, direct)));

    const dpo = clients[0];
    const { json: head } = await http(direct, dpo.jwt, '/events?limit=1');
    const server = await newCore();
    let serverText = '';
    for (let after = 0; after < head.head; ) {
      const { json } = await http(direct, dpo.jwt, `/events?after=${after}&limit=5000`);
      server.apply(json.events);
      serverText += JSON.stringify(json.events);
      after = json.last;
    }
    const serverIds = new Set(server.exportLog().events.map((e) => e.id));
    const lost = [...everAcked].filter((id) => !serverIds.has(id));
    assert.deepEqual(lost, [], 'every acknowledged event is on the server');

    const serverHash = hash(server.snapshotText());
    const hashes = new Set(clients.map((c) => hash(c.core.snapshotText())));
    assert.deepEqual([...hashes], [serverHash], 'the server and every client hold one state');

    const db = new pg.Client({ connectionString: cluster.url });
    await db.connect();
    let dense;
    try {
      dense = (await db.query('SELECT count(*)::int AS n, min(seq)::int AS lo, max(seq)::int AS hi FROM events WHERE pool = $1', [POOL])).rows[0];
      assert.deepEqual(dense, { n: head.head, lo: 1, hi: head.head }, 'the sequence is dense');
      const stored = new Map((await db.query('SELECT id, body FROM events WHERE pool = $1 AND id = ANY($2)', [POOL, [...refusedBytes.keys()]])).rows.map((r) => [r.id, r.body]));
      for (const [id, bytes] of refusedBytes) assert.notEqual(stored.get(id), bytes, `the refused event ${id} is stored`);
    } finally {
      await db.end();
    }
    const erasedDone = server.exportLog().events.some((e) => e.type === 'person.erased');
    assert.ok(erasedDone, 'the erasure reached the server');
    for (const secret of [ERASED_NAME, ERASED_NOTE]) {
      assert.ok(!serverText.includes(secret), `the server still serves "${secret}"`);
      for (const c of clients) assert.ok(!JSON.stringify(c.core.exportLog()).includes(secret), `client ${c.actor} still holds "${secret}"`);
    }
    console.log(
      `# simulation seed ${SEED}: ${CLIENTS} clients, ${ROUNDS} rounds, ${recorded} events recorded, ${head.head} stored (dense 1..${dense.hi}), ` +
        `${everAcked.size} acknowledged, ${refusedBytes.size} refused (malicious ${JSON.stringify(faults.malicious)}); ` +
        `faults: server SIGKILL x${faults.kills} (after INSERT ${faults.killsAfterInsert}, after COMMIT ${faults.killsAfterCommit}), PostgreSQL SIGKILL x${faults.postgresKills}, two instances ${faults.twoInstances}, ` +
        `proxy ${proxy.state.connections} connections (dropped ${proxy.state.dropped}, delayed ${proxy.state.delayed}, cut ${proxy.state.cut}); state hash ${serverHash} on the server and all ${CLIENTS} clients`,
    );
  } finally {
    for (const s of servers) if (s) await kill9(s);
    await proxy?.close();
    await cluster.remove();
  }
});
