// The sync server's figures (part of `npm run bench`): a throwaway PostgreSQL cluster
// (scripts/pg.mjs, synchronous_commit and fsync on) and the server in its own process
// (server/main.js, the real wasm core), on loopback; clients in this process push and pull as the
// widget does. Every measurement runs in each round (two by default), bounded in count and time,
// with the load average beside it: the machine may be shared.
//
//   node bench/server.mjs [--rounds 2] [--pull-events 100000] [--seconds 12] [--write]
//                         [--no-million] [--no-browser] [--server-node-args "--cpu-prof --cpu-prof-dir=DIR"] [--only TEXT]
//
// --write replaces the "## Sync server" section at the end of bench/RESULTS.md (or appends it).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { SignJWT } from 'jose';
import { freePort, startCluster } from '../scripts/pg.mjs';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const opt = (k, d) => (args.includes(k) ? args[args.indexOf(k) + 1] : d);
const ROUNDS = Number(opt('--rounds', 2));
const PULL_EVENTS = Number(opt('--pull-events', 100000));
const SECONDS = Number(opt('--seconds', 12)); // the most any one measurement pushes for
const SERVER_NODE_ARGS = opt('--server-node-args', '').split(' ').filter(Boolean);
const WRITE = args.includes('--write');
const PULL_MILLION = !args.includes('--no-million');
const BROWSER = !args.includes('--no-browser');
const ONLY = opt('--only', ''); // profiling: only the pushes whose name holds this, no table
const SECRET = 'bench-secret-that-is-long-enough-for-hs256';
const AT = '2026-11-22T10:00:00Z';
const BATCH = 50;
const CLIENTS = 50;

const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ')[0];

// ---- events as a recruiter's widget proposes them (the core's shape of candidate.saved) ----------
let serial = 0;
function candidateEvent(actor) {
  serial += 1;
  const n = serial;
  return {
    id: `${actor}-${n}.0`,
    actor,
    at: AT,
    clock: n,
    type: 'candidate.saved',
    data: {
      candidate: {
        id: `c-${actor}-${n}`,
        name: `Person ${n} Núñez`,
        emails: [`person${n}@example.com`],
        phones: [],
        links: [],
        location: { city: 'Lisbon', region: '', country: 'PT' },
        title: 'Backend engineer',
        skills: ['go', 'postgresql'],
        seniority: 'senior',
        source: 'referral',
        tags: ['runner-up'],
      },
    },
  };
}
const batchOf = (actor, size) => Array.from({ length: size }, () => candidateEvent(actor));

// ---- HTTP, keep-alive, as a browser would hold its connection ------------------------------------
const agent = new Agent({ keepAlive: true, maxSockets: 256 });
let base;
function call(method, path, jwt, body) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = request(`${base}${path}`, {
      method,
      agent,
      headers: { Authorization: `Bearer ${jwt}`, ...(data ? { 'Content-Type': 'application/json', 'Content-Length': data.length } : {}) },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) reject(new Error(`${method} ${path}: ${res.statusCode} ${text.slice(0, 300)}`));
        else resolve(text);
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(data);
  });
}
async function push(pool, jwt, events) {
  const answer = JSON.parse(await call('POST', `/v1/pools/${pool}/events`, jwt, { events }));
  const accepted = answer.verdicts.filter((v) => v.status === 'accepted').length;
  if (accepted !== events.length) throw new Error(`pool ${pool}: ${events.length - accepted} of ${events.length} not accepted: ${JSON.stringify(answer.verdicts.find((v) => v.status !== 'accepted'))}`);
  return accepted;
}
const token = (sub, pools) => new SignJWT({ pools }).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setIssuedAt().setExpirationTime('2h').sign(new TextEncoder().encode(SECRET));

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/**
 * `clients` clients, each pushing one request after another (each its own actor, one pool),
 * until `count` requests in all or `SECONDS`: requests/s, events/s and latency p50/p99.
 */
