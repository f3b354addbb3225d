// The two ways of making an erasure reach the disk, measured side by side in Debian's Chromium
// (a persistent profile on disk, as a recruiter's browser has):
//
//   idb      today's storage: one event per strict IndexedDB transaction, read back with getAll
//   crypto   crypto-shredding: each event's body sealed with AES-GCM under its person's key (a
//            new person first writes their key to a key file in the Origin Private File System
//            through a FileSystemSyncAccessHandle in a worker, flushed), then the same strict
//            transaction; read back with getAll and one decrypt per event
//   opfs     overwrite in place: each event appended to a log file in OPFS through a sync access
//            handle in a worker, flushed; read back as one file and split
//
//   node bench/storage-spike.mjs [--records 300] [--open 10000,100000]   -> a table on stdout
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.RUNNERUP_CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const argv = process.argv.slice(2);
const option = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const RECORDS = Number(option('--records', 300));
const OPEN_SIZES = option('--open', '10000,100000').split(',').map(Number);

const WORKER = `
let handle = null;
let end = 0;
onmessage = async ({ data: m }) => {
  try {
    if (m.op === 'open') {
      const dir = await navigator.storage.getDirectory();
      const file = await dir.getFileHandle(m.name, { create: true });
      handle = await file.createSyncAccessHandle();
      if (m.truncate) handle.truncate(0);
      end = handle.getSize();
      postMessage({ ok: true, size: end });
    } else if (m.op === 'append') {
      const bytes = new Uint8Array(m.bytes);
      handle.write(bytes, { at: end });
      end += bytes.length;
      if (m.flush) handle.flush();
      postMessage({ ok: true });
    } else if (m.op === 'writeAt') {
      handle.write(new Uint8Array(m.bytes), { at: m.at });
      handle.flush();
      postMessage({ ok: true });
    } else if (m.op === 'read') {
      const buffer = new ArrayBuffer(handle.getSize());
      handle.read(new Uint8Array(buffer), { at: 0 });
      postMessage({ ok: true, buffer }, [buffer]);
    } else if (m.op === 'close') {
      handle.flush();
      handle.close();
      handle = null;
      postMessage({ ok: true });
    }
  } catch (e) {
    postMessage({ ok: false, error: String(e) });
  }
};`;

