// The demo on the team's sync server and a real PostgreSQL: `node scripts/demo-server.mjs`.
//
// Starts (on first run: creates) a PostgreSQL cluster in .runnerup-pg/ of the checkout, unless
// RUNNERUP_DATABASE_URL names one; starts the sync server (/v1) and serves dist/ with the demo
// ATS page on one origin (PORT, default 8080). The page's widgets are wired with connect()
// (web/demo/connect.js), and /api/token here plays the ATS backend that mints each recruiter's
// token (a real ATS signs it in its own backend, with the secret it shares with the server).
// SIGINT / SIGTERM stop the server and the cluster it started.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import { startSyncServer } from '../server/http.js';
import { startCluster, stopCluster } from './pg.mjs';
import { serveStatic } from './serve.mjs';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const DIST = join(root, 'dist');
const DEMO_POOL = 'acme-demo';

/**
 * @param {{port?: number, databaseUrl?: string, root?: string, headers?: (pathname: string) => Record<string, string> | undefined}} [options]
 *   `root`: the folder served (default dist/; a test serves a page of its own with the widget's
 *   files in it); `headers(pathname)`: extra response headers for a static file (a test page's
 *   Content-Security-Policy)
 */
export async function startDemo({ port = Number(process.env.PORT ?? 8080), databaseUrl = process.env.RUNNERUP_DATABASE_URL, root: dist = DIST, headers } = {}) {
  let cluster = null;
  if (!databaseUrl) {
    cluster = await startCluster({ dir: join(root, '.runnerup-pg') });
    databaseUrl = cluster.url;
  }
  const secret = process.env.RUNNERUP_JWT_SECRET || randomBytes(32).toString('hex');
  const key = new TextEncoder().encode(secret);
  const wasmBinary = readFileSync(existsSync(join(DIST, 'runnerup-core.wasm')) ? join(DIST, 'runnerup-core.wasm') : join(root, 'build/wasm/runnerup-core.wasm'));

  async function fallback(req, res) {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname === '/api/token') {
      const actor = url.searchParams.get('actor');
      const pool = url.searchParams.get('pool') || DEMO_POOL;
      if (!actor) return answer(res, 400, 'text/plain; charset=utf-8', 'actor is required\n');
      // the demo's recruiters may also erase (a privacy officer's right in a real team)
      const jwt = await new SignJWT({ pools: { [pool]: 'admin' } }).setProtectedHeader({ alg: 'HS256' }).setSubject(actor).setIssuedAt().setExpirationTime('15m').sign(key);
      return answer(res, 200, 'text/plain; charset=utf-8', jwt);
    }
    if (url.pathname === '/api/candidates' || url.pathname === '/api/requisitions') {
      const fixture = JSON.parse(readFileSync(join(dist, 'demo', 'fixture.json'), 'utf8'));
      return answer(res, 200, 'application/json; charset=utf-8', JSON.stringify(fixture[url.pathname.slice(5)] ?? []));
    }
    return serveStatic(req, res, dist, headers);
  }

  let server;
  try {
    server = await startSyncServer({ databaseUrl, wasmBinary, secret, port, fallback });
  } catch (error) {
    if (cluster) await stopCluster(cluster.dir).catch(() => {});
    throw error;
  }
  return {
    url: server.url,
    databaseUrl,
    async close() {
      await server.close();
      if (cluster) await stopCluster(cluster.dir);
    },
  };
}

function answer(res, status, type, text) {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(text);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let demo;
  try {
    demo = await startDemo();
  } catch (error) {
    console.error(`runnerup demo: ${error.message}`);
    process.exit(1);
  }
  console.log(`runnerup demo on the sync server: ${demo.url}/demo/ (PostgreSQL: ${demo.databaseUrl})`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await demo.close().catch((error) => console.error(error.message));
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
