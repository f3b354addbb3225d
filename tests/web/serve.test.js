// scripts/serve.mjs: the static server for dist/, on an ephemeral port over a temporary root.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startServer } from '../../scripts/serve.mjs';

let root;
let server;

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'runnerup-serve-'));
  mkdirSync(join(root, 'demo'));
  writeFileSync(join(root, 'demo', 'index.html'), '<!doctype html><title>demo</title>');
  writeFileSync(join(root, 'runnerup.js'), 'export {};');
  writeFileSync(join(root, 'core.mjs'), 'export {};');
  writeFileSync(join(root, 'runnerup-core.wasm'), Buffer.from([0, 97, 115, 109]));
  writeFileSync(join(root, 'data.json'), '{}');
  writeFileSync(join(root, 'style.css'), 'a{}');
  writeFileSync(join(root, 'icon.svg'), '<svg/>');
  writeFileSync(join(tmpdir(), 'runnerup-outside.txt'), 'secret');
  server = await startServer({ port: 0, root });
});

after(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

test('listens on 127.0.0.1 on an ephemeral port', () => {
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.ok(server.port > 0);
});

test('serves each file with its MIME type', async () => {
  const expected = {
    '/runnerup.js': 'text/javascript',
    '/core.mjs': 'text/javascript',
    '/runnerup-core.wasm': 'application/wasm',
    '/data.json': 'application/json',
    '/style.css': 'text/css',
    '/icon.svg': 'image/svg+xml',
    '/demo/index.html': 'text/html',
  };
  for (const [path, type] of Object.entries(expected)) {
    const res = await fetch(server.url + path);
    assert.equal(res.status, 200, path);
    assert.equal(res.headers.get('content-type').split(';')[0], type, path);
    await res.arrayBuffer();
  }
});

test('/ redirects to the demo, and a folder serves its index.html', async () => {
  const res = await fetch(server.url + '/', { redirect: 'manual' });
  assert.equal(res.status, 302);
  assert.equal(res.headers.get('location'), '/demo/');
  const demo = await fetch(server.url + '/demo/');
  assert.equal(demo.status, 200);
  assert.match(await demo.text(), /<title>demo<\/title>/);
  const bare = await fetch(server.url + '/demo', { redirect: 'manual' });
  assert.equal(bare.status, 301);
  assert.equal(bare.headers.get('location'), '/demo/');
});

test('missing files and paths outside the root are 404', async () => {
  assert.equal((await fetch(server.url + '/nope.js')).status, 404);
  assert.equal((await fetch(server.url + '/../runnerup-outside.txt')).status, 404);
  assert.equal((await fetch(server.url + '/%2e%2e/runnerup-outside.txt')).status, 404);
  assert.equal((await fetch(server.url + '/%E0%A4%A')).status, 404);
});

test('only GET and HEAD', async () => {
  assert.equal((await fetch(server.url + '/runnerup.js', { method: 'POST' })).status, 405);
  const head = await fetch(server.url + '/runnerup.js', { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.headers.get('content-length'), '10');
});

test('served without the sync server, the demo\'s connect.js only picks the recruiter: no host, no /api or /v1', async () => {
  writeFileSync(join(root, 'demo', 'connect.js'), "import { connect } from '../runnerup.js'; // wires the team's server");
  const response = await fetch(`${server.url}/demo/connect.js`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type'), /^text\/javascript/);
  const text = await response.text();
  assert.match(text, /applyRecruiter\(document\.querySelectorAll\('runnerup-pool'\)\)/);
  assert.doesNotMatch(text, /connect\(|host|fetch/);
  for (const path of ['/api/events', '/api/token?actor=a', '/v1/pools/p/events']) assert.equal((await fetch(server.url + path)).status, 404, path);
});