async function pushers(pool, { clients, perPush, count, late = false }) {
  const jwts = await Promise.all(Array.from({ length: clients }, (_, i) => token(`r${i}`, { [pool]: 'recruiter' })));
  // warm up: the pool's row and core exist, every client's connection is open
  await Promise.all(jwts.map((jwt, i) => push(pool, jwt, batchOf(`r${i}`, 1))));
  const latencies = [];
  let events = 0;
  let sent = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const t0 = performance.now();
  await Promise.all(jwts.map(async (jwt, i) => {
    while (sent < count && performance.now() < deadline) {
      sent += 1;
      const batch = batchOf(`r${i}`, perPush);
      if (late) for (const e of batch) e.clock = 1; // before every event the pool holds
      const s = performance.now();
      const accepted = await push(pool, jwt, batch);
      events += accepted;
      latencies.push(performance.now() - s);
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, events, seconds, perSecond: latencies.length / seconds, eventsPerSecond: events / seconds, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) };
}

/**
 * The peer: PostgreSQL alone, the same rows in the same transactions as the server stores them
 * (the pool's row locked, one multi-row INSERT, the head moved, COMMIT), without the core.
 */
async function rawInserts(db, pool, { perPush, count }) {
  await db.query('INSERT INTO pools (id) VALUES ($1) ON CONFLICT DO NOTHING', [pool]);
  const client = await db.connect();
  const latencies = [];
  let events = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const t0 = performance.now();
  try {
    while (latencies.length < count && performance.now() < deadline) {
      const batch = batchOf('raw', perPush);
      const s = performance.now();
      await client.query('BEGIN');
      const { rows } = await client.query('SELECT head FROM pools WHERE id = $1 FOR UPDATE', [pool]);
      const head = Number(rows[0].head);
      await client.query(
        `WITH ins AS (INSERT INTO events (pool, seq, id, actor, type, body)
           SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[]))
         UPDATE pools SET head = $7 WHERE id = $1`,
        [pool, batch.map((_, i) => head + 1 + i), batch.map((e) => e.id), batch.map((e) => e.actor), batch.map((e) => e.type), batch.map((e) => JSON.stringify(e)), head + batch.length],
      );
      await client.query('COMMIT');
      latencies.push(performance.now() - s);
      events += batch.length;
    }
  } finally {
    client.release();
  }
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, events, seconds, perSecond: latencies.length / seconds, eventsPerSecond: events / seconds, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) };
}

/** Seeds `total` events through the server (pushes of 2,000, the most one POST takes), then pulls them all. */
async function seedAndPull(pool, total) {
  const jwt = await token('seeder', { [pool]: 'recruiter' });
  const t0 = performance.now();
  for (let done = 0; done < total; done += 2000) await push(pool, jwt, batchOf('seeder', Math.min(2000, total - done)));
  const seedSeconds = (performance.now() - t0) / 1000;
  const loadAfterSeed = load();
  const pulls = [];
  for (const limit of [1000, 10000]) {
    const t1 = performance.now();
    let after = 0;
    let events = 0;
    let bytes = 0;
    for (;;) {
      const text = await call('GET', `/v1/pools/${pool}/events?after=${after}&limit=${limit}`, jwt);
      bytes += text.length;
      const page = JSON.parse(text);
      events += page.events.length;
      after = page.last;
      if (page.events.length === 0 || after >= page.head) break;
    }
    if (events !== total) throw new Error(`pulled ${events} of ${total}`);
    const seconds = (performance.now() - t1) / 1000;
    pulls.push({ limit, seconds, eventsPerSecond: events / seconds, mb: bytes / 1e6, load: load() });
  }
  return { total, seedSeconds, seedPerSecond: total / seedSeconds, loadAfterSeed, pulls };
}

/**
 * Pulling a million events: seeded once straight into PostgreSQL (the same rows the server
 * stores, built by SQL: a million pushes through the core would take this machine many minutes
 * and the server's memory for a million candidates), then pulled through the server as a new
 * browser would, a page after the other.
 */
