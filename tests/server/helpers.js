// Shared set-up for the sync server's tests: a throwaway PostgreSQL cluster (scripts/pg.mjs),
// the server on a free port with the REAL wasm core, tokens minted as an ATS would.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import { startCluster } from '../../scripts/pg.mjs';
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
