// Shared set-up for the sync server's tests: a throwaway PostgreSQL cluster (scripts/pg.mjs),
// the server on a free port with the REAL wasm core, tokens minted as an ATS would.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import assert from 'node:assert/strict';
import { startCluster } from '../../scripts/pg.mjs';
import { startDemo } from '../../scripts/demo-server.mjs';
import { startSyncServer } from '../../server/http.js';
import { createCorePool } from '../../web/src/core.js';

export const wasmBinary = readFileSync(fileURLToPath(new URL('../../build/wasm/runnerup-core.wasm', import.meta.url)));
export const SECRET = 'test-secret-that-is-long-enough-for-hs256';
export const AT = '2026-11-22T10:00:00Z';

/** A cluster and a server over it; `close()` stops both and removes the cluster. */
export async function startAll(options = {}) {
  const cluster = await startCluster();
  let server;
  try {
    server = await startSyncServer({ databaseUrl: cluster.url, wasmBinary, secret: SECRET, ...options });
  } catch (error) {
    await cluster.remove();
    throw error;
  }
  return {
    cluster,
    server,
    url: server.url,
    async close() {
      await server.close().catch(() => {});
      await cluster.remove();
    },
  };
}

/** A token as the ATS mints it: HS256, `sub` the actor, `pools` {pool: role}. */
export function token(sub, pools, { secret = SECRET, expires = '1h' } = {}) {
  return new SignJWT({ pools })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(expires)
    .sign(new TextEncoder().encode(secret));
}

/** Events a recruiter's widget would propose for `commands`, applied to `core` in order. */
export function record(core, actor, commands, idBase) {
  const out = [];
  commands.forEach((command, i) => {
    const events = core.propose(command, actor, AT, `${idBase}-${i}`);
    core.apply(events);
    out.push(...events);
  });
  return out;
}

export async function newCore() {
  return createCorePool({ wasmBinary });
}

/** fetch() with the token; the JSON answer and the status. */
export async function api(url, jwt, { method = 'GET', body } = {}) {
  const response = await fetch(url, {
    method,
    headers: { ...(jwt ? { Authorization: `Bearer ${jwt}` } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, json, text };
}

export function push(base, pool, jwt, events) {
  return api(`${base}/v1/pools/${pool}/events`, jwt, { method: 'POST', body: { events } });
}

/** The demo (scripts/demo-server.mjs: the sync server, dist/ and the demo page) over a throwaway cluster. */
export async function startDemoOnCluster() {
  const cluster = await startCluster();
  let demo;
  try {
    demo = await startDemo({ port: 0, databaseUrl: cluster.url });
  } catch (error) {
    await cluster.remove();
    throw error;
  }
  return {
    demo,
    url: demo.url,
    async close() {
      await demo.close().catch(() => {});
      await cluster.remove();
    },
  };
}

/** Polls `check` every `everyMs` until it holds; fails naming `what` after `tries` polls. */
export async function until(check, what, { tries = 400, everyMs = 25 } = {}) {
  for (let i = 0; i < tries; i += 1) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  assert.fail(`timed out waiting for ${what}`);
}

/**
 * fetch() for connect() that can be switched off (`f.down = true`: the server unreachable) and
 * counts what the adapter asks: `posts`, the cursors of its `pulls`, its `snapshots`.
 */
export function switchableFetch() {
  const f = async (url, init) => {
    if (f.down) throw new TypeError('fetch failed');
    const method = init?.method ?? 'GET';
    const path = new URL(url).pathname;
    if (method === 'POST') f.posts += 1;
    if (path.endsWith('/events') && method === 'GET') f.pulls.push(Number(new URL(url).searchParams.get('after')));
    if (path.endsWith('/snapshot')) f.snapshots += 1;
    return fetch(url, init);
  };
  f.posts = 0;
  f.pulls = [];
  f.snapshots = 0;
  f.down = false;
  return f;
}
