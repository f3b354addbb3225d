// Bundles the widget for the browser:
//   dist/runnerup.js          web/src/index.js with lit, idb and the Emscripten glue (ESM, minified)
//   dist/runnerup-core.wasm   the core, fetched from beside runnerup.js
//   dist/runnerup-keys.js     the key file's worker (web/src/storage/keys-worker.js), started from
//                             beside runnerup.js
//   dist/demo/                the mock ATS page (web/demo)
// Usage: node scripts/bundle.mjs   (after the wasm module is built into build/wasm)
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const wasmDir = join(root, 'build', 'wasm');
const dist = join(root, 'dist');

for (const file of ['runnerup-core.mjs', 'runnerup-core.wasm']) {
  if (!existsSync(join(wasmDir, file))) {
    console.error(`bundle: ${relative(root, join(wasmDir, file))} is missing; build the wasm module first (bash scripts/build.sh).`);
    process.exit(1);
  }
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const result = await build({
  entryPoints: [join(root, 'web', 'src', 'index.js')],
  outfile: join(dist, 'runnerup.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2020',
  minify: true,
  sourcemap: 'linked',
  legalComments: 'eof',
  logLevel: 'warning',
  metafile: true,
});

// the key file's worker: a script of its own, loaded from the widget's folder (a strict CSP's 'self')
await build({
  entryPoints: [join(root, 'web', 'src', 'storage', 'keys-worker.js')],
  outfile: join(dist, 'runnerup-keys.js'),
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2020',
  minify: true,
  logLevel: 'warning',
});

cpSync(join(wasmDir, 'runnerup-core.wasm'), join(dist, 'runnerup-core.wasm'));
cpSync(join(root, 'web', 'demo'), join(dist, 'demo'), { recursive: true });

const kb = (file) => `${(statSync(join(dist, file)).size / 1024).toFixed(1)} KB`;
console.log(
  `bundle: dist/runnerup.js ${kb('runnerup.js')}, dist/runnerup-core.wasm ${kb('runnerup-core.wasm')}, dist/demo/` +
    (result.warnings.length ? ` (${result.warnings.length} warnings)` : ''),
);
