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
  out.wasmHeapMB = M.HEAP8.buffer.byteLength / 1e6;
  return out;
};

// Stores the pool's events in IndexedDB the way the widget's import does (appendMany: a thousand
// to a record), then compacts it as the widget does after its first open (the binary snapshot
// in the meta record): untimed.
window.seedIndexedDB = async (size) => {
  const { bytes } = await fetchData(size);
  const storage = indexedDBStorage(`bench-${size}`, { timeoutMs: 600_000 });
  let n = 0;
  for (const batch of eventBatches(bytes, decode, 20_000)) {
    const events = JSON.parse(batch);
    await storage.appendMany(events);
    n += events.length;
  }
  storage.close();
  const pool = await openPool({ name: `bench-${size}`, actor: 'bench', sync: false, compactAfter: 0 });
  await pool.compact();
  pool.dispose();
  return n;
};

// Timed on a fresh page: openPool (load the wasm, read the snapshot and the log's tail from
// IndexedDB, restore), then the first page of the pool the widget shows (interactive), then the
// first search, which builds the search index (the Search tab).
window.openFromIndexedDB = async (size) => {
  const t0 = now();
  const pool = await openPool({ name: `bench-${size}`, actor: 'bench', sync: false, compactAfter: 0 });
  const opened = now() - t0;
  const today = '2026-11-22';
  pool.query({ type: 'pool', limit: 500 });
  const interactive = now() - t0;
  const first = pool.query({ type: 'search', today, text: '', limit: 50, fields: 'row' });
  const searchReady = now() - t0;
  pool.dispose();
  return { openMs: opened, interactiveMs: interactive, searchReadyMs: searchReady, total: first.total };
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