let millionSeedSeconds = null;
async function pullMillion(db) {
  const pool = 'million';
  if (millionSeedSeconds === null) {
    const t0 = performance.now();
    await db.query('INSERT INTO pools (id, head) VALUES ($1, 1000000)', [pool]);
    await db.query(`
      INSERT INTO events (pool, seq, id, actor, type, body)
      SELECT $1, g, 'm-' || g, 'seeder', 'candidate.saved',
             jsonb_build_object('id', 'm-' || g, 'actor', 'seeder', 'at', '${AT}', 'clock', g, 'type', 'candidate.saved',
               'data', jsonb_build_object('candidate', jsonb_build_object('id', 'c-' || g, 'name', 'Person ' || g || ' Núñez',
                 'emails', jsonb_build_array('person' || g || '@example.com'), 'title', 'Backend engineer', 'skills', jsonb_build_array('go', 'postgresql'))))::text
      FROM generate_series(1, 1000000) AS g`, [pool]);
    millionSeedSeconds = (performance.now() - t0) / 1000;
  }
  const jwt = await token('reader', { [pool]: 'viewer' });
  const t1 = performance.now();
  let after = 0;
  let events = 0;
  let bytes = 0;
  for (;;) {
    const text = await call('GET', `/v1/pools/${pool}/events?after=${after}&limit=10000`, jwt);
    bytes += text.length;
    const page = JSON.parse(text);
    events += page.events.length;
    after = page.last;
    if (page.events.length === 0 || after >= page.head) break;
  }
  if (events !== 1e6) throw new Error(`pulled ${events} of a million`);
  const seconds = (performance.now() - t1) / 1000;
  return { seedSeconds: millionSeedSeconds, seconds, eventsPerSecond: events / seconds, mb: bytes / 1e6 };
}

