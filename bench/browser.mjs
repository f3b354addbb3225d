// The Chromium contender: Debian's Chromium through playwright-core (flags as the end-to-end
// tests use), a static server over bench/data, the page script bundled with esbuild.
//
//   node bench/browser.mjs SIZE [--min-ms 2000] [--no-idb] [--idb-only]   -> one JSON line
//   (--idb-only: only the IndexedDB figures: the open and the erasure table, not the wasm ones)
import { copyFileSync, createReadStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.RUNNERUP_CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const [size] = process.argv.slice(2);
const rest = process.argv.slice(3);
const minMs = Number(rest.includes('--min-ms') ? rest[rest.indexOf('--min-ms') + 1] : 2000);
const idb = !rest.includes('--no-idb') && size !== '1m';
const idbOnly = rest.includes('--idb-only');
const root = fileURLToPath(new URL('..', import.meta.url));
const data = join(root, 'bench/data');
const www = join(data, 'www');
mkdirSync(www, { recursive: true });

// RUNNERUP_WASM_DIR (relative to the repository): another build of the module to measure, such
// as build/wasm-prof (function names in profiles)
const wasmDir = process.env.RUNNERUP_WASM_DIR || 'build/wasm';
const glue = {
  name: 'wasm-dir',
  setup(b) {
    b.onResolve({ filter: /build\/wasm\/runnerup-core\.mjs$/ }, () => ({ path: join(root, wasmDir, 'runnerup-core.mjs') }));
  },
};
await build({
  entryPoints: [join(root, 'bench/page.mjs')], bundle: true, format: 'esm', outfile: join(www, 'page.js'),
  logLevel: 'error', external: [], plugins: [glue],
});
copyFileSync(join(root, wasmDir, 'runnerup-core.wasm'), join(www, 'runnerup-core.wasm'));
// the key file's worker, beside the page's script as beside runnerup.js (scripts/bundle.mjs builds it)
copyFileSync(join(root, 'dist/runnerup-keys.js'), join(www, 'runnerup-keys.js'));

const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.html': 'text/html' };
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (path === '/') {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><link rel="icon" href="data:,"><script type="module" src="/page.js"></script>');
    return;
  }
  const file = normalize(join(path.startsWith('/pool-') || path.startsWith('/queries-') ? data : www, path));
  try {
    const st = statSync(file);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream', 'content-length': st.size });
    createReadStream(file).pipe(res);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/`;
const profile = mkdtempSync(join(tmpdir(), 'runnerup-bench-'));
const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS });
context.setDefaultTimeout(0);
const errors = [];
try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForFunction(() => typeof window.benchWasm === 'function');
  const out = idbOnly ? {} : await page.evaluate(([s, m]) => window.benchWasm(s, m), [size, minMs]);
  if (idb) {
    await page.reload();
    await page.waitForFunction(() => typeof window.seedIndexedDB === 'function');
    out.idbEvents = await page.evaluate((s) => window.seedIndexedDB(s), size);
    const runs = [];
    for (let i = 0; i < 3; i++) {
      await page.reload(); // a fresh page each time: module load, read, apply, index
      await page.waitForFunction(() => typeof window.openFromIndexedDB === 'function');
      // RUNNERUP_BENCH_PROFILE=DIR: a CPU profile of the last open, written to DIR
      const profile = process.env.RUNNERUP_BENCH_PROFILE && i === 2 ? await context.newCDPSession(page) : null;
      if (profile) await profile.send('Profiler.enable'), await profile.send('Profiler.setSamplingInterval', { interval: 200 }), await profile.send('Profiler.start');
      runs.push(await page.evaluate((s) => window.openFromIndexedDB(s), size));
      if (profile) {
        const { profile: data } = await profile.send('Profiler.stop');
        mkdirSync(process.env.RUNNERUP_BENCH_PROFILE, { recursive: true });
        writeFileSync(join(process.env.RUNNERUP_BENCH_PROFILE, `open-${size}.cpuprofile`), JSON.stringify(data));
      }
    }
    runs.sort((a, b) => a.interactiveMs - b.interactiveMs);
    const median = runs[(runs.length - 1) >> 1];
    out.idbOpenMs = median.openMs;
    out.idbInteractiveMs = median.interactiveMs;
    out.idbSearchReadyMs = median.searchReadyMs;
    out.idbOpenRuns = runs.map((r) => Math.round(r.interactiveMs));
    out.idbRead = await page.evaluate((s) => window.readIndexedDB(s), size);
    out.idbReadMs = out.idbRead.loadForOpenMs;
    // Erasure to the disk: the pool stored sealed (above) and unsealed as before, side by side:
    // open (the median of three fresh pages), the history loaded, record latency, an erasure
    out.shred = {};
    for (const plain of [true, false]) {
      await page.reload();
      await page.waitForFunction(() => typeof window.seedIndexedDB === 'function');
      if (plain) await page.evaluate(([s, p]) => window.seedIndexedDB(s, p), [size, plain]);
      const opens = [];
      for (let i = 0; i < 3; i++) {
        await page.reload();
        await page.waitForFunction(() => typeof window.openFromIndexedDB === 'function');
        opens.push(await page.evaluate(([s, p]) => window.openFromIndexedDB(s, p), [size, plain]));
      }
      opens.sort((a, b) => a.interactiveMs - b.interactiveMs);
      await page.reload();
      await page.waitForFunction(() => typeof window.recordLatency === 'function');
      const recorded = await page.evaluate(([s, p]) => window.recordLatency(s, p), [size, plain]);
      await page.reload();
      await page.waitForFunction(() => typeof window.importTimed === 'function');
      const imported = await page.evaluate(([s, p]) => window.importTimed(s, p), [size, plain]);
      out.shred[plain ? 'unsealed' : 'sealed'] = { interactiveMs: opens[1].interactiveMs, completeMs: opens[1].completeMs, ...recorded, ...imported };
    }
  }
  if (errors.length) out.errors = errors;
  console.log(JSON.stringify(out));
} finally {
  await context.close().catch(() => {});
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
