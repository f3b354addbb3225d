// The Chromium contender's page script (bundled by bench/browser.mjs with esbuild): the same
// wasm module and the same chunked feed as in node, then "open a pool from IndexedDB to
// interactive" through the real facade (web/src/pool.js over web/src/storage.js).
import { CorePool, loadCoreModule } from '../web/src/core.js';
import { openPool } from '../web/src/pool.js';
import { indexedDBStorage } from '../web/src/storage.js';
import { eventBatches, measure, now } from './lib.mjs';

const decoder = new TextDecoder();
const decode = (b) => decoder.decode(b);

async function fetchData(size) {
  const bytes = new Uint8Array(await (await fetch(`/pool-${size}.json`)).arrayBuffer());
  const queries = await (await fetch(`/queries-${size}.json`)).json();
  return { bytes, queries };
}

window.benchWasm = async (size, minMs) => {
  const { bytes, queries } = await fetchData(size);
  const { today, limit } = queries;
  const out = { contender: 'wasm (chromium)' };
  let t0 = now();
  const M = await loadCoreModule();
  out.moduleLoadMs = now() - t0;
  const pool = new M.Pool();
  const call = (method, ...a) => {
    const text = pool[method](...a);
    if (!text.startsWith('{"ok":true')) throw new Error(`${method}: ${text.slice(0, 300)}`);
    return text;
  };
  const core = new CorePool(pool, M); // the facade the widget uses
  // the file's events fed as bytes, 4,000 lines a batch (what a file import reads)
  t0 = now();
  for (const batch of eventBatches(bytes, null)) core.apply(batch);
  out.importMs = now() - t0;
  out.importMBps = bytes.length / 1e6 / (out.importMs / 1000);
  const q = (o) => JSON.stringify({ type: 'search', today, limit, fields: 'row', ...o }); // the widget's page
  t0 = now();
  call('query', q({ text: '' }));
  out.indexMs = now() - t0;
  // wasm memory never shrinks: its size now is the import's peak (the log, the state, the index)
  out.wasmHeapMB = M.HEAP8.buffer.byteLength / 1e6;
  const rankQ = queries.rank.map((x) => q(x));
  const searchQ = queries.search.map((x) => q(x));
  out.rank = measure(rankQ.length, minMs, (i) => core.query(rankQ[i]));
  // the query's text in and the page's text out, as the native figure is measured: Chromium's
  // clock ticks in 0.1 ms, so its mean (over thousands of calls) is the figure to compare
  out.rankText = measure(rankQ.length, minMs, (i) => pool.queryView(rankQ[i]));
  out.search = measure(searchQ.length, minMs, (i) => core.query(searchQ[i]));
  t0 = now();
  const snap = call('snapshot');
  out.snapshotSaveMs = now() - t0;
  out.snapshotMB = snap.length / 1e6;
  const restored = new M.Pool();
  t0 = now();
  restored.restore(snap.slice('{"ok":true,"value":'.length, -1));
  out.snapshotLoadMs = now() - t0;
  restored.delete();
  t0 = now();
  const bin = pool.snapshotBinary().slice();
  pool.releaseBytes();
  out.binarySnapshotSaveMs = now() - t0;
  out.binarySnapshotMB = bin.length / 1e6;
  const fromBytes = new M.Pool();
  t0 = now();
  new CorePool(fromBytes, M).restore(bin); // as the widget loads it (one HEAPU8.set)
  out.binarySnapshotLoadMs = now() - t0;
  fromBytes.delete();
  pool.delete();
  if (size !== '1m') {
    const text = decode(bytes);
    t0 = now();
    JSON.parse(text);
    out.parseMs = now() - t0;
    out.parseMBps = bytes.length / 1e6 / (out.parseMs / 1000);
  }
  out.wasmHeapEndMB = M.HEAP8.buffer.byteLength / 1e6; // after the snapshots' round trips
  return out;
};

// The pool's database: sealed (the events about a person under their key, storage/keys.js: what
// the widget stores) or, with `plain`, unsealed as builds before crypto-shredding stored it.
const poolName = (size, plain) => `bench-${size}${plain ? '-plain' : ''}`;
const storageFor = (size, plain) => (plain ? indexedDBStorage(poolName(size, plain), { keys: false, timeoutMs: 600_000 }) : undefined);

// Stores the pool's events in IndexedDB the way the widget's import does (appendMany: a thousand
// to a record), then compacts it as the widget does after its first open (the binary snapshot
// in the meta record; sealed, the first open seals what appendMany stored without a core to say
// whom each event is about, as it moves an unsealed pool over): untimed.
window.seedIndexedDB = async (size, plain = false) => {
  const { bytes } = await fetchData(size);
  const storage = indexedDBStorage(poolName(size, plain), { timeoutMs: 600_000, keys: false });
  let n = 0;
  for (const batch of eventBatches(bytes, decode, 20_000)) {
    const events = JSON.parse(batch);
    await storage.appendMany(events);
    n += events.length;
  }
  storage.close();
  const store = storageFor(size, plain);
  const pool = await openPool({ name: poolName(size, plain), actor: 'bench', sync: false, compactAfter: 0, storage: store });
  await pool.compact();
  pool.dispose();
  store?.close();
  return n;
};