const PAGE = `
const worker = new Worker('/worker.js');
let queue = Promise.resolve();
const ask = (m, transfer = []) => (queue = queue.then(() => new Promise((resolve, reject) => {
  worker.onmessage = ({ data }) => (data.ok ? resolve(data) : reject(new Error(data.error)));
  worker.postMessage(m, transfer);
})));
const enc = new TextEncoder();
const dec = new TextDecoder();
const note = 'x'.repeat(300);
const event = (i, person) => ({ id: 'e-' + String(i).padStart(8, '0'), actor: 'r-1', at: '2026-11-01T09:00:00Z', clock: i, type: 'outcome.recorded',
  data: { outcome: { candidateId: 'c-' + person, requisitionId: 'r-1', stage: 'final', outcome: 'runner_up', rank: 1,
    reason: { code: 'other', note: 'reason ' + i }, note: note + i, futureFit: 'strong' } } });
function openDb(name) {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open(name, 1);
    r.onupgradeneeded = () => r.result.createObjectStore('events', { keyPath: 'id' });
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}
function put(db, records) {
  return new Promise((resolve, reject) => {
    const tx = db.transaction('events', 'readwrite', { durability: 'strict' });
    for (const r of records) tx.objectStore('events').put(r);
    tx.oncomplete = resolve;
    tx.onerror = tx.onabort = () => reject(tx.error);
  });
}
function getAll(db) {
  return new Promise((resolve, reject) => {
    const r = db.transaction('events').objectStore('events').getAll();
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];
const keys = new Map();
async function keyFor(person, fresh) {
  if (!keys.has(person)) {
    const raw = crypto.getRandomValues(new Uint8Array(32));
    const slot = new Uint8Array(96);
    slot.set(raw, 32);
    if (fresh) await ask({ op: 'append', bytes: slot.buffer, flush: true }, [slot.buffer]);
    keys.set(person, await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']));
  }
  return keys.get(person);
}
async function seal(e, key) {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const body = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, enc.encode(JSON.stringify(e.data))));
  return { id: e.id, actor: e.actor, at: e.at, clock: e.clock, type: e.type, iv, body };
}
window.spike = async (records, openSizes) => {
  const out = { record: {}, open: {} };
  // recording: one event per action, a new person every third action (a saveCandidate)
  {
    const db = await openDb('idb-record');
    const t = [];
    for (let i = 0; i < records; i++) { const s = performance.now(); await put(db, [event(i, i)]); t.push(performance.now() - s); }
    out.record.idb = { p50: median(t), p95: p95(t) };
    db.close();
  }
  {
    await ask({ op: 'open', name: 'keys', truncate: true });
    const db = await openDb('crypto-record');
    const tNew = [], tKnown = [];
    for (let i = 0; i < records; i++) {
      const person = Math.floor(i / 3);
      const fresh = !keys.has(person);
      const s = performance.now();
      const e = event(i, person);
      await put(db, [await seal(e, await keyFor(person, true))]);
      (fresh ? tNew : tKnown).push(performance.now() - s);
    }
    out.record.cryptoNewPerson = { p50: median(tNew), p95: p95(tNew) };
    out.record.cryptoKnownPerson = { p50: median(tKnown), p95: p95(tKnown) };
    // an erasure: the key's slot overwritten with zeros, flushed
    const te = [];
    for (let i = 0; i < 30; i++) { const s = performance.now(); await ask({ op: 'writeAt', at: i * 96, bytes: new Uint8Array(96).buffer }); te.push(performance.now() - s); }
    out.record.cryptoKeyErase = { p50: median(te), p95: p95(te) };
    await ask({ op: 'close' });
    db.close();
  }
  {
    await ask({ op: 'open', name: 'log', truncate: true });
    const t = [];
    for (let i = 0; i < records; i++) {
      const s = performance.now();
      const bytes = enc.encode(JSON.stringify(event(i, i)) + '\\n');
      await ask({ op: 'append', bytes: bytes.buffer, flush: true }, [bytes.buffer]);
      t.push(performance.now() - s);
    }
    out.record.opfs = { p50: median(t), p95: p95(t) };
    await ask({ op: 'close' });
  }
  // opening: N events read back and made objects again
  for (const n of openSizes) {
    const r = (out.open[n] = {});
    const plain = [], sealed = [];
    keys.clear();
    for (let i = 0; i < n; i++) {
      const e = event(i, Math.floor(i / 3));
      plain.push(e);
      sealed.push(await seal(e, await keyFor(Math.floor(i / 3), false)));
    }
    for (const [name, records] of [['idb', plain], ['crypto', sealed]]) {
      const db = await openDb(name + '-open-' + n);
      for (let at = 0; at < records.length; at += 1000) await put(db, records.slice(at, at + 1000));
      db.close();
    }
    await ask({ op: 'open', name: 'log-' + n, truncate: true });
    const text = enc.encode(plain.map((e) => JSON.stringify(e)).join('\\n') + '\\n');
    await ask({ op: 'append', bytes: text.buffer, flush: true }, [text.buffer]);
    await ask({ op: 'close' });
    const times = { idb: [], crypto: [], opfs: [] };
    for (let k = 0; k < 3; k++) {
      let s = performance.now();
      let db = await openDb('idb-open-' + n);
      let got = await getAll(db);
      times.idb.push(performance.now() - s);
      db.close();
      s = performance.now();
      db = await openDb('crypto-open-' + n);
      got = await getAll(db);
      const events = [];
      for (let at = 0; at < got.length; at += 2000) {
        const chunk = got.slice(at, at + 2000);
        const bodies = await Promise.all(chunk.map((x) => crypto.subtle.decrypt({ name: 'AES-GCM', iv: x.iv }, keys.get(Math.floor(x.clock / 3)), x.body)));
        chunk.forEach((x, j) => events.push({ id: x.id, actor: x.actor, at: x.at, clock: x.clock, type: x.type, data: JSON.parse(dec.decode(bodies[j])) }));
      }
      times.crypto.push(performance.now() - s);
      db.close();
      s = performance.now();
      await ask({ op: 'open', name: 'log-' + n });
      const { buffer } = await ask({ op: 'read' });
      await ask({ op: 'close' });
      const parsed = dec.decode(buffer).split('\\n').filter(Boolean).map((l) => JSON.parse(l));
      times.opfs.push(performance.now() - s);
      if (parsed.length !== n || events.length !== n || got.length !== n) throw new Error('read back ' + parsed.length + '/' + events.length);
    }
    for (const [name, t] of Object.entries(times)) r[name] = median(t);
  }
  return out;
};`;

const server = createServer((req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  if (path === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><link rel="icon" href="data:,"><script type="module" src="/page.js"></script>');
  if (path === '/page.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(PAGE);
  if (path === '/worker.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(WORKER);
  res.writeHead(404).end();
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const profile = mkdtempSync(join(tmpdir(), 'runnerup-spike-'));
const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS });
context.setDefaultTimeout(0);
try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => console.error(e.message));
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction(() => typeof window.spike === 'function');
  const out = await page.evaluate(([r, o]) => window.spike(r, o), [RECORDS, OPEN_SIZES]);
  const ms = (x) => `${x.toFixed(2)} ms`;
  console.log(`record latency, ${RECORDS} actions (p50 / p95):`);
  for (const [k, v] of Object.entries(out.record)) console.log(`  ${k.padEnd(18)} ${ms(v.p50)} / ${ms(v.p95)}`);
  for (const [n, r] of Object.entries(out.open)) {
    console.log(`read ${n} events back (median of 3): ${Object.entries(r).map(([k, v]) => `${k} ${ms(v)}`).join(', ')}`);
  }
} finally {
  await context.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
