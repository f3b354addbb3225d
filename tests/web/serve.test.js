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

test('the demo backend keeps events by id at /api/events and streams new ones', async () => {
  assert.deepEqual(await (await fetch(`${server.url}/api/events`)).json(), []);
  const controller = new AbortController();
  const stream = await fetch(`${server.url}/api/events/stream`, { signal: controller.signal });
  assert.equal(stream.headers.get('content-type'), 'text/event-stream');
  const reader = stream.body.getReader();
  const post = (body) => fetch(`${server.url}/api/events`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
  const e1 = { id: 'e1', actor: 'a', type: 'x', data: { v: 1 } };
  assert.equal((await post(JSON.stringify([e1]))).status, 200);
  assert.equal((await post(JSON.stringify([{ ...e1, data: { v: 2 } }]))).status, 200, 'an upsert is accepted');
  assert.deepEqual(await (await fetch(`${server.url}/api/events`)).json(), [{ ...e1, data: { v: 2 } }]);
  assert.deepEqual(server.backend.events.map((e) => e.id), ['e1']);
  let text = '';
  while (!text.includes('"v":2')) text += new TextDecoder().decode((await reader.read()).value);
  assert.match(text, /data: \[\{"id":"e1"/);
  controller.abort();
  for (const bad of ['{', '{"id":"x"}', '[{"noid":1}]', '[1]']) {
    const response = await post(bad);
    assert.equal(response.status, 400, bad);
    assert.match((await response.json()).error, /JSON array of events/);
  }
  assert.equal((await fetch(`${server.url}/api/events`, { method: 'DELETE' })).status, 405);
  assert.equal((await fetch(`${server.url}/api/nothing`)).status, 404);
});
