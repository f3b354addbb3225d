// A new browser meeting its team's pool (part of `npm run bench`, through bench/server.mjs): a
// throwaway PostgreSQL cluster, the sync server (the real wasm core) on loopback serving a page
// of its own too, the benchmark's generated pool pushed through the server in the log's order
// by its five recruiters, then Debian's Chromium opening it through openPool() and connect():
//
//   - a new browser (an empty profile) from the server's snapshot: to interactive (the first page
//     of the pool list), and to the whole history stored behind it;
//   - the same browser again (a reload): from its own IndexedDB, the server only asked for what
//     came after;
//   - the peer: a new browser replaying the server's whole log, as before the server had
//     snapshots (the adapter's snapshot() hidden).
//
//   node bench/server-browser.mjs [SIZE=100k] [--runs 3]   -> prints a table and one JSON line
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, copyFileSync, createReadStream, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { SignJWT } from 'jose';
import { chromium } from 'playwright-core';
import { startCluster } from '../scripts/pg.mjs';
import { startSyncServer } from '../server/http.js';
import { generate } from './generate.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const size = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a)) ?? '100k';
const RUNS = Number(args.includes('--runs') ? args[args.indexOf('--runs') + 1] : 3);
const CHROMIUM = process.env.RUNNERUP_CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SECRET = 'bench-secret-that-is-long-enough-for-hs256';
const POOL = `team-${size}`;
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
const median = (xs) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1];

const data = join(root, 'bench/data');
const log = join(data, `pool-${size}.json`);
if (!existsSync(log)) generate({ size, out: data });

// the page: the widget's own modules bundled, the module's wasm beside them
const www = join(data, 'www');
mkdirSync(www, { recursive: true });
await build({ entryPoints: [join(root, 'bench/server-page.mjs')], bundle: true, format: 'esm', outfile: join(www, 'server-page.js'), logLevel: 'error' });
copyFileSync(join(root, 'build/wasm/runnerup-core.wasm'), join(www, 'runnerup-core.wasm'));
const TYPES = { '.js': 'text/javascript', '.wasm': 'application/wasm' };
function page(req, res) {
  const path = new URL(req.url, 'http://x').pathname;
  if (path === '/') {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><link rel="icon" href="data:,"><script type="module" src="/server-page.js"></script>');
    return;
  }
  const file = join(www, path.replace(/^\/+/, ''));
  if (!/^\/(server-page\.js|runnerup-core\.wasm)$/.test(path) || !existsSync(file)) return res.writeHead(404).end();
  res.writeHead(200, { 'content-type': TYPES[extname(file)], 'content-length': statSync(file).size });
  createReadStream(file).pipe(res);
}

const token = (sub) => new SignJWT({ pools: { [POOL]: 'admin' } }).setProtectedHeader({ alg: 'HS256' }).setSubject(sub)
  .setIssuedAt().setExpirationTime('4h').sign(new TextEncoder().encode(SECRET));

async function post(url, jwt, events) {
  const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' }, body: JSON.stringify({ events }) });
  const answer = await response.json();
  const refused = (answer.verdicts ?? []).filter((v) => v.status === 'refused');
  if (!response.ok || refused.length) throw new Error(`seeding: ${response.status} ${JSON.stringify(refused[0] ?? answer).slice(0, 300)}`);
}

/**
 * The log's events, one per line, pushed in the log's order, 2,000 to a POST, each block by one
 * of the log's recruiters in turn (with its own token: the server takes an event only from its
 * actor). In order, as a team's work reaches its server: an event that arrives after events with
 * a later clock makes the core fold the pool again from its start (core/src/pool.cpp), which at
 * this size is seconds per push.
 */
async function seed(url) {
  const events = [];
  const actors = [];
  for (const line of readFileSync(log, 'utf8').split('\n')) {
    if (!line.startsWith('{"id"')) continue;
    const event = JSON.parse(line.endsWith(',') ? line.slice(0, -1) : line);
    if (!actors.includes(event.actor)) actors.push(event.actor);
    events.push(event);
  }
  const t0 = performance.now();
  const jwts = Object.fromEntries(await Promise.all(actors.map(async (a) => [a, await token(a)])));
  for (let at = 0, block = 0; at < events.length; at += 2000, block += 1) {
    const actor = actors[block % actors.length];
    const batch = events.slice(at, at + 2000).map((e) => ({ ...e, actor }));
    await post(`${url}/v1/pools/${POOL}/events`, jwts[actor], batch);
  }
  return { events: events.length, recruiters: actors.length, seconds: (performance.now() - t0) / 1000 };
}