// ---- run ---------------------------------------------------------------------------------------------
async function startServer(databaseUrl) {
  const port = await freePort();
  const child = spawn(process.execPath, [...SERVER_NODE_ARGS, 'server/main.js'], {
    cwd: root,
    env: { ...process.env, RUNNERUP_DATABASE_URL: databaseUrl, RUNNERUP_JWT_SECRET: SECRET, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => (String(d).includes('sync server on') ? resolve() : null));
    child.on('exit', (code) => reject(new Error(`the server exited (${code}) before it listened`)));
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

function stopServer(child) {
  return new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

const MEASURES = [
  ['batches of 50, one client', 'batch', (p) => pushers(p, { clients: 1, perPush: BATCH, count: 200 })],
  ['batches of 50, 4 clients', 'batch', (p) => pushers(p, { clients: 4, perPush: BATCH, count: 200 })],
  ['single-event pushes, one client', 'single', (p) => pushers(p, { clients: 1, perPush: 1, count: 1500 })],
  ['single-event pushes, 10 clients', 'single', (p) => pushers(p, { clients: 10, perPush: 1, count: 2000 })],
  [`single-event pushes, ${CLIENTS} clients`, 'single', (p) => pushers(p, { clients: CLIENTS, perPush: 1, count: 2500 })],
];
const PEERS = [
  ['PostgreSQL alone: batches of 50, one client', 'batch', (db, p) => rawInserts(db, p, { perPush: BATCH, count: 200 })],
  ['PostgreSQL alone: single-row transactions, one client', 'single', (db, p) => rawInserts(db, p, { perPush: 1, count: 1500 })],
];

const BIG_POOL = [
  [`batches of 50, one client, into the pool of ${PULL_EVENTS.toLocaleString('en')}`, 'batch', (p) => pushers(p, { clients: 1, perPush: BATCH, count: 100 })],
  [`single-event pushes, one client, into the pool of ${PULL_EVENTS.toLocaleString('en')}`, 'single', (p) => pushers(p, { clients: 1, perPush: 1, count: 600 })],
  // a recruiter's event that reaches the server after others with a later clock (offline for a
  // while, or two recruiters at the same moment): the core folds the whole pool again
  [`single-event pushes arriving out of clock order, into the pool of ${PULL_EVENTS.toLocaleString('en')}`, 'single', (p) => pushers(p, { clients: 1, perPush: 1, count: 5, late: true })],
];

const cluster = await startCluster();
let server;
const results = { rounds: [], loadAtStart: load() };
try {
  server = await startServer(cluster.url);
  base = server.url;
  const db = new pg.Pool({ connectionString: cluster.url, max: 2 });
  for (let round = 1; round <= ROUNDS; round += 1) {
    const r = { measures: {}, peers: {}, big: {} };
    for (const [name, , run] of MEASURES) {
      if (ONLY && !name.includes(ONLY)) continue;
      const l = load();
      r.measures[name] = { ...(await run(`bench-${round}-${Object.keys(r.measures).length}`)), load: l };
      console.log(`round ${round}: ${name}: ${summary(r.measures[name])}`);
    }
    if (ONLY) continue;
    for (const [name, , run] of PEERS) {
      const l = load();
      r.peers[name] = { ...(await run(db, `raw-${round}-${Object.keys(r.peers).length}`)), load: l };
      console.log(`round ${round}: ${name}: ${summary(r.peers[name])}`);
    }
    const l = load();
    r.pull = { ...(await seedAndPull(`pull-${round}`, PULL_EVENTS)), load: l };
    // the same pushes into the pool just seeded: what a push costs once a pool is large
    for (const [name, , run] of BIG_POOL) {
      const lb = load();
      r.big[name] = { ...(await run(`pull-${round}`)), load: lb };
      console.log(`round ${round}: ${name}: ${summary(r.big[name])}`);
    }
    if (PULL_MILLION) {
      const lm = load();
      r.million = { ...(await pullMillion(db)), load: lm };
      console.log(`round ${round}: pulled 1M events (limit 10000) in ${r.million.seconds.toFixed(1)} s (${r.million.eventsPerSecond.toFixed(0)}/s, ${r.million.mb.toFixed(0)} MB; seeded by SQL in ${r.million.seedSeconds.toFixed(1)} s)`);
    }
    console.log(`round ${round}: seeded ${PULL_EVENTS} events in ${r.pull.seedSeconds.toFixed(1)} s (${r.pull.seedPerSecond.toFixed(0)}/s); pulled ${r.pull.pulls.map((p) => `limit ${p.limit}: ${p.seconds.toFixed(2)} s (${p.eventsPerSecond.toFixed(0)}/s, ${p.mb.toFixed(0)} MB)`).join('; ')}`);
    results.rounds.push(r);
  }
  await db.end();
} finally {
  if (server) await stopServer(server.child);
  agent.destroy();
  await cluster.remove();
}
results.loadAtEnd = load();
if (ONLY) process.exit(0);

// a new browser to interactive on a 100k pool served by the server (bench/server-browser.mjs:
// its own cluster and server, Chromium through the widget's openPool() and connect())
if (BROWSER) {
  const run = spawnSync(process.execPath, ['bench/server-browser.mjs', '100k', '--runs', '3'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26, timeout: 40 * 60_000, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = (run.stdout || '').trim().split('\n').filter((l) => l.startsWith('{')).pop();
  process.stdout.write((run.stdout || '').split('\n').filter((l) => !l.startsWith('{')).join('\n'));
  results.browser = line ? JSON.parse(line) : { failed: `bench/server-browser.mjs exited ${run.status ?? run.signal}` };
}

function summary(m) {
  return `${m.requests} requests, ${m.events} events in ${m.seconds.toFixed(1)} s: ${m.perSecond.toFixed(0)} requests/s, ${m.eventsPerSecond.toFixed(0)} events/s, p50 ${m.p50.toFixed(1)} ms, p99 ${m.p99.toFixed(1)} ms (load ${m.load})`;
}

// ---- tables ---------------------------------------------------------------------------------------
const cell = (m, kind) => `${kind === 'batch' ? `**${m.eventsPerSecond.toFixed(0)} events/s**` : `**${m.perSecond.toFixed(0)} pushes/s**`}, p50 ${m.p50.toFixed(1)} / p99 ${m.p99.toFixed(1)} ms (${m.requests} requests; load ${m.load})`;
const rows = [];
for (const [name, kind] of MEASURES) rows.push([name, ...results.rounds.map((r) => cell(r.measures[name], kind))]);
for (const [name, kind] of PEERS) rows.push([name, ...results.rounds.map((r) => cell(r.peers[name], kind))]);
rows.push([`seed ${PULL_EVENTS.toLocaleString('en')} events through the server (pushes of 2,000)`, ...results.rounds.map((r) => `${r.pull.seedSeconds.toFixed(1)} s, **${r.pull.seedPerSecond.toFixed(0)} events/s** (load ${r.pull.load})`)]);
for (const [i, limit] of [1000, 10000].entries()) {
  rows.push([`pull all ${PULL_EVENTS.toLocaleString('en')} (GET events, limit=${limit})`, ...results.rounds.map((r) => `${r.pull.pulls[i].seconds.toFixed(2)} s, **${r.pull.pulls[i].eventsPerSecond.toFixed(0)} events/s**, ${r.pull.pulls[i].mb.toFixed(0)} MB (load ${r.pull.pulls[i].load})`)]);
}
for (const [name, kind] of BIG_POOL) rows.push([name, ...results.rounds.map((r) => cell(r.big[name], kind))]);
if (PULL_MILLION) {
  rows.push(['pull 1,000,000 (GET events, limit=10000; seeded straight into PostgreSQL)', ...results.rounds.map((r) => `${r.million.seconds.toFixed(1)} s, **${r.million.eventsPerSecond.toFixed(0)} events/s**, ${r.million.mb.toFixed(0)} MB (load ${r.million.load})`)]);
}
const head = ['measurement', ...results.rounds.map((_, i) => `round ${i + 1}`)];
const table = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
console.log(`\n${table.replace(/\*\*/g, '')}\n`);

const best = (f) => Math.max(...results.rounds.map(f));
const worst = (f) => Math.max(...results.rounds.map(f));
const mark = (ok) => (ok ? '**met**' : '**not met**');
const batchBest = best((r) => r.measures['batches of 50, one client'].eventsPerSecond);
const singleBest = best((r) => r.measures['single-event pushes, one client'].perSecond);
const p99Worst = worst((r) => r.measures[`single-event pushes, ${CLIENTS} clients`].p99);
const pullBest = best((r) => r.pull.pulls[1].eventsPerSecond);
const targets = [
  ['at least 2,000 accepted events/s in batches (of 50, validated)', `${batchBest.toFixed(0)} events/s (the better round)`, mark(batchBest >= 2000)],
  ['150 single-event pushes/s', `${singleBest.toFixed(0)} pushes/s, one client (the better round)`, mark(singleBest >= 150)],
  [`push p99 under 100 ms with ${CLIENTS} clients`, `${p99Worst.toFixed(1)} ms (the worse round)`, mark(p99Worst < 100)],
  PULL_MILLION
    ? ['pull 1M events', `${Math.min(...results.rounds.map((r) => r.million.seconds)).toFixed(1)} s (the better round; ${PULL_EVENTS.toLocaleString('en')} seeded through the server pulled at ${pullBest.toFixed(0)} events/s)`, '**measured**']
    : ['pull 1M events', `${PULL_EVENTS.toLocaleString('en')} pulled at ${pullBest.toFixed(0)} events/s: 1M at that rate is about ${(1e6 / pullBest).toFixed(0)} s (each page is one index range scan)`, 'extrapolated'],
];
if (results.browser?.failed) targets.push(['a new browser interactive on a 100k pool within 5 s', results.browser.failed, '**not measured**']);
else if (results.browser) {
  const b = results.browser;
  targets.push(['a new browser interactive on a 100k pool within 5 s', `${(b.interactiveMs / 1000).toFixed(2)} s, the median of ${b.fresh.length} new browsers (replaying the whole log instead: ${(b.replay.interactiveMs / 1000).toFixed(1)} s)`, mark(b.interactiveMs <= 5000)]);
}
for (const [what, got, ok] of targets) console.log(`  ${ok.replace(/\*/g, '').padEnd(12)} ${what}: ${got}`);

if (WRITE) {
  const file = `${root}bench/RESULTS.md`;
  const section = [
    '## Sync server',
    '',
    `Generated by \`node bench/server.mjs\` (run by \`npm run bench\`) on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, git ${gitHead()}. A throwaway PostgreSQL 15 cluster (scripts/pg.mjs: \`synchronous_commit=on\`, \`fsync=on\`) and the server (server/main.js, its own node process, the wasm core checking every event) on loopback; the clients (one node process, keep-alive HTTP) each push one request after the other, each its own actor on one pool: a push is answered after its COMMIT. Events are \`candidate.saved\` of about 420 bytes; the pool of 100,000 is seeded through the server, and then pushed into again; the pool of 1,000,000 is seeded straight into PostgreSQL by SQL (rows of about 290 bytes: a million pushes through the core take many minutes here) and pulled through the server. Each measurement is bounded (${SECONDS} s or its count of requests) and runs once per round; the load average (1 min) is beside each figure: the machine has 2 cores shared with other work, so the figures are pessimistic and vary between rounds. Load average at the start ${results.loadAtStart}, at the end ${results.loadAtEnd}.`,
    '',
    table,
    '',
    'The PostgreSQL rows are the peer: the same rows in the same transactions (the pool\'s row locked, one multi-row INSERT, the head moved, COMMIT) sent straight through `pg`, with no HTTP, no token and no core: the difference is what the server and its validation cost.',
    '',
    ...browserSection(results.browser),
    '| target (issue 19) | measured | |',
    '|---|---|---|',
    ...targets.map((t) => `| ${t.join(' | ')} |`),
    '',
  ].join('\n');
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n\n';
  const at = text.indexOf('\n## Sync server\n');
  if (at >= 0) text = text.slice(0, at + 1);
  else if (!text.endsWith('\n')) text += '\n';
  writeFileSync(file, `${text}${text.endsWith('\n\n') ? '' : '\n'}${section}`);
  console.log('wrote the "Sync server" section of bench/RESULTS.md');
}
mkdirSync(`${root}bench/data`, { recursive: true });
writeFileSync(`${root}bench/data/server-results.json`, JSON.stringify(results, null, 1));

/** The "new browser" table (bench/server-browser.mjs), or what kept it from running. */
function browserSection(b) {
  if (!b) return [];
  if (b.failed) return ['### A new browser on a pool served by the server', '', `Not measured: ${b.failed}.`, ''];
  return [
    '### A new browser on a pool served by the server',
    '',
    `\`bench/server-browser.mjs\`: the benchmark's generated pool of ${b.size} runner-ups (${b.seed.events.toLocaleString('en')} events) pushed through the server by its ${b.seed.recruiters} recruiters (${b.seed.seconds.toFixed(0)} s), then Debian's Chromium with an empty profile opening it through the widget's \`openPool()\` and \`connect()\`: the server's binary snapshot (${b.snapshotFetch.mb.toFixed(1)} MB, against ${b.snapshotFetch.jsonMb.toFixed(1)} MB as the JSON document; fetched by node in ${b.snapshotFetch.seconds.toFixed(2)} s the first time, when the instance makes it, and ${b.snapshotFetch.againSeconds.toFixed(2)} s again), restored and stored in IndexedDB. Interactive is the first page of the pool list; the history behind the snapshot is then stored in the background. The peers: the same browser opened again (from its IndexedDB), and a new browser replaying the server's whole log (the adapter's \`snapshot()\` hidden). Load average ${b.loadAtStart} at the start, ${b.loadAtEnd} at the end.`,
    '',
    `| ${b.size} runner-ups (${b.rows.toLocaleString('en')} in the pool list) | to interactive | to the whole history stored |`,
    '|---|---|---|',
    ...b.table.map((r) => `| ${r.join(' | ')} |`),
    '',
  ];
}

function gitHead() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return '?';
  }
}