// Timed on a fresh page: openPool (load the wasm, read the snapshot and the log's tail from
// IndexedDB, restore), then the first page of the pool the widget shows (interactive), then the
// first search, which builds the search index (the Search tab).
window.openFromIndexedDB = async (size, plain = false) => {
  const t0 = now();
  const store = storageFor(size, plain);
  const pool = await openPool({ name: poolName(size, plain), actor: 'bench', sync: false, compactAfter: 0, storage: store });
  const opened = now() - t0;
  const today = '2026-11-22';
  pool.query({ type: 'pool', limit: 500 });
  const interactive = now() - t0;
  const first = pool.query({ type: 'search', today, text: '', limit: 50, fields: 'row' });
  const searchReady = now() - t0;
  // the history (every stored event, read back and, sealed, opened) loads in the background
  await pool.whenComplete();
  const complete = now() - t0;
  pool.dispose();
  store?.close();
  return { openMs: opened, interactiveMs: interactive, searchReadyMs: searchReady, completeMs: complete, total: first.total };
};

// An import of the whole generated pool through pool.importFile into an empty pool (read in
// chunks, checked, stored in one transaction: sealed, each person's events under their key), to
// the report.
window.importTimed = async (size, plain = false) => {
  const { bytes } = await fetchData(size);
  const name = `bench-import-${size}${plain ? '-plain' : ''}`;
  const store = plain ? indexedDBStorage(name, { keys: false, timeoutMs: 600_000 }) : indexedDBStorage(name, { timeoutMs: 600_000 });
  const pool = await openPool({ name, actor: 'bench', sync: false, compactAfter: 0, storage: store });
  const t0 = now();
  await pool.importFile(new Blob([bytes]), { format: 'pool' });
  const importMs = now() - t0;
  pool.dispose();
  store.close();
  return { importMs };
};

// Record latency on the opened pool (its history loaded): `n` actions, one at a time, each
// resolved once stored (strict durability); every third saves a new person (sealed: their key
// made and flushed first), the others change a person already in the pool. Then one erasure
// (scrubbed events stored, key destroyed, a snapshot stored), timed on its own.
window.recordLatency = async (size, plain = false, n = 60) => {
  const store = storageFor(size, plain);
  const pool = await openPool({ name: poolName(size, plain), actor: 'bench', sync: false, compactAfter: 0, storage: store });
  await pool.whenComplete();
  const people = pool.query({ type: 'pool', limit: 50 }).entries.map((e) => e.candidateId ?? e.candidate?.id ?? e.id);
  const times = [];
  for (let i = 0; i < n; i++) {
    const id = i % 3 === 0 ? `bench-new-${plain ? 'p' : 's'}-${Date.now()}-${i}` : people[i % people.length];
    const t0 = now();
    await pool.record({ type: 'saveCandidate', candidate: { id, name: `Bench Person ${i}`, title: `Title ${Date.now()} ${i}`, skills: ['go'] } });
    times.push(now() - t0);
  }
  const t0 = now();
  await pool.erase(people[0]);
  const eraseMs = now() - t0;
  pool.dispose();
  store?.close();
  times.sort((a, b) => a - b);
  return { recordP50Ms: times[times.length >> 1], recordP95Ms: times[Math.floor(times.length * 0.95)], eraseMs };
};

// Only the read of what an open reads (the snapshot and the log's tail), to tell where the time
// goes: through the widget's storage, then step by step with the bare API.
window.readIndexedDB = async (size) => {
  const storage = indexedDBStorage(`bench-${size}`, { timeoutMs: 600_000 });
  let t0 = now();
  await storage.loadForOpen();
  const out = { loadForOpenMs: now() - t0 };
  storage.close();
  const request = (r) => new Promise((ok, no) => { r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); });
  t0 = now();
  const db = await new Promise((ok, no) => {
    const r = indexedDB.open(storage.databaseName);
    r.onsuccess = () => ok(r.result);
    r.onerror = () => no(r.error);
  });
  out.openMs = now() - t0;
  const tx = db.transaction(['meta', 'tail'], 'readonly');
  t0 = now();
  out.tailCount = await request(tx.objectStore('tail').count());
  out.countMs = now() - t0;
  t0 = now();
  const saved = await request(tx.objectStore('meta').get('snapshot'));
  out.snapshotGetMs = now() - t0;
  t0 = now();
  await request(tx.objectStore('tail').getAll());
  out.tailGetAllMs = now() - t0;
  if (saved?.blob) { // version 3: a Blob, read once the transaction is done with
    const t1 = now();
    out.snapshotMB = (await saved.blob.arrayBuffer()).byteLength / 1e6;
    out.snapshotBlobReadMs = now() - t1;
  } else {
    out.snapshotMB = (saved?.bytes?.length ?? 0) / 1e6;
  }
  db.close();
  return out;
};