const cluster = await startCluster();
let server;
const browsers = [];
const out = { size, pool: POOL, loadAtStart: load() };
try {
  server = await startSyncServer({ databaseUrl: cluster.url, wasmBinary: readFileSync(join(root, 'build/wasm/runnerup-core.wasm')), secret: SECRET, fallback: page });
  out.seed = await seed(server.url);
  console.log(`seeded ${out.seed.events} events from ${out.seed.recruiters} recruiters through the server in ${out.seed.seconds.toFixed(1)} s`);
  const reader = await token('bench-reader');
  // the server's snapshot as a new browser fetches it (binary: the first time, when the instance
  // makes it, then again while the pool has not moved on), and the JSON document for its size
  const snapshotGet = async (accept) => {
    const t = performance.now();
    const bytes = await (await fetch(`${server.url}/v1/pools/${POOL}/snapshot`, { headers: { authorization: `Bearer ${reader}`, accept } })).arrayBuffer();
    return { seconds: (performance.now() - t) / 1000, mb: bytes.byteLength / 1e6 };
  };
  const binary = await snapshotGet('application/octet-stream');
  const binaryAgain = await snapshotGet('application/octet-stream');
  const json = await snapshotGet('application/json');
  out.snapshotFetch = { mb: binary.mb, seconds: binary.seconds, againSeconds: binaryAgain.seconds, jsonMb: json.mb, jsonSeconds: json.seconds };
  console.log(`the server's snapshot: binary ${binary.mb.toFixed(1)} MB in ${binary.seconds.toFixed(2)} s (again ${binaryAgain.seconds.toFixed(2)} s); JSON ${json.mb.toFixed(1)} MB in ${json.seconds.toFixed(2)} s`);

  /** One fresh profile: `opens` page loads in it, each openFromServer with `options`. */
  async function inBrowser(options, opens) {
    const profile = mkdtempSync(join(tmpdir(), 'runnerup-bench-server-'));
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS });
    browsers.push(context);
    context.setDefaultTimeout(0);
    const errors = [];
    const results = [];
    try {
      const tab = context.pages()[0] ?? (await context.newPage());
      tab.on('pageerror', (e) => errors.push(e.message));
      for (let i = 0; i < opens; i += 1) {
        await tab.goto(`${server.url}/`);
        await tab.waitForFunction(() => typeof window.openFromServer === 'function');
        const l = load();
        results.push({ ...(await tab.evaluate((o) => window.openFromServer(o), { pool: POOL, token: reader, actor: 'bench-reader', ...options })), load: l });
      }
    } finally {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    }
    if (errors.length) throw new Error(`the page failed: ${errors.join(' | ')}`);
    return results;
  }

  const fresh = [];
  const again = [];
  for (let run = 0; run < RUNS; run += 1) {
    const [first, second] = await inBrowser({}, 2);
    fresh.push(first);
    again.push(second);
    console.log(`run ${run + 1}: new browser from the snapshot: interactive ${first.interactiveMs.toFixed(0)} ms (from ${first.from}), history stored ${first.completeMs.toFixed(0)} ms; the same browser again: interactive ${second.interactiveMs.toFixed(0)} ms (from ${second.from}) (load ${first.load})`);
  }
  const [replay] = await inBrowser({ snapshot: false }, 1);
  console.log(`new browser replaying the whole log: interactive ${replay.interactiveMs.toFixed(0)} ms (from ${replay.from}) (load ${replay.load})`);
  for (const r of [...fresh, ...again, replay]) {
    if (r.rows !== fresh[0].rows) throw new Error(`the pools differ: ${r.rows} rows against ${fresh[0].rows}`);
  }
  out.fresh = fresh;
  out.again = again;
  out.replay = replay;
  out.rows = fresh[0].rows;
} finally {
  for (const b of browsers) await b.close().catch(() => {});
  if (server) await server.close().catch(() => {});
  await cluster.remove();
}
out.loadAtEnd = load();

const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const runs = (xs, key) => `${s(median(xs.map((r) => r[key])))} (runs: ${xs.map((r) => s(r[key])).join(', ')})`;
out.table = [
  ['a new browser, from the server\'s snapshot', runs(out.fresh, 'interactiveMs'), runs(out.fresh, 'completeMs')],
  ['the same browser again, from its IndexedDB', runs(out.again, 'interactiveMs'), '—'],
  ['peer: a new browser replaying the server\'s whole log', s(out.replay.interactiveMs), s(out.replay.completeMs)],
];
out.interactiveMs = median(out.fresh.map((r) => r.interactiveMs));
console.log(`\n| ${size} runner-ups (${out.rows} in the pool list) | to interactive | to the whole history stored |\n|---|---|---|`);
for (const row of out.table) console.log(`| ${row.join(' | ')} |`);
console.log(JSON.stringify(out));
